"""The user runtime (programs/lib/runtime.s) and the simple tools of
programs/bin, run on the bare machine under the test-only system-call shim
(tests/os/ushim/shim.s): the first line of console input is the command
line, the rest is the program's standard input; fd 1 is the UART (stdout),
fd 2 the debug port (stderr); there are no files (open gives -ENOENT)."""

import random
import re
import subprocess
from pathlib import Path

import pytest

from conftest import needs_host_tools, run_k32, skip_without_host_tools

ROOT = Path(__file__).resolve().parents[2]
SHIM = ROOT / "tests" / "os" / "ushim"
PROGRAMS = {
    "rt": SHIM / "rt_test.s",
    **{name: ROOT / "programs" / "bin" / f"{name}.s"
       for name in ("echo", "cat", "wc", "grep", "head", "hexdump", "true", "false",
                    "ps", "kill", "sleep", "uptime", "cp", "mv", "rm", "mkdir", "rmdir",
                    "ls", "poweroff")},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every program assembled once with the shim: name -> .kx path."""
    out = tmp_path_factory.mktemp("ushim")
    paths = {}
    for name, source in PROGRAMS.items():
        exe = out / f"{name}.kx"
        run = run_k32("asm", "-I", ROOT / "programs/lib", "-I", SHIM, "-I", ROOT / "os/include",
                      "-D", "K32_SHIM", source, "-o", exe)
        assert run.exit_code == 0, run.stderr
        paths[name] = exe
    return paths


@pytest.fixture
def sh(built, tmp_path):
    """sh(command_line, stdin=b"", exe=None) -> CliRun of that program (or
    of the executable exe) under the shim."""
    def run(command, stdin=b"", exe=None):
        if isinstance(stdin, str):
            stdin = stdin.encode()
        name = command.split()[0]
        feed = tmp_path / "input"
        feed.write_bytes(command.encode() + b"\n" + stdin)
        return run_k32("run", exe or built[name], "--input-file", feed, "--max-steps", 50_000_000)
    return run


@pytest.fixture(scope="module")
def wc_c(tmp_path_factory):
    """programs/c/wc.c built with k32 cc, the shim in front of its crt0."""
    skip_without_host_tools("riscv64-unknown-elf-gcc")
    exe = tmp_path_factory.mktemp("wc_c") / "wc.kx"
    run = run_k32("cc", "-O2", "-nostartfiles", SHIM / "crt0_shim.s", "-I", SHIM,
                  ROOT / "programs/c/wc.c", "-o", exe)
    assert run.exit_code == 0, run.stderr
    return exe


@pytest.fixture(params=["wc.s", "wc.c"])
def wc(request, sh):
    """sh for the wc tests, once for programs/bin/wc.s and once for the C
    wc (programs/c/wc.c): both must pass the same cases."""
    exe = request.getfixturevalue("wc_c") if request.param == "wc.c" else None
    return lambda command, stdin=b"": sh(command, stdin, exe)


def test_every_program_assembles_without_the_shim(tmp_path):
    for name, source in PROGRAMS.items():
        if name == "rt":
            continue
        run = run_k32("asm", "-I", ROOT / "programs/lib", "-I", ROOT / "os/include",
                      source, "-o", tmp_path / f"{name}.kx")
        assert run.exit_code == 0, run.stderr


# ---------------------------------------------------------------- runtime

def test_printf_formats(sh):
    run = sh("rt printf")
    assert run.exit_code == 0
    assert run.stdout.decode() == (
        "[0] [7] [-7]\n"
        "[2147483647] [-2147483648] [4294967295]\n"
        "[deadbeef] [000000ff] [0]\n"
        "[   42] [-42  ] [00042]\n"
        "[-0042] [123456] [42   ]\n"
        "[abc] [(null)] [abc   ]\n"
        "[   abc] [Z] [  q]\n"
        "100% [5] [%q] [6]\n"
        "fd 11 22\n"
        "fprintf returned 9\n"
        "1 2 3 4 5\n"
        "6 7 8 9\n")
    assert run.stderr == "fd 33 44\nerr 55 abc\n"


def test_printf_longer_than_its_buffer(sh):
    run = sh("rt long")
    assert run.stdout == b"x" * 1300 + b"|end 7\nreturned 1307\n"


def test_atoi(sh):
    run = sh("rt atoi 12 -7 0 - 12x '' 007 -0 2147483647 --1 +3")
    assert run.stdout.decode().splitlines() == [
        "12 -> 12 1", "-7 -> -7 1", "0 -> 0 1", "- -> 0 0", "12x -> 12 0",
        " -> 0 0", "007 -> 7 1", "-0 -> 0 1", "2147483647 -> 2147483647 1",
        "--1 -> 0 0", "+3 -> 0 0"]


ERRNOS = {1: "operation not permitted", 2: "no such file or directory", 3: "no such process",
          4: "interrupted call", 5: "input/output error", 7: "argument list too long",
          8: "not an executable", 9: "bad file descriptor", 10: "no child processes",
          11: "resource temporarily unavailable", 12: "out of memory", 14: "bad address",
          16: "device or resource busy", 17: "file exists", 19: "no such device", 20: "not a directory",
          21: "is a directory", 22: "invalid argument",
          23: "too many open files in the system", 24: "too many open files",
          27: "file too large", 28: "no space left on device", 29: "illegal seek",
          32: "broken pipe", 36: "file name too long", 38: "function not implemented",
          39: "directory not empty"}


def test_strerror_knows_every_errno_of_the_abi(sh):
    text = (ROOT / "os/include/syscalls.inc").read_text()
    abi = {int(line.split(",")[1].split("#")[0]) for line in text.splitlines()
           if line.startswith(".equ E")}
    assert abi == set(ERRNOS)
    run = sh("rt strerror")
    expected = [f"{c} {ERRNOS.get(-c, 'unknown error')}" for c in range(-40, 1)]
    assert run.stdout.decode().splitlines() == expected + ["2 no such file or directory",
                                                          "-99 unknown error"]


def test_perror(sh):
    run = sh("rt perror")
    assert (run.stdout, run.stderr) == (b"", "prefix: no such file or directory\n")


def test_string_functions(sh):
    run = sh("rt string")
    assert run.stdout.decode().splitlines() == [
        "strlen 3 0",
        "strcmp 1 1 1",
        "strcmp2 1 strncmp 1 1",
        "strcpy/strcat 0 0 [abcabd]",
        "strchr 2 0 3",
        "memcpy 1 [.0123456....0123456789abcdefghijk.......]",
        "memset [.01##############################.......]",
        "memcmp 0 1 1"]


def test_malloc_free(sh):
    run = sh("rt malloc")
    assert run.exit_code == 0
    assert run.stdout.decode().splitlines() == [
        "two: nonzero 1 misaligned 0 distinct 112",
        "contents 55 aa",
        "reuse 1",                      # a freed block is handed out again
        "coalesced 1 grown 16384",      # freed neighbours merge: no new sbrk
        "fragments 1 grown 16384",
        "big 1 grown 1",
        "too big 0 0",                  # sbrk fails (the shim's heap is 1 MiB)
        "zero 1"]


def test_readline(sh):
    run = sh("rt readline", "hello\n\nabcdefghijkl\nlast")
    # max 8: 7 bytes, then the rest of that line on the next call
    assert run.stdout.decode() == "[5]hello\n[0]\n[7]abcdefg\n[5]hijkl\n[4]last\nend -1\n"
    assert sh("rt readline").stdout == b"end -1\n"


def test_putc_puts_fputs(sh):
    run = sh("rt putc")
    assert run.stdout == b"Aabc\n1 3 3\n"
    assert run.stderr == "abd"


def test_usage_status(sh):
    run = sh("rt")
    assert (run.exit_code, run.stderr) == (2, "usage: rt_test MODE\n")


# ---------------------------------------------------------------- tools

def test_echo(sh):
    assert sh("echo hello   world 'a  b'").stdout == b"hello world a  b\n"
    assert sh("echo -n x y").stdout == b"x y"
    assert sh("echo").stdout == b"\n"
    assert sh("echo -n").stdout == b""
    assert sh("echo a -n").stdout == b"a -n\n"


def test_true_false(sh):
    assert sh("true x").exit_code == 0
    assert sh("false").exit_code == 1


def test_cat(sh):
    run = sh("cat", "line 1\nline 2\nno newline")
    assert (run.exit_code, run.stdout) == (0, b"line 1\nline 2\nno newline")
    run = sh("cat - nofile -", "a\nb\n")
    assert run.exit_code == 1
    assert run.stdout == b"a\nb\n"
    assert run.stderr == "cat: nofile: no such file or directory\n"


TEXT = "hello world\n  two  words\there\n\nlast line without newline"


@needs_host_tools("wc")
@pytest.mark.parametrize("args", ["", "-l", "-w", "-c", "-lw", "-c -l"])
def test_wc_matches_coreutils_on_a_pipe(wc, args):
    expected = subprocess.run(["wc", *args.split()], input=TEXT.encode(),
                              capture_output=True).stdout
    run = wc(f"wc {args}", TEXT)
    assert (run.exit_code, run.stdout) == (0, expected)


def test_wc_inputs_and_errors(wc):
    run = wc("wc - -", "a b\nc\n")
    # the console gives one line per read: the first "-" takes it all
    assert run.stdout == (b"      2       3       6 -\n"
                          b"      0       0       0 -\n"
                          b"      2       3       6 total\n")
    run = wc("wc nofile")
    assert (run.exit_code, run.stderr) == (1, "wc: nofile: no such file or directory\n")
    assert wc("wc -x").exit_code == 2


def test_wc_big_input(wc):
    data = "".join(f"line {i} {'x' * (i % 50)}\n" for i in range(3000))
    run = wc("wc", data)
    assert run.stdout == b"%7d %7d %7d\n" % (3000, len(data.split()), len(data))


def test_head(sh):
    lines = "".join(f"{i}\n" for i in range(1, 21))
    assert sh("head", lines).stdout.decode() == "".join(f"{i}\n" for i in range(1, 11))
    assert sh("head -n 3", lines).stdout == b"1\n2\n3\n"
    assert sh("head -n3", lines).stdout == b"1\n2\n3\n"
    assert sh("head -2", lines).stdout == b"1\n2\n"
    assert sh("head -n 0", lines).stdout == b""
    assert sh("head -n 50", "a\nb").stdout == b"a\nb"
    run = sh("head -n 2 - nofile", lines)
    assert run.stdout == b"==> standard input <==\n1\n2\n"
    assert (run.exit_code, run.stderr) == (1, "head: nofile: no such file or directory\n")
    for bad in ("head -n", "head -n x", "head -q", "head -n -1"):
        run = sh(bad)
        assert (run.exit_code, run.stderr) == (2, "usage: head [-n N] [FILES...]\n"), bad


GREP_TEXT = "hello world\nfoo bar\nHello again\nabc123\n\nthe end"


@pytest.mark.parametrize("command, out, status", [
    ("grep o", "hello world\nfoo bar\nHello again\n", 0),
    ("grep -n o", "1:hello world\n2:foo bar\n3:Hello again\n", 0),
    ("grep -v o", "abc123\n\nthe end\n", 0),
    ("grep -c o", "3\n", 0),
    ("grep -vc o", "3\n", 0),
    ("grep -vn -c o", "3\n", 0),
    ("grep -i HELLO", "hello world\nHello again\n", 0),
    ("grep ^h", "hello world\n", 0),
    ("grep d$", "hello world\nthe end\n", 0),
    ("grep -n ^$", "5:\n", 0),
    ("grep 'l*o w'", "hello world\n", 0),
    ("grep [0-9]", "abc123\n", 0),
    ("grep '[^a-z ]'", "Hello again\nabc123\n", 0),
    ("grep h.l", "hello world\n", 0),
    ("grep 'a.*1'", "abc123\n", 0),
    ("grep 'o w'", "hello world\n", 0),
    ("grep zzz", "", 1),
    ("grep -c zzz", "0\n", 1),
    ("grep '*o'", "", 1),
    ("grep '\\.'", "", 1),
    ("grep -- -x", "", 1),
    ("grep 'd$' -", "hello world\nthe end\n", 0),
])
def test_grep(sh, command, out, status):
    run = sh(command, GREP_TEXT)
    assert (run.stdout.decode(), run.exit_code) == (out, status)


def test_grep_errors(sh):
    assert sh("grep").exit_code == 2
    assert sh("grep -x o").stderr == "usage: grep [-vcni] PATTERN [FILES...]\n"
    run = sh("grep '[abc'")
    assert (run.exit_code, run.stderr) == (2, "grep: [abc: bad pattern\n")
    run = sh("grep o - nofile", "foo\n")
    assert run.stdout == b"(standard input):foo\n"
    assert (run.exit_code, run.stderr) == (2, "grep: nofile: no such file or directory\n")


def test_grep_binary_lines(sh):
    """NUL bytes are ordinary bytes: matched by . and printed as they are."""
    run = sh("grep -n a.b", b"xa\0b\nab\n\0\0a\n\0a\0b\n")
    assert (run.exit_code, run.stdout) == (0, b"1:xa\0b\n4:\0a\0b\n")
    assert sh("grep -c a", b"\0a\n\0\n").stdout == b"1\n"


@needs_host_tools("grep")
def test_grep_agrees_with_gnu_grep(sh):
    """Random patterns of the supported syntax against GNU grep -n."""
    rng = random.Random(7)
    lines = ["".join(rng.choice("abc") for _ in range(rng.randint(0, 8))) for _ in range(150)]
    text = "\n".join(lines) + "\n"
    atoms = ["a", "b", "c", ".", "[ab]", "[^a]", "[a-b]"]
    for _ in range(12):
        pattern = "".join(rng.choice(atoms) + rng.choice(["", "", "*"])
                          for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.3:
            pattern = "^" + pattern
        if rng.random() < 0.3:
            pattern += "$"
        expected = subprocess.run(["grep", "-n", "--", pattern], input=text.encode(),
                                  capture_output=True).stdout
        assert sh(f"grep -n '{pattern}'", text).stdout == expected, pattern


@pytest.mark.parametrize("data", [
    b"", b"Hello\n", b"0123456789abcdef", b"0123456789abcdef" * 2 + b"X",
    b"a" * 72 + b"b", b"\x00\x01\x7f\x80\xff ~\t" * 5, bytes(range(256)),
    b"same line here!!" * 4 + b"different line!!" + b"same line here!!" * 3,
])
@needs_host_tools("hexdump")
def test_hexdump_matches_hexdump_c(sh, data):
    expected = subprocess.run(["hexdump", "-C"], input=data, capture_output=True).stdout
    run = sh("hexdump", data)
    assert (run.exit_code, run.stdout) == (0, expected)
    assert sh("hexdump -C -", data).stdout == expected


def test_hexdump_error(sh):
    run = sh("hexdump - nofile", b"abc")
    assert run.stdout == b"00000000  61 62 63                                          |abc|\n00000003\n"
    assert (run.exit_code, run.stderr) == (1, "hexdump: nofile: no such file or directory\n")


def test_ps_kill_sleep_uptime(sh):
    run = sh("ps")
    assert run.stdout == (b"  PID  PPID STATE         MEM NAME\n"
                          b"    1     0 run         12288 shim\n")
    assert sh("ps x").exit_code == 2
    assert sh("kill 1").exit_code == 0
    run = sh("kill 1 7")
    assert (run.exit_code, run.stderr) == (1, "kill: 7: no such process\n")
    for bad in ("kill", "kill x", "kill 0", "kill 1 -3"):
        assert sh(bad).exit_code == 2, bad
    assert sh("sleep 1").exit_code == 0
    assert sh("sleep 0.25").exit_code == 0
    for bad in ("sleep", "sleep x", "sleep .", "sleep 1.234", "sleep 1 2"):
        assert sh(bad).exit_code == 2, bad
    run = sh("uptime")
    assert run.stdout == b"up 0.00 s\n"


def test_file_tools_report_errors(sh):
    """No files under the shim: every path fails with ENOENT."""
    cases = [
        ("cp a b", 1, "cp: a: no such file or directory\n"),
        ("mv a b", 1, "mv: a: no such file or directory\n"),
        ("rm a b", 1, "rm: a: no such file or directory\nrm: b: no such file or directory\n"),
        ("mkdir d", 1, "mkdir: d: no such file or directory\n"),
        ("rmdir d", 1, "rmdir: d: no such file or directory\n"),
        ("ls", 1, "ls: .: no such file or directory\n"),
        ("ls -l x", 1, "ls: x: no such file or directory\n"),
        ("cp a", 2, "usage: cp SRC DST\n"),
        ("mv", 2, "usage: mv SRC DST\n"),
        ("rm", 2, "usage: rm FILES...\n"),
        ("mkdir", 2, "usage: mkdir DIRS...\n"),
        ("rmdir", 2, "usage: rmdir DIRS...\n"),
        ("ls -x", 2, "usage: ls [-l] [PATHS...]\n"),
        ("poweroff now", 2, "usage: poweroff\n"),
        ("rm -r d", 2, "usage: rm FILES...\n"),
        ("mkdir d -p", 2, "usage: mkdir DIRS...\n"),
        ("cat -n", 2, "usage: cat [FILES...]\n"),
        ("hexdump -x", 2, "usage: hexdump [-C] [FILES...]\n"),
    ]
    for command, status, err in cases:
        run = sh(command)
        assert (run.exit_code, run.stderr) == (status, err), command


def test_poweroff(sh):
    assert sh("poweroff").exit_code == 0


# ------------------------------------------------- the calling convention

POISON = ["li t0, 0x0BAD0000", "li t1, 0x0BAD0001", "li t2, 0x0BAD0002", "li a2, 0x0BAD0012",
          "li a3, 0x0BAD0013", "li a4, 0x0BAD0014", "li a5, 0x0BAD0015"]


def poisoned_runtime(text):
    """runtime.s with every exported function (and system-call wrapper)
    clobbering all the caller-saved registers that are not its result
    before it returns: a program that relies on a register surviving a
    call breaks."""
    exported = set(re.findall(r"^\s+\.globl\s+(\w+)", text, re.M))
    out, function = [], None
    for line in text.splitlines():
        label = re.match(r"^([A-Za-z_]\w*):", line)
        if label:
            function = label.group(1)
        if line.startswith(".macro RT_SYSCALL"):
            function = "RT_SYSCALL"
        code = line.split("#")[0]
        ret = re.match(r"^(\d+:)?\s+ret\s*$", code)
        if ret and (function in exported or function == "RT_SYSCALL"):
            if ret.group(1):
                out.append(ret.group(1))
            clobber = POISON + ([] if function == "atoi" else ["li a1, 0x0BAD0011"])
            out += [f"        {c}" for c in clobber] + ["        ret"]
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def test_programs_rely_only_on_the_calling_convention(tmp_path):
    poison = tmp_path / "poison"
    poison.mkdir()
    text = (ROOT / "programs/lib/runtime.s").read_text()
    poisoned = poisoned_runtime(text)
    assert poisoned.count("0x0BAD0000") > 20
    (poison / "runtime.s").write_text(poisoned)
    cases = [("rt atoi 12 x", b"", b"12 -> 12 1\nx -> 0 0\n"),
             ("rt putc", b"", b"Aabc\n1 3 3\n"),
             ("rt malloc", b"", None),
             ("wc -lw", b"a b\nc\n", b"      2       3\n"),
             ("grep -n 'b*c'", b"a\nbbc\n", b"2:bbc\n"),
             ("head -n 1", b"x\ny\n", b"x\n"),
             ("hexdump", b"AB", b"00000000  41 42" + b" " * 45 + b"|AB|\n00000002\n"),
             ("echo a b", b"", b"a b\n"),
             ("cat", b"q\n", b"q\n")]
    for command, stdin, expected in cases:
        name = command.split()[0]
        exe = tmp_path / f"{name}.kx"
        if not exe.exists():
            run = run_k32("asm", "-I", poison, "-I", ROOT / "programs/lib", "-I", SHIM,
                          "-I", ROOT / "os/include", "-D", "K32_SHIM", PROGRAMS[name], "-o", exe)
            assert run.exit_code == 0, run.stderr
        feed = tmp_path / "input"
        feed.write_bytes(command.encode() + b"\n" + stdin)
        run = run_k32("run", exe, "--input-file", feed, "--max-steps", 50_000_000)
        assert run.exit_code == 0, command
        if expected is not None:
            assert run.stdout == expected, command
        else:
            assert b"grown" in run.stdout and b"reuse 1" in run.stdout
