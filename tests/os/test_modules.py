"""The module tools (programs/bin/insmod.s rmmod.s lsmod.s modprobe.s
modinfo.s) and free, the way a user meets them: `k32 boot --kernel K
--snapshot` with the shell typing, each command followed by `echo "status
$?"` on its line (the shell expands $? as each part runs).

On the monolithic kernel and the microkernel the module tools refuse in one
line, naming what the kernel does instead; free reports the monolithic
kernel's pages.  Everything else runs on the modular kernel; its modules
are written here, assembled with `k32 asm -c` and put on a disk with `k32 mkdisk --add`,
as a user would.  Builds go to a scratch $K32_BUILD.
"""

import re
import struct
import zlib
from pathlib import Path

import pytest

from conftest import run_k32
from isa import module as kmod
from isa import obj
from isa.module import VERMAGIC

ROOT = Path(__file__).resolve().parents[2]
MAX_STEPS = 1_000_000_000
PAGE = 4096
MODAREA_PAGES = {name: value for name, value, _ in kmod.LIMITS}["MODAREA_PAGES"]
TOOLS = ("insmod", "rmmod", "lsmod", "modprobe", "modinfo")
REFUSAL = {
    "mono": "this kernel does not load modules: its drivers are compiled in",
    "micro": "this kernel does not load modules: its drivers are user processes (see service)",
}
LSMOD_HEAD = "Module                  Size  Used by"
FREE_HEAD = "            total     free"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """The scratch $K32_BUILD, set while this file's tests run."""
    with pytest.MonkeyPatch.context() as mp:
        path = tmp_path_factory.mktemp("build")
        mp.setenv("K32_BUILD", str(path))
        yield path


def k32_in(build, *args):
    """`k32 ARGS` with `build` as $K32_BUILD (the fixture set it)."""
    assert build
    return run_k32(*args)


def boot(build, typed, kernel, disk=None):
    """Boot `kernel` with `typed` as console input -> (exit status, console text)."""
    extra = ["--disk", disk] if disk else []
    result = k32_in(build, "boot", "--kernel", kernel, "--snapshot", "--input", typed,
                    "--max-steps", MAX_STEPS, *extra)
    text = result.stdout.decode("latin-1").replace("\r\n", "\n")
    assert "kernel panic" not in text, text
    assert "step limit" not in result.stderr, result.stderr + text[-2000:]
    assert "Traceback" not in result.stderr, result.stderr
    return result.exit_code, text


def run(build, commands, kernel, disk=None):
    """Type each command with `; echo "status $?"` -> [(output, status)], in order."""
    lines = [f'{command}; echo "status $?"' for command in commands]
    _, text = boot(build, "".join(line + "\n" for line in lines), kernel, disk)
    results, rest = [], text
    for line in lines:
        assert f"$ {line}\n" in rest, f"{line!r} not run:\n{text[-3000:]}"
        rest = rest.split(f"$ {line}\n", 1)[1]
        match = re.match(r"(.*?)^status (\d+)\n", rest, re.M | re.S)
        assert match, f"no status after {line!r}:\n{rest[:2000]}"
        results.append((match.group(1), int(match.group(2))))
        rest = rest[match.end():]
    return results


def lsmod_rows(output):
    """lsmod's output -> [(name, bytes, refs, users)], checking the header and
    that every row is laid out as "%-19s %8u  %u %s" (no blank at the end)."""
    lines = output.splitlines()
    assert lines[0] == LSMOD_HEAD, output
    rows = []
    for line in lines[1:]:
        match = re.fullmatch(r"(\S+) +(\d+)  (\d+)(?: (\S+))?", line)
        assert match, f"not an lsmod row: {line!r}"
        name, size, refs, users = match.group(1), int(match.group(2)), int(match.group(3)), \
            match.group(4) or ""
        assert line == f"{name:<19} {size:>8}  {refs} {users}".rstrip(" "), line
        rows.append((name, size, refs, users))
    return rows


def free_rows(output):
    """free's output -> {row name: (total, free)}, checking the layout."""
    lines = output.splitlines()
    assert lines[0] == FREE_HEAD, output
    rows = {}
    for line in lines[1:]:
        name, total, free = line.split()
        assert line == f"{name:<8} {int(total):>8} {int(free):>8}", line
        rows[name] = (int(total), int(free))
    return rows


def test_the_formats_are_the_contracts():
    # the issue's own lines
    assert f"{'bcache':<19} {8192:>8}  1 fat16" == "bcache                  8192  1 fat16"
    assert f"{'fat16':<19} {24576:>8}  1" == "fat16                  24576  1"
    assert LSMOD_HEAD == f"{'Module':<19} {'Size':>8}  Used by"


# --- the two kernels that load no modules -----------------------------------------------

@pytest.mark.parametrize("kernel", ["mono", "micro"])
def test_the_module_tools_refuse_in_one_line(build, kernel):
    commands = ["insmod /LIB/MOD/HELLO.KO who=K32", "rmmod hello", "lsmod", "modprobe rtc",
                "modprobe -r rtc", "modinfo /BIN/LS", "insmod", "lsmod extra"]
    for command, result in zip(commands, run(build, commands, kernel)):
        tool = command.split()[0]
        assert result == (f"{tool}: {REFUSAL[kernel]}\n", 1), command
    assert "service" in REFUSAL["micro"]


def test_free_on_the_microkernel(build):
    assert run(build, ["free"], "micro") == [("free: this kernel does not report its memory\n", 1)]


def test_free_on_the_monolithic_kernel(build):
    _, text = boot(build, 'free; echo "status $?"\nfree; echo "status $?"\nfree x\n', "mono")
    banner_free = int(re.search(r"^K32 mono kernel: 16 MiB RAM, (\d+) free pages$", text,
                                re.M).group(1))
    first, second = (part.split("$ ", 1)[0] for part in text.split('$ free; echo "status $?"\n')[1:])
    assert first.endswith("status 0\n") and second.endswith("status 0\n")
    rows = free_rows(first.removesuffix("status 0\n"))
    assert list(rows) == ["pages"]              # no module area, no modpages row
    total, free = rows["pages"]
    assert 0 < free < banner_free <= total <= (16 << 20) // PAGE
    assert free_rows(second.removesuffix("status 0\n")) == rows   # the first gave all back
    assert "usage: free" in text.split("$ free x\n", 1)[1]


# --- the modular kernel -----------------------------------------------------------------

def module_source(name, *, info=(), text="", data="", depends=""):
    """A module's source: its .modinfo (name, vermagic, depends, init, exit,
    then `info`), init returning 0 unless `text` says otherwise."""
    lines = [f'        .include "module.inc"', "        .section .modinfo",
             f'        .asciz  "name={name}"', "        MODULE_VERMAGIC",
             f'        .asciz  "depends={depends}"', f'        .asciz  "init={name}_init"',
             f'        .asciz  "exit={name}_exit"']
    lines += [f'        .asciz  "{entry}"' for entry in info]
    lines += ["        .text", f"        .globl  {name}_init, {name}_exit",
              f"{name}_init:", text or "        li      a0, 0", "        ret",
              f"{name}_exit:", "        ret", "        .data", data]
    return "\n".join(lines) + "\n"


MODULES = {
    # params and an export; nothing from the kernel
    "mini": module_source(
        "mini", info=("description=a module that does nothing, twice", "parm=n:int:how many",
                      "parm=who:str:whom to greet", "export=mini_value"),
        data="        .globl  n, who, mini_value\nn:      .word   1\n"
             "who:    .space  16\n        .size   who, 16\nmini_value: .word 42"),
    # uses mini's export: mini is in use while it is loaded
    "user": module_source(
        "user", depends="mini",
        text="        la      t0, mini_value\n        lw      a0, 0(t0)\n"
             "        addi    a0, a0, -42"),
    # needs a symbol nobody exports
    "rtc": module_source("rtc", text="        call    rtc_base\n        li      a0, 0"),
}
MINI_INFO = ("filename:       /T/MINI.KO\n"
             "name:           mini\n"
             f"vermagic:       {VERMAGIC}\n"
             "depends:\n"
             "init:           mini_init\n"
             "exit:           mini_exit\n"
             "description:    a module that does nothing, twice\n"
             "parm:           n:how many (int)\n"
             "parm:           who:whom to greet (str)\n"
             "export:         mini_value\n")


def with_crc(blob):
    """The object bytes with their CRC made right again."""
    blob = bytearray(blob)
    struct.pack_into("<I", blob, obj.CRC_OFFSET, 0)
    struct.pack_into("<I", blob, obj.CRC_OFFSET, zlib.crc32(blob))
    return bytes(blob)


BAD_TABLE = "not a module (bad object header or table)"
HOSTILE = {                 # files modinfo must refuse, made from MINI.KO: name -> reason
    "TRUNC.KO": "not a module (truncated)",
    "SHORT.KO": "not a module (truncated)",
    "BADCRC.KO": "not a module (bad CRC)",
    "OFFSET.KO": BAD_TABLE,
    "SIZE.KO": BAD_TABLE,
    "NSEC.KO": BAD_TABLE,
    "STRINGS.KO": BAD_TABLE,
    "NONAME.KO": "not a module (no .modinfo section)",
    "EMPTY.KO": "not a module (not a K32 object file)",
    "TEXT.TXT": "not a module (not a K32 object file)",
}


def hostile(mini):
    """HOSTILE's files: name -> bytes.  Past the first four, the CRC is
    right: only the bounds checks stand between them and a wild read."""
    entry = obj.HEADER.size + obj.SECTION.size * [s.name for s in obj.read(mini).sections].index(
        ".modinfo")

    def patched(fmt, offset, value):
        blob = bytearray(mini)
        struct.pack_into(fmt, blob, offset, value)
        return with_crc(blob)
    return {
        "TRUNC.KO": mini[:len(mini) // 2],
        "SHORT.KO": mini[:20],
        "BADCRC.KO": mini[:60] + bytes([mini[60] ^ 1]) + mini[61:],
        "OFFSET.KO": patched("<I", entry + 12, 0xFFFFFFF0),   # its bytes far past the end
        "SIZE.KO": patched("<I", entry + 8, 0x7FFFFFFF),
        "NSEC.KO": patched("<H", 8, 0xFFFF),                   # a section table past the end
        "STRINGS.KO": patched("<I", 28, 0xFFFFFFFF),          # more strings than the file
        "NONAME.KO": patched("<I", entry, 0xFFFFFFFF),         # its name outside the strings
        "EMPTY.KO": b"",
        "TEXT.TXT": b"K32 but not an object\n",
    }


@pytest.fixture(scope="module")
def modules(build, tmp_path_factory):
    """MODULES assembled: name -> the .ko path; and plain.ko, an object
    without .modinfo."""
    out = tmp_path_factory.mktemp("modules")
    paths = {}
    for name, source in {**MODULES, "plain": "        .text\n        nop\n"}.items():
        (out / f"{name}.s").write_text(source)
        result = k32_in(build, "asm", "-c", "-I", ROOT / "os/include", out / f"{name}.s",
                        "-o", out / f"{name}.ko")
        assert result.exit_code == 0, result.stderr
        paths[name] = out / f"{name}.ko"
    return paths


@pytest.fixture(scope="module")
def module_disk(build, modules, tmp_path_factory):
    """A disk with /BIN, and in /T the modules (NAME.KO) and HOSTILE's files."""
    files = tmp_path_factory.mktemp("disk") / "T"
    files.mkdir()
    for name, path in modules.items():
        (files / f"{name.upper()}.KO").write_bytes(path.read_bytes())
    for name, blob in hostile(modules["mini"].read_bytes()).items():
        (files / name).write_bytes(blob)
    image = files.parent / "disk.img"
    result = k32_in(build, "mkdisk", "-o", image, "--size", "4M", "--add", f"{files}:/T")
    assert result.exit_code == 0, result.stderr
    return image


def test_the_test_modules_and_the_hostile_files(modules):
    """What the modular tests load and refuse, checked with isa/obj.py's
    reader: the modules are objects with the .modinfo MINI_INFO shows, the
    hostile files are not objects at all (obj.read says why)."""
    mini = modules["mini"].read_bytes()
    info = {s.name: s for s in obj.read(mini).sections}[".modinfo"]
    entries = [e.decode() for e in info.data.split(b"\0") if e]
    assert entries[:5] == ["name=mini", f"vermagic={VERMAGIC}", "depends=", "init=mini_init",
                           "exit=mini_exit"]
    shown = [line.split(None, 1) for line in MINI_INFO.splitlines()[1:]]
    assert len(shown) == len(entries)
    for name in ("user", "rtc"):
        sections = {s.name: s for s in obj.read(modules[name].read_bytes()).sections}
        assert sections[".modinfo"].data.startswith(f"name={name}\0".encode())
    assert ".modinfo" not in [s.name for s in obj.read(modules["plain"].read_bytes()).sections]
    files = hostile(mini)
    assert set(files) == set(HOSTILE)
    for name, blob in files.items():
        with pytest.raises(obj.FormatError):
            obj.read(blob)


def test_lsmod_and_free_on_the_modular_kernel(build):
    (lsmod, status), (free, free_status) = run(build, ["lsmod", "free"], "modular")
    assert status == 0 and free_status == 0
    rows = lsmod_rows(lsmod)
    assert rows, "no module loaded at boot: the root file system comes from one"
    for name, size, refs, users in rows:
        assert size > 0 and size % PAGE == 0, (name, size)
        assert not users or len(users.split(",")) <= refs, (name, refs, users)
    mem = free_rows(free)
    assert list(mem) == ["pages", "modpages"]
    assert mem["modpages"][0] == MODAREA_PAGES
    assert MODAREA_PAGES - mem["modpages"][1] >= sum(size for _, size, _, _ in rows) // PAGE


def test_modinfo_prints_what_the_module_says(build, module_disk):
    assert run(build, ["modinfo /T/MINI.KO"], "modular", module_disk) == [(MINI_INFO, 0)]


def test_modinfo_refuses_what_is_not_a_module(build, module_disk):
    reasons = {f"/T/{name}": reason for name, reason in HOSTILE.items()}
    reasons.update({"/T/PLAIN.KO": "not a module (no .modinfo section)",
                    "/T/NOSUCH.KO": "no such file or directory", "/T": "is a directory"})
    commands = [f"modinfo {path}" for path in reasons] + ["modinfo"]
    results = run(build, commands, "modular", module_disk)
    for (path, reason), result in zip(reasons.items(), results):
        assert result == (f"modinfo: {path}: {reason}\n", 1), path
    assert results[-1] == ("usage: modinfo FILE\n", 2)


def test_insmod_lsmod_rmmod(build, module_disk):
    commands = ["lsmod", "free",
                "insmod /T/MINI.KO n=3 who=K32", "lsmod", "insmod /T/MINI.KO",
                "insmod /T/USER.KO", "lsmod", "rmmod mini",
                "rmmod user", "rmmod mini", "rmmod mini", "lsmod", "free",
                "insmod /T/RTC.KO", "insmod /T/NOSUCH.KO", "insmod /T/TEXT.TXT", "insmod",
                "rmmod", "lsmod"]
    results = dict(enumerate(run(build, commands, "modular", module_disk)))
    assert all(results[i][1] == 0 for i in (0, 1, 3, 6, 11, 12, 18)), results
    boot_rows = lsmod_rows(results[0][0])
    names = [row[0] for row in boot_rows]
    assert results[2] == ("", 0)
    after_insmod = lsmod_rows(results[3][0])
    assert after_insmod[1:] == boot_rows        # newest first, as Linux's lsmod
    name, size, refs, users = after_insmod[0]
    assert (name, refs, users) == ("mini", 0, "") and size % PAGE == 0 and size > 0
    output, status = results[4]                 # loaded already: -EEXIST
    assert output.startswith("insmod: /T/MINI.KO: ") and output.count("\n") == 1
    assert status == 1
    assert results[5] == ("", 0)
    rows = lsmod_rows(results[6][0])
    assert [row[0] for row in rows] == ["user", "mini"] + names
    assert rows[1][2:] == (1, "user") and rows[0][2:] == (0, "")
    assert results[7] == ("rmmod: mini: in use by user\n", 1)
    assert results[8] == ("", 0) and results[9] == ("", 0)
    assert results[10] == ("rmmod: mini: not loaded\n", 1)
    assert lsmod_rows(results[11][0]) == boot_rows
    assert free_rows(results[12][0]) == free_rows(results[1][0])    # every page back
    assert results[13] == ("kernel: rtc: unknown symbol rtc_base\n"     # the kernel's log
                           "insmod: /T/RTC.KO: unknown symbol rtc_base\n", 1)
    assert results[14] == ("insmod: /T/NOSUCH.KO: no such file or directory\n", 1)
    output, status = results[15]
    assert output.startswith("insmod: /T/TEXT.TXT: ") and output.count("\n") == 1
    assert status == 1
    assert results[16] == ("usage: insmod FILE [name=value ...]\n", 2)
    assert results[17] == ("usage: rmmod NAME\n", 2)
    assert lsmod_rows(results[18][0]) == boot_rows                   # the refusals left nothing


def test_rmmod_refuses_a_module_another_one_uses(build):
    """A boot module used by another: its users name it ("in use by ...")."""
    [(lsmod, _)] = run(build, ["lsmod"], "modular")
    used = [(name, users) for name, _, _, users in lsmod_rows(lsmod) if users]
    assert used, lsmod
    name, users = used[0]
    [(output, status)] = run(build, [f"rmmod {name}"], "modular")
    assert output == f"rmmod: {name}: in use by {users.split(',')[0]}\n" \
        or output == f"rmmod: {name}: in use by {users}\n", output
    assert status == 1


MODPROBE_SETUP = [
    "mkdir /LIB", "mkdir /LIB/MOD",                 # (there already, perhaps)
    "cp /T/MINI.KO /LIB/MOD/MINI.KO", "cp /T/USER.KO /LIB/MOD/USER.KO",
    "cp /T/RTC.KO /LIB/MOD/RTC.KO",
    "echo '' >> /LIB/MOD/MODULES.DEP",             # (ends the build's last line, if it did not)
    "echo '# the tests modules' >> /LIB/MOD/MODULES.DEP",
    "echo 'USER.KO: MINI.KO' >> /LIB/MOD/MODULES.DEP",
    "echo 'MINI.KO:' >> /LIB/MOD/MODULES.DEP",
    "echo 'RTC.KO:' >> /LIB/MOD/MODULES.DEP",
]


def test_modprobe_loads_and_removes_dependencies(build, module_disk):
    commands = ["lsmod", "modprobe nosuch", "modprobe user", "lsmod", "modprobe user",
                "modprobe -r user", "lsmod", "modprobe -r user", "modprobe mini n=5",
                "modprobe user", "modprobe -r mini", "rmmod user", "modprobe -r mini",
                "lsmod", "modprobe rtc", "modprobe", "modprobe -x mini"]
    results = run(build, MODPROBE_SETUP + commands, "modular", module_disk)[len(MODPROBE_SETUP):]
    results = dict(zip(range(len(commands)), results))
    boot_rows = lsmod_rows(results[0][0])
    assert results[1] == ("modprobe: nosuch: not found in /LIB/MOD/MODULES.DEP\n", 1)
    assert results[2] == ("", 0)
    rows = lsmod_rows(results[3][0])
    assert rows[2:] == boot_rows                    # newest first
    assert [(n, r, u) for n, _, r, u in rows[:2]] == [("user", 0, ""), ("mini", 1, "user")]
    assert results[4] == ("", 0)                    # loaded already: success
    assert results[5] == ("", 0)
    assert lsmod_rows(results[6][0]) == boot_rows   # user, then mini that nothing uses
    assert results[7] == ("modprobe: user: not loaded\n", 1)
    assert results[8] == ("", 0) and results[9] == ("", 0)
    assert results[10] == ("modprobe: mini: in use by user\n", 1)
    assert results[11] == ("", 0) and results[12] == ("", 0)
    assert lsmod_rows(results[13][0]) == boot_rows
    assert results[14] == ("kernel: rtc: unknown symbol rtc_base\n"
                           "modprobe: rtc: unknown symbol rtc_base\n", 1)
    usage = "usage: modprobe NAME [name=value ...] | modprobe -r NAME\n"
    assert results[15] == (usage, 2) and results[16] == (usage, 2)


def test_modprobe_without_modules_dep(build, module_disk):
    results = run(build, ["rm /LIB/MOD/MODULES.DEP", "modprobe mini"], "modular", module_disk)
    assert results[1] == ("modprobe: /LIB/MOD/MODULES.DEP: no such file or directory\n", 1)
