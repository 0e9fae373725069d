"""The interrupt controller: latched requests, a mask, acknowledgement.

PIC_PENDING reads the latched requests (timer, disk) plus the levels of
the console, the hot-plug bus and the clock; writing 1s to it acknowledges (clears) those requests.  PIC_MASK
enables lines.  An interrupt is taken when a pending line is unmasked and
STATUS_IE is set.
"""

from ..isa_constants import IRQ_CONSOLE, IRQ_HOTPLUG, IRQ_RTC, PIC_PENDING
from ..jit import njit
from ..state import PIC_MASK as S_MASK
from ..state import PIC_PENDING as S_PENDING
from .actions import ACT_DONE
from .hotplug import hp_line
from .rtc import rtc_line
from .uart import console_line


@njit
def pending(st):
    """The interrupt request lines that are up, masked or not."""
    return (st[S_PENDING] | (console_line(st) << IRQ_CONSOLE) | (hp_line(st) << IRQ_HOTPLUG)
            | (rtc_line(st) << IRQ_RTC))


@njit
def pic_read(port, st):
    if port == PIC_PENDING:
        return pending(st)
    return st[S_MASK]


@njit
def pic_write(port, value, st):
    if port == PIC_PENDING:
        st[S_PENDING] &= ~value
    else:
        st[S_MASK] = value & 0xFFFF
    return ACT_DONE
