"""Execution control for the debugger: forward, backward, stops.

The engine drives the same compiled loop as `k32 run` and adds what a
debugger needs around it:

- Breakpoints are marks in the predecoded `code` array (the loop stops with
  EXIT_BREAKPOINT before a marked word) and cost nothing until hit;
  resuming from one decodes the real word for a single step.
- Watchpoints are checked by the loop against their bounding range (one
  compare per access); the engine decides from the instruction at pc which
  watchpoint, if any, the access touches, and steps it with the check off.
- Reverse execution: the machine is deterministic, so every state is a
  function of a snapshot and the number of steps since.  A position is
  (instructions retired, entered) where `entered` is 1 for the stop right
  after a trap or interrupt was taken, before the handler's first
  instruction (that stop retires nothing).  The engine snapshots the whole
  machine every so often (memory and disk in 64 KiB chunks shared with the
  previous snapshot when unchanged) and reaches any earlier position by
  restoring the last snapshot before it and running forward.  Everything
  the host does to the guest (console input, `set` commands) happens at a
  position where a snapshot is taken at once, so re-execution never has to
  replay it; output the user has already seen is not shown again.
- Module notifications (the kernel's writes to DEBUG_MODULE) stop the loop
  (a module hook that asks to) and go to `on_module(record, live)`, before
  the module's first instruction, so that breakpoints on its functions are
  in place in time; re-execution meets them at the same positions (with
  live False).  What the debugger knows of the modules is part of each
  snapshot (`keep()` when it is taken, `restore(kept)` when it is
  restored), so that after going back it is what it was at that position.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from isa.table import decode

from ..machine import state as S
from ..machine.isa_constants import PTE_R, PTE_W, PTE_X
from ..machine.session import ending

CHUNK = 1 << 16                 # bytes per memory/disk chunk in a snapshot
SLICE = 1 << 22                 # instructions per run() call while continuing
MAX_SNAPSHOTS = 64
SNAPSHOT_SHARE = 20             # run at least this many times a snapshot's cost between two
MIN_SNAPSHOT_GAP = 0.05         # seconds of guest execution between snapshots, at least
TIGHT_POLL = 4096               # two input polls this close: the guest waits for input

WATCH_READ, WATCH_WRITE = 1, 2   # the kinds of access a watchpoint stops for


class EngineError(Exception):
    """Something the user asked for cannot be done (the message says why)."""


@dataclass
class Stop:
    """Why the machine stopped.

    kind: "step", "breakpoint", "watch", "trap" (a handler was entered),
    "exit" (the program ended; `message` says how), "interrupted",
    "input" (the guest waits for console input), "history" (reverse
    execution reached the oldest recorded state).
    """
    kind: str
    message: str = ""
    before: dict = field(default_factory=dict)   # watch: {watch id: bytes before}
    watch_ids: tuple = ()
    at: tuple = None            # watch: the position before the access
    after: dict = field(default_factory=dict)    # watch: {watch id: bytes after}


@dataclass
class Snapshot:
    pos: tuple
    regs: np.ndarray
    csr: np.ndarray
    st: np.ndarray
    tlb: np.ndarray
    inbuf: np.ndarray
    mem: list
    disk: list
    produced: tuple
    script: tuple               # (bytes fed, bytes available, end of input given)
    ended: object
    kept: object = None         # what keep() gave: the debugger's state that goes with it


def _chunks(array, previous):
    """The array cut in CHUNK-byte pieces; pieces equal to `previous`'s are shared."""
    flat = array.view(np.uint8)
    pieces = []
    for i, start in enumerate(range(0, len(flat), CHUNK)):
        piece = flat[start:start + CHUNK]
        if previous is not None and np.array_equal(previous[i], piece):
            pieces.append(previous[i])
        else:
            pieces.append(piece.copy())
    return pieces


class Engine:
    """A loaded machine under the debugger's control.

    `script` is console input given up front (--input); with `eof` the
    input ends after it.  `emit(stream, data)` shows guest output (stream
    0 the console, 1 the debug port).
    """

    def __init__(self, machine, emit, script=b"", eof=False):
        self.m = machine
        self.emit = emit
        self.script = bytearray(script)
        self.fed = 0
        self.available = len(script)
        self.eof = eof
        self.produced = [0, 0]
        self.shown = [0, 0]
        self.breaks = set()             # physical word indices marked BREAKPOINT
        self.watches = {}               # id -> (physical start, end, kinds)
        self.ended = None               # (position, Stop) where the program ended
        self.snapshots = []
        self.interrupt = False
        self._cost = 0.0
        self._since = 0.0               # guest execution time since the last snapshot
        self._last_poll = None
        self._replaying = False         # goto: breakpoints and watchpoints stay unarmed
        self.on_module = None           # on_module(record address, live): a module notification
        self.keep = self.restore = None  # keep() -> a value kept in snapshots; restore(value)
        self.m.module_hooks.append(lambda machine, record: True)    # stop for it
        self.m.st[S.IN_LIVE] = 0 if eof else 1
        self._feed()
        self._snapshot()

    # --- where we are ----------------------------------------------------------
    @property
    def pos(self):
        return (self.m.retired, int(self.m.st[S.ENTERED]))

    @property
    def oldest(self):
        return self.snapshots[0].pos

    def _pc_word(self):
        phys = self.m.translate(self.m.pc, PTE_X)
        return None if phys is None else phys >> 2

    # --- breakpoints and watchpoints -------------------------------------------
    def set_breaks(self, addresses):
        """Mark these physical addresses (and unmark the rest)."""
        words = {a >> 2 for a in addresses}
        if len(words) > S.MAX_BREAKS:
            raise EngineError(f"at most {S.MAX_BREAKS} breakpoints can be set")
        if not self._replaying:
            self.m.unmark_breakpoints(self.breaks - words)
        self.breaks = words
        self._mark()

    def _mark(self):
        if not self._replaying:
            self.m.mark_breakpoints(self.breaks)

    def set_watches(self, watches):
        """{id: (physical start, end, kinds)}, kinds a mask of WATCH_READ and WATCH_WRITE."""
        self.watches = dict(watches)
        self._arm_watches(True)

    def _arm_watches(self, on):
        dbg = self.m.dbg
        if on and self.watches and not self._replaying:
            lo = max(0, min(w[0] for w in self.watches.values()) - 3)
            dbg[S.DBG_WATCH_LO] = lo
            dbg[S.DBG_WATCH_SPAN] = max(w[1] for w in self.watches.values()) - lo
        else:
            dbg[S.DBG_WATCH_LO] = dbg[S.DBG_WATCH_SPAN] = 0

    def access_at_pc(self):
        """(physical address, size, is_write) of the data access the instruction
        at pc is about to make, or None."""
        m = self.m
        word = m.read_virtual_word(m.pc)
        decoded = None if word is None else decode(word)
        if decoded is None:
            return None
        insn, v = decoded
        access = insn.memory_access
        if access is None:
            return None
        size, write, offset = access
        vaddr = (int(m.regs[v["rs1"]]) + (v["imm"] if offset else 0)) & 0xFFFFFFFF
        phys = m.translate(vaddr, PTE_W if write else PTE_R)
        return None if phys is None else (phys, size, write)

    def read_phys(self, start, end):
        return self.m.mem8[start:end].tobytes()

    # --- running forward ---------------------------------------------------------
    def _run(self, budget, skip=True):
        """One call of the loop; with `skip`, a breakpoint mark at pc is
        stepped over (the real word runs, for one step)."""
        m = self.m
        w = self._pc_word() if skip else None
        if w is not None and w in self.breaks and m.code[w] == S.BREAKPOINT:
            from ..machine.cpu import predecode
            m.code[w] = predecode(m.mem32[w])
            try:
                return m.run(1)
            finally:
                m.code[w] = S.BREAKPOINT
        return m.run(budget)

    def _drain(self):
        out = self.m.take_output()
        for stream, data in enumerate(out):
            if not data:
                continue
            start = self.produced[stream]
            self.produced[stream] = start + len(data)
            fresh = self.produced[stream] - self.shown[stream]
            if fresh > 0:
                self.emit(stream, data[-fresh:] if fresh < len(data) else data)
                self.shown[stream] = self.produced[stream]

    def _feed(self):
        m = self.m
        if self.fed < self.available:
            self.fed += m.feed(bytes(self.script[self.fed:self.available]))
        if self.eof and self.fed == self.available and not m.st[S.IN_EOF]:
            m.end_input()

    def add_input(self, data):
        """Console input given now (the recorded future is dropped)."""
        del self.script[self.available:]
        self.script += data
        self.available = len(self.script)
        self._feed()
        self.mutated()

    def end_input(self):
        """The console input ends after what was given."""
        self.eof = True
        self._feed()
        self.mutated()

    def _service(self, reason, live):
        """Handle an exit that only needs the host; None to carry on, or a Stop.

        Everything here is a function of the machine state and the script
        position, so re-execution does the same.
        """
        m = self.m
        self._drain()
        if reason in (S.EXIT_BUDGET, S.EXIT_OUTPUT, S.EXIT_FLUSH):
            return None
        if reason == S.EXIT_MODULE:
            if self.on_module is not None:
                self.on_module(int(m.st[S.MODULE_RECORD]), live)
            return None
        if reason == S.EXIT_INPUT:
            self._feed()
            if live and m.input_pending() == 0 and m.st[S.IN_LIVE]:
                now = m.retired
                tight = self._last_poll is not None and 0 <= now - self._last_poll < TIGHT_POLL
                self._last_poll = now
                if tight:
                    return Stop("input", message="the guest is waiting for console input")
            return None
        if reason == S.EXIT_IDLE:
            self._feed()
            if m.input_pending() == 0:
                tick = m.wake_time()
                if tick > m.now:                     # nothing can come sooner
                    m.skip_to(tick)
                elif tick < 0:
                    return Stop("input", message="the guest is waiting for console input")
            return None
        return self._ending(reason)

    def _ending(self, reason):
        outcome = ending(self.m, reason)
        if outcome is None:
            raise EngineError(f"unexpected exit {reason}")
        if outcome.message:
            return Stop("exit", outcome.message)
        if reason == S.EXIT_HALT:
            return Stop("exit", "halted")
        return Stop("exit", f"exited with status {outcome.status & 0xFF} (debug-exit port)")

    def _watch_step(self):
        """The loop stopped before an access in the watchpoints' range: make
        that one instruction happen with the check off.  Returns (reason,
        Stop or None): a Stop("watch") if a watchpoint wants the access."""
        access = self.access_at_pc()
        hit = ()
        if access is not None:
            addr, size, write = access
            want = WATCH_WRITE if write else WATCH_READ
            hit = tuple(i for i, (lo, end, kinds) in self.watches.items()
                        if lo < addr + size and addr < end and kinds & want)
        before = {i: self.read_phys(*self.watches[i][:2]) for i in hit}
        start = self.pos
        self._arm_watches(False)
        try:
            reason = self._run(1)
        finally:
            self._arm_watches(True)
        if not hit or self.pos[0] == start[0]:    # no access happened (an interrupt came first)
            return reason, None
        after = {i: self.read_phys(*self.watches[i][:2]) for i in hit}
        return reason, Stop("watch", before=before, after=after, watch_ids=hit, at=start)

    def forward(self, until=None, step=False, wants=None, live=True):
        """Run forward and return the Stop.

        `step`: one step (one instruction, or the entry into a trap handler).
        `until`: a position not to run past (re-execution).  `wants(stop)`
        says whether a breakpoint or watchpoint stop really stops (conditions,
        ignore counts); by default every one does.
        """
        if self.ended is not None and self.ended[0] == self.pos:
            return self.ended[1]
        m = self.m
        skip = True                 # the first run steps over a breakpoint at pc
        while True:
            if self.interrupt:
                self.interrupt = False
                return Stop("interrupted")
            if until is not None:
                if self.pos >= until:
                    return Stop("step")
                gap = until[0] - self.pos[0]
                budget = gap - 1 if gap > 1 else 1
            else:
                budget = 1 if step else SLICE
            started = time.perf_counter()
            reason = self._run(budget, skip)
            skip = False
            self._since += time.perf_counter() - started
            stop = None
            if reason == S.EXIT_WATCH:
                reason, stop = self._watch_step()
                if stop is not None and wants is not None and not wants(stop):
                    stop = None
            elif reason == S.EXIT_BREAKPOINT:
                stop = Stop("breakpoint")
                if wants is not None and not wants(stop):
                    stop = None
                    skip = True
                else:
                    self._drain()
                    return stop
            if reason not in (S.EXIT_WATCH, S.EXIT_BREAKPOINT):
                ending = self._service(reason, live)
                if ending is not None:
                    if ending.kind == "exit":
                        self.ended = (self.pos, ending)
                    if ending.kind == "exit" or live:
                        return ending
            if live and until is None and self._since > max(MIN_SNAPSHOT_GAP, SNAPSHOT_SHARE * self._cost):
                self._snapshot()
            if stop is not None:
                return stop
            if step and until is None:
                entered = m.st[S.ENTERED]
                return Stop("trap" if entered else "step")

    # --- snapshots and going back -------------------------------------------------
    def _snapshot(self):
        started = time.perf_counter()
        self._drain()
        m = self.m
        last = self.snapshots[-1] if self.snapshots else None
        pos = self.pos
        while self.snapshots and self.snapshots[-1].pos >= pos:
            self.snapshots.pop()
        snap = Snapshot(pos, m.regs.copy(), m.csr.copy(), m.st.copy(), m.tlb.copy(),
                        m.inbuf.copy(), _chunks(m.mem8, last and last.mem),
                        _chunks(m.disk, last and last.disk) if len(m.disk) else [],
                        tuple(self.produced), (self.fed, self.available, self.eof), self.ended,
                        self.keep() if self.keep is not None else None)
        self.snapshots.append(snap)
        if len(self.snapshots) > MAX_SNAPSHOTS:       # keep the first, thin out the rest
            self.snapshots = self.snapshots[:1] + self.snapshots[2:-1:2] + self.snapshots[-1:]
        self._since = 0.0
        self._cost = time.perf_counter() - started

    def _restore(self, snap):
        m = self.m
        m.regs[:] = snap.regs
        m.csr[:] = snap.csr
        m.st[:] = snap.st
        m.tlb[:] = snap.tlb
        m.inbuf[:] = snap.inbuf
        flat = m.mem8
        for i, piece in enumerate(snap.mem):
            flat[i * CHUNK:i * CHUNK + len(piece)] = piece
        if snap.disk:
            disk = m.disk.view(np.uint8)
            for i, piece in enumerate(snap.disk):
                disk[i * CHUNK:i * CHUNK + len(piece)] = piece
        m.code[:] = S.STALE
        self.produced = list(snap.produced)
        self.fed, self.available, self.eof = snap.script
        self.ended = snap.ended
        if self.restore is not None:
            self.restore(snap.kept)

    def mutated(self):
        """The user changed the machine here: the old future is gone."""
        pos = self.pos
        self.snapshots = [s for s in self.snapshots if s.pos < pos]
        self.ended = None
        self.shown = list(self.produced)
        self._snapshot()

    def goto(self, target):
        """Put the machine in the state it had at position `target` (<= the
        latest position reached)."""
        if target < self.oldest:
            target = self.oldest
        snap = [s for s in self.snapshots if s.pos <= target][-1]
        self._replaying = True          # (a module notice may still change the breakpoints)
        try:
            self._restore(snap)
            self.m.dbg[S.DBG_BREAK_COUNT] = 0
            self._arm_watches(False)
            stop = self.forward(until=target, live=False)
        finally:
            self._replaying = False
            self._mark()
            self._arm_watches(True)
        if self.pos != target and stop.kind != "exit":
            raise EngineError(f"re-execution reached {self.pos}, not {target}")
        return stop

    def reverse_step(self):
        """Back one step; a Stop("history") at the oldest recorded state."""
        pos = self.pos
        if pos <= self.oldest:
            return Stop("history")
        retired, entered = pos
        if entered:
            self.goto((retired, 0))
            return Stop("step")
        self.goto((retired - 1, 0))
        self.forward(step=True, live=False)
        if self.pos != pos:
            return Stop("trap")
        self.goto((retired - 1, 0))
        return Stop("step")

    def reverse_continue(self, wants):
        """Back to the last breakpoint or watchpoint stop before here that
        `wants` accepts (a watchpoint stops before the access), or to the
        oldest state with Stop("history")."""
        end = self.pos
        for snap in reversed([s for s in self.snapshots if s.pos < end]):
            self._restore(snap)
            self._mark()
            last = None
            w = self._pc_word()
            if w in self.breaks:                  # a breakpoint right at the snapshot
                stop = Stop("breakpoint")
                if wants(stop):
                    last = (self.pos, stop)
            while True:
                stop = self.forward(until=end, wants=wants, live=False)
                if stop.kind == "breakpoint":
                    last = (self.pos, stop)
                elif stop.kind == "watch":
                    last = (stop.at, stop)
                else:
                    break
            if last is not None:
                self.goto(last[0])
                return last[1]
            end = snap.pos
        self.goto(self.oldest)
        return Stop("history")
