"""The boot protocol: what the loader hands the kernel.

`k32 boot` (the loader, vm/machine/boot.py) reads a boot image (isa/bootimg.py),
loads the kernel's segments at their addresses and each boot module, page
aligned, after the highest kernel byte.  It writes the boot-info record on
the next page, then starts the kernel in kernel mode at its entry with
interrupts and paging off, a0 = the boot-info address and sp = the top of
RAM.  Everything from BOOTINFO_FREE to the top of RAM is free.

A kernel started bare by `k32 run` gets a0 = 0: it may take the size of
memory from sp.
"""

BOOTINFO_MAGIC = 0x4B334249      # "IB3K" in memory: K32 boot info

# (name, offset, meaning)
BOOTINFO_FIELDS = [
    ("BOOTINFO_MAGIC_OFF", 0, "BOOTINFO_MAGIC"),
    ("BOOTINFO_MEMSIZE", 4, "bytes of RAM"),
    ("BOOTINFO_FREE", 8, "first free physical address (page aligned): after the kernel, the modules and this record"),
    ("BOOTINFO_NMODS", 12, "number of boot modules"),
    ("BOOTINFO_MODS", 16, "the module records, BOOTMOD_SIZE bytes each"),
]
BOOTMOD_FIELDS = [
    ("BOOTMOD_ADDR", 0, "physical address of the module's bytes (a .kx image, page aligned)"),
    ("BOOTMOD_LEN", 4, "its length in bytes"),
    ("BOOTMOD_NAME", 8, "its name, NUL-terminated (24 bytes)"),
]
BOOTMOD_SIZE = 32
BOOTMOD_NAME_MAX = 23
MAX_MODULES = 16
