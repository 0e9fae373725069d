"""The hot-plug bus: slots that describe the devices, and an interrupt
when one arrives or leaves.

A kernel writes a slot number to HP_SLOT and reads the device's class,
ID, ports and IRQ from the registers after it (HPC_NONE: an empty slot).
HP_EVENT has a bit per slot whose device arrived or left since the kernel
acknowledged it (by writing the bit back); IRQ_HOTPLUG is up while any
is set.  Slots 0-2 hold the console, the disk and the timer from reset,
so a kernel can discover the machine instead of assuming it; the host
plugs a device into the lowest free slot (Machine.plug, `k32 boot
--plug`, the monitor's device_add).

What a slot holds is st[HP_DEVICES]: 4 bits per slot, an index into
isa.machine.BUS_DEVICES plus one.
"""

from isa import machine as isa_machine

from .. import isa_constants as C
from ..isa_constants import (HP_CLASS, HP_COUNT, HP_EVENT, HP_ID, HP_IRQ, HP_NO_IRQ,
                             HP_NPORTS, HP_PORT, HP_SLOT, HP_SLOTS)
from ..jit import njit
from ..state import HP_DEVICES, HP_EVENTS, HP_SELECT
from .actions import ACT_DONE


def _column(i, lookup=lambda v: v):
    return (0,) + tuple(lookup(row[i]) for row in isa_machine.BUS_DEVICES)


DEV_CLASS = _column(1, lambda name: getattr(C, name))
DEV_ID = _column(2, lambda name: getattr(C, name))
DEV_PORT = _column(3)
DEV_NPORTS = _column(4)
DEV_IRQ = _column(5, lambda name: getattr(C, name) if name else HP_NO_IRQ)
RTC_DEVICE = [row[0] for row in isa_machine.BUS_DEVICES].index("rtc") + 1


@njit
def slot_device(st, slot):
    """The BUS_DEVICES index + 1 of what `slot` holds (0: empty)."""
    return (st[HP_DEVICES] >> (4 * slot)) & 0xF


@njit
def rtc_present(st):
    devices = st[HP_DEVICES]
    for slot in range(HP_SLOTS):
        if (devices >> (4 * slot)) & 0xF == RTC_DEVICE:
            return True
    return False


@njit
def hp_read(port, st):
    if port == HP_SLOT:
        return st[HP_SELECT]
    if port == HP_EVENT:
        return st[HP_EVENTS]
    if port == HP_COUNT:
        return HP_SLOTS
    slot = st[HP_SELECT]
    d = slot_device(st, slot) if slot < HP_SLOTS else 0
    if port == HP_CLASS:
        return DEV_CLASS[d]
    if d == 0:
        return 0 if port != HP_IRQ else HP_NO_IRQ
    if port == HP_ID:
        return DEV_ID[d]
    if port == HP_PORT:
        return DEV_PORT[d]
    if port == HP_NPORTS:
        return DEV_NPORTS[d]
    return DEV_IRQ[d]


@njit
def hp_write(port, value, st):
    if port == HP_SLOT:
        st[HP_SELECT] = value & 0xFFFFFFFF
    elif port == HP_EVENT:
        st[HP_EVENTS] &= ~value
    return ACT_DONE


@njit
def hp_line(st):
    return 1 if st[HP_EVENTS] != 0 else 0
