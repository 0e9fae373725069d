"""The assembler's working state: sections, symbols, fixups, listing
records, and the limits and small helpers every part shares."""

from dataclasses import dataclass, field

import isa
from isa import kx

from .errors import Loc, StatementError, number_text
from .expr import from64

DEFAULT_TEXT_BASE = 0x1000  # where code starts unless --text-base says otherwise
PAGE = 4096                 # each kind of section starts on its own page
MAX_DEPTH = 100             # nested includes and macro expansions
MAX_REPEAT = 1 << 20        # .rept count upper bound (.space/.fill: 16 times this)
MAX_ERRORS = 200            # stop reporting after this many
MAX_LINES = 500_000         # lines read, counting every expansion: stops .rept bombs
MAX_SECTION = 64 << 20      # bytes in one section, and in all sections together
KIND_ORDER = ("text", "rodata", "data", "bss")   # layout order of section kinds
SEGMENT_FLAGS = {"text": kx.SEG_R | kx.SEG_X, "rodata": kx.SEG_R, "data": kx.SEG_R | kx.SEG_W}
NOP = isa.encode(isa.lookup("addi"), {})


@dataclass
class Section:
    name: str
    kind: str                      # text, rodata, data, bss, or none (not loaded)
    data: bytearray = field(default_factory=bytearray)
    align: int = 4
    base: int = 0

    @property
    def size(self):
        return len(self.data)


@dataclass
class Symbol:
    name: str
    value: int = 0
    section: object = None         # Section for labels (and label-relative equates)
    expr: object = None            # deferred expression of an equate
    loc: Loc = None
    is_label: bool = False
    is_global: bool = False
    defined: bool = True
    is_weak: bool = False          # .weak: global, and a strong definition elsewhere wins
    is_local: bool = False         # .local: never global (a following .comm stays in .bss)
    size: object = None            # .size expression
    type: str = "label"            # .type: label, function or object
    common: tuple = None           # (size, alignment) of a .comm symbol in an object file


@dataclass
class Fixup:
    section: Section
    offset: int
    kind: str                      # "data1/2/4/8" or an immediate kind
    expr: object
    loc: Loc
    insn: object = None


@dataclass
class LineRecord:
    loc: Loc
    depth: int
    emits: list = field(default_factory=list)     # (section, offset, size, is_code)


def lay_out(sections, text_base):
    """Give each Section its address: the kinds in KIND_ORDER, each kind
    starting on a fresh page (bss right after non-empty data), sections in
    the order given, each at its alignment.  Returns the end address.  The
    assembler and the linker place sections with this one rule."""
    address = text_base
    after_data = False
    for kind in KIND_ORDER:
        secs = [s for s in sections if s.kind == kind]
        if not secs:
            continue
        if not (kind == "bss" and after_data):
            address = align_up(address, PAGE)
        for sec in secs:
            address = align_up(address, sec.align)
            sec.base = address
            address += sec.size
        after_data = kind == "data" and any(s.size for s in secs)
    return address


def segments_of(sections):
    """The executable's segments for placed sections: one per kind (text,
    rodata, data with bss at its end), the gaps between sections zero."""
    segments = []
    for kind in ("text", "rodata", "data"):
        secs = [s for s in sections if s.kind == kind and s.size]
        bss = [s for s in sections if s.kind == "bss" and s.size] if kind == "data" else []
        if not secs and not bss:
            continue
        start = min(s.base for s in secs + bss)
        data = bytearray()
        for s in sorted(secs, key=lambda s: s.base):
            data += bytes(s.base - start - len(data)) + s.data
        end = max(s.base + s.size for s in secs + bss)
        segments.append(kx.Segment(start, bytes(data), end - start, SEGMENT_FLAGS[kind]))
    return segments


def align_up(value, alignment):
    return (value + alignment - 1) // alignment * alignment


def data_bytes(value, size):
    bits = 8 * size
    value = from64(value)
    if not -(1 << (bits - 1)) <= value < (1 << bits):
        raise StatementError(f"value {number_text(value)} does not fit in {size} byte{'s' if size > 1 else ''}")
    return (value & ((1 << bits) - 1)).to_bytes(size, "little")


def section_kind(name, flags):
    if name.startswith((".bss", ".sbss", ".tbss")):
        return "bss"
    if flags is not None:
        if "a" not in flags and not name.startswith((".text", ".data", ".rodata")):
            return "none"
        return "text" if "x" in flags else "data" if "w" in flags else "rodata"
    if name.startswith(".text") or name in (".init", ".fini"):
        return "text"
    if name.startswith((".rodata", ".srodata")):
        return "rodata"
    if name.startswith((".data", ".sdata")):
        return "data"
    return "none" if name.startswith((".note", ".comment", ".debug", ".riscv", ".modinfo")) else "data"
