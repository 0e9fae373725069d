"""The executable format: what is written reads back identical, and every
damaged, foreign or inconsistent file is rejected with a message that says
what is wrong -- by the reader and by `k32 disasm`."""

import struct
import zlib

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from isa import kx
from vm.cli import main


def sample():
    return kx.Executable(
        entry=0x1004,
        segments=[kx.Segment(0x1000, bytes(range(40)), 40, kx.SEG_R | kx.SEG_X),
                  kx.Segment(0x2000, b"data", 0x1000, kx.SEG_R | kx.SEG_W),   # bss after 4 bytes
                  kx.Segment(0x8000, b"", 0x200, kx.SEG_R | kx.SEG_W)],       # all bss
        symbols=[kx.Symbol("_start", 0x1004, is_global=True),
                 kx.Symbol("loop", 0x1010),
                 kx.Symbol("buffer", 0x2000, is_global=True),
                 kx.Symbol("BUFSIZE", 0x1000, is_absolute=True),
                 kx.Symbol("héllo", 0x1020)],
        files=["main.s", "lib/io.s"],
        lines=[(0x1000, 0, 1), (0x1004, 0, 2), (0x1010, 1, 17)])


BLOB = kx.write(sample())
HEADER, SEGMENT = kx.HEADER.size, kx.SEGMENT.size
DATA_START = HEADER + 3 * SEGMENT
DEBUG_START = struct.unpack_from("<I", BLOB, 24)[0]
LINE_TABLE = DEBUG_START + kx.DEBUG_HEADER.size + 5 * kx.SYMBOL.size + 2 * 4


def recrc(blob):
    """The blob with its CRC made right again, so a later check is reached."""
    blob = bytearray(blob)
    struct.pack_into("<I", blob, kx.CRC_OFFSET, 0)
    struct.pack_into("<I", blob, kx.CRC_OFFSET, zlib.crc32(blob))
    return bytes(blob)


def patched(offset, fmt, value, blob=BLOB):
    blob = bytearray(blob)
    struct.pack_into(fmt, blob, offset, value)
    return recrc(blob)


def rejection(blob):
    with pytest.raises(kx.FormatError) as info:
        kx.read(blob)
    return str(info.value)


# --- what is written reads back ---------------------------------------------

def test_executable_reads_back_identical():
    assert kx.read(BLOB) == sample()


def test_bss_costs_no_bytes_in_the_file():
    exe = kx.read(BLOB)
    assert [len(s.data) for s in exe.segments] == [40, 4, 0]
    assert [s.memsize for s in exe.segments] == [40, 0x1000, 0x200]


def test_executable_without_debug_section_reads_back_without_symbols():
    exe = kx.read(kx.write(sample(), debug=False))
    assert exe.symbols == exe.files == exe.lines == []
    assert exe.segments == sample().segments and exe.entry == 0x1004


def test_executable_with_no_segments_reads_back():
    exe = kx.Executable(entry=0, segments=[])
    assert kx.read(kx.write(exe)) == exe


def test_lines_come_back_sorted_by_address():
    exe = sample()
    exe.lines = list(reversed(exe.lines))
    assert kx.read(kx.write(exe)).lines == sorted(exe.lines)


def test_load_reads_a_file(tmp_path):
    path = tmp_path / "prog.kx"
    path.write_bytes(BLOB)
    assert kx.load(path) == sample()


# --- what is rejected, and the words that say why ---------------------------

ELF_HEADER = b"\x7fELF\x01\x01\x01\x00" + bytes(8) + b"\x02\x00\xf3\x00" + bytes(32)

BAD_FILES = {   # name: (bytes, words the message must contain)
    "elf": (ELF_HEADER, ["not a K32 executable"]),
    "text": (b"hello: addi a0, zero, 1\n", ["not a K32 executable"]),
    "empty": (b"", ["not a K32 executable"]),
    "half-magic": (BLOB[:2], ["not a K32 executable"]),
    "cut-in-header": (BLOB[:20], ["truncated", "header"]),
    "cut-in-segment-table": (BLOB[:HEADER + 30], ["truncated"]),
    "cut-in-data": (BLOB[:DATA_START + 10], ["truncated"]),
    "cut-in-debug": (BLOB[:-1], ["truncated"]),
    "trailing-garbage": (BLOB + b"\0garbage", ["trailing bytes"]),
    "flipped-data-bit": (BLOB[:DATA_START + 5] + bytes([BLOB[DATA_START + 5] ^ 0x10])
                         + BLOB[DATA_START + 6:], ["CRC"]),
    "wrong-version": (patched(4, "<H", 2), ["version 2"]),
    "overlapping-segments": (patched(HEADER + SEGMENT, "<I", 0x1020), ["overlap"]),
    "segment-outside-file": (patched(HEADER + 12, "<I", len(BLOB) - 8), ["outside the file"]),
    "segment-in-header": (patched(HEADER + 12, "<I", 8), ["outside the file"]),
    "filesize-over-memsize": (patched(HEADER + SEGMENT + 4, "<I", 2), ["exceeds memory size"]),
    "past-4GiB": (patched(HEADER + 2 * SEGMENT, "<I", 0xFFFFFF00), ["address space"]),
    "too-many-segments": (patched(12, "<H", 65), ["segments", "at most 64"]),
    "symbol-name-outside-strings": (patched(DEBUG_START + 20, "<I", 10_000),
                                    ["symbol 0", "outside the string table"]),
    "debug-counts-wrong": (patched(DEBUG_START + 4, "<I", 6), ["debug section", "bytes"]),
    "debug-magic": (patched(DEBUG_START, "<4s", b"K32Z"), ["debug section", "magic"]),
    "line-names-no-file": (kx.write(kx.Executable(0, [], files=["a.s"], lines=[(0, 3, 1)])),
                           ["line entry 0", "file 3"]),
    "lines-out-of-order": (patched(LINE_TABLE + 2 * kx.LINE.size, "<I", 0x0FFF),
                           ["line entry 2", "order"]),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_rejected_with_a_message_saying_why(name):
    blob, words = BAD_FILES[name]
    message = rejection(blob)
    for w in words:
        assert w in message


@pytest.mark.parametrize("offset", [8, 13, HEADER + 3, HEADER + 2 * SEGMENT + 17, DATA_START,
                                    DATA_START + 43, DEBUG_START + 1, len(BLOB) - 1])
def test_one_flipped_bit_fails_the_crc(offset):
    blob = bytearray(BLOB)
    blob[offset] ^= 0x01
    assert "CRC" in rejection(bytes(blob))


def test_flipped_bit_in_the_crc_itself_fails_the_crc():
    blob = bytearray(BLOB)
    blob[kx.CRC_OFFSET + 2] ^= 0x80
    assert "CRC" in rejection(bytes(blob))


def test_writer_refuses_too_many_segments():
    exe = kx.Executable(0, [kx.Segment(i * 4, b"", 4, kx.SEG_R) for i in range(65)])
    with pytest.raises(kx.FormatError, match="too many segments"):
        kx.write(exe)


# --- any damage at all ------------------------------------------------------

def read_or_reject(blob):
    """The Executable, or None when FormatError rejects it; anything else
    (IndexError, struct.error, UnicodeDecodeError ...) fails the test."""
    try:
        return kx.read(blob)
    except kx.FormatError as e:
        assert str(e)
        return None


@given(st.integers(0, len(BLOB) - 1), st.integers(0, 255))
def test_any_single_byte_change_is_rejected_or_reads_back_identical(offset, value):
    blob = bytearray(BLOB)
    blob[offset] = value
    exe = read_or_reject(bytes(blob))
    assert exe is None or (value == BLOB[offset] and exe == sample())


@given(st.integers(0, len(BLOB) - 1))
def test_any_truncation_is_rejected(length):
    assert read_or_reject(BLOB[:length]) is None


@settings(max_examples=500)
@given(st.lists(st.tuples(st.integers(0, len(BLOB) - 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_changes_behind_a_fixed_crc_are_read_or_rejected_cleanly(changes):
    # Fixing the CRC gets the damage past the first line of defence, so the
    # structural checks behind it are what must hold.
    blob = bytearray(BLOB)
    for offset, value in changes:
        blob[offset] = value
    exe = read_or_reject(recrc(blob))
    if exe is not None:
        # What is accepted can be written again; only lines at one address
        # may come back in another order.
        again = kx.read(kx.write(exe))
        again.lines, exe.lines = sorted(again.lines), sorted(exe.lines)
        assert again == exe


# --- through `k32 disasm` ---------------------------------------------------

@pytest.mark.parametrize("name", BAD_FILES)
def test_k32_disasm_rejects_a_bad_file_in_one_line(tmp_path, name):
    blob, words = BAD_FILES[name]
    path = tmp_path / f"{name}.kx"
    path.write_bytes(blob)
    result = CliRunner().invoke(main, ["disasm", str(path)])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.startswith(f"k32: {path}: ")
    assert result.stderr.count("\n") == 1
    for w in words:
        assert w in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_k32_disasm_reads_a_good_file(tmp_path):
    path = tmp_path / "good.kx"
    path.write_bytes(BLOB)
    result = CliRunner().invoke(main, ["disasm", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("segment 0x00001000-0x00001028 r-x\n")


def test_a_name_with_a_control_character_is_rejected():
    # "loop" becomes "lo\np": one name would print as two lines
    at = BLOB.index(b"loop\0")
    assert rejection(patched(at + 2, "B", 10)) == "symbol 1: name has a control character"
