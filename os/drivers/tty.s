# tty.s -- the console line discipline, shared by both kernels.
#
# Bytes from the UART (tty_input) are edited in a line buffer and echoed;
# a finished line moves to the ring that readers take from (tty_read).
# Enter (CR is read as LF) finishes a line; Backspace (0x08, 0x7F) erases a
# character and Ctrl-U the line; Ctrl-D finishes the line without a
# newline, and on an empty line puts an end-of-file mark in the ring (that
# read returns 0); Ctrl-C drops the line, echoes ^C, interrupts a read in
# progress (-EINTR) and kills every process that has not asked to be spared
# (proc_kill_intr).  The end of the host's input (tty_eof) finishes the line
# and makes every later read on an empty ring return 0.  Output turns LF
# into CR LF.
#
# A line keeps at most TTY_LINE_MAX (255) bytes, its newline not counted;
# further ordinary bytes are dropped (not kept for the next line), while
# Backspace, Ctrl-U, Enter and the rest still act.  The first byte dropped
# rings the bell (BEL), once a line: echoed like the text, so after what
# was kept and before the newline.  A 100,000-byte line thus reads as its
# first 255 bytes and a newline, as 4.4BSD and Linux keep the start of an
# overlong line (with IMAXBEL they ring for every byte dropped).
#
# Echo is deferred for type-ahead, as TOPS-20 did: a byte typed while a
# reader waits is echoed at once; one typed while nobody reads is echoed
# when it is read (or when a reader starts waiting with the line half
# typed).  So scripted input shows up after the prompt that reads it, as
# if typed there.
#
# Needs from the kernel form: uart_putc, proc_sleep(chan) (-EINTR when the
# caller was killed), proc_wakeup(chan), proc_kill_intr().

        .equ TTY_LINE_MAX, 255          # bytes in the line being edited
        .equ TTY_RING, 1024             # entries in the ring (halfwords)
        .equ TTY_EOF_MARK, 0x100        # a ring entry that means end of file
        .equ TTY_UNSHOWN, 0x200         # flag of a ring entry not echoed yet
        .equ TTY_BREAK_MARK, 0x400      # a ring entry that ends a read (Ctrl-D after text)
        .equ TTY_BELL_MARK, 0x800       # a ring entry: the bell of an overlong line, echoed when read
        .equ TTY_BEL, 7                 # the bell (BEL, Ctrl-G)

        .text

# tty_init(): empty line, empty ring.
tty_init:
        la      t0, tty_len
        sw      zero, 0(t0)
        la      t0, tty_head
        sw      zero, 0(t0)
        la      t0, tty_tail
        sw      zero, 0(t0)
        la      t0, tty_hosteof
        sw      zero, 0(t0)
        la      t0, tty_shown
        sw      zero, 0(t0)
        la      t0, tty_waiting
        sw      zero, 0(t0)
        la      t0, tty_over
        sw      zero, 0(t0)
        ret

# tty_show(): echo the part of the line being edited not shown yet, and
# the bell of an overlong line if it is due (after the text, before the
# newline).
tty_show:
        addi    sp, sp, -16
        sw      ra, 12(sp)
1:      la      t0, tty_shown
        lw      t1, 0(t0)
        la      t2, tty_len
        lw      t2, 0(t2)
        bgeu    t1, t2, 2f
        addi    t2, t1, 1
        sw      t2, 0(t0)
        la      t0, tty_line
        add     t0, t0, t1
        lbu     a0, 0(t0)
        li      t0, '\n'
        bne     a0, t0, 3f
        li      a0, 0                   # the newline ends the line: the bell first
        call    tty_bell
        li      a0, '\n'
3:      call    tty_echo
        j       1b
2:      li      a0, 0
        call    tty_bell
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# tty_bell(a0 = 0: ring it, 1: queue it): the bell of an overlong line,
# once a line, if it is due (tty_over 1 -> 2): BEL to the console; or,
# queued when the line goes to the ring unread, TTY_BELL_MARK there, rung
# when a read reaches it.
tty_bell:
        la      t0, tty_over
        lw      t1, 0(t0)
        li      t2, 1
        bne     t1, t2, 1f
        li      t1, 2
        sw      t1, 0(t0)
        bnez    a0, 2f
        li      a0, TTY_BEL
        j       uart_putc               # tail call
2:      li      a0, TTY_BELL_MARK
        j       tty_push                # tail call
1:      ret

# tty_echo(a0 = byte): echo a typed byte: printable ones, tab and LF.
tty_echo:
        li      t0, ' '
        bgeu    a0, t0, tty_putc        # tail calls
        li      t0, '\t'
        beq     a0, t0, tty_putc
        li      t0, '\n'
        beq     a0, t0, tty_putc
        ret

# tty_unput(): drop the last byte of the line being edited, erasing it on
# the screen if it was echoed.
tty_unput:
        la      t0, tty_len
        lw      t1, 0(t0)
        beqz    t1, 1f
        addi    t1, t1, -1
        sw      t1, 0(t0)
        la      t0, tty_shown
        lw      t2, 0(t0)
        bgeu    t1, t2, 1f              # never shown: nothing to erase
        sw      t1, 0(t0)
        j       tty_erase               # tail call
1:      ret

# tty_putc(a0 = byte): write a byte to the console, LF as CR LF.
tty_putc:
        li      t0, '\n'
        bne     a0, t0, uart_putc       # tail call
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a0, '\r'
        call    uart_putc
        li      a0, '\n'
        call    uart_putc
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# tty_write(a0 = buffer, a1 = n) -> n: write n bytes to the console.
tty_write:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a1, 0(sp)
        mv      s0, a0
        add     s1, a0, a1
1:      bgeu    s0, s1, 2f
        lbu     a0, 0(s0)
        call    tty_putc
        addi    s0, s0, 1
        j       1b
2:      lw      a0, 0(sp)
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# tty_erase(): erase one character on the screen (BS, space, BS).
tty_erase:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a0, 8
        call    uart_putc
        li      a0, ' '
        call    uart_putc
        li      a0, 8
        call    uart_putc
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# tty_room() -> 1 if the ring can take a whole line more, else 0.
tty_room:
        la      t0, tty_head
        lw      t0, 0(t0)
        la      t1, tty_tail
        lw      t1, 0(t1)
        sub     t1, t1, t0              # entries in use
        li      t0, TTY_RING - TTY_LINE_MAX - 2
        sltu    a0, t1, t0
        ret

# tty_push(a0 = ring entry): append to the ring; dropped when it is full.
tty_push:
        la      t0, tty_head
        lw      t1, 0(t0)               # head: next entry to read (count)
        la      t2, tty_tail
        lw      t0, 0(t2)               # tail: next entry to write (count)
        sub     t1, t0, t1
        li      a1, TTY_RING
        bgeu    t1, a1, 1f              # full
        andi    t1, t0, TTY_RING - 1
        slli    t1, t1, 1
        la      a1, tty_ring
        add     t1, t1, a1
        sh      a0, 0(t1)
        addi    t0, t0, 1
        sw      t0, 0(t2)
1:      ret

# tty_flush_line(): move the edited line to the ring (bytes not echoed yet
# flagged TTY_UNSHOWN, a bell not rung yet as TTY_BELL_MARK before the
# newline) and wake readers.
tty_flush_line:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      s0, 0                   # index in the line
1:      la      t0, tty_len
        lw      t0, 0(t0)
        bgeu    s0, t0, 2f
        la      t0, tty_line
        add     t0, t0, s0
        lbu     s1, 0(t0)
        li      t0, '\n'
        bne     s1, t0, 4f
        li      a0, 1
        call    tty_bell
4:      mv      a0, s1
        la      t0, tty_shown
        lw      t0, 0(t0)
        bltu    s0, t0, 3f
        ori     a0, a0, TTY_UNSHOWN
3:      call    tty_push
        addi    s0, s0, 1
        j       1b
2:      li      a0, 1                   # a line ended without a newline
        call    tty_bell
        la      t0, tty_len
        sw      zero, 0(t0)
        la      t0, tty_shown
        sw      zero, 0(t0)
        la      t0, tty_over
        sw      zero, 0(t0)
        la      a0, tty_head
        call    proc_wakeup
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# tty_input(a0 = byte): one byte typed on the console.
tty_input:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        li      t0, '\r'
        bne     s0, t0, 1f
        li      s0, '\n'
1:      li      t0, '\n'
        beq     s0, t0, .Lt_enter
        li      t0, 3
        beq     s0, t0, .Lt_intr
        li      t0, 4
        beq     s0, t0, .Lt_eof
        li      t0, 0x15
        beq     s0, t0, .Lt_kill
        li      t0, 8
        beq     s0, t0, .Lt_backspace
        li      t0, 0x7F
        beq     s0, t0, .Lt_backspace
        # an ordinary byte: keep and echo it (other control bytes: kept, not echoed)
        la      t0, tty_len
        lw      t1, 0(t0)
        li      t2, TTY_LINE_MAX
        bgeu    t1, t2, .Lt_full
        la      t2, tty_line
        add     t2, t2, t1
        sb      s0, 0(t2)
        addi    t1, t1, 1
        sw      t1, 0(t0)
.Lt_echo:
        la      t0, tty_waiting         # echo now only if someone reads
        lw      t0, 0(t0)
        beqz    t0, .Lt_done
        call    tty_show
        j       .Lt_done
.Lt_full:                               # line full: the byte is dropped; the
        la      t0, tty_over            # first one dropped rings the bell
        lw      t1, 0(t0)
        bnez    t1, .Lt_done
        li      t1, 1
        sw      t1, 0(t0)
        j       .Lt_echo
.Lt_enter:
        la      t0, tty_len
        lw      t1, 0(t0)
        la      t2, tty_line
        add     t2, t2, t1
        sb      s0, 0(t2)               # the line buffer has room for the LF
        addi    t1, t1, 1
        sw      t1, 0(t0)
        la      t0, tty_waiting
        lw      t0, 0(t0)
        beqz    t0, 4f
        call    tty_show
4:      call    tty_flush_line
        j       .Lt_done
.Lt_eof:
        la      t0, tty_len
        lw      t1, 0(t0)
        bnez    t1, 3f
        li      a0, TTY_EOF_MARK        # on an empty line: end of file
        call    tty_push
        call    tty_flush_line
        j       .Lt_done
3:      call    tty_flush_line          # after text: the read returns it as it is
        li      a0, TTY_BREAK_MARK
        call    tty_push
        j       .Lt_done
.Lt_kill:
        la      t0, tty_over            # a new line: it may ring again
        sw      zero, 0(t0)
        la      t0, tty_len
        lw      t1, 0(t0)
        beqz    t1, .Lt_done
        call    tty_unput
        j       .Lt_kill
.Lt_backspace:
        call    tty_unput
        j       .Lt_done
.Lt_intr:
        la      t0, tty_len
        sw      zero, 0(t0)
        la      t0, tty_shown
        sw      zero, 0(t0)
        la      t0, tty_over
        sw      zero, 0(t0)
        li      a0, '^'
        call    tty_putc
        li      a0, 'C'
        call    tty_putc
        li      a0, '\n'
        call    tty_putc
        la      t0, tty_intrs
        lw      t1, 0(t0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        la      a0, tty_head
        call    proc_wakeup
        call    proc_kill_intr
.Lt_done:
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# tty_eof(): the host's input has ended: finish the line being edited.
tty_eof:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      t0, tty_hosteof
        li      t1, 1
        sw      t1, 0(t0)
        call    tty_flush_line
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# tty_read(a0 = kernel buffer, a1 = n > 0) -> bytes read (at most one line),
# 0 at end of file, -EINTR when Ctrl-C or a kill interrupts the wait.
tty_read:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a1, 16(sp)              # n
        mv      s0, a0                  # where the next byte goes
        mv      s1, a0                  # the start, for the count
.Lr_wait:
        call    uart_poll               # the host's input may have ended unannounced
        la      t0, tty_head
        lw      t1, 0(t0)
        la      t2, tty_tail
        lw      t2, 0(t2)
        bne     t1, t2, .Lr_take
        la      t0, tty_hosteof
        lw      t0, 0(t0)
        bnez    t0, .Lr_end             # nothing left, and nothing will come
        la      t0, tty_intrs
        lw      t0, 0(t0)
        sw      t0, 12(sp)              # Ctrl-C count before sleeping
        la      t0, tty_waiting
        lw      t1, 0(t0)
        addi    t1, t1, 1
        sw      t1, 0(t0)
        call    tty_show                # what was typed ahead of this read
        la      a0, tty_head
        call    proc_sleep
        la      t0, tty_waiting
        lw      t1, 0(t0)
        addi    t1, t1, -1
        sw      t1, 0(t0)
        bltz    a0, .Lr_out             # killed
        la      t0, tty_intrs
        lw      t0, 0(t0)
        lw      t1, 12(sp)
        beq     t0, t1, .Lr_wait
        li      a0, -EINTR
        j       .Lr_out
.Lr_take:
        # t1 = head, t2 = tail: copy until n bytes, a LF, or an EOF mark
        lw      a1, 16(sp)
        add     a1, a1, s1              # end of the buffer
1:      beq     t1, t2, .Lr_end
        bgeu    s0, a1, .Lr_end
        andi    a2, t1, TTY_RING - 1
        slli    a2, a2, 1
        la      a3, tty_ring
        add     a2, a2, a3
        lhu     a2, 0(a2)
        li      a3, TTY_BREAK_MARK
        bne     a2, a3, 4f
        addi    t1, t1, 1               # a break: consumed, and the read ends
        beq     s0, s1, 1b
        j       .Lr_end
4:      li      a3, TTY_BELL_MARK
        bne     a2, a3, 5f
        addi    t1, t1, 1               # a bell: rung now, and not read
        sw      t1, 8(sp)
        sw      t2, 4(sp)
        li      a0, TTY_BEL
        call    uart_putc
        lw      t2, 4(sp)
        lw      t1, 8(sp)
        lw      a1, 16(sp)
        add     a1, a1, s1
        j       1b
5:      li      a3, TTY_EOF_MARK
        bne     a2, a3, 2f
        bne     s0, s1, .Lr_end         # data first; the mark stays for the next read
        addi    t1, t1, 1               # an empty read: consume the mark
        j       .Lr_end
2:      addi    t1, t1, 1
        andi    a3, a2, TTY_UNSHOWN
        andi    a2, a2, 0xFF
        sb      a2, 0(s0)
        addi    s0, s0, 1
        beqz    a3, 3f
        sw      t1, 8(sp)               # echo it now that it is read
        sw      t2, 4(sp)
        sw      a2, 0(sp)
        mv      a0, a2
        call    tty_echo
        lw      a2, 0(sp)
        lw      t2, 4(sp)
        lw      t1, 8(sp)
        lw      a1, 16(sp)
        add     a1, a1, s1
3:      li      a3, '\n'
        bne     a2, a3, 1b
.Lr_end:
        la      t0, tty_head
        sw      t1, 0(t0)
        call    uart_resume             # room again, if reception had paused
        sub     a0, s0, s1
.Lr_out:
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

        .bss
        .balign 4
tty_len:        .space 4        # bytes in the line being edited
tty_head:       .space 4        # ring entries read (also the readers' wait channel)
tty_tail:       .space 4        # ring entries written
tty_hosteof:    .space 4        # 1 once the host's input has ended
tty_intrs:      .space 4        # Ctrl-C count: a change interrupts waiting reads
tty_shown:      .space 4        # bytes of the edited line echoed so far
tty_waiting:    .space 4        # readers waiting in tty_read
tty_over:       .space 4        # the line overflowed: 0 no, 1 bell due, 2 bell rung or in the ring
tty_line:       .space TTY_LINE_MAX + 1
        .balign 4
tty_ring:       .space TTY_RING * 2
