"""The assembler benchmark (`k32 bench asm`): assemble a generated source of
realistic shape and report lines per second; link a generated program of
many objects and report objects per second; assemble GCC's output for a
generated C program (assembler.bench_inputs) and report lines per second."""

import random
import time

from assembler.bench_inputs import CROSS as GCC

_BODY = [
    "        addi {r}, {r2}, {imm}",
    "        lw {r}, {off}(sp)",
    "        sw {r2}, {off}(sp)",
    "        add {r}, {r2}, {r3}",
    "        beq {r}, {r2}, 1f",
    "        li {r}, {big}",
    "        slli {r}, {r2}, {sh}",
    "        bnez {r}, 1b",
    "        la {r}, table_{n}",
    "        call func_{m}",
    "        mul {r}, {r2}, {r3}",
    "        xori {r}, {r}, -1    # flip",
]
_REGS = ["a0", "a1", "a2", "a3", "a4", "a5", "t0", "t1", "t2", "s0", "s1"]


def generate(lines, seed=1):
    """A source of about `lines` lines: functions, local labels, data."""
    rng = random.Random(seed)
    out = ["# generated assembler benchmark", "        .text", "        .globl _start", "_start:"]
    functions = max(1, lines // 40)
    n = 0
    while len(out) < lines - 3:
        out.append(f"func_{n}:")
        out.append("1:")
        for _ in range(28):
            out.append(rng.choice(_BODY).format(
                r=rng.choice(_REGS), r2=rng.choice(_REGS), r3=rng.choice(_REGS),
                imm=rng.randint(-2048, 2047), off=4 * rng.randint(0, 63), sh=rng.randint(0, 31),
                big=rng.randint(0, 0xFFFFFFFF), n=n, m=rng.randrange(functions)))
        out.append("1:      ret")
        out.append("        .data")
        out.append(f"table_{n}: .word {rng.randint(0, 1 << 31)}, {rng.randint(0, 1 << 31)}, func_{n}")
        out.append('        .asciz "benchmark string"')
        out.append("        .align 2")
        out.append("        .text")
        n += 1
    while n < functions:
        out.append(f"func_{n}: ret")
        n += 1
    return "\n".join(out) + "\n"


def run(lines=20000, repeat=3):
    """Assemble a generated source `repeat` times; returns the results."""
    from assembler import assemble_string
    source = generate(lines)
    count = source.count("\n")
    t0 = time.perf_counter()
    assemble_string(source, "bench.s")            # first run: builds the parser
    first = time.perf_counter() - t0
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = assemble_string(source, "bench.s")
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    words = sum(len(s.data) for s in result.executable.segments) // 4
    return {"lines": count, "words": words, "first_seconds": first,
            "seconds": best, "lines_per_second": count / best}


# --- linking ------------------------------------------------------------------------

def generate_objects(count=200, functions=4, seed=1):
    """[(name, source)] of a program in `count` files: each defines
    `functions` functions that call functions of other files and load and
    store their data, and a table of pointers to other files' code."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        lines = ["        .text"]
        if i == 0:
            lines += ["        .globl _start", "_start: call m0_f0", "        halt"]
        for f in range(functions):
            lines += [f"        .globl m{i}_f{f}", f"m{i}_f{f}:", "        addi sp, sp, -8",
                      "        sw ra, 0(sp)"]
            for _ in range(6):
                j, g = rng.randrange(count), rng.randrange(functions)
                lines.append(rng.choice([
                    f"        call m{j}_f{g}", f"        lw a0, m{j}_data", f"        la a1, m{j}_table",
                    f"        sw a0, m{j}_data + 4, t0", f"        tail m{j}_f{g}",
                    f"        addi a0, a0, {rng.randint(-2048, 2047)}"]))
            lines += ["        lw ra, 0(sp)", "        addi sp, sp, 8", "        ret"]
        targets = ", ".join(f"m{rng.randrange(count)}_f{rng.randrange(functions)}" for _ in range(4))
        lines += ["        .data", f"        .globl m{i}_data, m{i}_table",
                  f"m{i}_data:  .word {rng.randint(0, 1 << 31)}, 0",
                  f"m{i}_table: .word {targets}", "        .bss", f"m{i}_buf: .space 64"]
        out.append((f"m{i}.s", "\n".join(lines) + "\n"))
    return out


def run_link(count=200, repeat=3):
    """Assemble `count` generated files with -c once, then time linking
    them (reading the objects, resolving, relocating, writing the .kx) the
    way `k32 ld` does; returns the results."""
    import tempfile
    from pathlib import Path

    from assembler import assemble_string
    from assembler.driver import link_files, link_input
    from isa import kx, obj
    with tempfile.TemporaryDirectory(prefix="k32-bench-ld-") as folder:
        paths, relocs = [], 0
        for name, source in generate_objects(count):
            o = assemble_string(source, name, relocatable=True).object
            relocs += len(o.relocs)
            path = Path(folder) / name.replace(".s", ".o")
            path.write_bytes(obj.write(o))
            paths.append(str(path))
        best = None
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = link_files([link_input(p) for p in paths])
            blob = kx.write(result.executable)
            elapsed = time.perf_counter() - t0
            best = elapsed if best is None else min(best, elapsed)
    return {"objects": count, "relocations": relocs, "bytes": len(blob), "seconds": best,
            "objects_per_second": count / best}


# --- a GCC-generated file --------------------------------------------------------------

def run_gcc(lines=20000, repeat=3):
    """Time `k32 asm -c` on GCC's -O2 -g output for a generated C program
    (assembler.bench_inputs) sized to about `lines` lines.  Returns
    {"skipped": why} when GCC is not installed or fails, {"failed": first
    error line, ...} when the assembler does not take the file."""
    import shutil
    import subprocess

    from assembler import AsmError
    from assembler.bench_inputs import gcc_file, measure
    if shutil.which(GCC) is None:
        return {"skipped": f"{GCC} is not on PATH"}
    try:
        small = gcc_file(functions=10).count("\n")       # lines = fixed + per function * n
        large = gcc_file(functions=50).count("\n")
        per_function = (large - small) / 40
        functions = max(1, round((lines - (small - 10 * per_function)) / per_function))
        text = gcc_file(functions=functions)
    except subprocess.CalledProcessError as e:
        why = (e.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[0]
        return {"skipped": f"{GCC} failed: {why}"}
    try:
        return measure(text, repeat)
    except AsmError as e:
        return {"lines": text.count("\n"), "failed": str(e).splitlines()[0],
                "errors": len(e.diagnostics)}
