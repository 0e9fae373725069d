"""System calls fuzzed on both kernels (issue 8): programs/bin/sysfuzz.s
issues random system-call numbers and arguments from a seed, and the
system must come through it.

For each kernel form: a private copy of the default disk, booted (not
--snapshot: the disk is checked afterwards) with the shell typing
`sysfuzz N SEED` and then `echo alive`.  Then: no kernel panic, no PM panic,
no hang (the step budget; the run ends with init's poweroff, status 0),
sysfuzz's closing line (it did not die: no call corrupted its memory), the
shell still answers, the system boots a shell again from that disk, and
`fsck.fat -n` passes on it.

The CI size is CALLS calls with a fixed seed per kernel; the long campaign
(10^5-10^6 calls per kernel, several seeds) is in docs/fuzzing.md, run with
the same program: `k32 boot --disk COPY --input 'sysfuzz 1000000 SEED\\n'`.

Each kernel bug sysfuzz found has a regression test named after it, running
a case of tests/os/fzreg.s (added to the disk as /BIN/FZREG) on both kernels.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import host_tool, needs_host_tools, run_k32

ROOT = Path(__file__).resolve().parents[2]
KERNELS = ["mono", "micro", "modular"]
CALLS = 10_000                  # CI size: about 3 s of boot per kernel
SEEDS = {"mono": 1234, "micro": 1234, "modular": 1234}
MAX_STEPS = 20_000_000_000      # 10^4 calls take well under 10^9 instructions
PANICS = ("kernel panic", "pm: panic")


def k32_in(build, *args):
    """`k32 ARGS` with K32_BUILD = build (the repository's build/ is left alone)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        return run_k32(*args)


def boot(build, kernel, disk, typed, *extra, max_steps=MAX_STEPS):
    """Boot `kernel` on `disk` with `typed` as input -> (status, console
    text, stderr)."""
    result = k32_in(build, "boot", "--kernel", kernel, "--disk", disk, "--input", typed,
                    "--max-steps", max_steps, *extra)
    assert "Traceback" not in result.stderr, result.stderr
    text = result.stdout.decode("latin-1").replace("\r\n", "\n")
    for panic in PANICS:
        assert panic not in text, text[-3000:]
    return result.exit_code, text, result.stderr


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """A scratch build directory with the kernels, programs and default disk."""
    build = tmp_path_factory.mktemp("build")
    result = k32_in(build, "build")
    assert result.exit_code == 0, result.stderr
    return build


@pytest.fixture(scope="module", params=KERNELS)
def fuzzed(build, tmp_path_factory, request):
    """One sysfuzz run on a private copy of the default disk ->
    (kernel, disk, exit status, console text, stderr)."""
    kernel = request.param
    disk = tmp_path_factory.mktemp(f"fuzz-{kernel}") / "disk.img"
    shutil.copyfile(build / "disk.img", disk)
    typed = f"sysfuzz {CALLS} {SEEDS[kernel]}\necho alive\n"
    status, text, stderr = boot(build, kernel, disk, typed)
    return kernel, disk, status, text, stderr


def test_sysfuzz_runs_to_the_end_and_the_shell_survives(fuzzed):
    kernel, _, status, text, stderr = fuzzed
    assert status == 0, f"{kernel}: status {status}: {stderr}\n{text[-3000:]}"
    done = re.search(rf"^sysfuzz: {CALLS} calls, seed {SEEDS[kernel]}$", text, re.M)
    assert done, text[-3000:]
    assert re.search(r"^alive$", text[done.end():], re.M), text[-3000:]


def test_no_driver_is_blamed_for_a_program_s_bad_call(fuzzed):
    """A bad buffer is the program's fault: the disk driver must not be
    killed for it (see test_regression_read_into_unmapped_memory_kills_the_disk_driver)."""
    _, _, _, text, _ = fuzzed
    assert "answered an error" not in text, text[-3000:]
    assert "lost a request" not in text and "does not answer" not in text, text[-3000:]


def test_the_disk_boots_a_shell_again(build, fuzzed):
    kernel, disk, _, _, _ = fuzzed
    status, text, stderr = boot(build, kernel, disk, "ls /\necho again\n", "--snapshot")
    assert status == 0, stderr
    assert re.search(r"^again$", text, re.M), text[-3000:]
    assert "BIN" in text


@needs_host_tools("fsck.fat")
def test_the_disk_passes_fsck(fuzzed):
    kernel, disk, _, _, _ = fuzzed
    check = subprocess.run([host_tool("fsck.fat"), "-n", disk], capture_output=True, text=True)
    assert check.returncode == 0, f"{kernel}:\n{check.stdout}{check.stderr}"


def test_sysfuzz_is_deterministic_and_refuses_bad_usage(build, tmp_path):
    """The same seed on the same disk gives the same calls (-v prints them);
    a bad argument is a usage error, not a run."""
    disk = tmp_path / "disk.img"
    shutil.copyfile(build / "disk.img", disk)
    typed = "sysfuzz 50 7 -v\nsysfuzz x\necho status $?\n"
    traces = []
    for _ in range(2):
        status, text, _ = boot(build, "mono", disk, typed, "--snapshot")
        assert status == 0, text
        traces.append(re.findall(r"^sysfuzz: #\d+ call .*$", text, re.M))
    assert len(traces[0]) == 50 and traces[0] == traces[1], traces
    assert "usage: sysfuzz" in text and re.search(r"^status 2$", text, re.M), text


# The fuzzer's own deadlock (issue 20): seed 4242 made call 10,751 exec
# /BIN/ECHO (NULL argv) in a child whose fd 1 was the write end of a full
# pipe, the read end held by the fuzzer -- which was waiting for that child.
DEADLOCK_SEED = 4242
DEADLOCK_CALLS = 10_800


@pytest.mark.parametrize("kernel", KERNELS)
def test_regression_child_blocked_on_a_pipe_the_fuzzer_holds_deadlocks(build, kernel):
    """sysfuzz waited without a bound for the child of an exec or exit call;
    a child blocked for ever (here ECHO writing a full pipe whose read end
    only the waiting fuzzer held) stopped the run at call 10,751 of seed
    4242 on both kernels, 30 zombies left.  The fuzzer must kill such a
    child after a bound, run to its end, and leave no zombie behind."""
    typed = f"sysfuzz {DEADLOCK_CALLS} {DEADLOCK_SEED}\nps\necho alive\n"
    status, text, stderr = boot(build, kernel, build / "disk.img", typed, "--snapshot")
    assert status == 0, f"{kernel}: status {status}: {stderr}\n{text[-3000:]}"
    done = re.search(rf"^sysfuzz: {DEADLOCK_CALLS} calls, seed {DEADLOCK_SEED}$", text, re.M)
    assert done, text[-3000:]
    table = text[done.end():]
    assert re.search(r"^  PID  PPID STATE", table, re.M), table
    assert "zombie" not in table, table
    assert re.search(r"^alive$", table, re.M), table


# --- regressions: one per bug sysfuzz found ----------------------------------

@pytest.fixture(scope="module")
def regress_disk(build, tmp_path_factory):
    """The default programs plus tests/os/fzreg.s as /BIN/FZREG."""
    tmp = tmp_path_factory.mktemp("fzreg")
    exe = tmp / "FZREG.kx"
    made = k32_in(build, "asm", ROOT / "tests/os/fzreg.s", "-I", ROOT / "programs/lib",
                  "-I", ROOT / "os/include", "-o", exe)
    assert made.exit_code == 0, made.stderr
    disk = tmp / "disk.img"
    made = k32_in(build, "mkdisk", "-o", disk, "--add", f"{exe}:/BIN/FZREG")
    assert made.exit_code == 0, made.stderr
    return disk


def regression(build, disk, kernel, case):
    """Run `fzreg CASE` on `kernel` -> the console text after it; the case
    must say OK, the kernel must not panic or hang."""
    status, text, stderr = boot(build, kernel, disk, f"fzreg {case}\n", "--snapshot",
                                max_steps=1_000_000_000)
    assert status == 0, f"status {status} (a hang ends at the step limit): {stderr}\n{text}"
    assert re.search(rf"^{case}: OK$", text, re.M), text
    return text


@pytest.mark.parametrize("kernel", KERNELS)
def test_regression_sleep_int_min_hangs(build, regress_disk, kernel):
    """mono: sleep(0x80000000) computed its wake-up as ticks + n, which for
    n = INT_MIN reads as 2^31 ticks away: the process slept for ever
    instead of returning at once (n <= 0)."""
    regression(build, regress_disk, kernel, "sleepmin")


@pytest.mark.parametrize("kernel", KERNELS)
def test_regression_read_into_unmapped_memory_kills_the_disk_driver(build, regress_disk, kernel):
    """micro: a read of a file into memory that is not mapped made the disk
    driver's transfer into the program's (passed-on) grant fail; FS took
    that for a driver error, complained, and RS killed and restarted the
    driver up to 8 times with backoff -- and the transfer left half done
    made the next request fail too.  The read must give -EFAULT with no
    driver blamed."""
    text = regression(build, regress_disk, kernel, "readunmapped")
    assert "answered an error" not in text and "died" not in text, text


@pytest.mark.parametrize("kernel", KERNELS)
def test_regression_unknown_call_number_overwrites_a5(build, regress_disk, kernel):
    """micro: a system-call number that is no call, no IPC operation and no
    kernel call returned -ENOSYS in a5 as well as a0; the ABI changes only
    a0 (mono always did)."""
    regression(build, regress_disk, kernel, "enosys")


@needs_host_tools("fsck.fat")
@pytest.mark.parametrize("kernel", KERNELS)
def test_regression_rmdir_of_a_current_directory_leaks_clusters(build, tmp_path, kernel):
    """Both: rmdir of a directory that was a process's current directory
    worked, and the process went on creating files in the directory's
    freed clusters -- a cluster fsck.fat reclaimed, or another file's data
    overwritten (sysfuzz 833 4: mkdir /FZ/B.TXT, chdir there, rmdir it,
    open FZREL.TXT O_CREAT, write).  rmdir must give -EBUSY while it is
    someone's cwd, and work once nobody is in it."""
    disk = tmp_path / "disk.img"
    shutil.copyfile(build / "disk.img", disk)
    typed = ("mkdir /D\ncd /D\nrmdir /D\necho busy $?\necho x > F\ncd /\n"
             "rm /D/F\nrmdir /D\necho gone $?\n")
    status, text, stderr = boot(build, kernel, disk, typed)
    assert status == 0, f"{stderr}\n{text}"
    assert re.search(r"^busy 1$", text, re.M) and re.search(r"^gone 0$", text, re.M), text
    check = subprocess.run([host_tool("fsck.fat"), "-n", disk], capture_output=True, text=True)
    assert check.returncode == 0, f"{check.stdout}{check.stderr}"
