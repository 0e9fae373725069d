# beq: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_BR_OP 1, beq, 1, 0, 0
    TEST_BR_OP 2, beq, 1, -1, -1
    TEST_BR_OP 3, beq, 0, 0, 1
    TEST_BR_OP 4, beq, 0, 1, 0
    TEST_BR_OP 5, beq, 0, -1, 1
    TEST_BR_OP 6, beq, 1, 0x80000000, 0x80000000

TEST_END
