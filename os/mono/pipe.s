# pipe.s -- pipes: a ring of PIPE_CAP bytes in one kernel page.
#
# Readers and writers sleep on the pipe's address and wake each other.
# Data moves straight between the ring and the user's pages, with memcpy,
# a page chunk and a stretch of the ring at a time.

        .equ PIPE_RPOS, 0       # bytes read so far (a running count)
        .equ PIPE_WPOS, 4       # bytes written so far
        .equ PIPE_READERS, 8    # open read ends
        .equ PIPE_WRITERS, 12   # open write ends
        .equ PIPE_DATA, 2048    # the ring
        .equ PIPE_CAP, 2048     # its size (a power of two)

        .text

# pipe_alloc() -> a new pipe with one reader and one writer, or 0.
pipe_alloc:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    kalloc                  # zeroed
        beqz    a0, 1f
        li      t0, 1
        sw      t0, PIPE_READERS(a0)
        sw      t0, PIPE_WRITERS(a0)
1:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pipe_close(a0 = pipe, a1 = 1 for the write end, 0 for the read end):
# drop one end; the page is freed when both are gone.
pipe_close:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        li      t0, PIPE_READERS
        beqz    a1, 1f
        li      t0, PIPE_WRITERS
1:      add     t0, t0, s0
        lw      t1, 0(t0)
        addi    t1, t1, -1
        sw      t1, 0(t0)
        mv      a0, s0
        call    proc_wakeup
        lw      t0, PIPE_READERS(s0)
        lw      t1, PIPE_WRITERS(s0)
        or      t0, t0, t1
        bnez    t0, 2f
        mv      a0, s0
        call    kfree
2:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# pipe_read(a0 = pipe, a1 = user buffer, a2 = n > 0) -> bytes read, 0 when
# the pipe is empty and has no writer, -EINTR when killed while waiting.
# The caller has checked that the buffer is writable user memory.
pipe_read:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a1, 16(sp)              # user buffer
        sw      a2, 12(sp)              # n
        mv      s0, a0
1:      lw      t0, PIPE_RPOS(s0)
        lw      t1, PIPE_WPOS(s0)
        bne     t0, t1, 2f
        lw      t0, PIPE_WRITERS(s0)
        li      a0, 0
        beqz    t0, 9f                  # empty and no writer: end of file
        mv      a0, s0
        call    proc_sleep
        bltz    a0, 9f
        j       1b
2:      li      s1, 0                   # bytes copied
3:      lw      t0, 12(sp)
        bgeu    s1, t0, 8f
        lw      t0, PIPE_RPOS(s0)
        lw      t1, PIPE_WPOS(s0)
        beq     t0, t1, 8f
        lw      a0, 16(sp)
        add     a0, a0, s1
        lw      a1, 12(sp)
        sub     a1, a1, s1
        li      t0, PAGE_SIZE           # at most a page: the range was checked
        bleu    a1, t0, 4f
        mv      a1, t0
4:      li      a2, 1
        call    vm_user_range           # a0 = physical address, a1 = bytes in this page
        beqz    a0, 8f
        lw      t0, PIPE_RPOS(s0)       # as many as are waiting,
        lw      t1, PIPE_WPOS(s0)
        sub     t1, t1, t0
        bleu    a1, t1, 5f
        mv      a1, t1
5:      andi    t0, t0, PIPE_CAP - 1    # and lie before the ring wraps
        li      t2, PIPE_CAP
        sub     t2, t2, t0
        bleu    a1, t2, 6f
        mv      a1, t2
6:      add     s1, s1, a1
        sw      a1, 8(sp)
        mv      a2, a1
        add     a1, s0, t0
        addi    a1, a1, PIPE_DATA
        call    memcpy
        lw      t0, 8(sp)
        lw      t1, PIPE_RPOS(s0)
        add     t1, t1, t0
        sw      t1, PIPE_RPOS(s0)
        j       3b
8:      mv      a0, s0                  # room for the writers
        call    proc_wakeup
        mv      a0, s1
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# pipe_write(a0 = pipe, a1 = user buffer, a2 = n > 0) -> bytes written (all
# of them unless interrupted), -EPIPE when no reader is left, -EINTR when
# killed before anything was written.  The caller has checked the buffer.
pipe_write:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a1, 16(sp)              # user buffer
        sw      a2, 12(sp)              # n
        mv      s0, a0
        li      s1, 0                   # bytes written
1:      lw      t0, 12(sp)
        bgeu    s1, t0, 8f
        lw      t0, PIPE_READERS(s0)
        li      a0, -EPIPE
        beqz    t0, 9f
        lw      t0, PIPE_RPOS(s0)
        lw      t1, PIPE_WPOS(s0)
        sub     t0, t1, t0
        li      t1, PIPE_CAP
        bltu    t0, t1, 2f
        mv      a0, s0                  # full: let the readers in, then wait
        call    proc_wakeup
        mv      a0, s0
        call    proc_sleep
        bgez    a0, 1b
        beqz    s1, 9f                  # killed with nothing written: -EINTR
        j       8f
2:      lw      a0, 16(sp)
        add     a0, a0, s1
        lw      a1, 12(sp)
        sub     a1, a1, s1
        li      t0, PAGE_SIZE           # at most a page: the range was checked
        bleu    a1, t0, 3f
        mv      a1, t0
3:      li      a2, 0
        call    vm_user_range           # a0 = physical address, a1 = bytes in this page
        li      t2, -EFAULT
        beqz    a0, 7f
        lw      t0, PIPE_RPOS(s0)       # as many as there is room for,
        lw      t1, PIPE_WPOS(s0)
        sub     t0, t1, t0
        li      t2, PIPE_CAP
        sub     t0, t2, t0
        bleu    a1, t0, 4f
        mv      a1, t0
4:      andi    t1, t1, PIPE_CAP - 1    # before the ring wraps
        sub     t2, t2, t1
        bleu    a1, t2, 5f
        mv      a1, t2
5:      add     s1, s1, a1
        sw      a1, 8(sp)
        mv      a2, a1
        mv      t0, a0
        add     a0, s0, t1
        addi    a0, a0, PIPE_DATA
        mv      a1, t0
        call    memcpy
        lw      t0, 8(sp)
        lw      t1, PIPE_WPOS(s0)
        add     t1, t1, t0
        sw      t1, PIPE_WPOS(s0)
        j       1b
7:      mv      a0, t2
        beqz    s1, 9f
8:      mv      a0, s0
        call    proc_wakeup
        mv      a0, s1
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret
