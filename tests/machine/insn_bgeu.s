# bgeu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_BR_OP 1, bgeu, 1, 0, 0
    TEST_BR_OP 2, bgeu, 1, -1, -1
    TEST_BR_OP 3, bgeu, 1, 1, 0
    TEST_BR_OP 4, bgeu, 0, 0, 1
    TEST_BR_OP 5, bgeu, 1, -1, 1
    TEST_BR_OP 6, bgeu, 0, 0x7FFFFFFF, 0x80000000

TEST_END
