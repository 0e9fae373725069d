# The block forms are restartable: a fault in the middle traps with rs1
# and rs2 saying how far the transfer got, and eret to the same
# instruction finishes it.  Here `outs` to the debug-print port runs off
# the end of RAM after 3 words; the handler checks the registers.
.include "test.inc"

TEST_START
    li s1, CAUSE_BUS_ERROR
    li s0, 0
    SET_TVEC block_handler
    li a0, 0x01000000 - 12        # 3 words before the end of 16 MiB
    li a1, 5
    outs a0, a1, DEBUG_PRINT
    li gp, 1
    beqz s0, fail
    CHECK 2, a4, 0x01000000       # badaddr: the first word it could not read
    CHECK 3, a2, 0x01000000       # rs1 when it trapped
    CHECK 4, a3, 2                # rs2 when it trapped: 2 words left
    # 5: x0 as the count moves nothing
    li a0, 0x100
    outs a0, zero, DEBUG_PRINT
    CHECK 5, a0, 0x100
    j pass

block_handler:
    csrrs t0, cause, zero
    bne t0, s1, fail
    csrrs a4, badaddr, zero
    mv a2, a0
    mv a3, a1
    li s0, 1
    li a1, 0                      # give up the rest: resume with a count of 0
    eret

TEST_END
