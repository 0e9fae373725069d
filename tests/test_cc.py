"""`k32 cc` through the CLI (docs/c.md): both targets, the GCC options,
sources mixing C, assembly and objects, GCC's messages, the missing
compiler, the C library's behaviour against the host (printf, 64-bit
arithmetic) and on both kernels (system calls, dup2, the C wc)."""

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import host_tool, needs_host_tools, run_k32
from isa import kx

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "cc"
GCC = "riscv64-unknown-elf-gcc"
needs_gcc = needs_host_tools(GCC)
MAX_STEPS = 200_000_000


def cc(*args):
    return run_k32("cc", *args)


def build(tmp_path, source, *options, name="prog.kx"):
    """k32 cc SOURCE OPTIONS -o tmp/NAME; asserts success -> the path."""
    exe = tmp_path / name
    run = cc(*options, source, "-o", exe)
    assert run.exit_code == 0, run.stderr
    return exe


def run_bare(exe, stdin=None):
    args = ["run", exe, "--max-steps", MAX_STEPS]
    if stdin is not None:
        args += ["--input", stdin]
    return run_k32(*args)


def write(path, text):
    path.write_text(text)
    return path


# --- the driver -------------------------------------------------------------------

def test_without_the_cross_compiler_one_line_and_the_rest_works(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "prog.c", "int main(void) { return 0; }\n")
    run = cc("prog.c")
    assert (run.exit_code, run.stderr) == (1, "k32 cc: riscv64-unknown-elf-gcc not found; install "
                                              "the Debian package gcc-riscv64-unknown-elf\n")
    assert not (tmp_path / "a.kx").exists()
    write(tmp_path / "ok.s", "_start: li a0, 3\n out a0, 0xF4\n")
    assert run_k32("asm", "ok.s").exit_code == 0
    assert run_bare(tmp_path / "ok.kx").exit_code == 3


def test_help_names_the_options():
    text = run_k32("cc", "--help").stdout.decode()
    for option in ("--target", "-O0", "-O2", "-Os", "-g", "-I", "-D", "-c", "-o"):
        assert option in text


@needs_gcc
def test_gcc_errors_pass_through_as_gcc_prints_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bad.c", "int main(void)\n{\n    return x;\n}\n")
    run = cc("bad.c")
    assert run.exit_code == 1
    assert re.search(r"^bad\.c:3:12: error: 'x' undeclared", run.stderr, re.M), run.stderr
    assert "Traceback" not in run.stderr and not run.stdout
    assert not (tmp_path / "a.kx").exists()
    # an error in a second source: nothing written either
    write(tmp_path / "good.c", "int main(void) { return 0; }\n")
    assert cc("good.c", "bad.c", "-o", "out.kx").exit_code == 1
    assert not (tmp_path / "out.kx").exists()
    # warnings are shown, and the program is still built
    write(tmp_path / "warn.c", "int main(void) { int unused; return 0; }\n")
    run = cc("-Wall", "warn.c", "-o", "warn.kx")
    assert run.exit_code == 0
    assert "warning: unused variable 'unused'" in run.stderr
    assert (tmp_path / "warn.kx").exists()


@needs_gcc
def test_link_errors_name_the_symbol(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "f.c", "int fork(void);\nint main(void) { return fork(); }\n")
    assert cc("f.c").exit_code == 0                       # os: the system call is there
    run = cc("--target", "bare", "f.c")                   # bare: it is not
    assert run.exit_code == 1
    assert "fork" in run.stderr and "undefined" in run.stderr, run.stderr


@needs_gcc
def test_bare_program_output_and_exit_status(tmp_path):
    source = write(tmp_path / "hello.c", '#include <stdio.h>\nint main(int argc, char **argv)\n'
                   '{ printf("hello %d %s\\n", argc, argv[0] ? "?" : "null");\n'
                   '  fprintf(stderr, "to stderr\\n"); return 42; }\n')
    run = run_bare(build(tmp_path, source, "--target", "bare"))
    assert (run.exit_code, run.stdout, run.stderr) == (42, b"hello 0 null\n", "to stderr\n")


@needs_gcc
def test_bare_example_prints_primes(tmp_path):
    run = run_bare(build(tmp_path, ROOT / "programs/c/primes.c", "--target", "bare", "-O2"))
    primes = [n for n in range(2, 1000) if all(n % d for d in range(2, int(n ** 0.5) + 1))]
    lines = run.stdout.decode().splitlines()
    assert run.exit_code == 0
    assert lines[0] == "".join(f"{p:4d}" for p in primes[:10])
    assert lines[-1] == f"{len(primes)} primes below 1000, sum {sum(primes)}"


@needs_gcc
def test_default_outputs_like_gcc(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sub = tmp_path / "src"
    sub.mkdir()
    write(sub / "util.c", "int twice(int x) { return 2 * x; }\n")
    write(tmp_path / "main.c", "int twice(int);\nint main(void) { return twice(21); }\n")
    assert cc("-c", "src/util.c").exit_code == 0          # util.o here, as gcc -c
    assert (tmp_path / "util.o").exists()
    assert cc("-S", "main.c").exit_code == 0              # main.s here
    assert "twice" in (tmp_path / "main.s").read_text()
    assert cc("main.c", "util.o").exit_code == 0          # a.kx
    exe = kx.load(tmp_path / "a.kx")
    assert exe.entry == exe.symbol_table()["_start"]
    assert {"main", "twice", "exit"} <= set(exe.symbol_table())


@needs_gcc
def test_sources_mixing_c_assembly_and_objects(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "main.c", '#include <stdio.h>\n#include "api.h"\n'
          'int main(void) { printf("%d %d %s\\n", triple(5), twice(4), GREETING);\n'
          '  return LIMIT; }\n')
    inc = tmp_path / "inc"
    inc.mkdir()
    write(inc / "api.h", "int triple(int);\nint twice(int);\n")
    write(tmp_path / "triple.s", '        .include "k32.inc"\n        .text\n        .globl triple\n'
          "triple: slli a1, a0, 1\n        add a0, a0, a1\n        ret\n"
          "        .equ UNUSED, SYS_exit\n")
    write(tmp_path / "twice.c", "int twice(int x) { return x + x; }\n")
    assert cc("-c", "twice.c", "-o", "t2.o").exit_code == 0
    run = cc("--target", "bare", "-I", "inc", "-D", 'GREETING="hi there"', "-D", "LIMIT=9",
             "main.c", "triple.s", "t2.o", "-o", "mixed.kx")
    assert run.exit_code == 0, run.stderr
    run = run_bare(tmp_path / "mixed.kx")
    assert (run.exit_code, run.stdout) == (9, b"15 8 hi there\n")


@needs_gcc
@pytest.mark.parametrize("level", ["-O0", "-O2", "-Os", "-g"])
def test_optimisation_levels_and_debug_give_the_same_program(tmp_path, level):
    exe = build(tmp_path, HERE / "heap.c", "--target", "bare", level)
    run = run_bare(exe)
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.decode().splitlines()
    assert lines[:9] == ["distinct 1 aligned 1", "intact 55 aa", "reuse 1", "coalesced 1",
                         "fragments merged 1", "calloc zeroed 1", "realloc kept 1",
                         "huge 1 errno 1", "overflow 1"]
    assert lines[9:] == ["hello, world 12 1 0", "o, world|orld|world", "hehelloworld", "dup 0",
                         "<a><b><c>", "-42 31 15 4294967295 123", "range 2147483647 1 rest [x]"]
    exe = kx.load(exe)
    assert "main" in exe.symbol_table()
    if level == "-g":                       # C lines, the program's and the library's
        libc = Path(__file__).resolve().parent.parent / "programs/libc/src"
        assert {"heap.c", str(libc / "malloc.c")} <= {Path(f).name if f.endswith("heap.c")
                                                      else f for f in exe.files}


@needs_gcc
def test_os_size_grows_with_what_is_used(tmp_path):
    small = build(tmp_path, write(tmp_path / "r.c", "int main(void) { return 1; }\n"), "-O2",
                  name="r.kx")
    big = build(tmp_path, write(tmp_path / "p.c", '#include <stdio.h>\n'
                                'int main(void) { printf("%d", 1); return 1; }\n'), "-O2",
                name="p.kx")
    size = lambda p: sum(len(s.data) for s in kx.load(p).segments)   # noqa: E731
    assert size(small) < 1000 < 3000 < size(big)
    assert "printf" not in kx.load(small).symbol_table()


# --- the C library against the host -----------------------------------------------

@needs_gcc
@needs_host_tools("gcc")
def test_printf_formats_match_the_host_printf(tmp_path):
    run = run_bare(build(tmp_path, HERE / "printf.c", "--target", "bare", "-O2"))
    assert run.exit_code == 0, run.stderr
    host = tmp_path / "host"
    subprocess.run([host_tool("gcc"), "-w", "-o", host, HERE / "printf.c"], check=True)
    expected = subprocess.run([host], capture_output=True, check=True).stdout
    assert run.stdout.decode().splitlines() == expected.decode().splitlines()


def _arith_cases():
    rng = random.Random(16)
    values = [0, 1, -1, 2, -2, 7, -7, 10, 2**31 - 1, -2**31, 2**32, 2**32 - 1, 2**63 - 1,
              -2**63 + 1, 10**12, -(10**12), 3 * 2**40 + 5]
    values += [rng.randrange(-2**63, 2**63) >> rng.randrange(0, 63) for _ in range(40)]
    pairs = [(a, b) for a in values[:12] for b in values[:12] if b]
    pairs += [(rng.choice(values), rng.choice([v for v in values if v])) for _ in range(150)]
    return pairs


def _arith_line(a, b):
    m = 2**64
    signed = lambda v: (v + 2**63) % m - 2**63              # noqa: E731
    ua, ub = a % m, b % m
    q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
    s = ub & 63
    clz = 64 - (ua | 1).bit_length()
    ctz = (ub & -ub).bit_length() - 1
    lo = ua & 0xFFFFFFFF
    return (f"{signed(q)} {signed(a - q * b)} {ua // ub} {ua % ub} {signed(a * b)} "
            f"{signed(a << s)} {ua >> s} {a >> s} {clz} {bin(ua).count('1')} {ctz} "
            f"{32 - (lo | 1).bit_length()} {bin(lo).count('1')}")


@needs_gcc
@pytest.mark.parametrize("level", ["-O2", "-Os"])       # -Os also calls the shift helpers
def test_64_bit_arithmetic_through_the_helpers(tmp_path, level):
    pairs = _arith_cases()
    write(tmp_path / "cases.h", "#define CASES " + ", ".join(
        f"{{ {a}LL, {b}LL }}" if a != -2**63 else f"{{ {a + 1}LL - 1, {b}LL }}" for a, b in pairs)
        + "\n")
    exe = build(tmp_path, HERE / "arith.c", "--target", "bare", level, "-I", tmp_path)
    run = run_bare(exe)
    assert run.exit_code == 0, run.stderr
    got = run.stdout.decode().splitlines()
    assert len(got) == len(pairs)
    for (a, b), line in zip(pairs, got):
        assert line == _arith_line(a, b), (a, b)
    names = kx.load(exe).symbol_table()
    assert {"__divdi3", "__moddi3", "__udivdi3", "__umoddi3"} <= set(names)
    if level == "-Os":
        assert {"__ashldi3", "__ashrdi3", "__lshrdi3", "__clzsi2", "__popcountsi2"} <= set(names)


@needs_gcc
def test_stdin_through_fgets_and_getchar(tmp_path):
    source = write(tmp_path / "echo.c", '#include <stdio.h>\n'
                   'int main(void) { char line[8]; int n = 0;\n'
                   '  while (fgets(line, sizeof line, stdin)) printf("[%s]", line), n++;\n'
                   '  printf("%d %d\\n", n, getchar()); return 0; }\n')
    run = run_bare(build(tmp_path, source, "--target", "bare"), stdin="ab\\nlonger line\\nz")
    assert run.stdout == b"[ab\n][longer ][line\n][z]4 -1\n"


# --- the library cache ------------------------------------------------------------

@needs_gcc
def test_the_library_is_built_once_and_again_when_its_sources_change(tmp_path, monkeypatch):
    from assembler import cc as driver
    libc = tmp_path / "libc"
    shutil.copytree(driver.LIBC, libc)
    monkeypatch.setattr(driver, "LIBC", libc)
    monkeypatch.setenv("K32_CACHE_DIR", str(tmp_path / "cache"))
    source = write(tmp_path / "m.c", "int main(void) { return 5; }\n")
    exe = build(tmp_path, source, "--target", "bare")
    [first] = (tmp_path / "cache" / "libc").iterdir()
    stamp = (first / "libc-os.a").stat().st_mtime_ns
    build(tmp_path, source, "--target", "bare")
    assert [p.name for p in (tmp_path / "cache" / "libc").iterdir()] == [first.name]
    assert (first / "libc-os.a").stat().st_mtime_ns == stamp
    changed = libc / "src" / "exit.c"
    text = changed.read_text()
    assert "_exit(134);" in text
    changed.write_text(text.replace("_exit(134);", "_exit(133);"))
    build(tmp_path, source, "--target", "bare")
    versions = {p.name for p in (tmp_path / "cache" / "libc").iterdir()}
    assert len(versions) == 2 and first.name in versions   # the old one is kept a while
    monkeypatch.setattr(driver, "KEEP_BUILDS", 1)
    changed.write_text(text.replace("_exit(134);", "_exit(132);"))
    build(tmp_path, source, "--target", "bare")
    assert first.name not in {p.name for p in (tmp_path / "cache" / "libc").iterdir()}
    assert run_bare(exe).exit_code == 5


# --- on the kernels ---------------------------------------------------------------

HELLO = "hello world\n  two  words\there\n\nlast line without newline"


@pytest.fixture(scope="module")
def c_disk(tmp_path_factory):
    """A disk with the C wc as /BIN/CWC, tests/cc/sys.c as /BIN/CSYS and
    /HELLO.TXT; a scratch build directory for the kernels."""
    from conftest import skip_without_host_tools
    skip_without_host_tools(GCC)
    out = tmp_path_factory.mktemp("cdisk")
    for source, name in ((ROOT / "programs/c/wc.c", "cwc.kx"), (HERE / "sys.c", "csys.kx")):
        run = cc("-O2", source, "-o", out / name)
        assert run.exit_code == 0, run.stderr
    write(out / "HELLO.TXT", HELLO)
    image = out / "disk.img"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(out / "build"))
        run = run_k32("mkdisk", "-o", image, "--size", "4M", "--add", f"{out / 'cwc.kx'}:/BIN/CWC",
                      "--add", f"{out / 'csys.kx'}:/BIN/CSYS", "--add", f"{out / 'HELLO.TXT'}:/")
    assert run.exit_code == 0, run.stderr
    return out


def boot(disk_dir, kernel, commands):
    """Boot `kernel` on a private copy of the disk, type the commands ->
    {command: what it printed}."""
    typed = "".join(f"{c}\n" for c in commands) + "poweroff\n"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(disk_dir / "build"))
        run = run_k32("boot", "--kernel", kernel, "--disk", disk_dir / "disk.img", "--snapshot",
                      "--input", typed, "--max-steps", 2_000_000_000)
    text = run.stdout.decode("latin-1").replace("\r\n", "\n")
    assert run.exit_code == 0 and "panic" not in text, text[-2000:]
    outputs = {}
    for command in commands:
        text = text.split(f"$ {command}\n", 1)[1]
        outputs[command] = text.split("$ ", 1)[0]
    return outputs


WC_CASES = ["HELLO.TXT", "-l /HELLO.TXT", "-wc HELLO.TXT /HELLO.TXT", "nofile HELLO.TXT",
            "HELLO.TXT nofile", "-x"]


@needs_gcc
@pytest.mark.parametrize("kernel", ["mono", "micro", "modular"])
def test_c_programs_on_the_kernel(c_disk, kernel):
    commands = [f"{w} {args}" for args in WC_CASES for w in ("wc", "cwc")]
    commands += ["cat /HELLO.TXT | cwc", "cat /HELLO.TXT | wc", "csys"]
    out = boot(c_disk, kernel, commands)
    for args in WC_CASES:                  # the C wc says what the assembly one says
        assert out[f"cwc {args}"] == out[f"wc {args}"], args
    counts = (HELLO.count("\n"), len(HELLO.split()), len(HELLO))
    assert out["cat /HELLO.TXT | cwc"] == out["cat /HELLO.TXT | wc"] == "%7d %7d %7d\n" % counts
    assert out["cwc HELLO.TXT"] == "%2d %2d %2d HELLO.TXT\n" % counts
    assert out["cwc nofile HELLO.TXT"].startswith("wc: nofile: no such file or directory\n")
    assert out["csys"].splitlines() == [
        "open missing -1 errno 2 no such file or directory",
        "close bad -1 errno 1",
        "write 10",
        "lseek 4 read 6 [456789]",
        "fstat 0 type 1 size 10",
        "dup2 1",
        "through 5 [012]",
        "from the pipe [dup2 over stdout 1",
        "]dup2 bad -1 errno 1",
        "unlink 0 again -1 errno 2",
        "mkdir 0 chdir 0 rmdir busy-or-ok 1",
        "child argv one two",
        "wait 1 status 7",
        "getpid 1",
        "execv missing -1 errno 2"]


@needs_gcc
@needs_host_tools("wc")
def test_c_wc_on_the_kernel_matches_coreutils(c_disk, tmp_path, monkeypatch):
    monkeypatch.chdir(c_disk)
    cases = ["HELLO.TXT", "-l HELLO.TXT", "-w HELLO.TXT HELLO.TXT"]
    out = boot(c_disk, "mono", [f"cwc {c}" for c in cases])
    for case in cases:
        host = subprocess.run(["wc", *case.split()], capture_output=True, text=True).stdout
        assert out[f"cwc {case}"] == host, case
