# mkdir DIRS... -- create each directory.  "mkdir: NAME: message" for each that fails
# (the others are still done; status 1).

        .equ    EACH_CALL, mkdir
        .include "eacharg.s"

        .section .rodata
each_usage:     .asciz  "usage: mkdir DIRS...\n"
each_err:       .asciz  "mkdir: %s: %s\n"
