"""The shared file-system code (os/lib/kstring.s, os/drivers/disk.s,
os/fs/bcache.s, os/fs/fat16.s) on a bare machine, through the command
interpreter tests/os/fs_harness.s, against FAT16 images made and read by
dosfstools (mkfs.fat, fsck.fat) and mtools (mcopy, mmd, mtype, mdir).

Every scenario ends with `fsck.fat -n` finding nothing and both FATs equal.
"""

import os
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import run_k32, skip_without_host_tools

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tests" / "os" / "fs_harness.s"
TOOLS = ("mkfs.fat", "fsck.fat", "mcopy", "mmd", "mtype", "mdir")

MTOOLS_ENV = {**os.environ, "MTOOLS_SKIP_CHECK": "1", "MTOOLS_NO_VFAT": "0"}
MAX_STEPS = 200_000_000


def pattern(n, start=0):
    """The harness's `big`/`check` bytes: (i + 7 * (i >> 8)) & 255."""
    return bytes((i + 7 * (i >> 8)) & 255 for i in range(start, start + n))


def tool(*args, check=True):
    result = subprocess.run([str(a) for a in args], capture_output=True, env=MTOOLS_ENV)
    if check:
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def make_image(path, kib=16384, options=(), files=None, dirs=()):
    """A FAT16 image: mkfs.fat -F 16, then mmd each dir and mcopy each file."""
    tool("mkfs.fat", "-F", "16", "-i", "4B333200", *options, "-C", path, kib)
    for name in dirs:
        tool("mmd", "-i", path, "::" + name)
    for name, data in (files or {}).items():
        source = path.parent / "mcopy.src"
        source.write_bytes(data)
        tool("mcopy", "-i", path, source, "::" + name)
    return path


def mtype(image, name):
    return tool("mtype", "-i", image, "::" + name).stdout


def mread(image, name, tmp_path):
    out = tmp_path / "mcopy.out"
    out.unlink(missing_ok=True)
    tool("mcopy", "-n", "-i", image, "::" + name, out)
    return out.read_bytes()


def mdir_names(image, directory="/"):
    """The short names mdir lists (NAME.EXT), without . and .."""
    out = tool("mdir", "-a", "-i", image, "::" + directory).stdout.decode()
    names = []
    for line in out.splitlines():
        if not line or line.startswith((" ", "Directory")) or line[0] in ".":
            continue
        base, ext = line[:8].strip(), line[9:12].strip()
        if base:
            names.append(f"{base}.{ext}" if ext else base)
    return names


def fats(image):
    data = image.read_bytes()
    reserved, = struct.unpack_from("<H", data, 14)
    nfats = data[16]
    size, = struct.unpack_from("<H", data, 22)
    return [data[(reserved + i * size) * 512:(reserved + (i + 1) * size) * 512]
            for i in range(nfats)]


def root_entries(image):
    data = image.read_bytes()
    reserved, = struct.unpack_from("<H", data, 14)
    nfats = data[16]
    entries, = struct.unpack_from("<H", data, 17)
    size, = struct.unpack_from("<H", data, 22)
    start = (reserved + nfats * size) * 512
    return [data[start + 32 * i:start + 32 * i + 32] for i in range(entries)]


def assert_consistent(image):
    """fsck.fat finds nothing to fix, and every FAT copy is the same."""
    result = tool("fsck.fat", "-n", image, check=False)
    report = result.stdout.decode()
    assert result.returncode == 0, report
    assert len(report.strip().splitlines()) == 2, report       # version line, summary
    first, *others = fats(image)
    for other in others:
        assert other == first, "the FAT copies differ"


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    skip_without_host_tools(*TOOLS)
    kx = tmp_path_factory.mktemp("harness") / "fs_harness.kx"
    done = run_k32("asm", HARNESS, "-I", ROOT / "os" / "mono", "-I", ROOT / "os",
                   "-I", ROOT / "os" / "include",
                   "-o", kx)
    assert done.exit_code == 0, done.stderr
    return kx


class Session:
    """One harness run: `results[i]` is the output of the i-th command
    (without its echo), `last(i)` its "= ..." line."""

    def __init__(self, run, commands):
        self.exit_code = run.exit_code
        self.text = run.stdout.decode("latin-1")
        self.stderr = run.stderr
        body, _, self.tail = self.text.rpartition("sync = ")
        head, *blocks = body.split("$ ")
        self.head = head
        self.results = []
        for block, command in zip(blocks, commands):
            echo, _, rest = block.partition("\n")
            assert echo == command, (echo, command)
            self.results.append(rest)
        assert len(self.results) == len(commands), self.text

    def result(self, i):
        """The "= ..." part of command i's output."""
        lines = self.results[i].rstrip("\n").split("\n")
        for line in reversed(lines):
            if line.startswith("= "):
                return line[2:]
        raise AssertionError(self.results[i])

    def body(self, i):
        """What command i printed before its "= ..." line."""
        text = self.results[i]
        cut = text.rfind("= ")
        return text[:cut]


def run(harness, image, *commands, tmp_path=None):
    script = (tmp_path or image.parent) / "commands.txt"
    script.write_text("".join(c + "\n" for c in commands))
    done = run_k32("run", harness, "--disk", image, "--input-file", script,
                   "--max-steps", MAX_STEPS)
    session = Session(done, commands)
    assert session.exit_code == 0, (session.text, session.stderr)
    assert session.head == "init = 0\n", session.text
    assert session.text.endswith("sync = 0\n"), session.text
    return session


# ---------------------------------------------------------------------------


def test_reads_files_made_by_mtools(harness, tmp_path):
    big = pattern(100_000)
    image = make_image(tmp_path / "read.img", options=("-n", "K32VOL"),
                       dirs=["SUB"],
                       files={"HELLO.TXT": b"hello world\n", "BIG.BIN": big,
                              "SUB/Inner.txt": b"inner text\n",
                              "A long file name.txt": b"long name\n", "NOEXT": b"x"})
    s = run(harness, image,
            "cat hello.txt",                    # 0
            "cat SUB/INNER.TXT",                # 1
            "cat /sub/./../Sub//inner.txt",     # 2
            "check big.bin 100000 700",         # 3
            "check BIG.BIN 100000 65536",       # 4
            "check big.bin 100000 4096 1",      # 5
            "read big.bin 99990 100",           # 6
            "read big.bin 100000 10",           # 7
            "ls /",                             # 8
            "ls sub",                           # 9
            "stat sub",                         # 10
            "cat alongf~1.txt",                 # 11
            "cat noext",                        # 12
            "read big.bin 2047 2",              # 13: across a cluster boundary
            "cd sub",                           # 14
            "cat inner.txt",                    # 15
            "cat ../hello.txt",                 # 16
            "ls ..",                            # 17
            "stat .")                           # 18
    assert s.results[0] == "hello world\n\n= 12\n"
    assert s.results[1] == s.results[2] == "inner text\n\n= 11\n"
    for i in (3, 4, 5):
        assert s.result(i).startswith("100000 ok"), s.results[i]
    assert s.results[6].encode("latin-1") == big[99990:] + b"\n= 10\n"
    assert s.results[7] == "\n= 0\n"
    listing = "SUB 0 D\nHELLO.TXT 12 F\nBIG.BIN 100000 F\nALONGF~1.TXT 10 F\nNOEXT 1 F\n= 0\n"
    assert s.results[8] == listing                 # no volume label, no long-name parts
    assert s.results[9] == "INNER.TXT 11 F\n= 0\n"  # no . and ..
    assert s.body(10).startswith("size 0 attr 16 cl ")
    assert s.results[11] == "long name\n\n= 10\n"
    assert s.results[12] == "x\n= 1\n"
    assert s.results[13].encode("latin-1") == big[2047:2049] + b"\n= 2\n"
    assert s.results[15] == "inner text\n\n= 11\n"
    assert s.results[16] == "hello world\n\n= 12\n"
    assert s.results[17] == listing
    assert s.body(18) == s.body(10)                # "." of SUB: its entry in the root
    assert_consistent(image)


def test_guest_changes_are_seen_by_mtools(harness, tmp_path):
    image = make_image(tmp_path / "write.img",
                       dirs=["OLD"],
                       files={"HELLO.TXT": b"hello world\n", "BIG.BIN": pattern(50_000),
                              "OLD/GONE.TXT": b"to be removed\n"})
    s = run(harness, image,
            "write new.txt Hello from K32",      # 0
            "append new.txt , appended",        # 1
            "writeat gap.txt 5000 after gap",   # 2: zero-filled gap
            "mkdir dir1",                       # 3
            "mkdir dir1/deeper",                # 4
            "write dir1/deeper/f.txt deep file",  # 5
            "create empty.txt",                 # 6
            "trunc big.bin",                    # 7
            "rm hello.txt",                     # 8
            "rm old/gone.txt",                  # 9
            "rmdir old",                        # 10
            "writeat new.txt 6 FROM",           # 11: overwrite inside
            "write Mixed.Txt case",             # 12
            "cat MIXED.TXT",                    # 13
            "ls /",                             # 14
            "stat dir1/deeper/..")              # 15
    for i, expected in enumerate(["14", "10", "9", "0", "0", "9", "0", "0", "0", "0", "0",
                                  "4", "4"]):
        assert s.result(i) == expected, (i, s.results[i])
    assert s.results[13] == "case\n= 4\n"
    # MIXED.TXT took the first free slot, OLD's
    assert s.results[14] == ("MIXED.TXT 4 F\nBIG.BIN 0 F\nNEW.TXT 24 F\nGAP.TXT 5009 F\n"
                             "DIR1 0 D\nEMPTY.TXT 0 F\n= 0\n")
    assert s.body(15).startswith("size 0 attr 16 ")   # ".." of a subdirectory: DIR1's node
    assert mtype(image, "NEW.TXT") == b"Hello FROM K32, appended"
    assert mtype(image, "GAP.TXT") == bytes(5000) + b"after gap"
    assert mtype(image, "DIR1/DEEPER/F.TXT") == b"deep file"
    assert mtype(image, "EMPTY.TXT") == b""
    assert mtype(image, "BIG.BIN") == b""
    assert mtype(image, "MIXED.TXT") == b"case"
    assert sorted(mdir_names(image)) == sorted(
        ["NEW.TXT", "GAP.TXT", "DIR1", "EMPTY.TXT", "BIG.BIN", "MIXED.TXT"])
    assert mdir_names(image, "/DIR1") == ["DEEPER"]
    assert mdir_names(image, "/DIR1/DEEPER") == ["F.TXT"]
    assert_consistent(image)
    # a second run sees what the first one left
    s = run(harness, image, "cat new.txt", "ls dir1/deeper", "rm dir1/deeper/f.txt",
            "rmdir dir1/deeper", "rmdir dir1", "ls /")
    assert s.results[0] == "Hello FROM K32, appended\n= 24\n"
    assert s.results[1] == "F.TXT 9 F\n= 0\n"
    assert [s.result(i) for i in (2, 3, 4)] == ["0", "0", "0"]
    assert "DIR1" not in s.results[5]
    assert "DIR1" not in mdir_names(image)
    assert_consistent(image)


def test_one_mib_file(harness, tmp_path):
    image = make_image(tmp_path / "mib.img")
    mib = 1 << 20
    s = run(harness, image,
            f"big one.bin {mib}",               # 0: 4 KiB writes
            f"check one.bin {mib} {mib}",       # 1: one read
            f"check one.bin {mib} 4096",        # 2
            f"check one.bin {mib} 512 3",       # 3: unaligned destination
            f"big two.bin {mib} 1000 1",        # 4: unaligned source, odd sizes
            f"check two.bin {mib} 777",         # 5
            "writeat one.bin 1048570 TAILEND",  # 6: grows it by one byte
            "read one.bin 1048574 10",          # 7
            "trunc two.bin",                    # 8: its last sectors stay cached
            "writeat two.bin 600000 X",         # 9: zeros over them, in the cache or not
            "big three.bin 500000 8192",        # 10: into clusters two.bin had
            "check three.bin 500000 65536")     # 11
    assert s.result(0).startswith(f"{mib} insns=")
    for i in (1, 2, 3, 5):
        assert s.result(i).startswith(f"{mib} ok"), s.results[i]
    assert s.result(4).startswith(f"{mib} insns=")
    insns = int(s.result(1).split("insns=")[1])
    # Whole sectors go from the disk straight into the destination: well under
    # one instruction per byte (about 0.15 measured).
    assert insns < 400_000, insns
    assert s.result(6) == "7"
    assert s.results[7] == "END\n= 3\n"
    assert mread(image, "ONE.BIN", tmp_path) == pattern(mib)[:1048570] + b"TAILEND"
    assert s.result(9) == "1"
    assert s.result(11).startswith("500000 ok")
    assert mread(image, "TWO.BIN", tmp_path) == bytes(600_000) + b"X"
    assert mread(image, "THREE.BIN", tmp_path) == pattern(500_000)
    assert_consistent(image)


def test_full_disk_full_root_and_growing_directories(harness, tmp_path):
    # 512-byte clusters, about 4350 of them, and 16 root entries
    image = make_image(tmp_path / "small.img", kib=2200, options=("-s", "1", "-r", "16"))
    report = tool("fsck.fat", "-n", image).stdout.decode()
    clusters = int(report.split("/")[-1].split()[0])
    s = run(harness, image,
            "mkdir d",                          # 0: one cluster
            "big f.bin 3000000",                # 1: the rest of the disk, then ENOSPC
            "create d/x.txt",                   # 2: a free slot needs no cluster
            "write d/x.txt hi",                 # 3: but data does
            "mkdir d/sub",                      # 4
            "rm f.bin",                         # 5
            "write d/x.txt hi",                 # 6
            *[f"create r{i}" for i in range(16)],   # 7..22: 15 fit beside D
            *[f"write d/f{i}.txt file {i}" for i in range(40)],  # 23..62: D grows
            "ls d",                             # 63
            "big d/g.bin 100000 4096 2")        # 64
    assert s.result(0) == "0"
    assert s.result(1).startswith(f"{(clusters - 1) * 512} -ENOSPC"), s.results[1]
    assert s.result(2) == "0"
    assert s.result(3) == "-ENOSPC"
    assert s.result(4) == "-ENOSPC"
    assert s.result(5) == "0"
    assert s.result(6) == "2"
    assert [s.result(7 + i) for i in range(16)] == ["0"] * 15 + ["-ENOSPC"]
    for i in range(40):
        assert s.result(23 + i) == str(len(f"file {i}"))
    listing = s.body(63).splitlines()
    assert listing == ["X.TXT 2 F"] + [f"F{i}.TXT {len(f'file {i}')} F" for i in range(40)]
    assert s.result(64).startswith("100000 ")
    assert mtype(image, "D/F39.TXT") == b"file 39"
    assert mtype(image, "D/X.TXT") == b"hi"
    assert len(mdir_names(image, "/D")) == 42
    assert mread(image, "D/G.BIN", tmp_path) == pattern(100_000)
    assert_consistent(image)


def test_errors_and_bad_names(harness, tmp_path):
    image = make_image(tmp_path / "err.img", dirs=["FULL"],
                       files={"HELLO.TXT": b"hello\n", "FULL/IN.TXT": b"in\n"})
    cases = [
        ("create a+b.txt", "-EINVAL"),
        ("create toolongname.txt", "-EINVAL"),
        ("create .hidden", "-EINVAL"),
        ("create a.b.c", "-EINVAL"),
        ("create abc.", "-EINVAL"),
        ("create abc.long", "-EINVAL"),
        ("create ninechars", "-EINVAL"),
        ("create a*b", "-EINVAL"),
        ("mkdir bad?dir", "-EINVAL"),
        ("mkdir waytoolongdirname", "-EINVAL"),
        ("cat toolongname.txt", "-ENAMETOOLONG"),
        ("cat toolongdirname/x", "-ENAMETOOLONG"),
        ("cat a+b.txt", "-ENOENT"),
        ("cat missing.txt", "-ENOENT"),
        ("cat hello.txt/x", "-ENOTDIR"),
        ("create hello.txt/x", "-ENOTDIR"),
        ("create nodir/x.txt", "-ENOENT"),
        ("create hello.txt", "-EEXIST"),
        ("create FULL", "-EEXIST"),
        ("mkdir full", "-EEXIST"),
        ("mkdir /", "-EEXIST"),
        ("rmdir full", "-ENOTEMPTY"),
        ("rmdir hello.txt", "-ENOTDIR"),
        ("rmdir /", "-EBUSY"),
        ("rmdir .", "-EBUSY"),
        ("rmdir missing", "-ENOENT"),
        ("rm full", "-EISDIR"),
        ("rm missing", "-ENOENT"),
        ("rm /", "-EISDIR"),
        ("cd hello.txt", "-ENOTDIR"),
        ("ls hello.txt", "-ENOTDIR"),
        ("cat full", "-EISDIR"),
        ("write full text", "-EISDIR"),
        ("trunc full", "-EISDIR"),
        ("create ok_name.t~x", "0"),
        ("create n{1}", "0"),
        ("ls /", "0"),
    ]
    s = run(harness, image, *[c for c, _ in cases])
    for i, (command, expected) in enumerate(cases):
        assert s.result(i) == expected, (command, s.results[i])
    assert s.body(len(cases) - 1) == ("FULL 0 D\nHELLO.TXT 6 F\nOK_NAME.T~X 0 F\n"
                                      "N{1} 0 F\n")
    assert_consistent(image)


@pytest.mark.parametrize("kind", ["fat12", "fat32", "zeros", "sector1024"])
def test_volumes_that_are_not_fat16_are_refused(harness, tmp_path, kind):
    image = tmp_path / f"{kind}.img"
    if kind == "fat12":
        tool("mkfs.fat", "-F", "12", "-C", image, 1024)
    elif kind == "fat32":
        tool("mkfs.fat", "-F", "32", "-C", image, 34000)
    elif kind == "zeros":
        image.write_bytes(bytes(512 * 64))
    else:
        make_image(image, kib=4096, options=("-s", "1"))
        data = bytearray(image.read_bytes())
        struct.pack_into("<H", data, 11, 1024)
        image.write_bytes(data)
    done = run_k32("run", harness, "--disk", image, "--input", "ls /\\n", "--max-steps", MAX_STEPS)
    assert done.exit_code == 2
    assert done.stdout == b"init = -EINVAL\n"


def test_long_name_entries_go_with_their_file(harness, tmp_path):
    image = make_image(tmp_path / "lfn.img", files={"A long file name.txt": b"long\n",
                                                   "Another Long Name.TXT": b"other\n"})
    tool("mmd", "-i", image, "::Long Directory Name")
    s = run(harness, image, "ls /", "rm alongf~1.txt", "rmdir LONGDI~1", "ls /",
            "create new.txt")
    assert s.results[0] == ("ALONGF~1.TXT 5 F\nANOTHE~1.TXT 6 F\nLONGDI~1 0 D\n= 0\n")
    assert s.results[3] == "ANOTHE~1.TXT 6 F\n= 0\n"
    live = [e for e in root_entries(image) if e[0] not in (0, 0xE5)]
    # the new entry takes the first free slot: the deleted file's
    assert [e[:11] for e in live if e[11] != 0x0F] == [b"NEW     TXT", b"ANOTHE~1TXT"]
    assert len([e for e in live if e[11] == 0x0F]) == 2    # only "Another Long Name.TXT"'s
    out = tool("mdir", "-i", image, "::").stdout.decode()
    assert "A long file name" not in out and "Long Directory Name" not in out
    assert "Another Long Name.TXT" in out
    assert_consistent(image)


def test_data_survives_sync_remount_and_cache_eviction(harness, tmp_path):
    # 90 files with their directory and FAT sectors: more than the 64 buffers
    image = make_image(tmp_path / "evict.img")
    names = [f"d{i // 30}/f{i}.txt" for i in range(90)]
    s = run(harness, image, "mkdir d0", "mkdir d1", "mkdir d2",
            *[f"write {n} content of {n}" for n in names],
            "sync", "init",
            *[f"cat {n}" for n in names[::7]])
    first = 3 + len(names)
    assert s.result(first) == "0" and s.result(first + 1) == "0"
    for k, n in enumerate(names[::7]):
        assert s.results[first + 2 + k] == f"content of {n}\n= {len(n) + 11}\n"
    for n in names:
        assert mtype(image, n.upper()) == f"content of {n}".encode()
    assert_consistent(image)


KSTRING_TEST = r"""
# memcpy and memset over every alignment of source and destination and
# lengths 0..70, with guard bytes around; then the string functions.
        .include "k32.inc"
        .include "{kstring}"

.macro EXPECT cond, reg, value, code
        li      t2, \value
        \cond   \reg, t2, 1f
        li      a0, \code
        out     a0, DEBUG_EXIT(zero)
1:
.endm

        .text
        .globl  _start
_start:
        la      t0, src                 # src[i] = i * 13 + 1
        li      t1, 0
1:      li      t2, 13
        mul     t2, t1, t2
        addi    t2, t2, 1
        add     a0, t0, t1
        sb      t2, 0(a0)
        addi    t1, t1, 1
        li      t2, 256
        bne     t1, t2, 1b
        li      s0, 0                   # s0: case = ((op * 4 + so) * 4 + do) * 71 + n
2:      la      t0, dst                 # guards everywhere
        li      t1, 0xEE
        li      t2, 256
3:      sb      t1, 0(t0)
        addi    t0, t0, 1
        addi    t2, t2, -1
        bnez    t2, 3b
        li      t0, 71
        remu    s1, s0, t0              # n
        divu    a5, s0, t0
        andi    a4, a5, 3               # do
        srli    a5, a5, 2
        andi    a3, a5, 3               # so
        srli    a5, a5, 2               # op
        la      a0, dst + 8
        add     a0, a0, a4
        sw      a0, dptr, t0
        la      a1, src
        add     a1, a1, a3
        sw      a1, sptr, t0
        mv      a2, s1
        bnez    a5, 4f
        call    memcpy
        j       5f
4:      addi    a1, s1, 0x101           # the byte n + 1, with junk above it
        call    memset
5:      lw      t0, dptr
        beq     a0, t0, 6f
        li      a0, 1                   # wrong result
        j       fail
6:      la      t0, dst                 # t0: byte examined, t1: index
        li      t1, 0
7:      lw      a0, dptr
        la      a1, dst
        sub     a0, a0, a1              # a0: start index
        add     a1, a0, s1              # a1: end index
        li      a2, 0xEE
        bltu    t1, a0, 8f
        bgeu    t1, a1, 8f
        addi    a2, s1, 1               # memset byte
        andi    a2, a2, 255
        li      a3, 71 * 16
        bltu    s0, a3, 75f
        j       8f
75:     lw      a3, sptr                # memcpy byte
        sub     a4, t1, a0
        add     a3, a3, a4
        lbu     a2, 0(a3)
8:      add     a3, t0, t1
        lbu     a3, 0(a3)
        beq     a2, a3, 9f
        li      a0, 2                   # wrong byte
        j       fail
9:      addi    t1, t1, 1
        li      a3, 256
        bne     t1, a3, 7b
        addi    s0, s0, 1
        li      t0, 2 * 4 * 4 * 71
        bne     s0, t0, 2b

        la      a0, s_hello
        call    strlen
        EXPECT  beq, a0, 5, 10
        la      a0, s_empty
        call    strlen
        EXPECT  beq, a0, 0, 11
        la      a0, s_abc
        la      a1, s_abd
        call    strcmp
        EXPECT  blt, a0, 0, 12
        la      a0, s_abd
        la      a1, s_abc
        call    strcmp
        EXPECT  bgt, a0, 0, 13
        la      a0, s_abc
        la      a1, s_abc2
        call    strcmp
        EXPECT  beq, a0, 0, 14
        la      a0, s_ab
        la      a1, s_abc
        call    strcmp
        EXPECT  blt, a0, 0, 15
        la      a0, s_high
        la      a1, s_abc
        call    strcmp
        EXPECT  bgt, a0, 0, 16              # unsigned chars
        la      a0, s_abc
        la      a1, s_abd
        li      a2, 2
        call    strncmp
        EXPECT  beq, a0, 0, 17
        la      a0, s_abc
        la      a1, s_abd
        li      a2, 3
        call    strncmp
        EXPECT  blt, a0, 0, 18
        la      a0, s_abc
        la      a1, s_abc2
        li      a2, 100
        call    strncmp
        EXPECT  beq, a0, 0, 19
        la      a0, s_abc
        la      a1, s_abd
        li      a2, 0
        call    strncmp
        EXPECT  beq, a0, 0, 20
        la      a0, s_abc
        la      a1, s_abd
        li      a2, 3
        call    memcmp
        EXPECT  blt, a0, 0, 21
        la      a0, s_high
        la      a1, s_abc
        li      a2, 1
        call    memcmp
        EXPECT  bgt, a0, 0, 22
        la      a0, s_abc
        la      a1, s_abc2
        li      a2, 4
        call    memcmp
        EXPECT  beq, a0, 0, 23
        la      a0, dst + 1
        la      a1, s_hello
        call    strcpy
        la      t0, dst + 1
        sub     a0, a0, t0
        EXPECT  beq, a0, 0, 24
        la      a0, dst + 1
        la      a1, s_hello
        call    strcmp
        EXPECT  beq, a0, 0, 25
        out     zero, DEBUG_EXIT(zero)
fail:   out     s0, UART_DATA(zero)     # the case, low byte, for the curious
        out     a0, DEBUG_EXIT(zero)

        .data
s_hello:        .asciz  "hello"
s_empty:        .asciz  ""
s_abc:          .asciz  "abc"
s_abc2:         .asciz  "abc"
s_abd:          .asciz  "abd"
s_ab:           .asciz  "ab"
s_high:         .asciz  "\xff"
        .bss
        .balign 16
src:    .space  256
dst:    .space  256
dptr:   .space  4
sptr:   .space  4
"""


def test_kstring(tmp_path):
    source = tmp_path / "kstring_test.s"
    source.write_text(KSTRING_TEST.replace("{kstring}", str(ROOT / "os" / "lib" / "kstring.s")))
    done = run_k32("run", source, "--max-steps", 50_000_000)
    assert done.exit_code == 0, (done.exit_code, done.stdout, done.stderr)


def test_stamps_new_and_written_entries_with_the_clock(harness, tmp_path):
    """fat16.s stamps what it creates (creation, access and write date and
    time) and what it writes (write date and time) with clock_now(); with
    no clock, FS_DATE (2026-01-01) 00:00.  mdir reads the stamps back."""
    image = make_image(tmp_path / "stamp.img", files={"OLD.TXT": b"old\n"})
    t0 = 1796558405                         # 2026-12-06 12:00:05 UTC
    s = run(harness, image,
            "write NOCLOCK.TXT x",              # 0: no clock yet
            "clock %d" % t0,                    # 1
            "write NEW.TXT hello",              # 2
            "mkdir DIR",                        # 3
            "clock %d" % (t0 + 3725),           # 4: 13:02:10
            "append OLD.TXT more",              # 5
            "mtime NEW.TXT",                    # 6
            "mtime OLD.TXT",                    # 7
            "mtime NOCLOCK.TXT",                # 8
            "mtime /")                          # 9
    stamp = lambda y, mo, d, h, mi, sec: ((y - 1980) << 9 | mo << 5 | d) << 16 | h << 11 | mi << 5 | sec // 2
    assert s.result(6) == str(stamp(2026, 12, 6, 12, 0, 4))
    assert s.result(7) == str(stamp(2026, 12, 6, 13, 2, 10))
    assert s.result(8) == str(stamp(2026, 1, 1, 0, 0, 0))
    assert s.result(9) == "0"                   # the root has no entry
    assert_consistent(image)
    listing = tool("mdir", "-i", image, "::").stdout.decode()
    lines = {line.split()[0]: line for line in listing.splitlines() if line[:1].isalpha()}
    assert "2026-12-06  12:00" in lines["NEW"], listing
    assert "2026-12-06  12:00" in lines["DIR"], listing
    assert "2026-12-06  13:02" in lines["OLD"], listing
    assert "2026-01-01   0:00" in lines["NOCLOCK"], listing
    # the creation stamp of NEW.TXT, and its seconds, from the entry itself
    entry, = [e for e in root_entries(image) if e[:11] == b"NEW     TXT"]
    ctime, cdate, adate, _, wtime, wdate = struct.unpack_from("<HHHHHH", entry, 14)
    assert cdate == adate == wdate == stamp(2026, 12, 6, 0, 0, 0) >> 16
    assert ctime == wtime == stamp(2026, 12, 6, 12, 0, 4) & 0xFFFF
