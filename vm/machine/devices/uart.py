"""The console: a 16550-like UART at 0x3F8-0x3FF.

Output bytes collect in `outbuf` for the host to write; input bytes wait
in `inbuf`, put there by the host (scripted text, the terminal, a TCP
client).  The receive interrupt is a level: it is raised while IER bit 0
is set and a byte is waiting (or the input has just ended).  When the host
has no more input, LSR bit 4 reports the end of input once the last byte
is read, so a guest can treat it as end of file.
"""

from ..isa_constants import (IER_RX, IIR_NONE, IIR_RX, LSR_DATA_READY, LSR_EOF,
                             LSR_IDLE, LSR_THR_EMPTY, UART_DATA, UART_IER, UART_IIR,
                             UART_LCR, UART_LSR, UART_MCR, UART_MSR, UART_SCR)
from ..jit import njit
from ..state import (IN_EOF, IN_EOF_SEEN, IN_LEN, IN_POS, IN_WANTED, OUT_CAPACITY,
                     OUT_LEN)
from ..state import UART_IER as S_IER
from ..state import UART_LCR as S_LCR
from ..state import UART_MCR as S_MCR
from ..state import UART_SCR as S_SCR
from .actions import ACT_DONE, ACT_FULL


@njit
def console_line(st):
    """1 while the UART requests its receive interrupt."""
    if st[S_IER] & IER_RX == 0:
        return 0
    if st[IN_POS] < st[IN_LEN]:
        return 1
    if st[IN_EOF] != 0 and st[IN_EOF_SEEN] == 0:
        return 1
    return 0


@njit
def uart_read(port, st, inbuf):
    if port == UART_DATA:
        pos = st[IN_POS]
        if pos < st[IN_LEN]:
            st[IN_POS] = pos + 1
            return inbuf[pos]
        st[IN_WANTED] = 1
        return 0
    if port == UART_LSR:
        value = LSR_THR_EMPTY | LSR_IDLE
        if st[IN_POS] < st[IN_LEN]:
            value |= LSR_DATA_READY
        elif st[IN_EOF] != 0:
            value |= LSR_EOF
            st[IN_EOF_SEEN] = 1
        else:
            st[IN_WANTED] = 1
        return value
    if port == UART_IER:
        return st[S_IER]
    if port == UART_IIR:
        return IIR_RX if console_line(st) else IIR_NONE
    if port == UART_LCR:
        return st[S_LCR]
    if port == UART_MCR:
        return st[S_MCR]
    if port == UART_SCR:
        return st[S_SCR]
    if port == UART_MSR:
        return 0
    return 0


@njit
def uart_write(port, value, st, outbuf):
    if port == UART_DATA:
        n = st[OUT_LEN]
        if n >= OUT_CAPACITY:
            return ACT_FULL
        outbuf[n] = value & 0xFF
        st[OUT_LEN] = n + 1
    elif port == UART_IER:
        st[S_IER] = value & 0x0F
    elif port == UART_LCR:
        st[S_LCR] = value & 0xFF
    elif port == UART_MCR:
        st[S_MCR] = value & 0xFF
    elif port == UART_SCR:
        st[S_SCR] = value & 0xFF
    return ACT_DONE
