"""Shared fixtures: `asm` assembles a source through the real `k32 asm`
command and hands back what a user would see (exit status, stderr, the
executable read back with `isa.kx.load`, the listing)."""

import os
import shutil
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from isa import kx
from vm.cli import main

# Host programs some tests compare against (GNU binutils, mtools, fsck.fat,
# coreutils): looked up with the sbin directories too.
HOST_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])


def host_tool(name):
    """The path of a host program, or None."""
    return shutil.which(name, path=HOST_PATH)


def _missing_host_tools(names):
    """Why a test must skip for want of host programs, or None.  Under CI
    (CI set; .ci/run installs them) never: the test runs and fails, so a
    missing tool cannot turn a check into a silent skip."""
    missing = [name for name in names if host_tool(name) is None]
    if not missing or os.environ.get("CI"):
        return None
    return f"not installed: {' '.join(missing)} (.ci/run installs it)"


def needs_host_tools(*names):
    """A mark: skip the test unless the host programs are there (see above)."""
    reason = _missing_host_tools(names)
    return pytest.mark.skipif(reason is not None, reason=reason or "")


def skip_without_host_tools(*names):
    """The same, from inside a test or fixture."""
    reason = _missing_host_tools(names)
    if reason is not None:
        pytest.skip(reason)


@dataclass
class AsmRun:
    """One `k32 asm` run in a scratch directory."""

    exit_code: int
    stdout: str
    stderr: str
    exe: object           # kx.Executable, or None when assembly failed
    listing: str          # the -l listing text, or None

    @property
    def symbols(self):
        return self.exe.symbol_table()

    def segment_at(self, address):
        for seg in self.exe.segments:
            if seg.address <= address < seg.address + max(seg.memsize, 1):
                return seg
        raise AssertionError(f"no segment holds {address:#x}: {self.exe.segments}")

    def bytes_at(self, address, count):
        seg = self.segment_at(address)
        start = address - seg.address
        return bytes(seg.data[start:start + count])

    def words(self, address=0x1000, count=None):
        """Little-endian words from `address` (default: the whole segment)."""
        seg = self.segment_at(address)
        start = address - seg.address
        end = len(seg.data) if count is None else start + 4 * count
        data = seg.data[start:end]
        return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]


@pytest.fixture
def asm(tmp_path, monkeypatch):
    """asm(source, *options, files={name: text}) -> AsmRun.

    The source (str or bytes) is written to prog.s in a scratch directory
    that is also the working directory, so diagnostics read `prog.s:L:C`.
    `files` adds more files (include files) by relative path.
    """
    monkeypatch.chdir(tmp_path)

    def run(source, *options, files=None, name="prog.s"):
        for path, text in {name: source, **(files or {})}.items():
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text)
        out = tmp_path / "prog.kx"
        lst = tmp_path / "prog.lst"
        for stale in (out, lst):
            stale.unlink(missing_ok=True)
        result = CliRunner().invoke(main, ["asm", name, "-o", str(out), "-l", str(lst), *options])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        exe = kx.load(out) if out.exists() else None
        listing = lst.read_text() if lst.exists() else None
        return AsmRun(result.exit_code, result.stdout, result.stderr, exe, listing)

    return run


@dataclass
class CliRun:
    exit_code: int
    stdout: bytes
    stderr: str


def run_k32(*args, stdin=b""):
    """`k32 ARGS...` in this process (the compiled machine stays loaded)."""
    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliRun(result.exit_code, result.stdout_bytes, result.stderr)


@pytest.fixture
def k32():
    return run_k32
