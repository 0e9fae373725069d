"""Campaigns of many independent runs (`k32 inject`, `k32 fuzz`): a results
file that loses nothing, resuming, and the runs spread over a local process
pool or a Dask distributed cluster.

A campaign is groups of runs (one group per kernel).  Each group has a
bundle -- everything its runs need that the client made: the boot image,
the disk, the fault-free run's figures -- and a task per run.  Each run is
a call `work(bundle, task)` returning a dict, run where the engine puts it.
The bundle goes to each worker once, named by its content hash (SHA-256),
and each worker unpacks it once (`unpacked`), so workers need only the
installed project: nothing is rebuilt there and no file system is shared.

The results file (JSON lines) starts with the campaign's identity line
("record": "campaign": what decides its runs, such as the seed, the kernels
and the fault types), has one "golden" line per group with the figures of
its fault-free run, then one "run" line per finished run in the order they
finish, each written and flushed as it comes, and a "session" line at the
end of each sitting (runs, seconds, where they ran).  A run's line depends
only on the campaign's identity and the run's index, not on where or when
it ran (bar its VOLATILE fields).  `--resume` reads
the file back, refuses another campaign's file, drops a line cut short by
a crash, and runs only the runs that have no line.

A run whose worker died (the process crashed, was killed, or its machine
went away) is run once more elsewhere -- on the cluster, by the
scheduler's own rule (`distributed.scheduler.allowed-failures` = 1); in the
local pool, by a new pool -- and if that worker dies too the run is
recorded with outcome "host" (a host failure), never dropped.  On a
cluster a task is a batch of runs (DaskCluster.run says why and how a
batch that kills its workers is split).
"""

import hashlib
import json
import os
import pickle
import signal
import socket
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

HOST_FAILURE = "host"                   # the outcome of a run whose worker died twice
ALLOWED_FAILURES = 1                    # worker deaths a run survives (then: a host failure)
WINDOW_PER_WORKER = 2                   # batches in a cluster's hands per worker (keeps it busy)
QUEUED_PER_PROCESS = 2                  # local pool: runs in its hands per process (none idles)
BATCH = 16                              # runs per Dask task at most (a task costs ~4 ms of CPU)
BATCHES_PER_WORKER = 4                  # a campaign gives each worker this many batches at least
CONNECT_TIMEOUT = "10s"                 # reaching a cluster's scheduler
INSTALL = "pip install -e '.[cluster]'"
# For the tests: "GROUP:RUN:TIMES:DIR[,...]" makes the worker that starts
# that run die at once, the first TIMES times (counted by marker files in DIR).
KILL_VARIABLE = "K32_TEST_WORKER_DIES"
VOLATILE = ("seconds", "timing", "host", "cpu")    # the fields of a run's line that may differ between sittings


class CampaignError(Exception):
    """The campaign cannot run as asked; the message is what to show."""


class Interrupted(CampaignError):
    """Ctrl-C: the finished runs are in the results file."""


# --- bundles: what a group's runs share, shipped once by content hash ----------------

def pack(**items):
    """A bundle: `items` (bytes compressed, everything else as it is) and its
    content hash under "hash"."""
    packed = {k: zlib.compress(v, 1) if isinstance(v, bytes) else v for k, v in items.items()}
    packed["hash"] = hashlib.sha256(pickle.dumps(sorted(packed.items()), 4)).hexdigest()
    return packed


def unpack(bundle, name):
    return zlib.decompress(bundle[name])


_unpacked = {}                          # this process: bundle hash -> what `make` made of it
_unpacked_lock = threading.Lock()


def unpacked(bundle, make):
    """`make(bundle, directory)`, once per bundle in this process (a worker
    keeps it for the next runs); `directory` is the bundle's own scratch
    directory on this host."""
    with _unpacked_lock:
        if bundle["hash"] not in _unpacked:
            directory = Path(tempfile.mkdtemp(prefix=f"k32-{bundle['hash'][:12]}-"))
            _unpacked[bundle["hash"]] = make(bundle, directory)
        return _unpacked[bundle["hash"]]


def scratch_file(directory, name):
    """A file name in `directory` of this thread's own (a worker may run
    several runs at once in threads)."""
    return Path(directory) / f"{threading.get_ident()}-{name}"


@dataclass
class Group:
    """The runs of one kernel (or one fuzzer target)."""

    key: str                            # "mono", "micro", ...
    bundle: dict                        # pack(...): shipped once to each worker
    tasks: dict                         # run index -> the run's task (picklable)
    work: object                        # work(bundle, task) -> dict, a module-level function
    golden: dict = field(default_factory=dict)     # written as the group's "golden" line


def _run_task(work, bundle, group, index, task):
    """One run on a worker: the test's host-failure hook, then the work."""
    _maybe_die(group, index)
    started, cpu = time.perf_counter(), cpu_seconds()
    result = work(bundle, task)
    result.setdefault("seconds", round(time.perf_counter() - started, 3))
    result["cpu"] = round(cpu_seconds() - cpu, 4)
    result["host"] = f"{socket.gethostname()}:{os.getpid()}"
    return result


def cpu_seconds():
    """This process's CPU time, with its children's that have ended (the
    fsck.fat and mtype of each run)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _maybe_die(group, index):
    for spec in filter(None, os.environ.get(KILL_VARIABLE, "").split(",")):
        kill_group, run, times, directory = spec.split(":", 3)
        if (kill_group, int(run)) == (group, index):
            _die(group, index, int(times), directory)


def _die(group, index, times, directory):
    for n in range(times):
        try:
            with open(Path(directory) / f"died-{group}-{index}-{n}", "x"):
                pass
        except FileExistsError:
            continue
        os._exit(70)                    # as a crash would: no clean-up, no answer


# --- the results file ---------------------------------------------------------------

class Results:
    """The results file of one campaign: what it holds, and appending to it."""

    def __init__(self, path, identity, resume):
        self.path = Path(path)
        self.identity = identity
        self.runs = {}                  # (group, index) -> the run's dict
        self.golden = {}                # group -> its golden line
        self.sessions = []
        if resume:
            if not self.path.exists():
                raise CampaignError(f"{path}: no such results file to resume")
            self._read_back()
        elif self.path.exists() and self.path.stat().st_size:
            raise CampaignError(f"{path} already holds results: give --resume to go on with "
                                "that campaign, or another file")
        if not self.path.resolve().parent.is_dir():
            raise CampaignError(f"{path}: no such directory")
        self._file = open(self.path, "a")
        if not resume or not self._had_header:
            self._write({"record": "campaign", **identity})

    _had_header = False

    def _read_back(self):
        records, whole = _records(self.path)
        if whole < self.path.stat().st_size:     # drop the line cut short, to append after
            with open(self.path, "r+b") as f:
                f.truncate(whole)
        identity, self.golden, runs, self.sessions = records
        if identity is not None:
            self._check_identity(identity)
            self._had_header = True
        self.runs = {(g, r["run"]): r for g, mine in runs.items() for r in mine}

    def _check_identity(self, theirs):
        if theirs == self.identity:
            return
        if title(theirs) != title(self.identity):
            raise CampaignError(f"{self.path} holds the results of `{title(theirs)}`, not of "
                                f"`{title(self.identity)}`: give another file")
        differ = [k for k in self.identity if theirs.get(k) != self.identity[k]]
        differ += [k for k in theirs if k not in self.identity]
        said = "; ".join(f"{k} {_show(theirs.get(k))}, not {_show(self.identity.get(k))}"
                         for k in differ)
        raise CampaignError(f"{self.path} holds another campaign ({said}): give the same "
                            "options to resume it, or another file")

    def _write(self, record):
        self._file.write(json.dumps(record, separators=(",", ":")) + "\n")
        self._file.flush()              # a run is kept once its line is out of this process

    def add_golden(self, group, figures):
        record = {"record": "golden", "group": group, **figures}
        if self.golden.get(group) != record:
            self.golden[group] = record
            self._write(record)

    def add_run(self, group, index, result):
        record = {"record": "run", "group": group, "run": index, **result}
        self.runs[group, index] = record
        self._write(record)

    def add_session(self, record):
        record = {"record": "session", **record}
        self.sessions.append(record)
        self._write(record)

    def close(self):
        self._file.close()


def title(identity):
    """The command whose results a campaign line is: `k32 inject`, `k32 fuzz sysfuzz`."""
    return " ".join(["k32", str(identity.get("campaign")), *filter(None, [identity.get("fuzzer")])])


def _show(value):
    if isinstance(value, list):
        return ",".join(map(str, value)) or "none"
    return str(value)


def read(path):
    """(identity, {group: golden line}, {group: [run dicts by index]},
    [session lines]) of a results file (for --summary)."""
    path = Path(path)
    if not path.is_file():
        raise CampaignError(f"{path}: no such results file")
    (identity, golden, runs, sessions), _ = _records(path)
    if identity is None:
        raise CampaignError(f"{path}: no campaign line: not a k32 results file")
    return identity, golden, runs, sessions


def _records(path):
    """((identity or None, golden lines, runs, sessions) as read() returns
    them, the length of the file's whole lines).  A last line without its
    newline was cut short by a crash and does not count."""
    data = path.read_bytes()
    whole = data.rfind(b"\n") + 1
    identity, golden, runs, sessions = None, {}, {}, []
    for number, line in enumerate(data[:whole].decode("utf-8", "replace").splitlines(), 1):
        try:
            record = json.loads(line)
            kind = record["record"]
            if kind == "campaign":
                identity = {k: v for k, v in record.items() if k != "record"}
            elif kind == "golden":
                golden[record["group"]] = record
            elif kind == "run":
                runs.setdefault(record["group"], {})[record["run"]] = record
            elif kind == "session":
                sessions.append(record)
        except (ValueError, KeyError, TypeError):
            raise CampaignError(f"{path}:{number}: not a line of a k32 results file") from None
        if number == 1 and identity is None:
            raise CampaignError(f"{path}: no campaign line first: not a k32 results file")
    return (identity, golden, {g: [r[i] for i in sorted(r)] for g, r in runs.items()},
            sessions), whole


# --- where the runs run --------------------------------------------------------------

def parse_cluster(text):
    """None (the local pool), ("local", N) or ("address", URL)."""
    if text is None:
        return None
    if text.startswith("local:"):
        count = text[len("local:"):]
        if count.isdigit() and 1 <= int(count) <= 256:
            return "local", int(count)
    elif "://" in text and text.split("://", 1)[1]:
        return "address", text
    raise CampaignError(f"--cluster {text}: expected local:N (N workers on this machine) or "
                        "tcp://HOST:PORT (a Dask scheduler)")


def need_distributed(what="--cluster"):
    """Import Dask distributed, or say in one line how to install it."""
    try:
        import distributed
    except ImportError:
        raise CampaignError(f"{what} needs Dask distributed: {INSTALL}") from None
    return distributed


def _ignore_sigint():
    """Ctrl-C is the client's to handle: a worker of the local pool must not
    die of it with a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_pool_bundles = {}                      # a worker's bundles by hash (local pool: inherited at fork)
_started = None                         # local pool: where a process says which run it starts


def _pool_init(started):
    global _started
    _started = started
    _ignore_sigint()


def _pool_task(work, bundle_hash, group, index, task):
    if _started is not None:
        _started.put((group, index))
    return _run_task(work, _pool_bundles[bundle_hash], group, index, task)


def _run_batch(items):
    """A Dask task: several runs, [(work, bundle hash, group, index, task)]."""
    return [_pool_task(*item) for item in items]


class LocalPool:
    """The default: a pool of `jobs` forked processes (1: this process)."""

    description = "local pool"

    def __init__(self, jobs):
        self.jobs = jobs
        self.workers = jobs
        self.description = f"local pool of {jobs}"
        self.pool = None

    def start(self, bundles):
        _pool_bundles.update({b["hash"]: b for b in bundles})

    def _new_pool(self):
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context
        self.started = get_context("fork").SimpleQueue()
        return ProcessPoolExecutor(self.jobs, mp_context=get_context("fork"),
                                   initializer=_pool_init, initargs=(self.started,))

    def run(self, jobs, done):
        """Run every (work, bundle, group, index, task) of `jobs`; `done(job,
        result or None)` as each ends (None: its worker died twice)."""
        if self.jobs == 1:
            for job in jobs:
                work, bundle, group, index, task = job
                done(job, _run_task(work, bundle, group, index, task))
            return
        pending = list(reversed(jobs))
        suspects = []                   # in a pool's hands when a worker died
        deaths = {}
        while pending or suspects:
            # A broken pool cannot say which worker died, so the runs it had
            # started (one per process) are each charged with the death and
            # run again alone -- a run that kills its worker alone is charged
            # alone, and one that only ran next to it is never charged twice
            # -- and those it had not started go back to the others.
            alone = bool(suspects)
            window = 1 if alone else QUEUED_PER_PROCESS * self.jobs
            started, waiting = self._until_broken(suspects if alone else pending, window, done)
            pending.extend(waiting)
            for job in started:
                key = job[2], job[3]
                deaths[key] = deaths.get(key, 0) + 1
                if deaths[key] > ALLOWED_FAILURES:
                    done(job, None)
                else:
                    suspects.append(job)

    def _until_broken(self, source, window, done):
        """Run the jobs of `source` (taken from its end), `window` at a time,
        in a new pool, until none is left or a worker dies; returns the jobs
        the pool had in hand then: (started, not started)."""
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool
        self.pool = self._new_pool()
        running = {}
        began = set()

        def note_started():
            # Read what the processes said as it comes: a pipe left unread
            # fills (64 KiB, some 1500 runs) and blocks them.
            while not self.started.empty():
                began.add(self.started.get())

        try:
            while source or running:
                while source and len(running) < window:
                    job = source.pop()
                    work, bundle, group, index, task = job
                    running[self.pool.submit(_pool_task, work, bundle["hash"], group, index,
                                             task)] = job
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                note_started()
                for future in finished:
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        continue
                    job = running.pop(future)
                    began.discard((job[2], job[3]))
                    done(job, result)
                if any(f.exception() is not None for f in finished if f in running):
                    break
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
        note_started()
        in_hand = ([], [])
        for future, job in running.items():     # some may have finished as the pool broke
            if future.done() and not future.cancelled() and future.exception() is None:
                done(job, future.result())
            else:
                in_hand[(job[2], job[3]) not in began].append(job)
        return in_hand

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


class DaskCluster:
    """A Dask distributed cluster: a LocalCluster of N workers (one thread
    each) on 127.0.0.1, or the scheduler at an address."""

    def __init__(self, spec):
        self.spec = spec
        self.client = self.cluster = None
        self.futures = {}

    def start(self, bundles):
        import logging
        distributed = need_distributed()
        import dask
        kind, value = self.spec
        shown = f"local:{value}" if kind == "local" else value
        # The scheduler retries a run whose worker died on another worker,
        # once; a second death makes it a KilledWorker (a host failure).  A
        # remote scheduler follows its own setting (the same variable:
        # DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=1).
        # One run at a time per worker thread (saturation 1.0, not 1.1): a
        # worker that dies then takes only its own run with it, and no run
        # waiting behind it is charged with its death.
        dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                         "distributed.scheduler.worker-saturation": 1.0})
        try:
            if kind == "local":
                # The workers start with Ctrl-C ignored (inherited), as the
                # local pool's do: it is the client's to handle.
                handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
                try:
                    self.cluster = distributed.LocalCluster(
                        n_workers=value, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, memory_limit=0, silence_logs=logging.CRITICAL)
                finally:
                    signal.signal(signal.SIGINT, handler)
                self.client = distributed.Client(self.cluster)
                self.description = f"Dask LocalCluster of {value} workers"
            else:
                self.client = distributed.Client(value, timeout=CONNECT_TIMEOUT)
                self.description = f"Dask cluster at {value}"
        except (OSError, TimeoutError) as e:
            self.close()
            raise CampaignError(f"--cluster {shown}: cannot reach the scheduler: "
                                f"{_first_line(e)}") from None
        except Exception as e:          # distributed's own: a worker that cannot start, ...
            self.close()
            raise CampaignError(f"--cluster {shown}: the cluster did not start: "
                                f"{_first_line(e)}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))
        # Each bundle goes to every worker once, under its content hash, as a
        # worker plugin: the scheduler hands it to workers that join later
        # too, such as a worker the nanny restarted after a crash.
        for bundle in bundles:
            self.client.register_plugin(_bundle_plugin(bundle, self.cluster is not None),
                                        name=f"k32-bundle-{bundle['hash']}")

    def run(self, jobs, done):
        """As LocalPool.run, in batches of up to BATCH runs: one Dask task
        costs some milliseconds of the scheduler's and the worker's time, a
        run tens, so a task runs several (and the lines of its runs are
        written when it comes back).  A batch whose worker died twice is
        split: each of its runs is tried alone, with its own retry, so that
        only a run that kills its worker becomes a host failure."""
        from distributed import as_completed
        try:
            from distributed import KilledWorker
        except ImportError:                                 # older releases
            from distributed.scheduler import KilledWorker
        size = max(1, min(BATCH, len(jobs) // (self.workers * BATCHES_PER_WORKER)))
        pending = [jobs[i:i + size] for i in range(0, len(jobs), size)][::-1]
        window = WINDOW_PER_WORKER * self.workers
        queue = as_completed(with_results=False)

        def submit(batch):
            _, bundle, group, index, _ = batch[0]
            items = [(work, b["hash"], g, i, task) for work, b, g, i, task in batch]
            future = self.client.submit(_run_batch, items, pure=False,
                                        key=f"k32-{group}-{index}-{len(batch)}-{bundle['hash'][:8]}")
            self.futures[future] = batch
            queue.add(future)

        while pending and len(self.futures) < window:
            submit(pending.pop())
        for future in queue:
            batch = self.futures.pop(future)
            try:
                results = future.result()
            except KilledWorker:
                if len(batch) > 1:
                    for job in batch:
                        submit([job])
                    continue
                results = [None]
            for job, result in zip(batch, results):
                done(job, result)
            while pending and len(self.futures) < window:
                submit(pending.pop())

    def close(self):
        for closing in (self.client, self.cluster):
            if closing is not None:
                try:
                    closing.close()
                except Exception:           # already gone: nothing left to close
                    pass


def _bundle_plugin(bundle, ours):
    """A Dask worker plugin that leaves `bundle` in the worker's process;
    `ours`: the worker is this client's LocalCluster's (Ctrl-C is ignored there)."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class Bundle(WorkerPlugin):
        def __init__(self, bundle, ours):
            self.bundle, self.ours = bundle, ours

        def setup(self, worker):
            # The module of the worker's process, not a copy pickled with the class.
            from vm.tools import campaign
            campaign._pool_bundles[self.bundle["hash"]] = self.bundle
            if self.ours:
                try:
                    campaign._ignore_sigint()   # also a worker the nanny restarted
                except ValueError:              # not the main thread: nothing to do
                    pass

    return Bundle(bundle, ours)


def _first_line(e):
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def engine(cluster, jobs):
    spec = parse_cluster(cluster)
    return LocalPool(jobs) if spec is None else DaskCluster(spec)


# --- a sitting: run what is missing, write as it comes --------------------------------

def host_failure(task_fields):
    """The line of a run whose worker died twice."""
    return {**task_fields, "outcome": HOST_FAILURE,
            "why": f"its worker died {ALLOWED_FAILURES + 1} times (the run was retried on "
                   "another worker once)"}


def run(groups, results, where, runs_wanted, outcome_of, failed_fields, progress=None):
    """Run every run of `groups` that `results` does not hold, on `where`
    (LocalPool or DaskCluster), appending each to `results` as it ends.

    `outcome_of(result)` names a run's outcome for the progress counts;
    `failed_fields(group, task)` gives the fields of a host failure's line;
    `progress` (a Progress below, or None).  Returns the sitting's line
    (runs run, seconds, where).  Ctrl-C raises Interrupted after closing the workers: nothing finished
    is lost."""
    for g in groups:
        results.add_golden(g.key, g.golden)
    jobs = [(g.work, g.bundle, g.key, i, g.tasks[i]) for g in groups for i in range(runs_wanted)
            if (g.key, i) not in results.runs]
    if progress:
        for g in groups:
            have = [r for (key, _), r in results.runs.items() if key == g.key]
            progress.add(g.key, runs_wanted, [outcome_of(r) for r in have])
    started = time.perf_counter()
    count = 0

    def done(job, result):
        nonlocal count
        _, _, group, index, task = job
        if result is None:
            result = host_failure(failed_fields(group, task))
        results.add_run(group, index, result)
        count += 1
        if progress:
            progress.advance(group, outcome_of(result))

    try:
        if jobs:
            where.start([g.bundle for g in groups])
            where.run(jobs, done)
    except KeyboardInterrupt:
        where.close()
        seconds = time.perf_counter() - started
        results.add_session({"runs": count, "seconds": round(seconds, 2),
                             "where": getattr(where, "description", ""), "interrupted": True})
        missing = sum(1 for g in groups for i in range(runs_wanted)
                      if (g.key, i) not in results.runs)
        raise Interrupted(f"interrupted: {len(results.runs)} runs are in {results.path}, "
                          f"{missing} to go: the same command with --resume runs them") from None
    finally:
        where.close()
    seconds = time.perf_counter() - started
    sitting = {"runs": count, "seconds": round(seconds, 2),
               "where": getattr(where, "description", "")}
    results.add_session(sitting)
    return sitting


class Progress:
    """A rich progress bar per group: runs done, runs/s, the outcomes so far."""

    def __init__(self, console, outcomes):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, \
            TimeRemainingColumn
        self.outcomes = outcomes
        self.bar = Bar(TextColumn("[bold]{task.description}[/]"), BarColumn(),
                       MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                       TimeRemainingColumn(), TextColumn("{task.fields[counts]}"),
                       console=console, transient=True,
                       disable=not console.is_terminal)     # a log file gets the tables only
        self.tasks = {}
        self.counts = {}
        self.started = time.perf_counter()
        self.new = 0

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def add(self, group, total, outcomes):
        self.counts[group] = {}
        for o in outcomes:
            self.counts[group][o] = self.counts[group].get(o, 0) + 1
        self.tasks[group] = self.bar.add_task(group, total=total, completed=len(outcomes),
                                              rate="", counts=self._counts(group))

    def advance(self, group, outcome):
        self.new += 1
        self.counts[group][outcome] = self.counts[group].get(outcome, 0) + 1
        rate = self.new / max(1e-9, time.perf_counter() - self.started)
        for g, task in self.tasks.items():
            self.bar.update(task, rate=f"{rate:.1f} runs/s", counts=self._counts(g),
                            advance=1 if g == group else 0)

    def _counts(self, group):
        have = self.counts[group]
        return " ".join(f"{o} {have[o]}" for o in (*self.outcomes, HOST_FAILURE) if have.get(o))


def same_runs(lines):
    """Run lines without the fields that depend on where and when they ran:
    two sittings of one campaign must agree on these."""
    return [{k: v for k, v in line.items() if k not in VOLATILE} for line in lines]


def stderr_console():
    from rich.console import Console
    return Console(stderr=True, file=sys.stderr)
