"""`k32 fuzz NAME`: the long fuzz campaigns of tests/fuzz/ as campaigns of
runs, with the options of every campaign (--results, --resume, --cluster)."""

import json
from pathlib import Path

import pytest

from tests.conftest import needs_host_tools, run_k32
from tests.test_cluster import lines, pytestmark as cluster_marks  # noqa: F401 - the same skips
from vm.tools.campaign import same_runs

pytestmark = cluster_marks


def fuzz(*args):
    run = run_k32("fuzz", *args)
    assert run.exit_code == 0, run.stderr
    return run


@pytest.fixture(scope="module")
def sysfuzz(tmp_path_factory):
    """`k32 fuzz sysfuzz` on both kernels in the local pool: (results file, stdout)."""
    path = tmp_path_factory.mktemp("sysfuzz") / "runs.jsonl"
    run = fuzz("sysfuzz", "--runs", "2", "--seed", "3", "--calls", "500", "--jobs", "2",
               "--results", path)
    return path, run.stdout.decode()


@needs_host_tools("fsck.fat")
def test_sysfuzz_runs_each_seed_on_each_kernel_and_the_system_comes_through(sysfuzz):
    path, text = sysfuzz
    runs = lines(path)
    assert sorted((r["group"], r["run"]) for r in runs) == [("micro", 0), ("micro", 1),
                                                           ("mono", 0), ("mono", 1)]
    for r in runs:
        assert r["outcome"] == "ok", r
        assert f"sysfuzz: 500 calls, seed {r['seed']}\n" in r["console_tail"]
        assert r["fsck"] == "ok" and r["instructions"] > 0
    # Run N's seed depends on the campaign's seed and the kernel, not on --runs.
    seeds = {(r["group"], r["run"]): r["seed"] for r in runs}
    assert seeds["mono", 0] != seeds["micro", 0] and seeds["mono", 0] != seeds["mono", 1]
    assert "k32 fuzz sysfuzz: seed 3" in text and "came through" in text
    row = next(line for line in text.splitlines() if line.startswith("│ mono "))
    assert [c.strip() for c in row.split("│")[2:5]] == ["2", "1,000", "2"]


@needs_host_tools("fsck.fat")
def test_sysfuzz_on_a_cluster_gives_the_same_runs(sysfuzz, tmp_path):
    path, _ = sysfuzz
    fuzz("sysfuzz", "--runs", "1", "--seed", "3", "--calls", "500", "--kernel", "micro",
         "--results", tmp_path / "one.jsonl", "--cluster", "local:2")
    theirs = [r for r in lines(path) if (r["group"], r["run"]) == ("micro", 0)]
    assert same_runs(lines(tmp_path / "one.jsonl")) == same_runs(theirs)


def test_machine_runs_the_machine_fuzzers_from_each_run_s_seed(tmp_path):
    fuzz("machine", "--runs", "1", "--seed", "3", "--jobs", "1", "--results",
         tmp_path / "runs.jsonl", "--json", tmp_path / "runs.json")
    (run,) = lines(tmp_path / "runs.jsonl")
    assert run["outcome"] == "ok" and run["cases"] > 20000 and run["scale"] == 1
    doc = json.loads((tmp_path / "runs.json").read_text())
    assert doc["campaign"] == {"campaign": "fuzz", "fuzzer": "machine", "seed": 3, "scale": 1}


def test_bad_fuzz_options_get_one_message(sysfuzz, tmp_path):
    path, _ = sysfuzz
    one_line = {
        ("machine", "--kernel", "mono"): "k32: fuzz: --kernel is for sysfuzz, not for fuzz machine",
        ("sysfuzz", "--scale", "2"): "k32: fuzz: --scale is for fuzz machine, not for fuzz sysfuzz",
        ("sysfuzz", "--seed", "4", "--calls", "500", "--results", path, "--resume"):
            f"k32: fuzz: {path} holds another campaign (seed 3, not 4): give the same options "
            "to resume it, or another file",
        ("machine", "--seed", "3", "--results", path, "--resume"):
            f"k32: fuzz: {path} holds the results of `k32 fuzz sysfuzz`, not of "
            "`k32 fuzz machine`: give another file",
        ("sysfuzz", "--resume"): "k32: fuzz: --resume needs --results FILE (the file to go on "
                                 "with)",
    }
    for args, message in one_line.items():
        run = run_k32("fuzz", *args)
        assert (run.exit_code, run.stderr) == (1, message + "\n"), args
    run = run_k32("fuzz", "nosuch")
    assert run.exit_code == 2 and "Invalid value for '{sysfuzz|machine}'" in run.stderr
    assert not Path(tmp_path).exists() or not list(tmp_path.iterdir())
