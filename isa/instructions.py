"""The K32 instruction set, one row per instruction: the single definition.

Everything else -- the assembler, the disassembler, the interpreter's opcode
constants, the ISA reference and the assembly include files -- is derived
from the rows below.  `isa.table` checks them when it loads.

Every instruction is one little-endian 32-bit word.  The opcode is always
the low byte, and registers live in three fixed 4-bit slots -- A (bits
11:8), B (15:12) and C (19:16) -- so a decoder can pull all three out before
it looks at the opcode; which register a slot holds depends on the format:

    bits  31            20 19  16 15  12 11   8 7       0
    R     |  0 (12 bits)  |  rs2 |  rs1 |  rd  | opcode |
    I     |     imm16 (signed)   |  rs1 |  rd  | opcode |
    S     |     imm16 (signed)   |  rs1 |  rs2 | opcode |   stores: value in A
    B     |  off16 (signed words)|  rs2 |  rs1 | opcode |
    P     |  port16 (unsigned)   |  rs2 |  rs1 | opcode |   block port I/O
    U     |        imm20                |  rd  | opcode |
    J     |   off20 (signed words)      |  rd  | opcode |
    N     |              0                     | opcode |

A field no operand fills must be zero; a word that breaks that rule, or
whose opcode is not in the table, or whose shift amount or fence set is out
of range, is an illegal instruction.  Branch and jump offsets count words
(4 bytes) from the address of the branch or jump itself, so a branch
reaches +-128 KiB and a jump +-2 MiB.

The block forms `ins`/`outs` advance rs1 and count rs2 down as they go,
like x86 `rep insd`: a trap in the middle leaves the registers saying how
far the transfer got, so the handler can fix the fault and `eret` to the
same instruction to finish it.  One execution moves at most 128 words (a
sector); a longer transfer re-executes itself, so it counts as several
instructions and can be interrupted.  `docs/isa.md` has the full reference.

Operand kinds (the `operands` column spells the assembly syntax):

    rd rs1 rs2   a register                  imm      signed 16-bit immediate
    shamt        0..31                       uimm     unsigned 16-bit (ports)
    imm20        0..0xFFFFF (upper 20 bits)  csr      control register, name or number
    boff         branch target (address)     joff     jump target (address)
    pred succ    fence sets (letters i, o, r, w = 8, 4, 2, 1); kind "fence"
"""

# Format name -> field layout: (field, low bit, width, signed)
FORMATS = {
    "R": (("rd", 8, 4, False), ("rs1", 12, 4, False), ("rs2", 16, 4, False), ("zero", 20, 12, False)),
    "I": (("rd", 8, 4, False), ("rs1", 12, 4, False), ("imm", 16, 16, True)),
    "S": (("rs2", 8, 4, False), ("rs1", 12, 4, False), ("imm", 16, 16, True)),
    "B": (("rs1", 8, 4, False), ("rs2", 12, 4, False), ("imm", 16, 16, True)),
    "U": (("rd", 8, 4, False), ("imm", 12, 20, False)),
    "J": (("rd", 8, 4, False), ("imm", 12, 20, True)),
    "N": (("zero", 8, 24, False),),
    "P": (("rs1", 8, 4, False), ("rs2", 12, 4, False), ("imm", 16, 16, False)),
}

# Immediate operand kind -> (lowest, highest) value it may hold.  All fill
# the `imm` field; `boff`/`joff` are written as target addresses and stored
# as word offsets; uimm and csr are stored as 16-bit patterns.
IMMEDIATE_KINDS = {
    "imm": (-(1 << 15), (1 << 15) - 1),
    "uimm": (0, (1 << 16) - 1),
    "shamt": (0, 31),
    "imm20": (0, (1 << 20) - 1),
    "csr": (0, (1 << 16) - 1),
    "boff": (-(1 << 15), (1 << 15) - 1),
    "joff": (-(1 << 19), (1 << 19) - 1),
    "fence": (0, 0xFF),
}

# Columns: mnemonic, opcode, format, operands, privileged, meaning.
# `x` = rs1 and `y` = rs2 read as signed, `u`-suffixed compares are unsigned,
# M[a] is memory, sext/zext extend to 32 bits.
INSTRUCTIONS = [
    # --- RV32I register-register -----------------------------------------
    ("add",    0x01, "R", "rd, rs1, rs2", False, "rd = rs1 + rs2"),
    ("sub",    0x02, "R", "rd, rs1, rs2", False, "rd = rs1 - rs2"),
    ("sll",    0x03, "R", "rd, rs1, rs2", False, "rd = rs1 << (rs2 & 31)"),
    ("slt",    0x04, "R", "rd, rs1, rs2", False, "rd = (signed rs1 < signed rs2) ? 1 : 0"),
    ("sltu",   0x05, "R", "rd, rs1, rs2", False, "rd = (rs1 < rs2, unsigned) ? 1 : 0"),
    ("xor",    0x06, "R", "rd, rs1, rs2", False, "rd = rs1 ^ rs2"),
    ("srl",    0x07, "R", "rd, rs1, rs2", False, "rd = rs1 >> (rs2 & 31), zero-filling"),
    ("sra",    0x08, "R", "rd, rs1, rs2", False, "rd = signed rs1 >> (rs2 & 31), sign-filling"),
    ("or",     0x09, "R", "rd, rs1, rs2", False, "rd = rs1 | rs2"),
    ("and",    0x0A, "R", "rd, rs1, rs2", False, "rd = rs1 & rs2"),
    # --- RV32M ---------------------------------------------------------------
    ("mul",    0x0B, "R", "rd, rs1, rs2", False, "rd = low 32 bits of rs1 * rs2"),
    ("mulh",   0x0C, "R", "rd, rs1, rs2", False, "rd = high 32 bits of signed rs1 * signed rs2"),
    ("mulhsu", 0x0D, "R", "rd, rs1, rs2", False, "rd = high 32 bits of signed rs1 * unsigned rs2"),
    ("mulhu",  0x0E, "R", "rd, rs1, rs2", False, "rd = high 32 bits of unsigned rs1 * unsigned rs2"),
    ("div",    0x0F, "R", "rd, rs1, rs2", False, "rd = signed rs1 / rs2 toward zero (/0 -> -1, overflow -> rs1)"),
    ("divu",   0x10, "R", "rd, rs1, rs2", False, "rd = unsigned rs1 / rs2 (/0 -> 0xFFFFFFFF)"),
    ("rem",    0x11, "R", "rd, rs1, rs2", False, "rd = signed rs1 % rs2, sign of rs1 (%0 -> rs1, overflow -> 0)"),
    ("remu",   0x12, "R", "rd, rs1, rs2", False, "rd = unsigned rs1 % rs2 (%0 -> rs1)"),
    # --- RV32I register-immediate ------------------------------------------
    ("addi",   0x13, "I", "rd, rs1, imm", False, "rd = rs1 + sext(imm)"),
    ("slti",   0x14, "I", "rd, rs1, imm", False, "rd = (signed rs1 < sext(imm)) ? 1 : 0"),
    ("sltiu",  0x15, "I", "rd, rs1, imm", False, "rd = (rs1 < sext(imm), unsigned) ? 1 : 0"),
    ("xori",   0x16, "I", "rd, rs1, imm", False, "rd = rs1 ^ sext(imm)"),
    ("ori",    0x17, "I", "rd, rs1, imm", False, "rd = rs1 | sext(imm)"),
    ("andi",   0x18, "I", "rd, rs1, imm", False, "rd = rs1 & sext(imm)"),
    ("slli",   0x19, "I", "rd, rs1, shamt", False, "rd = rs1 << shamt"),
    ("srli",   0x1A, "I", "rd, rs1, shamt", False, "rd = rs1 >> shamt, zero-filling"),
    ("srai",   0x1B, "I", "rd, rs1, shamt", False, "rd = signed rs1 >> shamt, sign-filling"),
    # --- loads and stores ------------------------------------------------------
    ("lb",     0x1C, "I", "rd, imm(rs1)", False, "rd = sext(M8[rs1 + sext(imm)])"),
    ("lh",     0x1D, "I", "rd, imm(rs1)", False, "rd = sext(M16[rs1 + sext(imm)])"),
    ("lw",     0x1E, "I", "rd, imm(rs1)", False, "rd = M32[rs1 + sext(imm)]"),
    ("lbu",    0x1F, "I", "rd, imm(rs1)", False, "rd = zext(M8[rs1 + sext(imm)])"),
    ("lhu",    0x20, "I", "rd, imm(rs1)", False, "rd = zext(M16[rs1 + sext(imm)])"),
    ("sb",     0x21, "S", "rs2, imm(rs1)", False, "M8[rs1 + sext(imm)] = low byte of rs2"),
    ("sh",     0x22, "S", "rs2, imm(rs1)", False, "M16[rs1 + sext(imm)] = low half of rs2"),
    ("sw",     0x23, "S", "rs2, imm(rs1)", False, "M32[rs1 + sext(imm)] = rs2"),
    # --- control transfer ------------------------------------------------------
    ("beq",    0x24, "B", "rs1, rs2, boff", False, "if rs1 == rs2: pc = target"),
    ("bne",    0x25, "B", "rs1, rs2, boff", False, "if rs1 != rs2: pc = target"),
    ("blt",    0x26, "B", "rs1, rs2, boff", False, "if signed rs1 < signed rs2: pc = target"),
    ("bge",    0x27, "B", "rs1, rs2, boff", False, "if signed rs1 >= signed rs2: pc = target"),
    ("bltu",   0x28, "B", "rs1, rs2, boff", False, "if unsigned rs1 < rs2: pc = target"),
    ("bgeu",   0x29, "B", "rs1, rs2, boff", False, "if unsigned rs1 >= rs2: pc = target"),
    ("jal",    0x2A, "J", "rd, joff", False, "rd = pc + 4; pc = target"),
    ("jalr",   0x2B, "I", "rd, imm(rs1)", False, "t = (rs1 + sext(imm)) & ~1; rd = pc + 4; pc = t"),
    ("lui",    0x2C, "U", "rd, imm20", False, "rd = imm20 << 12"),
    ("auipc",  0x2D, "U", "rd, imm20", False, "rd = pc + (imm20 << 12)"),
    # --- system (user level) ---------------------------------------------------
    ("fence",  0x2E, "I", "pred, succ", False, "order memory and I/O (a no-op on one in-order hart)"),
    ("syscall", 0x2F, "N", "", False, "trap with cause CAUSE_SYSCALL"),
    ("break",  0x30, "N", "", False, "trap with cause CAUSE_BREAK"),
    # --- privileged (kernel mode only) ----------------------------------------
    ("eret",   0x40, "N", "", True, "pc = epc; kernel mode = STATUS_PKERNEL; IE = STATUS_PIE (atomically)"),
    ("wfi",    0x41, "N", "", True, "wait for an interrupt (idle time is skipped, not spun)"),
    ("halt",   0x42, "N", "", True, "stop the machine (exit status 0)"),
    ("tlbflush", 0x43, "N", "", True, "drop every cached address translation"),
    ("csrrw",  0x44, "I", "rd, csr, rs1", True, "t = CSR[csr]; CSR[csr] = rs1; rd = t"),
    ("csrrs",  0x45, "I", "rd, csr, rs1", True, "t = CSR[csr]; CSR[csr] = t | rs1; rd = t"),
    ("csrrc",  0x46, "I", "rd, csr, rs1", True, "t = CSR[csr]; CSR[csr] = t & ~rs1; rd = t"),
    ("in",     0x47, "I", "rd, uimm(rs1)", True, "rd = PORT[(rs1 + uimm) & 0xFFFF]"),
    ("out",    0x48, "S", "rs2, uimm(rs1)", True, "PORT[(rs1 + uimm) & 0xFFFF] = rs2"),
    ("ins",    0x49, "P", "rs1, rs2, uimm", True, "while rs2 != 0: M32[rs1] = PORT[uimm]; rs1 += 4; rs2 -= 1 (restartable)"),
    ("outs",   0x4A, "P", "rs1, rs2, uimm", True, "while rs2 != 0: PORT[uimm] = M32[rs1]; rs1 += 4; rs2 -= 1 (restartable)"),
]

# The letters of a fence set and their bits, as in RISC-V (i = device input,
# o = device output, r = memory reads, w = memory writes).
FENCE_SET_BITS = {"i": 8, "o": 4, "r": 2, "w": 1}

# Alternative spellings accepted by the assembler (RISC-V names).
ALIASES = {"ecall": "syscall", "ebreak": "break"}

# Register names: x0..x15 and the RV32E ABI names. fp is s0.
REGISTER_NAMES = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
                  "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5"]
REGISTER_ALIASES = {"fp": 8}
