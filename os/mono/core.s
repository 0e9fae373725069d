# core.s -- the kernel's core: boot, memory, traps, processes, system
# calls, exec, the console, files and pipes.  The monolithic kernel
# (kernel.s) adds its compiled-in disk driver and file system to it; the
# modular kernel (os/modular/kernel.s) its module loader, the drivers and
# file system coming as modules.

        # Boot, traps, processes, system calls
        .include "boot.s"
        .include "trap.s"
        .include "proc.s"
        .include "syscall.s"
        .include "lib/kxload.s"         # (shared: the .kx loader under exec.s)
        .include "exec.s"

        # Shared with the microkernel: the kernel library (console output,
        # pages, address spaces, fault reports), helpers, the console
        .include "lib/kprint.s"
        .include "lib/kalloc.s"
        .include "lib/vm.s"
        .include "lib/kfault.s"
        .include "lib/crc32.s"
        .include "lib/kstring.s"
        .include "drivers/uart.s"
        .include "drivers/tty.s"

        # Files and pipes
        .include "file.s"
        .include "pipe.s"
