"""`k32 inject`: small fault-injection campaigns through the CLI, the
classification of faults whose outcome is known in advance, and its option
errors.

A campaign boots a kernel once per run, so the sizes here are small; the
published figures (docs/measurements.md) come from 1000 runs per kernel."""

import json

import pytest

from tests.conftest import needs_host_tools, run_k32
from vm.tools.inject import FAULT_TYPES, OUTCOMES

pytestmark = needs_host_tools("mtype", "fsck.fat")


def campaign(tmp_path, *args):
    """(CliRun, the JSON document) of `k32 inject ARGS --json F`."""
    out = tmp_path / f"inject{len(list(tmp_path.iterdir()))}.json"
    run = run_k32("inject", *args, "--json", out)
    assert run.exit_code == 0, run.stderr
    return run, json.loads(out.read_text())


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("inject")
    run, doc = campaign(tmp, "--kernel", "both", "--runs", "12", "--seed", "5", "--jobs", "2",
                        "--plot", tmp / "outcomes.svg")
    return run, doc, tmp / "outcomes.svg"


def test_a_campaign_on_both_kernels_classifies_every_run(both):
    run, doc, _ = both
    text = run.stdout.decode()
    assert [c["summary"]["kernel"] for c in doc["campaigns"]] == ["mono", "micro"]
    for c in doc["campaigns"]:
        s, runs = c["summary"], c["runs"]
        assert f"k32 inject --kernel {s['kernel']}: 12 runs, seed 5" in text
        assert len(runs) == 12 and [r["run"] for r in runs] == list(range(12))
        assert {r["fault"] for r in runs} == set(FAULT_TYPES)       # every type, in turn
        assert all(r["outcome"] in OUTCOMES for r in runs)
        table = s["table"]
        assert sum(table["all"][o] for o in OUTCOMES) == 12
        for fault in FAULT_TYPES:
            assert sum(table[fault][o] for o in OUTCOMES) == table[fault]["runs"] == 2
        assert s["runs_per_second"] > 0
        # A run that says it recovered had its driver restarted and its data right.
        for r in runs:
            if r["outcome"] == "recovered":
                assert r["driver_restarts"] > 0 and not r["completed_data_damaged"]
                assert "fsload: ok" in r["console_tail"]
    mono = doc["campaigns"][0]["runs"]
    assert all(r["driver_restarts"] == 0 for r in mono)            # nobody restarts it there
    assert "runs/s" in text


def test_the_same_seed_gives_the_same_campaign_whatever_the_jobs(both, tmp_path):
    _, doc, _ = both
    _, again = campaign(tmp_path, "--kernel", "micro", "--runs", "6", "--seed", "5", "--jobs", "1")
    first = doc["campaigns"][1]["runs"][:6]
    keys = ("fault", "at", "detail", "outcome", "instructions")
    assert [[r[k] for k in keys] for r in again["campaigns"][0]["runs"]] == \
           [[r[k] for k in keys] for r in first]


def test_the_plot_draws_both_kernels(both):
    svg = both[2].read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "mono: 12 runs" in svg and "micro: 12 runs" in svg


def test_a_driver_made_to_loop_is_restarted_by_the_microkernel(tmp_path):
    run, doc = campaign(tmp_path, "--kernel", "micro", "--faults", "loop", "--runs", "2",
                        "--seed", "1")
    for r in doc["campaigns"][0]["runs"]:
        assert r["outcome"] == "recovered", r
        assert r["detail"]["new"] != r["detail"]["old"]
        assert ("does not answer, killing it" in r["console_tail"]
                or "lost a request, killing it" in r["console_tail"]), r["console_tail"]
        assert "fsload: ok" in r["console_tail"]
    assert doc["campaigns"][0]["summary"]["recovered_share_of_driver_failures"] == 1.0


def test_a_wild_pointer_in_the_driver_panics_the_monolithic_kernel(tmp_path):
    # Bit 31 of a load or store's base register: an address far outside RAM,
    # in kernel mode.
    run, doc = campaign(tmp_path, "--kernel", "mono", "--faults", "pointer", "--bit", "31",
                        "--runs", "2", "--seed", "1")
    for r in doc["campaigns"][0]["runs"]:
        assert r["outcome"] == "panic", r
        assert r["detail"]["bit"] == 31
        assert "kernel panic" in r["console_tail"], r["console_tail"]


def test_the_same_pointer_fault_is_survived_by_the_microkernel(tmp_path):
    run, doc = campaign(tmp_path, "--kernel", "micro", "--faults", "pointer", "--bit", "31",
                        "--runs", "2", "--seed", "1")
    for r in doc["campaigns"][0]["runs"]:
        assert r["outcome"] == "recovered", r
        assert "pid 5 (disk):" in r["console_tail"]                  # the fault line
        assert "rs: disk (ep 5) died" in r["console_tail"]


def test_bad_options_get_one_message(tmp_path):
    run = run_k32("inject", "--faults", "bitflip,bogus", "--runs", "1")
    assert run.exit_code == 1
    assert run.stderr.strip() == ("k32: inject: unknown fault type bogus "
                                  "(known: bitflip, register, pointer, nop, loop, port)")
    run = run_k32("inject", "--runs", "0")
    assert run.exit_code == 2 and "--runs" in run.stderr
    run = run_k32("inject", "--kernel", "nope")
    assert run.exit_code == 2 and "--kernel" in run.stderr
    run = run_k32("inject", "--runs", "1", "--json", tmp_path / "no" / "such" / "dir.json")
    assert run.exit_code == 1 and run.stderr.startswith("k32: inject: ")
    assert "Traceback" not in run.stderr
    run = run_k32("inject", "--runs", "1", "--plot", tmp_path / "outcomes.gif")
    assert run.exit_code == 1
    assert run.stderr.strip().endswith("outcomes.gif: the file name must end in .png or .svg")


def test_without_mtools_it_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    run = run_k32("inject", "--runs", "1")
    assert run.exit_code == 1
    assert run.stderr.startswith("k32: inject: mtype is needed to check the disk"), run.stderr
    assert "apt-get install mtools dosfstools" in run.stderr
