# fence: self-checking test (case number = exit status on failure)
.include "test.inc"

TEST_START
    fence
    fence rw, rw
    fence iorw, iorw
    li a0, 3
    CHECK 1, a0, 3

TEST_END
