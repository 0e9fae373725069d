"""A device plugged in while the microkernel runs (issue 18; docs/micro.md,
"Devices that come and go"): the kernel reports the hot-plug bus's events to
RS, which starts /BIN/RTCDRV from the disk with exactly the clock's ports and
IRQ, lists it, stops it when the clock leaves, restarts it when it crashes
and starts it by hand with `service up`.  `date` asks FS, which passes the
call on to the driver; FS stamps the files it writes with the driver's time.

Everything through `k32 boot --kernel micro --plug/--unplug/--rtc` with
scripted console input.  Builds go to a scratch $K32_BUILD, disks are
private copies (or --snapshot).
"""

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import needs_host_tools
from test_micro import boot as micro_boot, k32_in, service_table

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RTC_HZ = 10_000_000                     # instructions per second of the clock
START = datetime.datetime(2026, 12, 6, 12, 0, 0)     # the clock's default start (UTC)
PLUG = 20_000_000                       # instructions: after the first prompt
STARTED = "rs: slot 3: rtc: started rtcdrv"
DATE = re.compile(r"^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                  r"([ \d]\d) (\d\d):(\d\d):(\d\d) UTC (\d{4})$")


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    build = tmp_path_factory.mktemp("build")
    assert k32_in(build, "build").exit_code == 0
    return build


def boot(build, typed, *extra):
    """test_micro's boot, on a snapshot of the default disk unless --disk is given."""
    if "--disk" not in extra:
        extra = ("--snapshot", *extra)
    return micro_boot(build, typed, *extra)


def outputs(text, command):
    """What each run of `command` printed, in order (its echoed line to the next prompt)."""
    return [part.split("$ ", 1)[0] for part in text.split(f"$ {command}\n")[1:]]


def after_prompt(text, command):
    return outputs(text, command)[0]


def clock_reading(out):
    """The time a `date` printed (naive UTC), or None if it printed no date."""
    match = DATE.match(out.strip())
    if not match:
        return None
    when = datetime.datetime.strptime(out.strip(), "%a %b %d %H:%M:%S UTC %Y")
    assert out.strip() == when.strftime("%a %b ") + f"{when.day:2d}" + when.strftime(
        " %H:%M:%S UTC %Y"), out                    # GNU date's own layout
    return when


def disk_with(build, tmp_path, *adds):
    """A fresh default disk with host files added (`k32 mkdisk --add`)."""
    disk = tmp_path / "disk.img"
    made = k32_in(build, "mkdisk", "-o", disk, *[a for spec in adds for a in ("--add", spec)])
    assert made.exit_code == 0, made.stderr
    return disk


def driver(build, tmp_path, source, name, *defines):
    """A driver assembled as the micro drivers are (server.s, the shared drivers)."""
    out = tmp_path / name
    done = k32_in(build, "asm", "-I", ROOT / "os/micro/lib", "-I", ROOT / "os",
                  "-I", ROOT / "os/include", *[a for d in defines for a in ("-D", d)],
                  source, "-o", out)
    assert done.exit_code == 0, done.stderr
    return out


# --- plug, date, list, unplug ---------------------------------------------------------

def test_plugging_the_clock_starts_its_driver_and_date_reads_it(build):
    typed = "date\necho \"status $?\"\nsleep 3\nservice list\ndate\necho \"status $?\"\n"
    status, text = boot(build, typed, "--plug", f"{PLUG}:rtc")
    assert status == 0, text[-2000:]
    before = after_prompt(text, "date")
    assert before == "date: no clock\n", text
    assert outputs(text, 'echo "status $?"')[0] == "status 1\n"
    assert re.search(rf"^{re.escape(STARTED)}$", text, re.M), text
    assert text.count(STARTED) == 1
    table = service_table(after_prompt(text, "service list"))
    assert list(table) == ["pm", "fs", "rs", "tty", "disk", "rtcdrv"], text
    assert table["rtcdrv"] == (6, "up", 0)
    when = clock_reading(outputs(text, "date")[1])
    assert when is not None, text
    # the clock's time is its start plus the machine's instructions / RTC_HZ:
    # read after `sleep 3` (300 ticks of 100,000 instructions), the plug
    # (2 s) meanwhile, and little else
    seconds = (when - START).total_seconds()
    assert max(3, PLUG / RTC_HZ) <= seconds <= 5, when
    assert outputs(text, 'echo "status $?"')[1] == "status 0\n"


def test_a_clock_present_at_boot_and_its_start_time(build):
    status, text = boot(build, "date\n", "--rtc", "2030-01-02T03:04:05")
    assert status == 0
    head = text.split("$ ", 1)[0]
    assert re.search(rf"^{re.escape(STARTED)}$", head, re.M), text  # before the first prompt
    assert clock_reading(after_prompt(text, "date")) == datetime.datetime(2030, 1, 2, 3, 4, 5)


def test_unplugging_stops_the_driver_and_date_has_no_clock(build):
    typed = "sleep 3\ndate\nsleep 4\nservice list\ndate\necho \"status $?\"\nservice kill rtcdrv\n"
    status, text = boot(build, typed, "--plug", f"{PLUG}:rtc", "--unplug", f"{PLUG + 40_000_000}:rtc")
    assert status == 0
    assert clock_reading(outputs(text, "date")[0]) is not None, text
    assert re.search(r"^rs: slot 3: rtc: removed, stopping rtcdrv$", text, re.M), text
    assert "rtcdrv" not in service_table(after_prompt(text, "service list"))
    assert outputs(text, "date")[1] == "date: no clock\n"
    assert after_prompt(text, 'echo "status $?"') == "status 1\n"
    assert "service: no such service: rtcdrv" in after_prompt(text, "service kill rtcdrv")
    assert "died" not in text                       # stopped, not crashed: no restart


def test_unplugging_while_dates_run_never_hangs(build):
    """The clock leaves in the middle of a run of `date`s: each one prints the
    time, or says there is no clock (or that it went away), and the shell
    goes on."""
    typed = "sleep 3\n" + "date\n" * 40 + "echo end\n"
    status, text = boot(build, typed, "--plug", f"{PLUG}:rtc", "--unplug", f"{PLUG + 16_000_000}:rtc")
    assert status == 0, text[-2000:]
    said = []
    for out in outputs(text, "date"):
        lines = [line for line in out.splitlines() if not line.startswith("rs: ")]
        assert len(lines) == 1, out
        said.append("time" if clock_reading(lines[0]) else lines[0])
    assert len(said) == 40
    assert set(said) <= {"time", "date: no clock", "date: the clock went away"}, said
    assert said[0] == "time" and said[-1] == "date: no clock", said
    assert "removed, stopping rtcdrv" in text and after_prompt(text, "echo end") == "end\n"


def test_plug_unplug_plug_again(build):
    typed = "sleep 3\nsleep 4\nsleep 4\ndate\nservice list\n"
    _, text = boot(build, typed, "--plug", f"{PLUG}:rtc", "--unplug", f"{PLUG + 30_000_000}:rtc",
                   "--plug", f"{PLUG + 60_000_000}:rtc")
    assert text.count(STARTED) == 2, text
    assert text.count("removed, stopping rtcdrv") == 1
    assert clock_reading(after_prompt(text, "date")) is not None, text
    assert service_table(after_prompt(text, "service list"))["rtcdrv"] == (6, "up", 0)
    # out and in again at once: the kernel sees a device there when it looks,
    # an arrival; the driver that runs keeps it
    _, text = boot(build, "sleep 6\ndate\n", "--plug", f"{PLUG}:rtc",
                   "--unplug", f"{PLUG + 20_000_000}:rtc", "--plug", f"{PLUG + 20_000_001}:rtc")
    assert text.count(STARTED) == 1 and "removed" not in text, text
    assert clock_reading(after_prompt(text, "date")) is not None, text


# --- restarts -----------------------------------------------------------------------

def test_killing_the_driver_restarts_it(build):
    typed = "sleep 3\nservice kill rtcdrv\nsleep 1\nservice list\ndate\n"
    _, text = boot(build, typed, "--plug", f"{PLUG}:rtc")
    assert re.search(r"^rs: rtcdrv \(ep 6\) died \(status 137\), restarting", text, re.M), text
    assert service_table(after_prompt(text, "service list"))["rtcdrv"] == (6, "up", 1)
    assert clock_reading(after_prompt(text, "date")) is not None, text


def test_a_driver_that_crashes_is_restarted_and_a_call_it_took_fails(build, tmp_path):
    """The driver answers one request of each start and faults on the next: the
    `date` whose request it took gets -EIO (never a hang), RS restarts it from
    its copy of the program, and the next `date` is answered."""
    crashy = driver(build, tmp_path, ROOT / "os/micro/bin/rtcdrv.s", "crashy.kx", "CRASH_AFTER=1")
    disk = disk_with(build, tmp_path, f"{crashy}:/CRASHY")
    typed = ("cp /CRASHY /BIN/RTCDRV\nsleep 3\ndate\ndate\necho \"status $?\"\nsleep 1\ndate\n"
             "service list\n")
    status, text = boot(build, typed, "--disk", disk, "--plug", f"{PLUG + 10_000_000}:rtc")
    assert status == 0, text[-2000:]
    dates = outputs(text, "date")
    assert clock_reading(dates[0]) is not None, text
    assert re.search(r"^pid 6 \(rtcdrv\): page fault on load at pc 0x[0-9a-f]+ address 0x00000000$",
                     dates[1], re.M), text
    assert "date: the clock went away" in dates[1], text
    assert re.search(r"^rs: rtcdrv \(ep 6\) died \(status 139\), restarting \(backoff 1\)$",
                     dates[1], re.M), text
    assert after_prompt(text, 'echo "status $?"') == "status 1\n"
    assert clock_reading(dates[2]) is not None, text
    assert service_table(after_prompt(text, "service list"))["rtcdrv"] == (6, "up", 1)


# --- service up -----------------------------------------------------------------------

def test_service_up_by_hand(build):
    """With no /BIN/RTCDRV when the clock arrives, RS says it cannot start it;
    once the program is there, `service up` starts it, bound to the clock."""
    typed = ("service up /BIN/RTCDRV\nmv /BIN/RTCDRV /RTCDRV\nsleep 3\ndate\n"
             "mv /RTCDRV /BIN/RTCDRV\nservice up /bin/rtcdrv\necho \"status $?\"\ndate\n"
             "service up /BIN/RTCDRV\nservice up /BIN/SH\nservice list\n")
    status, text = boot(build, typed, "--plug", f"{PLUG + 10_000_000}:rtc")
    assert status == 0, text[-2000:]
    ups = outputs(text, "service up /BIN/RTCDRV")
    assert ups[0] == "service: /BIN/RTCDRV: no device of its class on the bus\n", text
    assert re.search(r"^rs: slot 3: rtc: cannot start /BIN/RTCDRV \(error -2\)$", text, re.M), text
    assert outputs(text, "date")[0] == "date: no clock\n"
    assert after_prompt(text, "service up /bin/rtcdrv") == STARTED + "\n"
    assert after_prompt(text, 'echo "status $?"') == "status 0\n"
    assert clock_reading(outputs(text, "date")[1]) is not None, text
    assert ups[1] == "service: /BIN/RTCDRV is running already\n"
    assert after_prompt(text, "service up /BIN/SH") == "service: /BIN/SH is not a driver of a device\n"
    assert service_table(after_prompt(text, "service list"))["rtcdrv"] == (6, "up", 0)


# --- privileges -----------------------------------------------------------------------

def test_the_clock_driver_has_the_clocks_ports_and_irq_and_nothing_more(build, tmp_path):
    probe = driver(build, tmp_path, HERE / "micro_rtc_probe.s", "probe.kx")
    disk = disk_with(build, tmp_path, f"{probe}:/RTCPROBE")
    status, text = boot(build, "cp /RTCPROBE /BIN/RTCDRV\nsleep 3\n", "--disk", disk,
                        "--plug", f"{PLUG + 10_000_000}:rtc")
    assert status == 0, text[-2000:]
    assert "rtcprobe: device port 0x70 irq 4" in text, text
    assert "rtcprobe: own port (century) -> 20" in text
    assert re.search(r"^kernel: ep 6 \(rtcdrv\): message to ep 5 refused\n"
                     r"rtcprobe: message to the disk driver -> -1$", text, re.M), text
    assert re.search(r"^kernel: ep 6 \(rtcdrv\): kernel call 131 refused\n"
                     r"rtcprobe: grant copy -> -1$", text, re.M), text
    # the disk's ports are not its own: refused, logged, and it dies of it
    assert re.search(r"^rtcprobe: the disk's status port next\n"
                     r"kernel: ep 6 \(rtcdrv\): port 0x1f7 refused\n"
                     r"rs: rtcdrv \(ep 6\) died \(status 139\), restarting", text, re.M), text
    assert "still alive" not in text


# --- file stamps ----------------------------------------------------------------------

@needs_host_tools("mdir")
def test_fs_stamps_files_with_the_drivers_time(build, tmp_path):
    disk = disk_with(build, tmp_path)
    typed = "echo before > /OLD.TXT\nsleep 3\necho after > /NEW.TXT\nls -l /OLD.TXT\nls -l /NEW.TXT\n"
    status, text = boot(build, typed, "--disk", disk, "--rtc", "2031-05-17T08:30:00")
    assert status == 0, text[-2000:]
    assert re.search(r"^- +6 May 17 08:30 /NEW.TXT$", after_prompt(text, "ls -l /NEW.TXT"), re.M), text
    assert re.search(r"^- +7 May 17 08:30 /OLD.TXT$", after_prompt(text, "ls -l /OLD.TXT"), re.M), text
    listing = subprocess.run(["mdir", "-i", str(disk), "::/NEW.TXT"], capture_output=True,
                             env={**os.environ, "MTOOLS_SKIP_CHECK": "1"}, timeout=60)
    assert listing.returncode == 0, listing.stderr
    assert re.search(rb"NEW +TXT +6 2031-05-17 +8:30", listing.stdout), listing.stdout


def test_no_clock_no_stamp(build, tmp_path):
    """Without a clock FS falls back to FS_DATE 00:00, as the other kernels do."""
    status, text = boot(build, "echo x > /X.TXT\nls -l /X.TXT\n")
    assert status == 0
    assert re.search(r"^- +2 \w{3} [ \d]\d +(\d{4}|00:00) /X.TXT$", after_prompt(text, "ls -l /X.TXT"),
                     re.M), text


# --- the rest is unaffected -------------------------------------------------------------

def test_usertests_pass_with_the_clock_plugged_in(build):
    status, text = boot(build, "usertests\necho \"status $?\"\n", "--rtc", "2026-12-06T12:00:00")
    assert STARTED in text
    summary = re.search(r"^usertests: (\d+) passed, (\d+) failed$", text, re.M)
    assert summary and summary.group(2) == "0", text[-3000:]
    assert "status 0" in after_prompt(text, 'echo "status $?"')
    assert "rs: rtcdrv" not in text                 # never taken for hung, never died
    assert status == 0
