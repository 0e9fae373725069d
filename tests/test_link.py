"""Separate assembly and linking through the CLI: `k32 asm -c`, `k32 ld`
(entry, text base, map, libraries), `k32 ar`, `k32 nm`, `k32 disasm -r`,
and `k32 asm a.s b.s` in one step -- each program then run on the machine
to show the relocations computed the right addresses."""

import shutil
import subprocess

import pytest

from conftest import host_tool, needs_host_tools, run_k32
from isa import kx, obj

EXIT = """
        .equ    DEBUG_EXIT, 0xF4
"""

MAIN = EXIT + """
        .text
        .globl  _start
_start: li      sp, 0x20000
        call    square              # R_K32_JAL to another object
        la      t0, result          # HI20/LO12 to this object's .data
        sw      a0, 0(t0)
        lw      a1, counter         # lw rd, symbol: HI20/LO12 to another object
        add     a0, a0, a1
        lla     t1, table
        lw      t2, 4(t1)           # table[1] = counter + 8 (a data relocation with addend)
        lw      t2, -8(t2)          # ... so this is counter again
        add     a0, a0, t2
1:      auipc   t1, %pcrel_hi(counter)
        lw      t2, %pcrel_lo(1b)(t1)
        add     a0, a0, t2
        beqz    zero, done
        j       .
done:   li      t1, DEBUG_EXIT
        out     a0, 0(t1)
        .data
result: .word   0
table:  .word   square, counter + 8
"""

SQUARE = """
        .text
        .globl  square
square: li      a0, 7
        mul     a0, a0, a0
        ret
        .data
        .globl  counter
counter: .word  3
"""


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.s").write_text(MAIN)
    (tmp_path / "square.s").write_text(SQUARE)
    return tmp_path


def ok(*args):
    r = run_k32(*args)
    assert r.exit_code == 0, r.stderr
    return r


def fails(*args):
    r = run_k32(*args)
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    return r.stderr


def run_exit(path):
    return run_k32("run", path).exit_code


def test_two_objects_link_and_run(work):
    ok("asm", "-c", "main.s")
    ok("asm", "-c", "square.s", "-o", "sq.o")
    assert obj.load(work / "main.o").relocs
    ok("ld", "main.o", "sq.o", "-o", "prog.kx", "-M", "prog.map")
    assert run_exit("prog.kx") == 49 + 3 + 3 + 3
    exe = kx.load(work / "prog.kx")
    syms = exe.symbol_table()
    assert syms["_start"] == exe.entry == 0x1000
    assert syms["square"] > syms["_start"] and syms["counter"] > syms["result"]
    text = (work / "prog.map").read_text()
    assert f"{syms['square']:#010x}             square" in text
    assert "main.o" in text and "sq.o" in text and "Entry point 0x00001000" in text
    # the line table names both sources
    assert sorted(exe.files) == ["main.s", "square.s"]


def test_one_step_link_equals_ld(work):
    ok("asm", "-c", "main.s")
    ok("asm", "-c", "square.s")
    ok("ld", "main.o", "square.o", "-o", "two.kx")
    ok("asm", "main.s", "square.s", "-o", "one.kx")
    assert (work / "one.kx").read_bytes() == (work / "two.kx").read_bytes()
    assert run_exit("one.kx") == 58


def test_text_base_and_entry(work):
    (work / "other.s").write_text(EXIT + """
        .text
        .globl  begin
        nop
begin:  li      a0, 5
        li      t0, DEBUG_EXIT
        out     a0, 0(t0)
""")
    ok("asm", "-c", "other.s")
    ok("ld", "other.o", "-e", "begin", "--text-base", "0x40000", "-o", "b.kx")
    exe = kx.load(work / "b.kx")
    assert exe.entry == 0x40004 and exe.segments[0].address == 0x40000
    assert run_exit("b.kx") == 5
    assert "entry symbol 'nowhere' is not defined" in fails("ld", "other.o", "-e", "nowhere", "-o", "c.kx")
    assert not (work / "c.kx").exists()


def test_library_members_only_when_needed(work):
    (work / "unused.s").write_text("        .text\n        .globl unused\nunused: ret\n")
    ok("asm", "-c", "square.s")
    ok("asm", "-c", "unused.s")
    ok("asm", "-c", "main.s")
    ok("ar", "rcs", "libsq.a", "square.o", "unused.o")
    assert ok("ar", "t", "libsq.a").stdout.decode().split() == ["square.o", "unused.o"]
    ok("ld", "main.o", "libsq.a", "-o", "p.kx", "-M", "p.map")
    names = kx.load(work / "p.kx").symbol_table()
    assert "square" in names and "unused" not in names
    assert "libsq.a(square.o)" in (work / "p.map").read_text()
    assert run_exit("p.kx") == 58
    # -l NAME searches -L; an object given with -l is a library too
    ok("ld", "main.o", "-L", ".", "-l", "sq", "-o", "q.kx")
    ok("ld", "main.o", "-l", "square.o", "-l", "unused.o", "-o", "r.kx")
    assert "unused" not in kx.load(work / "r.kx").symbol_table()
    # a library before the object that needs it contributes nothing (as in ld)
    err = fails("ld", "libsq.a", "main.o", "-o", "s.kx")
    assert "main.o: main.s:7: undefined reference to 'square'" in err


@needs_host_tools("ar")
def test_archive_made_by_unix_ar(work):
    ok("asm", "-c", "square.s")
    ok("asm", "-c", "main.s")
    subprocess.run([host_tool("ar"), "rc", "libhost.a", "square.o"], check=True)
    ok("ld", "main.o", "libhost.a", "-o", "p.kx")
    assert run_exit("p.kx") == 58
    assert ok("ar", "t", "libhost.a").stdout.decode().split() == ["square.o"]


def test_undefined_reference_names_object_and_line(work):
    ok("asm", "-c", "main.s")
    err = fails("ld", "main.o", "-o", "p.kx")
    assert "main.o: main.s:7: undefined reference to 'square'" in err
    assert "main.o: main.s:10: undefined reference to 'counter'" in err
    assert not (work / "p.kx").exists()
    # in one step, the object has the source's name: said once
    (work / "empty.s").write_text("        .text\n")
    err = fails("asm", "main.s", "empty.s", "-o", "p.kx")
    assert err.startswith("main.s:7: undefined reference to 'square'")


def test_duplicate_definition_names_both(work):
    (work / "again.s").write_text("        .text\n\n        .globl square\nsquare: ret\n")
    ok("asm", "-c", "square.s")
    ok("asm", "-c", "again.s")
    err = fails("ld", "square.o", "again.o", "-o", "p.kx")
    assert err.strip() == ("again.o: again.s:4: multiple definition of 'square'; "
                           "first defined in square.o: square.s:4")


def test_out_of_range_after_layout(work):
    (work / "far.s").write_text("""
        .text
        .globl  _start
_start: beq     a0, a1, far
        .space  0x30000
""")
    (work / "target.s").write_text("        .text\n        .globl far\nfar:    ret\n")
    ok("asm", "-c", "far.s")
    ok("asm", "-c", "target.s")
    err = fails("ld", "far.o", "target.o", "-o", "p.kx")
    assert err.startswith("far.o: far.s:4: beq: target is ")
    assert "out of reach (+-128 KiB)" in err
    assert not (work / "p.kx").exists()


def test_weak_and_common(work):
    (work / "a.s").write_text(EXIT + """
        .text
        .globl  _start
        .weak   hook, missing
_start: call    hook
        la      t0, missing         # an undefined weak symbol is 0
        add     a0, a0, t0
        la      t0, shared
        lw      t1, 0(t0)
        add     a0, a0, t1
        li      t0, DEBUG_EXIT
        out     a0, 0(t0)
hook:   li      a0, 1               # the weak default
        ret
        .comm   shared, 4, 4
""")
    (work / "b.s").write_text("""
        .text
        .globl  hook
hook:   li      a0, 40              # the strong definition wins
        ret
        .comm   shared, 64, 16
""")
    ok("asm", "-c", "a.s")
    ok("asm", "-c", "b.s")
    assert run_exit(ok("ld", "a.o", "-o", "weak.kx") and "weak.kx") == 1
    ok("ld", "a.o", "b.o", "-o", "strong.kx", "-M", "m.map")
    assert run_exit("strong.kx") == 40
    lines = ok("nm", "a.o").stdout.decode().splitlines()
    assert "00000004 C shared" in lines and "         w missing" in lines
    assert any(line.endswith(" W hook") for line in lines)
    assert "shared" in (work / "m.map").read_text()
    names = kx.load(work / "strong.kx").symbol_table()
    assert names["shared"] % 16 == 0


def test_nm_and_disasm_of_objects(work):
    ok("asm", "-c", "main.s")
    out = ok("nm", "main.o").stdout.decode().splitlines()
    assert out == ["00000000 T _start", "         U counter", "0000003c t done",
                   "00000000 d result", "         U square", "00000004 d table"] or \
        ("         U square" in out and "00000000 T _start" in out), out
    assert ok("nm", "-u", "main.o").stdout.decode().split() == ["U", "counter", "U", "square"]
    listing = ok("disasm", "-r", "main.o").stdout.decode()
    assert "R_K32_JAL         square" in listing
    assert "R_K32_PCREL_HI20  counter" in listing and "R_K32_PCREL_LO12" in listing
    data = ok("disasm", "-r", "-a", "main.o").stdout.decode()
    assert "R_K32_32          counter+0x8" in data and "R_K32_32          square" in data


def test_bad_objects_get_one_message(work):
    ok("asm", "-c", "square.s")
    blob = (work / "square.o").read_bytes()
    (work / "short.o").write_bytes(blob[:30])
    (work / "flip.o").write_bytes(blob[:50] + bytes([blob[50] ^ 1]) + blob[51:])
    (work / "text.o").write_text("hello")
    assert fails("ld", "short.o").strip() == "k32: short.o: truncated: 30 bytes is shorter than the 40-byte header"
    assert fails("ld", "flip.o").strip() == "k32: flip.o: corrupted: CRC-32 does not match the contents"
    assert "not a K32 object" in fails("ld", "text.o")
    assert "no such file" in fails("ld", "nothere.o").lower()
    ok("asm", "square.s", "-o", "sq.kx")
    assert "is an executable, not an object" in fails("ld", "sq.kx")
    assert "corrupted" in fails("nm", "flip.o")
    assert "corrupted" in fails("disasm", "flip.o")


def test_one_source_without_c_unchanged(work):
    (work / "solo.s").write_text(EXIT + """
        .text
_start: li a0, 9
        li t0, DEBUG_EXIT
        out a0, 0(t0)
""")
    ok("asm", "solo.s")
    assert run_exit("solo.kx") == 9
    assert kx.load(work / "solo.kx").entry == 0x1000


JUMP_TABLE = """
        .globl  _start
_start: lui     a0, %hi(.Ltable)
        addi    a0, a0, %lo(.Ltable)
        lw      a1, 4(a0)
        add     a1, a1, a0
        jr      a1
.Lcase0: out    zero, 0xF4
.Lcase1: li     a0, 42
        out     a0, 0xF4
        .section .rodata
        .word   0
.Ltable: .word  .Lcase0-.Ltable, .Lcase1-.Ltable, far-.Ltable
"""


def test_a_jump_table_of_label_differences_across_sections(work):
    # GCC's -mcmodel=medany tables: code label minus table label, one a
    # relocation against .text (R_K32_PCREL32), the linker applies it.
    (work / "jt.s").write_text(JUMP_TABLE)
    (work / "far.s").write_text("        .globl far\nfar: nop\n")
    ok("asm", "-c", "jt.s")
    ok("asm", "-c", "far.s")
    assert {obj.RELOC_NAMES[r.type] for r in obj.load(work / "jt.o").relocs} >= {"R_K32_PCREL32"}
    ok("ld", "jt.o", "far.o", "-o", "jt.kx")
    assert run_exit("jt.kx") == 42
    exe = kx.load(work / "jt.kx")
    table = exe.symbol_table().get("far") - 0x2004
    rodata = next(s for s in exe.segments if s.address == 0x2000).data
    assert int.from_bytes(rodata[12:16], "little", signed=True) == table
