"""The directive table: one handler per directive, one comment per row.

Each handler takes (assembler, operands, loc, listing record).  The
structural directives (.macro, .rept, .if, .include, ...) are not here:
they change how lines are read, so the driver handles them before parsing.
"""

import os
import re

from . import insn
from .errors import StatementError, number_text
from .expr import ExprError, Unknown, evaluate
from .model import MAX_REPEAT, NOP, Fixup, Symbol, data_bytes
from .parser import unescape
from .source import operand_loc

ALIGN_LIMIT = 1 << 16        # largest accepted alignment, in bytes


def _want(ops, lo, hi, usage):
    if not lo <= len(ops) <= hi:
        raise StatementError(f"usage: {usage}")


def _name(op, index, what="a symbol name"):
    if op[0] == "e" and type(op[1]) is not tuple and type(op[1]) is not int:
        return str(op[1])
    if op[0] == "s":
        # A quoted name may hold any character but NUL, which ends a name
        # in the executable's string table (and an empty one is no name).
        if not op[1] or b"\0" in op[1]:
            raise StatementError(f"expected {what} (not empty, without NUL bytes)", index)
        return op[1].decode("utf-8", "replace")
    raise StatementError(f"expected {what}", index)


def _expr(op, index):
    if op[0] != "e":
        raise StatementError("expected an expression", index)
    return op[1]


# --- sections ---------------------------------------------------------------------

def _simple_section(name):
    def handler(asm, ops, loc, record):
        _want(ops, 0, 1, name)
        asm._switch(asm._section(name))
    return handler


def _section(asm, ops, loc, record):
    # After the type: the entry size ("M"), the group and its linkage ("G",
    # `comdat`); groups are not merged (each copy is kept).
    _want(ops, 1, 6, '.section NAME[, "flags"[, @type[, entsize][, group[, comdat]]]]')
    name = _name(ops[0], 0, "a section name")
    # Only the ASCII flag letters mean something; other bytes are ignored.
    flags = ops[1][1].decode("ascii", "replace") if len(ops) > 1 and ops[1][0] == "s" else None
    kind = None
    if len(ops) > 2 and ops[2][0] == "t" and ops[2][1] == "nobits":
        kind = "bss"
    asm._switch(asm._section(name, flags, kind))


def _pushsection(asm, ops, loc, record):
    asm.section_stack.append((asm.current, asm.previous))
    _section(asm, ops, loc, record)


def _popsection(asm, ops, loc, record):
    if not asm.section_stack:
        raise StatementError(".popsection without .pushsection")
    asm.current, asm.previous = asm.section_stack.pop()


def _previous(asm, ops, loc, record):
    if asm.previous is not None:
        asm._switch(asm.previous)


# --- data -------------------------------------------------------------------------

def _data(size):
    def handler(asm, ops, loc, record):
        out = bytearray()
        fixups = []
        for index, op in enumerate(ops):
            expr = _expr(op, index)
            try:
                value, section = evaluate(expr, asm)
            except Unknown:
                fixups.append((len(out), asm.freeze(expr), index))
                out += bytes(size)
                continue
            except ExprError as e:
                raise StatementError(str(e), index) from None
            if section is not None:
                fixups.append((len(out), ("@", value, section), index))
                out += bytes(size)
                continue
            try:
                out += data_bytes(value, size)
            except StatementError as e:
                e.operand = index
                raise
        start = asm.current.size
        asm.emit(bytes(out), record)
        for offset, expr, index in fixups:
            asm.fixups.append(Fixup(asm.current, start + offset, f"data{size}", expr,
                                    operand_loc(loc, index)))
    return handler


def leb128(value, signed):
    """The LEB128 bytes of `value` (DWARF's variable-length numbers)."""
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        done = (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40) if signed else value == 0
        out.append(byte if done else byte | 0x80)
        if done:
            return bytes(out)


def _leb128(signed):
    def handler(asm, ops, loc, record):
        """Each value as LEB128; its size depends on it, so it must be known
        here (in a section that is not loaded -- .debug_* -- it may not be:
        that data is dropped)."""
        out = bytearray()
        for index, op in enumerate(ops):
            try:
                value, section = evaluate(_expr(op, index), asm)
            except Unknown:
                value, section = 0, "later"
            except ExprError as e:
                raise StatementError(str(e), index) from None
            if section is not None:
                if asm.current.kind != "none":
                    raise StatementError(f"{'.sleb128' if signed else '.uleb128'} needs a constant "
                                         "known at this point", index)
                value = 0
            if not signed and value < 0:
                raise StatementError(f".uleb128 of a negative value ({number_text(value)})", index)
            if value.bit_length() > 64:
                raise StatementError(f"value {number_text(value)} does not fit in 64 bits", index)
            out += leb128(value, signed)
        asm.emit(bytes(out), record)
    return handler


def _strings(terminate):
    def handler(asm, ops, loc, record):
        out = bytearray()
        for index, op in enumerate(ops):
            if op[0] != "s":
                raise StatementError("expected a string in double quotes", index)
            out += op[1] + (b"\0" if terminate else b"")
        asm.emit(bytes(out), record)
    return handler


def _count(asm, op, index, what):
    n = asm.absolute(_expr(op, index), what, index)
    if not 0 <= n <= MAX_REPEAT * 16:
        raise StatementError(f"{what} {number_text(n)} out of range (0..{MAX_REPEAT * 16})", index)
    return n


def _space(asm, ops, loc, record):
    _want(ops, 1, 2, ".space SIZE[, FILL]")
    n = _count(asm, ops[0], 0, "size")
    fill = asm.absolute(_expr(ops[1], 1), "fill value", 1) & 0xFF if len(ops) > 1 else 0
    asm.room(n)
    asm.emit(bytes([fill]) * n, record)


def _fill(asm, ops, loc, record):
    _want(ops, 1, 3, ".fill REPEAT[, SIZE[, VALUE]]")
    repeat = _count(asm, ops[0], 0, "repeat count")
    size = asm.absolute(_expr(ops[1], 1), "size", 1) if len(ops) > 1 else 1
    if size not in (0, 1, 2, 4, 8):
        size = min(max(size, 0), 8)
    value = asm.absolute(_expr(ops[2], 2), "value", 2) if len(ops) > 2 else 0
    unit = data_bytes(value & ((1 << (8 * size)) - 1), size) if size else b""
    asm.room(len(unit) * repeat)
    asm.emit(unit * repeat, record)


def _align_to(asm, ops, loc, record, alignment):
    if alignment > ALIGN_LIMIT or alignment & (alignment - 1):
        raise StatementError(f"alignment {number_text(alignment)} is not a power of two up to {ALIGN_LIMIT}", 0)
    sec = asm.current
    sec.align = max(sec.align, alignment)
    pad = -sec.size % alignment
    if len(ops) > 2 and ops[2][0] == "e":
        limit = asm.absolute(ops[2][1], "maximum padding", 2)
        if pad > limit:
            return
    if not pad:
        return
    if len(ops) > 1 and ops[1][0] == "e":
        fill = asm.absolute(ops[1][1], "fill value", 1) & 0xFF
        asm.emit(bytes([fill]) * pad, record)
    elif sec.kind == "text" and pad % 4 == 0 and sec.size % 4 == 0:
        asm.emit(NOP.to_bytes(4, "little") * (pad // 4), record, is_code=True)
    else:
        asm.emit(bytes(pad), record)


def _p2align(asm, ops, loc, record):
    _want(ops, 1, 3, ".p2align POWER[, FILL[, MAX]]")
    power = asm.absolute(_expr(ops[0], 0), "alignment", 0)
    if not 0 <= power <= 16:
        raise StatementError(f"alignment power {number_text(power)} out of range (0..16)", 0)
    _align_to(asm, ops, loc, record, 1 << power)


def _balign(asm, ops, loc, record):
    _want(ops, 1, 3, ".balign BYTES[, FILL[, MAX]]")
    alignment = asm.absolute(_expr(ops[0], 0), "alignment", 0)
    if alignment <= 0:
        raise StatementError("alignment must be positive", 0)
    _align_to(asm, ops, loc, record, alignment)


def _org(asm, ops, loc, record):
    _want(ops, 1, 2, ".org OFFSET[, FILL]")
    try:
        value, section = evaluate(_expr(ops[0], 0), asm)
    except Unknown:
        raise StatementError(".org needs a value known at this point", 0) from None
    except ExprError as e:
        raise StatementError(str(e), 0) from None
    if section is not None and section is not asm.current:
        raise StatementError(".org to an address in another section", 0)
    if value < asm.current.size:
        raise StatementError(f".org {number_text(value, True)} would move backwards (already at {asm.current.size:#x})", 0)
    fill = asm.absolute(_expr(ops[1], 1), "fill value", 1) & 0xFF if len(ops) > 1 else 0
    try:
        asm.room(value - asm.current.size)
    except StatementError as e:
        e.operand = 0
        raise
    asm.emit(bytes([fill]) * (value - asm.current.size), record)


# --- symbols ------------------------------------------------------------------------

def _equ(redefine, must_be_new=False):
    def handler(asm, ops, loc, record):
        _want(ops, 2, 2, "NAME, VALUE")
        name = _name(ops[0], 0)
        sym = asm.symbols.get(name)
        if must_be_new and sym is not None and sym.defined:
            raise StatementError(f"symbol '{name}' is already defined (at {sym.loc})", 0)
        asm._assign(name, _expr(ops[1], 1), loc, redefine)
    return handler


def _declared(asm, name, loc):
    sym = asm.symbols.get(name)
    if sym is None:
        sym = asm.symbols[name] = Symbol(name, defined=False, loc=loc)
    return sym


def _globl(asm, ops, loc, record):
    for index, op in enumerate(ops):
        _declared(asm, _name(op, index), loc).is_global = True


def _weak(asm, ops, loc, record):
    """`.weak sym`: global, but a strong definition in another object wins,
    and an undefined weak symbol is 0 instead of an error."""
    for index, op in enumerate(ops):
        sym = _declared(asm, _name(op, index), loc)
        sym.is_global = sym.is_weak = True


def _local(asm, ops, loc, record):
    for index, op in enumerate(ops):
        sym = _declared(asm, _name(op, index), loc)
        sym.is_local, sym.is_global, sym.is_weak = True, False, False


SYMBOL_TYPES = {"function": "function", "object": "object", "notype": "label"}


def _type(asm, ops, loc, record):
    """`.type sym, @function|@object|@notype` (also %function, "function")."""
    _want(ops, 2, 2, ".type SYMBOL, @function|@object")
    name = _name(ops[0], 0)
    kind = ops[1][1] if ops[1][0] in ("t", "e") and type(ops[1][1]) is str else None
    if kind is None and ops[1][0] == "s":
        kind = ops[1][1].decode("utf-8", "replace")
    kind = SYMBOL_TYPES.get(str(kind).lower().lstrip("%@").removeprefix("stt_"))
    if kind is not None:               # other ELF types (tls_object, ...) mean nothing here
        _declared(asm, name, loc).type = kind


def _size(asm, ops, loc, record):
    """`.size sym, expr` (typically `.-sym`): kept for nm -S and the linker map."""
    _want(ops, 2, 2, ".size SYMBOL, SIZE")
    sym = _declared(asm, _name(ops[0], 0), loc)
    sym.size = asm.freeze(_expr(ops[1], 1))


def _common(is_local):
    def handler(asm, ops, loc, record):
        """`.comm sym, size[, align]`: zeroed space in .bss, as a linker would
        place a common symbol (one module, so there is nothing to merge)."""
        _want(ops, 2, 3, f"{'.lcomm' if is_local else '.comm'} SYMBOL, SIZE[, ALIGN]")
        name = _name(ops[0], 0)
        size = _count(asm, ops[1], 1, "size")
        align = asm.absolute(_expr(ops[2], 2), "alignment", 2) if len(ops) > 2 else 4
        if align <= 0 or align & (align - 1) or align > ALIGN_LIMIT:
            raise StatementError(f"alignment {number_text(align)} is not a power of two up to {ALIGN_LIMIT}", 2)
        sym = asm.symbols.get(name)
        if asm.relocatable and not is_local and not (sym is not None and sym.is_local):
            # An object file leaves a common symbol for the linker to merge.
            if sym is not None and sym.defined:
                raise StatementError(f"symbol '{name}' is already defined (at {sym.loc})", 0)
            sym = _declared(asm, name, loc)
            sym.is_global, sym.common, sym.loc = True, (size, align), loc
            return
        here = asm.current
        asm._switch(asm._section(".bss"))
        try:
            _align_to(asm, [], loc, record, align)
            asm._define_label(name, loc, record)
            asm.emit(bytes(size), record)
        finally:
            asm._switch(here)
        if not is_local and not asm.symbols[name].is_local:
            asm.symbols[name].is_global = True
    return handler


def _ignore(asm, ops, loc, record):
    """Accepted for compatibility with GNU as output; no effect here."""


# --- DWARF line information (.file N, .loc), read outside the grammar -----------------

_STRING = r'"((?:\\.|[^"\\\n])*)"'
_FILE_N = re.compile(rf"\s*(\d+)\s+{_STRING}(?:\s+{_STRING})?(?:\s+md5\s+\w+)?\s*$")
_LOC = re.compile(r"\s*(\d+)\s+(\d+)(?:\s+(\d+))?((?:\s+[\w.-]+)*)\s*$")
_LOC_OPTIONS = {"basic_block": 0, "prologue_end": 0, "epilogue_begin": 0,
                "is_stmt": 1, "isa": 1, "discriminator": 1, "view": 1}


def _file_numbered(args):
    """`.file N "name"` or `.file N "dir" "name"` -> (N, name), the name
    joined to the directory.  (The plain `.file "name"` is ignored.)"""
    m = _FILE_N.match(args)
    if not m:
        raise StatementError('usage: .file NUMBER ["DIRECTORY"] "NAME"', 0)
    parts = [unescape(g).decode("utf-8", "replace") for g in m.groups()[1:] if g is not None]
    name = os.path.join(*parts) if parts[-1] else ""
    if not name or "\0" in name:
        raise StatementError(".file: the file name is empty or holds a NUL byte", 1)
    return int(m.group(1)), name


def _loc(args):
    """`.loc FILE LINE [COLUMN] [option [value]]...` -> (FILE, LINE, COLUMN)."""
    m = _LOC.match(args)
    if not m:
        raise StatementError(".loc: usage: .loc FILE LINE [COLUMN] [OPTIONS]", 0)
    words = m.group(4).split()
    i = 0
    while i < len(words):
        takes = _LOC_OPTIONS.get(words[i])
        if takes is None:
            raise StatementError(f".loc: unknown option '{words[i]}'", 0)
        i += 1 + takes
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


DEBUG_LINES = {".file": _file_numbered, ".loc": _loc}


# --- .insn ----------------------------------------------------------------------------

def _insn(asm, ops, loc, record):
    """`.insn FORMAT OPCODE, FUNCT..., operands` or `.insn [4,] WORD`: the
    RV32IM instruction those RISC-V fields encode (see insn.py)."""
    def field(index, what, limit):
        op = ops[index] if index < len(ops) else None
        if op is not None and op[0] == "e" and isinstance(op[1], str) and op[1].upper() in insn.OPCODES:
            value = insn.OPCODES[op[1].upper()]
        elif op is None:
            raise StatementError(f".insn: {what} missing")
        else:
            value = asm.absolute(_expr(op, index), what, index)
        if not 0 <= value < limit:
            raise StatementError(f".insn: {what} {number_text(value)} out of range (0..{limit - 1})", index)
        return value

    if ops and ops[0][0] == "t":
        fmt = ops[0][1].lower()
        count = insn.FORMATS.get(fmt)
        if count is None:
            raise StatementError(f".insn: unknown format '{fmt}' (r, i, s, b, u, j)", 0)
        functs = {"r": 2, "u": 0, "j": 0, "uj": 0}.get(fmt, 1)
        opcode = field(1, "opcode", 128)
        if opcode & 3 != 3:
            raise StatementError(f".insn: opcode {opcode:#x} is not a 32-bit one (its low two bits must be 11)", 1)
        funct = tuple(field(2 + i, ("funct3", "funct7")[i], (8, 128)[i]) for i in range(functs))
        operands = ops[2 + functs:]
        wanted = count - 1 - functs
        if not (len(operands) == wanted or (fmt == "i" and len(operands) == wanted - 1)):
            raise StatementError(f".insn {fmt}: expected {wanted} operands after the fields")
    else:
        _want(ops, 1, 2, ".insn FORMAT FIELDS..., OPERANDS or .insn [LENGTH,] WORD")
        if len(ops) == 2 and field(0, "length", 9) != 4:
            raise StatementError(".insn: K32 instructions are 4 bytes long", 0)
        fmt, opcode, funct, operands = insn.decode_word(field(len(ops) - 1, "word", 1 << 32))

    def constant(op, index):
        return asm.known(op[1]) if op[0] == "e" else None
    name, operands = insn.translate(fmt, opcode, funct, list(operands), constant)
    asm._instruction(name, operands, loc, record)


DIRECTIVES = {
    ".text": _simple_section(".text"),          # switch to the code section
    ".data": _simple_section(".data"),          # initialized, writable data
    ".bss": _simple_section(".bss"),            # zero-filled data, no file space
    ".rodata": _simple_section(".rodata"),      # read-only data
    ".section": _section,                       # any section, with GNU flags
    ".pushsection": _pushsection,               # switch, remembering the current one
    ".popsection": _popsection,                 # back to the remembered one
    ".previous": _previous,                     # back to the section before the last switch
    ".byte": _data(1),                          # 8-bit values
    ".half": _data(2), ".short": _data(2), ".2byte": _data(2),
    ".word": _data(4), ".long": _data(4), ".4byte": _data(4), ".int": _data(4),
    ".quad": _data(8), ".8byte": _data(8), ".dword": _data(8),
    ".uleb128": _leb128(False), ".sleb128": _leb128(True),   # DWARF variable-length numbers
    ".ascii": _strings(False),                  # bytes of the strings
    ".asciz": _strings(True), ".string": _strings(True),   # each string NUL-terminated
    ".space": _space, ".skip": _space, ".zero": _space,    # N bytes of fill (zero)
    ".fill": _fill,                             # REPEAT copies of a SIZE-byte VALUE
    ".align": _p2align,                         # power-of-two alignment, as RISC-V as
    ".p2align": _p2align,
    ".balign": _balign,                         # alignment in bytes
    ".org": _org,                               # move forward to an offset in the section
    ".equ": _equ(True), ".set": _equ(True),     # define (or redefine) a symbol
    ".equiv": _equ(False, must_be_new=True),    # define a symbol that must be new
    ".globl": _globl, ".global": _globl,        # export to the symbol table
    ".comm": _common(False),                    # zeroed space in .bss, global
    ".lcomm": _common(True),                    # zeroed space in .bss, local
    ".weak": _weak,                             # global, overridable, may stay undefined
    ".local": _local,                           # never global
    ".type": _type,                             # @function / @object, for nm and the map
    ".size": _size,                             # the symbol's size, for nm -S and the map
    ".insn": _insn,                             # an instruction by its RISC-V encoding
    ".loc_mark_labels": _ignore,
    ".hidden": _ignore, ".protected": _ignore, ".file": _ignore, ".ident": _ignore,
    ".option": _ignore, ".attribute": _ignore, ".loc": _ignore, ".addrsig": _ignore,
    ".addrsig_sym": _ignore, ".cfi_startproc": _ignore, ".cfi_endproc": _ignore,
    ".cfi_def_cfa_offset": _ignore, ".cfi_offset": _ignore, ".cfi_restore": _ignore,
    ".cfi_def_cfa": _ignore, ".cfi_sections": _ignore, ".variant_cc": _ignore,
}
