"""The boot loader: a boot image (isa/bootimg.py) into a Machine, as the
boot protocol (isa/boot.py) says.

    kernel segments     at their addresses (.bss zeroed)
    module 0, 1, ...    each page aligned, after the highest kernel byte
    boot-info record    on the next page after the last module
    free memory         from BOOTINFO_FREE (the page after the record) to the top of RAM

The kernel starts at its entry in kernel mode, paging and interrupts off,
a0 = the boot-info address, sp = the top of RAM, every other register 0:
what `k32 run` gives a program, plus a0.  Everything is placed and checked
before anything is written, so an image that does not fit leaves the
machine untouched.
"""

import struct
from dataclasses import dataclass

from isa import boot, bootimg

PAGE = 4096
A0 = 10                         # x10


class BootError(Exception):
    """The image cannot be booted on this machine; the message says why."""


def _page_up(address):
    return (address + PAGE - 1) & ~(PAGE - 1)


@dataclass
class Layout:
    """Where the loader puts things: module addresses, the record, BOOTINFO_FREE."""

    modules: list           # (address, Module)
    bootinfo: int
    free: int


def layout(image):
    """The placement of an image's modules and boot-info record."""
    exe = image.executable
    top = max((s.address + max(s.memsize, len(s.data)) for s in exe.segments), default=0)
    address = _page_up(top)
    placed = []
    for module in image.modules:
        placed.append((address, module))
        address = _page_up(address + len(module.data))
    record_size = boot.BOOTMOD_SIZE * len(image.modules) + _offset("BOOTINFO_MODS")
    return Layout(placed, address, _page_up(address + record_size))


def _offset(name):
    return next(off for n, off, _ in boot.BOOTINFO_FIELDS if n == name)


def bootinfo_record(memory, lay):
    """The bytes of the boot-info record for a layout on `memory` bytes of RAM."""
    fields = {name: off for name, off, _ in boot.BOOTINFO_FIELDS}
    mod_fields = {name: off for name, off, _ in boot.BOOTMOD_FIELDS}
    record = bytearray(fields["BOOTINFO_MODS"] + boot.BOOTMOD_SIZE * len(lay.modules))
    struct.pack_into("<I", record, fields["BOOTINFO_MAGIC_OFF"], boot.BOOTINFO_MAGIC)
    struct.pack_into("<I", record, fields["BOOTINFO_MEMSIZE"], memory & 0xFFFFFFFF)
    struct.pack_into("<I", record, fields["BOOTINFO_FREE"], lay.free & 0xFFFFFFFF)
    struct.pack_into("<I", record, fields["BOOTINFO_NMODS"], len(lay.modules))
    for i, (address, module) in enumerate(lay.modules):
        base = fields["BOOTINFO_MODS"] + i * boot.BOOTMOD_SIZE
        struct.pack_into("<I", record, base + mod_fields["BOOTMOD_ADDR"], address)
        struct.pack_into("<I", record, base + mod_fields["BOOTMOD_LEN"], len(module.data))
        name = module.name.encode("ascii")
        start = base + mod_fields["BOOTMOD_NAME"]
        record[start:start + len(name)] = name          # the rest stays NUL
    return bytes(record)


def load_image(machine, image):
    """Load a checked BootImage into a fresh machine and set the start state.

    Returns the Layout; raises BootError (nothing written) if it does not fit.
    """
    memory = machine.memory
    lay = layout(image)
    why = machine.misfit(image.executable)
    if why is not None:
        raise BootError(f"kernel: {why}")
    if lay.free > memory:
        raise BootError(f"the kernel, {len(lay.modules)} module(s) and the boot-info record "
                        f"need {lay.free >> 10} KiB, more than the {memory >> 10} KiB of RAM")
    machine.load(image.executable)
    for address, module in lay.modules:
        machine.write(address, module.data)
    machine.write(lay.bootinfo, bootinfo_record(memory, lay))
    machine.regs[A0] = lay.bootinfo
    return lay


def read_image(path):
    """A checked BootImage from a file; BootError saying what is wrong."""
    try:
        return bootimg.load(path)
    except OSError as e:
        raise BootError(f"{path}: {e.strerror}") from None
    except bootimg.FormatError as e:
        raise BootError(f"{path}: {e}") from None
