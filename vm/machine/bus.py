"""The host's side of the hot-plug bus: plugging devices in and out, now or
at a time fixed in advance, and the clock's start time.

A host event is (time, "plug" | "unplug", device name, origin).  The
machine keeps them in `Machine.events`, in time order, and st[HOST_NEXT]
counts those applied: `Machine.run` stops the loop at the next one's time
and applies it there, so `k32 boot --plug 5000000:rtc` changes the machine
at the same instruction in every run, and a snapshot (which copies `st`)
knows which events it has seen -- the debugger's reverse execution then
replays a plug exactly where it happened.
"""

import calendar
import re
import time as _time

from isa.machine import BUS_DEVICES

from . import state as S
from .devices.hotplug import slot_device
from .devices.rtc import rtc_reset
from .isa_constants import HP_SLOTS, RTC_HZ

DEVICES = {row[0]: (index + 1, row) for index, row in enumerate(BUS_DEVICES)}
PLUGGABLE = [name for name, (_, row) in DEVICES.items() if not row[6]]
FIXED_SLOTS = sum(1 for row in BUS_DEVICES if row[6])
DEFAULT_RTC = "2026-12-06T12:00:00"
RTC_FORMAT = re.compile(r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?Z?\Z")


class BusError(ValueError):
    """A device the bus does not know, or a plug it cannot do (one line)."""


def reset(st):
    """The bus at reset: the fixed devices in slots 0.., nothing else."""
    devices = 0
    for slot, (index, _) in enumerate(v for v in DEVICES.values() if v[1][6]):
        devices |= index << (4 * slot)
    st[S.HP_DEVICES] = devices
    st[S.HOST_AT] = -1
    st[S.RTC_TICK_AT] = -1
    st[S.RTC_EPOCH] = parse_rtc(DEFAULT_RTC)


def parse_rtc(text):
    """'2026-12-06T12:00:00' (UTC) or 'host' -> Unix seconds."""
    if text == "host":
        return int(_time.time())
    m = RTC_FORMAT.match(text.strip())
    if not m:
        raise BusError(f"--rtc {text!r}: give a UTC time as YYYY-MM-DDTHH:MM:SS, or 'host'")
    year, month, day, hour, minute = (int(g) for g in m.groups()[:5])
    second = int(m.group(6) or 0)
    try:
        import datetime
        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError as e:
        raise BusError(f"--rtc {text!r}: {e}") from None
    if not 1970 <= year <= 2099:
        raise BusError(f"--rtc {text!r}: the clock keeps years 1970 to 2099")
    return calendar.timegm((year, month, day, hour, minute, second))


def parse_event(spec, action):
    """'TIME:NAME' (TIME in instructions) -> (time, name)."""
    when, sep, name = spec.partition(":")
    if not sep or not when.strip().isdigit():
        raise BusError(f"--{action} {spec!r}: give TIME:DEVICE, TIME in instructions "
                       f"(e.g. 5000000:rtc)")
    check_name(name, action)
    return int(when), name


def check_name(name, action="plug"):
    if name not in DEVICES:
        known = ", ".join(PLUGGABLE)
        raise BusError(f"{name or '(none)'}: no such device (devices to {action}: {known})")
    if DEVICES[name][1][6]:
        raise BusError(f"{name}: a fixed device of the machine; it cannot be plugged or unplugged")


def slot_of(st, name):
    index = DEVICES[name][0]
    for slot in range(HP_SLOTS):
        if slot_device(st, slot) == index:
            return slot
    return -1


def check_now(m, action, name):
    """BusError unless `name` can be plugged in (or pulled out) now."""
    check_name(name, action)
    slot = slot_of(m.st, name)
    if action == "plug" and slot >= 0:
        raise BusError(f"{name}: already plugged in (slot {slot})")
    if action == "unplug" and slot < 0:
        raise BusError(f"{name}: not plugged in")


def plug(m, name):
    """Plug `name` in now; returns its slot.  BusError if it cannot be."""
    check_now(m, "plug", name)
    st = m.st
    free = [slot for slot in range(HP_SLOTS) if slot_device(st, slot) == 0]
    if not free:
        raise BusError(f"{name}: no free slot on the bus")
    slot = free[0]
    st[S.HP_DEVICES] |= DEVICES[name][0] << (4 * slot)
    st[S.HP_EVENTS] |= 1 << slot
    if name == "rtc":
        rtc_reset(st, st[S.NOW])
    return slot


def unplug(m, name):
    """Pull `name` out now; returns the slot it was in."""
    check_now(m, "unplug", name)
    st = m.st
    slot = slot_of(st, name)
    st[S.HP_DEVICES] &= ~(0xF << (4 * slot))
    st[S.HP_EVENTS] |= 1 << slot
    if name == "rtc":
        rtc_reset(st, st[S.NOW])
    return slot


def schedule(m, time, action, name, origin="command line"):
    """Add a host event at `time` (not before now), after those already at that time."""
    if action not in ("plug", "unplug"):
        raise BusError(f"{action}: not a bus action")
    check_name(name, action)
    st = m.st
    time = max(int(time), int(st[S.NOW]))
    first = int(st[S.HOST_NEXT])
    at = first
    while at < len(m.events) and m.events[at][0] <= time:
        at += 1
    m.events.insert(at, (time, action, name, origin))


def drop_future(m, origin):
    """Forget the events from `origin` not yet applied (the debugger's
    monitor, when the user changes the recorded future)."""
    first = int(m.st[S.HOST_NEXT])
    m.events[first:] = [e for e in m.events[first:] if e[3] != origin]


def apply_due(m):
    """Apply the events whose time has come; returns [(event, slot or BusError)]."""
    st = m.st
    done = []
    while int(st[S.HOST_NEXT]) < len(m.events):
        event = m.events[int(st[S.HOST_NEXT])]
        if event[0] > st[S.NOW]:
            break
        st[S.HOST_NEXT] += 1
        try:
            slot = (plug if event[1] == "plug" else unplug)(m, event[2])
        except BusError as e:
            slot = e
        done.append((event, slot))
    nxt = int(st[S.HOST_NEXT])
    st[S.HOST_AT] = m.events[nxt][0] if nxt < len(m.events) else -1
    if done and m.bus_hooks:
        for hook in list(m.bus_hooks):
            hook(m, done)
    return done


def devices(m):
    """[(slot, name, row)] of what the bus holds now."""
    names = list(DEVICES)
    out = []
    for slot in range(HP_SLOTS):
        d = slot_device(m.st, slot)
        if d:
            out.append((slot, names[d - 1], DEVICES[names[d - 1]][1]))
    return out


def clock_text(m):
    """The clock's reading now, as the guest would see it (for info devices)."""
    seconds = int(m.st[S.RTC_EPOCH]) + int(m.st[S.NOW]) // RTC_HZ
    return _time.strftime("%Y-%m-%d %H:%M:%S UTC", _time.gmtime(seconds))


def configure(m, plugs=(), unplugs=(), rtc=None):
    """The command line's --plug TIME:DEV, --unplug TIME:DEV and --rtc WHEN:
    the whole schedule is checked (an unplug of a device not in, a second
    plug) before the machine runs."""
    if rtc is not None:
        m.st[S.RTC_EPOCH] = parse_rtc(rtc)
    events = [(*parse_event(spec, "plug"), "plug") for spec in plugs]
    events += [(*parse_event(spec, "unplug"), "unplug") for spec in unplugs]
    if rtc is not None and not any(name == "rtc" and action == "plug"
                                   for _, name, action in events):
        events.append((0, "rtc", "plug"))
    # Unplugs before plugs at the same time: --unplug T:rtc --plug T:rtc re-plugs.
    events.sort(key=lambda e: (e[0], e[2] == "plug"))
    present = {name for _, name, _ in devices(m)}
    for when, name, action in events:
        if action == "plug" and name in present:
            raise BusError(f"--plug {when}:{name}: {name} is already plugged in then")
        if action == "unplug" and name not in present:
            raise BusError(f"--unplug {when}:{name}: {name} is not plugged in then")
        (present.add if action == "plug" else present.discard)(name)
    for when, name, action in events:
        schedule(m, when, action, name)
    apply_due(m)
