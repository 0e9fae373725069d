"""Fuzzing relocatable objects, libraries and the linker.

Two halves:

- DAMAGED objects and archives.  Valid objects of a small two-file program
  (every relocation type the assembler emits, weak, common, absolute,
  bss, rodata, line tables) are truncated, extended, bit-flipped, given
  random values in every header and table field, and given targeted lies:
  a relocation naming a missing symbol, patching past its section or with
  an unknown type, name offsets outside the string table or not
  NUL-terminated, line entries out of order or duplicated, section sizes
  and data offsets that lie, bss holding data, kinds and alignments out of
  range.  Most are sealed again (file size and CRC-32 recomputed) so the
  lie reaches the checks behind the CRC.  Each goes through the reader
  (isa/obj.py), nm, the object disassembler and the linker in process; a
  sample, with mutated archives, goes through `k32 ld`, `k32 nm`,
  `k32 disasm -r` and `k32 ar t`.  The standard: success, or exit status 1
  with exactly one `k32: FILE: what is wrong` line (or only the linker's
  located messages), never a traceback, and no -o file after a failure.
- GENERATED link inputs: random sets of small valid objects whose
  functions and data refer to each other (undefined, duplicate, weak and
  common symbols, branches put out of reach by the layout, a missing
  entry).  A model of the rules predicts the outcome: the exact set of
  messages (`b.o: b.s:12: undefined reference to 'f1'`, both places of a
  multiple definition, the source line of an out-of-range branch), or an
  executable whose run computes the value the model expects.

Sizes are for CI (hypothesis, derandomized); `K32_FUZZ_SCALE=N` multiplies
the example counts for a long campaign.  Regression tests for the bugs
found are at the end, each named after its bug.
"""

import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import isa
from assembler import archive, assemble_string
from assembler.disasm import object_listing
from assembler.driver import nm_object
from assembler.link import Input, LinkError, link
from isa import kx, obj
from tests.conftest import run_k32
from tests.fuzz.test_fuzz_asm import time_limit

SCALE = int(os.environ.get("K32_FUZZ_SCALE", "1"))
FUZZ = dict(deadline=None, derandomize=True, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                   HealthCheck.function_scoped_fixture])

MAIN = """
        .equ    DEBUG_EXIT, 0xF4
        .text
        .globl  _start
        .type   _start, @function
_start: li      sp, 0x20000
        call    square
        la      t0, result
        sw      a0, 0(t0)
        lw      a1, counter
        add     a0, a0, a1
        addi    a0, a0, LIMIT
        slli    a0, a0, SHIFT
        lla     t1, table
        lw      t2, 4(t1)
1:      auipc   t1, %pcrel_hi(counter)
        lw      t2, %pcrel_lo(1b)(t1)
        beqz    a0, done
        bnez    a0, square
        tail    hook
done:   li      t1, DEBUG_EXIT
        out     a0, 0(t1)
        .size   _start, . - _start
        .weak   hook
        .section .rodata
msg:    .asciz  "hello"
        .data
result: .word   0
table:  .word   square, counter + 8
        .half   msg
        .byte   DEBUG_EXIT
        .bss
buf:    .space  64
        .comm   shared, 16, 8
"""

SQUARE = """
        .globl  square, counter, LIMIT, SHIFT, hook
        .equ    LIMIT, 5
        .equ    SHIFT, 2
        .text
square: li      a0, 7
        mul     a0, a0, a0
        ret
        .weak   hook
hook:   la      a1, shared
        ret
        .data
counter: .word  3
        .comm   shared, 4, 4
"""


def compile_object(source, name):
    return assemble_string(source, name, relocatable=True).object


OBJECTS = {"main.o": obj.write(compile_object(MAIN, "main.s")),
           "square.o": obj.write(compile_object(SQUARE, "square.s"))}


# --- where the fields are ------------------------------------------------------------

def layout(blob):
    """{table: (start, entry size, count)} and the string table's start,
    from the header's counts (as far as the blob holds them)."""
    nsec, _, nsym, nrel, nfile, nline, nstr, size, _ = struct.unpack_from("<HHIIIIIII", blob, 8)
    tables, pos = {}, obj.HEADER.size
    for name, entry, count in (("sections", obj.SECTION, nsec), ("symbols", obj.SYMBOL, nsym),
                               ("relocs", obj.RELOC, nrel), ("files", obj.FILE, nfile),
                               ("lines", obj.LINE, nline)):
        tables[name] = (pos, entry.size, count)
        pos += entry.size * count
    return tables, size - nstr


# (offset, width) of each field in a table entry
ENTRY_FIELDS = {
    "sections": [(0, 4), (4, 2), (6, 2), (8, 4), (12, 4)],
    "symbols": [(0, 4), (4, 4), (8, 4), (12, 2), (14, 1), (15, 1), (16, 4), (20, 4)],
    "relocs": [(0, 2), (2, 2), (4, 4), (8, 4), (12, 4), (16, 4), (20, 4)],
    "files": [(0, 4)],
    "lines": [(0, 4), (4, 4), (8, 4), (12, 4)],
}
HEADER_FIELDS = [(4, 2), (6, 2), (8, 2), (10, 2), (12, 4), (16, 4), (20, 4), (24, 4), (28, 4),
                 (32, 4)]


def fields(blob):
    """(offset, width) of every header and table field of a valid object."""
    tables, _ = layout(blob)
    out = list(HEADER_FIELDS)
    for name, (start, size, count) in tables.items():
        out += [(start + size * i + o, w) for i in range(count) for o, w in ENTRY_FIELDS[name]]
    return out


def put(out, offset, width, value):
    if 0 <= offset and offset + width <= len(out):
        out[offset:offset + width] = (value & ((1 << 8 * width) - 1)).to_bytes(width, "little")


def get(blob, offset, width):
    return int.from_bytes(blob[offset:offset + width], "little")


def seal(blob):
    """The blob with its file size and CRC-32 made right again."""
    out = bytearray(blob)
    if len(out) >= obj.HEADER.size:
        struct.pack_into("<I", out, 32, len(out))
        struct.pack_into("<I", out, obj.CRC_OFFSET, 0)
        struct.pack_into("<I", out, obj.CRC_OFFSET, zlib.crc32(out))
    return bytes(out)


# --- the targeted lies -----------------------------------------------------------------
# Each takes (bytearray of a valid object, k: a drawn integer) and tells one lie.

def entry_of(blob, table, k):
    start, size, count = layout(blob)[0][table]
    return (start + size * (k % count)) if count else None


def lie_reloc_symbol(out, k):
    at = entry_of(out, "relocs", k)
    if at is not None:
        put(out, at + 8, 4, layout(out)[0]["symbols"][2] + k % 3)


def lie_reloc_offset(out, k):
    at = entry_of(out, "relocs", k)
    if at is not None:
        sec = get(out, at, 2)
        size_at = entry_of(out, "sections", sec)
        put(out, at + 4, 4, get(out, size_at + 8, 4) - k % 6)


def lie_reloc_type(out, k):
    at = entry_of(out, "relocs", k)
    if at is not None:
        put(out, at + 2, 2, [0, len(obj.RELOCATIONS) + 1, 0xFFFF, k][k % 4])


def lie_reloc_section(out, k):
    at = entry_of(out, "relocs", k)
    if at is not None:
        put(out, at, 2, k % (layout(out)[0]["sections"][2] + 2))


def lie_name_offset(out, k):
    table = ["sections", "symbols", "files"][k % 3]
    at = entry_of(out, table, k // 3)
    if at is not None:
        nstr = get(out, 28, 4)
        put(out, at, 4, [nstr, nstr - 1, nstr + 1, 0xFFFFFFFF, k][k // 3 % 5])


def lie_name_unterminated(out, k):
    if out[-1:] == b"\0":
        out[-1 - k % 2] = ord("x")


def lie_lines_order(out, k):
    start, size, count = layout(out)[0]["lines"]
    if count >= 2:
        i = k % (count - 1)
        a, b = start + size * i, start + size * (i + 1)
        if k % 2:
            out[a:a + size], out[b:b + size] = out[b:b + size], out[a:a + size]
        else:
            out[b:b + size] = out[a:a + size]            # a duplicate: overlapping entries


def lie_line_place(out, k):
    at = entry_of(out, "lines", k)
    if at is not None:
        put(out, at + [0, 4, 8][k % 3], 4, [1, 0x100, 0xFFFFFFFF, 40][k // 3 % 4])


def lie_section_size(out, k):
    at = entry_of(out, "sections", k)
    if at is not None:
        put(out, at + 8, 4, get(out, at + 8, 4) + [-1, 1, 4, -4, 0x10000, 0x7FFFFFFF][k % 6])


def lie_section_kind(out, k):
    at = entry_of(out, "sections", k)
    if at is not None:
        put(out, at + 4, 2, k // 7 % 7)


def lie_bss_with_data(out, k):
    for i in range(layout(out)[0]["sections"][2]):
        at = entry_of(out, "sections", i)
        if get(out, at + 4, 2) == 3:                      # the bss section claims bytes
            put(out, at + 12, 4, [layout(out)[1] - 4, 40, k][k % 3])
            return
    at = entry_of(out, "sections", k)
    if at is not None:
        put(out, at + 4, 2, 3)                            # a data section called bss


def lie_symbol(out, k):
    at = entry_of(out, "symbols", k)
    if at is not None:
        offset, width = [(4, 4), (12, 2), (14, 1), (15, 1), (16, 4), (8, 4)][k % 6]
        values = [0xFFFF, 0xFFFE, 0xFFFD, 0xFFFC, 3, 0x1000, 0xFFFFFFFF, 0x7FFFFFFF, 2, 1, 0]
        put(out, at + offset, width, values[k // 6 % len(values)])


def lie_count(out, k):
    offset = [8, 12, 16, 20, 24, 28][k % 6]
    put(out, offset, 2 if offset == 8 else 4, get(out, offset, 2 if offset == 8 else 4)
        + [1, -1, 1000, 0x10000][k // 6 % 4])


LIES = [lie_reloc_symbol, lie_reloc_offset, lie_reloc_type, lie_reloc_section, lie_name_offset,
        lie_name_unterminated, lie_lines_order, lie_line_place, lie_section_size,
        lie_section_kind, lie_bss_with_data, lie_symbol, lie_count]

INTERESTING = [0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0x100, 0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000,
               0x7FFFFFFF, 0x80000000, 0xFFFFFFF0, 0xFFFFFFFF]


@st.composite
def damaged(draw, blob):
    """A damaged copy of an object and what was done to it."""
    out = bytearray(blob)
    how = draw(st.sampled_from(["lie", "lie", "lie", "field", "field", "truncate", "extend",
                                "flip", "bytes"]))
    if how == "lie":
        for _ in range(draw(st.integers(1, 2))):
            draw(st.sampled_from(LIES))(out, draw(st.integers(0, 1000)))
    elif how == "field":
        for _ in range(draw(st.integers(1, 3))):
            offset, width = draw(st.sampled_from(fields(blob)))
            put(out, offset, width, draw(st.one_of(st.sampled_from(INTERESTING),
                                                   st.integers(0, (1 << 8 * width) - 1))))
    elif how == "truncate":
        out = out[:draw(st.integers(0, len(out) - 1))]
    elif how == "extend":
        out += bytes(draw(st.integers(1, 64)))
    elif how == "flip":
        for _ in range(draw(st.integers(1, 4))):
            bit = draw(st.integers(0, 8 * len(out) - 1))
            out[bit // 8] ^= 1 << bit % 8
    else:
        for _ in range(draw(st.integers(1, 8))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    if draw(st.integers(0, 9)) < 9:
        out = seal(out)
    return bytes(out), how


@st.composite
def damaged_program(draw):
    """(name of the damaged object, {name: bytes} of the program, how)."""
    name = draw(st.sampled_from(sorted(OBJECTS)))
    blob, how = draw(damaged(OBJECTS[name]))
    return name, {**OBJECTS, name: blob}, how


# --- the readers in process --------------------------------------------------------------

def read_and_use(blobs):
    """Every object through the reader; what it accepts through nm, the
    object disassembler and the linker -> "rejected", "refused" (a link
    error) or "linked".  Anything else raising is a bug."""
    objects = []
    for name, blob in blobs.items():
        try:
            o = obj.read(blob)
        except kx.FormatError as e:
            assert str(e) and "\n" not in str(e)
            return "rejected"
        nm_object(o)
        object_listing(o, all_sections=True, symbols=True, relocs=True)
        objects.append(Input(name, o))
    try:
        result = link(objects)
    except LinkError as e:
        assert e.messages and all(m and "\n" not in m for m in e.messages)
        return "refused"
    kx.read(kx.write(result.executable))
    return "linked"


OUTCOMES = {}


@settings(max_examples=3000 * SCALE, **FUZZ)
@given(damaged_program())
def test_damaged_objects_are_read_or_rejected_in_process(case):
    name, blobs, how = case
    outcome = read_and_use(blobs)
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1



# --- through the commands ---------------------------------------------------------------------

# A line the linker may print for an input it read (its name first), and
# the two about the program as a whole.
LINK_MESSAGE = re.compile(r"^(main\.o|square\.o|o\d\.o|lib\.a\([^)]*\))(: |$)|^entry symbol |"
                          r"^the program does not fit |^too many errors")


def check_run(args, outputs=()):
    """One `k32` command: success, or status 1 with exactly one
    `k32: FILE: reason` line, or (ld) only the linker's placed messages;
    after a failure, none of its output files."""
    for output in outputs:
        Path(output).unlink(missing_ok=True)
    with time_limit():
        run = run_k32(*args)                 # an exception escaping the command is raised here
    lines = run.stderr.splitlines()
    assert run.exit_code in (0, 1), (args, run.exit_code, run.stderr[-500:])
    assert "Traceback" not in run.stderr
    if run.exit_code == 1:
        assert lines, args
        if lines[0].startswith("k32: "):
            assert len(lines) == 1, (args, lines[:5])
            assert re.match(r"k32: .+: \S", lines[0]), lines[0]
        else:
            assert args[0] == "ld" and all(LINK_MESSAGE.match(m) for m in lines), (args, lines[:5])
        assert not any(Path(output).exists() for output in outputs), args
    return run


def commands_on_objects(damaged_name):
    return [["ld", "main.o", "square.o", "-o", "out.kx", "-M", "out.map"],
            ["nm", damaged_name], ["nm", "-n", "-S", damaged_name],
            ["disasm", "-r", "-a", "-t", "-S", damaged_name]]


@settings(max_examples=200 * SCALE, **FUZZ)
@given(damaged_program())
def test_damaged_objects_get_one_line_from_the_commands(tmp_path, monkeypatch, case):
    name, blobs, how = case
    monkeypatch.chdir(tmp_path)
    for file, blob in blobs.items():
        (tmp_path / file).write_bytes(blob)
    for args in commands_on_objects(name):
        check_run(args, ["out.kx", "out.map"] if args[0] == "ld" else [])


# --- archives ------------------------------------------------------------------------------------

LIBRARY = archive.write([("square.o", OBJECTS["square.o"]),
                         ("a_member_with_a_long_name.o", OBJECTS["square.o"])])
SIZE_LIES = ["-60", "-61", "-1", "+4", "1_0", "", " ", "0x10", "9" * 10, "٣", "4 4", "0"]
NAME_LIES = ["/", "//", "/999", "/-1", "#1/999", "#1/-3", "#1/x", "", "x" * 16, "../../up/",
             "/SYM64/", "a b/"]


def member_headers(blob):
    """Offsets of the member headers of a valid archive."""
    out, pos = [], len(archive.MAGIC)
    while pos + archive.HEADER_SIZE <= len(blob):
        out.append(pos)
        pos += archive.HEADER_SIZE + int(blob[pos + 48:pos + 58]) + (int(blob[pos + 48:pos + 58]) & 1)
    return out


@st.composite
def damaged_archive(draw):
    """A library with a lying member header, a damaged member, or cut."""
    out = bytearray(LIBRARY)
    heads = member_headers(LIBRARY)
    how = draw(st.sampled_from(["size", "name", "member", "truncate", "terminator", "bytes"]))
    at = draw(st.sampled_from(heads))
    if how == "size":
        out[at + 48:at + 58] = draw(st.sampled_from(SIZE_LIES)).encode().ljust(10)[:10]
    elif how == "name":
        out[at:at + 16] = draw(st.sampled_from(NAME_LIES)).encode().ljust(16)[:16]
    elif how == "member":
        start = at + archive.HEADER_SIZE
        size = int(out[at + 48:at + 58])
        if out[at:at + 2] != b"//":
            blob, _ = draw(damaged(bytes(out[start:start + size])))
            out[at + 48:at + 58] = str(len(blob)).encode().ljust(10)
            out[start:start + size + (size & 1)] = blob + b"\n" * (len(blob) & 1)
    elif how == "truncate":
        out = out[:draw(st.integers(0, len(out) - 1))]
    elif how == "terminator":
        out[at + 58:at + 60] = draw(st.sampled_from([b"``", b"\n\n", b"`\r"]))
    else:
        for _ in range(draw(st.integers(1, 6))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out), how


@settings(max_examples=200 * SCALE, **FUZZ)
@given(damaged_archive())
def test_damaged_archives_get_one_line_from_the_commands(tmp_path, monkeypatch, case):
    blob, how = case
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.o").write_bytes(OBJECTS["main.o"])
    (tmp_path / "lib.a").write_bytes(blob)
    with time_limit():
        try:
            archive.read(blob)
        except archive.ArchiveError as e:
            assert str(e) and "\n" not in str(e)
    for args in (["ar", "t", "lib.a"], ["nm", "lib.a"], ["ld", "main.o", "lib.a", "-o", "out.kx"]):
        check_run(args, ["out.kx"] if args[0] == "ld" else [])



# --- generated link inputs --------------------------------------------------------------------
# Objects o0.o .. oN.o, the last few of them perhaps members of a library
# lib.a given after the others.  Each has a function bI (the plain objects'
# are called by _start in o0) whose references each fold one value into
# s0 (s0 = s0 * 31 + value): `call fK` the value its winning definition
# returns, `lw t0, dK` the word of the winning definition (0 for a common
# symbol), `la t0, wK` 1 if anything defines wK and 0 if not (wK weak in
# some objects, strong in others).  An object may also hold a branch to a
# function of another object followed by 192 KiB of code (never run): out
# of reach if its target lies beyond the gap.

FUNCTIONS, DATA, WEAK_REFS = ["f0", "f1", "f2", "f3"], ["d0", "d1", "d2"], ["w0", "w1"]
GAP = 0x30000
ROLES = {"f": ["none", "none", "global", "global", "weak"],
         "d": ["none", "none", "global", "weak", "common"],
         "w": ["none", "none", "global", "weak"]}


@st.composite
def link_cases(draw):
    """{"objects": [{"defs": {name: role}, "refs": [name], "far": name or None,
    "weak_w": bool}], "members": how many of the last objects are in lib.a,
    "entry": "_start" | "missing" | "nowhere"}."""
    n = draw(st.integers(1, 5))
    objects = []
    for i in range(n):
        defs = {name: draw(st.sampled_from(ROLES[name[0]]))
                for name in FUNCTIONS + DATA + WEAK_REFS}
        defs = {name: role for name, role in defs.items() if role != "none"}
        refs = draw(st.lists(st.sampled_from(FUNCTIONS + DATA + WEAK_REFS), max_size=6))
        others = [f for f in FUNCTIONS if f not in defs]
        far = draw(st.sampled_from(others)) if others and draw(st.integers(0, 3)) == 0 else None
        objects.append({"defs": defs, "refs": refs, "far": far, "weak_w": draw(st.booleans())})
    if draw(st.booleans()):                  # half the cases are meant to link
        strong = set()
        for o in objects:
            for name, role in o["defs"].items():
                if role == "global" and name in strong:
                    o["defs"][name] = "weak"
            strong |= {name for name, role in o["defs"].items() if role == "global"}
        defined = {name for o in objects for name in o["defs"]}
        for o in objects:
            o["refs"] = [name for name in o["refs"] if name[0] == "w" or name in defined]
            o["weak_w"] = o["weak_w"] or any(n[0] == "w" and n not in defined for n in o["refs"])
    members = draw(st.integers(0, n - 1))
    entry = draw(st.sampled_from(["_start"] * 6 + ["missing", "nowhere"]))
    return {"objects": objects, "members": members, "entry": entry}


def value_of(name, i):
    return 1000 * (FUNCTIONS + DATA + WEAK_REFS).index(name) + 10 * i + 7


def plain(case):
    return range(len(case["objects"]) - case["members"])


def link_sources(case):
    """[source text] and, per object, {what: line}: the line of each
    reference ("ref N"), definition (a name) and the far branch ("far")."""
    sources, lines_of = [], []
    for i, o in enumerate(case["objects"]):
        out, at = [], {}

        def emit(text, key=None):
            out.append(text)
            if key is not None:
                at[key] = len(out)
        emit("        .text")
        if i == 0 and case["entry"] != "missing":
            emit("        .globl _start")
            emit("_start: li s0, 0", "_start")
            for j in plain(case):
                emit(f"        call b{j}")
            emit("        halt")
        emit(f"        .globl b{i}")
        emit(f"b{i}:    addi sp, sp, -16")
        emit("        sw ra, 0(sp)")
        if o["weak_w"]:
            for name in sorted({n for n in o["refs"] if n[0] == "w" and n not in o["defs"]}):
                emit(f"        .weak {name}")
        for n, name in enumerate(o["refs"]):
            if name[0] == "f":
                emit(f"        call {name}", f"ref {n}")
                emit("        mv t0, a0")
            elif name[0] == "d":
                emit(f"        lw t0, {name}", f"ref {n}")
            else:
                emit(f"        la t0, {name}", f"ref {n}")
                emit("        snez t0, t0")
            emit("        li t1, 31")
            emit("        mul s0, s0, t1")
            emit("        add s0, s0, t0")
        emit("        lw ra, 0(sp)")
        emit("        addi sp, sp, 16")
        emit("        ret")
        if o["far"]:
            emit(f"        beq a0, a0, {o['far']}", "far")
            emit(f"        .space {GAP}")
        for name, role in o["defs"].items():
            if name[0] == "f":
                emit(f"        .{'weak' if role == 'weak' else 'globl'} {name}")
                emit(f"{name}:     li a0, {value_of(name, i)}", name)
                emit("        ret")
        emit("        .data")
        for name, role in o["defs"].items():
            if name[0] != "f" and role == "common":
                emit(f"        .comm {name}, 4, 4", name)
            elif name[0] != "f":
                emit(f"        .{'weak' if role == 'weak' else 'globl'} {name}")
                emit(f"{name}:     .word {value_of(name, i)}", name)
        sources.append("\n".join(out) + "\n")
        lines_of.append(at)
    return sources, lines_of


def input_name(case, i):
    return f"lib.a(o{i}.o)" if i not in plain(case) else f"o{i}.o"


def resolve(case, lines_of):
    """The rules of resolution: (objects in load order, {name: (object,
    role) of the winning definition}, common names, multiple-definition
    messages).  Library members are loaded when they define a symbol some
    loaded object refers to strongly and nothing has defined yet, the
    library scanned again until it adds nothing."""
    loaded, winner, commons, dups, wanted = [], {}, set(), [], {}
    objects = case["objects"]

    def load(i):
        loaded.append(i)
        o = objects[i]
        for name, role in o["defs"].items():
            wanted.pop(name, None)
            if role == "common":
                commons.add(name)
            elif name not in winner or (winner[name][1] == "weak" and role == "global"):
                winner[name] = (i, role)
            elif role == "global" and winner[name][1] == "global":
                w = winner[name][0]
                dups.append(f"{input_name(case, i)}: o{i}.s:{lines_of[i][name]}: multiple "
                            f"definition of '{name}'; first defined in {input_name(case, w)}: "
                            f"o{w}.s:{lines_of[w][name]}")
        refs = o["refs"] + ([o["far"]] if o["far"] else []) + (
            [f"b{j}" for j in plain(case)] if i == 0 and case["entry"] != "missing" else [])
        for name in refs:
            if name not in o["defs"] and name not in winner and name not in commons:
                wanted[name] = wanted.get(name, False) or not (name[0] == "w" and o["weak_w"])
    for i in plain(case):
        load(i)
    changed = True
    while changed:
        changed = False
        for m in range(len(plain(case)), len(objects)):
            if m not in loaded and any(role != "common" and wanted.get(name)
                                       for name, role in objects[m]["defs"].items()):
                load(m)
                changed = True
    return loaded, winner, commons, dups


def expected_link(case, lines_of, objects):
    """What the rules say: (messages, s0 after the run or None).  `objects`
    are the assembled obj.Objects (for the layout of the far branches)."""
    loaded, winner, commons, dups = resolve(case, lines_of)
    messages = list(dups)
    if not dups:
        text_base, base = {}, 0x1000
        for i in loaded:
            text = objects[i].sections[0]
            base += -base % text.align
            text_base[i] = base
            base += text.size
        for i in loaded:
            o, where = case["objects"][i], f"{input_name(case, i)}: o{i}.s"
            for n, name in enumerate(o["refs"]):
                weak = name[0] == "w" and o["weak_w"] and name not in o["defs"]
                if not weak and name not in winner and name not in commons:
                    messages.append(f"{where}:{lines_of[i][f'ref {n}']}: "
                                    f"undefined reference to '{name}'")
            if o["far"] is None:
                continue
            line = lines_of[i]["far"]
            if o["far"] not in winner:
                messages.append(f"{where}:{line}: undefined reference to '{o['far']}'")
                continue
            (branch,) = [r for r in objects[i].relocs if r.type == 8]
            w = winner[o["far"]][0]
            (target,) = [s for s in objects[w].symbols if s.name == o["far"]]
            delta = text_base[w] + target.value - text_base[i] - branch.offset
            lo, hi = isa.IMMEDIATE_KINDS["boff"]
            if not lo <= delta // 4 <= hi:
                messages.append(f"{where}:{line}: beq: target is {delta} bytes away, "
                                f"out of reach (+-128 KiB)")
    if case["entry"] == "nowhere":
        messages.append("entry symbol 'nowhere' is not defined")
    if messages or case["entry"] != "_start":
        return sorted(messages), None
    s0 = 0
    for i in plain(case):
        for name in case["objects"][i]["refs"]:
            if name[0] == "w":
                value = int(name in winner)
            else:
                value = value_of(name, winner[name][0]) if name in winner else 0
            s0 = (s0 * 31 + value) & 0xFFFFFFFF
    return [], s0


def run_to_halt(path):
    """s0 when the program at `path` halts."""
    from vm.machine import state
    from vm.machine import Machine
    machine = Machine(4 << 20)
    machine.load(kx.load(path))
    assert machine.run(1_000_000) == state.EXIT_HALT
    return int(machine.regs[8])


@settings(max_examples=300 * SCALE, **FUZZ)
@given(link_cases())
def test_generated_links_give_the_messages_and_the_program_the_rules_say(tmp_path, monkeypatch,
                                                                         case):
    monkeypatch.chdir(tmp_path)
    sources, lines_of = link_sources(case)
    names = [f"o{i}" for i in range(len(sources))]
    for name, text in zip(names, sources):
        (tmp_path / f"{name}.s").write_text(text)
    assembled = run_k32("asm", "-c", *[f"{n}.s" for n in names])
    assert assembled.exit_code == 0, assembled.stderr
    objects = [obj.load(tmp_path / f"{n}.o") for n in names]
    messages, s0 = expected_link(case, lines_of, objects)
    inputs = [f"{names[i]}.o" for i in plain(case)]
    if case["members"]:
        Path("lib.a").unlink(missing_ok=True)
        assert run_k32("ar", "rc", "lib.a", *[f"{n}.o" for n in names[len(inputs):]]).exit_code == 0
        inputs.append("lib.a")
    entry = ["-e", "nowhere"] if case["entry"] == "nowhere" else []
    run = check_run(["ld", *inputs, *entry, "-o", "out.kx"], ["out.kx"])
    if messages:
        assert run.exit_code == 1
        assert sorted(run.stderr.splitlines()) == messages
        return
    assert run.exit_code == 0, run.stderr
    if case["entry"] == "missing":
        assert run.stderr.splitlines() == [
            "k32: warning: cannot find entry symbol _start; defaulting to 0x00001000"]
    else:
        assert run.stderr == ""
        assert run_to_halt(tmp_path / "out.kx") == s0


# --- the bugs found, each pinned ------------------------------------------------------------

def write_objects(folder, **objects):
    """Each obj.Object written as folder/NAME.o; their paths."""
    paths = []
    for name, o in objects.items():
        path = folder / f"{name}.o"
        path.write_bytes(obj.write(o))
        paths.append(path)
    return paths


def test_regression_huge_common_or_bss_exhausts_memory(tmp_path):
    """A common symbol (or a bss section) whose size says nearly 4 GiB: the
    linker built the zero bytes of common symbols and bss before the
    layout found that they do not fit -- a MemoryError traceback, or
    gigabytes used.  Placed sections of zeros now have a size and no bytes."""
    import tracemalloc
    huge = obj.Object(sections=[obj.Section(".bss", "bss", 4, b"", 0xFFFFF000)],
                      symbols=[obj.Symbol("big", 8, obj.SEC_COMMON, "global", "object",
                                          0xFFFFFFF0)])
    paths = write_objects(tmp_path, a=huge, b=huge)
    tracemalloc.start()
    try:
        run = run_k32("ld", *paths, "-o", tmp_path / "out.kx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        "the program does not fit in the 32-bit address space (ends at 0x2ffffeff0)"]
    assert peak < 32 << 20
    assert not (tmp_path / "out.kx").exists()


def in_a_note(name, binding="global"):
    """An object whose only section is not loaded (kind "none", as .note or
    .debug_* would be), with symbol `name` defined in it."""
    return obj.Object(sections=[obj.Section(".note.x", "none", 4, b"\0" * 8, 8)],
                      symbols=[obj.Symbol(name, 4, 0, binding, "function")])


def test_regression_entry_in_a_section_not_loaded_traceback(tmp_path):
    """_start defined in a section the linker does not load (a damaged kind
    field made .text a note): `k32 ld` died in a TypeError working out the
    entry.  Now one line says where the symbol is."""
    (path,) = write_objects(tmp_path, a=in_a_note("_start"))
    run = run_k32("ld", path, "-o", tmp_path / "out.kx")
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"entry symbol '_start' is defined in .note.x of {path}, which is not loaded"]
    assert not (tmp_path / "out.kx").exists()


def test_regression_reference_to_a_section_not_loaded_is_called_undefined(tmp_path):
    """A call to a symbol defined in a section that is not loaded was
    reported as an undefined reference, though nm shows it defined."""
    (tmp_path / "call.s").write_text("        .text\n        .globl _start\n_start: call hook\n")
    assert run_k32("asm", "-c", tmp_path / "call.s").exit_code == 0
    (note,) = write_objects(tmp_path, note=in_a_note("hook"))
    run = run_k32("ld", tmp_path / "call.o", note, "-o", tmp_path / "out.kx")
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"{tmp_path / 'call.o'}: {tmp_path / 'call.s'}:3: 'hook' is defined in .note.x of "
        f"{note}, which is not loaded"]


def library_with(header_field, offset, text):
    """LIBRARY with one field (at `offset` in the header of member
    `header_field`: 0 the long-name table, 1 the first object) rewritten."""
    out = bytearray(LIBRARY)
    at = member_headers(LIBRARY)[header_field] + offset
    width = 16 if offset == 0 else 10
    out[at:at + width] = text.encode().ljust(width)
    return bytes(out)


@pytest.mark.parametrize("size", ["-60", "-61"])
def test_regression_negative_member_size_hangs(tmp_path, size):
    """A member size of -60 (or -61) sent the archive reader back to the
    same header for ever: `k32 ar t`, `k32 nm` and `k32 ld` hung.  Sizes
    are now plain decimal digits, as ar writes them."""
    (tmp_path / "lib.a").write_bytes(library_with(0, 48, size))
    with time_limit(5):
        run = run_k32("ar", "t", tmp_path / "lib.a")
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [f"k32: {tmp_path / 'lib.a'}: bad member size at byte 8"]


def test_regression_bsd_name_longer_than_member_spills_into_the_message(tmp_path):
    """`#1/999` on a 500-byte member took the whole member as its name, and
    the one-line message became 16 lines of object bytes."""
    (tmp_path / "lib.a").write_bytes(library_with(1, 0, "#1/999"))
    run = run_k32("nm", tmp_path / "lib.a")
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [f"k32: {tmp_path / 'lib.a'}: bad BSD member name at byte 98"]
    (tmp_path / "lib.a").write_bytes(library_with(1, 0, "a\nb/"))
    run = run_k32("ar", "t", tmp_path / "lib.a")
    assert run.stderr.splitlines() == [f"k32: {tmp_path / 'lib.a'}: bad member name at byte 98"]


def test_regression_newline_in_a_name_splits_the_message(tmp_path):
    """A symbol name (or file name) with a newline in it, which a damaged
    string table gives: `k32 ld` printed "undefined reference to 'fo" and
    "o'" as two lines, `k32 nm` a line that is not a symbol.  Names with
    control characters are now rejected by the reader."""
    call = isa.encode(isa.lookup("jal"), {"rd": 1})
    o = obj.Object(sections=[obj.Section(".text", "text", 4, call.to_bytes(4, "little"), 4)],
                   symbols=[obj.Symbol("_start", 0, 0, "global"),
                            obj.Symbol("fo\no", 0, obj.SEC_UNDEF, "global")],
                   relocs=[obj.Reloc(0, 0, 9, 1, 0, 0, 3)], files=["x.s"])
    (path,) = write_objects(tmp_path, nl=o)
    for args in (["ld", path, "-o", tmp_path / "nl.kx"], ["nm", path], ["disasm", "-r", path]):
        run = run_k32(*args)
        assert run.exit_code == 1
        assert run.stderr.splitlines() == [f"k32: {path}: symbol 1: name has a control character"]


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_regression_source_named_dev_zero_is_read_for_ever(tmp_path, monkeypatch, source):
    """An object (or executable) whose line table names /dev/zero as its
    source: `k32 disasm -S` read it until memory ran out (a MemoryError
    traceback, or the machine swapping); a FIFO hung it.  Only regular
    files are read for the source lines now."""
    monkeypatch.chdir(tmp_path)
    if source == "fifo":
        os.mkfifo("fifo")
    nop = isa.encode(isa.lookup("addi"), {})
    o = obj.Object(sections=[obj.Section(".text", "text", 4, nop.to_bytes(4, "little"), 4)],
                   symbols=[obj.Symbol("_start", 0, 0, "global")], files=[source],
                   lines=[(0, 0, 0, 1)])
    (path,) = write_objects(tmp_path, z=o)
    assert run_k32("ld", path, "-o", "z.kx").exit_code == 0
    for listed in (path, "z.kx"):
        with time_limit(10):
            run = run_k32("disasm", "-S", listed)
        assert run.exit_code == 0 and f"{source}:1:" in run.stdout.decode()


def test_regression_weak_reference_first_hides_a_strong_one_from_libraries(tmp_path,
                                                                           monkeypatch):
    """a.o refers to `hook` weakly, b.o (after it) calls it: the library
    member defining hook was not pulled in, because the linker remembered
    only the first reference (weak), and the call was undefined -- though
    `k32 ld b.o a.o libh.a` linked.  As in GNU ld, any strong reference now
    makes the symbol wanted from libraries."""
    monkeypatch.chdir(tmp_path)
    Path("a.s").write_text("        .text\n        .globl _start\n        .weak hook\n"
                           "_start: la t0, hook\n        call other\n        halt\n")
    Path("b.s").write_text("        .text\n        .globl other\nother:  call hook\n        ret\n")
    Path("h.s").write_text("        .text\n        .globl hook\nhook:   ret\n")
    assert run_k32("asm", "-c", "a.s", "b.s", "h.s").exit_code == 0
    assert run_k32("ar", "rc", "libh.a", "h.o").exit_code == 0
    for order in (["a.o", "b.o"], ["b.o", "a.o"]):
        run = run_k32("ld", *order, "libh.a", "-o", "p.kx")
        assert run.exit_code == 0, run.stderr
        assert "hook" in kx.load("p.kx").symbol_table()
