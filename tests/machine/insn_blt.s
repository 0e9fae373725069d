# blt: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_BR_OP 1, blt, 0, 0, 0
    TEST_BR_OP 2, blt, 1, 0, 1
    TEST_BR_OP 3, blt, 1, -1, 1
    TEST_BR_OP 4, blt, 1, -2, -1
    TEST_BR_OP 5, blt, 0, 1, 0
    TEST_BR_OP 6, blt, 0, 1, -1
    TEST_BR_OP 7, blt, 0, -1, -2
    TEST_BR_OP 8, blt, 1, 0x80000000, 0x7FFFFFFF

TEST_END
