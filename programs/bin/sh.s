# sh.s -- the shell: reads command lines and runs them.
#
#   $ echo "status $?" 'single' a\ b > OUT.TXT; cat < OUT.TXT | wc
#
# A line (at most MAXLINE bytes) is made of:
#
# - words separated by blanks; 'single quotes' keep everything as is;
#   "double quotes" expand $? only (\" \\ \$ escape inside them); a
#   backslash outside quotes takes the next byte literally; $? is the
#   status of the command before; # at the start of a word begins a comment.
# - operators | < > >> ; & (no blank needed around them).
#
# The whole line is cut into tokens and checked before anything runs
# ("sh: syntax error near '|'", "sh: syntax error: unterminated quote").
# Then each part up to a ';' or '&' is cut again just before it runs, so
# that $? in it is the status of the part before, and run as a pipeline
# (in the background before '&', with "[pid]"): one child per command,
# connected by pipes, redirections anywhere in a command, applied in order
# after the pipes.  A command NAME without '/' is /bin/NAME; an exec that
# fails gives "sh: NAME: message" and status 127 (126: not an executable,
# or a directory).  The builtins cd [DIR], pwd and exit [N] run in the
# shell itself (in a child of their own inside a pipeline or with '&').
#
# The shell ignores Ctrl-C (setintr(1)); its children get the default back
# at exec.  At the end of input it prints a newline and exits with the
# last status (one of 128 or more, which init would take for a killed
# shell, as 1).

        .include "runtime.s"

        .equ    MAXLINE, 256            # bytes in an input line
        .equ    NTOK, 260               # tokens in a line, with the end mark
        .equ    WORDBUF, 2048           # bytes of words (NUL-terminated), after $? expansion
        .equ    CWD_MAX, 256            # bytes of the textual working directory, NUL included

        # token types (toktype); tokval holds a word's address
        .equ    TK_END, 0
        .equ    TK_WORD, 1
        .equ    TK_PIPE, 2
        .equ    TK_LT, 3
        .equ    TK_GT, 4
        .equ    TK_APPEND, 5
        .equ    TK_SEMI, 6
        .equ    TK_AMP, 7

        # lex() results
        .equ    LEX_QUOTE, 1            # unterminated quote
        .equ    LEX_LONG, 2             # more tokens or word bytes than fit

        # getline() results besides a length
        .equ    GL_EOF, -1
        .equ    GL_INTR, -2
        .equ    GL_LONG, -3
        .equ    GL_AGAIN, -4
        .equ    GL_EIO_TRIES, 100       # reads failing with -EIO retried (a tick apart)

        # builtins (is_builtin)
        .equ    BI_CD, 1
        .equ    BI_EXIT, 2
        .equ    BI_PWD, 3

        .equ    CH_SQ, 0x27             # '
        .equ    CH_DQ, 0x22             # "
        .equ    CH_BS, 0x5C             # backslash

        .text

# main(argc, argv) -> status: the read-parse-run loop.
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      a0, 1
        call    setintr
        la      t0, cwd
        li      t1, '/'
        sb      t1, 0(t0)
        sb      zero, 1(t0)
        li      t1, 1
        sw      t1, cwd_ok, t0
.Lmain_loop:
        li      a0, 1
        la      a1, s_prompt
        li      a2, 2
        call    write
        call    getline
        li      t0, GL_EOF
        beq     a0, t0, .Lmain_eof
        li      t0, GL_INTR
        beq     a0, t0, .Lmain_intr
        li      t0, GL_LONG
        beq     a0, t0, .Lmain_long
        li      t0, GL_AGAIN
        beq     a0, t0, .Lmain_loop
        la      a0, line                # all of it, to check the syntax
        li      a1, 0
        call    lex
        li      t0, LEX_QUOTE
        beq     a0, t0, .Lmain_quote
        bnez    a0, .Lmain_long
        call    check_syntax
        bnez    a0, .Lmain_syntax
        la      s0, line                # then each part up to a ';' or '&'
1:      mv      a0, s0                  # again, as it runs: $? is the status
        li      a1, 1                   # of the command before
        call    lex
        bnez    a0, .Lmain_long
        call    run_list
        lw      s0, lex_next
        lw      t0, lex_more
        bnez    t0, 1b
        j       .Lmain_loop
.Lmain_intr:                            # Ctrl-C at the prompt: the tty echoed ^C
        li      t1, STATUS_INTERRUPTED
        sw      t1, laststatus, t0
        j       .Lmain_loop
.Lmain_long:
        la      a0, s_toolong
        call    eprintf
        j       .Lmain_syntax
.Lmain_quote:
        la      a0, s_unterminated
        call    eprintf
.Lmain_syntax:
        li      t1, 2
        sw      t1, laststatus, t0
        j       .Lmain_loop
.Lmain_eof:
        li      a0, 1
        la      a1, s_newline
        li      a2, 1
        call    write
        call    exit_status
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# exit_status() -> the status to exit with when none is given: the last
# status, or 1 if it is 128 or more (or negative), which init would take
# for a shell that was killed.
exit_status:
        lw      a0, laststatus
        li      t0, 128
        bltu    a0, t0, 1f
        li      a0, 1
1:      ret

# getline() -> length of the line read from fd 0 into `line` (without its
# newline, NUL-terminated), GL_EOF at the end of input with nothing read,
# GL_INTR when the read was interrupted by Ctrl-C (the line is dropped),
# GL_LONG when the line had more than MAXLINE bytes (all of it is read and
# dropped), GL_AGAIN when a read failed with -EIO before any byte of the
# line (the microkernel's console driver died during the read and is being
# restarted: read again, GL_EIO_TRIES times in a row at most, a tick
# apart).  Reads one byte per call, so that nothing after the line is
# taken from a file or pipe the commands read next.  Any other failed read
# ends the input as end of file does.
getline:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      s0, 0                   # bytes stored
        li      s1, 0                   # 1 = too long
1:      li      a0, 0
        la      a1, getline_byte
        li      a2, 1
        call    read
        beqz    a0, 4f
        bltz    a0, 5f
        lbu     t0, getline_byte
        li      t1, '\n'
        beq     t0, t1, 2f
        li      t1, MAXLINE
        bgeu    s0, t1, 3f
        la      t1, line
        add     t1, t1, s0
        sb      t0, 0(t1)
        addi    s0, s0, 1
        j       1b
3:      li      s1, 1
        j       1b
5:      li      t0, -EIO
        bne     a0, t0, 6f
        or      t0, s0, s1
        bnez    t0, 4f
        lw      t0, getline_eio
        addi    t0, t0, 1
        li      t1, GL_EIO_TRIES
        bgtu    t0, t1, 4f              # it keeps failing: the end of input
        sw      t0, getline_eio, t1
        li      a0, 1
        call    sleep
        li      a0, GL_AGAIN
        j       9f
6:      li      t0, -EINTR
        bne     a0, t0, 4f
        li      a0, GL_INTR
        j       9f
4:      or      t0, s0, s1              # end of input
        bnez    t0, 2f
        li      a0, GL_EOF
        j       9f
2:      sw      zero, getline_eio, t1
        la      t1, line
        add     t1, t1, s0
        sb      zero, 0(t1)
        mv      a0, s0
        beqz    s1, 9f
        li      a0, GL_LONG
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ---------------------------------------------------------------------------
# The lexer: `line` -> toktype[], tokval[], ntok; words go to `words`.
#
# Registers: a0 = next input byte, a1 = next free byte of `words`, a2 = end
# of `words`, a3 = tokens so far, a4 = start of the word being built (0 =
# none), a5 = the current byte; t0-t2 scratch.

# LEX_PUT r: append byte r to the word (LEX_LONG when `words` is full).
.macro LEX_PUT r
        bgeu    a1, a2, .Llex_long
        sb      \r, 0(a1)
        addi    a1, a1, 1
.endm

# LEX_START: begin a word here unless one is open.
.macro LEX_START
        bnez    a4, .Llex_s\@
        mv      a4, a1
.Llex_s\@:
.endm

# LEX_TOKEN type, reg: append a token (LEX_LONG when the table is full).
.macro LEX_TOKEN type, val
        li      t0, NTOK - 1
        bgeu    a3, t0, .Llex_long
        slli    t0, a3, 2
        la      t1, toktype
        add     t1, t1, t0
        li      t2, \type
        sw      t2, 0(t1)
        la      t1, tokval
        add     t1, t1, t0
        sw      \val, 0(t1)
        addi    a3, a3, 1
.endm

# LEX_FINISH: end the open word, if any, as a TK_WORD token.
.macro LEX_FINISH
        beqz    a4, .Llex_f\@
        LEX_PUT zero
        LEX_TOKEN TK_WORD, a4
        li      a4, 0
.Llex_f\@:
.endm

# lex(a0 = where to start in `line`, a1 = 1 to stop after a ';' or '&')
# -> 0, LEX_QUOTE or LEX_LONG: cut the line into tokens, the last followed
# by a TK_END entry; ntok = their number, lex_next = where it stopped,
# lex_more = 1 if it stopped after a ';' or '&' (else at the end of the
# line or a comment).
lex:    addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, lex_stop, t0
        sw      zero, lex_more, t0
        la      a1, words
        la      a2, words + WORDBUF
        li      a3, 0
        li      a4, 0
.Llex_top:
        lbu     a5, 0(a0)
        beqz    a5, .Llex_end
        li      t0, ' '
        beq     a5, t0, .Llex_blank
        li      t0, '\t'
        beq     a5, t0, .Llex_blank
        li      t0, '\r'
        beq     a5, t0, .Llex_blank
        li      t0, '\n'
        beq     a5, t0, .Llex_blank
        li      t0, '#'
        bne     a5, t0, 1f
        beqz    a4, .Llex_end           # a comment, at the start of a word
        j       .Llex_plain
1:      li      t0, '|'
        beq     a5, t0, .Llex_pipe
        li      t0, ';'
        beq     a5, t0, .Llex_semi
        li      t0, '&'
        beq     a5, t0, .Llex_amp
        li      t0, '<'
        beq     a5, t0, .Llex_lt
        li      t0, '>'
        beq     a5, t0, .Llex_gt
        li      t0, CH_BS
        beq     a5, t0, .Llex_bslash
        li      t0, CH_SQ
        beq     a5, t0, .Llex_squote
        li      t0, CH_DQ
        beq     a5, t0, .Llex_dquote
        li      t0, '$'
        beq     a5, t0, .Llex_dollar
.Llex_plain:
        LEX_START
        LEX_PUT a5
        addi    a0, a0, 1
        j       .Llex_top

.Llex_blank:
        LEX_FINISH
        addi    a0, a0, 1
        j       .Llex_top

.Llex_pipe:
        LEX_FINISH
        LEX_TOKEN TK_PIPE, zero
        addi    a0, a0, 1
        j       .Llex_top
.Llex_semi:
        LEX_FINISH
        LEX_TOKEN TK_SEMI, zero
        j       1f
.Llex_amp:
        LEX_FINISH
        LEX_TOKEN TK_AMP, zero
1:      addi    a0, a0, 1
        lw      t0, lex_stop
        beqz    t0, .Llex_top
        li      t0, 1                   # the end of this part
        sw      t0, lex_more, t1
        j       .Llex_end
.Llex_lt:
        LEX_FINISH
        LEX_TOKEN TK_LT, zero
        addi    a0, a0, 1
        j       .Llex_top
.Llex_gt:
        LEX_FINISH
        lbu     t0, 1(a0)
        li      t1, '>'
        beq     t0, t1, 1f
        LEX_TOKEN TK_GT, zero
        addi    a0, a0, 1
        j       .Llex_top
1:      LEX_TOKEN TK_APPEND, zero
        addi    a0, a0, 2
        j       .Llex_top

.Llex_bslash:                           # \x: x literally; a final \ stays
        LEX_START
        lbu     a5, 1(a0)
        bnez    a5, 1f
        li      a5, CH_BS
        LEX_PUT a5
        addi    a0, a0, 1
        j       .Llex_top
1:      LEX_PUT a5
        addi    a0, a0, 2
        j       .Llex_top

.Llex_squote:                           # '...': every byte as is
        LEX_START
        addi    a0, a0, 1
1:      lbu     a5, 0(a0)
        beqz    a5, .Llex_quote
        addi    a0, a0, 1
        li      t0, CH_SQ
        beq     a5, t0, .Llex_top
        LEX_PUT a5
        j       1b

.Llex_dquote:                           # "...": $? and \" \\ \$
        LEX_START
        addi    a0, a0, 1
1:      lbu     a5, 0(a0)
        beqz    a5, .Llex_quote
        addi    a0, a0, 1
        li      t0, CH_DQ
        beq     a5, t0, .Llex_top
        li      t0, CH_BS
        bne     a5, t0, 3f
        lbu     t1, 0(a0)               # the byte after the backslash
        li      t0, CH_DQ
        beq     t1, t0, 2f
        li      t0, CH_BS
        beq     t1, t0, 2f
        li      t0, '$'
        bne     t1, t0, 4f              # any other: the backslash stays
2:      mv      a5, t1
        addi    a0, a0, 1
        j       4f
3:      li      t0, '$'
        bne     a5, t0, 4f
        lbu     t1, 0(a0)
        li      t0, '?'
        bne     t1, t0, 4f
        addi    a0, a0, 1
        sub     t0, a2, a1
        li      t1, 12
        blt     t0, t1, .Llex_long
        call    lex_status
        j       1b
4:      LEX_PUT a5
        j       1b

.Llex_dollar:                           # $? outside quotes; any other $ is plain
        lbu     t1, 1(a0)
        li      t0, '?'
        bne     t1, t0, .Llex_plain
        LEX_START
        addi    a0, a0, 2
        sub     t0, a2, a1
        li      t1, 12
        blt     t0, t1, .Llex_long
        call    lex_status
        j       .Llex_top

.Llex_end:
        LEX_FINISH
        slli    t0, a3, 2               # the end mark (a3 < NTOK)
        la      t1, toktype
        add     t1, t1, t0
        sw      zero, 0(t1)
        la      t1, tokval
        add     t1, t1, t0
        sw      zero, 0(t1)
        sw      a3, ntok, t0
        sw      a0, lex_next, t0
        li      a0, 0
        j       .Llex_ret
.Llex_quote:
        li      a0, LEX_QUOTE
        j       .Llex_ret
.Llex_long:
        li      a0, LEX_LONG
.Llex_ret:
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# lex_status(): the lexer's helper: write laststatus in decimal at a1 (at
# most 11 bytes, the caller has checked the room) and advance a1.  Changes
# only a1, a5, t0-t2.
lex_status:
        lw      t0, laststatus
        bgez    t0, 1f
        li      t1, '-'
        sb      t1, 0(a1)
        addi    a1, a1, 1
        neg     t0, t0                  # as unsigned from here
1:      mv      t2, a1                  # digits backwards from here
        li      a5, 10
2:      remu    t1, t0, a5
        divu    t0, t0, a5
        addi    t1, t1, '0'
        sb      t1, 0(a1)
        addi    a1, a1, 1
        bnez    t0, 2b
        addi    t0, a1, -1              # reverse them
3:      bgeu    t2, t0, 4f
        lbu     t1, 0(t2)
        lbu     a5, 0(t0)
        sb      a5, 0(t2)
        sb      t1, 0(t0)
        addi    t2, t2, 1
        addi    t0, t0, -1
        j       3b
4:      ret

# ---------------------------------------------------------------------------
# Syntax and running

# toktype_at(a0 = index) -> toktype[index].  Changes only a0, t0.
toktype_at:
        slli    a0, a0, 2
        la      t0, toktype
        add     a0, a0, t0
        lw      a0, 0(a0)
        ret

# tokval_at(a0 = index) -> tokval[index].  Changes only a0, t0.
tokval_at:
        slli    a0, a0, 2
        la      t0, tokval
        add     a0, a0, t0
        lw      a0, 0(a0)
        ret

# check_syntax() -> 0, or 1 after printing "sh: syntax error near 'X'".
# A pipe needs a command on both sides, a redirection a word after it, and
# '&' a command before it; empty commands between ';' are allowed.
check_syntax:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        li      a1, 0                   # index
        li      a2, 0                   # 1 = the current command has a word or redirection
        li      a3, 0                   # 1 = it follows a '|'
1:      slli    t0, a1, 2
        la      t1, toktype
        add     t1, t1, t0
        lw      t0, 0(t1)
        li      t2, TK_WORD
        beq     t0, t2, 2f
        li      t2, TK_PIPE
        beq     t0, t2, 3f
        li      t2, TK_SEMI
        beq     t0, t2, 5f
        li      t2, TK_AMP
        beq     t0, t2, 6f
        beqz    t0, 7f
        lw      t0, 4(t1)               # a redirection: a word must follow
        li      t2, TK_WORD
        bne     t0, t2, 8f
        li      a2, 1
        addi    a1, a1, 2
        j       1b
2:      li      a2, 1                   # a word
        addi    a1, a1, 1
        j       1b
3:      li      t0, TK_PIPE             # '|': nothing before it?
        beqz    a2, 8f
        li      a2, 0
        li      a3, 1
        addi    a1, a1, 1
        j       1b
5:      bnez    a2, 4f                  # ';'
        li      t0, TK_PIPE
        bnez    a3, 8f                  # '| ;'
4:      li      a2, 0
        li      a3, 0
        addi    a1, a1, 1
        j       1b
6:      bnez    a2, 4b                  # '&'
        bnez    a3, 3b                  # '| &': report the '|'
        j       8f
7:      li      a0, 0                   # the end
        bnez    a2, 9f
        beqz    a3, 9f
        li      t0, TK_PIPE             # a '|' at the end
8:      slli    t0, t0, 2               # error near the token of type t0
        la      t1, toknames
        add     t1, t1, t0
        lw      a1, 0(t1)
        la      a0, s_syntax
        call    eprintf
        li      a0, 1
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# run_list(): run the checked token list: each pipeline between ';' and
# '&' in turn (those before '&' in the background).
run_list:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      s0, 0                   # start of this pipeline
1:      mv      a0, s0
        call    toktype_at
        beqz    a0, 9f
        mv      s1, s0                  # find its end
2:      mv      a0, s1
        call    toktype_at
        beqz    a0, 3f
        li      t0, TK_SEMI
        beq     a0, t0, 3f
        li      t0, TK_AMP
        beq     a0, t0, 3f
        addi    s1, s1, 1
        j       2b
3:      beq     s0, s1, 4f              # an empty command
        addi    a2, a0, -TK_AMP
        seqz    a2, a2                  # 1 = in the background
        mv      a0, s0
        mv      a1, s1
        call    run_pipeline
4:      mv      s0, s1
        mv      a0, s1
        call    toktype_at
        beqz    a0, 9f
        addi    s0, s0, 1
        j       1b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# run_pipeline(a0 = first token, a1 = end token, a2 = 1 for the
# background): fork one child per command, connected by pipes, then wait
# for all of them (unless in the background); laststatus = the status of
# the last one.  A lone builtin in the foreground runs in the shell.
run_pipeline:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        sw      a2, pl_bg, t0
        bnez    a2, .Lpl_fork
        mv      a0, s0                  # one command?
1:      bgeu    a0, s1, 2f
        sw      a0, 0(sp)
        call    toktype_at
        mv      t1, a0
        lw      a0, 0(sp)
        addi    a0, a0, 1
        li      t0, TK_PIPE
        bne     t1, t0, 1b
        j       .Lpl_fork
2:      mv      a0, s0                  # yes: a builtin?
        mv      a1, s1
        call    first_word
        beqz    a0, .Lpl_fork
        call    is_builtin
        beqz    a0, .Lpl_fork
        mv      a0, s0
        mv      a1, s1
        call    run_builtin_here
        j       .Lpl_ret

.Lpl_fork:
        li      t1, -1
        sw      t1, pl_prev, t0
        sw      zero, pl_count, t0
        sw      zero, pl_last, t0
        sw      zero, pl_failed, t0
.Lpl_cmd:                               # s0 = this command's first token
        sw      s0, pl_cmd, t0
3:      bgeu    s0, s1, 4f              # find its end: a '|' or s1
        mv      a0, s0
        call    toktype_at
        li      t0, TK_PIPE
        beq     a0, t0, 4f
        addi    s0, s0, 1
        j       3b
4:      sltu    t1, s0, s1              # 1 = a pipe follows
        sw      t1, pl_haspipe, t0
        beqz    t1, 5f
        la      a0, pl_fds
        call    pipe
        bgez    a0, 5f
        mv      a1, a0
        la      a0, s_pipe
        call    sh_error
        j       .Lpl_abort
5:      call    fork
        bltz    a0, .Lpl_forkfail
        bnez    a0, 6f
        lw      a0, pl_cmd              # the child: never returns
        mv      a1, s0
        call    run_child
6:      lw      t1, pl_count            # the parent: remember the pid
        slli    t2, t1, 2
        la      t0, pl_pids
        add     t0, t0, t2
        sw      a0, 0(t0)
        addi    t1, t1, 1
        sw      t1, pl_count, t0
        sw      a0, pl_last, t0
        call    close_prev
        lw      t1, pl_haspipe
        beqz    t1, .Lpl_forked
        lw      a0, pl_fds + 4          # the write end is the child's now
        call    close
        lw      t1, pl_fds
        sw      t1, pl_prev, t0
        addi    s0, s0, 1               # past the '|'
        j       .Lpl_cmd

.Lpl_forkfail:
        mv      a1, a0
        la      a0, s_fork
        call    sh_error
        lw      t1, pl_haspipe
        beqz    t1, .Lpl_abort
        lw      a0, pl_fds
        call    close
        lw      a0, pl_fds + 4
        call    close
.Lpl_abort:                             # stop; wait for the ones started
        call    close_prev
        li      t1, 1
        sw      t1, pl_failed, t0
        sw      zero, pl_last, t0
        lw      t1, pl_count
        beqz    t1, .Lpl_status

.Lpl_forked:
        lw      t1, pl_count
        sw      t1, pl_left, t0
        lw      t1, pl_bg
        beqz    t1, .Lpl_wait
        lw      t1, pl_failed
        bnez    t1, .Lpl_wait
        lw      a1, pl_last             # in the background: "[pid]"
        la      a0, s_bgpid
        call    printf
        sw      zero, laststatus, t0
        j       .Lpl_ret

.Lpl_wait:                              # wait(-1) until every one has ended
        lw      t1, pl_left
        beqz    t1, .Lpl_status
        li      a0, -1
        la      a1, pl_status
        call    wait
        bltz    a0, .Lpl_status         # no children left (should not happen)
        lw      t1, pl_count            # one of ours? (else: a background job)
        la      t0, pl_pids
7:      beqz    t1, .Lpl_wait
        lw      t2, 0(t0)
        beq     t2, a0, 8f
        addi    t0, t0, 4
        addi    t1, t1, -1
        j       7b
8:      sw      zero, 0(t0)             # found: not counted twice
        lw      t1, pl_left
        addi    t1, t1, -1
        sw      t1, pl_left, t2
        lw      t1, pl_last
        bne     t1, a0, .Lpl_wait
        lw      t1, pl_status
        sw      t1, laststatus, t2
        j       .Lpl_wait
.Lpl_status:
        lw      t1, pl_failed
        beqz    t1, .Lpl_ret
        li      t1, 1
        sw      t1, laststatus, t0
.Lpl_ret:
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# close_prev(): close pl_prev (the read end of the last pipe) if open.
close_prev:
        lw      a0, pl_prev
        bltz    a0, 1f
        li      t1, -1
        sw      t1, pl_prev, t0
        j       close                   # tail call
1:      ret

# sh_error(a0 = what, a1 = -errno): "sh: what: message" on fd 2.
sh_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        mv      a0, a1
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, s_error
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# run_child(a0 = first token, a1 = end token): in a child of the pipeline:
# let Ctrl-C kill it again (setintr(0)), take the pipes (pl_prev as fd 0,
# pl_fds[1] as fd 1 if pl_haspipe), apply the redirections, then run the
# builtin or exec the program.  Exits: 1 when a redirection fails, 127
# (126 for a file that is not an executable, or a directory) when exec
# fails.
run_child:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        li      a0, 0                   # Ctrl-C kills it from now on, not only after exec
        call    setintr
        lw      t1, pl_prev
        bltz    t1, 1f
        li      a0, 0
        call    close
        lw      a0, pl_prev
        call    dup
        lw      a0, pl_prev
        call    close
1:      lw      t1, pl_haspipe
        beqz    t1, 2f
        lw      a0, pl_fds
        call    close
        li      a0, 1
        call    close
        lw      a0, pl_fds + 4
        call    dup
        lw      a0, pl_fds + 4
        call    close
2:      mv      a0, s0
        mv      a1, s1
        call    setup_cmd
        bltz    a0, 8f
        beqz    a0, 9f                  # redirections only
        mv      s0, a0                  # argc
        lw      a0, argvbuf
        call    is_builtin
        beqz    a0, 3f
        mv      a2, a0
        mv      a0, s0
        la      a1, argvbuf
        call    run_builtin
        call    exit
3:      lw      s0, argvbuf             # the program: NAME or /bin/NAME
        mv      a0, s0
        li      a1, '/'
        call    strchr
        mv      t1, a0
        mv      a0, s0
        bnez    t1, 4f
        la      a0, pathbuf
        la      a1, s_bindir
        call    strcpy
        mv      a1, s0
        call    strcat
4:      la      a1, argvbuf
        call    exec
        mv      s1, a0
        mv      a1, a0
        mv      a0, s0
        call    sh_error
        li      a0, 127
        li      t0, -ENOEXEC
        beq     s1, t0, 5f
        li      t0, -EISDIR
        bne     s1, t0, 6f
5:      li      a0, 126
6:      call    exit
8:      li      a0, 1
        call    exit
9:      li      a0, 0
        call    exit

# setup_cmd(a0 = first token, a1 = end token) -> argc, or -1 when a
# redirection failed (reported): the words go to argvbuf (0 after the
# last), the redirections are applied in order.
setup_cmd:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      zero, 16(sp)            # argc
        mv      s0, a0
        mv      s1, a1
1:      bgeu    s0, s1, 7f
        mv      a0, s0
        call    toktype_at
        li      t1, TK_WORD
        bne     a0, t1, 2f
        mv      a0, s0                  # a word: the next argument
        call    tokval_at
        lw      t1, 16(sp)
        slli    t2, t1, 2
        la      t0, argvbuf
        add     t0, t0, t2
        sw      a0, 0(t0)
        addi    t1, t1, 1
        sw      t1, 16(sp)
        addi    s0, s0, 1
        j       1b
2:      li      a2, O_RDONLY            # a redirection
        li      a1, 0
        li      t1, TK_LT
        beq     a0, t1, 3f
        li      a2, O_WRONLY | O_CREAT | O_TRUNC
        li      a1, 1
        li      t1, TK_GT
        beq     a0, t1, 3f
        li      a2, O_WRONLY | O_CREAT | O_APPEND
3:      sw      a1, 12(sp)              # fd
        sw      a2, 8(sp)               # flags
        addi    a0, s0, 1
        call    tokval_at
        lw      a1, 12(sp)
        lw      a2, 8(sp)
        call    redirect
        bltz    a0, 8f
        addi    s0, s0, 2
        j       1b
7:      lw      a0, 16(sp)
        slli    t2, a0, 2
        la      t0, argvbuf
        add     t0, t0, t2
        sw      zero, 0(t0)
        j       9f
8:      li      a0, -1
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# redirect(a0 = file name, a1 = fd (0 or 1), a2 = open flags) -> 0, or
# -errno after "sh: NAME: message": open the file as that fd.
redirect:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        mv      s1, a1
        mv      a1, a2
        call    open
        mv      s0, a0
        bgez    a0, 1f
        mv      a1, a0
        lw      a0, 0(sp)
        call    sh_error
        mv      a0, s0
        j       9f
1:      beq     s0, s1, 2f              # already that fd
        mv      a0, s1
        call    close
        mv      a0, s0                  # the lowest free fd: the one just closed
        call    dup
        mv      a0, s0
        call    close
2:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# first_word(a0 = first token, a1 = end token) -> the command's first word
# (not a redirection's file name), or 0.
first_word:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
1:      li      a0, 0
        bgeu    s0, s1, 9f
        mv      a0, s0
        call    toktype_at
        li      t1, TK_WORD
        beq     a0, t1, 2f
        addi    s0, s0, 2               # a redirection and its file
        j       1b
2:      mv      a0, s0
        call    tokval_at
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ---------------------------------------------------------------------------
# Builtins

# is_builtin(a0 = name) -> BI_CD, BI_EXIT, BI_PWD or 0.
is_builtin:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        la      a1, s_cd
        call    strcmp
        li      t1, BI_CD
        beqz    a0, 8f
        mv      a0, s0
        la      a1, s_exit
        call    strcmp
        li      t1, BI_EXIT
        beqz    a0, 8f
        mv      a0, s0
        la      a1, s_pwd
        call    strcmp
        li      t1, BI_PWD
        beqz    a0, 8f
        li      t1, 0
8:      mv      a0, t1
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# run_builtin_here(a0 = first token, a1 = end token): run a builtin in the
# shell itself, its redirections applied to the shell's fds 0 and 1 for the
# time it runs; laststatus = its status.
run_builtin_here:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        li      a0, 0                   # keep fds 0 and 1
        call    dup
        sw      a0, saved_fds, t0
        li      a0, 1
        call    dup
        sw      a0, saved_fds + 4, t0
        lw      t1, saved_fds
        bltz    t1, 1f
        lw      t1, saved_fds + 4
        bgez    t1, 2f
1:      mv      a1, t1                  # no fd to keep them in
        la      a0, s_dup
        call    sh_error
        li      a0, 1
        j       4f
2:      mv      a0, s0
        mv      a1, s1
        call    setup_cmd
        mv      s0, a0
        li      a0, 1
        bltz    s0, 4f
        lw      a0, argvbuf
        call    is_builtin
        mv      a2, a0
        mv      a0, s0
        la      a1, argvbuf
        call    run_builtin
4:      sw      a0, laststatus, t0
        lw      t1, saved_fds           # put fds 0 and 1 back
        bltz    t1, 5f
        li      a0, 0
        call    close
        lw      a0, saved_fds
        call    dup
        lw      a0, saved_fds
        call    close
5:      lw      t1, saved_fds + 4
        bltz    t1, 6f
        li      a0, 1
        call    close
        lw      a0, saved_fds + 4
        call    dup
        lw      a0, saved_fds + 4
        call    close
6:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# run_builtin(a0 = argc, a1 = argv, a2 = BI_*) -> status.
run_builtin:
        li      t0, BI_CD
        beq     a2, t0, bi_cd
        li      t0, BI_EXIT
        beq     a2, t0, bi_exit
        j       bi_pwd

# bi_cd(argc, argv) -> status: cd [DIR], DIR = / by default.
bi_cd:  addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      t0, 2
        bgt     a0, t0, 7f
        la      s0, s_root
        blt     a0, t0, 1f
        lw      s0, 4(a1)
1:      mv      a0, s0
        call    chdir
        bltz    a0, 8f
        mv      a0, s0
        call    cwd_update
        li      a0, 0
        j       9f
7:      la      a0, s_cd_args
        call    eprintf
        li      a0, 1
        j       9f
8:      call    strerror                # "sh: cd: DIR: message"
        mv      a3, a0
        mv      a2, s0
        la      a1, s_cd
        la      a0, s_error2
        call    eprintf
        li      a0, 1
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# bi_pwd(argc, argv) -> status: print the working directory (as cd made it).
bi_pwd: addi    sp, sp, -16
        sw      ra, 12(sp)
        lw      t1, cwd_ok
        beqz    t1, 1f
        la      a1, cwd
        la      a0, s_line
        call    printf
        li      a0, 0
        j       9f
1:      la      a0, s_pwd_lost
        call    eprintf
        li      a0, 1
9:      lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# bi_exit(argc, argv): exit [N]: end the shell with status N & 255, or with
# exit_status().  Returns 1 (without exiting) for too many arguments.
bi_exit:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      t0, 2
        bgt     a0, t0, 7f
        beq     a0, t0, 1f
        call    exit_status
        call    exit
1:      lw      s0, 4(a1)
        mv      a0, s0
        call    atoi
        beqz    a1, 2f
        andi    a0, a0, 0xFF
        call    exit
2:      mv      a1, s0
        la      a0, s_exit_num
        call    eprintf
        li      a0, 2
        call    exit
7:      la      a0, s_exit_args
        call    eprintf
        li      a0, 1
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# cwd_update(a0 = the directory cd went to): the new textual working
# directory: DIR if absolute, else cwd/DIR, with '.', '..' and repeated
# '/' resolved.  One that does not fit makes cwd unknown (cwd_ok = 0) until
# a cd to an absolute path.  Leaf.
cwd_update:
        la      a2, cwd_tmp
        li      a1, 0                   # length in cwd_tmp ("" = the root)
        lbu     t0, 0(a0)
        li      t1, '/'
        beq     t0, t1, 2f
        lw      t0, cwd_ok              # relative: start from cwd
        beqz    t0, 9f
        la      t0, cwd
1:      lbu     t1, 0(t0)               # copy cwd
        beqz    t1, 11f
        add     t2, a2, a1
        sb      t1, 0(t2)
        addi    a1, a1, 1
        addi    t0, t0, 1
        j       1b
11:     li      t0, 1                   # "/" itself is ""
        bne     a1, t0, 2f
        li      a1, 0
2:      lbu     t0, 0(a0)               # next component: skip '/'s
        beqz    t0, 8f
        li      t1, '/'
        bne     t0, t1, 3f
        addi    a0, a0, 1
        j       2b
3:      mv      a3, a0                  # the component: a3 .. a0
4:      lbu     t0, 0(a0)
        beqz    t0, 5f
        li      t1, '/'
        beq     t0, t1, 5f
        addi    a0, a0, 1
        j       4b
5:      sub     a4, a0, a3              # its length
        lbu     t0, 0(a3)
        li      t1, '.'
        bne     t0, t1, 7f
        li      t2, 1
        beq     a4, t2, 2b              # "."
        li      t2, 2
        bne     a4, t2, 7f
        lbu     t0, 1(a3)
        bne     t0, t1, 7f
6:      beqz    a1, 2b                  # "..": drop the last component
        addi    a1, a1, -1
        add     t2, a2, a1
        lbu     t0, 0(t2)
        li      t1, '/'
        bne     t0, t1, 6b
        j       2b
7:      add     t0, a1, a4              # append "/component"
        addi    t0, t0, 1
        li      t1, CWD_MAX - 1
        bgeu    t0, t1, 10f
        add     t2, a2, a1
        li      t1, '/'
        sb      t1, 0(t2)
        addi    a1, a1, 1
12:     beq     a3, a0, 2b
        lbu     t1, 0(a3)
        add     t2, a2, a1
        sb      t1, 0(t2)
        addi    a1, a1, 1
        addi    a3, a3, 1
        j       12b
8:      bnez    a1, 13f                 # done: copy cwd_tmp to cwd
        li      t1, '/'
        sb      t1, 0(a2)
        li      a1, 1
13:     add     t2, a2, a1
        sb      zero, 0(t2)
        la      t0, cwd
14:     lbu     t1, 0(a2)
        sb      t1, 0(t0)
        addi    a2, a2, 1
        addi    t0, t0, 1
        bnez    t1, 14b
        li      t1, 1
        sw      t1, cwd_ok, t0
        ret
10:     sw      zero, cwd_ok, t0        # too long: unknown
9:      ret

# ---------------------------------------------------------------------------
        .section .rodata
s_prompt:       .asciz  "$ "
s_newline:      .asciz  "\n"
s_line:         .asciz  "%s\n"
s_toolong:      .asciz  "sh: line too long\n"
s_unterminated: .asciz  "sh: syntax error: unterminated quote\n"
s_syntax:       .asciz  "sh: syntax error near '%s'\n"
s_error:        .asciz  "sh: %s: %s\n"
s_error2:       .asciz  "sh: %s: %s: %s\n"
s_bgpid:        .asciz  "[%d]\n"
s_pipe:         .asciz  "pipe"
s_fork:         .asciz  "fork"
s_dup:          .asciz  "dup"
s_bindir:       .asciz  "/bin/"
s_root:         .asciz  "/"
s_cd:           .asciz  "cd"
s_exit:         .asciz  "exit"
s_pwd:          .asciz  "pwd"
s_cd_args:      .asciz  "sh: cd: too many arguments\n"
s_exit_args:    .asciz  "sh: exit: too many arguments\n"
s_exit_num:     .asciz  "sh: exit: %s: numeric argument required\n"
s_pwd_lost:     .asciz  "sh: pwd: the path is too long to know\n"
s_tk_end:       .asciz  "newline"
s_tk_word:      .asciz  "word"
s_tk_pipe:      .asciz  "|"
s_tk_lt:        .asciz  "<"
s_tk_gt:        .asciz  ">"
s_tk_append:    .asciz  ">>"
s_tk_semi:      .asciz  ";"
s_tk_amp:       .asciz  "&"
        .balign 4
toknames:       .word   s_tk_end, s_tk_word, s_tk_pipe, s_tk_lt, s_tk_gt
                .word   s_tk_append, s_tk_semi, s_tk_amp

        .bss
        .balign 4
laststatus:     .space  4               # $?
ntok:           .space  4
lex_stop:       .space  4               # lex's arguments and results
lex_next:       .space  4
lex_more:       .space  4
cwd_ok:         .space  4               # 1 = cwd is known
pl_bg:          .space  4               # run_pipeline's state (the shell is not reentrant)
pl_prev:        .space  4               # read end of the previous pipe, or -1
pl_fds:         .space  8               # the pipe to the next command
pl_haspipe:     .space  4               # 1 = the command being started writes to pl_fds
pl_cmd:         .space  4               # its first token
pl_count:       .space  4               # children started
pl_left:        .space  4               # children not waited for yet
pl_last:        .space  4               # pid of the last command (0 = none)
pl_failed:      .space  4               # 1 = a pipe or fork failed
pl_status:      .space  4
saved_fds:      .space  8               # fds 0 and 1 while a builtin runs
pl_pids:        .space  4 * NTOK
toktype:        .space  4 * NTOK
tokval:         .space  4 * NTOK
argvbuf:        .space  4 * (NTOK + 1)
getline_byte:   .space  4
getline_eio:    .space  4               # reads failed with -EIO in a row
line:           .space  MAXLINE + 4
words:          .space  WORDBUF
pathbuf:        .space  WORDBUF + 8
cwd:            .space  CWD_MAX
cwd_tmp:        .space  CWD_MAX
