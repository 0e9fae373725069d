# lui: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    lui a0, 0
    CHECK 1, a0, 0
    lui a0, 0xFFFFF
    CHECK 2, a0, 0xFFFFF000
    lui a0, 0x7FFFF
    CHECK 3, a0, 0x7FFFF000
    lui a0, 0x80000
    srai a0, a0, 12
    CHECK 4, a0, 0xFFF80000
    lui zero, 0x12345
    CHECK 5, zero, 0

TEST_END
