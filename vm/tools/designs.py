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

    def settle(self, prompt=True):
        """Run until every process waits (the machine idles; with `prompt`,
        with the shell's prompt last); returns what was printed meanwhile."""
        S, m = self.S, self.m
        start, before = m.now, len(self.output)
        while True:
            reason = m.run(1 << 30)
            self.output += m.take_output()[0]
            if reason == S.EXIT_IDLE and m.input_pending() == 0 and (
                    not prompt or self.output.endswith(b"$ ")):
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
        plugged = shell.settle(prompt=False)
        ready = shell.m.retired - start
        answer, cost = shell.type("date")
        shell.m.unplug("rtc")
        unplugged = shell.settle(prompt=False)
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


# --- the RTC driver in each form ------------------------------------------------------
SHARED_DRIVER = "os/drivers/rtc.s"
# What each design's form of the driver adds to the shared one, and what a
# user rebuilds and installs to get it: (files or (file, .if block), artifact).
FORMS = {
    "mono": ([("os/mono/devices.s", "CONFIG_RTC")], "the kernel, build/mono.boot",
             "yes: k32 build --config RTC=y, then boot again"),
    "micro": ([("os/micro/bin/rtcdrv.s", None)], "one program, /BIN/RTCDRV", "no"),
    "modular": ([("os/modular/modules/rtc.s", None)], "one module, /LIB/MOD/RTC.KO", "no"),
}


def code_lines(text, block=None):
    """Lines of code in assembly source (no blank or comment-only lines);
    with `block`, only those inside `.if BLOCK` ... `.endif`."""
    count, depth, inside = 0, 0, block is None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if block is not None:
            if line.startswith(".if"):
                depth += 1
                if line.split()[1:2] == [block]:
                    inside, start = True, depth
                    continue
            elif line.startswith(".endif"):
                if inside and depth == start:
                    inside = False
                depth -= 1
                continue
        if inside and line:
            count += 1
    return count


def driver_lines(root):
    shared = code_lines((root / SHARED_DRIVER).read_text())
    out = {}
    for kernel, (files, artifact, reboot) in FORMS.items():
        own = sum(code_lines((root / f).read_text(), block) for f, block in files)
        out[kernel] = {"shared": shared, "own": own, "files": [f for f, _ in files],
                       "rebuilt": artifact, "reboot": reboot}
    return out


def measure(builder, progress=None):
    """Every figure of the page: code in kernel mode, the plug experiment on
    each kernel (mono as built by default and with CONFIG_RTC), the RTC
    driver's cost in each form."""
    import tempfile

    from vm.tools.build import Builder
    say = progress or (lambda text: None)
    disk = builder.build_disk()
    plug = {}
    with tempfile.TemporaryDirectory() as tmp:
        # mono as configured by default and with the driver, whatever
        # build/mono.config says (k32 build --config)
        monos = {}
        for name, setting in (("mono", "RTC=n"), ("mono+rtc", "RTC=y")):
            monos[name] = Builder(builder.root, Path(tmp) / name)
            monos[name].set_config([setting])
        figures = {"code": {"mono": code_counts(monos["mono"], ["mono"])["mono"],
                            **code_counts(builder, ["micro", "modular"]),
                            "mono+rtc": code_counts(monos["mono+rtc"], ["mono"])["mono"]}}
        for kernel in ("mono", "mono+rtc", "micro", "modular"):
            say(f"plug experiment: {kernel}")
            image = (monos[kernel] if kernel in monos else builder).build_boot(
                kernel.partition("+")[0])
            plug[kernel] = plug_experiment(image, disk)
    figures["plug"] = plug
    figures["driver"] = driver_lines(builder.root)
    return figures


def report(figures, echo):
    code = figures["code"]
    code_table({k: v for k, v in code.items() if k in KERNELS}, echo)
    extra = totals(code["mono+rtc"]["kernel"])[1] - totals(code["mono"]["kernel"])[1]
    echo(f"(mono built with CONFIG_RTC: {extra:,} more instructions in kernel mode)")
    echo("")
    echo("The clock plugged in at the shell prompt (k32 boot --kernel K, then the monitor's "
         "device_add rtc)")
    echo("")
    for kernel, p in figures["plug"].items():
        echo(f"{kernel}:")
        echo(f"  log when plugged:   {' | '.join(p['plug_log']) or '(nothing)'}")
        echo(f"  date:               {' | '.join(p['date'])}")
        echo(f"  plug to settled:    {p['settle']:,} instructions; that date: "
             f"{p['date_cost']:,}")
        echo(f"  log when unplugged: {' | '.join(p['unplug_log']) or '(nothing)'}")
        echo(f"  date after:         {' | '.join(p['after'])}")
    echo("")
    echo("The RTC driver in each form (lines of code, comments and blank lines left out)")
    echo("")
    echo(f"{'kernel':<9}{'shared driver':>15}{'its own':>9}  {'rebuilt':<30} reboot")
    for kernel, d in figures["driver"].items():
        echo(f"{kernel:<9}{d['shared']:>15}{d['own']:>9}  {d['rebuilt']:<30} {d['reboot']}")


def plot(figures, path):
    """Stacked bars: each design's system code by part, in kernel mode
    (solid) and, for the microkernel, in user mode (hatched)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"core": "#4c72b0", "drivers": "#dd8452", "file system": "#55a868",
               "servers": "#8172b3"}
    code = figures["code"]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for x, kernel in enumerate(KERNELS):
        for mode, offset, hatch in (("kernel", -0.2, None), ("user", 0.2, "//")):
            bottom = 0
            for part in PARTS:
                n = code[kernel][mode][part]["instructions"]
                if n:
                    ax.bar(x + offset, n, 0.38, bottom=bottom, color=colours[part], hatch=hatch,
                           alpha=1.0 if mode == "kernel" else 0.5,
                           label=f"{part}" if x == 0 and mode == "kernel" or
                           (part == "servers" and mode == "user" and kernel == "micro") else None)
                    bottom += n
    ax.set_xticks(range(len(KERNELS)), [f"{k}\n(kernel | user mode)" for k in KERNELS])
    ax.set_ylabel("instructions of system code")
    ax.set_title("k32 bench designs: the system's code, in kernel mode and in user mode")
    handles, labels = ax.get_legend_handles_labels()
    seen = {}
    for h, lab in zip(handles, labels):
        seen.setdefault(lab, h)
    ax.legend(seen.values(), seen.keys(), fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
