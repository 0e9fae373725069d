"""`k32 fuzz NAME`: the long fuzz campaigns of tests/fuzz/ as campaigns of
independent runs, so that they take the same --cluster, --results and
--resume as `k32 inject` (vm/tools/campaign.py).

- sysfuzz: each run boots a kernel on a fresh copy of the default disk and
  types `sysfuzz CALLS SEED` (programs/bin/sysfuzz.s: random system calls)
  and `echo alive`, with its own SEED; the system must come through it as
  tests/fuzz/test_fuzz_syscalls.py demands: no panic, no hang, the fuzzer
  alive to its closing line, the shell answering, no driver blamed for the
  program's bad calls, and a disk `fsck.fat -n` accepts.
- machine: each run is CASES cases of the machine fuzzers of
  tests/fuzz/test_fuzz_machine.py (vm/tools/fuzz_machine.py), from its
  own seed.

Run N's seed comes from one random stream drawn in run order, as
`k32 inject`'s plans do, so it does not depend on --runs.
"""

import random
import re
import sys
from pathlib import Path

SYSFUZZ_OUTCOMES = ("ok", "blamed", "fsck", "shell", "died", "hang", "panic")
SYSFUZZ_TEXT = {
    "ok": "came through",
    "blamed": "driver blamed",
    "fsck": "disk damaged",
    "shell": "shell gone",
    "died": "fuzzer died",
    "hang": "hang",
    "panic": "panic",
}
CALLS = 10_000                          # calls per run (tests/fuzz: the CI size)
STEPS_PER_CALL = 100_000                # the step budget: 10x what a call takes at most
BASE_STEPS = 1_000_000_000              # boot, the shell, the closing `echo alive`
BLAMED = ("answered an error", "lost a request", "does not answer")
PANICS = ("kernel panic", "pm: panic")


class FuzzError(Exception):
    """The campaign cannot run; the message is what to show."""


def run_seeds(name, seed, group, runs):
    """Run N's own seed for the first `runs` runs (N's does not depend on `runs`)."""
    rng = random.Random(f"k32-fuzz {name} {seed} {group}")
    return [rng.randrange(1, 1 << 31) for _ in range(runs)]


# --- sysfuzz ------------------------------------------------------------------------

def sysfuzz_identity(kernels, seed, calls):
    return {"campaign": "fuzz", "fuzzer": "sysfuzz", "seed": seed, "kernels": list(kernels),
            "calls": calls}


def sysfuzz_group(kernel, runs, seed, calls, scratch):
    """One kernel's runs: its boot image and the pristine disk in a bundle."""
    from vm.tools.build import Builder
    from vm.tools.campaign import Group, pack
    from vm.tools.inject import pristine_disk
    boot = Builder.default().build_boot(kernel)
    disk = pristine_disk(Path(scratch) / f"{kernel}.img")
    bundle = pack(kernel=kernel, boot=Path(boot).read_bytes(), disk=disk.read_bytes(),
                  budget=BASE_STEPS + calls * STEPS_PER_CALL)
    tasks = {i: (i, s, calls) for i, s in enumerate(run_seeds("sysfuzz", seed, kernel, runs))}
    return Group(kernel, bundle, tasks, run_sysfuzz)


def _unbundle(bundle, directory):
    from vm.machine.boot import read_image
    from vm.tools.campaign import unpack
    from vm.tools.inject import Target, host_tools
    boot, disk = directory / "kernel.boot", directory / "disk.img"
    boot.write_bytes(unpack(bundle, "boot"))
    disk.write_bytes(unpack(bundle, "disk"))
    return Target(bundle["kernel"], read_image(str(boot)), str(disk)), host_tools(), directory


def run_sysfuzz(bundle, task):
    """One sysfuzz run on a fresh copy of the disk: a dict."""
    from vm.machine import state as S
    from vm.tools.campaign import scratch_file, unpacked
    from vm.tools.inject import Runner, fsck
    index, seed, calls = task
    target, tools, directory = unpacked(bundle, _unbundle)
    r = Runner(target, f"sysfuzz {calls} {seed}\necho alive\n".encode())
    try:
        r.finish(bundle["budget"])
        text = r.output().replace("\r\n", "\n")
        hang = r.m.now >= bundle["budget"] or r.outcome.reason == S.EXIT_DEADLOCK
        path = scratch_file(directory, "after.img")
        path.write_bytes(memoryview(r.m.disk).cast("B"))
        complaint = fsck(path, tools)
        path.unlink()
        outcome, why = _judge(r.outcome, text, hang, complaint, calls, seed)
        killed = re.search(r"^sysfuzz: children killed after \d+ ticks: (\d+)$", text, re.M)
        return {"run": index, "seed": seed, "calls": calls, "outcome": outcome, "why": why,
                "status": r.outcome.status, "ending": r.outcome.message,
                "instructions": r.m.retired, "fsck": complaint or "ok",
                "children_killed": int(killed.group(1)) if killed else 0,
                "console_tail": text[-400:]}
    finally:
        r.close()


def _judge(outcome, text, hang, complaint, calls, seed):
    """(outcome, why) of a sysfuzz run, the first that applies (SYSFUZZ_OUTCOMES, from the end)."""
    from vm.machine import state as S
    for sign in PANICS:
        if sign in text:
            return "panic", f"the console shows `{sign}`"
    if outcome.reason in (S.EXIT_TRAP, S.EXIT_DOUBLE_FAULT) or (not hang and outcome.status):
        return "panic", f"the machine stopped: {outcome.message or 'status ' + str(outcome.status)}"
    if hang:
        return "hang", "the step budget ran out, or the machine waits with nothing to wake it"
    done = re.search(rf"^sysfuzz: {calls} calls, seed {seed}$", text, re.M)
    if not done:
        return "died", "no closing line `sysfuzz: N calls, seed S`"
    if not re.search(r"^alive$", text[done.end():], re.M):
        return "shell", "the shell did not run `echo alive` after it"
    for sign in BLAMED:
        if sign in text:
            return "blamed", f"a driver was blamed for the program's call: `{sign}`"
    if complaint:
        return "fsck", f"fsck.fat -n complains: {complaint}"
    return "ok", "no panic, no hang, the fuzzer and the shell alive, the disk clean"


def sysfuzz_replay(kernel, result):
    """The command that runs one sysfuzz run again."""
    return (f"k32 boot --kernel {kernel} --snapshot --input "
            f"'sysfuzz {result['calls']} {result['seed']}\\necho alive\\n'")


# --- machine ------------------------------------------------------------------------

MACHINE_OUTCOMES = ("ok", "failed")
MACHINE_TEXT = {"ok": "passed", "failed": "failed"}


def machine_identity(kernels, seed, scale):
    return {"campaign": "fuzz", "fuzzer": "machine", "seed": seed, "scale": scale}


def machine_group(group, runs, seed, scale, scratch):
    """The runs of the machine fuzzers: nothing to ship but the code."""
    from vm.tools.campaign import Group, pack
    tasks = {i: (i, s, scale) for i, s in enumerate(run_seeds("machine", seed, group, runs))}
    return Group(group, pack(kind="machine"), tasks, run_machine)


def run_machine(bundle, task):
    """One run: every machine fuzzer at `scale` times its CI size, from its seed."""
    import tempfile
    from vm.tools import fuzz_machine
    index, seed, scale = task
    with tempfile.TemporaryDirectory(prefix="k32-fuzz-machine-") as directory:
        try:
            cases = fuzz_machine.campaign(seed, scale, directory)
        except AssertionError as e:
            why = str(e).strip().splitlines()[0] if str(e).strip() else "a check failed"
            return {"run": index, "seed": seed, "scale": scale, "cases": 0, "outcome": "failed",
                    "why": why}
    return {"run": index, "seed": seed, "scale": scale, "cases": cases, "outcome": "ok",
            "why": "every case as the reference says"}


def machine_replay(group, result):
    return (f"K32_FUZZ_SEED={result['seed']} K32_FUZZ_SCALE={result['scale']} "
            "python -m pytest tests/fuzz/test_fuzz_machine.py")


# --- the command --------------------------------------------------------------------

def main(name, kernels, runs, seed, jobs, size, json_path, cluster, results_path, resume,
         echo_console=None):
    """Run the campaign, print its table; returns (the JSON document, the
    runs that found a problem)."""
    import json
    import tempfile
    from rich.console import Console
    from vm.tools import campaign as engine
    from vm.tools.inject import host_tools, rate_line
    console = echo_console or Console(width=None if sys.stdout.isatty() else 120)
    if json_path and not Path(json_path).resolve().parent.is_dir():
        raise FuzzError(f"{json_path}: no such directory")
    fuzzer = FUZZERS[name]
    if name == "sysfuzz":
        host_tools()
    where = engine.engine(cluster, jobs)
    if cluster:
        engine.need_distributed()
    ident = fuzzer["identity"](kernels, seed, size)
    with tempfile.TemporaryDirectory(prefix=f"k32-fuzz-{name}-") as scratch:
        results = engine.Results(results_path or Path(scratch) / "runs.jsonl", ident, resume)
        try:
            groups = [fuzzer["group"](g, runs, seed, size, scratch)
                      for g in fuzzer["groups"](kernels)]
            with engine.Progress(engine.stderr_console(), fuzzer["outcomes"]) as bar:
                sitting = engine.run(groups, results, where, runs, lambda r: r["outcome"],
                                     lambda group, task: {"run": task[0], "seed": task[1]}, bar)
        finally:
            results.close()
    by_group = {g.key: [results.runs[g.key, i] for i in range(runs) if (g.key, i) in results.runs]
                for g in groups}
    render(name, fuzzer, ident, by_group, console)
    console.print(rate_line(sitting["runs"], sitting["seconds"], sitting["where"]))
    doc = {"campaign": ident, "sitting": sitting,
           "groups": {g: [{k: v for k, v in r.items() if k not in ("record", "group")}
                          for r in rs] for g, rs in by_group.items()}}
    if json_path:
        with open(json_path, "w") as f:
            json.dump(doc, f, indent=1)
    failed = [(g, r) for g, rs in by_group.items() for r in rs if r["outcome"] != "ok"]
    return doc, failed


def render(name, fuzzer, ident, by_group, console):
    from rich.table import Table
    from vm.tools.campaign import HOST_FAILURE
    table = Table(title=f"k32 fuzz {name}: seed {ident['seed']}", title_justify="left")
    table.add_column(fuzzer["group_title"])
    table.add_column("runs", justify="right")
    table.add_column(fuzzer["size_title"], justify="right")
    shown = [*fuzzer["outcomes"]]
    if any(r["outcome"] == HOST_FAILURE for rs in by_group.values() for r in rs):
        shown.append(HOST_FAILURE)
    for o in shown:
        table.add_column(fuzzer["text"].get(o, "host failure"), justify="right")
    for group, rs in by_group.items():
        table.add_row(group, str(len(rs)), f"{sum(r.get(fuzzer['size_field'], 0) for r in rs):,}",
                      *[str(sum(r["outcome"] == o for r in rs)) for o in shown])
    console.print(table)


FUZZERS = {
    "sysfuzz": {"identity": sysfuzz_identity, "group": sysfuzz_group,
                "groups": lambda kernels: kernels, "outcomes": SYSFUZZ_OUTCOMES,
                "text": SYSFUZZ_TEXT, "group_title": "kernel", "size_title": "calls",
                "size_field": "calls", "replay": sysfuzz_replay},
    "machine": {"identity": machine_identity, "group": machine_group,
                "groups": lambda kernels: ["machine"], "outcomes": MACHINE_OUTCOMES,
                "text": MACHINE_TEXT, "group_title": "fuzzers", "size_title": "cases",
                "size_field": "cases", "replay": machine_replay},
}
