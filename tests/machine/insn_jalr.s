# jalr: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    li gp, 1
    la t0, 1f
    jalr ra, 0(t0)
2: j fail
1: la t1, 2b
    bne ra, t1, fail
    li gp, 2
    la t0, 3f - 8
    jalr ra, 8(t0)
    j fail
3:
    li gp, 3
    la t0, 4f + 1
    jalr ra, -1(t0)
    j fail
4:
    li gp, 4
    la t0, 5f + 1
    jalr zero, 0(t0)
    j fail
5:
    li gp, 5
    la t0, 6f
    jalr t0, 0(t0)
7: j fail
6: la t1, 7b
    bne t0, t1, fail

TEST_END
