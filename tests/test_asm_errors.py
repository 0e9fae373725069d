"""Errors from `k32 asm`: each one as `file:line:col: error: message`, the
source line and a caret under the column, the chain of includes and macro
expansions that led there, every error of a file in one run, exit status 1
and never a traceback -- whatever the input."""

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vm.cli import main

ERROR_COUNT = re.compile(r"^(\d+) errors?$")


def failed(run):
    """Check what every failed run shares; return stderr's lines."""
    assert run.exit_code == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stdout == ""
    assert run.exe is None, "no executable may be written when assembly fails"
    lines = run.stderr.rstrip("\n").split("\n")
    count = ERROR_COUNT.match(lines[-1])
    assert count, f"the last line must count the errors: {lines[-1]!r}"
    assert int(count.group(1)) == sum(": error: " in line for line in lines)
    return lines


def caret(col):
    return "      | " + " " * (col - 1) + "^"


def assert_error(run, text, line, col, message, file="prog.s"):
    """`file:line:col: error: message`, then the source line `text`, then
    the caret; returns stderr's lines and where the message is."""
    lines = failed(run)
    head = f"{file}:{line}:{col}: error: {message}"
    assert head in lines, f"{head!r} not in:\n{run.stderr}"
    at = lines.index(head)
    # Tabs are shown as one space each, so that the caret lines up.
    assert lines[at + 1] == f"{line:5} | {text.expandtabs(1)}"
    assert lines[at + 2] == caret(col)
    return lines, at


def only_error(asm, source, line, col, message):
    run = asm(source)
    lines, _ = assert_error(run, source.split("\n")[line - 1], line, col, message)
    assert lines[-1] == "1 error"
    return run


# --- one error each ---------------------------------------------------------------

def test_an_unknown_instruction_is_reported_at_its_name(asm):
    only_error(asm, "  nop\n  frob a0, a1\n", 2, 3, "unknown instruction 'frob'")


def test_an_unknown_directive_is_reported_at_its_name(asm):
    only_error(asm, "  .frob 1\n", 1, 3, "unknown directive '.frob'")


def test_a_wrong_operand_count_shows_the_expected_syntax(asm):
    only_error(asm, "  add a0, a1\n", 1, 3, "'add' takes 3 operands (add rd, rs1, rs2), got 2")
    only_error(asm, "  add a0, a1, a2, a3\n", 1, 3, "'add' takes 3 operands (add rd, rs1, rs2), got 4")


def test_a_wrong_operand_count_of_a_pseudo_instruction_names_it(asm):
    run = asm("  mv a0\n  ret a0\n")
    lines = failed(run)
    assert any(line.startswith("prog.s:1:3: error:") and "mv" in line for line in lines)
    assert any(line.startswith("prog.s:2:3: error:") and "ret" in line for line in lines)


def test_a_register_outside_the_sixteen_is_reported_at_the_operand(asm):
    only_error(asm, "  addi a0, x16, 1\n", 1, 12, "'x16' is not a register")


def test_a_number_where_a_register_belongs_is_reported_at_the_operand(asm):
    only_error(asm, "  sub a0, a1, 5\n", 1, 15, "expected a register")


def test_an_immediate_out_of_range_is_reported_at_the_operand(asm):
    only_error(asm, "  addi a0, a0, 40000\n", 1, 16, "addi: immediate 40000 out of range (-32768..32767)")


def test_a_shift_amount_of_32_is_out_of_range(asm):
    only_error(asm, "  slli a0, a0, 32\n", 1, 16, "slli: immediate 32 out of range (0..31)")


def test_a_port_must_fit_sixteen_unsigned_bits(asm):
    only_error(asm, "  in a0, 0x10000\n", 1, 10, "in: immediate 65536 out of range (0..65535)")


def test_a_branch_too_far_is_reported_with_its_distance(asm):
    source = "  beq a0, a1, far\n  .space 0x20000\nfar: nop\n"
    only_error(asm, source, 1, 15, "beq: target is 131076 bytes away, out of reach (+-128 KiB)")


def test_a_jump_too_far_is_reported_with_its_distance(asm):
    only_error(asm, "  jal ra, 0x1000 + 4 * 524288\n", 1, 11,
               "jal: target is 2097152 bytes away, out of reach (+-2 MiB)")


def test_li_of_a_value_wider_than_32_bits_is_an_error(asm):
    only_error(asm, "  li a0, 0x100000000\n", 1, 10, "li: value 0x100000000 does not fit in 32 bits")


def test_data_too_wide_for_its_directive_is_reported_at_the_value(asm):
    only_error(asm, "  .byte 1, 256\n", 1, 12, "value 256 does not fit in 1 byte")


def test_an_undefined_symbol_is_reported_where_it_is_used(asm):
    only_error(asm, "  nop\n  addi a0, a0, nowhere\n", 2, 16, "undefined symbol 'nowhere'")


def test_an_undefined_jump_target_is_reported_where_it_is_used(asm):
    only_error(asm, "  j nowhere\n", 1, 5, "undefined symbol 'nowhere'")


def test_an_undefined_symbol_in_la_is_reported_once_at_the_operand(asm):
    only_error(asm, "  la a0, nowhere\n", 1, 10, "undefined symbol 'nowhere'")


def test_a_local_label_reference_without_a_label_is_an_error(asm):
    only_error(asm, "  j 1f\n", 1, 5, "no later definition of local label 1 (referenced as 1f)")
    only_error(asm, "  j 2b\n", 1, 5, "no earlier definition of local label 2")


def test_a_duplicate_label_points_to_the_first_definition(asm):
    only_error(asm, "dup: nop\n  nop\ndup: nop\n", 3, 1, "symbol 'dup' is already defined (at prog.s:1:1)")


def test_division_by_zero_is_reported_at_the_expression(asm):
    only_error(asm, "  .word 1 / 0\n", 1, 9, "division by zero")
    only_error(asm, "  addi a0, a0, 5 % (2 - 2)\n", 1, 16, "division by zero")


def test_a_missing_include_file_is_reported_at_the_include(asm):
    run = asm('  nop\n  .include "missing.inc"\n')
    assert_error(run, '  .include "missing.inc"', 2, 3, "cannot find include file 'missing.inc' (searched .)")


def test_a_missing_include_inside_an_included_file_shows_the_chain(asm):
    inner = '  nop\n  .include "missing.inc"\n'
    run = asm('  nop\n  .include "inner.inc"\n', files={"inner.inc": inner})
    lines, at = assert_error(run, '  .include "missing.inc"', 2, 3,
                             "cannot find include file 'missing.inc' (searched .)", file="inner.inc")
    assert lines[at + 3] == "prog.s:2:3: note: in the file included from here"


def test_an_error_two_includes_deep_lists_every_include_innermost_first(asm):
    files = {"lib/a.inc": '  .include "b.inc"\n', "lib/b.inc": "  nop\n  bogus\n"}
    run = asm('  .include "a.inc"\n', "-I", "lib", files=files)
    lines, at = assert_error(run, "  bogus", 2, 3, "unknown instruction 'bogus'", file="lib/b.inc")
    assert lines[at + 3:at + 5] == ["lib/a.inc:1:3: note: in the file included from here",
                                    "prog.s:1:3: note: in the file included from here"]


def test_an_unterminated_if_is_reported_at_the_if(asm):
    only_error(asm, "  nop\n.if 1\n  .if 0\n  .endif\n  nop\n", 2, 1, ".if without .endif")


def test_an_unterminated_macro_is_reported_at_the_macro(asm):
    only_error(asm, "  nop\n.macro m\n  nop\n", 2, 1, ".macro without .endm")


def test_an_unterminated_rept_is_reported_at_the_rept(asm):
    only_error(asm, ".rept 3\n  nop\n", 1, 1, ".rept without .endr")


def test_endif_without_if_is_an_error(asm):
    only_error(asm, "  nop\n  .endif\n", 2, 3, ".endif without .if")


def test_else_after_else_is_an_error(asm):
    only_error(asm, ".if 1\n.else\n.else\n.endif\n", 3, 1, ".else after .else")


def test_an_if_on_an_undefined_symbol_is_an_error(asm):
    only_error(asm, ".if UNDEF\n.endif\n", 1, 1,
               "a condition must be a constant known at this point ('UNDEF' is not defined yet)")


def test_an_error_inside_a_macro_shows_the_line_in_the_body_and_each_invocation(asm):
    source = (".macro inner v\n"
              "  addi a0, a0, \\v\n"
              ".endm\n"
              ".macro outer v\n"
              "  inner \\v\n"
              ".endm\n"
              "  nop\n"
              "  outer 99999\n")
    run = asm(source)
    # The line shown is the body line as expanded.
    lines, at = assert_error(run, "  addi a0, a0, 99999", 2, 16,
                             "addi: immediate 99999 out of range (-32768..32767)")
    assert lines[at + 3:at + 5] == ["prog.s:5:3: note: in the expansion of macro 'inner' invoked here",
                                    "prog.s:8:3: note: in the expansion of macro 'outer' invoked here"]


def test_an_error_inside_rept_names_the_repetition(asm):
    run = asm(".rept 1\n  frob\n.endr\n")
    lines, at = assert_error(run, "  frob", 2, 3, "unknown instruction 'frob'")
    assert lines[at + 3] == "prog.s:1:1: note: in the expansion of rept invoked here"


def test_a_macro_that_invokes_itself_forever_is_stopped_with_an_error(asm):
    run = asm(".macro again\n  again\n.endm\n  again\n")
    lines = failed(run)
    assert lines[0].startswith("prog.s:2:3: error: more than 100 nested expansions")


def test_a_file_that_includes_itself_is_stopped_with_an_error(asm):
    run = asm('  .include "prog.s"\n')
    failed(run)
    assert "nested too deeply" in run.stderr or "nested expansions" in run.stderr


def test_a_syntax_error_is_reported_at_the_bad_token(asm):
    only_error(asm, "  addi a0, a1, 3 +\n", 1, 19, "unexpected end of statement")
    only_error(asm, "  addi a0, a1, ]\n", 1, 16, "unexpected character ']'")


def test_tabs_keep_the_caret_under_the_right_character(asm):
    only_error(asm, "\taddi\ta0,\ta0,\t99999\n", 1, 15, "addi: immediate 99999 out of range (-32768..32767)")


# --- every error of a file in one run --------------------------------------------------

def test_every_error_in_a_file_is_reported_in_one_run(asm):
    source = ("  frob a0\n"                  # 1 unknown instruction
              "  add a0, a1\n"               # 2 operand count
              "  addi a0, a0, 40000\n"       # 3 immediate
              "  j nowhere\n"                # 4 undefined (found in the second pass)
              "x: nop\n"
              "x: nop\n"                     # 6 duplicate
              "  .word 1/0\n"                # 7 division by zero
              "  .include \"gone.inc\"\n"    # 8 missing include
              "  slli a0, a0, 32\n"          # 9 shift amount
              ".if 1\n")                     # 10 unterminated
    run = asm(source)
    lines = failed(run)
    heads = sorted((int(m.group(1)), int(m.group(2)))
                   for m in (re.match(r"prog\.s:(\d+):(\d+): error: ", line) for line in lines) if m)
    assert heads == [(1, 3), (2, 3), (3, 16), (4, 5), (6, 1), (7, 9), (8, 3), (9, 16), (10, 1)]
    assert lines[-1] == "9 errors"


def test_errors_are_reported_through_a_real_subprocess_too(tmp_path):
    (tmp_path / "bad.s").write_text("  nop\n  frob\n  addi a0, a0, 70000\n")
    done = subprocess.run([sys.executable, "-m", "vm.cli", "asm", "bad.s"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "bad.s:2:3: error: unknown instruction 'frob'", "    2 |   frob", caret(3),
        "bad.s:3:16: error: addi: immediate 70000 out of range (-32768..32767)",
        "    3 |   addi a0, a0, 70000", caret(16),
        "2 errors"]
    assert not (tmp_path / "bad.kx").exists()


# --- input that is not assembly ---------------------------------------------------------

def test_binary_garbage_is_rejected_without_a_traceback(asm):
    garbage = random.Random(32).randbytes(4096)
    run = asm(garbage)
    lines = failed(run)
    assert re.fullmatch(r"prog\.s:\d+:1: error: file is not UTF-8 text \(binary data\?\)", lines[0])


def test_an_executable_given_as_source_is_rejected_as_binary(asm):
    assert asm("  nop\n").exit_code == 0
    run = asm(Path("prog.kx").read_bytes())
    lines = failed(run)
    assert "(binary data?)" in lines[0]


def test_nul_bytes_in_otherwise_valid_text_are_rejected(asm):
    run = asm(b"  nop\n  nop\0\n")
    lines = failed(run)
    assert lines[0] == "prog.s:2:1: error: file contains NUL bytes (binary data?)"


def test_printable_garbage_gives_syntax_errors_not_a_crash(asm):
    run = asm("\x01\x02 \u2603\u2603 @@@ ~~~\n}{ ))\n\"unterminated\n%%%%\n")
    lines = failed(run)
    assert [line.split(": error:")[0] for line in lines if ": error:" in line] == \
        ["prog.s:1:1", "prog.s:2:1", "prog.s:3:1", "prog.s:4:1"]


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte(asm):
    run = asm(b"  nop\n# caf\xe9 au lait\n  nop\n")
    lines = failed(run)
    assert lines[0] == "prog.s:2:1: error: file is not UTF-8 text (binary data?)"


def test_an_included_file_that_is_not_utf8_is_named_in_the_error(asm):
    run = asm('  nop\n  .include "latin.inc"\n', files={"latin.inc": b"  nop\n# caf\xe9\n"})
    lines = failed(run)
    assert lines[0] == "latin.inc:2:1: error: file is not UTF-8 text (binary data?)"
    assert "prog.s:2:3: note: in the file included from here" in lines


def test_a_missing_source_file_is_one_clear_error(asm):
    result = CliRunner().invoke(main, ["asm", "absent.s"])
    assert result.exit_code == 1
    assert result.stderr == "absent.s: error: cannot read file: No such file or directory\n1 error\n"


def test_exitm_outside_a_macro_does_not_silently_drop_the_rest_of_the_file(asm):
    run = asm("  nop\n.exitm\n  nop\n  nop\n")
    if run.exit_code == 0:
        assert len(run.words()) == 3
    else:
        assert "prog.s:2:1: error:" in run.stderr and ".exitm" in run.stderr


# --- inputs with nothing to assemble ------------------------------------------------------

@pytest.mark.parametrize("source", ["", "\n\n", "# only a comment\n   # and another\n\n",
                                    "# no newline at the end"],
                         ids=["empty", "blank lines", "comments", "comment without newline"])
def test_a_source_with_nothing_in_it_gives_an_empty_executable(asm, source):
    run = asm(source)
    assert run.exit_code == 0 and run.stderr == ""
    assert run.exe.segments == [] and run.exe.symbols == []
    assert run.exe.entry == 0x1000


# --- sections that hold only zeros, user-raised errors, bad options ----------------------

def test_instructions_and_initialized_data_in_bss_are_errors(asm):
    source = "  .bss\n  nop\n  .byte 1\n  .word 0\n"
    run = asm(source)
    assert_error(run, "  nop", 2, 3, "instructions in .bss")
    assert_error(run, "  .byte 1", 3, 3, "initialized data in .bss (it holds only zeros)")
    assert failed(run)[-1] == "2 errors"


def test_the_error_directive_reports_its_message(asm):
    only_error(asm, '  nop\n  .error "custom failure"\n', 2, 3, "custom failure")


def test_a_bad_define_is_a_usage_error_not_a_traceback(asm):
    for option in ["1X", "X=abc"]:
        run = asm("  nop\n", "-D", option)
        assert run.exit_code == 2 and "Traceback" not in run.stderr
        assert f"Invalid value for -D: '{option}'" in run.stderr


def test_a_misaligned_text_base_is_a_usage_error(asm):
    run = asm("  nop\n", "--text-base", "0x1001")
    assert run.exit_code == 2 and "must be a 4-aligned 32-bit address" in run.stderr


def test_a_label_before_a_conditional_is_defined(asm):
    run = asm("  nop\nlab: .if 1\n  nop\n.endif\n  j lab\n")
    assert run.exit_code == 0, run.stderr
    assert run.symbols["lab"] == 0x1004


def test_a_64_bit_value_counts_as_negative_only_when_it_sign_extends_from_32_bits(asm):
    only_error(asm, "  li a0, 0xfffffffe7fffffff\n", 1, 10,
               "li: value -0x180000001 does not fit in 32 bits")
    only_error(asm, "  li a0, 0x10000000000000000\n", 1, 10,
               "li: value 0x10000000000000000 does not fit in 32 bits")


def test_an_r_type_mnemonic_with_a_register_name_rv32e_lacks_is_not_an_immediate(asm):
    only_error(asm, "  add a0, a1, a7\n", 1, 15, "'a7' is not a register")
    only_error(asm, "  sub a0, a1, 5\n", 1, 15, "expected a register")
    only_error(asm, "  jump 0x2000, 5\n", 1, 16, "expected a register")


def test_jr_with_two_registers_is_an_error_not_a_symbol_offset(asm):
    only_error(asm, "  jr a0, a1\n", 1, 3, "expected 1 operand: jr rs[, imm] or jr imm(rs)")


@pytest.mark.parametrize("line, col, message", [
    (".insn r 0x33, 0, 2, a0, a1, a2", 3, ".insn: r opcode 0x33, funct3 0, funct7 0x2 is no RV32IM instruction"),
    (".insn i 0x13, 0, a0, a1, 5000", 28, ".insn: immediate 5000 out of range (-2048..2047)"),
    (".insn q 1, 2", 9, ".insn: unknown format 'q' (r, i, s, b, u, j)"),
    (".insn 0x01f50533", 3, ".insn: x31 is not a K32 register (x0-x15)"),
    (".insn 0x0001", 3, ".insn: compressed (16-bit) instructions are not K32's"),
    (".insn 2, 0x0001", 9, ".insn: K32 instructions are 4 bytes long"),
    (".insn r 0x34, 0, 0, a0, a1, a2", 17, ".insn: opcode 0x34 is not a 32-bit one (its low two bits must be 11)"),
])
def test_an_insn_that_names_no_k32_instruction_is_an_error(asm, line, col, message):
    only_error(asm, f"  {line}\n", 1, col, message)


def test_a_relocation_operator_k32_lacks_is_named(asm):
    only_error(asm, "  lui a5, %tprel_hi(v)\n", 1, 11,
               "%tprel_hi is not supported (there are %hi, %lo, %pcrel_hi and %pcrel_lo)")
