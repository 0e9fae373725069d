# addi: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_IMM_OP 1, addi, 0, 0, 0
    TEST_IMM_OP 2, addi, 2, 1, 1
    TEST_IMM_OP 3, addi, 10, 3, 7
    TEST_IMM_OP 4, addi, 0xFFFF8000, 0, -0x8000
    TEST_IMM_OP 5, addi, 0x7FFF, 0, 0x7FFF
    TEST_IMM_OP 6, addi, 0x80007FFE, 0x7FFFFFFF, 0x7FFF
    TEST_IMM_OP 7, addi, 0x7FFFFFFF, 0x80000000, -1
    TEST_IMM_OP 8, addi, 0, -1, 1
    li a1, 5
    addi zero, a1, 1
    CHECK 9, zero, 0

TEST_END
