"""The devices on the machine's I/O ports, one file each, and the dispatch
from a port number to the device that answers it.

Each device keeps its registers in the machine's `st` array and is called
from the compiled loop (so its functions are jitted too).  A device write
returns an action code telling the loop whether it must stop for the host.
"""

from ..isa_constants import (DEBUG_EXIT, DEBUG_MODULE, DEBUG_PRINT, DISK_DATA, DISK_SUM,
                             HP_COUNT, HP_SLOT, PIC_MASK, PIC_PENDING, RTC_DATA, RTC_INDEX,
                             TIMER_COUNT, TIMER_PERIOD, UART_DATA, UART_SCR)
from ..jit import njit
from .actions import ACT_DONE
from .debugport import debug_read, debug_write
from .disk import disk_read, disk_write
from .hotplug import hp_read, hp_write, rtc_present
from .pic import pic_read, pic_write
from .rtc import rtc_read, rtc_write
from .timer import timer_read, timer_write
from .uart import uart_read, uart_write


@njit
def port_in(port, st, inbuf, disk, now):
    """The value a read of `port` returns (a port nobody answers reads all ones)."""
    if UART_DATA <= port <= UART_SCR:
        return uart_read(port, st, inbuf)
    if DISK_DATA <= port <= DISK_SUM:
        return disk_read(port, st, disk)
    if port == PIC_PENDING or port == PIC_MASK:
        return pic_read(port, st)
    if port == TIMER_PERIOD or port == TIMER_COUNT:
        return timer_read(port, st, now)
    if port == DEBUG_EXIT or port == DEBUG_PRINT or port == DEBUG_MODULE:
        return debug_read(port)
    if HP_SLOT <= port <= HP_COUNT:
        return hp_read(port, st)
    if (port == RTC_INDEX or port == RTC_DATA) and rtc_present(st):
        return rtc_read(port, st, now)
    return 0xFFFFFFFF


@njit
def port_out(port, value, st, outbuf, errbuf, disk, now, kernel):
    """Write `value` to `port` (`kernel`: the CPU is in kernel mode, for
    privileged device registers); returns an action code (see actions.py)."""
    if UART_DATA <= port <= UART_SCR:
        return uart_write(port, value, st, outbuf)
    if DISK_DATA <= port <= DISK_SUM:
        return disk_write(port, value, st, disk, kernel)
    if port == PIC_PENDING or port == PIC_MASK:
        return pic_write(port, value, st)
    if port == TIMER_PERIOD or port == TIMER_COUNT:
        return timer_write(port, value, st, now)
    if port == DEBUG_EXIT or port == DEBUG_PRINT or port == DEBUG_MODULE:
        return debug_write(port, value, st, errbuf)
    if HP_SLOT <= port <= HP_COUNT:
        return hp_write(port, value, st)
    if (port == RTC_INDEX or port == RTC_DATA) and rtc_present(st):
        return rtc_write(port, value, st, now)
    return ACT_DONE
