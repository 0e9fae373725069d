"""The two-pass assembler driver.

Pass 1 reads lines in order -- expanding includes, macros, repetitions and
conditionals as GNU as does -- and hands runs of ordinary statements to the
parser in batches.  Each statement is placed in its section right away:
its size is always known in pass 1 (`li` picks its expansion from what is
known at that point, and takes two words otherwise), and every value that
is not yet known becomes a fixup.  Pass 2 (layout.py) lays the sections
out, makes every symbol absolute and applies the fixups.  The directives
that change how lines are read live in structure.py, the others in
directives.py.  Errors are collected, not thrown, so one run reports all
of them.
"""

from . import instructions as ins
from .errors import AsmError, Diagnostic, Loc, StatementError, number_text
from .expr import ExprError, Unknown, evaluate, freeze
from .layout import TOO_DEEP, Layout
from .objfile import ObjectOutput
from .model import (DEFAULT_TEXT_BASE, MAX_ERRORS, MAX_LINES, MAX_SECTION, Fixup,
                    LineRecord, Section, Symbol, section_kind)
from .parser import LONGEST_NUMBER, ParseError, parse_lines
from .source import (LABEL, RESPELLED, WORD, MacroError, operand_column, operand_loc, respell,
                     source_lines, split_statements)
from .structure import CONDITIONALS, STRUCTURAL, Structure, EndOfSource, ExitMacro, closer


class Result:
    """What an assembly produced: the executable, and what the listing needs."""

    def __init__(self, executable, lines, main_file, object=None):
        self.executable = executable
        self.object = object             # an isa.obj.Object for `k32 asm -c`, else None
        self._lines = lines
        self._main = main_file

    def listing(self):
        from .listing import render
        # An object's symbols have no addresses yet: its listing has no table.
        symbols = self.executable.symbols if self.executable is not None else ()
        return render(self._lines, self._main, symbols)


class Assembler(Structure, Layout, ObjectOutput):
    """One assembly: pass 1 here, the structural directives in Structure,
    pass 2 in Layout (an executable) or ObjectOutput (an object file)."""

    def __init__(self, include_paths=(), defines=None, text_base=DEFAULT_TEXT_BASE,
                 relocatable=False):
        self.include_paths = list(include_paths)
        self.relocatable = relocatable
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
        self.total_size = 0              # bytes emitted into all sections
        self.line_entries = []           # (section, offset, Loc) of each instruction
        self.pcrel_sites = []            # (section, offset, frozen target) of auipc %pcrel_hi
        self.batch = []
        self._parsed = {}                # statement text -> parsed statement (see _parse)
        self.dwarf_files = {}            # .file N "name": N -> the name .loc gives lines
        self.source_loc = None           # the line of the latest .loc, or None
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
                kind = section_kind(name, flags)
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
                raise ExprError(f"no earlier definition of local label {number_text(number)}")
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
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as e:
                # Text from assemble_string holding lone surrogates (bytes
                # decoded with errors="surrogateescape"): not UTF-8 either.
                line = text[:e.start].count("\n") + 1
                self.error(Loc(name, line, 1, via=via), "text is not valid Unicode (binary data?)")
                return False
            return True
        line = text[:text.index("\0")].count("\n") + 1
        self.error(Loc(name, line, 1, via=via), "file contains NUL bytes (binary data?)")
        return False

    def _run(self, text, name):
        try:
            if text is not None and self._text_ok(text, name):
                try:
                    self._feed(source_lines(text, name), ())
                except EndOfSource:
                    pass
            self._flush()
            if self.relocatable:
                objfile = self._pass2_object()
                if not self.diagnostics:
                    return Result(None, self.line_records, name, objfile)
            else:
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
        except ExitMacro:
            if not via or not via[-1][0].startswith("macro"):
                raise                  # leave the enclosing .rept as well
            return                     # what .exitm skipped may be unbalanced
        if collect is not None:
            self.error(collect["loc"], f"{collect['kind']} without {closer(collect['kind'])}")
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
        args = stmt[m.end():] if m else ""
        if word == ".loc" or (word == ".file" and args.lstrip()[:1].isdigit()):
            # Space-separated operands (`.loc 1 12 5 is_stmt 0`), outside the
            # grammar; kept in the batch so it takes effect in order.
            self.batch.append((word, args, here, record))
            return None
        if word in RESPELLED:
            rest = respell(word, rest, args)
        self.batch.append(("stmt", rest, here, record))
        return None

    # --- batches of ordinary statements -----------------------------------------------

    def _flush(self):
        batch, self.batch = self.batch, []
        if not batch:
            return
        parsed = self._parsed
        misses = [t for t in dict.fromkeys(item[1] for item in batch if item[0] == "stmt")
                  if t not in parsed]
        if misses:
            self._parse(misses)
        for kind, text, loc, record in batch:
            self.loc = loc
            if kind == "label":
                self._define_label(text, loc, record)
                continue
            if kind != "stmt":
                try:
                    self._debug_line(kind, text, loc)
                except StatementError as e:
                    self._statement_error(loc, e)
                continue
            stmt = parsed[text]
            if type(stmt) is ParseError:
                col = loc.col + stmt.col - 1 if stmt.line == 1 else loc.col + len(text)
                self.error(loc.at(col), stmt.args[0])
                continue
            try:
                self._execute(stmt, loc, record)
            except StatementError as e:
                self._statement_error(loc, e)
            except RecursionError:
                self.error(loc, TOO_DEEP)

    def _parse(self, texts):
        """Parse statement texts into self._parsed (text -> statement, or the
        ParseError of a bad one): all in one batch, one by one if it fails.
        Each distinct text is parsed once per assembly: compiler output
        repeats most of its lines (`ret`, `.align 2`, `mv a0,a5` ...)."""
        parsed = self._parsed
        try:
            results = parse_lines("\n".join(texts) + "\n")
            if len(results) == len(texts):
                parsed.update(zip(texts, results))
                return
        except ParseError:
            pass
        for text in texts:
            try:
                parsed[text] = parse_lines(text + "\n")[0]
            except ParseError as e:
                parsed[text] = e

    def _execute(self, stmt, loc, record):
        if stmt[0] == "set":
            self._assign(stmt[1], stmt[2], loc, redefine=True)
            return
        name, ops = stmt[1], stmt[2]
        lname = name.lower()
        if lname.startswith("."):
            handler = DIRECTIVES.get(lname)
            if handler is None and lname.startswith(".cfi_"):
                return                 # call frame information: no unwinder here
            if handler is None:
                raise StatementError(f"unknown directive '{name}'")
            handler(self, ops, loc, record)
        else:
            self._instruction(lname, ops, loc, record)

    def _debug_line(self, word, args, loc):
        """`.file N "name"` names file N; `.loc N LINE [COL]` says which
        line of which file the instructions that follow come from."""
        parsed = DEBUG_LINES[word](args)
        if word == ".file":
            number, name = parsed
            self.dwarf_files[number] = name
            return
        number, line, col = parsed
        name = self.dwarf_files.get(number)
        if name is None:
            raise StatementError(f".loc: file number {number} has no .file", 0)
        self.source_loc = Loc(name, line, col)

    # --- labels and symbols -------------------------------------------------------------

    def _define_label(self, name, loc, record):
        if name == ".":
            # `.` always means the location counter: such a label could never
            # be named, and the disassembler's `j .` would jump to itself.
            self.error(loc, "'.' is the location counter, not a label name")
            return
        if name.isdigit():
            if len(name) > LONGEST_NUMBER:
                self.error(loc, f"local label number too large ({len(name)} digits)")
                return
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
        if name == ".":
            raise StatementError("cannot set '.', the location counter (use .org)")
        sym = self.symbols.get(name)
        if sym is not None and sym.defined and (sym.is_label or not redefine):
            raise StatementError(f"symbol '{name}' is already defined (at {sym.loc})")
        if sym is None:
            # Not defined while its own value is worked out: `.equ a, a`
            # and `x = y` / `y = x` are loops, not zeros.
            sym = self.symbols[name] = Symbol(name, defined=False)
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
        self.room(len(data))
        record.emits.append((sec, sec.size, len(data), is_code))
        sec.data += data
        self.total_size += len(data)

    def room(self, size):
        """Raise unless `size` more bytes fit in the current section and in
        the program.  The directives that fill (.space, .fill, .org) ask
        before they build their bytes, so a hostile size costs nothing; the
        total bound keeps many full sections from exhausting host memory."""
        if self.current.size + size > MAX_SECTION:
            raise StatementError(f"section {self.current.name} would grow past {MAX_SECTION >> 20} MiB")
        if self.total_size + size > MAX_SECTION:
            raise StatementError(f"the program would grow past {MAX_SECTION >> 20} MiB (all sections together)")

    def _instruction(self, name, ops, loc, record):
        if self.current.kind == "bss":
            raise StatementError(f"instructions in {self.current.name}")
        if name == "unimp":
            if ops:
                raise StatementError("unimp takes no operands")
            return self._code_word(ins.UNIMP, record, self.current.size, loc)
        steps = ins.expand(name, ops, self.known)
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
            self._code_word(word, record, offset, loc)
            for p in pending:
                self.fixups.append(Fixup(self.current, offset, p.kind, p.expr,
                                         operand_loc(loc, source_index(p.index)), insn))
            if insn.name == "auipc" and type(operands[1][1]) is tuple and operands[1][1][0] == "pcrel_hi":
                self.pcrel_sites.append((self.current, offset, self.freeze(operands[1][1][1])))



    def _code_word(self, word, record, offset, loc):
        if offset % 4:
            raise StatementError("instruction at an address that is not a multiple of 4 "
                                 "(add .align 2 before it)")
        self.emit(word.to_bytes(4, "little"), record, is_code=True)
        self.line_entries.append((self.current, offset, self.source_loc or loc))


from .directives import DEBUG_LINES, DIRECTIVES  # noqa: E402  (the table refers back to Assembler)
