"""The monolithic kernel's core, booted the way a user runs it: `k32 run
os/mono/kernel.s` on a FAT16 disk whose /BIN/INIT is a small test program
(tests/os/kernel_progs/), judged by its console output and exit status.

Processes (fork, exit, wait, kill, orphans, procs), preemption, sleep,
sbrk, exec (arguments, and every way an executable can be refused), user
faults and kernel panics.
"""

import re
import struct
import zlib
from pathlib import Path

import pytest

from conftest import run_k32
from isa import kx
from vm.tools.build import make_fat16

ROOT = Path(__file__).resolve().parents[2]
PROGS = Path(__file__).resolve().parent / "kernel_progs"
KERNEL_INCLUDES = [ROOT / "os/mono", ROOT / "os", ROOT / "os/include"]
PROGRAM_INCLUDES = [ROOT / "programs/lib", ROOT / "os/include"]
DISK_SIZE = 4 << 20
MAX_STEPS = 60_000_000
BANNER = re.compile(r"K32 mono kernel: (16 MiB|512 KiB) RAM, \d+ free pages\n")

STATUS_FAULT, STATUS_KILLED = 139, 137
ENOENT, EINTR, E2BIG, ENOEXEC, ECHILD, ENOMEM, EFAULT, EISDIR, EINVAL, ENOSYS = (
    2, 4, 7, 8, 10, 12, 14, 21, 22, 38)


def assemble(source, output, *options, includes=PROGRAM_INCLUDES):
    flags = [f"-I{d}" for d in includes]
    result = run_k32("asm", source, "-o", output, *flags, *options)
    assert result.exit_code == 0, result.stderr
    return Path(output).read_bytes()


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """The kernel, assembled once for the module."""
    out = tmp_path_factory.mktemp("kernel") / "kernel.kx"
    assemble(ROOT / "os/mono/kernel.s", out, includes=KERNEL_INCLUDES)
    return out


def program(name, tmp_path, *options):
    """The bytes of tests/os/kernel_progs/NAME.s, assembled."""
    return assemble(PROGS / f"{name}.s", tmp_path / f"{name}.kx", *options)


def boot(kernel, tmp_path, init=None, files=None, disk=True, options=()):
    """Boot the kernel on a fresh disk: /BIN/INIT = program `init`, plus
    `files` {name in /BIN: bytes}.  -> (exit status, console text with LF)."""
    args = ["run", kernel, "--max-steps", MAX_STEPS, *options]
    if disk:
        image = tmp_path / "disk.img"
        contents = {f"/BIN/{name.upper()}": data for name, data in (files or {}).items()}
        if init is not None:
            contents["/BIN/INIT"] = program(init, tmp_path)
        make_fat16(image, DISK_SIZE, ["/BIN"], contents)
        args += ["--disk", image]
    result = run_k32(*args)
    text = result.stdout.decode("latin-1").replace("\r\n", "\n")
    assert BANNER.match(text), text
    return result.exit_code, BANNER.sub("", text, count=1)


def with_crc(blob):
    """The executable bytes with the CRC field made right for them."""
    blob = bytearray(blob)
    struct.pack_into("<I", blob, 20, 0)
    struct.pack_into("<I", blob, 20, zlib.crc32(blob))
    return bytes(blob)


# --- processes ---------------------------------------------------------------

def test_children_exit_with_statuses_that_wait_collects_once(kernel, tmp_path):
    status, out = boot(kernel, tmp_path, "forkwait")
    assert status == 0
    assert out == ("reaped pid 2 status 11\n"
                   "reaped pid 3 status 21\n"
                   "reaped pid 4 status 31\n"
                   "wait(pid) returned that pid: 0\n"
                   "exit(0x1234) gives status 52\n"
                   f"wait with no child: {-ECHILD}\n"
                   f"wait with no child: {-ECHILD}\n")


def test_a_faulting_child_is_reported_and_killed_while_init_carries_on(kernel, tmp_path):
    status, out = boot(kernel, tmp_path, "faults")
    assert status == 0
    causes = ["page fault on load", "page fault on store", "privileged instruction",
              "illegal instruction", "page fault on fetch", "page fault on store",
              "I/O port violation", "misaligned load"]
    lines = out.splitlines()
    assert lines[-1] == "init survived"
    reports = lines[0:-1:2]
    assert lines[1:-1:2] == [f"status {STATUS_FAULT}"] * len(causes)
    for pid, (cause, line) in enumerate(zip(causes, reports), start=2):
        assert re.fullmatch(rf"pid {pid} \(init\): {cause} at pc 0x[0-9a-f]{{8}} "
                            r"address 0x[0-9a-f]{8}", line), line
    assert reports[0].endswith("address 0x00000000")           # the null pointer
    assert reports[4].endswith("at pc 0x80001000 address 0x80001000")
    assert reports[5].endswith("address 0x7ffefffc")           # the stack's guard page
    assert reports[6].endswith("address 0x000003f8")           # the port


def test_the_timer_preempts_processes_that_never_give_up_the_cpu(kernel, tmp_path):
    status, out = boot(kernel, tmp_path, "preempt")
    assert status == 0
    letters = out.strip()
    assert sorted(letters) == list("aaaaaabbbbbb")
    assert letters.index("b") < letters.rindex("a")             # interleaved, not one after the other


def test_sleep_waits_its_ticks_and_kill_ends_sleepers_but_not_init(kernel, tmp_path):
    status, out = boot(kernel, tmp_path, "sleepkill")
    assert status == 0
    assert out == ("slept at least 10 ticks: 1, result 0\n"
                   "kill: 0\n"
                   f"status {STATUS_KILLED}\n"
                   "kill(1): -1\n"
                   "kill(999): -3\n"
                   f"status {STATUS_KILLED}\n")


def test_orphans_go_to_init_and_procs_lists_the_table(kernel, tmp_path):
    status, out = boot(kernel, tmp_path, "orphans")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "reaped pid 2 status 5"
    # the grandchild, running, sees init sleeping in wait and itself adopted
    assert re.fullmatch(r"pid 1 ppid 0 state 2 pages \d+ name init", lines[1])
    assert re.fullmatch(r"pid 3 ppid 1 state 4 pages \d+ name init", lines[2])
    assert lines[3:] == ["reaped pid 3 status 6", f"procs into a bad buffer: {-EFAULT}"]


@pytest.mark.parametrize("memory, children", [("16M", 63), ("512K", 3)])
def test_fork_fails_cleanly_when_slots_or_memory_run_out(kernel, tmp_path, memory, children):
    """NPROC slots hold init and 63 others; 512 KiB holds only a few copies.
    Either way fork says -EAGAIN, and once the children are reaped the same
    number fit again."""
    status, out = boot(kernel, tmp_path, "forkbomb", options=["--mem", memory])
    assert status == 0
    assert out == f"forked {children} children, then -11\n" * 2


def test_a_reader_sleeps_until_console_lines_arrive(kernel, tmp_path):
    (tmp_path / "input").write_text("hello\nworld, again\n")
    status, out = boot(kernel, tmp_path, "console", options=["--input-file", tmp_path / "input"])
    assert status == 0
    # type-ahead is echoed as it is read (deferred echo), so each line
    # shows up just before what the reader does with it
    assert out == ("hello\ngot [hello] (5)\n"
                   "world, again\ngot [world, again] (12)\n"
                   "reader exited with 5\n")


def test_unknown_calls_and_bad_pointers_get_errors(kernel, tmp_path):
    status, out = boot(kernel, tmp_path, "syscalls")
    assert status == 0
    assert out == (f"unknown calls: {-ENOSYS} {-ENOSYS} {-ENOSYS}\n"
                   "init is pid 1\n"
                   "setintr: 0\n"
                   f"wait with a bad status pointer: {-EFAULT}\n"
                   "then reaped with status 2\n")


# --- memory ------------------------------------------------------------------

def test_sbrk_grows_and_shrinks_the_heap_and_survives_running_out(kernel, tmp_path):
    status, out = boot(kernel, tmp_path, "sbrk")
    assert status == 0
    lines = out.splitlines()
    assert lines[:6] == ["heap after the program: 1, page offset 0",
                         "sbrk(10000) returned start+0, contents 0",
                         "break at start+10000",
                         f"past HEAP_LIMIT: {-ENOMEM}",
                         f"below the start: {-EINVAL}",
                         "sbrk(-10000) returned start+10000"]
    assert re.fullmatch(r"pid 2 \(init\): page fault on load at pc 0x[0-9a-f]{8} "
                        r"address 0x[0-9a-f]{5}000", lines[6])
    assert lines[7] == f"touching a freed page: status {STATUS_FAULT}"
    # 16 MiB of RAM: the heap stops short of it, and all comes back at once
    first, second = lines[8:]
    assert first == second
    mib = int(re.fullmatch(rf"heap grew (\d+) MiB, then {-ENOMEM}; memory ok 0", first)[1])
    assert 12 <= mib < 16


# --- exec --------------------------------------------------------------------

def test_exec_passes_arguments_and_failing_execs_leave_the_caller_intact(kernel, tmp_path):
    echo = program("echoargs", tmp_path)
    corrupt = bytearray(echo)
    corrupt[len(corrupt) // 2] ^= 1
    status, out = boot(kernel, tmp_path, "exec", files={
        "echoargs": echo, "corrupt": bytes(corrupt), "text": b"just text\n"})
    assert status == 0
    assert out == (f"exec /bin/missing: {-ENOENT}\n"
                   f"exec /bin: {-EISDIR}\n"
                   f"exec /bin/corrupt: {-ENOEXEC}\n"
                   f"exec /bin/text: {-ENOEXEC}\n"
                   f"exec (bad pointer): {-EFAULT}\n"
                   f"exec /bin/echoargs: {-EFAULT}\n"      # argv itself
                   f"exec /bin/echoargs: {-EFAULT}\n"      # one of its strings
                   f"exec /bin/echoargs: {-E2BIG}\n"       # MAXARG + 1 arguments
                   f"exec /bin/echoargs: {-E2BIG}\n"       # over ARG_MAX bytes
                   "still here, canary 5eed\n"
                   "argc 3, argv % 16 = 0, argv[argc] = 0\n"
                   "[echoargs]\n[one]\n[two words]\n"
                   "echoargs exited with 7\n")


def bad_executables(good):
    """(what is wrong, bytes) for executables exec must refuse, each with a
    right CRC unless the CRC is what is wrong."""
    exe = kx.read(good)
    seg = exe.segments[0]

    def build(*segments, entry=exe.entry):
        return kx.write(kx.Executable(entry, list(segments)), debug=False)

    def patched(offset, fmt, value, blob=None):
        blob = bytearray(blob or build(seg))
        struct.pack_into(fmt, blob, offset, value)
        return with_crc(blob)

    def segment(address, size, flags=kx.SEG_R | kx.SEG_W, data=b""):
        return kx.Segment(address, data, size, flags)

    one = build(seg)
    return [
        ("magic", with_crc(b"K32Y" + one[4:])),
        ("version", patched(4, "<H", 2)),
        ("header size", patched(6, "<H", 36)),
        ("flags", patched(14, "<H", 2)),
        ("file size field", patched(16, "<I", len(one) + 4)),
        ("crc", one[:20] + struct.pack("<I", zlib.crc32(one) ^ 1) + one[24:]),
        ("too many segments", with_crc(one[:12] + struct.pack("<H", 65) + one[14:])),
        ("table past the end", patched(12, "<H", 2, build(segment(0x1000, 16, data=bytes(16))))),
        ("segment flags", patched(32 + 16, "<I", 8)),
        ("file bytes over memory size", patched(32 + 4, "<I", len(seg.data) - 4)),
        ("data outside the file", patched(32 + 12, "<I", len(one) - 2)),
        ("data inside the table", patched(32 + 12, "<I", 40)),
        ("in the null page", build(segment(0x800, 0x100))),
        ("into the stack guard", build(segment(0x7FFEF000, 0x2000))),
        ("into the stack", build(segment(0x7FFFF000, 0x1000))),
        ("past 4 GiB", build(segment(0xFFFFF000, 0x2000))),
        ("overlapping", build(seg, segment(seg.address + 8, 0x100))),
    ]


def test_exec_refuses_every_malformed_executable(kernel, tmp_path):
    good = program("echoargs", tmp_path)
    cases = bad_executables(good)
    odd = kx.read(program("odd", tmp_path, "--text-base", "0x1010"))
    after = odd.symbol_table()["after"]
    shared = kx.Segment(after, b"", 64, kx.SEG_R | kx.SEG_W)      # in the code's page
    files = {f"b{i}": blob for i, (_, blob) in enumerate(cases)}
    files["odd"] = kx.write(kx.Executable(odd.entry, odd.segments + [shared]), debug=False)
    status, out = boot(kernel, tmp_path, "execbad", files=files)
    assert status == 0
    results = out.splitlines()
    assert results[:-2] == [f"/bin/b{i}: {-ENOEXEC}" for i in range(len(cases))], \
        [what for (what, _), line in zip(cases, results) if not line.endswith(f"{-ENOEXEC}")]
    assert results[-2:] == ["odd!", "odd exited with 42"]


# --- the kernel itself -------------------------------------------------------

def test_init_returning_is_a_kernel_panic(kernel, tmp_path):
    status, out = boot(kernel, tmp_path, "initexit")
    assert (status, out) == (3, "kernel panic: init exited with status 3\n")


@pytest.mark.parametrize("disk, message", [
    (None, "no disk, or the disk cannot be read (error -5)"),
    (b"\0" * 65536, "the disk has no FAT16 file system (error -22)"),
    ({}, "cannot start /bin/init (error -2)"),
])
def test_boot_without_a_usable_disk_or_init_panics(kernel, tmp_path, disk, message):
    args = ["run", kernel, "--max-steps", MAX_STEPS]
    if isinstance(disk, bytes):
        (tmp_path / "disk.img").write_bytes(disk)
    elif disk is not None:
        make_fat16(tmp_path / "disk.img", DISK_SIZE, ["/BIN"], disk)
    if disk is not None:
        args += ["--disk", tmp_path / "disk.img"]
    result = run_k32(*args)
    text = result.stdout.decode().replace("\r\n", "\n")
    assert result.exit_code == 3
    assert BANNER.sub("", text) == f"kernel panic: {message}\n"


def test_a_kernel_fault_panics_with_the_cause_pc_and_every_register(tmp_path):
    """A test build (-D KTEST_PANIC) loads from outside RAM during boot."""
    kernel = tmp_path / "panic.kx"
    assemble(ROOT / "os/mono/kernel.s", kernel, "-D", "KTEST_PANIC", includes=KERNEL_INCLUDES)
    result = run_k32("run", kernel, "--max-steps", MAX_STEPS)
    text = BANNER.sub("", result.stdout.decode().replace("\r\n", "\n"))
    assert result.exit_code == 3
    lines = text.splitlines()
    assert re.fullmatch(r"kernel panic: bus error at pc 0x[0-9a-f]{8} address 0xfffffff0", lines[0])
    regs = dict(re.findall(r"(\w+) (0x[0-9a-f]{8})", "\n".join(lines[1:])))
    assert list(regs) == ["ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
                          "a0", "a1", "a2", "a3", "a4", "a5", "status"]
    assert regs["a0"] == "0x600df00d" and regs["t0"] == "0xfffffff0"
