"""Source locations and diagnostics: `file:line:col: error: message`, the
source line with a caret, and the chain of macro expansions and includes
that led there."""

from dataclasses import dataclass


class Loc:
    """Where a statement came from.  `via` is the chain of (kind, Loc) that
    led to it, innermost last: kind is "macro NAME", "rept" or "include".
    A plain slotted class: the assembler makes two per source line."""

    __slots__ = ("file", "line", "col", "text", "via")

    def __init__(self, file, line, col=1, text="", via=()):
        self.file, self.line, self.col, self.text, self.via = file, line, col, text, via

    def at(self, col):
        return Loc(self.file, self.line, col, self.text, self.via)

    def __str__(self):
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass
class Diagnostic:
    loc: Loc
    message: str
    severity: str = "error"

    def render(self):
        out = [f"{self.loc}: {self.severity}: {self.message}"]
        if self.loc.text:
            text = self.loc.text.rstrip("\n").expandtabs(1)
            out.append(f"{self.loc.line:5} | {text}")
            out.append("      | " + " " * max(self.loc.col - 1, 0) + "^")
        for kind, where in reversed(self.loc.via):
            if kind == "include":
                out.append(f"{where}: note: in the file included from here")
            else:
                out.append(f"{where}: note: in the expansion of {kind} invoked here")
        return "\n".join(out)


class AsmError(Exception):
    """Assembly failed; carries every diagnostic found."""

    def __init__(self, diagnostics):
        self.diagnostics = list(diagnostics)
        super().__init__(str(self))

    def __str__(self):
        errors = sum(d.severity == "error" for d in self.diagnostics)
        body = "\n".join(d.render() for d in self.diagnostics)
        return f"{body}\n{errors} error{'s' if errors != 1 else ''}"


class StatementError(Exception):
    """Raised inside statement processing; the driver attaches the location.
    `operand` is the index of the operand at fault, or None for the whole
    statement."""

    def __init__(self, message, operand=None):
        super().__init__(message)
        self.operand = operand
