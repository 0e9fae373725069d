"""Pass 2: lay the sections out, make every symbol absolute, apply the
fixups and build the executable.  A mixin of Assembler."""

from isa import kx

from . import instructions as ins
from .errors import Loc, StatementError
from .expr import ExprError, evaluate
from .model import Section, data_bytes, lay_out, segments_of


# A value whose expression, or chain of symbols defined by symbols, is
# nested deeper than Python's recursion allows.
TOO_DEEP = "expression nested too deeply"


class Layout:
    def _layout(self):
        end = lay_out(list(self.sections.values()), self.text_base)
        if end > 1 << 32:
            self.error(Loc("<layout>", 0, 0), f"program does not fit in the 32-bit address space (ends at {end:#x})")

    def _pass2(self):
        self._layout()
        for sym in self.symbols.values():
            if sym.defined and sym.expr is None and isinstance(sym.section, Section):
                sym.value += sym.section.base
                sym.section = None
        ctx = _Pass2(self)
        for sym in list(self.symbols.values()):
            if sym.defined and sym.expr is not None:
                try:
                    sym.value, _ = ctx.resolve(sym)
                except ExprError as e:
                    self.error(sym.loc, str(e))
                except RecursionError:
                    self.error(sym.loc, TOO_DEEP)
        ctx.pcrel = {}
        for sec, offset, target in self.pcrel_sites:
            try:
                ctx.pcrel[sec.base + offset] = evaluate(target, ctx)[0]
            except ExprError:
                pass
        for fx in self.fixups:
            self._apply(fx, ctx)
        return self._executable()

    def _apply(self, fx, ctx):
        try:
            value, _ = evaluate(fx.expr, ctx)
        except ExprError as e:
            self.error(fx.loc, str(e))
            return
        except RecursionError:
            self.error(fx.loc, TOO_DEEP)
            return
        sec, off = fx.section, fx.offset
        if sec.kind == "bss":
            self.error(fx.loc, f"initialized data in {sec.name} (it holds only zeros)")
            return
        try:
            if fx.kind.startswith("data"):
                size = int(fx.kind[4:])
                sec.data[off:off + size] = data_bytes(value, size)
            else:
                word = int.from_bytes(sec.data[off:off + 4], "little")
                word = ins.patch(word, fx.insn, fx.kind, value, sec.base + off)
                sec.data[off:off + 4] = word.to_bytes(4, "little")
        except StatementError as e:
            self.error(fx.loc, str(e))

    def _executable(self):
        segments = segments_of(list(self.sections.values()))
        files, file_index, lines = [], {}, []
        for sec, offset, loc in self.line_entries:
            origin = line_origin(loc)
            if origin.file not in file_index:
                file_index[origin.file] = len(files)
                files.append(storable_name(origin.file))
            lines.append((sec.base + offset, file_index[origin.file], origin.line))
        symbols = []
        for sym in self.symbols.values():
            if not sym.defined or "\x02" in sym.name or sym.name.startswith(".L"):
                continue
            if sym.loc is not None and sym.loc.file == "<command line>":
                continue
            symbols.append(kx.Symbol(sym.name, sym.value & 0xFFFFFFFF, sym.is_global, not sym.is_label))
        start = self.symbols.get("_start")
        if start is not None and start.defined:
            entry = start.value & 0xFFFFFFFF
        else:
            text = [s for s in self.sections.values() if s.kind == "text"]
            entry = min((s.base for s in text), default=self.text_base)
        return kx.Executable(entry, segments, symbols, files, lines)


class _Pass2:
    """Evaluation context once every address is known."""

    def __init__(self, asm):
        self.asm = asm
        self.pcrel = {}

    def symbol(self, name):
        sym = self.asm.symbols.get(name)
        if sym is not None and not sym.defined and sym.is_weak:
            return 0, None                 # an undefined weak symbol is 0, as a linker makes it
        if sym is None or not sym.defined:
            shown = name.replace("\x02", "")[:-1] + "f" if "\x02" in name else name
            if "\x02" in name:
                raise ExprError(f"no later definition of local label {name.split(chr(2))[0]} (referenced as {shown})")
            raise ExprError(f"undefined symbol '{name}'")
        if sym.expr is not None:
            return self.resolve(sym)
        return sym.value, None

    def resolve(self, sym):
        if sym.expr == "busy":
            raise ExprError(f"symbol '{sym.name}' is defined in terms of itself")
        expr, sym.expr = sym.expr, "busy"
        try:
            value, section = evaluate(expr, self)
        except ExprError:
            sym.expr = expr
            raise
        if isinstance(section, Section):
            value += section.base
        sym.value, sym.expr = value, None
        return value, None

    def at(self, offset, section):
        return offset + (section.base if section is not None else 0), None

    def dot(self):
        raise ExprError("'.' cannot be used here")

    def lref(self, number, direction):
        raise ExprError("local label reference cannot be resolved here")

    def pcrel_lo(self, address):
        if address not in self.pcrel:
            raise ExprError(f"%pcrel_lo: no auipc with %pcrel_hi at {address:#x}")
        return self.pcrel[address] - address


def storable_name(path):
    """A file name the executable's line table (UTF-8) can hold.  A name
    that is not UTF-8 on disk reaches Python with lone surrogates (errors=
    "surrogateescape"); its undecodable bytes become U+FFFD there."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def line_origin(loc):
    """The line a debugger should show for code from `loc`: the outermost
    macro or repetition invocation in the file, or the line itself."""
    for kind, where in loc.via:
        if kind != "include":
            return where
    return loc
