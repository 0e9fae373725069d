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
