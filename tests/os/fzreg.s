# fzreg CASE -- regression cases for the kernel bugs sysfuzz found
# (tests/fuzz/test_fuzz_syscalls.py boots both kernels with this program
# added to the disk as /BIN/FZREG).  Prints "CASE: OK", or "CASE: FAILED
# (what)" and exits 1.  A case that hangs is caught by the test's step
# budget; a kernel that blames a driver shows on the console.
#
#   sleepmin      sleep(INT_MIN) returns 0 at once (mono: it slept ~2^31 ticks)
#   enosys        an unknown call number gives -ENOSYS in a0 and keeps a5
#   readunmapped  read() of a file into memory that is not mapped gives
#                 -EFAULT, and the next read works (micro: FS complained
#                 about the disk driver, which RS killed and restarted)

        .include "runtime.s"

        .text
main:   addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        li      t0, 2
        bne     a0, t0, 8f
        lw      s0, 4(a1)               # the case
        la      t0, fzreg_cases
1:      lw      a0, 0(t0)
        beqz    a0, 8f
        sw      t0, 0(sp)
        mv      a1, s0
        call    strcmp
        lw      t0, 0(sp)
        addi    t0, t0, 8
        bnez    a0, 1b
        lw      t0, -4(t0)
        jalr    t0                      # -> 0, or a0 = what failed (a string), a1 = the value
        bnez    a0, 2f
        la      a0, fzreg_s_ok
        mv      a1, s0
        call    printf
        li      a0, 0
        j       9f
2:      mv      a3, a1
        mv      a2, a0
        mv      a1, s0
        la      a0, fzreg_s_failed
        call    printf
        li      a0, 1
        j       9f
8:      la      a0, fzreg_s_usage
        call    eprintf
        li      a0, 2
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# sleep(0x80000000): n <= 0, so at once; at most a tick may pass.
fzreg_sleepmin:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        call    uptime
        mv      s0, a0
        li      a0, 0x80000000
        call    sleep
        mv      a1, a0
        la      a0, fzreg_s_sleepres
        bnez    a1, 9f
        call    uptime
        sub     a1, a0, s0
        li      t0, 2
        la      a0, fzreg_s_slept
        bgeu    a1, t0, 9f
        li      a0, 0
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# An unknown system-call number: a0 = -ENOSYS and nothing else changes --
# a5 still holds the number (micro wrote -ENOSYS into a5 as well).
fzreg_enosys:
        li      a5, 999
        syscall
        mv      a1, a0
        li      t0, -ENOSYS
        la      a0, fzreg_s_enosys_a0
        bne     a1, t0, 9f
        mv      a1, a5
        li      t0, 999
        la      a0, fzreg_s_enosys_a5
        bne     a1, t0, 9f
        li      a0, 0
9:      ret

# read /BIN/SH into an unmapped address (twice: a range that wraps past the
# top of memory, and one that is wholly unmapped): -EFAULT; then a read
# into good memory still gives the file's first bytes (the .kx magic).
fzreg_readunmapped:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        la      a0, fzreg_s_sh
        li      a1, O_RDONLY
        call    open
        mv      s0, a0
        mv      a1, a0
        la      a0, fzreg_s_open
        bltz    a1, 9f
        mv      a0, s0
        li      a1, -1
        li      a2, 0x2318
        call    read
        mv      a1, a0
        li      t0, -EFAULT
        la      a0, fzreg_s_read1
        bne     a1, t0, 9f
        mv      a0, s0
        li      a1, 0x40000000
        li      a2, 0x7FFFFFFF
        call    read
        mv      a1, a0
        li      t0, -EFAULT
        la      a0, fzreg_s_read2
        bne     a1, t0, 9f
        mv      a0, s0                  # back to the start, then a good read
        li      a1, 0
        li      a2, SEEK_SET
        call    lseek
        mv      a0, s0
        la      a1, fzreg_buf
        li      a2, 4096
        call    read
        mv      a1, a0
        li      t0, 4096
        la      a0, fzreg_s_read3
        bne     a1, t0, 9f
        lw      a1, fzreg_buf           # "K32X", little-endian
        li      t0, 0x5832334B
        la      a0, fzreg_s_magic
        bne     a1, t0, 9f
        mv      a0, s0
        call    close
        li      a0, 0
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .rodata
        .balign 4
fzreg_cases:                            # name, function; 0 ends
        .word   fzreg_s_sleepmin, fzreg_sleepmin
        .word   fzreg_s_readunmapped, fzreg_readunmapped
        .word   fzreg_s_enosys, fzreg_enosys
        .word   0, 0
fzreg_s_sleepmin:       .asciz  "sleepmin"
fzreg_s_readunmapped:   .asciz  "readunmapped"
fzreg_s_enosys:         .asciz  "enosys"
fzreg_s_enosys_a0:      .asciz  "a0 after call 999 is"
fzreg_s_enosys_a5:      .asciz  "a5 after call 999 is"
fzreg_s_ok:             .asciz  "%s: OK\n"
fzreg_s_failed:         .asciz  "%s: FAILED (%s %d)\n"
fzreg_s_usage:          .asciz  "usage: fzreg CASE\n"
fzreg_s_sleepres:       .asciz  "sleep returned"
fzreg_s_slept:          .asciz  "ticks slept"
fzreg_s_sh:             .asciz  "/BIN/SH"
fzreg_s_open:           .asciz  "open /BIN/SH returned"
fzreg_s_read1:          .asciz  "read at 0xffffffff returned"
fzreg_s_read2:          .asciz  "read at 0x40000000 returned"
fzreg_s_read3:          .asciz  "the good read returned"
fzreg_s_magic:          .asciz  "the good read's first word is"

        .bss
        .balign 4
fzreg_buf:      .space  4096
