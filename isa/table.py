"""Loads the instruction rows into lookup tables, checks them, and encodes and
decodes instruction words.

The checks run on import, so a mistake in `instructions.py` (a duplicated
opcode, an operand with no field, a field that falls off the word) stops
every tool at once instead of producing a wrong encoding.
"""

import re
from dataclasses import dataclass

from . import instructions as _rows

WORD_MASK = 0xFFFFFFFF


class ISAError(Exception):
    """The instruction table is inconsistent."""


@dataclass(frozen=True)
class Operand:
    """One operand of an instruction's assembly syntax.

    shape: "reg" (a register), "imm" (an immediate) or "mem" (imm(base)).
    kind:  for "reg" the field name (rd/rs1/rs2); for "imm" and "mem" the
           immediate kind (imm, uimm, shamt, imm20, csr, boff, joff, pred, succ).
    base:  for "mem", the register field holding the base.
    """

    shape: str
    kind: str
    base: str = ""


@dataclass(frozen=True)
class Field:
    """A bit field of an instruction word: bits lo .. lo+width-1."""

    name: str
    lo: int
    width: int
    signed: bool

    @property
    def mask(self):
        return ((1 << self.width) - 1) << self.lo


@dataclass(frozen=True)
class Instruction:
    name: str
    opcode: int
    format: str
    operands: tuple
    privileged: bool
    meaning: str
    syntax: str
    fields: tuple          # Field objects of the format
    reserved_mask: int     # bits that must be zero in a valid word

    def field(self, name):
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def memory_access(self):
        """(bytes, is_write, offset_by_imm) of the data access its meaning
        describes (`M32[rs1 + sext(imm)] = rs2`, `rd = zext(M8[...])`), or None."""
        match = _MEMORY.search(self.meaning)
        if match is None:
            return None
        return int(match.group(1)) // 8, match.group(3) is not None, match.group(2) is not None


_MEMORY = re.compile(r"M(8|16|32)\[rs1( \+ sext\(imm\))?\]( =(?!=))?")


REGISTER_FIELDS = ("rd", "rs1", "rs2")


def _parse_operands(text):
    operands = []
    for part in [p.strip() for p in text.split(",") if p.strip()]:
        if "(" in part:
            kind, base = part[:-1].split("(")
            operands.append(Operand("mem", kind, base))
        elif part in REGISTER_FIELDS:
            operands.append(Operand("reg", part))
        else:
            operands.append(Operand("imm", part))
    return tuple(operands)


def _operand_fields(op):
    """The format fields an operand fills."""
    if op.shape == "reg":
        return [op.kind]
    if op.shape == "mem":
        return ["imm", op.base]
    return ["imm"]


def _format_fields(fmt, layout):
    """The Field objects of one format, checked to tile bits 8..31 exactly."""
    fields = tuple(Field(*f) for f in layout)
    used = 0xFF                        # the opcode byte
    for f in fields:
        if f.lo < 8 or f.lo + f.width > 32:
            raise ISAError(f"format {fmt}: field {f.name} falls outside bits 8..31")
        if used & f.mask:
            raise ISAError(f"format {fmt}: field {f.name} overlaps another field")
        used |= f.mask
    if used != WORD_MASK:
        raise ISAError(f"format {fmt}: bits {~used & WORD_MASK:#010x} belong to no field")
    return fields


def _filled_fields(name, fmt, fields, operands, kinds):
    """The names of the fields an instruction's operands fill, checked."""
    names = {f.name for f in fields}
    filled = []
    for op in operands:
        for fname in _operand_fields(op):
            if fname not in names:
                raise ISAError(f"{name}: operand {op} needs field {fname!r}, format {fmt} has none")
            # fence's pred and succ share the immediate field (pred<<4 | succ).
            if op.kind not in ("pred", "succ") and fname in filled:
                raise ISAError(f"{name}: field {fname!r} filled twice")
            filled.append(fname)
        kind = op.kind if op.shape != "reg" else None
        if kind in ("pred", "succ"):
            kind = "fence"
        if kind and kind not in kinds:
            raise ISAError(f"{name}: unknown operand kind {kind!r}")
        if kind:
            # Every value of the kind must have its own bit pattern in the field.
            width = next(f.width for f in fields if f.name == "imm")
            lo, hi = kinds[kind]
            if hi - lo >= 1 << width:
                raise ISAError(f"{name}: operand kind {kind} ({lo}..{hi}) does not fit a {width}-bit field")
    return filled


def _instruction(row, formats, kinds):
    """One checked Instruction from a row of instructions.INSTRUCTIONS."""
    name, opcode, fmt, syntax, privileged, meaning = row
    if fmt not in formats:
        raise ISAError(f"{name}: unknown format {fmt!r}")
    if not 0 < opcode < 0xFF:
        raise ISAError(f"{name}: opcode {opcode:#x} outside 0x01..0xFE")
    fields = formats[fmt]
    operands = _parse_operands(syntax)
    filled = _filled_fields(name, fmt, fields, operands, kinds)
    # A field the syntax does not mention must be zero in a valid word.
    reserved = 0
    for f in fields:
        if f.name not in filled:
            reserved |= f.mask
    return Instruction(name, opcode, fmt, operands, privileged, meaning,
                       syntax, fields, reserved)


def _build(rows=_rows.INSTRUCTIONS, formats=_rows.FORMATS,
           aliases=_rows.ALIASES, kinds=_rows.IMMEDIATE_KINDS):
    """Check the rows and return ({mnemonic: Instruction}, {opcode: Instruction}).

    The parameters default to the real table; tests pass broken copies.
    """
    checked = {fmt: _format_fields(fmt, layout) for fmt, layout in formats.items()}
    by_name, by_opcode = {}, {}
    for row in rows:
        insn = _instruction(row, checked, kinds)
        if insn.name in by_name:
            raise ISAError(f"{insn.name}: mnemonic defined twice")
        if insn.opcode in by_opcode:
            raise ISAError(f"{insn.name}: opcode {insn.opcode:#x} already used by "
                           f"{by_opcode[insn.opcode].name}")
        by_name[insn.name] = insn
        by_opcode[insn.opcode] = insn
    for alias, target in aliases.items():
        if alias in by_name or target not in by_name:
            raise ISAError(f"alias {alias} -> {target} is inconsistent")
    return by_name, by_opcode


BY_NAME, BY_OPCODE = _build()
INSTRUCTIONS = list(BY_NAME.values())
ALIASES = dict(_rows.ALIASES)
REGISTER_NAMES = list(_rows.REGISTER_NAMES)
REGISTERS = {name: i for i, name in enumerate(REGISTER_NAMES)}
REGISTERS.update({f"x{i}": i for i in range(16)})
REGISTERS.update(_rows.REGISTER_ALIASES)
IMMEDIATE_KINDS = dict(_rows.IMMEDIATE_KINDS)
FENCE_BITS = dict(_rows.FENCE_SET_BITS)   # fence-set letter -> bit


def lookup(mnemonic):
    """The Instruction for a mnemonic or alias, or None."""
    return BY_NAME.get(ALIASES.get(mnemonic, mnemonic))


def insert(word, field, value):
    """Put `value` into `field` of `word`; the caller has range-checked it."""
    return (word & ~field.mask) | ((value << field.lo) & field.mask)


def extract(word, field):
    value = (word & field.mask) >> field.lo
    if field.signed and value >> (field.width - 1):
        value -= 1 << field.width
    return value


def encode(insn, values):
    """Encode an instruction from raw field values {field name: int}.

    Immediates here are already field values (word offsets for branches,
    pred<<4|succ for fence); range checking is the caller's job.
    """
    word = insn.opcode
    for f in insn.fields:
        if f.name in values:
            word = insert(word, f, values[f.name])
    return word & WORD_MASK


def immediate_kind(insn):
    """The kind of the immediate an instruction carries, or None."""
    for op in insn.operands:
        if op.shape != "reg":
            return "fence" if op.kind in ("pred", "succ") else op.kind
    return None


def decode(word):
    """(Instruction, {field: value}) for a valid word, or None.

    The immediate comes back as its operand kind reads it: ports and control
    register numbers unsigned, shift amounts and fence sets range-checked
    (a word with `slli` by 40 is not a valid instruction).
    """
    insn = BY_OPCODE.get(word & 0xFF)
    if insn is None or word & insn.reserved_mask:
        return None
    values = {f.name: extract(word, f) for f in insn.fields if not f.mask & insn.reserved_mask}
    kind = immediate_kind(insn)
    if kind in ("uimm", "csr"):
        values["imm"] &= 0xFFFF
    elif kind is not None:
        lo, hi = IMMEDIATE_KINDS[kind]
        if not lo <= values["imm"] <= hi:
            return None
    return insn, values
