"""Where the machine keeps its state, and why the compiled loop stops.

The machine is a handful of NumPy arrays, so a snapshot is a copy:

    regs   uint32[17]   x0..x15; slot 16 swallows writes to x0
    csr    uint32[16]   control registers, indexed by CSR number
    st     int64[ST_SIZE] everything else: pc, time, device registers
    mem8   uint8[RAM]   physical memory (mem16/mem32 are views of it)
    code   int64[RAM/4] predecoded words, rebuilt lazily after a store
    tlb    int64[4*TLB_SIZE] software TLB: read/write/execute tags, frames
    outbuf uint8[...]   console output not yet written by the host
    errbuf uint8[...]   debug-port (0xE9) output not yet written
    inbuf  uint8[...]   console input the guest has not read yet
    disk   uint32[...]  the disk image, mapped from its file
    dbg    int64[DBG_SIZE] breakpoints and watchpoints (the debugger's)

The `st` indices and the exit reasons are plain integers so that the
compiled code can use them as constants.
"""

# --- st: scalar state -------------------------------------------------------
PC = 0            # program counter
NOW = 1           # time: instructions executed plus idle time skipped by wfi
IDLE = 2          # idle time skipped so far (instructions retired = NOW - IDLE)
MEM_SIZE = 4      # bytes of RAM (a power of two)
EXIT_VALUE = 5    # debug-exit status
TRAP_CAUSE = 6    # the trap that stopped the machine (unhandled or double fault)
TRAP_PC = 7
TRAP_BAD = 8
TICK_AT = 9       # time of the next timer tick (-1: timer stopped)
TIMER_PERIOD = 10
PIC_PENDING = 11  # latched interrupt requests (the console's line is added when read)
PIC_MASK = 12
UART_IER = 13
UART_LCR = 14
UART_MCR = 15
UART_SCR = 16
IN_POS = 17       # next unread byte of inbuf
IN_LEN = 18       # bytes in inbuf
IN_EOF = 19       # the host has no more input to give
IN_EOF_SEEN = 20  # the guest has read LSR with the EOF bit set
IN_LIVE = 21      # the host may get more input: ask it when the guest finds none
IN_WANTED = 22    # the guest looked for input and found none (host may wait)
OUT_LEN = 23      # bytes waiting in outbuf
ERR_LEN = 24      # bytes waiting in errbuf
DISK_LBA = 25
DISK_COUNT = 26
DISK_STATUS = 27
DISK_ERROR = 28
DISK_POS = 29     # word index of the next data word of the transfer
DISK_END = 30     # word index where the transfer ends
DISK_MODE = 31    # DISK_IDLE, DISK_READING, DISK_WRITING, DISK_IDENTIFYING
DISK_SECTORS = 32  # sectors in the image (0: no disk)
DISK_DIRTY = 33   # the guest wrote sectors since the last flush
ENTERED = 34      # the last run() stopped right after entering a trap handler,
                  # before its first instruction (a debugger position of its own)
KERNEL_TIME = 35  # instructions retired in kernel mode, up to the last switch to user mode
KERNEL_SINCE = 36  # instructions retired when kernel mode was last entered from user mode
                  # (both kept at the mode switches only, never per instruction;
                  # Machine.kernel_retired adds the current stretch)
DISK_WIN_LBA = 37  # the transfer window (DISK_WIN_* ports): first sector,
DISK_WIN_COUNT = 38  # sectors,
DISK_WIN_CTL = 39  # DISK_WIN_ON | DISK_WIN_READ | DISK_WIN_WRITE
DISK_SUM = 40     # checksum of the last read or write so far (DISK_SUM port)
MODULE_RECORD = 41  # the address the last DEBUG_MODULE write gave (a module record)
HP_SELECT = 42    # the hot-plug bus: the slot HP_SLOT selected,
HP_EVENTS = 43    # slots whose device arrived or left, not yet acknowledged (bit per slot),
HP_DEVICES = 44   # what each slot holds: 4 bits per slot, a BUS_DEVICES index + 1 (0: empty)
HOST_NEXT = 45    # host events (Machine.schedule) applied so far: the index of the next one
HOST_AT = 46      # the time of the next host event, -1: none (the loop stops there)
RTC_EPOCH = 47    # the real-time clock: Unix seconds at time 0 (k32 boot --rtc),
RTC_INDEX = 48    # the register RTC_INDEX selected,
RTC_B = 49        # status B,
RTC_C = 50        # status C's latched bits (RTC_C_IRQF),
RTC_SEEN = 51     # the second (time // RTC_HZ) when status C was last read,
RTC_TICK_AT = 52  # the time the current second ends, while RTC_B_UIE is set (-1: not)
ST_SIZE = 64

DISK_IDLE, DISK_READING, DISK_WRITING, DISK_IDENTIFYING = 0, 1, 2, 3

# --- why run() returned -------------------------------------------------------
EXIT_BUDGET = 0        # the instruction budget of this call is spent
EXIT_HALT = 1          # `halt` in kernel mode
EXIT_DEBUG = 2         # a write to the debug-exit port (status in st[EXIT_VALUE])
EXIT_TRAP = 3          # a trap with no handler (tvec = 0)
EXIT_DOUBLE_FAULT = 4  # a trap at the trap vector itself
EXIT_OUTPUT = 5        # an output buffer is full: drain it and resume
EXIT_INPUT = 6         # the guest looked for console input and found none
EXIT_IDLE = 7          # wfi while nothing is pending: the host may wait for input
EXIT_DEADLOCK = 8      # wfi with no interrupt that could ever arrive
EXIT_FLUSH = 9         # the disk's flush command: make the image file durable
EXIT_BREAKPOINT = 10   # an instruction marked as a breakpoint (debugger)
EXIT_WATCH = 11        # an access to a watched range, stopped before it happens
# Two more that only Machine.run sees (it handles them and calls the loop again):
EXIT_HOT = 12          # a backward branch target became hot: translate it (st[PC])
EXIT_STORED = 13       # stores hit translated code (jt's dirty list): invalidate it
EXIT_MODULE = 14       # a write to the DEBUG_MODULE port (the record's address in
                       # st[MODULE_RECORD]): Machine.run tells its module hooks and
                       # resumes, unless one asks to stop

# --- dbg: what the debugger asks the loop to stop for (int64 array) -------------
# Watchpoints: the loop stops with EXIT_WATCH before any data access whose
# physical address is in [WATCH_LO, WATCH_LO + WATCH_SPAN), the bounding
# range of all watchpoints; the debugger sorts out which one (if any) wants
# it.  Breakpoints are physical addresses: the debugger marks their words
# BREAKPOINT in `code`, and the loop looks them up here when it re-decodes a
# word that a store made STALE.
DBG_WATCH_LO = 0
DBG_WATCH_SPAN = 1     # 0: no watchpoints
DBG_BREAK_COUNT = 2
DBG_BREAKS = 8
MAX_BREAKS = 1024
DBG_SIZE = DBG_BREAKS + MAX_BREAKS

# --- jt: the translator's table (int64 array; host state, never the guest's) -------
# The loop talks to translated code (vm/machine/translate.py) through the
# header; a translated word's `code` entry is OP_TRANSLATED with a table
# index in its immediate, and every word a translation was built from
# carries TRANSLATED_FLAG (bit 15, above slot A), so a store into one is
# noticed in the same load that marks it STALE.
J_NOW = 0          # in: instructions before the entry; out: after the last retired
J_LIMIT = 1        # in: the loop's next event time (a block runs only if it ends by then)
J_PC = 2           # in: the entry's (virtual) pc; out: the next pc
J_MEM_SIZE = 3
J_OFFSET = 4       # in: the entry word's byte offset in its translation
J_STEP = 5         # the call is a single step (budget 1 from the caller)
J_DIRTY_COUNT = 6  # translated words stored into, not yet invalidated (the list below)
J_ON = 7           # translation is enabled
J_CALLS = 8        # calls of translated code so far (statistics, for k32 bench cpu)
J_RAN = 9          # instructions retired in translated code so far
J_DIRTY = 16       # the dirty word indices
MAX_DIRTY = 64     # a full list means: invalidate everything
J_HOT = 10         # taken backward jumps left before the next hot sample (see cpu.branch)
J_TABLE = 128      # entries: (function address, original word, mode,
J_ENTRY = 5        #           offset in the translation, physical address)
MAX_ENTRIES = 16384
J_SIZE = J_TABLE + J_ENTRY * MAX_ENTRIES
OP_TRANSLATED = 0xFC
TRANSLATED_FLAG = 1 << 15
RC_LEFT = 0        # translated code left its region (pc anywhere)
RC_BAIL = 1        # it stopped before the instruction at pc: interpret that one

# --- sizes --------------------------------------------------------------------
REGS = 17
CSR_COUNT = 16
TLB_SIZE = 1024            # direct-mapped entries
OUT_CAPACITY = 1 << 16
IN_CAPACITY = 1 << 16
BLOCK_WORDS = 128          # words one execution of ins/outs moves at most

# --- predecoded words: opcode in bits 7:0 ---------------------------------------
STALE = 0x00        # not decoded since it last changed: decode it (zero, so a fresh
                    # machine's code array costs nothing until it is touched)
ILLEGAL = 0xFD      # not a valid instruction
BREAKPOINT = 0xFE   # the debugger's mark (the real word is decoded when stepping over it)
