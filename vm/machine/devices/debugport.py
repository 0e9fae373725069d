"""Debug ports, as in QEMU and Bochs: 0xF4 ends the run with a status
(isa-debug-exit), 0xE9 prints a byte on the host's stderr; and 0xF5, where
the kernel gives the address of a module record it loaded or is removing
(the run stops so that a debugger can read it, then goes on)."""

from ..isa_constants import DEBUG_EXIT, DEBUG_MODULE, DEBUG_PRINT
from ..jit import njit
from ..state import ERR_LEN, EXIT_VALUE, MODULE_RECORD, OUT_CAPACITY
from .actions import ACT_DONE, ACT_EXIT, ACT_FULL, ACT_MODULE


@njit
def debug_read(port):
    return 0xE9 if port == DEBUG_PRINT else 0


@njit
def debug_write(port, value, st, errbuf):
    if port == DEBUG_EXIT:
        st[EXIT_VALUE] = value & 0xFF
        return ACT_EXIT
    if port == DEBUG_MODULE:
        st[MODULE_RECORD] = value & 0xFFFFFFFF
        return ACT_MODULE
    n = st[ERR_LEN]
    if n >= OUT_CAPACITY:
        return ACT_FULL
    errbuf[n] = value & 0xFF
    st[ERR_LEN] = n + 1
    return ACT_DONE
