"""Fuzzing the machine (issue 8): the checker is vm/tools/fuzz_machine.py
(also `k32 fuzz machine`); these tests run it at the CI size with a fixed
seed, and check the checker.

Everything is seeded: a failure names its seed and case number, and
`K32_FUZZ_SCALE=N` (and `K32_FUZZ_SEED=S`) runs a campaign N times the CI
size (with another seed), as the figures in docs/fuzzing.md were made;
`k32 fuzz machine --runs N --seed S` spreads such a campaign over runs (and
a cluster).
"""

import os

import pytest

from isa import table
from vm.machine import Machine
from vm.machine import state as S
from vm.machine.isa_constants import (CAUSE_BREAK, CAUSE_BUS_ERROR, CAUSE_FETCH_FAULT,
                                      CAUSE_ILLEGAL, CAUSE_IO_VIOLATION, CAUSE_LOAD_FAULT,
                                      CAUSE_MISALIGNED_FETCH, CAUSE_MISALIGNED_LOAD,
                                      CAUSE_MISALIGNED_STORE, CAUSE_PRIVILEGED, CAUSE_STORE_FAULT,
                                      CAUSE_SYSCALL, CSR_PTBASE, CSR_STATUS, PTE_R, PTE_U, PTE_V,
                                      PTE_X, STATUS_IE, STATUS_PAGING)
from vm.tools.fuzz_machine import (ALU_I, ALU_R, BRANCH, DIFFERENTIAL_KINDS, RAM, SIZES,
                                   STREAM_MODES, assemble_words, check_step, differential,
                                   port_traffic, single_instructions, streams)

SCALE = int(os.environ.get("K32_FUZZ_SCALE", "1"))
SEED = int(os.environ.get("K32_FUZZ_SEED", "1234"))


def steps(count):
    return max(1, count * SCALE)


def test_the_model_covers_every_unprivileged_instruction():
    """A row added to the ISA without a model here would go unchecked."""
    modelled = set(ALU_R) | set(ALU_I) | set(BRANCH) | {
        "jal", "jalr", "lui", "auipc", "fence", "syscall", "break"}
    for insn in table.INSTRUCTIONS:
        if not insn.privileged and insn.memory_access is None:
            assert insn.name in modelled, insn.name


def test_single_instructions_trap_and_compute_as_the_isa_says():
    """Random words and random valid instructions, one step each, in every mode
    and under random page tables, against reference_step."""
    outcomes = single_instructions(SEED, steps(SIZES["single"]))
    # The generator must reach every cause an instruction can raise, and results.
    for cause in (CAUSE_ILLEGAL, CAUSE_PRIVILEGED, CAUSE_SYSCALL, CAUSE_BREAK,
                  CAUSE_MISALIGNED_FETCH, CAUSE_MISALIGNED_LOAD, CAUSE_MISALIGNED_STORE,
                  CAUSE_FETCH_FAULT, CAUSE_LOAD_FAULT, CAUSE_STORE_FAULT, CAUSE_BUS_ERROR,
                  CAUSE_IO_VIOLATION):
        assert outcomes.get(("trap", cause), 0) >= 5, (cause, outcomes)
    assert outcomes.get(("ok", None), 0) > steps(SIZES["single"]) // 4, outcomes


@pytest.mark.parametrize("kind", DIFFERENTIAL_KINDS)
def test_alu_branch_and_memory_differential(kind):
    """Every RV32I+M computational, branch and jump instruction (or every load
    and store) on random operands, in kernel mode, against the Python model."""
    differential(kind, SEED, steps(SIZES["differential"]))


@pytest.mark.parametrize("mode", STREAM_MODES)
def test_random_streams_stay_within_budget_and_are_slice_independent(mode):
    """Random instruction streams, random registers, random memory: the run
    returns within its budget, and running it in random slices gives the
    very same machine as running it in one go.  The one-go run translates
    every loop (vm/machine/translate.py), the sliced one only interprets."""
    translated = streams(mode, SEED, steps(SIZES["streams"]))
    if mode == "kernel" or mode.endswith("handler"):
        # (without a trap handler a user-mode stream ends at its first trap,
        # mostly before a loop is hot: there, some seeds translate nothing)
        assert translated > 0, f"{mode}: nothing ran translated"


@pytest.mark.parametrize("with_disk", [False, True])
def test_random_port_traffic_to_every_device(with_disk, tmp_path):
    """Random in/out/ins/outs to the UART, timer, PIC, disk and debug ports,
    with console input (scripted or live), with interrupts on or off, with
    or without a disk image: no exception, no hang, the image keeps its
    size, and running in random slices gives the same machine and disk."""
    port_traffic(with_disk, SEED, steps(SIZES["ports"]), tmp_path)



class _WrongAdder(Machine):
    """A machine with a bug planted: add's result has its low bit flipped."""

    def run(self, budget):
        reason = super().run(budget)
        self.regs[1] ^= 1
        return reason


def test_a_wrong_machine_fails_the_check():
    """The check is not vacuous: a machine that adds wrong is caught."""
    m = _WrongAdder(RAM)
    m.write(0x100, assemble_words(("add", {"rd": 1, "rs1": 2, "rs2": 3})))
    m.pc = 0x100
    m.regs[2], m.regs[3] = 5, 7
    with pytest.raises(AssertionError, match="regs"):
        check_step(m, "planted bug")


# --- regressions: each bug the fuzzers found ------------------------------------------
def _map_user_page(m, vpn, frame, perms=PTE_V | PTE_U | PTE_R | PTE_X, ptbase=0x1000):
    """Map one user page through a second-level table of its own (at frame 2 + root index % 8)."""
    m.csr[CSR_PTBASE] = ptbase
    table_at = 0x2000 + ((vpn >> 10) % 8) * 0x1000
    m.mem32[(ptbase >> 2) + (vpn >> 10)] = table_at | PTE_V
    m.mem32[(table_at >> 2) + (vpn & 1023)] = frame << 12 | perms


def test_regression_pc_wraps_past_top_of_address_space():
    """A user instruction at 0xFFFFFFFC falls through to virtual address 0.
    The loop kept pc as pc + 4 = 0x100000000: the fetch walked the root
    table's entry 1024 (the word after the table) and trapped there, with
    a 33-bit pc in TRAP_PC and Machine.pc."""
    m = Machine(RAM)
    _map_user_page(m, 0xFFFFF, 0xA)
    _map_user_page(m, 0, 0xB)
    m.write(0xAFFC, assemble_words(("addi", {"rd": 1, "rs1": 1, "imm": 1})))
    m.write(0xB000, assemble_words(("syscall", {})))
    m.csr[CSR_STATUS] = STATUS_PAGING
    m.pc = 0xFFFFFFFC
    assert m.run(1) == S.EXIT_BUDGET and m.pc == 0          # between two runs, too
    assert m.run(100) == S.EXIT_TRAP
    assert (m.st[S.TRAP_CAUSE], m.st[S.TRAP_PC], m.st[S.TRAP_BAD]) == (CAUSE_SYSCALL, 0, 0)
    assert m.regs[1] == 1


def test_regression_pc_wraps_past_top_of_address_space_before_an_interrupt():
    """The same wrap when an interrupt comes before the next fetch: TRAP_PC
    (an unhandled interrupt) said 0x100000000."""
    m = Machine(RAM)
    _map_user_page(m, 0xFFFFF, 0xA)
    m.write(0xAFFC, assemble_words(("addi", {"rd": 1, "rs1": 1, "imm": 1})))
    m.csr[CSR_STATUS] = STATUS_PAGING | STATUS_IE
    m.st[S.PIC_MASK] = 1
    m.st[S.TIMER_PERIOD] = m.st[S.TICK_AT] = 1          # a tick right after the addi
    m.pc = 0xFFFFFFFC
    assert m.run(100) == S.EXIT_TRAP
    assert (m.st[S.TRAP_CAUSE], m.st[S.TRAP_PC]) == (0x80000000, 0)
