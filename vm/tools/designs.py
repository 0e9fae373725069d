"""`k32 bench designs`: the three kernel designs side by side, every figure
measured (docs/designs.md reads it).

Code in kernel mode.  What runs in kernel mode is counted from the build's
line tables, not by hand: the kernel image's (every design), plus, on the
modular kernel, the modules it loads at boot, which run in kernel mode too.
The microkernel's servers and drivers are user processes: they are counted
apart, as the code the design moved out of the kernel.  An instruction is
a word of code with a line-table entry; a line is a distinct (file, line)
that produced at least one.  Each is split by where its source lives:

    core         os/mono, os/micro/kernel, os/modular, os/lib (traps,
                 processes, memory, system calls, IPC, the module loader)
    drivers      os/drivers, os/micro/drivers, os/modular/modules
    file system  os/fs (the buffer cache and FAT16), os/micro/servers/fs.s
    servers      the microkernel's other servers (pm, rs)
"""

from dataclasses import dataclass, field
from pathlib import Path

from isa import obj

KERNELS = ("mono", "micro", "modular")
PARTS = ("core", "drivers", "file system", "servers")


def part_of(path):
    """Which part of a system a source file belongs to."""
    p = Path(path).as_posix()
    if p.startswith(("os/drivers/", "os/micro/drivers/", "os/modular/modules/")):
        return "drivers"
    if p.startswith("os/fs/") or p == "os/micro/servers/fs.s" or p.startswith("os/micro/servers/fs_"):
        return "file system"
    if p.startswith("os/micro/servers/"):
        return "servers"
    return "core"


@dataclass
class Count:
    instructions: dict = field(default_factory=lambda: dict.fromkeys(PARTS, 0))
    lines: dict = field(default_factory=lambda: {p: set() for p in PARTS})

    def add(self, files, entries):
        """entries: (file index, line) per instruction word."""
        for findex, line in entries:
            path = files[findex]
            if path.endswith(".inc") and "/include/" in path:
                continue                  # generated constants, not code
            part = part_of(path)
            self.instructions[part] += 1
            self.lines[part].add((path, line))

    def row(self):
        return {p: {"instructions": self.instructions[p], "lines": len(self.lines[p])}
                for p in PARTS}


def _exe_entries(exe):
    return [(f, n) for _, f, n in exe.lines]


def _object_entries(blob):
    o = obj.read(blob)
    code = {i for i, s in enumerate(o.sections) if s.name.startswith(".text")}
    return o.files, [(f, n) for sec, _, f, n in o.lines if sec in code]


def code_counts(builder, kernels=KERNELS):
    """{kernel: {"kernel": Count.row(), "user": Count.row()}} from the boot
    images (built if stale): the kernel image and its boot modules (a
    server's or driver's line table is in build/KERNEL/NAME.kx)."""
    from isa import kx
    from vm.machine.boot import read_image
    out = {}
    for kernel in kernels:
        image = read_image(builder.build_boot(kernel))
        kmode, umode = Count(), Count()
        kmode.add(image.executable.files, _exe_entries(image.executable))
        for module in image.modules:
            if module.name.endswith(".ko"):           # the modular kernel's: kernel mode
                files, entries = _object_entries(module.data)
                kmode.add(files, entries)
            else:                                     # the microkernel's servers and drivers
                exe = kx.load(builder.module_executable(kernel, module.name))
                umode.add(exe.files, _exe_entries(exe))
        out[kernel] = {"kernel": kmode.row(), "user": umode.row()}
    return out


def totals(row):
    return (sum(v["lines"] for v in row.values()), sum(v["instructions"] for v in row.values()))


def code_table(counts, echo):
    echo("Code that runs in kernel mode (from the build's line tables: lines / instructions)")
    echo("")
    head = f"{'kernel':<9}" + "".join(f"{p:>19}" for p in PARTS) + f"{'total':>19}" \
        + f"{'in user mode':>19}"
    echo(head)
    for kernel, c in counts.items():
        cells = "".join(f"{c['kernel'][p]['lines']:>9,} /{c['kernel'][p]['instructions']:>7,}"
                        for p in PARTS)
        lines, insns = totals(c["kernel"])
        ulines, uinsns = totals(c["user"])
        user = f"{ulines:>9,} /{uinsns:>7,}" if uinsns else f"{'-':>17}"
        echo(f"{kernel:<9}{cells}{lines:>9,} /{insns:>7,}  {user}")


# --- the plug experiment -----------------------------------------------------------
class Shell:
    """A booted kernel on a private copy of a disk, driven as a user at its
    shell prompt: type a line, get what it printed up to the next prompt."""

    LIMIT = 2_000_000_000            # instructions one step may take

    def __init__(self, image_path, disk, memory=16 << 20):
        from vm.machine import Machine
        from vm.machine import state as S
        from vm.machine.boot import load_image, read_image
        self.S = S
        self.m = Machine(memory)
        self.m.attach_disk(str(disk), private=True)
        load_image(self.m, read_image(str(image_path)))
        self.m.st[S.IN_LIVE] = 1
        self.output = b""
        self.settle()

    def settle(self):
        """Run until every process waits (the machine idles with the shell's
        prompt last); returns what was printed meanwhile."""
        S, m = self.S, self.m
        start, before = m.now, len(self.output)
        while True:
            reason = m.run(1 << 30)
            self.output += m.take_output()[0]
            if reason == S.EXIT_IDLE and self.output.endswith(b"$ ") and m.input_pending() == 0:
                return self.output[before:].decode("utf-8", "replace")
            if reason not in (S.EXIT_BUDGET, S.EXIT_OUTPUT, S.EXIT_INPUT, S.EXIT_IDLE,
                              S.EXIT_FLUSH) or m.now - start > self.LIMIT:
                raise RuntimeError(f"the OS stopped (reason {reason}): "
                                   f"{self.output[-300:].decode('utf-8', 'replace')!r}")
            if reason == S.EXIT_IDLE and m.input_pending() == 0:
                wake = m.wake_time()              # a process sleeps: let the time pass
                if wake > m.now:
                    m.skip_to(wake)

    def type(self, line):
        """(printed text, instructions retired) of a command line."""
        before = self.m.retired
        self.m.feed(line.encode() + b"\n")
        text = self.settle()
        return text, self.m.retired - before

    def close(self):
        self.m.close()


def plug_experiment(image_path, disk):
    """Plug the clock into a running system at its prompt, let it settle,
    ask `date`, pull the clock out, ask again: what a user sees, and the
    instructions each step took."""
    shell = Shell(image_path, disk)
    try:
        before_text, _ = shell.type("date")
        start = shell.m.retired
        shell.m.plug("rtc")
        plugged = shell.settle()
        ready = shell.m.retired - start
        answer, cost = shell.type("date")
        shell.m.unplug("rtc")
        unplugged = shell.settle()
        after, _ = shell.type("date")
        return {"before": _clean(before_text, "date"), "plug_log": _clean(plugged),
                "settle": ready, "date": _clean(answer, "date"), "date_cost": cost,
                "unplug_log": _clean(unplugged), "after": _clean(after, "date")}
    finally:
        shell.close()


def _clean(text, command=None):
    """The lines a step printed, without the echoed command and the prompt."""
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    lines = [ln for ln in lines if ln.strip() and ln.strip() != "$"]
    if command is not None and lines and lines[0].endswith(command):
        lines = lines[1:]
    if lines and lines[-1].startswith("$"):
        lines = lines[:-1]
    return [ln.removeprefix("$ ") for ln in lines]
