"""Expressions in `k32 asm`: C precedence, unbounded integers, numbers in
every base, character literals, `.`, label differences, and the RISC-V
relocation operators %hi, %lo, %pcrel_hi and %pcrel_lo."""

import pytest

import isa

A0, A1, A2 = 10, 11, 12


def word(name, **fields):
    return isa.encode(isa.lookup(name), fields)


def value_of(asm, expression):
    """The 32-bit pattern `.word EXPRESSION` assembles to."""
    run = asm(f"  .word {expression}\n")
    assert run.exit_code == 0, run.stderr
    return run.words()[0]


EXPRESSIONS = [
    ("2 + 3 * 4", 14),                      # * before +
    ("(2 + 3) * 4", 20),
    ("1 << 2 + 1", 8),                      # + before <<
    ("7 & 3 | 8 ^ 1", 11),                  # & before ^ before |
    ("1 | 2 ^ 3 & 1", 3),
    ("10 - 4 - 3", 3),                      # left to right
    ("64 / 4 / 2", 8),
    ("-7 / 2", -3),                         # division truncates toward zero
    ("-7 % 2", -1),                         # remainder has the dividend's sign
    ("7 % -2", 1),
    ("(1 << 40) >> 38", 4),                 # intermediates are not cut to 32 bits
    ("(0x123456789 * 16) >> 8", 0x123456789 >> 4),
    ("~0", -1),
    ("-(-5)", 5),
    ("!0 + !7", 1),
    ("+3", 3),
    # Comparisons are true as -1, as in GNU as; && and || give 1.
    ("1 < 2", -1), ("2 <= 1", 0), ("3 > 2", -1), ("3 >= 4", 0), ("-1 < 0", -1),
    ("3 == 3", -1), ("3 != 3", 0),
    ("2 < 1 == 0", -1),                     # relational before equality
    ("1 && 2", 1), ("1 && 0", 0), ("0 || 5", 1), ("0 || 0", 0),
    ("1 || 0 && 0", 1),                     # && before ||
    ("2 + 3 == 5 && 4 > 3", 1),
    ("1 + 1 < 3", -1),                      # + before <
    ("010", 8),                             # octal
    ("0x1F + 0X10", 47),
    ("0b101 + 0B11", 8),
    ("'a'", 97),
    ("'\\n'", 10), ("'\\t'", 9), ("'\\0'", 0), ("'\\\\'", 92), ("'\\''", 39),
    ("'\\x41'", 65), ("'\\101'", 65),
    ("'#'", 35), ("';'", 59), ("' '", 32),   # not a comment, not a separator
    ("%hi(0x12345678)", 0x12345),
    ("%lo(0x12345678)", 0x678),
    ("%hi(0x12345800)", 0x12346),           # bit 11 set: %hi rounds up ...
    ("%lo(0x12345800)", -0x800),            # ... and %lo is negative
    ("%hi(0xFFFFF800)", 0),                 # wraps: 0 + -0x800
    ("%lo(0xFFFFFFFF)", -1),
    ("(%hi(0xDEADBEEF) << 12) + %lo(0xDEADBEEF)", 0xDEADBEEF),
]


@pytest.mark.parametrize("expression, expected", EXPRESSIONS, ids=[e for e, _ in EXPRESSIONS])
def test_expression_has_its_c_value(asm, expression, expected):
    assert value_of(asm, expression) == expected & 0xFFFFFFFF


def test_operators_on_symbols_give_the_same_values_as_on_numbers(asm):
    run = asm("ONE = 1\n  .word ONE < 2, LATER < 2, ONE == 1, ONE && 2, LATER || 0, ~ONE, -LATER\n"
              "LATER = 1\n")
    assert run.exit_code == 0, run.stderr
    assert run.words() == [0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 1, 1, 0xFFFFFFFE, 0xFFFFFFFF]


def test_dot_is_the_address_of_the_current_statement(asm):
    run = asm("  nop\nhere: .word .\n  .word . - here\n")
    assert run.exit_code == 0, run.stderr
    assert run.words() == [word("addi"), 0x1004, 4]


def test_a_label_difference_is_a_constant_even_forward(asm):
    run = asm(".equ SIZE, end - start\n"
              "start: .word SIZE, end - start\n"
              "  li a0, end - start\n"
              "  addi a1, zero, end - start\n"
              "end:\n")
    assert run.exit_code == 0, run.stderr
    assert run.words() == [20, 20, word("lui", rd=A0, imm=0), word("addi", rd=A0, rs1=A0, imm=20),
                           word("addi", rd=A1, rs1=0, imm=20)]
    assert run.symbols["SIZE"] == 20


def test_the_length_of_a_string_is_dot_minus_its_label(asm):
    run = asm("  .data\nmsg: .ascii \"hello\"\nlen = . - msg\n  .text\n  addi a0, zero, len\n")
    assert run.exit_code == 0, run.stderr
    assert run.words() == [word("addi", rd=A0, rs1=0, imm=5)]
    assert run.symbols["len"] == 5


def test_symbols_combine_with_numbers_and_other_symbols(asm):
    run = asm("BASE = 0x100\nOFF = BASE * 2 + 4\n  .word OFF, table + 8, OFF - BASE\ntable:\n")
    assert run.exit_code == 0, run.stderr
    assert run.words() == [0x204, 0x1000 + 12 + 8, 0x104]


def test_hi_and_lo_of_an_address_rebuild_it(asm):
    source = ("  lui a0, %hi(var)\n  addi a0, a0, %lo(var)\n  lw a1, %lo(var)(a0)\n"
              "  .data\n  .space 0xFFC\nvar: .word 1\n")
    run = asm(source)
    assert run.exit_code == 0, run.stderr
    assert run.symbols["var"] == 0x2FFC
    assert run.words() == [word("lui", rd=A0, imm=3), word("addi", rd=A0, rs1=A0, imm=-4),
                           word("lw", rd=A1, rs1=A0, imm=-4)]


def test_pcrel_hi_and_lo_address_a_symbol_relative_to_the_auipc(asm):
    source = ("1:  auipc a0, %pcrel_hi(msg)\n"          # 0x1000, msg - pc = 0x1800
              "  addi a0, a0, %pcrel_lo(1b)\n"
              ".Lpc: auipc a1, %pcrel_hi(msg)\n"        # 0x1008, msg - pc = 0x17F8
              "  lw a2, %pcrel_lo(.Lpc)(a1)\n"
              "  .data\n  .space 0x800\nmsg: .word 0\n")
    run = asm(source)
    assert run.exit_code == 0, run.stderr
    assert run.symbols["msg"] == 0x2800
    assert run.words() == [word("auipc", rd=A0, imm=2), word("addi", rd=A0, rs1=A0, imm=-0x800),
                           word("auipc", rd=A1, imm=1), word("lw", rd=A2, rs1=A1, imm=0x7F8)]


def test_the_same_constant_in_all_bases_and_spellings(asm):
    run = asm("  .byte 65, 0x41, 0101, 0b1000001, 'A', '\\x41', '\\101'\n")
    assert run.exit_code == 0, run.stderr
    assert run.bytes_at(0x1000, 7) == b"A" * 7
