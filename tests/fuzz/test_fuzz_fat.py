"""Fuzzing the FAT16 code both kernels share (os/fs/fat16.s, os/fs/bcache.s)
with corrupt volumes: a bad boot sector, FAT entries that loop, point
outside the volume or differ between the copies, directory entries with
bad names, first clusters 0/1/past the end, sizes larger than the chain,
directories whose chains loop with no end marker.

The standard: the file system answers with errors (or refuses to mount),
never hangs, never traps, never writes outside the volume's own areas.
Most inputs run on the bare-machine harness tests/os/fs_harness.s (a few
milliseconds each); a sample boots both kernels from a corrupt disk and
checks that nothing panics, hangs or dies.

A corrupt volume is made from a good one (vm/tools/build.py make_fat16) by
patching bytes where the boot sector (the BPB) says the FATs, the root and
the clusters are.  The long campaign behind the figures in docs/fuzzing.md
is this file's `campaign` with a larger count (see its docstring).
"""

import random
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import run_k32
from vm.tools.build import make_fat16, min_fat16_size

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tests" / "os" / "fs_harness.s"
STEPS = 40_000_000              # a harness session of 8 commands needs well under 5M
EXIT_UNMOUNTED = 2              # the harness's status when fs_init refuses the volume
SECTOR = 512

DIRS = ["/D", "/D/E"]
FILES = {"/A.TXT": b"hello\n", "/BIG.BIN": bytes(range(256)) * 40, "/D/F.TXT": b"in d\n",
         **{f"/D/E/G{i}.TXT": b"x" * (100 * i) for i in range(40)}}


@dataclass
class Volume:
    """A FAT16 image in memory and where its parts are (from its BPB)."""

    data: bytearray

    def __post_init__(self):
        (_, self.spc, self.reserved, self.nfats, roots, small, _,
         self.fatsz) = struct.unpack_from("<HBHBHHBH", self.data, 11)
        total = small or struct.unpack_from("<I", self.data, 32)[0]
        self.root = self.reserved + self.nfats * self.fatsz
        self.first_data = self.root + roots * 32 // SECTOR
        self.maxcl = (total - self.first_data) // self.spc + 1

    def copy(self):
        return Volume(bytearray(self.data))

    def fat(self, cluster, copy=0):
        """The byte offset of a cluster's FAT entry in a FAT copy."""
        return (self.reserved + copy * self.fatsz) * SECTOR + 2 * cluster

    def get_fat(self, cluster):
        return struct.unpack_from("<H", self.data, self.fat(cluster))[0]

    def set_fat(self, cluster, value, copies=None):
        for copy in range(self.nfats) if copies is None else copies:
            struct.pack_into("<H", self.data, self.fat(cluster, copy), value)

    def chain(self, cluster):
        clusters = []
        while 2 <= cluster <= self.maxcl and cluster not in clusters:
            clusters.append(cluster)
            cluster = self.get_fat(cluster)
        return clusters

    def sectors(self, cluster):
        """The sectors of a directory (0: the root)."""
        if cluster == 0:
            return range(self.root, self.first_data)
        return [self.first_data + (c - 2) * self.spc + i
                for c in self.chain(cluster) for i in range(self.spc)]

    def entries(self, cluster):
        """Byte offsets of every 32-byte slot of a directory."""
        return [s * SECTOR + 32 * i for s in self.sectors(cluster) for i in range(16)]

    def live(self, cluster):
        """Offsets of the directory's live short entries, "." and ".." too."""
        return [o for o in self.entries(cluster)
                if self.data[o] not in (0, 0xE5) and self.data[o + 11] != 0x0F]

    def entry(self, path):
        """The offset of the directory entry of an absolute 8.3 path."""
        cluster, offset = 0, None
        for part in path.strip("/").split("/"):
            base, _, ext = part.partition(".")
            key = (base.ljust(8) + ext.ljust(3)).encode()
            offset = next(o for o in self.live(cluster) if self.data[o:o + 11] == key)
            cluster = self.first_cluster(offset)
        return offset

    def first_cluster(self, offset):
        return struct.unpack_from("<H", self.data, offset + 26)[0]

    def set_first_cluster(self, offset, cluster):
        struct.pack_into("<H", self.data, offset + 26, cluster)

    def set_size(self, offset, size):
        struct.pack_into("<I", self.data, offset + 28, size)

    def loop_directory(self, cluster):
        """Fill every free slot of a subdirectory with a live entry and make
        its chain's last cluster point back to its first: no end marker,
        no end of chain."""
        for n, o in enumerate(self.entries(cluster)):
            if self.data[o] in (0, 0xE5):
                self.data[o:o + 32] = b"Z%07dTXT" % n + b"\x20" + bytes(20)
        self.set_fat(self.chain(cluster)[-1], cluster)

    def metadata(self):
        """Everything before the data area: boot sector, FATs, root."""
        return bytes(self.data[:self.first_data * SECTOR])


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    kx = tmp_path_factory.mktemp("fatfuzz") / "fs_harness.kx"
    done = run_k32("asm", HARNESS, "-I", ROOT / "os" / "mono", "-I", ROOT / "os",
                   "-I", ROOT / "os" / "include",
                   "-o", kx)
    assert done.exit_code == 0, done.stderr
    return kx


@pytest.fixture(scope="module")
def volume(tmp_path_factory):
    """The good volume every corrupt one starts from: the smallest FAT16
    (512-byte clusters, so directories span several clusters)."""
    path = tmp_path_factory.mktemp("fatfuzz") / "base.img"
    make_fat16(path, min_fat16_size(), DIRS, FILES)
    return Volume(bytearray(path.read_bytes()))


@dataclass
class Session:
    status: int
    text: str
    stderr: str
    after: bytes            # the image after the run

    def result(self, command):
        """The "= ..." line that ends `command`'s output."""
        part = self.text.split(f"$ {command}\n", 1)[1].split("$ ", 1)[0].split("sync = ")[0]
        return re.findall(r"= (-?\w+)$", part, re.M)[-1]      # after a file's bytes


def run_harness(harness, path, image, commands, steps=STEPS):
    """The harness on `image` (bytes) with `commands`, the image written in place."""
    Path(path).write_bytes(bytes(image))
    run = run_k32("run", harness, "--disk", path, "--input", "\\n".join(commands) + "\\n",
                  "--max-steps", steps)
    return Session(run.exit_code, run.stdout.decode("latin-1"), run.stderr,
                   Path(path).read_bytes())


def assert_survived(session, image, what):
    """Mounted and answered every command, or refused to mount; the boot
    sector (and with a good BPB nothing before the FATs) is never written."""
    assert session.status in (0, EXIT_UNMOUNTED), (what, session.stderr, session.text[-800:])
    if session.status == 0:
        assert "sync = " in session.text, (what, session.text[-800:])
    reserved = struct.unpack_from("<H", image, 14)[0] or 1
    head = SECTOR * min(reserved, 64)
    assert session.after[:head] == bytes(image[:head]), (what, "the reserved sectors changed")


# --- the bugs found, each pinned --------------------------------------------------

def test_regression_fat_cyclic_dir_chain_hangs_lookup(harness, volume, tmp_path):
    """A directory whose chain loops and holds no end marker: fs_scan
    followed the chain forever, so a lookup in it never returned (in a
    kernel: a system call that never ends).  Now fs_step finds the loop."""
    bad = volume.copy()
    bad.loop_directory(bad.first_cluster(bad.entry("/D/E")))
    run = run_harness(harness, tmp_path / "d.img", bad.data,
                      ["cat /D/E/NOPE.TXT", "write /D/E/NEW.TXT x", "rmdir /D/E", "cat /A.TXT"])
    assert_survived(run, bad.data, "cyclic directory")
    assert run.result("cat /D/E/NOPE.TXT") == "-EIO"
    assert run.result("write /D/E/NEW.TXT x") == "-EIO"
    assert run.result("cat /A.TXT") == "6"


def test_regression_fat_cyclic_dir_chain_lists_forever(harness, volume, tmp_path):
    """The same directory listed: fs_dirlba walked to any index through the
    loop, so a listing never ended.  Now it ends with -EIO."""
    bad = volume.copy()
    bad.loop_directory(bad.first_cluster(bad.entry("/D/E")))
    run = run_harness(harness, tmp_path / "d.img", bad.data, ["ls /D/E", "ls /D"])
    assert_survived(run, bad.data, "cyclic directory listed")
    assert run.result("ls /D/E") == "-EIO"
    assert run.result("ls /D") == "0"


def test_regression_fat_cyclic_file_chain_reads_forever(harness, volume, tmp_path):
    """A file whose chain loops and whose size says 4 GiB: read went round
    the loop for ever (61 MB of output within the step budget).  Now -EIO."""
    bad = volume.copy()
    entry = bad.entry("/BIG.BIN")
    first = bad.first_cluster(entry)
    bad.set_fat(bad.chain(first)[-1], first)
    bad.set_size(entry, 0xFFFFFFFF)
    run = run_harness(harness, tmp_path / "f.img", bad.data, ["cat /BIG.BIN", "cat /A.TXT"])
    assert_survived(run, bad.data, "cyclic file")
    assert run.result("cat /BIG.BIN") == "-EIO"
    assert len(run.text) < 100_000


@pytest.mark.parametrize("cluster", [1, "past the end"])
def test_regression_fat_entry_first_cluster_outside_data_area_is_written(harness, volume,
                                                                          tmp_path, cluster):
    """A file whose entry names cluster 1 (whose sectors would be the root's
    last ones) or one past the last: writes used it unchecked -- "XYZ"
    landed in the root directory, and FAT entries past the first FAT were
    written (in whatever sector follows it: the second FAT, the root, data).  Now every cluster from the disk is checked: -EIO, nothing
    before the data area changes but the file's own entry."""
    bad = volume.copy()
    entry = bad.entry("/BIG.BIN")
    bad.set_first_cluster(entry, 1 if cluster == 1 else 0xFFF0)
    commands = ["writeat /BIG.BIN 0 XYZ", "writeat /BIG.BIN 5000 XYZ", "cat /BIG.BIN", "ls /"]
    run = run_harness(harness, tmp_path / "c.img", bad.data, commands)
    assert_survived(run, bad.data, f"first cluster {cluster}")
    for command in commands[:3]:
        assert run.result(command) == "-EIO", command
    assert "A.TXT 6 F" in run.text
    after = Volume(bytearray(run.after))
    after.data[entry:entry + 32] = bad.data[entry:entry + 32]        # its date may change
    assert after.metadata() == bad.metadata()


# --- the fuzzer -------------------------------------------------------------------

COMMANDS = ["ls /", "ls /D", "ls /D/E", "ls /D/E/..", "cat /A.TXT", "cat /BIG.BIN",
            "cat /D/F.TXT", "cat /D/E/G5.TXT", "stat /D/E", "stat /D/..",
            "write /D/NEW.TXT hello", "append /A.TXT more", "writeat /BIG.BIN 9000 xyz",
            "mkdir /D/E/SUB", "rm /D/E/G3.TXT", "rm /BIG.BIN", "rmdir /D/E", "cd /D/E", "cd ..",
            "ls .", "big /D/B.BIN 20000 3000", "check /D/B.BIN 20000 3000", "trunc /BIG.BIN",
            "write /Z.TXT a", "cat /D/E/Z0000001.TXT", "read /BIG.BIN 100000000 10"]

# Boot-sector fields (offset, struct code) and values worth trying
BPB = [(11, "<H", [0, 1, 256, 1024, 0xFFFF]), (13, "<B", [0, 3, 64, 128, 255]),
       (14, "<H", [0, 2, 4000, 0xFFFF]), (16, "<B", [0, 3, 255]),
       (17, "<H", [0, 1, 16, 0xFFFF]), (19, "<H", [0, 1, 5000, 0xFFFF]),
       (22, "<H", [0, 1, 2, 0xFFFF]), (32, "<I", [0, 5000, 0xFFFFFFFF])]


def corrupt(rng, good):
    """A corrupt copy of `good` with 1..4 damages -> (Volume, their names)."""
    v = good.copy()
    names = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["bpb", "fat loop", "fat value", "fat copy", "first cluster", "size",
                           "attributes", "name", "dir loop", "dot", "bytes"])
        names.append(kind)
        live = [o for d in (0, v.first_cluster(good.entry("/D")), v.first_cluster(good.entry("/D/E")))
                for o in good.live(d)]
        if kind == "bpb":
            offset, code, values = rng.choice(BPB)
            struct.pack_into(code, v.data, offset, rng.choice(values))
        elif kind == "fat loop":
            cluster = rng.randint(2, 60)
            v.set_fat(cluster, rng.randint(2, cluster))
        elif kind in ("fat value", "fat copy"):
            value = rng.choice([0, 1, v.maxcl, v.maxcl + 1, 0xFFF0, 0xFFF7, 0xFFF8,
                                rng.randrange(0x10000)])
            v.set_fat(rng.randint(0, 60), value, [1] if kind == "fat copy" else [0])
        elif kind == "dir loop":
            v.loop_directory(good.first_cluster(good.entry(rng.choice(DIRS))))
        elif kind == "bytes":
            for _ in range(rng.randint(1, 20)):
                v.data[rng.randrange((v.first_data + 60) * SECTOR)] = rng.randrange(256)
        else:
            offset = rng.choice(live)
            if kind == "first cluster":
                v.set_first_cluster(offset, rng.choice([0, 1, v.maxcl, v.maxcl + 1, 0xFFF8,
                                                        0xFFFF, rng.randint(2, 40)]))
            elif kind == "size":
                v.set_size(offset, rng.choice([0, 1, 511, 513, 100000, 0x7FFFFFFF, 0xFFFFFFFF]))
            elif kind == "attributes":
                v.data[offset + 11] = rng.choice([0, 0x08, 0x0F, 0x10, 0x18, 0x20, 0xFF])
            elif kind == "dot":           # "." or ".." of a subdirectory made wrong
                dots = [o for o in live if v.data[o] == 0x2E]
                v.set_first_cluster(rng.choice(dots), rng.choice([0, 1, 2, 3, 0xFFFF]))
            else:
                for i in range(11):
                    if rng.random() < 0.3:
                        v.data[offset + i] = rng.choice([0, 0x20, 0x2E, 0x2F, 0xE5, 0x05, 0xFF,
                                                         rng.randrange(256)])
    return v, names


def campaign(harness, good, tmp_path, seed, count):
    """`count` corrupt volumes, 8 random commands each -> the failures found.

    The CI runs 150; the published campaign ran this with count=20000
    (python -c, the fixtures built by hand) on several seeds."""
    rng = random.Random(seed)
    failures = []
    for i in range(count):
        bad, names = corrupt(rng, good)
        commands = rng.sample(COMMANDS, 8)
        run = run_harness(harness, tmp_path / "fuzz.img", bad.data, commands)
        try:
            assert_survived(run, bad.data, names)
        except AssertionError as e:
            failures.append((i, names, commands, str(e)[:300]))
    return failures


def test_corrupt_volumes_give_errors_never_hangs(harness, volume, tmp_path):
    failures = campaign(harness, volume, tmp_path, seed=1234, count=150)
    assert not failures, failures[:3]


# --- both kernels -----------------------------------------------------------------

KERNEL_STEPS = 1_500_000_000


@pytest.fixture(scope="module")
def kernel_disk(tmp_path_factory):
    """(build dir, a 4M disk: /BIN with the programs and /D, /D/E as above)."""
    build = tmp_path_factory.mktemp("fatfuzz-build")
    tree = tmp_path_factory.mktemp("fatfuzz-tree")
    for path, data in FILES.items():
        if path.startswith("/D/"):
            target = tree / "D" / path[3:]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for path, data in FILES.items():
        if not path.startswith("/D/"):
            (tree / path[1:]).write_bytes(data)
    adds = [a for name in ("D", "A.TXT", "BIG.BIN") for a in ("--add", tree / name)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        made = run_k32("mkdisk", "-o", build / "fuzz.img", "--size", "4M", *adds)
    assert made.exit_code == 0, made.stderr
    return build, Volume(bytearray((build / "fuzz.img").read_bytes()))


def boot(build, kernel, image, path, typed):
    Path(path).write_bytes(bytes(image))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        run = run_k32("boot", "--kernel", kernel, "--disk", path, "--snapshot",
                      "--input", typed, "--max-steps", KERNEL_STEPS)
    return run.exit_code, run.stdout.decode("latin-1").replace("\r\n", "\n"), run.stderr


def kernel_damages(v):
    """Named corrupt disks for the kernels: /BIN stays readable, so the
    shell starts and the damage is met by its commands."""
    def damaged(change):
        bad = v.copy()
        change(bad)
        return bad

    d, e = (v.first_cluster(v.entry(p)) for p in DIRS)
    big = v.entry("/BIG.BIN")

    def file_loop(bad):
        bad.set_fat(bad.chain(bad.first_cluster(big))[-1], bad.first_cluster(big))
        bad.set_size(big, 0xFFFFFFFF)

    return {
        "dir loop": damaged(lambda bad: bad.loop_directory(e)),
        "first cluster 1": damaged(lambda bad: bad.set_first_cluster(big, 1)),
        "first cluster past the end": damaged(lambda bad: bad.set_first_cluster(big, 0xFFFF)),
        "file loop": damaged(file_loop),
        "dotdot of D is E": damaged(lambda bad: bad.set_first_cluster(bad.live(e)[1], e)),
        "size past the chain": damaged(lambda bad: bad.set_size(v.entry("/A.TXT"), 10 ** 6)),
        "FATs differ": damaged(lambda bad: bad.set_fat(d, 0, [1])),
    }


# damage -> what the shell must have said (None: nothing in particular)
KERNEL_DAMAGES = {"dir loop": "ls: /D/E: input/output error",
                  "first cluster 1": "wc: /BIG.BIN: input/output error",
                  "first cluster past the end": "wc: /BIG.BIN: input/output error",
                  "file loop": "wc: /BIG.BIN: input/output error",
                  "dotdot of D is E": None, "size past the chain": "input/output error",
                  "FATs differ": None}
TYPED = ("ls /D/E\\ncat /D/E/NOPE.TXT\\nwc -c /BIG.BIN\\ncat /A.TXT\\ncp /BIG.BIN /D/E/C.BIN\\n"
         "echo alive > /D/E/W.TXT\\nls /D/E/..\\nrm /BIG.BIN\\necho still > /OK.TXT\\n"
         "cat /OK.TXT\\n")


@pytest.mark.parametrize("kernel", ["mono", "micro", "modular"])
def test_both_kernels_survive_a_corrupt_disk(kernel_disk, tmp_path, kernel):
    """Each damage on each kernel: the shell's commands get errors, no panic,
    no hang, no server dies (a disk-driver restart would be allowed), and the
    system still writes and reads a file and powers off normally."""
    build, v = kernel_disk
    damages = kernel_damages(v)
    for name, said in KERNEL_DAMAGES.items():
        status, text, err = boot(build, kernel, damages[name].data, tmp_path / "k.img", TYPED)
        assert said is None or said in text, (name, text[-1500:])
        assert "panic" not in text, (name, text[-1500:])
        assert status == 0, (name, status, err, text[-1500:])
        assert not re.search(r"rs: (?!disk)\w+ .*died", text), (name, text[-1500:])
        assert "\nstill\n" in text, (name, text[-1500:])
