"""usertests, the OS's own test suite (programs/bin/usertests.s), booted the
way a user runs it: `k32 boot --snapshot` with the shell typing `usertests`,
on both kernels: the same binary must pass on the monolithic kernel and on
the microkernel.

One boot runs every case; each case is then its own pytest test, so a
kernel bug shows up as the one case it breaks, with usertests' own account
of what went wrong.  A second boot checks the runner: named cases only, an
unknown name, the exit status.  The builds go to a scratch $K32_BUILD, so
the repository's build/ is left alone.
"""

import re
from pathlib import Path

import pytest

from conftest import run_k32

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "programs/bin/usertests.s"
MAX_STEPS = 3_000_000_000          # a whole run takes well under 500M instructions
CASES = re.findall(r"^\s+CASE\s+(\w+),", SOURCE.read_text(), re.M)
CASE_LINE = re.compile(r"^(\w+): (OK|FAILED.*)$", re.M)
SUMMARY = re.compile(r"^usertests: (\d+) passed, (\d+) failed$", re.M)


def boot(build, typed, kernel="mono"):
    """Boot the OS with `typed` as console input -> (exit status, console text)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        result = run_k32("boot", "--kernel", kernel, "--snapshot", "--input", typed,
                         "--max-steps", MAX_STEPS)
    assert "kernel panic" not in result.stdout.decode("latin-1"), result.stdout.decode("latin-1")
    return result.exit_code, result.stdout.decode("latin-1").replace("\r\n", "\n")


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="module", params=["mono", "micro", "modular"])
def full_run(build, request):
    """Every case, on one kernel; then the shell still answers, and says
    usertests' status ($? on a line of its own: the shell expands it when it
    reads a line) and what / holds."""
    return boot(build, 'usertests\necho "status $?"; echo alive\nls /\n', request.param)


def reasons(text, name):
    """usertests' own lines about a case (what failed, and with what)."""
    return "\n".join(re.findall(rf"^usertests: {name}: .*$", text, re.M))


def test_the_case_table_is_read():
    assert len(CASES) >= 50 and len(set(CASES)) == len(CASES)
    assert {"in", "badload", "ptrwrite", "forkbomb", "bigfile", "pipe"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_case(full_run, name):
    _, text = full_run
    results = dict(CASE_LINE.findall(text))
    assert name in results, f"{name}: no result line (did the run end early?)\n{text[-3000:]}"
    assert results[name] == "OK", f"{name}: {results[name]}\n{reasons(text, name)}"


def test_summary_status_and_shell_after(full_run):
    status, text = full_run
    summary = SUMMARY.search(text)
    assert summary, text[-3000:]
    failed = [f"{n}: {r}" for n, r in CASE_LINE.findall(text) if r != "OK"]
    assert summary.groups() == (str(len(CASES)), "0"), "\n".join(failed)
    after = text[summary.end():]
    assert re.search(r"^status 0$", after, re.M), after
    assert re.search(r"^alive$", after, re.M), after     # the shell still answers
    listing = after.split("$ ls /", 1)[1]
    assert "cleanup" not in text                          # /TMPUT went away...
    assert "TMPUT" not in listing and "BIN" in listing    # ...as `ls /` shows
    assert status == 0                                    # end of input: init powers off


def test_named_cases_and_unknown_names(build):
    status, text = boot(build, 'usertests exitwait pipe nosuch\necho "status $?"\n')
    assert "usertests: no case named nosuch" in text
    assert [n for n, _ in CASE_LINE.findall(text)] == ["exitwait", "pipe"]
    assert re.search(r"^usertests: 2 passed, 1 failed$", text, re.M), text
    assert re.search(r"^status 1$", text, re.M), text
    assert status == 0
