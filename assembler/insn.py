""".insn: an instruction given by its RISC-V encoding fields (or as a whole
RISC-V word), as GNU as takes it.  K32 encodes differently, so the fields
are decoded back to the RV32IM instruction they mean and that instruction
is assembled; fields that name no RV32IM instruction are an error.

    .insn r  OPCODE, FUNCT3, FUNCT7, rd, rs1, rs2
    .insn i  OPCODE, FUNCT3, rd, rs1, simm12      (or rd, simm12(rs1))
    .insn s  OPCODE, FUNCT3, rs2, simm12(rs1)
    .insn b  OPCODE, FUNCT3, rs1, rs2, target     (sb is b)
    .insn u  OPCODE, rd, imm20
    .insn j  OPCODE, rd, target                   (uj is j)
    .insn WORD  /  .insn 4, WORD

OPCODE is a number or GNU's name for it (OP, OP_IMM, LOAD, STORE, BRANCH,
JAL, JALR, LUI, AUIPC, SYSTEM).
"""

from .errors import StatementError, number_text

OPCODES = {"LOAD": 0x03, "OP_IMM": 0x13, "AUIPC": 0x17, "STORE": 0x23, "OP": 0x33,
           "LUI": 0x37, "BRANCH": 0x63, "JALR": 0x67, "JAL": 0x6F, "SYSTEM": 0x73}

# (opcode, funct3, funct7) -> mnemonic; funct7 None where the format has none.
_R = {(0, 0x00): "add", (0, 0x20): "sub", (1, 0): "sll", (2, 0): "slt", (3, 0): "sltu",
      (4, 0): "xor", (5, 0x00): "srl", (5, 0x20): "sra", (6, 0): "or", (7, 0): "and",
      **{(f3, 1): name for f3, name in enumerate(
          ("mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"))}}
_I = {0x13: {0: "addi", 2: "slti", 3: "sltiu", 4: "xori", 6: "ori", 7: "andi"},
      0x03: {0: "lb", 1: "lh", 2: "lw", 4: "lbu", 5: "lhu"},
      0x67: {0: "jalr"}}
_S = {0: "sb", 1: "sh", 2: "sw"}
_B = {0: "beq", 1: "bne", 4: "blt", 5: "bge", 6: "bltu", 7: "bgeu"}
FORMATS = {"r": 6, "i": 5, "s": 4, "b": 5, "sb": 5, "u": 3, "j": 3, "uj": 3}


def _no_such(what):
    return StatementError(f".insn: {what} is no RV32IM instruction")


def _reg(number):
    if not 0 <= number < 16:
        raise StatementError(f".insn: x{number} is not a K32 register (x0-x15)")
    return ("e", f"x{number}")


def translate(fmt, opcode, funct, ops, constant):
    """(mnemonic, operands) for `.insn fmt` with the opcode and function
    fields (ints) and the register/immediate operands (parser tuples).
    `constant(op, index)` gives an immediate's value if known, else None."""
    def check(op, index, bits, signed=True):
        v = constant(op, index)
        lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        if v is not None and not lo <= v <= hi:
            raise StatementError(f".insn: immediate {number_text(v)} out of range ({lo}..{hi})", index)
        return v

    if fmt == "r":
        if opcode != 0x33 or tuple(funct) not in _R:
            raise _no_such(f"r opcode {opcode:#x}, funct3 {funct[0]}, funct7 {funct[1]:#x}")
        return _R[tuple(funct)], ops
    f3 = funct[0] if funct else None
    if fmt == "i":
        rd = ops[0]
        if len(ops) == 2 and ops[1][0] == "m":
            rs1, imm = ("e", ops[1][2]), ("e", ops[1][1])
        elif len(ops) == 3:
            rs1, imm = ops[1], ops[2]
        else:
            raise StatementError("usage: .insn i OPCODE, FUNCT3, rd, rs1, imm (or rd, imm(rs1))")
        if opcode == 0x73 and f3 == 0:
            which = constant(imm, 4)
            if which in (0, 1) and rd[1] in ("x0", "zero") and rs1[1] in ("x0", "zero"):
                return ("syscall", "break")[which], []
            raise _no_such("this SYSTEM encoding")
        if opcode == 0x13 and f3 in (1, 5):
            v = check(imm, 4, 12)
            if v is None:
                raise StatementError(".insn: a shift's immediate must be known", 4)
            high, shamt = (v & 0xFFF) >> 5, v & 31
            name = {(1, 0): "slli", (5, 0): "srli", (5, 0x20): "srai"}.get((f3, high))
            if name is None:
                raise _no_such(f"OP_IMM funct3 {f3} with imm[11:5] = {high:#x}")
            return name, [rd, rs1, ("e", shamt)]
        name = _I.get(opcode, {}).get(f3)
        if name is None:
            raise _no_such(f"i opcode {opcode:#x}, funct3 {f3}")
        check(imm, 4, 12)
        if opcode == 0x13:
            return name, [rd, rs1, imm]
        return name, [rd, ("m", imm[1], rs1[1])]
    if fmt == "s":
        if opcode != 0x23 or f3 not in _S or len(ops) != 2 or ops[1][0] != "m":
            raise _no_such(f"s opcode {opcode:#x}, funct3 {f3}") if len(ops) == 2 and ops[1][0] == "m" \
                else StatementError("usage: .insn s OPCODE, FUNCT3, rs2, imm(rs1)")
        check(("e", ops[1][1]), 3, 12)
        return _S[f3], ops
    if fmt in ("b", "sb"):
        if opcode != 0x63 or f3 not in _B:
            raise _no_such(f"b opcode {opcode:#x}, funct3 {f3}")
        return _B[f3], ops
    if fmt == "u":
        name = {0x37: "lui", 0x17: "auipc"}.get(opcode)
        if name is None:
            raise _no_such(f"u opcode {opcode:#x}")
        check(ops[1], 2, 20, signed=False)
        return name, ops
    if opcode != 0x6F:
        raise _no_such(f"j opcode {opcode:#x}")
    return "jal", ops


def _signed(value, bits):
    return value - (1 << bits) if value >> (bits - 1) else value


def decode_word(word):
    """(format, opcode, funct, operands) of a whole RISC-V instruction word."""
    opcode, rd, f3 = word & 0x7F, (word >> 7) & 31, (word >> 12) & 7
    rs1, rs2, f7 = (word >> 15) & 31, (word >> 20) & 31, word >> 25
    if word & 3 != 3:
        raise StatementError(".insn: compressed (16-bit) instructions are not K32's")
    if opcode == 0x33:
        return "r", opcode, (f3, f7), [_reg(rd), _reg(rs1), _reg(rs2)]
    if opcode in (0x13, 0x03, 0x67, 0x73):
        return "i", opcode, (f3,), [_reg(rd), _reg(rs1), ("e", _signed(word >> 20, 12))]
    if opcode == 0x23:
        imm = _signed(((word >> 25) << 5) | rd, 12)
        return "s", opcode, (f3,), [_reg(rs2), ("m", imm, f"x{_reg(rs1)[1][1:]}")]
    if opcode == 0x63:
        imm = (((word >> 31) << 12) | (((word >> 7) & 1) << 11) | (((word >> 25) & 0x3F) << 5)
               | (((word >> 8) & 0xF) << 1))
        return "b", opcode, (f3,), [_reg(rs1), _reg(rs2), ("e", ("add", ".", _signed(imm, 13)))]
    if opcode in (0x37, 0x17):
        return "u", opcode, (), [_reg(rd), ("e", word >> 12)]
    if opcode == 0x6F:
        imm = (((word >> 31) << 20) | (((word >> 12) & 0xFF) << 12) | (((word >> 20) & 1) << 11)
               | (((word >> 21) & 0x3FF) << 1))
        return "j", opcode, (), [_reg(rd), ("e", ("add", ".", _signed(imm, 21)))]
    raise _no_such(f"the word {word:#010x}")
