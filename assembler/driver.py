"""What `k32 asm`, `k32 ld`, `k32 ar` and `k32 nm` do with files: read
sources, objects and libraries, assemble, link, list symbols.  Every
failure is a ToolError carrying the lines to print; nothing here writes a
file (the CLI writes outputs only after the whole job succeeded)."""

import os

from isa import kx, obj

from . import archive
from .assemble import DEFAULT_TEXT_BASE, Assembler
from .errors import AsmError
from .link import Input, Library, LinkError, link


class ToolError(Exception):
    """One or more messages, each a line for stderr, already placed
    (`file:line:col: ...`, `a.o: main.s:12: ...`)."""

    def __init__(self, *messages):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


class FileError(ToolError):
    """A file that cannot be used at all (unreadable, not an object,
    corrupt): the CLI prints it as `k32: path: reason`."""


def assemble_object(path, include_paths=(), defines=None):
    """The object file (isa.obj.Object) of one source file."""
    try:
        return Assembler(include_paths, defines, relocatable=True).assemble_file(path).object
    except AsmError as e:
        raise ToolError(str(e)) from None


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise FileError(f"{path}: {e.strerror}") from None


def read_object(path, blob=None):
    blob = _read(path) if blob is None else blob
    try:
        return obj.read(blob)
    except kx.FormatError as e:
        raise FileError(f"{path}: {e}") from None


def read_archive(path, blob=None):
    """[(member name, Object)] of a library."""
    blob = _read(path) if blob is None else blob
    try:
        members = archive.read(blob)
    except archive.ArchiveError as e:
        raise FileError(f"{path}: {e}") from None
    result = []
    for name, data in members:
        try:
            result.append((name, obj.read(data)))
        except kx.FormatError as e:
            raise FileError(f"{path}({name}): {e}") from None
    return result


def link_input(path, as_library=False, include_paths=(), defines=None):
    """An Input or Library for one command-line file: an object, an archive,
    or (for `k32 asm a.s b.s`) a source file assembled on the way."""
    if path.endswith((".s", ".S")) and not as_library:
        return Input(path, assemble_object(path, include_paths, defines))
    blob = _read(path)
    if archive.is_archive(blob):
        members = read_archive(path, blob)
        return Library(path, [Input(f"{path}({name})", o) for name, o in members])
    if obj.is_object(blob):
        o = read_object(path, blob)
        return Library(path, [Input(path, o)]) if as_library else Input(path, o)
    if kx.MAGIC == blob[:4]:
        raise FileError(f"{path}: is an executable, not an object (link the objects it came from)")
    raise FileError(f"{path}: not a K32 object or library (assemble it with k32 asm -c)")


def find_library(name, search):
    """-l NAME: libNAME.a in the -L directories; a path is taken as it is."""
    if os.sep in name or name.endswith((".a", ".o")):
        return name
    for directory in search:
        candidate = os.path.join(directory, f"lib{name}.a")
        if os.path.exists(candidate):
            return candidate
    raise FileError(f"cannot find -l{name} (looked for lib{name}.a in "
                    f"{', '.join(search) if search else 'no -L directory'})")


def link_files(inputs, libraries=(), text_base=DEFAULT_TEXT_BASE, entry=None):
    """Link [(path, as_library)] in order; returns link.Result."""
    try:
        return link(inputs, text_base=text_base, entry=entry)
    except LinkError as e:
        raise ToolError(*e.messages) from None


# --- nm ---------------------------------------------------------------------------

NM_SECTION_LETTERS = {"text": "t", "rodata": "r", "data": "d", "bss": "b", "none": "n"}


def nm_object(o, defined_only=False, extern_only=False, undefined_only=False):
    """[(name, value or None, letter, size)] as nm classifies them."""
    rows = []
    for s in o.symbols:
        if s.type == "section" or s.name == "*ABS*":
            continue
        if s.section == obj.SEC_UNDEF:
            letter, value = ("w" if s.binding == "weak" else "U"), None
        elif s.section == obj.SEC_COMMON:
            letter, value = "C", s.size
        elif s.section == obj.SEC_ABS:
            letter, value = "a", s.value
        else:
            letter, value = NM_SECTION_LETTERS[o.sections[s.section].kind], s.value
        if s.binding == "weak" and s.defined:
            letter = "W"
        elif s.binding == "global" and letter.islower() and letter != "w":
            letter = letter.upper()
        rows.append((s.name, value, letter, s.size))
    return _nm_filter(rows, defined_only, extern_only, undefined_only)


def nm_executable(exe, defined_only=False, extern_only=False, undefined_only=False):
    rows = []
    for s in exe.symbols:
        letter = "a"
        if not s.is_absolute:
            for seg in exe.segments:
                if seg.address <= s.value < seg.end or s.value == seg.end:
                    letter = ("t" if seg.flags & kx.SEG_X else "d" if seg.flags & kx.SEG_W else "r")
                    if seg.flags & kx.SEG_W and s.value >= seg.address + len(seg.data):
                        letter = "b"
                    break
        rows.append((s.name, s.value, letter.upper() if s.is_global else letter, 0))
    return _nm_filter(rows, defined_only, extern_only, undefined_only)


def _nm_filter(rows, defined_only, extern_only, undefined_only):
    if undefined_only:
        rows = [r for r in rows if r[2] in "Uw"]
    if defined_only:
        rows = [r for r in rows if r[2] not in "Uw"]
    if extern_only:
        rows = [r for r in rows if r[2].isupper() or r[2] == "w"]
    return rows


def nm_lines(rows, numeric=False, no_sort=False, reverse=False, print_size=False):
    if not no_sort:
        if numeric:
            rows = sorted(rows, key=lambda r: (r[1] is not None, r[1] or 0, r[0]))
        else:
            rows = sorted(rows, key=lambda r: r[0])
        if reverse:
            rows = rows[::-1]
    out = []
    for name, value, letter, size in rows:
        shown = " " * 8 if value is None else f"{value & 0xFFFFFFFF:08x}"
        if print_size and value is not None and size:
            shown += f" {size:08x}"
        out.append(f"{shown} {letter} {name}")
    return out


def nm_file(path, **options):
    """[(heading or None, rows)] for one file: an object, a library (one
    group per member) or an executable."""
    blob = _read(path)
    if archive.is_archive(blob):
        return [(name, nm_object(o, **options)) for name, o in read_archive(path, blob)]
    if obj.is_object(blob):
        return [(None, nm_object(read_object(path, blob), **options))]
    try:
        return [(None, nm_executable(kx.read(blob), **options))]
    except kx.FormatError as e:
        raise FileError(f"{path}: {e}") from None


# --- ar -----------------------------------------------------------------------------

def ar(operation, library, members, verbose=False):
    """`k32 ar`: r (insert or replace), d (delete), t (list), x (extract).
    Returns (lines to print, archive bytes to write or None, {name: bytes}
    to extract)."""
    if os.path.exists(library):
        existing = read_archive_raw(library)
    elif operation in "r":
        existing = []
    else:
        raise FileError(f"{library}: no such archive")
    names = [os.path.basename(m) for m in members]
    lines, extract = [], {}
    if operation == "r":
        table = dict(existing)
        order = [n for n, _ in existing]
        for path, name in zip(members, names):
            data = _read(path)
            if not obj.is_object(data):
                raise FileError(f"{path}: not a K32 object file")
            read_object(path, data)
            if name not in table:
                order.append(name)
                lines.append(f"a - {path}") if verbose else None
            elif verbose:
                lines.append(f"r - {path}")
            table[name] = data
        return lines, archive.write([(n, table[n]) for n in order]), extract
    if operation == "d":
        missing = [n for n in names if n not in dict(existing)]
        if missing:
            raise FileError(*(f"no entry {n} in archive {library}" for n in missing))
        kept = [(n, d) for n, d in existing if n not in names]
        if verbose:
            lines += [f"d - {n}" for n in names]
        return lines, archive.write(kept), extract
    if operation == "t":
        return [n for n, _ in existing if not names or n in names], None, extract
    if operation == "x":
        chosen = [(n, d) for n, d in existing if not names or n in names]
        missing = [n for n in names if n not in dict(existing)]
        if missing:
            raise FileError(*(f"no entry {n} in archive {library}" for n in missing))
        if verbose:
            lines += [f"x - {n}" for n, _ in chosen]
        return lines, None, dict(chosen)
    raise FileError(f"unknown operation '{operation}' (use r, d, t or x)")


def read_archive_raw(path):
    try:
        return archive.read(_read(path))
    except archive.ArchiveError as e:
        raise FileError(f"{path}: {e}") from None
