# boot.s -- the kernel's entry: bring the machine up, start init, schedule.
#
# Entered in kernel mode with paging and interrupts off, a0 = the boot-info
# record (boot.inc) from `k32 boot`, or 0 under a bare `k32 run`, and sp =
# the top of RAM.


        .equ BOOT_STACK_SIZE, 4096      # boot, then the scheduler, run on it

        .text
        .globl  _start

# _start(a0 = boot info or 0): never returns.
_start:
        mv      s0, a0
        mv      s1, sp                  # the top of RAM, if there is no boot info
        la      sp, boot_stack_top
        la      t0, trap_vector
        csrw    tvec, t0
        csrw    kscratch, zero          # the kernel is running
        call    uart_init
        call    tty_init
        # Free memory: from the boot info, else from the end of the kernel
        # to the top of RAM.
        la      a0, kernel_end
        mv      a1, s1
        beqz    s0, 1f
        lw      t0, BOOTINFO_MAGIC_OFF(s0)
        li      t1, BOOTINFO_MAGIC
        bne     t0, t1, 1f
        lw      a0, BOOTINFO_FREE(s0)
        lw      a1, BOOTINFO_MEMSIZE(s0)
1:      mv      s1, a1
        call    kinit
        mv      a0, s1
        call    boot_banner
        call    crc32_init
        li      t0, TICK_INSNS
        out     t0, TIMER_PERIOD
        li      t0, (1 << IRQ_TIMER) | (1 << IRQ_CONSOLE) | (1 << IRQ_HOTPLUG)
        out     t0, PIC_MASK
.ifdef KTEST_PANIC
        li      a0, 0x600DF00D          # test build only: a kernel fault with
        li      t0, -16                 # known registers (a load outside RAM)
        lw      t1, 0(t0)
.endif
.ifdef KERNEL_MODULES
        mv      a0, s0                  # the modular kernel: its boot modules
        call    mod_boot                # (the disk driver, the cache, FAT16),
        call    vfs_mount               # then the root they provide
.else
        call    fs_init
.endif
        bgez    a0, 2f
        mv      a1, a0
        la      a0, boot_msg_nodisk
        li      t0, -EIO
        beq     a1, t0, 3f
        la      a0, boot_msg_notfat
3:      call    kpanic
2:
.ifndef KERNEL_MODULES
        call    hotplug_boot            # the devices on the bus (devices.s)
.endif
        la      a0, boot_init_path
        call    boot_start_init
        j       proc_scheduler

# boot_banner(a0 = bytes of RAM): "K32 mono kernel: N MiB RAM, N free pages"
# ("K32 modular kernel: ..." for the modular kernel).
boot_banner:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      a0, 8(sp)
        la      a0, boot_msg_banner
        call    kputs
        lw      a0, 8(sp)
        srli    a0, a0, 20
        beqz    a0, 1f
        call    kputdec
        la      a0, boot_msg_mib
        j       2f
1:      lw      a0, 8(sp)               # under 1 MiB: in KiB
        srli    a0, a0, 10
        call    kputdec
        la      a0, boot_msg_kib
2:      call    kputs
        lw      a0, kmem_count
        call    kputdec
        la      a0, boot_msg_pages
        call    kputs
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# kputc(a0 = byte): one byte to the console, LF as CR LF (lib/kprint.s
# prints through it).
        EXPORT  kputc
kputc:
        j       tty_putc                # tail call

# boot_start_init(a0 = path): create pid 1 running that program, with fds
# 0, 1 and 2 on the console.  Panics if it cannot.
boot_start_init:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        sw      a0, 0(sp)
        call    proc_alloc
        mv      s0, a0
        la      a0, boot_msg_noproc
        li      a1, 0
        beqz    s0, 9f
        sw      s0, proc_init, t0
        sw      s0, cur_proc, t0        # exec works on cur_proc
        lw      a0, 0(sp)
        call    exec_kernel
        mv      a1, a0
        la      a0, boot_msg_noinit
        bltz    a1, 9f
        call    file_console
        la      s1, boot_msg_noconsole
        beqz    a0, 8f
        sw      a0, P_OFILE(s0)
        call    file_dup
        sw      a0, P_OFILE+4(s0)
        call    file_dup
        sw      a0, P_OFILE+8(s0)
        li      t0, PROC_RUNNABLE
        sw      t0, P_STATE(s0)
        sw      zero, cur_proc, t0
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
8:      mv      a0, s1
        li      a1, 0
9:      call    kpanic

        .rodata
boot_init_path:         .asciz  "/bin/init"
.ifdef KERNEL_MODULES
boot_msg_banner:        .asciz  "K32 modular kernel: "
.else
boot_msg_banner:        .asciz  "K32 mono kernel: "
.endif
boot_msg_mib:           .asciz  " MiB RAM, "
boot_msg_kib:           .asciz  " KiB RAM, "
boot_msg_pages:         .asciz  " free pages\n"
boot_msg_nodisk:        .asciz  "no disk, or the disk cannot be read"
boot_msg_notfat:        .asciz  "the disk has no FAT16 file system"
boot_msg_noproc:        .asciz  "no memory for init"
boot_msg_noinit:        .asciz  "cannot start /bin/init"
boot_msg_noconsole:     .asciz  "no file for the console"

        .bss
        .balign 16
boot_stack:     .space  BOOT_STACK_SIZE
boot_stack_top:
