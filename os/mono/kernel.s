# kernel.s -- the monolithic kernel: every part of it, in one assembly unit.
#
# Its configuration (which drivers it has) is config.inc.
# Assembled with the include paths os/mono, os, os/include (in that order:
# this kernel's portio.inc wins).  The entry is _start (boot.s).  Free RAM
# starts after kernel_end, the last label of .bss, which the assembler lays
# out last.

        .include "k32.inc"
        .include "kernel.inc"
        .include "portio.inc"
        .include "fs/fs.inc"
        .include "config.inc"           # which drivers are compiled in

        .include "core.s"               # boot, traps, processes, files... (shared with modular)

        # Compiled in: the disk driver, the buffer cache and FAT16 (shared
        # with the microkernel's servers and the modular kernel's modules)
        .include "drivers/disk.s"
        .include "fs/bcache.s"
        .include "fs/fat16.s"

        # The hot-plug bus and the drivers config.inc compiles in
        .include "drivers/hotplug.s"
        .include "devices.s"
.if CONFIG_RTC
        .include "drivers/rtc.s"
.endif

        .bss
kernel_end:
