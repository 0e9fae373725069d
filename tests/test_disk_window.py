"""The disk controller's transfer window and transfer checksum
(vm/machine/devices/disk.py), driven register by register."""

import numpy as np

from vm.machine import state as S
from vm.machine.devices.disk import disk_read, disk_write
from vm.machine.isa_constants import (DISK_CMD_FLUSH, DISK_CMD_IDENTIFY, DISK_CMD_READ,
                                      DISK_CMD_WRITE, DISK_COMMAND, DISK_COUNT, DISK_DATA,
                                      DISK_ERR_NONE, DISK_ERR_WINDOW, DISK_ERROR, DISK_LBA,
                                      DISK_ST_DRQ, DISK_ST_ERR, DISK_SUM, DISK_SUM_PRIME,
                                      DISK_WIN_COUNT, DISK_WIN_CTL, DISK_WIN_LBA, DISK_WIN_ON,
                                      DISK_WIN_READ, DISK_WIN_WRITE)

SECTORS = 16


def machine():
    st = np.zeros(S.ST_SIZE, np.int64)
    st[S.DISK_SECTORS] = SECTORS
    disk = np.arange(SECTORS * 128, dtype=np.uint32)
    return st, disk


def command(st, disk, cmd, lba, count, kernel=False):
    disk_write(DISK_LBA, lba, st, disk, kernel)
    disk_write(DISK_COUNT, count, st, disk, kernel)
    disk_write(DISK_COMMAND, cmd, st, disk, kernel)
    return disk_read(DISK_COMMAND, st, disk)


def window(st, disk, lba, count, ctl, kernel=True):
    disk_write(DISK_WIN_LBA, lba, st, disk, kernel)
    disk_write(DISK_WIN_COUNT, count, st, disk, kernel)
    disk_write(DISK_WIN_CTL, ctl, st, disk, kernel)


def checksum(cmd, lba, count, words):
    h = 0
    for x in (cmd, lba, count, *words):
        h = (h * DISK_SUM_PRIME + int(x)) & 0xFFFFFFFF
    return h


def test_without_a_window_everything_goes_as_before():
    st, disk = machine()
    status = command(st, disk, DISK_CMD_WRITE, 0, 1)
    assert status & DISK_ST_DRQ
    for i in range(128):
        disk_write(DISK_DATA, 7, st, disk, False)
    assert disk_read(DISK_ERROR, st, disk) == DISK_ERR_NONE
    assert list(disk[:128]) == [7] * 128


def test_a_write_outside_the_window_is_refused_and_moves_nothing():
    st, disk = machine()
    before = disk.copy()
    window(st, disk, 4, 2, DISK_WIN_ON | DISK_WIN_WRITE)
    for lba, count in ((0, 1), (3, 2), (5, 2), (6, 1), (3, 4)):
        status = command(st, disk, DISK_CMD_WRITE, lba, count)
        assert status & DISK_ST_ERR and not status & DISK_ST_DRQ, (lba, count)
        assert disk_read(DISK_ERROR, st, disk) == DISK_ERR_WINDOW
        disk_write(DISK_DATA, 0xBAD, st, disk, False)
    assert (disk == before).all()
    status = command(st, disk, DISK_CMD_WRITE, 4, 2)     # inside: allowed
    assert status & DISK_ST_DRQ and not status & DISK_ST_ERR


def test_the_window_allows_only_its_direction():
    st, disk = machine()
    window(st, disk, 0, SECTORS, DISK_WIN_ON | DISK_WIN_READ)
    assert command(st, disk, DISK_CMD_WRITE, 2, 1) & DISK_ST_ERR
    assert command(st, disk, DISK_CMD_READ, 2, 1) & DISK_ST_DRQ
    window(st, disk, 0, SECTORS, DISK_WIN_ON)             # closed: neither
    assert command(st, disk, DISK_CMD_READ, 2, 1) & DISK_ST_ERR
    assert command(st, disk, DISK_CMD_WRITE, 2, 1) & DISK_ST_ERR
    # FLUSH and IDENTIFY touch no sector: always allowed
    assert not command(st, disk, DISK_CMD_FLUSH, 0, 0) & DISK_ST_ERR
    assert command(st, disk, DISK_CMD_IDENTIFY, 0, 0) & DISK_ST_DRQ


def test_user_mode_cannot_set_the_window():
    st, disk = machine()
    window(st, disk, 0, 1, DISK_WIN_ON | DISK_WIN_WRITE)
    window(st, disk, 0, SECTORS, DISK_WIN_ON | DISK_WIN_READ | DISK_WIN_WRITE, kernel=False)
    window(st, disk, 0, SECTORS, 0, kernel=False)
    assert disk_read(DISK_WIN_CTL, st, disk) == DISK_WIN_ON | DISK_WIN_WRITE
    assert disk_read(DISK_WIN_COUNT, st, disk) == 1
    assert command(st, disk, DISK_CMD_WRITE, 1, 1) & DISK_ST_ERR


def test_closing_the_window_ends_a_transfer_under_way():
    st, disk = machine()
    window(st, disk, 3, 1, DISK_WIN_ON | DISK_WIN_WRITE)
    assert command(st, disk, DISK_CMD_WRITE, 3, 1) & DISK_ST_DRQ
    disk_write(DISK_DATA, 1, st, disk, False)
    window(st, disk, 0, 0, DISK_WIN_ON)
    assert disk_read(DISK_COMMAND, st, disk) & DISK_ST_ERR
    assert disk_read(DISK_ERROR, st, disk) == DISK_ERR_WINDOW
    disk_write(DISK_DATA, 2, st, disk, False)             # goes nowhere
    assert disk[3 * 128] == 1 and disk[3 * 128 + 1] == 3 * 128 + 1


def test_the_checksum_covers_command_address_count_and_every_word():
    st, disk = machine()
    command(st, disk, DISK_CMD_READ, 2, 2)
    got = [disk_read(DISK_DATA, st, disk) for _ in range(256)]
    assert got == list(range(256, 512))
    assert disk_read(DISK_SUM, st, disk) == checksum(DISK_CMD_READ, 2, 2, got)
    # the same data at another address, or only part of it, sums differently
    assert checksum(DISK_CMD_READ, 2, 2, got) != checksum(DISK_CMD_READ, 3, 2, got)
    command(st, disk, DISK_CMD_READ, 2, 2)
    part = [disk_read(DISK_DATA, st, disk) for _ in range(255)]
    assert disk_read(DISK_SUM, st, disk) != checksum(DISK_CMD_READ, 2, 2, got)
    assert disk_read(DISK_SUM, st, disk) == checksum(DISK_CMD_READ, 2, 2, part)
    disk_read(DISK_DATA, st, disk)                        # the last word ends it
    data = [0x11111111 * (i % 15) for i in range(128)]
    command(st, disk, DISK_CMD_WRITE, 5, 1)
    for w in data:
        disk_write(DISK_DATA, w, st, disk, False)
    assert disk_read(DISK_SUM, st, disk) == checksum(DISK_CMD_WRITE, 5, 1, data)
    # FLUSH and IDENTIFY leave the last transfer's sum alone
    command(st, disk, DISK_CMD_FLUSH, 0, 0)
    assert disk_read(DISK_SUM, st, disk) == checksum(DISK_CMD_WRITE, 5, 1, data)
