"""`k32 debug --boot`: the OS under the debugger, with the kernel's symbols:
breakpoints on kernel functions, backtraces through the system-call path,
kernel variables, and stepping back over a timer interrupt.
"""

import pytest

from conftest import run_k32


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return tmp_path_factory.mktemp("build")


def debug(build, tmp_path, commands, *options):
    script = tmp_path / "cmds"
    script.write_text("\n".join(commands) + "\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        run = run_k32("debug", "--boot", *options, "-x", script, "--batch")
    return run.exit_code, run.stdout.decode().replace("\r\n", "\n"), run.stderr


def test_a_breakpoint_on_a_system_call_and_its_backtrace(build, tmp_path):
    status, out, err = debug(build, tmp_path,
                             ["break sys_exec", "run", "bt", "continue", "bt",
                              "finish", "continue"],
                             "--input", "echo from the shell\\n")
    assert status == 0, err
    assert "Breakpoint 1 at " in out and "file os/mono/exec.s" in out
    assert out.count("Breakpoint 1, sys_exec at os/mono/exec.s:") == 2     # sh, then echo
    assert "#0  0x" in out and " in sys_exec at os/mono/exec.s:" in out
    assert " in syscall_dispatch+" in out and " in trap_" in out
    assert "Run till exit from #0  sys_exec" in out
    assert "K32 mono kernel:" in out and "from the shell" in out
    assert "[program exited with status 0 (debug-exit port)]" in out


def test_kernel_variables_and_stepping_back_over_a_tick(build, tmp_path):
    status, out, err = debug(build, tmp_path,
                             ["break sys_sleep", "run", "p *ticks", "delete 1",
                              "watch ticks", "continue", "reverse-stepi", "p *ticks",
                              "stepi", "p *ticks"], "--input", "sleep 0.05\\n")
    assert status == 0, err
    assert "Breakpoint 1, sys_sleep at os/mono/" in out
    assert "Watchpoint 2: ticks" in out
    old = int(out.split("Old value = ")[1].split("\n")[0])
    assert f"New value = {old + 1}\n" in out
    values = [int(line) for line in out.splitlines() if line.strip().isdigit()]
    assert values[-2:] == [old, old + 1]          # back before the tick, then forward again


def test_bad_invocations(build, tmp_path):
    for args in (["debug"], ["debug", "--boot", "x.kx"]):
        run = run_k32(*args)
        assert run.exit_code == 1
        assert "give a PROGRAM to debug, or --boot to debug the OS" in run.stderr
    run = run_k32("debug", "--boot", "--disk", tmp_path / "missing.img")
    assert run.exit_code == 1 and "missing.img: No such file or directory" in run.stderr


def test_the_microkernel_under_the_debugger(build, tmp_path):
    """The servers' requests reach the kernel as kernel calls: a breakpoint
    on the restart call stops when `service kill disk` makes RS restart the
    driver, with RS's request in the registers."""
    status, out, err = debug(build, tmp_path,
                             ["break kc_restart", "run", "bt", "p/x $a0", "continue"],
                             "--kernel", "micro", "--input", "service kill disk\\necho back\\n")
    assert status == 0, err
    assert "K32 micro kernel:" in out
    assert "Breakpoint 1, kc_restart at os/micro/kernel/kcall.s:" in out
    assert " in kc_call" in out                         # the backtrace: from the kernel call
    assert "\n0x5\n" in out                             # the disk driver's endpoint
    assert "back" in out.split("Breakpoint 1, kc_restart")[1]


def test_the_modular_kernel_under_the_debugger(build, tmp_path):
    """The kernel tells the debugger of each module it loads: a breakpoint
    on a module's function set before boot is pending until the module
    loads, `info modules` lists them, backtraces name module and kernel
    functions, and a module loaded from the shell is seen too."""
    status, out, err = debug(build, tmp_path,
                             ["break fat16_read", "run", "info modules", "bt", "delete 1",
                              "break hello_init", "continue", "bt", "continue"],
                             "--kernel", "modular",
                             "--input", "insmod /LIB/MOD/HELLO.KO who=debugger\\n")
    assert status == 0, err
    assert 'Function "fat16_read" not defined.\nBreakpoint 1 (fat16_read) pending.' in out
    assert "K32 modular kernel:" in out
    assert "fat16_read (module fat16)." in out
    assert "Breakpoint 1, fat16_read at os/fs/fat16.s:" in out
    modules = out.split("Module          Address         Size  Symbols\n")[1].splitlines()[:3]
    assert [line.split()[0] for line in modules] == ["disk", "bcache", "fat16"]
    assert "#0  0x" in out and " in fat16_read at os/fs/fat16.s:" in out
    assert " in exec_read+" in out                  # the kernel's caller, through the table
    assert "hello_init (module hello)." in out
    assert "Breakpoint 2, hello_init at programs/examples/modules/hello.s:" in out
    assert " in mod_load+" in out and " in sys_modload+" in out
    assert "hello, debugger" in out
