"""`k32 bench os`: what the operating system costs, in instructions and seconds.

Instruction counts are deterministic (time is counted in instructions), so
each cost is the difference between two boots that differ only in the work
asked for, divided by the amount of work: boot, shell and shutdown cancel
out exactly.  Seconds are wall-clock on this host, for the same runs.

- boot to the first prompt: instructions until the shell waits for input;
  and a whole `k32 boot` process (warm compiled-code cache) from start to
  power-off with empty input, as a user waits for it;
- a null trap (`osbench null N`), and on the microkernel one-way IPC
  (`osbench oneway N`) and a sendrec round trip (`osbench ping N`);
- getpid round trip: `osbench getpid N`;
- fork + exec + exit + wait: `osbench spawn N` (the child execs /bin/true);
- reading a 1 MiB file (`osbench read FILE`, 16 KiB reads) and `cat FILE | wc`,
  against an empty file: instructions per byte.

`k32 bench os` measures both kernels and prints them side by side with the
micro/mono ratio.
"""

import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

MEMORY = 16 << 20
BIG = 1 << 20
CALLS = 100_000
SPAWNS = 200


def _builder():
    from vm.build import Builder
    return Builder.default()


class Bench:
    """Boots of one kernel on private copies of one disk image."""

    def __init__(self, kernel, disk):
        from vm.boot import read_image
        builder = _builder()
        self.image = read_image(str(builder.build_boot(kernel)))
        self.disk = disk

    def machine(self):
        from vm.boot import load_image
        from vm.machine import Machine
        m = Machine(MEMORY)
        m.attach_disk(str(self.disk), private=True)
        load_image(m, self.image)
        return m

    def to_prompt(self):
        """(instructions, seconds) from reset until the shell first waits for input."""
        from vm import state as S
        m = self.machine()
        m.st[S.IN_LIVE] = 1                     # an interactive console with nothing typed
        output = b""
        start = time.perf_counter()
        try:
            while True:
                reason = m.run(1 << 40)
                output += m.take_output()[0]
                if reason == S.EXIT_IDLE and output.endswith(b"$ "):
                    return m.retired, time.perf_counter() - start
                if reason not in (S.EXIT_OUTPUT, S.EXIT_INPUT, S.EXIT_IDLE, S.EXIT_FLUSH):
                    raise RuntimeError(f"boot ended before a prompt (reason {reason}): "
                                       f"{output[-300:]!r}")
        finally:
            m.close()

    def session(self, command):
        """(instructions, seconds, output) of a boot that runs one command line
        and shuts down at the end of input."""
        from vm.console import ScriptedConsole
        from vm.session import Session
        out = BytesIO()
        m = self.machine()
        start = time.perf_counter()
        outcome = Session(m, ScriptedConsole(command.encode() + b"\n", out=out),
                          err=BytesIO()).run()
        seconds = time.perf_counter() - start
        text = out.getvalue()
        if outcome.status != 0:
            raise RuntimeError(f"{command!r} ended with status {outcome.status}: {text[-300:]!r}")
        return m.retired, seconds, text

    def per_unit(self, small, large, units):
        """(instructions per unit, seconds per unit) from two sessions."""
        i0, s0, _ = self.session(small)
        i1, s1, out = self.session(large)
        return (i1 - i0) / units, (s1 - s0) / units, out


def bench_disk(directory):
    """The default disk's files plus /BIG.DAT (1 MiB) and /EMPTY.DAT."""
    from vm.build import DISK_SIZE, make_fat16
    builder = _builder()
    programs = builder.build_programs()
    files = {f"/BIN/{p.name}": p.installed() for p in programs}
    files["/BIG.DAT"] = bytes((i * 7 + (i >> 9)) & 0xFF for i in range(BIG))
    files["/EMPTY.DAT"] = b""
    path = Path(directory) / "bench.img"
    make_fat16(path, DISK_SIZE, ["/BIN"], files)
    return path


def whole_boot_seconds(kernel, repeat=3):
    """Best wall time of a whole `k32 boot --snapshot --input ''` process."""
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "vm.cli", "boot", "--kernel", kernel,
                               "--snapshot", "--input", ""], capture_output=True,
                              cwd=Path(__file__).resolve().parent.parent)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"k32 boot --kernel {kernel} failed: {done.stderr.decode()[-300:]}")
        best = seconds if best is None else min(best, seconds)
    return best


def measure(bench, kernel):
    """{figure: value} for one kernel."""
    bench.to_prompt()                           # compile / warm up
    prompt_insns, prompt_seconds = min(bench.to_prompt() for _ in range(3))
    f = {"boot_to_prompt_instructions": prompt_insns,
         "boot_to_prompt_seconds": prompt_seconds,
         "k32_boot_process_seconds": whole_boot_seconds(kernel)}
    f["null_trap_instructions"], _, _ = bench.per_unit(
        "osbench null 0", f"osbench null {CALLS}", CALLS)
    if kernel == "micro":
        f["oneway_ipc_instructions"], _, _ = bench.per_unit(
            "osbench oneway 0", f"osbench oneway {CALLS}", CALLS)
        f["sendrec_instructions"], _, _ = bench.per_unit(
            "osbench ping 0", f"osbench ping {CALLS}", CALLS)
    f["getpid_instructions"], f["getpid_seconds"], _ = bench.per_unit(
        "osbench getpid 0", f"osbench getpid {CALLS}", CALLS)
    f["spawn_instructions"], f["spawn_seconds"], _ = bench.per_unit(
        "osbench spawn 0", f"osbench spawn {SPAWNS}", SPAWNS)
    f["read_instructions_per_byte"], f["read_seconds_per_byte"], _ = bench.per_unit(
        "osbench read /EMPTY.DAT", "osbench read /BIG.DAT", BIG)
    cat, cat_s, out = bench.per_unit("cat /EMPTY.DAT | wc", "cat /BIG.DAT | wc", BIG)
    if f"{BIG}".encode() not in out:
        raise RuntimeError(f"wc did not count {BIG} bytes: {out[-200:]!r}")
    f["cat_wc_instructions_per_byte"], f["cat_wc_seconds_per_byte"] = cat, cat_s
    return f


ROWS = [
    # (label, figure, format)
    ("boot to the first prompt", "boot_to_prompt_instructions", "{:,.0f}"),
    ("whole `k32 boot`, input at EOF (s)", "k32_boot_process_seconds", "{:.2f}"),
    ("null trap (KC_NULL; mono: ENOSYS)", "null_trap_instructions", "{:,.1f}"),
    ("one-way IPC (send to PM)", "oneway_ipc_instructions", "{:,.1f}"),
    ("sendrec round trip (PM_PING)", "sendrec_instructions", "{:,.1f}"),
    ("getpid round trip", "getpid_instructions", "{:,.1f}"),
    ("fork + exec + exit + wait", "spawn_instructions", "{:,.0f}"),
    ("read 1 MiB, 16 KiB reads (per byte)", "read_instructions_per_byte", "{:.3f}"),
    ("cat 1 MiB | wc (per byte)", "cat_wc_instructions_per_byte", "{:.2f}"),
]


def run(echo, kernel="both"):
    """Measure the kernel(s) and print one table; returns the figures as a
    dict {kernel: {figure: value}} (with "micro/mono" ratios when both ran)."""
    kernels = ["mono", "micro"] if kernel == "both" else [kernel]
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        disk = bench_disk(tmp)
        for k in kernels:
            figures[k] = measure(Bench(k, disk), k)
    if len(kernels) == 2:
        mono, micro = figures["mono"], figures["micro"]
        figures["micro/mono"] = {key: micro[key] / mono[key] for key in mono if mono[key]}
    micro = figures.get("micro")
    if micro:
        micro["sendrec_per_null_trap"] = micro["sendrec_instructions"] / micro["null_trap_instructions"]
    echo(f"k32 bench os: {MEMORY >> 20} MiB RAM; instructions (deterministic) unless marked")
    width = max(len(r[0]) for r in ROWS)
    head = "".join(f"{k:>14}" for k in kernels) + ("    micro/mono" if len(kernels) == 2 else "")
    echo(f"  {'':<{width}}{head}")
    for label, key, fmt in ROWS:
        cells = [fmt.format(figures[k][key]) if key in figures[k] else "-" for k in kernels]
        line = "".join(f"{c:>14}" for c in cells)
        if len(kernels) == 2:
            ratio = figures["micro/mono"].get(key)
            line += f"{ratio:>13.2f}x" if ratio is not None else f"{'-':>14}"
        echo(f"  {label:<{width}}{line}")
    if micro:
        echo(f"  sendrec round trip = {micro['sendrec_per_null_trap']:.2f} null traps (aim: at most 6)")
    return figures
