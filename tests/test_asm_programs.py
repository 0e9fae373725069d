"""Whole programs through the installed `k32` command in real subprocesses:
tests/asm/hello.s assembled, its bytes, symbols and line table checked, and
its disassembly read back with `k32 disasm`."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import isa
from isa import kx

SAMPLES = Path(__file__).parent / "asm"
A0, A1 = 10, 11


def word(name, **fields):
    return isa.encode(isa.lookup(name), fields)


def k32(*args, cwd):
    """Run the installed `k32` (or `python -m vm.cli` when it is not on PATH)."""
    exe = shutil.which("k32")
    command = [exe] if exe else [sys.executable, "-m", "vm.cli"]
    return subprocess.run(command + [str(a) for a in args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hello(tmp_path_factory):
    """hello.s assembled once: (executable, disassembly text)."""
    folder = tmp_path_factory.mktemp("hello")
    shutil.copy(SAMPLES / "hello.s", folder / "hello.s")
    done = k32("asm", "hello.s", cwd=folder)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    exe = kx.load(folder / "hello.kx")          # the default output name
    shown = k32("disasm", "-t", "hello.kx", cwd=folder)
    assert shown.returncode == 0, shown.stderr
    return exe, shown.stdout


def test_hello_code_is_the_expected_words(hello):
    exe, _ = hello
    text = exe.segments[0]
    assert (text.address, text.flag_text()) == (0x1000, "r-x")
    words = [int.from_bytes(text.data[i:i + 4], "little") for i in range(0, len(text.data), 4)]
    assert words == [
        word("lui", rd=A0, imm=0x2),                    # la a0, message (0x2000)
        word("addi", rd=A0, rs1=A0, imm=0),
        word("lbu", rd=A1, rs1=A0, imm=0),              # next:
        word("beq", rs1=A1, rs2=0, imm=4),              # beqz a1, done
        word("out", rs2=A1, rs1=0, imm=0x3F8),
        word("addi", rd=A0, rs1=A0, imm=1),
        word("jal", rd=0, imm=-4),                      # j next
        word("out", rs2=0, rs1=0, imm=0xF4),            # done:
        word("halt"),
    ]


def test_hello_string_is_in_a_writable_data_segment(hello):
    exe, _ = hello
    data = exe.segments[1]
    assert (data.address, data.flag_text(), data.data) == (0x2000, "rw-", b"Hello, K32!\n\0")


def test_hello_symbols_and_entry(hello):
    exe, _ = hello
    assert exe.symbol_table() == {"_start": 0x1000, "next": 0x1008, "done": 0x101C,
                                  "message": 0x2000, "UART_DATA": 0x3F8, "DEBUG_EXIT": 0xF4}
    assert [s.name for s in exe.symbols if s.is_global] == ["_start"]
    assert exe.entry == 0x1000


def test_hello_line_table_maps_each_instruction_to_its_source_line(hello):
    exe, _ = hello
    assert exe.files == ["hello.s"]
    by_address = {address: line for address, _, line in exe.lines}
    assert by_address[0x1000] == by_address[0x1004] == 11      # la: two words, one line
    assert by_address[0x1008] == 12 and by_address[0x1020] == 18


def test_hello_disassembly_shows_instructions_and_symbol_labels(hello):
    _, text = hello
    for expected in ["00001000 <_start>:", "00001008 <next>:", "0000101c <done>:",
                     "lui a0, 0x2", "lbu a1, 0(a0)", "out a1, 0x3f8(zero)", "addi a0, a0, 1",
                     "out zero, 0xf4(zero)", "halt"]:
        assert expected in text, f"{expected!r} missing from:\n{text}"
    branch = next(line for line in text.splitlines() if "100c:" in line)
    jump = next(line for line in text.splitlines() if "1018:" in line)
    # Targets that are labels read as the label, with no <symbol> comment.
    assert branch.endswith("beq a1, zero, done") and "<" not in branch
    assert jump.endswith("j next") and "<" not in jump


def test_hello_assembles_with_python_dash_m_and_an_output_name(tmp_path):
    done = subprocess.run([sys.executable, "-m", "vm.cli", "asm", str(SAMPLES / "hello.s"),
                           "-o", str(tmp_path / "h.kx"), "-l", str(tmp_path / "h.lst"), "--no-debug"],
                          capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    exe = kx.load(tmp_path / "h.kx")
    assert exe.symbols == [] and exe.lines == []
    assert "Hello, K32!" in (tmp_path / "h.lst").read_text()


def test_the_line_table_names_included_files_and_maps_macro_code_to_the_invocation(asm):
    run = asm(".macro two\n  nop\n  nop\n.endm\n  nop\n  .include \"part.inc\"\n  two\n",
              files={"part.inc": "  nop\n  addi a0, a0, 1\n"})
    assert run.exit_code == 0, run.stderr
    files = run.exe.files
    assert [(address, files[f], line) for address, f, line in run.exe.lines] == [
        (0x1000, "prog.s", 5), (0x1004, "part.inc", 1), (0x1008, "part.inc", 2),
        (0x100C, "prog.s", 7), (0x1010, "prog.s", 7)]
