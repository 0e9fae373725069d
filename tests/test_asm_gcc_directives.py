"""The directives GCC writes that mean something: `.file N` and `.loc`
(the line table maps each instruction to the C source line of the latest
`.loc`), LEB128 numbers, weak symbols and their sizes."""

from isa import obj

SOURCE = """\
        .file   "prog.c"
        .text
        nop
        .file 0 "/home/me" "prog.c"
        .file 1 "prog.c"
        .file 2 "inc" "util.h"
        .loc 1 10 5
        addi    a0, a0, 1
        .loc 1 11 3 is_stmt 0 discriminator 2
        li      a0, 0x12345678
        .loc 2 3 1 prologue_end
        ret
        .loc 0 7
        .word   0
        nop
"""


def test_loc_gives_instructions_their_c_line(asm):
    r = asm(SOURCE)
    assert r.exit_code == 0, r.stderr
    exe = r.exe
    lines = [(a, exe.files[f], n) for a, f, n in exe.lines]
    assert lines == [
        (0x1000, "prog.s", 3),            # before any .loc: the .s line
        (0x1004, "prog.c", 10),
        (0x1008, "prog.c", 11), (0x100c, "prog.c", 11),
        (0x1010, "inc/util.h", 3),
        (0x1018, "/home/me/prog.c", 7),   # data is not in the table
    ]


def test_loc_in_an_object_file(k32, tmp_path):
    (tmp_path / "prog.s").write_text(SOURCE)
    r = k32("asm", "-c", tmp_path / "prog.s", "-o", tmp_path / "prog.o")
    assert r.exit_code == 0, r.stderr
    o = obj.read((tmp_path / "prog.o").read_bytes())
    assert [(off, o.files[f], n) for _, off, f, n in o.lines][1:3] == [(4, "prog.c", 10), (8, "prog.c", 11)]


def test_bad_loc_and_file_are_located_errors(asm):
    r = asm("        .loc 3 4\n        .loc 1\n        .file 1 prog.c\n        .loc 1 2 3 bogus\n")
    assert r.exit_code == 1
    assert "prog.s:1:14: error: .loc: file number 3 has no .file" in r.stderr
    assert "prog.s:2:14: error: .loc: usage" in r.stderr
    assert "prog.s:3:15: error: usage: .file NUMBER" in r.stderr
    assert "prog.s:4:14: error: .loc: unknown option 'bogus'" in r.stderr
    assert "Traceback" not in r.stderr


def test_an_object_gets_a_listing_too(k32, tmp_path):
    (tmp_path / "prog.s").write_text(SOURCE)
    r = k32("asm", "-c", tmp_path / "prog.s", "-o", tmp_path / "prog.o", "-l", tmp_path / "prog.lst")
    assert r.exit_code == 0, r.stderr
    assert "addi    a0, a0, 1" in (tmp_path / "prog.lst").read_text()


def test_leb128_needs_a_constant_in_a_loaded_section_only(asm):
    r = asm("a: nop\n  .data\n  .uleb128 later - a\n  .uleb128 -1\n"
            "  .section .debug_info,\"\",@progbits\n  .uleb128 later - a, 5\nlater: .sleb128 a\n")
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if "error" in line]
    assert errors == ["prog.s:3:12: error: .uleb128 needs a constant known at this point",
                      "prog.s:4:12: error: .uleb128 of a negative value (-1)", "2 errors"]


def test_an_undefined_weak_symbol_is_zero_in_an_executable(asm):
    r = asm("  .weak missing\n  .data\n  .word missing, 7\n")
    assert r.exit_code == 0, r.stderr
    assert r.words(0x1000) == [0, 7]


def test_the_size_of_a_weak_function_is_its_own(k32, tmp_path):
    (tmp_path / "w.s").write_text("  .weak f\n  .type f, @function\nf: nop\n  ret\n  .size f, .-f\n")
    r = k32("asm", "-c", tmp_path / "w.s", "-o", tmp_path / "w.o")
    assert r.exit_code == 0, r.stderr
    sym = next(s for s in obj.read((tmp_path / "w.o").read_bytes()).symbols if s.name == "f")
    assert (sym.binding, sym.size) == ("weak", 8)


def test_percent_is_another_spelling_of_at_in_types(k32, tmp_path):
    (tmp_path / "t.s").write_text("  .type f, %function\nf: nop\n  .section .b,\"aw\",%nobits\n"
                                  "  .zero 8\n  .loc_mark_labels 1\n")
    r = k32("asm", "-c", tmp_path / "t.s", "-o", tmp_path / "t.o")
    assert r.exit_code == 0, r.stderr
    o = obj.read((tmp_path / "t.o").read_bytes())
    assert next(s for s in o.symbols if s.name == "f").type == "function"
    assert next(s for s in o.sections if s.name == ".b").kind == "bss"
