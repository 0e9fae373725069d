"""Debugger expressions: `$a0 + 4`, `*(buf + 8)`, `count == 5 && $sp < 0x8000`.

C operators with C precedence over 32-bit values; `$name` is a register
(`$pc`, `$a0`, `$x10`, a control register such as `$status`), a bare name
is a symbol's value (a label's address), `*E` is the word at address E
(`*(char)E` is not C here: use `x/b`), `'c'` a character.  Arithmetic
wraps to 32 bits and values compare as signed, like a C `int`.
"""

from lark import Lark, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken, VisitError

GRAMMAR = r"""
?start: expr
?expr: lor
?lor: land | lor "||" land -> lor
?land: bor | land "&&" bor -> land
?bor: bxor | bor "|" bxor -> bor
?bxor: band | bxor "^" band -> bxor
?band: eq | band "&" eq -> band
?eq: rel | eq EQOP rel -> compare
?rel: shift | rel RELOP shift -> compare
?shift: sum | shift SHIFTOP sum -> shift
?sum: prod | sum "+" prod -> add | sum "-" prod -> sub
?prod: unary | prod "*" unary -> mul | prod "/" unary -> div | prod "%" unary -> mod
?unary: atom | "-" unary -> neg | "~" unary -> inv | "!" unary -> lnot
      | "*" unary -> deref | "&" NAME -> address
?atom: NUMBER -> number | CHAR -> char | REG -> register | NAME -> symbol | "(" expr ")"
EQOP: "==" | "!="
RELOP: "<=" | ">=" | "<" | ">"
SHIFTOP.2: "<<" | ">>"
REG: /\$[A-Za-z_][A-Za-z0-9_]*/
NAME: /[A-Za-z_.][A-Za-z0-9_.$]*/
NUMBER: /0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+/
CHAR: /'(\\.|[^\\'])'/
%ignore /[ \t]+/
"""

_parser = Lark(GRAMMAR, parser="lalr")
ESCAPES = {"n": 10, "t": 9, "r": 13, "0": 0, "\\": 92, "'": 39, "\"": 34}


class ExprError(Exception):
    """The expression is malformed or cannot be evaluated; the message says why."""


def signed(value):
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


@v_args(inline=True)
class _Eval(Transformer):
    def __init__(self, scope):
        super().__init__()
        self.scope = scope

    def number(self, token):
        text = str(token)
        return signed(int(text, 0) if text[:2].lower() in ("0x", "0b") else int(text, 10))

    def char(self, token):
        body = str(token)[1:-1]
        if body.startswith("\\"):
            if body[1] not in ESCAPES:
                raise ExprError(f"unknown escape {body!r}")
            return ESCAPES[body[1]]
        return ord(body)

    def register(self, token):
        return signed(self.scope.register(str(token)[1:]))

    def symbol(self, token):
        return signed(self.scope.symbol(str(token)))

    def address(self, token):
        return self.symbol(token)

    def deref(self, value):
        return signed(self.scope.load(value & 0xFFFFFFFF))

    def neg(self, a): return signed(-a)
    def inv(self, a): return signed(~a)
    def lnot(self, a): return int(a == 0)
    def add(self, a, b): return signed(a + b)
    def sub(self, a, b): return signed(a - b)
    def mul(self, a, b): return signed(a * b)
    def lor(self, a, b): return int(bool(a) or bool(b))
    def land(self, a, b): return int(bool(a) and bool(b))
    def bor(self, a, b): return signed(a | b)
    def bxor(self, a, b): return signed(a ^ b)
    def band(self, a, b): return signed(a & b)

    def div(self, a, b):
        if b == 0:
            raise ExprError("division by zero")
        q = abs(a) // abs(b)
        return signed(q if (a < 0) == (b < 0) else -q)

    def mod(self, a, b):
        if b == 0:
            raise ExprError("division by zero")
        return signed(a - self.div(a, b) * b)

    def shift(self, a, op, b):
        if not 0 <= b < 32:
            return 0 if op == "<<" or a >= 0 else -1
        return signed(a << b if op == "<<" else a >> b)

    def compare(self, a, op, b):
        return int({"==": a == b, "!=": a != b, "<": a < b, ">": a > b,
                    "<=": a <= b, ">=": a >= b}[str(op)])


def evaluate(text, scope):
    """The value of `text` as a signed 32-bit int.

    `scope` answers register(name), symbol(name) and load(address),
    raising ExprError for what does not exist.
    """
    text = text.strip()
    if not text:
        raise ExprError("an expression is missing")
    try:
        tree = _parser.parse(text)
        return _Eval(scope).transform(tree)
    except VisitError as e:
        if isinstance(e.orig_exc, ExprError):
            raise e.orig_exc from None
        raise ExprError(str(e.orig_exc)) from None
    except UnexpectedCharacters as e:
        raise ExprError(f"unexpected {text[e.pos_in_stream]!r} at column {e.column} "
                        f"of {text!r}") from None
    except UnexpectedToken as e:
        if e.token.type == "$END":
            raise ExprError(f"{text!r} ends too soon") from None
        raise ExprError(f"unexpected {str(e.token)!r} at column {e.column} of {text!r}") from None
    except UnexpectedEOF:
        raise ExprError(f"{text!r} ends too soon") from None
    except LarkError as e:
        raise ExprError(str(e)) from None

