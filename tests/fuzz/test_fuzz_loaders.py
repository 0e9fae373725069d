"""Fuzzing the loaders: executables (.kx, isa/kx.py), boot images
(isa/bootimg.py, vm/machine/boot.py) and disk images, truncated, bit-flipped and
with lying headers -- sizes, offsets, counts, entry points, segment
addresses past RAM or overlapping, debug tables pointing outside, huge
counts -- most of them with the CRC (and the file size) recomputed, so the
lie reaches the checks behind the CRC.

The standard: a file is read whole or rejected with a FormatError; what is
read either loads or is refused before anything is written (no
half-loaded machine); the disassembler and the debugger's symbol tables
cope with anything the reader accepts; through the CLI (`k32 run`,
`k32 debug`, `k32 disasm`, `k32 boot --image`) a rejection is one
`k32: ...` line and a non-zero exit, never a traceback.

Seeds are fixed (random.Random); the long campaign behind the figures in
docs/fuzzing.md is `fuzz_readers` and `fuzz_cli` with larger counts.
"""

import random
import struct
import zlib

import pytest

from assembler import assemble_string
from assembler.disasm import listing
from conftest import run_k32
from isa import bootimg, kx
from vm.machine.boot import BootError, load_image
from vm.debugger.program import Program
from vm.machine import Machine, MachineError

SOURCE = """
        .equ    LIMIT, 3
        .text
        .globl  _start
_start: li      a0, LIMIT
loop:   addi    a0, a0, -1
        bnez    a0, loop
        la      a1, message
        lw      a2, 0(a1)
        halt
        .data
message: .word  0x12345678
counter: .word  1, 2, 3
        .bss
buffer: .space  256
"""

# Values a lying field is set to: edges of every width, and past them
INTERESTING = [0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF,
               0x80000000, 0xFFFFFFF0, 0xFFFFFFFF]


@pytest.fixture(scope="module")
def executable():
    """A small executable with every part: text, data, bss, symbols, lines."""
    exe = assemble_string(SOURCE, name="prog.s").executable
    blob = kx.write(exe)
    assert kx.read(blob).symbols and kx.read(blob).lines
    return blob


@pytest.fixture(scope="module")
def boot_image(executable):
    """A boot image: that executable as the kernel, two modules (one a .kx)."""
    return bootimg.write(bootimg.BootImage(executable, [
        bootimg.Module("init", executable), bootimg.Module("notes.txt", b"hello\n" * 30)]))


def seal(blob, crc_offset, size_offset=None):
    """The blob with its file-size field (if given) and CRC made right."""
    out = bytearray(blob)
    if size_offset is not None:
        struct.pack_into("<I", out, size_offset, len(out))
    struct.pack_into("<I", out, crc_offset, 0)
    struct.pack_into("<I", out, crc_offset, zlib.crc32(out))
    return bytes(out)


def kx_fields(blob):
    """(offset, width) of every header, segment-table and debug field."""
    fields = [(4, 2), (6, 2), (8, 4), (12, 2), (14, 2), (16, 4), (24, 4), (28, 4)]
    if len(blob) < kx.HEADER.size:
        return fields
    nseg = struct.unpack_from("<H", blob, 12)[0]
    for i in range(min(nseg, kx.MAX_SEGMENTS)):
        fields += [(kx.HEADER.size + kx.SEGMENT.size * i + 4 * j, 4) for j in range(5)]
    debug = struct.unpack_from("<I", blob, 24)[0]
    if 0 < debug <= len(blob) - kx.DEBUG_HEADER.size:
        fields += [(debug + 4 * j, 4) for j in range(1, 5)]
        nsym, nfile, nline = struct.unpack_from("<III", blob, debug + 4)
        symbols = debug + kx.DEBUG_HEADER.size
        fields += [(symbols + kx.SYMBOL.size * i + o, w) for i in range(min(nsym, 40))
                   for o, w in ((0, 4), (4, 4), (8, 1), (9, 1))]
        files = symbols + kx.SYMBOL.size * nsym
        fields += [(files + 4 * i, 4) for i in range(min(nfile, 8))]
        lines = files + 4 * nfile
        fields += [(lines + kx.LINE.size * i + 4 * j, 4) for i in range(min(nline, 40))
                   for j in range(3)]
    return fields


def boot_fields(blob):
    """The same for a boot image, its kernel's fields included."""
    fields = [(4, 2), (6, 2), (8, 4), (16, 2), (18, 2), (20, 4), (24, 4), (28, 4)]
    if len(blob) < bootimg.HEADER.size:
        return fields
    for i in range(min(struct.unpack_from("<H", blob, 16)[0], 16)):
        base = bootimg.HEADER.size + bootimg.MODULE.size * i
        fields += [(base, 1), (base + 23, 1), (base + 24, 4), (base + 28, 4)]
    kernel = struct.unpack_from("<I", blob, 20)[0]
    if kernel < len(blob):
        fields += [(kernel + o, w) for o, w in kx_fields(blob[kernel:])]
    return fields


def seal_kernel(blob):
    """A boot image with its kernel's own CRC made right (then its own)."""
    out = bytearray(blob)
    offset, size = struct.unpack_from("<II", out, 20)
    if offset + size <= len(out) and size >= kx.HEADER.size:
        out[offset:offset + size] = seal(out[offset:offset + size], kx.CRC_OFFSET)
    return bytes(out)


def mutate(rng, blob, fields, crc_offset, size_offset):
    """A damaged copy: truncated, extended, bit-flipped, bytes or fields
    overwritten; then usually sealed again so that only the lie is wrong."""
    out = bytearray(blob)
    how = rng.choice(["truncate", "flip", "field", "field", "field", "bytes", "extend"])
    if how == "truncate":
        out = out[:rng.randrange(len(out))]
    elif how == "extend":
        out += bytes(rng.randrange(1, 64))
    elif how == "flip":
        for _ in range(rng.randint(1, 4)):
            bit = rng.randrange(8 * len(out))
            out[bit // 8] ^= 1 << bit % 8
    elif how == "bytes":
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    else:
        for _ in range(rng.randint(1, 3)):
            offset, width = rng.choice(fields(out))
            if offset + width <= len(out):
                value = rng.choice(INTERESTING + [rng.randrange(1 << 8 * width)])
                out[offset:offset + width] = (value & ((1 << 8 * width) - 1)).to_bytes(width, "little")
    out = bytes(out)
    if fields is boot_fields and len(out) >= 28 and rng.random() < 0.5:
        out = seal_kernel(out)          # so that a lie in the kernel reaches the loader
    if len(out) >= 32 and rng.random() < 0.8:
        out = seal(out, crc_offset, size_offset if rng.random() < 0.8 else None)
    return out, how


def untouched(machine):
    return not machine.mem8.any() and machine.pc == 0


def read_executable(blob):
    """One executable through every reader -> what became of it."""
    try:
        exe = kx.read(blob)
    except kx.FormatError:
        return "rejected"
    listing(exe, all_segments=True, symbols=True, source=True)
    Program(exe, "fuzz.kx")
    machine = Machine(64 << 10)
    try:
        machine.load(exe)
    except MachineError:
        assert untouched(machine), "half-loaded"
        return "refused"
    return "loaded"


def read_boot_image(blob):
    try:
        image = bootimg.read(blob)
    except bootimg.FormatError:
        return "rejected"
    machine = Machine(256 << 10)
    try:
        load_image(machine, image)
    except BootError:
        assert untouched(machine), "half-loaded"
        return "refused"
    return "loaded"


def fuzz_readers(executable, boot_image, seed, count):
    """`count` damaged files through the Python readers -> ({outcome: n}, failures)."""
    rng = random.Random(seed)
    outcomes, failures = {}, []
    for i in range(count):
        if rng.random() < 0.6:
            blob, how = mutate(rng, executable, kx_fields, kx.CRC_OFFSET, 16)
            check = read_executable
        else:
            blob, how = mutate(rng, boot_image, boot_fields, bootimg.CRC_OFFSET, 8)
            check = read_boot_image
        try:
            outcome = (check.__name__, check(blob))
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        except Exception as e:          # anything but the documented errors is a bug
            failures.append((i, how, repr(e), blob.hex()))
    return outcomes, failures


def test_damaged_files_are_read_or_rejected_by_the_readers(executable, boot_image):
    outcomes, failures = fuzz_readers(executable, boot_image, seed=1234, count=3000)
    assert not failures, failures[:2]
    # the fuzzer reaches every outcome, not only the CRC check
    assert set(outcomes) == {(c, o) for c in ("read_executable", "read_boot_image")
                             for o in ("rejected", "refused", "loaded")}, outcomes


def test_every_truncation_of_a_boot_image_is_rejected(boot_image):
    for length in range(len(boot_image)):
        with pytest.raises(bootimg.FormatError):
            bootimg.read(boot_image[:length])


def cli_commands(path, boot):
    if boot:
        return [["boot", "--image", path, "--max-steps", 20000]]
    return [["run", path, "--max-steps", 20000], ["disasm", "-a", "-t", "-S", path],
            ["debug", path, "-x", path.parent / "commands", "--batch"]]


def fuzz_cli(executable, boot_image, tmp_path, seed, count):
    """`count` damaged files through the commands -> failures.  An
    exception escaping the command is a failure (run_k32 re-raises it), and
    so is a rejection (status 1) that is not exactly one `k32: ` line."""
    (tmp_path / "commands").write_text("info registers\nstepi\nbacktrace\nlist\n"
                                       "x/4i $pc\ninfo symbol $pc\ncontinue\n")
    rng = random.Random(seed)
    failures = []
    for i in range(count):
        boot = rng.random() < 0.4
        if boot:
            blob, how = mutate(rng, boot_image, boot_fields, bootimg.CRC_OFFSET, 8)
        else:
            blob, how = mutate(rng, executable, kx_fields, kx.CRC_OFFSET, 16)
        path = tmp_path / ("fuzz.boot" if boot else "fuzz.kx")
        path.write_bytes(blob)
        for command in cli_commands(path, boot):
            try:
                run = run_k32(*command)
            except Exception as e:
                failures.append((i, how, command[0], repr(e)))
                continue
            lines = run.stderr.strip().splitlines()
            if "Traceback" in run.stderr or (
                    run.exit_code == 1 and command[0] != "debug"
                    and (len(lines) != 1 or not lines[0].startswith("k32: "))):
                failures.append((i, how, command[0], run.stderr[-300:]))
    return failures


def test_damaged_files_get_one_line_from_the_commands(executable, boot_image, tmp_path):
    failures = fuzz_cli(executable, boot_image, tmp_path, seed=1234, count=40)
    assert not failures, failures[:3]


@pytest.mark.parametrize("content", [b"", b"\0" * 100, b"\0" * 513])
@pytest.mark.parametrize("command", ["run", "debug", "boot"])
def test_a_disk_image_of_a_bad_size_gets_one_line(executable, boot_image, tmp_path, content,
                                                  command):
    disk = tmp_path / "bad.img"
    disk.write_bytes(content)
    program = tmp_path / ("p.boot" if command == "boot" else "p.kx")
    program.write_bytes(boot_image if command == "boot" else executable)
    args = {"run": ["run", program], "debug": ["debug", program, "--batch"],
            "boot": ["boot", "--image", program]}[command]
    run = run_k32(*args, "--disk", disk)
    assert run.exit_code == 1
    assert run.stderr.strip().splitlines() == [
        f"k32: {disk}: a disk image must be a non-empty multiple of 512 bytes "
        f"(this one is {len(content)})"]


# --- the bugs found, each pinned --------------------------------------------------

def lying_entry(executable, entry):
    exe = kx.read(executable)
    exe.entry = entry
    return kx.write(exe)


@pytest.mark.parametrize("entry, why", [(0xFFFFFFF0, "is outside the 64 KiB of RAM"),
                                        (0x1002, "is not word-aligned")])
def test_regression_kx_entry_outside_ram_or_misaligned_is_loaded(executable, tmp_path, entry,
                                                                 why):
    """A header whose entry point lies past RAM or off a word: `k32 run`
    loaded it and trapped at the first fetch (a misaligned one reported as
    "physical address outside RAM"), `k32 debug` started a session on it.
    Now the loader refuses it, before anything is written."""
    path = tmp_path / "entry.kx"
    path.write_bytes(lying_entry(executable, entry))
    for args in (["run", path, "--mem", "64K"], ["debug", path, "--mem", "64K", "--batch"]):
        run = run_k32(*args)
        assert run.exit_code == 1, args
        assert run.stderr.strip().splitlines() == [f"k32: {path}: entry {entry:#010x} {why}"]
    machine = Machine(64 << 10)
    with pytest.raises(MachineError):
        machine.load(kx.read(path.read_bytes()))
    assert untouched(machine)


def test_regression_boot_kernel_entry_outside_ram_is_booted(executable, tmp_path):
    """The same lie in a boot image's kernel: `k32 boot --image` now says so
    in one line instead of starting a kernel that traps at once."""
    kernel = lying_entry(executable, 0x7FFFFFFC)
    path = tmp_path / "entry.boot"
    path.write_bytes(bootimg.write(bootimg.BootImage(kernel, [])))
    run = run_k32("boot", "--image", path, "--mem", "1M")
    assert run.exit_code == 1
    assert run.stderr.strip().splitlines() == [
        f"k32: {path}: kernel: entry 0x7ffffffc is outside the 1024 KiB of RAM"]


def test_regression_debug_disk_error_names_the_program(executable, tmp_path):
    """`k32 debug prog.kx --disk bad.img` said "k32: prog.kx: bad.img: ..."
    -- the program named as if it were at fault.  Now the disk's own line."""
    disk = tmp_path / "bad.img"
    disk.write_bytes(b"\0" * 100)
    program = tmp_path / "p.kx"
    program.write_bytes(executable)
    run = run_k32("debug", program, "--batch", "--disk", disk)
    assert run.exit_code == 1
    assert run.stderr.startswith(f"k32: {disk}: ")
