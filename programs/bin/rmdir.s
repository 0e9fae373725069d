# rmdir DIRS... -- remove each empty directory.  "rmdir: NAME: message" for each that fails
# (the others are still done; status 1).

        .equ    EACH_CALL, rmdir
        .include "eacharg.s"

        .section .rodata
each_usage:     .asciz  "usage: rmdir DIRS...\n"
each_err:       .asciz  "rmdir: %s: %s\n"
