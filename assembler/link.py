"""The linker: relocatable objects (and libraries of them) in, a .kx out.

As GNU ld does it, in four steps:

1. Resolve.  Objects are loaded in command-line order.  A library (an
   archive, or an object given with -l) contributes a member only when the
   member defines a symbol that is still undefined at that point; the
   library is rescanned until it adds nothing more.  A global definition
   beats a weak one, two globals are an error naming both, common symbols
   merge (largest size and alignment) unless something defines them.
2. Lay out.  The sections of every loaded object, kind by kind (text,
   rodata, data, bss -- each kind on a fresh page, as the assembler places
   one file's sections), in input order; common symbols at the end of bss.
3. Relocate.  Each relocation's symbol + addend gets its final address,
   the operation of its type (isa/obj.py) is applied and the result is
   range-checked as the assembler checks an immediate.
4. Write.  Segments, entry, and for the debugger every named symbol and the
   line tables of all objects.

Every problem is collected with the object and source line it comes from
(`a.o: main.s:12: undefined reference to 'foo'`); nothing is written
unless the whole link succeeds.
"""

from dataclasses import dataclass, field

import isa
from isa import kx, obj

from . import instructions as ins
from .errors import StatementError
from .expr import hi20, lo12
from .model import Section, data_bytes, lay_out, segments_of

MAX_ERRORS = 100


class ZeroSection(Section):
    """A placed bss section (or the common symbols): a size, no bytes, so
    that a lying size in an object costs no memory before the layout
    refuses it."""

    def __init__(self, name, size, align):
        super().__init__(name, "bss", bytearray(), align)
        self.length = size

    @property
    def size(self):
        return self.length


class LinkError(Exception):
    """The link failed; .messages holds one line per problem."""

    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Input:
    """One object taking part: `name` is how messages call it ("a.o",
    "libc.a(printf.o)"), `source` the file it was assembled from if the
    object was made in memory (then messages need not name it twice)."""
    name: str
    object: obj.Object
    library: str = None          # the library it came from, for the map
    reason: str = None           # the symbol that pulled it in
    sections: list = field(default_factory=list)    # placed Section per object section


@dataclass
class Library:
    name: str
    members: list                # [Input]


@dataclass
class Result:
    executable: kx.Executable
    map_text: str
    warnings: list


class Linker:
    def __init__(self, text_base=0x1000, entry=None):
        self.text_base = text_base
        self.entry = entry
        self.errors = []
        self.warnings = []
        self.loaded = []
        self.defs = {}            # name -> (Input, obj.Symbol)
        self.commons = {}         # name -> [size, align, Input, Symbol]
        self.undefined = {}       # name -> first Input that refers to it

    # --- messages ---------------------------------------------------------------

    def _where(self, inp, file, line):
        place = inp.object.where(file, line)
        if place is None:
            return f"{inp.name}"
        if place.split(":")[0] == inp.name:
            return place
        return f"{inp.name}: {place}"

    def error(self, text):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(text)
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append("too many errors, stopping")

    # --- 1. resolve ----------------------------------------------------------------

    def add(self, item, why=None):
        """Load an object (Input) or scan a library (Library)."""
        if isinstance(item, Library):
            self._scan(item)
            return
        item.reason = why
        self.loaded.append(item)
        for sym in item.object.symbols:
            if sym.binding == "local" or sym.type == "section":
                continue
            name = sym.name
            if sym.section == obj.SEC_UNDEF:
                old = self.undefined.get(name)
                if name not in self.defs and name not in self.commons and (
                        old is None or (old[1].binding == "weak" and sym.binding != "weak")):
                    self.undefined[name] = (item, sym)      # a strong reference makes it wanted
                continue
            if sym.section == obj.SEC_COMMON:
                if name in self.defs:
                    continue
                c = self.commons.setdefault(name, [0, 1, item, sym])
                c[0], c[1] = max(c[0], sym.size), max(c[1], sym.value)
                self.undefined.pop(name, None)
                continue
            old = self.defs.get(name)
            if old is None or (old[1].binding == "weak" and sym.binding == "global"):
                self.defs[name] = (item, sym)
                self.commons.pop(name, None)
                self.undefined.pop(name, None)
            elif sym.binding == "global" and old[1].binding == "global":
                first = self._where(old[0], old[1].file, old[1].line)
                self.error(f"{self._where(item, sym.file, sym.line)}: multiple definition of "
                           f"'{name}'; first defined in {first}")

    def _scan(self, lib):
        taken = set()
        changed = True
        while changed:
            changed = False
            for i, member in enumerate(lib.members):
                if i in taken:
                    continue
                wanted = self._wanted(member)
                if wanted is not None:
                    taken.add(i)
                    member.library = lib.name
                    self.add(member, wanted)
                    changed = True

    def _wanted(self, member):
        for sym in member.object.symbols:
            if sym.binding != "local" and sym.defined and sym.type != "section" \
                    and sym.name in self.undefined and self.undefined[sym.name][1].binding != "weak":
                return sym.name
        return None

    # --- 2. lay out --------------------------------------------------------------------

    def _lay_out(self):
        placed = []
        for inp in self.loaded:
            inp.sections = []
            for sec in inp.object.sections:
                if sec.kind == "none":
                    inp.sections.append(None)
                    continue
                s = (ZeroSection(sec.name, sec.size, sec.align) if sec.kind == "bss" else
                     Section(sec.name, sec.kind, bytearray(sec.data), sec.align))
                inp.sections.append(s)
                placed.append(s)
        self.common_at = {}
        size, align = 0, 4
        for name, (length, alignment, _, _) in self.commons.items():
            if name in self.defs:
                continue
            size += -size % alignment
            self.common_at[name] = size
            size += length
            align = max(align, alignment)
        self.common_section = ZeroSection("COMMON", size, align)
        placed.append(self.common_section)
        end = lay_out(placed, self.text_base)
        if end > 1 << 32:
            self.error(f"the program does not fit in the 32-bit address space (ends at {end:#x})")
        self.placed = placed

    def address(self, inp, sym):
        """The final address (or value) of symbol `sym` of input `inp`, or
        None if it is undefined."""
        if sym.section == obj.SEC_ABS:
            return sym.value
        if sym.binding != "local" and sym.type != "section":
            name = sym.name
            if name in self.defs:
                owner, s = self.defs[name]
                if s is not sym:
                    return self.address(owner, s)
            elif name in self.common_at:
                return self.common_section.base + self.common_at[name]
            elif sym.section in (obj.SEC_UNDEF, obj.SEC_COMMON):
                return 0 if sym.binding == "weak" else None
        placed = inp.sections[sym.section]
        return None if placed is None else placed.base + sym.value

    def _unplaced(self, inp, sym):
        """Why `sym` (whose address is None) has no address, if it is
        defined: "'x' is defined in .note of b.o, which is not loaded"."""
        if sym.binding != "local" and sym.type != "section" and sym.name in self.defs:
            inp, sym = self.defs[sym.name]
        if sym.section < len(inp.sections) and inp.sections[sym.section] is None:
            return (f"'{sym.name}' is defined in {inp.object.sections[sym.section].name} of "
                    f"{inp.name}, which is not loaded")
        return None

    # --- 3. relocate ----------------------------------------------------------------------

    def _relocate(self, inp):
        o = inp.object
        hi_at = {}
        # PCREL_HI20 first: the PCREL_LO12 that pairs with one may come before it
        pairs_last = sorted(o.relocs, key=lambda r: (obj.RELOC_BY_NUMBER[r.type][2] == "pcrel_lo",
                                                    r.section, r.offset))
        for r in pairs_last:
            name, fld, op = obj.RELOC_BY_NUMBER[r.type]
            where = self._where(inp, r.file, r.line)
            target = inp.sections[r.section]
            if target is None:
                continue
            sym = o.symbols[r.symbol]
            s = self.address(inp, sym)
            if s is None:
                if op == "pcrel_hi":
                    hi_at[target.base + r.offset] = None     # its %pcrel_lo needs no second message
                key = (inp.name, where, sym.name)
                if key not in self._reported:
                    self._reported.add(key)
                    why = self._unplaced(inp, sym) or f"undefined reference to '{sym.name}'"
                    self.error(f"{where}: {why}")
                continue
            p = target.base + r.offset
            v = s + r.addend
            try:
                if op == "pcrel_lo":
                    if hi_at.get(v, 0) is None:
                        continue
                    if v not in hi_at:
                        raise StatementError(f"{name}: no R_K32_PCREL_HI20 at {v:#x} to pair with")
                    value = lo12(hi_at[v])
                elif op == "pcrel_hi":
                    delta = ((v - p + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)
                    hi_at[p] = delta
                    value = hi20(delta)
                elif op in ("hi", "lo"):
                    if not -(1 << 31) <= v < (1 << 32):
                        raise StatementError(f"value {v:#x} does not fit in 32 bits")
                    value = hi20(v) if op == "hi" else lo12(v)
                elif op == "pcrel" and fld.startswith("data"):
                    value = v - p
                else:
                    value = v
                self._store(target, r.offset, fld, value, p, name)
            except StatementError as e:
                self.error(f"{where}: {e}")

    def _store(self, sec, off, fld, value, p, name):
        if fld.startswith("data"):
            size = int(fld[4:])
            sec.data[off:off + size] = data_bytes(value, size)
            return
        word = int.from_bytes(sec.data[off:off + 4], "little")
        decoded = isa.decode(word)
        insn = decoded[0] if decoded else None
        if insn is None or fld not in [o.kind for o in insn.operands]:
            what = f"'{insn.name}'" if insn else f"the word {word:#010x}, not an instruction"
            raise StatementError(f"{name} at {sec.name}+{off:#x} cannot patch {what}")
        word = ins.patch(word, insn, fld, value, p if fld in ("boff", "joff") else 0)
        sec.data[off:off + 4] = word.to_bytes(4, "little")

    # --- the whole link ---------------------------------------------------------------------

    def link(self, items):
        for item in items:
            self.add(item)
        self._lay_out()
        self._reported = set()
        if not self.errors:
            for inp in self.loaded:
                self._relocate(inp)
        entry = self._entry()
        if self.errors:
            raise LinkError(self.errors)
        exe = self._executable(entry)
        return Result(exe, self._map(entry), self.warnings)

    def _entry(self):
        if isinstance(self.entry, int):
            return self.entry
        name = self.entry or "_start"
        if name in self.defs:
            value = self.address(*self.defs[name])
            if value is not None:
                return value & 0xFFFFFFFF
            self.error(f"entry symbol {self._unplaced(*self.defs[name])}")
            return self.text_base
        text = [s for s in self.placed if s.kind == "text" and s.size]
        start = min((s.base for s in text), default=self.text_base)
        if self.entry is not None:
            self.error(f"entry symbol '{name}' is not defined")
        else:
            self.warnings.append(f"warning: cannot find entry symbol _start; defaulting to {start:#010x}")
        return start

    def _executable(self, entry):
        symbols, files, file_index, lines = [], [], {}, []
        for inp in self.loaded:
            o = inp.object
            for sym in o.symbols:
                if sym.type == "section" or not sym.defined or sym.name.startswith(".L") or sym.name == "*ABS*":
                    continue
                if sym.binding != "local" and self.defs.get(sym.name, (None, None))[1] is not sym:
                    continue             # an overridden weak definition
                value = self.address(inp, sym)
                if value is not None:
                    symbols.append(kx.Symbol(sym.name, value & 0xFFFFFFFF, sym.binding != "local",
                                             sym.section == obj.SEC_ABS))
            for sec, off, f, line in o.lines:
                placed = inp.sections[sec]
                if placed is None:
                    continue
                name = o.files[f]
                if name not in file_index:
                    file_index[name] = len(files)
                    files.append(name)
                lines.append((placed.base + off, file_index[name], line))
        for name, off in self.common_at.items():
            symbols.append(kx.Symbol(name, self.common_section.base + off, True, False))
        return kx.Executable(entry, segments_of(self.placed), symbols, files, lines)

    # --- the map ---------------------------------------------------------------------------

    def _map(self, entry):
        out = []
        pulled = [inp for inp in self.loaded if inp.library]
        if pulled:
            out += ["Archive members included to satisfy references", ""]
            for inp in pulled:
                out.append(f"{inp.name:<40} ({inp.reason})")
            out.append("")
        if self.commons:
            out += ["Common symbols", "", f"{'Symbol':<24} {'Size':>8}  File"]
            for name, (size, align, inp, _) in self.commons.items():
                if name in self.common_at:
                    out.append(f"{name:<24} {size:#8x}  {inp.name}")
            out.append("")
        out += ["Memory map", "", f"{'Section':<16} {'Address':>10} {'Size':>10}  {'Align':>5}  Input",
                ""]
        for kind in ("text", "rodata", "data", "bss"):
            parts = [(s, inp) for inp in self.loaded for s in inp.sections if s is not None and s.kind == kind]
            if kind == "bss" and self.common_at:
                parts.append((self.common_section, None))
            parts = [(s, inp) for s, inp in parts if s.size]
            if not parts:
                continue
            start = min(s.base for s, _ in parts)
            end = max(s.base + s.size for s, _ in parts)
            out.append(f".{kind:<15} {start:#010x} {end - start:#10x}")
            for s, inp in parts:
                out.append(f"  {s.name:<14} {s.base:#010x} {s.size:#10x}  {s.align:>5}  "
                           f"{inp.name if inp else '(common symbols)'}")
                for name, value in self._symbols_in(s, inp):
                    out.append(f"  {'':<14} {value:#010x}             {name}")
            out.append("")
        out.append(f"Entry point {entry:#010x}")
        return "\n".join(out) + "\n"

    def _symbols_in(self, sec, inp):
        if inp is None:
            return sorted(((n, self.common_section.base + o) for n, o in self.common_at.items()),
                          key=lambda t: t[1])
        index = inp.sections.index(sec)
        found = []
        for sym in inp.object.symbols:
            if sym.section == index and sym.type != "section" and not sym.name.startswith(".L"):
                if sym.binding != "local" and self.defs.get(sym.name, (None, None))[1] is not sym:
                    continue
                found.append((sym.name, sec.base + sym.value))
        return sorted(found, key=lambda t: t[1])


def link(items, text_base=0x1000, entry=None):
    """Link Inputs and Libraries in order; returns a Result or raises LinkError."""
    return Linker(text_base, entry).link(items)
