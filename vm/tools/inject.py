"""`k32 inject`: software-implemented fault injection into the disk driver.

Modelled on the `swifi` experiments MINIX 3 was tested with (Herder et al.,
"Fault Isolation for Device Drivers", DSN 2009): boot a kernel, let a file
workload run, damage the disk driver once at a random moment while it runs,
and see what becomes of the system and the data.

The workload is `fsload FILES SIZE SEED` (programs/bin/fsload.s): it writes
FILES files whose contents the host can recompute, syncs, reads them back
and compares.  The files are larger than the buffer cache, so the read-back
goes through the driver too.

The driver is found by its code in the monolithic kernel (the instructions
assembled from os/drivers/disk.s, by the kernel's line table), by its
module's code in the modular kernel (the .text of the `disk` module, where
the kernel's list of module records says the loader put it at boot), and
by its process in the microkernel (user mode while `cur_proc` is the slot
of endpoint 5).  The machine is deterministic, so a fault-free "golden" run
gives the timeline every faulty run follows up to its fault: it is sampled
every GRID instructions, and each run's fault goes in at one of the samples
where the driver was running, picked by the run's seed.

Fault types (the ones MINIX's swifi used that make sense for a driver of
this size):

- bitflip:  flip one bit of the instruction the driver is about to execute;
- register: flip one bit of one of its registers;
- pointer:  flip one bit of the base register of the next load or store it
            makes (a corrupted pointer);
- nop:      replace the instruction it is about to execute by a no-op;
- loop:     replace it by a jump to itself (the driver hangs);
- port:     its next port access names a wrong port (the port in its code
            is changed: another device's, or one nothing answers).

Code faults change the driver's code where it lives: for good in the
monolithic and the modular kernel (a module runs in kernel mode like the
rest of the kernel, and nothing reloads it); in the microkernel, until the
driver is restarted from its boot module.

Each run ends in one outcome, the first that applies:

- panic:     the system went down (a kernel panic, PM's panic, the machine
             stopped on a trap or powered off with a non-zero status);
- hang:      the step budget ran out (or the machine waits with nothing to
             wake it);
- error:     a system call returned an error to the workload (or the
             shell failed to run it);
- silent:    every call succeeded, but the data is wrong: the workload's
             read-back differs from what it wrote, a file on the disk does
             (checked by the host with mtools), or `fsck.fat -n` complains;
- recovered: the workload is right and the driver was restarted;
- none:      no effect.

Separately each run records whether data whose write had completed (fsload
printed "synced") was damaged on the disk, whatever the outcome.
"""

import functools
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from isa.table import REGISTERS
from vm.machine.state import EXIT_DEADLOCK, MAX_BREAKS
from vm.machine.isa_constants import (CSR_STATUS, KC_DEVIO, KC_DEVIO_BLOCK, PTE_X, STATUS_IE,
                                     STATUS_KERNEL)

FAULT_TYPES = ("bitflip", "register", "pointer", "nop", "loop", "port")
OUTCOMES = ("none", "recovered", "error", "silent", "hang", "panic")
OUTCOME_TEXT = {
    "none": "no effect",
    "recovered": "recovered",
    "error": "error reported",
    "silent": "silent corruption",
    "hang": "hang",
    "panic": "panic",
    "host": "host failure",             # not the guest's: the run's worker died twice
}
KERNELS = ("mono", "micro", "micro-io", "modular")
IN_KERNEL = ("mono", "modular")         # the driver is kernel code
DRIVER_MODULE = "disk"                  # the modular kernel's driver module

MEMORY = 16 << 20
FILES, SIZE = 3, 40960                  # 80 sectors a file: more than the cache's 64
GRID = 53                               # golden-run sampling step (a prime: no aliasing with loops)
EXTRA_BUDGET = 60_000_000               # beyond twice the golden run: restarts, backoff, hangs
# Kernels whose driver nobody restarts need no time for restarts and backoff:
# mono's slowest run that did not hang, of 1000 (seed 7), took 1.6 golden runs.
EXTRA_BUDGETS = {"mono": 10_000_000}
EP_DISK = 5


class InjectError(Exception):
    """The campaign cannot run (no workload, a workload that fails without a
    fault, a missing tool); the message is what to show."""


@functools.lru_cache(maxsize=16)         # 4 ms each in Python: computed once, not per run
def fsload_content(seed, index, size=SIZE):
    """The bytes fsload writes to file `index` for `seed` (see fsload.s)."""
    x = (seed * 0x9E3779B1 + (index + 1) * 0x85EBCA6B) & 0xFFFFFFFF or 1
    words = []
    for _ in range(size // 4):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        words.append(x)
    import struct
    return struct.pack(f"<{len(words)}I", *words)


def file_name(index):
    return f"/FSL{index:02d}.DAT"


# --- the machine under test ---------------------------------------------------------

@dataclass
class Target:
    """One kernel's boot image and where its disk driver is."""

    kernel: str
    image: object                       # isa.bootimg.BootImage
    disk: str                           # the pristine disk image (each run gets a private copy)
    driver_lo: int = 0                  # mono, modular: the driver's code, physical [lo, hi)
    driver_hi: int = 0
    section_bases: tuple = ()           # modular: where each section of disk.ko was put
    cur_proc: int = 0                   # micro: the kernel's cur_proc word
    driver_slot: int = 0                # micro: endpoint 5's process slot
    module_text: tuple = ()             # micro: the driver's code, virtual [lo, hi)
    boot_path: str = ""                 # the boot image file it was read from

    @classmethod
    def load(cls, kernel, boot_path, disk):
        from vm.machine.boot import read_image
        image = read_image(str(boot_path))
        t = cls(kernel, image, str(disk), boot_path=str(boot_path))
        exe = image.executable
        symbols = exe.symbol_table()
        if kernel == "mono":
            t.driver_lo, t.driver_hi = _file_range(exe, "os/drivers/disk.s")
            return t
        if kernel == "modular":
            t._locate_module(boot_path, symbols)
            return t
        from isa import kx
        try:
            t.cur_proc = symbols["cur_proc"]
            t.driver_slot = symbols["proc_table"] + EP_DISK * symbols["PROC_SIZE"]
        except KeyError as e:
            raise InjectError(f"{boot_path}: the microkernel has no symbol {e}") from None
        modules = [m for m in image.modules if m.name == "disk"]
        if not modules:
            raise InjectError(f"{boot_path}: no boot module named disk")
        text = [s for s in kx.read(modules[0].data).segments if s.flags & kx.SEG_X]
        t.module_text = (min(s.address for s in text), max(s.end for s in text))
        return t

    def _locate_module(self, boot_path, symbols):
        """Where the disk module's .text is: boot (the boot modules load
        before the first process) until the kernel's module list has a live
        `disk`, and read where its sections went."""
        from isa import obj
        from vm.machine import Machine
        from vm.machine.boot import load_image
        if "mod_list" not in symbols:
            raise InjectError(f"{boot_path}: the modular kernel has no symbol mod_list")
        boot = [mod for mod in self.image.modules if mod.name == f"{DRIVER_MODULE}.ko"]
        if not boot:
            raise InjectError(f"{boot_path}: no boot module named {DRIVER_MODULE}.ko")
        sections = obj.read(boot[0].data).sections
        text = [i for i, sec in enumerate(sections) if sec.name == ".text"]
        if len(text) != 1:
            raise InjectError(f"{DRIVER_MODULE}.ko has no single .text section")
        m = Machine(MEMORY)
        try:
            m.attach_disk(self.disk, private=True)
            load_image(m, self.image)
            while m.retired < LOCATE_BUDGET:
                m.run(LOCATE_STEP)
                m.take_output()
                bases = module_section_bases(m, symbols["mod_list"], DRIVER_MODULE)
                if bases is not None:
                    break
            else:
                raise InjectError(f"the modular kernel did not load {DRIVER_MODULE}.ko in "
                                  f"{LOCATE_BUDGET:,} instructions")
        finally:
            m.close()
        if len(bases) != len(sections):
            raise InjectError(f"the kernel's record of {DRIVER_MODULE} has {len(bases)} sections, "
                              f"{DRIVER_MODULE}.ko {len(sections)}")
        self.section_bases = tuple(bases)
        self.driver_lo = bases[text[0]]
        self.driver_hi = self.driver_lo + len(sections[text[0]].data)

    def in_driver(self, m):
        """Is the disk driver running (about to execute the instruction at pc)?"""
        kernel_mode = m.csr[CSR_STATUS] & STATUS_KERNEL
        if self.kernel in IN_KERNEL:
            return bool(kernel_mode) and self.driver_lo <= m.pc < self.driver_hi
        return not kernel_mode and int(m.mem32[self.cur_proc >> 2]) == self.driver_slot

    def code_words(self, m):
        """Physical addresses of the driver's instruction words (the machine
        must be in the driver, for the microkernel's translation)."""
        return [phys for _, phys in self.code_pairs(m)]

    def code_pairs(self, m):
        """[(address the driver sees, physical address)] of its instruction words."""
        if self.kernel in IN_KERNEL:
            return [(a, a) for a in range(self.driver_lo, self.driver_hi, 4)]
        lo, hi = self.module_text
        out = []
        for vaddr in range(lo, hi, 4):
            phys = m.translate(vaddr, PTE_X)
            if phys is not None:
                out.append((vaddr, phys))
        return out

    def code_address(self, m, vaddr):
        """The physical address of the driver's instruction at `vaddr`."""
        if self.kernel in IN_KERNEL:
            return vaddr
        return m.translate(vaddr, PTE_X)


LOCATE_BUDGET = 20_000_000             # a boot loads its modules well before this
LOCATE_STEP = 100_000


def module_section_bases(m, mod_list, name):
    """[address of each section] of the live module `name`, from the
    kernel's list of module records (the word at `mod_list`; the record
    layout is MOD_* of isa/module.py), or None if it is not live yet."""
    from vm.machine import isa_constants as C

    def word(address):
        return int(m.mem32[address >> 2])

    record, seen = word(mod_list), 0
    while record and seen < 64:                 # a list gone wrong is not followed for ever
        raw = m.mem8[record + C.MOD_NAME:record + C.MOD_NAME + C.MODNAME_MAX + 1].tobytes()
        if (raw.split(b"\0")[0].decode("latin-1") == name
                and word(record + C.MOD_STATE) == C.MODSTATE_LIVE):
            table = word(record + C.MOD_SECBASE)
            return [word(table + 4 * i) for i in range(word(record + C.MOD_NSEC))]
        record, seen = word(record + C.MOD_NEXT), seen + 1
    return None


def _file_range(exe, suffix):
    """[lo, hi) of the instructions assembled from the one source file whose
    path ends with `suffix`, by the executable's line table."""
    files = [i for i, name in enumerate(exe.files) if name.replace("\\", "/").endswith(suffix)]
    if len(files) != 1:
        raise InjectError(f"the kernel's line table has no single {suffix}")
    lines = sorted(exe.lines)
    lo = hi = None
    for n, (address, findex, _) in enumerate(lines):
        if findex == files[0]:
            lo = address if lo is None else lo
            hi = lines[n + 1][0] if n + 1 < len(lines) else address + 4
    if lo is None:
        raise InjectError(f"no code from {suffix} in the kernel")
    return lo, hi


# --- running ------------------------------------------------------------------------

# Every run types the same command, so that each follows the fault-free run's
# timeline exactly up to its fault.
WORKLOAD = f"fsload {FILES} {SIZE} {{seed}}\necho fsload-status=$?\n"
FSLOAD_SEED = 2009


def workload_script(seed=FSLOAD_SEED):
    return WORKLOAD.format(seed=seed).encode()


class Runner:
    """A boot of one target on a private copy of its disk, with the workload
    typed in, that can be run up to a time, stopped at marked instructions,
    and damaged in between (vm.machine.session.Session does the console's part).
    `script`: what is typed instead of the workload (k32 fuzz)."""

    def __init__(self, target, script=None):
        from vm.machine.boot import load_image
        from vm.machine.console import ScriptedConsole
        from vm.machine import Machine
        from vm.machine.session import Session
        self.m = Machine(MEMORY)
        self.m.attach_disk(target.disk, private=True)
        load_image(self.m, target.image)
        self.out = BytesIO()
        typed = workload_script() if script is None else script
        self.session = Session(self.m, ScriptedConsole(typed, out=self.out), err=BytesIO())
        self.session.console.start(self.m)
        self.breaks = []
        self.outcome = None             # vm.machine.session.Outcome once the run has ended

    def advance(self, limit):
        """Run until time `limit`, a marked instruction or the end.

        Returns "time", "break" or "end" (then self.outcome says how)."""
        from vm.machine import state as S
        m, session = self.m, self.session
        while self.outcome is None:
            if m.now >= limit:
                return "time"
            session.max_steps = limit
            reason = m.run(session._budget())
            session._drain()
            if reason == S.EXIT_BREAKPOINT:
                return "break"
            outcome = session._handle(reason)
            if outcome is None and reason == S.EXIT_BUDGET and spinning(m):
                from vm.machine.session import STATUS_HANG, Outcome
                outcome = Outcome(STATUS_HANG, reason, SPINNING)
            if outcome is not None:
                if reason == S.EXIT_BUDGET and m.now >= limit:
                    continue                        # the time asked for, not an ending
                self.outcome = outcome
        return "end"

    def finish(self, limit):
        """Run to the end or to `limit` (a hang)."""
        self.advance(limit)
        if self.outcome is None:
            from vm.machine.session import Outcome
            from vm.machine import state as S
            self.outcome = Outcome(-1, S.EXIT_BUDGET, "step budget")
        self.session.console.close()

    # Stops at instructions: breakpoints on physical words (Machine.mark_breakpoints).
    def mark(self, addresses):
        """Stop before the instructions at these physical addresses."""
        self.clear_marks()
        self.breaks = sorted({a >> 2 for a in addresses})[:MAX_BREAKS]
        self.m.mark_breakpoints(self.breaks)

    def marked(self, address):
        return address >> 2 in self.breaks

    def clear_marks(self):
        self.m.unmark_breakpoints(self.breaks)
        self.breaks = []

    def output(self):
        return self.out.getvalue().decode("latin-1")

    def disk_bytes(self):
        return self.m.disk.tobytes()

    def close(self):
        self.m.close()


# A hang found before the step budget runs out (Runner.advance): a jump to
# itself in kernel mode with interrupts off, which nothing can leave -- the
# monolithic kernel's driver after a loop fault, a sixth of its runs, which
# would otherwise spin through the whole budget (~65M instructions each).
SPINNING = "a jump to itself in kernel mode with interrupts off"


def spinning(m):
    status = int(m.csr[CSR_STATUS])
    if not status & STATUS_KERNEL or status & STATUS_IE or not 0 <= m.pc < m.memory - 3:
        return False
    d = _decode(int(m.mem32[m.pc >> 2]))
    return d is not None and d[0].name == "jal" and d[1]["imm"] == 0


def golden(target, keep=None):
    """The fault-free run: (end time, [times the driver was running at]).

    Only times after fsload has started count: the faults go into the
    driver while it serves the workload, not while the system boots.
    With `keep` (a dict), keep["disk"] is the disk image after it."""
    r = Runner(target)
    times = []
    started = False
    try:
        while r.advance(r.m.now + GRID) == "time":
            started = started or "fsload: " in r.output()
            if started and target.in_driver(r.m):
                times.append(r.m.now)
        text = r.output()
        if r.outcome.status != 0 or "fsload: ok" not in text or "fsload-status=0" not in text:
            raise InjectError(f"the {target.kernel} kernel fails the workload without a fault "
                              f"({r.outcome.message or 'status ' + str(r.outcome.status)}): "
                              f"{text[-300:]!r}")
        if not times:
            raise InjectError(f"the {target.kernel} kernel's disk driver never ran")
        if keep is not None:
            keep["disk"] = r.disk_bytes()
        return r.m.now, times
    finally:
        r.close()


# --- faults ---------------------------------------------------------------------------

def _decode(word):
    from isa.table import decode
    return decode(word)


def _encode(insn, values):
    from isa.table import encode
    return encode(insn, values)


def _word(name, **values):
    from isa.table import BY_NAME
    insn = BY_NAME[name]
    fields = {f.name: 0 for f in insn.fields}
    fields.update(values)
    return _encode(insn, fields)


def _patch(m, phys, word):
    m.write(phys, (word & 0xFFFFFFFF).to_bytes(4, "little"))


def _port_insns():
    """The port instructions, from the ISA table (in, out, ins, outs)."""
    from isa.table import INSTRUCTIONS
    return frozenset(i.name for i in INSTRUCTIONS if "PORT[" in i.meaning)


def _disk_ports():
    """The disk controller's port range (isa/machine.py: DISK_*, 0x1F0-0x1F7)."""
    from isa.machine import PORTS
    disk = [port for name, port, _ in PORTS if name.startswith("DISK_")]
    return range(min(disk), max(disk) + 1)


A0, A5 = REGISTERS["a0"], REGISTERS["a5"]


def _wrong_port(rng):
    """Another device's port half the time, else one that nothing answers."""
    from isa.machine import PORTS
    disk = _disk_ports()
    others = sorted({p for _, p, _ in PORTS if p not in disk})
    if rng.random() < 0.5:
        return rng.choice(others)
    while True:
        port = rng.randrange(0x10000)
        if port not in others and port not in disk:
            return port


def _port_sites(target, m, words):
    """{physical address of the instruction to stop at: physical address of
    the word naming the port}: the driver's port instructions (mono,
    micro-io), or its port kernel calls (micro: the `syscall` after
    `li a5, KC_DEVIO*`, whose port is the `li a0, PORT` before it)."""
    sites = {}
    for n, phys in enumerate(words):
        d = _decode(int(m.mem32[phys >> 2]))
        if d is None:
            continue
        insn, v = d
        if insn.name in _port_insns():
            sites[phys] = phys
        elif insn.name == "syscall" and n >= 1:
            prev = _decode(int(m.mem32[words[n - 1] >> 2]))
            if not (prev and prev[0].name == "addi" and prev[1]["rd"] == A5 and prev[1]["rs1"] == 0
                    and prev[1]["imm"] in (KC_DEVIO, KC_DEVIO_BLOCK)):
                continue
            for back in range(2, min(n, 8) + 1):
                li = _decode(int(m.mem32[words[n - back] >> 2]))
                if li and li[0].name == "addi" and li[1]["rd"] == A0 and li[1]["rs1"] == 0:
                    sites[phys] = words[n - back]
                    break
    return sites


def _memory_sites(m, words):
    """Physical addresses of the driver's loads and stores through a register
    other than zero."""
    out = []
    for phys in words:
        d = _decode(int(m.mem32[phys >> 2]))
        if d and d[0].memory_access is not None and d[1].get("rs1", 0) != 0:
            out.append(phys)
    return out


def inject(runner, target, fault, rng, bit=None):
    """Damage the driver now (it is about to execute the instruction at pc).

    Returns {"activated": bool, ...what was done}; the run is left just
    after the fault went in (for pointer and port: at the instruction it
    concerns).  Besides what was done, it records when (the machine's
    time and instructions retired) and the words and values before and
    after, for `k32 inject --run`; none of that draws on `rng`."""
    m = runner.m
    pc = m.pc
    if fault in ("bitflip", "nop", "loop"):
        phys = target.code_address(m, pc)
        old = int(m.mem32[phys >> 2])
        if fault == "bitflip":
            b = rng.randrange(32) if bit is None else bit
            new = old ^ (1 << b)
            detail = {"bit": b}
        elif fault == "nop":
            new, detail = _word("addi"), {}
        else:
            new, detail = _word("jal", imm=0), {}
        _patch(m, phys, new)
        return {"activated": True, "pc": pc, "old": old, "new": new, **detail, **_moment(m)}
    if fault == "register":
        reg = rng.randrange(1, 16)
        b = rng.randrange(32) if bit is None else bit
        old = int(m.regs[reg])
        m.regs[reg] = old ^ (1 << b)
        return {"activated": True, "pc": pc, "register": reg, "bit": b,
                "word": int(m.mem32[target.code_address(m, pc) >> 2]),
                "before": old, "after": int(m.regs[reg]), **_moment(m)}
    pairs = target.code_pairs(m)
    words = [phys for _, phys in pairs]
    if fault == "pointer":
        stops = _memory_sites(m, words)
    else:
        sites = _port_sites(target, m, words)
        stops = list(sites)
    if not stops:
        return {"activated": False, "why": "no site"}
    runner.mark(stops)
    if not runner.marked(target.code_address(m, m.pc)):
        if runner.advance(runner.deadline) != "break":
            runner.clear_marks()
            return {"activated": False, "why": "never reached"}
    runner.clear_marks()
    at = m.pc
    phys = target.code_address(m, at)
    insn, v = _decode(int(m.mem32[phys >> 2]))
    if fault == "pointer":
        b = rng.randrange(2, 32) if bit is None else bit
        reg = v["rs1"]
        before = int(m.regs[reg])
        m.regs[reg] = before ^ (1 << b)
        return {"activated": True, "pc": at, "register": reg, "bit": b, "insn": insn.name,
                "word": int(m.mem32[phys >> 2]), "before": before, "after": int(m.regs[reg]),
                **_moment(m)}
    port = _wrong_port(rng)
    where = sites[phys]
    old = int(m.mem32[where >> 2])
    pinsn, pv = _decode(old)
    pv = dict(pv)
    pv["imm"] = port
    _patch(m, where, _encode(pinsn, pv))
    if pinsn.name == "addi":            # `li a0, PORT` already ran: a0 holds the port
        m.regs[A0] = (port - 0x10000 if port >= 0x8000 else port) & 0xFFFFFFFF    # sign-extended
    return {"activated": True, "pc": at, "port": port, "insn": insn.name,
            "port_pc": next(a for a, p in pairs if p == where),
            "old": old, "new": int(m.mem32[where >> 2]), **_moment(m)}


def _moment(m):
    """When a fault went in: the machine's time (instructions, and the idle
    time `wfi` waited) and the instructions retired."""
    return {"time": m.now, "retired": m.retired}


# --- one run ---------------------------------------------------------------------------

def host_tools():
    """{tool: path} for mtype and fsck.fat; InjectError naming what is missing."""
    found = {}
    for tool in ("mtype", "fsck.fat"):
        path = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin")
        if path is None:
            raise InjectError(f"{tool} is needed to check the disk after each run "
                              "(Debian: apt-get install mtools dosfstools)")
        found[tool] = path
    return found


def check_disk(data, seed, synced, tools, scratch, golden_disk=None):
    """(fsck complaint or "", [names of completed files that are wrong]) for
    the disk image `data` (bytes or the machine's disk array) after a run.

    A disk that is, byte for byte, the fault-free run's disk after it
    (`golden_disk`, a uint64 array: prepare() checked it) gets that disk's
    answer without asking fsck.fat and mtype again: about a third of the
    runs, where the fault changed nothing on the disk."""
    import numpy as np
    from vm.tools.campaign import scratch_file
    if golden_disk is not None and len(data) * getattr(data, "itemsize", 1) == golden_disk.nbytes \
            and np.array_equal(np.frombuffer(data, np.uint64), golden_disk):
        return "", []
    path = scratch_file(scratch, "after.img")
    path.write_bytes(memoryview(data).cast("B"))
    complaint = fsck(path, tools)
    damaged = []
    if synced:
        # One mtype for the three files; only if they are not all right, one each.
        names = [f"::{file_name(i)}" for i in range(FILES)]
        both = subprocess.run([tools["mtype"], "-i", str(path), *names], capture_output=True,
                              timeout=60)
        if both.returncode != 0 or both.stdout != b"".join(fsload_content(seed, i)
                                                           for i in range(FILES)):
            for i in range(FILES):
                done = subprocess.run([tools["mtype"], "-i", str(path), names[i]],
                                      capture_output=True, timeout=60)
                if done.returncode != 0 or done.stdout != fsload_content(seed, i):
                    damaged.append(file_name(i))
    path.unlink()
    return complaint, damaged


def fsck(path, tools):
    """fsck.fat -n's complaint about the image at `path`, or ""."""
    done = subprocess.run([tools["fsck.fat"], "-n", str(path)], capture_output=True,
                          env={**os.environ, "LC_ALL": "C"}, timeout=60)
    if done.returncode == 0:
        return ""
    lines = (done.stdout + done.stderr).decode("latin-1").splitlines()
    return "; ".join(line.strip() for line in lines[1:4] if line.strip()) or "fsck.fat failed"


def classify(outcome, text, hang, complaint, damaged):
    """The run's outcome (see OUTCOMES) from how it ended, its console text
    and the disk check."""
    return explain(outcome, text, hang, complaint, damaged)[0]


def explain(outcome, text, hang, complaint, damaged):
    """(outcome, why): the outcome, and the first evidence that decided it."""
    from vm.machine import state as S
    for sign, why in (("kernel panic", "the console shows a kernel panic"),
                      ("pm: panic", "the console shows PM's panic")):
        if sign in text:
            return "panic", why
    if outcome.reason in (S.EXIT_TRAP, S.EXIT_DOUBLE_FAULT):
        return "panic", f"the machine stopped: {outcome.message or 'a trap'}"
    if not hang and outcome.status != 0:
        return "panic", f"the machine powered off with status {outcome.status}"
    if hang:
        if outcome.message == SPINNING:
            return "hang", f"the machine spins in {SPINNING}: nothing can end it"
        return "hang", ("the machine waits with nothing to wake it"
                        if outcome.reason == EXIT_DEADLOCK else "the step budget ran out")
    found = CALL_ERROR.search(text)
    if found:                           # a system call told the program
        return "error", f"a system call failed: {_line(text, found)}"
    found = MISMATCH.search(text)       # every call said yes, the data says no
    if found:
        return "silent", f"the read-back differs: {_line(text, found)}"
    if damaged:
        return "silent", f"completed files differ on the disk: {', '.join(damaged)}"
    if complaint:
        return "silent", f"fsck.fat -n complains: {complaint}"
    if "fsload: ok" not in text or "fsload-status=0" not in text:
        return "error", ("the program or the shell failed: "     # otherwise
                         + ("no `fsload: ok`" if "fsload: ok" not in text
                            else "no `fsload-status=0`"))
    restarts = driver_restarts(text)
    if restarts:
        return "recovered", (f"the workload is right and the driver was restarted "
                             f"{restarts} time{'s' if restarts > 1 else ''}")
    return "none", "the workload is right and nothing was restarted"


def _line(text, match):
    """The whole console line a match is on."""
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    return text[start:end if end >= 0 else len(text)].strip()


# fsload's lines: an error a system call returned, and a read-back that differs.
CALL_ERROR = re.compile(r"^fsload: error: (open|write|close|read|sync)\b", re.M)
MISMATCH = re.compile(r"^fsload: error: \S+: (contents differ|\d+ bytes, expected)", re.M)


def driver_restarts(text):
    """How many times the microkernel's RS found the disk driver dead or hung."""
    return text.count("rs: disk (ep 5) died") + text.count("rs: disk (ep 5) does not answer")


@dataclass
class Plan:
    """One run, fixed before it starts (so the campaign is reproducible)."""

    index: int
    fault: str
    at: int                             # the time the fault goes in
    seed: int                           # the run's own random stream
    bit: object = None                  # a fixed bit (--bit), else random


def make_plans(runs, seed, kernel, times, faults, bit=None):
    """The first `runs` runs' plans.  One random stream, drawn from in run
    order, fixes them, so run N's plan is the same in every campaign of more
    than N runs (the same seed, kernel, fault types and bit): the number of
    runs only says where to stop.  `plan_of` replays one with this."""
    rng = random.Random(f"k32-inject {seed} {kernel}")
    return [Plan(i, faults[i % len(faults)], rng.choice(times), rng.randrange(1, 1 << 31), bit)
            for i in range(runs)]


def plan_of(run, seed, kernel, times, faults, bit=None):
    """Run `run`'s plan, as every campaign with more runs makes it."""
    return make_plans(run + 1, seed, kernel, times, faults, bit)[run]


def run_one(target, plan, budget, tools, scratch, keep=None, golden_disk=None):
    """Boot, run the workload with the plan's fault, and classify: a dict.

    With `keep` (a dict), also hand back the whole console text
    (keep["console"]) and the disk image after the run (keep["disk"]).
    `golden_disk`: see check_disk.  "timing" says where the run's time
    went: booting (a machine, the image loaded), running to the fault,
    running after it, and checking the disk."""
    rng = random.Random(plan.seed)
    started = time.perf_counter()
    clock = [started]

    def lap():
        clock.append(time.perf_counter())
        return round(clock[-1] - clock[-2], 4)

    r = Runner(target)
    timing = {"boot": lap()}
    try:
        r.deadline = budget
        r.advance(plan.at)
        # At one time the machine can be before or after taking an
        # interrupt, depending on where a run stopped: a few steps on, it is
        # back in the driver the golden run saw there.
        for _ in range(64):
            if r.outcome is not None or target.in_driver(r.m):
                break
            r.advance(r.m.now + 1)
        if r.outcome is not None or not target.in_driver(r.m):
            raise InjectError(f"run {plan.index}: the driver is not running at {plan.at}, "
                              "as the fault-free run said")
        detail = inject(r, target, plan.fault, rng, plan.bit)
        timing["to_fault"] = lap()
        r.finish(budget)
        timing["after_fault"] = lap()
        text = r.output()
        hang = r.m.now >= budget or r.outcome.reason == EXIT_DEADLOCK or \
            r.outcome.message == SPINNING
        synced = "fsload: synced" in text
        complaint, damaged = check_disk(r.m.disk, FSLOAD_SEED, synced, tools, scratch,
                                        golden_disk)
        timing["check"] = lap()
        outcome, why = explain(r.outcome, text, hang, complaint, damaged)
        if keep is not None:
            keep.update(console=text, disk=r.disk_bytes())
        return {
            "run": plan.index, "fault": plan.fault, "at": plan.at, "seed": plan.seed,
            "outcome": outcome, "why": why, "activated": detail.pop("activated"),
            "detail": detail,
            "driver_restarts": driver_restarts(text), "synced": synced,
            "completed_data_damaged": damaged, "fsck": complaint or "ok",
            "status": r.outcome.status, "ending": r.outcome.message,
            "instructions": r.m.retired, "seconds": round(time.perf_counter() - started, 3),
            "timing": timing, "console_tail": text[-400:],
        }
    finally:
        r.close()


# --- a campaign -------------------------------------------------------------------------

def pristine_disk(path):
    """A fresh default disk (the programs, no files a guest has left) at
    `path`, the same bytes whenever it is made (build.pin_times)."""
    from vm.tools.build import DISK_SIZE, Builder, make_fat16, pin_times
    make_fat16(path, DISK_SIZE, ["/BIN"], Builder.default().program_files())
    pin_times(path)
    return path


def prepare(kernel, scratch, keep=None):
    """(target, host tools, the fault-free run's end, its driver samples):
    what every run of a campaign on `kernel` shares.  With `keep` (a dict),
    keep["disk"] is the disk after the fault-free run, which must pass the
    checks every run's disk gets (check_disk)."""
    from vm.tools.build import Builder
    tools = host_tools()
    disk = pristine_disk(Path(scratch) / f"{kernel}.img")
    target = Target.load(kernel, Builder.default().build_boot(kernel), disk)
    keep = {} if keep is None else keep
    end, times = golden(target, keep)
    complaint, damaged = check_disk(keep["disk"], FSLOAD_SEED, True, tools, scratch)
    if complaint or damaged:
        raise InjectError(f"the {kernel} kernel's disk fails the checks without a fault: "
                          f"{complaint or ', '.join(damaged)}")
    return target, tools, end, times


def budget(kernel, end):
    """A run's step budget: past it, the run is a hang."""
    return 2 * end + EXTRA_BUDGETS.get(kernel, EXTRA_BUDGET)


def identity(kernels, seed, faults, bit):
    """What decides a campaign's runs (the results file's campaign line):
    a file is resumed only with the same."""
    return {"campaign": "inject", "seed": seed, "kernels": list(kernels), "faults": list(faults),
            "bit": bit, "workload": WORKLOAD.format(seed=FSLOAD_SEED).strip().replace("\n", "; ")}


def group(kernel, runs, seed, faults, bit, scratch):
    """One kernel's runs for the campaign engine (vm.tools.campaign): the
    boot image, the pristine disk and the fault-free disk in a bundle, and
    every run's plan."""
    from vm.tools.campaign import Group, pack
    keep = {}
    target, _, end, times = prepare(kernel, scratch, keep)
    bundle = pack(kernel=kernel, boot=Path(target.boot_path).read_bytes(),
                  disk=Path(target.disk).read_bytes(),
                  golden_disk=keep["disk"], budget=budget(kernel, end))
    plans = make_plans(runs, seed, kernel, times, faults, bit)
    return Group(kernel, bundle, dict(enumerate(plans)), run_bundled,
                 {"golden_run_instructions": end, "golden_run_driver_samples": len(times)})


def _unbundle(bundle, directory):
    """A worker's own copy of a bundle's target (once per bundle: campaign.unpacked)."""
    import numpy as np
    from vm.tools.campaign import unpack
    boot, disk = directory / "kernel.boot", directory / "disk.img"
    boot.write_bytes(unpack(bundle, "boot"))
    disk.write_bytes(unpack(bundle, "disk"))
    golden_disk = np.frombuffer(unpack(bundle, "golden_disk"), np.uint64)
    return Target.load(bundle["kernel"], boot, disk), host_tools(), directory, golden_disk


def run_bundled(bundle, plan):
    """One run of a campaign, on whichever worker the engine picked."""
    from vm.tools.campaign import unpacked
    target, tools, directory, golden_disk = unpacked(bundle, _unbundle)
    return run_one(target, plan, bundle["budget"], tools, directory, golden_disk=golden_disk)


def host_failure_fields(kernel, plan):
    """A run whose worker died twice: its plan, and nothing it did."""
    return {"run": plan.index, "fault": plan.fault, "at": plan.at, "seed": plan.seed,
            "activated": False, "detail": {}, "driver_restarts": 0, "synced": False,
            "completed_data_damaged": [], "fsck": "not checked", "status": None, "ending": "",
            "instructions": 0, "console_tail": ""}


@dataclass
class Campaign:
    """One kernel's runs of a campaign, and their tables."""

    kernel: str
    runs: int
    seed: int
    faults: tuple = FAULT_TYPES
    bit: object = None
    results: list = field(default_factory=list)
    golden_instructions: int = 0
    golden_samples: int = 0

    def table(self):
        """{fault type or "all": {outcome: count, "runs", "failures", "recovered_failures"}}."""
        rows = {}
        for key in (*self.faults, "all"):
            picked = [r for r in self.results if key in ("all", r["fault"])]
            row = {o: sum(r["outcome"] == o for r in picked) for o in OUTCOMES}
            row["host"] = sum(r["outcome"] == "host" for r in picked)
            row["runs"] = len(picked)
            failures = [r for r in picked if is_driver_failure(r)]
            row["failures"] = len(failures)
            row["recovered_failures"] = sum(r["outcome"] == "recovered" for r in failures)
            row["completed_data_damaged"] = sum(bool(r["completed_data_damaged"]) for r in picked)
            row["not_activated"] = sum(not r["activated"] for r in picked if r["outcome"] != "host")
            rows[key] = row
        return rows

    def timing(self):
        """{"seconds_per_run": a run's mean seconds on its worker, "timing": the
        mean seconds of each part of it (see run_one)}."""
        timed = [r for r in self.results if r.get("timing")]
        if not timed:
            return {"seconds_per_run": None, "timing": {}}
        parts = {k: round(sum(r["timing"][k] for r in timed) / len(timed), 4)
                 for k in timed[0]["timing"]}
        return {"seconds_per_run": round(sum(r["seconds"] for r in timed) / len(timed), 4),
                "timing": parts}

    def summary(self):
        total = self.table()["all"]
        failures = total["failures"]
        return {
            "kernel": self.kernel, "runs": self.runs, "seed": self.seed,
            "faults": list(self.faults), "bit": self.bit,
            "golden_run_instructions": self.golden_instructions,
            "golden_run_driver_samples": self.golden_samples,
            **self.timing(),
            "table": self.table(),
            "recovered_share_of_driver_failures":
                round(total["recovered_failures"] / failures, 4) if failures else None,
        }


def is_driver_failure(result):
    """The driver crashed or hung: RS restarted it, or it took the system
    down or stopped it (the monolithic kernel has no one to restart it)."""
    return result["driver_restarts"] > 0 or result["outcome"] in ("hang", "panic")


# --- one run again -----------------------------------------------------------------------

def replay(kernel, seed, run, faults=FAULT_TYPES, bit=None):
    """Run `run` of the campaign `--kernel kernel --seed seed` (with these
    fault types and bit) on its own: the same golden run, the same plan,
    so the same run.  Returns (the run's dict as the campaign's JSON has it,
    with the whole console in "console", and "golden_run_instructions"),
    the disk image bytes after the run)."""
    with tempfile.TemporaryDirectory(prefix="k32-inject-") as scratch:
        target, tools, end, times = prepare(kernel, scratch)
        plan = plan_of(run, seed, kernel, times, faults, bit)
        keep = {}
        result = run_one(target, plan, budget(kernel, end), tools, scratch, keep)
    result["console"] = keep["console"]
    result["golden_run_instructions"] = end
    result["site"] = site_names(target, result["detail"])
    return result, keep["disk"]


def driver_symbols(target):
    """The driver's labels (assembler.disasm.SymbolMap), for naming its
    addresses: the kernel's symbols (mono); the disk module's own (modular:
    disk.ko's symbols, each at its section's address); in the microkernels
    the boot module carries none, so its source is assembled again (and its
    labels used only if the code is the module's, word for word)."""
    from assembler.disasm import SymbolMap
    from isa import kx
    from vm.tools.build import Builder, BuildError, stripped
    if target.kernel == "mono":
        return SymbolMap.from_symbols(target.image.executable.symbols)
    if target.kernel == "modular":
        return module_symbols(target)
    module = next(m for m in target.image.modules if m.name == "disk")
    builder = Builder.default()
    boot = builder.boot_target(target.kernel)
    for name, source, include in builder._module_sources(boot):
        if name == "disk":
            try:
                data = builder._assemble(source, include, boot.defines)
            except BuildError:
                break
            if stripped(data) == module.data:
                return SymbolMap.from_symbols(kx.read(data).symbols)
    return SymbolMap()


def module_symbols(target):
    """The modular kernel's disk module's labels, at the addresses the
    loader gave them (Target.section_bases)."""
    from assembler.disasm import SymbolMap
    from isa import obj
    data = next(mod.data for mod in target.image.modules if mod.name == f"{DRIVER_MODULE}.ko")
    names = {}
    for sym in sorted(obj.read(data).symbols, key=lambda sym: (sym.binding != "global", sym.name)):
        if sym.defined and 0 <= sym.section < len(target.section_bases) \
                and target.section_bases[sym.section]:
            names.setdefault((target.section_bases[sym.section] + sym.value) & 0xFFFFFFFF,
                             []).append(sym.name)
    return SymbolMap(names)


def site_names(target, detail):
    """{"site": `0x... <label+0x..>`, "before"/"after": the instruction
    texts} of a fault's detail, as `--run` prints them."""
    from assembler.disasm import format_word
    symbols = driver_symbols(target)
    out = {}

    def insn(word, address):
        text, comment = format_word(word, address, symbols)
        return f"{text}  {comment}".rstrip()

    for key in ("pc", "port_pc"):
        if key in detail:
            label = symbols.describe(detail[key])
            out[key] = f"0x{detail[key]:08x}" + (f" {label[1:-1]}" if label else "")
    if "old" in detail:
        where = detail.get("port_pc", detail.get("pc"))
        out["before"], out["after"] = insn(detail["old"], where), insn(detail["new"], where)
    if "word" in detail:
        out["insn"] = insn(detail["word"], detail["pc"])
    return out


REGISTER_NAMES = {n: name for name, n in reversed(list(REGISTERS.items()))}


def describe_run(kernel, seed, result):
    """The lines `k32 inject --run` prints: the fault, the moment, the
    console in full, the classification and what it rests on."""
    d, site = result["detail"], result["site"]
    lines = [f"k32 inject --kernel {kernel} --seed {seed} --run {result['run']}: "
             f"run {result['run']} of that campaign (its own seed {result['seed']})"]
    fault = result["fault"]
    if not result["activated"]:
        lines.append(f"fault:    {fault}, not activated ({d['why']}): "
                     f"the driver had no such site, or never reached one")
    else:
        at = site["pc"]
        if fault == "bitflip":
            lines.append(f"fault:    bitflip: bit {d['bit']} of the instruction at {at}")
        elif fault in ("nop", "loop"):
            lines.append(f"fault:    {fault}: the instruction at {at} "
                         f"{'becomes a no-op' if fault == 'nop' else 'becomes a jump to itself'}")
        elif fault in ("register", "pointer"):
            what = "the driver's register" if fault == "register" else \
                "the base register of the load or store"
            lines.append(f"fault:    {fault}: bit {d['bit']} of {REGISTER_NAMES[d['register']]}, "
                         f"{what}, at {at}")
            lines.append(f"          {REGISTER_NAMES[d['register']]}: 0x{d['before']:08x} -> "
                         f"0x{d['after']:08x}; the instruction there: {site['insn']}")
        else:
            lines.append(f"fault:    port: the port access at {at} ({d['insn']}) names port "
                         f"0x{d['port']:04x}" + ("" if d["port_pc"] == d["pc"] else
                                                 f", by the word at {site['port_pc']}"))
        if "before" in site:
            lines.append(f"          before: 0x{d['old']:08x}  {site['before']}")
            lines.append(f"          after:  0x{d['new']:08x}  {site['after']}")
    moment = f"moment:   time {result['at']:,} (the fault-free run's sample)"
    if "time" in d:
        moment += (f"; the fault went in at time {d['time']:,} "
                   f"({d['retired']:,} instructions retired)")
    lines.append(moment)
    console = result["console"]
    lines.append(f"console:  {len(console):,} characters, in full between the lines of dashes")
    lines.append("-" * 72)
    lines.extend(console.rstrip("\n").split("\n") if console else [])
    lines.append("-" * 72)
    name = OUTCOME_TEXT[result["outcome"]]
    if name != result["outcome"]:
        name += f" ({result['outcome']})"
    lines.append(f"outcome:  {name}: {result['why']}")
    damaged = result["completed_data_damaged"]
    lines.append("          synced: " + ("yes (fsload printed `synced`: its writes had completed)"
                                         if result["synced"] else "no (fsload never printed `synced`)"))
    lines.append(f"          completed files damaged on the disk: "
                 f"{', '.join(damaged) if damaged else 'none'}"
                 f"{'' if result['synced'] else ' (not checked: nothing was synced)'}")
    lines.append(f"          fsck.fat -n: {result['fsck']}")
    lines.append(f"          driver restarts: {result['driver_restarts']}")
    lines.append(f"          ending: status {result['status']}"
                 f"{', ' + result['ending'] if result['ending'] else ''}; "
                 f"{result['instructions']:,} instructions in {result['seconds']:.2f} s")
    return lines


# --- the command --------------------------------------------------------------------------

def parse_faults(text):
    """A comma-separated list of fault types ("all": every one)."""
    if text in (None, "", "all"):
        return FAULT_TYPES
    faults = tuple(dict.fromkeys(f.strip() for f in text.split(",")))
    bad = [f for f in faults if f not in FAULT_TYPES]
    if bad or not faults:
        raise InjectError(f"unknown fault type {', '.join(bad) or repr(text)} "
                          f"(known: {', '.join(FAULT_TYPES)})")
    return faults


def render(campaign, console):
    """The summary table of one campaign, and its rate."""
    from rich.table import Table
    s = campaign.summary()
    table = Table(title=f"k32 inject --kernel {campaign.kernel}: {campaign.runs} runs, "
                        f"seed {campaign.seed}", title_justify="left")
    # A host failure (the run's worker died twice) is a column only when there is one.
    shown = [*OUTCOMES, "host"] if s["table"]["all"]["host"] else list(OUTCOMES)
    table.add_column("fault")
    for o in shown:
        table.add_column(OUTCOME_TEXT[o], justify="right")
    table.add_column("driver failures", justify="right")
    table.add_column("of them recovered", justify="right")
    table.add_column("completed writes damaged", justify="right")
    for key, row in s["table"].items():
        share = f"{100 * row['recovered_failures'] / row['failures']:.1f}%" if row["failures"] else "-"
        cells = [str(row[o]) for o in shown]
        table.add_row(key, *cells, str(row["failures"]), share, str(row["completed_data_damaged"]),
                      end_section=key == campaign.faults[-1])
    console.print(table)
    if s["seconds_per_run"]:
        console.print(f"a run: {1000 * s['seconds_per_run']:.0f} ms on its worker: "
                      + ", ".join(f"{PARTS[k]} {1000 * v:.0f}" for k, v in s["timing"].items()))
    return s


# The parts of a run's time (run_one's "timing").
PARTS = {"boot": "boot", "to_fault": "to the fault", "after_fault": "after it",
         "check": "checking the disk"}


def rate_line(runs, seconds, where):
    """`N runs in S s on WHERE: R runs/s`, and what 100,000 runs would take."""
    if not seconds or not runs:
        return f"{runs} runs run"
    rate = runs / seconds
    return (f"{runs} runs in {seconds:.1f} s on the {where}: {rate:.2f} runs/s "
            f"(100,000 runs in {100_000 / rate / 60:.0f} min)")


def document(ident, campaigns):
    """The JSON document of --json: the workload, and per kernel its summary and runs."""
    return {"workload": ident["workload"],
            "campaigns": [{"summary": c.summary(),
                           "runs": [{k: v for k, v in r.items() if k not in ("record", "group")}
                                    for r in c.results]} for c in campaigns]}


def campaigns_of(ident, golden, runs):
    """Campaign objects (one per kernel) from the lines of a results file."""
    out = []
    for kernel in ident["kernels"]:
        mine = runs.get(kernel, [])
        c = Campaign(kernel, len(mine), ident["seed"], tuple(ident["faults"]), ident["bit"], mine)
        c.golden_instructions = golden.get(kernel, {}).get("golden_run_instructions", 0)
        c.golden_samples = golden.get(kernel, {}).get("golden_run_driver_samples", 0)
        out.append(c)
    return out


def main(kernels, runs, seed, jobs, faults, bit, json_path, cluster=None, results_path=None,
         resume=False, echo_console=None):
    """Run the campaign (one group of runs per kernel) with a progress bar,
    appending each run to the results file (a temporary one without
    `results_path`), and print the tables; returns the JSON document."""
    import json
    from rich.console import Console
    from vm.tools import campaign as engine
    # A table wider than a pipe's default 80 columns, unless a terminal is narrower.
    console = echo_console or Console(width=None if sys.stdout.isatty() else 120)
    if json_path and not Path(json_path).resolve().parent.is_dir():
        raise InjectError(f"{json_path}: no such directory")     # before the long part
    where = engine.engine(cluster, jobs)
    if cluster:
        engine.need_distributed()
    ident = identity(kernels, seed, faults, bit)
    with tempfile.TemporaryDirectory(prefix="k32-inject-") as scratch:
        results = engine.Results(results_path or Path(scratch) / "runs.jsonl", ident, resume)
        try:
            groups = [group(kernel, runs, seed, faults, bit, scratch) for kernel in kernels]
            with engine.Progress(engine.stderr_console(), OUTCOMES) as bar:
                sitting = engine.run(groups, results, where, runs, lambda r: r["outcome"],
                                   host_failure_fields, bar)
        finally:
            results.close()
    by_kernel = {}
    for (kernel, index), line in sorted(results.runs.items()):
        if index < runs:
            by_kernel.setdefault(kernel, []).append(line)
    campaigns = campaigns_of(ident, results.golden, by_kernel)
    for c in campaigns:
        render(c, console)
    console.print(rate_line(sitting["runs"], sitting["seconds"], sitting["where"]))
    doc = document(ident, campaigns)
    doc["sitting"] = {**sitting, "runs_per_second":
                      round(sitting["runs"] / sitting["seconds"], 3) if sitting["seconds"] else None}
    if json_path:
        with open(json_path, "w") as f:
            json.dump(doc, f, indent=1)
    return doc


def summary(results_path, json_path=None, echo_console=None):
    """`k32 inject --summary FILE`: the tables of a results file, whatever
    sittings, workers or clusters made it; returns the JSON document."""
    import json
    from rich.console import Console
    from vm.tools import campaign as engine
    console = echo_console or Console(width=None if sys.stdout.isatty() else 120)
    ident, golden, runs, sessions = engine.read(results_path)
    if ident.get("campaign") != "inject":
        raise InjectError(f"{results_path} holds the results of `{engine.title(ident)}`, "
                          "not of `k32 inject`")
    campaigns = campaigns_of(ident, golden, runs)
    for c in campaigns:
        render(c, console)
    console.print(f"{sum(c.runs for c in campaigns)} runs in {results_path}, made in "
                  f"{len(sessions)} sitting{'s' if len(sessions) != 1 else ''}: "
                  + "; ".join(rate_line(s["runs"], s["seconds"], s["where"]) for s in sessions))
    doc = document(ident, campaigns)
    if json_path:
        with open(json_path, "w") as f:
            json.dump(doc, f, indent=1)
    return doc


COLOURS = {"none": "#9e9e9e", "recovered": "#2e7d32", "error": "#1565c0",
           "silent": "#ef6c00", "hang": "#6a1b9a", "panic": "#c62828", "host": "#000000"}


def plot(doc, path):
    """One panel per kernel: for each fault type, the share of each outcome."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    campaigns = [c["summary"] for c in doc["campaigns"]]
    fig, axes = plt.subplots(1, len(campaigns), figsize=(4.2 * len(campaigns) + 1.5, 3.6),
                             sharey=True, squeeze=False)
    for ax, s in zip(axes[0], campaigns):
        keys = [*s["faults"], "all"]
        left = [0.0] * len(keys)
        for o in [*OUTCOMES, "host"] if s["table"]["all"].get("host") else OUTCOMES:
            shares = [100 * s["table"][k][o] / max(1, s["table"][k]["runs"]) for k in keys]
            ax.barh(keys, shares, left=left, color=COLOURS[o], label=OUTCOME_TEXT[o])
            left = [a + b for a, b in zip(left, shares)]
        ax.set_title(f"{s['kernel']}: {s['runs']} runs")
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of runs")
        ax.invert_yaxis()
    axes[0][-1].legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    fig.suptitle("k32 inject: one fault in the disk driver per run")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
