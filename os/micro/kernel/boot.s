# boot.s -- the kernel's entry: memory, the banner, the boot modules, then
# the first process (rs).
#
# Entered in kernel mode with paging and interrupts off, a0 = the boot-info
# record (boot.inc) and sp = the top of RAM.

        .text
        .globl  _start

# _start(a0 = boot info): never returns.
_start:
        mv      s0, a0
        la      sp, kstack_top
        la      t0, trap_vector
        csrw    tvec, t0
        csrw    kscratch, zero          # the kernel is running
        la      a0, boot_msg_noinfo
        li      a1, 0
        beqz    s0, 9f
        lw      t0, BOOTINFO_MAGIC_OFF(s0)
        li      t1, BOOTINFO_MAGIC
        bne     t0, t1, 9f
        sw      s0, boot_info, t0
        lw      a0, BOOTINFO_FREE(s0)
        lw      a1, BOOTINFO_MEMSIZE(s0)
        call    kinit
        call    boot_banner
        call    crc32_init
        call    grant_init
        call    boot_modules
        call    hp_boot                 # the bus: its devices are RS's first events
        li      t0, TICK_INSNS
        out     t0, TIMER_PERIOD
        li      t0, (1 << IRQ_TIMER) | (1 << IRQ_HOTPLUG)  # the kernel's; other lines: their owners unmask them
        sw      t0, pic_mask, t1
        out     t0, PIC_MASK
        li      t0, DISK_WIN_ON         # the disk moves no sector until FS opens
        out     t0, DISK_WIN_CTL        # a window on a request (KC_DISKWIN)
        j       sched                   # run rs
9:      call    kpanic

# kputc(a0 = byte): one byte straight to the console UART, LF as CR LF.
kputc:
        li      t0, '\n'
        bne     a0, t0, 2f
        li      t1, '\r'
1:      in      t0, UART_LSR
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, 1b
        out     t1, UART_DATA
2:      in      t0, UART_LSR
        andi    t0, t0, LSR_THR_EMPTY
        beqz    t0, 2b
        out     a0, UART_DATA
        ret

# boot_banner(): "K32 micro kernel: N MiB RAM, N free pages, N boot modules".
boot_banner:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      a0, boot_msg_banner
        call    kputs
        lw      t0, boot_info
        lw      a0, BOOTINFO_MEMSIZE(t0)
        srli    a0, a0, 20
        call    kputdec
        la      a0, boot_msg_mib
        call    kputs
        lw      a0, kmem_count
        call    kputdec
        la      a0, boot_msg_pages
        call    kputs
        lw      t0, boot_info
        lw      a0, BOOTINFO_NMODS(t0)
        call    kputdec
        la      a0, boot_msg_mods
        call    kputs
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# boot_modules(): load every boot module into the slot its name gives
# (boot_names), or the next free one; only rs runs, with every privilege.
boot_modules:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        sw      s0, 8(sp)
        sw      s1, 4(sp)
        lw      t0, boot_info
        addi    s0, t0, BOOTINFO_MODS   # the module record
        lw      s1, BOOTINFO_NMODS(t0)
1:      beqz    s1, 8f
        li      a0, 1                   # which endpoint: by name
2:      slli    t0, a0, 3
        la      t1, boot_names - 8
        add     a1, t0, t1
        lbu     t0, 0(a1)
        beqz    t0, 3f                  # not a known name
        sw      a0, 0(sp)
        addi    a0, s0, BOOTMOD_NAME
        call    strcmp
        mv      t0, a0
        lw      a0, 0(sp)
        beqz    t0, 4f
        addi    a0, a0, 1
        j       2b
3:      call    proc_free_slot          # the next free one
        beqz    a0, 7f
        lw      a0, P_EP(a0)
4:      slli    t0, a0, PROC_SHIFT
        la      a0, proc_table
        add     a0, a0, t0
        mv      a1, s0
        call    proc_load_module
        bltz    a0, 6f
        addi    s0, s0, BOOTMOD_SIZE
        addi    s1, s1, -1
        j       1b
6:      mv      a1, a0
7:      la      a0, boot_msg_module
        call    kpanic
8:      la      a0, proc_table + EP_RS * PROC_SIZE
        lw      t0, P_STATE(a0)
        li      t1, PROC_EMBRYO
        bne     t0, t1, 9f
        li      t0, PROC_RUNNABLE
        sw      t0, P_STATE(a0)
        li      t0, -1                  # every privilege
        sw      t0, P_PRIV+PRIV_KCALLS(a0)
        sw      t0, P_PRIV+PRIV_SENDTO(a0)
        sw      t0, P_PRIV+PRIV_SENDTO+4(a0)
        lw      s1, 4(sp)
        lw      s0, 8(sp)
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret
9:      la      a0, boot_msg_nors
        li      a1, 0
        call    kpanic

        .rodata
boot_names:                             # the module of endpoint n at 8 * (n - 1)
        .asciz  "pm"
        .space  5
        .asciz  "fs"
        .space  5
        .asciz  "rs"
        .space  5
        .asciz  "tty"
        .space  4
        .asciz  "disk"
        .space  3
        .byte   0
boot_msg_banner:        .asciz  "K32 micro kernel: "
boot_msg_mib:           .asciz  " MiB RAM, "
boot_msg_pages:         .asciz  " free pages, "
boot_msg_mods:          .asciz  " boot modules\n"
boot_msg_noinfo:        .asciz  "no boot modules (boot with k32 boot --kernel micro)"
boot_msg_module:        .asciz  "cannot load a boot module"
boot_msg_nors:          .asciz  "no rs module"

        .data
        .balign 4
boot_info:      .word   0       # the boot-info record
pic_mask:       .word   0       # lines enabled at the PIC

        .bss
        .balign 16
kstack:         .space  KSTACK_SIZE
kstack_top:
