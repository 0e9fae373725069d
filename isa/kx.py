"""The K32 executable format (".kx"): writer and checking reader.

Every multi-byte field is little-endian.  The layout, byte by byte:

Header (32 bytes)
    0   4  magic            b"K32X"
    4   2  version          1
    6   2  header size      32
    8   4  entry            address execution starts at
    12  2  segment count    N (at most 64)
    14  2  flags            bit 0: a debug section is present
    16  4  file size        bytes in the whole file
    20  4  CRC-32           zlib CRC-32 of the whole file, this field read as 0
    24  4  debug offset     where the debug section starts (0 = none)
    28  4  debug size       its length in bytes

Segment table (N entries of 20 bytes, right after the header)
    0   4  address          where the segment is loaded
    4   4  memory size      bytes it occupies in memory
    8   4  file size        bytes stored in the file (<= memory size; the
                            rest is zero-filled, which is how .bss costs nothing)
    12  4  file offset      where those bytes are in the file
    16  4  flags            R = 4, W = 2, X = 1

Segment data follows the table; then the debug section, if any:

Debug section
    0   4  magic            b"K32D"
    4   4  symbol count     S
    8   4  file count       F
    12  4  line count       L
    16  4  string bytes     T
    20  S*12  symbols       name offset (4), value (4), binding (1: 0 local,
                            1 global), type (1: 0 label, 1 absolute constant),
                            2 bytes zero
        F*4   files         name offset (4)
        L*12  lines         address (4), file index (4), line number (4);
                            sorted by address
        T     strings       NUL-terminated UTF-8 without control characters; offsets count from here

A reader rejects, with a message saying what is wrong, a file that is
foreign, truncated, of another version, fails its CRC, or whose tables point
outside the file or make segments overlap.  Nothing is half-loaded: `read`
returns a complete Executable or raises FormatError.
"""

import struct
import zlib
from dataclasses import dataclass, field

MAGIC = b"K32X"
DEBUG_MAGIC = b"K32D"
VERSION = 1

# The header and a segment-table entry, field by field: (name in kx.inc,
# struct code, meaning).  The struct layouts, CRC_OFFSET and the offsets
# that os/include/kx.inc gives assembly code all come from these lists.
HEADER_FIELDS = [
    ("KX_H_MAGIC", "4s", 'b"K32X"'),
    ("KX_H_VERSION", "H", "format version (halfword)"),
    ("KX_H_HSIZE", "H", "header size (halfword)"),
    ("KX_H_ENTRY", "I", "entry address"),
    ("KX_H_NSEG", "H", "segment count (halfword)"),
    ("KX_H_FLAGS", "H", "flags (halfword); bit 0: a debug section is present"),
    ("KX_H_FSIZE", "I", "bytes in the whole file"),
    ("KX_H_CRC", "I", "CRC-32 of the whole file, this field read as 0"),
    ("KX_H_DEBUG_OFF", "I", "where the debug section starts (0 = none)"),
    ("KX_H_DEBUG_SIZE", "I", "its length in bytes"),
]
SEGMENT_FIELDS = [
    ("KX_S_ADDR", "I", "where the segment is loaded"),
    ("KX_S_MEMSZ", "I", "bytes it occupies in memory"),
    ("KX_S_FILESZ", "I", "bytes stored in the file (<= memory size)"),
    ("KX_S_OFF", "I", "where those bytes are in the file"),
    ("KX_S_FLAGS", "I", "R = 4, W = 2, X = 1"),
]


def field_offsets(fields):
    """[(name, byte offset, meaning)] of a little-endian field list."""
    result, offset = [], 0
    for name, code, meaning in fields:
        result.append((name, offset, meaning))
        offset += struct.calcsize("<" + code)
    return result


HEADER = struct.Struct("<" + "".join(code for _, code, _ in HEADER_FIELDS))
SEGMENT = struct.Struct("<" + "".join(code for _, code, _ in SEGMENT_FIELDS))
DEBUG_HEADER = struct.Struct("<4sIIII")
SYMBOL = struct.Struct("<IIBBH")
LINE = struct.Struct("<III")
MAX_SEGMENTS = 64
FLAG_DEBUG = 1
SEG_R, SEG_W, SEG_X = 4, 2, 1
CRC_OFFSET = dict((n, o) for n, o, _ in field_offsets(HEADER_FIELDS))["KX_H_CRC"]


class FormatError(Exception):
    """A file is not a valid K32 executable; the message says why."""


@dataclass
class Segment:
    address: int
    data: bytes
    memsize: int
    flags: int

    @property
    def end(self):
        return self.address + self.memsize

    def flag_text(self):
        return "".join(c if self.flags & b else "-" for c, b in (("r", SEG_R), ("w", SEG_W), ("x", SEG_X)))


@dataclass
class Symbol:
    name: str
    value: int
    is_global: bool = False
    is_absolute: bool = False


@dataclass
class Executable:
    entry: int
    segments: list
    symbols: list = field(default_factory=list)
    files: list = field(default_factory=list)
    lines: list = field(default_factory=list)     # (address, file index, line)

    def symbol_table(self):
        """{name: value} for every symbol."""
        return {s.name: s.value for s in self.symbols}


def _strings():
    table, index = bytearray(), {}

    def add(text):
        if text not in index:
            index[text] = len(table)
            table.extend(text.encode("utf-8") + b"\0")
        return index[text]
    return table, add


def _debug_section(exe):
    table, add = _strings()
    syms = b"".join(SYMBOL.pack(add(s.name), s.value & 0xFFFFFFFF, int(s.is_global),
                                int(s.is_absolute), 0) for s in exe.symbols)
    files = b"".join(struct.pack("<I", add(f)) for f in exe.files)
    lines = b"".join(LINE.pack(a & 0xFFFFFFFF, f, n) for a, f, n in sorted(exe.lines))
    head = DEBUG_HEADER.pack(DEBUG_MAGIC, len(exe.symbols), len(exe.files), len(exe.lines), len(table))
    return head + syms + files + lines + bytes(table)


def write(exe, debug=True):
    """The bytes of an executable file."""
    if len(exe.segments) > MAX_SEGMENTS:
        raise FormatError(f"too many segments ({len(exe.segments)}, at most {MAX_SEGMENTS})")
    offset = HEADER.size + SEGMENT.size * len(exe.segments)
    table, body = b"", b""
    for seg in exe.segments:
        table += SEGMENT.pack(seg.address, seg.memsize, len(seg.data), offset, seg.flags)
        body += seg.data
        offset += len(seg.data)
    dbg = _debug_section(exe) if debug else b""
    dbg_offset = offset if dbg else 0
    size = offset + len(dbg)
    header = HEADER.pack(MAGIC, VERSION, HEADER.size, exe.entry, len(exe.segments),
                         FLAG_DEBUG if dbg else 0, size, 0, dbg_offset, len(dbg))
    blob = bytearray(header + table + body + dbg)
    struct.pack_into("<I", blob, CRC_OFFSET, zlib.crc32(blob))
    return bytes(blob)


def read_name(strings, offset, what):
    """The NUL-terminated UTF-8 name at `offset` of a string table; names
    with control characters are refused (a newline in a name would split
    every one-line message and listing that shows it)."""
    if offset >= len(strings):
        raise FormatError(f"{what}: name offset {offset} is outside the string table")
    end = strings.find(b"\0", offset)
    if end < 0:
        raise FormatError(f"{what}: name is not NUL-terminated")
    raw = strings[offset:end]
    if any(c < 0x20 or c == 0x7F for c in raw):
        raise FormatError(f"{what}: name has a control character")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError(f"{what}: name is not valid UTF-8") from None


def _read_debug(blob):
    if len(blob) < DEBUG_HEADER.size:
        raise FormatError("debug section is shorter than its header")
    magic, nsym, nfile, nline, nstr = DEBUG_HEADER.unpack_from(blob)
    if magic != DEBUG_MAGIC:
        raise FormatError("debug section has a bad magic number")
    need = DEBUG_HEADER.size + nsym * SYMBOL.size + nfile * 4 + nline * LINE.size + nstr
    if need != len(blob):
        raise FormatError(f"debug section counts need {need} bytes, the section has {len(blob)}")
    pos = DEBUG_HEADER.size
    strings = blob[len(blob) - nstr:]
    symbols = []
    for i in range(nsym):
        name, value, binding, kind, pad = SYMBOL.unpack_from(blob, pos)
        pos += SYMBOL.size
        if binding > 1 or kind > 1 or pad:
            raise FormatError(f"symbol {i}: bad binding/type bytes")
        symbols.append(Symbol(read_name(strings, name, f"symbol {i}"), value, bool(binding), bool(kind)))
    files = []
    for i in range(nfile):
        (name,) = struct.unpack_from("<I", blob, pos)
        pos += 4
        files.append(read_name(strings, name, f"file {i}"))
    lines = []
    for i in range(nline):
        addr, findex, line = LINE.unpack_from(blob, pos)
        pos += LINE.size
        if findex >= nfile:
            raise FormatError(f"line entry {i} names file {findex}, there are {nfile}")
        if lines and addr < lines[-1][0]:
            raise FormatError(f"line entry {i} is out of address order")
        lines.append((addr, findex, line))
    return symbols, files, lines


def check_envelope(blob, header, crc_offset, expected_version, version, hsize, size, crc,
                   error=FormatError):
    """The checks every K32 file format shares (executables, boot images):
    the version, the header size, the file size the header gives, and the
    CRC-32 of the whole file with its CRC field read as 0.  Raises `error`."""
    if version != expected_version:
        raise error(f"unsupported version {version} (this tool reads version {expected_version})")
    if hsize != header.size:
        raise error(f"header size is {hsize}, expected {header.size}")
    if size != len(blob):
        what = "truncated" if len(blob) < size else "trailing bytes"
        raise error(f"{what}: header says {size} bytes, the file has {len(blob)}")
    check = bytearray(blob)
    struct.pack_into("<I", check, crc_offset, 0)
    if zlib.crc32(check) != crc:
        raise error("corrupted: CRC-32 does not match the contents")


def read(blob):
    """Parse and check an executable; raises FormatError saying what is wrong."""
    blob = bytes(blob)
    if len(blob) < 4 or blob[:4] != MAGIC:
        raise FormatError("not a K32 executable (bad magic number)")
    if len(blob) < HEADER.size:
        raise FormatError(f"truncated: {len(blob)} bytes is shorter than the {HEADER.size}-byte header")
    magic, version, hsize, entry, nseg, flags, size, crc, dbg_off, dbg_size = HEADER.unpack_from(blob)
    check_envelope(blob, HEADER, CRC_OFFSET, VERSION, version, hsize, size, crc)
    if nseg > MAX_SEGMENTS:
        raise FormatError(f"{nseg} segments (at most {MAX_SEGMENTS})")
    if flags & ~FLAG_DEBUG:
        raise FormatError(f"unknown flags {flags:#x}")
    table_end = HEADER.size + nseg * SEGMENT.size
    if table_end > size:
        raise FormatError("segment table runs past the end of the file")
    segments = []
    for i in range(nseg):
        addr, memsz, filesz, off, sflags = SEGMENT.unpack_from(blob, HEADER.size + i * SEGMENT.size)
        if filesz > memsz:
            raise FormatError(f"segment {i}: file size {filesz} exceeds memory size {memsz}")
        if off < table_end or off + filesz > size:
            raise FormatError(f"segment {i}: data at {off}..{off + filesz} lies outside the file")
        if addr + memsz > 1 << 32:
            raise FormatError(f"segment {i}: {addr:#x}+{memsz:#x} runs past the 32-bit address space")
        if sflags & ~7:
            raise FormatError(f"segment {i}: unknown flags {sflags:#x}")
        segments.append(Segment(addr, blob[off:off + filesz], memsz, sflags))
    spans = sorted((s.address, s.end) for s in segments if s.memsize)
    for (a0, e0), (a1, _) in zip(spans, spans[1:]):
        if a1 < e0:
            raise FormatError(f"segments at {a0:#x} and {a1:#x} overlap")
    symbols, files, lines = [], [], []
    if bool(flags & FLAG_DEBUG) != bool(dbg_off):
        raise FormatError("debug flag and debug offset disagree")
    if dbg_off:
        if dbg_off < table_end or dbg_off + dbg_size != size:
            raise FormatError("debug section lies outside the file")
        symbols, files, lines = _read_debug(blob[dbg_off:dbg_off + dbg_size])
    return Executable(entry, segments, symbols, files, lines)


def load(path):
    """Read an executable file; OSError and FormatError carry the reason."""
    with open(path, "rb") as f:
        return read(f.read())
