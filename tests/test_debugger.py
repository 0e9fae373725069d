"""`k32 debug` driven as a person drives it: through a pseudo-terminal
(pexpect, with prompt_toolkit reading the lines), and as a script (-x,
--batch, commands piped to stdin).

The program under test is programs/examples/count.s: a loop that calls
add_to_total(1..10), a timer interrupt every 50 instructions counting
`ticks`, a line of console input echoed back, and the total printed.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from conftest import needs_host_tools

ROOT = Path(__file__).resolve().parent.parent
COUNT = "programs/examples/count.s"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


class Terminal:
    """A `k32 debug` session on a pty; `do(line)` types a command and
    returns what came back before the next prompt, escape codes removed."""

    def __init__(self, *args):
        env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
        self.child = pexpect.spawn(sys.executable, ["-m", "vm.cli", "debug", *args],
                                   cwd=str(ROOT), env=env, encoding="utf-8", timeout=60,
                                   dimensions=(50, 250))
        self.child.expect_exact("(k32)")

    def do(self, line):
        self.child.sendline(line)
        self.child.expect_exact("\n")            # the line was accepted
        self.child.expect_exact("(k32)")          # and the command has finished
        text = ANSI.sub("", self.child.before)
        assert "Traceback" not in text, text
        return text

    def close(self):
        self.child.sendline("quit")
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 0


@pytest.fixture
def term():
    sessions = []

    def start(*args):
        session = Terminal(*args)
        sessions.append(session)
        return session
    yield start
    for session in sessions:
        if session.child.isalive():
            session.child.terminate(force=True)


def test_breakpoint_on_a_label_then_registers(term):
    t = term(COUNT, "--input", "hi\\n")
    assert "Breakpoint 1 at 0x" in t.do("break add_to_total")
    out = t.do("run")
    assert "Breakpoint 1, add_to_total at programs/examples/count.s:37" in out
    assert "=> 0x" in out and "addi sp, sp, -8" in out
    assert t.do("p $a0").split() == ["1"]
    assert re.search(r"a0\s+0x00000001\s+1", t.do("info registers a0"))
    assert "0x1" in t.do("p/x $a0")
    t.close()


def test_step_into_a_call_and_finish_out_of_it(term):
    t = term(COUNT, "--input", "hi\\n")
    t.do(f"break {COUNT}:24")
    assert "count.s:24" in t.do("run")
    out = t.do("step")
    assert "add_to_total at programs/examples/count.s:37" in out
    out = t.do("bt")
    assert re.search(r"#0\s+0x[0-9a-f]+ in add_to_total", out)
    assert re.search(r"#1\s+0x[0-9a-f]+ in _start\+\d+ at programs/examples/count.s:24", out)
    t.do("next")
    t.do("next")                                  # past `sw ra, 4(sp)`: ra is on the stack
    assert "ra at 0x" in t.do("info frame")
    out = t.do("finish")
    assert "Run till exit from #0" in out and "count.s:25" in out
    out = t.do("next")                            # count.s:26, then `next` over the call
    assert "count.s:26" in out
    t.do("next")
    assert "count.s:24" in t.do("next") and "add_to_total" not in t.do("next")
    t.close()


def test_watch_a_memory_word_shows_old_and_new(term):
    t = term(COUNT, "--input", "hi\\n")
    assert "Watchpoint 1: total" in t.do("watch total")
    out = t.do("continue")
    assert "Watchpoint 1: total" in out
    assert "Old value = 0" in out and "New value = 1" in out
    assert "count.s:43" in out                     # the line after the store
    out = t.do("continue")
    assert "Old value = 1" in out and "New value = 3" in out
    assert "already hit 2 times" in t.do("info breakpoints")
    t.do("delete 1")
    out = t.do("rwatch ticks")
    out = t.do("continue")
    assert "Read watchpoint 2: ticks" in out and "Value = " in out
    assert "on_trap" in out
    t.close()


def test_conditional_breakpoint_hits_on_the_fifth_iteration(term):
    t = term(COUNT, "--input", "hi\\n")
    t.do("break add_to_total if $a0 == 5")
    out = t.do("run")
    assert "Breakpoint 1, add_to_total" in out
    assert t.do("p $s0").split() == ["5"]
    assert t.do("p *total").split() == ["10"]        # 1+2+3+4
    out = t.do("info breakpoints")
    assert "stop only if $a0 == 5" in out and "already hit 1 time" in out
    t.close()


def _state(t):
    """Everything a reverse step must bring back."""
    return (t.do("info registers"), t.do("info csr"), t.do("x/2dw total"), t.do("p *ticks"),
            t.do("info program"))


def test_reverse_stepping_over_a_console_write_and_interrupts(term):
    t = term(COUNT, "--input", "hi\\n")
    t.do("break echo_line")
    assert "Breakpoint 1, echo_line" in t.do("run")
    t.do("delete")
    before = _state(t)
    ticks_before = int(before[3].split()[-1])
    out = t.do("stepi 40")                 # reads and echoes "hi"; a timer interrupt
    assert "hi" in out
    after = _state(t)
    assert int(after[3].split()[-1]) == ticks_before + 1
    assert after[0] != before[0]
    t.do("reverse-stepi 40")
    assert _state(t) == before
    out = t.do("stepi 40")                 # the same future; its output is not shown again
    assert "hi" not in out.replace("echo_line", "")
    assert _state(t) == after
    t.do("reverse-stepi 20")
    t.do("set $s1 = 99")                   # a changed past: the future is recomputed
    t.do("stepi 20")
    assert "99" in t.do("p $s1")
    t.close()


def test_reverse_continue_goes_back_to_the_last_breakpoint(term):
    t = term(COUNT, "--input", "hi\\n")
    t.do("break add_to_total")
    t.do("run")
    t.do("continue")
    t.do("continue")                           # the third call: a0 = 3
    assert t.do("p $a0").split() == ["3"]
    t.do("next")
    out = t.do("reverse-continue")
    assert "Breakpoint 1, add_to_total" in out
    assert t.do("p $a0").split() == ["3"]
    t.do("reverse-continue")
    assert t.do("p $a0").split() == ["2"]
    assert t.do("p *total").split() == ["1"]
    out = t.do("reverse-next")
    assert "count.s:24" in out or "count.s:23" in out
    t.close()


def test_the_program_ends_and_can_be_stepped_back_into(term):
    t = term(COUNT, "--input", "hi\\n")
    out = t.do("continue")
    assert "hi" in out and "55" in out
    assert "[program exited with status 0 (debug-exit port)]" in out
    assert "[program exited" in t.do("continue")
    out = t.do("reverse-stepi")
    assert "count.s:33" in out and "out zero, 0xf4(zero)" in out
    t.close()


def test_ctrl_c_stops_a_running_guest(term, tmp_path):
    spin = tmp_path / "spin.s"
    spin.write_text("_start: addi a0, a0, 1\n        j _start\n")
    t = term(str(spin))
    t.child.sendline("continue")
    time.sleep(1.5)
    t.child.sendcontrol("c")
    t.child.expect_exact("Program stopped (Ctrl-C).")
    t.child.expect_exact("(k32)")
    # it ran: translated, 1.5 s of it may well have wrapped a0 past 2^31
    assert int(t.do("p/x $a0").split()[-1], 16) not in range(1000)
    t.close()


def test_bad_commands_get_one_message_and_the_session_goes_on(term):
    t = term(COUNT)
    assert 'Undefined command: "frobnicate"' in t.do("frobnicate")
    assert "ends too soon" in t.do("p 1 +")
    assert 'Function "nosuch" not defined.' in t.do("break nosuch")
    assert 'No symbol "nosuch"' in t.do("p nosuch + 1")
    assert "Invalid format letter" in t.do("x/4q 0")
    assert "division by zero" in t.do("p 1/0")
    assert "Cannot access memory" in t.do("x/x 0xfffffff0")
    assert "No breakpoint number 7" in t.do("delete 7")
    assert t.do("p 2+3").split() == ["5"]
    t.close()


def test_tab_completes_commands_and_symbols(term):
    t = term(COUNT)
    t.child.send("brea\t")
    t.child.expect_exact("break")
    t.child.send(" add_to_t\t")
    t.child.expect_exact("add_to_total")
    t.child.send("\r")
    t.child.expect_exact("Breakpoint 1 at 0x")
    t.child.expect_exact("(k32)")
    assert "add_to_total" in t.do("info breakpoints")
    t.close()


def test_list_disassemble_x_and_display(term):
    t = term(COUNT, "--input", "hi\\n")
    t.do("break print_number")
    t.do("run")
    out = t.do("list")
    assert re.search(r"=>68\s+addi\s+sp, sp, -8", out) and "  63" in out and "  72" in out
    out = t.do("disassemble")
    assert "Dump of assembler code for function print_number:" in out
    assert "=> 0x" in out and "End of assembler dump." in out
    assert re.search(r"<total>:\s+55\s+\d+", t.do("x/2dw &total"))
    assert re.search(r"<total>:\s+0x37\s+0x00\s+0x00", t.do("x/3xb &total"))
    assert "1: /x $a0 = 0x37" in t.do("display/x $a0")
    assert "1: /x $a0" in t.do("stepi")
    assert "print_number + 4" in t.do("info symbol print_number + 4")
    assert "Line 69 of \"programs/examples/count.s\"" in t.do("info line")
    t.close()


# --- scripted sessions --------------------------------------------------------

def debug(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "vm.cli", "debug", *args], cwd=ROOT,
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_command_file_in_batch_mode(tmp_path):
    script = tmp_path / "cmds"
    script.write_text("break add_to_total if $a0 == 3\nrun\np *total\n"
                      "watch total\ncontinue\nreverse-continue\np *total\n")
    r = debug(COUNT, "--input", "hi\\n", "-x", str(script), "--batch")
    assert r.returncode == 0, r.stderr
    assert "Breakpoint 1, add_to_total" in r.stdout
    assert "Old value = 3" in r.stdout and "New value = 6" in r.stdout
    values = [line for line in r.stdout.splitlines() if line.strip().isdigit()]
    assert values == ["3", "3"]
    assert r.stderr == ""


def test_a_failing_command_in_batch_mode_means_status_1(tmp_path):
    script = tmp_path / "cmds"
    script.write_text("p nosuch\np 7\n")
    r = debug(COUNT, "-x", str(script), "--batch")
    assert r.returncode == 1
    assert r.stderr.strip() == 'No symbol "nosuch" in current context.'
    assert r.stdout.strip() == "7"


def test_command_file_then_commands_from_a_pipe(tmp_path):
    script = tmp_path / "cmds"
    script.write_text("break echo_line\nrun\n")
    r = debug(COUNT, "--input", "ok\\n", "-x", str(script), stdin="continue\nquit\n")
    assert r.returncode == 0, r.stderr
    assert "Breakpoint 1, echo_line" in r.stdout
    assert "ok\n55\n" in r.stdout
    assert "(k32)" not in r.stdout


def test_guest_input_given_at_the_prompt():
    r = debug(COUNT, stdin="continue\ninput yes\\n\ncontinue\n")
    assert "waiting for console input" in r.stdout
    assert "yes\n55\n" in r.stdout


@pytest.mark.parametrize("args, message", [
    (["nosuch.kx"], "nosuch.kx"),
    ([COUNT, "-x", "nosuch-cmds"], "nosuch-cmds: no such command file"),
    ([COUNT, "--mem", "3M"], "power of two"),
])
def test_bad_invocations(args, message):
    r = debug(*args)
    assert r.returncode != 0
    assert message in r.stderr and "Traceback" not in r.stderr


def test_a_corrupt_executable_is_refused(tmp_path):
    bad = tmp_path / "bad.kx"
    bad.write_bytes(b"K32X" + bytes(40))
    r = debug(str(bad))
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1


DISK_PROGRAM = """
        .include "k32.inc"
_start: li      t0, 1
        out     t0, DISK_LBA(zero)
        out     t0, DISK_COUNT(zero)
        li      t0, DISK_CMD_READ
        out     t0, DISK_COMMAND(zero)
        la      a0, buf
        li      a1, 128
        ins     a0, a1, DISK_DATA           # sector 1 -> buf
read:   li      t0, 1
        out     t0, DISK_LBA(zero)
        out     t0, DISK_COUNT(zero)
        li      t0, DISK_CMD_WRITE
        out     t0, DISK_COMMAND(zero)
        li      a1, 128
        li      a2, 0x12345678
1:      out     a2, DISK_DATA(zero)         # sector 1 = 0x12345678...
        addi    a1, a1, -1
        bnez    a1, 1b
        halt
        .data
buf:    .space  512
"""


def test_disk_writes_are_recorded_state_and_the_image_file_is_untouched(tmp_path):
    source = tmp_path / "disk.s"
    source.write_text(DISK_PROGRAM)
    image = tmp_path / "disk.img"
    image.write_bytes(bytes(512 * 16))
    script = tmp_path / "cmds"
    # Read sector 1, overwrite it, halt; run again from the start: the
    # sector reads as it was before the write, because the disk is part
    # of the recorded state, and the image file never changes.
    script.write_text("break read\nrun\np/x *buf\ncontinue\nrun\np/x *buf\n")
    r = debug(str(source), "--disk", str(image), "-x", str(script), "--batch")
    assert r.returncode == 0, r.stderr
    assert "[program halted]" in r.stdout
    assert [line for line in r.stdout.splitlines() if line.startswith("0x")] == ["0x0", "0x0"]
    assert image.read_bytes() == bytes(512 * 16)


# --- C programs, stepped by C source line ---------------------------------------

C_PROGRAM = """\
#include <stdio.h>

int square(int x)
{
    int y = x * x;
    return y;
}

int main(void)
{
    int total = 0;
    for (int i = 1; i <= 3; i++)
        total += square(i);
    printf("total %d\\n", total);
    return total == 14 ? 0 : 1;
}
"""


@needs_host_tools("riscv64-unknown-elf-gcc")
def test_a_c_program_is_stepped_by_c_lines(term, tmp_path):
    source = tmp_path / "sq.c"
    source.write_text(C_PROGRAM)
    exe = tmp_path / "sq.kx"
    built = subprocess.run([sys.executable, "-m", "vm.cli", "cc", "-g", "-O0", "--target", "bare",
                            str(source), "-o", str(exe)], cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    t = term(str(exe))
    assert re.search(r"Breakpoint 1 at 0x[0-9a-f]+: file .*sq\.c, line 11\.", t.do("break main"))
    out = t.do("run")
    assert "main at " in out and "11\t    int total = 0;" in out
    assert "12\t    for (int i = 1; i <= 3; i++)" in t.do("next")
    assert "13\t        total += square(i);" in t.do("next")
    out = t.do("step")                                 # into the call, past its prologue lines
    assert "square" in out and "5\t    int y = x * x;" in out
    frames = t.do("bt")
    assert re.search(r"#0 .* in square at .*sq\.c:5", frames)
    assert re.search(r"#1 .* in main at .*sq\.c:13", frames)
    listing = t.do("list")
    assert "3    int square(int x)" in listing and "=>5        int y = x * x;" in listing
    t.do("finish")
    assert "Breakpoint 2 at" in t.do(f"break {source.name}:14")
    out = t.do("continue")
    assert "Breakpoint 2, main" in out and '14\t    printf("total %d\\n", total);' in out
    assert "1" in t.do("p $a0 == $a0")
    out = t.do("next")                                  # over printf
    assert "total 14" in out and "15\t    return total == 14 ? 0 : 1;" in out
    assert "14\t    printf" in t.do("reverse-next")
    t.close()


HOT_LOOP = """
.include "k32.inc"
_start:
    la t0, handler
    csrrw zero, tvec, t0
    li t0, 1 << IRQ_TIMER
    out t0, PIC_MASK(zero)
    li t0, 997
    out t0, TIMER_PERIOD(zero)
    li t0, STATUS_KERNEL | STATUS_IE
    csrrw zero, status, t0
1:  addi a0, a0, 3
    xor a2, a0, a1
    addi a1, a1, 1
    j 1b
handler:
    addi s0, s0, 1
    li t1, 1 << IRQ_TIMER
    out t1, PIC_PENDING(zero)
    eret
"""


def test_stepping_back_over_translated_code_gives_the_same_states(tmp_path, monkeypatch):
    """A hot loop under timer interrupts, stepped 5000 instructions, back 40
    (over a tick) and forward again: translated (from its first round) the
    debugger shows the same states as on the interpreter alone, and the
    same state again after going back and forth."""
    source = tmp_path / "hot.s"
    source.write_text(HOT_LOOP)
    script = tmp_path / "cmds"
    show = "p $a0\np $a1\np $s0\np $pc\n"
    script.write_text(f"stepi 5000\n{show}reverse-stepi 40\n{show}"
                      f"stepi 40\n{show}")
    outputs = {}
    for jit in ("1", "0"):
        monkeypatch.setenv("K32_JIT", jit)
        monkeypatch.setenv("K32_JIT_THRESHOLD", "1")
        r = debug(str(source), "-x", str(script), "--batch")
        assert r.returncode == 0, r.stderr
        values = [line for line in r.stdout.splitlines() if line.strip().lstrip("-").isdigit()
                  or line.strip().startswith("0x")]
        outputs[jit] = values
    assert outputs["1"] == outputs["0"]
    first, back, again = outputs["1"][:4], outputs["1"][4:8], outputs["1"][8:12]
    assert first == again and first != back and len(outputs["1"]) == 12
    assert int(first[2]) >= 5                        # the ticks came
