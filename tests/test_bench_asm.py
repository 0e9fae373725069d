"""`k32 bench asm` prints its figures (at a small size: what is checked is
that each figure is there and well formed, not how fast anything is)."""

import re

from vm.tools.bench_asm import generate_objects


def test_bench_asm_prints_every_figure(k32):
    run = k32("bench", "asm", "--lines", 200, "--repeat", 1, "--objects", 5, "--gcc-lines", 300)
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.decode().splitlines()
    assert re.fullmatch(r"assembled \d+ lines into \d+ words", lines[0])
    assert re.fullmatch(r"best of 1: [\d.]+ s = [\d,]+ lines/s", lines[2])
    assert re.fullmatch(r"linked 5 objects \([\d,]+ relocations\) into a [\d,]+-byte executable",
                        lines[3])
    assert re.fullmatch(r"best of 1: [\d.]+ s = [\d,]+ objects/s", lines[4])
    # GCC's output assembled, or one line saying why not
    assert re.fullmatch(r"GCC-generated file (\([\d,]+ lines, riscv64-unknown-elf-gcc -O2 -g\), "
                        r"k32 asm -c: best of 1: [\d.]+ s = [\d,]+ lines/s"
                        r"|\([\d,]+ lines\): k32 asm -c failed with \d+ errors, the first: "
                        r"gcc_bench\.s:\d+:\d+: error: .*"
                        r"|: skipped \(.+\))", lines[5]), lines[5]
    assert len(lines) == 6


def test_the_linked_program_refers_across_objects():
    sources = dict(generate_objects(20))
    assert len(sources) == 20 and "_start:" in sources["m0.s"]
    assert sum(text.count("call m") + text.count("tail m") for text in sources.values()) > 20
