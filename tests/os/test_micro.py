"""The microkernel form (docs/micro.md), through the CLI and the guest's own
programs: the same shell and programs as on the monolithic kernel, services
that can be listed, killed and restarted while the system keeps working, and
privileges that refuse what a process was not given.

usertests on both kernels is in test_usertests.py.  Builds go to a scratch
$K32_BUILD, disks are private copies.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import needs_host_tools, run_k32
from isa import bootimg

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
MAX_STEPS = 2_000_000_000
BANNER = re.compile(r"^K32 micro kernel: 16 MiB RAM, \d+ free pages, 5 boot modules$", re.M)
SERVICES = ["pm", "fs", "rs", "tty", "disk"]


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return tmp_path_factory.mktemp("build")


def k32_in(build, *args):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("K32_BUILD", str(build))
        return run_k32(*args)


def boot(build, typed, *extra, kernel="micro"):
    """Boot with `typed` as console input -> (exit status, console text)."""
    result = k32_in(build, "boot", "--kernel", kernel, "--input", typed,
                    "--max-steps", MAX_STEPS, *extra)
    text = result.stdout.decode("latin-1").replace("\r\n", "\n")
    assert "kernel panic" not in text, text
    assert "Traceback" not in result.stderr, result.stderr
    return result.exit_code, text


def after_prompt(text, command):
    """What `command` printed: from its echoed line to the next prompt."""
    part = text.split(f"$ {command}\n", 1)[1]
    return part.split("$ ", 1)[0]


def service_table(text):
    """{label: (pid, state, restarts)} from `service list` output."""
    rows = re.findall(r"^(\w+) +(\d+)  (up|down) +(\d+)$", text, re.M)
    return {label: (int(pid), state, int(restarts)) for label, pid, state, restarts in rows}


# --- the same system --------------------------------------------------------------------

def test_same_shell_same_programs(build):
    status, text = boot(build, "cat /README.TXT\necho $?\nls /bin\n")
    assert BANNER.search(text), text[:500]
    readme = (ROOT / "os/README.TXT").read_text().replace("\r\n", "\n")
    assert readme in after_prompt(text, "cat /README.TXT")
    assert after_prompt(text, "echo $?") == "0\n"
    assert "USERTEST" in after_prompt(text, "ls /bin")
    assert status == 0                              # end of input: init syncs and powers off


def test_pipes_redirections_and_processes(build):
    status, text = boot(build, "echo one two | wc\necho hello > /T.TXT; cat < /T.TXT\n"
                               "sleep 5 &\nps\nrm /T.TXT\nls /T.TXT\n")
    assert after_prompt(text, "echo one two | wc").split() == ["1", "2", "8"]
    assert "hello" in after_prompt(text, "echo hello > /T.TXT; cat < /T.TXT")
    ps = after_prompt(text, "ps")
    assert re.search(r"^\s*1\s+0\s+\w+\s+\d+\s+init$", ps, re.M) or "init" in ps, ps
    assert "sh" in ps and "ps" in ps
    assert "No such file" in after_prompt(text, "ls /T.TXT") or \
        "no such file" in after_prompt(text, "ls /T.TXT")
    assert status == 0


def test_service_list(build):
    _, text = boot(build, "service list\n")
    out = after_prompt(text, "service list")
    assert out.splitlines()[0].split() == ["LABEL", "PID", "STATE", "RESTARTS"]
    table = service_table(out)
    assert list(table) == SERVICES
    assert all(state == "up" and restarts == 0 for _, state, restarts in table.values())
    assert [pid for pid, _, _ in table.values()] == [1, 2, 3, 4, 5]


def test_service_errors(build):
    _, text = boot(build, 'service kill nosuch\necho "status $?"\nservice restart fs\n'
                          'service frob\necho "status $?"\n')
    assert "service: no such service: nosuch" in text
    assert "status 1" in after_prompt(text, 'echo "status $?"')
    assert "service: fs cannot be restarted" in text
    assert "usage: service" in text


def test_service_on_the_monolithic_kernel(build):
    _, text = boot(build, 'service list\necho "status $?"\n', kernel="mono")
    assert "service: this kernel has no services (it is the monolithic one)" in text
    assert "status 1" in text


# --- privileges ---------------------------------------------------------------------------

def test_privileges_refuse_a_user_process(build):
    status, text = boot(build, 'privtest\necho "status $?"\n')
    out = after_prompt(text, "privtest")
    cases = re.findall(r"^privtest: (.+): (ok|FAILED.*)$", out, re.M)
    assert len(cases) >= 8, out
    assert all(result == "ok" for _, result in cases), out
    assert "status 0" in text
    # every refusal is logged by the kernel, once, naming the process
    assert re.search(r"^kernel: ep \d+ \(privtest\): kernel call 128 refused$", text, re.M), text
    assert re.search(r"^kernel: ep \d+ \(privtest\): message to ep 5 refused$", text, re.M), text


def test_privtest_on_the_monolithic_kernel(build):
    _, text = boot(build, 'privtest\necho "status $?"\n', kernel="mono")
    assert "privtest: not a microkernel" in text and "status 0" in text


def image_with_disk_driver(build, tmp, source):
    """The micro boot image with the disk driver replaced by the boot module
    assembled from `source`: it gets the disk driver's endpoint and
    privileges (ports 0x1F0-0x1F7, DEVIO DEVIO_BLOCK SAFECOPY DIAG)."""
    assert k32_in(build, "build").exit_code == 0
    module = tmp / "module.kx"
    done = k32_in(build, "asm", "-I", ROOT / "os/micro/lib", "-I", ROOT / "os",
                  "-I", ROOT / "os/include", HERE / source, "-o", module)
    assert done.exit_code == 0, done.stderr
    image = bootimg.load(build / "micro.boot")
    image.modules = [bootimg.Module(m.name, module.read_bytes() if m.name == "disk" else m.data)
                     for m in image.modules]
    path = tmp / "test.boot"
    path.write_bytes(bootimg.write(image))
    return path


def boot_image(build, image, steps):
    result = k32_in(build, "boot", "--image", image, "--disk", build / "disk.img",
                    "--snapshot", "--max-steps", steps)
    return result.stdout.decode("latin-1").replace("\r\n", "\n")


@pytest.fixture(scope="module")
def probe_image(build, tmp_path_factory):
    return image_with_disk_driver(build, tmp_path_factory.mktemp("probe"), "micro_probe.s")


def test_a_driver_dies_of_a_port_outside_its_ranges_and_is_refused_memory_without_a_grant(build,
                                                                                        probe_image):
    text = boot_image(build, probe_image, 30_000_000)
    assert "probe: done" in text, text
    value = {m[0]: int(m[1]) for m in re.findall(r"^probe: (.+) -> (-?\d+)$", text, re.M)}
    assert value["devio 0x1f7"] >= 0                       # its own port
    # The console's port: logged, and the driver dies of it (restarted by RS).
    assert re.search(r"^probe: done\nkernel: ep 5 \(disk\): port 0x3f8 refused\n"
                     r"rs: disk \(ep 5\) died \(status 139\), restarting", text, re.M), text
    assert "still alive" not in text
    assert value["granted copy"] == 0                      # inside the grant FS gave it
    assert value["past the grant"] == -1                   # one byte past it
    assert value["after the reply"] == -1                  # the grant ended with the call
    assert "probe: stray grants refused: 301 of 301" in text


# --- restarts -----------------------------------------------------------------------------

def backoffs(text):
    return [int(n) for n in re.findall(r"^rs: disk \(ep 5\) died \(status \d+\), "
                                       r"restarting \(backoff (\d+)\)$", text, re.M)]


def test_a_driver_that_crashes_is_restarted_with_exponential_backoff(build, tmp_path):
    text = boot_image(build, image_with_disk_driver(build, tmp_path, "micro_crash.s"), 60_000_000)
    faults = re.findall(r"^pid 5 \(disk\): page fault on load at pc 0x[0-9a-f]+ "
                        r"address 0x00000000$", text, re.M)
    waits = backoffs(text)
    assert len(faults) >= 8 and len(waits) >= 8, text[-2000:]
    assert waits[:8] == [1, 2, 4, 8, 16, 32, 64, 64]
    # FS gave up on the block request after 8 tries: init could not be read,
    # and PM stopped the system with a clear message
    assert "pm: panic: cannot start /bin/init (error -5)" in text
    assert "kernel panic" not in text


def test_a_driver_that_hangs_is_found_by_heartbeats_and_restarted(build, tmp_path):
    text = boot_image(build, image_with_disk_driver(build, tmp_path, "micro_hang.s"), 40_000_000)
    hung = re.findall(r"^rs: disk \(ep 5\) does not answer, killing it$", text, re.M)
    assert len(hung) >= 3, text[-2000:]
    assert backoffs(text)[:3] == [1, 2, 4]          # each hang comes within 100 ticks of a start


def test_a_long_input_line_keeps_the_console_driver_answering(build, tmp_path):
    """100,000 bytes on one line take the console driver many ticks: it
    answers RS's heartbeats between the batches, so it is not taken for a
    hung one, and the line is cut as on the monolithic kernel: the first
    255 bytes, the bell, the next line read whole."""
    typed = tmp_path / "typed"
    typed.write_bytes(b"echo " + b"a" * 100_000 + b"\necho next\n")
    result = k32_in(build, "boot", "--kernel", "micro", "--snapshot", "--input-file", typed,
                    "--max-steps", MAX_STEPS)
    text = result.stdout.decode("latin-1").replace("\r\n", "\n")
    assert result.exit_code == 0, result.stderr
    assert "rs: " not in text, text[:2000]
    assert BANNER.sub("", text) == ("\n$ echo " + "a" * 250 + "\a\n" + "a" * 250 + "\n"
                                    "$ echo next\nnext\n$ \n")


BIG = bytes((i * 131 + (i >> 11)) & 0xFF for i in range(1 << 20))


@pytest.fixture
def big_disk(build, tmp_path):
    """A fresh default disk with /BIG.DAT (1 MiB) added."""
    big = tmp_path / "BIG.DAT"
    big.write_bytes(BIG)
    disk = tmp_path / "disk.img"
    made = k32_in(build, "mkdisk", "-o", disk, "--add", f"{big}:/BIG.DAT")
    assert made.exit_code == 0, made.stderr
    return disk


def mtype(disk, path):
    done = subprocess.run(["mtype", "-i", str(disk), f"::{path}"], capture_output=True,
                          env={**os.environ, "MTOOLS_SKIP_CHECK": "1"}, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_host_tools("mtype", "fsck.fat")
def test_killing_the_disk_driver_during_copies_loses_nothing(build, big_disk):
    typed = ("cp /BIG.DAT /COPY1.DAT &\nservice kill disk\nps\nsleep 2\n"
             "wc /BIG.DAT &\nservice kill disk\nsleep 2\n"
             "cp /BIG.DAT /COPY2.DAT &\nservice restart disk\nsleep 2\n"
             "service list\n")
    status, text = boot(build, typed, "--disk", big_disk)
    assert status == 0, text[-2000:]
    assert len(re.findall(r"^rs: disk \(ep 5\) died", text, re.M)) >= 2, text
    assert re.search(r" cp$", after_prompt(text, "ps"), re.M), text      # killed mid-copy
    table = service_table(after_prompt(text, "service list"))
    assert table["disk"][1:] == ("up", 3), text[-1500:]
    assert re.search(rf"^\s*\d+\s+\d+\s+{len(BIG)}\s+/BIG.DAT$", text, re.M), text
    assert mtype(big_disk, "/COPY1.DAT") == BIG
    assert mtype(big_disk, "/COPY2.DAT") == BIG
    fsck = subprocess.run(["fsck.fat", "-n", str(big_disk)], capture_output=True, timeout=60)
    assert fsck.returncode == 0, fsck.stdout.decode() + fsck.stderr.decode()


class Terminal:
    """`k32 boot --kernel micro` on a pseudo-terminal."""

    def __init__(self, build):
        env = dict(os.environ, K32_BUILD=str(build))
        self.child = pexpect.spawn(sys.executable, ["-m", "vm.cli", "boot", "--kernel", "micro",
                                                    "--snapshot"],
                                   cwd=str(ROOT), env=env, timeout=120)
        self.child.expect_exact("$ ")

    def run(self, line):
        """Type a line; -> what it printed before the next prompt."""
        self.child.send(line + "\r")
        self.child.expect_exact(line)
        self.child.expect_exact("$ ")
        return self.child.before.decode("latin-1").replace("\r", "")

    def interrupt(self):
        """Ctrl-C until a prompt comes back (one typed before the program
        has started is spent on nothing)."""
        for _ in range(20):
            self.child.send("\x03")
            try:
                self.child.expect_exact("$ ", timeout=1)
                return
            except pexpect.TIMEOUT:
                pass
        raise AssertionError("Ctrl-C did not bring the prompt back")

    def finish(self):
        self.child.send("\x04")
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


def test_killing_the_console_driver_does_not_take_the_shell_down(build):
    assert k32_in(build, "build").exit_code == 0
    term = Terminal(build)
    term.run("service kill tty")
    assert "alive" in term.run("echo alive")
    table = service_table(term.run("service list"))
    assert table["tty"][1:] == ("up", 1)
    term.run("service restart tty")
    assert "still" in term.run("echo still")
    assert term.finish() == 0


def test_ctrl_c_goes_from_the_console_driver_to_the_process_manager(build):
    """^C reaches the line discipline in the console driver, which tells PM,
    which kills what did not ask to be spared: `sleep` dies, the shell stays."""
    assert k32_in(build, "build").exit_code == 0
    term = Terminal(build)
    term.child.send("sleep 100\r")
    term.child.expect_exact("sleep 100")
    term.interrupt()
    assert "130" in term.run("echo $?")
    assert "alive" in term.run("echo alive")
    assert term.finish() == 0
