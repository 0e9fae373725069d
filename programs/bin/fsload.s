# fsload N SIZE SEED -- a file-system workload with known contents, for
# `k32 inject` (vm/inject.py) and anyone who wants to check that the disk
# path works end to end.
#
# Writes N files /FSLnn.DAT (nn = 00, 01, ...) of SIZE bytes each, syncs,
# then reads every file back and compares it with what was written.
# Prints "fsload: N files of SIZE bytes, seed SEED" first, "fsload: synced"
# once sync has returned (every file's write is then complete), then
# "fsload: ok" (exit 0) or "fsload: error: ..." (exit 1).  With files larger
# than the buffer cache (32 KiB) and at least two of them, the read-back
# comes from the disk, not the cache.  N is 1 to 100,
# SIZE a multiple of 4 from 4 to FSL_MAXSIZE.
#
# The contents are a function of SEED and the file number, which the host
# recomputes (vm/inject.py, fsload_content) to check the image after the
# run: file i is the little-endian words of xorshift32 (x ^= x << 13;
# x ^= x >> 17; x ^= x << 5; output x) started at
# x = SEED * 0x9E3779B1 + (i + 1) * 0x85EBCA6B (mod 2^32; 1 if that is 0).

        .include "runtime.s"

        .equ    FSL_MAXSIZE, 65536
        .equ    FSL_MAXFILES, 100

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        li      t0, 4
        bne     a0, t0, fsl_usage
        mv      s0, a1
        lw      a0, 4(s0)               # N
        call    atoi
        beqz    a1, fsl_usage
        blez    a0, fsl_usage
        li      t0, FSL_MAXFILES
        bgt     a0, t0, fsl_usage
        la      t0, fsl_n
        sw      a0, 0(t0)
        lw      a0, 8(s0)               # SIZE
        call    atoi
        beqz    a1, fsl_usage
        blez    a0, fsl_usage
        andi    t0, a0, 3
        bnez    t0, fsl_usage
        li      t0, FSL_MAXSIZE
        bgt     a0, t0, fsl_usage
        la      t0, fsl_size
        sw      a0, 0(t0)
        lw      a0, 12(s0)              # SEED
        call    atoi
        beqz    a1, fsl_usage
        la      t0, fsl_seed
        sw      a0, 0(t0)
        la      a0, fsl_s_start
        la      t0, fsl_n
        lw      a1, 0(t0)
        la      t0, fsl_size
        lw      a2, 0(t0)
        la      t0, fsl_seed
        lw      a3, 0(t0)
        call    printf

        li      s0, 0                   # write every file
1:      la      t0, fsl_n
        lw      t0, 0(t0)
        bge     s0, t0, 2f
        mv      a0, s0
        call    fsl_write
        bnez    a0, 9f
        addi    s0, s0, 1
        j       1b
2:      call    sync
        la      a1, fsl_s_sync
        la      a2, fsl_s_empty
        bltz    a0, 8f
        la      a0, fsl_s_synced
        call    printf
        li      s0, 0                   # read every file back
3:      la      t0, fsl_n
        lw      t0, 0(t0)
        bge     s0, t0, 4f
        mv      a0, s0
        call    fsl_check
        bnez    a0, 9f
        addi    s0, s0, 1
        j       3b
4:      la      a0, fsl_s_ok
        call    printf
        li      a0, 0
        j       99f
8:      call    fsl_fail                # a0 = -errno, a1 = what, a2 = path
9:      li      a0, 1
99:     lw      ra, 12(sp)
        lw      s0, 8(sp)
        lw      s1, 4(sp)
        addi    sp, sp, 16
        ret

fsl_usage:
        la      a0, fsl_s_usage
        call    eprintf
        li      a0, 2
        call    exit

# fsl_fail(code a0, what a1, path a2) -> 1: "fsload: error: WHAT PATH: MESSAGE".
fsl_fail:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a1, 8(sp)
        sw      a2, 4(sp)
        call    strerror
        mv      a3, a0
        la      a0, fsl_s_fail
        lw      a1, 8(sp)
        lw      a2, 4(sp)
        call    eprintf
        li      a0, 1
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# fsl_name(i a0): fsl_path = "/FSLnn.DAT" for file i.
fsl_name:
        la      t0, fsl_path
        li      t1, 10
        divu    t2, a0, t1
        addi    t2, t2, '0'
        sb      t2, 4(t0)
        remu    t2, a0, t1
        addi    t2, t2, '0'
        sb      t2, 5(t0)
        ret

# fsl_fill(i a0, buf a1): the SIZE bytes of file i's contents at buf.
fsl_fill:
        la      t0, fsl_seed
        lw      t0, 0(t0)
        li      t1, 0x9E3779B1
        mul     t0, t0, t1
        addi    a0, a0, 1
        li      t1, 0x85EBCA6B
        mul     t1, a0, t1
        add     t0, t0, t1              # x
        bnez    t0, 1f
        li      t0, 1
1:      la      t2, fsl_size
        lw      t2, 0(t2)
        add     t2, a1, t2              # end
2:      bgeu    a1, t2, 3f
        slli    t1, t0, 13
        xor     t0, t0, t1
        srli    t1, t0, 17
        xor     t0, t0, t1
        slli    t1, t0, 5
        xor     t0, t0, t1
        sw      t0, 0(a1)
        addi    a1, a1, 4
        j       2b
3:      ret

# fsl_write(i a0) -> 0, or 1 after the error message: create file i.
fsl_write:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        call    fsl_name
        mv      a0, s0
        la      a1, fsl_buf
        call    fsl_fill
        la      a0, fsl_path
        li      a1, O_WRONLY | O_CREAT | O_TRUNC
        call    open
        la      a1, fsl_s_open
        bltz    a0, 8f
        mv      s0, a0                  # s0: the fd
        la      a1, fsl_buf
        la      t0, fsl_size
        lw      a2, 0(t0)
        call    write
        la      a1, fsl_s_write
        bltz    a0, 7f
        la      t0, fsl_size
        lw      t0, 0(t0)
        beq     a0, t0, 1f
        li      a0, -EIO                # a short write
        j       7f
1:      mv      a0, s0
        call    close
        la      a1, fsl_s_close
        bltz    a0, 8f
        li      a0, 0
        j       9f
7:      sw      a0, 4(sp)               # close the fd, keep the first error
        sw      a1, 0(sp)
        mv      a0, s0
        call    close
        lw      a0, 4(sp)
        lw      a1, 0(sp)
8:      la      a2, fsl_path
        call    fsl_fail
9:      lw      ra, 12(sp)
        lw      s0, 8(sp)
        addi    sp, sp, 16
        ret

# fsl_check(i a0) -> 0, or 1 after the error message: read file i back
# (exactly SIZE bytes, then end of file) and compare.
fsl_check:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        call    fsl_name
        mv      a0, s0
        la      a1, fsl_buf
        call    fsl_fill
        la      a0, fsl_path
        li      a1, O_RDONLY
        call    open
        la      a1, fsl_s_open
        bltz    a0, 8f
        mv      s0, a0                  # s0: the fd, s1: bytes read
        li      s1, 0
1:      la      t0, fsl_size            # read up to SIZE + 4: a longer file shows
        lw      a2, 0(t0)
        addi    a2, a2, 4
        sub     a2, a2, s1
        blez    a2, 2f
        mv      a0, s0
        la      a1, fsl_back
        add     a1, a1, s1
        call    read
        la      a1, fsl_s_read
        bltz    a0, 7f
        beqz    a0, 2f
        add     s1, s1, a0
        j       1b
2:      mv      a0, s0
        call    close
        la      t0, fsl_size
        lw      t0, 0(t0)
        beq     s1, t0, 3f
        la      a0, fsl_s_length
        la      a1, fsl_path
        mv      a2, s1
        mv      a3, t0
        call    eprintf
        li      a0, 1
        j       9f
3:      la      a0, fsl_buf
        la      a1, fsl_back
        mv      a2, s1
        call    memcmp
        beqz    a0, 9f
        la      a0, fsl_s_differs
        la      a1, fsl_path
        call    eprintf
        li      a0, 1
        j       9f
7:      sw      a0, 0(sp)
        mv      a0, s0
        call    close
        lw      a0, 0(sp)
        la      a1, fsl_s_read
8:      la      a2, fsl_path
        call    fsl_fail
9:      lw      ra, 12(sp)
        lw      s0, 8(sp)
        lw      s1, 4(sp)
        addi    sp, sp, 16
        ret

        .data
fsl_path:       .asciz  "/FSL00.DAT"
fsl_s_usage:    .asciz  "usage: fsload N SIZE SEED (N 1-100 files, SIZE a multiple of 4 up to 65536 bytes)\n"
fsl_s_start:    .asciz  "fsload: %d files of %d bytes, seed %u\n"
fsl_s_synced:   .asciz  "fsload: synced\n"
fsl_s_ok:       .asciz  "fsload: ok\n"
fsl_s_fail:     .asciz  "fsload: error: %s%s: %s\n"
fsl_s_length:   .asciz  "fsload: error: %s: %d bytes, expected %d\n"
fsl_s_differs:  .asciz  "fsload: error: %s: contents differ\n"
fsl_s_open:     .asciz  "open "
fsl_s_write:    .asciz  "write "
fsl_s_close:    .asciz  "close "
fsl_s_read:     .asciz  "read "
fsl_s_sync:     .asciz  "sync"
fsl_s_empty:    .asciz  ""

        .bss
        .balign 4
fsl_n:          .space  4
fsl_size:       .space  4
fsl_seed:       .space  4
fsl_buf:        .space  FSL_MAXSIZE     # what file i holds
fsl_back:       .space  FSL_MAXSIZE + 4 # what was read back
