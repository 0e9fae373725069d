# hpsay.s: the start of a kernel's log line about a slot of the hot-plug
# bus, `kernel: slot 3: rtc: `, with the class by name (console, disk,
# timer, rtc; `device` for a class past those).  Shared by the monolithic
# kernel (os/mono/devices.s) and the modular one (os/modular/busdrv.s);
# needs kputs and kputdec (lib/kprint.s).

        .text

# hp_say(slot a0, class a1): "kernel: slot N: CLASS: "
hp_say:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        sw      a1, 4(sp)
        la      a0, hp_msg_slot
        call    kputs
        lw      a0, 8(sp)
        call    kputdec
        la      a0, hp_msg_sep
        call    kputs
        lw      t0, 4(sp)
        li      t1, HPC_RTC
        la      a0, hp_name_other
        bgtu    t0, t1, 1f
        slli    t0, t0, 2
        la      t1, hp_names
        add     t0, t0, t1
        lw      a0, 0(t0)
1:      call    kputs
        la      a0, hp_msg_sep
        call    kputs
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .rodata
        .balign 4
hp_names:
        .word   hp_name_none, hp_name_console, hp_name_disk, hp_name_timer, hp_name_rtc
hp_name_none:           .asciz  "empty"
hp_name_console:        .asciz  "console"
hp_name_disk:           .asciz  "disk"
hp_name_timer:          .asciz  "timer"
hp_name_rtc:            .asciz  "rtc"
hp_name_other:          .asciz  "device"
hp_msg_slot:            .asciz  "kernel: slot "
hp_msg_sep:             .asciz  ": "
