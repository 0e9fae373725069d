"""The two-pass assembler driver.

Pass 1 reads lines in order -- expanding includes, macros, repetitions and
conditionals as GNU as does -- and hands runs of ordinary statements to the
parser in batches.  Each statement is placed in its section right away:
its size is always known in pass 1 (`li` picks its expansion from what is
known at that point, and takes two words otherwise), and every value that
is not yet known becomes a fixup.  Pass 2 lays the sections out, makes every
symbol absolute and applies the fixups.  Errors are collected, not thrown,
so one run reports all of them.
"""

import os
import re
from dataclasses import dataclass, field

import isa
from isa import kx

from . import instructions as ins
from .errors import AsmError, Diagnostic, Loc, StatementError
from .expr import ExprError, Unknown, evaluate, freeze
from .parser import ParseError, parse_lines
from .source import LABEL, WORD, Macro, MacroError, operand_column, split_statements

DEFAULT_TEXT_BASE = 0x1000
PAGE = 4096
MAX_DEPTH = 100            # nested includes and macro expansions
MAX_REPEAT = 1 << 20       # .rept / .fill / .space upper bound (items)
MAX_ERRORS = 200
MAX_LINES = 500_000        # lines read, counting every expansion: stops .rept bombs
MAX_SECTION = 64 << 20     # bytes in one section
KIND_ORDER = ("text", "rodata", "data", "bss")
SEGMENT_FLAGS = {"text": kx.SEG_R | kx.SEG_X, "rodata": kx.SEG_R, "data": kx.SEG_R | kx.SEG_W}
NOP = isa.encode(isa.lookup("addi"), {})

CONDITIONALS = {".if", ".ifdef", ".ifndef", ".ifnotdef", ".ifeq", ".ifne", ".ifgt", ".ifge",
                ".iflt", ".ifle", ".ifc", ".ifnc", ".ifb", ".ifnb", ".elseif", ".elif",
                ".else", ".endif"}
STRUCTURAL = {".macro", ".endm", ".rept", ".irp", ".irpc", ".endr", ".include", ".exitm",
              ".purgem", ".error", ".err", ".end", ".warning", ".print"}


MACRO_HEAD = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?\s*(.*)$")
SECTION_NAME = re.compile(r'^(\.\w+\s+)([^\s",]+)')


class _Exit(Exception):
    """`.exitm`: stop expanding the current macro."""


class _End(Exception):
    """`.end`: stop reading source altogether."""


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


class Result:
    """What an assembly produced: the executable, and what the listing needs."""

    def __init__(self, executable, lines, main_file):
        self.executable = executable
        self._lines = lines
        self._main = main_file

    def listing(self):
        from .listing import render
        return render(self._lines, self._main, self.executable.symbols)


class Assembler:
    def __init__(self, include_paths=(), defines=None, text_base=DEFAULT_TEXT_BASE):
        self.include_paths = list(include_paths)
        self.text_base = text_base
        self.diagnostics = []
        self._reported = set()
        self.symbols = {}
        self.sections = {}
        self.section_stack = []
        self.previous = None
        self.fixups = []
        self.macros = {}
        self.macro_counter = 0
        self.local_counts = {}
        self.line_records = []
        self.line_entries = []           # (section, offset, Loc) of each instruction
        self.pcrel_sites = []            # (section, offset, frozen target) of auipc %pcrel_hi
        self.batch = []
        self.current = self._section(".text")
        self.loc = None
        self.depth = 0
        for name, value in (defines or {}).items():
            self.symbols[name] = Symbol(name, value, loc=Loc("<command line>", 0))

    # --- diagnostics ---------------------------------------------------------

    def error(self, loc, message):
        key = (loc.file, loc.line, loc.col, message)
        if key in self._reported:                  # e.g. both halves of an `la`
            return
        self._reported.add(key)
        self.diagnostics.append(Diagnostic(loc, message))
        if len(self.diagnostics) >= MAX_ERRORS:
            self.diagnostics.append(Diagnostic(loc, "too many errors, stopping"))
            raise AsmError(self.diagnostics)

    def _statement_error(self, loc, e):
        col = loc.col
        if e.operand is not None and loc.text:
            col = loc.col - 1 + operand_column(loc.text[loc.col - 1:], e.operand)
        self.error(loc.at(col), str(e))

    # --- sections --------------------------------------------------------------

    def _section(self, name, flags=None, kind=None):
        sec = self.sections.get(name)
        if sec is None:
            if kind is None:
                kind = _section_kind(name, flags)
            sec = self.sections[name] = Section(name, kind)
        return sec

    def _switch(self, sec):
        self.previous, self.current = self.current, sec

    # --- the evaluation context (pass 1) ----------------------------------------

    def dot(self):
        return self.current.size, self.current

    def lref(self, number, direction):
        count = self.local_counts.get(number, 0)
        if direction == "b":
            if count == 0:
                raise ExprError(f"no earlier definition of local label {number}")
            return f"{number}\x02{count}"
        return f"{number}\x02{count + 1}"

    def symbol(self, name):
        sym = self.symbols.get(name)
        if sym is None or not sym.defined:
            raise Unknown(name)
        if sym.expr is not None:
            if sym.expr == "busy":
                raise ExprError(f"symbol '{name}' is defined in terms of itself")
            expr, sym.expr = sym.expr, "busy"
            try:
                return evaluate(expr, self)
            finally:
                sym.expr = expr
        return sym.value, sym.section

    def pcrel_lo(self, address):
        raise Unknown()

    def at(self, offset, section):
        return offset, section

    def freeze(self, expr):
        try:
            return freeze(expr, self)
        except ExprError as e:
            raise StatementError(str(e)) from None

    def known(self, expr):
        """The absolute value of expr if already settled, else None."""
        try:
            v, s = evaluate(expr, self)
        except (Unknown, ExprError):
            return None
        return v if s is None else None

    def absolute(self, expr, what, operand=None):
        """Evaluate an expression that must be a constant known right now."""
        try:
            v, s = evaluate(expr, self)
        except Unknown as e:
            why = f" ('{e.args[0]}' is not defined yet)" if e.args else ""
            raise StatementError(f"{what} must be a constant known at this point{why}", operand) from None
        except ExprError as e:
            raise StatementError(str(e), operand) from None
        if s is not None:
            raise StatementError(f"{what} must be a constant, not an address", operand)
        return v

    # --- reading sources ----------------------------------------------------------

    def assemble_file(self, path):
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            raise AsmError([Diagnostic(Loc(path, 0, 0), f"cannot read file: {e.strerror}")]) from None
        return self._run(self._decode(raw, Loc(path, 0, 0)), path)

    def assemble_string(self, text, name="<input>"):
        return self._run(text, name)

    def _decode(self, raw, loc):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line = raw[:e.start].count(b"\n") + 1
            self.error(Loc(loc.file, line, 1, via=loc.via), "file is not UTF-8 text (binary data?)")
            return None

    def _text_ok(self, text, name, via=()):
        if "\0" not in text:
            return True
        line = text[:text.index("\0")].count("\n") + 1
        self.error(Loc(name, line, 1, via=via), "file contains NUL bytes (binary data?)")
        return False

    def _run(self, text, name):
        try:
            if text is not None and self._text_ok(text, name):
                try:
                    self._feed(_lines(text, name), ())
                except _End:
                    pass
            self._flush()
            exe = self._pass2()
            if not self.diagnostics:
                return Result(exe, self.line_records, name)
        except RecursionError:
            self.error(self.loc or Loc(name, 0, 0), "nesting too deep")
        raise AsmError(self.diagnostics)

    def _feed(self, lines, via):
        """Assemble (text, file, line) items: the body of a file or expansion."""
        conds = []                     # [active, taken, seen_else, loc]
        collect = None                 # body being collected for .macro/.rept/...
        try:
            for text, file, lineno in lines:
                record = LineRecord(Loc(file, lineno, 1, text, via), self.depth)
                self.line_records.append(record)
                if len(self.line_records) > MAX_LINES:
                    self.error(record.loc, f"more than {MAX_LINES:,} lines after expansion; stopping")
                    raise AsmError(self.diagnostics)
                if collect is not None:
                    collect = self._collect(collect, text, file, lineno, record, via)
                    continue
                for stmt, col in split_statements(text):
                    if stmt.isspace() or not stmt:
                        continue
                    loc = Loc(file, lineno, col + 1, text, via)
                    collect = self._statement(stmt, loc, record, conds, via)
                    if collect is not None:
                        break
        except _Exit:
            if not via or not via[-1][0].startswith("macro"):
                raise                  # leave the enclosing .rept as well
            return                     # what .exitm skipped may be unbalanced
        if collect is not None:
            self.error(collect["loc"], f"{collect['kind']} without {_closer(collect['kind'])}")
        for cond in conds:
            self.error(cond[3], ".if without .endif")

    def _statement(self, stmt, loc, record, conds, via):
        """Handle one statement; returns a collection state to start, or None."""
        labels, pos = [], 0
        while True:
            m = LABEL.match(stmt, pos)
            if not m:
                break
            labels.append((m.group(1), pos + len(m.group(0)) - len(m.group(0).lstrip())))
            pos = m.end()
        m = WORD.match(stmt, pos)
        word = m.group(1).lower() if m else ""
        active = not conds or conds[-1][0]
        if word in CONDITIONALS:
            if active:
                for name, col in labels:
                    self.batch.append(("label", name, loc.at(loc.col + col), record))
            self._flush()
            self.loc = loc.at(loc.col + m.start(1))
            self._conditional(word, stmt[m.end():], conds)
            return None
        if not active:
            return None
        for name, col in labels:
            self.batch.append(("label", name, loc.at(loc.col + col), record))
        rest = stmt[pos:]
        if not rest.strip():
            return None
        col = loc.col + pos + len(rest) - len(rest.lstrip())
        here = loc.at(col)
        if word in STRUCTURAL or (m and m.group(1) in self.macros):
            self._flush()
            self.loc = here
            args = stmt[m.end():]
            try:
                return self._structural(word, m.group(1), args, here, record, via)
            except StatementError as e:
                self._statement_error(here, e)
            except MacroError as e:
                self.error(here, str(e))
            return None
        rest = rest.strip()
        if word in (".section", ".pushsection"):
            # Section names may hold characters no symbol has (.note.GNU-stack).
            rest = SECTION_NAME.sub(r'\1"\2"', rest, count=1)
        self.batch.append(("stmt", rest, here, record))
        return None

    # --- batches of ordinary statements -----------------------------------------------

    def _flush(self):
        batch, self.batch = self.batch, []
        if not batch:
            return
        texts = [item[1] for item in batch if item[0] == "stmt"]
        try:
            parsed = parse_lines("\n".join(texts) + "\n") if texts else []
        except ParseError:
            parsed = None
        results = iter(parsed or ())
        for kind, text, loc, record in batch:
            self.loc = loc
            if kind == "label":
                self._define_label(text, loc, record)
                continue
            if parsed is None:
                try:
                    stmt = parse_lines(text + "\n")[0]
                except ParseError as e:
                    col = loc.col + e.col - 1 if e.line == 1 else loc.col + len(text)
                    self.error(loc.at(col), e.args[0])
                    continue
            else:
                stmt = next(results)
            try:
                self._execute(stmt, loc, record)
            except StatementError as e:
                self._statement_error(loc, e)

    def _execute(self, stmt, loc, record):
        if stmt[0] == "set":
            self._assign(stmt[1], stmt[2], loc, redefine=True)
            return
        name, ops = stmt[1], stmt[2]
        lname = name.lower()
        if lname.startswith("."):
            handler = DIRECTIVES.get(lname)
            if handler is None:
                raise StatementError(f"unknown directive '{name}'")
            handler(self, ops, loc, record)
        else:
            self._instruction(lname, ops, loc, record)

    # --- labels and symbols -------------------------------------------------------------

    def _define_label(self, name, loc, record):
        if name.isdigit():
            n = int(name)
            self.local_counts[n] = self.local_counts.get(n, 0) + 1
            name = f"{n}\x02{self.local_counts[n]}"
        sym = self.symbols.get(name)
        if sym is not None and sym.defined:
            self.error(loc, f"symbol '{name}' is already defined (at {sym.loc})")
            return
        if sym is None:
            sym = self.symbols[name] = Symbol(name)
        sym.value, sym.section, sym.expr = self.current.size, self.current, None
        sym.loc, sym.is_label, sym.defined = loc, True, True

    def _assign(self, name, expr, loc, redefine):
        sym = self.symbols.get(name)
        if sym is not None and sym.defined and (sym.is_label or not redefine):
            raise StatementError(f"symbol '{name}' is already defined (at {sym.loc})")
        if sym is None:
            sym = self.symbols[name] = Symbol(name)
        try:
            value, section = evaluate(expr, self)
            sym.value, sym.section, sym.expr = value, section, None
        except Unknown:
            sym.expr = self.freeze(expr)
        except ExprError as e:
            raise StatementError(str(e), 1) from None
        sym.loc, sym.defined, sym.is_label = loc, True, False

    # --- emitting -------------------------------------------------------------------------

    def emit(self, data, record, is_code=False):
        sec = self.current
        if sec.kind == "bss" and any(data):
            raise StatementError(f"initialized data in {sec.name} (it holds only zeros)")
        if sec.size + len(data) > MAX_SECTION:
            raise StatementError(f"section {sec.name} would grow past {MAX_SECTION >> 20} MiB")
        record.emits.append((sec, sec.size, len(data), is_code))
        sec.data += data

    def _instruction(self, name, ops, loc, record):
        steps = ins.expand(name, ops, self.known)
        if self.current.kind == "bss":
            raise StatementError(f"instructions in {self.current.name}")
        for insn, operands in steps:
            offset = self.current.size

            def source_index(i):
                # Operands of an expansion point back into the statement's,
                # also when wrapped in %hi/%lo.
                if i is None or i >= len(operands):
                    return None
                mine = operands[i]
                inner = mine[1][1] if type(mine[1]) is tuple and len(mine[1]) == 2 else None
                return next((j for j, op in enumerate(ops)
                             if op is mine or (inner is not None and op[1] is inner)), None)
            try:
                word, pending = ins.encode(insn, operands, self, offset, self.current)
            except StatementError as e:
                e.operand = source_index(e.operand)
                raise
            if offset % 4:
                raise StatementError("instruction at an address that is not a multiple of 4 "
                                     "(add .align 2 before it)")
            self.emit(word.to_bytes(4, "little"), record, is_code=True)
            self.line_entries.append((self.current, offset, loc))
            for p in pending:
                self.fixups.append(Fixup(self.current, offset, p.kind, p.expr,
                                         _operand_loc(loc, source_index(p.index)), insn))
            if insn.name == "auipc" and type(operands[1][1]) is tuple and operands[1][1][0] == "pcrel_hi":
                self.pcrel_sites.append((self.current, offset, self.freeze(operands[1][1][1])))

    # --- structural directives: include, macros, repetition ---------------------------

    def _structural(self, word, name, args, loc, record, via):
        if word not in STRUCTURAL:
            return self._invoke(self.macros[name], args, loc, via)
        if word == ".include":
            self._include(args, loc, via)
        elif word == ".macro":
            m = MACRO_HEAD.match(args)
            if not m:
                raise StatementError(".macro needs a name")
            return {"kind": ".macro", "name": m.group(1), "params": Macro.parse_params(m.group(2)),
                    "body": [], "depth": 1, "loc": loc}
        elif word in (".rept", ".irp", ".irpc"):
            return {"kind": word, "args": args, "body": [], "depth": 1, "loc": loc}
        elif word in (".endm", ".endr"):
            raise StatementError(f"{word} without {'.macro' if word == '.endm' else '.rept'}")
        elif word == ".exitm":
            if not any(kind.startswith("macro") for kind, _ in via):
                raise StatementError(".exitm outside a macro")
            raise _Exit()
        elif word == ".end":
            raise _End()
        elif word == ".purgem":
            self.macros.pop(args.strip(), None)
        elif word in (".error", ".err"):
            text = args.strip()
            raise StatementError(text.strip('"') if text else ".error directive")
        elif word in (".warning", ".print"):
            pass
        return None

    def _collect(self, collect, text, file, lineno, record, via):
        """Add a line to the body being collected; finish at the matching end."""
        first = split_statements(text)[0][0]
        pos = 0
        while (m := LABEL.match(first, pos)):
            pos = m.end()
        m = WORD.match(first, pos)
        word = m.group(1).lower() if m else ""
        opener = (".macro",) if collect["kind"] == ".macro" else (".rept", ".irp", ".irpc")
        if word in opener:
            collect["depth"] += 1
        elif word == _closer(collect["kind"]):
            collect["depth"] -= 1
            if collect["depth"] == 0:
                self._finish_collect(collect, via)
                return None
        collect["body"].append((text, file, lineno))
        return collect

    def _finish_collect(self, c, via):
        loc = c["loc"]
        self.loc = loc
        try:
            if c["kind"] == ".macro":
                self.macros[c["name"]] = Macro(c["name"], c["params"], c["body"], loc)
                return
            if c["kind"] == ".rept":
                expr = self._parse_expr(c["args"], loc)
                count = self.absolute(expr, ".rept count")
                if not 0 <= count <= MAX_REPEAT:
                    raise StatementError(f".rept count {count} out of range (0..{MAX_REPEAT})")
                bodies = [c["body"]] * count
            else:
                symbol, _, values = c["args"].strip().partition(",")
                symbol = symbol.strip()
                if not symbol.isidentifier():
                    raise StatementError(f"{c['kind']} needs a parameter name")
                if c["kind"] == ".irp":
                    items = [v.strip() for v in values.split(",")] if values.strip() else [""]
                else:
                    items = list(values.strip())
                bodies = [Macro("irp", [(symbol, "", "")], c["body"], loc).expand({symbol: v}, 0)
                          for v in items]
            for body in bodies:
                self._nested(body, via + (("rept", loc),))
        except StatementError as e:
            self._statement_error(loc, e)

    def _nested(self, lines, via):
        if len(via) > MAX_DEPTH:
            raise StatementError(f"more than {MAX_DEPTH} nested expansions (a macro that invokes itself?)")
        self.depth += 1
        try:
            self._feed(lines, via)
            self._flush()
        finally:
            self.depth -= 1

    def _invoke(self, macro, args, loc, via):
        values = macro.bind(args)
        body = macro.expand(values, self.macro_counter)     # \@ counts from 0, as in GNU as
        self.macro_counter += 1
        self._nested(body, via + ((f"macro '{macro.name}'", loc),))
        return None

    def _include(self, args, loc, via):
        name = args.strip()
        if len(name) < 2 or name[0] != '"' or name[-1] != '"':
            raise StatementError('.include needs a quoted file name: .include "file.inc"')
        name = name[1:-1]
        here = os.path.dirname(loc.file)
        folders = list(dict.fromkeys([here, *self.include_paths, ""]))   # "" = current directory
        for folder in folders:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                break
        else:
            raise StatementError(f"cannot find include file '{name}' "
                                 f"(searched {', '.join(f or '.' for f in folders)})")
        inner = via + (("include", loc),)
        try:
            with open(path, "rb") as f:
                text = self._decode(f.read(), Loc(path, 0, 0, via=inner))
        except OSError as e:
            raise StatementError(f"cannot read '{path}': {e.strerror}") from None
        if text is not None and self._text_ok(text, path, inner):
            if len(via) > MAX_DEPTH:
                raise StatementError("includes nested too deeply (a file that includes itself?)")
            self._nested(_lines(text, path), inner)

    # --- conditionals ------------------------------------------------------------------

    def _parse_expr(self, text, loc):
        try:
            stmt = parse_lines(".x " + text.strip() + "\n")[0]
        except ParseError as e:
            raise StatementError(f"bad expression: {e.args[0]}") from None
        if stmt[0] != "cmd" or len(stmt[2]) != 1 or stmt[2][0][0] != "e":
            raise StatementError("expected one expression")
        return stmt[2][0][1]

    def _conditional(self, word, args, conds):
        loc = self.loc
        try:
            if word in (".else", ".elif", ".elseif", ".endif"):
                if not conds:
                    raise StatementError(f"{word} without .if")
                cond = conds[-1]
                if word == ".endif":
                    conds.pop()
                    return
                if cond[2]:
                    raise StatementError(f"{word} after .else")
                parent = len(conds) < 2 or conds[-2][0]
                if word == ".else":
                    cond[2] = True
                    cond[0] = parent and not cond[1]
                else:
                    value = parent and not cond[1] and self._condition(".if", args)
                    cond[0] = bool(value)
                cond[1] = cond[1] or cond[0]
                return
            parent = not conds or conds[-1][0]
            value = bool(parent and self._condition(word, args))
            conds.append([value, value, False, loc])
        except StatementError as e:
            if word.startswith(".if"):
                conds.append([False, True, False, loc])
            self._statement_error(loc, e)

    def _condition(self, word, args):
        if word in (".ifdef", ".ifndef", ".ifnotdef"):
            name = args.strip()
            sym = self.symbols.get(name)
            defined = (sym is not None and sym.defined) or name in self.macros
            return defined if word == ".ifdef" else not defined
        if word in (".ifb", ".ifnb"):
            return (not args.strip()) == (word == ".ifb")
        if word in (".ifc", ".ifnc"):
            a, _, b = args.partition(",")
            same = a.strip().strip("'\"") == b.strip().strip("'\"")
            return same if word == ".ifc" else not same
        value = self.absolute(self._parse_expr(args, self.loc), "a condition")
        return {".if": value != 0, ".ifne": value != 0, ".ifeq": value == 0, ".ifgt": value > 0,
                ".ifge": value >= 0, ".iflt": value < 0, ".ifle": value <= 0}[word]

    # --- pass 2 --------------------------------------------------------------------------

    def _layout(self):
        address = self.text_base
        after_data = False
        for kind in KIND_ORDER:
            secs = [s for s in self.sections.values() if s.kind == kind]
            if not secs:
                continue
            if not (kind == "bss" and after_data):
                address = _align(address, PAGE)
            for sec in secs:
                address = _align(address, sec.align)
                sec.base = address
                address += sec.size
            after_data = kind == "data" and any(s.size for s in secs)
        if address > 1 << 32:
            self.error(Loc("<layout>", 0, 0), f"program does not fit in the 32-bit address space (ends at {address:#x})")

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
        sec, off = fx.section, fx.offset
        if sec.kind == "bss":
            self.error(fx.loc, f"initialized data in {sec.name} (it holds only zeros)")
            return
        try:
            if fx.kind.startswith("data"):
                size = int(fx.kind[4:])
                sec.data[off:off + size] = _data_bytes(value, size)
            else:
                word = int.from_bytes(sec.data[off:off + 4], "little")
                word = ins.patch(word, fx.insn, fx.kind, value, sec.base + off)
                sec.data[off:off + 4] = word.to_bytes(4, "little")
        except StatementError as e:
            self.error(fx.loc, str(e))

    def _executable(self):
        segments = []
        for kind in ("text", "rodata", "data"):
            secs = [s for s in self.sections.values() if s.kind == kind and s.size]
            if kind == "data":
                bss = [s for s in self.sections.values() if s.kind == "bss" and s.size]
            else:
                bss = []
            if not secs and not bss:
                continue
            start = min(s.base for s in secs + bss)
            data = bytearray()
            for s in sorted(secs, key=lambda s: s.base):
                data += bytes(s.base - start - len(data)) + s.data
            end = max(s.base + s.size for s in secs + bss)
            segments.append(kx.Segment(start, bytes(data), end - start, SEGMENT_FLAGS[kind]))
        files, file_index, lines = [], {}, []
        for sec, offset, loc in self.line_entries:
            origin = _line_origin(loc)
            if origin.file not in file_index:
                file_index[origin.file] = len(files)
                files.append(origin.file)
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


def _line_origin(loc):
    """The line a debugger should show for code from `loc`: the outermost
    macro or repetition invocation in the file, or the line itself."""
    for kind, where in loc.via:
        if kind != "include":
            return where
    return loc


def _operand_loc(loc, index):
    if index is None or not loc.text:
        return loc
    return loc.at(loc.col - 1 + operand_column(loc.text[loc.col - 1:], index))


def _closer(kind):
    return ".endm" if kind == ".macro" else ".endr"


def _align(value, alignment):
    return (value + alignment - 1) // alignment * alignment


def _data_bytes(value, size):
    bits = 8 * size
    if not -(1 << (bits - 1)) <= value < (1 << bits):
        raise StatementError(f"value {value} does not fit in {size} byte{'s' if size > 1 else ''}")
    return (value & ((1 << bits) - 1)).to_bytes(size, "little")


def _lines(text, name):
    return [(line, name, i) for i, line in enumerate(text.split("\n"), 1)]


def _section_kind(name, flags):
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
    return "none" if name.startswith((".note", ".comment", ".debug", ".riscv")) else "data"


from .directives import DIRECTIVES  # noqa: E402  (the table refers back to Assembler)
