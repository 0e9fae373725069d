"""The machine: the compiled interpreter (`cpu`), its devices on I/O ports
(`devices/`), the state it runs on (`state`), the `Machine` that owns
memory and registers (`core`), loading boot images (`boot`), consoles
(`console`) and the run loop with its reports (`session`)."""

from .core import Machine, MachineError, parse_size

__all__ = ["Machine", "MachineError", "parse_size"]
