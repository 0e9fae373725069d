"""The calendar of os/include/civil.s (civil_days, civil_date, clock_fat),
shared by the kernels' clock code and /bin/date, on a bare machine through
tests/os/civil_harness.s, against Python's datetime."""

import datetime
import pytest
import random
import shutil
from pathlib import Path

from conftest import run_k32

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tests" / "os" / "civil_harness.s"


def expected(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    days = t // 86400
    weekday = (d.weekday() + 1) % 7             # 0 = Sunday
    if d.year >= 1980:
        fat = ((d.year - 1980) << 9 | d.month << 5 | d.day) << 16 \
            | d.hour << 11 | d.minute << 5 | d.second // 2
    else:
        fat = (1 << 5 | 1) << 16
    return [t, d.year, d.month, d.day, weekday, fat, days]


def test_civil_matches_datetime(tmp_path):
    rng = random.Random(18)
    times = [0, 59, 86399, 86400, 68169600, 315532799, 315532800, 951782400,
             951868799, 951868800, 1796558400, 1796558405, 2145916799,
             2147483647]
    times += [rng.randrange(0, 2**31) for _ in range(200)]
    shutil.copy(HARNESS, tmp_path / "civil_harness.s")
    (tmp_path / "civil_times.inc").write_text(
        "".join(f"        .word {t}\n" for t in times))
    r = run_k32("run", tmp_path / "civil_harness.s", "-I", ROOT / "os" / "include",
                "-I", ROOT / "os", "-I", ROOT / "tests" / "os", "-I", tmp_path,
                "--max-steps", "10000000")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.decode().splitlines()
    assert len(lines) == len(times)
    for t, line in zip(times, lines):
        assert [int(w, 16) for w in line.split()] == expected(t), (t, line)


@pytest.mark.parametrize("unplug", range(3000, 3400, 37))
def test_rtc_read_while_the_clock_goes(unplug):
    """rtc_read in a loop while the clock is pulled out at an instruction
    that falls anywhere in a read: the clock's time until then, -EIO from
    then on (never a wrong time, never a hang)."""
    src = ROOT / "tests" / "os" / "rtc_harness.s"
    r = run_k32("run", src, "-I", ROOT / "os" / "mono", "-I", ROOT / "os",
                "-I", ROOT / "os" / "include", "-I", ROOT / "tests" / "os", "--rtc", "2026-12-06T12:00:00",
                "--unplug", f"{unplug}:rtc", "--max-steps", "10000000")
    assert r.exit_code == 0, r.stderr
    values = [int(w, 16) for w in r.stdout.decode().split()]
    assert len(values) == 40
    eio = (-5) & 0xFFFFFFFF
    first = values.index(eio)
    assert 0 < first < 40, values
    assert set(values[:first]) == {1796558400}, values
    assert set(values[first:]) == {eio}, values
