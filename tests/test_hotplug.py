"""The real-time clock and the hot-plug bus, through `k32 run` and `k32
debug`: self-checking programs (tests/machine/hotplug/*.s, exit 0 when
every case passed, else the failing case's number), the command line's
--plug/--unplug/--rtc, reverse execution across a plug, and the monitor
behind Ctrl-A c on a terminal."""

import re
import sys
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "machine"
PROGS = HERE / "hotplug"


@pytest.fixture(params=["translated", "interpreted"])
def machine_kind(request, monkeypatch):
    if request.param == "translated":
        monkeypatch.setenv("K32_JIT", "1")
        monkeypatch.setenv("K32_JIT_THRESHOLD", "1")
    else:
        monkeypatch.setenv("K32_JIT", "0")
    return request.param


CASES = [
    ("bus.s", ["--plug", "0:rtc"]),
    ("clock.s", ["--rtc", "2024-02-29T23:59:58"]),
    ("plug.s", ["--plug", "5000:rtc", "--unplug", "90000000:rtc"]),
    ("plug.s", ["--plug", "5000:rtc", "--unplug", "5001:rtc", "--plug", "5001:rtc",
                "--unplug", "300000000:rtc"]),
]


@pytest.mark.parametrize("name, options", CASES)
def test_program_passes(k32, name, options, machine_kind):
    run = k32("run", "-I", HERE, PROGS / name, *options, "--max-steps", 2_000_000_000)
    assert run.exit_code == 0, f"{name}: case {run.exit_code} failed\n{run.stderr}"


def test_without_the_plug_the_wait_is_a_deadlock(k32):
    run = k32("run", "-I", HERE, PROGS / "plug.s")
    assert run.exit_code == 124
    assert "deadlock" in run.stderr


def test_an_unplugged_clock_does_not_answer(k32):
    """bus.s run with no clock: slot 3 empty is its case 5 (class)."""
    run = k32("run", "-I", HERE, PROGS / "bus.s")
    assert run.exit_code == 5


def test_polling_the_clock_counts_the_same_translated_or_not(k32, monkeypatch):
    counts = []
    for jit in ("1", "0"):
        monkeypatch.setenv("K32_JIT", jit)
        run = k32("run", PROGS / "poll.s", "--rtc", "2026-12-06T12:00:00")
        assert run.exit_code == 0, run.stderr
        counts.append(run.stdout)
    assert counts[0] == counts[1]
    polls = int(counts[0], 16)
    assert 9_000_000 < polls < 10_000_001       # three seconds of 3-instruction polls


@pytest.mark.parametrize("options, message", [
    (["--plug", "x:rtc"], "--plug 'x:rtc': give TIME:DEVICE"),
    (["--plug", "5:printer"], "printer: no such device (devices to plug: rtc)"),
    (["--plug", "5:disk"], "disk: a fixed device of the machine"),
    (["--unplug", "5:rtc"], "--unplug 5:rtc: rtc is not plugged in then"),
    (["--plug", "5:rtc", "--plug", "9:rtc"], "--plug 9:rtc: rtc is already plugged in then"),
    (["--rtc", "2026-13-01T00:00:00"], "month must be in 1..12"),
    (["--rtc", "tomorrow"], "give a UTC time as YYYY-MM-DDTHH:MM:SS, or 'host'"),
    (["--rtc", "1969-12-31T23:59:59"], "the clock keeps years 1970 to 2099"),
])
def test_bad_bus_options_get_one_line(k32, options, message):
    run = k32("run", "-I", HERE, PROGS / "bus.s", *options)
    assert run.exit_code != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], run.stderr
    assert "Traceback" not in run.stderr


def test_reverse_execution_across_a_plug_is_exact(k32, tmp_path):
    """A plug from the command line (at 5000, while plug.s waits in wfi)
    and an unplug from the debugger's monitor: going back before each and
    forward again gives the same state, the program's end included."""
    script = tmp_path / "cmds"
    script.write_text("\n".join([
        "stepi 30", "info registers a3 a4 a5", "monitor info devices",
        "reverse-stepi 25", "monitor info devices",
        "stepi 25", "info registers a3 a4 a5",
        "monitor device_del rtc", "monitor device_del rtc", "monitor device_add printer",
        "stepi 30", "info registers a3 a4 a5 gp",
        "reverse-stepi 28", "monitor info devices",
        "stepi 28", "info registers a3 a4 a5 gp", "monitor bogus",
    ]) + "\n")
    run = k32("debug", "-I", HERE, PROGS / "plug.s", "--plug", "5000:rtc", "-x", script, "--batch")
    text = run.stdout.decode()
    regs = re.findall(r"^(a[345]|gp) +(0x[0-9a-f]+)", text, re.M)
    assert len(regs) == 14, text
    woken, replayed, ended, ended_again = regs[0:3], regs[3:6], regs[6:10], regs[10:14]
    assert woken == [("a3", "0x80000003"), ("a4", "0x00000008"), ("a5", "0x00000004")], text
    assert replayed == woken
    tables = text.split("slot  device")[1:]
    assert ["3     rtc" in t for t in tables] == [True, False, True], text
    # pulled out by the monitor while the handler ran: the program sees the
    # slot empty at its check 3, and does again when replayed
    assert re.search(r"rtc: unplugged from slot 3 at instruction 50\d\d", text), text
    assert text.count("[program exited with status 3 (debug-exit port)]") == 2, text
    assert ended == ended_again and ("a5", "0x00000000") in ended
    assert "device_del: rtc: not plugged in" in text
    assert "device_add: printer: no such device (devices to plug: rtc)" in text
    assert "unknown command: 'bogus'" in text


def test_the_monitor_on_a_terminal(tmp_path):
    child = pexpect.spawn(sys.executable, ["-m", "vm.cli", "run", str(PROGS / "echo.s")],
                          cwd=str(ROOT), timeout=60)
    child.send("ar")
    child.expect_exact("a0")                    # echoed; slot 3 empty
    child.send("\x01c")
    child.expect_exact("(k32-monitor) ")
    child.send("info devices\r")
    child.expect_exact("free slots: 3, 4, 5, 6, 7")
    child.expect_exact("(k32-monitor) ")
    child.send("device_add rtc\r")
    child.expect(r"rtc: plugged into slot 3 at instruction \d+")
    child.send("device_add rtc\r")
    child.expect_exact("device_add: rtc: already plugged in (slot 3)")
    child.send("frobnicate\r")
    child.expect_exact("unknown command: 'frobnicate'")
    child.send("help\r")
    child.expect_exact("device_del NAME")
    child.send("b")                             # typed at the monitor: not the guest's
    child.send("\x01c")
    child.send("r")
    child.expect_exact("4")                     # the guest sees the clock in slot 3
    assert not child.before.endswith(b"b")      # the monitor's "b" never reached the guest
    child.send("\x01cdevice_del rtc\r")
    child.expect_exact("rtc: unplugged from slot 3")
    child.send("\x01cr")
    child.expect_exact("0")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
