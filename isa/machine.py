"""The K32 privileged architecture as data: control registers, status bits,
trap causes, page-table entry bits and the I/O port map.

Each constant group is a list of (NAME, value, meaning) rows so that the
generators can emit both the assembly include files and the reference.
"""

# Control registers, reached with csrrw/csrrs/csrrc (kernel mode only).
CSRS = [
    ("status",   0, "mode and interrupt-enable bits, with the copies saved at trap entry"),
    ("tvec",     1, "trap vector: the address trap entry jumps to (0 = no handler: the machine stops and reports the trap)"),
    ("epc",      2, "pc of the trapping instruction (or of the next one, for interrupts)"),
    ("cause",    3, "why the last trap happened (see trap causes)"),
    ("badaddr",  4, "faulting address of the last memory or alignment trap"),
    ("kscratch", 5, "free for the kernel (e.g. the kernel stack pointer while in user mode)"),
    ("ptbase",   6, "physical address of the root page table (4 KiB aligned)"),
    ("instret",  7, "retired instructions, low 32 bits (read-only: writes are ignored)"),
    ("instreth", 8, "retired instructions, high 32 bits (read-only: writes are ignored)"),
    ("iomap",    9, "physical address of the I/O permission map: 65536 bits, one per port (8 KiB); a set bit lets user mode use that port; 0 = no port"),
]

# Bits of the status register.
STATUS_BITS = [
    ("STATUS_KERNEL", 1 << 0, "1 = kernel mode, 0 = user mode"),
    ("STATUS_IE",     1 << 1, "interrupts enabled"),
    ("STATUS_PKERNEL", 1 << 2, "mode before the last trap (restored by eret)"),
    ("STATUS_PIE",    1 << 3, "IE before the last trap (restored by eret)"),
    ("STATUS_PAGING", 1 << 4, "user-mode addresses are translated through ptbase"),
]

# Trap causes, written to `cause`.  Interrupts have bit 31 set and the IRQ
# number in the low bits.
INTERRUPT_BIT = 1 << 31
TRAP_CAUSES = [
    ("CAUSE_ILLEGAL",         1, "illegal instruction"),
    ("CAUSE_PRIVILEGED",      2, "privileged instruction in user mode"),
    ("CAUSE_SYSCALL",         3, "syscall instruction"),
    ("CAUSE_BREAK",           4, "break instruction"),
    ("CAUSE_MISALIGNED_FETCH", 5, "jump or branch to an address that is not a multiple of 4"),
    ("CAUSE_MISALIGNED_LOAD", 6, "load from an address not aligned to its size"),
    ("CAUSE_MISALIGNED_STORE", 7, "store to an address not aligned to its size"),
    ("CAUSE_FETCH_FAULT",     8, "page fault on instruction fetch"),
    ("CAUSE_LOAD_FAULT",      9, "page fault on load"),
    ("CAUSE_STORE_FAULT",    10, "page fault on store"),
    ("CAUSE_BUS_ERROR",      11, "physical address outside RAM"),
    ("CAUSE_IO_VIOLATION",   12, "port access outside the ports granted to user mode (I/O permission map)"),
]

# Interrupt request lines of the interrupt controller.
IRQS = [
    ("IRQ_TIMER",   0, "interval timer expired"),
    ("IRQ_CONSOLE", 1, "console UART has received a byte"),
    ("IRQ_DISK",    2, "disk controller finished a command"),
    ("IRQ_HOTPLUG", 3, "hot-plug bus: a device arrived or left (level: up while HP_EVENT is not 0)"),
    ("IRQ_RTC",     4, "real-time clock: a second ended with RTC_B_UIE set (level: up until RTC_REG_C is read)"),
]

# Page tables: two levels, 4 KiB pages.  A virtual address splits 10+10+12:
# bits 31:22 index the root table, 21:12 the second-level table, 11:0 are the
# offset.  An entry holds a physical page number in bits 31:12 and flags in
# the low bits; a root entry with V set and R, W, X clear points to a
# second-level table, a second-level entry maps a page.
PAGE_BITS = [
    ("PAGE_SIZE", 4096, "bytes in a page"),
    ("PAGE_SHIFT", 12, "log2 of PAGE_SIZE; a PTE's page number is entry >> PAGE_SHIFT"),
    ("PT_ENTRIES", 1024, "entries in a page table (one page of 4-byte entries)"),
    ("PTE_V", 1 << 0, "valid"),
    ("PTE_R", 1 << 1, "readable"),
    ("PTE_W", 1 << 2, "writable"),
    ("PTE_X", 1 << 3, "executable"),
    ("PTE_U", 1 << 4, "accessible from user mode"),
]

# I/O ports.  Each port carries a 32-bit value.
PORTS = [
    ("PIC_PENDING",   0x20, "interrupt controller: pending IRQ bits (read); write 1s to acknowledge"),
    ("PIC_MASK",      0x21, "interrupt controller: IRQ enable mask (bit n enables IRQ n)"),
    ("TIMER_PERIOD",  0x40, "interval timer: period in retired instructions (0 = stopped)"),
    ("TIMER_COUNT",   0x41, "interval timer: instructions left until the next tick (read)"),
    ("RTC_INDEX",     0x70, "real-time clock (when plugged in; the bus gives its ports): the register RTC_DATA reaches next (an RTC_REG_* number)"),
    ("RTC_DATA",      0x71, "real-time clock: the register RTC_INDEX selected (read; RTC_REG_B is also written)"),
    ("HP_SLOT",       0xC0, "hot-plug bus: the slot the registers below describe (0 .. HP_COUNT-1; read back as written)"),
    ("HP_CLASS",      0xC1, "hot-plug bus: the selected slot's device class, HPC_* (read; HPC_NONE: empty)"),
    ("HP_ID",         0xC2, "hot-plug bus: the selected slot's device ID, vendor << 16 | device (read)"),
    ("HP_PORT",       0xC3, "hot-plug bus: the first of the device's ports (read)"),
    ("HP_NPORTS",     0xC4, "hot-plug bus: how many consecutive ports it answers (read)"),
    ("HP_IRQ",        0xC5, "hot-plug bus: its interrupt line, or HP_NO_IRQ (read)"),
    ("HP_EVENT",      0xC6, "hot-plug bus: bit n = slot n's device arrived or left since acknowledged (read); write 1s to acknowledge"),
    ("HP_COUNT",      0xC7, "hot-plug bus: the number of slots (read)"),
    ("DEBUG_EXIT",    0xF4, "debug exit: a write ends the run with status value & 0xFF"),
    ("DEBUG_MODULE",  0xF5, "debug: module notification: a write gives the address of a module record (isa/module.py) that was loaded or is going; the run stops for the host, which may read it"),
    ("DEBUG_PRINT",   0xE9, "debug print: a write sends the low byte to the host's stderr"),
    ("DISK_DATA",     0x1F0, "disk: data, one 32-bit word per access"),
    ("DISK_ERROR",    0x1F1, "disk: error code of the last command"),
    ("DISK_COUNT",    0x1F2, "disk: sector count for the next command"),
    ("DISK_LBA",      0x1F3, "disk: first sector (logical block address)"),
    ("DISK_STATUS",   0x1F7, "disk: status (read)"),
    ("DISK_COMMAND",  0x1F7, "disk: command (write)"),
    ("DISK_WIN_LBA",  0x1F8, "disk: first sector of the transfer window (privileged: writes from user mode are ignored)"),
    ("DISK_WIN_COUNT", 0x1F9, "disk: sectors in the transfer window (privileged)"),
    ("DISK_WIN_CTL",  0x1FA, "disk: transfer window control, DISK_WIN_* bits (privileged); a write ends a transfer under way"),
    ("DISK_SUM",      0x1FB, "disk: checksum of the last read or write: its command, sector, count and every data word moved so far (read)"),
    ("UART_DATA",     0x3F8, "console UART: receive (read) / transmit (write) one byte"),
    ("UART_IER",      0x3F9, "console UART: interrupt enable (bit 0: byte received)"),
    ("UART_IIR",      0x3FA, "console UART: interrupt identification"),
    ("UART_LCR",      0x3FB, "console UART: line control (accepted, ignored)"),
    ("UART_MCR",      0x3FC, "console UART: modem control (accepted, ignored)"),
    ("UART_LSR",      0x3FD, "console UART: line status"),
    ("UART_MSR",      0x3FE, "console UART: modem status"),
    ("UART_SCR",      0x3FF, "console UART: scratch"),
]

# Device classes and IDs on the hot-plug bus (HP_CLASS, HP_ID).  An ID is
# vendor << 16 | device; K32's own vendor number is 0x4B32 ("K2").
HOTPLUG_CLASSES = [
    ("HPC_NONE",    0, "the slot is empty"),
    ("HPC_CONSOLE", 1, "console UART (16550-like)"),
    ("HPC_DISK",    2, "disk controller"),
    ("HPC_TIMER",   3, "interval timer"),
    ("HPC_RTC",     4, "real-time clock (CMOS-like)"),
    ("HPID_CONSOLE", 0x4B320001, "the console UART"),
    ("HPID_DISK",   0x4B320002, "the disk controller"),
    ("HPID_TIMER",  0x4B320003, "the interval timer"),
    ("HPID_RTC",    0x4B320146, "the real-time clock (146818-like)"),
]

# The devices the bus knows: (host name, class, ID, first port, ports, IRQ or
# None, fixed).  Fixed devices sit in slots 0-2 from reset; the others are
# plugged in from the host (k32 boot --plug, the monitor's device_add) into
# the lowest free slot.
BUS_DEVICES = [
    ("console", "HPC_CONSOLE", "HPID_CONSOLE", 0x3F8, 8, "IRQ_CONSOLE", True),
    ("disk",    "HPC_DISK",    "HPID_DISK",    0x1F0, 12, "IRQ_DISK", True),
    ("timer",   "HPC_TIMER",   "HPID_TIMER",   0x40, 2, "IRQ_TIMER", True),
    ("rtc",     "HPC_RTC",     "HPID_RTC",     0x70, 2, "IRQ_RTC", False),
]

# Bits of the device registers above.
DEVICE_BITS = [
    ("LSR_DATA_READY", 1 << 0, "UART_LSR: a byte can be read from UART_DATA"),
    ("LSR_EOF",        1 << 4, "UART_LSR: the input has ended and every byte was read (K32's own use of 16550 bit 4)"),
    ("LSR_THR_EMPTY",  1 << 5, "UART_LSR: UART_DATA accepts a byte"),
    ("LSR_IDLE",       1 << 6, "UART_LSR: transmitter idle"),
    ("IER_RX",         1 << 0, "UART_IER: interrupt when a byte arrives"),
    ("DISK_ST_ERR",    1 << 0, "DISK_STATUS: the last command failed (see DISK_ERROR)"),
    ("DISK_ST_DRQ",    1 << 3, "DISK_STATUS: data words are ready / expected"),
    ("DISK_ST_READY",  1 << 6, "DISK_STATUS: ready for a command"),
    ("DISK_ST_BUSY",   1 << 7, "DISK_STATUS: busy"),
    ("DISK_CMD_READ",  0x20, "DISK_COMMAND: read DISK_COUNT sectors from DISK_LBA"),
    ("DISK_CMD_WRITE", 0x30, "DISK_COMMAND: write DISK_COUNT sectors at DISK_LBA"),
    ("DISK_CMD_FLUSH", 0xE7, "DISK_COMMAND: flush written sectors to the image file"),
    ("DISK_CMD_IDENTIFY", 0xEC, "DISK_COMMAND: 128 words; word 0 = number of sectors"),
    ("DISK_ERR_NONE",  0, "DISK_ERROR: the last command succeeded"),
    ("DISK_ERR_NO_MEDIA", 1, "DISK_ERROR: no disk image is attached"),
    ("DISK_ERR_RANGE", 2, "DISK_ERROR: sectors outside the disk, or a count of 0"),
    ("DISK_ERR_COMMAND", 3, "DISK_ERROR: unknown command, or a command while a transfer is under way"),
    ("DISK_ERR_WINDOW", 4, "DISK_ERROR: a read or write outside the transfer window, or in a direction it does not allow; or a transfer ended by a write to DISK_WIN_CTL"),
    ("DISK_WIN_ON",    1 << 0, "DISK_WIN_CTL: the window is enforced (0: every read and write is allowed, as after reset)"),
    ("DISK_WIN_READ",  1 << 1, "DISK_WIN_CTL: reads inside the window are allowed"),
    ("DISK_WIN_WRITE", 1 << 2, "DISK_WIN_CTL: writes inside the window are allowed"),
    ("DISK_SUM_PRIME", 0x01000193, "DISK_SUM: h = h * DISK_SUM_PRIME + x (mod 2^32) for x = command, sector, count, then each data word, from h = 0"),
    ("RTC_REG_SEC",    0x00, "RTC_INDEX: seconds, 0-59 (every RTC register is binary, not BCD)"),
    ("RTC_REG_MIN",    0x02, "RTC_INDEX: minutes, 0-59"),
    ("RTC_REG_HOUR",   0x04, "RTC_INDEX: hours, 0-23"),
    ("RTC_REG_WDAY",   0x06, "RTC_INDEX: day of the week, 1-7 (1 = Sunday)"),
    ("RTC_REG_MDAY",   0x07, "RTC_INDEX: day of the month, 1-31"),
    ("RTC_REG_MON",    0x08, "RTC_INDEX: month, 1-12"),
    ("RTC_REG_YEAR",   0x09, "RTC_INDEX: year in the century, 0-99"),
    ("RTC_REG_A",      0x0A, "RTC_INDEX: status A (reads 0: no update is ever in progress, but a second may end between two reads)"),
    ("RTC_REG_B",      0x0B, "RTC_INDEX: status B, RTC_B_* bits (RTC_B_UIE is writable)"),
    ("RTC_REG_C",      0x0C, "RTC_INDEX: status C, RTC_C_* bits; reading it clears them and lowers IRQ_RTC"),
    ("RTC_REG_CENTURY", 0x32, "RTC_INDEX: century, e.g. 20"),
    ("RTC_B_UIE",      1 << 4, "RTC_REG_B: interrupt (IRQ_RTC) at the end of every second"),
    ("RTC_B_BINARY",   1 << 2, "RTC_REG_B: registers are binary (always set)"),
    ("RTC_B_24H",      1 << 1, "RTC_REG_B: hours 0-23 (always set)"),
    ("RTC_C_IRQF",     1 << 7, "RTC_REG_C: an interrupt is up (a second ended while RTC_B_UIE was set)"),
    ("RTC_C_UF",       1 << 4, "RTC_REG_C: a second ended since RTC_REG_C was last read"),
    ("RTC_HZ",         10_000_000, "the clock's rate: its time is the start time (k32 boot --rtc) plus the machine's time in instructions / RTC_HZ seconds (the timer's 100 ticks)"),
    ("HP_NO_IRQ",      0xFFFFFFFF, "HP_IRQ: the device has no interrupt line"),
    ("HP_SLOTS",       8, "HP_COUNT: slots 0-2 hold the console, the disk and the timer; 3-7 are free for devices plugged in"),
    ("IIR_NONE",       0x01, "UART_IIR: no interrupt pending"),
    ("IIR_RX",         0x04, "UART_IIR: received data available"),
    ("SECTOR_SIZE",    512, "bytes in a disk sector"),
]
