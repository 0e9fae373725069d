# hello.ko: the smallest kernel module.  Loaded, it greets someone in the
# kernel's log; removed, it says goodbye.
#
#   k32 asm -c -I os/modular -I os -I os/include hello.s -o hello.ko
#   k32 mkdisk --add hello.ko:/LIB/MOD/HELLO.KO ...   (or mcopy)
#   $ insmod /LIB/MOD/HELLO.KO who=K32        kernel log: hello, K32
#   $ rmmod hello                             kernel log: goodbye, K32

        .include "kmod.inc"

        MODULE_NAME hello
        MODULE_DESCRIPTION "says hello when loaded and goodbye when removed"
        MODULE_INIT hello_init
        MODULE_EXIT hello_exit
        MODULE_PARAM who, str, "whom to greet"

        .text
# hello_init() -> 0: "hello, WHO".
hello_init:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      a0, who
        call    hello_greet
        li      a0, 0
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hello_greet(a0 = name): "hello, NAME" -- exported, for modules that
# depend on this one (greeter.s).
        EXPORT  hello_greet
hello_greet:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a0, msg_hello
        call    kputs
        lw      a0, 8(sp)
        call    kputs
        li      a0, '\n'
        call    kputc
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hello_exit(): "goodbye, WHO".
hello_exit:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      a0, msg_goodbye
        call    kputs
        la      a0, who
        call    kputs
        li      a0, '\n'
        call    kputc
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .rodata
msg_hello:      .asciz  "hello, "
msg_goodbye:    .asciz  "goodbye, "

        .data
who:    .asciz  "world"                 # the parameter: 32 bytes with its NUL
        .space  32 - 6
        .size   who, 32
