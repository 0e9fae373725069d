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


# How much of a source line (and of a message) a diagnostic shows: enough to
# read, and 200 errors on a 10 MB line stay a screenful, not 2 GB of stderr.
SHOWN = 200


def _window(text, caret):
    """(part of `text` around index `caret`, the caret's index in it)."""
    if len(text) <= SHOWN:
        return text, caret
    start = max(0, min(caret - SHOWN // 2, len(text) - SHOWN))
    part = text[start:start + SHOWN]
    head = "..." if start else ""
    tail = "..." if start + SHOWN < len(text) else ""
    return head + part + tail, caret - start + len(head)


@dataclass
class Diagnostic:
    loc: Loc
    message: str
    severity: str = "error"

    def render(self):
        message = self.message
        if len(message) > SHOWN:            # it quotes a megabyte-long name
            message = message[:SHOWN] + "..."
        out = [f"{self.loc}: {self.severity}: {message}"]
        if self.loc.text:
            text, caret = _window(self.loc.text.rstrip("\n"), max(self.loc.col - 1, 0))
            out.append(f"{self.loc.line:5} | {text.expandtabs(1)}")
            out.append("      | " + " " * caret + "^")
        for kind, where in reversed(self.loc.via):
            if kind == "include":
                out.append(f"{where}: note: in the file included from here")
            else:
                out.append(f"{where}: note: in the expansion of {kind} invoked here")
        return "\n".join(out)


def number_text(value, as_hex=False):
    """A number for a message: in full when it is of a sensible size, else
    its leading digits and its size (a 4096-bit number would fill the
    screen, and Python refuses to print more than 4300 decimal digits)."""
    if value.bit_length() <= 128:
        return f"{value:#x}" if as_hex else str(value)
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):#x}"[:len(sign) + 18] + f"... (a {value.bit_length()}-bit number)"


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
