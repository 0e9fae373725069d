# rtcdrv.s -- the real-time clock's driver on the microkernel: /BIN/RTCDRV
# on the disk, endpoint EP_RTC (docs/micro.md, "Devices that come and go").
#
# Not a boot module: RS starts it when the clock arrives on the hot-plug
# bus (or by `service up /BIN/RTCDRV`), from its copy of this file, with
# exactly the clock's ports and IRQ as privileges (the port kernel calls
# on them, KC_IRQCTL, KC_DIAG, notifying RS) and a0 = the clock's first
# port | its IRQ << 16.  It reads the clock with the shared
# os/drivers/rtc.s, whose PIO_IN_AT/PIO_OUT_AT are kernel calls here.
#
#   RTC_TIME      -> seconds since 1970 (UTC), or -EIO (the clock is gone)
#   a notification from RS (heartbeat) -> a notification back to RS
#
# Its requests come from FS (the file stamps) and from users' SYS_time,
# which FS forwards: it answers whoever asks, with reply (IPC_SENDNB).
#
# Assembled with CRASH_AFTER=N defined (k32 asm -D, tests/os/
# test_hotplug_micro.py), it answers N requests of each start and faults
# on the next, as a driver with a bug would: RS restarts it from its copy.

        .include "server.s"
        .include "portio.inc"
        .include "drivers/rtc.s"

        .text

# main(device a0): the driver's loop; never returns.
main:
        li      t0, 0xFFFF
        and     a0, a0, t0
        la      t0, rtc_base
        sw      a0, 0(t0)
1:      li      a0, EP_ANY
        la      a1, rtc_msg
        call    ipc_receive
        bnez    a0, 1b
        mv      s0, a1                  # s0: the source
        lw      t0, rtc_msg             # m0: the request
        li      t1, MSG_NOTIFY
        bne     t0, t1, 2f
        li      t1, EP_RS               # RS's heartbeat: answer it
        bne     s0, t1, 1b
        li      a0, EP_RS
        call    ipc_notify
        j       1b
2:
        .ifdef CRASH_AFTER
        la      t2, rtc_served
        lw      t1, 0(t2)
        addi    t1, t1, 1
        sw      t1, 0(t2)
        li      t2, CRASH_AFTER
        bleu    t1, t2, 21f
        lw      t0, 0(zero)             # the bug: page 0 is never mapped
21:
        .endif
        li      t1, RTC_TIME
        li      a1, -EINVAL
        bne     t0, t1, 3f
        lw      a0, rtc_base
        call    rtc_read
        mv      a1, a0
3:      mv      a0, s0
        call    reply
        j       1b

        .bss
        .balign 4
rtc_base:       .space  4               # the clock's first port (RTC_INDEX's place)
rtc_msg:        .space  MSG_SIZE        # the request being served
        .ifdef CRASH_AFTER
rtc_served:     .space  4               # requests taken since it started
        .endif
