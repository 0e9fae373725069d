"""Driving a machine to the end of a run: what `k32 run` (and later
`k32 boot`) does between the compiled loop's exits.

The loop runs in slices; after each exit the session writes the guest's
output, moves console input in, waits when the guest is idle, and turns
the ends of a run into an exit status and at most one line on stderr:

    halt                      status 0
    write V to port 0xF4      status V & 0xFF
    step limit, deadlock      status 124, "k32: step limit ..." / "... deadlock"
    unhandled trap, double    status 134, "k32: unhandled trap: <cause> at pc ..."
    fault
"""

import sys
from dataclasses import dataclass

from isa.machine import IRQS, TRAP_CAUSES

from . import state as S
from .isa_constants import (CAUSE_BUS_ERROR, CAUSE_ILLEGAL, CAUSE_IO_VIOLATION,
                            CAUSE_MISALIGNED_FETCH, CAUSE_PRIVILEGED, CSR_BADADDR, CSR_CAUSE,
                            CSR_EPC, INTERRUPT_BIT)

SLICE = 1 << 22                 # instructions per call when nothing else stops the loop
STATUS_HANG = 124               # the step limit, or a machine that can never wake
STATUS_TRAP = 134               # an unhandled trap or a double fault
STATUS_INTERRUPTED = 130        # Ctrl-C on the host
IDLE_RATE = 100e6               # instructions per second assumed while the guest idles
MAX_IDLE_WAIT = 0.05            # seconds one idle wait may block

CAUSE_TEXT = {value: meaning for _, value, meaning in TRAP_CAUSES}
IRQ_TEXT = {value: name.removeprefix("IRQ_").lower() for name, value, _ in IRQS}


def cause_text(cause):
    """A trap cause in words: 'load page fault', 'interrupt 0 (timer)'..."""
    if cause & INTERRUPT_BIT:
        irq = cause & ~INTERRUPT_BIT
        return f"interrupt {irq} ({IRQ_TEXT.get(irq, 'unknown')})"
    return CAUSE_TEXT.get(cause, f"cause {cause}")


def trap_detail(cause, pc, bad):
    """'illegal instruction at pc 0x...' with the bad address or word where it helps."""
    text = f"{cause_text(cause)} at pc {pc:#010x}"
    if cause in (CAUSE_ILLEGAL, CAUSE_PRIVILEGED):
        text += f" (instruction word {bad:#010x})"
    elif cause == CAUSE_IO_VIOLATION:
        text += f" (port {bad:#06x})"
    elif CAUSE_MISALIGNED_FETCH <= cause <= CAUSE_BUS_ERROR:
        text += f" (address {bad:#010x})"
    return text


@dataclass
class Outcome:
    status: int                 # the host process's exit status
    reason: int                 # the last EXIT_* code
    message: str = ""           # the one-line diagnosis, if any


def ending(m, reason):
    """The Outcome of an exit that ends the run (halt, debug-exit, a trap
    nobody handles, deadlock), or None for one that only needs the host."""
    if reason == S.EXIT_HALT:
        return Outcome(0, reason)
    if reason == S.EXIT_DEBUG:
        return Outcome(int(m.st[S.EXIT_VALUE]), reason)
    if reason in (S.EXIT_TRAP, S.EXIT_DOUBLE_FAULT):
        what = "unhandled trap" if reason == S.EXIT_TRAP else "double fault"
        detail = trap_detail(int(m.st[S.TRAP_CAUSE]), int(m.st[S.TRAP_PC]), int(m.st[S.TRAP_BAD]))
        if reason == S.EXIT_DOUBLE_FAULT:
            detail += ", the trap vector"
        return Outcome(STATUS_TRAP, reason, f"{what}: {detail}")
    if reason == S.EXIT_DEADLOCK:
        return Outcome(STATUS_HANG, reason,
                       f"deadlock: wfi at pc {m.pc - 4:#010x} with no interrupt that can arrive")
    return None


class Session:
    """Runs a machine with a console until the run ends."""

    def __init__(self, machine, console, max_steps=None, err=None, tracer=None):
        self.m = machine
        self.console = console
        self.max_steps = max_steps
        self.err = err if err is not None else sys.stderr.buffer
        self.tracer = tracer
        self._last_input_exit = -1

    def _drain(self):
        out, err = self.m.take_output()
        if out:
            self.console.write(out)
        if err:
            self.err.write(err)
            self.err.flush()

    def _budget(self):
        if self.tracer is not None:
            return 1
        if self.max_steps is None:
            return SLICE
        return max(0, min(SLICE, self.max_steps - self.m.now))

    def run(self):
        m = self.m
        self.console.start(m)
        try:
            while True:
                before = self.tracer.before(m) if self.tracer else None
                reason = m.run(self._budget())
                if self.tracer:
                    self.tracer.after(m, before, reason)
                self._drain()
                outcome = self._handle(reason)
                if outcome is not None:
                    return outcome
        except KeyboardInterrupt:
            self._drain()
            return Outcome(STATUS_INTERRUPTED, -1, f"interrupted at pc {m.pc:#010x}")
        finally:
            self._drain()
            self.console.close()
            m.close()

    def _handle(self, reason):
        """None to carry on, or the Outcome that ends the run."""
        m = self.m
        end = ending(m, reason)
        if end is not None:
            return end
        if reason == S.EXIT_FLUSH:
            m.flush_disk()
        elif reason == S.EXIT_INPUT:
            # A guest polling in a tight loop gets the host's attention for a
            # while; one that only glances at the UART does not wait.
            tight = 0 <= m.now - self._last_input_exit < 4096
            self._last_input_exit = m.now
            self.console.pump(m, 0.01 if tight else 0.0)
        elif reason == S.EXIT_IDLE:
            tick = m.wake_time()
            wait = MAX_IDLE_WAIT if tick < 0 else min(MAX_IDLE_WAIT, (tick - m.now) / IDLE_RATE)
            self.console.pump(m, max(wait, 0.001))
            if m.input_pending() == 0 and tick > m.now:
                m.skip_to(tick)                       # nothing came
            elif m.input_pending() == 0 and tick < 0 and not m.st[S.IN_LIVE]:
                return Outcome(STATUS_HANG, S.EXIT_DEADLOCK,
                               f"deadlock: wfi at pc {m.pc - 4:#010x} and the input has ended")
        elif reason == S.EXIT_BUDGET:
            if self.max_steps is not None and m.now >= self.max_steps:
                return Outcome(STATUS_HANG, reason,
                               f"step limit reached: {self.max_steps} instructions, pc {m.pc:#010x}")
            self.console.pump(m, 0.0, demand=False)
        if self.console.quit_requested:
            return Outcome(0, reason, "stopped by Ctrl-A x")
        return None


class Tracer:
    """`--trace`: one line per instruction on stderr, with the registers it changed."""

    def __init__(self, out, symbols=None):
        from assembler.disasm import as_symbol_map, format_word
        from isa.machine import CSRS
        from isa.table import REGISTER_NAMES
        self.out = out
        self.symbols = as_symbol_map(symbols or [])
        self.format_word = format_word
        self.csrs = [(name, number) for name, number, _ in CSRS]
        self.register_names = REGISTER_NAMES

    def before(self, m):
        return m.pc, m.regs.copy(), m.csr.copy(), m.retired

    def after(self, m, before, reason):
        pc, regs, csr, retired = before
        if m.retired == retired:
            if m.pc != pc and reason == S.EXIT_BUDGET:     # a trap or interrupt was taken
                detail = trap_detail(int(m.csr[CSR_CAUSE]), int(m.csr[CSR_EPC]),
                                     int(m.csr[CSR_BADADDR]))
                self.out.write(f"{pc:08x}: trap: {detail} -> {m.pc:08x}\n".encode())
            return
        word = m.read_virtual_word(pc)
        text, comment = self.format_word(word, pc, self.symbols) if word is not None else ("?", "")
        changes = [f"{self.register_names[i]}={int(m.regs[i]):#010x}"
                   for i in range(1, 16) if m.regs[i] != regs[i]]
        changes += [f"{name}={int(m.csr[n]):#010x}" for name, n in self.csrs if m.csr[n] != csr[n]]
        line = f"{pc:08x}: {text}"
        if comment:
            line += f"  {comment}"
        if changes:
            line = line.ljust(40) + " " + " ".join(changes)
        self.out.write((line + "\n").encode())
        self.out.flush()
