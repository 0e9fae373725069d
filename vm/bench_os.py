"""`k32 bench os`: what the operating system costs, in instructions and seconds.

Instruction counts are deterministic (time is counted in instructions), so
each cost is the difference between two boots that differ only in the work
asked for, divided by the amount of work: boot, shell and shutdown cancel
out exactly.  Seconds are wall-clock on this host, for the same runs.

- boot to the first prompt: instructions until the shell waits for input;
  and a whole `k32 boot` process (warm compiled-code cache) from start to
  power-off with empty input, as a user waits for it;
- getpid round trip: `osbench getpid N`;
- fork + exec + exit + wait: `osbench spawn N` (the child execs /bin/true);
- `cat FILE | wc` on a 1 MiB file, against an empty file: instructions per byte.
"""

import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

MEMORY = 16 << 20
BIG = 1 << 20
GETPID_CALLS = 100_000
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


def whole_boot_seconds(repeat=3):
    """Best wall time of a whole `k32 boot --snapshot --input ''` process."""
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "vm.cli", "boot", "--snapshot",
                               "--input", ""], capture_output=True,
                              cwd=Path(__file__).resolve().parent.parent)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"k32 boot failed: {done.stderr.decode()[-300:]}")
        best = seconds if best is None else min(best, seconds)
    return best


def run(echo, kernel="mono"):
    """Measure and print; returns the figures as a dict."""
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(kernel, bench_disk(tmp))
        bench.to_prompt()                       # compile / warm up
        prompt_insns, prompt_seconds = min(bench.to_prompt() for _ in range(3))
        whole = whole_boot_seconds()
        getpid, getpid_s, _ = bench.per_unit("osbench getpid 0",
                                             f"osbench getpid {GETPID_CALLS}", GETPID_CALLS)
        spawn, spawn_s, _ = bench.per_unit("osbench spawn 0", f"osbench spawn {SPAWNS}", SPAWNS)
        cat, cat_s, out = bench.per_unit("cat /EMPTY.DAT | wc", "cat /BIG.DAT | wc", BIG)
        if f"{BIG}".encode() not in out:
            raise RuntimeError(f"wc did not count {BIG} bytes: {out[-200:]!r}")
        insns, seconds, _ = bench.session("cat /BIG.DAT | wc")
    figures = {
        "kernel": kernel,
        "boot_to_prompt_instructions": prompt_insns,
        "boot_to_prompt_seconds": prompt_seconds,
        "k32_boot_process_seconds": whole,
        "getpid_instructions": getpid,
        "spawn_instructions": spawn,
        "spawn_seconds": spawn_s,
        "cat_wc_instructions_per_byte": cat,
        "cat_wc_mips": insns / seconds / 1e6,
    }
    rows = [
        ("boot to the first prompt", f"{prompt_insns:,} instructions",
         f"{prompt_seconds * 1000:.1f} ms in the loop"),
        ("whole `k32 boot`, input at EOF", "", f"{whole:.2f} s (warm cache)"),
        ("getpid round trip", f"{getpid:,.1f} instructions", f"{getpid_s * 1e9:.0f} ns"),
        ("fork + exec + exit + wait", f"{spawn:,.0f} instructions", f"{spawn_s * 1e6:.0f} us"),
        ("cat 1 MiB | wc", f"{cat:.2f} instructions/byte", f"{cat_s * BIG * 1000:.0f} ms per MiB"),
        ("guest speed in that pipeline", f"{figures['cat_wc_mips']:.0f} MIPS", ""),
    ]
    echo(f"k32 bench os: the {kernel} kernel, {MEMORY >> 20} MiB RAM")
    width = max(len(r[0]) for r in rows)
    for name, insns_text, time_text in rows:
        echo(f"  {name:<{width}}  {insns_text:>28}  {time_text}")
    return figures
