"""Interpreter-constant generation: the text of vm/machine/isa_constants.py.

Numba freezes module globals when it compiles, so the interpreter reads the
ISA as plain integers: one OP_ constant per instruction, every named
constant of the include files, and 256-entry decode tables that say, for
each opcode, how its immediate is read and which bits must be zero.
"""

from . import gen_inc, table

# How the predecoder turns a word's immediate field into the packed value.
IMMEDIATE_FORMS = [
    ("IMM_INVALID", "opcode not in the table: an illegal instruction"),
    ("IMM_NONE", "no immediate"),
    ("IMM_S16", "bits 31:16, sign-extended"),
    ("IMM_U16", "bits 31:16, zero-extended (ports, control registers)"),
    ("IMM_SHAMT", "bits 31:16, 0..31 or the word is illegal"),
    ("IMM_FENCE", "bits 31:16, 0..255 or the word is illegal"),
    ("IMM_BOFF", "bits 31:16, sign-extended, times 4 (a byte offset)"),
    ("IMM_U20", "bits 31:12 shifted into place (imm20 << 12)"),
    ("IMM_JOFF", "bits 31:12, sign-extended, times 4 (a byte offset)"),
]

_KIND_FORM = {None: "IMM_NONE", "imm": "IMM_S16", "uimm": "IMM_U16", "csr": "IMM_U16",
              "shamt": "IMM_SHAMT", "fence": "IMM_FENCE", "boff": "IMM_BOFF",
              "imm20": "IMM_U20", "joff": "IMM_JOFF"}


def _tables():
    forms = {name: i for i, (name, _) in enumerate(IMMEDIATE_FORMS)}
    form = [forms["IMM_INVALID"]] * 256
    reserved = [0xFFFFFFFF] * 256
    writes_a = [0] * 256
    for insn in table.INSTRUCTIONS:
        form[insn.opcode] = forms[_KIND_FORM[table.immediate_kind(insn)]]
        reserved[insn.opcode] = insn.reserved_mask
        if any(op.shape == "reg" and op.kind == "rd" for op in insn.operands):
            writes_a[insn.opcode] = 1
    return form, reserved, writes_a


def _array(name, values, dtype, per_line, fmt):
    lines = [f"{name} = np.array(["]
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(fmt.format(v) for v in values[i:i + per_line]) + ",")
    lines.append(f"], dtype=np.{dtype})")
    return lines


def vm_constants(stamp):
    """The text of vm/machine/isa_constants.py."""
    lines = [f"# {stamp}",
             '"""The ISA as plain constants for the interpreter (Numba freezes globals)."""',
             "", "import numpy as np", "", "# Opcodes"]
    lines += [f"OP_{insn.name.upper()} = 0x{insn.opcode:02X}" for insn in table.INSTRUCTIONS]
    lines += ["", "# Control registers, status bits, causes, IRQs, paging, ports, device bits"]
    lines += [f"{name} = {value:#x}" for name, value in gen_inc.symbols().items()]
    lines += ["", "# Immediate forms: how the predecoder reads each opcode's immediate"]
    lines += [f"{name} = {i}  # {meaning}" for i, (name, meaning) in enumerate(IMMEDIATE_FORMS)]
    form, reserved, writes_a = _tables()
    lines += ["", "# Per opcode: immediate form; bits that must be zero; 1 if slot A is a destination"]
    lines += _array("IMMEDIATE_FORM", form, "uint8", 16, "{}")
    lines += _array("RESERVED_BITS", reserved, "uint32", 6, "0x{:08X}")
    lines += _array("WRITES_SLOT_A", writes_a, "uint8", 16, "{}")
    return "\n".join(lines) + "\n"
