"""The K32 disassembler: instruction words back to assembly text.

`format_word` turns one word into GNU-objdump-style text (with ", " between
operands) that re-assembles to the same word; `k32 disasm`, the debugger and
the tracer all print instructions through it.  There is one small helper per
operand shape, chosen through `SHAPES` by the instruction's operand syntax
from the ISA table, so a new instruction of a known shape needs no code here.
"""

import bisect
import os
import stat

from isa import kx
from isa.machine import CSRS
from isa.table import FENCE_BITS, INSTRUCTIONS, REGISTER_NAMES, decode

WORD_SIZE = 4                  # every instruction is one 32-bit word
WORD_MASK = 0xFFFFFFFF
TEXT_WIDTH = 24                # listing column where a target's <symbol> starts

R = REGISTER_NAMES
CSR_NAMES = {number: name for name, number, _ in CSRS}


def _hex(value):
    return f"0x{value:x}"


def branch_target(insn, v, address):
    """The absolute address a branch or jump goes to, or None."""
    if insn.format in ("B", "J"):
        # Offsets count words from the branch itself; the address space wraps.
        return (address + WORD_SIZE * v["imm"]) & WORD_MASK
    return None


# --- one helper per operand shape: (insn, field values, address) -> text ----
# A helper returns None when the word has no assembly spelling that maps
# back to it; the word is then shown as `.word`.

def _none(insn, v, address):
    return ""


def _register_register(insn, v, address):
    return f"{R[v['rd']]}, {R[v['rs1']]}, {R[v['rs2']]}"


def _immediate(insn, v, address):
    return f"{R[v['rd']]}, {R[v['rs1']]}, {v['imm']}"


def _memory(insn, v, address):
    reg = insn.operands[0].kind          # rd for loads and jalr, rs2 for stores
    return f"{R[v[reg]]}, {v['imm']}({R[v['rs1']]})"


def _port(insn, v, address):
    reg = insn.operands[0].kind          # rd for in, rs2 for out
    return f"{R[v[reg]]}, {_hex(v['imm'])}({R[v['rs1']]})"


def _block_port(insn, v, address):
    return f"{R[v['rs1']]}, {R[v['rs2']]}, {_hex(v['imm'])}"


def _branch(insn, v, address):
    return f"{R[v['rs1']]}, {R[v['rs2']]}, {_hex(branch_target(insn, v, address))}"


def _jump(insn, v, address):
    return f"{R[v['rd']]}, {_hex(branch_target(insn, v, address))}"


def _upper(insn, v, address):
    return f"{R[v['rd']]}, {_hex(v['imm'])}"


def _csr(insn, v, address):
    csr = CSR_NAMES.get(v["imm"], _hex(v["imm"]))
    return f"{R[v['rd']]}, {csr}, {R[v['rs1']]}"


def _fence_set(bits):
    # An empty set has no letters; the assembler takes 0 for it.
    return "".join(c for c, w in FENCE_BITS.items() if bits & w) or "0"


def _fence(insn, v, address):
    return f"{_fence_set(v['imm'] >> 4)}, {_fence_set(v['imm'] & 0xF)}"


SHAPES = {
    "":               _none,                # syscall break eret wfi halt tlbflush
    "rd, rs1, rs2":   _register_register,   # add sub ... mul div rem
    "rd, rs1, imm":   _immediate,           # addi slti ... andi
    "rd, rs1, shamt": _immediate,           # slli srli srai
    "rd, imm(rs1)":   _memory,              # loads, jalr
    "rs2, imm(rs1)":  _memory,              # stores
    "rs1, rs2, boff": _branch,              # beq bne blt bge bltu bgeu
    "rd, joff":       _jump,                # jal
    "rd, imm20":      _upper,               # lui auipc
    "rd, csr, rs1":   _csr,                 # csrrw csrrs csrrc
    "rd, uimm(rs1)":  _port,                # in
    "rs2, uimm(rs1)": _port,                # out
    "rs1, rs2, uimm": _block_port,          # ins outs
    "pred, succ":     _fence,               # fence
}

for _insn in INSTRUCTIONS:   # checked on import, like the ISA table itself
    if _insn.syntax not in SHAPES:
        raise ImportError(f"disasm: no helper for {_insn.name}'s operands {_insn.syntax!r}")


# --- aliases, as objdump shows them by default -------------------------------
# (instruction, condition on the fields, text).  The first match wins, and
# each text re-assembles to the very same word.
ALIAS_FORMS = [
    ("addi", lambda v: v["rd"] == v["rs1"] == v["imm"] == 0,     # addi zero, zero, 0
     lambda v, t: "nop"),
    ("addi", lambda v: v["rs1"] == 0,                             # addi rd, zero, imm
     lambda v, t: f"li {R[v['rd']]}, {v['imm']}"),
    ("addi", lambda v: v["imm"] == 0,                             # addi rd, rs, 0
     lambda v, t: f"mv {R[v['rd']]}, {R[v['rs1']]}"),
    ("jalr", lambda v: v["rd"] == 0 and v["rs1"] == 1 and v["imm"] == 0,   # jalr zero, 0(ra)
     lambda v, t: "ret"),
    ("jalr", lambda v: v["rd"] == 0 and v["imm"] == 0,            # jalr zero, 0(rs)
     lambda v, t: f"jr {R[v['rs1']]}"),
    ("jal", lambda v: v["rd"] == 0,                               # jal zero, target
     lambda v, t: f"j {_hex(t)}"),
]


def _alias(insn, v, target):
    for name, applies, text in ALIAS_FORMS:
        if name == insn.name and applies(v):
            return text(v, target)
    return None


# --- symbols -----------------------------------------------------------------

class SymbolMap:
    """Labels by address, for naming branch targets and listing lines.

    Built from {address: name}, {address: [names]} or a list of kx.Symbol
    (absolute constants are left out: they are numbers, not places).  At one
    address, global names come before local ones, then alphabetical order.
    """

    def __init__(self, names=None):
        self.by_address = {}
        for address, name in (names or {}).items():
            names_here = [name] if isinstance(name, str) else list(name)
            self.by_address[address & WORD_MASK] = names_here
        self.addresses = sorted(self.by_address)

    @classmethod
    def from_symbols(cls, symbols):
        ranked = sorted((s for s in symbols if not s.is_absolute),
                        key=lambda s: (not s.is_global, s.name))
        names = {}
        for s in ranked:
            names.setdefault(s.value & WORD_MASK, []).append(s.name)
        return cls(names)

    def describe(self, address):
        """`<name>` or `<name+0x10>` for the nearest label at or before."""
        i = bisect.bisect_right(self.addresses, address) - 1
        if i < 0:
            return ""
        base = self.addresses[i]
        name = self.by_address[base][0]
        return f"<{name}>" if base == address else f"<{name}+{_hex(address - base)}>"

    def between(self, start, end):
        """(address, name) of every label with start <= address < end."""
        lo = bisect.bisect_left(self.addresses, start)
        hi = bisect.bisect_left(self.addresses, end)
        return [(a, n) for a in self.addresses[lo:hi] for n in self.by_address[a]]


def as_symbol_map(symbols):
    """A SymbolMap from None, a SymbolMap, a dict or a list of kx.Symbol."""
    if isinstance(symbols, SymbolMap):
        return symbols
    if isinstance(symbols, dict) or symbols is None:
        return SymbolMap(symbols)
    return SymbolMap.from_symbols(symbols)


# --- words, ranges, listings --------------------------------------------------

def format_word(word, address, symbols=None, aliases=True):
    """(text, comment) for the 32-bit `word` found at `address`.

    With `symbols`, a branch or jump to a label names it (`jal ra, puthex`)
    and one into the middle of a routine gets a comment naming the nearest
    label before it (`<main+0x10>`); otherwise `comment` is "".  An invalid
    word is `.word 0x...`.
    """
    word &= WORD_MASK
    decoded = decode(word)
    data = (f".word 0x{word:08x}", "")
    if decoded is None:
        return data
    insn, v = decoded
    target = branch_target(insn, v, address)
    text = _alias(insn, v, target) if aliases else None
    if text is None:
        operands = SHAPES[insn.syntax](insn, v, address)
        if operands is None:
            return data
        text = f"{insn.name} {operands}" if operands else insn.name
    comment = ""
    if target is not None and symbols is not None:
        comment = as_symbol_map(symbols).describe(target)
        if comment and "+" not in comment and text.endswith(_hex(target)):
            # A target that is a label reads as the label: `jal ra, puthex`.
            text, comment = text[:-len(_hex(target))] + comment[1:-1], ""
    return text, comment


def disassemble_at(read_word, address, symbols=None, aliases=True):
    """(text, comment, next address) for the instruction at `address`, with
    `read_word(address)` giving the word there: what the tracer and the
    debugger step through memory with."""
    text, comment = format_word(read_word(address), address, symbols, aliases)
    return text, comment, (address + WORD_SIZE) & WORD_MASK


def disassemble_range(data, address, symbols=None, aliases=True):
    """Yield (address, word, text, comment) for each word of `data`.

    Trailing bytes that do not make a whole word come last as one `.byte`
    line with word None.
    """
    symbols = as_symbol_map(symbols)
    whole = len(data) - len(data) % WORD_SIZE
    for offset in range(0, whole, WORD_SIZE):
        word = int.from_bytes(data[offset:offset + WORD_SIZE], "little")
        at = (address + offset) & WORD_MASK
        yield (at, word, *format_word(word, at, symbols, aliases))
    if whole < len(data):
        tail = ", ".join(f"0x{b:02x}" for b in data[whole:])
        yield (address + whole) & WORD_MASK, None, f".byte {tail}", ""


def _symbol_table(symbols):
    lines = ["SYMBOL TABLE:"]
    for s in sorted(symbols, key=lambda s: (s.value & WORD_MASK, s.name)):
        binding = "g" if s.is_global else "l"
        kind = "abs" if s.is_absolute else "label"
        lines.append(f"{s.value & WORD_MASK:08x} {binding} {kind:<5} {s.name}")
    return lines


class SourceFiles:
    """Lines of source files, read once each from where they were assembled.
    The names come from the file being listed, which may lie: only a
    regular file of at most MAX_SOURCE bytes is read (not /dev/zero, a
    FIFO or a disk)."""

    MAX_SOURCE = 64 << 20

    def __init__(self):
        self.texts = {}

    def lines(self, path):
        """The file's lines ([] if it cannot be read)."""
        if path not in self.texts:
            self.texts[path] = []
            try:
                info = os.stat(path)            # before opening: opening a FIFO waits
                if stat.S_ISREG(info.st_mode) and info.st_size <= self.MAX_SOURCE:
                    with open(path, encoding="utf-8", errors="replace") as f:
                        self.texts[path] = f.read(self.MAX_SOURCE).split("\n")
            except OSError:
                pass
        return self.texts[path]

    def text(self, path, line):
        """Line `line` (from 1) without its line end, or None."""
        lines = self.lines(path)
        return lines[line - 1].rstrip() if 0 < line <= len(lines) else None


class SourceLines:
    """Source text for addresses, from an executable's line table (the
    files are read from where they were assembled, if they are still there)."""

    def __init__(self, exe):
        self.by_address = {a: (exe.files[f], n) for a, f, n in exe.lines}
        self.files = SourceFiles()
        self.last = None

    def _text(self, path, line):
        return (self.files.text(path, line) or "").strip()

    def heading(self, address):
        """`file:line: text` when `address` starts another source line."""
        where = self.by_address.get(address)
        if where is None or where == self.last:
            return None
        self.last = where
        return f"{where[0]}:{where[1]}: {self._text(*where)}".rstrip()


def _segment(seg, names, source=None):
    lines = [f"segment 0x{seg.address:08x}-0x{seg.end:08x} {seg.flag_text()}"]
    for at, word, text, comment in disassemble_range(seg.data, seg.address, names):
        size = WORD_SIZE if word is not None else len(seg.data) % WORD_SIZE
        # Labels at unaligned addresses (data after strings) go above the
        # word that contains them, so none is lost.
        labels = names.between(at, at + size)
        if labels:
            lines.append("")
            lines.extend(f"{a:08x} <{name}>:" for a, name in labels)
        heading = source.heading(at) if source is not None else None
        if heading:
            lines.append(heading)
        raw = f"{word:08x}" if word is not None else seg.data[-size:].hex()
        line = f"{at:8x}:  {raw:<8}  {text}"
        if comment:
            line = f"{at:8x}:  {raw:<8}  {text:<{TEXT_WIDTH}}  {comment}"
        lines.append(line)
    return lines


def listing(exe, all_segments=False, symbols=False, source=False):
    """What `k32 disasm` prints: optionally the symbol table, then every
    executable segment (every segment with `all_segments`) word by word,
    with `source` the source line above the code it became.  The
    zero-filled tail of a segment (bss) is not in the file and is not shown.
    """
    sections = [_symbol_table(exe.symbols)] if symbols else []
    names = SymbolMap.from_symbols(exe.symbols)
    lines = SourceLines(exe) if source else None
    shown = [s for s in exe.segments if all_segments or s.flags & kx.SEG_X]
    sections += [_segment(seg, names, lines) for seg in shown]
    if not shown:
        sections.append(["(no executable segments)"])
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


# --- relocatable objects ---------------------------------------------------------

def _object_symbol_table(o):
    from isa import obj
    lines = ["SYMBOL TABLE:"]
    for s in o.symbols:
        if s.type == "section":
            continue
        where = (o.sections[s.section].name if s.section < len(o.sections) else
                 {obj.SEC_UNDEF: "*UND*", obj.SEC_ABS: "*ABS*", obj.SEC_COMMON: "*COM*"}[s.section])
        binding = {"local": "l", "global": "g", "weak": "w"}[s.binding]
        lines.append(f"{s.value:08x} {binding} {s.type:<8} {where:<10} {s.size:08x} {s.name}")
    return lines


def reloc_text(o, r):
    """`R_K32_JAL  square+0x4`: a relocation as objdump -r shows one."""
    from isa import obj
    sym = o.symbols[r.symbol]
    target = sym.name
    if r.addend:
        target += f"+{_hex(r.addend)}" if r.addend > 0 else f"-{_hex(-r.addend)}"
    return f"{obj.RELOC_NAMES[r.type]:<17} {target}"


def object_listing(o, all_sections=False, symbols=False, relocs=False, source=False):
    """What `k32 disasm` prints for an object file: each code section (every
    section with `all_sections`) from offset 0, its labels, and with
    `relocs` each relocation under the word it patches (objdump -dr)."""
    out = [_object_symbol_table(o)] if symbols else []
    for index, sec in enumerate(o.sections):
        if not (sec.kind == "text" or (all_sections and sec.kind != "bss")):
            continue
        names = {}
        for s in sorted((s for s in o.symbols if s.section == index and s.type != "section"),
                        key=lambda s: (s.binding == "local", s.name)):
            names.setdefault(s.value, []).append(s.name)
        names = SymbolMap(names)
        by_offset = {}
        for r in o.relocs:
            if r.section == index:
                by_offset.setdefault(r.offset - r.offset % WORD_SIZE, []).append(r)
        lines_at = {off: (o.files[f], n) for s, off, f, n in o.lines if s == index}
        files, last = SourceFiles(), None
        lines = [f"section {sec.name} ({sec.kind}, {sec.size:#x} bytes)"]
        rows = (disassemble_range(sec.data, 0, names) if sec.kind == "text" else
                ((a, w, f".word 0x{w:08x}" if w is not None else t, "")
                 for a, w, t, _ in disassemble_range(sec.data, 0, names)))
        for at, word, text, comment in rows:
            size = WORD_SIZE if word is not None else len(sec.data) % WORD_SIZE
            labels = names.between(at, at + size)
            if labels:
                lines.append("")
                lines.extend(f"{a:08x} <{name}>:" for a, name in labels)
            where = lines_at.get(at)
            if source and where is not None and where != last:
                last = where
                lines.append(f"{where[0]}:{where[1]}: {(files.text(*where) or '').strip()}".rstrip())
            raw = f"{word:08x}" if word is not None else sec.data[-size:].hex()
            line = f"{at:8x}:  {raw:<8}  {text}"
            if comment and not relocs:
                line = f"{at:8x}:  {raw:<8}  {text:<{TEXT_WIDTH}}  {comment}"
            lines.append(line)
            if relocs:
                lines.extend(f"{'':>12}{r.offset:x}: {reloc_text(o, r)}" for r in by_offset.get(at, ()))
        out.append(lines)
    if len(out) == (1 if symbols else 0):
        out.append(["(no code sections)"])
    return "\n\n".join("\n".join(lines) for lines in out) + "\n"
