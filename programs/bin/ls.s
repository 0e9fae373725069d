# ls [-l] [PATHS...] -- list directories (default "."), sorted by name, one
# name per line.  A file argument lists itself, named as given.  With -l
# each line is the type (d or -), the size right-aligned in a common
# width, the last write time (the FAT entry's: STAT_MTIME, DIRENT_MTIME)
# and the name:
#
# d     0 Dec  6 12:00 DOCS
# -  1234 Jan  1  1980 README.TXT
#
# The time is as GNU ls -l prints it with LC_ALL=C and TZ=UTC: "Mon DD
# HH:MM" within the six months before now (the clock's time, SYS_time),
# "Mon DD  YYYY" otherwise -- and always so when there is no clock.  A
# record with no stamp (0: FAT's date 0 is no date) shows "???  0  1980".
#
# As in coreutils: errors first, then the file arguments (sorted, as one
# group), then each directory (sorted); with several arguments each
# directory's list is headed "PATH:", and groups are separated by a blank
# line.

        .include "runtime.s"
        .include "civil.inc"

        .equ    LS_GETBUF, DIRENT_SIZE * 170    # getdents buffer: whole DIRENT records
        # A file argument as a DIRENT-like record: its name (a path) runs
        # over DIRENT_MTIME, so its time goes after the name.
        .equ    LS_FILE_MTIME, DIRENT_NAME + PATH_MAX
        .equ    LS_FILEREC, LS_FILE_MTIME + 4
        .equ    LS_RECENT, 31556952 / 2 # "six months", as coreutils counts them

        .text
main:   addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      zero, 0(sp)             # exit status
        addi    s0, a1, 4
1:      lw      s1, 0(s0)               # options
        beqz    s1, 4f
        lbu     t0, 0(s1)
        li      t1, '-'
        bne     t0, t1, 4f
        lbu     t0, 1(s1)
        li      t1, 'l'
        bne     t0, t1, 3f
        lbu     t0, 2(s1)
        bnez    t0, 3f
        la      t0, ls_long
        li      t1, 1
        sw      t1, 0(t0)
        addi    s0, s0, 4
        j       1b
3:      la      a0, ls_s_usage
        call    eprintf
        li      a0, 2
        j       99f
4:      call    time                    # now, for -l (negative: no clock)
        la      t0, ls_now
        sw      a0, 0(t0)
        lw      t0, 0(s0)               # no paths: "."
        bnez    t0, 5f
        la      s0, ls_dot_argv
5:      lw      t0, 4(s0)               # several: headers
        snez    t0, t0
        la      t1, ls_multi
        sw      t0, 0(t1)
        # Pass 1: sort the arguments into files and directories.
6:      lw      a0, 0(s0)
        beqz    a0, 8f
        call    ls_classify
        beqz    a0, 7f
        sw      a0, 0(sp)
7:      addi    s0, s0, 4
        j       6b
        # The files, as one group.
8:      la      s0, ls_files
        la      t0, ls_nfiles
        lw      s1, 0(t0)
        beqz    s1, 9f
        mv      a0, s0
        mv      a1, s1
        li      a2, DIRENT_NAME
        call    ls_sort
        mv      a0, s0
        mv      a1, s1
        li      a2, LS_FILE_MTIME
        call    ls_print
        # Then each directory.
9:      la      t0, ls_ndirs
        lw      s1, 0(t0)
        la      a0, ls_dirs
        mv      a1, s1
        li      a2, 0
        call    ls_sort
        la      s0, ls_dirs
10:     beqz    s1, 12f
        lw      a0, 0(s0)
        call    ls_dir
        beqz    a0, 11f
        sw      a0, 0(sp)
11:     addi    s0, s0, 4
        addi    s1, s1, -1
        j       10b
12:     lw      a0, 0(sp)
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ls_classify(path) -> 0, or 1 after reporting an error: a directory goes
# into ls_dirs; a file into ls_files as a DIRENT-like record named path.
ls_classify:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        li      a1, O_RDONLY
        call    open
        bltz    a0, 8f
        mv      s1, a0
        la      a1, ls_stat
        call    fstat
        mv      t0, a0
        mv      a0, s1
        mv      s1, t0
        call    close
        mv      a0, s1
        bltz    a0, 8f
        la      t0, ls_stat
        lw      t1, STAT_TYPE(t0)
        li      t2, T_DIR
        bne     t1, t2, 1f
        la      t0, ls_ndirs            # a directory
        lw      t1, 0(t0)
        addi    t2, t1, 1
        sw      t2, 0(t0)
        slli    t1, t1, 2
        la      t0, ls_dirs
        add     t0, t0, t1
        sw      s0, 0(t0)
        j       7f
1:      mv      a0, s0                  # a file: a record for ls_print
        call    strlen
        li      t0, PATH_MAX
        li      a1, -ENAMETOOLONG
        bgeu    a0, t0, 9f
        li      a0, LS_FILEREC
        call    malloc
        li      a1, -ENOMEM
        beqz    a0, 9f
        mv      s1, a0
        la      t0, ls_stat
        lw      t1, STAT_TYPE(t0)
        sw      t1, DIRENT_TYPE(s1)
        lw      t1, STAT_FSIZE(t0)
        sw      t1, DIRENT_FSIZE(s1)
        lw      t1, STAT_MTIME(t0)
        sw      t1, LS_FILE_MTIME(s1)
        addi    a0, s1, DIRENT_NAME
        mv      a1, s0
        call    strcpy
        la      t0, ls_nfiles
        lw      t1, 0(t0)
        addi    t2, t1, 1
        sw      t2, 0(t0)
        slli    t1, t1, 2
        la      t0, ls_files
        add     t0, t0, t1
        sw      s1, 0(t0)
7:      li      a0, 0
        j       10f
8:      mv      a1, a0
9:      mv      a0, s0
        call    ls_error
        li      a0, 1
10:     lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ls_dir(path) -> 0, or 1 after reporting an error: list one directory.
ls_dir: addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        la      t0, ls_multi            # the header
        lw      t0, 0(t0)
        beqz    t0, 2f
        la      a0, ls_s_head
        la      t0, ls_printed
        lw      t0, 0(t0)
        bnez    t0, 1f
        addi    a0, a0, 1               # no blank line before the first
1:      mv      a1, s0
        call    printf
        la      t0, ls_printed
        li      t1, 1
        sw      t1, 0(t0)
2:      mv      a0, s0
        li      a1, O_RDONLY
        call    open
        bltz    a0, 8f
        mv      s1, a0
        call    ls_readdir
        mv      t0, a0
        mv      a0, s1
        mv      s1, t0
        sw      a1, 0(sp)
        call    close
        mv      a0, s1
        bltz    a0, 8f
        lw      a1, 0(sp)
        li      a2, DIRENT_MTIME
        call    ls_print
        li      a0, 0
        j       9f
8:      mv      a1, a0
        mv      a0, s0
        call    ls_error
        li      a0, 1
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ls_error(name, code): "ls: NAME: message" on standard error.
ls_error:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        mv      a0, a1
        call    strerror
        mv      a2, a0
        lw      a1, 8(sp)
        la      a0, ls_s_err
        call    eprintf
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ls_readdir(fd) -> array of pointers to the directory's DIRENT records,
# sorted by name, a1 = how many; or -errno (a failed getdents, -ENOMEM).
# The records and the array are malloc'd (and never freed: ls is short).
ls_readdir:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)               # fd
        sw      zero, 4(sp)             # bytes of records
        li      a0, LS_GETBUF           # capacity
        sw      a0, 8(sp)
        call    malloc
        beqz    a0, 80f
        mv      s0, a0                  # the records
1:      lw      t0, 4(sp)               # room for a full getdents?
        lw      t1, 8(sp)
        sub     t1, t1, t0
        li      t2, LS_GETBUF
        bgeu    t1, t2, 2f
        lw      a0, 8(sp)               # grow: twice the capacity
        slli    a0, a0, 1
        sw      a0, 8(sp)
        call    malloc
        beqz    a0, 80f
        mv      s1, a0
        mv      a1, s0
        lw      a2, 4(sp)
        call    memcpy
        mv      a0, s0
        call    free
        mv      s0, s1
2:      lw      a0, 0(sp)
        lw      t0, 4(sp)
        add     a1, s0, t0
        li      a2, LS_GETBUF
        call    getdents
        bltz    a0, 99f
        beqz    a0, 3f
        lw      t0, 4(sp)
        add     t0, t0, a0
        sw      t0, 4(sp)
        j       1b
3:      lw      a0, 4(sp)               # the pointer array
        li      t0, DIRENT_SIZE
        divu    s1, a0, t0              # entries
        slli    a0, s1, 2
        addi    a0, a0, 4
        call    malloc
        beqz    a0, 80f
        mv      t0, a0                  # fill it
        mv      t1, s0
        mv      t2, s1
4:      beqz    t2, 5f
        sw      t1, 0(t0)
        addi    t0, t0, 4
        addi    t1, t1, DIRENT_SIZE
        addi    t2, t2, -1
        j       4b
5:      mv      s0, a0
        mv      a1, s1
        li      a2, DIRENT_NAME
        call    ls_sort
        mv      a0, s0
        mv      a1, s1
        j       99f
80:     li      a0, -ENOMEM
99:     lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ls_sort(array, n, offset): sort n pointers by the strings at
# pointer + offset (insertion sort).
ls_sort:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)               # array
        sw      a1, 4(sp)               # n
        sw      a2, 8(sp)               # offset
        li      s0, 1                   # i
1:      lw      t0, 4(sp)
        bge     s0, t0, 9f
        lw      t0, 0(sp)
        slli    t1, s0, 2
        add     t1, t1, t0
        lw      t0, 0(t1)
        sw      t0, 12(sp)              # the key
        mv      s1, s0                  # j: where the key goes
2:      beqz    s1, 3f
        lw      t0, 0(sp)
        slli    t1, s1, 2
        add     t1, t1, t0
        lw      a1, -4(t1)              # array[j-1]
        lw      a0, 12(sp)
        lw      t0, 8(sp)
        add     a0, a0, t0
        add     a1, a1, t0
        call    strcmp
        bgez    a0, 3f
        lw      t0, 0(sp)               # move array[j-1] up
        slli    t1, s1, 2
        add     t1, t1, t0
        lw      t0, -4(t1)
        sw      t0, 0(t1)
        addi    s1, s1, -1
        j       2b
3:      lw      t0, 0(sp)
        slli    t1, s1, 2
        add     t1, t1, t0
        lw      t0, 12(sp)
        sw      t0, 0(t1)
        addi    s0, s0, 1
        j       1b
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ls_print(entries, n, mtime offset): print n entries (pointers to DIRENT
# records, their write stamp at that offset) in the short or the -l form.
ls_print:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a2, 0(sp)
        mv      s0, a0
        mv      s1, a1
        la      t0, ls_printed
        li      t1, 1
        sw      t1, 0(t0)
        la      t0, ls_long             # -l: the width of the sizes
        lw      t0, 0(t0)
        beqz    t0, 4f
        li      a3, 1                   # digits
        mv      t0, s0
        mv      t1, s1
1:      beqz    t1, 3f
        lw      t2, 0(t0)
        lw      t2, DIRENT_FSIZE(t2)
        li      a2, 1
        li      a4, 10
2:      bltu    t2, a4, 21f
        divu    t2, t2, a4
        addi    a2, a2, 1
        j       2b
21:     bleu    a2, a3, 22f
        mv      a3, a2
22:     addi    t0, t0, 4
        addi    t1, t1, -1
        j       1b
3:      la      a0, ls_fmt              # ls_fmt = "T %Wu %s %2u %s %s\n" (T: the type)
        li      t0, ' '
        sb      t0, 1(a0)
        li      t0, '%'
        sb      t0, 2(a0)
        addi    a0, a0, 3
        li      t1, 10
        blt     a3, t1, 31f
        li      t0, '1'
        sb      t0, 0(a0)
        addi    a0, a0, 1
        addi    a3, a3, -10
31:     addi    a3, a3, '0'
        sb      a3, 0(a0)
        addi    a0, a0, 1
        la      a1, ls_s_ltail
        call    strcpy
4:      beqz    s1, 9f
        lw      t0, 0(s0)               # the entry
        la      t1, ls_long
        lw      t1, 0(t1)
        bnez    t1, 6f
        la      a0, ls_s_name
        addi    a1, t0, DIRENT_NAME     # its name
        call    printf
        j       8f
6:      lw      t1, 0(sp)               # its time: month name, day, a2 = the
        add     t1, t1, t0              # hour and minute or the year
        lw      a0, 0(t1)
        call    ls_time
        mv      a4, a2
        mv      a3, a1
        mv      a2, a0
        lw      t0, 0(s0)
        lw      a1, DIRENT_FSIZE(t0)
        addi    a5, t0, DIRENT_NAME
        lw      t1, DIRENT_TYPE(t0)
        li      t0, 'd'
        li      t2, T_DIR
        beq     t1, t2, 7f
        li      t0, '-'
7:      la      a0, ls_fmt
        sb      t0, 0(a0)
        call    printf
8:      addi    s0, s0, 4
        addi    s1, s1, -1
        j       4b
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# ls_time(stamp a0: FAT date << 16 | time) -> a0 = the month's name ("???"
# if none), a1 = the day, a2 = "HH:MM" for a time within LS_RECENT before
# ls_now, else " YYYY" (in ls_when).
ls_time:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        mv      s0, a0
        srli    t0, s0, 25              # the date's fields
        addi    t0, t0, 1980
        sw      t0, 0(sp)               # year
        srli    t0, s0, 21
        andi    t0, t0, 15
        sw      t0, 4(sp)               # month
        srli    t0, s0, 16
        andi    t0, t0, 31
        sw      t0, 8(sp)               # day
        la      s1, ls_s_nomonth
        lw      t0, 4(sp)
        addi    t0, t0, -1
        sltiu   t1, t0, 12
        beqz    t1, 2f                  # no month: not a date, not recent
        slli    t0, t0, 2
        la      s1, civil_months
        add     s1, s1, t0              # s1: the month's name
        la      t0, ls_now
        lw      t0, 0(t0)
        bltz    t0, 2f                  # no clock: nothing is recent
        lw      a0, 0(sp)
        lw      a1, 4(sp)
        lw      a2, 8(sp)
        call    civil_days
        li      t0, 86400               # the stamp in seconds
        mul     a0, a0, t0
        srli    t0, s0, 11
        andi    t0, t0, 31
        li      t1, 3600
        mul     t0, t0, t1
        add     a0, a0, t0
        srli    t0, s0, 5
        andi    t0, t0, 63
        li      t1, 60
        mul     t0, t0, t1
        add     a0, a0, t0
        andi    t0, s0, 31
        slli    t0, t0, 1
        add     a0, a0, t0
        la      t0, ls_now              # recent: now - LS_RECENT < t <= now
        lw      t0, 0(t0)
        bgt     a0, t0, 2f
        li      t1, LS_RECENT
        sub     t0, t0, t1
        ble     a0, t0, 2f
        la      a0, ls_when             # "HH:MM"
        srli    a1, s0, 11
        andi    a1, a1, 31
        call    ls_2digits
        li      t0, ':'
        sb      t0, 0(a0)
        addi    a0, a0, 1
        srli    a1, s0, 5
        andi    a1, a1, 63
        call    ls_2digits
        j       3f
2:      la      a0, ls_when             # " YYYY" (1980-2107)
        li      t0, ' '
        sb      t0, 0(a0)
        lw      a1, 0(sp)
        li      t0, 100
        divu    a1, a1, t0
        addi    a0, a0, 1
        call    ls_2digits
        lw      a1, 0(sp)
        li      t0, 100
        remu    a1, a1, t0
        call    ls_2digits
3:      sb      zero, 0(a0)
        mv      a0, s1
        lw      a1, 8(sp)
        la      a2, ls_when
        lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

# ls_2digits(buf a0, v a1 0-99) -> a0 = buf + 2: v in two digits there.
ls_2digits:
        li      t0, 10
        divu    t1, a1, t0
        addi    t1, t1, '0'
        sb      t1, 0(a0)
        remu    t1, a1, t0
        addi    t1, t1, '0'
        sb      t1, 1(a0)
        addi    a0, a0, 2
        ret

        .section .rodata
ls_s_usage:     .asciz  "usage: ls [-l] [PATHS...]\n"
ls_s_err:       .asciz  "ls: %s: %s\n"
ls_s_head:      .asciz  "\n%s:\n"
ls_s_name:      .asciz  "%s\n"
ls_s_ltail:     .asciz  "u %s %2u %s %s\n"
ls_s_nomonth:   .asciz  "???"
ls_s_dot:       .asciz  "."
        .balign 4
ls_dot_argv:    .word   ls_s_dot, 0

        .bss
        .balign 4
ls_long:        .space  4               # 1 with -l
ls_multi:       .space  4               # 1 with several paths
ls_printed:     .space  4               # 1 once something was listed
ls_nfiles:      .space  4
ls_ndirs:       .space  4
ls_files:       .space  4 * MAXARG      # file arguments (their records)
ls_dirs:        .space  4 * MAXARG      # directory arguments (their paths)
ls_stat:        .space  STAT_SIZE
ls_fmt:         .space  32
ls_now:         .space  4               # time() when ls started (negative: no clock)
ls_when:        .space  8               # ls_time's "HH:MM" or " YYYY"
