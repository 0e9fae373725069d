# kernel.s -- the modular kernel: the core, in one assembly unit.  The disk
# driver, the buffer cache and FAT16 are not in it: they are modules
# (modules/*.s, the shared os/drivers/ and os/fs/ sources), loaded from the
# boot image at boot and from the disk (/LIB/MOD) at run time.
#
# Assembled with the include paths os/modular, os/mono, os, os/include (in
# that order): the core is the monolithic kernel's (boot, traps, processes,
# system calls, exec, files, pipes, console), built with KERNEL_MODULES
# defined, plus the module loader and the interfaces modules register
# with.  The kernel's exports (EXPORT, os/include/module.inc) are collected by the
# assembler into the table ksymtab_start..ksymtab_end.

        .equ KERNEL_MODULES, 1

        .include "k32.inc"
        .include "kernel.inc"           # os/mono/kernel.inc
        .include "portio.inc"           # os/mono/portio.inc
        .include "fs/fs.inc"
        .include "interfaces.inc"

        .pushsection .ksymtab, "a"
        .balign 4
ksymtab_start:
        .popsection

        .include "core.s"               # os/mono/core.s: the monolithic kernel's core

        # What makes it modular
        .include "modarea.s"
        .include "module.s"
        .include "modsys.s"
        .include "blkdev.s"
        .include "vfs.s"
        .include "chrdev.s"
        .include "clock.s"

        .pushsection .ksymtab, "a"
ksymtab_end:
        .popsection

        .bss
kernel_end:
