"""Inputs for measuring the assembler on what GCC writes.

`gcc_file(path)` gives the text of a ~20,000-line GCC 12 output for RV32E
(-O2 -g: code, .loc lines, call frame directives, DWARF sections), made by
compiling a generated C program with riscv64-unknown-elf-gcc, or read back
from `path` if that file exists (and written there if it does not).
`measure(text)` assembles it as `k32 asm -c` does and gives lines/s.
"""

import os
import random
import shutil
import subprocess
import tempfile
import time

CROSS = "riscv64-unknown-elf-gcc"
FLAGS = ["-march=rv32em", "-mabi=ilp32e", "-ffreestanding", "-O2", "-g", "-S"]

_SHAPES = [
    # A switch (a jump table), a loop over a global array, a struct.
    """int f{n}(int x, int y)
{{
    int r = 0;
    switch (x & 7) {{
    case 0: r = y + {a}; break;
    case 1: r = y * {b}; break;
    case 2: r = y - table{m}[y & 15]; break;
    case 3: r = y ^ {a}; break;
    case 4: r = (y << 3) | {b}; break;
    case 5: r = y / ({b} | 1); break;
    case 6: r = f{p}(y, x); break;
    default: r = -y;
    }}
    for (int i = 0; i < (x & 15); i++)
        r += table{n}[i] * i;
    return r;
}}
""",
    """struct s{n} {{ int a, b; short c; char name[6]; }};
struct s{n} g{n} = {{{a}, {b}, 3, "n{n}"}};
static long long h{n}(long long v) {{ return v * {a} + (v >> 3); }}
int f{n}(int x, int y)
{{
    struct s{n} t = g{n};
    t.a += x;
    t.b -= y;
    t.c = (short)(t.a ^ t.b);
    if (t.a > t.b)
        return (int)h{n}(t.a) + f{p}(t.b, t.c);
    return t.name[x & 3] + t.c + (int)(h{n}(y) >> 32);
}}
""",
    """static const char *const names{n}[] = {{"alpha{n}", "beta{n}", "gamma{n}"}};
int f{n}(int x, int y)
{{
    const char *s = names{n}[(unsigned)x % 3];
    int n = 0;
    while (s[n])
        n++;
    return n * y + table{m}[n & 15] + (x > {a} ? f{p}(x - 1, y) : {b});
}}
""",
]


def c_source(functions=150, seed=1):
    """A C program of `functions` functions of a few shapes, with globals."""
    rng = random.Random(seed)
    out = []
    for n in range(functions):
        out.append(f"int table{n}[16] = {{{', '.join(str(rng.randint(-99, 99)) for _ in range(16))}}};")
    for n in range(functions):
        out.append(f"int f{n}(int x, int y);")
    for n in range(functions):
        out.append(rng.choice(_SHAPES).format(n=n, m=rng.randrange(functions), p=rng.randrange(functions),
                                              a=rng.randint(1, 1000), b=rng.randint(1, 1000)))
    return "\n".join(out)


def gcc_file(path=None, functions=40, debug=True):
    """The text of GCC's -O2 -g output for c_source(functions): about 20,000
    lines for the default.  Read from `path` if it exists; else compiled
    (riscv64-unknown-elf-gcc must be installed) and, with a path, kept there."""
    if path is not None and os.path.exists(path):
        with open(path) as f:
            return f.read()
    if shutil.which(CROSS) is None:
        raise RuntimeError(f"{CROSS} is not installed (apt-get install gcc-riscv64-unknown-elf)")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "bench.c")
        with open(source, "w") as f:
            f.write(c_source(functions))
        out = os.path.join(tmp, "bench.s")
        flags = FLAGS if debug else [f for f in FLAGS if f != "-g"]
        subprocess.run([CROSS, *flags, "bench.c", "-o", out], cwd=tmp, check=True,
                       capture_output=True)
        with open(out) as f:
            text = f.read()
    if path is not None:
        with open(path, "w") as f:
            f.write(text)
    return text


def measure(text, repeat=3):
    """Assemble `text` into an object (as `k32 asm -c`) `repeat` times after
    a first run; returns lines, seconds (best) and lines per second."""
    from .assemble import Assembler
    Assembler(relocatable=True).assemble_string(text, "bench.s")
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        Assembler(relocatable=True).assemble_string(text, "bench.s")
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    lines = text.count("\n")
    return {"lines": lines, "seconds": best, "lines_per_second": lines / best}
