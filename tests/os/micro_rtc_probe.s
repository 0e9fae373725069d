# micro_rtc_probe.s -- a test program put on the disk as /BIN/RTCDRV: RS
# starts it as the clock's driver when the clock arrives, with the clock's
# ports and IRQ only.  It shows what it may and may not do: its own ports
# work; a message to the disk driver, a grant copy and a block transfer are
# refused (logged); the disk's status port is refused and kills it (RS then
# restarts it, so its lines come again, with backoff).
        .include "server.s"
        .text
main:   addi    sp, sp, -16
        sw      a0, 0(sp)               # the device: first port | IRQ << 16
        li      t0, 0xFFFF
        and     a0, a0, t0
        sw      a0, 4(sp)
        la      a0, p_dev
        lw      a1, 4(sp)
        lw      a2, 0(sp)
        srli    a2, a2, 16
        call    dprintf
        lw      a0, 4(sp)               # its own clock: select the century, read it
        li      a1, RTC_REG_CENTURY
        li      a2, 1
        KCALL   KC_DEVIO
        lw      a0, 4(sp)
        addi    a0, a0, 1
        li      a2, 0
        KCALL   KC_DEVIO
        mv      a1, a0
        la      a0, p_own
        call    dprintf
        li      a0, EP_DISK             # a message to the disk driver
        la      a1, p_msg
        call    ipc_sendnb
        mv      a1, a0
        la      a0, p_send
        call    dprintf
        li      a0, 0x101               # a grant copy (no KC_SAFECOPY)
        li      a1, 0
        la      a2, p_msg
        li      a3, 4
        li      a4, 0
        KCALL   KC_SAFECOPY
        mv      a1, a0
        la      a0, p_copy
        call    dprintf
        la      a0, p_disk              # the disk's status port: it dies of it
        call    dprintf
        li      a0, DISK_STATUS
        li      a2, 0
        KCALL   KC_DEVIO
        la      a0, p_alive
        call    dprintf
1:      j       1b

        .rodata
p_dev:   .asciz "rtcprobe: device port 0x%x irq %d"
p_own:   .asciz "rtcprobe: own port (century) -> %d"
p_send:  .asciz "rtcprobe: message to the disk driver -> %d"
p_copy:  .asciz "rtcprobe: grant copy -> %d"
p_disk:  .asciz "rtcprobe: the disk's status port next"
p_alive: .asciz "rtcprobe: still alive"
        .data
        .balign 4
p_msg:   .word  BLK_SECTORS, 0, 0, 0, 0
