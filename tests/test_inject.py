"""`k32 inject`: small fault-injection campaigns through the CLI, the
classification of faults whose outcome is known in advance, and its option
errors.

A campaign boots a kernel once per run, so the sizes here are small; the
published figures (docs/measurements.md) come from 1000 runs per kernel."""

import json
import re
import subprocess

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
        assert s["seconds_per_run"] > 0 and set(s["timing"]) == {"boot", "to_fault", "after_fault", "check"}
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


def test_the_modular_kernels_driver_is_the_disk_modules_text(tmp_path):
    # Loaded first at boot, the disk module's .text starts the module area;
    # its labels name the addresses there.
    from isa import obj
    from vm.tools.build import Builder
    from vm.tools.inject import Target, driver_symbols, pristine_disk
    builder = Builder.default()
    target = Target.load("modular", builder.build_boot("modular"),
                         pristine_disk(tmp_path / "disk.img"))
    exe_symbols = target.image.executable.symbol_table()
    ko = obj.read(next(m.data for m in target.image.modules if m.name == "disk.ko"))
    text = next(i for i, sec in enumerate(ko.sections) if sec.name == ".text")
    assert target.driver_lo == target.section_bases[text] == exe_symbols["modarea"]
    assert target.driver_hi - target.driver_lo == len(ko.sections[text].data) > 0
    symbols = driver_symbols(target)
    xfer = next(s for s in ko.symbols if s.name == "blk_xfer")
    assert symbols.describe(target.driver_lo + xfer.value + 8) == "<blk_xfer+0x8>"


def test_the_modular_kernel_goes_down_with_its_driver_module_as_mono_does(tmp_path):
    # A module runs in kernel mode: a driver made to loop hangs the system
    # (nobody restarts it), and a wild pointer (bit 31 of a load or store's
    # base register) is a kernel panic whose report names the module.
    outcomes = {}
    for kernel in ("mono", "modular"):
        _, doc = campaign(tmp_path, "--kernel", kernel, "--faults", "loop,pointer", "--bit", "31",
                          "--runs", "2", "--seed", "1", "--jobs", "2")
        runs = doc["campaigns"][0]["runs"]
        outcomes[kernel] = [(r["fault"], r["outcome"]) for r in runs]
        assert all(r["driver_restarts"] == 0 and r["activated"] for r in runs)
        if kernel == "modular":
            pointer = runs[1]
            assert "kernel panic" in pointer["console_tail"], pointer["console_tail"]
            assert re.search(r"= disk\+0x[0-9a-f]+", pointer["console_tail"]), pointer
    assert outcomes["modular"] == outcomes["mono"] == [("loop", "hang"), ("pointer", "panic")]


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


# --- one run again: --run N ---------------------------------------------------------------

REPLAYED = ("fault", "at", "seed", "outcome", "why", "activated", "detail", "driver_restarts",
            "synced", "completed_data_damaged", "fsck", "status", "ending", "instructions",
            "console_tail")


def replay(tmp_path, *args):
    """(CliRun, the run's JSON) of `k32 inject ARGS --json F` with --run."""
    out = tmp_path / f"run{len(list(tmp_path.iterdir()))}.json"
    run = run_k32("inject", *args, "--json", out)
    assert run.exit_code == 0, run.stderr
    return run, json.loads(out.read_text())


def test_run_n_of_a_plan_does_not_depend_on_the_number_of_runs():
    from vm.tools.inject import make_plans, plan_of
    times = list(range(1000, 90000, 53))
    many = make_plans(300, 7, "micro", times, FAULT_TYPES)
    for runs in (1, 2, 20, 299):
        assert make_plans(runs, 7, "micro", times, FAULT_TYPES) == many[:runs]
    assert [plan_of(n, 7, "micro", times, FAULT_TYPES) for n in (0, 19, 299 - 1)] == \
           [many[0], many[19], many[298]]


@pytest.mark.parametrize("kernel, wanted", [("mono", ("panic", "hang")),
                                            ("mono", ("none", "error", "silent")),
                                            ("micro", ("recovered",))])
def test_a_replayed_run_is_the_run_of_the_campaign(both, tmp_path, kernel, wanted):
    _, doc, _ = both
    runs = next(c["runs"] for c in doc["campaigns"] if c["summary"]["kernel"] == kernel)
    picked = next(r for r in runs if r["outcome"] in wanted)
    run, again = replay(tmp_path, "--kernel", kernel, "--seed", "5", "--run", picked["run"])
    r = again["run"]
    assert (again["kernel"], again["seed"], r["run"]) == (kernel, 5, picked["run"])
    assert {k: r[k] for k in REPLAYED} == {k: picked[k] for k in REPLAYED}
    assert r["console"].endswith(r["console_tail"])
    # Printed in full: the fault, the moment, the whole console, the outcome and its reasons.
    text = run.stdout.decode()
    assert text.startswith(f"k32 inject --kernel {kernel} --seed 5 --run {picked['run']}: ")
    assert f"fault:    {r['fault']}" in text
    assert f"moment:   time {r['at']:,}" in text
    assert r["console"].rstrip("\n") in text
    assert f": {r['why']}\n" in text and r["why"]
    assert f"driver restarts: {r['driver_restarts']}\n" in text
    assert f"fsck.fat -n: {r['fsck']}\n" in text
    if r["activated"] and "old" in r["detail"]:
        assert f"before: 0x{r['detail']['old']:08x}  " in text
        assert f"after:  0x{r['detail']['new']:08x}  " in text


def test_the_site_is_named_by_the_drivers_labels(tmp_path):
    # Run 5 of seed 7 is a port fault: micro's is a port kernel call, the
    # word naming the port a `li a0` before it.
    for kernel in ("mono", "micro", "modular"):
        run = run_k32("inject", "--kernel", kernel, "--seed", "7", "--run", "5")
        assert run.exit_code == 0, run.stderr
        text = run.stdout.decode()
        fault = next(line for line in text.splitlines() if line.startswith("fault:"))
        assert re.search(r" at 0x[0-9a-f]{8} [a-z_]+\+0x[0-9a-f]+ ", fault), fault
        assert re.search(r"before: 0x[0-9a-f]{8}  (li a0|in|out)", text), text


def test_run_honours_the_fault_types_and_the_bit(tmp_path):
    _, doc = campaign(tmp_path, "--kernel", "mono", "--faults", "pointer", "--bit", "31",
                      "--runs", "2", "--seed", "1")
    picked = doc["campaigns"][0]["runs"][1]
    _, again = replay(tmp_path, "--kernel", "mono", "--faults", "pointer", "--bit", "31",
                      "--seed", "1", "--run", "1")
    assert {k: again["run"][k] for k in REPLAYED} == {k: picked[k] for k in REPLAYED}
    assert again["run"]["outcome"] == "panic" and again["run"]["detail"]["bit"] == 31


@needs_host_tools("mtype", "fsck.fat", "mdir")
def test_keep_disk_writes_the_disk_after_the_run(tmp_path):
    from tests.conftest import host_tool
    from vm.tools.inject import fsload_content
    disk = tmp_path / "after.img"
    # Run 13 of seed 7 on mono: a register fault with no effect, so the files are all there.
    # (Which runs have no effect moves with the kernel's code: the faults' sites do.)
    run, again = replay(tmp_path, "--kernel", "mono", "--seed", "7", "--run", "13",
                        "--keep-disk", disk)
    assert again["run"]["outcome"] == "none"
    assert run.stdout.decode().rstrip().endswith(f"disk:     the image after the run is in {disk}")
    data = disk.read_bytes()
    assert data[54:62] == b"FAT16   "
    fsck = subprocess.run([host_tool("fsck.fat"), "-n", disk], capture_output=True)
    assert fsck.returncode == 0, fsck.stdout
    for i in range(3):
        got = subprocess.run([host_tool("mtype"), "-i", disk, f"::/FSL{i:02d}.DAT"],
                             capture_output=True, check=True).stdout
        assert got == fsload_content(2009, i)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    # Run 2: a pointer fault in its `outs` wrote the wrong memory to a synced file: the image
    # shows it.
    run, again = replay(tmp_path, "--kernel", "mono", "--seed", "7", "--run", "2",
                        "--keep-disk", disk)
    damaged = again["run"]["completed_data_damaged"]
    assert again["run"]["outcome"] == "silent" and damaged
    got = subprocess.run([host_tool("mtype"), "-i", disk, f"::{damaged[0]}"],
                         capture_output=True).stdout
    assert got != fsload_content(2009, int(damaged[0][4:6]))


def test_bad_run_options_get_one_message(tmp_path):
    one_line = {
        ("--kernel", "all", "--run", "3"):
            "k32: inject: --run replays one run of one kernel: give --kernel mono, micro, "
            "micro-io or modular, not all",
        ("--keep-disk", tmp_path / "d.img"):
            "k32: inject: --keep-disk needs --run N (it keeps the disk of one run)",
        ("--run", "3", "--runs", "10"): "k32: inject: --runs is for campaigns, not for --run",
        ("--run", "3", "--jobs", "2", "--plot", tmp_path / "p.svg"):
            "k32: inject: --jobs and --plot are for campaigns, not for --run",
        ("--run", "3", "--keep-disk", tmp_path / "no" / "d.img"):
            f"k32: cannot write {tmp_path / 'no' / 'd.img'}: No such file or directory",
        ("--run", "3", "--faults", "bogus"):
            "k32: inject: unknown fault type bogus "
            "(known: bitflip, register, pointer, nop, loop, port)",
    }
    for args, message in one_line.items():
        run = run_k32("inject", *args)
        assert (run.exit_code, run.stderr) == (1, message + "\n"), args
        assert run.stdout == b""
    for n in ("-1", "100000", "x"):
        run = run_k32("inject", "--run", n)
        assert run.exit_code == 2 and "Invalid value for '--run'" in run.stderr
    assert not list(tmp_path.iterdir())


def test_the_help_says_how_to_replay_a_run():
    run = run_k32("inject", "--help")
    text = run.stdout.decode()
    assert run.exit_code == 0
    assert "--run N" in text and "--keep-disk FILE" in text
    assert "do not depend on --runs" in text
