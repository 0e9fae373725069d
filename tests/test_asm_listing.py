"""The `-l` listing of `k32 asm`: for every line read -- from the source,
from included files and from macro and .rept expansions -- its line
number, the address, the words or bytes it produced, and the line itself."""

import isa

A0, A1 = 10, 11


def word(name, **fields):
    return isa.encode(isa.lookup(name), fields)


def listing_of(asm, source, *options, **kw):
    run = asm(source, *options, **kw)
    assert run.exit_code == 0, run.stderr
    return run.listing.splitlines()


def row(lines, source_text, start=0):
    """Index of the first listing row at or after `start` showing `source_text`."""
    for i in range(start, len(lines)):
        if lines[i].rstrip().endswith(source_text):
            return i
    raise AssertionError(f"{source_text!r} not in the listing:\n" + "\n".join(lines))


def fields(line):
    return line.split()


def test_the_listing_names_the_source_and_has_a_header(asm):
    lines = listing_of(asm, "  nop\n")
    assert lines[0] == "K32 assembler listing of prog.s"
    assert fields(lines[2]) == ["line", "address", "contents", "source"]


def test_every_source_line_is_listed_in_order_with_its_number(asm):
    source = ["# a comment", "", "  .text", "start: nop", "  .equ K, 3", "  addi a0, a0, K  # add"]
    lines = listing_of(asm, "\n".join(source) + "\n")
    body = lines[3:3 + len(source)]
    assert [int(fields(line)[0]) for line in body] == [1, 2, 3, 4, 5, 6]
    for line, text in zip(body, source):
        assert line.endswith(text)


def test_an_instruction_row_shows_its_address_and_word(asm):
    lines = listing_of(asm, "  nop\n  addi a0, a1, -5\n")
    assert fields(lines[row(lines, "addi a0, a1, -5")])[:3] == [
        "2", "00001004", f"{word('addi', rd=A0, rs1=A1, imm=-5):08x}"]


def test_a_two_word_expansion_shows_both_words_with_their_addresses(asm):
    lines = listing_of(asm, "  li a0, 0x12345678\n  nop\n")
    i = row(lines, "li a0, 0x12345678")
    assert fields(lines[i])[:3] == ["1", "00001000", f"{word('lui', rd=A0, imm=0x12345):08x}"]
    assert fields(lines[i + 1]) == ["00001004", f"{word('addi', rd=A0, rs1=A0, imm=0x678):08x}"]
    assert fields(lines[i + 2])[:2] == ["2", "00001008"]


def test_data_rows_show_the_bytes(asm):
    lines = listing_of(asm, "  nop\n  .data\nmsg: .asciz \"hi\"\n  .half 0x1234\n")
    assert fields(lines[row(lines, 'msg: .asciz "hi"')])[:5] == ["3", "00002000", "68", "69", "00"]
    assert fields(lines[row(lines, ".half 0x1234")])[:4] == ["4", "00002003", "34", "12"]


def test_bss_rows_show_the_size_reserved(asm):
    lines = listing_of(asm, "  nop\n  .bss\nbuf: .space 100\n")
    line = lines[row(lines, "buf: .space 100")]
    assert fields(line)[:2] == ["3", "00002000"] and "100 bytes" in line


def test_patched_forward_references_show_their_final_words(asm):
    lines = listing_of(asm, "  j end\n  nop\nend: nop\n")
    assert fields(lines[row(lines, "j end")])[2] == f"{word('jal', rd=0, imm=2):08x}"


def test_macro_expansion_lines_follow_the_invocation_marked_with_plus(asm):
    source = (".macro twice r\n  addi \\r, \\r, 1\n  addi \\r, \\r, 2\n.endm\n"
              "  twice a0\n  nop\n")
    lines = listing_of(asm, source)
    call = row(lines, "twice a0")
    first = lines[call + 1]
    second = lines[call + 2]
    assert first.rstrip().endswith("+   addi a0, a0, 1")
    assert fields(first)[:3] == ["2", "00001000", f"{word('addi', rd=A0, rs1=A0, imm=1):08x}"]
    assert second.rstrip().endswith("+   addi a0, a0, 2")
    assert fields(second)[:3] == ["3", "00001004", f"{word('addi', rd=A0, rs1=A0, imm=2):08x}"]
    assert fields(lines[call + 3])[:2] == ["6", "00001008"]


def test_nested_expansions_get_one_plus_per_level(asm):
    source = ".macro inner\n  nop\n.endm\n.macro outer\n  inner\n.endm\n  outer\n"
    lines = listing_of(asm, source)
    i = row(lines, "++   nop")
    assert fields(lines[i])[:2] == ["2", "00001000"]


def test_rept_lines_are_listed_once_per_repetition(asm):
    lines = listing_of(asm, ".rept 3\n  .byte 7\n.endr\n")
    expanded = [line for line in lines if line.rstrip().endswith("+   .byte 7")]
    assert [fields(line)[:3] for line in expanded] == [
        ["2", "00001000", "07"], ["2", "00001001", "07"], ["2", "00001002", "07"]]


def test_included_lines_are_listed_under_the_name_of_their_file(asm):
    lines = listing_of(asm, '  nop\n  .include "part.inc"\n  nop\n',
                       files={"part.inc": "  addi a0, a0, 1\n"})
    inc = row(lines, '.include "part.inc"')
    assert lines[inc + 1].strip() == "<part.inc>"
    assert fields(lines[inc + 2])[:3] == ["1", "00001004", f"{word('addi', rd=A0, rs1=A0, imm=1):08x}"]
    back = row(lines, "<prog.s>", inc)
    assert fields(lines[back + 1])[:2] == ["3", "00001008"]


def test_lines_skipped_by_a_false_condition_are_listed_without_contents(asm):
    lines = listing_of(asm, ".if 0\n  nop\n.endif\n  halt\n")
    assert fields(lines[row(lines, "  nop")]) == ["2", "nop"]
    assert fields(lines[row(lines, "halt")])[:2] == ["4", "00001000"]


def test_a_long_data_directive_is_abbreviated(asm):
    lines = listing_of(asm, "  .space 1000\n")
    assert any("1000 bytes in all" in line for line in lines)
    assert len(lines) < 20


def test_no_listing_is_written_when_assembly_fails(asm):
    run = asm("  frob\n")
    assert run.exit_code == 1 and run.listing is None
