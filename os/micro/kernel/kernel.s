# kernel.s -- the microkernel: every part of it, in one assembly unit
# (docs/micro.md).
#
# Assembled with the include paths os/micro/kernel, os, os/include.  The
# entry is _start (boot.s).  Free RAM comes from the boot-info record.
# Kernel mode addresses physical memory, user mode is paged, as on the
# monolithic kernel, whose library (os/lib) it shares.

        .include "k32.inc"
        .include "kernel.inc"

        .include "boot.s"               # entry, banner, boot modules
        .include "trap.s"               # trap entry and exit, scheduling, interrupts, faults
        .include "ipc.s"                # messages, notifications, system calls as messages
        .include "grant.s"              # grants and copies through them
        .include "kcall.s"              # kernel calls, process life and death
        .include "iomap.s"              # direct port access: I/O permission maps
        .include "hotplug.s"            # the hot-plug bus: enumeration, events for RS

        # Shared with the monolithic kernel
        .include "lib/kprint.s"
        .include "lib/kalloc.s"
        .include "lib/vm.s"
        .include "lib/kfault.s"
        .include "lib/kxload.s"
        .include "lib/crc32.s"
        .include "lib/kstring.s"

        .bss
kernel_end:
