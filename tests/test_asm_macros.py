"""Macros and repetition through `k32 asm`: parameters with defaults and
keyword arguments, `\\param`, `\\@`, `\\()`, nested invocation, `.exitm`,
`.rept`, `.irp`, and conditionals inside macro bodies."""


import isa

A0, A1, A2, A3, T0, SP = 10, 11, 12, 13, 5, 2
NOP = isa.encode(isa.lookup("addi"), {})


def word(name, **fields):
    return isa.encode(isa.lookup(name), fields)


def addi(rd, imm, rs1=0):
    return word("addi", rd=rd, rs1=rs1, imm=imm)


def assembled(asm, source, *options, **kw):
    run = asm(source, *options, **kw)
    assert run.exit_code == 0, run.stderr
    return run


STORE = ".macro store, val, reg=a0, off=4\n  addi \\reg, zero, \\val\n  sw \\reg, \\off(sp)\n.endm\n"


def test_parameters_take_positional_arguments_and_defaults(asm):
    run = assembled(asm, STORE + "  store 5\n  store 6, a1\n  store 7, a2, 12\n")
    assert run.words() == [addi(A0, 5), word("sw", rs2=A0, rs1=SP, imm=4),
                           addi(A1, 6), word("sw", rs2=A1, rs1=SP, imm=4),
                           addi(A2, 7), word("sw", rs2=A2, rs1=SP, imm=12)]


def test_keyword_arguments_may_come_in_any_order(asm):
    run = assembled(asm, STORE + "  store off=8, val=7\n  store 3, off=16\n")
    assert run.words() == [addi(A0, 7), word("sw", rs2=A0, rs1=SP, imm=8),
                           addi(A0, 3), word("sw", rs2=A0, rs1=SP, imm=16)]


def test_parameters_may_be_separated_by_spaces(asm):
    run = assembled(asm, ".macro put val reg=a1\n  addi \\reg, zero, \\val\n.endm\n  put 3\n  put 4 a2\n")
    assert run.words() == [addi(A1, 3), addi(A2, 4)]


def test_two_parameters_may_be_separated_by_a_comma_after_a_space(asm):
    run = assembled(asm, ".macro put val, reg=a1\n  addi \\reg, zero, \\val\n.endm\n  put 3\n  put 4, a2\n")
    assert run.words() == [addi(A1, 3), addi(A2, 4)]


def test_three_parameters_may_be_separated_by_commas_after_a_space(asm):
    run = asm(".macro set3 x, y, z=9\n  .word \\x, \\y, \\z\n.endm\n  set3 1, 2\n  set3 4, 5, 6\n")
    assert run.exit_code == 0, run.stderr
    assert run.words() == [1, 2, 9, 4, 5, 6]


def test_an_argument_may_be_a_memory_operand_or_a_string(asm):
    run = assembled(asm, ".macro load r, addr\n  lw \\r, \\addr\n.endm\n"
                         ".macro text s\n  .ascii \\s\n.endm\n"
                         "  load a2, 8(sp)\n  text \"a, b\"\n")
    assert run.words()[0] == word("lw", rd=A2, rs1=SP, imm=8)
    assert run.bytes_at(0x1004, 4) == b"a, b"


def test_unique_counter_makes_labels_distinct_in_each_expansion(asm):
    run = assembled(asm, ".macro spin\nwait\\@: addi a0, a0, -1\n  bnez a0, wait\\@\n.endm\n"
                         "  spin\n  spin\n")
    loop = [addi(A0, -1, rs1=A0), word("bne", rs1=A0, rs2=0, imm=-1)]
    assert run.words() == loop + loop
    waits = sorted(v for k, v in run.symbols.items() if k.startswith("wait"))
    assert waits == [0x1000, 0x1008]


def test_empty_parentheses_join_a_parameter_to_the_text_around_it(asm):
    run = assembled(asm, ".macro setreg n, v\n  addi a\\()\\n, zero, \\v\n  .word 0x\\n\\()0\n.endm\n"
                         "  setreg 3, 9\n")
    assert run.words() == [addi(A3, 9), 0x30]


def test_a_macro_may_invoke_another_macro(asm):
    run = assembled(asm, ".macro inc r\n  addi \\r, \\r, 1\n.endm\n"
                         ".macro inc2 r\n  inc \\r\n  inc \\r\n.endm\n"
                         "  inc2 a1\n")
    assert run.words() == [addi(A1, 1, rs1=A1)] * 2


def test_a_macro_may_recurse_under_a_condition(asm):
    run = assembled(asm, ".macro count n\n  .if \\n\n    .word \\n\n    count \\n-1\n  .endif\n.endm\n"
                         "  count 3\n")
    assert run.words() == [3, 2, 1]


def test_exitm_ends_the_expansion_early(asm):
    run = assembled(asm, ".macro first\n  addi a0, zero, 1\n  .exitm\n  addi a0, zero, 2\n.endm\n"
                         ".macro outer\n  first\n  addi a1, zero, 3\n.endm\n  outer\n")
    assert run.words() == [addi(A0, 1), addi(A1, 3)]


def test_exitm_inside_a_conditional_ends_the_expansion(asm):
    run = asm(".macro small n\n  .if \\n > 2\n    .exitm\n  .endif\n  .word \\n\n.endm\n"
              "  small 1\n  small 5\n  small 2\n")
    assert run.exit_code == 0, run.stderr
    assert run.words() == [1, 2]


def test_conditionals_inside_a_macro_test_its_arguments(asm):
    run = assembled(asm, ".macro pick n\n"
                         "  .if \\n == 1\n    .word 10\n"
                         "  .elif \\n == 2\n    .ifdef FAST\n      .word 21\n    .else\n      .word 20\n    .endif\n"
                         "  .else\n    .word 30\n"
                         "  .endif\n.endm\n"
                         "  pick 1\n  pick 2\n  pick 7\n", "-D", "FAST")
    assert run.words() == [10, 21, 30]


def test_ifndef_inside_a_macro_sees_symbols_defined_so_far(asm):
    run = assembled(asm, ".macro once\n  .ifndef DONE\nDONE = 1\n    .word 1\n  .endif\n.endm\n"
                         "  once\n  once\n")
    assert run.words() == [1]


def test_rept_repeats_its_body(asm):
    run = assembled(asm, ".rept 3\n  nop\n.endr\n.rept 0\n  halt\n.endr\n")
    assert run.words() == [NOP] * 3


def test_rept_nests_and_takes_an_expression(asm):
    run = assembled(asm, "N = 2\n.rept N\n  .rept N + 1\n  .byte 7\n  .endr\n.endr\n")
    assert run.bytes_at(0x1000, 6) == b"\x07" * 6


def test_rept_may_use_an_equate_that_it_updates(asm):
    run = assembled(asm, "i = 0\n.rept 4\n  .word i * i\n  i = i + 1\n.endr\n")
    assert run.words() == [0, 1, 4, 9]


def test_irp_substitutes_each_value_in_turn(asm):
    run = assembled(asm, ".irp r, a0, a1, a2\n  mv \\r, zero\n.endr\n")
    assert run.words() == [addi(A0, 0), addi(A1, 0), addi(A2, 0)]


def test_irp_inside_a_macro_uses_the_macro_arguments(asm):
    run = assembled(asm, ".macro push3 a b c\n  addi sp, sp, -12\n"
                         "  .irp r, \\a, \\b, \\c\n  .word 0\n  .endr\n.endm\n  push3 a0, a1, a2\n")
    assert run.words() == [word("addi", rd=SP, rs1=SP, imm=-12), 0, 0, 0]


def test_a_macro_defined_in_an_included_file_can_be_used_after_it(asm):
    run = assembled(asm, '  .include "macros.inc"\n  twice 5\n',
                    files={"macros.inc": ".macro twice v\n  .word \\v, \\v\n.endm\n"})
    assert run.words() == [5, 5]


def test_a_label_before_a_macro_invocation_marks_its_first_word(asm):
    run = assembled(asm, ".macro two\n  nop\n  nop\n.endm\n  nop\nhere: two\n")
    assert run.symbols["here"] == 0x1004


def test_purgem_forgets_a_macro(asm):
    run = asm(".macro gone\n  nop\n.endm\n  gone\n  .purgem gone\n  gone\n")
    assert run.exit_code == 1
    assert "prog.s:6:3: error: unknown instruction 'gone'" in run.stderr
