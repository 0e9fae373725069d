"""The one place the interpreter's compiled code is configured.

Every jitted function of the machine is compiled with the same options:
`cache=True` (a warm start loads machine code from disk instead of
compiling for seconds), no bounds checks (every index is checked or masked
by hand, and a guest's bad address becomes a trap), and NumPy's error
model (no hidden zero-division branch: division checks its divisor).

Numba's cache notices a change only in the file of the function it
compiled, not in the helpers it calls or the constants it froze.  So the
cache lives in a directory named after a hash of every source compiled
code is built from (the loop, its devices, the generated ISA constants):
edit any of them and the next
run compiles afresh, and an old directory is removed when a new one is
made.  K32_CACHE_DIR overrides the location (NUMBA_CACHE_DIR, if set, wins).
"""

import hashlib
import os
import tempfile
from pathlib import Path

import numba

from isa.cache import versioned_directory

_ROOT = Path(__file__).resolve().parent        # vm/machine/


# The modules whose code or constants end up in compiled code.
_COMPILED = ("cpu.py", "jit.py", "state.py", "isa_constants.py")


def _source_hash():
    digest = hashlib.sha256(numba.__version__.encode())
    paths = [_ROOT / name for name in _COMPILED] + sorted((_ROOT / "devices").glob("*.py"))
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _configure():
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    target = versioned_directory("numba", _source_hash())
    if target is None:
        target = Path(tempfile.gettempdir()) / f"k32-numba-{_source_hash()}"
        target.mkdir(parents=True, exist_ok=True)
    numba.config.CACHE_DIR = str(target)


_configure()


def njit(function):
    """numba.njit with the machine's options."""
    return numba.njit(cache=True, boundscheck=False, error_model="numpy", nogil=True)(function)


def njit_inline(function):
    """The same, inlined by Numba itself into its callers: a helper on the
    hot path that takes an array (an out-of-line call would count the
    array's references, two atomic operations per call)."""
    return numba.njit(cache=True, boundscheck=False, error_model="numpy", nogil=True,
                      inline="always")(function)
