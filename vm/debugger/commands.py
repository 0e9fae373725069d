"""`k32 debug`: the gdb-style command interpreter over the engine.

Each command is a method `cmd_<name>`; ALIASES maps short forms.  A
command reports what is wrong by raising CommandError with one line, which
the loop prints on stderr before the next prompt; nothing a user types ends
the session except `quit` (or the end of input).
"""

import sys
from dataclasses import dataclass

from assembler.disasm import format_word
from isa.machine import CSRS, STATUS_BITS
from isa.table import REGISTER_NAMES, REGISTERS

from ..machine.isa_constants import (CSR_CAUSE, CSR_EPC, CSR_INSTRET, CSR_INSTRETH, CSR_STATUS, PTE_R,
                             PTE_W, PTE_X, STATUS_KERNEL)
from ..machine import MachineError
from ..machine.console import decode_escapes
from ..machine.session import cause_text
from .engine import WATCH_READ, WATCH_WRITE, EngineError, Stop
from .expr import ExprError, evaluate, signed
from .modules import (GOING, LOADING, STATE_NAMES, ModuleError, fingerprint, load_module,
                      read_record, record_bytes)
from .program import backtrace, call_depth_change, is_call

CSR_NUMBERS = {name: number for name, number, _ in CSRS}
MAX_STEP = 5_000_000            # instructions `step`/`next` single-step before giving up
# Why `break LOC` found nothing, when a module loaded later may define LOC:
# the breakpoint is made pending.
PENDABLE = ('Function "', "No source file named")
PARSED_KEPT = 64                # modules parsed from notices, kept for re-execution to meet again


class CommandError(Exception):
    """A command cannot be done; the message says why (one line)."""


@dataclass
class Breakpoint:
    number: int
    kind: str                   # breakpoint, watchpoint, read watchpoint, acc watchpoint
    address: int                # virtual address (watch: start); None while pending
    phys: int
    what: str                   # the location as given (a pending one is found again by it)
    temporary: bool = False
    enabled: bool = True
    condition: str = None
    hits: int = 0
    length: int = 4             # watchpoints: bytes watched
    module: str = None          # the loaded module it lies in (pending again when it goes)

    @property
    def is_watch(self):
        return self.kind != "breakpoint"

    @property
    def pending(self):
        return self.address is None


# watchpoint kind -> (how a stop names it, the accesses it stops for)
WATCH_KINDS = {
    "watchpoint": ("Watchpoint", WATCH_WRITE),
    "read watchpoint": ("Read watchpoint", WATCH_READ),
    "acc watchpoint": ("Access watchpoint", WATCH_READ | WATCH_WRITE),
}


ALIASES = {
    "b": "break", "br": "break", "c": "continue", "cont": "continue", "s": "step", "n": "next",
    "si": "stepi", "ni": "nexti", "r": "run", "q": "quit", "p": "print", "i": "info",
    "bt": "backtrace", "where": "backtrace", "d": "delete", "l": "list", "u": "until",
    "fin": "finish", "rsi": "reverse-stepi", "rc": "reverse-continue", "rn": "reverse-next",
    "rs": "reverse-step", "disas": "disassemble", "h": "help", "tb": "tbreak", "adv": "until",
    "advance": "until", "disp": "display", "inspect": "print", "call": "print",
    "frame": "info-frame", "f": "info-frame", "exit": "quit",
}
FORMATTED = {"print", "x", "display"}    # commands that take /FORMAT
REPEATABLE = {"step", "next", "stepi", "nexti", "continue", "reverse-stepi", "reverse-next",
              "reverse-step", "reverse-continue", "x", "list"}
INFO = {"registers": "registers", "r": "registers", "reg": "registers", "all-registers": "registers",
        "csr": "csr", "breakpoints": "breakpoints", "b": "breakpoints", "break": "breakpoints",
        "watchpoints": "breakpoints", "symbol": "symbol", "line": "line", "frame": "frame",
        "f": "frame", "display": "display", "program": "program", "source": "line",
        "modules": "modules", "sharedlibrary": "modules"}
HELP = """\
Running:   run (r), continue (c), stepi (si) [N], nexti (ni) [N], step (s) [N], next (n) [N],
           finish, until LOC, Ctrl-C stops a running guest
Backwards: reverse-stepi (rsi) [N], reverse-continue (rc), reverse-next (rn), reverse-step (rs)
Stopping:  break (b) LOC [if EXPR], tbreak LOC, watch/rwatch/awatch [-l] ADDR|SYMBOL [LEN] [if EXPR],
           delete [N...], disable [N...], enable [N...], condition N [EXPR], info breakpoints
           LOC is a label, *ADDRESS, FILE:LINE or LINE
Looking:   info registers [REG...], info csr, print (p)[/x|d|u|t|o|c] EXPR, x/NFU ADDR (F: x d u c s i;
           U: b h w), display[/F] EXPR, undisplay N, info display, list [LOC], disassemble [LOC],
           info line [LOC], info symbol ADDR, backtrace (bt), info frame, trace on|off,
           info modules (kernel modules loaded: their symbols are known while they are)
Changing:  set $REG = EXPR, set *ADDR = EXPR (a word; set {b}/{h}/{w} ADDR = EXPR by size),
           input TEXT (console input, \\n \\t \\\\ \\xHH escapes), eof (the input ends)
           monitor CMD (the machine monitor: device_add rtc, device_del rtc, info devices, help)
           quit (q)
Expressions: C operators; $a0 $sp $pc $status... registers, symbols are addresses, *ADDR a word."""


def _label(temporary):
    return "Temporary breakpoint" if temporary else "Breakpoint"


def _split_condition(text):
    """'LOC if EXPR' -> ('LOC', 'EXPR' or None)."""
    words = text.split()
    if "if" in words:
        i = words.index("if")
        return " ".join(words[:i]), " ".join(words[i + 1:]) or None
    return text.strip(), None


class Debugger:
    def __init__(self, engine, program, out=None, err=None):
        self.engine = engine
        self.m = engine.m
        self.program = program
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.breakpoints = {}
        self.next_number = 1
        self.displays = {}
        self.next_display = 1
        self.tracing = False
        self.last_x = ("x", "w", None)
        self.list_next = None
        self.failed = False
        self.quit = False
        self.run_to = None              # the address finish/until/next run to, while they do
        self._heard = set()             # (position, address, record) of module notices met
        self._parsed = {}               # modules.fingerprint -> Module parsed from it
        engine.on_module = self.module_notice
        engine.keep = lambda: dict(self.program.modules)
        engine.restore = self._modules_as_kept

    # --- output ---------------------------------------------------------------
    def say(self, text="", end="\n"):
        self.out.write(text + end)
        self.out.flush()

    def guest_output(self, stream, data):
        """Console bytes (stream 0) between the debugger's lines; debug-port
        bytes (stream 1) on stderr."""
        self.out.flush()
        target = self.out if stream == 0 else self.err
        raw = getattr(target, "buffer", None)          # the bytes as written, if it can
        if raw is not None:
            raw.write(data)
            raw.flush()
        else:
            target.write(data.decode("utf-8", "replace"))
            target.flush()

    # --- the command loop --------------------------------------------------------
    def execute(self, line):
        """Run one command line; errors are printed, never raised."""
        line = line.strip()
        if not line or line.startswith("#"):
            return
        name, _, rest = line.partition(" ")
        fmt = ""
        if "/" in name:
            name, _, fmt = name.partition("/")
        name = ALIASES.get(name, name)
        if name == "info-frame":
            name, rest = "info", "frame " + rest
        handler = getattr(self, "cmd_" + name.replace("-", "_"), None)
        if handler is None:
            self.error(f'Undefined command: "{name}".  Try "help".')
            return
        if fmt and name not in FORMATTED:
            self.error(f'"{name}" takes no /FORMAT')
            return
        try:
            if name in FORMATTED:
                handler(rest.strip(), fmt)
            else:
                handler(rest.strip())
        except (CommandError, ExprError, EngineError, MachineError, LookupError) as e:
            self.error(str(e).strip("'\""))
        except KeyboardInterrupt:
            self.error("Quit")
        except Exception as e:                   # a bug here must not end the session
            self.error(f"internal error in {name!r}: {type(e).__name__}: {e}")

    def error(self, message):
        self.failed = True
        self.warn(message)

    def warn(self, message):
        """A line on stderr (from `error`, or a warning that is no command's failure)."""
        self.out.flush()
        self.err.write(message + "\n")
        self.err.flush()

    # --- reading the machine -------------------------------------------------------
    def register(self, name):
        if name == "pc":
            return self.m.pc
        if name in REGISTERS:
            return int(self.m.regs[REGISTERS[name]])
        if name in CSR_NUMBERS:
            return self.csr(CSR_NUMBERS[name])
        raise ExprError(f'no register "${name}"')

    def csr(self, number):
        if number == CSR_INSTRET:
            return self.m.retired & 0xFFFFFFFF
        if number == CSR_INSTRETH:
            return self.m.retired >> 32
        return int(self.m.csr[number])

    def symbol(self, name):
        if name in self.program.symbols:
            return self.program.symbols[name]
        raise ExprError(f'No symbol "{name}" in current context.')

    def phys(self, address, size=1, write=False):
        phys = self.m.translate(address, PTE_W if write else PTE_R)
        if phys is None or phys + size > self.m.memory:
            raise ExprError(f"Cannot access memory at address {address & 0xFFFFFFFF:#x}")
        return phys

    def load(self, address, size=4):
        if address % size:
            raise ExprError(f"address {address:#x} is not aligned to {size} bytes")
        phys = self.phys(address, size)
        return int.from_bytes(self.m.mem8[phys:phys + size].tobytes(), "little")

    def eval(self, text):
        return evaluate(text, self)

    def read_word(self, address):
        """The word the guest would fetch at `address`, or None."""
        return self.m.read_virtual_word(address & 0xFFFFFFFF, PTE_X if address == self.m.pc else PTE_R)

    def location(self, text):
        """LOC -> address: *EXPR, FILE:LINE, LINE, or a symbol."""
        text = text.strip()
        if not text:
            return self.m.pc
        if text.startswith("*"):
            return self.eval(text[1:]) & 0xFFFFFFFF
        file, colon, line = text.rpartition(":")
        if colon and line.isdigit():
            path = self.program.file_named(file)
            return self.program.line_address(path, int(line))[0]
        if text.isdigit():
            where = self.program.where(self.m.pc) or (self.program.files[:1] or [None], 0)
            if where[0] is None:
                raise CommandError("No source file: use FILE:LINE.")
            return self.program.line_address(where[0], int(text))[0]
        if text in self.program.symbols:
            return self.program.after_prologue(self.program.symbols[text])
        raise CommandError(f'Function "{text}" not defined.')

    # --- showing where we are ----------------------------------------------------
    def describe(self, address):
        tag = self.program.describe(address)
        return f"{address:#010x} {tag}" if tag else f"{address:#010x}"

    def instruction(self, address, marker=True):
        word = self.read_word(address)
        if word is None:
            text = "<cannot read memory>"
        else:
            text, comment = format_word(word, address, self.program.labels)
            if comment:
                text += f"  {comment}"
        arrow = "=> " if marker and address == self.m.pc else "   "
        tag = self.program.describe(address)
        return f"{arrow}{address:#010x}{' ' + tag if tag else ''}:\t{text}"

    def where_text(self, address, returning=False):
        """`name+off at file:line`; for a frame `returning` to `address`,
        the line is the call's, as gdb shows it."""
        name, _ = self.program.function(address)
        where = self.program.where(address - 4 if returning else address)
        text = name or f"{address:#010x}"
        if name is not None and not self.program.compiled(address):    # C: gdb's "main at f.c:5"
            _, start = self.program.function(address)
            if address != start:
                text += f"+{address - start}"
        if where:
            text += f" at {where[0]}:{where[1]}"
        return text

    def show_location(self):
        pc = self.m.pc
        self.say(self.where_text(pc))
        where = self.program.where(pc)
        if where:
            source = self.program.text(*where)
            if source is not None:
                self.say(f"{where[1]}\t{source}")
        self.say(self.instruction(pc))

    def show_stop(self, stop):
        """Why and where the machine stopped, then the displays."""
        kind = stop.kind
        if kind == "exit":
            self.say(f"[program {stop.message}]")
            return
        if kind == "breakpoint":
            hit = self._breakpoint_here()
            if hit is not None:
                label = _label(hit.temporary)
                self.say(f"\n{label} {hit.number}, ", end="")
        elif kind == "watch":
            self._show_watch(stop)
        elif kind == "trap":
            cause = int(self.m.csr[CSR_CAUSE])
            self.say(f"\nTrap: {cause_text(cause)} at pc {int(self.m.csr[CSR_EPC]):#010x}, "
                     f"handler at {self.m.pc:#010x}")
        elif kind == "interrupted":
            self.say("\nProgram stopped (Ctrl-C).")
        elif kind == "input":
            self.say(f"\nStopped: {stop.message} (give it with: input TEXT, or eof)")
        elif kind == "history":
            self.say("\nNo more reverse-execution history.")
        self.show_location()
        self.show_displays()
        for number in [b.number for b in self.breakpoints.values() if b.temporary and b.hits]:
            self._delete(number)

    def _breakpoint_here(self):
        pc = self.m.pc
        for bp in self.breakpoints.values():
            if not bp.is_watch and bp.enabled and not bp.pending and bp.address == pc:
                return bp
        return None

    def _value_text(self, data):
        if len(data) in (1, 2, 4):
            value = int.from_bytes(data, "little")
            return str(signed(value) if len(data) == 4 else value)
        return "{" + ", ".join(f"0x{b:02x}" for b in data) + "}"

    def _show_watch(self, stop):
        for number in stop.watch_ids:
            bp = self.breakpoints.get(number)
            if bp is None:
                continue
            old, new = stop.before[number], stop.after[number]
            self.say(f"\n{WATCH_KINDS[bp.kind][0]} {bp.number}: {bp.what}\n")
            if old != new:
                self.say(f"Old value = {self._value_text(old)}")
                self.say(f"New value = {self._value_text(new)}")
            else:
                self.say(f"Value = {self._value_text(new)}")

    def show_displays(self):
        for number, (fmt, text) in self.displays.items():
            try:
                if fmt == "i":
                    self.say(f"{number}: x/i {text}")
                    self.say(self.instruction(self.eval(text) & 0xFFFFFFFF))
                else:
                    self.say(f"{number}: {'/' + fmt + ' ' if fmt else ''}{text} = "
                             f"{self.format_value(self.eval(text), fmt)}")
            except ExprError as e:
                self.say(f"{number}: {text} = <{e}>")

    # --- breakpoint bookkeeping ---------------------------------------------------
    def _sync(self):
        phys = {bp.phys for bp in self.breakpoints.values()
                if bp.enabled and not bp.is_watch and not bp.pending}
        if self.run_to is not None:
            phys.add(self.run_to)
        self.engine.set_breaks(phys)
        watches = {}
        for bp in self.breakpoints.values():
            if bp.enabled and bp.is_watch:
                watches[bp.number] = (bp.phys, bp.phys + bp.length, WATCH_KINDS[bp.kind][1])
        self.engine.set_watches(watches)

    def _add(self, bp):
        self.breakpoints[bp.number] = bp
        self.next_number += 1
        self._sync()

    def _delete(self, number):
        self.breakpoints.pop(number, None)
        self._sync()

    def _wants(self, stop, count=True):
        """Does this breakpoint or watchpoint stop really stop?"""
        if stop.kind == "breakpoint":
            hit = self._breakpoint_here()
            candidates = [hit] if hit is not None else []
        elif stop.kind == "watch":
            candidates = []
            for number in stop.watch_ids:
                bp = self.breakpoints.get(number)
                if bp is None:
                    continue
                if bp.kind == "watchpoint" and stop.after[number] == stop.before[number]:
                    continue                  # written but unchanged: gdb does not stop
                candidates.append(bp)
            stop.watch_ids = tuple(bp.number for bp in candidates)
        else:
            return True
        wanted = []
        for bp in candidates:
            if bp.condition:
                try:
                    if not self.eval(bp.condition):
                        continue
                except ExprError as e:
                    self.error(f"Error in testing condition for breakpoint {bp.number}: {e}")
            wanted.append(bp)
        if count:
            for bp in wanted:
                bp.hits += 1
        if stop.kind == "watch":
            stop.watch_ids = tuple(bp.number for bp in wanted)
        return bool(wanted)

    # --- moving ---------------------------------------------------------------------
    def _go(self, wants=None, step=False):
        """engine.forward with Ctrl-C stopping the guest (and `trace on`
        showing each instruction); `wants` as for engine.forward."""
        import signal

        def interrupt(signum, frame):
            self.engine.interrupt = True
        try:
            previous = signal.signal(signal.SIGINT, interrupt)
        except ValueError:                    # not the main thread
            previous = None
        try:
            wants = wants or self._wants
            if self.tracing:
                return self._traced(wants, step)
            return self.engine.forward(wants=wants, step=step)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def _traced(self, wants, step):
        while True:
            self.say(self.instruction(self.m.pc, marker=False).strip())
            stop = self.engine.forward(step=True, wants=wants)
            if step or stop.kind not in ("step", "trap"):
                return stop

    def cmd_run(self, rest):
        """Start the program from its beginning."""
        self.engine.goto(self.engine.oldest)
        self.say(f"Starting program: {self.program.name}")
        self.show_stop(self._go())

    def cmd_start(self, rest):
        """Back to the program's entry, stopped."""
        self.engine.goto(self.engine.oldest)
        self.show_stop(Stop("step"))

    def cmd_continue(self, rest):
        self.show_stop(self._go())

    def _count(self, rest):
        if not rest:
            return 1
        try:
            n = self.eval(rest)
        except ExprError as e:
            raise CommandError(str(e)) from None
        if n < 1:
            raise CommandError(f"the count must be positive, not {n}")
        return n

    def _repeat(self, rest, move):
        """`move()` N times (N from the argument, default 1), stopping early
        at anything that is not a plain step; then show the stop."""
        stop = Stop("step")
        for _ in range(self._count(rest)):
            stop = move()
            if stop.kind not in ("step", "trap"):
                break
        self.show_stop(stop)

    def cmd_stepi(self, rest):
        self._repeat(rest, lambda: self._go(step=True))

    def _step_over_call(self):
        """One instruction, or a whole call when pc is at one."""
        pc = self.m.pc
        if not is_call(self.read_word(pc)):
            return self._go(step=True)
        return self._run_to(pc + 4, int(self.m.regs[2]))

    def _run_to(self, address, sp):
        """Continue until pc == address with sp >= `sp` (the frame is back)."""
        phys = self.m.translate(address, PTE_X)
        if phys is None:
            return self._go()
        self.run_to = phys                       # kept by _sync (a module's notice may sync)
        self._sync()

        def wants(stop):
            if stop.kind == "breakpoint" and self.m.pc == address and self._breakpoint_here() is None:
                if self.m.regs[2] >= sp:          # back in the frame: a plain stop
                    stop.kind = "step"
                    return True
                return False                      # the same address in a deeper call
            return self._wants(stop)
        try:
            stop = self._go(wants)
        finally:
            self.run_to = None
            self._sync()
        return stop

    def cmd_nexti(self, rest):
        self._repeat(rest, self._step_over_call)

    def _line_step(self, over):
        """To the start of another source line; `step` goes into a call
        unless the function called has no source to show (a library built
        without -g, say), which it runs through, as gdb does."""
        start = self.program.where(self.m.pc)
        for _ in range(MAX_STEP):
            before = self.m.pc
            stop = self._step_over_call() if over else self._go(step=True)
            if stop.kind not in ("step", "trap"):
                return stop
            pc = self.m.pc
            if (not over and stop.kind == "step" and pc != before + 4
                    and is_call(self.read_word(before)) and self.program.has_source(before)
                    and not self.program.has_source(pc)):
                stop = self._run_to(before + 4, int(self.m.regs[2]))
                if stop.kind not in ("step", "trap"):
                    return stop
                pc = self.m.pc
            elif not over and self.program.after_prologue(pc) != pc:   # into a C function
                return self._run_to(self.program.after_prologue(pc), 0)
            if pc in self.program.line_starts and self.program.where(pc) != start:
                return stop
            if stop.kind == "trap":
                return stop
        raise CommandError(f"no new source line after {MAX_STEP} instructions")

    def cmd_step(self, rest):
        self._repeat(rest, lambda: self._line_step(over=False))

    def cmd_next(self, rest):
        self._repeat(rest, lambda: self._line_step(over=True))

    def _frames(self):
        regs = self.m.regs
        return backtrace(self.program, self.read_word, self.m.pc, int(regs[2]), int(regs[1]))

    def cmd_finish(self, rest):
        frames = self._frames()
        if frames[0].caller_pc is None:
            raise CommandError('"finish" not meaningful in the outermost frame.')
        self.say(f"Run till exit from #0  {self.where_text(self.m.pc)}")
        self.show_stop(self._run_to(frames[0].caller_pc, frames[0].cfa))

    def cmd_until(self, rest):
        if not rest:
            return self.cmd_next(rest)
        address = self.location(rest)
        self.show_stop(self._run_to(address, 0))

    # --- backwards --------------------------------------------------------------------
    def cmd_reverse_stepi(self, rest):
        self._repeat(rest, self.engine.reverse_step)

    def cmd_reverse_continue(self, rest):
        self.show_stop(self.engine.reverse_continue(lambda stop: self._wants(stop, count=False)))

    def _reverse_line(self, over):
        """Back to the start of the previous source line; with `over`, only
        lines of this frame or its callers count, not those of a call that
        had returned before here.  Calls are told from returns by counting,
        while the history is replayed, `jal`/`jalr` with ra (one deeper) and
        `ret` (one out): a position is in this frame or outside it when no
        later position up to here is shallower than it."""
        engine = self.engine
        program = self.program
        start_line = program.where(self.m.pc)
        sp = int(self.m.regs[2])
        sourced = program.has_source(self.m.pc)          # then skip code without source
        ceiling = 0                  # the deepest a line may be, relative to the window's end
        window = 256
        end = engine.pos
        while True:
            begin = max(engine.oldest, (end[0] - window, 0))
            engine.goto(begin)
            found = []                   # (position, depth) of candidate line starts
            depth = lowest = 0           # relative to the window's beginning
            while engine.pos < end:
                pc = self.m.pc
                while over and found and found[-1][1] > depth:
                    found.pop()              # that call has returned
                if (pc in program.line_starts and program.where(pc) != start_line
                        and (not sourced or program.has_source(pc))
                        and (not over or int(self.m.regs[2]) >= sp)):
                    found.append((engine.pos, depth))
                depth += call_depth_change(self.read_word(pc))
                engine.forward(step=True, live=False)
                lowest = min(lowest, depth)
            limit = depth + ceiling
            found = [position for position, d in found if not over or d <= limit]
            if found:
                engine.goto(found[-1])
                return Stop("step")
            if begin <= engine.oldest:
                engine.goto(engine.oldest)
                return Stop("history")
            ceiling = min(limit, lowest)     # relative to the earlier window's end
            end = begin
            window *= 4

    def cmd_reverse_next(self, rest):
        self._repeat(rest, lambda: self._reverse_line(over=True))

    def cmd_reverse_step(self, rest):
        self._repeat(rest, lambda: self._reverse_line(over=False))

    # --- breakpoints ---------------------------------------------------------------
    def _break(self, rest, temporary):
        text, condition = _split_condition(rest)
        label = _label(temporary)
        try:
            address = self.location(text)
        except (CommandError, LookupError) as e:
            reason = str(e).strip("'\"")
            if not reason.startswith(PENDABLE):
                raise
            # gdb's pending breakpoint, without the question: a module that
            # defines it may load later (its condition is checked then).
            bp = Breakpoint(self.next_number, "breakpoint", None, None, text,
                            temporary=temporary, condition=condition)
            self._add(bp)
            self.say(reason)
            self.say(f"{label} {bp.number} ({text}) pending.")
            return
        phys = self.m.translate(address, PTE_X)
        if phys is None or address % 4:
            raise CommandError(f"Cannot insert breakpoint at {address:#x}: "
                               "not an instruction address the guest can fetch now.")
        if condition:
            self.eval(condition)              # a malformed condition is refused now
        what = text or f"*{address:#x}"
        module = None if what.startswith("*") else self.program.module_at(address)
        bp = Breakpoint(self.next_number, "breakpoint", address, phys, what,
                        temporary=temporary, condition=condition,
                        module=module.name if module else None)
        self._add(bp)
        where = self.program.where(address)
        suffix = f": file {where[0]}, line {where[1]}." if where else "."
        self.say(f"{label} {bp.number} at {address:#x}{suffix}")

    def cmd_break(self, rest):
        self._break(rest, False)

    # --- kernel modules: their symbols while they are loaded ------------------------
    def module_notice(self, address, live):
        """The kernel wrote a module record's address to DEBUG_MODULE.
        Re-execution meets the same notices again (and a snapshot restored
        brings back the modules known at its position, `_modules_as_kept`):
        a module known as it is changes nothing, one parsed before is not
        parsed again, and what was said once (a breakpoint set, a warning)
        is not said again."""
        heard = (self.engine.pos, address, record_bytes(self.m, address))
        quiet = not live or heard in self._heard
        self._heard.add(heard)
        try:
            record = read_record(self.m, address)
            if record.state == LOADING:
                key = fingerprint(self.m, record)
                known = self.program.modules.get(record.name)
                if known is not None and known.key == key:
                    return
                module = self._parsed.pop(key, None) or load_module(self.m, record)
                self._parsed[key] = module       # the most recent last
                while len(self._parsed) > PARSED_KEPT:
                    del self._parsed[next(iter(self._parsed))]
                self.program.add_module(module)
                self._rebind(quiet)
            elif record.state == GOING:
                if record.name in self.program.modules:
                    self.program.remove_module(record.name)
                    self._rebind(quiet)
            else:
                state = STATE_NAMES.get(record.state, str(record.state))
                raise ModuleError(f"module {record.name}: a notice in state {state}, "
                                  "not loading or going")
        except ModuleError as e:
            if not quiet:
                self.warn(f"warning: {e}; module notice at {address:#010x} ignored")
        except Exception as e:                   # a bug here must not end the session
            if not quiet:
                self.warn(f"warning: module notice at {address:#010x} ignored: "
                          f"{type(e).__name__}: {e}")

    def _modules_as_kept(self, kept):
        """A snapshot was restored: the modules known are those of its position."""
        kept, known = kept or {}, self.program.modules
        if len(kept) != len(known) or any(known.get(name) is not m for name, m in kept.items()):
            self.program.set_modules(kept)
            self._rebind(quiet=True)

    def _rebind(self, quiet):
        """The modules changed: a breakpoint given by a name or a line that
        lies in a module is found again (or is pending while no module
        defines it); a pending one is set once a module defines it."""
        changed = False
        for bp in self.breakpoints.values():
            if bp.is_watch or bp.what.startswith("*") or not (bp.pending or bp.module):
                continue
            try:
                address = self.location(bp.what)
                phys = self.m.translate(address, PTE_X)
            except (CommandError, LookupError, ExprError):
                phys = None
            if phys is None or address % 4:
                if not bp.pending:
                    if not quiet:
                        self.say(f"{_label(bp.temporary)} {bp.number} ({bp.what}) pending: "
                                 f"module {bp.module} unloaded.")
                    bp.address = bp.phys = bp.module = None
                    changed = True
                continue
            if (address, phys) == (bp.address, bp.phys):
                continue
            owner = self.program.module_at(address)
            bp.address, bp.phys, bp.module = address, phys, owner.name if owner else None
            changed = True
            if not quiet:
                self.say(f"{_label(bp.temporary)} {bp.number} at {address:#x}: {bp.what}"
                         f"{f' (module {owner.name})' if owner else ''}.")
        if changed:
            self._sync()

    def info_modules(self, args):
        if not self.program.modules:
            self.say("No modules loaded.")
            return
        self.say(f"{'Module':<16}{'Address':<12}{'Size':>8}  Symbols")
        for module in self.program.modules.values():
            self.say(f"{module.name:<16}{module.base:#010x}  {module.size:>8}  {module.symbols}")

    def cmd_tbreak(self, rest):
        self._break(rest, True)

    def _watch(self, rest, kind):
        text, condition = _split_condition(rest)
        words = text.split()
        if words and words[0] in ("-l", "-location"):
            words = words[1:]
        if not words:
            raise CommandError("Argument required (expression to compute).")
        length = 4
        if len(words) > 1 and words[-1].isdigit():
            length = int(words[-1])
            words = words[:-1]
        expr = " ".join(words)
        if expr.startswith("$"):
            raise CommandError("Only memory can be watched (registers change at every step).")
        address = self.eval(expr[1:] if expr.startswith("*") else expr) & 0xFFFFFFFF
        if not 1 <= length <= 4096:
            raise CommandError("a watched range is 1 to 4096 bytes")
        phys = self.phys(address, length)
        if self.m.translate(address + length - 1) != phys + length - 1:
            raise CommandError("a watched range must not cross a page boundary")
        if condition:
            self.eval(condition)
        bp = Breakpoint(self.next_number, kind, address, phys, expr, condition=condition,
                        length=length)
        self._add(bp)
        label = WATCH_KINDS[kind][0]
        size = f" ({length} bytes at {address:#x})" if length != 4 else ""
        self.say(f"{label} {bp.number}: {expr}{size}")

    def cmd_watch(self, rest):
        self._watch(rest, "watchpoint")

    def cmd_rwatch(self, rest):
        self._watch(rest, "read watchpoint")

    def cmd_awatch(self, rest):
        self._watch(rest, "acc watchpoint")

    def _numbers(self, rest):
        if not rest:
            return list(self.breakpoints)
        numbers = []
        for word in rest.split():
            if not word.isdigit() or int(word) not in self.breakpoints:
                raise CommandError(f"No breakpoint number {word}.")
            numbers.append(int(word))
        return numbers

    def cmd_delete(self, rest):
        if rest.startswith("display"):
            return self.cmd_undisplay(rest[len("display"):].strip())
        for number in self._numbers(rest):
            self._delete(number)

    def cmd_disable(self, rest):
        for number in self._numbers(rest):
            self.breakpoints[number].enabled = False
        self._sync()

    def cmd_enable(self, rest):
        for number in self._numbers(rest):
            self.breakpoints[number].enabled = True
        self._sync()

    def cmd_condition(self, rest):
        number, _, expr = rest.partition(" ")
        bp = self.breakpoints.get(int(number)) if number.isdigit() else None
        if bp is None:
            raise CommandError(f"No breakpoint number {number or '(none given)'}.")
        if expr.strip():
            self.eval(expr)
        bp.condition = expr.strip() or None
        if bp.condition is None:
            self.say(f"Breakpoint {bp.number} now unconditional.")

    # --- looking -------------------------------------------------------------------
    def format_value(self, value, fmt):
        value = signed(value)
        unsigned = value & 0xFFFFFFFF
        if fmt in ("", "d"):
            return str(value)
        if fmt == "x":
            return f"{unsigned:#x}"
        if fmt == "u":
            return str(unsigned)
        if fmt == "t":
            return f"{unsigned:b}"
        if fmt == "o":
            return f"0{unsigned:o}"
        if fmt == "c":
            char = unsigned & 0xFF
            return f"{char} {chr(char)!r}"
        if fmt == "a":
            tag = self.program.describe(unsigned)
            return f"{unsigned:#x}{' ' + tag if tag else ''}"
        raise CommandError(f'Undefined output format "{fmt}".')

    def cmd_print(self, rest, fmt=""):
        if not rest:
            raise CommandError("An expression is required.")
        self.say(self.format_value(self.eval(rest), fmt))

    def cmd_output(self, rest):
        self.out.write(self.format_value(self.eval(rest), ""))
        self.out.flush()

    def cmd_x(self, rest, fmt=""):
        count, letter, size = 1, self.last_x[0], self.last_x[1]
        digits = ""
        for ch in fmt:
            if ch.isdigit():
                digits += ch
            elif ch in "xducsia":
                letter = ch
            elif ch in "bhw":
                size = ch
            else:
                raise CommandError(f'Invalid format letter "{ch}" (formats: x d u c s i a; sizes: b h w).')
        if digits:
            count = int(digits)
        if count < 1 or count > 4096:
            raise CommandError("x shows 1 to 4096 units")
        if letter == "c" and not any(ch in "bhw" for ch in fmt):
            size = "b"
        address = (self.eval(rest) & 0xFFFFFFFF) if rest else self.last_x[2]
        if address is None:
            raise CommandError("Argument required (starting display address).")
        self.last_x = (letter, size, address)
        if letter == "i":
            for _ in range(count):
                self.say(self.instruction(address))
                address += 4
        elif letter == "s":
            for _ in range(count):
                data = bytearray()
                while len(data) < 200:
                    byte = self.load(address + len(data), 1)
                    if byte == 0:
                        break
                    data.append(byte)
                tag = self.program.describe(address)
                self.say(f"{address:#010x}{' ' + tag if tag else ''}:\t\"{_c_escape(bytes(data))}\"")
                address += len(data) + 1
        else:
            width = {"b": 1, "h": 2, "w": 4}[size]
            per_line = 4 if width == 4 else 8
            for line_start in range(0, count, per_line):
                at = address + line_start * width
                tag = self.program.describe(at)
                cells = []
                for i in range(line_start, min(count, line_start + per_line)):
                    value = self.load(address + i * width, width)
                    cells.append(self._unit(value, letter, width))
                self.say(f"{at:#010x}{' ' + tag if tag else ''}:\t" + "\t".join(cells))
            address += count * width
        self.last_x = (letter, size, address)

    def _unit(self, value, letter, width):
        bits = 8 * width
        if letter == "x":
            return f"0x{value:0{width * 2}x}"
        if letter == "d":
            return str(value - (1 << bits) if value >> (bits - 1) else value)
        if letter == "u":
            return str(value)
        if letter == "a":
            return self.format_value(value, "a")
        char = value & 0xFF
        return f"{char} '{_c_escape(bytes([char]))}'"

    def cmd_display(self, rest, fmt=""):
        if not rest:
            return self.show_displays()
        if fmt not in ("", "x", "d", "u", "t", "o", "c", "i", "a"):
            raise CommandError(f'Undefined output format "{fmt}".')
        self.eval(rest)
        number = self.next_display
        self.next_display += 1
        self.displays[number] = (fmt, rest)
        self.show_displays_one(number)

    def show_displays_one(self, number):
        keep = self.displays
        self.displays = {number: keep[number]}
        try:
            self.show_displays()
        finally:
            self.displays = keep

    def cmd_undisplay(self, rest):
        numbers = [int(w) for w in rest.split() if w.isdigit()] if rest else list(self.displays)
        for n in numbers:
            if n not in self.displays:
                raise CommandError(f"No display number {n}.")
            del self.displays[n]

    def cmd_info(self, rest):
        what, _, args = rest.partition(" ")
        topic = INFO.get(what)
        if topic is None:
            raise CommandError(f'Undefined info command: "{what}".  Try "help".' if what else
                               "info registers|csr|breakpoints|symbol|line|frame|display|modules")
        getattr(self, "info_" + topic)(args.strip())

    def info_registers(self, args):
        names = args.replace("$", "").split() if args else REGISTER_NAMES[1:] + ["pc"]
        for name in names:
            if name == "pc":
                pc = self.m.pc
                tag = self.program.describe(pc)
                self.say(f"{'pc':<15}{pc:#010x}  {pc:#x}{' ' + tag if tag else ''}")
                continue
            value = self.register(name) & 0xFFFFFFFF
            self.say(f"{name:<15}{value:#010x}  {signed(value)}")

    def info_csr(self, args):
        for name, number, _ in CSRS:
            value = self.csr(number)
            line = f"{name:<15}{value:#010x}"
            if number == CSR_STATUS:
                mode = "kernel" if value & STATUS_KERNEL else "user"
                bits = [n.removeprefix("STATUS_") for n, bit, _ in STATUS_BITS if value & bit]
                line += f"  mode={mode} [{' '.join(bits)}]"
            elif name == "cause" and self.m.csr[number]:
                line += f"  {cause_text(value)}"
            self.say(line)

    def info_breakpoints(self, args):
        if not self.breakpoints:
            self.say("No breakpoints or watchpoints.")
            return
        self.say(f"{'Num':<8}{'Type':<15}{'Disp':<5}{'Enb':<4}{'Address':<11}What")
        for bp in self.breakpoints.values():
            disp = "del" if bp.temporary else "keep"
            enabled = "y" if bp.enabled else "n"
            if bp.is_watch:
                what = bp.what + (f" ({bp.length} bytes)" if bp.length != 4 else "")
                self.say(f"{bp.number:<8}{bp.kind:<15}{disp:<5}{enabled:<4}{'':<11}{what}")
            elif bp.pending:
                self.say(f"{bp.number:<8}{bp.kind:<15}{disp:<5}{enabled:<4}{'<PENDING>':<11}{bp.what}")
            else:
                self.say(f"{bp.number:<8}{bp.kind:<15}{disp:<5}{enabled:<4}"
                         f"{bp.address:#010x} in {self.where_text(bp.address)}")
            if bp.condition:
                self.say(f"\tstop only if {bp.condition}")
            if bp.hits:
                self.say(f"\tbreakpoint already hit {bp.hits} time{'s' if bp.hits != 1 else ''}")

    def info_symbol(self, args):
        address = (self.eval(args) & 0xFFFFFFFF) if args else self.m.pc
        tag = self.program.describe(address)
        if not tag:
            self.say(f"No symbol matches {args or '$pc'}.")
            return
        name, _, offset = tag[1:-1].partition("+")
        module = self.program.module_at(address)
        self.say((f"{name} + {int(offset, 16)}" if offset else name)
                 + (f" in module {module.name}" if module else ""))

    def info_line(self, args):
        address = self.location(args)
        where = self.program.where(address)
        if where is None:
            self.say(f"No line number information available for address {self.describe(address)}")
            return
        starts = self.program.starts.get(where, [address])
        start = max(a for a in starts if a <= address) if any(a <= address for a in starts) else address
        end = start
        while self.program.where(end) == where:
            end += 4
        self.say(f'Line {where[1]} of "{where[0]}" starts at address {self.describe(start)} '
                 f"and ends at {self.describe(end)}.")

    def info_frame(self, args):
        frames = self._frames()
        level = int(args) if args.isdigit() else 0
        if level >= len(frames):
            raise CommandError("No frame at level " + args + ".")
        f = frames[level]
        self.say(f"Stack level {level}, frame at {f.cfa:#010x}:" if f.cfa is not None
                 else f"Stack level {level}:")
        caller = f"; saved pc = {f.caller_pc:#010x}" if f.caller_pc is not None else ""
        self.say(f" pc = {f.pc:#010x} in {self.where_text(f.pc)}{caller}")
        if level + 1 < len(frames):
            self.say(f" called by frame at {frames[level + 1].cfa or 0:#010x}")
        if level > 0:
            self.say(f" caller of frame at {frames[level - 1].cfa or 0:#010x}")
        self.say(f" sp = {f.sp:#010x}")
        if f.ra_slot is not None:
            self.say(f" Saved registers:\n  ra at {f.ra_slot:#010x}")
        else:
            self.say(" ra is in its register (no frame saved it)")

    def info_display(self, args):
        if not self.displays:
            self.say("There are no auto-display expressions now.")
            return
        self.say("Auto-display expressions now in effect:\nNum Enb Expression")
        for number, (fmt, text) in self.displays.items():
            self.say(f"{number}:   y  {'/' + fmt + ' ' if fmt else ''}{text}")

    def info_program(self, args):
        retired, entered = self.engine.pos
        self.say(f"{self.program.name}: pc {self.m.pc:#010x}, {retired} instructions retired"
                 f"{' (at a trap handler entry)' if entered else ''}, time {self.m.now}")
        if self.engine.ended and self.engine.ended[0] == self.engine.pos:
            self.say(f"The program has ended: {self.engine.ended[1].message}.")

    def cmd_backtrace(self, rest):
        for f in self._frames():
            self.say(f"#{f.level:<2} {f.pc:#010x} in {self.where_text(f.pc, returning=f.level > 0)}")

    def cmd_list(self, rest):
        if rest:
            address = self.location(rest)
            where = self.program.where(address)
            if where is None:
                raise CommandError(f"No line number information for {rest}.")
            path, first = where[0], max(1, where[1] - 5)
        elif self.list_next is not None:
            path, first = self.list_next
        else:
            where = self.program.where(self.m.pc)
            if where is None:
                raise CommandError("No line number information for the current pc.")
            path, first = where[0], max(1, where[1] - 5)
        current = self.program.where(self.m.pc)
        total = self.program.line_count(path)
        if total == 0:
            raise CommandError(f"{path}: the source file cannot be read.")
        if first > total:
            raise CommandError(f"Line number {first} out of range; \"{path}\" has {total} lines.")
        for n in range(first, min(total, first + 9) + 1):
            mark = "=>" if current == (path, n) else "  "
            self.say(f"{mark}{n:<5}{self.program.text(path, n)}")
        self.list_next = (path, first + 10)

    def cmd_disassemble(self, rest):
        address = self.location(rest) if rest else self.m.pc
        name, start = self.program.function(address)
        if start is None:
            start, end = address & ~3, (address & ~3) + 32
            self.say(f"Dump of assembler code from {start:#x} to {end:#x}:")
        else:
            end = self.program.function_end(start)
            self.say(f"Dump of assembler code for function {name}:")
        for at in range(start, end, 4):
            self.say(self.instruction(at))
        self.say("End of assembler dump.")

    def cmd_trace(self, rest):
        if rest not in ("on", "off"):
            raise CommandError('"trace" takes on or off')
        self.tracing = rest == "on"
        self.say(f"Tracing is {rest}.")

    # --- changing -------------------------------------------------------------------
    def cmd_set(self, rest):
        if rest.startswith("var "):
            rest = rest[4:]
        target, eq, expr = rest.partition("=")
        if not eq or not expr.strip():
            raise CommandError("set $REG = EXPR, or set *ADDR = EXPR")
        value = self.eval(expr) & 0xFFFFFFFF
        target = target.strip()
        if target.startswith("$"):
            name = target[1:]
            if name == "pc":
                self.m.pc = value
            elif name in REGISTERS and REGISTERS[name] != 0:
                self.m.regs[REGISTERS[name]] = value
            elif name in CSR_NUMBERS and name not in ("instret", "instreth"):
                self.m.csr[CSR_NUMBERS[name]] = value
                self.m.tlb[:] = -1
            else:
                raise CommandError(f'"${name}" is not a register that can be set')
        else:
            size = 4
            for prefix, n in (("{b}", 1), ("{h}", 2), ("{w}", 4)):
                if target.startswith(prefix):
                    target, size = target[len(prefix):].strip(), n
                    break
            else:
                if not target.startswith("*"):
                    raise CommandError("set $REG = EXPR, or set *ADDR = EXPR")
                target = target[1:]
            address = self.eval(target) & 0xFFFFFFFF
            if address % size:
                raise CommandError(f"address {address:#x} is not aligned to {size} bytes")
            phys = self.phys(address, size, write=True)
            self.m.write(phys, (value & ((1 << 8 * size) - 1)).to_bytes(size, "little"))
            self._sync()
        self.engine.mutated()

    def cmd_input(self, rest):
        if self.engine.eof:
            raise CommandError("the console input has already ended")
        data = decode_escapes(rest)
        self.engine.add_input(data)
        self.say(f"{len(data)} bytes of console input queued.")

    def cmd_eof(self, rest):
        self.engine.end_input()
        self.say("The console input ends after what was queued.")

    def cmd_monitor(self, rest):
        """The machine monitor's commands (vm/machine/monitor.py).  A device
        plugged in or out here is a new future, as console input is: the
        old one is dropped, and reverse execution replays the plug where
        it happened."""
        from ..machine import bus
        from ..machine.monitor import Monitor
        if rest.split()[:1] == ["quit"]:
            raise CommandError("monitor quit: use the debugger's quit")
        monitor = Monitor(self.m, origin="debugger")
        lines = monitor.execute(rest) if rest.strip() else ["monitor: give a command (monitor help)"]
        for line in lines:
            self.say(line)
        if monitor.changed:
            bus.drop_future(self.m, "debugger")
            self.engine.mutated()

    def cmd_help(self, rest):
        self.say(HELP)

    def cmd_quit(self, rest):
        self.quit = True

    def cmd_echo(self, rest):
        self.out.write(decode_escapes(rest).decode("utf-8", "replace"))
        self.out.flush()


def _c_escape(data):
    out = []
    for b in data:
        if b == 10:
            out.append("\\n")
        elif b == 9:
            out.append("\\t")
        elif b == 13:
            out.append("\\r")
        elif b in (34, 39, 92):
            out.append("\\" + chr(b))
        elif 32 <= b < 127:
            out.append(chr(b))
        else:
            out.append(f"\\{b:03o}")
    return "".join(out)


# What Tab completes as the first word of a line.
COMMANDS = sorted({name[4:].replace("_", "-") for name in dir(Debugger) if name.startswith("cmd_")}
                  | set(ALIASES))

