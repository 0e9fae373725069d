"""`k32 run`: the bare-machine contract, console input and output, the
ends of a run, bad input, --trace, determinism, the TCP console and the
terminal."""

import random
import socket
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parent.parent
HELLO = ROOT / "programs" / "examples" / "hello.s"


@pytest.fixture
def prog(tmp_path):
    """prog(source) -> path of a .s file holding it (ports.inc is on the path)."""
    def write(source, name="prog.s"):
        path = tmp_path / name
        path.write_text('.include "k32.inc"\n' + source)
        return path
    return write


def test_hello_world(k32):
    run = k32("run", HELLO)
    assert run.exit_code == 0
    assert run.stdout == b"Hello, K32!\n"


def test_assembled_executable_runs_the_same(k32, tmp_path):
    exe = tmp_path / "hello.kx"
    assert k32("asm", "-I", ROOT / "os/include", HELLO, "-o", exe).exit_code == 0
    run = k32("run", exe)
    assert (run.exit_code, run.stdout) == (0, b"Hello, K32!\n")


def test_debug_exit_status_is_the_low_byte(k32, prog):
    run = k32("run", prog("li a0, 0x1234\nout a0, DEBUG_EXIT(zero)\n"))
    assert run.exit_code == 0x34


def test_halt_ends_with_status_zero_and_flushes_output(k32, prog):
    run = k32("run", prog("li a0, 'x'\nout a0, UART_DATA(zero)\nhalt\n"))
    assert (run.exit_code, run.stdout) == (0, b"x")


def test_start_state(k32, prog):
    """Kernel mode, paging and interrupts off, sp at the top of RAM."""
    source = prog("""
        csrrs a0, status, zero
        li t0, STATUS_KERNEL
        bne a0, t0, 1f
        li t0, 0x400000            # --mem 4M
        bne sp, t0, 2f
        halt
    1:  li a0, 1
        out a0, DEBUG_EXIT(zero)
    2:  li a0, 2
        out a0, DEBUG_EXIT(zero)
    """)
    assert k32("run", source, "--mem", "4M").exit_code == 0


def test_console_input_is_echoed(k32, prog):
    source = prog("""
    1:  in t0, UART_LSR(zero)
        andi t1, t0, LSR_DATA_READY
        bnez t1, 2f
        andi t1, t0, LSR_EOF
        bnez t1, 3f
        j 1b
    2:  in a0, UART_DATA(zero)
        out a0, UART_DATA(zero)
        j 1b
    3:  halt
    """)
    run = k32("run", source, "--input", "one\\ttwo\\n\\x41\\\\")
    assert (run.exit_code, run.stdout) == (0, b"one\ttwo\nA\\")
    assert k32("run", source, stdin=b"piped input\n").stdout == b"piped input\n"


def test_input_file(k32, prog, tmp_path):
    data = bytes(range(256)) * 300              # more than the UART's buffer
    (tmp_path / "in.bin").write_bytes(data)
    source = prog("""
    1:  in t0, UART_LSR(zero)
        andi t1, t0, LSR_DATA_READY
        beqz t1, 3f
        in a0, UART_DATA(zero)
        out a0, UART_DATA(zero)
        j 1b
    3:  andi t1, t0, LSR_EOF
        beqz t1, 1b
        halt
    """)
    run = k32("run", source, "--input-file", tmp_path / "in.bin")
    assert run.exit_code == 0 and run.stdout == data


def test_unhandled_trap_is_diagnosed(k32, prog):
    run = k32("run", prog("li a1, 0x100002\nlw a0, 0(a1)\n"))
    assert run.exit_code == 134
    assert run.stderr == ("k32: unhandled trap: load from an address not aligned to its size "
                          "at pc 0x00001008 (address 0x00100002)\n")


def test_bus_error_beyond_ram(k32, prog):
    run = k32("run", prog("li a1, 0x10000\nsw a0, 0(a1)\n"), "--mem", "64K")
    assert run.exit_code == 134
    assert "physical address outside RAM at pc 0x00001004 (address 0x00010000)" in run.stderr


def test_double_fault(k32, prog):
    run = k32("run", prog("li t0, 0x7FFFF000\ncsrrw zero, tvec, t0\n.word 0\n"))
    assert run.exit_code == 134
    assert run.stderr.startswith("k32: double fault: physical address outside RAM at pc 0x7ffff000")


def test_user_mode_in_traps_without_handler(k32, prog):
    source = prog("""
        la t0, 1f
        csrrw zero, epc, t0
        li t0, STATUS_KERNEL           # previous mode: user
        csrrw zero, status, t0
        eret
    1:  in a0, UART_LSR(zero)
    """)
    run = k32("run", source)
    assert run.exit_code == 134
    assert "port access outside the ports granted to user mode" in run.stderr
    assert "(port 0x03fd)" in run.stderr


def test_step_limit(k32, prog):
    run = k32("run", prog("1: j 1b\n"), "--max-steps", "1000000")
    assert run.exit_code == 124
    assert run.stderr == "k32: step limit reached: 1000000 instructions, pc 0x00001000\n"


def test_deadlock_is_reported(k32, prog):
    run = k32("run", prog("wfi\n"))
    assert run.exit_code == 124
    assert "deadlock: wfi at pc 0x00001000" in run.stderr


def test_debug_print_goes_to_stderr(k32, prog):
    run = k32("run", prog("li a0, 'E'\nout a0, DEBUG_PRINT(zero)\nhalt\n"))
    assert run.stdout == b"" and run.stderr == "E"


def test_random_words_never_crash_the_host(k32, tmp_path):
    """Random bytes as code, in kernel and in user mode: only guest-level endings."""
    rng = random.Random(1234)
    for i in range(40):
        words = [rng.getrandbits(32) for _ in range(256)]
        user = i % 2
        prologue = ("la t0, 1f\ncsrrw zero, epc, t0\nli t0, 1\ncsrrw zero, status, t0\neret\n1:\n"
                    if user else "")
        source = tmp_path / f"r{i}.s"
        source.write_text(prologue + "".join(f".word {w:#x}\n" for w in words))
        run = k32("run", source, "--max-steps", 20000, "--mem", "64K")
        assert 0 <= run.exit_code <= 255
        assert "Traceback" not in run.stderr


@pytest.mark.parametrize("args, message", [
    (["nonexistent.kx"], "k32: nonexistent.kx: No such file or directory"),
    (["--mem", "3M", "HELLO"], "power of two"),
    (["--mem", "lots", "HELLO"], "is not a size"),
    (["--disk", "missing.img", "HELLO"], "missing.img: No such file or directory"),
    (["--input", "x", "--input-file", "HELLO", "HELLO"], "cannot be used together"),
    (["--serial", "udp:1", "HELLO"], "expected tcp:PORT"),
])
def test_bad_options_get_one_message(k32, args, message):
    args = [str(HELLO) if a == "HELLO" else a for a in args]
    run = k32("run", *args)
    assert run.exit_code != 0
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_bad_disk_size_is_rejected(k32, tmp_path):
    image = tmp_path / "odd.img"
    image.write_bytes(b"x" * 1000)
    run = k32("run", HELLO, "--disk", image)
    assert run.exit_code == 1
    assert "multiple of 512 bytes (this one is 1000)" in run.stderr


def test_corrupt_executable_is_rejected(k32, tmp_path):
    exe = tmp_path / "hello.kx"
    k32("asm", "-I", ROOT / "os/include", HELLO, "-o", exe)
    data = bytearray(exe.read_bytes())
    data[40] ^= 0xFF
    exe.write_bytes(bytes(data))
    run = k32("run", exe)
    assert run.exit_code == 1 and run.stderr.startswith(f"k32: {exe}: ")


def test_program_too_big_for_ram(k32, prog):
    run = k32("run", prog(".space 0x20000\n"), "--mem", "64K")
    assert run.exit_code == 1
    assert "does not fit in 64 KiB of RAM" in run.stderr


def test_source_errors_point_at_the_line(k32, prog):
    path = prog("addi a0, a0\n")
    run = k32("run", path)
    assert run.exit_code == 1
    assert f"{path}:2:1: error:" in run.stderr


def test_trace_shows_instructions_and_changes(k32, prog):
    run = k32("run", prog("li a0, 5\naddi a0, a0, 1\nebreak\n"), "--trace")
    lines = run.stderr.splitlines()
    assert lines[0].startswith("00001000: li a0, 5")
    assert lines[0].endswith("a0=0x00000005")
    assert lines[1].startswith("00001004: addi a0, a0, 1") and lines[1].endswith("a0=0x00000006")
    assert lines[2] == "k32: unhandled trap: break instruction at pc 0x00001008"


def test_trace_shows_traps_taken(k32, prog):
    source = prog("""
        la t0, handler
        csrrw zero, tvec, t0
        syscall
    handler:
        halt
    """)
    run = k32("run", source, "--trace")
    assert "0000100c: trap: syscall instruction at pc 0x0000100c -> 00001010" in run.stderr


def test_runs_are_deterministic(k32, prog):
    source = prog("""
        la t0, tick
        csrrw zero, tvec, t0
        li t0, 1
        out t0, PIC_MASK(zero)
        li t0, 37
        out t0, TIMER_PERIOD(zero)
        li t0, STATUS_IE
        csrrs zero, status, t0
        li s0, 0
    1:  addi a0, a0, 3
        xor a1, a1, a0
        blt s0, 20, 1b
        halt
    tick:
        addi s0, s0, 1
        csrrs a2, epc, zero
        li t2, 1
        out t2, PIC_PENDING(zero)
        eret
    """.replace("blt s0, 20, 1b", "li t1, 20\n blt s0, t1, 1b"))
    first = k32("run", source, "--trace", "--max-steps", 5000)
    second = k32("run", source, "--trace", "--max-steps", 5000)
    assert first.exit_code == 0
    assert first.stderr == second.stderr
    assert first.stderr.count("trap: interrupt 0 (timer)") == 20


def _k32_process(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "vm.cli", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_tcp_console_with_a_socket_client(prog):
    source = prog("""
    1:  in t0, UART_LSR(zero)
        andi t1, t0, LSR_DATA_READY
        bnez t1, 2f
        andi t1, t0, LSR_EOF
        bnez t1, 3f
        j 1b
    2:  in a0, UART_DATA(zero)
        addi a0, a0, 1
        out a0, UART_DATA(zero)
        j 1b
    3:  li a0, 7
        out a0, DEBUG_EXIT(zero)
    """)
    proc = _k32_process("run", source, "--serial", "tcp:0")
    try:
        line = proc.stderr.readline().decode()
        assert line.startswith("k32: console on tcp:127.0.0.1:")
        port = int(line.split(":")[3].split(",")[0])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            client.sendall(b"HAL")
            received = b""
            while len(received) < 3:
                received += client.recv(16)
            assert received == b"IBM"
            client.shutdown(socket.SHUT_WR)
        assert proc.wait(timeout=60) == 7
    finally:
        proc.kill()


def test_terminal_console_is_raw_and_restored(prog):
    source = prog("""
        in t0, UART_LSR(zero)          # the first look at the UART makes the terminal raw
        la a0, ready
    0:  lbu a1, 0(a0)
        beqz a1, 1f
        out a1, UART_DATA(zero)
        addi a0, a0, 1
        j 0b
    1:  in t0, UART_LSR(zero)
        andi t1, t0, LSR_DATA_READY
        beqz t1, 1b
        in a0, UART_DATA(zero)
        li t1, 'q'
        beq a0, t1, 2f
        addi a0, a0, 1
        out a0, UART_DATA(zero)
        j 1b
    2:  halt
    ready: .asciz "ready\\n"
    """)
    child = pexpect.spawn(sys.executable, ["-m", "vm.cli", "run", str(source)], cwd=str(ROOT),
                          timeout=60)
    child.expect_exact("ready")
    child.send("ab\x03")                   # Ctrl-C goes to the guest, not the host
    child.expect_exact("bc\x04")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_terminal_escape_leaves(prog):
    source = prog("in a0, UART_LSR(zero)\nli a0, '>'\nout a0, UART_DATA(zero)\n"
                  "1: in a0, UART_LSR(zero)\nj 1b\n")
    child = pexpect.spawn(sys.executable, ["-m", "vm.cli", "run", str(source)], cwd=str(ROOT),
                          timeout=60)
    child.expect_exact(">")
    child.send("\x01x")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert b"stopped by Ctrl-A x" in child.before


def test_disk_writes_survive_a_trap_and_a_step_limit(k32, prog, tmp_path):
    source = prog("""
        li t0, 3
        out t0, DISK_LBA(zero)
        li t0, 1
        out t0, DISK_COUNT(zero)
        li t0, DISK_CMD_WRITE
        out t0, DISK_COMMAND(zero)
        li t0, 0xABCD1234
        li t1, 128
    1:  out t0, DISK_DATA(zero)
        addi t1, t1, -1
        bnez t1, 1b
        SPIN
    """)
    for ending, status in (("2: j 2b", 124), (".word 0", 134)):
        image = tmp_path / "d.img"
        image.write_bytes(bytes(4096))
        path = tmp_path / "p.s"
        path.write_text(source.read_text().replace("SPIN", ending))
        assert k32("run", path, "--disk", image, "--max-steps", 100000).exit_code == status
        assert image.read_bytes()[1536:2048] == bytes.fromhex("3412cdab") * 128


def test_trace_reads_user_code_through_the_page_tables(k32):
    machine_tests = ROOT / "tests" / "machine"
    run = k32("run", "-I", machine_tests, machine_tests / "paging.s", "--trace")
    assert run.exit_code == 0
    assert ": ?" not in run.stderr                   # every instruction was found and shown
    assert ("trap: page fault on instruction fetch at pc 0x00005000 (address 0x00005000)"
            in run.stderr)
