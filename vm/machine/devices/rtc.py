"""The real-time clock: a CMOS-like register file behind RTC_INDEX/RTC_DATA.

Its time is a function of the machine's: RTC_EPOCH (Unix seconds at time
0, set by the host: `k32 boot --rtc`) plus the time in instructions
divided by RTC_HZ, so a run and its replay read the same clock.  Every
register is binary and the hours run 0-23.  No update is ever "in
progress" (status A reads 0), but a second can end between two reads: a
driver reads the fields until two passes agree.

Status B's RTC_B_UIE asks for IRQ_RTC at the end of every second: the
interpreter's event block raises RTC_C_IRQF when the time reaches
st[RTC_TICK_AT].  Reading status C returns its bits (RTC_C_UF: a second
ended since the last read) and clears them, which lowers the line.

The clock answers only while it is plugged into the hot-plug bus; then
its ports read all ones, as a port nobody answers does.
"""

from ..isa_constants import (RTC_B_24H, RTC_B_BINARY, RTC_B_UIE, RTC_C_IRQF, RTC_C_UF,
                             RTC_DATA, RTC_HZ, RTC_REG_A, RTC_REG_B, RTC_REG_C,
                             RTC_REG_CENTURY, RTC_REG_HOUR, RTC_REG_MDAY, RTC_REG_MIN,
                             RTC_REG_MON, RTC_REG_SEC, RTC_REG_WDAY, RTC_REG_YEAR)
from ..jit import njit
from ..state import RTC_B, RTC_C, RTC_EPOCH, RTC_INDEX, RTC_SEEN, RTC_TICK_AT
from .actions import ACT_DONE

RTC_B_FIXED = RTC_B_BINARY | RTC_B_24H


@njit
def civil(days):
    """(year, month, day) of a day counted from 1970-01-01 (proleptic
    Gregorian; H. Hinnant's civil_from_days)."""
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


@njit
def rtc_field(reg, seconds):
    """The value of clock register `reg` at Unix time `seconds`."""
    days = seconds // 86400
    rest = seconds - days * 86400
    if reg == RTC_REG_SEC:
        return rest % 60
    if reg == RTC_REG_MIN:
        return rest // 60 % 60
    if reg == RTC_REG_HOUR:
        return rest // 3600
    if reg == RTC_REG_WDAY:
        return (days + 4) % 7 + 1              # 1970-01-01 was a Thursday; 1 = Sunday
    year, month, day = civil(days)
    if reg == RTC_REG_MDAY:
        return day
    if reg == RTC_REG_MON:
        return month
    if reg == RTC_REG_YEAR:
        return year % 100
    if reg == RTC_REG_CENTURY:
        return year // 100
    return 0


@njit
def rtc_reset(st, now):
    st[RTC_INDEX] = 0
    st[RTC_B] = RTC_B_FIXED
    st[RTC_C] = 0
    st[RTC_SEEN] = now // RTC_HZ
    st[RTC_TICK_AT] = -1


@njit
def rtc_read(port, st, now):
    if port != RTC_DATA:
        return st[RTC_INDEX]
    reg = st[RTC_INDEX]
    if reg == RTC_REG_A:
        return 0
    if reg == RTC_REG_B:
        return st[RTC_B]
    if reg == RTC_REG_C:
        second = now // RTC_HZ
        value = st[RTC_C] | (RTC_C_UF if second != st[RTC_SEEN] else 0)
        st[RTC_C] = 0
        st[RTC_SEEN] = second
        return value
    return rtc_field(reg, st[RTC_EPOCH] + now // RTC_HZ)


@njit
def rtc_write(port, value, st, now):
    if port != RTC_DATA:
        st[RTC_INDEX] = value & 0x7F
    elif st[RTC_INDEX] == RTC_REG_B:
        st[RTC_B] = RTC_B_FIXED | (value & RTC_B_UIE)
        if value & RTC_B_UIE:
            st[RTC_TICK_AT] = (now // RTC_HZ + 1) * RTC_HZ
        else:
            st[RTC_TICK_AT] = -1
    return ACT_DONE


@njit
def rtc_tick(st, now):
    """The event block's part: a second ended while RTC_B_UIE was set."""
    st[RTC_C] |= RTC_C_IRQF
    st[RTC_TICK_AT] = (now // RTC_HZ + 1) * RTC_HZ


@njit
def rtc_line(st):
    return 1 if st[RTC_C] & RTC_C_IRQF else 0
