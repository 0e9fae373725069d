"""The real-time clock plugged into the monolithic kernel (issue 18): the
default build has no driver for it; `k32 build --config RTC=y` compiles one
in, and then `date`, FAT16's stamps (read back by mtools) and `ls -l` have
the clock's time; unplugging it while `date` runs is an error, never a panic."""

import os
import re
import shutil
import subprocess

import pytest

from conftest import run_k32, skip_without_host_tools

MAX_STEPS = 3_000_000_000
PLUG = "20000000:rtc"                       # at 2 s of machine time
START = 1796558400                          # 2026-12-06T12:00:00 UTC


def boot(disk, script, *extra):
    done = run_k32("boot", "--kernel", "mono", "--disk", disk, "--input", script,
                   "--max-steps", MAX_STEPS, *extra)
    text = done.stdout.decode("latin-1").replace("\r\n", "\n")
    assert "panic" not in text, text
    return done.exit_code, text


@pytest.fixture(scope="module")
def rtc_build(tmp_path_factory):
    """A build directory whose monolithic kernel has CONFIG_RTC."""
    build = tmp_path_factory.mktemp("rtc-build")
    old = os.environ.get("K32_BUILD")
    os.environ["K32_BUILD"] = str(build)
    try:
        done = run_k32("build", "--config", "RTC=y")
        assert done.exit_code == 0, done.stderr
        assert b"mono kernel configuration: RTC=y" in done.stdout
    finally:
        if old is None:
            os.environ.pop("K32_BUILD", None)
        else:
            os.environ["K32_BUILD"] = old
    assert (build / "mono.config").read_text() == "RTC=y\n"
    return build


def test_default_kernel_has_no_clock_driver(tmp_path):
    done = run_k32("build")
    assert done.exit_code == 0, done.stderr
    from vm.tools.build import Builder
    disk = tmp_path / "d.img"
    shutil.copy(Builder.default().disk_output(), disk)
    code, text = boot(disk, "date\\necho $?\\nsleep 30\\ndate\\necho $?\\npoweroff\\n",
                      "--plug", PLUG)
    assert "kernel: slot 3: rtc: no driver in this kernel\n" in text, text
    assert text.count("date: no clock\n") == 2, text
    assert "$ echo $?\n1\n" in text


def test_rebuilt_kernel_reads_the_clock(rtc_build, tmp_path, monkeypatch):
    monkeypatch.setenv("K32_BUILD", str(rtc_build))
    disk = tmp_path / "d.img"
    shutil.copy(rtc_build / "disk.img", disk)
    code, text = boot(disk, "date\\nsleep 30\\ndate\\necho hi > F.TXT\\nls -l F.TXT\\n"
                      "poweroff\\n", "--plug", PLUG)
    assert "kernel: slot 3: rtc: compiled-in driver rtc\n" in text, text
    dates = re.findall(r"^(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4})$", text, re.M)
    assert len(dates) == 1, text
    # the clock counts from 12:00:00 at 10M instructions a second of the
    # machine's time (runs are deterministic: the same second every time)
    assert dates == ["Sun Dec  6 12:00:30 UTC 2026"], text
    assert text.index("date: no clock") < text.index("slot 3: rtc: compiled-in")
    assert re.search(r"^- 3 Dec  6 12:00 F\.TXT$", text, re.M), text
    skip_without_host_tools("mdir")
    listing = subprocess.run(["mdir", "-i", str(disk), "::"], capture_output=True,
                             env={**os.environ, "MTOOLS_SKIP_CHECK": "1"}).stdout.decode()
    line, = [l for l in listing.splitlines() if l.startswith("F        TXT")]
    assert "2026-12-06  12:00" in line, listing


def test_unplug_while_date_runs(rtc_build, tmp_path, monkeypatch):
    """date after date while the clock goes: each prints a date or one error
    line; the kernel logs the removal and goes on."""
    monkeypatch.setenv("K32_BUILD", str(rtc_build))
    disk = tmp_path / "d.img"
    shutil.copy(rtc_build / "disk.img", disk)
    script = "sleep 30\\n" + "date\\nsleep 1\\n" * 12 + "echo alive\\npoweroff\\n"
    code, text = boot(disk, script, "--plug", PLUG, "--unplug", "350000000:rtc")
    assert "kernel: slot 3: rtc: removed\n" in text, text
    assert "$ echo alive\nalive\n" in text, text
    outs = re.findall(r"^\$ date\n(?:kernel: .*\n)?(.*)$", text, re.M)
    assert len(outs) == 12, text
    for out in outs:
        assert (re.fullmatch(r"(Sun Dec  6 12:\d\d:\d\d UTC 2026|date: no clock"
                             r"|date: the clock went away)", out)), out
    assert outs[0] == "Sun Dec  6 12:00:30 UTC 2026", text     # still there
    assert outs[-1] == "date: no clock", text                   # gone
