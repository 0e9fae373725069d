# cp SRC DST -- copy the file SRC to DST (created or truncated); when DST
# is a directory, to DST/NAME with NAME the last part of SRC.
#
# mv.s includes this file with CP_MOVE defined: then SRC is removed after
# the copy (the file system has no rename), and the messages say "mv".

        .include "runtime.s"

        .equ    CP_BUFSIZE, 4096

        .text
main:   addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        li      t0, 3
        beq     a0, t0, 1f
        la      a0, cp_s_usage
        call    eprintf
        li      a0, 2
        j       99f
1:      lw      s0, 4(a1)               # SRC
        lw      s1, 8(a1)               # DST
        la      t0, cp_src
        sw      s0, 0(t0)
        mv      a0, s0                  # open SRC; it must not be a directory
        li      a1, O_RDONLY
        call    open
        bltz    a0, 90f
        la      t0, cp_sfd
        sw      a0, 0(t0)
        la      a1, cp_sstat
        call    fstat
        bltz    a0, 90f
        la      t0, cp_sstat
        lw      t0, STAT_TYPE(t0)
        li      t1, T_DIR
        li      a0, -EISDIR
        beq     t0, t1, 90f
        # DST a directory?  Then DST/basename(SRC).
        mv      a0, s1
        call    cp_stat
        li      t1, T_DIR
        bne     a0, t1, 5f
        mv      a0, s1
        call    strlen
        sw      a0, 4(sp)               # length of DST
        mv      a0, s0                  # basename(SRC): after the last '/'
        mv      t0, s0
2:      lbu     t1, 0(t0)
        addi    t0, t0, 1
        beqz    t1, 3f
        li      a1, '/'
        bne     t1, a1, 2b
        mv      a0, t0
        j       2b
3:      sw      a0, 0(sp)
        call    strlen
        lw      t2, 4(sp)
        add     t0, a0, t2
        addi    t0, t0, 2               # '/' and NUL
        li      t1, PATH_MAX
        bleu    t0, t1, 4f
        mv      s0, s1
        li      a0, -ENAMETOOLONG
        j       91f
4:      la      a0, cp_path
        mv      a1, s1
        call    strcpy
        la      a0, cp_path
        call    strlen
        la      t0, cp_path
        add     t0, t0, a0
        lbu     t1, -1(t0)              # no second '/' after "dir/"
        li      t2, '/'
        beq     t1, t2, 6f
        sb      t2, 0(t0)
        sb      zero, 1(t0)
6:      la      a0, cp_path
        lw      a1, 0(sp)
        call    strcat
        la      s1, cp_path
        mv      a0, s1
        call    cp_stat
5:      li      t1, T_DIR               # the final DST: not a directory
        bne     a0, t1, 51f
        mv      s0, s1
        li      a0, -EISDIR
        j       91f
51:     li      t1, T_FILE              # and not SRC itself
        bne     a0, t1, 8f
        la      t0, cp_sstat
        lw      t0, STAT_INO(t0)
        la      t1, cp_dstat
        lw      t1, STAT_INO(t1)
        bne     t0, t1, 8f
        bnez    t0, 52f
        mv      a0, s0                  # both empty (no cluster): the same
        mv      a1, s1                  # file only if the same name
        call    cp_samename
        beqz    a0, 8f
52:     la      a0, cp_s_same
        mv      a1, s0
        mv      a2, s1
        call    eprintf
        li      a0, 1
        j       99f
8:      mv      a0, s1                  # copy
        li      a1, O_WRONLY | O_CREAT | O_TRUNC
        call    open
        bgez    a0, 9f
        mv      s0, s1
        j       91f
9:      la      t0, cp_dfd
        sw      a0, 0(t0)
10:     la      t0, cp_sfd
        lw      a0, 0(t0)
        la      a1, cp_buf
        li      a2, CP_BUFSIZE
        call    read
        beqz    a0, 11f
        bltz    a0, 90f                 # (s0 = SRC)
        mv      a2, a0
        la      t0, cp_dfd
        lw      a0, 0(t0)
        la      a1, cp_buf
        call    rt_writeall
        bgez    a0, 10b
        mv      s0, s1
        j       91f
11:     la      t0, cp_dfd
        lw      a0, 0(t0)
        call    close
        bltz    a0, 12f
.ifdef CP_MOVE
        la      t0, cp_sfd
        lw      a0, 0(t0)
        call    close
        mv      a0, s0
        call    unlink
        bltz    a0, 90f
.endif
        li      a0, 0
        j       99f
12:     mv      s0, s1
        j       91f
90:     la      t0, cp_src              # an error with SRC
        lw      s0, 0(t0)
91:     mv      a1, s0                  # an error with the name in s0
        call    cp_error
        li      a0, 1
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# cp_error(code, name): "cp: NAME: message" on standard error.
cp_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, cp_s_err
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# cp_samename(a, b) -> 1 if the paths are equal but for case.
cp_samename:
1:      lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    t2, t0, -'a'
        sltiu   t2, t2, 26
        slli    t2, t2, 5
        sub     t0, t0, t2              # upper case
        addi    t2, t1, -'a'
        sltiu   t2, t2, 26
        slli    t2, t2, 5
        sub     t1, t1, t2
        bne     t0, t1, 2f
        bnez    t0, 1b
        li      a0, 1
        ret
2:      li      a0, 0
        ret

# cp_stat(path) -> its STAT_TYPE (its record in cp_dstat), or -errno when
# it cannot be opened.
cp_stat:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      a1, O_RDONLY
        call    open
        bltz    a0, 2f
        mv      s0, a0
        la      a1, cp_dstat
        call    fstat
        mv      t0, a0
        mv      a0, s0
        mv      s0, t0
        call    close
        mv      a0, s0
        bltz    a0, 2f
        la      t0, cp_dstat
        lw      a0, STAT_TYPE(t0)
2:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
.ifdef CP_MOVE
cp_s_usage:     .asciz  "usage: mv SRC DST\n"
cp_s_err:       .asciz  "mv: %s: %s\n"
cp_s_same:      .asciz  "mv: %s and %s are the same file\n"
.else
cp_s_usage:     .asciz  "usage: cp SRC DST\n"
cp_s_err:       .asciz  "cp: %s: %s\n"
cp_s_same:      .asciz  "cp: %s and %s are the same file\n"
.endif

        .bss
        .balign 4
cp_src:         .space  4
cp_sfd:         .space  4
cp_dfd:         .space  4
cp_sstat:       .space  STAT_SIZE
cp_dstat:       .space  STAT_SIZE
cp_path:        .space  PATH_MAX
cp_buf:         .space  CP_BUFSIZE
