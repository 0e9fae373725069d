# spin.s -- test helper for tests/os/test_shell.py: print "spinning" and
# loop forever (until Ctrl-C or kill).
        .include "runtime.s"
        .text
main:   la      a0, msg
        call    puts
1:      j       1b
        .section .rodata
msg:    .asciz  "spinning\n"
