"""The DEBUG_MODULE port (0xF5): a write stops the compiled loop with
EXIT_MODULE; Machine.run tells its module hooks and resumes within the
same budget, so `k32 run` and `k32 boot` never see it."""

from pathlib import Path

from assembler import assemble_string
from vm.machine import Machine
from vm.machine import state as S

INCLUDE = str(Path(__file__).resolve().parent.parent / "os" / "include")
PROGRAM = """
        .include "k32.inc"
        .text
        .globl  _start
_start: li      a0, 0x1234
        out     a0, DEBUG_MODULE(zero)
        li      a1, 0x5678
        out     a1, DEBUG_MODULE(zero)
        in      a2, DEBUG_MODULE(zero)
        out     a2, DEBUG_EXIT(zero)
"""


def machine():
    m = Machine(64 << 10)
    m.load(assemble_string(PROGRAM, include_paths=[INCLUDE]).executable)
    return m


def test_without_hooks_the_run_goes_on_and_a_read_gives_zero():
    m = machine()
    assert m.run(1000) == S.EXIT_DEBUG
    assert m.st[S.EXIT_VALUE] == 0 and m.retired == 6


def test_hooks_are_told_each_record_at_the_instruction_after_the_write():
    m = machine()
    seen = []
    m.module_hooks.append(lambda mach, record: seen.append((record, mach.retired, mach.pc)))
    assert m.run(1000) == S.EXIT_DEBUG
    entry = seen[0][2] - 8
    assert seen == [(0x1234, 2, entry + 8), (0x5678, 4, entry + 16)]


def test_a_hook_that_asks_stops_the_run_and_the_budget_is_kept():
    m = machine()
    m.module_hooks.append(lambda mach, record: True)
    assert m.run(1000) == S.EXIT_MODULE and m.st[S.MODULE_RECORD] == 0x1234
    assert m.run(1000) == S.EXIT_MODULE and m.st[S.MODULE_RECORD] == 0x5678
    assert m.run(1000) == S.EXIT_DEBUG


def test_the_budget_is_the_same_across_a_notification():
    m = machine()
    m.module_hooks.append(lambda mach, record: None)
    assert m.run(2) == S.EXIT_BUDGET and m.retired == 2      # the write was the last one
    assert m.run(3) == S.EXIT_BUDGET and m.retired == 5      # through the second one


def test_k32_run_resumes_at_once(tmp_path):
    import subprocess
    import sys
    source = tmp_path / "m.s"
    source.write_text(PROGRAM)
    done = subprocess.run([sys.executable, "-m", "vm.cli", "run", str(source)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""
