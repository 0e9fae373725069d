"""The statement parser: lark LALR over `grammar.lark`, with the transformer
run inside the parser so no parse tree is ever built.

Statements come out as plain tuples:

    ("cmd", name, operands, batch_line)      name operand, operand, ...
    ("set", name, expr, batch_line)          name = expr

Operands are ("e", expr), ("m", offset expr, base register name),
("s", bytes) for a string and ("t", name) for `@name`.  Expressions are ints,
symbol names (str; "." is the location counter), ("lref", n, "b"|"f") for
numeric local labels, and (op, a[, b]) tuples; constant sub-expressions are
folded as they are parsed.
"""

import functools
import operator
import re
from pathlib import Path

from lark import Lark, Token, Transformer
from lark.lexer import Lexer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .expr import MAX_BITS

# The escapes GNU as knows; any other escaped character stands for itself.
_ESCAPES = {"n": 10, "t": 9, "r": 13, "b": 8, "f": 12}


def unescape(body):
    """Bytes of a string or character literal body, GNU as escapes decoded."""
    out = bytearray()
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c != "\\" or i + 1 == n:
            out.extend(c.encode("utf-8"))
            i += 1
            continue
        c = body[i + 1]
        if c in "xX":
            j = i + 2
            while j < n and body[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(body[i + 2:j] or "0", 16) & 0xFF)
            i = j
        elif c in "01234567":
            j = i + 1
            while j < n and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(int(body[i + 1:j], 8) & 0xFF)
            i = j
        else:
            out.append(_ESCAPES.get(c, ord(c) & 0xFF))
            i += 2
    return bytes(out)


class _Build(Transformer):
    """Turns matched rules into the tuples described in the module doc."""

    def start(self, items):
        return tuple(items)

    def command(self, items):
        name, ops = items
        return ("cmd", str(name), () if ops is None else tuple(ops), name.line)

    def operands(self, items):
        if len(items) == 1:
            return items
        items[0].append(items[1])
        return items[0]

    def assign(self, items):
        name, expr = items
        return ("set", str(name), expr, name.line)

    def op_expr(self, items):
        return ("e", items[0])

    def op_mem(self, items):
        return ("m", items[0], str(items[1]))

    def op_string(self, items):
        return ("s", unescape(items[0][1:-1]))

    def op_type(self, items):
        return ("t", str(items[0]))

    def number(self, items):
        text = items[0]
        if len(text) > LONGEST_NUMBER:
            # Python refuses to convert more than 4300 decimal digits, and
            # no operand needs this many: refuse it here, with a location.
            raise ParseError(f"number too large ({len(text)} digits)", text.line, text.column)
        last = text[-1]
        if last in "bfBF" and not text.startswith(("0x", "0X")) and not (
                text[:2] in ("0b", "0B") and len(text) > 2):
            return ("lref", int(text[:-1]), last.lower())
        if len(text) > 1 and text[0] == "0" and text[1] in "0123456789":
            value = int(text, 8) if text.isdigit() and "8" not in text and "9" not in text else int(text)
        else:
            value = int(text, 0)
        if value.bit_length() > MAX_BITS:
            raise ParseError(f"number too large (more than {MAX_BITS} bits)", text.line, text.column)
        return value

    def char(self, items):
        data = unescape(items[0][1:-1])
        return data[0] if data else 0

    def reloc(self, items):
        return (str(items[0])[1:], items[1])


    def expr(self, items):
        return _climb(items, 0, len(items))

    def neg(self, items):
        a = items[-1]
        return -a if type(a) is int else ("neg", a)

    def inv(self, items):
        a = items[-1]
        return ~a if type(a) is int else ("inv", a)

    def lnot(self, items):
        a = items[-1]
        return int(not a) if type(a) is int else ("lnot", a)

    def pos(self, items):
        return items[-1]


# Binary operators: token -> (precedence, node name, constant folder or None).
# Precedence is C's; a true comparison is -1 (all ones), as in GNU as.
# Shifts, division and remainder are left to the evaluator, which reports
# negative shift counts and division by zero with a location.
_BINARY = {
    "||": (1, "lor", lambda a, b: int(bool(a or b))),
    "&&": (2, "land", lambda a, b: int(bool(a and b))),
    "|": (3, "bor", operator.or_),
    "^": (4, "bxor", operator.xor),
    "&": (5, "band", operator.and_),
    "==": (6, "eq", lambda a, b: -int(a == b)),
    "!=": (6, "ne", lambda a, b: -int(a != b)),
    "<": (7, "lt", lambda a, b: -int(a < b)),
    "<=": (7, "le", lambda a, b: -int(a <= b)),
    ">": (7, "gt", lambda a, b: -int(a > b)),
    ">=": (7, "ge", lambda a, b: -int(a >= b)),
    "<<": (8, "shl", None),
    ">>": (8, "shr", None),
    "+": (9, "add", operator.add),
    "-": (9, "sub", operator.sub),
    "*": (10, "mul", operator.mul),
    "/": (10, "div", None),
    "%": (10, "mod", None),
}


def _climb(items, lo, hi):
    """Build the tree for items[lo:hi] (operand, op, operand, ...) by
    operator precedence, operators associating left.  One pass with a stack
    (shunting-yard): linear time and no recursion, so a 20,000-term sum is
    as cheap as it is long."""
    values, ops = [items[lo]], []
    for i in range(lo + 1, hi, 2):
        prec = _BINARY[items[i]][0]
        while ops and _BINARY[ops[-1]][0] >= prec:
            _reduce(values, ops.pop())
        ops.append(items[i])
        values.append(items[i + 1])
    while ops:
        _reduce(values, ops.pop())
    return values[0]


def _reduce(values, op):
    """Replace the last two values by `op` applied to them (folded if both
    are constants and the result is of a sensible size)."""
    b = values.pop()
    a = values.pop()
    _, name, fold = _BINARY[op]
    if fold is not None and type(a) is int and type(b) is int:
        value = fold(a, b)
        if value.bit_length() <= MAX_BITS:
            values.append(value)
            return
        # Too large to keep: the evaluator reports it, with a location.
    values.append((name, a, b))


# Literals longer than this are refused: more digits than any value within
# MAX_BITS needs (in decimal), and few enough that Python converts them.
LONGEST_NUMBER = MAX_BITS // 3 + 4


class ParseError(Exception):
    def __init__(self, message, line, col):
        super().__init__(message)
        self.line, self.col = line, col


# The token patterns of grammar.lark in one compiled regex, tried in this
# order (%hi before the % operator, two-character operators before one).
_TOKENS = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in [
    ("WS", r"[ \t\r\f\v]+"),
    ("_NL", r"\n"),
    ("RELOC", r"%(?:hi|lo|pcrel_hi|pcrel_lo)(?![A-Za-z0-9_.$])"),
    ("BADRELOC", r"%[A-Za-z_][A-Za-z0-9_]*(?=\()"),
    ("NUMBER", r"0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+[bfBF]?"),
    ("CHAR", r"'(?:\\(?:x[0-9a-fA-F]+|[0-7]{1,3}|.)|[^'\\\n])'"),
    ("STRING", r'"(?:\\.|[^"\\\n])*"'),
    ("NAME", r"[A-Za-z_.$][A-Za-z0-9_.$]*"),
    ("BINOP", r"\|\||&&|==|!=|<=|>=|<<|>>|[*/%&|^<>]"),
    ("MINUS", "-"), ("PLUS", r"\+"), ("COMMA", ","), ("EQUAL", "="), ("LPAR", r"\("),
    ("RPAR", r"\)"), ("AT", "@"), ("TILDE", "~"), ("BANG", "!"),
    ("BAD", "."),
]))


class _Lexer(Lexer):
    """All tokens from one `finditer` over the whole batch: several times
    faster than lark's per-token matching, and the same token names."""

    def __init__(self, conf):
        pass

    def lex(self, data):
        line, line_start = 1, 0
        for m in _TOKENS.finditer(data):
            kind = m.lastgroup
            if kind == "WS":
                continue
            start = m.start()
            if kind == "BAD":
                raise ParseError(f"unexpected character {m.group()!r}", line, start - line_start + 1)
            if kind == "BADRELOC":
                raise ParseError(f"{m.group()} is not supported (there are %hi, %lo, %pcrel_hi "
                                 "and %pcrel_lo)", line, start - line_start + 1)
            yield Token(kind, m.group(), start, line, start - line_start + 1)
            if kind == "_NL":
                line, line_start = line + 1, start + 1


@functools.lru_cache(maxsize=None)
def _parser():
    grammar = (Path(__file__).with_name("grammar.lark")).read_text()
    return Lark(grammar, parser="lalr", lexer=_Lexer, transformer=_Build(),
                maybe_placeholders=True)


_FRIENDLY = {
    "NAME": "a name", "NUMBER": "a number", "STRING": "a string", "CHAR": "a character",
    "COMMA": "','", "LPAR": "'('", "RPAR": "')'", "_NL": "end of statement",
    "RELOC": "%hi/%lo", "EQUAL": "'='", "AT": "'@'", "$END": "end of statement",
}


def _describe(error):
    if isinstance(error, UnexpectedCharacters):
        return f"unexpected character {error.char!r}"
    if isinstance(error, UnexpectedToken):
        tok = error.token
        got = "end of statement" if tok.type in ("_NL", "$END") else repr(str(tok))
        expected = sorted(_FRIENDLY.get(t, t) for t in error.expected if not t.startswith("__"))
        expected = [e for e in expected if not e.isupper()] or expected
        if len(expected) > 4:
            return f"unexpected {got}"
        return f"unexpected {got}, expected {' or '.join(dict.fromkeys(expected))}"
    return "syntax error"


def parse_lines(text):
    """Parse newline-separated statements; raise ParseError at the first bad one."""
    if len(text) < 256:
        return _parse_short(text)
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse_short(text):
    # Macro and .rept bodies are parsed again at each expansion; short
    # batches repeat, so their (immutable) results are kept.
    return _parse(text)


def _parse(text):
    try:
        return _parser().parse(text)
    except UnexpectedInput as e:
        line, col = getattr(e, "line", -1), getattr(e, "column", -1)
        if isinstance(e, UnexpectedToken) and e.token.type == "$END":
            line, col = text.count("\n"), 1
        raise ParseError(_describe(e), line, col) from None
