"""`k32 bench inject`: a campaign's runs per second in the local process
pool and on a Dask LocalCluster of as many workers, measured in one run,
with the scheduling overhead per run and where a run's time goes.

Both engines run the same runs of one kernel's campaign (after a few
warm-up runs, so that a Dask worker's start and its first load of the
compiled machine are not counted), in alternate rounds so that a machine
shared with other work slows both alike; the best round of each counts.
The overhead is CPU time, so that other work on the machine does not count
in it: per run, the CPU time of this process and all its children (the
scheduler, the workers, their fsck.fat and mtype) less the CPU time of the
runs themselves (measured around each run, on its worker), per run; and per
task, the same for tasks that do nothing."""

import tempfile
import time
from pathlib import Path

WARM_UP = 2                             # runs per worker before the timed ones (Dask)
EMPTY_TASKS = 400                       # tasks that do nothing, for the overhead per task


def _empty(bundle, task):
    """A task that does nothing: what is left of its time is the engine's."""
    return {"outcome": "none", "seconds": 0.0}


def _cpu_tree():
    """CPU seconds of this process and every process under it, alive or
    ended (psutil comes with distributed)."""
    import psutil
    me = psutil.Process()
    total = sum(me.cpu_times()[:4])     # user, system, and of children that ended
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:4])
        except psutil.Error:            # ended meanwhile: its time is in its parent's
            pass
    return total


def _timed(where, jobs):
    """(seconds, CPU seconds of the whole process tree, results) of running
    `jobs` on `where` (started)."""
    results = []
    started, cpu = time.perf_counter(), _cpu_tree()
    where.run(list(jobs), lambda job, result: results.append(result))
    return time.perf_counter() - started, _cpu_tree() - cpu, results


def _measure(where, group, runs, warm):
    """{runs_per_second, seconds, run_seconds, overhead_per_run, overhead_per_task}
    of one engine (started here, closed after)."""
    from vm.tools.campaign import Group
    jobs = [(group.work, group.bundle, group.key, i, group.tasks[i]) for i in range(warm + runs)]
    empty = Group("empty", group.bundle, {}, _empty)
    try:
        where.start([group.bundle])
        _timed(where, jobs[:warm])
        seconds, cpu, results = _timed(where, jobs[warm:])
        _, empty_cpu, _ = _timed(where, [(empty.work, empty.bundle, "empty", i, None)
                                         for i in range(EMPTY_TASKS)])
    finally:
        where.close()
    worked = sum(r["cpu"] for r in results)
    return {"where": where.description, "workers": where.workers, "runs": runs,
            "seconds": round(seconds, 3), "runs_per_second": round(runs / seconds, 2),
            "run_seconds": round(sum(r["seconds"] for r in results) / runs, 4),
            "run_cpu": round(worked / runs, 4),
            "overhead_per_run": round((cpu - worked) / runs, 5),
            "overhead_per_task": round(empty_cpu / EMPTY_TASKS, 5),
            "timing": {k: round(sum(r["timing"][k] for r in results) / runs, 4)
                       for k in results[0]["timing"]}}


def run(echo, kernel="micro", runs=200, workers=2, rounds=2, seed=1):
    """Measure, print, and return the figures."""
    from vm.tools import inject as fi
    from vm.tools.campaign import DaskCluster, LocalPool, need_distributed
    need_distributed("bench inject")
    with tempfile.TemporaryDirectory(prefix="k32-bench-inject-") as scratch:
        warm = WARM_UP * workers
        group = fi.group(kernel, warm + runs, seed, fi.FAULT_TYPES, None, Path(scratch))
        echo(f"k32 bench inject: {runs} runs of `k32 inject --kernel {kernel} --seed {seed}` "
             f"per round, {rounds} rounds, {workers} workers each (best round counts)")
        best = {}
        for _ in range(rounds):
            for name, where in (("local", LocalPool(workers)),
                                ("dask", DaskCluster(("local", workers)))):
                figures = _measure(where, group, runs, warm)
                if name not in best or figures["seconds"] < best[name]["seconds"]:
                    best[name] = figures
    for figures in best.values():
        echo(f"{figures['where'] + ':':34} {figures['runs_per_second']:7.2f} runs/s; "
             f"overhead per run {1000 * figures['overhead_per_run']:.1f} ms CPU, per empty "
             f"task {1000 * figures['overhead_per_task']:.2f} ms")
    ratio = best["dask"]["runs_per_second"] / best["local"]["runs_per_second"]
    echo(f"Dask / local pool: {ratio:.3f} of the runs/s")
    local = best["local"]
    parts = ", ".join(f"{fi.PARTS[k]} {1000 * v:.1f} ms" for k, v in local["timing"].items())
    echo(f"a run on its worker: {1000 * local['run_seconds']:.1f} ms: {parts}")
    return {"kernel": kernel, "seed": seed, "runs": runs, "rounds": rounds,
            "local": best["local"], "dask": best["dask"], "dask_over_local": round(ratio, 4)}
