"""Instruction statements: pseudo-instruction expansion and operand encoding
against the ISA table.

`expand` turns one statement into real instructions (a list of
(Instruction, operands)); `encode` turns one real instruction into a word
plus the immediates that must wait for the second pass.  Operands are the
parser's tuples: ("e", expr), ("m", offset expr, base register name).
"""

import re

import isa
from isa.machine import CSRS

from .errors import StatementError, number_text
from .expr import ExprError, Unknown, evaluate, from64, hi20, lo12

CSR_NUMBERS = {name: number for name, number, _ in CSRS}
# RISC-V's counter names: time is counted in instructions here, so cycle
# and time are instret (as rdcycle and rdtime are rdinstret).
CSR_NUMBERS.update({alias + half: CSR_NUMBERS["instret" + half]
                    for alias in ("cycle", "time") for half in ("", "h")})
ZERO = ("e", "zero")
RA = ("e", "ra")


def is_register(op):
    return op[0] == "e" and type(op[1]) is not tuple and op[1] in isa.REGISTERS


# --- pseudo-instructions ------------------------------------------------------
# Each takes the operand list and returns [(mnemonic, operands)], or None when
# the statement is the real instruction of the same name.

def _li(ops, known):
    rd, value = _want(ops, 2, "li rd, value")
    _expression(value, 1)
    if type(value[1]) is tuple and value[1][0] in ("lo", "pcrel_lo"):
        return [("addi", [rd, ZERO, value])]          # li a0, %lo(x): a 12-bit value
    v = known(value[1])
    if v is not None:
        v = from64(v)
        if not -(1 << 31) <= v < (1 << 32):
            raise StatementError(f"li: value {number_text(v, True)} does not fit in 32 bits", 1)
        v &= 0xFFFFFFFF
        s = v - (1 << 32) if v >> 31 else v
        if -(1 << 15) <= s < (1 << 15):
            return [("addi", [rd, ZERO, ("e", s)])]
        if v & 0xFFF == 0:
            return [("lui", [rd, ("e", v >> 12)])]
        return [("lui", [rd, ("e", hi20(v))]), ("addi", [rd, rd, ("e", lo12(v))])]
    return _la([rd, value], known)


def _la(ops, known):
    rd, value = _want(ops, 2, "la rd, symbol")
    _expression(value, 1)
    return [("lui", [rd, ("e", ("hi", value[1]))]), ("addi", [rd, rd, ("e", ("lo", value[1]))])]


def _expression(op, index):
    """Refuse a string, `4(sp)` or `@name` where a value must stand: the
    expansions would take its inside (`la a0, 4(sp)` as `la a0, 4`)."""
    if op[0] != "e":
        raise StatementError("expected an expression", index)


def _want(ops, n, syntax):
    if len(ops) != n:
        raise StatementError(f"expected {n} operand{'s' if n != 1 else ''}: {syntax}"
                             if n else f"{syntax} takes no operands")
    return ops


def _branch_zero(name, real, swap):
    def expand(ops, known):
        rs, target = _want(ops, 2, f"{name} rs, target")
        return [(real, [ZERO, rs, target] if swap else [rs, ZERO, target])]
    return expand


def _branch_swap(name, real):
    def expand(ops, known):
        a, b, target = _want(ops, 3, f"{name} rs1, rs2, target")
        return [(real, [b, a, target])]
    return expand


def _jal(ops, known):
    if len(ops) == 1:
        return [("jal", [RA, ops[0]])]
    return None


def _jalr(ops, known):
    if len(ops) == 1:
        return [("jalr", [RA, _mem0(ops[0])])]
    if len(ops) == 2 and is_register(ops[1]):
        return [("jalr", [ops[0], _mem0(ops[1])])]
    if len(ops) == 3 and is_register(ops[1]) and ops[2][0] == "e":
        return [("jalr", [ops[0], ("m", ops[2][1], ops[1][1])])]
    return None


def _jr(ops, known):
    """`jr rs`, `jr rs, imm` and `jr imm(rs)`: jalr zero, imm(rs)."""
    if len(ops) == 1:
        return [("jalr", [ZERO, _mem0(ops[0])])]
    if len(ops) == 2 and is_register(ops[0]) and ops[1][0] == "e" and not is_register(ops[1]):
        return [("jalr", [ZERO, ("m", ops[1][1], ops[0][1])])]
    _want(ops, 1, "jr rs[, imm] or jr imm(rs)")


def _jump(ops, known):
    """`jump target, rt`: auipc rt, %pcrel_hi(target) + jalr zero, %pcrel_lo(rt)
    -- any distance, with rt as scratch (GNU's far jump)."""
    target, tmp = _want(ops, 2, "jump target, rt")
    _expression(target, 0)
    register(tmp, 1)
    # The jalr's %pcrel_lo names the auipc just before it: `. - 4`.
    return [("auipc", [tmp, ("e", ("pcrel_hi", target[1]))]),
            ("jalr", [ZERO, ("m", ("pcrel_lo", ("sub", ".", 4)), tmp[1])])]


def _with_immediate(real):
    """`add rd, rs, 5` is `addi rd, rs, 5`, as in GNU as (likewise the
    shifts, logic and comparisons: sll = slli, and = andi, slt = slti ...)."""
    def expand(ops, known):
        if len(ops) == 3 and ops[2][0] == "e" and not is_register(ops[2]):
            last = ops[2][1]
            if not (isinstance(last, str) and last in _SUSPECT_NAMES):
                return [(real, ops)]
        return None
    return expand


# A last operand spelled like a register is never taken for an immediate
# (`add a0, a1, a7` on RV32E names a register it lacks, not a symbol `a7`).
_SUSPECT_NAMES = {f"{p}{n}" for p in "xast" for n in range(32)} | {"gp", "tp", "fp", "ra", "sp", "zero"}


def _mem0(op):
    if op[0] == "m" or not is_register(op):
        return op
    return ("m", 0, op[1])


def _load(name):
    def expand(ops, known):
        if len(ops) == 2 and ops[1][0] == "e" and not is_register(ops[1]):
            rd, sym = ops
            return [("lui", [rd, ("e", ("hi", sym[1]))]),
                    (name, [rd, ("m", ("lo", sym[1]), rd[1])])]
        return None
    return expand


def _store(name):
    def expand(ops, known):
        if len(ops) == 3 and ops[1][0] == "e" and not is_register(ops[1]):
            rs, sym, tmp = ops
            return [("lui", [tmp, ("e", ("hi", sym[1]))]),
                    (name, [rs, ("m", ("lo", sym[1]), tmp[1])])]
        return None
    return expand


def _csr(name, real, with_rd):
    def expand(ops, known):
        if with_rd:
            rd, csr = _want(ops, 2, f"{name} rd, csr")
            return [(real, [rd, csr, ZERO])]
        csr, rs = _want(ops, 2, f"{name} csr, rs")
        return [(real, [ZERO, csr, rs])]
    return expand


def _fence(ops, known):
    if not ops:
        return [("fence", [("e", "iorw"), ("e", "iorw")])]
    return None


def _simple(usage, shape):
    """A pseudo-instruction that is a fixed rearrangement of its operands.
    `usage` is how it is written; `shape` is its expansion, with %0, %1 for
    the statement's operands, parsed once, here."""
    count = len(set(re.findall(r"%\d", shape)))
    steps = []
    for part in shape.split(";"):
        mnemonic, _, args = part.strip().partition(" ")
        items = []
        for a in [x.strip() for x in args.split(",") if x.strip()]:
            if a.startswith("%"):
                items.append(int(a[1:]))                       # operand number
            elif a.lstrip("-").isdigit():
                items.append(("e", int(a)))
            elif a.startswith("0(%"):
                items.append(("base", int(a[3:-1])))            # 0(operand)
            elif a.startswith("0("):
                items.append(("m", 0, a[2:-1]))
            else:
                items.append(("e", a))
        steps.append((mnemonic, items))

    def operand(item, ops):
        if type(item) is int:
            return ops[item]
        if item[0] == "base":
            return ("m", 0, ops[item[1]][1])
        return item

    def expand(ops, known):
        _want(ops, count, usage)
        return [(m, [operand(item, ops) for item in items]) for m, items in steps]
    return expand


PSEUDO = {
    "li": _li, "la": _la, "lla": _la,
    "nop": _simple("nop", "addi zero, zero, 0"),
    "mv": _simple("mv rd, rs", "addi %0, %1, 0"),
    "not": _simple("not rd, rs", "xori %0, %1, -1"),
    "neg": _simple("neg rd, rs", "sub %0, zero, %1"),
    "seqz": _simple("seqz rd, rs", "sltiu %0, %1, 1"),
    "snez": _simple("snez rd, rs", "sltu %0, zero, %1"),
    "sltz": _simple("sltz rd, rs", "slt %0, %1, zero"),
    "sgtz": _simple("sgtz rd, rs", "slt %0, zero, %1"),
    "zext.b": _simple("zext.b rd, rs", "andi %0, %1, 255"),
    "beqz": _branch_zero("beqz", "beq", False), "bnez": _branch_zero("bnez", "bne", False),
    "blez": _branch_zero("blez", "bge", True), "bgez": _branch_zero("bgez", "bge", False),
    "bltz": _branch_zero("bltz", "blt", False), "bgtz": _branch_zero("bgtz", "blt", True),
    "bgt": _branch_swap("bgt", "blt"), "ble": _branch_swap("ble", "bge"),
    "bgtu": _branch_swap("bgtu", "bltu"), "bleu": _branch_swap("bleu", "bgeu"),
    "j": _simple("j target", "jal zero, %0"),
    "jr": _jr, "jump": _jump,
    "sgt": _simple("sgt rd, rs, rt", "slt %0, %2, %1"),
    "sgtu": _simple("sgtu rd, rs, rt", "sltu %0, %2, %1"),
    "sext.b": _simple("sext.b rd, rs", "slli %0, %1, 24; srai %0, %0, 24"),
    "sext.h": _simple("sext.h rd, rs", "slli %0, %1, 16; srai %0, %0, 16"),
    "zext.h": _simple("zext.h rd, rs", "slli %0, %1, 16; srli %0, %0, 16"),
    **{name: _with_immediate(real) for name, real in (
        ("add", "addi"), ("and", "andi"), ("or", "ori"), ("xor", "xori"), ("slt", "slti"),
        ("sltu", "sltiu"), ("sll", "slli"), ("srl", "srli"), ("sra", "srai"))},
    "ret": _simple("ret", "jalr zero, 0(ra)"),
    "call": lambda ops, k: [("jal", [RA, ops[0]])] if len(ops) == 1 else [("jal", _want(ops, 2, "call [rd,] symbol"))],
    "tail": _simple("tail symbol", "jal zero, %0"),
    "jal": _jal, "jalr": _jalr,
    "lb": _load("lb"), "lh": _load("lh"), "lw": _load("lw"), "lbu": _load("lbu"), "lhu": _load("lhu"),
    "sb": _store("sb"), "sh": _store("sh"), "sw": _store("sw"),
    "csrr": _csr("csrr", "csrrs", True), "csrw": _csr("csrw", "csrrw", False),
    "csrs": _csr("csrs", "csrrs", False), "csrc": _csr("csrc", "csrrc", False),
    "fence": _fence,
    "fence.tso": _simple("fence.tso", "fence rw, rw"),   # stronger than TSO needs
    "scall": _simple("scall", "syscall"), "sbreak": _simple("sbreak", "break"),
    # The counters: K32 counts time in instructions, so cycle and time are
    # instret too (kernel mode only, as every K32 control register).
    **{f"rd{name}{half}": _simple(f"rd{name}{half} rd", f"csrrs %0, {name}{half}, zero")
       for name in ("cycle", "time", "instret") for half in ("", "h")},
}

# `unimp`: no K32 instruction has opcode 0, so the all-zero word is an
# illegal instruction (a trap), as unimp is on RISC-V.
UNIMP = 0


def expand(name, ops, known):
    """[(Instruction, operands)] for a statement, or raise StatementError.
    `known(expr)` gives the absolute value of an expression if it is
    already settled, else None."""
    handler = PSEUDO.get(name)
    steps = handler(ops, known) if handler else None
    if steps is None:
        insn = isa.lookup(name)
        if insn is None:
            raise StatementError(f"unknown instruction '{name}'")
        return [(insn, ops)]
    return [(isa.lookup(m), o) for m, o in steps]


# --- operands -------------------------------------------------------------------

def register(op, index):
    if op[0] == "e" and type(op[1]) is not tuple:
        number = isa.REGISTERS.get(op[1])
        if number is not None:
            return number
        if isinstance(op[1], str):
            raise StatementError(f"'{op[1]}' is not a register", index)
    raise StatementError("expected a register", index)


def field_value(kind, value, pc, insn):
    """The field contents for an immediate of `kind`; range-checked.
    For branches and jumps `value` is the target and `pc` the address of
    the instruction (or the difference target - pc when pc is None)."""
    if kind in ("boff", "joff"):
        delta = value if pc is None else value - pc
        # The pc wraps around the 32-bit address space, so does the reach.
        delta = ((delta + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)
        if delta % 4:
            raise StatementError(f"{insn.name}: target is {delta} bytes away, not a multiple of 4")
        lo, hi = isa.IMMEDIATE_KINDS[kind]
        if not lo <= delta // 4 <= hi:
            reach = "128 KiB" if kind == "boff" else "2 MiB"
            raise StatementError(f"{insn.name}: target is {delta} bytes away, out of reach (+-{reach})")
        return delta // 4
    lo, hi = isa.IMMEDIATE_KINDS[kind]
    value = from64(value)
    if not lo <= value <= hi:
        raise StatementError(f"{insn.name}: immediate {number_text(value)} out of range ({lo}..{hi})")
    return value


def _fence_set(expr, index):
    if isinstance(expr, str) and expr and all(c in isa.FENCE_BITS for c in expr):
        return sum(isa.FENCE_BITS[c] for c in set(expr))
    if type(expr) is int and 0 <= expr <= 15:
        return expr
    raise StatementError("expected a fence set made of the letters i, o, r, w", index)


class Pending:
    """An immediate left for the second pass."""
    __slots__ = ("kind", "expr", "index")

    def __init__(self, kind, expr, index):
        self.kind, self.expr, self.index = kind, expr, index


def encode(insn, ops, ctx, pc_offset, section):
    """(word, [Pending]) for a real instruction at section offset pc_offset."""
    specs = insn.operands
    if len(ops) != len(specs):
        raise StatementError(f"'{insn.name}' takes {len(specs)} operand"
                             f"{'s' if len(specs) != 1 else ''} ({insn.name} {insn.syntax}), got {len(ops)}".replace(" )", ")"))
    values, pending = {}, []
    for index, (spec, op) in enumerate(zip(specs, ops)):
        if spec.shape == "reg":
            values[spec.kind] = register(op, index)
            continue
        if spec.shape == "mem":
            if op[0] == "m":
                values[spec.base] = register(("e", op[2]), index)
                expr = op[1]
            elif is_register(op):
                values[spec.base] = isa.REGISTERS[op[1]]
                expr = 0
            elif spec.kind == "uimm" and op[0] == "e":
                values[spec.base] = 0
                expr = op[1]
            else:
                raise StatementError("expected a memory operand such as 8(sp)", index)
        elif op[0] != "e":
            raise StatementError("expected an expression", index)
        else:
            expr = op[1]
        kind = spec.kind
        if kind in ("pred", "succ"):
            bits = _fence_set(expr, index)
            values["imm"] = values.get("imm", 0) | (bits << 4 if kind == "pred" else bits)
            continue
        if kind == "csr" and type(expr) is not tuple and expr in CSR_NUMBERS:
            expr = CSR_NUMBERS[expr]
        try:
            v, s = evaluate(expr, ctx)
        except Unknown:
            pending.append(Pending(kind, ctx.freeze(expr), index))
            continue
        except ExprError as e:
            raise StatementError(str(e), index) from None
        try:
            if kind in ("boff", "joff"):
                if s != section:
                    pending.append(Pending(kind, ("@", v, s), index))
                    continue
                values["imm"] = field_value(kind, v - pc_offset, None, insn)
            elif s is not None:
                pending.append(Pending(kind, ("@", v, s), index))
                continue
            else:
                values["imm"] = field_value(kind, v, None, insn)
        except StatementError as e:
            e.operand = index
            raise
    return isa.encode(insn, values), pending


def patch(word, insn, kind, value, pc):
    """Fill in a pending immediate in `word`."""
    return isa.insert(word, insn.field("imm"), field_value(kind, value, pc, insn))
