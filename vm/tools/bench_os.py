"""`k32 bench os`: what the operating system costs, in instructions and seconds.

Instruction counts are deterministic (time is counted in instructions), so
each cost is the difference between two boots that differ only in the work
asked for, divided by the amount of work: boot, shell and shutdown cancel
out exactly.  The machine also counts the instructions it retired in kernel
mode (Machine.kernel_retired; the rest ran in user mode), and the same
difference splits each cost into kernel and user instructions.  Seconds are
wall-clock on this host, for the same runs (the difference of two runs, so
noisy for small costs).

Four configurations: the monolithic kernel (`mono`), the microkernel
(`micro`), the microkernel whose disk driver uses its ports directly
through an I/O permission map instead of kernel calls (`micro-io`): the two
micro columns side by side show what the drivers' port kernel calls cost;
and the modular kernel (`modular`): mono's core with its disk driver,
buffer cache and FAT16 loaded as modules, reached through tables of
operations (os/modular/blkdev.s, vfs.s), so modular against mono is what
those indirect calls cost.

The workloads (WORKLOADS below), each run by `osbench` (programs/bin) or the
shell on a bench disk (bench_disk) with a big binary file, a big text file,
a small file and an empty one:

- boot to the first prompt: instructions until the shell waits for input;
  and a whole `k32 boot` process (warm compiled-code cache) from start to
  power-off with empty input, as a user waits for it (seconds only);
- a null trap (`osbench null N`), getpid (`osbench getpid N`), and on the
  microkernels one-way IPC (`osbench oneway N`) and a sendrec round trip
  (`osbench ping N`);
- a 1-byte read from a cached file (`osbench read1 SMALL N`);
- reading a 1 MiB file in 16 KiB reads, and writing one in 16 KiB writes,
  closing and syncing it, per byte (against an empty file);
- fork + exec + exit + wait (`osbench spawn N`; the child execs /bin/true);
- the pipeline `cat TEXT | grep x | wc` end to end, per byte of TEXT (against
  an empty file); wc's output is checked;
- on the modular kernel, module load and unload of the hello module
  (programs/examples/modules/hello.s, /LIB/MOD/HELLO.KO on the bench disk):
  the two system calls, a load and an unload from a buffer
  (`osbench modload FILE NAME N`), and the commands, `insmod HELLO.KO
  who=K32` and `rmmod hello`, each against `true` with the same arguments
  (the one line differs by the program it runs: fork, exec, exit and wait
  cancel out; what is left is the program's own work and its system call).
"""

import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

MEMORY = 16 << 20
CONFIGS = ("mono", "micro", "micro-io", "modular")
MICRO_CONFIGS = ("micro", "micro-io")
MODULE_CONFIGS = ("modular",)           # kernels that load modules
PLOT_FORMATS = (".png", ".svg")
STATUS_MARK = b"bench-status"           # `echo bench-status $?` after each command


@dataclass(frozen=True)
class Sizes:
    """How much work each measurement asks for."""
    calls: int          # null traps, IPC messages, getpid calls
    reads: int          # 1-byte reads
    spawns: int         # fork + exec + exit + wait
    big: int            # bytes of the big files (read, write, pipeline)
    best_of: int        # runs of each session, the best seconds count
    boots: int          # boots to the prompt, whole `k32 boot` processes: the best counts
    modloads: int = 1   # module load + unload cycles (modular)
    small: int = 4096   # bytes of the small file the 1-byte reads go over (stays cached)


FULL = Sizes(calls=500_000, reads=100_000, spawns=1000, big=1 << 20, best_of=2, boots=3,
             modloads=1000)
QUICK = Sizes(calls=2_000, reads=500, spawns=5, big=32 << 10, best_of=1, boots=1, modloads=5)


@dataclass(frozen=True)
class Workload:
    """One row: a command line run twice, with the work asked for made
    `units` (a Sizes field) units larger the second time.  {n} in the command
    is that number, 0 the first time; {file} is `file`, /EMPTY.DAT the first
    time.  Or, with a `baseline`, that is the first command and `command`
    the second, one unit of work (`units` None).  The two lines are the
    same length (0 padded with zeros, file names of the same length, a
    program name padded with spaces), so the shell's reading and parsing
    of them cancels out too."""
    key: str
    label: str                  # {big}: the size of the big files, in words
    command: str
    units: str
    fmt: str                    # how a per-unit instruction count is printed
    file: str = None
    kernels: tuple = None       # the configurations that have it (None: all)
    baseline: str = None        # the first command, if not `command` with no work
    expect: bytes = None        # what the second command must print
    plot_base: str = None       # plotted relative to this row of the reference kernel

    def has(self, config):
        return self.kernels is None or config in self.kernels

    def count(self, sizes):
        """The units of work the second command does more."""
        return 1 if self.units is None else getattr(sizes, self.units)

    def commands(self, sizes):
        """The two command lines: (small, large)."""
        if self.baseline is not None:
            small, large = self.baseline, self.command
        else:
            n = getattr(sizes, self.units)
            small = self.command.format(n="0" * len(str(n)), file=EMPTY)
            large = self.command.format(n=n, file=self.file)
        assert len(small) == len(large), (small, large)
        return small, large


EMPTY, LARGE, LINES, SMALL = "/EMPTY.DAT", "/LARGE.DAT", "/LINES.DAT", "/SMALL.DAT"
HELLO = "/LIB/MOD/HELLO.KO"             # programs/examples/modules/hello.s
INSMOD = f"insmod {HELLO} who=K32"
WORKLOADS = [
    Workload("null_trap", "null trap (KC_NULL; mono: ENOSYS)", "osbench null {n}", "calls",
             "{:,.1f}"),
    Workload("getpid", "getpid round trip", "osbench getpid {n}", "calls", "{:,.1f}"),
    Workload("oneway_ipc", "one-way IPC (send to PM)", "osbench oneway {n}", "calls",
             "{:,.1f}", kernels=MICRO_CONFIGS, plot_base="null_trap"),
    Workload("sendrec", "sendrec round trip (PM_PING)", "osbench ping {n}", "calls",
             "{:,.1f}", kernels=MICRO_CONFIGS, plot_base="null_trap"),
    Workload("read_1byte", "1-byte read, cached file", f"osbench read1 {SMALL} {{n}}", "reads",
             "{:,.1f}"),
    Workload("read_big", "read {big}, 16 KiB reads (/byte)", "osbench read {file}", "big",
             "{:.3f}", file=LARGE),
    Workload("write_big", "write+sync {big}, 16 KiB (/byte)", "osbench write /OUT.DAT {n}",
             "big", "{:.3f}"),
    Workload("spawn", "fork + exec + exit + wait", "osbench spawn {n}", "spawns", "{:,.0f}"),
    Workload("pipeline", "cat | grep x | wc, {big} (/byte)", "cat {file} | grep x | wc", "big",
             "{:.2f}", file=LINES),
    Workload("modload_cycle", "modload + modunload, hello.ko", f"osbench modload {HELLO} hello {{n}}",
             "modloads", "{:,.0f}", kernels=MODULE_CONFIGS, plot_base="spawn"),
    Workload("insmod", "insmod HELLO.KO who=K32 (vs true)", INSMOD, None, "{:,.0f}",
             kernels=MODULE_CONFIGS, baseline="true  " + INSMOD[len("insmod"):],
             expect=b"hello, K32", plot_base="spawn"),
    Workload("rmmod", "rmmod hello (vs true)", f"{INSMOD}\nrmmod hello", None, "{:,.0f}",
             kernels=MODULE_CONFIGS, baseline=f"{INSMOD}\ntrue  hello",
             expect=b"goodbye, K32", plot_base="spawn"),
]
# calls whose extra cost on the microkernels is messages (to PM, to FS)
PER_CALL = {"getpid": "a getpid", "read_1byte": "a cached 1-byte read"}
# what goes through the disk driver
PER_BYTE_IO = {"read_big": "read", "write_big": "write+sync"}
# what the modular kernel reaches through its file-system and block-device
# operation tables (vfs.s, blkdev.s) where mono calls directly
# the kernel's functions of the modload + modunload row (os/modular/modsys.s)
MODULE_CALLS = ("sys_modload", "sys_modunload")
THROUGH_INTERFACES = {"read_1byte": "a cached 1-byte read", "read_big": "read /byte",
                      "write_big": "write+sync /byte", "spawn": "fork+exec+exit+wait",
                      "pipeline": "the pipeline /byte"}
BOOT_ROWS = [
    # (key, label): measured by whole boots, not by differences
    ("boot_to_prompt", "boot to the first prompt"),
    ("k32_boot_process", "whole `k32 boot`, input at EOF (s)"),
]


def _builder():
    from vm.tools.build import Builder
    return Builder.default()


def _cost(total, kernel, seconds, units=1):
    """{total, kernel, user, seconds} per unit."""
    return {"total": total / units, "kernel": kernel / units,
            "user": (total - kernel) / units, "seconds": seconds / units}


class Bench:
    """Boots of one kernel configuration on private copies of one disk image."""

    def __init__(self, kernel, disk):
        from vm.machine.boot import read_image
        builder = _builder()
        self.image = read_image(str(builder.build_boot(kernel)))
        self.disk = disk

    def machine(self):
        from vm.machine.boot import load_image
        from vm.machine import Machine
        m = Machine(MEMORY)
        m.attach_disk(str(self.disk), private=True)
        load_image(m, self.image)
        return m

    def to_prompt(self):
        """The cost ({total, kernel, user, seconds}) from reset until the shell
        first waits for input."""
        from vm.machine import state as S
        m = self.machine()
        m.st[S.IN_LIVE] = 1                     # an interactive console with nothing typed
        output = b""
        start = time.perf_counter()
        try:
            while True:
                reason = m.run(1 << 40)
                output += m.take_output()[0]
                if reason == S.EXIT_IDLE and output.endswith(b"$ "):
                    return _cost(m.retired, m.kernel_retired, time.perf_counter() - start)
                if reason not in (S.EXIT_OUTPUT, S.EXIT_INPUT, S.EXIT_IDLE, S.EXIT_FLUSH):
                    raise RuntimeError(f"boot ended before a prompt (reason {reason}): "
                                       f"{output[-300:]!r}")
        finally:
            m.close()

    def session(self, command, count=None, functions=None):
        """(instructions, kernel-mode instructions, seconds, output) of a boot
        that runs one command line and shuts down at the end of input.  The
        command's exit status is echoed after it and must be 0.  With
        `count` (addresses of instructions), the number of times those
        instructions ran takes the place of the seconds; with `functions`
        ({name: address}), their spans (counting_session)."""
        from vm.machine.console import ScriptedConsole
        from vm.machine.session import Session
        out = BytesIO()
        m = self.machine()
        script = f"{command}\necho {STATUS_MARK.decode()} $?\n".encode()
        try:
            start = time.perf_counter()
            console = ScriptedConsole(script, out=out)
            session = (Session(m, console, err=BytesIO())
                       if count is None and functions is None
                       else counting_session(m, console, count or (), functions, err=BytesIO()))
            outcome = session.run()
            seconds = time.perf_counter() - start
            text = out.getvalue()
            if outcome.status != 0:
                raise RuntimeError(f"{command!r}: the OS ended with status {outcome.status}: "
                                   f"{text[-300:]!r}")
            if not re.search(re.escape(STATUS_MARK) + rb" 0\r?\n", text):
                raise RuntimeError(f"{command!r} failed: {text[-300:]!r}")
            if count is not None:
                seconds = session.hits
            elif functions is not None:
                seconds = session.spans
            return m.retired, m.kernel_retired, seconds, text
        finally:
            m.close()

    def calls_per_unit(self, small, large, units, addresses):
        """How many times more the instructions at `addresses` ran in the
        large session than in the small, per unit of work."""
        return (self.session(large, addresses)[2] - self.session(small, addresses)[2]) / units

    def function_costs(self, command, functions):
        """{name: {calls, instructions per call}} of the kernel functions
        ({name: address}) in a session of `command`."""
        spans = self.session(command, functions=functions)[2]
        return {name: {"calls": calls, "per_call": total / calls if calls else None}
                for name, (calls, total) in spans.items()}

    def best_session(self, command, best_of):
        """session(command) run `best_of` times, with the best seconds; the
        instruction counts must be the same every time."""
        runs = [self.session(command) for _ in range(best_of)]
        if len({r[:2] for r in runs}) != 1:
            raise RuntimeError(f"{command!r}: instruction counts differ between runs: "
                               f"{sorted({r[:2] for r in runs})}")
        return min(runs, key=lambda r: r[2])

    def per_unit(self, small, large, units, best_of=1, boots=1):
        """({total, kernel, user, seconds} per unit, output of the large run)
        from two sessions that differ by `units` units of work."""
        t0, k0, s0, _ = self.best_session(small, best_of)
        t1, k1, s1, out = self.best_session(large, best_of)
        return _cost(t1 - t0, k1 - k0, s1 - s0, units), out


def counting_session(m, console, addresses=(), functions=None, **kwargs):
    """A Session (vm.machine.session) of `m` that also counts how many
    times the instructions at `addresses` (physical) ran, its `hits`; and
    for `functions` ({name: address of a kernel function}) the calls of
    each and the instructions retired from its entry to its return, its
    `spans` ({name: [calls, instructions]})."""
    from vm.machine import state as S
    from vm.machine.session import Session
    SP, RA = 2, 1

    class Counting(Session):
        """It stops before each of those instructions (a breakpoint) and
        steps over it, counting it if it retired (not if an interrupt came
        first: it runs, and is counted, when the handler returns).  A
        function's entry arms a stop at its return address, for the same
        stack pointer (a return address is reached by other calls too)."""

        def __init__(self, m, console, **kwargs):
            super().__init__(m, console, **kwargs)
            self.counted = {a >> 2 for a in addresses}
            self.entries = {a >> 2: name for name, a in (functions or {}).items()}
            self.returns = {}           # word: [(name, sp, retired at the entry)]
            self.hits = 0
            self.spans = {name: [0, 0] for name in functions or {}}
            self.words = []
            self._arm()

        def _arm(self):
            self.m.unmark_breakpoints(self.words)
            self.words = sorted(self.counted | set(self.entries) | set(self.returns))
            self.m.mark_breakpoints(self.words)

        def _handle(self, reason):
            if reason == S.EXIT_BREAKPOINT:
                m = self.m
                word, sp = m.pc >> 2, int(m.regs[SP])
                for opened in self.returns.get(word, ()):
                    if opened[1] == sp:                 # this call's return
                        span = self.spans[opened[0]]
                        span[0] += 1
                        span[1] += m.retired - opened[2]
                        self.returns[word].remove(opened)
                        if not self.returns[word]:
                            del self.returns[word]
                        break
                if word in self.entries:
                    self.returns.setdefault(int(m.regs[RA]) >> 2, []).append(
                        (self.entries[word], sp, m.retired))
                m.unmark_breakpoints(self.words)
                before = m.retired
                reason = m.run(1)
                self.hits += word in self.counted and m.retired > before
                self._arm()
                if reason == S.EXIT_BUDGET:
                    return None
            return super()._handle(reason)

    return Counting(m, console, **kwargs)


def interface_stubs(builder=None):
    """{name: address} of the modular kernel's calls through its operation
    tables: each `NAME: FS_CALL OP` of os/modular/vfs.s and `NAME: BLK_CALL
    OP` of blkdev.s, the names the shared code calls directly in mono."""
    from vm.machine.boot import read_image
    builder = builder or _builder()
    symbols = read_image(str(builder.build_boot("modular"))).executable.symbol_table()
    names = []
    for source, macro in (("vfs.s", "FS_CALL"), ("blkdev.s", "BLK_CALL")):
        text = (builder.root / "os" / "modular" / source).read_text()
        names += re.findall(rf"^(\w+):\s*{macro}\b", text, re.MULTILINE)
    if not names:
        raise RuntimeError("no FS_CALL or BLK_CALL stubs in os/modular/vfs.s, blkdev.s")
    return {name: symbols[name] for name in names}


def text_file(size):
    """`size` bytes of text lines, every seventh with an x in it (the last
    line padded to fill the size exactly)."""
    words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf")
    lines, length, i = [], 0, 0
    while length < size - 64:
        word = "xray" if i % 7 == 3 else words[i % 7]
        line = f"line {i:06d} {word} {words[(i * 3) % 7]} {words[(i * 5) % 7]}\n"
        lines.append(line)
        length += len(line)
        i += 1
    lines.append("z" * (size - length - 1) + "\n")
    return "".join(lines).encode()


def wc_counts(data):
    """(lines, words, bytes) as wc counts them."""
    return data.count(b"\n"), len(data.split()), len(data)


def grep_x(data):
    """The lines of `data` that `grep x` prints."""
    return b"".join(line for line in data.splitlines(keepends=True) if b"x" in line)


def bench_disk(directory, sizes):
    """(path, {name: contents}): the default disk's files plus LARGE (binary)
    and LINES (text lines), both `sizes.big` bytes, SMALL (`sizes.small`
    bytes) and EMPTY."""
    from vm.tools.build import DISK_SIZE, MODDIRS, make_fat16
    files = _builder().program_files()
    big = bytes((i * 7 + (i >> 9)) & 0xFF for i in range(sizes.big))
    files[LARGE] = big
    files[LINES] = text_file(sizes.big)
    files[SMALL] = big[:sizes.small]
    files[EMPTY] = b""
    path = Path(directory) / "bench.img"
    files.update(_builder().kmodule_files())        # /LIB/MOD/HELLO.KO and the rest
    make_fat16(path, DISK_SIZE, ["/BIN", *MODDIRS], files)
    return path, files


def whole_boot_seconds(kernel, repeat, env=None):
    """Best wall time of a whole `k32 boot --snapshot --input ''` process."""
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "vm.cli", "boot", "--kernel", kernel,
                               "--snapshot", "--input", ""], capture_output=True,
                              cwd=Path(__file__).resolve().parents[2], env=env)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"k32 boot --kernel {kernel} failed: {done.stderr.decode()[-300:]}")
        best = seconds if best is None else min(best, seconds)
    return best


def check_pipeline(output, text):
    """wc's line at the end of `cat TEXT | grep x | wc` must count grep's lines."""
    want = wc_counts(grep_x(text))
    got = [tuple(int(n) for n in m.groups())
           for m in re.finditer(rb"^ *(\d+) +(\d+) +(\d+) *\r?$", output, re.MULTILINE)]
    if not got or got[-1] != want:
        raise RuntimeError(f"wc counted {got[-1] if got else 'nothing'}, expected {want} "
                           f"(lines, words, bytes of grep x's output)")


def measure(bench, kernel, sizes, files, progress=None):
    """{workload: {total, kernel, user, seconds}} for one configuration."""
    bench.to_prompt()                           # compile / warm up
    f = {"boot_to_prompt": min((bench.to_prompt() for _ in range(sizes.boots)),
                               key=lambda c: c["seconds"]),
         "k32_boot_process": {"seconds": whole_boot_seconds(kernel, sizes.boots)}}
    stubs = list(interface_stubs().values()) if kernel == "modular" else None
    for w in WORKLOADS:
        if not w.has(kernel):
            continue
        if progress:
            progress(f"{kernel}: {w.key}")
        f[w.key], out = bench.per_unit(*w.commands(sizes), w.count(sizes), sizes.best_of)
        if w.key == "pipeline":
            check_pipeline(out, files[LINES])
        if w.expect is not None and w.expect not in out:
            raise RuntimeError(f"{w.command!r} did not print {w.expect.decode()!r}: "
                               f"{out[-300:]!r}")
        if w.key == "modload_cycle":
            # The cycle's two system calls, each from its entry to its return.
            symbols = bench.image.executable.symbol_table()
            f[w.key]["system_calls"] = bench.function_costs(
                w.commands(sizes)[1], {name: symbols[name] for name in MODULE_CALLS})
        if stubs and w.key in THROUGH_INTERFACES:
            # The calls through the operation tables, counted in two more boots.
            f[w.key]["interface_calls"] = bench.calls_per_unit(
                *w.commands(sizes), w.count(sizes), stubs)
    return f


def summarize(figures, configs):
    """Add the ratios and the derived figures to `figures` (in place)."""
    ratios = {}
    if "mono" in configs:
        mono = figures["mono"]
        for k in configs:
            if k == "mono":
                continue
            r = ratios[f"{k}/mono"] = {}
            for key, cost in figures[k].items():
                base = mono.get(key)
                unit = "total" if "total" in cost else "seconds"
                if base and base[unit]:
                    r[key] = cost[unit] / base[unit]
    figures["ratios"] = ratios
    # Where the microkernels' extra cost comes from: per call, the extra
    # instructions over mono in sendrec round trips (a call that becomes a
    # message); per byte of file I/O, the disk driver's port kernel calls
    # (micro) against direct port access (micro-io), with the kernel-mode share.
    derived = figures["derived"] = {}
    for k in configs:
        if k not in MICRO_CONFIGS:
            continue
        f = figures[k]
        d = derived[k] = {"sendrec_per_null_trap": f["sendrec"]["total"] / f["null_trap"]["total"]}
        if "mono" in configs:
            d["extra_over_mono_in_sendrecs"] = {
                key: (f[key]["total"] - figures["mono"][key]["total"]) / f["sendrec"]["total"]
                for key in PER_CALL}
    if "modular" in configs and "mono" in configs:
        # What the modular kernel's indirect calls cost: per unit of each
        # workload that goes through its interfaces, the instructions more
        # than mono's direct calls, and the ratio.
        mod, mono = figures["modular"], figures["mono"]
        derived["modular"] = {
            "over_mono": {key: {"extra": mod[key]["total"] - mono[key]["total"],
                                "ratio": mod[key]["total"] / mono[key]["total"],
                                "calls": mod[key]["interface_calls"],
                                "extra_per_call": ((mod[key]["total"] - mono[key]["total"])
                                                   / mod[key]["interface_calls"]
                                                   if mod[key]["interface_calls"] else None)}
                          for key in THROUGH_INTERFACES},
            "boot_extra": mod["boot_to_prompt"]["total"] - mono["boot_to_prompt"]["total"]}
    if "micro" in configs and "micro-io" in configs:
        derived["direct_io"] = {
            key: {k: {"total": figures[k][key]["total"],
                      "kernel_share": figures[k][key]["kernel"] / figures[k][key]["total"]}
                  for k in MICRO_CONFIGS}
            for key in PER_BYTE_IO}
    return figures


SHORT = {"micro-io": "m-io", "modular": "mod"}


def _short(config):
    return SHORT.get(config, config)


def _ratio_name(name):
    """A ratio's column head: "micro-io/mono" is "m-io/mono"."""
    return "/".join(_short(k) for k in name.split("/"))


def _seconds_text(seconds):
    """Seconds with a unit that keeps 3 significant digits: '812 ms', '2.41 us'."""
    for scale, unit in ((1, "s"), (1e-3, "ms"), (1e-6, "us"), (1e-9, "ns")):
        if abs(seconds) >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.2g} ns"


def _size_text(size):
    return f"{size >> 20} MiB" if size % (1 << 20) == 0 else f"{size >> 10} KiB"


def _rows(figures):
    """(key, label, format of a total) for every row, boot rows first (the
    whole `k32 boot` has only seconds: no format)."""
    big = _size_text(figures["sizes"]["big"])
    return ([(BOOT_ROWS[0][0], BOOT_ROWS[0][1], "{:,.0f}"), (*BOOT_ROWS[1], None)]
            + [(w.key, w.label.format(big=big), w.fmt) for w in WORKLOADS])


def table(figures, configs, echo):
    """Print the two tables: instructions with the ratios to mono, then the
    kernel-mode share of each figure and seconds; then the derived lines."""
    rows = _rows(figures)
    width = max(len(label) for _, label, _ in rows)
    ratio_names = list(figures["ratios"])
    echo(f"k32 bench os: {MEMORY >> 20} MiB RAM; instructions per unit (deterministic: "
         f"two boots' difference / units)")
    echo(f"  {'':<{width}}" + "".join(f"{c:>12}" for c in configs)
         + "".join(f"{_ratio_name(r):>11}" for r in ratio_names))
    for key, label, fmt in rows:
        cells = []
        for k in configs:
            cost = figures[k].get(key)
            if cost is None:
                cells.append("-")
            elif "total" in cost:
                cells.append(fmt.format(cost["total"]))
            else:
                cells.append(f"{cost['seconds']:.2f}")
        line = "".join(f"{c:>12}" for c in cells)
        for r in ratio_names:
            ratio = figures["ratios"][r].get(key)
            line += f"{ratio:>10.2f}x" if ratio is not None else f"{'-':>11}"
        echo(f"  {label:<{width}}{line}")
    echo("")
    echo(f"  {'kernel-mode share (k%); wall seconds':<{width}}"
         + "".join(f"{_short(k) + ' k%':>10}" for k in configs)
         + "".join(f"{_short(k) + ' s':>10}" for k in configs))
    for key, label, _ in rows:
        shares, times = [], []
        for k in configs:
            cost = figures[k].get(key)
            shares.append(f"{100 * cost['kernel'] / cost['total']:.0f}%"
                          if cost and cost.get("total") else "-")
            times.append(_seconds_text(cost["seconds"]) if cost else "-")
        echo(f"  {label:<{width}}" + "".join(f"{c:>10}" for c in shares + times))
    derived = figures["derived"]
    for k in configs:
        if k not in derived or k not in MICRO_CONFIGS:
            continue
        d = derived[k]
        echo(f"  {k}: sendrec round trip = {d['sendrec_per_null_trap']:.2f} null traps "
             f"(aim: at most 6)")
        if "extra_over_mono_in_sendrecs" in d:
            echo("    more than on mono, in sendrec round trips: " + ", ".join(
                f"{PER_CALL[key]} {n:.2f}"
                for key, n in d["extra_over_mono_in_sendrecs"].items()))
    if "direct_io" in derived:
        io = derived["direct_io"]
        echo("  disk driver: port kernel calls (micro) vs direct ports (micro-io), "
             "per byte (kernel %):")
        echo("    " + "; ".join(
            f"{PER_BYTE_IO[key]} {d['micro']['total']:.3f} ({d['micro']['kernel_share']:.0%}) "
            f"vs {d['micro-io']['total']:.3f} ({d['micro-io']['kernel_share']:.0%})"
            for key, d in io.items()))
        saved = {key: 1 - d["micro-io"]["total"] / d["micro"]["total"] for key, d in io.items()}
        if all(v <= 0 for v in saved.values()):
            echo("    direct ports save nothing here: the port kernel calls are not micro's "
                 "overhead, its messages are")
        else:
            echo("    the port kernel calls are " + " and ".join(
                f"{max(v, 0):.0%} of micro's {PER_BYTE_IO[key]}" for key, v in saved.items()))
    if "modular" in derived:
        d = derived["modular"]
        echo("  modular: calls through its operation tables per unit, and instructions more "
             "than mono (modular/mono; per call):")
        for key, v in d["over_mono"].items():
            per_call = (f"{v['extra_per_call']:+.2f} a call" if v["extra_per_call"] is not None
                        else "no calls")
            echo(f"    {THROUGH_INTERFACES[key]}: {v['calls']:,.4g} calls, {v['extra']:+,.4g} "
                 f"({v['ratio']:.3f}x; {per_call})")
        echo(f"    boot to the first prompt {d['boot_extra']:+,.0f} (loading disk, bcache, "
             f"fat16 from the boot image)")
    if "modular" in configs:
        f = figures["modular"]
        echo("  modular: hello.ko " + "; ".join(
            f"{what} {f[key]['total']:,.0f} ({f[key]['kernel'] / f[key]['total']:.0%} kernel)"
            for key, what in (("modload_cycle", "modload+modunload"), ("insmod", "insmod"),
                              ("rmmod", "rmmod"))))
        calls = f["modload_cycle"].get("system_calls", {})
        if calls:
            echo("    of the cycle, from entry to return: " + ", ".join(
                f"{name} {c['per_call']:,.0f}" for name, c in calls.items()
                if c["per_call"] is not None) + " (the rest is outside both: the traps, osbench's loop)")


def check_plot_path(path):
    """Before measuring: ValueError if `path` is not a .png or .svg name,
    ImportError if matplotlib (the `plot` extra) is missing."""
    if Path(path).suffix.lower() not in PLOT_FORMATS:
        raise ValueError(f"--plot {path}: the file name must end in .png or .svg")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError("--plot needs matplotlib: pip install 'k32[plot]'") from None


def plot(figures, configs, path):
    """Grouped bars: per workload, each configuration's instructions per unit
    relative to the reference (mono, else the first configuration), split
    into kernel mode (solid) and user mode (hatched).  Rows mono does not
    have are relative to another of its rows (Workload.plot_base): IPC to
    the null trap, module load and unload to fork + exec + exit + wait."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ref = "mono" if "mono" in configs else configs[0]
    keys = [key for key, _, fmt in _rows(figures) if fmt
            and any(key in figures[k] for k in configs)]
    labels = {key: label for key, label, _ in _rows(figures)}
    bases = {w.key: w.plot_base for w in WORKLOADS if w.plot_base}
    colours = {"mono": "#4c72b0", "micro": "#dd8452", "micro-io": "#55a868",
               "modular": "#8172b3"}
    fig, ax = plt.subplots(figsize=(12, 5.5))
    width = 0.8 / len(configs)
    highest = 0
    for i, k in enumerate(configs):
        xs, kern, user = [], [], []
        for x, key in enumerate(keys):
            cost = figures[k].get(key)
            base = figures[ref].get(key) or figures[ref][bases[key]]
            if cost is None:
                continue
            xs.append(x + (i - (len(configs) - 1) / 2) * width)
            kern.append(cost["kernel"] / base["total"])
            user.append(cost["user"] / base["total"])
            highest = max(highest, cost["total"] / base["total"])
        ax.bar(xs, kern, width, color=colours.get(k), label=f"{k}: kernel mode")
        ax.bar(xs, user, width, bottom=kern, color=colours.get(k), alpha=0.45, hatch="//",
               label=f"{k}: user mode")
    if highest > 20:
        ax.set_yscale("log")
    ax.axhline(1, color="grey", linewidth=0.8)
    base_names = {"null_trap": "null trap", "spawn": "fork+exec"}
    names = [labels[key] + (f"\n(vs {ref}'s {base_names[bases[key]]})"
                            if key not in figures[ref] else "") for key in keys]
    ax.set_xticks(range(len(keys)), names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel(f"instructions per unit relative to {ref}")
    ax.set_title("k32 bench os: what each kernel configuration costs (kernel + user mode)")
    ax.legend(fontsize=8, ncols=2, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def run(echo, configs=CONFIGS, sizes=FULL, progress=None):
    """Measure the configurations and print the tables; returns the figures:
    {config: {workload: {total, kernel, user, seconds}}, "ratios":
    {"micro/mono": {workload: ratio}}, "derived": {...}, "sizes": {...}}."""
    configs = list(configs)
    figures = {"configs": configs, "sizes": vars(sizes)}
    with tempfile.TemporaryDirectory() as tmp:
        disk, files = bench_disk(tmp, sizes)
        for k in configs:
            figures[k] = measure(Bench(k, disk), k, sizes, files, progress)
    summarize(figures, configs)
    table(figures, configs, echo)
    return figures
