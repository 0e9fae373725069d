# modprobe [-r] NAME [name=value ...] -- load a module and what it needs.
#
# /LIB/MOD/MODULES.DEP (written by the build, as Linux's depmod writes
# modules.dep) has a line per module:
#
#   FAT16.KO: BCACHE.KO DISK.KO
#
# the module's file in /LIB/MOD, then every module it needs, directly or
# not, in an order that loads from the last to the first.  modprobe NAME
# loads each of them that is not loaded yet (lsmod's list), then NAME from
# /LIB/MOD/NAME.KO (NAME upper-cased, cut to 8), giving it the parameters;
# one already loaded is success.  modprobe -r NAME removes NAME, then each
# of its dependencies that nothing uses any more (no references).  Blank
# lines and lines that start with '#' are passed over.
#
# Failures: "modprobe: NAME: not found in /LIB/MOD/MODULES.DEP", the
# kernel's reason for a module it refused ("modprobe: rtc: unknown symbol
# rtc_base"), a file that cannot be read; status 1.  Usage errors: 2.

        .include "runtime.s"
        .include "modtool.s"

        .equ    MP_MAXDEPS, 32          # dependencies on one line
        .equ    MP_BASEMAX, 15          # bytes of a module name taken from a file name

        .text
        MT_MAIN mp_s_name, 2, MAXARG, mp_s_usage
        addi    s1, s1, 4               # argv cursor
        lw      a0, 0(s1)
        beqz    a0, .Lusage
        la      a1, mp_s_dashr
        call    strcmp
        bnez    a0, 1f
        la      t0, mp_remove
        li      t1, 1
        sw      t1, 0(t0)
        addi    s1, s1, 4
        lw      t0, 0(s1)
        beqz    t0, .Lusage
        lw      t0, 4(s1)               # -r takes no parameters
        bnez    t0, .Lusage
1:      lw      a0, 0(s1)
        lbu     t0, 0(a0)
        li      t1, '-'
        beq     t0, t1, .Lusage         # no other options
        addi    a0, s1, 4
        call    mt_params
        bgez    a0, 2f
        la      a0, mp_s_toolong
        li      a1, MODPARAM_MAX - 1
        call    eprintf
        li      a0, 1
        j       9f
2:      la      t0, mp_params
        sw      a0, 0(t0)
        lw      a0, 0(s1)               # NAME -> NAME.KO, the key of its line
        la      a1, mp_file
        call    mp_filename
        la      a0, mp_s_depfile
        call    mt_readfile
        bgez    a0, 3f
        mv      a2, a0
        la      a1, mp_s_depfile
        la      a0, mp_s_name
        li      a3, 0
        call    mt_fail
        j       9f
3:      call    mp_finddeps
        bgtz    a0, 5f
        la      t0, mp_s_notfound
        beqz    a0, 4f
        la      t0, mp_s_toomany
4:      lw      a1, 0(s1)
        mv      a0, t0
        call    eprintf
        li      a0, 1
        j       9f
5:      call    mt_list
        bgez    a0, 6f
        mv      a1, a0
        la      a0, mp_s_name
        call    perror
        li      a0, 1
        j       9f
6:      la      t0, mp_remove
        lw      t0, 0(t0)
        bnez    t0, 7f
        call    mp_insert
        j       9f
7:      call    mp_unload
        j       9f
.Lusage:
        la      a0, mp_s_usage
        call    eprintf
        li      a0, 2
9:      LEAVE

# mp_filename(name, out): "NAME.KO" in out (16 bytes): name up to its
# first '.', upper-cased, cut to 8 bytes.
mp_filename:
        li      t2, MT_NAMECUT
1:      lbu     t0, 0(a0)
        beqz    t0, 2f
        li      t1, '.'
        beq     t0, t1, 2f
        beqz    t2, 2f
        addi    t1, t0, -'a'            # upper case: clear bit 5 of 'a'..'z'
        sltiu   t1, t1, 26
        slli    t1, t1, 5
        xor     t0, t0, t1
        sb      t0, 0(a1)
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    t2, t2, -1
        j       1b
2:      la      a0, mp_s_ko
        lw      t0, 0(a0)               # ".KO" and its NUL
        sb      t0, 0(a1)
        srli    t0, t0, 8
        sb      t0, 1(a1)
        srli    t0, t0, 8
        sb      t0, 2(a1)
        sb      zero, 3(a1)
        ret

# mp_basename(file, out): the module name of a file name: up to its first
# '.', lower-cased, at most MP_BASEMAX bytes, in out (16 bytes).
mp_basename:
        li      t2, MP_BASEMAX
1:      lbu     t0, 0(a0)
        beqz    t0, 2f
        li      t1, '.'
        beq     t0, t1, 2f
        beqz    t2, 2f
        addi    t1, t0, -'A'
        sltiu   t1, t1, 26
        slli    t1, t1, 5
        or      t0, t0, t1
        sb      t0, 0(a1)
        addi    a0, a0, 1
        addi    a1, a1, 1
        addi    t2, t2, -1
        j       1b
2:      sb      zero, 0(a1)
        ret

# mp_finddeps(text) -> 1 after filling mp_deps/mp_ndeps from the line of
# mp_file in the NUL-terminated MODULES.DEP text (changed: lines and names
# end in NULs); 0 when no line is for it; -1 when it has more than
# MP_MAXDEPS dependencies.
mp_finddeps:
        ENTER
        mv      s0, a0                  # this line
1:      mv      s1, s0                  # find its end
2:      lbu     t0, 0(s1)
        beqz    t0, 3f
        li      t1, '\n'
        beq     t0, t1, 3f
        addi    s1, s1, 1
        j       2b
3:      sw      t0, 0(sp)               # NUL: the last line
        sb      zero, 0(s1)
        mv      a0, s0
        call    mp_line
        bnez    a0, 9f
        lw      t0, 0(sp)
        beqz    t0, 9f
        addi    s0, s1, 1
        j       1b
9:      LEAVE

# mp_isblank(c) -> a0 = 1 for a space, tab or CR (a DOS line end), else 0.
mp_isblank:
        li      t0, ' '
        beq     a0, t0, 1f
        li      t0, '\t'
        beq     a0, t0, 1f
        li      t0, '\r'
        beq     a0, t0, 1f
        li      a0, 0
        ret
1:      li      a0, 1
        ret

# mp_skipblanks(s) -> the first byte of s that is not blank.  Changes only
# a0, a1, t0, t1.
mp_skipblanks:
        mv      t1, ra
        mv      a1, a0
1:      lbu     a0, 0(a1)
        call    mp_isblank
        beqz    a0, 2f
        addi    a1, a1, 1
        j       1b
2:      mv      a0, a1
        mv      ra, t1
        ret

# mp_line(line) -> as mp_finddeps, for one NUL-terminated line.
mp_line:
        ENTER
        call    mp_skipblanks
        mv      s0, a0                  # the key
        lbu     t0, 0(s0)
        beqz    t0, 8f                  # blank
        li      t1, '#'
        beq     t0, t1, 8f              # a comment
        li      a1, ':'
        call    strchr
        beqz    a0, 8f                  # no ':': not a dependency line
        sb      zero, 0(a0)
        addi    s1, a0, 1               # the dependencies
1:      addi    a0, a0, -1              # blanks before the ':' end the key too
        bltu    a0, s0, 2f
        sw      a0, 0(sp)
        lbu     a0, 0(a0)
        call    mp_isblank
        lw      t0, 0(sp)
        beqz    a0, 2f
        sb      zero, 0(t0)
        mv      a0, t0
        j       1b
2:      mv      a0, s0
        la      a1, mp_file
        li      a2, PATH_MAX
        call    mt_casecmp
        bnez    a0, 8f
        la      t0, mp_ndeps            # its line: the names after the ':'
        sw      zero, 0(t0)
3:      mv      a0, s1
        call    mp_skipblanks
        mv      s1, a0
        lbu     t0, 0(s1)
        beqz    t0, 7f
        la      t0, mp_ndeps
        lw      t1, 0(t0)
        li      t2, MP_MAXDEPS
        bgeu    t1, t2, 6f
        slli    t2, t1, 2
        addi    t1, t1, 1
        sw      t1, 0(t0)
        la      t0, mp_deps
        add     t0, t0, t2
        sw      s1, 0(t0)
4:      addi    s1, s1, 1               # to the end of the name
        lbu     a0, 0(s1)
        beqz    a0, 3b
        call    mp_isblank
        beqz    a0, 4b
        sb      zero, 0(s1)
        addi    s1, s1, 1
        j       3b
6:      li      a0, -1
        j       9f
7:      li      a0, 1
        j       9f
8:      li      a0, 0
9:      LEAVE

# mp_insert() -> exit status: load the dependencies, last first, then
# mp_file with the parameters.
mp_insert:
        ENTER
        la      t0, mp_ndeps
        lw      s0, 0(t0)
1:      beqz    s0, 2f
        addi    s0, s0, -1
        slli    t0, s0, 2
        la      t1, mp_deps
        add     t0, t0, t1
        lw      a0, 0(t0)
        li      a1, 0
        call    mp_load
        bnez    a0, 9f
        j       1b
2:      la      a0, mp_file
        la      t0, mp_params
        lw      a1, 0(t0)
        call    mp_load
9:      LEAVE

# mp_load(file, params) -> 0 when the module of /LIB/MOD/file is loaded
# (now or before), else 1 after saying why.
mp_load:
        ENTER
        sw      a1, 0(sp)
        mv      s0, a0
        la      a1, mp_base
        call    mp_basename
        la      a0, mp_base
        call    mt_find
        bnez    a0, 8f                  # loaded already
        mv      a0, s0
        call    strlen
        li      t0, NAME_MAX
        li      a2, -ENAMETOOLONG
        mv      a1, s0
        bgtu    a0, t0, 7f
        la      a0, mp_path
        la      a1, mp_s_dir
        call    strcpy
        la      a0, mp_path
        mv      a1, s0
        call    strcat
        la      a0, mp_path
        call    mt_readfile
        bgez    a0, 1f
        mv      a2, a0
        la      a1, mp_path
        j       7f
1:      mv      s1, a0                  # a1: its size
        lw      a2, 0(sp)
        la      a3, mt_why
        sb      zero, 0(a3)
        call    modload
        sw      a0, 0(sp)
        mv      a0, s1
        call    free
        lw      a2, 0(sp)
        bgez    a2, 8f
        li      t0, -EEXIST             # loaded meanwhile: as good
        beq     a2, t0, 8f
        la      a1, mp_base
        la      a3, mt_why
        la      a0, mp_s_name
        call    mt_fail
        j       9f
7:      la      a0, mp_s_name           # a1 = what, a2 = its error
        li      a3, 0
        call    mt_fail
        j       9f
8:      li      a0, 0
9:      LEAVE

# mp_unload() -> exit status: remove mp_file's module, then each of its
# dependencies that nothing uses any more, in the order of its line.
mp_unload:
        ENTER
        la      a0, mp_file
        la      a1, mp_base
        call    mp_basename
        la      a0, mp_base
        call    mt_find
        bnez    a0, 1f
        la      a0, mp_s_notloaded
        la      a1, mp_base
        call    eprintf
        li      a0, 1
        j       9f
1:      mv      s0, a0                  # its record (the kernel's spelling of its name)
        la      a1, mt_why
        sb      zero, 0(a1)
        call    modunload
        bgez    a0, 2f
        mv      a2, a0
        mv      a1, s0
        la      a0, mp_s_name
        la      a3, mt_why
        call    mt_fail
        j       9f
2:      li      s0, 0                   # dependency index
3:      la      t0, mp_ndeps
        lw      t0, 0(t0)
        bgeu    s0, t0, 8f
        call    mt_list                 # what is loaded and used now
        bltz    a0, 8f
        slli    t0, s0, 2
        la      t1, mp_deps
        add     t0, t0, t1
        lw      a0, 0(t0)
        la      a1, mp_base
        call    mp_basename
        la      a0, mp_base
        call    mt_find
        beqz    a0, 4f
        lw      t0, MODSTAT_REFS(a0)
        bnez    t0, 4f                  # still used: it stays
        la      a1, mt_why
        call    modunload
4:      addi    s0, s0, 1
        j       3b
8:      li      a0, 0
9:      LEAVE

        .section .rodata
mp_s_usage:     .asciz  "usage: modprobe NAME [name=value ...] | modprobe -r NAME\n"
mp_s_name:      .asciz  "modprobe"
mp_s_dashr:     .asciz  "-r"
mp_s_depfile:   .asciz  "/LIB/MOD/MODULES.DEP"
mp_s_dir:       .asciz  "/LIB/MOD/"
        .balign 4
mp_s_ko:        .asciz  ".KO"
mp_s_toolong:   .asciz  "modprobe: parameters too long (at most %u bytes)\n"
mp_s_notfound:  .asciz  "modprobe: %s: not found in /LIB/MOD/MODULES.DEP\n"
mp_s_toomany:   .asciz  "modprobe: %s: too many dependencies in /LIB/MOD/MODULES.DEP\n"
mp_s_notloaded: .asciz  "modprobe: %s: not loaded\n"

        .bss
        .balign 4
mp_remove:      .space  4               # 1: -r
mp_params:      .space  4               # the parameter string, or 0
mp_ndeps:       .space  4
mp_deps:        .space  MP_MAXDEPS * 4  # the names on NAME's line, as written
mp_file:        .space  16              # NAME.KO
mp_base:        .space  16              # a module's name from its file's
mp_path:        .space  PATH_MAX
