"""The machine as the host sees it: memory, registers, devices, and the
compiled loop behind `run()`.

`Machine` owns the state arrays (see state.py) and knows how to load an
executable, attach a disk image, feed console input and collect output.
It does not decide what to do when the loop stops; that is the job of the
session that drives it (`vm.machine.session` for `k32 run`, the debugger, the
boot loader).
"""

import mmap
import os

import numpy as np

from . import state as S
from .isa_constants import (CSR_STATUS, DISK_ST_READY, PTE_R, PTE_X, SECTOR_SIZE,
                            STATUS_KERNEL, STATUS_PAGING)

MIN_MEMORY = 64 << 10
MAX_MEMORY = 1 << 30
DEFAULT_MEMORY = 16 << 20


class MachineError(Exception):
    """The host cannot build the machine asked for (bad size, bad image...)."""


def parse_size(text):
    """'16M', '65536', '1G', '512K' -> bytes, or ValueError."""
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    digits = text[:-1] if scale != 1 else text
    if not digits.isdigit():
        raise ValueError(f"{text!r} is not a size (examples: 65536, 512K, 16M, 1G)")
    return int(digits) * scale


class Machine:
    """A K32 machine in its reset state: kernel mode, paging and interrupts
    off, pc 0, sp at the top of RAM."""

    def __init__(self, memory=DEFAULT_MEMORY, jit=None):
        if not MIN_MEMORY <= memory <= MAX_MEMORY or memory & (memory - 1):
            raise MachineError(f"memory size must be a power of two from 64K to 1G, not {memory}")
        self.memory = memory
        self.regs = np.zeros(S.REGS, np.uint32)
        self.csr = np.zeros(S.CSR_COUNT, np.uint32)
        self.st = np.zeros(S.ST_SIZE, np.int64)
        self.mem8 = np.zeros(memory, np.uint8)
        self.mem16 = self.mem8.view(np.uint16)
        self.mem32 = self.mem8.view(np.uint32)
        self.code = np.zeros(memory // 4, np.int64)      # all STALE
        self.tlb = np.full(4 * S.TLB_SIZE, -1, np.int64)
        self.outbuf = np.zeros(S.OUT_CAPACITY, np.uint8)
        self.errbuf = np.zeros(S.OUT_CAPACITY, np.uint8)
        self.inbuf = np.zeros(S.IN_CAPACITY, np.uint8)
        self.disk = np.zeros(0, np.uint32)
        self.dbg = np.zeros(S.DBG_SIZE, np.int64)
        # Told of every DEBUG_MODULE write: hook(machine, record address); a
        # hook that returns True makes run() stop there with EXIT_MODULE (a
        # debugger, to read the record before the module's code runs).
        self.module_hooks = []
        # Host events on the hot-plug bus (vm/machine/bus.py): (time, action,
        # device, origin), in time order; st[HOST_NEXT] counts those applied.
        # bus_hooks are told of each batch applied: hook(machine, [(event, slot)]).
        self.events = []
        self.bus_hooks = []
        self.jt = np.zeros(S.J_SIZE, np.int64)            # the translator's (host state)
        from .translate import Translator, enabled
        self.translator = Translator(self, enabled() if jit is None else jit)
        self._disk_file = self._disk_map = None
        self._disk_private = False
        self.st[S.MEM_SIZE] = memory
        self.st[S.TICK_AT] = -1
        self.st[S.DISK_STATUS] = DISK_ST_READY
        self.csr[CSR_STATUS] = STATUS_KERNEL
        self.regs[2] = memory & 0xFFFFFFFF           # sp: the top of RAM
        from . import bus
        bus.reset(self.st)

    # --- loading ------------------------------------------------------------
    def misfit(self, exe):
        """Why an executable cannot be loaded on this machine, or None: a
        segment past the top of RAM, or an entry the machine could never
        fetch from (outside RAM, or not word-aligned), which a lying header
        gives and which is better refused before the run than trapped on
        its first fetch."""
        for seg in exe.segments:
            if seg.address + max(seg.memsize, len(seg.data)) > self.memory:
                return (f"segment at {seg.address:#010x} ({seg.memsize} bytes) does not fit in "
                        f"{self.memory >> 10} KiB of RAM")
        if exe.entry >= self.memory:
            return f"entry {exe.entry:#010x} is outside the {self.memory >> 10} KiB of RAM"
        if exe.entry & 3:
            return f"entry {exe.entry:#010x} is not word-aligned"
        return None

    def load(self, exe):
        """Copy an executable's segments to their addresses; pc = its entry.

        Everything is checked (`misfit`) before anything is copied, so a
        program that does not fit leaves the machine untouched.
        """
        why = self.misfit(exe)
        if why is not None:
            raise MachineError(why)
        for seg in exe.segments:
            self.write(seg.address, seg.data)
            if seg.memsize > len(seg.data):
                self.write(seg.address + len(seg.data), bytes(seg.memsize - len(seg.data)))
        self.pc = exe.entry

    def write(self, address, data):
        """Write bytes to physical memory (the words they touch are re-decoded)."""
        end = address + len(data)
        if address < 0 or end > self.memory:
            raise MachineError(f"{address:#x}+{len(data)} is outside RAM")
        self.mem8[address:end] = np.frombuffer(bytes(data), np.uint8)
        self.code[address // 4:(end + 3) // 4] = S.STALE
        self.translator.written(address, end)

    def translate(self, vaddr, need=PTE_R):
        """The physical address the guest's current mode sees at `vaddr`, or None.

        User addresses under paging go through the interpreter's own page
        walk, on a scratch TLB so that looking does not change the machine;
        `need` is the permission bit the access requires.
        """
        from .cpu import walk
        vaddr &= 0xFFFFFFFF
        status = int(self.csr[CSR_STATUS])
        if status & STATUS_KERNEL or not status & STATUS_PAGING:
            return vaddr if vaddr < self.memory else None
        phys = int(walk(vaddr, need, self.csr, self.mem32, np.full_like(self.tlb, -1), self.memory))
        return phys if phys >= 0 else None

    def read_virtual_word(self, vaddr, need=PTE_X):
        """The word the guest would fetch at `vaddr`, or None if it cannot."""
        phys = self.translate(vaddr, need)
        return None if phys is None else int(self.mem32[phys >> 2])

    @property
    def pc(self):
        return int(self.st[S.PC])

    @pc.setter
    def pc(self, value):
        self.st[S.PC] = value & 0xFFFFFFFF

    @property
    def now(self):
        return int(self.st[S.NOW])

    @property
    def retired(self):
        return int(self.st[S.NOW] - self.st[S.IDLE])

    @property
    def kernel_retired(self):
        """Instructions retired in kernel mode (wfi's idle time is no instruction).

        The loop only books whole stretches at the mode switches (trap entry
        from user mode, eret or a status write back to it), so the hot path
        pays nothing; the stretch under way when the machine is in kernel
        mode now is added here.
        """
        kernel = int(self.st[S.KERNEL_TIME])
        if self.csr[CSR_STATUS] & STATUS_KERNEL:
            kernel += self.retired - int(self.st[S.KERNEL_SINCE])
        return kernel

    @property
    def user_retired(self):
        """Instructions retired in user mode."""
        return self.retired - self.kernel_retired

    # --- breakpoints (the debugger's, and `k32 inject`'s stops) ----------------
    def mark_breakpoints(self, words):
        """Arm breakpoints at physical word indices `words`: the loop stops
        with EXIT_BREAKPOINT before executing one (their decoded-code entries
        are BREAKPOINT; a store that makes one STALE is re-marked from dbg)."""
        words = sorted(words)
        if len(words) > S.MAX_BREAKS:
            raise MachineError(f"at most {S.MAX_BREAKS} breakpoints can be set")
        self.translator.unmark_words(words)
        self.dbg[S.DBG_BREAK_COUNT] = len(words)
        for i, w in enumerate(words):
            self.dbg[S.DBG_BREAKS + i] = w * 4
            self.code[w] = S.BREAKPOINT

    def unmark_breakpoints(self, words):
        """Disarm every breakpoint; `words` (the marked ones) are decoded
        afresh when next reached."""
        self.dbg[S.DBG_BREAK_COUNT] = 0
        for w in words:
            self.code[w] = S.STALE

    def skip_to(self, time):
        """Let idle time pass up to `time` (what wfi does when nothing can come sooner)."""
        self.st[S.IDLE] += time - self.st[S.NOW]
        self.st[S.NOW] = time

    def wake_time(self):
        """When something will next raise an interrupt with no input: a timer
        tick, the clock's second, a device plugged in or out; -1: never."""
        times = [int(self.st[i]) for i in (S.TICK_AT, S.RTC_TICK_AT, S.HOST_AT)]
        times = [t for t in times if t >= 0]
        return min(times) if times else -1

    # --- the hot-plug bus (vm/machine/bus.py) ----------------------------------
    def plug(self, name, at=None, origin="command line"):
        """Plug device `name` in at time `at` (now if None or past; then a
        bus.BusError if it cannot be); -> the events applied now."""
        return self._bus_event("plug", name, at, origin)

    def unplug(self, name, at=None, origin="command line"):
        return self._bus_event("unplug", name, at, origin)

    def _bus_event(self, action, name, at, origin):
        from . import bus
        if at is None or at <= self.now:
            bus.check_now(self, action, name)
        bus.schedule(self, self.now if at is None else at, action, name, origin)
        return bus.apply_due(self)

    # --- the disk -------------------------------------------------------------
    def attach_disk(self, path, private=False):
        """Map a disk image file; the guest's writes go straight to the file,
        or with `private` to a copy-on-write view that the file never sees."""
        try:
            size = os.path.getsize(path)
            if size == 0 or size % SECTOR_SIZE:
                raise MachineError(f"{path}: a disk image must be a non-empty multiple of "
                                   f"{SECTOR_SIZE} bytes (this one is {size})")
            handle = open(path, "rb" if private else "r+b")
        except OSError as e:
            raise MachineError(f"{path}: {e.strerror}") from None
        self._disk_file = handle
        self._disk_private = private
        self._disk_map = mmap.mmap(handle.fileno(), size,
                                   access=mmap.ACCESS_COPY if private else mmap.ACCESS_WRITE)
        self.disk = np.frombuffer(self._disk_map, np.uint32)
        self.st[S.DISK_SECTORS] = size // SECTOR_SIZE

    def flush_disk(self):
        if self._disk_map is not None and not self._disk_private:
            self._disk_map.flush()

    def close(self):
        """Write back and release the disk image (safe to call twice)."""
        if self._disk_map is not None:
            self.disk = np.zeros(0, np.uint32)
            self.flush_disk()
            try:
                self._disk_map.close()
            except BufferError:          # a view is still alive; the mapping closes with it
                pass
            self._disk_file.close()
            self._disk_map = self._disk_file = None

    # --- the console ----------------------------------------------------------
    def feed(self, data):
        """Append console input bytes; returns how many fitted."""
        st = self.st
        pos, length = int(st[S.IN_POS]), int(st[S.IN_LEN])
        if pos == length:
            pos = length = 0
        elif pos > S.IN_CAPACITY // 2:
            self.inbuf[:length - pos] = self.inbuf[pos:length].copy()
            pos, length = 0, length - pos
        n = min(len(data), S.IN_CAPACITY - length)
        self.inbuf[length:length + n] = np.frombuffer(bytes(data[:n]), np.uint8)
        st[S.IN_POS], st[S.IN_LEN] = pos, length + n
        return n

    def input_pending(self):
        return int(self.st[S.IN_LEN] - self.st[S.IN_POS])

    def end_input(self):
        """The host has no more input: once it is read, LSR reports end of input."""
        self.st[S.IN_EOF] = 1
        self.st[S.IN_LIVE] = 0

    def take_output(self):
        """(console bytes, debug-port bytes) written since the last call."""
        n, m = int(self.st[S.OUT_LEN]), int(self.st[S.ERR_LEN])
        self.st[S.OUT_LEN] = self.st[S.ERR_LEN] = 0
        return self.outbuf[:n].tobytes(), self.errbuf[:m].tobytes()

    # --- running --------------------------------------------------------------
    def run(self, budget):
        """Run the compiled loop for at most `budget` instructions; an EXIT_* code.

        The loop also stops for the translator (hot code to translate,
        stores into translated code) and for a module notification (a
        write to DEBUG_MODULE, which goes to the module hooks); those stops
        are handled here and the loop goes on with the rest of the budget,
        so a caller sees exactly what one uninterrupted call would give
        (`budget` 1 is a single step, which stops at a trap handler's entry,
        whoever calls the loop next) -- unless a module hook asks to stop:
        then EXIT_MODULE.
        """
        from .bus import apply_due
        from .cpu import run
        start = int(self.st[S.NOW])
        self.jt[S.J_STEP] = 1 if budget == 1 else 0
        while True:
            if self.events:
                apply_due(self)
            left = budget - (int(self.st[S.NOW]) - start)
            host_at = int(self.st[S.HOST_AT])
            if host_at >= 0:
                left = min(left, host_at - int(self.st[S.NOW]))
            reason = int(run(self.regs, self.csr, self.st, self.mem8, self.mem16, self.mem32,
                             self.code, self.tlb, self.outbuf, self.errbuf, self.inbuf,
                             self.disk, self.dbg, self.jt, left))
            if reason == S.EXIT_HOT:
                self.translator.hot()
            elif reason == S.EXIT_STORED:
                self.translator.stored()
            elif reason == S.EXIT_MODULE:
                record = int(self.st[S.MODULE_RECORD])
                stop = False
                for hook in list(self.module_hooks):
                    stop = bool(hook(self, record)) or stop
                if stop:
                    return reason
                if budget - (int(self.st[S.NOW]) - start) <= 0:
                    return S.EXIT_BUDGET
            elif reason == S.EXIT_BUDGET and int(self.st[S.HOST_AT]) == int(self.st[S.NOW]) \
                    and int(self.st[S.NOW]) - start < budget:
                pass                                # a host event is due: apply it, go on
            else:
                if self.events:
                    apply_due(self)
                return reason
            self.jt[S.J_STEP] = 0
