# srai: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_IMM_OP 1, srai, 0x80000000, 0x80000000, 0
    TEST_IMM_OP 2, srai, 0xC0000000, 0x80000000, 1
    TEST_IMM_OP 3, srai, 0xFFFFFFFF, 0x80000000, 31
    TEST_IMM_OP 4, srai, 0xFFFFFF, 0x7FFFFFFF, 7
    TEST_IMM_OP 5, srai, 0, 0x7FFFFFFF, 31
    li a1, 5
    srai zero, a1, 1
    CHECK 6, zero, 0

TEST_END
