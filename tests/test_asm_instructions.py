"""The assembler's instructions through `k32 asm`: every real instruction of
the ISA in its syntax, register names, pseudo-instructions and their
expansions, and branch and jump targets.  Expected words are built with
`isa.encode` from field values written out here, never by assembling twice."""

import pytest

import isa
from isa.machine import CSRS

TEXT = 0x1000      # default text base: the first instruction's address

# Register numbers written out, so that a wrong table would show.
ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
       "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5"]
A0, A1, A2, A3, A4, A5 = 10, 11, 12, 13, 14, 15
ZERO, RA, SP, T0, T1, S0, S1 = 0, 1, 2, 5, 6, 8, 9


def word(name, **fields):
    return isa.encode(isa.lookup(name), fields)


def assembled(asm, source, *options):
    run = asm(source, *options)
    assert run.exit_code == 0, run.stderr
    assert run.stderr == "" and run.stdout == ""
    return run


# --- every real instruction ---------------------------------------------------

R_TYPE = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
          "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"]
I_TYPE = ["addi", "slti", "sltiu", "xori", "ori", "andi"]
SHIFTS = ["slli", "srli", "srai"]
LOADS = ["lb", "lh", "lw", "lbu", "lhu"]
STORES = ["sb", "sh", "sw"]
BRANCHES = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]

# (source line, mnemonic, fields) for every instruction that needs no label.
SINGLE = (
    [(f"{n} a0, a1, a2", n, dict(rd=A0, rs1=A1, rs2=A2)) for n in R_TYPE]
    + [(f"{n} t0, s1, -5", n, dict(rd=T0, rs1=S1, imm=-5)) for n in I_TYPE]
    + [(f"{n} a3, a4, 31", n, dict(rd=A3, rs1=A4, imm=31)) for n in SHIFTS]
    + [(f"{n} a0, 8(sp)", n, dict(rd=A0, rs1=SP, imm=8)) for n in LOADS]
    + [(f"{n} ra, -12(fp)", n, dict(rs2=RA, rs1=S0, imm=-12)) for n in STORES]
    + [
        ("addi a5, a4, 32767", "addi", dict(rd=A5, rs1=A4, imm=32767)),
        ("addi a5, a4, -32768", "addi", dict(rd=A5, rs1=A4, imm=-32768)),
        ("lw a0, (a1)", "lw", dict(rd=A0, rs1=A1, imm=0)),
        ("jalr t0, 4(a1)", "jalr", dict(rd=T0, rs1=A1, imm=4)),
        ("lui a0, 0xfffff", "lui", dict(rd=A0, imm=0xFFFFF)),
        ("auipc a1, 0x12345", "auipc", dict(rd=A1, imm=0x12345)),
        ("fence", "fence", dict(imm=0xFF)),
        ("fence rw, rw", "fence", dict(imm=0x33)),
        ("fence i, o", "fence", dict(imm=0x84)),
        ("fence iorw, w", "fence", dict(imm=0xF1)),
        ("syscall", "syscall", {}),
        ("ecall", "syscall", {}),
        ("break", "break", {}),
        ("ebreak", "break", {}),
        ("eret", "eret", {}),
        ("wfi", "wfi", {}),
        ("halt", "halt", {}),
        ("tlbflush", "tlbflush", {}),
        ("csrrw a0, epc, a1", "csrrw", dict(rd=A0, imm=2, rs1=A1)),
        ("csrrs a2, status, a3", "csrrs", dict(rd=A2, imm=0, rs1=A3)),
        ("csrrc zero, status, t1", "csrrc", dict(rd=ZERO, imm=0, rs1=T1)),
        ("csrrs a0, 7, zero", "csrrs", dict(rd=A0, imm=7, rs1=ZERO)),
        ("in a0, 0x3f8", "in", dict(rd=A0, rs1=ZERO, imm=0x3F8)),
        ("in a0, 4(a1)", "in", dict(rd=A0, rs1=A1, imm=4)),
        ("in a0, 0xffff", "in", dict(rd=A0, rs1=ZERO, imm=0xFFFF)),
        ("out a0, 0x3f8", "out", dict(rs2=A0, rs1=ZERO, imm=0x3F8)),
        ("out a2, 7(a3)", "out", dict(rs2=A2, rs1=A3, imm=7)),
        ("ins a0, a1, 0x1f0", "ins", dict(rs1=A0, rs2=A1, imm=0x1F0)),
        ("outs a2, a3, 0x1f0", "outs", dict(rs1=A2, rs2=A3, imm=0x1F0)),
    ]
)


@pytest.mark.parametrize("line, name, fields", SINGLE, ids=[s[0] for s in SINGLE])
def test_each_instruction_assembles_to_its_encoding(asm, line, name, fields):
    run = assembled(asm, f"  {line}\n")
    assert run.words() == [word(name, **fields)]


@pytest.mark.parametrize("name", BRANCHES)
def test_each_branch_encodes_both_registers_and_a_word_offset(asm, name):
    run = assembled(asm, f"back: nop\n  {name} a1, a2, back\n  {name} t0, s0, fwd\n  nop\nfwd: nop\n")
    assert run.words()[1:3] == [word(name, rs1=A1, rs2=A2, imm=-1),
                                word(name, rs1=T0, rs2=S0, imm=2)]


def test_jal_with_a_destination_register_encodes_it(asm):
    run = assembled(asm, "  nop\n  jal t1, there\n  nop\nthere: nop\n")
    assert run.words()[1] == word("jal", rd=T1, imm=2)


def test_every_instruction_of_the_isa_table_is_covered_here():
    covered = {isa.lookup(name).name for _, name, _ in SINGLE} | set(BRANCHES) | {"jal"}
    assert covered == {insn.name for insn in isa.INSTRUCTIONS}


@pytest.mark.parametrize("name, number", [(n, v) for n, v, _ in CSRS])
def test_every_control_register_name_is_accepted_by_csrr_and_csrw(asm, name, number):
    run = assembled(asm, f"  csrr a0, {name}\n  csrw {name}, a1\n")
    assert run.words() == [word("csrrs", rd=A0, imm=number, rs1=ZERO),
                           word("csrrw", rd=ZERO, imm=number, rs1=A1)]


def test_csrs_and_csrc_set_and_clear_bits_without_a_destination(asm):
    run = assembled(asm, "  csrs status, a0\n  csrc status, a1\n")
    assert run.words() == [word("csrrs", rd=ZERO, imm=0, rs1=A0),
                           word("csrrc", rd=ZERO, imm=0, rs1=A1)]


def test_in_and_out_take_a_named_port_constant(asm):
    run = assembled(asm, ".equ UART, 0x3F8\n  in a0, UART\n  out a0, UART + 1\n  in a1, UART(a2)\n")
    assert run.words() == [word("in", rd=A0, rs1=ZERO, imm=0x3F8),
                           word("out", rs2=A0, rs1=ZERO, imm=0x3F9),
                           word("in", rd=A1, rs1=A2, imm=0x3F8)]


# --- register names ---------------------------------------------------------

@pytest.mark.parametrize("number", range(16))
def test_x_names_and_abi_names_mean_the_same_register(asm, number):
    run = assembled(asm, f"  add x{number}, {ABI[number]}, x{number}\n")
    assert run.words() == [word("add", rd=number, rs1=number, rs2=number)]


def test_fp_is_another_name_for_s0(asm):
    run = assembled(asm, "  addi fp, fp, 16\n  sw ra, 4(fp)\n")
    assert run.words() == [word("addi", rd=S0, rs1=S0, imm=16),
                           word("sw", rs2=RA, rs1=S0, imm=4)]


def test_mnemonics_are_accepted_in_upper_case(asm):
    run = assembled(asm, "  ADDI a0, a1, 1\n  Nop\n")
    assert run.words() == [word("addi", rd=A0, rs1=A1, imm=1), word("addi")]


# --- li: the shortest expansion ---------------------------------------------

def lui_addi(rd, value):
    """The two words of `li rd, value` for a value that needs both."""
    hi = ((value + 0x800) >> 12) & 0xFFFFF
    lo = ((value & 0xFFF) ^ 0x800) - 0x800
    return [word("lui", rd=rd, imm=hi), word("addi", rd=rd, rs1=rd, imm=lo)]


LI = [
    ("0", [word("addi", rd=A0, rs1=ZERO, imm=0)]),
    ("32767", [word("addi", rd=A0, rs1=ZERO, imm=32767)]),
    ("-32768", [word("addi", rd=A0, rs1=ZERO, imm=-32768)]),
    ("-1", [word("addi", rd=A0, rs1=ZERO, imm=-1)]),
    # 0xFFFFFFFF is -1 as a 32-bit value: one addi is the shortest.
    ("0xFFFFFFFF", [word("addi", rd=A0, rs1=ZERO, imm=-1)]),
    ("0xFFFF8000", [word("addi", rd=A0, rs1=ZERO, imm=-32768)]),
    ("32768", [word("lui", rd=A0, imm=0x8)]),
    ("0x12345000", [word("lui", rd=A0, imm=0x12345)]),
    ("-2147483648", [word("lui", rd=A0, imm=0x80000)]),
    ("0x80000000", [word("lui", rd=A0, imm=0x80000)]),
    ("1 << 20", [word("lui", rd=A0, imm=0x100)]),
    ("0x12345678", [word("lui", rd=A0, imm=0x12345), word("addi", rd=A0, rs1=A0, imm=0x678)]),
    # bit 11 set: the upper part rounds up and the lower part is negative
    ("0x12345800", [word("lui", rd=A0, imm=0x12346), word("addi", rd=A0, rs1=A0, imm=-2048)]),
    ("0x7FFFFFFF", [word("lui", rd=A0, imm=0x80000), word("addi", rd=A0, rs1=A0, imm=-1)]),
    ("-32769", [word("lui", rd=A0, imm=0xFFFF8), word("addi", rd=A0, rs1=A0, imm=-1)]),
    ("0xFFFF", [word("lui", rd=A0, imm=0x10), word("addi", rd=A0, rs1=A0, imm=-1)]),
    ("0xDEADBEEF", lui_addi(A0, 0xDEADBEEF)),
    ("'A'", [word("addi", rd=A0, rs1=ZERO, imm=65)]),
]


@pytest.mark.parametrize("value, words", LI, ids=[v for v, _ in LI])
def test_li_picks_the_shortest_expansion(asm, value, words):
    run = assembled(asm, f"  li a0, {value}\n")
    assert run.words() == words


def test_li_of_an_earlier_constant_is_as_short_as_the_number(asm):
    run = assembled(asm, "SMALL = 100\n.equ BIG, 0x10000\n  li a0, SMALL\n  li a1, BIG\n")
    assert run.words() == [word("addi", rd=A0, rs1=ZERO, imm=100), word("lui", rd=A1, imm=0x10)]


def test_li_of_a_forward_reference_takes_two_words_even_when_small(asm):
    run = assembled(asm, "  li a0, LATER\n  li a1, BIGGER\n  nop\nLATER = 5\nBIGGER = 0x12345800\n")
    assert run.words() == ([word("lui", rd=A0, imm=0), word("addi", rd=A0, rs1=A0, imm=5)]
                           + lui_addi(A1, 0x12345800) + [word("addi")])


def test_li_of_a_label_loads_its_address(asm):
    run = assembled(asm, "  li a2, here\n  nop\nhere: nop\n")
    assert run.words()[:2] == lui_addi(A2, TEXT + 12)


# --- la, lla, global loads and stores ------------------------------------------------

def test_la_and_lla_load_an_address_with_lui_and_addi(asm):
    # msg lands at 0x2804: bit 11 is set, so %hi rounds up and %lo is negative.
    run = assembled(asm, "  la a0, msg\n  lla a1, msg\n  .data\n  .space 0x804\nmsg: .word 7\n")
    assert run.symbols["msg"] == 0x2804
    assert run.words() == [word("lui", rd=A0, imm=3), word("addi", rd=A0, rs1=A0, imm=-2044),
                           word("lui", rd=A1, imm=3), word("addi", rd=A1, rs1=A1, imm=-2044)]


def test_a_load_from_a_symbol_expands_to_lui_and_the_load(asm):
    run = assembled(asm, "  lw a0, value\n  lbu a1, value + 1\n  .data\nvalue: .word 1\n")
    assert run.words() == [word("lui", rd=A0, imm=2), word("lw", rd=A0, rs1=A0, imm=0),
                           word("lui", rd=A1, imm=2), word("lbu", rd=A1, rs1=A1, imm=1)]


def test_a_store_to_a_symbol_uses_the_named_temporary(asm):
    run = assembled(asm, "  sw a0, value, t0\n  .data\n  .space 16\nvalue: .word 1\n")
    assert run.words() == [word("lui", rd=T0, imm=2), word("sw", rs2=A0, rs1=T0, imm=16)]


# --- calls, jumps and returns ----------------------------------------------------

def test_call_tail_j_and_jal_label_jump_to_the_label(asm):
    source = ("f:  nop\n"            # 0x1000
              "  call f\n"           # 0x1004: -1 word
              "  tail f\n"           # 0x1008: -2
              "  jal f\n"            # 0x100c: -3
              "  j g\n"              # 0x1010: +3
              "  call t0, g\n"       # 0x1014: +2
              "  nop\n"
              "g:  nop\n")           # 0x101c
    run = assembled(asm, source)
    assert run.words()[1:6] == [word("jal", rd=RA, imm=-1), word("jal", rd=ZERO, imm=-2),
                                word("jal", rd=RA, imm=-3), word("jal", rd=ZERO, imm=3),
                                word("jal", rd=T0, imm=2)]


def test_jalr_jr_and_ret_forms(asm):
    run = assembled(asm, "  jalr a0\n  jalr t0, a1\n  jalr t1, a2, 8\n  jalr a3, -4(a4)\n"
                         "  jr a5\n  ret\n")
    assert run.words() == [word("jalr", rd=RA, rs1=A0, imm=0),
                           word("jalr", rd=T0, rs1=A1, imm=0),
                           word("jalr", rd=T1, rs1=A2, imm=8),
                           word("jalr", rd=A3, rs1=A4, imm=-4),
                           word("jalr", rd=ZERO, rs1=A5, imm=0),
                           word("jalr", rd=ZERO, rs1=RA, imm=0)]


# --- one-word register pseudo-instructions -----------------------------------------

PSEUDO = [
    ("nop", word("addi", rd=ZERO, rs1=ZERO, imm=0)),
    ("mv a0, a1", word("addi", rd=A0, rs1=A1, imm=0)),
    ("not a0, a1", word("xori", rd=A0, rs1=A1, imm=-1)),
    ("neg a0, a1", word("sub", rd=A0, rs1=ZERO, rs2=A1)),
    ("seqz a0, a1", word("sltiu", rd=A0, rs1=A1, imm=1)),
    ("snez a0, a1", word("sltu", rd=A0, rs1=ZERO, rs2=A1)),
    ("sltz a0, a1", word("slt", rd=A0, rs1=A1, rs2=ZERO)),
    ("sgtz a0, a1", word("slt", rd=A0, rs1=ZERO, rs2=A1)),
]


@pytest.mark.parametrize("line, expected", PSEUDO, ids=[p[0] for p in PSEUDO])
def test_register_pseudo_instruction_expands_to_one_word(asm, line, expected):
    assert assembled(asm, f"  {line}\n").words() == [expected]


def test_nop_is_the_all_zero_addi_word(asm):
    assert assembled(asm, "  nop\n").words() == [0x00000013]


# Branch pseudo-instructions: the target `top` is at 0x1000 and the branch at
# 0x1004, so every offset is -1 word.  Comparisons with zero use x0 on the
# side that gives the meaning; bgt/ble/bgtu/bleu swap their operands.
BRANCH_PSEUDO = [
    ("beqz a0, top", "beq", A0, ZERO),
    ("bnez a0, top", "bne", A0, ZERO),
    ("blez a0, top", "bge", ZERO, A0),
    ("bgez a0, top", "bge", A0, ZERO),
    ("bltz a0, top", "blt", A0, ZERO),
    ("bgtz a0, top", "blt", ZERO, A0),
    ("bgt a0, a1, top", "blt", A1, A0),
    ("ble a0, a1, top", "bge", A1, A0),
    ("bgtu a0, a1, top", "bltu", A1, A0),
    ("bleu a0, a1, top", "bgeu", A1, A0),
]


@pytest.mark.parametrize("line, real, rs1, rs2", BRANCH_PSEUDO, ids=[b[0] for b in BRANCH_PSEUDO])
def test_branch_pseudo_instruction_expands_with_the_right_operand_order(asm, line, real, rs1, rs2):
    run = assembled(asm, f"top: nop\n  {line}\n")
    assert run.words() == [word("addi"), word(real, rs1=rs1, rs2=rs2, imm=-1)]


# --- branch and jump targets -----------------------------------------------------

def test_branch_offsets_count_words_from_the_branch_itself(asm):
    source = ("back: nop\n"              # 0x1000
              "  nop\n"                  # 0x1004
              "  beq a0, a1, back\n"     # 0x1008: -2 words
              "  bne a0, a1, fwd\n"      # 0x100c: +3 words
              "  beq a0, a1, .\n"        # 0x1010: 0, a branch to itself
              "  nop\n"
              "fwd: j back\n")           # 0x1018: -6 words
    run = assembled(asm, source)
    assert run.words()[2:5] == [word("beq", rs1=A0, rs2=A1, imm=-2),
                                word("bne", rs1=A0, rs2=A1, imm=3),
                                word("beq", rs1=A0, rs2=A1, imm=0)]
    assert run.words()[6] == word("jal", rd=ZERO, imm=-6)


def test_branches_and_jumps_reach_exactly_their_documented_limits(asm):
    source = ("  j 0x1000 + 4*524287\n"              # 0x1000: furthest forward jump
              "  j 0x1004 - 4*524288\n"              # 0x1004: furthest backward jump
              "  beq a0, a1, 0x1008 + 4*32767\n"     # 0x1008: furthest forward branch
              "  beq a0, a1, 0x100c - 4*32768\n")    # 0x100c: furthest backward branch
    run = assembled(asm, source)
    assert run.words() == [word("jal", rd=ZERO, imm=524287), word("jal", rd=ZERO, imm=-524288),
                           word("beq", rs1=A0, rs2=A1, imm=32767),
                           word("beq", rs1=A0, rs2=A1, imm=-32768)]


def test_numeric_local_labels_can_be_redefined_and_refer_to_the_nearest(asm):
    source = ("1:  nop\n"            # 0x1000  first 1
              "  j 1b\n"             # 0x1004  -> 0x1000
              "  j 1f\n"             # 0x1008  -> 0x100c
              "1:  nop\n"            # 0x100c  second 1
              "  beqz a0, 1b\n"      # 0x1010  -> 0x100c
              "1:  j 1b\n"           # 0x1014  third 1, refers to itself
              "  bnez a0, 2f\n"      # 0x1018  -> 0x1020
              "1:  nop\n"            # 0x101c  fourth 1
              "2:  j 1b\n")          # 0x1020  -> 0x101c
    run = assembled(asm, source)
    assert run.words() == [word("addi"), word("jal", rd=ZERO, imm=-1), word("jal", rd=ZERO, imm=1),
                           word("addi"), word("beq", rs1=A0, rs2=ZERO, imm=-1),
                           word("jal", rd=ZERO, imm=0), word("bne", rs1=A0, rs2=ZERO, imm=2),
                           word("addi"), word("jal", rd=ZERO, imm=-1)]
    assert run.symbols == {}


def test_dot_l_labels_work_but_stay_out_of_the_symbol_table(asm):
    run = assembled(asm, "main:\n.Lloop: addi a0, a0, -1\n  bnez a0, .Lloop\n  j .Ldone\n.Ldone: ret\n")
    assert run.words()[1:3] == [word("bne", rs1=A0, rs2=ZERO, imm=-1), word("jal", rd=ZERO, imm=1)]
    assert run.symbols == {"main": TEXT}


def test_a_label_may_share_its_line_with_a_statement_and_semicolons_separate(asm):
    run = assembled(asm, "a: nop; b: addi a0, a0, 1 ; c: d: nop  # the end\n")
    assert run.words() == [word("addi"), word("addi", rd=A0, rs1=A0, imm=1), word("addi")]
    assert run.symbols == {"a": TEXT, "b": TEXT + 4, "c": TEXT + 8, "d": TEXT + 8}


def test_the_text_base_option_moves_code_and_branch_offsets_stay_relative(asm):
    run = assembled(asm, "_start: nop\n  j _start\n", "--text-base", "0x80000")
    assert run.exe.entry == 0x80000
    assert run.words(0x80000) == [word("addi"), word("jal", rd=ZERO, imm=-1)]


def test_unimp_is_the_all_zero_word_which_no_instruction_has(asm):
    import isa
    r = asm("  unimp\n  ret\n")
    assert r.exit_code == 0, r.stderr
    assert r.words()[0] == 0
    assert isa.decode(0) is None


def test_the_counter_pseudo_instructions_read_instret(asm):
    r = asm("  rdinstret a0\n  rdcycle a1\n  rdtime a2\n  rdinstreth a3\n  rdcycleh a4\n  rdtimeh a5\n"
            "  csrr a0, instret\n  csrr a1, cycle\n  csrr a2, time\n"
            "  csrr a3, instreth\n  csrr a4, cycleh\n  csrr a5, timeh\n")
    assert r.exit_code == 0, r.stderr
    words = r.words()
    assert words[:6] == words[6:]


def test_fence_tso_is_the_stronger_fence_rw_rw(asm):
    r = asm("  fence.tso\n  fence rw, rw\n")
    assert r.exit_code == 0, r.stderr
    assert r.words()[0] == r.words()[1]
