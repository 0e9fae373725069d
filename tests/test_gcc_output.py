"""GCC's output assembles, links and runs, and means what the C means.

Each C program of tests/c/ is compiled by riscv64-unknown-elf-gcc for RV32E
(`-S` at -O0, -O2 and -Os, with and without -g), assembled with `k32 asm -c`,
linked with `k32 ld` to tests/c/rt.s (start-up, console output, memcpy,
memset) and run with `k32 run`; the same program compiled natively by the
host's gcc (with host_rt.c) must print the same and exit with the same
status.  With -g the line table must point into the C source, as `.loc`
says.  The programs need no C library: 64-bit division, which would call
libgcc's helpers, is left out of them.
"""

import subprocess
from pathlib import Path

import pytest

from conftest import needs_host_tools, run_k32
from isa import kx

C_DIR = Path(__file__).parent / "c"
CORPUS = sorted(p.name for p in C_DIR.glob("*.c") if p.name != "host_rt.c")
CROSS = "riscv64-unknown-elf-gcc"
TARGET = ["-march=rv32em", "-mabi=ilp32e", "-ffreestanding", "-nostdlib", "-Wall", "-Werror",
          "-Wno-unused-function"]
VARIANTS = [[opt, *debug] for opt in ("-O0", "-O2", "-Os") for debug in ([], ["-g"])]
# Uninitialized globals as common symbols (.comm); position-independent
# code (`.option pic`, `call f@plt`, `la` meaning a GOT load), linked static.
EXTRA = [("data.c", ["-O2", "-fcommon"]), ("data.c", ["-O2", "-fPIC"]),
         ("varargs.c", ["-Os", "-fPIC", "-g"]),
         # pc-relative addressing (auipc + %pcrel_lo, lla).
         ("data.c", ["-O2", "-mcmodel=medany"]), ("control.c", ["-O0", "-mcmodel=medany", "-g"]),
         # The pseudo-instruction forms (la, lw rd, sym, sw rs, sym, rt), and unrolled code.
         ("data.c", ["-O2", "-mno-explicit-relocs"]), ("arith.c", ["-O3", "-funroll-loops"]),
         # A section per function and per object (.text.f, .sdata.x, .bss.y ...).
         ("data.c", ["-Os", "-ffunction-sections", "-fdata-sections", "-g"]),
         # DWARF 4, and macro information in section groups (comdat).
         ("control.c", ["-O2", "-gdwarf-4", "-g3"])]
CASES = [(name, flags) for name in CORPUS for flags in VARIANTS] + EXTRA

pytestmark = needs_host_tools(CROSS, "gcc")


def _run(*cmd, cwd=C_DIR):
    done = subprocess.run(cmd, capture_output=True, cwd=cwd)
    assert done.returncode == 0, done.stderr.decode()
    return done


@pytest.fixture(scope="module")
def native(tmp_path_factory):
    """name -> (stdout, exit status) of the program built for the host."""
    tmp = tmp_path_factory.mktemp("native")
    results = {}
    for name in CORPUS:
        exe = tmp / name.replace(".c", "")
        # RISC-V's char is unsigned, the host's is not: the same C, the same meaning.
        _run("gcc", "-O2", "-funsigned-char", "-w", name, "host_rt.c", "-o", str(exe))
        done = subprocess.run([str(exe)], capture_output=True)
        results[name] = (done.stdout, done.returncode)
    return results


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    out = tmp_path_factory.mktemp("rt") / "rt.o"
    r = run_k32("asm", "-c", C_DIR / "rt.s", "-o", out)
    assert r.exit_code == 0, r.stderr
    return out


def build(name, flags, tmp, runtime):
    """The k32 executable of C program `name` compiled with `flags`."""
    asm, o, exe = tmp / "prog.s", tmp / "prog.o", tmp / "prog.kx"
    _run(CROSS, *TARGET, *flags, "-S", name, "-o", str(asm))
    r = run_k32("asm", "-c", asm, "-o", o)
    assert r.exit_code == 0, r.stderr
    r = run_k32("ld", runtime, o, "-o", exe)
    assert r.exit_code == 0, r.stderr
    return exe


@pytest.mark.parametrize("name, flags", CASES, ids=lambda v: v if isinstance(v, str) else "".join(v))
def test_gcc_output_runs_as_the_native_program(name, flags, native, runtime, tmp_path):
    exe = build(name, flags, tmp_path, runtime)
    r = run_k32("run", exe, "--max-steps", 50_000_000)
    assert (r.stdout, r.exit_code) == native[name], r.stderr
    assert r.stdout, "the program printed nothing"
    if any(f.startswith("-g") for f in flags):
        _check_lines(kx.load(exe), name, unoptimized="-O0" in flags)


def _check_lines(exe, name, unoptimized):
    """Every instruction of the C code maps to a line of the C file (or of
    the header it includes); without optimization, main's first
    instruction to main's `{` (optimized, it may be inlined code)."""
    source = (C_DIR / name).read_text().splitlines()
    header = (C_DIR / "k32io.h").read_text().splitlines()
    counts = {"rt.s": 0, name: 0, "k32io.h": 0}
    for address, index, line in exe.lines:
        file = Path(exe.files[index]).name
        assert file in counts, exe.files[index]
        counts[file] += 1
        if file != "rt.s":
            assert 1 <= line <= len(source if file == name else header)
    assert counts[name] > 0
    if not unoptimized:
        return
    main = {s.name: s.value for s in exe.symbols}["main"]
    line = next(n for a, i, n in exe.lines if a == main)
    assert source[line - 1] == "{" and "main(" in source[line - 2]


def test_the_benchmark_input_is_gcc_output_that_assembles(tmp_path):
    from assembler.bench_inputs import gcc_file, measure
    path = tmp_path / "bench.s"
    text = gcc_file(str(path), functions=6)
    assert path.read_text() == text and ".loc" in text
    assert gcc_file(str(path)) == text                # read back, not compiled again
    figures = measure(text, repeat=1)
    assert figures["lines"] == text.count("\n") and figures["lines_per_second"] > 0


def test_disasm_shows_the_c_line_above_its_code(runtime, tmp_path, monkeypatch):
    exe = build("control.c", ["-O0", "-g"], tmp_path, runtime)
    monkeypatch.chdir(C_DIR)                  # where the line table's "control.c" is
    r = run_k32("disasm", "-S", exe)
    assert r.exit_code == 0, r.stderr
    source = (C_DIR / "control.c").read_text().splitlines()
    line = next(i for i, text in enumerate(source, 1) if 'fib(15)' in text)
    out = r.stdout.decode().splitlines()
    at = out.index(f"control.c:{line}: {source[line - 1].strip()}")
    assert out[at + 1].endswith("li a0, 15") and out[at + 2].endswith("jal ra, fib")
