# modtool.s -- what the module tools share (insmod rmmod lsmod modprobe
# modinfo): the refusal on a kernel that loads no modules, reading a whole
# file, the list of loaded modules, the parameter string, the error line.
#
# Included after runtime.s:
#
#         .include "runtime.s"
#         .include "modtool.s"
#
# Names start with mt_.  Functions keep the runtime's convention (s0 s1 sp
# ra preserved).

        .include "frame.inc"            # ENTER / LEAVE
        .include "module.inc"           # MOD_IMAGE_MAX, MODERR_SIZE, MODPARAM_MAX
        .include "micro.inc"            # SERVICE_LIST

        .equ    MT_MAXMODS, 128         # MODSTAT records mt_list asks for
        .equ    MT_NAMECUT, 8           # a module's name on the disk: its first 8 bytes, NAME.KO

        .text

# mt_needmod(prog) -> the number of loaded modules (mt_list's), when this
# kernel loads modules; else say in one line which kernel this is ("PROG:
# this kernel does not load modules: ...") on stderr and exit with status
# 1.  modlist() tells (-ENOSYS: no loader); service() then tells the
# microkernel (it has services) from the monolithic kernel (-ENOSYS).
mt_needmod:
        ENTER
        mv      s0, a0
        call    mt_list
        bgez    a0, 9f
        li      t0, -ENOSYS
        beq     a0, t0, 1f
        mv      a1, a0                  # another failure: its message
        mv      a0, s0
        call    perror
        j       3f
1:      li      a0, SERVICE_LIST
        li      a1, 0
        li      a2, 0
        li      a3, 0
        call    service
        la      a2, mt_s_mono
        li      t0, -ENOSYS
        beq     a0, t0, 2f
        la      a2, mt_s_micro
2:      mv      a1, s0
        la      a0, mt_s_nomod
        call    eprintf
3:      li      a0, 1
        call    exit
9:      LEAVE

# mt_start(prog, argc, min, max, usage) -> the number of loaded modules:
# mt_needmod(prog), then argc must be from min to max, else the usage line
# goes to stderr and the program exits with status 2.
mt_start:
        ENTER   32
        sw      a2, 0(sp)
        sw      a3, 4(sp)
        sw      a4, 8(sp)
        mv      s0, a1
        call    mt_needmod
        lw      t0, 0(sp)
        blt     s0, t0, 1f
        lw      t0, 4(sp)
        bgt     s0, t0, 1f
        LEAVE   32
1:      lw      a0, 8(sp)
        call    eprintf
        li      a0, 2
        call    exit

# MT_MAIN prog, min, max, usage: a tool's main(argc, argv) begins: ENTER,
# s1 = argv, then mt_start (a0 = the number of loaded modules after it).
.macro MT_MAIN prog, min, max, usage
main:   ENTER
        mv      s1, a1
        mv      a1, a0
        la      a0, \prog
        li      a2, \min
        li      a3, \max
        la      a4, \usage
        call    mt_start
.endm

# mt_readfile(path) -> a0 = the file's bytes in a malloc'd buffer with a
# NUL after them, a1 = their count; or a0 = -errno (-EISDIR for a
# directory, -EFBIG past MOD_IMAGE_MAX bytes, -ENOMEM).
mt_readfile:
        ENTER   48
        # 0(sp): STAT record; 16(sp): size; 20(sp): bytes read; 24(sp): error
        li      a1, O_RDONLY
        call    open
        bltz    a0, 9f
        mv      s0, a0                  # fd
        li      s1, 0                   # buffer (0: none yet)
        mv      a1, sp
        call    fstat
        bltz    a0, 7f
        lw      t0, STAT_TYPE(sp)
        li      a0, -EISDIR
        li      t1, T_DIR
        beq     t0, t1, 7f
        lw      t0, STAT_FSIZE(sp)
        li      a0, -EFBIG
        li      t1, MOD_IMAGE_MAX
        bgtu    t0, t1, 7f
        sw      t0, 16(sp)
        sw      zero, 20(sp)
        addi    a0, t0, 1
        call    malloc
        mv      s1, a0
        li      a0, -ENOMEM
        beqz    s1, 7f
1:      lw      t0, 16(sp)              # read until the size, or the end
        lw      t1, 20(sp)
        bgeu    t1, t0, 2f
        mv      a0, s0
        add     a1, s1, t1
        sub     a2, t0, t1
        call    read
        bltz    a0, 7f
        beqz    a0, 2f
        lw      t1, 20(sp)
        add     t1, t1, a0
        sw      t1, 20(sp)
        j       1b
2:      lw      t1, 20(sp)
        add     t0, s1, t1
        sb      zero, 0(t0)
        mv      a0, s0
        call    close
        mv      a0, s1
        lw      a1, 20(sp)
        j       9f
7:      sw      a0, 24(sp)              # failed: give everything back
        mv      a0, s0
        call    close
        mv      a0, s1
        call    free
        lw      a0, 24(sp)
9:      LEAVE   48

# mt_fail(prog, subject, code, why) -> 1: "PROG: SUBJECT: REASON" on stderr,
# REASON being why (a modload/modunload reason buffer, or 0) when it holds
# text, else "in use" for -EBUSY (a module in use, the kernel did not say
# by what), else the message of the error code.
mt_fail:
        ENTER
        mv      s0, a0
        mv      s1, a1
        beqz    a3, 1f
        lbu     t0, 0(a3)
        bnez    t0, 2f
1:      la      a3, mt_s_inuse
        li      t0, -EBUSY
        beq     a2, t0, 2f
        mv      a0, a2
        call    strerror
        mv      a3, a0
2:      mv      a1, s0
        mv      a2, s1
        la      a0, mt_s_fail
        call    eprintf
        li      a0, 1
        LEAVE

# mt_result(prog, subject, code) -> exit status: 0 for a code >= 0, else
# mt_fail(prog, subject, code, mt_why) (1).
mt_result:
        bltz    a2, 1f
        li      a0, 0
        ret
1:      la      a3, mt_why
        j       mt_fail

# mt_list() -> number of loaded modules (MODSTAT records in mt_mods, also
# kept in mt_nmods), or -errno.
mt_list:
        ENTER
        la      a0, mt_mods
        li      a1, MT_MAXMODS
        call    modlist
        la      t0, mt_nmods
        sw      zero, 0(t0)
        bltz    a0, 9f
        sw      a0, 0(t0)
        la      t1, mt_mods             # make sure each name and user list ends
        mv      t2, a0
1:      beqz    t2, 9f
        sb      zero, MODSTAT_NAME + 15(t1)
        sb      zero, MODSTAT_SIZE - 1(t1)
        addi    t1, t1, MODSTAT_SIZE
        addi    t2, t2, -1
        j       1b
9:      LEAVE

# mt_find(name) -> the MODSTAT record in mt_mods (as mt_list left it) of the
# module called name, or 0.  Names are compared without regard to case and
# cut to their first MT_NAMECUT bytes, as the disk's 8.3 names cut them
# (modprobe finds module "fat16" from /LIB/MOD/FAT16.KO).
mt_find:
        ENTER
        mv      s0, a0
        la      s1, mt_mods
        la      t0, mt_nmods
        lw      a3, 0(t0)               # records left
1:      beqz    a3, 8f
        mv      a0, s0
        mv      a1, s1
        li      a2, MT_NAMECUT
        call    mt_casecmp
        beqz    a0, 9f
        addi    s1, s1, MODSTAT_SIZE
        addi    a3, a3, -1
        j       1b
8:      li      s1, 0
9:      mv      a0, s1
        LEAVE

# mt_casecmp(a, b, n) -> 0 when the strings a and b are the same over their
# first n bytes without regard to case (ASCII), else 1.  Changes only a0,
# a1, a2, t0, t1, t2.
mt_casecmp:
1:      beqz    a2, 8f
        lbu     t0, 0(a0)
        lbu     t1, 0(a1)
        addi    t2, t0, -'A'            # lower case: set bit 5 of 'A'..'Z'
        sltiu   t2, t2, 26
        slli    t2, t2, 5
        or      t0, t0, t2
        addi    t2, t1, -'A'
        sltiu   t2, t2, 26
        slli    t2, t2, 5
        or      t1, t1, t2
        bne     t0, t1, 9f
        beqz    t0, 8f
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    a2, a2, -1
        j       1b
8:      li      a0, 0
        ret
9:      li      a0, 1
        ret

# mt_params(args) -> the parameter string for modload: the strings of the
# argv tail args (0-ended) joined by single spaces, in mt_parambuf; 0 when
# there are none; -E2BIG when they do not fit in MODPARAM_MAX bytes.
mt_params:
        lw      t0, 0(a0)
        beqz    t0, 8f
        la      t1, mt_parambuf
        li      t2, MODPARAM_MAX - 1    # bytes left before the NUL
1:      lw      t0, 0(a0)               # next argument
        beqz    t0, 5f
        la      a1, mt_parambuf
        beq     t1, a1, 2f
        beqz    t2, 7f                  # a space between two
        li      a1, ' '
        sb      a1, 0(t1)
        addi    t1, t1, 1
        addi    t2, t2, -1
2:      lbu     a1, 0(t0)
        beqz    a1, 4f
        beqz    t2, 7f
        sb      a1, 0(t1)
        addi    t0, t0, 1
        addi    t1, t1, 1
        addi    t2, t2, -1
        j       2b
4:      addi    a0, a0, 4
        j       1b
5:      sb      zero, 0(t1)
        la      a0, mt_parambuf
        ret
7:      li      a0, -E2BIG
        ret
8:      li      a0, 0
        ret

        .section .rodata
mt_s_nomod:     .asciz  "%s: this kernel does not load modules: %s\n"
mt_s_mono:      .asciz  "its drivers are compiled in"
mt_s_micro:     .asciz  "its drivers are user processes (see service)"
mt_s_fail:      .asciz  "%s: %s: %s\n"
mt_s_inuse:     .asciz  "in use"

        .bss
        .balign 4
mt_nmods:       .space  4
mt_mods:        .space  MT_MAXMODS * MODSTAT_SIZE
mt_why:         .space  MODERR_SIZE + 1 # the reason modload/modunload give (a NUL after it)
mt_parambuf:    .space  MODPARAM_MAX

        .text
