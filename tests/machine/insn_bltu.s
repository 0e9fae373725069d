# bltu: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    TEST_BR_OP 1, bltu, 0, 0, 0
    TEST_BR_OP 2, bltu, 1, 0, 1
    TEST_BR_OP 3, bltu, 0, -1, 1
    TEST_BR_OP 4, bltu, 1, -2, -1
    TEST_BR_OP 5, bltu, 0, 1, 0
    TEST_BR_OP 6, bltu, 1, 1, -1
    TEST_BR_OP 7, bltu, 0, 0x80000000, 0x7FFFFFFF

TEST_END
