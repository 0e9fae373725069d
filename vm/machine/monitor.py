"""The machine monitor, as QEMU's: commands about the machine rather than
the guest, typed after Ctrl-A c at a `(k32-monitor)` prompt in `k32 boot`
(and as `monitor COMMAND` in `k32 debug`).

    device_add NAME     plug a device into the hot-plug bus (rtc)
    device_del NAME     pull it out
    info devices        the bus's slots: device, class, ID, ports, IRQ
    help                this list
    quit                end the run (as Ctrl-A x)

Each command answers in lines of text; a bad one gets one line saying why.
A plug from the monitor happens at the machine's time when the command is
given, and the answer names that time, so a run can be repeated with
`k32 boot --plug TIME:NAME`.
"""

from . import bus
from .devices.hotplug import DEV_ID, DEV_IRQ

HELP = [
    "device_add NAME  -- plug device NAME into the hot-plug bus (devices: "
    + ", ".join(bus.PLUGGABLE) + ")",
    "device_del NAME  -- pull device NAME out of the bus",
    "info devices     -- show the bus's slots",
    "help             -- show this list",
    "quit             -- end the run (as Ctrl-A x)",
]


class Monitor:
    """Runs monitor commands on a machine; `origin` tags the events it adds."""

    def __init__(self, machine, origin="monitor"):
        self.m = machine
        self.origin = origin
        self.quit_requested = False
        self.changed = False            # the last command plugged or unplugged

    def execute(self, line):
        """The lines a command prints."""
        self.changed = False
        words = line.split()
        if not words:
            return []
        command, args = words[0], words[1:]
        handler = getattr(self, "cmd_" + command, None)
        if handler is None:
            return [f"unknown command: '{command}' (type help for the commands)"]
        return handler(args)

    def cmd_help(self, args):
        return list(HELP)

    def cmd_quit(self, args):
        self.quit_requested = True
        return []

    def _device(self, args, action, command):
        if len(args) != 1:
            return [f"{command}: give one device name, e.g. {command} rtc"]
        m, name = self.m, args[0]
        try:
            done = (m.plug if action == "plug" else m.unplug)(name, origin=self.origin)
        except bus.BusError as e:
            return [f"{command}: {e}"]
        self.changed = True
        lines = []
        for (when, what, dev, _), slot in done:
            if isinstance(slot, bus.BusError):
                lines.append(f"{command}: {slot}")
            else:
                where = "into" if what == "plug" else "from"
                lines.append(f"{dev}: {what}ged {where} slot {slot} at instruction {when}")
        return lines

    def cmd_device_add(self, args):
        return self._device(args, "plug", "device_add")

    def cmd_device_del(self, args):
        return self._device(args, "unplug", "device_del")

    def cmd_info(self, args):
        if args != ["devices"]:
            return ["info: the monitor knows `info devices`"]
        lines = ["slot  device   class        id          ports          irq"]
        for slot, name, row in bus.devices(self.m):
            _, cls, _, port, nports, irq, _ = row
            d = bus.DEVICES[name][0]                 # what the bus itself answers
            irq_text = f"{DEV_IRQ[d]} ({irq.removeprefix('IRQ_').lower()})" if irq else "-"
            lines.append(f"{slot:<5} {name:<8} {cls:<12} {DEV_ID[d]:#010x}  "
                         f"{port:#06x}-{port + nports - 1:#06x}  {irq_text}")
        taken = {slot for slot, _, _ in bus.devices(self.m)}
        free = [str(s) for s in range(bus.HP_SLOTS) if s not in taken]
        lines.append(f"free slots: {', '.join(free) or 'none'}")
        if bus.slot_of(self.m.st, "rtc") >= 0:
            lines.append(f"rtc reads {bus.clock_text(self.m)}")
        return lines
