"""The machine fuzzers' checker (issue 8), for tests/fuzz/test_fuzz_machine.py
and `k32 fuzz machine`: random instruction streams, random page tables,
random port traffic, and single instructions checked against a reference
written from the ISA data.

The machine is driven directly (`vm.machine.Machine`), never through the
CLI, so one case costs tens of microseconds.  Everything is seeded: a
failure names its seed and case number.  The checks are assertions (an
AssertionError names the case); the four campaigns at the end run a number
of cases from a seed.

What is checked:

- streams (kernel mode, user mode with paging, with and without a trap
  handler): Machine.run(budget) returns, never raises, retires at most
  `budget` instructions, and leaves a state that still makes sense (a
  32-bit pc, x0 = 0, only defined status bits, buffers within bounds);
  the same machine run in slices of random sizes ends in exactly the same
  state as in one go (time is counted, not measured);
- single instructions: `reference_step` below computes, from
  `isa.table.decode`, the privileged flag, the `memory_access` of each
  row and a small model of the RV32I+M ALU written from the `meaning`
  strings, what one instruction must do -- the trap (cause, pc, bad
  address: illegal encodings, privilege, alignment, page faults from
  random page tables, bus errors, I/O permission map) or the registers,
  pc and memory after it -- and the machine must agree exactly;
- ports: random in/out/ins/outs traffic to every device, with and without
  a disk image: no exception, no hang, the image keeps its size and only
  the sectors the guest addressed change.
"""

import random
from pathlib import Path

import numpy as np

from isa import table
from isa.machine import CSRS, PORTS
from vm.machine import state as S
from vm.machine.isa_constants import (CAUSE_BREAK, CAUSE_BUS_ERROR, CAUSE_FETCH_FAULT,
                              CAUSE_ILLEGAL, CAUSE_IO_VIOLATION, CAUSE_LOAD_FAULT,
                              CAUSE_MISALIGNED_FETCH, CAUSE_MISALIGNED_LOAD,
                              CAUSE_MISALIGNED_STORE, CAUSE_PRIVILEGED, CAUSE_STORE_FAULT,
                              CAUSE_SYSCALL, CSR_BADADDR, CSR_CAUSE, CSR_EPC, CSR_INSTRET,
                              CSR_INSTRETH, CSR_IOMAP, CSR_PTBASE, CSR_STATUS, CSR_TVEC,
                              PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, SECTOR_SIZE, STATUS_IE,
                              STATUS_KERNEL, STATUS_PAGING, STATUS_PIE, STATUS_PKERNEL)
from vm.machine import Machine

M = 0xFFFFFFFF
RAM = 64 << 10                       # the smallest machine: fast to make and to compare
STATUS_BITS = STATUS_KERNEL | STATUS_IE | STATUS_PKERNEL | STATUS_PIE | STATUS_PAGING
ENDS = {S.EXIT_HALT, S.EXIT_DEBUG, S.EXIT_TRAP, S.EXIT_DOUBLE_FAULT, S.EXIT_DEADLOCK}
CSR_NUMBERS = {number for _, number, _ in CSRS}
PORT_NUMBERS = sorted({value for _, value, _ in PORTS})
IO_NAMES = {"in", "out", "ins", "outs"}


def s32(x):
    x &= M
    return x - (1 << 32) if x >> 31 else x


# --- a small model of the ALU, from the `meaning` column of isa/instructions.py --------
def _div(a, b):
    """Signed division toward zero, with RISC-V's answers for /0 and overflow."""
    x, y = s32(a), s32(b)
    if y == 0:
        return -1, x
    if x == -(1 << 31) and y == -1:
        return x, 0
    q = abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
    return q, x - q * y


ALU_R = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "sll": lambda a, b: a << (b & 31),
    "slt": lambda a, b: int(s32(a) < s32(b)),
    "sltu": lambda a, b: int(a < b),
    "xor": lambda a, b: a ^ b,
    "srl": lambda a, b: a >> (b & 31),
    "sra": lambda a, b: s32(a) >> (b & 31),
    "or": lambda a, b: a | b,
    "and": lambda a, b: a & b,
    "mul": lambda a, b: a * b,
    "mulh": lambda a, b: (s32(a) * s32(b)) >> 32,
    "mulhsu": lambda a, b: (s32(a) * b) >> 32,
    "mulhu": lambda a, b: (a * b) >> 32,
    "div": lambda a, b: _div(a, b)[0],
    "divu": lambda a, b: a // b if b else M,
    "rem": lambda a, b: _div(a, b)[1],
    "remu": lambda a, b: a % b if b else a,
}


# The immediate forms read rs1 and the immediate as the R forms read rs1 and rs2
# (sign-extended to 32 bits: sltiu compares with the extended value, unsigned).
ALU_I = {"addi": "add", "slti": "slt", "sltiu": "sltu", "xori": "xor", "ori": "or",
         "andi": "and", "slli": "sll", "srli": "srl", "srai": "sra"}


BRANCH = {
    "beq": lambda a, b: a == b,
    "bne": lambda a, b: a != b,
    "blt": lambda a, b: s32(a) < s32(b),
    "bge": lambda a, b: s32(a) >= s32(b),
    "bltu": lambda a, b: a < b,
    "bgeu": lambda a, b: a >= b,
}


# --- the reference: one instruction, from the ISA data -------------------------------
class Trap(Exception):
    def __init__(self, cause, bad):
        super().__init__(cause, bad)
        self.cause, self.bad = cause, bad


def word_at(mem32, memsize, addr):
    return int(mem32[addr >> 2]) if 0 <= addr and addr + 4 <= memsize else None


def reference_walk(mem32, memsize, ptbase, vaddr, need):
    """docs/machine.md, Paging: two levels, V/U/permission, a frame outside RAM
    is a bus error (a table outside RAM is a page fault: nothing can be read)."""
    fault = {PTE_X: CAUSE_FETCH_FAULT, PTE_R: CAUSE_LOAD_FAULT, PTE_W: CAUSE_STORE_FAULT}[need]
    root = word_at(mem32, memsize, (ptbase & ~0xFFF) + (vaddr >> 22) * 4)
    if root is None or not root & PTE_V or root & (PTE_R | PTE_W | PTE_X):
        raise Trap(fault, vaddr)
    leaf = word_at(mem32, memsize, (root & ~0xFFF) + ((vaddr >> 12) & 1023) * 4)
    if leaf is None or not leaf & PTE_V or not leaf & PTE_U or not leaf & need:
        raise Trap(fault, vaddr)
    frame = leaf & ~0xFFF
    if frame + 4096 > memsize:
        raise Trap(CAUSE_BUS_ERROR, vaddr)
    return frame | (vaddr & 0xFFF)


def reference_address(m, vaddr, size, need):
    """Physical address of an access: alignment, then translation, then RAM."""
    if vaddr % size:
        raise Trap(CAUSE_MISALIGNED_STORE if need == PTE_W else CAUSE_MISALIGNED_LOAD, vaddr)
    status = int(m.csr[CSR_STATUS])
    if status & STATUS_PAGING and not status & STATUS_KERNEL:
        return reference_walk(m.mem32, m.memory, int(m.csr[CSR_PTBASE]), vaddr, need)
    if vaddr + size > m.memory:
        raise Trap(CAUSE_BUS_ERROR, vaddr)
    return vaddr


def port_granted(m, port):
    base = int(m.csr[CSR_IOMAP])
    if base == 0 or base + 8192 > m.memory:
        return False
    return bool(m.mem8[base + (port >> 3)] >> (port & 7) & 1)


class Expected:
    """What one instruction must do.  `trap` is (cause, bad) or None; `regs`,
    `pc`, `mem_writes` ((address, size, value)...) and `csr` what follows
    otherwise; `reason` the exit; `modelled` False where only robustness
    is checked (port instructions talk to the devices)."""

    def __init__(self, m):
        self.regs = [int(v) for v in m.regs[:16]]
        self.csr = [int(v) for v in m.csr]
        self.pc = m.pc
        self.trap = None
        self.mem_writes = []
        self.reason = S.EXIT_BUDGET
        self.modelled = True

    def set(self, rd, value):
        if rd:
            self.regs[rd] = value & M


def reference_step(m):
    """The Expected outcome of the next instruction of machine `m` (not run)."""
    e = Expected(m)
    try:
        _execute(m, e)
    except Trap as t:
        e.trap = (t.cause, t.bad & M)
    e.pc &= M
    return e


def _execute(m, e):
    pc = m.pc
    status = int(m.csr[CSR_STATUS])
    kernel = bool(status & STATUS_KERNEL)
    if status & STATUS_PAGING and not kernel:
        phys = reference_walk(m.mem32, m.memory, int(m.csr[CSR_PTBASE]), pc, PTE_X)
    elif pc + 4 > m.memory:
        raise Trap(CAUSE_BUS_ERROR, pc)
    else:
        phys = pc
    word = int(m.mem32[phys >> 2])
    decoded = table.decode(word)
    if decoded is None:
        raise Trap(CAUSE_ILLEGAL, word)
    insn, f = decoded
    name, r = insn.name, e.regs
    rs1, rs2, imm = r[f.get("rs1", 0)], r[f.get("rs2", 0)], f.get("imm", 0)
    rd = f.get("rd", 0)
    if insn.privileged and not kernel:
        if name not in IO_NAMES:
            raise Trap(CAUSE_PRIVILEGED, word)
        port = (rs1 + imm) & 0xFFFF if name in ("in", "out") else imm
        if not port_granted(m, port):
            raise Trap(CAUSE_IO_VIOLATION, port)
    e.pc = pc + 4
    if name in IO_NAMES:
        # The devices answer (and ins/outs report partial progress in their
        # registers): only robustness is checked, here and in the port tests.
        e.modelled = False
    elif name in ALU_R:
        e.set(rd, ALU_R[name](rs1, rs2))
    elif name in ALU_I:
        e.set(rd, ALU_R[ALU_I[name]](rs1, imm & M))
    elif name in BRANCH:
        if BRANCH[name](rs1, rs2):
            e.pc = pc + imm * 4
    elif name == "jal":
        e.set(rd, pc + 4)
        e.pc = pc + imm * 4
    elif name == "jalr":
        target = (rs1 + imm) & M & ~1
        if target & 2:
            raise Trap(CAUSE_MISALIGNED_FETCH, target)
        e.set(rd, pc + 4)
        e.pc = target
    elif name == "lui":
        e.set(rd, imm << 12)
    elif name == "auipc":
        e.set(rd, pc + (imm << 12))
    elif name == "syscall":
        raise Trap(CAUSE_SYSCALL, 0)
    elif name == "break":
        raise Trap(CAUSE_BREAK, 0)
    elif insn.memory_access is not None:
        size, write, _ = insn.memory_access
        vaddr = (rs1 + imm) & M
        addr = reference_address(m, vaddr, size, PTE_W if write else PTE_R)
        if write:
            e.mem_writes.append((addr, size, rs2 & ((1 << 8 * size) - 1)))
        else:
            value = int.from_bytes(m.mem8[addr:addr + size].tobytes(), "little")
            if insn.meaning.startswith("rd = sext(") and value >> (8 * size - 1):
                value -= 1 << 8 * size
            e.set(rd, value)
    elif name in ("csrrw", "csrrs", "csrrc"):
        _csr(e, f, imm, rs1, word)
    elif name == "eret":
        new = status & ~(STATUS_KERNEL | STATUS_IE)
        new |= STATUS_KERNEL if status & STATUS_PKERNEL else 0
        new |= STATUS_IE if status & STATUS_PIE else 0
        e.csr[CSR_STATUS] = new
        e.pc = e.csr[CSR_EPC]
    elif name == "halt":
        e.reason = S.EXIT_HALT
    elif name == "wfi":
        e.reason = S.EXIT_DEADLOCK       # no timer, no console, nothing unmasked
    else:
        assert name in ("fence", "tlbflush"), name


def _csr(e, f, number, source, word):
    if number not in CSR_NUMBERS:
        raise Trap(CAUSE_ILLEGAL, word)
    old = 0 if number in (CSR_INSTRET, CSR_INSTRETH) else e.csr[number]   # a fresh machine
    new = {"csrrw": source, "csrrs": old | source, "csrrc": old & ~source}[
        table.BY_OPCODE[word & 0xFF].name]
    if word & 0xFF == table.BY_NAME["csrrw"].opcode or f["rs1"] != 0:
        if number in (CSR_TVEC, CSR_EPC):
            new &= ~3
        elif number == CSR_STATUS:
            new &= STATUS_BITS
        if number not in (CSR_INSTRET, CSR_INSTRETH):
            e.csr[number] = new & M
    e.set(f["rd"], old)


def check_step(m, context):
    """Run one instruction on `m` and compare it with reference_step."""
    e = reference_step(m)
    mem_before = m.mem8.copy()
    regs_before = m.regs.copy()
    csr_before = m.csr.copy()
    pc = m.pc
    reason = m.run(1)
    check_invariants(m, context)
    if not e.modelled:
        return "unmodelled", None
    if e.trap is not None:
        cause, bad = e.trap
        tvec = int(csr_before[CSR_TVEC])
        assert np.array_equal(m.regs, regs_before), context
        assert np.array_equal(m.mem8, mem_before), context
        if tvec == 0 or tvec == pc:
            assert reason == (S.EXIT_TRAP if tvec == 0 else S.EXIT_DOUBLE_FAULT), context
            got = (int(m.st[S.TRAP_CAUSE]), int(m.st[S.TRAP_PC]), int(m.st[S.TRAP_BAD]))
            assert got == (cause, pc, bad), f"{context}: trap {got} != {(cause, pc, bad)}"
            assert m.pc == pc, context
        else:
            status = int(csr_before[CSR_STATUS])
            want = ((status & ~(STATUS_KERNEL | STATUS_IE | STATUS_PKERNEL | STATUS_PIE))
                    | STATUS_KERNEL | (STATUS_PKERNEL if status & STATUS_KERNEL else 0)
                    | (STATUS_PIE if status & STATUS_IE else 0))
            got = (reason, int(m.csr[CSR_CAUSE]), int(m.csr[CSR_EPC]), int(m.csr[CSR_BADADDR]),
                   int(m.csr[CSR_STATUS]), m.pc)
            assert got == (S.EXIT_BUDGET, cause, pc, bad, want, tvec), \
                f"{context}: trap entry {got} != {(S.EXIT_BUDGET, cause, pc, bad, want, tvec)}"
        assert m.retired == 0, context
        return "trap", cause
    assert reason == e.reason, f"{context}: reason {reason} != {e.reason}"
    assert [int(v) for v in m.regs[:16]] == e.regs, \
        f"{context}: regs {[hex(int(v)) for v in m.regs[:16]]} != {[hex(v) for v in e.regs]}"
    assert m.pc == e.pc, f"{context}: pc {m.pc:#x} != {e.pc:#x}"
    assert [int(v) for v in m.csr] == e.csr, f"{context}: csr {list(m.csr)} != {e.csr}"
    for addr, size, value in e.mem_writes:
        mem_before[addr:addr + size] = np.frombuffer(value.to_bytes(size, "little"), np.uint8)
    assert np.array_equal(m.mem8, mem_before), f"{context}: memory differs"
    return "ok", None


# --- invariants of any run ----------------------------------------------------------
def check_invariants(m, context):
    assert 0 <= m.pc <= M and m.pc % 4 == 0, f"{context}: pc {m.pc:#x}"
    assert m.regs[0] == 0, context
    assert int(m.csr[CSR_STATUS]) & ~STATUS_BITS == 0, context
    assert int(m.csr[CSR_TVEC]) % 4 == 0 and int(m.csr[CSR_EPC]) % 4 == 0, context
    assert 0 <= m.st[S.OUT_LEN] <= S.OUT_CAPACITY and 0 <= m.st[S.ERR_LEN] <= S.OUT_CAPACITY
    assert 0 <= m.st[S.IN_POS] <= m.st[S.IN_LEN] <= S.IN_CAPACITY, context
    assert 0 <= m.st[S.DISK_POS] <= max(m.st[S.DISK_END], 0), context
    if m.st[S.DISK_MODE] in (S.DISK_READING, S.DISK_WRITING):
        assert m.st[S.DISK_END] <= m.st[S.DISK_SECTORS] * (SECTOR_SIZE // 4), context


def drive(m, total, rng, context, slices=None, host=None):
    """Run `m` for up to `total` time units in slices, as a session would
    (draining output; when the console is live, giving input or ending it,
    letting idle time pass), checking every exit.  `host` makes the
    console's choices, so that two runs of one machine can make the same.
    Returns the last exit reason."""
    host = host or random.Random(0)
    reason = S.EXIT_BUDGET
    while m.now < total:
        budget = slices(rng) if slices else total - m.now
        budget = min(budget, total - m.now)
        now, retired = m.now, m.retired
        reason = m.run(budget)
        check_invariants(m, context)
        assert m.retired - retired <= budget, f"{context}: retired past the budget"
        # Only wfi's skipped idle time may carry the clock past the budget.
        assert m.now - now <= budget or m.now - now - budget <= m.now - m.retired, context
        if reason in ENDS:
            break
        assert reason in (S.EXIT_BUDGET, S.EXIT_OUTPUT, S.EXIT_FLUSH, S.EXIT_INPUT,
                          S.EXIT_IDLE), f"{context}: exit {reason}"
        m.take_output()
        if reason in (S.EXIT_INPUT, S.EXIT_IDLE):
            assert m.st[S.IN_LIVE], f"{context}: waits for input that cannot come"
            pick = host.random()
            if pick < 0.4:
                m.feed(host.randbytes(host.randrange(1, 8)))
            elif pick < 0.5:
                m.end_input()
            elif reason == S.EXIT_IDLE and m.st[S.TICK_AT] > m.now:
                m.skip_to(int(m.st[S.TICK_AT]))
    return reason


# --- random machines ----------------------------------------------------------------
def random_word(rng):
    return rng.getrandbits(32)


def random_instruction(rng, names=None):
    """A word from the ISA table with random field contents: mostly valid;
    an immediate out of its kind's range or a reserved bit set makes it
    illegal, as the hardware would see it."""
    insn = table.BY_NAME[rng.choice(names)] if names else rng.choice(table.INSTRUCTIONS)
    word = insn.opcode
    for field in insn.fields:
        if field.mask & insn.reserved_mask == 0:
            word |= rng.getrandbits(field.width) << field.lo
    if insn.name == "csrrw" or insn.name in ("csrrs", "csrrc"):
        if rng.random() < 0.9:                       # mostly a real control register
            word = (word & 0xFFFF) | rng.choice(sorted(CSR_NUMBERS)) << 16
    if insn.name in ("slli", "srli", "srai", "fence") and rng.random() < 0.9:
        word = (word & 0xFFFF) | rng.randrange(32 if insn.name != "fence" else 256) << 16
    if insn.name in ("in", "out", "ins", "outs") and rng.random() < 0.7:
        port = rng.choice(PORT_NUMBERS) if rng.random() < 0.7 else rng.getrandbits(16)
        word = (word & 0xFFFF) | port << 16
    if insn.reserved_mask and rng.random() < 0.05:
        word |= 1 << rng.choice([b for b in range(32) if insn.reserved_mask >> b & 1])
    return word


def random_value(rng, memsize, hot=()):
    """A register value: an address near something interesting, or an edge."""
    pick = rng.random()
    if pick < 0.35:
        return rng.randrange(memsize)
    if pick < 0.55 and hot:
        return (rng.choice(hot) + rng.randrange(-8, 4096)) & M
    if pick < 0.75:
        return rng.choice([0, 1, 2, 3, 4, M, M - 3, 0x7FFFFFFF, 0x80000000, memsize,
                           memsize - 4, memsize - 1, 0xFFFFF000, rng.randrange(32)])
    return rng.getrandbits(32)


def random_page_tables(m, rng, hot_vpns):
    """Random two-level page tables under a random ptbase: mostly chains that
    reach a frame (in RAM or not) with random permissions, plus garbage."""
    pages = m.memory >> 12
    ptbase = rng.randrange(pages) << 12 if rng.random() < 0.95 else random_word(rng)
    m.csr[CSR_PTBASE] = ptbase
    for vpn in hot_vpns:
        root_at = (ptbase & ~0xFFF) + (vpn >> 10) * 4
        if root_at + 4 > m.memory:
            continue
        root = int(m.mem32[root_at >> 2])
        if rng.random() < 0.1:
            root = random_word(rng)
        elif not root & PTE_V or root & (PTE_R | PTE_W | PTE_X) or rng.random() < 0.2:
            frame = rng.randrange(pages) if rng.random() < 0.95 else rng.getrandbits(20)
            root = frame << 12 | PTE_V
        m.mem32[root_at >> 2] = root
        leaf_at = (root & ~0xFFF) + (vpn & 1023) * 4
        if leaf_at + 4 > m.memory:
            continue
        if rng.random() < 0.1:
            leaf = random_word(rng)
        else:
            frame = rng.randrange(pages) if rng.random() < 0.9 else rng.getrandbits(20)
            perms = sum(bit for bit in (PTE_V, PTE_U, PTE_R, PTE_W, PTE_X) if rng.random() < 0.85)
            leaf = frame << 12 | perms
        m.mem32[leaf_at >> 2] = leaf


def random_iomap(m, rng):
    pick = rng.random()
    if pick < 0.3:
        return
    if pick < 0.9:
        base = rng.randrange(1, m.memory - 8192)
        m.mem8[base:base + 8192] = np.frombuffer(rng.randbytes(8192), np.uint8)
    else:
        base = rng.choice([m.memory - 8191, m.memory - 4096, random_word(rng)])
    m.csr[CSR_IOMAP] = base


def single_step_machine(rng, word):
    """A fresh machine about to execute `word` at a random pc, in a random mode."""
    ram = rng.choice([RAM] * 8 + [2 * RAM, 4 * RAM])    # the range mask depends on it
    m = Machine(ram)
    mode = rng.choice(["kernel", "kernel", "user", "paging", "paging", "paging"])
    status = rng.getrandbits(4) & ~STATUS_IE       # no interrupt can come anyway
    status |= STATUS_KERNEL if mode == "kernel" else 0
    status &= ~STATUS_KERNEL if mode != "kernel" else M
    if mode == "paging" or rng.random() < 0.2:
        status |= STATUS_PAGING
    m.csr[CSR_STATUS] = status
    if mode == "paging":
        pc = rng.choice([rng.randrange(ram), rng.randrange(1 << 32), M - 3, 0x400000 - 4])
    else:
        pc = rng.randrange(ram) if rng.random() < 0.95 else rng.randrange(1 << 32)
    pc &= ~3
    m.pc = pc
    hot = [pc]
    for i in range(1, 16):
        m.regs[i] = random_value(rng, ram, hot)
        hot.append(int(m.regs[i]))
    m.csr[CSR_EPC] = random_value(rng, ram) & ~3
    m.csr[CSR_BADADDR] = random_word(rng)
    m.csr[CSR_CAUSE] = rng.randrange(16)
    m.csr[5] = random_word(rng)                 # kscratch
    tvec = 0 if rng.random() < 0.5 else (pc if rng.random() < 0.1 else rng.randrange(ram) & ~3)
    m.csr[CSR_TVEC] = tvec
    random_iomap(m, rng)
    if status & STATUS_PAGING and mode != "kernel":
        random_page_tables(m, rng, sorted({h >> 12 for h in hot} | {rng.getrandbits(20)}))
    else:
        m.csr[CSR_PTBASE] = rng.randrange(ram) & ~0xFFF
    # The instruction goes where the fetch will find it (if anywhere).
    try:
        if status & STATUS_PAGING and mode != "kernel":
            phys = reference_walk(m.mem32, ram, int(m.csr[CSR_PTBASE]), pc, PTE_X)
        else:
            phys = pc if pc + 4 <= ram else None
    except Trap:
        phys = None
    if phys is not None:
        m.write(phys, word.to_bytes(4, "little"))
    return m


def random_program(rng, m, start, count, privileged_share):
    """`count` random words at `start`: valid instructions (privileged ones
    at the given share), bare random words, and a few small loops."""
    unprivileged = [i.name for i in table.INSTRUCTIONS if not i.privileged]
    privileged = [i.name for i in table.INSTRUCTIONS if i.privileged]
    words = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.05:
            words.append(random_word(rng))
        elif pick < 0.05 + privileged_share:
            words.append(random_instruction(rng, privileged))
        elif pick < 0.12 + privileged_share:           # a short backward branch: loops
            off = -rng.randrange(1, 6) & 0xFFFF
            words.append(table.BY_NAME["bne"].opcode | rng.getrandbits(8) << 8 | off << 16)
        else:
            words.append(random_instruction(rng, unprivileged))
    data = b"".join(w.to_bytes(4, "little") for w in words)
    m.write(start, data[:max(0, min(len(data), m.memory - start))])


def assemble_words(*rows):
    """Encode (mnemonic, {field: value}) rows with the ISA table."""
    return b"".join(table.encode(table.BY_NAME[name], fields).to_bytes(4, "little")
                    for name, fields in rows)


# A trap handler that skips the trapping instruction and returns: the machine
# keeps running random code through every trap.
SKIP_HANDLER = assemble_words(
    ("csrrs", {"rd": 5, "rs1": 0, "imm": CSR_EPC}),
    ("addi", {"rd": 5, "rs1": 5, "imm": 4}),
    ("csrrw", {"rd": 0, "rs1": 5, "imm": CSR_EPC}),
    ("eret", {}))


HANDLER_AT = RAM - 4096


def stream_machine(rng, mode):
    m = Machine(RAM, jit=True)
    m.translator.set_threshold(16)   # translate a loop at its 16th round
    for i in range(1, 16):
        m.regs[i] = random_value(rng, RAM, [0x1000, HANDLER_AT])
    # Random memory, then the random program.
    m.mem8[:] = np.frombuffer(rng.randbytes(RAM), np.uint8)
    start = rng.randrange(0, RAM - 4096, 4)
    random_program(rng, m, start, 256, 0.1 if mode.startswith("kernel") else 0.03)
    m.pc = start
    handler = mode.endswith("handler")
    if handler:
        m.write(HANDLER_AT, SKIP_HANDLER)
        m.csr[CSR_TVEC] = HANDLER_AT
    if mode.startswith("user"):
        m.csr[CSR_STATUS] = STATUS_PAGING if mode.startswith("user-paging") else 0
        vpns = [start >> 12, (start >> 12) + 1] + [int(m.regs[i]) >> 12 for i in range(1, 16)]
        random_page_tables(m, rng, vpns + [rng.getrandbits(20) for _ in range(4)])
        # Map the program's pages to themselves, executable, most of the time.
        for vpn in (start >> 12, (start >> 12) + 1):
            if rng.random() < 0.8:
                _map(m, rng, vpn, vpn, PTE_V | PTE_U | PTE_R | PTE_X | PTE_W * rng.getrandbits(1))
        random_iomap(m, rng)
    if rng.random() < 0.3:           # the clock comes (and maybe goes) at a random time
        at = rng.randrange(4000)
        m.plug("rtc", at=at)
        if rng.random() < 0.5:
            m.unplug("rtc", at=at + rng.randrange(1, 4000))
    m.code[:] = S.STALE
    return m


def _map(m, rng, vpn, frame, perms):
    ptbase = int(m.csr[CSR_PTBASE]) & ~0xFFF
    if ptbase + 4096 > m.memory:
        return
    root = int(m.mem32[(ptbase >> 2) + (vpn >> 10)])
    if not root & PTE_V or root & (PTE_R | PTE_W | PTE_X) or (root & ~0xFFF) + 4096 > m.memory:
        root = (rng.randrange(m.memory >> 12) << 12) | PTE_V
        m.mem32[(ptbase >> 2) + (vpn >> 10)] = root
    m.mem32[((root & ~0xFFF) >> 2) + (vpn & 1023)] = frame << 12 | perms


STREAM_MODES = ["kernel", "kernel-handler", "user", "user-handler", "user-paging",
                "user-paging-handler"]


def copy_machine(m, jit=None):
    twin = Machine(m.memory, jit=jit)
    for name in ("regs", "csr", "st", "mem8", "code", "tlb", "inbuf", "dbg"):
        getattr(twin, name)[:] = getattr(m, name)
    twin.disk = m.disk
    twin.events = list(m.events)
    return twin


def same_machine(a, b):
    keep = [i for i in range(S.ST_SIZE) if i not in (S.OUT_LEN, S.ERR_LEN, S.ENTERED)]
    return (np.array_equal(a.regs[:16], b.regs[:16]) and np.array_equal(a.csr, b.csr)
            and np.array_equal(a.st[keep], b.st[keep]) and np.array_equal(a.mem8, b.mem8))


# --- port traffic -------------------------------------------------------------------
DISK_VALUES = lambda rng, sectors: rng.choice([  # noqa: E731 - a table of edges
    0, 1, 2, sectors - 1, sectors, sectors + 1, M, 0x80000000, rng.randrange(1 << 32),
    0x20, 0x30, 0xE7, 0xEC, rng.randrange(256)])


def port_program(rng, sectors):
    """A kernel-mode program of random port traffic: li/out/in/ins/outs to
    device ports (mostly) with edge values, ending in halt."""
    rows = []
    ports = [p for p in PORT_NUMBERS if p != 0xF4]     # the debug exit ends the run
    for _ in range(rng.randrange(20, 120)):
        port = rng.choice(ports) if rng.random() < 0.9 else rng.getrandbits(16)
        if rng.random() < 0.01:
            port = 0xF4
        value = DISK_VALUES(rng, sectors)
        reg = rng.randrange(1, 16)
        rows += load_value(reg, value)
        if rng.random() < 0.15:
            rows += disk_transaction(rng, sectors)
            continue
        op = rng.choice(["in", "out", "out", "ins", "outs"])
        if op == "in":
            rows.append(("in", {"rd": rng.randrange(16), "rs1": 0, "imm": port}))
        elif op == "out":
            rows.append(("out", {"rs2": reg, "rs1": 0, "imm": port}))
        else:
            count = rng.randrange(1, 16)
            buf = rng.randrange(0x8000, RAM - 2048, 4) if rng.random() < 0.99 else rng.getrandbits(32)
            rows.append(("lui", {"rd": 13, "imm": buf >> 12}))
            rows.append(("ori", {"rd": 13, "rs1": 13, "imm": buf & 0xFFF}))
            rows.append(("lui", {"rd": 14, "imm": 0}))
            rows.append(("ori", {"rd": 14, "rs1": 14, "imm": rng.choice([count, 128, 300])}))
            rows.append((op, {"rs1": 13, "rs2": 14, "imm": port}))
    rows.append(("halt", {}))
    return assemble_words(*rows)


# An interrupt handler for the port programs: take the console's byte (and
# see its end of input), acknowledge every latched line, return.
IRQ_HANDLER = assemble_words(
    ("in", {"rd": 6, "rs1": 0, "imm": 0x3FD}),            # UART_LSR
    ("in", {"rd": 6, "rs1": 0, "imm": 0x3F8}),            # UART_DATA
    ("ori", {"rd": 5, "rs1": 0, "imm": -1 & 0xFFFF}),
    ("out", {"rs2": 5, "rs1": 0, "imm": 0x20}),           # PIC_PENDING
    ("eret", {}))


def load_value(reg, value):
    """lui + ori: any 32-bit value into a register."""
    return [("lui", {"rd": reg, "imm": value >> 12}),
            ("ori", {"rd": reg, "rs1": reg, "imm": value & 0xFFF})]


def disk_transaction(rng, sectors):
    """A whole disk command, as a driver would issue it (LBA, count, command,
    then the data through ins/outs), with edge values: sectors at and past
    the end, counts of 0 and more words than the command moves."""
    lba = rng.choice([0, sectors - 1, sectors, rng.randrange(sectors), M])
    count = rng.choice([0, 1, 2, sectors, M])
    command = rng.choice([0x20, 0x30, 0x30, 0xE7, 0xEC, rng.randrange(256)])
    rows = load_value(12, lba) + [("out", {"rs2": 12, "rs1": 0, "imm": 0x1F3})]
    rows += load_value(12, count) + [("out", {"rs2": 12, "rs1": 0, "imm": 0x1F2})]
    rows += load_value(12, command) + [("out", {"rs2": 12, "rs1": 0, "imm": 0x1F7})]
    words = rng.choice([1, 127, 128, 129, 256, 1000])
    rows += load_value(13, rng.randrange(0x8000, RAM - 4096, 4)) + load_value(14, words)
    rows.append(("outs" if command == 0x30 or rng.random() < 0.3 else "ins",
                 {"rs1": 13, "rs2": 14, "imm": 0x1F0}))
    return rows


# --- the campaigns: CASES cases from SEED each ---------------------------------------
def single_instructions(seed, cases):
    """Random words and random valid instructions, one step each, in every mode
    and under random page tables, against reference_step; returns the
    {(kind, cause): count} of what they did."""
    rng = random.Random(seed)
    outcomes = {}
    for case in range(cases):
        word = random_instruction(rng) if rng.random() < 0.85 else random_word(rng)
        m = single_step_machine(rng, word)
        kind, cause = check_step(m, f"seed {seed} case {case} word {word:#010x}")
        outcomes[kind, cause] = outcomes.get((kind, cause), 0) + 1
    return outcomes


DIFFERENTIAL_KINDS = ("alu", "memory")


def differential(kind, seed, cases):
    """Every RV32I+M computational, branch and jump instruction (or every load
    and store) on random operands, in kernel mode, against the Python model."""
    if kind == "alu":
        names = sorted(set(ALU_R) | set(ALU_I) | set(BRANCH) | {"jal", "jalr", "lui", "auipc"})
    else:
        names = [insn.name for insn in table.INSTRUCTIONS if insn.memory_access]
    rng = random.Random(seed + 1 + (kind == "memory"))
    for case in range(cases):
        word = random_instruction(rng, names)
        m = Machine(RAM)
        m.pc = rng.randrange(RAM) & ~3
        m.write(m.pc, word.to_bytes(4, "little"))
        for i in range(1, 16):
            m.regs[i] = random_value(rng, RAM, [m.pc])
        check_step(m, f"seed {seed} {kind} case {case} word {word:#010x}")


def streams(mode, seed, cases):
    """Random instruction streams, random registers, random memory: the run
    returns within its budget, and running it in random slices gives the
    very same machine as running it in one go.  The one-go run translates
    every loop (vm/machine/translate.py), the sliced one only interprets.
    Returns how many translated blocks ran."""
    rng = random.Random(f"{seed}-{mode}")
    translated = 0
    for case in range(cases):
        context = f"seed {seed} {mode} case {case}"
        m = stream_machine(rng, mode)
        twin = copy_machine(m, jit=False)
        total = rng.choice([1000, 5000, 20000])
        reason = drive(m, total, rng, context)
        twin_reason = drive(twin, total, rng, context,
                            slices=lambda r: r.choice([1, 1, 2, 3, 7, 64, 1000]))
        assert same_machine(m, twin), f"{context}: slicing changed the run"
        assert reason == twin_reason, context
        translated += int(m.jt[S.J_RAN])
    return translated


def port_traffic(with_disk, seed, cases, directory):
    """Random in/out/ins/outs to the UART, timer, PIC, disk and debug ports,
    with console input (scripted or live), with interrupts on or off, with
    or without a disk image (made in `directory`): no exception, no hang,
    the image keeps its size, and running in random slices gives the same
    machine and disk."""
    rng = random.Random(f"{seed}-ports-{with_disk}")
    for case in range(cases):
        context = f"seed {seed} ports disk={with_disk} case {case}"
        sectors = rng.choice([1, 2, 3, 17]) if with_disk else 0
        m = Machine(RAM)
        m.feed(rng.randbytes(rng.randrange(0, 64)))
        pick = rng.random()
        if pick < 0.4:
            m.end_input()
        elif pick < 0.7:
            m.st[S.IN_LIVE] = 1                 # a terminal: the host is asked for more
        if rng.random() < 0.5:
            m.write(HANDLER_AT, IRQ_HANDLER)
            m.csr[CSR_TVEC] = HANDLER_AT
            m.csr[CSR_STATUS] = STATUS_KERNEL | STATUS_IE
            m.st[S.PIC_MASK] = rng.getrandbits(3)
        image = Path(directory) / f"disk{case}.img"
        if with_disk:
            image.write_bytes(rng.randbytes(sectors * SECTOR_SIZE))
            m.attach_disk(image)
        m.write(0x1000, port_program(rng, max(sectors, 1)))
        m.pc = 0x1000
        twin = copy_machine(m)
        twin.disk = m.disk.copy()               # a private copy, compared at the end
        host = rng.getrandbits(32)
        try:
            reason = drive(m, 200_000, rng, context, host=random.Random(host))
            twin_reason = drive(twin, 200_000, rng, context, host=random.Random(host),
                                slices=lambda r: r.choice([1, 1, 3, 50, 100_000]))
            assert reason == twin_reason and same_machine(m, twin), \
                f"{context}: slicing changed the run"
            assert np.array_equal(m.disk, twin.disk), context
        finally:
            m.close()
        if with_disk:
            assert image.stat().st_size == sectors * SECTOR_SIZE, context


# The CI size of each campaign (tests/fuzz/test_fuzz_machine.py); a run of
# `k32 fuzz machine --scale K` runs every one at K times it.
SIZES = {"single": 20000, "differential": 3000, "streams": 60, "ports": 60}


def campaign(seed, scale, directory):
    """Every campaign above at `scale` times its CI size, from `seed`;
    returns the number of cases (an AssertionError names a failing one)."""
    single_instructions(seed, SIZES["single"] * scale)
    for kind in DIFFERENTIAL_KINDS:
        differential(kind, seed, SIZES["differential"] * scale)
    for mode in STREAM_MODES:
        streams(mode, seed, SIZES["streams"] * scale)
    for with_disk in (False, True):
        port_traffic(with_disk, seed, SIZES["ports"] * scale, directory)
    return scale * (SIZES["single"] + len(DIFFERENTIAL_KINDS) * SIZES["differential"]
                    + len(STREAM_MODES) * SIZES["streams"] + 2 * SIZES["ports"])
