# jal: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    li gp, 1
    jal ra, 1f
    j fail
1: la t0, 1b - 4
    bne ra, t0, fail
    li gp, 2
    jal zero, 2f
    j fail
2: li t0, 0
    bne zero, t0, fail
    li gp, 3
    li a0, 5
    jal a1, 3f
4: li a0, 0
3: la t0, 4b
    bne a1, t0, fail
    CHECK 3, a0, 5

TEST_END
