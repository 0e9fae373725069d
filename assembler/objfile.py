"""Pass 2 for `k32 asm -c`: a relocatable object instead of an executable.

Every section starts at offset 0 of its own; nothing has an address yet.
Each fixup is evaluated with the symbols as (offset, section) pairs and the
undefined or overridable (weak) symbols as references to themselves.
What then settles (a branch inside one section, the difference of two labels
in one section, a constant) is patched in place, as the one-file assembler
does; what does not becomes a relocation: symbol + addend, and the
operation (isa/obj.py RELOCATIONS) the linker applies once it has placed
the sections.  A mixin of Assembler.
"""

from isa import obj

from . import instructions as ins
from .errors import StatementError
from .expr import ExprError, Unknown, evaluate, from64, hi20, lo12
from .layout import TOO_DEEP, line_origin, storable_name
from .model import Section, data_bytes


class Extern:
    """The 'section' of a value that is relative to a symbol the linker
    resolves: an undefined symbol, a weak definition, or an absolute 0."""
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        return isinstance(other, Extern) and other.name == self.name

    def __hash__(self):
        return hash(self.name)


ABSOLUTE = Extern("*ABS*")          # a jal to a fixed address needs P: S = 0
KEPT_UNLOADED = {".modinfo"}       # not loaded, but kept: a kernel module's metadata (isa/module.py)


class _ObjectPass:
    """Evaluation context of the object pass."""

    def __init__(self, asm, definitions=False):
        self.asm = asm
        # True: a weak symbol means its definition here (for .size), not
        # the one the linker will choose.
        self.definitions = definitions

    def symbol(self, name):
        sym = self.asm.symbols.get(name)
        if sym is None or (not sym.defined and sym.common is None):
            if "\x02" in name:
                shown = name.replace("\x02", "")[:-1] + "f"
                raise ExprError(f"no later definition of local label {name.split(chr(2))[0]} (referenced as {shown})")
            if name.startswith(".L"):
                raise ExprError(f"undefined local symbol '{name}'")
            return 0, Extern(str(name))
        if sym.common is not None or (sym.is_weak and not (self.definitions and sym.defined)):
            return 0, Extern(str(name))
        if sym.expr is not None:
            if sym.expr == "busy":
                raise ExprError(f"symbol '{name}' is defined in terms of itself")
            expr, sym.expr = sym.expr, "busy"
            try:
                sym.value, sym.section = evaluate(expr, self)
                sym.expr = None
            except BaseException:
                sym.expr = expr
                raise
        return sym.value, sym.section

    def at(self, offset, section):
        return offset, section

    def dot(self):
        raise ExprError("'.' cannot be used here")

    def lref(self, number, direction):
        raise ExprError("local label reference cannot be resolved here")

    def pcrel_lo(self, address):
        raise Unknown()


class ObjectOutput:
    def _pass2_object(self):
        ctx = _ObjectPass(self)
        for sym in list(self.symbols.values()):
            if sym.defined and sym.expr is not None:
                try:
                    ctx.symbol(sym.name)
                except (ExprError, Unknown) as e:
                    self.error(sym.loc, str(e) if isinstance(e, ExprError) else
                               f"'{sym.name}' cannot be expressed as symbol + constant")
                except RecursionError:
                    self.error(sym.loc, TOO_DEEP)
        out = obj.Object()
        self._obj, self._ctx = out, ctx
        self._file_index = {}
        self._sec_index = {}
        self._sym_index = {}
        for sec in self.sections.values():
            if sec.kind == "none" and sec.name not in KEPT_UNLOADED:
                continue                     # .debug_*, .comment, notes: not loaded, dropped
            self._sec_index[sec.name] = len(out.sections)
            out.sections.append(obj.Section(sec.name, sec.kind, sec.align,
                                            b"" if sec.kind == "bss" else sec.data, sec.size))
            out.symbols.append(obj.Symbol(sec.name, 0, self._sec_index[sec.name], "local", "section"))
        self._pcrel = {}                     # (section, offset) of an auipc -> distance or "reloc"
        for fx in self.fixups:
            if fx.kind == "imm20" and type(fx.expr) is tuple and fx.expr[0] == "pcrel_hi_at":
                self._relocate(fx)
        for fx in self.fixups:
            if not (fx.kind == "imm20" and type(fx.expr) is tuple and fx.expr[0] == "pcrel_hi_at"):
                self._relocate(fx)
        self._symbols()
        out.relocs.sort(key=lambda r: (r.section, r.offset))
        for sec, offset, loc in self.line_entries:
            if sec.name in self._sec_index:
                origin = line_origin(loc)
                out.lines.append((self._sec_index[sec.name], offset, self._file(origin.file), origin.line))
        return out

    # --- pieces ------------------------------------------------------------------

    def _file(self, name):
        if name not in self._file_index:
            self._file_index[name] = len(self._obj.files)
            self._obj.files.append(storable_name(name))
        return self._file_index[name]

    def _symbol_ref(self, base):
        """Symbol-table index for a relocation against `base` (a Section or Extern)."""
        if isinstance(base, Section):
            return self._sec_index[base.name]     # the section symbol has the section's index
        if base.name not in self._sym_index:
            self._sym_index[base.name] = None     # filled in by _symbols
        return base.name

    def _value(self, expr):
        """(number, base) of a fixup's expression, base None, Section or Extern."""
        value, base = evaluate(expr, self._ctx)
        if isinstance(base, Section) and base.kind == "none":
            raise ExprError(f"refers to section {base.name}, which is not loaded")
        return value, base

    def _relocate(self, fx):
        try:
            self._relocate1(fx)
        except ExprError as e:
            self.error(fx.loc, str(e))
        except Unknown:
            self.error(fx.loc, "expression cannot be relocated: the linker can only add "
                               "a constant to one symbol's address")
        except StatementError as e:
            self.error(fx.loc, str(e))
        except RecursionError:
            self.error(fx.loc, TOO_DEEP)

    def _relocate1(self, fx):
        sec, off, kind, expr = fx.section, fx.offset, fx.kind, fx.expr
        if sec.kind == "none":
            return                               # a dropped section needs no patching
        if sec.kind == "bss":
            raise StatementError(f"initialized data in {sec.name} (it holds only zeros)")
        op = expr[0] if type(expr) is tuple else None
        if kind.startswith("data"):
            try:
                value, base = self._value(expr)
            except Unknown:
                if kind == "data4" and op == "sub":
                    return self._difference(fx, expr)
                raise
            if base is None:
                size = int(kind[4:])
                sec.data[off:off + size] = data_bytes(value, size)
                return
            return self._emit(fx, "abs", value, base)
        if op in ("hi", "lo"):
            value, base = self._value(expr[1])
            if base is None:
                value = from64(value)
                if not -(1 << 31) <= value < (1 << 32):
                    raise ExprError(f"value {value:#x} does not fit in 32 bits")
                return self._patch(fx, hi20(value) if op == "hi" else lo12(value))
            return self._emit(fx, op, value, base)
        if op == "pcrel_hi_at":
            target, tbase = self._value(expr[1])
            here, hbase = self._value(expr[2])
            if tbase == hbase:
                self._pcrel[(hbase.name, here)] = target - here
                return self._patch(fx, hi20(target - here))
            self._pcrel[(hbase.name, here)] = "reloc"
            return self._emit(fx, "pcrel_hi", target, tbase if tbase is not None else ABSOLUTE)
        if op == "pcrel_lo":
            at, abase = self._value(expr[1])
            key = (abase.name if isinstance(abase, Section) else None, at)
            if key not in self._pcrel:
                raise ExprError("%pcrel_lo: no auipc with %pcrel_hi at that label")
            if self._pcrel[key] == "reloc":
                return self._emit(fx, "pcrel_lo", at, abase)
            return self._patch(fx, lo12(self._pcrel[key]))
        value, base = self._value(expr)
        if kind in ("boff", "joff"):
            if base is sec:
                return self._patch(fx, value, pc=off)
            return self._emit(fx, "pcrel", value, base if base is not None else ABSOLUTE)
        if base is None:
            return self._patch(fx, value)
        return self._emit(fx, "abs", value, base)

    def _difference(self, fx, expr):
        """`.word A - B` with B in the section of the word itself (GCC's
        jump tables of -mcmodel=medany: `.word .L5-.L4` in .rodata, .L5 in
        .text): A - P + (P - B), a pc-relative datum with a constant addend."""
        value, base = self._value(expr[1])
        at, abase = self._value(expr[2])
        if abase is not fx.section or base is None:
            raise Unknown()
        return self._emit(fx, "pcrel", value + fx.offset - at, base)

    def _patch(self, fx, value, pc=None):
        sec, off = fx.section, fx.offset
        word = int.from_bytes(sec.data[off:off + 4], "little")
        if fx.kind in ("boff", "joff"):
            word = ins.patch(word, fx.insn, fx.kind, value, pc)
        else:
            word = ins.patch(word, fx.insn, fx.kind, value, 0)
        sec.data[off:off + 4] = word.to_bytes(4, "little")

    def _emit(self, fx, op, addend, base):
        number = obj.RELOC_BY_USE.get((fx.kind, op))
        if number is None:
            what = {"abs": "a symbol's address", "pcrel": "a pc-relative offset"}.get(op, f"%{op}")
            raise StatementError(f"cannot relocate {what} in {_field_name(fx.kind)}")
        if not -(1 << 31) <= addend < (1 << 31):
            raise ExprError(f"addend {addend:#x} does not fit in 32 bits")
        self._obj.relocs.append(obj.Reloc(self._sec_index[fx.section.name], fx.offset, number,
                                          self._symbol_ref(base), addend,
                                          self._file(fx.loc.file), fx.loc.line))

    def _symbols(self):
        out = self._obj
        names = {}
        for sym in self.symbols.values():
            keep = (sym.defined or sym.common is not None or sym.name in self._sym_index
                    or sym.is_global)
            if not keep or "\x02" in sym.name:
                continue
            if sym.loc is not None and sym.loc.file == "<command line>" and sym.name not in self._sym_index:
                continue
            if sym.name.startswith(".L") and sym.name not in self._sym_index:
                continue
            if sym.common is not None and not sym.defined:
                size, align = sym.common
                entry = obj.Symbol(str(sym.name), align, obj.SEC_COMMON, "global", "object", size)
            elif not sym.defined:
                if sym.is_local:
                    self.error(sym.loc, f"local symbol '{sym.name}' is not defined")
                    continue
                entry = obj.Symbol(str(sym.name), 0, obj.SEC_UNDEF, "weak" if sym.is_weak else "global")
            else:
                section = sym.section
                if isinstance(section, Section):
                    if section.kind == "none":
                        continue
                    index = self._sec_index[section.name]
                elif isinstance(section, Extern):
                    continue          # `x = ext + 4`: its uses are relocations against ext
                else:
                    index = obj.SEC_ABS
                binding = "weak" if sym.is_weak else "global" if sym.is_global else "local"
                kind = "constant" if index == obj.SEC_ABS and sym.type == "label" else sym.type
                entry = obj.Symbol(str(sym.name), sym.value & 0xFFFFFFFF, index, binding, kind,
                                   self._size(sym))
            if sym.loc is not None and sym.loc.line:
                entry.file, entry.line = self._file(line_origin(sym.loc).file), line_origin(sym.loc).line
            names[sym.name] = len(out.symbols)
            out.symbols.append(entry)
        if "*ABS*" in self._sym_index:
            names["*ABS*"] = len(out.symbols)
            out.symbols.append(obj.Symbol("*ABS*", 0, obj.SEC_ABS, "local", "constant"))
        for name in self._sym_index:
            if name not in names:                 # referenced, never declared: an undefined global
                names[name] = len(out.symbols)
                out.symbols.append(obj.Symbol(name, 0, obj.SEC_UNDEF, "global"))
        for r in out.relocs:
            if isinstance(r.symbol, str):
                r.symbol = names[r.symbol]

    def _size(self, sym):
        if sym.size is None:
            return 0
        try:
            value, base = evaluate(sym.size, _ObjectPass(self, definitions=True))
        except (ExprError, Unknown, RecursionError):
            value, base = 0, "bad"
        if base is not None or not 0 <= value < 1 << 32:
            self.error(sym.loc, f".size of '{sym.name}' is not a constant")
            return 0
        return value


def _field_name(kind):
    return {"imm": "a signed 16-bit immediate", "uimm": "an unsigned 16-bit immediate",
            "shamt": "a shift amount", "imm20": "a 20-bit immediate", "csr": "a CSR number",
            "boff": "a branch offset", "joff": "a jump offset", "data1": "a byte",
            "data2": "a halfword", "data8": "an 8-byte datum"}.get(kind, kind)
