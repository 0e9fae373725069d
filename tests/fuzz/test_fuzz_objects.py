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


@settings(max_examples=1500 * SCALE, **FUZZ)
@given(damaged_program())
def test_damaged_objects_are_read_or_rejected_in_process(case):
    name, blobs, how = case
    outcome = read_and_use(blobs)
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1


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
