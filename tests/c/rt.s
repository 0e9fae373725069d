# rt.s -- the bare-machine runtime of the C corpus (tests/test_gcc_output.py):
# _start calls main and ends the run with its return value as the exit
# status; k32_putc writes a byte to the console; memcpy and memset, which
# GCC calls for structure copies and initializers.  The same programs built
# for the host get these from host_rt.c and the C library.

        .equ    UART_DATA, 0x3F8
        .equ    DEBUG_EXIT, 0xF4

        .text
        .globl  _start
_start: call    main
        out     a0, DEBUG_EXIT
        halt

        .globl  k32_putc                # void k32_putc(int c)
        .type   k32_putc, @function
k32_putc:
        out     a0, UART_DATA
        ret

        .globl  memcpy                  # void *memcpy(void *d, const void *s, size_t n)
        .type   memcpy, @function
memcpy: mv      a3, a0
1:      beqz    a2, 2f
        lbu     a4, 0(a1)
        sb      a4, 0(a3)
        addi    a1, a1, 1
        addi    a3, a3, 1
        addi    a2, a2, -1
        j       1b
2:      ret

        .globl  memset                  # void *memset(void *d, int c, size_t n)
        .type   memset, @function
memset: mv      a3, a0
1:      beqz    a2, 2f
        sb      a1, 0(a3)
        addi    a3, a3, 1
        addi    a2, a2, -1
        j       1b
2:      ret
