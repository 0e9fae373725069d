"""The OS's host side: the boot image format, the loader (`k32 boot` with
a test kernel that prints its boot-info record), `k32 build` by content,
and `k32 mkdisk` checked with fsck.fat and mtools.

Builds run on a small source tree made in a scratch directory ($K32_ROOT),
so the real sources are never touched and the tests do not depend on how
far the OS is written."""

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from assembler import assemble_file
from conftest import host_tool, needs_host_tools
from isa import boot, bootimg, kx
from vm.machine import boot as loader
from vm.tools.build import dos_name, min_fat16_size

ROOT = Path(__file__).resolve().parent.parent
TEST_OS = ROOT / "tests" / "os"
FSCK = host_tool("fsck.fat") or "fsck.fat"
needs_mtools = needs_host_tools("fsck.fat", "mdir", "mtype")

RUNTIME = """
        .include "k32.inc"
        .text
        .globl _start
_start: call main
        out a0, DEBUG_EXIT
"""
PROGRAM = """
        .include "runtime.s"
        .text
main:   li a0, {status}
        ret
        .data
        .asciz "{name}"
"""


def kernel_kx(name="bootinfo.s"):
    result = assemble_file(str(TEST_OS / name), include_paths=[str(ROOT / "os" / "include")])
    return kx.write(result.executable)


def write_image(path, modules=(), kernel="bootinfo.s"):
    image = bootimg.BootImage(kernel_kx(kernel), [bootimg.Module(n, d) for n, d in modules])
    path.write_bytes(bootimg.write(image))
    return path


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A source tree: os/include, the test kernel as os/mono/kernel.s, a stub
    runtime and two programs; $K32_ROOT points at it, the working directory
    is its parent (so messages read `src/...`)."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "os" / "include", src / "os" / "include")
    shutil.copy(ROOT / "os" / "README.TXT", src / "os" / "README.TXT")
    (src / "os" / "mono").mkdir()
    shutil.copy(TEST_OS / "bootinfo.s", src / "os" / "mono" / "kernel.s")
    (src / "programs" / "lib").mkdir(parents=True)
    (src / "programs" / "lib" / "runtime.s").write_text(RUNTIME)
    (src / "programs" / "bin").mkdir()
    for status, name in enumerate(("cat", "hello")):
        (src / "programs" / "bin" / f"{name}.s").write_text(PROGRAM.format(status=status, name=name))
    monkeypatch.setenv("K32_ROOT", str(src))
    monkeypatch.delenv("K32_BUILD", raising=False)
    monkeypatch.chdir(tmp_path)
    return src


def built_lines(run):
    return sorted(line for line in run.stdout.decode().splitlines() if line.startswith("built "))


# --- the boot image format ---------------------------------------------------------

def test_boot_image_round_trip():
    kernel = kernel_kx()
    image = bootimg.BootImage(kernel, [bootimg.Module("init", b"\x00\x01binary\xff"),
                                       bootimg.Module("e", b""),
                                       bootimg.Module("x" * boot.BOOTMOD_NAME_MAX, b"y" * 5000)])
    blob = bootimg.write(image)
    back = bootimg.read(blob)
    assert back == image
    assert back.executable.entry == kx.read(kernel).entry
    assert bootimg.write(back) == blob
    assert bootimg.read(bootimg.write(bootimg.BootImage(kernel))).modules == []


def test_boot_image_docstring_matches_the_protocol():
    assert bootimg.NAME_FIELD == boot.BOOTMOD_NAME_MAX + 1 == bootimg.MODULE.size - 8
    assert f"at most MAX_MODULES, {boot.MAX_MODULES}" in bootimg.__doc__
    assert f"BOOTMOD_NAME_MAX ({boot.BOOTMOD_NAME_MAX})" in bootimg.__doc__
    assert bootimg.HEADER.size == 32


@pytest.mark.parametrize("modules, message", [
    ([("m%d" % i, b"") for i in range(boot.MAX_MODULES + 1)], "17 modules (at most 16)"),
    ([("a" * (boot.BOOTMOD_NAME_MAX + 1), b"")], "is longer than 23 bytes"),
    ([("two words", b"")], "printable ASCII without spaces"),
    ([("", b"")], "empty"),
    ([("fs", b"1"), ("fs", b"2")], "two modules are named 'fs'"),
])
def test_writer_refuses_bad_modules(modules, message):
    image = bootimg.BootImage(kernel_kx(), [bootimg.Module(n, d) for n, d in modules])
    with pytest.raises(bootimg.FormatError) as info:
        bootimg.write(image)
    assert message in str(info.value)


def test_writer_refuses_a_kernel_that_is_not_an_executable():
    with pytest.raises(bootimg.FormatError, match="^kernel: not a K32 executable"):
        bootimg.BootImage(b"\x7fELF....")


def recrc(blob):
    blob = bytearray(blob)
    struct.pack_into("<I", blob, bootimg.CRC_OFFSET, 0)
    struct.pack_into("<I", blob, bootimg.CRC_OFFSET, zlib.crc32(blob))
    return bytes(blob)


def patched(blob, offset, fmt, value):
    blob = bytearray(blob)
    struct.pack_into(fmt, blob, offset, value)
    return recrc(blob)


def damaged_images():
    blob = bootimg.write(bootimg.BootImage(kernel_kx(), [bootimg.Module("init", b"module-bytes"),
                                                         bootimg.Module("fs", b"more")]))
    table = bootimg.HEADER.size
    kernel_off, kernel_size = struct.unpack_from("<II", blob, 20)
    flipped = bytearray(blob)
    flipped[kernel_off + 40] ^= 0x10
    corrupt_kernel = bytearray(blob)
    corrupt_kernel[kernel_off + 40] ^= 0x10
    return [
        ("truncated", blob[:-5], "truncated: header says"),
        ("header only", blob[:20], "truncated: 20 bytes is shorter than the 32-byte header"),
        ("bit flipped", bytes(flipped), "corrupted: CRC-32 does not match"),
        ("foreign", b"GIF89a" + bytes(100), "not a K32 boot image (bad magic number)"),
        ("executable", kernel_kx(), "it is a K32 executable (.kx): run it with `k32 run`"),
        ("empty", b"", "not a K32 boot image"),
        ("trailing", recrc(patched(blob, 8, "<I", len(blob) + 3) + b"abc"),
         f"bytes from {len(blob)} of the file belong to neither the kernel nor a module"),
        ("version", patched(blob, 4, "<H", 2), "unsupported version 2"),
        ("header size", patched(blob, 6, "<H", 40), "header size is 40"),
        ("flags", patched(blob, 18, "<H", 1), "unknown flags 0x1"),
        ("reserved", patched(blob, 28, "<I", 5), "reserved header field"),
        ("too many", patched(blob, 16, "<H", 17), "17 modules (at most 16)"),
        ("table past end", patched(blob, 16, "<H", 16), None),
        ("kernel outside", patched(blob, 24, "<I", kernel_size + 100), "kernel: bytes at"),
        ("kernel over table", patched(blob, 20, "<I", 8), "lie outside the file's data"),
        ("module outside", patched(blob, table + 28, "<I", 1 << 20), "module 0 (init): bytes at"),
        ("overlap", patched(blob, table + 24, "<I", kernel_off + 4), "overlap"),
        ("name", patched(blob, table, "<4s", b"in\x01t"), "module 0: name"),
        ("name junk", patched(blob, table + 6, "<2s", b"\0z"), "bytes after the NUL"),
        ("unterminated", patched(blob, table, "<24s", b"n" * 24), "not NUL-terminated"),
        ("duplicate", patched(blob, table + bootimg.MODULE.size, "<24s", b"init"),
         "a module named 'init' comes earlier"),
        ("bad kernel", recrc(corrupt_kernel), "kernel: corrupted"),
    ]


@pytest.mark.parametrize("blob, message", [pytest.param(b, m, id=w) for w, b, m in damaged_images()])
def test_damaged_boot_images_are_rejected_by_k32_boot(k32, tmp_path, blob, message):
    path = tmp_path / "bad.boot"
    path.write_bytes(blob)
    with pytest.raises(bootimg.FormatError):
        bootimg.read(blob)
    run = k32("boot", "--image", path)
    assert run.exit_code == 1
    assert run.stderr.startswith(f"k32: {path}: ") and run.stderr.count("\n") == 1
    if message:
        assert message in run.stderr
    assert run.stdout == b""


# --- the loader ---------------------------------------------------------------------

def expected_report(image_path, memory):
    image = bootimg.load(image_path)
    lay = loader.layout(image)
    lines = [f"info={lay.bootinfo:08X} sp={memory:08X} memsize={memory:08X} "
             f"free={lay.free:08X} nmods={len(image.modules)}"]
    for address, module in lay.modules:
        lines.append(f"mod {module.name} addr={address:08X} len={len(module.data):08X} "
                     f"data={module.data[:16].decode('latin-1')}")
    return "\n".join(lines) + "\n"


def test_loader_hands_the_kernel_its_boot_info(k32, tmp_path):
    path = write_image(tmp_path / "t.boot", [("init", b"first module"), ("empty", b""),
                                             ("fs", b"F" * 5000), ("last", b"end")])
    run = k32("boot", "--image", path, "--mem", "4M")
    assert run.exit_code == 42, run.stderr
    assert run.stdout.decode("latin-1") == expected_report(path, 4 << 20)
    lay = loader.layout(bootimg.load(path))
    exe = bootimg.load(path).executable
    top = max(s.address + s.memsize for s in exe.segments)
    addresses = [a for a, _ in lay.modules]
    assert addresses[0] == (top + 4095) // 4096 * 4096            # first page after the kernel
    assert addresses[1] == addresses[2] == addresses[0] + 4096     # an empty module takes no page
    assert addresses[3] == addresses[2] + 8192                     # 5000 bytes: two pages
    assert lay.bootinfo == addresses[3] + 4096 and lay.free == lay.bootinfo + 4096
    assert all(a % 4096 == 0 for a in addresses)


def test_loader_refuses_what_does_not_fit(k32, tmp_path):
    path = write_image(tmp_path / "big.boot", [("huge", bytes(70000))])
    run = k32("boot", "--image", path, "--mem", "64K")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"k32: {path}: the kernel, 1 module(s) and the boot-info "
                                 "record need")
    assert "more than the 64 KiB of RAM" in run.stderr


def test_ends_of_a_boot_are_those_of_k32_run(k32, tmp_path):
    path = write_image(tmp_path / "t.boot")
    run = k32("boot", "--image", path, "--max-steps", 10)
    assert run.exit_code == 124
    assert run.stderr.startswith("k32: step limit reached: 10 instructions")


def test_snapshot_keeps_the_disk_file_unchanged(k32, tmp_path):
    path = write_image(tmp_path / "w.boot", kernel="diskwrite.s")
    disk = tmp_path / "d.img"
    disk.write_bytes(bytes(4096))
    assert k32("boot", "--image", path, "--disk", disk, "--snapshot").exit_code == 0
    assert disk.read_bytes() == bytes(4096)
    assert k32("boot", "--image", path, "--disk", disk).exit_code == 0
    assert disk.read_bytes()[512:1024] == bytes.fromhex("3412cdab") * 128


@pytest.mark.parametrize("args, message", [
    (["--disk", "missing.img"], "k32: missing.img: No such file or directory\n"),
    (["--image", "missing.boot"], "k32: missing.boot: No such file or directory\n"),
    (["--kernel", "micro"],
     "k32: the micro kernel is not written yet: os/micro/kernel/ does not exist\n"),
])
def test_boot_errors_are_one_line(k32, tree, args, message):
    run = k32("boot", *args)
    assert (run.exit_code, run.stderr) == (1, message)


# --- k32 build and k32 boot on a source tree ---------------------------------------------

def test_build_then_up_to_date(k32, tree):
    first = k32("build")
    assert first.exit_code == 0, first.stderr
    assert built_lines(first) == ["built src/build/bin/cat.kx", "built src/build/bin/hello.kx",
                                  "built src/build/disk.img", "built src/build/mono.boot"]
    second = k32("build")
    assert (second.exit_code, second.stdout) == (0, b"up to date\n")
    os.utime(tree / "programs/bin/cat.s", (1, 1))               # a touch changes no content
    assert k32("build").stdout == b"up to date\n"


def test_a_changed_source_rebuilds_only_what_depends_on_it(k32, tree):
    assert k32("build").exit_code == 0
    cat = tree / "programs/bin/cat.s"
    cat.write_text(cat.read_text() + "# changed\n")
    assert built_lines(k32("build")) == ["built src/build/bin/cat.kx", "built src/build/disk.img"]
    (tree / "os/mono/kernel.s").write_text((TEST_OS / "bootinfo.s").read_text() + "\n# x\n")
    assert built_lines(k32("build")) == ["built src/build/mono.boot"]
    (tree / "programs/lib/runtime.s").write_text(RUNTIME + "# x\n")   # an include directory
    assert len(built_lines(k32("build"))) == 3
    (tree / "build" / "bin" / "hello.kx").unlink()                       # a missing output
    assert built_lines(k32("build")) == ["built src/build/bin/hello.kx"]
    assert len(built_lines(k32("build", "--force"))) == 4


def test_assembly_errors_are_reported_and_the_rest_is_built(k32, tree):
    (tree / "programs/bin/cat.s").write_text('.include "runtime.s"\nmain:  addi a0, a0\n')
    run = k32("build")
    assert run.exit_code == 1
    assert "src/programs/bin/cat.s:2:8: error:" in run.stderr
    assert "Traceback" not in run.stderr
    assert "built src/build/bin/hello.kx" in run.stdout.decode()
    assert "disk.img" not in run.stdout.decode()
    booted = k32("boot")
    assert booted.exit_code == 1 and "src/programs/bin/cat.s:2:8: error:" in booted.stderr


def test_a_long_program_name_is_cut_to_8_characters_as_dos_did(k32, tree):
    (tree / "programs/bin/usertests.s").write_text(PROGRAM.format(status=0, name="u"))
    run = k32("build")
    assert run.exit_code == 0, run.stderr
    disk = tree / "build/disk.img"
    listing = subprocess.run(["mdir", "-b", "-i", str(disk), "::/BIN"], capture_output=True,
                             text=True, check=True).stdout
    assert "USERTEST" in listing and "USERTESTS" not in listing


def test_program_names_must_be_dos_characters_and_distinct(k32, tree):
    (tree / "programs/bin/a+b.s").write_text(PROGRAM.format(status=0, name="u"))
    (tree / "programs/bin/usertests.s").write_text(PROGRAM.format(status=0, name="u"))
    (tree / "programs/bin/usertest.s").write_text(PROGRAM.format(status=0, name="u"))
    run = k32("build")
    assert run.exit_code == 1
    assert ("src/programs/bin/a+b.s: error: 'a+b' cannot be a program name" in run.stderr)
    assert "/BIN/USERTEST is already" in run.stderr
    assert "built src/build/bin/cat.kx" in run.stdout.decode()


def test_boot_builds_first_and_is_quiet_after(k32, tree):
    run = k32("boot")
    assert run.exit_code == 42
    assert run.stdout.decode().endswith("nmods=0\n")
    assert run.stderr == ("k32: built src/build/mono.boot, src/build/bin/cat.kx, "
                          "src/build/bin/hello.kx, src/build/disk.img\n")
    again = k32("boot", "--snapshot")
    assert (again.exit_code, again.stderr) == (42, "")


def test_missing_sources_are_said_clearly(k32, tree):
    shutil.rmtree(tree / "programs")
    (tree / "os/mono/kernel.s").unlink()
    run = k32("build")
    assert run.exit_code == 0
    assert "k32: note: os/mono/kernel.s does not exist yet: mono.boot is not built" in run.stderr
    assert built_lines(run) == ["built src/build/disk.img"]
    booted = k32("boot")
    assert (booted.exit_code, booted.stderr) == (
        1, "k32: the mono kernel is not written yet: os/mono/kernel.s does not exist\n")
    shutil.copy(TEST_OS / "bootinfo.s", tree / "os/mono/kernel.s")
    booted = k32("boot")
    assert booted.exit_code == 42
    assert "k32: note: programs/bin has no programs yet" in booted.stderr


def test_a_kernel_with_boot_modules(k32, tree):
    """The micro target: servers, then drivers, become boot modules named after their files."""
    micro = tree / "os" / "micro"
    for part in ("kernel", "servers", "drivers"):
        (micro / part).mkdir(parents=True)
    shutil.copy(TEST_OS / "bootinfo.s", micro / "kernel" / "kernel.s")
    for path in ("servers/fs", "servers/pm", "drivers/disk"):
        (micro / f"{path}.s").write_text(f".text\n_start: j _start\n# {path}\n")
    run = k32("boot", "--kernel", "micro")
    assert run.exit_code == 42, run.stderr
    lines = run.stdout.decode("latin-1").splitlines()
    assert lines[0].endswith("nmods=3")
    assert lines[1].startswith("mod fs addr=") and " data=K32X" in lines[1]
    assert lines[2].startswith("mod pm addr=")
    assert lines[3].startswith("mod disk addr=")
    # micro.boot is current; micro-io.boot is the same sources with DIRECT_IO defined
    assert built_lines(k32("build")) == ["built src/build/micro-io.boot", "built src/build/mono.boot"]


# --- k32 mkdisk ---------------------------------------------------------------------------

def mtools(*args):
    return subprocess.run(args, capture_output=True, env={**os.environ, "MTOOLS_SKIP_CHECK": "1"},
                          timeout=60)


@needs_mtools
def test_mkdisk_image_is_fat16_with_programs_and_added_files(k32, tree, tmp_path):
    data = bytes(range(256)) * 300 + b"\r\n\x00end"
    (tmp_path / "blob.bin").write_bytes(data)
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "note.txt").write_text("hello\nworld\n")
    (docs / "sub" / "deep.txt").write_text("deep\n")
    (docs / ".hidden").write_text("skipped")
    run = k32("mkdisk", "-o", "my.img", "--add", "blob.bin", "--add", "docs",
              "--add", "docs/note.txt:/etc/motd", "--add", "blob.bin:/data/")
    assert run.exit_code == 0, run.stderr
    assert (tmp_path / "my.img").stat().st_size == 16 << 20
    fsck = mtools(FSCK, "-n", "my.img")
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    listing = mtools("mdir", "-b", "-i", "my.img", "::/BIN").stdout.decode()
    assert {line.rsplit("/", 1)[-1] for line in listing.split()} == {"CAT", "HELLO"}
    assert mtools("mtype", "-i", "my.img", "::/BLOB.BIN").stdout == data
    assert mtools("mtype", "-i", "my.img", "::/DATA/BLOB.BIN").stdout == data
    assert mtools("mtype", "-i", "my.img", "::/DOCS/NOTE.TXT").stdout == b"hello\nworld\n"
    assert mtools("mtype", "-i", "my.img", "::/DOCS/SUB/DEEP.TXT").stdout == b"deep\n"
    assert mtools("mtype", "-i", "my.img", "::/ETC/MOTD").stdout == b"hello\nworld\n"
    assert mtools("mtype", "-i", "my.img", "::/DOCS/.HIDDEN").returncode != 0
    hello = installed(tree / "build" / "bin" / "hello.kx")
    assert mtools("mtype", "-i", "my.img", "::/BIN/HELLO").stdout == hello
    boot_sector = (tmp_path / "my.img").read_bytes()[:512]
    assert boot_sector[510:] == b"\x55\xaa" and boot_sector[54:62] == b"FAT16   "
    assert struct.unpack_from("<HBHB", boot_sector, 11) == (512, 4, 1, 2)


def installed(path):
    """What /BIN holds for a built program: the .kx without its debug section."""
    exe = kx.read(path.read_bytes())
    assert exe.symbols, "the build keeps the symbols"
    return kx.write(exe, debug=False)


@needs_mtools
def test_default_disk_holds_the_programs_and_the_readme(k32, tree):
    assert k32("build").exit_code == 0
    disk = "src/build/disk.img"
    assert mtools(FSCK, "-n", disk).returncode == 0
    assert (mtools("mtype", "-i", disk, "::/README.TXT").stdout
            == (ROOT / "os" / "README.TXT").read_bytes())
    assert mtools("mtype", "-i", disk, "::/BIN/CAT").stdout == installed(
        tree / "build/bin/cat.kx")


@pytest.mark.parametrize("args, message", [
    (["--add", "averyverylongname.txt"], "k32: mkdisk: 'averyverylongname.txt' is not an 8.3 name"),
    (["--add", "ok.txt:/a.b.c"], "k32: mkdisk: 'a.b.c' is not an 8.3 name"),
    (["--add", "ok.txt:/sp ace"], "k32: mkdisk: 'sp ace' is not an 8.3 name"),
    (["--add", "missing.txt"], "k32: mkdisk: --add missing.txt: No such file or directory"),
    (["--size", "1M"], f"k32: mkdisk: 1M is too small for FAT16 (at least "
                       f"{-(-min_fat16_size() // 1024)}K)"),
    (["--size", "4G"], "k32: mkdisk: 4G is too large for FAT16"),
    (["--size", "3M", "--add", "big.bin"], "k32: mkdisk: the content does not fit in a 3M "
                                           "image (no room for /BIG.BIN)"),
    (["--add", "ok.txt:/BIN/CAT"], "k32: mkdisk: /BIN/CAT is added twice"),
    (["--add", "ok.txt:/X", "--add", "ok.txt:/X/Y"], "k32: mkdisk: /X is both a file and a directory"),
])
def test_mkdisk_errors_leave_no_image(k32, tree, tmp_path, args, message):
    (tmp_path / "averyverylongname.txt").write_text("x")
    (tmp_path / "ok.txt").write_text("x")
    (tmp_path / "big.bin").write_bytes(bytes(3 << 20))
    before = set(os.listdir(tmp_path))
    run = k32("mkdisk", "-o", "out.img", *args)
    assert run.exit_code == 1
    assert run.stderr.splitlines()[-1].startswith(message), run.stderr
    assert "Traceback" not in run.stderr
    assert set(os.listdir(tmp_path)) - before <= {"src"}            # no out.img, no temporary


def test_mkdisk_keeps_an_existing_image_on_failure(k32, tree, tmp_path):
    (tmp_path / "out.img").write_bytes(b"old")
    run = k32("mkdisk", "-o", "out.img", "--size", "1M")
    assert run.exit_code == 1
    assert (tmp_path / "out.img").read_bytes() == b"old"


def test_dos_names():
    assert dos_name("readme.txt") == "README.TXT"
    assert dos_name("A") == "A" and dos_name("12345678.ABC") == "12345678.ABC"
    for bad in ("", ".", "..", "123456789", "a.abcd", "a.", ".a", "a b", "a*b", "a.b.c", "é"):
        assert dos_name(bad) is None, bad
