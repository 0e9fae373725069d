# rm FILES... -- remove each file.  "rm: NAME: message" for each that fails
# (the others are still done; status 1).

        .equ    EACH_CALL, unlink
        .include "eacharg.s"

        .section .rodata
each_usage:     .asciz  "usage: rm FILES...\n"
each_err:       .asciz  "rm: %s: %s\n"
