"""FAT16 interoperability through the booted OS: a disk made by the standard
tools (mkfs.fat, filled by mcopy) is read correctly by the guest; what the
guest writes is read back by mtype/mdir byte for byte, and fsck.fat -n finds
nothing wrong after the OS shuts down.  Also the disks `k32 mkdisk` makes.
"""

import subprocess
from pathlib import Path

import pytest

from conftest import host_tool, needs_host_tools, run_k32

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("mkfs.fat", "mcopy", "mtype", "mdir", "mmd", "fsck.fat")

pytestmark = needs_host_tools(*TOOLS)

NOTES = "Notes made on the host.\nSecond line, with tabs\tand more.\n" * 20
BIG = bytes((i * 31 + (i >> 10)) & 0xFF for i in range(300_000))


def mtools(*args, data=False):
    done = subprocess.run(args, capture_output=True, check=True,
                          env={"MTOOLS_SKIP_CHECK": "1", "PATH": "/usr/bin:/bin"})
    return done.stdout if data else done.stdout.decode()


def fsck(image):
    done = subprocess.run([host_tool("fsck.fat") or "fsck.fat", "-n", str(image)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def fats_identical(image):
    """Both FAT copies byte for byte (boot sector fields read from the image)."""
    data = Path(image).read_bytes()
    reserved = int.from_bytes(data[14:16], "little")
    per_fat = int.from_bytes(data[22:24], "little") * 512
    first = data[reserved * 512:reserved * 512 + per_fat]
    second = data[reserved * 512 + per_fat:reserved * 512 + 2 * per_fat]
    return first == second


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    """The built programs: {NAME: .kx path} (a scratch build directory)."""
    build = tmp_path_factory.mktemp("build")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        run = run_k32("build")
    assert run.exit_code == 0, run.stderr
    return build, {p.stem[:8].upper(): p for p in (build / "bin").glob("*.kx")}


@pytest.fixture
def host_disk(tmp_path, programs):
    """A disk made by mkfs.fat and filled by mcopy, as a user would."""
    _, kx = programs
    image = tmp_path / "host.img"
    subprocess.run(["mkfs.fat", "-F", "16", "-C", str(image), "16384"],
                   capture_output=True, check=True)
    i = ["-i", str(image)]
    mtools("mmd", *i, "::/BIN", "::/docs")
    for name, path in kx.items():
        mtools("mcopy", *i, str(path), f"::/BIN/{name}")
    (tmp_path / "notes.txt").write_text(NOTES)
    (tmp_path / "big.dat").write_bytes(BIG)
    (tmp_path / "b.txt").write_text("to be removed\n")
    mtools("mcopy", *i, str(tmp_path / "notes.txt"), "::/notes.txt")     # lower case: a long name too
    mtools("mcopy", *i, str(tmp_path / "big.dat"), "::/BIG.DAT")
    mtools("mcopy", *i, str(tmp_path / "notes.txt"), "::/docs/a.txt")
    mtools("mcopy", *i, str(tmp_path / "b.txt"), "::/docs/b.txt")
    return image


def boot(programs, image, text):
    build, _ = programs
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        run = run_k32("boot", "--disk", image, "--input", text, "--max-steps", "2000000000")
    return run.exit_code, run.stdout.decode(errors="replace").replace("\r\n", "\n"), run.stderr


def test_the_guest_reads_what_mcopy_wrote(programs, host_disk):
    status, out, err = boot(programs, host_disk,
                            "cat /NOTES.TXT\\ncat /Docs/A.Txt | wc -c\\nwc -c /big.dat\\n"
                            "ls /DOCS\\n")
    assert status == 0, err
    assert NOTES in out
    assert f"\n{len(NOTES)}\n" in out.replace(" ", "")
    assert f"{len(BIG)} /big.dat" in out
    assert "A.TXT\nB.TXT\n" in out


def test_what_the_guest_writes_mtype_reads_back_and_fsck_accepts(programs, host_disk):
    i = ["-i", str(host_disk)]
    status, out, err = boot(programs, host_disk,
                            "echo written by k32 > /OUT.TXT\\n"
                            "echo appended >> /OUT.TXT\\n"
                            "mkdir /NEW\\nmkdir /NEW/DEEP\\n"
                            "cp /NOTES.TXT /NEW/COPY.TXT\\n"
                            "cp /BIG.DAT /NEW/DEEP/BIG2.DAT\\n"
                            "rm /DOCS/B.TXT\\n"
                            "mv /DOCS/A.TXT /MOVED.TXT\\n"
                            "rmdir /DOCS\\n")
    assert status == 0, err
    assert "error" not in out and "sh:" not in out, out
    assert mtools("mtype", *i, "::/OUT.TXT") == "written by k32\nappended\n"
    assert mtools("mtype", *i, "::/NEW/COPY.TXT") == NOTES
    assert mtools("mtype", *i, "::/MOVED.TXT") == NOTES
    assert mtools("mtype", *i, "::/NEW/DEEP/BIG2.DAT", data=True) == BIG
    listing = mtools("mdir", "-b", *i, "::/")
    assert "DOCS" not in listing and "/NEW" in listing.upper()
    fsck(host_disk)
    assert fats_identical(host_disk)


def test_a_second_boot_sees_the_first_boots_files(programs, host_disk):
    boot(programs, host_disk, "echo kept > /KEPT.TXT\\nmkdir /D\\necho in d > /D/F\\n")
    status, out, _ = boot(programs, host_disk, "cat /KEPT.TXT /D/F\\n")
    assert status == 0 and "kept\nin d\n" in out
    fsck(host_disk)


def test_files_removed_give_their_space_back(programs, host_disk):
    """Write and delete a large file many times: no cluster is lost (fsck
    counts them), and the free space afterwards is what it was."""
    before = fsck(host_disk)
    loop = "cp /BIG.DAT /T1; cp /BIG.DAT /T2; rm /T1 /T2\\n" * 5
    status, _, err = boot(programs, host_disk, loop)
    assert status == 0, err
    after = fsck(host_disk)
    assert before.splitlines()[-1] == after.splitlines()[-1]     # "N files, M/T clusters"


def test_mkdisk_images_boot_and_stay_consistent(programs, tmp_path):
    build, _ = programs
    (tmp_path / "hello.txt").write_text("hello from the host\n")
    image = tmp_path / "made.img"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        made = run_k32("mkdisk", "-o", image, "--size", "8M", "--add",
                       f"{tmp_path / 'hello.txt'}:/HOME/HELLO.TXT")
    assert made.exit_code == 0, made.stderr
    status, out, err = boot(programs, image,
                            "cat /home/hello.txt\\necho more > /HOME/MORE.TXT\\nls /home\\n")
    assert status == 0, err
    assert "hello from the host\n" in out and "HELLO.TXT\nMORE.TXT\n" in out
    assert mtools("mtype", "-i", str(image), "::/HOME/MORE.TXT") == "more\n"
    fsck(image)
    assert fats_identical(image)
