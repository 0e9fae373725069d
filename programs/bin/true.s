# true -- exit with status 0.
        .include "runtime.s"
        .text
main:   li      a0, 0
        ret
