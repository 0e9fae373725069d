"""Issue 18 on the modular kernel: a real-time clock plugged in while the
system runs (`k32 boot --plug TIME:rtc`).  The kernel finds `rtc` in the
alias table the build wrote (/LIB/MOD/MODULES.ALI, from the module's
MODULE_DEVICE), loads rtc.ko from /LIB/MOD and binds it (os/modular/busdrv.s);
`date` reads the clock through the clock interface; unplugging runs the
driver's remove, and `rmmod rtc` works once nothing is bound to it.

The clock's time is its start (2026-12-06T12:00:00 UTC by default) plus the
instructions retired / 10,000,000: the shell's `sleep` waits in machine
time, so every line below is exact.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import host_tool, run_k32
from test_modular import BANNER, LSMOD_HEADER, build, disk  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
MAX_STEPS = 900_000_000
ALIAS_LINE = "alias hp:c4:i4B320146 rtc"


def boot(build, disk, typed, tmp_path, *machine):
    """Boot the modular kernel with `typed` as the console input and the
    machine options given (--plug, --unplug, --rtc) -> the console text after
    the banner, LF line ends."""
    feed = tmp_path / "typed"
    feed.write_text(typed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        result = run_k32("boot", "--kernel", "modular", "--snapshot", "--disk", disk,
                         "--input-file", feed, "--max-steps", MAX_STEPS, *machine)
    text = result.stdout.decode("latin-1").replace("\r\n", "\n")
    assert "kernel panic" not in text, text
    assert "step limit" not in result.stderr, result.stderr + text[-2000:]
    assert BANNER.match(text), text
    return BANNER.sub("", text)


def after(text, command, nth=0):
    """The lines printed for the nth `$ command`, up to the next prompt."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(f"$ {command}\n", start + 1)
    start += len(command) + 3
    end = text.find("$ ", start)
    return text[start:end if end >= 0 else None].splitlines()


def modules(rows):
    assert rows[0] == LSMOD_HEADER, rows
    return {r.split()[0]: r.split()[2:] for r in rows[1:]}


def test_plug_date_unplug_rmmod_plug_again(build, disk, tmp_path):
    text = boot(build, disk,
                "sleep 2\ndate\nlsmod\nrmmod rtc\necho $?\n"
                "sleep 3\ndate\necho $?\nrmmod rtc\necho $?\nlsmod\n"
                "sleep 3\ndate\nlsmod\n", tmp_path,
                "--plug", "10000000:rtc", "--unplug", "40000000:rtc",
                "--plug", "70000000:rtc")
    # the plug, during the first sleep: loaded from /LIB/MOD at once
    assert after(text, "sleep 2") == ["kernel: slot 3: rtc: loaded rtc"]
    assert after(text, "date") == ["Sun Dec  6 12:00:02 UTC 2026"]
    assert modules(after(text, "lsmod"))["rtc"] == ["1"]           # bound: in use
    assert after(text, "rmmod rtc") == ["rmmod: rtc: in use"]
    assert after(text, "echo $?") == ["1"]
    # the unplug: remove runs, the module stays, the clock is gone
    assert after(text, "sleep 3") == ["kernel: slot 3: rtc: removed"]
    assert after(text, "date", 1) == ["date: no clock"]
    assert after(text, "echo $?", 1) == ["1"]
    assert after(text, "rmmod rtc", 1) == []
    assert after(text, "echo $?", 2) == ["0"]
    assert "rtc" not in modules(after(text, "lsmod", 1))
    # plugged again after rmmod: loaded again
    assert after(text, "sleep 3", 1) == ["kernel: slot 3: rtc: loaded rtc"]
    assert after(text, "date", 2) == ["Sun Dec  6 12:00:08 UTC 2026"]
    assert modules(after(text, "lsmod", 2))["rtc"] == ["1"]


def test_a_clock_there_at_boot_is_bound_at_boot(build, disk, tmp_path):
    text = boot(build, disk, "date\nlsmod\necho hi > /T.TXT\nls -l /\n", tmp_path,
                "--rtc", "2030-01-02T03:04:05")
    assert text.startswith("kernel: slot 3: rtc: loaded rtc\n"), text
    assert after(text, "date") == ["Wed Jan  2 03:04:05 UTC 2030"]
    assert modules(after(text, "lsmod"))["rtc"] == ["1"]
    # FAT16 (a module too) stamps through the core's clock_now
    assert [r.split() for r in after(text, "ls -l /") if r.endswith("T.TXT")] == \
        [["-", "3", "Jan", "2", "03:04", "T.TXT"]]


def test_a_module_loaded_by_hand_binds_the_clock_and_the_module_stays(build, disk, tmp_path):
    # unplugged, then plugged again with the module already loaded: bound,
    # not loaded; insmod of the loaded module is refused as ever
    text = boot(build, disk, "sleep 2\nsleep 3\nlsmod\nsleep 3\ndate\n"
                "insmod /LIB/MOD/RTC.KO\n", tmp_path,
                "--plug", "10000000:rtc", "--unplug", "30000000:rtc",
                "--plug", "60000000:rtc")
    assert after(text, "sleep 2") == ["kernel: slot 3: rtc: loaded rtc"]
    assert after(text, "sleep 3") == ["kernel: slot 3: rtc: removed"]
    assert modules(after(text, "lsmod"))["rtc"] == ["0"]           # loaded, unbound
    assert after(text, "sleep 3", 1) == ["kernel: slot 3: rtc: bound to rtc"]
    assert after(text, "date")[0].startswith("Sun Dec  6 12:00:0")
    assert after(text, "insmod /LIB/MOD/RTC.KO") == \
        ["insmod: /LIB/MOD/RTC.KO: module already loaded"]


def test_the_alias_table_and_modinfo(build, disk, tmp_path):
    text = boot(build, disk, "cat /LIB/MOD/MODULES.ALI\nmodinfo /LIB/MOD/RTC.KO\n"
                "date\nlsmod\n", tmp_path)
    assert after(text, "cat /LIB/MOD/MODULES.ALI") == [
        "# MODULES.ALI, written by k32 build (as depmod writes modules.alias):",
        "# alias PATTERN MODULE: a device hp:cCLASS:iID matching PATTERN loads MODULE",
        ALIAS_LINE]
    assert "alias:          hp:c4:i4B320146" in after(text, "modinfo /LIB/MOD/RTC.KO")
    assert after(text, "date") == ["date: no clock"]                # nothing plugged
    assert "rtc" not in modules(after(text, "lsmod"))               # not a boot module


def test_the_build_writes_every_alias(tmp_path):
    from vm.tools.build import Builder
    b = Builder(ROOT, tmp_path / "build")
    mods = b.build_kmodules()
    assert mods["rtc"].aliases == ("hp:c4:i4B320146",)
    text = b.kmodule_files(mods)["/LIB/MOD/MODULES.ALI"].decode()
    assert text.splitlines()[2:] == [ALIAS_LINE]
    assert "rtc" not in b.boot_target("modular").boot_kmodules


def with_alias_table(disk, tmp_path, name, text):
    """A copy of the disk whose /LIB/MOD/MODULES.ALI is `text`."""
    table = tmp_path / f"{name}.ali"
    table.write_text(text)
    image = tmp_path / f"{name}.img"
    shutil.copyfile(disk, image)
    subprocess.run([host_tool("mcopy"), "-o", "-i", image, table, "::/LIB/MOD/MODULES.ALI"],
                   check=True)
    return image


def test_alias_patterns_and_no_module(build, disk, tmp_path):
    """A glob pattern in MODULES.ALI matches (the table is the kernel's to
    read, not compiled in); with no line for the device the kernel says so."""
    image = with_alias_table(disk, tmp_path, "glob", "# a comment\n\nalias hp:c9:* nosuch\n"
                             "alias\thp:c4:i4B32*  rtc\n")
    text = boot(build, image, "date\n", tmp_path, "--rtc", "2026-12-06T12:00:00")
    assert text.startswith("kernel: slot 3: rtc: loaded rtc\n"), text
    image = with_alias_table(disk, tmp_path, "none", "alias hp:c9:* nosuch\n")
    text = boot(build, image, "date\n", tmp_path, "--rtc", "2026-12-06T12:00:00")
    assert text.startswith("kernel: slot 3: rtc: no module for hp:c4:i4B320146\n"), text
    assert after(text, "date") == ["date: no clock"]


def test_date_racing_the_unplug_never_panics(build, disk, tmp_path):
    """`date` over and over while the clock is pulled out: each one gives a
    time, or an error line, and the kernel goes on (boot() checks: no panic)."""
    text = boot(build, disk, "sleep 2\n" + "date\n" * 80 + "lsmod\n", tmp_path,
                "--plug", "10000000:rtc", "--unplug", "24000000:rtc")
    answers = [after(text, "date", i) for i in range(80)]
    removed = "kernel: slot 3: rtc: removed"
    assert any(removed in a for a in answers), text
    for a in answers:
        lines = [x for x in a if x != removed]
        assert len(lines) == 1, a
        assert re.fullmatch(r"Sun Dec  6 12:00:0\d UTC 2026", lines[0]) or \
            lines[0] in ("date: no clock", "date: the clock went away"), a
    assert answers[-1] == ["date: no clock"]
    assert modules(after(text, "lsmod"))["rtc"] == ["0"]


def test_module_device_formats_and_bad_aliases(tmp_path):
    """MODULE_DEVICE's hex (two class digits, an ID with its top bit set),
    MODULE_ALIAS as written, and an alias that is not one word refused by
    the build, as its other checks are."""
    from vm.tools.build import Builder, BuildError
    src = tmp_path / "src"
    for part in ("os", "programs"):
        shutil.copytree(ROOT / part, src / part)
    mod = src / "programs/examples/modules/devs.s"
    mod.write_text('        .include "kmod.inc"\n        MODULE_NAME devs\n'
                   '        MODULE_DEVICE 0x1A, 0x8000000F\n        MODULE_ALIAS "hp:c1A:*"\n')
    b = Builder(src, tmp_path / "build")
    mods = b.build_kmodules()
    assert mods["devs"].aliases == ("hp:c1A:i8000000F", "hp:c1A:*")
    assert "alias hp:c1A:i8000000F devs\nalias hp:c1A:* devs\n" in \
        b.modules_alias(mods).decode()
    mod.write_text('        .include "kmod.inc"\n        MODULE_NAME devs\n'
                   '        MODULE_ALIAS "two words"\n')
    with pytest.raises(BuildError, match="alias 'two words': an alias is one word"):
        b.build_kmodules()
