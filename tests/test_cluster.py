"""Campaigns that lose nothing and run anywhere (issue 21): `k32 inject`
with --results, --resume, --summary and --cluster (Dask distributed: a
LocalCluster on 127.0.0.1, and a scheduler reached by its tcp:// address).

Every campaign here is `--kernel micro --seed 5`, so each one's runs can be
compared with those of the same campaign run by the local pool in one go."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import needs_host_tools, run_k32
from vm.tools.campaign import HOST_FAILURE, KILL_VARIABLE, same_runs

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGN = ("inject", "--kernel", "micro", "--seed", "5")


def _distributed_missing():
    try:
        import distributed  # noqa: F401
    except ImportError:
        return not os.environ.get("CI")     # .ci/run installs the cluster extra: fail there
    return False


pytestmark = [needs_host_tools("mtype", "fsck.fat"),
              pytest.mark.skipif(_distributed_missing(),
                                 reason="not installed: distributed (pip install -e '.[cluster]')")]


def inject(*args):
    """`k32 inject --kernel micro --seed 5 ARGS`, which must succeed."""
    run = run_k32(*CAMPAIGN, *args)
    assert run.exit_code == 0, run.stderr
    return run


def lines(path, record="run"):
    """The lines of one record kind of a results file (runs sorted by index)."""
    found = [json.loads(line) for line in Path(path).read_text().splitlines()]
    found = [r for r in found if r["record"] == record]
    return sorted(found, key=lambda r: r["run"]) if record == "run" else found


def tables(run):
    """The printed tables of `k32 inject` (the lines above the timing)."""
    text = run.stdout.decode()
    return text[:text.index("a run: ")]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The campaign run by the local pool in one go: (results file, stdout)."""
    tmp = tmp_path_factory.mktemp("reference")
    run = inject("--runs", "6", "--jobs", "2", "--results", tmp / "runs.jsonl",
                 "--json", tmp / "runs.json")
    return tmp / "runs.jsonl", run


def test_the_same_seed_gives_the_same_runs_and_tables_on_1_worker_on_4_and_resumed(
        reference, tmp_path):
    import distributed
    path, run = reference
    runs = lines(path)
    assert [r["run"] for r in runs] == list(range(6)) and all(r["outcome"] for r in runs)
    # One worker of a scheduler reached by its address...
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, host="127.0.0.1",
                                  scheduler_port=0, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        one = inject("--runs", "6", "--results", tmp_path / "one.jsonl", "--cluster", address)
    assert same_runs(lines(tmp_path / "one.jsonl")) == same_runs(runs)
    assert tables(one) == tables(run)
    assert f"on the Dask cluster at {address}" in one.stdout.decode()
    # ...and half the campaign in the local pool, the rest resumed on four workers.
    inject("--runs", "3", "--results", tmp_path / "four.jsonl")
    four = inject("--runs", "6", "--results", tmp_path / "four.jsonl", "--resume",
                  "--cluster", "local:4", "--json", tmp_path / "four.json")
    assert same_runs(lines(tmp_path / "four.jsonl")) == same_runs(runs)
    assert tables(four) == tables(run)
    assert [s["runs"] for s in lines(tmp_path / "four.jsonl", "session")] == [3, 3]
    assert "3 runs in " in four.stdout.decode() and "Dask LocalCluster of 4 workers" in \
        four.stdout.decode()
    mine = json.loads((tmp_path / "four.json").read_text())["campaigns"][0]["summary"]
    theirs = json.loads((path.parent / "runs.json").read_text())["campaigns"][0]["summary"]
    assert mine["table"] == theirs["table"]


@pytest.mark.parametrize("where", [("--cluster", "local:2"), ("--jobs", "2")],
                         ids=["cluster", "local-pool"])
def test_a_run_whose_worker_dies_is_retried_once_then_recorded_as_a_host_failure(
        reference, tmp_path, monkeypatch, where):
    # Run 2's worker dies once: the run is retried on another worker.  Run 4's
    # dies twice: a host failure, in the file and in the table.
    deaths = tmp_path / "deaths"
    deaths.mkdir()
    monkeypatch.setenv(KILL_VARIABLE, f"micro:2:1:{deaths},micro:4:2:{deaths}")
    run = inject("--runs", "6", "--results", tmp_path / "runs.jsonl", *where)
    assert sorted(p.name for p in deaths.iterdir()) == \
           ["died-micro-2-0", "died-micro-4-0", "died-micro-4-1"]
    runs, ref = lines(tmp_path / "runs.jsonl"), lines(reference[0])
    assert [r["run"] for r in runs] == list(range(6))
    assert same_runs(runs[:4]) == same_runs(ref[:4]) and same_runs(runs[5:]) == same_runs(ref[5:])
    lost = runs[4]
    assert lost["outcome"] == HOST_FAILURE and "died 2 times" in lost["why"]
    assert (lost["fault"], lost["at"], lost["seed"]) == (ref[4]["fault"], ref[4]["at"],
                                                         ref[4]["seed"])
    # The table gains a column: the host failures, after the guest's outcomes.
    rows = [next(line for line in r.stdout.decode().splitlines() if line.startswith("│ all "))
            for r in (run, reference[1])]
    assert len(rows[0].split("│")) == len(rows[1].split("│")) + 1
    assert rows[0].split("│")[8].strip() == "1"


def test_a_batch_whose_worker_dies_twice_is_split_and_only_the_killer_is_a_host_failure(
        reference, tmp_path, monkeypatch):
    # 16 runs on 2 workers go in batches of 2 (tasks of several runs: see
    # campaign.BATCH).  Run 5 kills every worker that starts it: its batch
    # dies twice, then run 5 alone twice; run 4, its batch-mate, is run alone.
    deaths = tmp_path / "deaths"
    deaths.mkdir()
    monkeypatch.setenv(KILL_VARIABLE, f"micro:5:99:{deaths}")
    inject("--runs", "16", "--results", tmp_path / "runs.jsonl", "--cluster", "local:2")
    assert len(list(deaths.iterdir())) == 4
    runs, ref = lines(tmp_path / "runs.jsonl"), lines(reference[0])
    assert [r["run"] for r in runs] == list(range(16))
    assert [r["run"] for r in runs if r["outcome"] == HOST_FAILURE] == [5]
    assert same_runs(runs[:5]) == same_runs(ref[:5])


def test_ctrl_c_keeps_every_finished_run_and_resume_runs_only_the_rest(reference, tmp_path):
    results = tmp_path / "runs.jsonl"
    # A terminal's Ctrl-C goes to the whole process group: the client and its workers.
    k32 = subprocess.Popen([sys.executable, "-m", "vm.cli", *CAMPAIGN, "--runs", "40",
                            "--results", results, "--cluster", "local:2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                           start_new_session=True)
    try:
        while k32.poll() is None and (not results.exists()
                                      or results.read_text().count('"record":"run"') < 3):
            time.sleep(0.05)
        os.killpg(k32.pid, signal.SIGINT)
        _, err = k32.communicate(timeout=120)
    finally:
        if k32.poll() is None:
            os.killpg(k32.pid, signal.SIGKILL)
    first = results.read_text()
    kept = first.count('"record":"run"')
    assert k32.returncode == 130, err
    assert err.decode().strip().splitlines() == [
        f"k32: inject: interrupted: {kept} runs are in {results}, {40 - kept} to go: the same "
        "command with --resume runs them"]
    assert 3 <= kept < 40
    run = inject("--runs", "40", "--results", results, "--resume", "--cluster", "local:2")
    assert results.read_text().startswith(first)           # nothing finished is run again
    runs = lines(results)
    assert [r["run"] for r in runs] == list(range(40))
    assert same_runs(runs[:6]) == same_runs(lines(reference[0]))
    sittings = lines(results, "session")
    assert [s["runs"] for s in sittings] == [kept, 40 - kept]
    assert sittings[0]["interrupted"] and f"{40 - kept} runs in " in run.stdout.decode()


def test_a_line_cut_short_by_a_crash_is_run_again(reference, tmp_path):
    whole = reference[0].read_text().splitlines(keepends=True)
    last = max(n for n, line in enumerate(whole) if '"record":"run"' in line)
    cut = json.loads(whole[last])
    results = tmp_path / "runs.jsonl"
    results.write_text("".join(whole[:last]) + whole[last][:40])    # died while writing it
    inject("--runs", "6", "--results", results, "--resume")
    runs = lines(results)
    assert [r["run"] for r in runs] == list(range(6))
    assert same_runs([r for r in runs if r["run"] == cut["run"]]) == same_runs([cut])
    assert lines(results, "session")[-1]["runs"] == 1


def test_a_results_file_of_another_campaign_is_refused(reference, tmp_path):
    path = reference[0]
    before = path.read_bytes()
    refused = {
        ("--seed", "6"): "seed 5, not 6",
        ("--kernel", "both"): "kernels micro, not mono,micro",
        ("--faults", "loop"): "faults bitflip,register,pointer,nop,loop,port, not loop",
        ("--bit", "3"): "bit None, not 3",
    }
    for args, why in refused.items():
        run = run_k32("inject", "--kernel", "micro", "--seed", "5", *args, "--runs", "6",
                      "--results", path, "--resume")
        assert (run.exit_code, run.stderr) == (
            1, f"k32: inject: {path} holds another campaign ({why}): give the same options "
               "to resume it, or another file\n"), args
    assert path.read_bytes() == before
    run = run_k32(*CAMPAIGN, "--runs", "6", "--results", path)
    assert run.stderr == (f"k32: inject: {path} already holds results: give --resume to go on "
                          "with that campaign, or another file\n")
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\n")
    one_line = {
        ("--results", junk, "--resume"): f"k32: inject: {junk}:1: not a line of a k32 results file",
        ("--results", tmp_path / "none.jsonl", "--resume"):
            f"k32: inject: {tmp_path / 'none.jsonl'}: no such results file to resume",
        ("--resume",): "k32: inject: --resume needs --results FILE (the file to go on with)",
        ("--cluster", "local:0"): "k32: inject: --cluster local:0: expected local:N (N workers "
                                  "on this machine) or tcp://HOST:PORT (a Dask scheduler)",
        ("--run", "3", "--cluster", "local:2", "--results", path):
            "k32: inject: --cluster and --results are for campaigns, not for --run",
        ("--cluster", "local:2", "--jobs", "2"):
            "k32: inject: --jobs is the local pool's size; a cluster's is its workers "
            "(--cluster local:N)",
    }
    for args, message in one_line.items():
        run = run_k32(*CAMPAIGN, *args)
        assert (run.exit_code, run.stderr) == (1, message + "\n"), args
    for args, message in {
            ("--summary", ROOT / "pyproject.toml"):
                f"k32: inject: {ROOT / 'pyproject.toml'}:1: not a line of a k32 results file",
            ("--summary", tmp_path / "none.jsonl"):
                f"k32: inject: {tmp_path / 'none.jsonl'}: no such results file",
            ("--summary", junk): f"k32: inject: {junk}:1: not a line of a k32 results file",
            ("--summary", path, "--runs", "3", "--seed", "5"):
                "k32: inject: --runs and --seed are for campaigns, not for --summary"}.items():
        run = run_k32("inject", *args)
        assert (run.exit_code, run.stderr) == (1, message + "\n"), args


def test_without_distributed_cluster_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)      # as if not installed
    run = run_k32(*CAMPAIGN, "--runs", "1", "--cluster", "local:2")
    assert (run.exit_code, run.stderr) == (
        1, "k32: inject: --cluster needs Dask distributed: pip install -e '.[cluster]'\n")
    run = run_k32("bench", "inject")
    assert (run.exit_code, run.stderr) == (
        1, "k32: bench inject needs Dask distributed: pip install -e '.[cluster]'\n")


def test_summary_prints_the_tables_of_a_results_file(reference, tmp_path):
    path, run = reference
    summary = run_k32("inject", "--summary", path, "--json", tmp_path / "s.json",
                      "--plot", tmp_path / "s.svg")
    assert summary.exit_code == 0, summary.stderr
    assert tables(summary) == tables(run)
    assert f"6 runs in {path}, made in 1 sitting: 6 runs in " in summary.stdout.decode()
    doc = json.loads((tmp_path / "s.json").read_text())
    theirs = json.loads((path.parent / "runs.json").read_text())
    assert [c["summary"]["table"] for c in doc["campaigns"]] == \
           [c["summary"]["table"] for c in theirs["campaigns"]]
    assert "micro: 6 runs" in (tmp_path / "s.svg").read_text()


@pytest.mark.parametrize("where", [("--jobs", "2"), ("--cluster", "local:2")],
                         ids=["local-pool", "cluster"])
def test_the_progress_bar_shows_runs_done_runs_per_second_and_the_outcomes(where):
    import pexpect
    import re
    # On a terminal (a pseudo-terminal here); a pipe or a log file gets the tables only.
    child = pexpect.spawn(sys.executable, ["-m", "vm.cli", *CAMPAIGN, "--runs", "24", *where],
                          cwd=str(ROOT), timeout=120, dimensions=(40, 200))
    out = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", child.read().decode("utf-8", "replace"))
    child.close()
    assert child.exitstatus == 0, out
    # Each redraw of the bar: "micro ━━━╸━━━  8/24 19.7 runs/s 0:00:01 none 4 recovered 4".
    frames = re.findall(r"micro [━╸╺]+ +(\d+)/24 ([\d.]+) runs/s [-:\d]+ ((?:[a-z]+ \d+ ?)*)", out)
    assert frames, out
    for done, rate, counts in frames:
        # The outcomes so far, e.g. "none 6 recovered 18": they add up to the runs done.
        pairs = re.findall(r"(\w+) (\d+)", counts)
        assert sum(int(n) for _, n in pairs) == int(done), counts
        assert {o for o, _ in pairs} <= {"none", "recovered", "error", "silent", "hang", "panic"}
        assert float(rate) > 0
    assert frames[-1][0] == "24"


def test_a_long_campaign_in_the_local_pool_does_not_stall():
    # Regression: the pool's processes told it each run they started through
    # a pipe it read only when a worker died; after some 1500 runs the pipe
    # was full and every process blocked on it.
    import threading
    from vm.tools.bench_inject import _empty
    from vm.tools.campaign import LocalPool, pack
    bundle = pack(kind="empty")
    jobs = [(_empty, bundle, "empty", i, None) for i in range(5000)]
    pool, done = LocalPool(2), []
    pool.start([bundle])
    runner = threading.Thread(target=pool.run, args=(jobs, lambda job, r: done.append(job[3])),
                              daemon=True)
    runner.start()
    runner.join(timeout=120)
    pool.close()
    assert not runner.is_alive(), f"stalled after {len(done)} of 5000 runs"
    assert sorted(done) == list(range(5000))
