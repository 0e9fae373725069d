"""The assembler benchmark: assemble a generated source of realistic shape
and report lines per second (`k32 bench asm`)."""

import random
import time

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

GCC = "riscv64-unknown-elf-gcc"
GCC_FLAGS = ["-S", "-O2", "-g", "-march=rv32em", "-mabi=ilp32e"]

_C_HEAD = """\
struct point { int x, y; short tag; unsigned char flags[6]; };
struct list { struct list *next; struct point at; int weight; };
int g_total, g_calls;
static int g_table[64];
const char *g_names[4] = { "zero", "one", "two", "three" };
"""

_C_FUNCTION = """\
int f{n}(struct list *l, int k, struct point *p)
{{
    int s = {seed};
    g_calls++;
    for (int i = 0; l && i < k; i++, l = l->next) {{
        switch ((l->at.x + i) & 7) {{
        case 0: s += l->at.y * {a}; break;
        case 1: s -= g_table[(i + {b}) & 63]; break;
        case 2: s ^= l->weight << (i & 7); break;
        case 3: p->flags[i % 6] = (unsigned char)s; break;
        case 4: s += {callee}(l->next, k - 1, p); break;
        case 5: s = s * 3 + g_names[i & 3][0]; break;
        default: s += p->x > p->y ? p->tag : -p->tag;
        }}
    }}
    while (s > {limit}) s = (s >> 1) - k;
    g_table[{b} & 63] = s;
    g_total += s;
    return s;
}}
"""


def generate_c(functions, seed=1):
    rng = random.Random(seed)
    out = [_C_HEAD]
    for n in range(functions):
        out.append(_C_FUNCTION.format(n=n, seed=rng.randint(0, 999), a=rng.randint(2, 99),
                                      b=rng.randint(0, 63), limit=rng.randint(100, 100000),
                                      callee=f"f{rng.randrange(n)}" if n else "f0"))
    return "\n".join(out)


def _compile(folder, functions):
    """GCC's assembly for `functions` generated functions: (path, lines)."""
    import subprocess
    from pathlib import Path
    c = Path(folder) / "gcc_bench.c"
    s = c.with_suffix(".s")
    c.write_text(generate_c(functions))
    subprocess.run([GCC, *GCC_FLAGS, c.name, "-o", s.name], check=True, capture_output=True,
                   cwd=folder)
    return s, s.read_text().count("\n")


def run_gcc(lines=20000, repeat=3):
    """Time `k32 asm -c` on a GCC-generated file of about `lines` lines.
    Returns {"skipped": why} when GCC is not installed, {"failed": first
    error line, ...} when the assembler does not take the file."""
    import shutil
    import subprocess
    import tempfile

    from assembler import AsmError, assemble_file
    if shutil.which(GCC) is None:
        return {"skipped": f"{GCC} is not on PATH"}
    with tempfile.TemporaryDirectory(prefix="k32-bench-gcc-") as folder:
        try:
            _, small = _compile(folder, 10)          # lines = fixed + per function * n
            _, large = _compile(folder, 50)
            per_function = (large - small) / 40
            functions = round((lines - (small - 10 * per_function)) / per_function)
            path, count = _compile(folder, max(1, functions))
        except subprocess.CalledProcessError as e:
            why = (e.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[0]
            return {"skipped": f"{GCC} failed: {why}"}
        best = None
        for _ in range(repeat):
            t0 = time.perf_counter()
            try:
                assemble_file(str(path), relocatable=True)
            except AsmError as e:
                first = str(e).splitlines()[0].replace(str(path), path.name).replace(folder, ".")
                return {"lines": count, "failed": first, "errors": len(e.diagnostics)}
            elapsed = time.perf_counter() - t0
            best = elapsed if best is None else min(best, elapsed)
    return {"lines": count, "seconds": best, "lines_per_second": count / best}
