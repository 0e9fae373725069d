"""The directives that change how lines are read rather than what they
assemble to: .include, .macro, .rept/.irp/.irpc, the conditionals, .exitm
and .end.  A mixin of Assembler: it drives `_feed` on nested sources."""

import os
import re

from .errors import AsmError, Loc, StatementError, number_text
from .model import MAX_DEPTH, MAX_REPEAT
from .parser import ParseError, parse_lines
from .source import LABEL, WORD, Macro, source_lines, split_statements

CONDITIONALS = {".if", ".ifdef", ".ifndef", ".ifnotdef", ".ifeq", ".ifne", ".ifgt", ".ifge",
                ".iflt", ".ifle", ".ifc", ".ifnc", ".ifb", ".ifnb", ".elseif", ".elif",
                ".else", ".endif"}
STRUCTURAL = {".macro", ".endm", ".rept", ".irp", ".irpc", ".endr", ".include", ".exitm",
              ".purgem", ".error", ".err", ".end", ".warning", ".print"}

MACRO_HEAD = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?\s*(.*)$")


class ExitMacro(Exception):
    """`.exitm`: stop expanding the current macro."""


class EndOfSource(Exception):
    """`.end`: stop reading source altogether."""



class Structure:
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
            raise ExitMacro()
        elif word == ".end":
            raise EndOfSource()
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
        elif word == closer(collect["kind"]):
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
                    raise StatementError(f".rept count {number_text(count)} out of range (0..{MAX_REPEAT})")
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
            # Fatal: a recursion that branches (a macro invoking itself twice)
            # would otherwise hit this wall again for every one of its 2**100
            # leaves, until the line limit stops it many seconds later.
            self.error(self.loc, f"more than {MAX_DEPTH} nested expansions (a macro that invokes itself?)")
            raise AsmError(self.diagnostics)
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
            self._nested(source_lines(text, path), inner)

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

def closer(kind):
    return ".endm" if kind == ".macro" else ".endr"
