"""The translator (vm/machine/translate.py) against the interpreter.

Every test runs the same machine twice, once with translation (threshold
1: code is translated the first time a backward jump reaches it) and once
with the interpreter alone, in the same slices, and requires the same
exit at every slice and, at the end, the same machine: registers, control
registers, every scalar of `st` (pc, time, idle time, devices), memory and
the TLB.  Each test also checks that translated code really ran, so none
passes by never translating.
"""

import os
import random
from pathlib import Path

import numpy as np
import pytest

from assembler import assemble_string
from isa import table
from vm.machine import Machine
from vm.machine import state as S
from vm.machine import translate
from vm.machine.isa_constants import (CSR_PTBASE, CSR_STATUS, CSR_TVEC, PTE_R, PTE_U, PTE_V,
                                      PTE_W, PTE_X, STATUS_IE, STATUS_KERNEL, STATUS_PAGING)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE = [os.path.join(ROOT, "os", "include"), os.path.join(ROOT, "tests", "machine")]
SCALE = int(os.environ.get("K32_FUZZ_SCALE", "1"))
SEED = int(os.environ.get("K32_FUZZ_SEED", "1234"))
RAM = 64 << 10
CODE, DATA, HANDLER, ROOT_TABLE, L2_TABLE = 0x1000, 0x8000, 0xF000, 0xD000, 0xE000


# --- running twice ---------------------------------------------------------------------
def pair(setup, memory=RAM):
    """(translated, interpreted): two machines set up by `setup(machine)`."""
    fast, slow = Machine(memory, jit=True), Machine(memory, jit=False)
    fast.translator.set_threshold(1)
    for m in (fast, slow):
        setup(m)
    return fast, slow


def state(m):
    return {"regs": m.regs.copy(), "csr": m.csr.copy(), "st": m.st.copy(),
            "mem": m.mem8.copy(), "tlb": m.tlb.copy(), "out": m.take_output()}


def differences(a, b):
    sa, sb = state(a), state(b)
    return [k for k in sa if not (np.array_equal(sa[k], sb[k]) if k != "out" else sa[k] == sb[k])]


def run_both(fast, slow, budgets, context=""):
    """Run both machines through the same budgets; the same exits and state."""
    for budget in budgets:
        ra, rb = fast.run(budget), slow.run(budget)
        assert (ra, fast.now, fast.pc) == (rb, slow.now, slow.pc), \
            f"{context}: exit {ra} at {fast.now}, pc {fast.pc:#x} translated; " \
            f"{rb} at {slow.now}, pc {slow.pc:#x} interpreted"
        if ra not in (S.EXIT_BUDGET, S.EXIT_OUTPUT):
            break
    diff = differences(fast, slow)
    assert not diff, f"{context}: {diff} differ"


def ran_translated(m):
    return int(m.jt[S.J_RAN])


def asm_machine(source, memory=RAM):
    exe = assemble_string(source, include_paths=INCLUDE).executable
    return lambda m: m.load(exe)


# --- random programs built around loops --------------------------------------------------
def enc(name, **fields):
    return table.encode(table.BY_NAME[name], fields)


HANDLER_CODE = [
    # exceptions: skip the instruction; interrupts: acknowledge the timer
    enc("csrrs", rd=5, rs1=0, imm=3),            # cause
    enc("blt", rs1=5, rs2=0, imm=5),             # interrupt bit set: to the ack
    enc("csrrs", rd=5, rs1=0, imm=2),            # epc
    enc("addi", rd=5, rs1=5, imm=4),
    enc("csrrw", rd=0, rs1=5, imm=2),
    enc("eret"),
    enc("addi", rd=5, rs1=0, imm=1),
    enc("out", rs1=0, rs2=5, imm=0x20),          # PIC_PENDING: acknowledge IRQ 0
    enc("eret"),
]
UNPRIVILEGED = [i.name for i in table.INSTRUCTIONS
                if not i.privileged and i.name not in ("jal", "jalr", "syscall", "break")
                and not i.name.startswith("b")]
MEMORY_OPS = [i.name for i in table.INSTRUCTIONS if i.memory_access is not None
              and not i.privileged]
BASES = (10, 11, 12)                              # registers that hold addresses
WORK = (1, 2, 3, 4, 6, 7, 8, 9, 13, 14)           # what the body mostly writes


def random_body(rng, count):
    words = []
    while len(words) < count:
        pick = rng.random()
        rd = rng.choice(WORK) if rng.random() < 0.95 else rng.randrange(16)
        if pick < 0.3:
            name = rng.choice(MEMORY_OPS)
            insn = table.BY_NAME[name]
            size = insn.memory_access[0]
            offset = rng.choice([0, size, 2 * size, -size] * 6 + [1, 2, 3, rng.randrange(-64, 64)])
            fields = {"rs1": rng.choice(BASES), "imm": offset & 0xFFFF}
            if insn.memory_access[1]:
                fields["rs2"] = rng.randrange(16)
            else:
                fields["rd"] = rd
            words.append(table.encode(insn, {k: v for k, v in fields.items()
                                             if k in {f.name for f in insn.fields}}))
        elif pick < 0.35 and count - len(words) > 3:   # a forward branch over a few
            name = rng.choice(["beq", "bne", "blt", "bge", "bltu", "bgeu"])
            words.append(enc(name, rs1=rng.randrange(16), rs2=rng.randrange(16),
                             imm=rng.randrange(1, 4)))
        elif pick < 0.355:
            words.append(enc(rng.choice(["syscall", "break"])))
        elif pick < 0.37:                           # a base register moves on
            words.append(enc("addi", rd=rng.choice(BASES), rs1=rng.choice(BASES),
                             imm=rng.choice([4, -4, 64, 1]) & 0xFFFF))
        else:
            insn = table.BY_NAME[rng.choice(UNPRIVILEGED)]
            fields = {}
            for f in insn.fields:
                fields[f.name] = rng.getrandbits(f.width)
            if "rd" in fields:
                fields["rd"] = rd
            if insn.name in ("slli", "srli", "srai", "fence"):
                fields["imm"] = rng.randrange(32)
            words.append(table.encode(insn, fields))
    return words


def loop_program(rng):
    """A loop (with a call to a leaf routine now and then) around a random body."""
    body = random_body(rng, rng.randrange(3, 24))
    if rng.random() < 0.5:
        body.insert(rng.randrange(len(body) + 1), None)      # the call, patched below
    leaf = random_body(rng, rng.randrange(1, 6)) + [enc("jalr", rd=0, rs1=1, imm=0)]
    bne_at = len(body) + 1
    words = body + [enc("addi", rd=15, rs1=15, imm=0xFFFF),
                    enc("bne", rs1=15, rs2=0, imm=-bne_at & 0xFFFF), enc("halt")] + leaf
    leaf_at = bne_at + 2
    return [enc("jal", rd=1, imm=leaf_at - i) if w is None else w for i, w in enumerate(words)]


def random_machine(rng, mode):
    words = loop_program(rng)
    timer = rng.random() < 0.6
    period = rng.choice([1, 7] + [50, 333, 1000, 4096] * 3)
    memory = np.frombuffer(rng.randbytes(RAM), np.uint8).copy()
    regs = [0] + [rng.getrandbits(32) for _ in range(15)]
    for r in BASES:
        regs[r] = rng.choice([DATA + rng.randrange(0, 4096, 4)] * 8 + [DATA + rng.randrange(4096),
                              CODE + rng.randrange(0, 4 * len(words) + 8, 4),
                              rng.randrange(RAM), rng.getrandbits(32), RAM - 4])
    regs[15] = rng.choice([10, 100, 1000, 100000])
    pages = {vpn: PTE_V | PTE_U | PTE_R | PTE_W | PTE_X for vpn in range(RAM >> 12)}
    for vpn in rng.sample(sorted(pages), 3):
        pages[vpn] &= ~rng.choice([PTE_R, PTE_W, PTE_V, 0])
    for vpn in (CODE >> 12, (CODE >> 12) + 1):
        pages[vpn] |= PTE_V | PTE_X | PTE_R

    def setup(m):
        m.mem8[:] = memory
        m.code[:] = S.STALE
        m.write(CODE, b"".join(w.to_bytes(4, "little") for w in words))
        m.write(HANDLER, b"".join(w.to_bytes(4, "little") for w in HANDLER_CODE))
        m.regs[:16] = regs
        m.pc = CODE
        m.csr[CSR_TVEC] = HANDLER
        status = STATUS_KERNEL
        if mode == "user-paging":
            m.mem32[ROOT_TABLE >> 2:(ROOT_TABLE >> 2) + 1024] = 0
            m.mem32[ROOT_TABLE >> 2] = L2_TABLE | PTE_V
            m.mem32[L2_TABLE >> 2:(L2_TABLE >> 2) + 1024] = 0
            for vpn, perms in pages.items():
                if vpn not in (ROOT_TABLE >> 12, L2_TABLE >> 12):
                    m.mem32[(L2_TABLE >> 2) + vpn] = vpn << 12 | perms
            m.csr[CSR_PTBASE] = ROOT_TABLE
            status = STATUS_PAGING
        if timer:
            m.st[S.TIMER_PERIOD] = period
            m.st[S.TICK_AT] = period
            m.st[S.PIC_MASK] = 1
            status |= STATUS_IE
        m.csr[CSR_STATUS] = status
    return setup


@pytest.mark.parametrize("mode", ["kernel", "user-paging"])
def test_random_loops_run_the_same_translated_and_interpreted(mode):
    """Random loops (ALU, division, loads and stores that may fault, hit the
    code itself or miss the TLB, forward branches, calls, syscalls; timer
    interrupts at random periods) give the same exits and the same machine
    with and without translation, whatever the slices."""
    rng = random.Random(f"{SEED}-translate-{mode}")
    translated = 0
    for case in range(40 * SCALE):
        setup = random_machine(rng, mode)
        fast, slow = pair(setup)
        budgets = [rng.choice([1, 3, 100, 5000, 50000]) for _ in range(6)] + [200000]
        run_both(fast, slow, budgets, f"seed {SEED} {mode} case {case}")
        translated += ran_translated(fast)
    assert translated > 100000 * SCALE, "the translated code hardly ran"


def test_a_wrong_translation_is_caught(monkeypatch, tmp_path):
    """The comparison can fail: a translator that computes add as sub is found."""
    real = translate._Emitter.alu
    monkeypatch.setenv("K32_CACHE_DIR", str(tmp_path))   # the wrong code stays there

    def wrong(self, op, x, y):
        return self.b.sub(x, y) if op == translate.OP_ADD else real(self, op, x, y)
    monkeypatch.setattr(translate._Emitter, "alu", wrong)
    monkeypatch.setattr(translate, "_compiler", None)      # compile afresh, wrongly
    setup = asm_machine("""
    li a0, 0
    li a1, 1000
1:  add a0, a0, a1
    addi a1, a1, -1
    bnez a1, 1b
    halt
""")
    fast, slow = pair(setup)
    assert fast.run(100000) == slow.run(100000) == S.EXIT_HALT
    assert slow.regs[10] == 500500 and fast.regs[10] != 500500
    assert differences(fast, slow) == ["regs"]
    monkeypatch.setattr(translate, "_compiler", None)


def test_a_store_into_a_translated_loop_invalidates_it():
    """The loop rewrites its own increment after 500 rounds: from then on the
    new instruction runs, translated again."""
    setup = asm_machine("""
    li a0, 0
    li a1, 1000
    la a2, inc
    la a3, new
    lw a3, 0(a3)
1:
inc: addi a0, a0, 1
    addi a1, a1, -1
    li t0, 500
    bne a1, t0, 2f
    sw a3, 0(a2)                   # inc becomes `addi a0, a0, 3`
2:  bnez a1, 1b
    halt
new: addi a0, a0, 3
""")
    fast, slow = pair(setup)
    run_both(fast, slow, [100000])
    assert fast.regs[10] == 500 + 3 * 500
    assert ran_translated(fast) > 1000
    assert len(fast.translator.marked) >= 2                # translated again after the store


def test_timer_interrupts_arrive_at_the_same_instruction():
    """A handler logs the interrupted pc and instret of every tick while a
    translated loop runs: the logs are the same, tick for tick."""
    setup = asm_machine("""
.include "test.inc"
    la t0, handler
    csrrw zero, tvec, t0
    la s0, log
    li t0, 1
    out t0, PIC_MASK(zero)
    li t0, 97
    out t0, TIMER_PERIOD(zero)
    li t0, STATUS_KERNEL | STATUS_IE
    csrrw zero, status, t0
    li a1, 20000
    li a0, 0
1:  addi a0, a0, 3
    xor a2, a0, a1
    addi a1, a1, -1
    bnez a1, 1b
    halt
handler:
    csrrs t1, epc, zero
    sw t1, 0(s0)
    csrrs t1, instret, zero
    sw t1, 4(s0)
    addi s0, s0, 8
    li t1, 1
    out t1, PIC_PENDING(zero)
    eret
    .balign 4
log: .space 8192
""", memory=RAM)
    fast, slow = pair(setup)
    run_both(fast, slow, [1 << 20])
    assert fast.regs[8] > 0x1000 + 8 * 100          # many ticks logged
    assert ran_translated(fast) > 10000


def test_a_fault_in_translated_code_is_precise():
    """A translated loop reads up to the end of RAM: the bus error is raised
    by the same instruction, with the registers as they were before it."""
    setup = asm_machine("""
    li a0, 0x8000
    li a1, 0
1:  lw t0, 0(a0)
    add a1, a1, t0
    addi a0, a0, 4
    j 1b
""")
    fast, slow = pair(setup)
    run_both(fast, slow, [1 << 20])
    assert fast.st[S.TRAP_PC] != 0 and fast.regs[10] == RAM
    assert ran_translated(fast) > 10000


PAGING_PROGRAM = """
.include "test.inc"
# user code reads word 0 of virtual page 0x40 in a loop, 300 times, and
# calls the kernel after each round of 100; the kernel maps page 0x40 to
# another frame each time, and flushes the TLB.
    la t0, l2
    ori t0, t0, PTE_V
    la t1, root
    sw t0, 0(t1)
    csrrw zero, ptbase, t1
    li t0, 0x10                     # identity for pages 0x1..0xF (code, data)
    li t1, 1
    la t2, l2
2:  slli a3, t1, 12
    ori a3, a3, PTE_V | PTE_U | PTE_R | PTE_W | PTE_X
    slli a4, t1, 2
    add a4, a4, t2
    sw a3, 0(a4)
    addi t1, t1, 1
    bltu t1, t0, 2b
    la s1, frames
    lw a3, 0(s1)
    sw a3, 0x100(t2)                # page 0x40 -> the first frame
    la t0, kernel
    csrrw zero, tvec, t0
    la t0, user
    csrrw zero, epc, t0
    li t0, STATUS_KERNEL | STATUS_PAGING
    csrrw zero, status, t0
    eret
kernel:
    addi s1, s1, 4
    lw a3, 0(s1)
    beqz a3, done
    la t2, l2
    sw a3, 0x100(t2)
    tlbflush
    csrrs t0, epc, zero
    addi t0, t0, 4
    csrrw zero, epc, t0
    eret
done:
    halt
user:
    li a0, 0
    li a2, 0x40000
3:  li a1, 100
4:  lw t0, 0(a2)
    add a0, a0, t0
    addi a1, a1, -1
    bnez a1, 4b
    syscall
    j 3b
    .balign 4
frames: .word 0x9000 | PTE_V | PTE_U | PTE_R, 0xA000 | PTE_V | PTE_U | PTE_R
        .word 0xB000 | PTE_V | PTE_U | PTE_R, 0
    .balign 4096
root: .space 4096
l2: .space 4096
"""


def test_user_code_under_paging_sees_a_remapped_page():
    """Translated user-mode code reads through the TLB: after the kernel maps
    the page elsewhere and flushes, it reads the new frame."""
    program = asm_machine(PAGING_PROGRAM, memory=RAM)

    def setup(m):
        program(m)
        for i, frame in enumerate((0x9000, 0xA000, 0xB000)):
            m.mem32[frame >> 2] = i + 1
    fast, slow = pair(setup)
    run_both(fast, slow, [1 << 20])
    assert fast.regs[10] == 100 * 1 + 100 * 2 + 100 * 3
    assert ran_translated(fast) > 500


def test_breakpoints_and_watchpoints_stop_translated_loops_exactly():
    """Armed after the loop was translated, a breakpoint in its body and a
    watchpoint on what it writes stop both machines at the same time."""
    exe = assemble_string("""
    la a2, data
    li a1, 100000
1:  addi a0, a0, 1
    andi t0, a0, 0xFF
    bnez t0, 2f
    sw a0, 0(a2)
2:  addi a1, a1, -1
    bnez a1, 1b
    halt
    .balign 4
data: .word 0
""", include_paths=INCLUDE).executable
    fast, slow = pair(lambda m: m.load(exe))
    run_both(fast, slow, [5000])
    assert ran_translated(fast) > 1000
    body = (exe.entry >> 2) + 8                   # the word at label 2 (addi a1)
    for m in (fast, slow):
        m.mark_breakpoints([body])
    run_both(fast, slow, [10000])
    assert fast.run(0) == S.EXIT_BUDGET and fast.pc == body * 4
    for m in (fast, slow):
        m.unmark_breakpoints([body])
        m.dbg[S.DBG_WATCH_LO] = int(exe.symbol_table()["data"]) - 3
        m.dbg[S.DBG_WATCH_SPAN] = 7
    run_both(fast, slow, [100000])
    assert fast.pc == body * 4 - 4                 # stopped before the sw


def test_translated_code_runs_while_a_breakpoint_is_armed_elsewhere():
    """A breakpoint after a loop: the loop runs translated, and both machines
    stop at the breakpoint at the same time; armed on a translated word, it
    takes that translation out of use."""
    exe = assemble_string("""
    li a1, 100000
1:  addi a0, a0, 1
    addi a1, a1, -1
    bnez a1, 1b
after:
    addi a0, a0, 7
    halt
""", include_paths=INCLUDE).executable
    after = int(exe.symbol_table()["after"]) >> 2
    fast, slow = pair(lambda m: m.load(exe))
    for m in (fast, slow):
        m.mark_breakpoints([after])
    run_both(fast, slow, [1 << 20])
    assert fast.pc == after * 4 and ran_translated(fast) > 250000
    loop = after - 3                                # the addi a0 in the loop
    fast.pc = slow.pc = exe.entry                   # around again, a breakpoint in the loop
    for m in (fast, slow):
        m.mark_breakpoints([after, loop])
    ran = ran_translated(fast)
    run_both(fast, slow, [1 << 20])
    assert fast.pc == loop * 4
    for _ in range(5):                              # step over it, to the next round
        for m in (fast, slow):
            m.code[loop] = S.STALE                  # as the debugger steps over a breakpoint
            m.dbg[S.DBG_BREAK_COUNT] = 0
            m.run(1)
            m.mark_breakpoints([after, loop])
        run_both(fast, slow, [1 << 20])
        assert fast.pc == loop * 4
    assert ran_translated(fast) - ran < 1000        # the loop's translation is out of use


def test_k32_jit_0_turns_translation_off(monkeypatch):
    monkeypatch.setenv("K32_JIT", "0")
    monkeypatch.setenv("K32_JIT_THRESHOLD", "1")
    m = Machine(RAM)
    asm_machine("li a1, 1000\n1: addi a1, a1, -1\nbnez a1, 1b\nhalt\n")(m)
    assert m.run(100000) == S.EXIT_HALT
    assert not m.translator.on and ran_translated(m) == 0 and m.jt[S.J_CALLS] == 0
    monkeypatch.setenv("K32_JIT", "1")
    m = Machine(RAM)
    asm_machine("li a1, 1000\n1: addi a1, a1, -1\nbnez a1, 1b\nhalt\n")(m)
    assert m.run(100000) == S.EXIT_HALT and ran_translated(m) > 1000


WIDE_DIVISION_CASE = """
import random, sys
from vm.machine import translate as T
if sys.argv[1] == "without":
    T._runtime_helpers = lambda llvm: False
from vm.tools import fuzz_machine as F
seed, mode = 1486863134, "user-handler"
rng = random.Random(f"{seed}-{mode}")
for case in range(44):
    m = F.stream_machine(rng, mode)
    twin = F.copy_machine(m, jit=False)
    total = rng.choice([1000, 5000, 20000])
    assert F.drive(m, total, rng, "x") == F.drive(twin, total, rng, "x", slices=lambda r: 1000)
    assert F.same_machine(m, twin), case
print("helpers", T.compiler().helpers)
"""


@pytest.mark.parametrize("helpers", ["with", "without"])
def test_a_loop_llvm_divides_in_128_bits_never_aborts_the_host(helpers, tmp_path):
    """Case 43 of this stream campaign is a loop whose optimized code
    divides 128-bit numbers: LLVM lowers that to __udivti3, which MCJIT
    must be given (from libgcc_s) or the process dies with "LLVM ERROR:
    Symbol not found".  Without the helpers the region stays interpreted."""
    import subprocess
    import sys
    env = dict(os.environ, K32_CACHE_DIR=str(tmp_path), K32_JIT="1")
    run = subprocess.run([sys.executable, "-c", WIDE_DIVISION_CASE, helpers],
                         capture_output=True, text=True, env=env, timeout=600,
                         cwd=Path(__file__).resolve().parents[1])
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == f"helpers {helpers == 'with'}"
