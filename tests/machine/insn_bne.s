# bne: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_BR_OP 1, bne, 0, 0, 0
    TEST_BR_OP 2, bne, 0, -1, -1
    TEST_BR_OP 3, bne, 1, 0, 1
    TEST_BR_OP 4, bne, 1, 1, 0
    TEST_BR_OP 5, bne, 1, -1, 1

TEST_END
