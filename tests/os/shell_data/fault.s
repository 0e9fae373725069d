# fault.s -- test helper for tests/os/test_shell.py: load from address 0,
# which is never mapped; the kernel kills the process with STATUS_FAULT.
        .include "runtime.s"
        .text
main:   lw      a0, 0(zero)
        ret
