"""Directives through `k32 asm`: sections and their segments, alignment,
data, symbols, includes and command-line defines with conditionals, and a
GNU-as-style file as GCC writes it."""

from pathlib import Path


import isa
from isa import kx

SAMPLES = Path(__file__).parent / "asm"
NOP = isa.encode(isa.lookup("addi"), {})
R, W, X = kx.SEG_R, kx.SEG_W, kx.SEG_X


def word(name, **fields):
    return isa.encode(isa.lookup(name), fields)


def assembled(asm, source, *options, **kw):
    run = asm(source, *options, **kw)
    assert run.exit_code == 0, run.stderr
    return run


def layout(run):
    """[(address, file bytes, memory size, flags)] of the segments."""
    return [(s.address, len(s.data), s.memsize, s.flags) for s in run.exe.segments]


# --- sections and segments ------------------------------------------------------

def test_text_rodata_data_and_bss_each_start_on_their_own_page_in_that_order(asm):
    run = assembled(asm, "  .bss\nb: .space 8\n  .data\nd: .word 1\n"
                         "  .section .rodata\nr: .byte 2\n  .text\nt: nop\n")
    assert layout(run) == [(0x1000, 4, 4, R | X), (0x2000, 1, 1, R), (0x3000, 4, 12, R | W)]
    assert run.symbols == {"t": 0x1000, "r": 0x2000, "d": 0x3000, "b": 0x3004}


def test_bss_takes_memory_but_no_file_space(asm):
    run = assembled(asm, "  nop\n  .bss\nbuf: .space 4096\nword: .zero 4\n")
    assert layout(run)[1] == (0x2000, 0, 4100, R | W)
    assert run.symbols["word"] == 0x3000
    assert Path("prog.kx").stat().st_size < 4096


def test_section_directive_with_gnu_flags_chooses_the_segment(asm):
    run = assembled(asm, '  .section .mycode, "ax", @progbits\nc: nop\n'
                         '  .section .mydata, "aw"\nd: .word 5\n'
                         '  .section .myconst, "a"\nk: .word 6\n'
                         '  .section .mybss, "aw", @nobits\nz: .space 16\n')
    assert layout(run) == [(0x1000, 4, 4, R | X), (0x2000, 4, 4, R), (0x3000, 4, 20, R | W)]
    assert run.symbols == {"c": 0x1000, "k": 0x2000, "d": 0x3000, "z": 0x3004}


def test_returning_to_a_section_continues_where_it_stopped(asm):
    run = assembled(asm, "  nop\n  .data\n  .word 1\n  .text\n  nop\n  .data\n  .word 2\n")
    assert run.words(0x1000) == [NOP, NOP]
    assert run.words(0x2000) == [1, 2]


def test_pushsection_and_popsection_come_back_to_the_section_before(asm):
    run = assembled(asm, "  .data\na: .word 1\n  .pushsection .text\n  addi a0, zero, 1\n"
                         "  .popsection\nb: .word 2\n")
    assert run.words(0x1000) == [word("addi", rd=10, imm=1)]
    assert run.words(0x2000) == [1, 2]
    assert run.symbols["b"] == 0x2004


def test_the_entry_is_start_when_defined(asm):
    run = assembled(asm, "  nop\n  nop\n  .globl _start\n_start: nop\n")
    assert run.exe.entry == 0x1008


def test_the_entry_is_the_start_of_text_without_start(asm):
    run = assembled(asm, "  .data\n  .word 1\n  .text\nmain: nop\n")
    assert run.exe.entry == 0x1000


def test_globl_marks_symbols_global_in_the_symbol_table(asm):
    run = assembled(asm, "  .globl main, helper\n  .global other\nmain: nop\nhelper: nop\n"
                         "other: nop\nlocal: nop\n")
    binding = {s.name: s.is_global for s in run.exe.symbols}
    assert binding == {"main": True, "helper": True, "other": True, "local": False}


# --- alignment -----------------------------------------------------------------

def test_align_takes_a_power_of_two_as_riscv_as_does(asm):
    run = assembled(asm, "  nop\n  .data\n  .byte 1\n  .align 2\na: .byte 2\n  .align 3\nb: .byte 3\n")
    assert run.symbols == {"a": 0x2004, "b": 0x2008}
    assert run.bytes_at(0x2000, 9) == bytes([1, 0, 0, 0, 2, 0, 0, 0, 3])


def test_balign_takes_bytes_and_an_optional_fill(asm):
    run = assembled(asm, "  nop\n  .data\n  .byte 1\n  .balign 4, 0xEE\na: .byte 2\n  .balign 16\nb:\n")
    assert run.symbols == {"a": 0x2004, "b": 0x2010}
    assert run.bytes_at(0x2000, 5) == bytes([1, 0xEE, 0xEE, 0xEE, 2])


def test_p2align_in_code_pads_with_nop_words(asm):
    run = assembled(asm, "  addi a0, a0, 1\n  .p2align 4\nnext: addi a0, a0, 2\n")
    assert run.symbols["next"] == 0x1010
    assert run.words() == [word("addi", rd=10, rs1=10, imm=1), NOP, NOP, NOP,
                           word("addi", rd=10, rs1=10, imm=2)]


def test_align_in_code_pads_with_nop_words_too(asm):
    run = assembled(asm, "  nop\n  .align 3\nx: ret\n")
    assert run.symbols["x"] == 0x1008
    assert run.words()[1] == NOP


def test_an_aligned_section_starts_on_that_alignment(asm):
    run = assembled(asm, "  nop\n  .data\n  .byte 1\n  .section .data.two, \"aw\"\n  .balign 64\nx: .word 9\n")
    assert run.symbols["x"] % 64 == 0


def test_org_moves_forward_within_the_section_filling_the_gap(asm):
    run = assembled(asm, "  nop\n  .data\n  .word 1\n  .org 12, 0xAA\nx: .word 2\n  .org x + 8\ny: .byte 3\n")
    assert run.symbols == {"x": 0x200C, "y": 0x2014}
    assert run.bytes_at(0x2000, 12) == bytes([1, 0, 0, 0]) + b"\xAA" * 8


# --- data -----------------------------------------------------------------------------

def test_integer_data_directives_are_little_endian_of_their_size(asm):
    run = assembled(asm, "  nop\n  .data\n  .byte 1, 255, -1, -128\n  .half 0x1234, -2\n  .short 7\n"
                         "  .word 0xDEADBEEF\n  .long -1\n")
    assert run.bytes_at(0x2000, 18) == bytes.fromhex("01ffff80" "3412feff" "0700" "efbeadde" "ffffffff")


def test_string_directives_decode_escapes_and_asciz_and_string_add_a_nul(asm):
    run = assembled(asm, '  nop\n  .data\n  .ascii "ab", "c"\n  .asciz "x\\ty"\n  .string "q\\n\\"\\\\\\x41\\101"\n'
                         '  .ascii "a;b#c"\n')
    assert run.bytes_at(0x2000, 21) == b"abc" + b"x\ty\0" + b'q\n"\\AA\0' + b"a;b#c"


def test_space_zero_and_fill_reserve_and_repeat(asm):
    run = assembled(asm, "  nop\n  .data\n  .space 3\n  .space 2, 0x55\n  .zero 2\n"
                         "  .fill 3, 2, 0x1234\n  .fill 2, 4, -1\n  .fill 2\n")
    assert run.bytes_at(0x2000, 23) == (bytes(3) + b"\x55\x55" + bytes(2) + b"\x34\x12" * 3
                                        + b"\xff" * 8 + bytes(2))


def test_data_may_refer_to_labels_in_any_section_and_ahead(asm):
    run = assembled(asm, "  .data\nptrs: .word main, later, ptrs\n  .text\nmain: nop\nlater: nop\n")
    assert run.words(0x2000) == [0x1000, 0x1004, 0x2000]


# --- symbols ----------------------------------------------------------------------------

def test_equ_set_and_assignment_define_absolute_symbols(asm):
    run = assembled(asm, "  .equ A, 5\n  .set B, A + 1\nC = B * 2\n  .word A, B, C\n")
    assert run.words() == [5, 6, 12]
    absolute = {s.name: s.is_absolute for s in run.exe.symbols}
    assert absolute == {"A": True, "B": True, "C": True}


def test_set_and_assignment_may_redefine_a_symbol_and_each_use_sees_the_value_then(asm):
    run = assembled(asm, "X = 1\n  .word X\nX = 2\n  .word X\n  .set X, X + 10\n  .word X\n")
    assert run.words() == [1, 2, 12]
    assert run.symbols["X"] == 12


def test_an_equate_may_use_a_symbol_defined_later(asm):
    run = assembled(asm, "  .equ TWICE, LATER * 2\n  .word TWICE\nLATER = 21\n")
    assert run.words() == [42]


def test_gnu_bookkeeping_directives_are_accepted_and_ignored(asm):
    run = assembled(asm, '  .option nopic\n  .option push\n  .option norvc\n  .option pop\n'
                         '  .attribute arch, "rv32e2p0"\n  .attribute stack_align, 4\n'
                         '  .file "x.c"\n  .ident "GCC"\n  .type f, @function\n'
                         'f: nop\n  .size f, .-f\n  .type v, @object\n')
    assert run.words() == [NOP]
    assert run.symbols == {"f": 0x1000}


# --- include and defines ------------------------------------------------------------

def test_include_finds_files_next_to_the_source_and_in_i_directories(asm):
    files = {"local.inc": "LOCAL = 1\n", "lib/ports.inc": "PORT = 0x3F8\n  .include \"more.inc\"\n",
             "lib/more.inc": "MORE = 3\n"}
    run = assembled(asm, '  .include "local.inc"\n  .include "ports.inc"\n  .word LOCAL, PORT, MORE\n',
                    "-I", "lib", files=files)
    assert run.words() == [1, 0x3F8, 3]


def test_a_later_i_directory_is_searched_when_the_first_lacks_the_file(asm):
    files = {"a/one.inc": "ONE = 1\n", "b/two.inc": "TWO = 2\n"}
    run = assembled(asm, '  .include "one.inc"\n  .include "two.inc"\n  .word ONE, TWO\n',
                    "-I", "a", "-I", "b", files=files)
    assert run.words() == [1, 2]


def test_code_in_an_included_file_is_assembled_in_place(asm):
    run = assembled(asm, '  nop\n  .include "body.inc"\n  nop\n',
                    files={"body.inc": "  addi a0, a0, 1\n"})
    assert run.words() == [NOP, word("addi", rd=10, rs1=10, imm=1), NOP]


def test_a_define_with_a_value_feeds_if_and_expressions(asm):
    source = ".if DEBUG > 2\n  .word 1\n.else\n  .word 2\n.endif\n  .word DEBUG\n"
    assert assembled(asm, source, "-D", "DEBUG=3").words() == [1, 3]
    assert assembled(asm, source, "-D", "DEBUG=0x2").words() == [2, 2]


def test_a_define_without_a_value_is_one_and_ifdef_sees_it(asm):
    source = ".ifdef FAST\n  .word FAST\n.endif\n.ifndef FAST\n  .word 99\n.endif\n"
    assert assembled(asm, source, "-D", "FAST").words() == [1]
    assert assembled(asm, source).words() == [99]


def test_defines_do_not_appear_in_the_symbol_table(asm):
    run = assembled(asm, "main: .word MODE\n", "-D", "MODE=7")
    assert run.symbols == {"main": 0x1000}


# --- conditionals ----------------------------------------------------------------------

def test_if_elif_else_pick_exactly_one_branch_and_nest(asm):
    source = ("V = {v}\n"
              ".if V == 1\n  .word 10\n"
              ".elif V == 2\n"
              "  .if V * 2 == 4\n    .word 20\n  .else\n    .word 666\n  .endif\n"
              ".else\n  .word 30\n"
              ".endif\n")
    assert [assembled(asm, source.format(v=v)).words() for v in (1, 2, 3)] == [[10], [20], [30]]


def test_a_false_branch_is_not_assembled_at_all(asm):
    run = assembled(asm, ".if 0\n  no such instruction here\n  .word undefined\n.endif\n  nop\n")
    assert run.words() == [NOP]


def test_ifdef_and_ifndef_see_labels_and_equates_defined_before(asm):
    run = assembled(asm, "here: X = 1\n.ifdef here\n  .word 1\n.endif\n.ifdef X\n  .word 2\n.endif\n"
                         ".ifndef Y\n  .word 3\n.endif\n.ifdef Y\n  .word 4\n.endif\n")
    assert run.words() == [1, 2, 3]


# --- GNU as output ---------------------------------------------------------------------

def test_gnu_compat_sample_assembles_unchanged(asm):
    run = assembled(asm, (SAMPLES / "gnu_compat.s").read_text())
    syms = run.symbols
    assert {"main", "bump", "puts", "table", "counter"} <= set(syms)
    assert not any(name.startswith(".L") for name in syms)
    text, rodata, data = run.exe.segments
    assert (text.flags, rodata.flags, data.flags) == (R | X, R, R | W)
    assert rodata.data.startswith(b"hi\0")            # .LC0 comes first in rodata
    assert data.memsize == len(data.data) + 4 and syms["counter"] == data.address + len(data.data)
    lc0 = rodata.address
    # addi sp,sp,-16 / sw ra,12(sp) / sw s0,8(sp) / addi s0,sp,16 / lui a5,%hi(.LC0) / addi a0,a5,%lo(.LC0)
    assert run.words(syms["main"], 6) == [
        word("addi", rd=2, rs1=2, imm=-16), word("sw", rs2=1, rs1=2, imm=12),
        word("sw", rs2=8, rs1=2, imm=8), word("addi", rd=8, rs1=2, imm=16),
        word("lui", rd=15, imm=(lc0 + 0x800) >> 12),
        word("addi", rd=10, rs1=15, imm=((lc0 & 0xFFF) ^ 0x800) - 0x800)]
    # call puts: one jal, its offset in words from the call itself
    call = syms["main"] + 24
    assert run.words(call, 1) == [word("jal", rd=1, imm=(syms["puts"] - call) // 4)]


def test_comm_reserves_zeroed_space_for_a_symbol(asm):
    run = asm("  .local buf\n  .comm buf, 64, 4\n  .data\n  .word buf\n")
    assert run.exit_code == 0, run.stderr
    assert run.symbols["buf"] % 4 == 0
