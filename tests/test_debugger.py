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


# --- kernel modules: the DEBUG_MODULE port -------------------------------------
# A bare-machine program plays the modular kernel: it carries a module's
# object image (assembled with `k32 asm -c`), "loads" it by copying its
# .text to `modarea`, fills a module record (the MOD_* offsets of
# module.inc) and writes its address to DEBUG_MODULE, calls the module,
# then tells of its going; then two bad notices (a record outside RAM, a
# record whose image is garbage).

MODULE_SOURCE = """\
        .text
        .globl  mod_hello
mod_hello:
        addi    sp, sp, -8
        sw      ra, 4(sp)
        call    mod_inner
        lw      ra, 4(sp)
        addi    sp, sp, 8
        ret
mod_inner:
        li      a0, 42
        ret
        .data
hello_data:
        .word   0x1234abcd
        .section .modinfo
        .asciz  "name=hello"
"""

MODULE_LOADER = """\
        .include "k32.inc"
        .include "module.inc"
        .macro  put field, value
        li      t1, \\value
        sw      t1, \\field(a0)
        .endm
        .macro  puta field, label
        la      t1, \\label
        sw      t1, \\field(a0)
        .endm

        .text
        .globl  _start
_start: call    load_hello
loaded: la      t0, modarea
        jalr    ra, 0(t0)               # mod_hello
        la      a0, record
        put     MOD_STATE, MODSTATE_GOING
        out     a0, DEBUG_MODULE(zero)
going:  li      a0, 0x7ffffff0          # a record outside RAM
        out     a0, DEBUG_MODULE(zero)
        la      a0, junk                # a record whose image is garbage
        puta    MOD_IMAGE, garbage
        put     MOD_IMGSIZE, 64
        put     MOD_STATE, MODSTATE_LOADING
        out     a0, DEBUG_MODULE(zero)
        out     zero, DEBUG_EXIT(zero)

load_hello:
        la      t0, image + TEXT_OFF    # the module's .text to modarea
        la      t1, modarea
        li      t2, TEXT_SIZE
1:      lw      a1, 0(t0)
        sw      a1, 0(t1)
        addi    t0, t0, 4
        addi    t1, t1, 4
        addi    t2, t2, -4
        bnez    t2, 1b
        la      t0, image + DATA_OFF    # its .data word to modarea + 2048
        lw      a1, 0(t0)
        la      t1, modarea + 2048
        sw      a1, 0(t1)
        la      t0, secbase
        la      t1, modarea
        sw      t1, 0(t0)               # section 0 at modarea,
        la      t1, modarea + 2048
        sw      t1, 4(t0)               # 1 at modarea + 2048, .modinfo not loaded
        la      a0, record
        puta    MOD_BASE, modarea
        put     MOD_SIZE, 4096
        put     MOD_STATE, MODSTATE_LOADING
        puta    MOD_IMAGE, image
        put     MOD_IMGSIZE, IMGSIZE
        puta    MOD_SECBASE, secbase
        put     MOD_NSEC, NSEC
        puta    MOD_INIT, modarea
        out     a0, DEBUG_MODULE(zero)
        ret

        .data
        .balign 4
record: .asciz  "hello"
        .balign 4
        .space  MODULE_SIZE - 8
junk:   .asciz  "junk"
        .balign 4
        .space  MODULE_SIZE - 8
garbage: .word  0x12345678, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
secbase: .space 4 * NSEC
        .balign 4
image:
"""


def module_program(directory):
    """(loader source path, module source path): the module assembled with
    `k32 asm -c`, its object's bytes in the loader as .byte lines."""
    from isa import obj
    module = directory / "hello.s"
    module.write_text(MODULE_SOURCE)
    built = subprocess.run([sys.executable, "-m", "vm.cli", "asm", "-c", str(module), "-o",
                            str(directory / "hello.o")], cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    blob = (directory / "hello.o").read_bytes()
    text, data = obj.read(blob).sections[:2]
    head = (f"        .equ    TEXT_OFF, {blob.index(text.data)}\n"
            f"        .equ    TEXT_SIZE, {text.size}\n"
            f"        .equ    DATA_OFF, {blob.index(data.data)}\n"
            f"        .equ    IMGSIZE, {len(blob)}\n"
            f"        .equ    NSEC, {len(obj.read(blob).sections)}\n")
    body = "".join(f"        .byte   {', '.join(map(str, blob[i:i + 16]))}\n"
                   for i in range(0, len(blob), 16))
    loader = directory / "loader.s"
    loader.write_text(head + MODULE_LOADER + body + "        .bss\n        .balign 4096\n"
                      "modarea: .space 4096\n")
    return loader, module


def test_a_breakpoint_in_a_module_is_pending_until_it_loads(term, tmp_path):
    loader, module = module_program(tmp_path)
    t = term(str(loader))
    out = t.do("break mod_inner")
    assert 'Function "mod_inner" not defined.' in out and "Breakpoint 1 (mod_inner) pending." in out
    assert re.search(r"1\s+breakpoint\s+keep y\s+<PENDING>\s+mod_inner", t.do("info breakpoints"))
    assert "No modules loaded." in t.do("info modules")
    out = t.do("next")                 # over the call that loads it: the breakpoint resolves
    assert re.search(r"Breakpoint 1 at 0x[0-9a-f]+: mod_inner \(module hello\)\.", out)
    assert "loaded" in out and "Breakpoint 1," not in out
    out = t.do("continue")
    assert f"Breakpoint 1, mod_inner at {module}:11" in out and "li      a0, 42" in out
    modules = t.do("info modules")
    assert re.search(r"Module\s+Address\s+Size\s+Symbols", modules)
    assert re.search(r"hello\s+0x[0-9a-f]{8}\s+4096\s+3", modules)
    frames = t.do("bt")
    assert re.search(rf"#0\s+0x[0-9a-f]+ in mod_inner at {module}:11", frames)
    assert re.search(rf"#1\s+0x[0-9a-f]+ in mod_hello\+12 at {module}:6", frames)
    assert re.search(rf"#2\s+0x[0-9a-f]+ in _start\+\d+ at {loader}:\d+", frames)
    assert "=>11" in t.do("list") and "call    mod_inner" in t.do("list mod_hello")
    assert re.search(r"<mod_hello\+0x8>:\s+jal ra, mod_inner", t.do("x/3i mod_hello"))
    assert "mod_inner in module hello" in t.do("info symbol $pc")
    assert "0x1234abcd" in t.do("p/x *hello_data")              # a symbol of its .data
    assert "hello_data in module hello" in t.do("info symbol hello_data")
    assert "Breakpoint 2 at 0x" in t.do("break mod_hello")     # known now: set at once
    t.close()


def test_reverse_execution_across_a_module_load_is_exact(term, tmp_path):
    loader, _ = module_program(tmp_path)
    t = term(str(loader))
    t.do("break mod_inner")
    out = t.do("continue")
    assert "Breakpoint 1 at 0x" in out and "Breakpoint 1, mod_inner" in out
    program = t.do("info program")
    pc = re.search(r"pc (0x[0-9a-f]+), (\d+) instructions", program).groups()
    out = t.do("reverse-stepi 30")       # back to before the notice, replayed from a snapshot
    assert "load_hello" in out
    assert "No modules loaded." in t.do("info modules")     # as it was there
    assert "<PENDING>" in t.do("info breakpoints")
    out = t.do("stepi 30")
    assert "mod_inner" in out and "Breakpoint 1 at" not in out      # not said twice
    assert "hello" in t.do("info modules")
    assert re.search(r"pc (0x[0-9a-f]+), (\d+) instructions", t.do("info program")).groups() == pc
    t.do("break loaded")
    out = t.do("reverse-continue")
    assert "Breakpoint 2, _start+4" in out and "loaded: la" in out
    out = t.do("continue")
    assert "Breakpoint 1, mod_inner" in out and "Breakpoint 1 at" not in out
    assert re.search(r"pc (0x[0-9a-f]+), (\d+) instructions", t.do("info program")).groups() == pc
    assert len(re.findall(r"\nhello ", t.do("info modules"))) == 1
    t.close()


def test_a_module_going_makes_its_breakpoints_pending_and_bad_notices_are_warnings(term, tmp_path):
    loader, _ = module_program(tmp_path)
    t = term(str(loader))
    t.do("break mod_inner")
    t.do("continue")
    out = t.do("continue")
    assert "Breakpoint 1 (mod_inner) pending: module hello unloaded." in out
    assert "warning: the record at 0x7ffffff0 (128 bytes) is outside RAM" in out
    assert "warning: module junk: its image: not a K32 object file (bad magic number)" in out
    assert "[program exited with status 0 (debug-exit port)]" in out
    assert "No modules loaded." in t.do("info modules")
    assert "<PENDING>" in t.do("info breakpoints")
    assert 'No symbol "mod_hello"' in t.do("p mod_hello")
    out = t.do("reverse-continue")       # back before the going: the module is there again
    assert "Breakpoint 1, mod_inner" in out and "Breakpoint 1 at" not in out
    assert re.search(r"hello\s+0x[0-9a-f]{8}\s+4096\s+3", t.do("info modules"))
    assert "mod_hello+12" in t.do("bt")
    t.do("continue")
    assert "No modules loaded." in t.do("info modules")
    out = t.do("run")                    # loaded again: found again (and not said again)
    assert "Breakpoint 1, mod_inner" in out and "Breakpoint 1 at" not in out
    assert t.do("p $pc == mod_inner").split() == ["1"]
    t.close()


def test_module_notices_in_batch_mode(tmp_path):
    loader, _ = module_program(tmp_path)
    script = tmp_path / "cmds"
    script.write_text("break mod_hello\ncontinue\ninfo modules\ncontinue\ninfo modules\n")
    r = debug(str(loader), "-x", str(script), "--batch")
    assert r.returncode == 0, r.stderr               # warnings are no failed command
    assert "Breakpoint 1, mod_hello" in r.stdout and "No modules loaded." in r.stdout
    warnings = r.stderr.splitlines()
    assert len(warnings) == 2 and all(w.startswith("warning: ") for w in warnings), r.stderr


def _notice_setup(tmp_path):
    """A machine holding a good module record at 0x1000 (image at 0x2000,
    .text at 0x4000, section table at 0x1800), and a debugger on it whose
    output and warnings are strings."""
    import io
    import struct
    from isa import kx, obj
    from isa.module import MODULE_FIELDS
    from vm.debugger.commands import Debugger
    from vm.debugger.engine import Engine
    from vm.debugger.program import Program
    from vm.machine import Machine
    module_program(tmp_path)
    blob = (tmp_path / "hello.o").read_bytes()
    image = obj.read(blob)
    m = Machine(64 << 10)
    offsets = {name: offset for name, offset, _ in MODULE_FIELDS}
    record = bytearray(128)
    record[:6] = b"hello\0"
    for name, value in [("MOD_BASE", 0x4000), ("MOD_SIZE", 4096), ("MOD_STATE", 1),
                        ("MOD_IMAGE", 0x2000), ("MOD_IMGSIZE", len(blob)), ("MOD_SECBASE", 0x1800),
                        ("MOD_NSEC", len(image.sections)), ("MOD_INIT", 0x4000)]:
        struct.pack_into("<I", record, offsets[name], value)
    m.write(0x1000, record)
    m.write(0x1800, struct.pack("<I", 0x4000) + bytes(4 * (len(image.sections) - 1)))
    m.write(0x2000, blob)
    m.write(0x4000, image.sections[0].data)
    out, err = io.StringIO(), io.StringIO()
    engine = Engine(m, lambda stream, data: None)
    debugger = Debugger(engine, Program(kx.Executable(0, []), "bare"), out=out, err=err)
    return m, debugger, offsets, blob, out, err


@pytest.mark.parametrize("field, value, message", [
    (None, None, None),                                   # the good record: no warning
    ("address", 0x1002, "is not word-aligned"),
    ("address", 0xFFC0, "the record at 0x0000ffc0 (128 bytes) is outside RAM"),
    ("MOD_NAME", b"A" * 16, "has no NUL-terminated name"),
    ("MOD_NAME", b"\0", "has no usable name"),
    ("MOD_NAME", b"h\x01llo\0", "has no usable name"),
    ("MOD_STATE", 7, "a notice in state 7, not loading or going"),
    ("MOD_BASE", 0xFFFF000, "module hello: its memory at 0x0ffff000 (4096 bytes) is outside RAM"),
    ("MOD_IMAGE", 0xFFFFFFF0, "its image at 0xfffffff0"),
    ("MOD_IMGSIZE", 1 << 20, "an image of 1048576 bytes is more than 262144"),
    ("MOD_IMGSIZE", 100, "module hello: its image: "),                 # truncated
    ("image byte", 60, "module hello: its image: "),                   # the CRC fails
    ("MOD_NSEC", 1, "the record gives 1 section addresses, the image has 3 sections"),
    ("MOD_SECBASE", 0xFFFFFFFC, "its section addresses at 0xfffffffc"),
    ("section base", 0xFFF0, "module hello: section .text at 0x0000fff0 (32 bytes) is outside RAM"),
])
def test_a_bad_module_notice_is_one_warning_and_changes_nothing(tmp_path, monkeypatch, field,
                                                                value, message):
    import struct
    from vm.debugger import commands
    m, debugger, offsets, blob, out, err = _notice_setup(tmp_path)
    address = 0x1000
    if field == "address":
        address = value
    elif field == "MOD_NAME":
        m.write(0x1000, value)
    elif field == "image byte":
        m.write(0x2000 + value, bytes([blob[value] ^ 0xFF]))
    elif field == "section base":
        m.write(0x1800, struct.pack("<I", value))
    elif field is not None:
        m.write(0x1000 + offsets[field], struct.pack("<I", value))
    debugger.module_notice(address, True)
    if message is None:
        assert err.getvalue() == "" and list(debugger.program.modules) == ["hello"]
        assert debugger.program.function(0x4018) == ("mod_inner", 0x4018)
        assert debugger.program.describe(0x400c) == "<mod_hello+0xc>"
        monkeypatch.setattr(commands, "load_module", None)     # met again: not read again
        debugger.module_notice(address, False)
        assert err.getvalue() == "" and list(debugger.program.modules) == ["hello"]
        return
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: ") and message in lines[0], lines
    assert debugger.program.modules == {} and not debugger.failed
    debugger.module_notice(address, False)                # re-execution: not warned again
    assert len(err.getvalue().splitlines()) == 1


def test_random_module_records_never_break_the_debugger(tmp_path):
    import random
    m, debugger, offsets, blob, out, err = _notice_setup(tmp_path)
    rng = random.Random(17)
    good = bytes(m.mem8[0x1000:0x1080])
    for trial in range(300):
        record = bytearray(good)
        for _ in range(rng.randrange(1, 6)):
            record[rng.randrange(16, 128)] = rng.randrange(256)
        m.write(0x1000, bytes(record))
        image = bytearray(blob)
        if rng.random() < 0.5:
            image[rng.randrange(len(image))] = rng.randrange(256)
        m.write(0x2000, bytes(image))
        debugger.module_notice(0x1000, True)
        assert "Traceback" not in err.getvalue()
        debugger.program.remove_module("hello")
    assert all(line.startswith("warning: ") for line in err.getvalue().splitlines())
    assert "internal error" not in err.getvalue() and "Error:" not in err.getvalue()


def test_sources_named_from_the_repository_root_are_found_from_elsewhere(tmp_path, monkeypatch):
    from assembler import assemble_file
    from vm.debugger.program import Program
    monkeypatch.chdir(ROOT)
    exe = assemble_file(COUNT, include_paths=[str(ROOT / "os" / "include")]).executable
    monkeypatch.chdir(tmp_path)                  # as the kernel's modules name them: from the root
    program = Program(exe, COUNT)
    assert program.text(COUNT, 1).startswith("# count.s")
    assert program.line_count(COUNT) > 60


def test_the_modular_kernel_through_a_terminal(term, tmp_path):
    """`k32 debug --boot --kernel modular` at the prompt: a breakpoint on a
    module function before it exists, resolved when the kernel loads it;
    `info modules`; a backtrace through the module; stepping back out of
    it and forward into it again."""
    t = term("--boot", "--kernel", "modular", "--input", "ls /LIB\\n")
    out = t.do("break fat16_lookup")
    assert 'Function "fat16_lookup" not defined.' in out and "pending" in out
    out = t.do("run")
    assert "fat16_lookup (module fat16)." in out
    assert "Breakpoint 1, fat16_lookup at os/fs/fat16.s:" in out
    out = t.do("info modules")
    assert [line.split()[0] for line in out.splitlines()[-3:]] == ["disk", "bcache", "fat16"]
    out = t.do("bt")
    assert "#0  0x" in out and "in fat16_lookup at os/fs/fat16.s:" in out
    pc = t.do("p/x $pc").split()[-1]
    t.do("reverse-stepi")
    assert t.do("p/x $pc").split()[-1] != pc
    t.do("stepi")
    assert t.do("p/x $pc").split()[-1] == pc


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
