# srli: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_IMM_OP 1, srli, 0x80000000, 0x80000000, 0
    TEST_IMM_OP 2, srli, 0x40000000, 0x80000000, 1
    TEST_IMM_OP 3, srli, 1, 0x80000000, 31
    TEST_IMM_OP 4, srli, 0x1FFFFFF, -1, 7
    TEST_IMM_OP 5, srli, 1, -1, 31
    li a1, 5
    srli zero, a1, 1
    CHECK 6, zero, 0

TEST_END
