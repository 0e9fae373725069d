"""The K32 boot image format (".boot"): writer and checking reader.

A boot image is what `k32 boot` starts: a kernel executable (.kx) and the
named boot modules handed to it (multiboot-like; the boot protocol, where
they end up in memory, is isa/boot.py).  Every multi-byte field is
little-endian.  The layout, byte by byte:

Header (32 bytes)
    0   4  magic            b"K32B"
    4   2  version          1
    6   2  header size      32
    8   4  file size        bytes in the whole file
    12  4  CRC-32           zlib CRC-32 of the whole file, this field read as 0
    16  2  module count     M (at most MAX_MODULES, 16)
    18  2  flags            0 (none are defined)
    20  4  kernel offset    where the kernel's .kx file starts
    24  4  kernel size      its length in bytes
    28  4  reserved         0

Module table (M entries of 32 bytes, right after the header)
    0   24 name             1 to BOOTMOD_NAME_MAX (23) bytes of printable
                            ASCII other than space, then NULs to fill 24;
                            names are unique
    24  4  offset           where the module's bytes start
    28  4  size             their length (0 is allowed)

Data follows the table: the kernel, then each module in table order.
The kernel must be a valid .kx executable; modules are opaque bytes (the
kernel decides what they are).

A reader rejects, with a message saying what is wrong, a file that is
foreign, truncated, of another version, fails its CRC, has a field outside
its range, or whose kernel or modules lie outside the file, overlap each
other or the tables, leave bytes of the data unaccounted for, or whose
kernel is not a valid executable.  `read`
returns a complete BootImage or raises FormatError.
"""

import struct
import zlib
from dataclasses import dataclass, field

from . import kx
from .boot import BOOTMOD_NAME_MAX, MAX_MODULES

MAGIC = b"K32B"
VERSION = 1
HEADER = struct.Struct("<4sHHIIHHIII")
MODULE = struct.Struct("<24sII")
CRC_OFFSET = 12
NAME_FIELD = 24


class FormatError(Exception):
    """A file is not a valid K32 boot image; the message says why."""


@dataclass
class Module:
    name: str
    data: bytes


@dataclass
class BootImage:
    kernel: bytes                                   # the kernel's .kx file
    modules: list = field(default_factory=list)     # Module, in order
    executable: kx.Executable = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.executable is None:
            self.executable = _kernel(self.kernel)


def _kernel(blob):
    try:
        return kx.read(blob)
    except kx.FormatError as e:
        raise FormatError(f"kernel: {e}") from None


def check_name(name):
    """Raise FormatError unless `name` is a valid module name."""
    if not isinstance(name, str) or not name:
        raise FormatError("a module name is empty")
    if not all(0x21 <= ord(c) <= 0x7E for c in name):
        raise FormatError(f"module name {name!r}: only printable ASCII without spaces is allowed")
    if len(name) > BOOTMOD_NAME_MAX:
        raise FormatError(f"module name {name!r} is longer than {BOOTMOD_NAME_MAX} bytes")


def _check_modules(modules):
    if len(modules) > MAX_MODULES:
        raise FormatError(f"{len(modules)} modules (at most {MAX_MODULES})")
    seen = set()
    for module in modules:
        check_name(module.name)
        if module.name in seen:
            raise FormatError(f"two modules are named {module.name!r}")
        seen.add(module.name)


def write(image):
    """The bytes of a boot image file; raises FormatError for a bad image."""
    _kernel(image.kernel)
    _check_modules(image.modules)
    offset = HEADER.size + MODULE.size * len(image.modules)
    kernel_offset = offset
    offset += len(image.kernel)
    table = b""
    for module in image.modules:
        table += MODULE.pack(module.name.encode("ascii"), offset, len(module.data))
        offset += len(module.data)
    if offset >= 1 << 32:
        raise FormatError(f"a boot image of {offset} bytes is too large (at most 4 GiB)")
    header = HEADER.pack(MAGIC, VERSION, HEADER.size, offset, 0, len(image.modules), 0,
                         kernel_offset, len(image.kernel), 0)
    blob = bytearray(header + table + bytes(image.kernel))
    for module in image.modules:
        blob += module.data
    struct.pack_into("<I", blob, CRC_OFFSET, zlib.crc32(blob))
    return bytes(blob)


def _name(raw, index):
    text, _, pad = raw.partition(b"\0")
    if pad.strip(b"\0"):
        raise FormatError(f"module {index}: bytes after the NUL that ends its name")
    if len(text) > BOOTMOD_NAME_MAX:
        raise FormatError(f"module {index}: name is not NUL-terminated within "
                          f"{BOOTMOD_NAME_MAX + 1} bytes")
    try:
        name = text.decode("ascii")
        check_name(name)
    except (UnicodeDecodeError, FormatError):
        raise FormatError(f"module {index}: name {text!r} is not 1-{BOOTMOD_NAME_MAX} "
                          "printable ASCII characters") from None
    return name


def read(blob):
    """Parse and check a boot image; raises FormatError saying what is wrong."""
    blob = bytes(blob)
    if len(blob) < 4 or blob[:4] != MAGIC:
        hint = ("; it is a K32 executable (.kx): run it with `k32 run`"
                if blob[:4] == kx.MAGIC else "")
        raise FormatError(f"not a K32 boot image (bad magic number{hint})")
    if len(blob) < HEADER.size:
        raise FormatError(f"truncated: {len(blob)} bytes is shorter than the {HEADER.size}-byte header")
    (_, version, hsize, size, crc, nmods, flags,
     kernel_off, kernel_size, reserved) = HEADER.unpack_from(blob)
    kx.check_envelope(blob, HEADER, CRC_OFFSET, VERSION, version, hsize, size, crc,
                      error=FormatError)
    if flags:
        raise FormatError(f"unknown flags {flags:#x}")
    if reserved:
        raise FormatError(f"reserved header field is {reserved:#x}, not 0")
    if nmods > MAX_MODULES:
        raise FormatError(f"{nmods} modules (at most {MAX_MODULES})")
    table_end = HEADER.size + nmods * MODULE.size
    if table_end > size:
        raise FormatError("module table runs past the end of the file")
    spans = []

    def place(what, offset, length):
        if offset < table_end or offset + length > size:
            raise FormatError(f"{what}: bytes at {offset}..{offset + length} lie outside "
                              f"the file's data ({table_end}..{size})")
        spans.append((offset, offset + length, what))
        return blob[offset:offset + length]

    kernel = place("kernel", kernel_off, kernel_size)
    modules, names = [], set()
    for i in range(nmods):
        raw, offset, length = MODULE.unpack_from(blob, HEADER.size + i * MODULE.size)
        name = _name(raw, i)
        if name in names:
            raise FormatError(f"module {i}: a module named {name!r} comes earlier")
        names.add(name)
        modules.append(Module(name, place(f"module {i} ({name})", offset, length)))
    spans = sorted(s for s in spans if s[1] > s[0])
    covered = table_end
    for (_, end0, what0), (start1, _, what1) in zip(spans, spans[1:]):
        if start1 < end0:
            raise FormatError(f"{what0} and {what1} overlap")
    for start, end, _ in spans:
        if start != covered:
            break
        covered = end
    if covered != size:
        raise FormatError(f"bytes from {covered} of the file belong to neither the kernel "
                          "nor a module")
    return BootImage(kernel, modules, _kernel(kernel))


def load(path):
    """Read a boot image file; OSError and FormatError carry the reason."""
    with open(path, "rb") as f:
        return read(f.read())
