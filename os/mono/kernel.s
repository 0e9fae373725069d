# kernel.s -- the monolithic kernel: every part of it, in one assembly unit.
#
# Assembled with the include paths os/mono, os, os/include (in that order:
# this kernel's portio.inc wins).  The entry is _start (boot.s).  Free RAM
# starts after kernel_end, the last label of .bss, which the assembler lays
# out last.

        .include "k32.inc"
        .include "kernel.inc"
        .include "portio.inc"
        .include "fs/fs.inc"

        # The core: boot, memory, traps, processes, system calls
        .include "boot.s"
        .include "trap.s"
        .include "proc.s"
        .include "syscall.s"
        .include "lib/kxload.s"         # (shared: the .kx loader under exec.s)
        .include "exec.s"

        # Shared with the microkernel: the kernel library (console output,
        # pages, address spaces, fault reports), helpers,
        # drivers, the file system
        .include "lib/kprint.s"
        .include "lib/kalloc.s"
        .include "lib/vm.s"
        .include "lib/kfault.s"
        .include "lib/crc32.s"
        .include "lib/kstring.s"
        .include "drivers/uart.s"
        .include "drivers/tty.s"
        .include "drivers/disk.s"
        .include "fs/bcache.s"
        .include "fs/fat16.s"

        # Files and pipes
        .include "file.s"
        .include "pipe.s"

        .bss
kernel_end:
