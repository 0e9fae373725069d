"""Libraries of objects: the standard Unix `ar` format, as GNU ar writes it.

    "!<arch>\\n", then per member a 60-byte header -- name (16), mtime (12),
    uid (6), gid (6), mode (8, octal), size (10), "`\\n" -- and its bytes,
    padded to an even length with "\\n".

Names end with "/" (GNU); a longer name is "/N", N an offset into the "//"
member of long names; BSD's "#1/LEN" (the name at the start of the data)
is read too.  A symbol index member ("/" or "/SYM64/") is skipped: the
linker reads each member's own symbol table.  So `ar rc lib.a a.o b.o`
(binutils) and `k32 ar rc lib.a a.o b.o` make the same kind of library, and
`k32 ar` writes deterministically (times, owners and modes zero/0644, as
`ar D` does).
"""

MAGIC = b"!<arch>\n"
HEADER_SIZE = 60


class ArchiveError(Exception):
    """A malformed archive; the message says what is wrong."""


def is_archive(blob):
    return bytes(blob[:8]) == MAGIC


def read(blob):
    """[(member name, bytes)] of an archive, in order."""
    blob = bytes(blob)
    if not is_archive(blob):
        raise ArchiveError("not an archive (bad magic number)")
    members, longnames, pos = [], b"", len(MAGIC)
    while pos < len(blob):
        if blob[pos:pos + 1] == b"\n" and pos % 2:
            pos += 1                                  # padding after an odd member
            continue
        head = blob[pos:pos + HEADER_SIZE]
        if len(head) < HEADER_SIZE:
            raise ArchiveError(f"truncated member header at byte {pos}")
        if head[58:60] != b"`\n":
            raise ArchiveError(f"bad member header at byte {pos}")
        raw_name = head[:16].rstrip(b" ")
        size = _decimal(head[48:58])
        if size is None:
            raise ArchiveError(f"bad member size at byte {pos}")
        at, start = pos, pos + HEADER_SIZE
        data = blob[start:start + size]
        if len(data) < size:
            raise ArchiveError(f"member at byte {pos} is truncated ({len(data)} of {size} bytes)")
        pos = start + size + (size & 1)
        if raw_name in (b"/", b"/SYM64/", b"__.SYMDEF", b"__.SYMDEF SORTED"):
            continue
        if raw_name == b"//":
            longnames = data
            continue
        if raw_name.startswith(b"#1/"):
            n = _decimal(raw_name[3:])
            if n is None or n > size:
                raise ArchiveError(f"bad BSD member name at byte {at}")
            name, data = data[:n].rstrip(b"\0"), data[n:]
        elif raw_name.startswith(b"/") and raw_name[1:].isdigit():
            offset = int(raw_name[1:])
            end = longnames.find(b"/\n", offset)
            if offset >= len(longnames) or end < 0:
                raise ArchiveError(f"member name /{offset} is not in the long-name table")
            name = longnames[offset:end]
        else:
            name = raw_name[:-1] if raw_name.endswith(b"/") else raw_name
        if not name or any(c < 0x20 or c == 0x7F for c in name):
            raise ArchiveError(f"bad member name at byte {at}")
        members.append((name.decode("utf-8", "replace"), data))
    return members


def _decimal(field):
    """The number in a space-padded decimal field, or None (int() would
    also take a sign, underscores and other scripts' digits)."""
    text = field.rstrip(b" ")
    return int(text) if text and all(0x30 <= c <= 0x39 for c in text) else None


def write(members):
    """The bytes of an archive of [(name, bytes)]."""
    longnames = bytearray()
    headers = []
    for name, _ in members:
        encoded = name.encode("utf-8")
        if len(encoded) > 15 or b"/" in encoded or b" " in encoded:
            headers.append(f"/{len(longnames)}".encode())
            longnames += encoded + b"/\n"
        else:
            headers.append(encoded + b"/")
    out = bytearray(MAGIC)

    def member(name, data):
        out.extend(name.ljust(16) + b"0".ljust(12) + b"0".ljust(6) + b"0".ljust(6)
                   + b"644".ljust(8) + str(len(data)).encode().ljust(10) + b"`\n")
        out.extend(data)
        if len(data) & 1:
            out.extend(b"\n")
    if longnames:
        member(b"//", bytes(longnames))
    for head, (_, data) in zip(headers, members):
        member(head, bytes(data))
    return bytes(out)
