# hellodev.ko: a tiny character device.  Loaded, it registers /dev/hello;
# each open of it reads one line, "hello from a kernel module (read N)",
# where N counts the opens; what is written to it goes to the kernel log.
#
#   $ insmod /LIB/MOD/HELLODEV.KO
#   $ cat /dev/hello
#   hello from a kernel module (read 1)
#   $ echo hi > /dev/hello                    kernel log: hellodev: hi

        .include "kmod.inc"

        MODULE_NAME hellodev
        MODULE_DESCRIPTION "a character device: /dev/hello"
        MODULE_INIT hd_init
        MODULE_EXIT hd_exit

        .text
hd_init:
        la      a0, hd_name
        la      a1, hd_ops
        la      a2, __this_module
        j       chrdev_register

hd_exit:
        la      a0, hd_ops
        j       chrdev_unregister

# hd_open() -> 0: a new read starts at the beginning of the line.
hd_open:
        lw      t0, hd_opens
        addi    t0, t0, 1
        sw      t0, hd_opens, t1
        sw      zero, hd_done, t0
        li      a0, 0
        ret

# hd_read(dst, n) -> bytes: the line once, then 0 (the end).
hd_read:
        lw      t0, hd_done
        bnez    t0, 8f
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0                  # where the line goes
        mv      s1, a1                  # room
        li      t0, 48
        bltu    s1, t0, 7f              # too little room: nothing
        la      a1, hd_line
        li      a2, hd_line_len
        call    memcpy
        add     a0, s0, hd_line_len     # then the count, then ")\n"
        lw      a1, hd_opens
        call    hd_decimal
        li      t0, ')'
        sb      t0, 0(a0)
        li      t0, '\n'
        sb      t0, 1(a0)
        addi    a0, a0, 2
        sub     a0, a0, s0
        li      t0, 1
        sw      t0, hd_done, t1
        j       9f
7:      li      a0, 0
9:      lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
8:      li      a0, 0
        ret

# hd_decimal(a0 = where, a1 = value) -> a0 = past the digits written.
hd_decimal:
        addi    sp, sp, -16
        mv      t2, sp
        li      t1, 10
1:      remu    t0, a1, t1
        addi    t0, t0, '0'
        sb      t0, 0(t2)
        addi    t2, t2, 1
        divu    a1, a1, t1
        bnez    a1, 1b
2:      addi    t2, t2, -1              # most significant first
        lbu     t0, 0(t2)
        sb      t0, 0(a0)
        addi    a0, a0, 1
        bne     t2, sp, 2b
        addi    sp, sp, 16
        ret

# hd_write(src, n) -> n: the bytes to the kernel log after "hellodev: ".
hd_write:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        mv      s0, a0
        mv      s1, a1
        sw      a1, 0(sp)
        la      a0, hd_prefix
        call    kputs
1:      beqz    s1, 2f
        lbu     a0, 0(s0)
        call    kputc
        addi    s0, s0, 1
        addi    s1, s1, -1
        j       1b
2:      lw      a0, 0(sp)
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# hd_close(): nothing to do.
hd_close:
        ret

        .rodata
        .balign 4
hd_ops: .word   hd_open, hd_read, hd_write, hd_close    # CHROP_*
hd_name:        .asciz  "hello"
hd_line:        .ascii  "hello from a kernel module (read "
        .equ    hd_line_len, . - hd_line
hd_prefix:      .asciz  "hellodev: "

        .data
        .balign 4
hd_opens:       .word   0
hd_done:        .word   0
