# chrdev.s -- the character-device interface: a module registers a device
# by name with a table of CHROP_* operations (interfaces.inc); a program
# opens it as /dev/NAME and reads and writes it like the console (the
# file layer, os/mono/file.s, calls chrdev_rw for such a file).  An open
# device holds a reference to its module, so rmmod refuses it while open.


        .equ NCHRDEV, 8                 # devices
        .equ CD_NAME, 0                 # entry: name (16 bytes), operations, module
        .equ CD_OPS, 16
        .equ CD_OWNER, 20
        .equ CD_SIZE, 24
        .equ CD_BOUNCE, 256             # most bytes one read or write moves

        .text

# chrdev_register(a0 = name, a1 = operations, a2 = module) -> 0; -EEXIST
# (the name is taken), -ENOSPC (no free entry), -EINVAL (bad name).
chrdev_register:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a0, 0(sp)
        sw      a1, 4(sp)
        sw      a2, 8(sp)
        call    strlen
        addi    t0, a0, -1
        li      t1, 15
        li      a0, -EINVAL
        bgeu    t0, t1, 9f              # 1..15 bytes
        lw      a0, 0(sp)
        call    chrdev_find
        li      t0, -EEXIST
        mv      t1, a0
        mv      a0, t0
        bnez    t1, 9f
        la      s0, chrdev_table
        li      s1, NCHRDEV
1:      lw      t0, CD_OPS(s0)
        beqz    t0, 2f
        addi    s0, s0, CD_SIZE
        addi    s1, s1, -1
        bnez    s1, 1b
        li      a0, -ENOSPC
        j       9f
2:      lw      a0, 0(sp)
        call    strlen
        addi    a2, a0, 1
        mv      a0, s0
        lw      a1, 0(sp)
        call    memcpy
        lw      t0, 4(sp)
        sw      t0, CD_OPS(s0)
        lw      t0, 8(sp)
        sw      t0, CD_OWNER(s0)
        li      a0, 0
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret
        EXPORT  chrdev_register

# chrdev_unregister(a0 = operations): its device is gone.
chrdev_unregister:
        la      t0, chrdev_table
        li      t1, NCHRDEV
1:      lw      t2, CD_OPS(t0)
        bne     t2, a0, 2f
        sw      zero, CD_OPS(t0)
        sw      zero, CD_OWNER(t0)
        sb      zero, CD_NAME(t0)
2:      addi    t0, t0, CD_SIZE
        addi    t1, t1, -1
        bnez    t1, 1b
        ret
        EXPORT  chrdev_unregister

# chrdev_find(a0 = name) -> its entry, or 0.
chrdev_find:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        la      s0, chrdev_table
        li      s1, NCHRDEV
1:      lw      t0, CD_OPS(s0)
        beqz    t0, 2f
        mv      a0, s0
        lw      a1, 0(sp)
        call    strcmp
        beqz    a0, 3f
2:      addi    s0, s0, CD_SIZE
        addi    s1, s1, -1
        bnez    s1, 1b
        li      s0, 0
3:      mv      a0, s0
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# chrdev_open(a0 = kernel path) -> 0 if it is not under /dev/; else the
# device's entry, opened (its module holds one more reference), or
# -ENOENT (no such device) or the device's own refusal.
chrdev_open:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      a0, 0(sp)
        la      a1, chrdev_prefix
        li      a2, 5
        call    strncmp
        mv      t0, a0
        li      a0, 0
        bnez    t0, 9f
        lw      a0, 0(sp)
        addi    a0, a0, 5
        call    chrdev_find
        mv      s0, a0
        li      a0, -ENOENT
        beqz    s0, 9f
        lw      t0, CD_OPS(s0)
        lw      t0, CHROP_OPEN(t0)
        li      a0, 0
        beqz    t0, 1f
        jalr    t0
        bltz    a0, 9f
1:      lw      a0, CD_OWNER(s0)
        call    mod_get
        mv      a0, s0
9:      lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# chrdev_close(a0 = entry): the last close of an open device.
chrdev_close:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        mv      s0, a0
        lw      t0, CD_OPS(s0)
        beqz    t0, 1f                  # (unregistered while open)
        lw      t0, CHROP_CLOSE(t0)
        beqz    t0, 1f
        jalr    t0
1:      lw      a0, CD_OWNER(s0)
        call    mod_put
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# chrdev_rw(a0 = entry, a1 = user buffer, a2 = n > 0, checked, a3 = 1 to
# read) -> bytes, or -errno: one read of at most CD_BOUNCE bytes, or a
# write of all n in pieces, through the bounce buffer.
chrdev_rw:
        addi    sp, sp, -32
        sw      ra, 28(sp)
        sw      s0, 24(sp)
        sw      s1, 20(sp)
        sw      a1, 0(sp)
        sw      a2, 4(sp)
        mv      s0, a0
        lw      t0, CD_OPS(s0)
        li      a0, -EIO
        beqz    t0, 9f
        beqz    a3, 3f
        lw      t0, CHROP_READ(t0)      # read
        beqz    t0, 9f
        la      a0, chrdev_bounce
        li      t1, CD_BOUNCE
        bleu    a2, t1, 1f
        mv      a2, t1
1:      mv      a1, a2
        jalr    t0
        blez    a0, 9f
        li      t1, CD_BOUNCE           # (a driver that says more than it may)
        bleu    a0, t1, 2f
        mv      a0, t1
2:      mv      s1, a0
        lw      a0, 0(sp)
        la      a1, chrdev_bounce
        mv      a2, s1
        call    copyout
        bltz    a0, 9f
        mv      a0, s1
        j       9f
3:      li      s1, 0                   # write: piece by piece
4:      lw      t0, 4(sp)
        bgeu    s1, t0, 7f
        sub     a2, t0, s1
        li      t1, CD_BOUNCE
        bleu    a2, t1, 5f
        mv      a2, t1
5:      sw      a2, 8(sp)
        la      a0, chrdev_bounce
        lw      a1, 0(sp)
        add     a1, a1, s1
        call    copyin
        bltz    a0, 8f
        lw      t0, CD_OPS(s0)
        lw      t0, CHROP_WRITE(t0)
        li      a0, -EIO
        beqz    t0, 8f
        la      a0, chrdev_bounce
        lw      a1, 8(sp)
        jalr    t0
        blez    a0, 8f
        lw      t0, 8(sp)
        bleu    a0, t0, 6f
        mv      a0, t0
6:      add     s1, s1, a0
        j       4b
7:      mv      a0, s1
        j       9f
8:      bnez    s1, 7b                  # an error after some bytes: the bytes
9:      lw      s1, 20(sp)
        lw      s0, 24(sp)
        lw      ra, 28(sp)
        addi    sp, sp, 32
        ret

        .rodata
chrdev_prefix:  .asciz  "/dev/"

        .bss
        .balign 4
chrdev_table:   .space  NCHRDEV * CD_SIZE
chrdev_bounce:  .space  CD_BOUNCE
