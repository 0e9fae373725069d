# bge: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_BR_OP 1, bge, 1, 0, 0
    TEST_BR_OP 2, bge, 1, 1, 1
    TEST_BR_OP 3, bge, 1, -1, -1
    TEST_BR_OP 4, bge, 1, 1, 0
    TEST_BR_OP 5, bge, 1, 1, -1
    TEST_BR_OP 6, bge, 1, -1, -2
    TEST_BR_OP 7, bge, 0, 0, 1
    TEST_BR_OP 8, bge, 0, -1, 1
    TEST_BR_OP 9, bge, 0, -2, -1
    TEST_BR_OP 10, bge, 0, 0x80000000, 0x7FFFFFFF

TEST_END
