# greeter.ko: a module that needs another.  It calls hello_greet, which
# hello.ko exports, so it declares the dependency: the loader lets it use
# hello's exports, `rmmod hello` is refused while greeter is loaded, and
# MODULES.DEP says so, for modprobe.
#
#   $ modprobe greeter                        hello, world
#                                             hello, greeter
#   $ rmmod hello                             rmmod: hello: in use by greeter
#   $ modprobe -r greeter                     goodbye, world

        .include "kmod.inc"

        MODULE_NAME greeter
        MODULE_DESCRIPTION "greets through hello.ko's exported hello_greet"
        MODULE_DEPENDS hello
        MODULE_INIT greeter_init
        MODULE_EXIT greeter_exit

        .text
# greeter_init() -> 0: "hello, greeter", said by hello.ko.
greeter_init:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      a0, greeter_name
        call    hello_greet
        li      a0, 0
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# greeter_exit(): nothing to undo.
greeter_exit:
        ret

        .rodata
greeter_name:   .asciz  "greeter"
