# slli: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_IMM_OP 1, slli, 1, 1, 0
    TEST_IMM_OP 2, slli, 2, 1, 1
    TEST_IMM_OP 3, slli, 128, 1, 7
    TEST_IMM_OP 4, slli, 0x80000000, 1, 31
    TEST_IMM_OP 5, slli, 0xFFFFFFFE, -1, 1
    TEST_IMM_OP 6, slli, 0x42424242, 0x21212121, 1
    li a1, 5
    slli zero, a1, 1
    CHECK 7, zero, 0

TEST_END
