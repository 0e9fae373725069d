"""The interval timer: raises IRQ_TIMER every TIMER_PERIOD instructions.

Time is the machine's instruction count (plus idle time skipped by wfi),
so ticks fall on the same instruction in every run.  Writing the period
restarts the countdown; 0 stops the timer.  The tick itself is raised by
the interpreter loop, which compares the time with st[TICK_AT].
"""

from ..isa_constants import TIMER_PERIOD
from ..jit import njit
from ..state import TICK_AT
from ..state import TIMER_PERIOD as S_PERIOD
from .actions import ACT_DONE


@njit
def timer_read(port, st, now):
    if port == TIMER_PERIOD:
        return st[S_PERIOD]
    if st[TICK_AT] < 0:
        return 0
    return st[TICK_AT] - now


@njit
def timer_write(port, value, st, now):
    if port == TIMER_PERIOD:
        st[S_PERIOD] = value
        st[TICK_AT] = now + value if value != 0 else -1
    return ACT_DONE
