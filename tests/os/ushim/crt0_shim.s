# crt0_shim.s -- TEST ONLY: the C programs' start-up code with the
# bare-machine system-call shim (shim.s) in front, so that a `k32 cc`
# program for --target os runs under `k32 run`:
#
#   k32 cc -nostartfiles tests/os/ushim/crt0_shim.s -I tests/os/ushim prog.c
#
# shim.s installs its trap handler and falls through with a0 = argc,
# a1 = argv from the first line of input; then as programs/libc/src/crt0.s.

        .text
        .globl  _start
_start:
        .include "shim.s"
        call    main
        call    exit
1:      j       1b
