"""Kernel modules as the debugger sees them: the kernel's module record
(isa/module.py), read from guest memory when the kernel writes its
address to the DEBUG_MODULE port, and the module's object image turned
into an Executable at the addresses its sections were loaded at, whose
symbols and line table the debugger then adds (as gdb's add-symbol-file).

Everything read here comes from the guest, which may be wrong: every
address and size is checked against RAM, the image is parsed by the
checking reader (isa.obj.read), and what is wrong is one ModuleError line.
"""

import zlib
from dataclasses import dataclass

from isa import kx, obj
from isa.kx import FormatError
from isa.module import LIMITS, MODULE_FIELDS, MODULE_SIZE, MODULE_STATES

FIELD = {name: offset for name, offset, _ in MODULE_FIELDS}
STATE = {name: value for name, value, _ in MODULE_STATES}
STATE_NAMES = {value: name.removeprefix("MODSTATE_").lower() for name, value, _ in MODULE_STATES}
LIMIT = {name: value for name, value, _ in LIMITS}
LOADING, GOING = STATE["MODSTATE_LOADING"], STATE["MODSTATE_GOING"]
NAME_BYTES = FIELD["MOD_BASE"] - FIELD["MOD_NAME"]
SEGMENT_FLAGS = {"text": kx.SEG_R | kx.SEG_X, "rodata": kx.SEG_R,
                 "data": kx.SEG_R | kx.SEG_W, "bss": kx.SEG_R | kx.SEG_W}


class ModuleError(Exception):
    """A module record or image that cannot be used (the message says why)."""


@dataclass
class Record:
    address: int
    name: str
    base: int
    size: int
    state: int
    image: int
    imgsize: int
    secbase: int
    nsec: int
    init: int
    raw: bytes                  # the record's bytes


@dataclass
class Module:
    name: str
    base: int
    size: int
    image: object               # program.Image
    record: int                 # the record's address
    symbols: int                # how many symbols it added
    key: tuple = None           # fingerprint() of the notice it came from


def _span(memory, address, size, what):
    if address < 0 or size < 0 or address + size > memory:
        raise ModuleError(f"{what} at {address:#010x} ({size} bytes) is outside RAM")


def record_bytes(machine, address):
    """The bytes of the record at `address` (fewer near the top of RAM)."""
    return machine.mem8[address:address + MODULE_SIZE].tobytes()


def read_record(machine, address):
    """The module record at physical `address`."""
    _span(machine.memory, address, MODULE_SIZE, "the record")
    if address % 4:
        raise ModuleError(f"the record at {address:#010x} is not word-aligned")
    raw = record_bytes(machine, address)

    def word(field):
        return int.from_bytes(raw[FIELD[field]:FIELD[field] + 4], "little")
    name = raw[FIELD["MOD_NAME"]:FIELD["MOD_NAME"] + NAME_BYTES]
    end = name.find(b"\0")
    if end < 0 or end > LIMIT["MODNAME_MAX"]:
        raise ModuleError(f"the record at {address:#010x} has no NUL-terminated name")
    try:
        text = name[:end].decode("ascii")
    except UnicodeDecodeError:
        text = ""
    if not text or not text.isprintable() or " " in text:
        raise ModuleError(f"the record at {address:#010x} has no usable name ({name[:end]!r})")
    return Record(address, text, word("MOD_BASE"), word("MOD_SIZE"), word("MOD_STATE"),
                  word("MOD_IMAGE"), word("MOD_IMGSIZE"), word("MOD_SECBASE"), word("MOD_NSEC"),
                  word("MOD_INIT"), raw)


def fingerprint(machine, record):
    """What a LOADING notice gives, in short: the record, and checksums of
    the image and the section addresses it points at.  Re-execution meets
    the same notice again; an equal fingerprint means the module known is
    this one, and nothing need be read again."""
    mem8 = machine.mem8
    image = mem8[record.image:record.image + min(record.imgsize, LIMIT["MOD_IMAGE_MAX"])]
    table = mem8[record.secbase:record.secbase + 4 * min(record.nsec, obj.MAX_SECTIONS)]
    return record.raw, zlib.crc32(image.tobytes()), zlib.crc32(table.tobytes())


def load_module(machine, record):
    """The Module a LOADING record describes: its object image parsed, its
    symbols and lines at the addresses its sections were placed at (the
    loaded code is read from memory, relocated)."""
    from .program import Image
    memory = machine.memory
    what = f"module {record.name}"
    _span(memory, record.base, record.size, f"{what}: its memory")
    if record.imgsize > LIMIT["MOD_IMAGE_MAX"]:
        raise ModuleError(f"{what}: an image of {record.imgsize} bytes is more than "
                          f"{LIMIT['MOD_IMAGE_MAX']}")
    _span(memory, record.image, record.imgsize, f"{what}: its image")
    try:
        image = obj.read(machine.mem8[record.image:record.image + record.imgsize].tobytes())
    except FormatError as e:
        raise ModuleError(f"{what}: its image: {e}") from None
    if record.nsec != len(image.sections):
        raise ModuleError(f"{what}: the record gives {record.nsec} section addresses, "
                          f"the image has {len(image.sections)} sections")
    _span(memory, record.secbase, 4 * record.nsec, f"{what}: its section addresses")
    table = machine.mem8[record.secbase:record.secbase + 4 * record.nsec].tobytes()
    bases = [int.from_bytes(table[4 * i:4 * i + 4], "little") for i in range(record.nsec)]
    segments = []
    for sec, base in zip(image.sections, bases):
        if not base or sec.kind == "none":
            continue
        _span(memory, base, sec.size, f"{what}: section {sec.name}")
        data = b"" if sec.kind == "bss" else machine.mem8[base:base + sec.size].tobytes()
        segments.append(kx.Segment(base, data, sec.size, SEGMENT_FLAGS[sec.kind]))
    symbols = [kx.Symbol(s.name, (bases[s.section] + s.value) & 0xFFFFFFFF, s.binding != "local")
               for s in image.symbols
               if s.defined and s.section < len(bases) and bases[s.section]
               and s.type != "section" and image.sections[s.section].kind != "none"]
    lines = [((bases[sec] + offset) & 0xFFFFFFFF, f, n) for sec, offset, f, n in image.lines
             if bases[sec] and image.sections[sec].kind != "none"]
    exe = kx.Executable(record.init, segments, symbols, list(image.files), lines)
    loaded = Image(exe, entry=False)
    if loaded.in_code(record.init):            # its init function is a function
        loaded.functions = sorted(set(loaded.functions) | {record.init})
    return Module(record.name, record.base, record.size, loaded, record.address, len(symbols),
                  fingerprint(machine, record))
