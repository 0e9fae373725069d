"""The disassembler: one word at a time, aliases, symbols, listings and
`k32 disasm` as a user runs it."""

import re

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from assembler.disasm import (SymbolMap, disassemble_range, format_word,
                              listing)
from isa import BY_NAME, INSTRUCTIONS, decode, encode
from isa import kx
from vm.cli import main

AT = 0x1000


def word(name, **fields):
    return encode(BY_NAME[name], fields)


def text(name, address=AT, aliases=True, **fields):
    return format_word(word(name, **fields), address, aliases=aliases)[0]


def words_bytes(*ws):
    return b"".join(w.to_bytes(4, "little") for w in ws)


# --- every instruction, operands in the order its syntax says ---------------

# One sample value per operand kind, and how it must be printed.  Registers
# are distinct so that a swapped field shows.
SAMPLE_FIELDS = {"rd": 10, "rs1": 11, "rs2": 12}
SAMPLE_IMMEDIATES = {            # kind: (field value, printed text)
    "imm": (-7, "-7"),
    "shamt": (13, "13"),
    "uimm": (0x3F8, "0x3f8"),
    "imm20": (0xABCDE, "0xabcde"),
    "csr": (2, "epc"),
    "boff": (-3, hex(AT - 12)),
    "joff": (5, hex(AT + 20)),
    "fence": (0xC3, None),       # pred io, succ rw
}
SAMPLE_TEXT = {"rd": "a0", "rs1": "a1", "rs2": "a2", "pred": "io", "succ": "rw"}


def sample(insn):
    """(word, expected raw text) built from the instruction's syntax."""
    values, printed = {}, dict(SAMPLE_TEXT)
    for op in insn.operands:
        if op.shape == "reg":
            values[op.kind] = SAMPLE_FIELDS[op.kind]
        else:
            if op.shape == "mem":
                values[op.base] = SAMPLE_FIELDS[op.base]
            kind = "fence" if op.kind in ("pred", "succ") else op.kind
            values["imm"], shown = SAMPLE_IMMEDIATES[kind]
            if shown is not None:
                printed[op.kind] = shown
    operands = re.sub(r"[a-z0-9]+", lambda m: printed[m.group(0)], insn.syntax)
    expected = f"{insn.name} {operands}" if operands else insn.name
    return encode(insn, values), expected


@pytest.mark.parametrize("insn", INSTRUCTIONS, ids=lambda i: i.name)
def test_every_instruction_prints_its_operands_in_syntax_order(insn):
    w, expected = sample(insn)
    assert decode(w) is not None, "the sample word must be valid"
    assert format_word(w, AT, aliases=False) == (expected, "")


@pytest.mark.parametrize("fields, expected", [
    (dict(name="addi", rd=10, rs1=0, imm=5), "addi a0, zero, 5"),
    (dict(name="addi", rd=10, rs1=11, imm=-32768), "addi a0, a1, -32768"),
    (dict(name="lw", rd=10, rs1=2, imm=8), "lw a0, 8(sp)"),
    (dict(name="sw", rs2=1, rs1=2, imm=-4), "sw ra, -4(sp)"),
    (dict(name="beq", rs1=10, rs2=11, imm=4), "beq a0, a1, 0x1010"),
    (dict(name="jal", rd=1, imm=0x10), "jal ra, 0x1040"),
    (dict(name="jalr", rd=1, rs1=10, imm=0), "jalr ra, 0(a0)"),
    (dict(name="csrrw", rd=0, rs1=10, imm=2), "csrrw zero, epc, a0"),
    (dict(name="csrrs", rd=10, rs1=0, imm=0x123), "csrrs a0, 0x123, zero"),
    (dict(name="in", rd=10, rs1=0, imm=0x3F8), "in a0, 0x3f8(zero)"),
    (dict(name="out", rs2=10, rs1=0, imm=0x3F8), "out a0, 0x3f8(zero)"),
    (dict(name="ins", rs1=10, rs2=11, imm=0x1F0), "ins a0, a1, 0x1f0"),
    (dict(name="lui", rd=10, imm=0x12345), "lui a0, 0x12345"),
    (dict(name="auipc", rd=2, imm=0xFFFFF), "auipc sp, 0xfffff"),
    (dict(name="slli", rd=10, rs1=10, imm=31), "slli a0, a0, 31"),
    (dict(name="fence", imm=0xFF), "fence iorw, iorw"),
    (dict(name="fence", imm=0x81), "fence i, w"),
    (dict(name="fence", imm=0xF0), "fence iorw, 0"),
    (dict(name="syscall"), "syscall"),
    (dict(name="break"), "break"),
    (dict(name="eret"), "eret"),
])
def test_instruction_reads_as_written_by_hand(fields, expected):
    assert text(aliases=False, **fields) == expected


def test_branch_backwards_gives_an_absolute_target():
    assert text("bne", address=0x2000, rs1=5, rs2=0, imm=-1, aliases=False) == "bne t0, zero, 0x1ffc"


def test_branch_target_wraps_around_the_address_space():
    assert text("jal", address=0, rd=1, imm=-1) == "jal ra, 0xfffffffc"


# --- words that are not instructions -----------------------------------------

@pytest.mark.parametrize("w", [
    0x00000000,                                           # opcode 0
    0x000000FF,                                           # opcode 0xFF
    0x00000031,                                           # unused opcode
    word("add", rd=1, rs1=2, rs2=3) | 1 << 20,            # reserved R bits
    word("syscall") | 1 << 8,                             # reserved N bits
    word("fence", imm=0xFF) | 1 << 8,                     # fence with rd set
    (word("slli", rd=1, rs1=1) | 40 << 16),               # shift by 40
    word("srai", rd=1, rs1=1, imm=-1),                    # negative shift
], ids=lambda w: f"{w:08x}")
def test_invalid_word_is_shown_as_data(w):
    assert format_word(w, AT) == (f".word 0x{w:08x}", "")


@given(st.integers(0, 0xFFFFFFFF), st.integers(0, 0xFFFFFFFF))
def test_any_word_at_any_address_formats_without_error(w, address):
    shown, comment = format_word(w, address, {0: "zero_page"})
    mnemonic = shown.split()[0]
    if decode(w) is None:
        assert shown == f".word 0x{w:08x}"
    else:
        assert mnemonic in BY_NAME or mnemonic in ("nop", "li", "mv", "ret", "j", "jr", ".word")
    assert comment in ("",) or comment.startswith("<zero_page")


# --- aliases -------------------------------------------------------------------

ALIAS_CASES = [  # (word, with aliases, raw)
    (word("addi"), "nop", "addi zero, zero, 0"),
    (word("addi", rd=10, imm=-5), "li a0, -5", "addi a0, zero, -5"),
    (word("addi", rd=10, imm=32767), "li a0, 32767", "addi a0, zero, 32767"),
    (word("addi", rd=10), "li a0, 0", "addi a0, zero, 0"),
    (word("addi", rd=10, rs1=11), "mv a0, a1", "addi a0, a1, 0"),
    (word("jalr", rs1=1), "ret", "jalr zero, 0(ra)"),
    (word("jalr", rs1=5), "jr t0", "jalr zero, 0(t0)"),
    (word("jal", imm=-4), "j 0xff0", "jal zero, 0xff0"),
]


@pytest.mark.parametrize("w, alias, raw", ALIAS_CASES, ids=[c[1] for c in ALIAS_CASES])
def test_alias_is_shown_by_default_and_raw_form_on_request(w, alias, raw):
    assert format_word(w, AT)[0] == alias
    assert format_word(w, AT, aliases=False)[0] == raw


@pytest.mark.parametrize("fields, expected", [
    (dict(name="addi", rd=10, rs1=11, imm=1), "addi a0, a1, 1"),
    (dict(name="jalr", rd=1, rs1=10), "jalr ra, 0(a0)"),
    (dict(name="jalr", rs1=1, imm=4), "jalr zero, 4(ra)"),
    (dict(name="jal", rd=1, imm=2), "jal ra, 0x1008"),
    (dict(name="ori", rd=10, rs1=0, imm=5), "ori a0, zero, 5"),
])
def test_near_misses_of_an_alias_keep_their_own_name(fields, expected):
    assert text(**fields) == expected


# --- symbols on branch targets -------------------------------------------------

SYMBOLS = [kx.Symbol("start", 0x1000, is_global=True),
           kx.Symbol("start_local", 0x1000),
           kx.Symbol("loop", 0x1010),
           kx.Symbol("SIZE", 0x1020, is_absolute=True)]


def test_branch_target_at_a_symbol_is_shown_as_its_name():
    w = word("beq", rs1=10, rs2=11, imm=4)
    assert format_word(w, AT, SYMBOLS) == ("beq a0, a1, loop", "")


def test_jump_target_at_a_symbol_is_shown_as_its_name():
    assert format_word(word("jal", rd=1, imm=4), AT, SYMBOLS) == ("jal ra, loop", "")
    assert format_word(word("jal", rd=1, imm=4), AT, SYMBOLS, aliases=False) == ("jal ra, loop", "")


def test_branch_target_past_a_symbol_is_shown_as_an_offset_from_it():
    w = word("bne", rs1=10, imm=5)
    assert format_word(w, AT, SYMBOLS) == ("bne a0, zero, 0x1014", "<loop+0x4>")


def test_global_symbol_is_preferred_at_the_same_address():
    assert format_word(word("jal", imm=0), AT, SYMBOLS) == ("j start", "")
    assert format_word(word("bne", rs1=10, imm=1), AT + 4, SYMBOLS) == ("bne a0, zero, 0x1008",
                                                                      "<start+0x8>")


def test_absolute_constants_never_name_a_target():
    assert format_word(word("jal", rd=1, imm=8), AT, SYMBOLS) == ("jal ra, 0x1020", "<loop+0x10>")


def test_target_before_every_symbol_has_no_comment():
    assert format_word(word("jal", rd=1, imm=-1), AT, SYMBOLS)[1] == ""


def test_plain_dict_of_addresses_names_targets():
    assert format_word(word("jal", rd=1, imm=1), AT, {0x1004: "f"}) == ("jal ra, f", "")
    assert format_word(word("jal", rd=1, imm=2), AT, {0x1004: "f"}) == ("jal ra, 0x1008", "<f+0x4>")


def test_only_branches_and_jumps_get_a_comment():
    assert format_word(word("lui", rd=10, imm=0x1), AT, {0x1000: "here"})[1] == ""
    assert format_word(word("addi", rd=10, imm=0x1000), AT, {0x1000: "here"})[1] == ""


def test_symbol_map_lists_labels_in_a_range():
    names = SymbolMap.from_symbols(SYMBOLS)
    assert names.between(0x1000, 0x1011) == [(0x1000, "start"), (0x1000, "start_local"),
                                             (0x1010, "loop")]


# --- ranges ---------------------------------------------------------------------

def test_range_steps_by_word_and_shows_trailing_bytes():
    data = words_bytes(word("addi", rd=10, imm=5), word("jal", imm=-1)) + b"\xaa\xbb"
    assert list(disassemble_range(data, 0x400, {0x400: "f"})) == [
        (0x400, 0x00050A13, "li a0, 5", ""),
        (0x404, 0xFFFFF02A, "j f", ""),
        (0x408, None, ".byte 0xaa, 0xbb", ""),
    ]


# --- the listing -----------------------------------------------------------------

def sample_executable():
    code = words_bytes(
        word("addi", rd=10, imm=5),                 # 1000 _start
        word("jal", rd=1, imm=2),                   # 1004 -> 100c
        word("jal", imm=0),                         # 1008 j .
        word("in", rd=10, imm=0x3F8),               # 100c puthex
        word("bne", rs1=10, rs2=0, imm=-1),         # 1010 -> 100c
        word("jalr", rs1=1),                        # 1014 ret
        0xDEADBEEF,                                 # 1018 not an instruction
    )
    data = b"hi!\0" + b"\x01\x02"
    return kx.Executable(
        entry=0x1000,
        segments=[kx.Segment(0x1000, code, len(code), kx.SEG_R | kx.SEG_X),
                  kx.Segment(0x2000, data, 0x100, kx.SEG_R | kx.SEG_W)],
        symbols=[kx.Symbol("_start", 0x1000, is_global=True),
                 kx.Symbol("puthex", 0x100C),
                 kx.Symbol("UART", 0x3F8, is_absolute=True),
                 kx.Symbol("msg", 0x2000),
                 kx.Symbol("tail", 0x2005)])


EXPECTED_TEXT = """\
segment 0x00001000-0x0000101c r-x

00001000 <_start>:
    1000:  00050a13  li a0, 5
    1004:  0000212a  jal ra, puthex
    1008:  0000002a  j 0x1008                  <_start+0x8>

0000100c <puthex>:
    100c:  03f80a47  in a0, 0x3f8(zero)
    1010:  ffff0a25  bne a0, zero, puthex
    1014:  0000102b  ret
    1018:  deadbeef  .word 0xdeadbeef
"""

EXPECTED_SYMBOLS = """\
SYMBOL TABLE:
000003f8 l abs   UART
00001000 g label _start
0000100c l label puthex
00002000 l label msg
00002005 l label tail

"""

EXPECTED_DATA = """
segment 0x00002000-0x00002100 rw-

00002000 <msg>:
    2000:  00216968  .word 0x00216968

00002005 <tail>:
    2004:  0102      .byte 0x01, 0x02
"""


def test_listing_shows_executable_segments_with_labels_and_targets():
    assert listing(sample_executable()) == EXPECTED_TEXT


def test_listing_with_symbols_starts_with_the_symbol_table():
    assert listing(sample_executable(), symbols=True) == EXPECTED_SYMBOLS + EXPECTED_TEXT


def test_listing_of_all_segments_stops_where_the_bss_starts():
    assert listing(sample_executable(), all_segments=True) == EXPECTED_TEXT + EXPECTED_DATA


def test_listing_without_executable_segments_says_so():
    exe = kx.Executable(0, [kx.Segment(0, b"\0" * 4, 4, kx.SEG_R)])
    assert listing(exe) == "(no executable segments)\n"


# --- k32 disasm -------------------------------------------------------------------

def run_disasm(*args):
    return CliRunner().invoke(main, ["disasm", *map(str, args)])


@pytest.fixture
def kx_file(tmp_path):
    path = tmp_path / "prog.kx"
    path.write_bytes(kx.write(sample_executable()))
    return path


def test_k32_disasm_prints_the_listing(kx_file):
    result = run_disasm(kx_file)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_TEXT


def test_k32_disasm_options_add_symbols_and_data(kx_file):
    result = run_disasm("-t", "-a", kx_file)
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_SYMBOLS + EXPECTED_TEXT + EXPECTED_DATA


def test_k32_disasm_rejects_a_corrupted_file_with_a_message(kx_file):
    blob = bytearray(kx_file.read_bytes())
    blob[60] ^= 0x40                       # inside the code
    kx_file.write_bytes(bytes(blob))
    result = run_disasm(kx_file)
    assert result.exit_code != 0
    assert result.stderr.startswith(f"k32: {kx_file}: ")
    assert "CRC" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_k32_disasm_reports_a_missing_file(tmp_path):
    result = run_disasm(tmp_path / "nothing.kx")
    assert result.exit_code != 0
    assert "nothing.kx" in result.stderr and "No such file" in result.stderr
    assert "Traceback" not in result.output


# --- what is printed re-assembles to the same words ------------------------------

def reassembly_samples():
    ws = [sample(insn)[0] for insn in INSTRUCTIONS]
    ws += [c[0] for c in ALIAS_CASES]
    ws += [word("addi", rd=15, rs1=15, imm=-32768), word("addi", rd=1, imm=32767),
           # Backward targets stay above 0 so that no address wraps around.
           word("beq", imm=-0x400), word("bgeu", rs1=1, rs2=2, imm=0x7FFF),
           word("jal", rd=1, imm=-0x400), word("jal", imm=0x7FFFF),
           word("csrrc", rd=3, rs1=4, imm=0xFFFF), word("out", rs2=3, rs1=4, imm=0xFFFF),
           word("fence", imm=0x12), word("sb", rs2=15, rs1=0, imm=32767)]
    return ws


def test_every_printed_form_reassembles_to_the_same_word(tmp_path):
    ws = reassembly_samples()
    lines = []
    for aliases in (True, False):
        for i, w in enumerate(ws):
            address = AT + 4 * (i + len(ws) * (not aliases))
            lines.append(format_word(w, address, aliases=aliases)[0])
    assert not any(line.startswith(".word") for line in lines)
    source = tmp_path / "all.s"
    source.write_text("    " + "\n    ".join(lines) + "\n")
    result = CliRunner().invoke(main, ["asm", str(source), "-o", str(tmp_path / "all.kx")])
    assert result.exit_code == 0, result.output
    exe = kx.load(tmp_path / "all.kx")
    code = next(s for s in exe.segments if s.address == AT)
    assert code.data[:8 * len(ws)] == words_bytes(*ws, *ws)
