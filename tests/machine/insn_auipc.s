# auipc: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
1: auipc a0, 0
    la a1, 1b
    li gp, 1
    bne a0, a1, fail
2: auipc a0, 1
    la a1, 2b + 0x1000
    li gp, 2
    bne a0, a1, fail
3: auipc a0, 0xFFFFF
    la a1, 3b - 0x1000
    li gp, 3
    bne a0, a1, fail

TEST_END
