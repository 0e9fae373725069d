# sltiu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_IMM_OP 1, sltiu, 0, 0, 0
    TEST_IMM_OP 2, sltiu, 0, 1, 1
    TEST_IMM_OP 3, sltiu, 1, 3, 7
    TEST_IMM_OP 4, sltiu, 0, 7, 3
    TEST_IMM_OP 5, sltiu, 0, 0x80000000, 0
    TEST_IMM_OP 6, sltiu, 1, 0, -1
    TEST_IMM_OP 7, sltiu, 0, -1, -1
    TEST_IMM_OP 8, sltiu, 1, 0xFFFF7FFF, -0x8000
    li a1, 5
    sltiu zero, a1, 1
    CHECK 9, zero, 0

TEST_END
