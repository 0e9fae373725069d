"""`k32 bench cpu`: how fast the interpreter runs guest code.

Every figure is measured in the same run: each benchmark program of
programs/bench runs at full size on the compiled loop (best of 3), then at a reduced
size on the same code with NUMBA_DISABLE_JIT=1 (in a child process), and
the ratio of the two rates is printed.  Start-up is timed as a user sees
it: whole `k32 run` processes on a hello-world, with the compiled-code
cache warm, and once with an empty cache (the compile time).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "programs" / "bench"
INCLUDES = [str(BENCH), str(ROOT / "os" / "include")]

# name, source, defines at full size, defines for the uncompiled run, expected output
PROGRAMS = [
    ("sieve", "sieve.s", {}, {"PASSES": 1}, b"6542\n"),
    ("crc32", "crc32.s", {}, {"PASSES": 1}, b"1582176661\n"),
    ("fib", "fib.s", {}, {"N": 18}, None),
    ("memcpy", "memcpy.s", {}, {"PASSES": 3}, b"134209536\n"),
    ("crc32 user+paging", "crc32.s", {"USER_MODE": 1}, {"USER_MODE": 1, "PASSES": 1},
     b"1582176661\n"),
]


def assemble(source, defines):
    from assembler import assemble_file
    return assemble_file(str(BENCH / source), include_paths=INCLUDES, defines=dict(defines)).executable


def measure(source, defines, repeat=1):
    """(instructions, seconds, output) of the fastest of `repeat` runs, each
    on a fresh machine (the same code varies ~10% between runs)."""
    from vm.machine import Machine
    from vm.machine.state import EXIT_DEBUG, EXIT_VALUE
    exe = assemble(source, defines)
    best = None
    for _ in range(repeat):
        machine = Machine()
        machine.load(exe)
        start = time.perf_counter()
        reason = machine.run(1 << 40)
        seconds = time.perf_counter() - start
        out, _ = machine.take_output()
        if reason != EXIT_DEBUG or machine.st[EXIT_VALUE] != 0:
            raise RuntimeError(f"{source} {defines}: ended with reason {reason}, output {out!r}")
        if best is None or seconds < best[1]:
            best = (machine.retired, seconds, out)
    return best


def _child(source, defines):
    """Run in a child process (NUMBA_DISABLE_JIT=1): print instructions and seconds."""
    instructions, seconds, _ = measure(source, defines)
    print(instructions, seconds)


def uncompiled(source, defines):
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    code = (f"from vm.tools.bench_cpu import _child; _child({source!r}, {defines!r})")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[0]), float(out[1])


def startup(hello_kx, env=None, repeat=3):
    """Best wall time of `k32 run hello.kx` as a whole process."""
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vm.cli", "run", str(hello_kx)], cwd=ROOT,
                       env=env, capture_output=True, check=True)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def run(echo, compile_time=True):
    """Measure everything, printing as it goes; returns the figures."""
    from isa import kx
    measure("fib.s", {"N": 2})                      # load the compiled loop first
    rows = []
    echo(f"{'program':<20} {'instructions':>13} {'seconds':>8} {'MIPS':>7}   "
         f"{'no-JIT instr':>12} {'MIPS':>6} {'speed-up':>9}")
    for name, source, full, small, expected in PROGRAMS:
        instructions, seconds, out = measure(source, full, repeat=3)
        if expected is not None and out != expected:
            raise RuntimeError(f"{name}: printed {out!r}, expected {expected!r}")
        slow_instructions, slow_seconds = uncompiled(source, small)
        mips = instructions / seconds / 1e6
        slow_mips = slow_instructions / slow_seconds / 1e6
        rows.append({"program": name, "instructions": instructions, "seconds": seconds,
                     "mips": mips, "nojit_instructions": slow_instructions,
                     "nojit_mips": slow_mips, "speedup": mips / slow_mips})
        echo(f"{name:<20} {instructions:>13,} {seconds:>8.3f} {mips:>7.1f}   "
             f"{slow_instructions:>12,} {slow_mips:>6.2f} {mips / slow_mips:>8.0f}x")
    figures = {"programs": rows}
    with tempfile.TemporaryDirectory() as scratch:
        hello = Path(scratch) / "hello.kx"
        from assembler import assemble_file
        exe = assemble_file(str(ROOT / "programs/examples/hello.s"), include_paths=INCLUDES).executable
        hello.write_bytes(kx.write(exe))
        figures["warm_startup"] = startup(hello)
        echo(f"warm start-up, `k32 run hello.kx` as a whole process: "
             f"{figures['warm_startup']:.3f} s (best of 3)")
        if compile_time:
            env = dict(os.environ, K32_CACHE_DIR=str(Path(scratch) / "cache"))
            env.pop("NUMBA_CACHE_DIR", None)
            cold = startup(hello, env, repeat=1)
            figures["cold_startup"] = cold
            echo(f"cold start-up (empty compiled-code cache): {cold:.1f} s, "
                 f"so compiling takes about {cold - figures['warm_startup']:.1f} s, once")
    return figures
