"""The listing file: for every source line read, including the lines of
included files and of macro and .rept expansions, the address, the words or
bytes it produced and the line itself.

    line  address   contents            source
      12  00001004  2c5b3412 13bb7806   li a1, 0x12345678
      13  00002000  68 65 6c 6c 6f 0a   msg: .asciz "hello\\n"
              ...   00                   (continued)

Expansion lines are marked with `+` (one per nesting level); a line that
comes from another file than the one before it is preceded by `<file>`.
The symbol table follows, by name: value, global/local/abs, name.
"""

WORDS_PER_ROW = 3
BYTES_PER_ROW = 8
CONTENT_WIDTH = 27
MAX_ROWS = 4               # rows shown per emission before "..."


def _chunks(record):
    """Rows of (address, text) for everything a line emitted."""
    rows = []
    for sec, offset, size, is_code in record.emits:
        data = sec.data[offset:offset + size]
        address = sec.base + offset
        if sec.kind == "bss":
            rows.append((address, f"({size} bytes, zero)"))
            continue
        if is_code and size % 4 == 0:
            words = [int.from_bytes(data[i:i + 4], "little") for i in range(0, size, 4)]
            for i in range(0, len(words), WORDS_PER_ROW):
                rows.append((address + 4 * i, " ".join(f"{w:08x}" for w in words[i:i + WORDS_PER_ROW])))
        elif size:
            for i in range(0, min(size, BYTES_PER_ROW * MAX_ROWS), BYTES_PER_ROW):
                rows.append((address + i, " ".join(f"{b:02x}" for b in data[i:i + BYTES_PER_ROW])))
            if size > BYTES_PER_ROW * MAX_ROWS:
                rows.append((address + BYTES_PER_ROW * MAX_ROWS, f"... ({size} bytes in all)"))
    return rows


def _symbols(symbols):
    out = ["", "symbols", f"{'value':8}  {'kind':6}  name"]
    for sym in sorted(symbols, key=lambda s: s.name):
        kind = ("global" if sym.is_global else "local") if not sym.is_absolute else "abs"
        out.append(f"{sym.value:08x}  {kind:6}  {sym.name}")
    return out


def render(records, main_file, symbols=()):
    out = [f"K32 assembler listing of {main_file}", "",
           f"{'line':>6}  {'address':8}  {'contents':{CONTENT_WIDTH}}  source"]
    current_file = main_file
    for record in records:
        loc = record.loc
        if loc.file != current_file:
            out.append(f"{'':6}  <{loc.file}>")
            current_file = loc.file
        source = ("+" * record.depth + " " if record.depth else "") + loc.text.rstrip("\r\n")
        rows = _chunks(record)
        if not rows:
            out.append(f"{loc.line:6}  {'':8}  {'':{CONTENT_WIDTH}}  {source}".rstrip())
            continue
        first, rest = rows[0], rows[1:]
        out.append(f"{loc.line:6}  {first[0]:08x}  {first[1]:{CONTENT_WIDTH}}  {source}".rstrip())
        for address, text in rest:
            out.append(f"{'':6}  {address:08x}  {text}")
    if symbols:
        out += _symbols(symbols)
    return "\n".join(out) + "\n"
