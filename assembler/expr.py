"""Expression evaluation with unbounded integers.

A value is a pair (number, section): section None means an absolute
number; otherwise the number is an offset into that section, whose address
is only known after layout.  In the first pass, anything that cannot be
settled yet (a forward reference, %hi of an address, a difference between
two sections) raises Unknown and the caller records a fixup; in the second
pass every symbol is absolute, so everything settles or is an error.
"""


from .errors import number_text

# The largest value an expression may reach, in bits.  Numbers are unbounded
# (`1 << 100 >> 98` is 4), but a bound keeps `x = 1 << 4096`, `y = x * x`,
# `z = y * y` ... from eating the host's memory and time.
MAX_BITS = 8192


class Unknown(Exception):
    """Not computable yet (raised in the first pass only)."""


class ExprError(Exception):
    """The expression is wrong (division by zero, undefined symbol, ...)."""


def hi20(v):
    """RISC-V %hi: the upper 20 bits, rounded so that %lo can be added signed."""
    return ((v + 0x800) >> 12) & 0xFFFFF


def lo12(v):
    """RISC-V %lo: the low 12 bits as a signed number."""
    return ((v & 0xFFF) ^ 0x800) - 0x800


def from64(v):
    """GNU as computes in 64 bits, so 0xffffffffffffffff is -1 there and
    `li a0, 0xffffffffaa00aa00` loads 0xaa00aa00: a value of 2^63..2^64-1
    stands for the negative number with the same 64 bits."""
    if (1 << 63) <= v < (1 << 64):
        return v - (1 << 64)
    return v


def _check32(v):
    v = from64(v)
    if not -(1 << 31) <= v < (1 << 32):
        raise ExprError(f"value {number_text(v, True)} does not fit in 32 bits")
    return v & 0xFFFFFFFF


def _truncdiv(a, b):
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _absolute(pair):
    if pair[1] is not None:
        raise Unknown()
    return pair[0]


def _shift(a, b, left):
    if b < 0:
        raise ExprError(f"negative shift count {number_text(b)}")
    if b > 4096:
        raise ExprError(f"shift count {number_text(b)} is too large")
    return bounded(a << b) if left else a >> b


def bounded(v):
    """v, unless it is larger than MAX_BITS bits."""
    if v.bit_length() > MAX_BITS:
        raise ExprError(f"value too large (more than {MAX_BITS} bits)")
    return v


_ARITH = {
    "mul": lambda a, b: bounded(a * b),
    "band": lambda a, b: a & b,
    "bor": lambda a, b: a | b,
    "bxor": lambda a, b: a ^ b,
    "lor": lambda a, b: int(bool(a or b)),
    "land": lambda a, b: int(bool(a and b)),
    # Comparisons give -1 (all ones) for true, as in GNU as.
    "eq": lambda a, b: -int(a == b),
    "ne": lambda a, b: -int(a != b),
    "lt": lambda a, b: -int(a < b),
    "le": lambda a, b: -int(a <= b),
    "gt": lambda a, b: -int(a > b),
    "ge": lambda a, b: -int(a >= b),
    "shl": lambda a, b: _shift(a, b, True),
    "shr": lambda a, b: _shift(a, b, False),
}


def evaluate(e, ctx):
    """(number, section) of expression `e`.

    ctx provides: symbol(name) -> pair (may raise Unknown or ExprError),
    at(offset, section) -> pair for a settled section offset,
    dot() -> pair for ".", lref(n, direction) -> symbol name, and
    pcrel_lo(address) -> number.
    """
    t = type(e)
    if t is int:
        return e, None
    if t is not tuple:
        return ctx.dot() if e == "." else ctx.symbol(e)
    op = e[0]
    if op == "@":                       # a settled (offset, section) value
        return ctx.at(e[1], e[2])
    if op == "lref":
        return ctx.symbol(ctx.lref(e[1], e[2]))
    if op == "add":
        a, sa = evaluate(e[1], ctx)
        b, sb = evaluate(e[2], ctx)
        if sa is not None and sb is not None:
            raise ExprError("cannot add two addresses")
        return a + b, sa if sa is not None else sb
    if op == "sub":
        a, sa = evaluate(e[1], ctx)
        b, sb = evaluate(e[2], ctx)
        if sb is None:
            return a - b, sa
        if sa == sb:
            return a - b, None
        raise Unknown()
    if op == "neg":
        return -_absolute(evaluate(e[1], ctx)), None
    if op == "inv":
        return ~_absolute(evaluate(e[1], ctx)), None
    if op == "lnot":
        return int(not _absolute(evaluate(e[1], ctx))), None
    if op in ("div", "mod"):
        a = _absolute(evaluate(e[1], ctx))
        b = _absolute(evaluate(e[2], ctx))
        if b == 0:
            raise ExprError("division by zero")
        q = _truncdiv(a, b)
        return (q if op == "div" else a - b * q), None
    if op == "hi":
        return hi20(_check32(_absolute(evaluate(e[1], ctx)))), None
    if op == "lo":
        return lo12(_check32(_absolute(evaluate(e[1], ctx)))), None
    if op == "pcrel_hi":
        target, st = evaluate(e[1], ctx)
        here, sh = ctx.dot()
        if st != sh:
            raise Unknown()
        return hi20(target - here), None
    if op == "pcrel_hi_at":              # pcrel_hi frozen with its "."
        target, st = evaluate(e[1], ctx)
        here, sh = evaluate(e[2], ctx)
        if st != sh:
            raise Unknown()
        return hi20(target - here), None
    if op == "pcrel_lo":
        address = _absolute(evaluate(e[1], ctx))
        return lo12(ctx.pcrel_lo(address)), None
    fn = _ARITH.get(op)
    if fn is None:
        raise ExprError(f"unknown operator {op}")
    return fn(_absolute(evaluate(e[1], ctx)), _absolute(evaluate(e[2], ctx))), None


def freeze(e, ctx):
    """`e` with "." and numeric local labels replaced by what they mean here,
    so that it can be evaluated later, somewhere else."""
    t = type(e)
    if t is int:
        return e
    if t is not tuple:
        if e == ".":
            v, s = ctx.dot()
            return ("@", v, s)
        return e
    if e[0] == "lref":
        return ctx.lref(e[1], e[2])
    if e[0] == "@":
        return e
    if e[0] == "pcrel_hi":
        v, s = ctx.dot()
        return ("pcrel_hi_at", freeze(e[1], ctx), ("@", v, s))
    return (e[0],) + tuple(freeze(x, ctx) for x in e[1:])
