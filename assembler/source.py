"""Source text handling before parsing: comments, `;`-separated statements,
leading labels, and macro parameters, arguments and substitution."""

import re

LABEL = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:(?![=:])")
WORD = re.compile(r"\s*([A-Za-z_.$][A-Za-z0-9_.$]*)")
# Macro substitution; a character literal like '\n' is skipped, as GNU as does.
_SUBST = re.compile(r"('(?:\\.|[^'\\])')|\\(\(\)|@|[A-Za-z_][A-Za-z0-9_]*)")


# GNU spellings the statement grammar does not take, and what they become.
_SECTION_NAME = re.compile(r'^(\.\w+\s+)([^\s",]+)')
_INSN_FORMAT = re.compile(r"\s+([A-Za-z]+)\s+(?=\S)")
_EMPTY_OPERAND = re.compile(r",\s*,")
_TRAILING_COMMA = re.compile(r",\s*$")
_PERCENT_TYPE = re.compile(r",\s*%([A-Za-z_]\w*)(?!\s*\()")
RESPELLED = {".section", ".pushsection", ".type", ".insn", "call", "tail",
             ".align", ".p2align", ".balign"}


def respell(word, rest, args):
    """The statement `rest` (starting with `word`, then `args`) rewritten
    into what the grammar reads, for the words in RESPELLED."""
    if word in (".section", ".pushsection"):
        # Section names may hold characters no symbol has (.note.GNU-stack).
        rest = _SECTION_NAME.sub(r'\1"\2"', rest, count=1)
    if word in (".section", ".pushsection", ".type") and "%" in rest:
        rest = _PERCENT_TYPE.sub(r", @\1", rest)          # `%function` is `@function`
    elif word == ".insn":
        fmt = _INSN_FORMAT.match(args)
        if fmt:                        # `.insn r OP, ...`: the format as an @name operand
            rest = f".insn @{fmt.group(1)}, {args[fmt.end():]}"
    elif word in ("call", "tail") and rest.endswith("@plt"):
        rest = rest[:-4]               # -fPIC calls through the PLT; linked static, f itself
    elif word in (".align", ".p2align", ".balign") and "," in rest:
        # `.p2align 4,,15`, `.balign 8,`: an empty operand means the default.
        rest = _TRAILING_COMMA.sub("", _EMPTY_OPERAND.sub(", @default,", rest, count=1), count=1)
    return rest


_CHAR = re.compile(r"'(\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)|[^'\\])'")


def _closing_quote(text, i):
    """Index of the `"` closing the string that opens at text[i]."""
    i += 1
    while i < len(text) and text[i] != '"':
        i += 2 if text[i] == "\\" else 1
    return i


def split_statements(line):
    """[(text, column)] of the statements on a line, comments removed.
    Column is 0-based.  `#` starts a comment and `;` separates statements,
    except inside string and character literals."""
    if '"' not in line and "'" not in line:
        cut = line.find("#")
        if cut >= 0:
            line = line[:cut]
        if ";" not in line:
            return [(line, 0)]
        out, col = [], 0
        for part in line.split(";"):
            out.append((part, col))
            col += len(part) + 1
        return out
    out, start, i, n = [], 0, 0, len(line)
    while i < n:
        c = line[i]
        if c == '"':
            i = _closing_quote(line, i)
        elif c == "'":
            # A character literal: 'x' or '\n'; a lone quote is just a quote.
            m = _CHAR.match(line, i)
            if m:
                i = m.end() - 1
        elif c == "#":
            break
        elif c == ";":
            out.append((line[start:i], start))
            start = i + 1
        i += 1
    out.append((line[start:i], start))
    return out


def split_top_level(text, sep=","):
    """Split on `sep` outside parentheses and quotes; [(piece, column)]."""
    out, depth, start, i, n = [], 0, 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i = _closing_quote(text, i)
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == sep and depth == 0:
            out.append((text[start:i], start))
            start = i + 1
        i += 1
    out.append((text[start:], start))
    return out


def operand_column(text, index):
    """1-based column of operand `index` in a statement `NAME op, op, ...`."""
    m = WORD.match(text)
    if not m:
        return 1
    rest = text[m.end():]
    pieces = split_top_level(rest)
    if index >= len(pieces):
        return m.start(1) + 1
    piece, col = pieces[index]
    return m.end() + col + (len(piece) - len(piece.lstrip())) + 1


def operand_loc(loc, index):
    """The location of operand `index` of the statement at `loc`."""
    if index is None or not loc.text:
        return loc
    return loc.at(loc.col - 1 + operand_column(loc.text[loc.col - 1:], index))


def source_lines(text, name):
    """(text, file, line number) for each line of a source."""
    return [(line, name, i) for i, line in enumerate(text.split("\n"), 1)]


class MacroError(Exception):
    pass


class Macro:
    """A `.macro` definition: parameters with defaults, and the body lines
    (raw text, with the file and line each came from)."""

    def __init__(self, name, params, body, loc):
        self.name, self.params, self.body, self.loc = name, params, body, loc

    @staticmethod
    def parse_params(text):
        """[(name, default, qualifier)] from `a, b=1, c:req, d:vararg`."""
        params = []
        pieces = [p for p, _ in split_top_level(text)] if "," in text else text.split()
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            name, eq, default = piece.partition("=")
            name, _, qual = name.strip().partition(":")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise MacroError(f"bad macro parameter name {name!r}")
            if qual not in ("", "req", "vararg"):
                raise MacroError(f"unknown parameter qualifier ':{qual}'")
            params.append((name, default.strip() if eq else "", qual))
        return params

    def bind(self, text):
        """{param: argument text} for an invocation's argument text."""
        text = text.strip()
        if not text:
            pieces = []
        elif "," in text or '"' in text or "(" in text:
            pieces = [p.strip() for p, _ in split_top_level(text)]
        else:
            pieces = text.split()
        values = {name: default for name, default, _ in self.params}
        positional = 0
        names = [p[0] for p in self.params]
        for i, piece in enumerate(pieces):
            key, eq, val = piece.partition("=")
            if eq and key.strip() in values and "(" not in key:
                values[key.strip()] = val.strip()
                continue
            if positional >= len(self.params):
                raise MacroError(f"too many arguments to macro '{self.name}' "
                                 f"(it takes {len(self.params)})")
            if self.params[positional][2] == "vararg":
                values[names[positional]] = ", ".join(pieces[i:])
                positional += 1
                break
            values[names[positional]] = piece
            positional += 1
        for name, _, qual in self.params:
            if qual == "req" and not values[name]:
                raise MacroError(f"macro '{self.name}': missing value for required parameter '{name}'")
        return values

    def expand(self, values, counter):
        """The body with `\\param`, `\\@` and `\\()` substituted."""
        def sub(m):
            if m.group(1):
                return m.group(1)
            key = m.group(2)
            if key == "()":
                return ""
            if key == "@":
                return str(counter)
            return values.get(key, m.group(0))
        return [(_SUBST.sub(sub, text) if "\\" in text else text, file, line)
                for text, file, line in self.body]
