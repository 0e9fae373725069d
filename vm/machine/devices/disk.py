"""An ATA-PIO-like disk controller at 0x1F0-0x1F7, backed by an image file.

Set DISK_LBA and DISK_COUNT, write a command to DISK_COMMAND, then move
DISK_COUNT * 128 words through DISK_DATA (one per in/out, or a sector per
`ins`/`outs`).  Commands complete at once (there is no simulated seek
time); IRQ_DISK is raised when a read's data is ready and when a write's
last word has arrived.  The image is mapped into the host's memory, so a
word the guest writes is in the file as soon as it is written, whatever
ends the run; FLUSH additionally asks the host to sync the file.

Two protections hold a driver that programs the controller to the
transfer it was asked for (docs/machine.md, "Disk controller"):

- The transfer window (DISK_WIN_LBA, DISK_WIN_COUNT, DISK_WIN_CTL):
  privileged registers, which a write from user mode leaves unchanged.
  While DISK_WIN_ON is set, a read or write command is refused
  (DISK_ERR_WINDOW, nothing moved) unless its sectors lie inside the window
  and the window allows its direction.  A write to DISK_WIN_CTL ends a
  transfer under way.  Off after reset: the monolithic kernel never uses it.
- DISK_SUM: a checksum of each read or write, folded as its words move
  through DISK_DATA, over the command, the sector, the count and the data
  (h = h * DISK_SUM_PRIME + x mod 2^32, from 0), so whoever receives the
  data, or sent it, can check that this transfer moved exactly that data.
"""

from ..isa_constants import (DISK_CMD_FLUSH, DISK_CMD_IDENTIFY, DISK_CMD_READ,
                             DISK_CMD_WRITE, DISK_COMMAND, DISK_COUNT, DISK_DATA,
                             DISK_ERR_COMMAND, DISK_ERR_NO_MEDIA, DISK_ERR_NONE,
                             DISK_ERR_RANGE, DISK_ERR_WINDOW, DISK_ERROR, DISK_LBA,
                             DISK_ST_DRQ, DISK_ST_ERR, DISK_ST_READY, DISK_SUM_PRIME,
                             DISK_WIN_COUNT, DISK_WIN_CTL, DISK_WIN_LBA, DISK_WIN_ON,
                             DISK_WIN_READ, DISK_WIN_WRITE, IRQ_DISK)
from ..isa_constants import DISK_SUM as P_SUM
from ..jit import njit
from ..state import (DISK_DIRTY, DISK_END, DISK_IDENTIFYING, DISK_IDLE, DISK_MODE,
                     DISK_POS, DISK_READING, DISK_SECTORS, DISK_WRITING, PIC_PENDING)
from ..state import DISK_COUNT as S_COUNT
from ..state import DISK_ERROR as S_ERROR
from ..state import DISK_LBA as S_LBA
from ..state import DISK_STATUS as S_STATUS
from ..state import DISK_SUM as S_SUM
from ..state import DISK_WIN_COUNT as S_WIN_COUNT
from ..state import DISK_WIN_CTL as S_WIN_CTL
from ..state import DISK_WIN_LBA as S_WIN_LBA
from .actions import ACT_DONE, ACT_FLUSH

WORDS_PER_SECTOR = 128
MASK32 = 0xFFFFFFFF


@njit
def fold(h, x):
    """One step of DISK_SUM."""
    return (h * DISK_SUM_PRIME + x) & MASK32


@njit
def _finish(st, error):
    st[DISK_MODE] = DISK_IDLE
    st[S_ERROR] = error
    st[S_STATUS] = DISK_ST_READY | (DISK_ST_ERR if error != DISK_ERR_NONE else 0)
    st[PIC_PENDING] |= 1 << IRQ_DISK


@njit
def _start(st, mode, pos, end):
    st[DISK_MODE] = mode
    st[DISK_POS] = pos
    st[DISK_END] = end
    st[S_ERROR] = DISK_ERR_NONE
    st[S_STATUS] = DISK_ST_READY | DISK_ST_DRQ


@njit
def _command(st, command):
    if st[DISK_MODE] != DISK_IDLE:
        _finish(st, DISK_ERR_COMMAND)          # a command mid-transfer aborts it
        return ACT_DONE
    if command == DISK_CMD_IDENTIFY:
        _start(st, DISK_IDENTIFYING, 0, WORDS_PER_SECTOR)
        st[PIC_PENDING] |= 1 << IRQ_DISK
        return ACT_DONE
    if command != DISK_CMD_READ and command != DISK_CMD_WRITE and command != DISK_CMD_FLUSH:
        _finish(st, DISK_ERR_COMMAND)
        return ACT_DONE
    sectors = st[DISK_SECTORS]
    if sectors == 0:
        _finish(st, DISK_ERR_NO_MEDIA)
        return ACT_DONE
    if command == DISK_CMD_FLUSH:
        st[DISK_DIRTY] = 0
        _finish(st, DISK_ERR_NONE)
        return ACT_FLUSH
    lba, count = st[S_LBA], st[S_COUNT]
    if count == 0 or lba + count > sectors:
        _finish(st, DISK_ERR_RANGE)
        return ACT_DONE
    ctl = st[S_WIN_CTL]
    if ctl & DISK_WIN_ON != 0:
        allow = DISK_WIN_READ if command == DISK_CMD_READ else DISK_WIN_WRITE
        if (ctl & allow == 0 or lba < st[S_WIN_LBA]
                or lba + count > st[S_WIN_LBA] + st[S_WIN_COUNT]):
            _finish(st, DISK_ERR_WINDOW)
            return ACT_DONE
    st[S_SUM] = fold(fold(fold(0, command), lba), count)
    first = lba * WORDS_PER_SECTOR
    end = first + count * WORDS_PER_SECTOR
    if command == DISK_CMD_READ:
        _start(st, DISK_READING, first, end)
        st[PIC_PENDING] |= 1 << IRQ_DISK
    else:
        _start(st, DISK_WRITING, first, end)
    return ACT_DONE


@njit
def disk_read(port, st, disk):
    if port == DISK_DATA:
        mode, pos = st[DISK_MODE], st[DISK_POS]
        if mode == DISK_READING:
            value = disk[pos]
            st[S_SUM] = fold(st[S_SUM], value)
        elif mode == DISK_IDENTIFYING:
            value = st[DISK_SECTORS] if pos == 0 else 0
        else:
            return 0
        pos += 1
        st[DISK_POS] = pos
        if pos >= st[DISK_END]:
            st[DISK_MODE] = DISK_IDLE
            st[S_STATUS] = DISK_ST_READY
        return value
    if port == DISK_ERROR:
        return st[S_ERROR]
    if port == DISK_COUNT:
        return st[S_COUNT]
    if port == DISK_LBA:
        return st[S_LBA]
    if port == DISK_COMMAND:
        return st[S_STATUS]
    if port == P_SUM:
        return st[S_SUM]
    if port == DISK_WIN_LBA:
        return st[S_WIN_LBA]
    if port == DISK_WIN_COUNT:
        return st[S_WIN_COUNT]
    if port == DISK_WIN_CTL:
        return st[S_WIN_CTL]
    return 0xFFFFFFFF


@njit
def disk_write(port, value, st, disk, kernel):
    if port == DISK_DATA:
        if st[DISK_MODE] == DISK_WRITING:
            pos = st[DISK_POS]
            disk[pos] = value
            st[S_SUM] = fold(st[S_SUM], value)
            st[DISK_DIRTY] = 1
            pos += 1
            st[DISK_POS] = pos
            if pos >= st[DISK_END]:
                _finish(st, DISK_ERR_NONE)
        return ACT_DONE
    if port == DISK_COUNT:
        st[S_COUNT] = value
    elif port == DISK_LBA:
        st[S_LBA] = value
    elif port == DISK_COMMAND:
        return _command(st, value)
    elif not kernel:
        return ACT_DONE                         # the window is the kernel's
    elif port == DISK_WIN_LBA:
        st[S_WIN_LBA] = value
    elif port == DISK_WIN_COUNT:
        st[S_WIN_COUNT] = value
    elif port == DISK_WIN_CTL:
        st[S_WIN_CTL] = value & (DISK_WIN_ON | DISK_WIN_READ | DISK_WIN_WRITE)
        if st[DISK_MODE] != DISK_IDLE:
            _finish(st, DISK_ERR_WINDOW)        # a transfer never outlives its window
    return ACT_DONE
