"""The K32 relocatable object format (".o"): writer and checking reader.

`k32 asm -c` writes one per source file; `k32 ld` links them (and archives
of them) into a .kx executable.  Every multi-byte field is little-endian.
The layout, byte by byte:

Header (40 bytes)
    0   4  magic            b"K32O"
    4   2  version          1
    6   2  header size      40
    8   2  section count    N (at most 1024)
    10  2  flags            0 (reserved)
    12  4  symbol count     S
    16  4  relocation count R
    20  4  file count       F
    24  4  line count       L
    28  4  string bytes     T
    32  4  file size        bytes in the whole file
    36  4  CRC-32           zlib CRC-32 of the whole file, this field read as 0

Then, one table after the other in this order, with nothing between them:

Sections (N entries of 16 bytes)
    0   4  name offset      into the string table
    4   2  kind             0 text, 1 rodata, 2 data, 3 bss, 4 not loaded
                            (debug, notes: kept in the object, dropped by ld)
    6   2  alignment        log2 of the alignment in bytes (at most 12)
    8   4  size             bytes of the section
    12  4  data offset      where its bytes are in the file (bss: 0, no bytes)
Symbols (S entries of 24 bytes)
    0   4  name offset
    4   4  value            offset in its section; the value of an absolute
                            symbol; the alignment of a common symbol
    8   4  size             from .size (0 if none); the size of a common symbol
    12  2  section          section index, or 0xFFFF undefined, 0xFFFE
                            absolute, 0xFFFD common
    14  1  binding          0 local, 1 global, 2 weak
    15  1  type             0 label, 1 constant, 2 section (the section's
                            own symbol, value 0, which relocations use for
                            local targets), 3 function, 4 object
    16  4  file index       where it is defined (0xFFFFFFFF: unknown)
    20  4  line             line number there (0 if unknown)
Relocations (R entries of 24 bytes; sorted by section, then offset)
    0   2  section          the section whose bytes are patched
    2   2  type             a relocation type (table below)
    4   4  offset           of the patched word or data in that section
    8   4  symbol           symbol index: the value is symbol + addend
    12  4  addend           signed
    16  4  file index       source of the statement (0xFFFFFFFF: unknown)
    20  4  line             its line number, for the linker's messages
Files (F entries of 4 bytes): name offset of each source file
Lines (L entries of 16 bytes): section (4), offset (4), file index (4),
    line (4) -- the debugger's line table, sorted by section and offset
Section data: each section's bytes, in section order, no padding
Strings (T bytes): NUL-terminated UTF-8 without control characters; name
    offsets count from here

A reader rejects, with one message saying what is wrong, a file that is
foreign, truncated, of another version, fails its CRC, whose counts or
offsets point outside the file, or whose tables contradict themselves
(a symbol in a section that does not exist or past its end, a relocation
that does not fit in its section, names a missing symbol, or patches bss).
Nothing is half-read: `read` returns a complete Object or raises FormatError.
"""

import struct
import zlib
from dataclasses import dataclass, field

from .kx import FormatError, check_envelope, read_name

MAGIC = b"K32O"
VERSION = 1
MAX_SECTIONS = 1024
MAX_ALIGN_LOG2 = 12
NO_FILE = 0xFFFFFFFF

SEC_UNDEF, SEC_ABS, SEC_COMMON = 0xFFFF, 0xFFFE, 0xFFFD
KINDS = ("text", "rodata", "data", "bss", "none")
BINDINGS = ("local", "global", "weak")
TYPES = ("label", "constant", "section", "function", "object")

HEADER_FIELDS = [
    ("magic", "4s", 'b"K32O"'),
    ("version", "H", "format version"),
    ("hsize", "H", "header size"),
    ("nsections", "H", "section count"),
    ("flags", "H", "reserved, 0"),
    ("nsymbols", "I", "symbol count"),
    ("nrelocs", "I", "relocation count"),
    ("nfiles", "I", "file count"),
    ("nlines", "I", "line count"),
    ("nstrings", "I", "string bytes"),
    ("fsize", "I", "bytes in the whole file"),
    ("crc", "I", "CRC-32 of the whole file, this field read as 0"),
]
HEADER = struct.Struct("<" + "".join(code for _, code, _ in HEADER_FIELDS))
CRC_OFFSET = HEADER.size - 4
# The table entries' fields (name, struct code, meaning): the structs below
# and the offsets os/include/module.inc gives the kernel's loader.
SECTION_FIELDS = [
    ("name", "I", "name offset in the string table"),
    ("kind", "H", "KINDS index"),
    ("align", "H", "log2 of the alignment"),
    ("size", "I", "bytes of the section"),
    ("offset", "I", "where its bytes are in the file (bss: 0)"),
]
SYMBOL_FIELDS = [
    ("name", "I", "name offset in the string table"),
    ("value", "I", "offset in its section, or the value"),
    ("size", "I", "size"),
    ("section", "H", "section index, or SEC_UNDEF, SEC_ABS, SEC_COMMON"),
    ("binding", "B", "BINDINGS index"),
    ("type", "B", "TYPES index"),
    ("file", "I", "file index"),
    ("line", "I", "line number"),
]
RELOC_FIELDS = [
    ("section", "H", "the section patched"),
    ("type", "H", "relocation type"),
    ("offset", "I", "offset of the patched bytes in it"),
    ("symbol", "I", "symbol index"),
    ("addend", "i", "addend (signed)"),
    ("file", "I", "file index"),
    ("line", "I", "line number"),
]
SECTION = struct.Struct("<" + "".join(code for _, code, _ in SECTION_FIELDS))
SYMBOL = struct.Struct("<" + "".join(code for _, code, _ in SYMBOL_FIELDS))
RELOC = struct.Struct("<" + "".join(code for _, code, _ in RELOC_FIELDS))
FILE = struct.Struct("<I")
LINE = struct.Struct("<IIII")

# Relocation types: (name, number, field, operation, meaning).  `field` is
# where the result goes: dataN = N little-endian bytes, otherwise the
# immediate field of the instruction word at the offset, of that operand
# kind (isa/instructions.py IMMEDIATE_KINDS), range-checked as the
# assembler checks it.  OPERATIONS says what each operation stores, with S
# the symbol's address, A the addend and P the address of the patched word.
OPERATIONS = {
    "abs": "S + A",
    "hi": "%hi(S + A): the upper 20 bits, rounded for a signed %lo",
    "lo": "%lo(S + A): the low 12 bits, signed",
    "pcrel_hi": "%hi(S + A - P)",
    "pcrel_lo": "%lo of the distance the PCREL_HI20 at address S + A computes "
                "(S + A is the auipc, as in RISC-V ELF's PCREL_LO12)",
    "pcrel": "S + A - P (branches and jal store it in words)",
}
RELOCATIONS = [
    ("R_K32_32",         1, "data4", "abs",      "a 32-bit data word: .word sym"),
    ("R_K32_16",         2, "data2", "abs",      "a 16-bit datum: .half sym"),
    ("R_K32_8",          3, "data1", "abs",      "a byte: .byte sym"),
    ("R_K32_HI20",       4, "imm20", "hi",       "lui rd, %hi(sym): la, li, lw rd, sym, call-free addressing"),
    ("R_K32_LO12",       5, "imm",   "lo",       "addi/load/store with %lo(sym)"),
    ("R_K32_PCREL_HI20", 6, "imm20", "pcrel_hi", "auipc rd, %pcrel_hi(sym)"),
    ("R_K32_PCREL_LO12", 7, "imm",   "pcrel_lo", "addi/load/store with %pcrel_lo(label of the auipc)"),
    ("R_K32_BRANCH",     8, "boff",  "pcrel",    "a conditional branch to sym (+-128 KiB)"),
    ("R_K32_JAL",        9, "joff",  "pcrel",    "jal, j, call, tail to sym (+-2 MiB)"),
    ("R_K32_IMM16",     10, "imm",   "abs",      "a signed 16-bit immediate that is a symbol's value"),
    ("R_K32_UIMM16",    11, "uimm",  "abs",      "an unsigned 16-bit immediate (ports) that is a symbol's value"),
    ("R_K32_IMM20",     12, "imm20", "abs",      "lui rd, sym: a 20-bit immediate that is a symbol's value"),
    ("R_K32_SHAMT",     13, "shamt", "abs",      "a shift amount that is a symbol's value"),
    ("R_K32_CSR",       14, "csr",   "abs",      "a control-register number that is a symbol's value"),
    ("R_K32_PCREL32",   15, "data4", "pcrel",    "a 32-bit datum sym - P: GCC's jump tables of label differences (.word .L5-.L4)"),
]
RELOC_BY_NUMBER = {number: (name, fld, op) for name, number, fld, op, _ in RELOCATIONS}
RELOC_BY_USE = {(fld, op): number for name, number, fld, op, _ in RELOCATIONS}
RELOC_NAMES = {number: name for name, number, *_ in RELOCATIONS}


@dataclass
class Section:
    name: str
    kind: str                 # one of KINDS
    align: int = 4            # bytes, a power of two
    data: bytes = b""         # empty for bss
    size: int = 0


@dataclass
class Symbol:
    name: str
    value: int = 0
    section: int = SEC_UNDEF  # index into Object.sections, or SEC_*
    binding: str = "local"
    type: str = "label"
    size: int = 0
    file: int = NO_FILE
    line: int = 0

    @property
    def defined(self):
        return self.section not in (SEC_UNDEF, SEC_COMMON)


@dataclass
class Reloc:
    section: int
    offset: int
    type: int
    symbol: int
    addend: int = 0
    file: int = NO_FILE
    line: int = 0


@dataclass
class Object:
    sections: list = field(default_factory=list)
    symbols: list = field(default_factory=list)
    relocs: list = field(default_factory=list)
    files: list = field(default_factory=list)
    lines: list = field(default_factory=list)     # (section, offset, file, line)

    def where(self, file, line):
        """"main.s:12" for a (file index, line) pair, or None."""
        if file == NO_FILE or file >= len(self.files):
            return None
        return f"{self.files[file]}:{line}" if line else self.files[file]


def _strings():
    table, index = bytearray(), {}

    def add(text):
        if text not in index:
            index[text] = len(table)
            table.extend(text.encode("utf-8") + b"\0")
        return index[text]
    return table, add


def write(obj):
    """The bytes of an object file."""
    if len(obj.sections) > MAX_SECTIONS:
        raise FormatError(f"too many sections ({len(obj.sections)}, at most {MAX_SECTIONS})")
    strings, add = _strings()
    n = len(obj.sections)
    tables_end = (HEADER.size + n * SECTION.size + len(obj.symbols) * SYMBOL.size
                  + len(obj.relocs) * RELOC.size + len(obj.files) * FILE.size
                  + len(obj.lines) * LINE.size)
    sections, data, offset = b"", b"", tables_end
    for sec in obj.sections:
        stored = b"" if sec.kind == "bss" else bytes(sec.data)
        sections += SECTION.pack(add(sec.name), KINDS.index(sec.kind), sec.align.bit_length() - 1,
                                 sec.size, offset if stored else 0)
        data += stored
        offset += len(stored)
    symbols = b"".join(SYMBOL.pack(add(s.name), s.value & 0xFFFFFFFF, s.size & 0xFFFFFFFF, s.section,
                                   BINDINGS.index(s.binding), TYPES.index(s.type), s.file, s.line)
                       for s in obj.symbols)
    relocs = b"".join(RELOC.pack(r.section, r.type, r.offset, r.symbol, r.addend, r.file, r.line)
                      for r in sorted(obj.relocs, key=lambda r: (r.section, r.offset)))
    files = b"".join(FILE.pack(add(f)) for f in obj.files)
    lines = b"".join(LINE.pack(*entry) for entry in sorted(obj.lines))
    size = offset + len(strings)
    header = HEADER.pack(MAGIC, VERSION, HEADER.size, n, 0, len(obj.symbols), len(obj.relocs),
                         len(obj.files), len(obj.lines), len(strings), size, 0)
    blob = bytearray(header + sections + symbols + relocs + files + lines + data + bytes(strings))
    struct.pack_into("<I", blob, CRC_OFFSET, zlib.crc32(blob))
    return bytes(blob)


def is_object(blob):
    return bytes(blob[:4]) == MAGIC


def read(blob):
    """Parse and check an object file; raises FormatError saying what is wrong."""
    blob = bytes(blob)
    if len(blob) < 4 or blob[:4] != MAGIC:
        raise FormatError("not a K32 object file (bad magic number)")
    if len(blob) < HEADER.size:
        raise FormatError(f"truncated: {len(blob)} bytes is shorter than the {HEADER.size}-byte header")
    (_, version, hsize, nsec, flags, nsym, nrel, nfile, nline, nstr, size,
     crc) = HEADER.unpack_from(blob)
    check_envelope(blob, HEADER, CRC_OFFSET, VERSION, version, hsize, size, crc)
    if flags:
        raise FormatError(f"unknown flags {flags:#x}")
    if nsec > MAX_SECTIONS:
        raise FormatError(f"{nsec} sections (at most {MAX_SECTIONS})")
    pos = HEADER.size
    tables_end = (pos + nsec * SECTION.size + nsym * SYMBOL.size + nrel * RELOC.size
                  + nfile * FILE.size + nline * LINE.size)
    if tables_end + nstr > size:
        raise FormatError(f"tables need {tables_end + nstr} bytes, the file has {size}")
    strings = blob[size - nstr:]
    data_end = size - nstr
    obj = Object()
    expected = tables_end
    for i in range(nsec):
        name, kind, align, ssize, off = SECTION.unpack_from(blob, pos)
        pos += SECTION.size
        what = f"section {i}"
        if kind >= len(KINDS):
            raise FormatError(f"{what}: unknown kind {kind}")
        if align > MAX_ALIGN_LOG2:
            raise FormatError(f"{what}: alignment 2**{align} is more than a page")
        kind = KINDS[kind]
        stored = 0 if kind == "bss" else ssize
        if kind == "bss" and off:
            raise FormatError(f"{what}: a bss section has no bytes in the file")
        if stored and off != expected:
            raise FormatError(f"{what}: data at offset {off}, expected {expected}")
        if expected + stored > data_end:
            raise FormatError(f"{what}: its {ssize} bytes run past the section data")
        data = blob[off:off + stored] if stored else b""
        expected += stored
        obj.sections.append(Section(read_name(strings, name, what), kind, 1 << align, data, ssize))
    if expected != data_end:
        raise FormatError(f"section data ends at {expected}, the string table starts at {data_end}")
    names = [s.name for s in obj.sections]
    if len(set(names)) != len(names):
        raise FormatError("two sections have the same name")
    for i in range(nsym):
        name, value, ssize, sec, binding, typ, fidx, line = SYMBOL.unpack_from(blob, pos)
        pos += SYMBOL.size
        what = f"symbol {i}"
        if binding >= len(BINDINGS) or typ >= len(TYPES):
            raise FormatError(f"{what}: bad binding or type byte")
        if sec < nsec:
            if value > obj.sections[sec].size:
                raise FormatError(f"{what}: value {value:#x} lies past the end of its section")
        elif sec not in (SEC_UNDEF, SEC_ABS, SEC_COMMON):
            raise FormatError(f"{what}: section {sec} does not exist")
        if sec == SEC_COMMON and (value & (value - 1) or not value or value > 1 << MAX_ALIGN_LOG2):
            raise FormatError(f"{what}: common alignment {value} is not a power of two up to a page")
        if fidx != NO_FILE and fidx >= nfile:
            raise FormatError(f"{what}: names file {fidx}, there are {nfile}")
        sym = Symbol(read_name(strings, name, what), value, sec, BINDINGS[binding], TYPES[typ], ssize, fidx, line)
        if sym.binding == "local" and sec in (SEC_UNDEF, SEC_COMMON) and typ != 2:
            raise FormatError(f"{what}: '{sym.name}' is local but not defined here")
        if TYPES[typ] == "section" and (sec >= nsec or value):
            raise FormatError(f"{what}: a section symbol must name a section at offset 0")
        obj.symbols.append(sym)
    last = (-1, -1)
    for i in range(nrel):
        sec, rtype, off, sym, addend, fidx, line = RELOC.unpack_from(blob, pos)
        pos += RELOC.size
        what = f"relocation {i}"
        if sec >= nsec:
            raise FormatError(f"{what}: section {sec} does not exist")
        if rtype not in RELOC_BY_NUMBER:
            raise FormatError(f"{what}: unknown type {rtype}")
        if sym >= nsym:
            raise FormatError(f"{what}: symbol {sym} does not exist (there are {nsym})")
        if fidx != NO_FILE and fidx >= nfile:
            raise FormatError(f"{what}: names file {fidx}, there are {nfile}")
        target = obj.sections[sec]
        fld = RELOC_BY_NUMBER[rtype][1]
        width = int(fld[4:]) if fld.startswith("data") else 4
        if target.kind == "bss":
            raise FormatError(f"{what}: patches {target.name}, which holds only zeros")
        if off + width > target.size or (width == 4 and not fld.startswith("data") and off % 4):
            raise FormatError(f"{what}: offset {off:#x} does not fit in {target.name}")
        if (sec, off) < last:
            raise FormatError(f"{what}: out of order")
        last = (sec, off)
        obj.relocs.append(Reloc(sec, off, rtype, sym, addend, fidx, line))
    for i in range(nfile):
        (name,) = FILE.unpack_from(blob, pos)
        pos += FILE.size
        obj.files.append(read_name(strings, name, f"file {i}"))
    for i in range(nline):
        sec, off, fidx, line = LINE.unpack_from(blob, pos)
        pos += LINE.size
        if sec >= nsec or off >= max(obj.sections[sec].size, 1):
            raise FormatError(f"line entry {i}: section {sec} offset {off:#x} does not exist")
        if fidx >= nfile:
            raise FormatError(f"line entry {i} names file {fidx}, there are {nfile}")
        if obj.lines and (sec, off) < obj.lines[-1][:2]:
            raise FormatError(f"line entry {i} is out of order")
        obj.lines.append((sec, off, fidx, line))
    return obj


def load(path):
    """Read an object file; OSError and FormatError carry the reason."""
    with open(path, "rb") as f:
        return read(f.read())
