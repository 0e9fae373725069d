"""`k32 build`: the OS's boot images, programs and default disk, rebuilt by
content.

Targets, all under the build directory (`build/` beside `vm/`, or $K32_BUILD):

    bin/NAME.kx     programs/bin/NAME.s, include paths programs/lib, os/include;
                    and os/micro/bin/NAME.s (the microkernel's drivers that live on
                    the disk, started by RS when their device arrives), include
                    paths os/micro/lib, os, os/include
    mono.boot       os/mono/kernel.s, include paths os/mono, os, os/include; no modules;
                    its drivers as os/mono/config.inc and build/mono.config say
    micro.boot      os/micro/kernel/kernel.s, modules os/micro/{servers,drivers}/NAME.s
    micro-io.boot   the same, assembled with DIRECT_IO defined: the disk driver uses
                    its ports directly, through an I/O permission map
    disk.img        FAT16, 16 MiB: /BIN/NAME for every program, /README.TXT from
                    os/README.TXT

The sources are read from the repository root (the parent of `vm/`, or
$K32_ROOT).  A target is stale when the hash of everything it is built from
differs from the one recorded in `.stamps.json` when it was last built, or
its file is missing.  The hash covers: the source; every file under each of
its include directories (and the other, non-.s files beside the source,
which the assembler also searches); the assembler, `isa/` and this module
(the tools); for a boot image its kernel's and modules' hashes; for the
disk the programs' hashes, the README, its size and the FAT library's
version.  A guest that writes to build/disk.img does not make it stale: its
files stay until a program or the README changes (or `k32 build --force`).

The monolithic kernel's configuration (which drivers it has) is
os/mono/config.inc: one `.equ CONFIG_NAME, 0|1  # what it is` line an
option, the default.  `k32 build --config NAME=y|n` keeps a choice in
build/mono.config (`NAME=y` lines) for every build after it, which passes
it to the assembler as -D CONFIG_NAME=1|0; the choices are part of the
kernel's hash, so changing one rebuilds it.

The FAT16 writer (`make_fat16`) is shared with `k32 mkdisk`.
"""

import hashlib
import json
import mmap
import os
import re
import struct
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from isa import bootimg, kx, obj

TOOL_ROOT = Path(__file__).resolve().parents[2]      # the running code, not the sources
STAMPS = ".stamps.json"
RECIPE = "k32-build 1"          # change to rebuild everything after a change of format
DISK_SIZE = 16 << 20
README = "os/README.TXT"
PROGRAM_INCLUDE = ("programs/lib", "os/include")
# /BIN's programs: (directory, include paths).  os/micro/bin holds the
# microkernel's drivers that RS reads from the disk (/BIN/RTCDRV).
PROGRAM_DIRS = (("programs/bin", PROGRAM_INCLUDE),
                ("os/micro/bin", ("os/micro/lib", "os", "os/include")))


class BuildError(Exception):
    """A target cannot be built; the message is what to show (assembler
    diagnostics included), one or more lines."""


@dataclass(frozen=True)
class ModuleSet:
    """Boot modules: each `directory/NAME.s` is assembled (include paths
    `include`) into the module NAME."""

    directory: str
    include: tuple


@dataclass(frozen=True)
class BootTarget:
    """A kernel's boot image: build/NAME.boot."""

    name: str
    directory: str              # the kernel's own sources; absent = not written yet
    source: str
    include: tuple
    modules: tuple = ()         # ModuleSet, in order
    defines: tuple = ()         # (NAME, value) given to every source, as `k32 asm -D`
    boot_kmodules: tuple = ()   # kernel modules (.ko) the boot image carries, as an initramfs


BOOT_TARGETS = {
    "mono": BootTarget("mono", "os/mono", "os/mono/kernel.s", ("os/mono", "os", "os/include")),
    # The microkernel, and its servers and drivers as boot modules: each
    # os/micro/servers/NAME.s and os/micro/drivers/NAME.s becomes module NAME.
    "micro": BootTarget("micro", "os/micro/kernel", "os/micro/kernel/kernel.s",
                        ("os/micro/kernel", "os", "os/include"),
                        (ModuleSet("os/micro/servers", ("os/micro/lib", "os", "os/include")),
                         ModuleSet("os/micro/drivers", ("os/micro/lib", "os", "os/include")))),
}
# The modular kernel: the core of the monolithic one with the module
# loader; its disk driver, buffer cache and FAT16 are kernel modules, put
# in the boot image (the root file system needs them) and on the disk.
BOOT_TARGETS["modular"] = BootTarget("modular", "os/modular", "os/modular/kernel.s",
                                     ("os/modular", "os/mono", "os", "os/include"),
                                     boot_kmodules=("disk", "bcache", "fat16"))

# Kernel modules: every DIR/NAME.s of these is assembled (`k32 asm -c`,
# include paths KMODULE_INCLUDE) into build/modules/NAME.ko and installed
# as /LIB/MOD/NAME.KO, with /LIB/MOD/MODULES.DEP listing what each needs
# and /LIB/MOD/MODULES.ALI the devices each drives (modules_alias).
KMODULE_DIRS = ("os/modular/modules", "programs/examples/modules")
KMODULE_INCLUDE = ("os/modular", "os/mono", "os", "os/include")
MODDIR = "/LIB/MOD"
MODDIRS = ("/LIB", MODDIR)           # the directories that hold it, outermost first

# The microkernel again, but its disk driver uses its ports with its own
# in/out instructions, allowed by an I/O permission map (the x86 TSS's),
# instead of asking the kernel: `k32 bench os` sets the two side by side to
# show what the port kernel calls cost.
BOOT_TARGETS["micro-io"] = BootTarget("micro-io", *[getattr(BOOT_TARGETS["micro"], f) for f in
                                                    ("directory", "source", "include", "modules")],
                                      defines=(("DIRECT_IO", 1),))


MONO_CONFIG_SOURCE = "os/mono/config.inc"
MONO_CONFIG = "mono.config"      # in the build directory: the choices of `k32 build --config`
_CONFIG_LINE = re.compile(r"^\s*\.equ\s+CONFIG_([A-Z0-9_]+)\s*,\s*([01])\s*(?:#\s*(.*))?$")


def _sha(*parts):
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _tree_files(directory):
    """[(relative path, bytes)] of every file under a directory, sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = Path(dirpath) / name
            try:
                out.append((path.relative_to(directory).as_posix(), path.read_bytes()))
            except OSError:
                pass
    return out


_TOOL_HASH = None


def tool_hash():
    """The hash of the assembler, isa/ and this module: the build's own version."""
    global _TOOL_HASH
    if _TOOL_HASH is None:
        parts = [RECIPE]
        for package in ("assembler", "isa"):
            for rel, data in _tree_files(TOOL_ROOT / package):
                if rel.endswith((".py", ".lark")):
                    parts += [f"{package}/{rel}", data]
        parts += ["vm/tools/build.py", Path(__file__).read_bytes()]
        _TOOL_HASH = _sha(*parts)
    return _TOOL_HASH


def _shown(path):
    """A path as messages show it: relative to the working directory if under it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _temporary(path):
    """(fd, name) of a new file beside `path`, with the permissions a plain
    open() would give it (mkstemp's are 0600)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    return fd, tmp


def write_atomic(path, data, make_parents=True):
    """Write a file whole or not at all (a temporary file, then a rename)."""
    path = Path(path)
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- 8.3 names and FAT16 images -------------------------------------------------

DOS_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'()-@^_`{}~")
SECTOR = 512
ROOT_ENTRIES = 512
MIN_CLUSTERS, MAX_CLUSTERS = 4086, 65524        # FAT16 by cluster count
CLUSTER_SIZES = (2048, 4096, 8192, 16384, 32768, 1024, 512)   # mkfs.fat's 2K first
FSTYPE_OFFSET = 54                              # BS_FilSysType of a FAT12/16 boot sector


def min_fat16_size():
    """The smallest image that holds a FAT16 volume: 512-byte clusters, two
    FATs sized as the FAT library sizes them (for the whole volume)."""
    sectors = MIN_CLUSTERS + 1 + ROOT_ENTRIES * 32 // SECTOR
    while True:
        fat = -(-((sectors - 1 - ROOT_ENTRIES * 32 // SECTOR) * 2 + 4) // SECTOR)
        need = 1 + 2 * fat + ROOT_ENTRIES * 32 // SECTOR + MIN_CLUSTERS
        if need <= sectors:
            return sectors * SECTOR
        sectors = need


MAX_FAT16_SIZE = 2047 << 20           # 65524 clusters of 32 KiB, and the FATs


def dos_name(component):
    """An 8.3 name component upper-cased, or None if it is not one."""
    name = component.upper()
    base, dot, ext = name.partition(".")
    if not 1 <= len(base) <= 8 or len(ext) > 3 or (dot and not ext) or "." in ext:
        return None
    if not set(base + ext) <= DOS_CHARS:
        return None
    return name


def stripped(image):
    """A .kx image without its debug section, as programs are installed on
    the disk (exec checks the CRC of every byte; the symbols stay in
    build/bin for the host's tools)."""
    return kx.write(kx.read(image), debug=False)


def size_text(size):
    for unit, shift in (("G", 30), ("M", 20), ("K", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return f"{size >> shift}{unit}"
    return str(size)


class FatError(Exception):
    """The image cannot be made; the message says why."""


def make_fat16(path, size, dirs, files):
    """Write a FAT16 image of `size` bytes to `path`, whole or not at all.

    `dirs` are absolute upper-case 8.3 paths of directories to create (parents
    first), `files` {absolute upper-case 8.3 path: bytes}.  No partition table
    (the volume starts at sector 0, as mkfs.fat makes it), 512-byte sectors,
    two FATs, 512 root entries, the smallest cluster size from 2 KiB up that
    keeps the volume FAT16.
    """
    if size % SECTOR:
        raise FatError(f"the size must be a multiple of {SECTOR} bytes, not {size}")
    if size < min_fat16_size():
        raise FatError(f"{size_text(size)} is too small for FAT16 "
                       f"(at least {-(-min_fat16_size() // 1024)}K)")
    if size > MAX_FAT16_SIZE:
        raise FatError(f"{size_text(size)} is too large for FAT16 (at most 2047M)")
    path = Path(path)
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "w+b") as f:
            f.truncate(size)
            with mmap.mmap(f.fileno(), size) as storage:
                with _volume(storage) as part:
                    _format(part, storage, size)
                    _fill(part, size, dirs, files)
                storage.flush()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _volume(storage):
    """The FAT library's volume on `storage` (a writable buffer), for one image.

    The library keeps 10 drives; making a Partition takes one and `unmount`
    gives it back, so every Partition is unmounted, whatever happens.
    """
    from fatfs import Partition, RamDisk
    from fatfs.wrapper import FatFSException
    try:
        part = Partition(RamDisk(storage, sector_size=SECTOR))
    except FatFSException as e:
        raise FatError(f"the FAT library failed: {e}") from None
    try:
        yield part
    finally:
        part.unmount()


def _clusters(storage):
    """The data cluster count of the volume in `storage` (from its boot sector)."""
    bps, spc, reserved, nfats, roots, small, _, fatsz = struct.unpack_from("<HBHBHHBH", storage, 11)
    total = small or struct.unpack_from("<I", storage, 32)[0]
    data = total - reserved - nfats * fatsz - (roots * 32 + bps - 1) // bps
    return data // spc if spc else 0


PINNED_DATE = 1 << 5 | 1                 # FAT's 1980-01-01 (the time: 00:00:00)
VOLUME_ID_OFFSET = 39                    # the boot sector's volume serial number


def pin_times(path):
    """Make the FAT16 image at `path` the same whenever it was made: its
    volume serial and every directory entry's times, which the FAT library
    takes from the host's clock, set to 0 and 1980-01-01 00:00 (k32 inject
    needs the same disk in every sitting of a campaign: a fault can make
    the guest read any of it)."""
    with open(path, "r+b") as f, mmap.mmap(f.fileno(), 0) as disk:
        bps, spc, reserved, nfats, roots, _, _, fatsz = struct.unpack_from("<HBHBHHBH", disk, 11)
        disk[VOLUME_ID_OFFSET:VOLUME_ID_OFFSET + 4] = bytes(4)
        root = (reserved + nfats * fatsz) * bps
        data = root + (roots * 32 + bps - 1) // bps * bps

        def pin(start, count):
            for at in range(start, start + 32 * count, 32):
                if disk[at] == 0:
                    return
                attr = disk[at + 11]
                if disk[at] == 0xE5 or attr == 0x0F:         # deleted, or a long name
                    continue
                struct.pack_into("<BHHHHHHH", disk, at + 13, 0, 0, PINNED_DATE, PINNED_DATE,
                                 struct.unpack_from("<H", disk, at + 20)[0], 0, PINNED_DATE,
                                 struct.unpack_from("<H", disk, at + 26)[0])
                if attr & 0x10 and disk[at] != ord("."):    # a subdirectory: its clusters
                    cluster = struct.unpack_from("<H", disk, at + 26)[0]
                    while 2 <= cluster < 0xFFF8:
                        pin(data + (cluster - 2) * spc * bps, spc * bps // 32)
                        cluster = struct.unpack_from("<H", disk, reserved * bps + 2 * cluster)[0]

        pin(root, roots)


def _format(part, storage, size):
    import fatfs.wrapper as fw
    for au in CLUSTER_SIZES:
        if size // au > MAX_CLUSTERS or size // au < MIN_CLUSTERS:
            continue
        if fw.pyf_mkfs(part._adjust_path(""), n_fat=2, align=0, n_root=ROOT_ENTRIES,
                       au_size=au) != fw.PY_FR_OK:
            continue
        if MIN_CLUSTERS <= _clusters(storage) <= MAX_CLUSTERS:
            storage[FSTYPE_OFFSET:FSTYPE_OFFSET + 8] = b"FAT16   "
            return
    raise FatError(f"cannot make a FAT16 volume of {size_text(size)}")


def _fill(part, size, dirs, files):
    from fatfs.wrapper import FatFSException

    def full(path, entry=False):
        root_note = (f"; the root directory holds at most {ROOT_ENTRIES} entries"
                     if entry and path.count("/") == 1 else "")
        return FatError(f"the content does not fit in a {size_text(size)} image "
                        f"(no room for {path}{root_note})")

    part.mount()
    for d in dirs:
        try:
            part.mkdir(d)
        except FatFSException:
            raise full(d, entry=True) from None
    for dest, data in files.items():
        handle, written = None, -1
        try:
            handle = part.open(dest, "w")
            written = handle.write(data) if data else 0
        except FatFSException:
            pass
        finally:
            if handle is not None:
                handle.close()
        if written != len(data):
            raise full(dest, entry=handle is None)


# --- the build ----------------------------------------------------------------------


def kernel_exports(kernel_kx):
    """The names in a modular kernel's export table (ksymtab_start..
    ksymtab_end: a word, then the NUL-terminated name, word aligned)."""
    exe = kx.read(kernel_kx)
    table = exe.symbol_table()
    lo, hi = table.get("ksymtab_start"), table.get("ksymtab_end")
    if lo is None or hi is None:
        return []
    data = b""
    for seg in exe.segments:
        if seg.address <= lo and hi <= seg.address + len(seg.data):
            data = bytes(seg.data[lo - seg.address:hi - seg.address])
    names, at = [], 0
    while at + 4 < len(data):
        end = data.index(b"\0", at + 4)
        names.append(data[at + 4:end].decode("ascii"))
        at = (end + 4) & ~3
    return names


def kmod_exports(m):
    """The export= names of a built module."""
    from isa import module as kmod
    return kmod.modinfo(obj.read(m.output.read_bytes())).get("export", [])


@dataclass
class KModule:
    name: str                   # as MODULE_NAME says; /LIB/MOD/NAME.KO upper-cased
    source: Path
    output: Path                # build/modules/NAME.ko
    depends: tuple
    hash: str
    aliases: tuple = ()         # its alias= patterns (MODULE_DEVICE, MODULE_ALIAS)


@dataclass
class Program:
    name: str                   # file name on disk: NAME upper-cased
    source: Path
    output: Path
    hash: str = ""
    include: tuple = PROGRAM_INCLUDE

    def installed(self):
        """The bytes of /BIN/NAME: the built .kx without its debug section."""
        return stripped(self.output.read_bytes())


@dataclass
class Builder:
    """Builds targets from the sources under `root` into `build`.

    `log(text)` is called with "built PATH" once per target written.
    Missing sources are not errors here: `programs()` lists what exists,
    `boot_target()` says what is missing.
    """

    root: Path
    build: Path
    force: bool = False
    log: object = None
    built: list = field(default_factory=list)
    _dir_hashes: dict = field(default_factory=dict)

    def __post_init__(self):
        self.root, self.build = Path(self.root).resolve(), Path(self.build).resolve()

    @classmethod
    def default(cls, **kwargs):
        """The repository's sources and build/, unless $K32_ROOT / $K32_BUILD say otherwise."""
        root = Path(os.environ.get("K32_ROOT") or TOOL_ROOT)
        build = Path(os.environ.get("K32_BUILD") or root / "build")
        return cls(root, build, **kwargs)

    # --- stamps ---
    def _stamps(self):
        try:
            stamps = json.loads((self.build / STAMPS).read_text())
            return stamps if isinstance(stamps, dict) else {}
        except (OSError, ValueError):
            return {}

    def _key(self, output):
        return Path(output).relative_to(self.build).as_posix()

    def _fresh(self, output, digest):
        return (not self.force and Path(output).exists()
                and self._stamps().get(self._key(output)) == digest)

    def _record(self, output, data, digest):
        write_atomic(output, data)
        self._stamp(output, digest)

    def _stamp(self, output, digest):
        stamps = self._stamps()
        stamps[self._key(output)] = digest
        write_atomic(self.build / STAMPS, json.dumps(stamps, indent=1, sort_keys=True).encode())
        self.built.append(output)
        if self.log:
            self.log(f"built {_shown(output)}")

    # --- hashing and assembling ---
    def _dir_hash(self, rel):
        if rel not in self._dir_hashes:
            parts = [rel]
            for name, data in _tree_files(self.root / rel):
                parts += [name, data]
            self._dir_hashes[rel] = _sha(*parts)
        return self._dir_hashes[rel]

    def _exe_hash(self, source, include):
        """The hash of everything an executable is built from."""
        source = Path(source)
        try:
            text = source.read_bytes()
        except OSError as e:
            raise BuildError(f"{_shown(source)}: {e.strerror}") from None
        parts = [tool_hash(), "exe", *include, text]
        parts += [self._dir_hash(rel) for rel in include]
        here = source.parent.relative_to(self.root).as_posix()
        if here not in include:
            for sibling in sorted(source.parent.iterdir()):
                if sibling.is_file() and sibling.suffix != ".s":
                    parts += [sibling.name, sibling.read_bytes()]
        return _sha(*parts)

    def _assemble(self, source, include, defines=()):
        """The .kx bytes of a source, or BuildError with the assembler's messages."""
        from assembler import AsmError, assemble_file
        paths = [_shown(self.root / rel) for rel in include]
        try:
            result = assemble_file(_shown(source), include_paths=paths, defines=dict(defines))
        except AsmError as e:
            raise BuildError(str(e)) from None
        except RecursionError:
            raise BuildError(f"{_shown(source)}: nesting too deep") from None
        return kx.write(result.executable)

    # --- programs ---
    def _program_sources(self):
        return [s for s, _ in self._program_sources_with_include()]

    def _program_sources_with_include(self):
        out = []
        for rel, include in PROGRAM_DIRS:
            directory = self.root / rel
            if directory.is_dir():
                out += [(s, include) for s in sorted(directory.glob("*.s"))]
        return out

    @staticmethod
    def disk_name(source):
        """/BIN's name for programs/bin/NAME.s: NAME upper-cased and cut to 8
        characters, as MS-DOS cut long names (the file system matches a
        longer name the same way, so `usertests` runs /BIN/USERTEST)."""
        return source.stem[:8].upper()

    @classmethod
    def _program_name_ok(cls, source):
        return "." not in source.stem and dos_name(cls.disk_name(source)) is not None

    def programs(self):
        """[Program] for every programs/bin/NAME.s whose NAME can be a file
        name on the disk, sorted by name."""
        programs = [Program(self.disk_name(s), s, self.build / "bin" / f"{s.stem}.kx",
                            include=include)
                    for s, include in self._program_sources_with_include()
                    if self._program_name_ok(s)]
        return sorted(programs, key=lambda p: p.name)

    def build_program(self, program):
        program.hash = self._exe_hash(program.source, program.include)
        if not self._fresh(program.output, program.hash):
            self._record(program.output, self._assemble(program.source, program.include),
                         program.hash)
        return program

    def build_programs(self):
        """Build every program, going on past errors; BuildError lists them all."""
        programs = self.programs()
        errors = [f"{_shown(s)}: error: '{s.stem}' cannot be a program name: /BIN/NAME "
                  "must be letters, digits or _ (its first 8 characters are the 8.3 name)"
                  for s in self._program_sources() if not self._program_name_ok(s)]
        seen = {}
        for program in programs:
            if program.name in seen:
                errors.append(f"{_shown(program.source)}: error: /BIN/{program.name} is "
                              f"already {_shown(seen[program.name])}")
            seen.setdefault(program.name, program.source)
        for program in programs:
            try:
                self.build_program(program)
            except BuildError as e:
                errors.append(str(e))
        if errors:
            raise BuildError("\n".join(errors))
        self._forget_removed(programs)
        return programs

    def _forget_removed(self, programs):
        """Drop the .kx files and stamps of programs whose sources are gone."""
        keep = {self._key(p.output) for p in programs}
        stamps = self._stamps()
        gone = [k for k in stamps if k.startswith("bin/") and k not in keep]
        for key in gone:
            (self.build / key).unlink(missing_ok=True)
            del stamps[key]
        if gone:
            write_atomic(self.build / STAMPS, json.dumps(stamps, indent=1, sort_keys=True).encode())

    # --- kernel modules ---
    def kmodule_sources(self):
        """[(NAME, source)] of every kernel module, sorted by name."""
        out = []
        for rel in KMODULE_DIRS:
            directory = self.root / rel
            if directory.is_dir():
                out += [(s.stem, s) for s in directory.glob("*.s")]
        return sorted(out)

    def build_kmodules(self):
        """Build every stale build/modules/NAME.ko; returns {NAME: KModule}
        with the dependencies each declares, checked: known, no cycle, and
        the module's .modinfo name is its file's."""
        from assembler.driver import ToolError, assemble_object
        from isa import module as kmod
        errors, out = [], {}
        for name, source in self.kmodule_sources():
            if dos_name(name.upper() + ".KO") is None or len(name) > 8 or not name.islower():
                errors.append(f"{_shown(source)}: error: '{name}' cannot be a module name: "
                              f"/LIB/MOD/NAME.KO needs a lower-case 8.3 NAME")
                continue
            output = self.build / "modules" / f"{name}.ko"
            digest = _sha("kmodule", self._exe_hash(source, KMODULE_INCLUDE))
            if not self._fresh(output, digest):
                paths = [_shown(self.root / rel) for rel in KMODULE_INCLUDE]
                try:
                    o = assemble_object(_shown(source), include_paths=paths)
                except ToolError as e:
                    errors.append(str(e))
                    continue
                except RecursionError:
                    errors.append(f"{_shown(source)}: nesting too deep")
                    continue
                self._record(output, obj.write(o), digest)
            info = kmod.modinfo(obj.read(output.read_bytes()))
            if info.get("name") != [name]:
                errors.append(f"{_shown(source)}: error: its MODULE_NAME must be {name} "
                              f"(the file's name), not {info.get('name')}")
                continue
            deps = [d for d in (info.get("depends") or [""])[0].split(",") if d]
            aliases = info.get("alias", [])
            bad = [a for a in aliases if not a or not a.isascii() or not a.isprintable()
                   or any(c.isspace() for c in a)]
            if bad:
                errors.append(f"{_shown(source)}: error: alias {bad[0]!r}: an alias is "
                              "one word of printable ASCII")
                continue
            out[name] = KModule(name, source, output, tuple(deps), digest, tuple(aliases))
        for m in out.values():
            for d in m.depends:
                if d not in out:
                    errors.append(f"{_shown(m.source)}: error: depends on {d}, "
                                  "which is not a module here")
        if errors:
            raise BuildError("\n".join(errors))
        for m in out.values():
            self._closure(out, m.name, ())
        return out

    def check_kmodules(self, mods, exports):
        """What depmod checks: every symbol a module leaves undefined is
        exported by the kernel or by a module it depends on; BuildError
        lists those that are not (the kernel would refuse the module)."""
        errors = []
        for m in mods.values():
            o = obj.read(m.output.read_bytes())
            given = set(exports) | {"__this_module"}
            for d in m.depends:
                given |= set(kmod_exports(mods[d]))
            for sym in o.symbols:
                if sym.section == obj.SEC_UNDEF and sym.binding != "weak" and sym.name not in given:
                    by = f"the kernel or {', '.join(m.depends)}" if m.depends else "the kernel"
                    errors.append(f"{_shown(m.source)}: error: unknown symbol {sym.name} "
                                  f"(not exported by {by})")
        if errors:
            raise BuildError("\n".join(errors))

    def _closure(self, mods, name, path):
        """The modules `name` needs, each before those it needs (the order
        MODULES.DEP lists them in, as depmod does); BuildError on a cycle."""
        if name in path:
            raise BuildError(f"{_shown(mods[name].source)}: error: dependency cycle: "
                             + " -> ".join([*path, name]))
        order = []
        for d in mods[name].depends:
            for x in [d, *self._closure(mods, d, (*path, name))]:
                if x not in order:
                    order.append(x)
        return order

    def modules_dep(self, mods):
        """The text of /LIB/MOD/MODULES.DEP: `NAME.KO: DEP.KO ...` per module."""
        lines = ["# MODULES.DEP, written by k32 build (as depmod writes modules.dep):",
                 "# MODULE: what it needs, loaded from the last to the first"]
        for name in sorted(mods):
            deps = " ".join(f"{d.upper()}.KO" for d in self._closure(mods, name, ()))
            lines.append(f"{name.upper()}.KO:{' ' if deps else ''}{deps}")
        return ("\n".join(lines) + "\n").encode()

    def modules_alias(self, mods):
        """The text of /LIB/MOD/MODULES.ALI, as depmod writes modules.alias:
        `alias PATTERN NAME` for each alias= of each module (MODULE_DEVICE,
        MODULE_ALIAS), by module name; the modular kernel reads it when a
        device arrives on the hot-plug bus (os/modular/busdrv.s)."""
        lines = ["# MODULES.ALI, written by k32 build (as depmod writes modules.alias):",
                 "# alias PATTERN MODULE: a device hp:cCLASS:iID matching PATTERN loads MODULE"]
        for name in sorted(mods):
            lines += [f"alias {a} {name}" for a in mods[name].aliases]
        return ("\n".join(lines) + "\n").encode()

    def kmodule_files(self, mods=None):
        """{"/LIB/MOD/NAME.KO": bytes, "/LIB/MOD/MODULES.DEP": text,
        "/LIB/MOD/MODULES.ALI": text}."""
        if mods is None:
            mods = self.build_kmodules()
        files = {f"{MODDIR}/{n.upper()}.KO": m.output.read_bytes() for n, m in sorted(mods.items())}
        files[f"{MODDIR}/MODULES.DEP"] = self.modules_dep(mods)
        files[f"{MODDIR}/MODULES.ALI"] = self.modules_alias(mods)
        return files

    # --- the monolithic kernel's configuration ---
    def config_options(self):
        """{NAME: (default 0|1, description)} from os/mono/config.inc."""
        path = self.root / MONO_CONFIG_SOURCE
        try:
            text = path.read_text()
        except OSError:
            return {}
        out = {}
        for line in text.splitlines():
            m = _CONFIG_LINE.match(line)
            if m:
                out[m[1]] = (int(m[2]), (m[3] or "").strip())
        return out

    def config(self):
        """{NAME: 0|1}: the choices kept in build/mono.config (only known options)."""
        try:
            text = (self.build / MONO_CONFIG).read_text()
        except OSError:
            return {}
        known = self.config_options()
        out = {}
        for line in text.splitlines():
            name, _, value = line.strip().partition("=")
            if name in known and value in ("y", "n"):
                out[name] = int(value == "y")
        return out

    def set_config(self, settings):
        """Apply `NAME=y|n` settings (or "default": forget every choice) and
        keep them in build/mono.config; -> the resulting {NAME: 0|1} of
        every option.  BuildError for an unknown name or a bad value."""
        known = self.config_options()
        chosen = self.config()
        for setting in settings:
            if setting == "default":
                chosen = {}
                continue
            name, eq, value = setting.partition("=")
            name = name.strip().upper().removeprefix("CONFIG_")
            if name not in known:
                names = ", ".join(known) or "none"
                raise BuildError(f"--config {setting}: no option {name or '?'} in "
                                 f"{MONO_CONFIG_SOURCE} (options: {names})")
            if not eq or value.strip().lower() not in ("y", "n"):
                raise BuildError(f"--config {setting}: give NAME=y or NAME=n")
            chosen[name] = int(value.strip().lower() == "y")
        chosen = {k: v for k, v in chosen.items() if v != known[k][0]}
        text = "".join(f"{k}={'y' if v else 'n'}\n" for k, v in sorted(chosen.items()))
        if text:
            write_atomic(self.build / MONO_CONFIG, text.encode())
        else:
            (self.build / MONO_CONFIG).unlink(missing_ok=True)
        return {k: chosen.get(k, d) for k, (d, _) in known.items()}

    def _defines(self, name, target):
        """The symbols a kernel's sources are assembled with: the target's,
        and for the monolithic kernel its configuration's choices."""
        defines = tuple(target.defines)
        if name == "mono":
            defines += tuple((f"CONFIG_{k}", v) for k, v in sorted(self.config().items()))
        return defines

    # --- boot images ---
    def boot_target(self, name):
        """The BootTarget `name`; BuildError saying what is missing if its sources are."""
        target = BOOT_TARGETS.get(name)
        if target is None:
            raise BuildError(f"no kernel named {name!r} (known: {', '.join(BOOT_TARGETS)})")
        if not (self.root / target.directory).is_dir():
            raise BuildError(f"the {name} kernel is not written yet: {target.directory}/ "
                             "does not exist")
        if not (self.root / target.source).is_file():
            raise BuildError(f"the {name} kernel is not written yet: {target.source} "
                             "does not exist")
        return target

    def boot_output(self, name):
        return self.build / f"{name}.boot"

    def _module_sources(self, target):
        out = []
        for mset in target.modules:
            directory = self.root / mset.directory
            if directory.is_dir():
                out += [(s.stem, s, mset.include) for s in sorted(directory.glob("*.s"))]
        return out

    def build_boot(self, name):
        """Build build/NAME.boot if stale; returns its path."""
        target = self.boot_target(name)
        source = self.root / target.source
        modules = self._module_sources(target)
        kmods = self.build_kmodules() if target.boot_kmodules else {}
        for kname in target.boot_kmodules:
            if kname not in kmods:
                raise BuildError(f"{name}.boot needs the kernel module {kname}, which is not "
                                 f"in {', '.join(KMODULE_DIRS)}")
        defines = self._defines(name, target)
        parts = [tool_hash(), "boot", repr(defines), self._exe_hash(source, target.include)]
        parts += [f"{k}:{kmods[k].hash}" for k in target.boot_kmodules]
        for mod_name, mod_source, include in modules:
            parts += [mod_name, self._exe_hash(mod_source, include)]
        digest = _sha(*parts)
        output = self.boot_output(name)
        if self._fresh(output, digest) and all(self.module_executable(name, m).is_file()
                                               for m, _, _ in modules):
            return output
        errors, kernel, blobs = [], None, []
        for src, include in [(source, target.include), *[(s, i) for _, s, i in modules]]:
            try:
                blobs.append(self._assemble(src, include, defines))
            except BuildError as e:
                errors.append(str(e))
        if errors:
            raise BuildError("\n".join(errors))
        kernel, blobs = blobs[0], blobs[1:]
        if target.boot_kmodules:
            self.check_kmodules(kmods, kernel_exports(kernel))
        try:
            # Modules go in without their debug sections, as programs go
            # on the disk: the kernel checks the CRC of every byte it loads.
            image = bootimg.BootImage(kernel, [bootimg.Module(n, stripped(b))
                                               for (n, _, _), b in zip(modules, blobs)]
                                      + [bootimg.Module(f"{k}.ko", kmods[k].output.read_bytes())
                                         for k in target.boot_kmodules])
            data = bootimg.write(image)
        except bootimg.FormatError as e:
            raise BuildError(f"{_shown(output)}: {e}") from None
        # The modules with their line tables, beside the image, for the tools
        # that read them (k32 bench designs counts their code).
        for (mod_name, _, _), blob in zip(modules, blobs):
            path = self.module_executable(name, mod_name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(blob)
        self._record(output, data, digest)
        return output

    def module_executable(self, kernel, module):
        """build/KERNEL/MODULE.kx: a boot module of KERNEL.boot with its debug section."""
        return self.build / kernel / f"{module}.kx"

    def buildable_kernels(self):
        """(names of kernels whose sources exist, notes on kernels half there)."""
        names, notes = [], []
        for name, target in BOOT_TARGETS.items():
            if (self.root / target.source).is_file():
                names.append(name)
            elif (self.root / target.directory).is_dir():
                notes.append(f"{target.source} does not exist yet: {name}.boot is not built")
        return names, notes

    # --- the disk ---
    def disk_output(self):
        return self.build / "disk.img"

    def readme(self):
        path = self.root / README
        return path.read_bytes() if path.is_file() else None

    def program_files(self, programs=None):
        """{"/BIN/NAME": the bytes that go on the disk} for every program
        (built first unless `programs` are given): the default disk's /BIN,
        for disks of one's own too (`k32 bench os`, `k32 inject`)."""
        if programs is None:
            programs = self.build_programs()
        return {f"/BIN/{p.name}": p.installed() for p in programs}

    def build_disk(self, programs=None):
        """Build build/disk.img if stale (building the programs first); returns its path."""
        if programs is None:
            programs = self.build_programs()
        readme = self.readme()
        from importlib.metadata import PackageNotFoundError, version
        try:
            fat_version = version("fatfs-ng")
        except PackageNotFoundError:
            fat_version = "?"
        kmods = self.build_kmodules()
        parts = [tool_hash(), "disk", DISK_SIZE, fat_version, readme or b""]
        for p in programs:
            parts += [p.name, p.hash]
        parts += [f"{m.name}:{m.hash}" for m in kmods.values()]
        digest = _sha(*parts)
        output = self.disk_output()
        if self._fresh(output, digest):
            return output
        files = self.program_files(programs)
        files.update(self.kmodule_files(kmods))
        if readme is not None:
            files["/README.TXT"] = readme
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            make_fat16(output, DISK_SIZE, ["/BIN", *MODDIRS], files)
        except FatError as e:
            raise BuildError(f"{_shown(output)}: {e}") from None
        self._stamp(output, digest)
        return output

    # --- everything ---
    def build_all(self):
        """Build every stale target whose sources exist, going on past errors.

        BuildError lists every failure (the disk is not built when a program
        fails); `buildable_kernels` says which kernels are not there yet.
        """
        errors = []
        names, _ = self.buildable_kernels()
        for name in names:
            try:
                self.build_boot(name)
            except BuildError as e:
                errors.append(str(e))
        try:
            self.build_disk()
        except BuildError as e:
            errors.append(str(e))
        if errors:
            raise BuildError("\n".join(errors))
