"""The K32 interpreter: one compiled loop that runs until the host is needed.

`run()` executes guest instructions until its budget is spent or something
needs the host (an output buffer to drain, input to fetch, the end of the
run, a trap nobody handles) and returns the reason (state.EXIT_*).  The
debugger, the tracer and `k32 run` all call this same function; a single
step is `budget=1`.  Under NUMBA_DISABLE_JIT=1 it runs as plain Python.

How it is made fast (see ../shared/PERFORMANCE.md):

- Instruction words are predecoded into `code`, one int64 per word:
  opcode in bits 7:0, the register slots A, B, C in bits 15:8, 23:16 and
  31:24, the immediate (sign-extended, branch offsets already in bytes) in
  bits 63:32.  Decoding is lazy: `code` starts as STALE (0) everywhere, and a
  store marks the word it hits STALE again, so self-modifying code and
  program loading stay correct with no decode pass and no check on fetch.
- A destination register x0 is predecoded as slot 16, a register nobody
  reads, so no instruction needs an `rd != 0` test.
- One mask test per access checks both range and alignment
  (`addr & (-RAM | size-1)`, in `data_address`, which LLVM inlines), and
  also proves every index non-negative.
- Registers are a local uint32 array, written back on exit.
- Time, the timer and pending interrupts are handled in one "event" block
  that runs only when the time reaches `limit` (the next tick or the end
  of the budget); anything that may unmask an interrupt sets `limit` to
  now, and a trap sets it to -1, so the hot path checks one integer.
"""

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from .devices import port_in, port_out
from .devices.actions import ACT_EXIT, ACT_FLUSH, ACT_FULL, ACT_MODULE
from .devices.pic import pending
from .devices.rtc import rtc_tick
from .isa_constants import (CAUSE_BREAK, CAUSE_BUS_ERROR, CAUSE_FETCH_FAULT,
                            CAUSE_ILLEGAL, CAUSE_IO_VIOLATION, CAUSE_LOAD_FAULT,
                            CAUSE_MISALIGNED_FETCH, CAUSE_MISALIGNED_LOAD,
                            CAUSE_MISALIGNED_STORE, CAUSE_PRIVILEGED,
                            CAUSE_STORE_FAULT, CAUSE_SYSCALL, CSR_BADADDR, CSR_CAUSE,
                            CSR_EPC, CSR_INSTRET, CSR_INSTRETH, CSR_IOMAP, CSR_PTBASE,
                            CSR_STATUS, CSR_TVEC, IMM_BOFF, IMM_FENCE, IMM_INVALID,
                            IMM_JOFF, IMM_S16, IMM_SHAMT, IMM_U20, IMMEDIATE_FORM,
                            INTERRUPT_BIT, IRQ_TIMER, IMM_NONE, OP_ADD, OP_ADDI, OP_AND, OP_ANDI, OP_AUIPC,
                            OP_BEQ, OP_BGE, OP_BGEU, OP_BLT, OP_BLTU, OP_BNE,
                            OP_BREAK, OP_CSRRC, OP_CSRRS, OP_CSRRW, OP_DIV, OP_DIVU,
                            OP_ERET, OP_FENCE, OP_HALT, OP_IN, OP_INS, OP_JAL,
                            OP_JALR, OP_LB, OP_LBU, OP_LH, OP_LHU, OP_LUI, OP_LW,
                            OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU, OP_OR, OP_ORI,
                            OP_OUT, OP_OUTS, OP_REM, OP_REMU, OP_SB, OP_SH, OP_SLL,
                            OP_SLLI, OP_SLT, OP_SLTI, OP_SLTIU, OP_SLTU, OP_SRA,
                            OP_SRAI, OP_SRL, OP_SRLI, OP_SUB, OP_SW, OP_SYSCALL,
                            OP_TLBFLUSH, OP_WFI, OP_XOR, OP_XORI, PTE_R, PTE_U,
                            PTE_V, PTE_W, PTE_X, RESERVED_BITS, STATUS_IE,
                            STATUS_KERNEL, STATUS_PAGING, STATUS_PIE,
                            STATUS_PKERNEL, WRITES_SLOT_A)
from .jit import njit, njit_inline
from .state import (BLOCK_WORDS, HOST_AT, BREAKPOINT, EXIT_HOT, EXIT_STORED, J_DIRTY,
                    J_CALLS, J_DIRTY_COUNT, J_ENTRY, J_HOT, J_LIMIT, J_NOW, J_OFFSET, J_PC, J_RAN, J_STEP,
                    J_TABLE, MAX_DIRTY, MAX_ENTRIES, OP_TRANSLATED, RC_BAIL, TRANSLATED_FLAG, DBG_BREAK_COUNT, DBG_BREAKS, DBG_WATCH_LO,
                    DBG_WATCH_SPAN, ENTERED, EXIT_BREAKPOINT, EXIT_BUDGET,
                    EXIT_DEADLOCK, EXIT_DEBUG, EXIT_DOUBLE_FAULT, EXIT_FLUSH,
                    EXIT_HALT, EXIT_IDLE, EXIT_INPUT, EXIT_MODULE, EXIT_OUTPUT, EXIT_TRAP,
                    EXIT_WATCH,
                    IDLE, ILLEGAL, IN_LIVE, IN_WANTED, KERNEL_SINCE, KERNEL_TIME,
                    MEM_SIZE, NOW,
                    PC, PIC_MASK, PIC_PENDING, RTC_TICK_AT, STALE, TICK_AT,
                    TIMER_PERIOD, TLB_SIZE, TRAP_BAD, TRAP_CAUSE, TRAP_PC)

TLB_MASK = TLB_SIZE - 1
TAG_R, TAG_W, TAG_X, FRAME = 0, TLB_SIZE, 2 * TLB_SIZE, 3 * TLB_SIZE
MASK32 = 0xFFFFFFFF
PAGE_MASK = 0xFFF
STATUS_MODE_BITS = STATUS_KERNEL | STATUS_IE | STATUS_PKERNEL | STATUS_PIE
STATUS_DEFINED = STATUS_MODE_BITS | STATUS_PAGING
WATCH_STOP = 0x100                # a pseudo-cause: a watched access, not a trap
HOT_BIT = np.int64(1) << 40       # on pc: a jump target that has just become hot


@njit
def predecode(word):
    """The packed int64 for one instruction word (opcode ILLEGAL if invalid)."""
    op = word & 0xFF
    form = IMMEDIATE_FORM[op]
    if form == IMM_INVALID or word & RESERVED_BITS[op] != 0:
        return np.int64(ILLEGAL)
    a = (word >> 8) & 15
    b = (word >> 12) & 15
    c = (word >> 16) & 15
    if a == 0 and WRITES_SLOT_A[op] != 0:
        a = 16
    imm = np.int64(0)
    if form == IMM_U20:
        imm = np.int64(np.int32(word & 0xFFFFF000))
    elif form == IMM_JOFF:
        imm = np.int64(np.int32(word & 0xFFFFF000) >> 12) * 4
    elif form != IMM_NONE:                            # the 16-bit forms
        imm = np.int64(word >> 16)
        if form == IMM_S16 or form == IMM_BOFF:
            imm = np.int64(np.int16(imm))
            if form == IMM_BOFF:
                imm *= 4
        elif form == IMM_SHAMT and imm > 31:
            return np.int64(ILLEGAL)
        elif form == IMM_FENCE and imm > 255:
            return np.int64(ILLEGAL)
    return np.int64(op | (a << 8) | (b << 16) | (c << 24)) | (imm << 32)


@njit
def signed_divide(rs1, rs2):
    """(quotient, remainder) as RISC-V defines them, also for /0 and overflow."""
    x = np.int64(np.int32(rs1))
    y = np.int64(np.int32(rs2))
    if y == 0:
        return np.int64(-1), x
    if x == -2147483648 and y == -1:
        return x, np.int64(0)
    q = abs(x) // abs(y)
    if (x < 0) != (y < 0):
        q = -q
    return q, x - q * y


@njit
def flush_tlb(tlb):
    tlb[:3 * TLB_SIZE] = -1


@njit
def walk(vaddr, need, csr, mem32, tlb, memsize):
    """Translate a user virtual address through the page tables.

    `need` is PTE_R, PTE_W or PTE_X.  Returns the physical address, or
    -cause for a page fault or bus error; a successful walk fills the TLB.
    """
    fault = CAUSE_FETCH_FAULT if need == PTE_X else (
        CAUSE_STORE_FAULT if need == PTE_W else CAUSE_LOAD_FAULT)
    root = np.int64(csr[CSR_PTBASE]) & ~PAGE_MASK
    at = root + (vaddr >> 22) * 4
    if at + 4 > memsize:
        return -fault
    entry = np.int64(mem32[at >> 2])
    if entry & PTE_V == 0 or entry & (PTE_R | PTE_W | PTE_X) != 0:
        return -fault
    at = (entry & ~PAGE_MASK) + ((vaddr >> 12) & 1023) * 4
    if at + 4 > memsize:
        return -fault
    entry = np.int64(mem32[at >> 2])
    if entry & PTE_V == 0 or entry & PTE_U == 0 or entry & need == 0:
        return -fault
    frame = entry & ~PAGE_MASK & MASK32
    if frame + 4096 > memsize:
        return -CAUSE_BUS_ERROR
    vpn = vaddr >> 12
    slot = vpn & TLB_MASK
    tlb[TAG_R + slot] = vpn if entry & PTE_R else -1
    tlb[TAG_W + slot] = vpn if entry & PTE_W else -1
    tlb[TAG_X + slot] = vpn if entry & PTE_X else -1
    tlb[FRAME + slot] = frame
    return frame | (vaddr & PAGE_MASK)


@njit
def translate(vaddr, need, csr, mem32, tlb, memsize):
    """A user data address through the TLB (walking the tables on a miss):
    the physical address, or -cause."""
    slot = (vaddr >> 12) & TLB_MASK
    if tlb[(TAG_W if need == PTE_W else TAG_R) + slot] == vaddr >> 12:
        return tlb[FRAME + slot] | (vaddr & PAGE_MASK)
    return walk(vaddr, need, csr, mem32, tlb, memsize)


@njit
def data_address(vaddr, size, need, kernel_view, csr, mem32, tlb, memsize, wlo, wspan, dbg):
    """Physical address of a data access of `size` bytes, or -cause.

    `need` is PTE_R or PTE_W; `kernel_view` is true when addresses are
    physical (kernel mode or paging off).  Alignment is checked first, then
    translation, then RAM.  With RAM a power of two, one mask test covers
    range and alignment, and proves every index non-negative.

    An access whose physical address falls in [wlo, wlo + wspan), the
    bounding range of the watchpoints (wlo three bytes below the lowest,
    so that any access overlapping one passes), returns -WATCH_STOP and the
    loop stops before it; the debugger decides whether a watchpoint really
    wants it.  Anything more than this one unsigned compare here (a loop
    over the watchpoints, recording the hit) costs 2-6x on load/store-heavy
    code: LLVM then no longer folds this helper into the loop.
    """
    if vaddr & ((~(memsize - 1) & MASK32) | (size - 1)) == 0:
        if kernel_view:
            if np.uint64(vaddr - wlo) < wspan:
                return -WATCH_STOP
            return vaddr
    elif vaddr & (size - 1):
        return -(CAUSE_MISALIGNED_STORE if need == PTE_W else CAUSE_MISALIGNED_LOAD)
    elif kernel_view:
        return -CAUSE_BUS_ERROR
    addr = translate(vaddr, need, csr, mem32, tlb, memsize)
    if np.uint64(addr - wlo) < wspan:       # addr < 0 (a fault) never passes
        return -WATCH_STOP
    return addr


@intrinsic
def call_translated(typingctx, address, r, jt, mem8, code, tlb):
    """Call the translated function at `address` (vm/machine/translate.py)
    with the data pointers of the arrays; its int64 result (RC_*)."""
    def codegen(context, builder, signature, args):
        pointers = [builder.bitcast(context.make_array(ty)(context, builder, value).data,
                                    ir.IntType(8).as_pointer())
                    for ty, value in zip(signature.args[1:], args[1:])]
        fnty = ir.FunctionType(ir.IntType(64), [ir.IntType(8).as_pointer()] * len(pointers))
        return builder.call(builder.inttoptr(args[0], fnty.as_pointer()), pointers)
    return types.int64(address, r, jt, mem8, code, tlb), codegen


@njit_inline
def note_store(jt, word):
    """A store hit a word translated code was built from: list it for
    invalidation (a full list stands for every word)."""
    n = jt[J_DIRTY_COUNT]
    if n < MAX_DIRTY:
        jt[J_DIRTY + n] = word
        jt[J_DIRTY_COUNT] = n + 1


@njit_inline
def wake_time(st):
    """The next time something can raise an interrupt by itself: a timer
    tick, the clock's second, a host event (a device plugged in); -1: none."""
    wake = st[TICK_AT]
    for at in (st[RTC_TICK_AT], st[HOST_AT]):
        if at >= 0 and (wake < 0 or at < wake):
            wake = at
    return wake


@njit_inline
def branch(pc, imm, taken, countdown):
    """(pc, countdown) after a branch (or jal) at `pc`.  Taken backward
    jumps count down; the target of the one that reaches zero is a sample
    of where the loops are: it comes back with HOT_BIT set, which the next
    fetch turns into EXIT_HOT (every other use of pc masks it to 32 bits).
    A local count, not a table in memory: a store per jump would halve the
    interpreter's speed on tight loops."""
    if not taken:
        return pc + 4, countdown
    target = (pc + imm) & MASK32
    if imm < 0:
        countdown -= 1
        if countdown <= 0:                    # (below zero: the last sample was lost)
            return target | HOT_BIT, countdown
    return target, countdown


@njit
def is_breakpoint(phys, dbg):
    for i in range(dbg[DBG_BREAK_COUNT]):
        if dbg[DBG_BREAKS + i] == phys:
            return True
    return False


@njit
def port_allowed(port, csr, mem8, memsize):
    """True if user mode may use `port` (its bit is set in the I/O permission map)."""
    base = np.int64(csr[CSR_IOMAP])
    if base == 0 or base + 8192 > memsize:
        return False
    return (mem8[base + (port >> 3)] >> (port & 7)) & 1 != 0


@njit
def run(regs, csr, st, mem8, mem16, mem32, code, tlb, outbuf, errbuf, inbuf, disk, dbg, jt, budget):
    """Execute at most `budget` instructions; returns an EXIT_* reason."""
    r = regs.copy()
    wlo = dbg[DBG_WATCH_LO]
    wspan = np.uint64(dbg[DBG_WATCH_SPAN])
    memsize = st[MEM_SIZE]
    fetch_mask = (~(memsize - 1) & MASK32) | 3 | (~MASK32)  # bits a physical pc must not have
    pc = st[PC]
    now = st[NOW]
    end = now + budget
    limit = now                               # run the event block first
    fault = 0                                 # a trap raised by the current instruction
    bad = np.int64(0)                         # its bad address (or instruction word / port)
    reason = EXIT_BUDGET
    status = np.int64(csr[CSR_STATUS])
    xlate = status & (STATUS_KERNEL | STATUS_PAGING) == STATUS_PAGING
    fvpn = np.int64(-1)                       # page of the last fetch translation
    fdelta = np.int64(0)                      # its physical minus virtual address
    # The time a trap handler was entered at: while it still is the time,
    # the handler's first instruction has not run (st[ENTERED] on exit).
    entered_at = now if st[ENTERED] != 0 else np.int64(-1)
    interpret_at = np.int64(-1)               # a translated word to interpret once
    single_step = jt[J_STEP] != 0
    countdown = jt[J_HOT]                     # backward jumps to the next hot sample
    while True:
        if now >= limit:
            # ---- events: a trap, timer ticks, interrupts, the end of the budget
            if fault != 0:
                spent = now >= end
                now -= 1                      # the trapping instruction did not retire
                if fault == WATCH_STOP:       # stop before the watched access
                    fault = 0
                    reason = EXIT_WATCH
                    break
                tvec = np.int64(csr[CSR_TVEC])
                if tvec == 0 or pc == tvec:
                    st[TRAP_CAUSE] = fault
                    st[TRAP_PC] = pc
                    st[TRAP_BAD] = bad
                    reason = EXIT_TRAP if tvec == 0 else EXIT_DOUBLE_FAULT
                    break
                status = np.int64(csr[CSR_STATUS])
                if status & STATUS_KERNEL == 0:
                    st[KERNEL_SINCE] = now - st[IDLE]
                csr[CSR_STATUS] = ((status & ~STATUS_MODE_BITS) | STATUS_KERNEL
                                   | (STATUS_PKERNEL if status & STATUS_KERNEL else 0)
                                   | (STATUS_PIE if status & STATUS_IE else 0))
                csr[CSR_EPC] = pc
                csr[CSR_CAUSE] = fault
                csr[CSR_BADADDR] = bad
                pc = tvec
                xlate = False
                fault = 0
                entered_at = now
                if spent:
                    break
            tick = st[TICK_AT]
            if 0 <= tick <= now:
                st[PIC_PENDING] |= 1 << IRQ_TIMER
                tick += st[TIMER_PERIOD]
                if tick <= now:
                    tick = now + st[TIMER_PERIOD]
                st[TICK_AT] = tick
            clock = st[RTC_TICK_AT]
            if 0 <= clock <= now:
                rtc_tick(st, now)
            if now >= end:
                break
            status = np.int64(csr[CSR_STATUS])
            if status & STATUS_IE:
                lines = pending(st) & st[PIC_MASK]
                if lines != 0:
                    pc &= MASK32              # the next instruction's, maybe past 0xFFFFFFFC
                    irq = 0
                    while (lines >> irq) & 1 == 0:
                        irq += 1
                    tvec = np.int64(csr[CSR_TVEC])
                    if tvec == 0:
                        st[TRAP_CAUSE] = INTERRUPT_BIT | irq
                        st[TRAP_PC] = pc
                        st[TRAP_BAD] = 0
                        reason = EXIT_TRAP
                        break
                    if status & STATUS_KERNEL == 0:
                        st[KERNEL_SINCE] = now - st[IDLE]
                    csr[CSR_STATUS] = ((status & ~STATUS_MODE_BITS) | STATUS_KERNEL
                                       | (STATUS_PKERNEL if status & STATUS_KERNEL else 0)
                                       | STATUS_PIE)
                    csr[CSR_EPC] = pc
                    csr[CSR_CAUSE] = INTERRUPT_BIT | irq
                    csr[CSR_BADADDR] = 0
                    pc = tvec
                    xlate = False
                    entered_at = now
                    if single_step:           # a single step stops at the handler
                        break
            limit = end
            if 0 <= tick < limit:
                limit = tick
            clock = st[RTC_TICK_AT]
            if 0 <= clock < limit:
                limit = clock
        now += 1

        # ---- fetch
        if xlate:
            vpn = pc >> 12
            if vpn != fvpn:
                if pc >> 40 != 0:             # HOT_BIT (see branch)
                    now -= 1
                    pc &= MASK32
                    reason = EXIT_HOT
                    break
                # A new page.  This is also where a straight-line pc + 4 past
                # 0xFFFFFFFC wraps to 0 (page 0x100000 is never the last one
                # fetched), so the hot path never masks pc.
                pc &= MASK32
                vpn = pc >> 12
                slot = vpn & TLB_MASK
                if tlb[TAG_X + slot] == vpn:
                    phys = tlb[FRAME + slot]
                else:
                    phys = walk(pc, PTE_X, csr, mem32, tlb, memsize)
                    if phys < 0:
                        fault = -phys
                        bad = pc
                        limit = -1
                        continue
                    phys &= ~PAGE_MASK
                fvpn = vpn
                fdelta = phys - (pc & ~PAGE_MASK)
            ppc = pc + fdelta
        else:
            if pc & fetch_mask:
                if pc >> 40 != 0:             # HOT_BIT (see branch)
                    now -= 1
                    pc &= MASK32
                    reason = EXIT_HOT
                    break
                fault = CAUSE_BUS_ERROR
                bad = pc
                limit = -1
                continue
            ppc = pc
        d = code[ppc >> 2]
        op = d & 0xFF
        if op == OP_TRANSLATED:
            # Translated code starts here (vm/machine/translate.py): call it
            # unless a watchpoint is armed, the mode differs, or it just
            # stopped before this very word.  (No translation holds a
            # breakpoint's word: Machine.mark_breakpoints sees to it.)
            e = J_TABLE + J_ENTRY * ((d >> 32) & (MAX_ENTRIES - 1))
            if (ppc == interpret_at or jt[e + 2] != (1 if xlate else 0) or jt[e + 4] != ppc
                    or jt[e] == 0 or wspan != 0):
                # (an entry this machine's table does not hold, as in a `code`
                # array copied without `jt`, decodes its word afresh: jt[e+1] = 0)
                interpret_at = -1
                d = jt[e + 1]
                op = d & 0xFF
            elif jt[J_DIRTY_COUNT] != 0:      # invalidate first
                now -= 1
                reason = EXIT_STORED
                break
            else:
                jt[J_NOW] = now - 1
                jt[J_LIMIT] = limit
                jt[J_PC] = pc
                jt[J_OFFSET] = jt[e + 3]
                rc = call_translated(jt[e], r, jt, mem8, code, tlb)
                jt[J_CALLS] += 1
                jt[J_RAN] += jt[J_NOW] - (now - 1)
                now = jt[J_NOW]
                if rc == RC_BAIL:
                    interpret_at = ppc + (jt[J_PC] - pc)
                pc = jt[J_PC]
                if jt[J_DIRTY_COUNT] != 0:    # it stored into translated code
                    reason = EXIT_STORED
                    break
                continue
        a = (d >> 8) & 0x1F
        b = (d >> 16) & 0xFF
        c = (d >> 24) & 0xFF
        imm = d >> 32

        # ---- execute
        if op == OP_ADDI:
            r[a] = r[b] + imm
            pc += 4
        elif op == OP_ADD:
            r[a] = r[b] + r[c]
            pc += 4
        elif op == OP_LW:
            vaddr = (np.int64(r[b]) + imm) & MASK32
            addr = data_address(vaddr, 4, PTE_R, not xlate, csr, mem32, tlb, memsize, wlo, wspan, dbg)
            if addr < 0:
                fault = -addr
                bad = vaddr
                limit = -1
                continue
            r[a] = mem32[addr >> 2]
            pc += 4
        elif op == OP_LBU:
            vaddr = (np.int64(r[b]) + imm) & MASK32
            addr = data_address(vaddr, 1, PTE_R, not xlate, csr, mem32, tlb, memsize, wlo, wspan, dbg)
            if addr < 0:
                fault = -addr
                bad = vaddr
                limit = -1
                continue
            r[a] = mem8[addr]
            pc += 4
        elif op == OP_SW:
            vaddr = (np.int64(r[b]) + imm) & MASK32
            addr = data_address(vaddr, 4, PTE_W, not xlate, csr, mem32, tlb, memsize, wlo, wspan, dbg)
            if addr < 0:
                fault = -addr
                bad = vaddr
                limit = -1
                continue
            mem32[addr >> 2] = r[a]
            if code[addr >> 2] & TRANSLATED_FLAG:
                note_store(jt, addr >> 2)
            code[addr >> 2] = STALE
            pc += 4
        elif op == OP_SB:
            vaddr = (np.int64(r[b]) + imm) & MASK32
            addr = data_address(vaddr, 1, PTE_W, not xlate, csr, mem32, tlb, memsize, wlo, wspan, dbg)
            if addr < 0:
                fault = -addr
                bad = vaddr
                limit = -1
                continue
            mem8[addr] = r[a] & 0xFF
            if code[addr >> 2] & TRANSLATED_FLAG:
                note_store(jt, addr >> 2)
            code[addr >> 2] = STALE
            pc += 4
        elif op == OP_LB:
            vaddr = (np.int64(r[b]) + imm) & MASK32
            addr = data_address(vaddr, 1, PTE_R, not xlate, csr, mem32, tlb, memsize, wlo, wspan, dbg)
            if addr < 0:
                fault = -addr
                bad = vaddr
                limit = -1
                continue
            r[a] = np.int64(np.int8(mem8[addr]))
            pc += 4
        elif op == OP_LH:
            vaddr = (np.int64(r[b]) + imm) & MASK32
            addr = data_address(vaddr, 2, PTE_R, not xlate, csr, mem32, tlb, memsize, wlo, wspan, dbg)
            if addr < 0:
                fault = -addr
                bad = vaddr
                limit = -1
                continue
            r[a] = np.int64(np.int16(mem16[addr >> 1]))
            pc += 4
        elif op == OP_LHU:
            vaddr = (np.int64(r[b]) + imm) & MASK32
            addr = data_address(vaddr, 2, PTE_R, not xlate, csr, mem32, tlb, memsize, wlo, wspan, dbg)
            if addr < 0:
                fault = -addr
                bad = vaddr
                limit = -1
                continue
            r[a] = mem16[addr >> 1]
            pc += 4
        elif op == OP_SH:
            vaddr = (np.int64(r[b]) + imm) & MASK32
            addr = data_address(vaddr, 2, PTE_W, not xlate, csr, mem32, tlb, memsize, wlo, wspan, dbg)
            if addr < 0:
                fault = -addr
                bad = vaddr
                limit = -1
                continue
            mem16[addr >> 1] = r[a] & 0xFFFF
            if code[addr >> 2] & TRANSLATED_FLAG:
                note_store(jt, addr >> 2)
            code[addr >> 2] = STALE
            pc += 4
        elif op == OP_BEQ:
            pc, countdown = branch(pc, imm, r[a] == r[b], countdown)
        elif op == OP_BNE:
            pc, countdown = branch(pc, imm, r[a] != r[b], countdown)
        elif op == OP_BLT:
            pc, countdown = branch(pc, imm, np.int32(r[a]) < np.int32(r[b]), countdown)
        elif op == OP_BGE:
            pc, countdown = branch(pc, imm, np.int32(r[a]) >= np.int32(r[b]), countdown)
        elif op == OP_BLTU:
            pc, countdown = branch(pc, imm, r[a] < r[b], countdown)
        elif op == OP_BGEU:
            pc, countdown = branch(pc, imm, r[a] >= r[b], countdown)
        elif op == OP_JAL:
            r[a] = pc + 4
            pc, countdown = branch(pc, imm, True, countdown)
        elif op == OP_JALR:
            target = (np.int64(r[b]) + imm) & (MASK32 - 1)
            if target & 2:
                fault = CAUSE_MISALIGNED_FETCH
                bad = target
                limit = -1
                continue
            r[a] = pc + 4
            pc = target
        elif op == OP_SUB:
            r[a] = r[b] - r[c]
            pc += 4
        elif op == OP_SLL:
            r[a] = r[b] << (r[c] & 31)
            pc += 4
        elif op == OP_SLT:
            r[a] = 1 if np.int32(r[b]) < np.int32(r[c]) else 0
            pc += 4
        elif op == OP_SLTU:
            r[a] = 1 if r[b] < r[c] else 0
            pc += 4
        elif op == OP_XOR:
            r[a] = r[b] ^ r[c]
            pc += 4
        elif op == OP_SRL:
            r[a] = r[b] >> (r[c] & 31)
            pc += 4
        elif op == OP_SRA:
            r[a] = np.int64(np.int32(r[b])) >> np.int64(r[c] & 31)
            pc += 4
        elif op == OP_OR:
            r[a] = r[b] | r[c]
            pc += 4
        elif op == OP_AND:
            r[a] = r[b] & r[c]
            pc += 4
        elif op == OP_SLTI:
            r[a] = 1 if np.int32(r[b]) < imm else 0
            pc += 4
        elif op == OP_SLTIU:
            r[a] = 1 if np.int64(r[b]) < (imm & MASK32) else 0
            pc += 4
        elif op == OP_XORI:
            r[a] = np.int64(r[b]) ^ imm
            pc += 4
        elif op == OP_ORI:
            r[a] = np.int64(r[b]) | imm
            pc += 4
        elif op == OP_ANDI:
            r[a] = np.int64(r[b]) & imm
            pc += 4
        elif op == OP_SLLI:
            r[a] = np.int64(r[b]) << imm
            pc += 4
        elif op == OP_SRLI:
            r[a] = np.int64(r[b]) >> imm
            pc += 4
        elif op == OP_SRAI:
            r[a] = np.int64(np.int32(r[b])) >> imm
            pc += 4
        elif op == OP_LUI:
            r[a] = imm
            pc += 4
        elif op == OP_AUIPC:
            r[a] = pc + imm
            pc += 4
        elif op == OP_MUL:
            r[a] = np.uint64(r[b]) * np.uint64(r[c])
            pc += 4
        elif op == OP_MULH:
            r[a] = (np.int64(np.int32(r[b])) * np.int64(np.int32(r[c]))) >> 32
            pc += 4
        elif op == OP_MULHSU:
            r[a] = (np.int64(np.int32(r[b])) * np.int64(r[c])) >> 32
            pc += 4
        elif op == OP_MULHU:
            r[a] = (np.uint64(r[b]) * np.uint64(r[c])) >> np.uint64(32)
            pc += 4
        elif op == OP_DIV:
            r[a] = signed_divide(r[b], r[c])[0]
            pc += 4
        elif op == OP_REM:
            r[a] = signed_divide(r[b], r[c])[1]
            pc += 4
        elif op == OP_DIVU:
            r[a] = np.int64(r[b]) // np.int64(r[c]) if r[c] != 0 else np.int64(MASK32)
            pc += 4
        elif op == OP_REMU:
            r[a] = np.int64(r[b]) % np.int64(r[c]) if r[c] != 0 else np.int64(r[b])
            pc += 4
        elif op == OP_FENCE:
            pc += 4
        elif op == OP_SYSCALL:
            fault = CAUSE_SYSCALL
            bad = 0
            limit = -1
            continue
        elif op == OP_BREAK:
            fault = CAUSE_BREAK
            bad = 0
            limit = -1
            continue
        elif op == STALE:
            if dbg[DBG_BREAK_COUNT] != 0 and is_breakpoint(ppc, dbg):
                code[ppc >> 2] = BREAKPOINT
            else:
                code[ppc >> 2] = predecode(mem32[ppc >> 2])
            now -= 1                          # decoding is not an instruction
            continue
        elif op == BREAKPOINT:
            now -= 1
            reason = EXIT_BREAKPOINT
            break
        elif op < 0x40 or op > OP_OUTS:      # ILLEGAL and every unused opcode
            fault = CAUSE_ILLEGAL
            bad = mem32[ppc >> 2]
            limit = -1
            continue
        else:
            # ---- privileged instructions
            status = np.int64(csr[CSR_STATUS])
            kernel = status & STATUS_KERNEL != 0
            if op >= OP_IN:
                port = (np.int64(r[b]) + imm) & 0xFFFF if op <= OP_OUT else imm
                if not kernel and not port_allowed(port, csr, mem8, memsize):
                    fault = CAUSE_IO_VIOLATION
                    bad = port
                    limit = -1
                    continue
                if op == OP_IN:
                    r[a] = port_in(port, st, inbuf, disk, now)
                    pc += 4
                    if st[IN_WANTED] != 0:
                        st[IN_WANTED] = 0
                        if st[IN_LIVE] != 0:
                            reason = EXIT_INPUT
                            break
                elif op == OP_OUT:
                    action = port_out(port, r[a], st, outbuf, errbuf, disk, now, kernel)
                    if action == ACT_FULL:
                        now -= 1
                        reason = EXIT_OUTPUT
                        break
                    pc += 4
                    limit = now               # the write may have raised or unmasked a line
                    if action == ACT_EXIT:
                        reason = EXIT_DEBUG
                        break
                    if action == ACT_FLUSH:
                        reason = EXIT_FLUSH
                        break
                    if action == ACT_MODULE:
                        reason = EXIT_MODULE
                        break
                else:
                    # ins / outs: restartable, at most BLOCK_WORDS words per execution
                    need = PTE_W if op == OP_INS else PTE_R
                    moved = 0
                    action = 0
                    while r[b] != 0 and moved < BLOCK_WORDS:
                        vaddr = np.int64(r[a])
                        addr = data_address(vaddr, 4, need, not xlate, csr, mem32, tlb, memsize,
                                            wlo, wspan, dbg)
                        if addr < 0:
                            fault = -addr
                            bad = vaddr
                            break
                        if op == OP_INS:
                            mem32[addr >> 2] = port_in(port, st, inbuf, disk, now)
                            if code[addr >> 2] & TRANSLATED_FLAG:
                                note_store(jt, addr >> 2)
                            code[addr >> 2] = STALE
                        else:
                            action = port_out(port, mem32[addr >> 2], st, outbuf, errbuf, disk, now, kernel)
                            if action == ACT_FULL:
                                break
                        moved += 1
                        if a != 0:
                            r[a] = vaddr + 4
                        r[b] = r[b] - 1
                        if action == ACT_EXIT or action == ACT_FLUSH or action == ACT_MODULE:
                            break
                    st[IN_WANTED] = 0
                    limit = now
                    if fault != 0:
                        limit = -1
                        continue
                    if action == ACT_FULL:
                        now -= 1
                        reason = EXIT_OUTPUT
                        break
                    if r[b] == 0:
                        pc += 4
                    if action == ACT_EXIT:
                        reason = EXIT_DEBUG
                        break
                    if action == ACT_FLUSH:
                        reason = EXIT_FLUSH
                        break
                    if action == ACT_MODULE:
                        reason = EXIT_MODULE
                        break
            elif not kernel:
                fault = CAUSE_PRIVILEGED
                bad = mem32[ppc >> 2]
                limit = -1
                continue
            elif op == OP_CSRRW or op == OP_CSRRS or op == OP_CSRRC:
                number = imm
                if number > CSR_IOMAP:
                    fault = CAUSE_ILLEGAL
                    bad = mem32[ppc >> 2]
                    limit = -1
                    continue
                retired = now - 1 - st[IDLE]
                if number == CSR_INSTRET:
                    old = retired & MASK32
                elif number == CSR_INSTRETH:
                    old = retired >> 32
                else:
                    old = np.int64(csr[number])
                source = np.int64(r[b])
                if op == OP_CSRRW:
                    new = source
                elif op == OP_CSRRS:
                    new = old | source
                else:
                    new = old & ~source
                if op == OP_CSRRW or b != 0:     # csrrs/csrrc with x0 only read
                    if number == CSR_TVEC or number == CSR_EPC:
                        new &= ~3
                    elif number == CSR_PTBASE:
                        flush_tlb(tlb)
                        fvpn = -1
                    elif number == CSR_STATUS:
                        new &= STATUS_DEFINED
                        if new & STATUS_KERNEL == 0:      # straight to user mode
                            st[KERNEL_TIME] += now - st[IDLE] - st[KERNEL_SINCE]
                        xlate = new & (STATUS_KERNEL | STATUS_PAGING) == STATUS_PAGING
                        fvpn = -1
                    if number != CSR_INSTRET and number != CSR_INSTRETH:
                        csr[number] = new
                r[a] = old
                pc += 4
                limit = now
            elif op == OP_ERET:
                new = status & ~(STATUS_KERNEL | STATUS_IE)
                if status & STATUS_PKERNEL:
                    new |= STATUS_KERNEL
                if status & STATUS_PIE:
                    new |= STATUS_IE
                csr[CSR_STATUS] = new
                if new & STATUS_KERNEL == 0:          # back to user mode: eret counts as kernel
                    st[KERNEL_TIME] += now - st[IDLE] - st[KERNEL_SINCE]
                xlate = new & (STATUS_KERNEL | STATUS_PAGING) == STATUS_PAGING
                fvpn = -1
                pc = np.int64(csr[CSR_EPC])
                limit = now
            elif op == OP_WFI:
                # Completes at once when a line is up; otherwise idle time is
                # skipped to the next tick, or the host waits for input (it
                # then skips the time itself), or nothing can ever wake it.
                pc += 4
                limit = now
                if pending(st) & st[PIC_MASK] == 0:
                    tick = wake_time(st)
                    if st[IN_LIVE] != 0:
                        reason = EXIT_IDLE
                        break
                    if tick < 0:
                        reason = EXIT_DEADLOCK
                        break
                    if tick > now:
                        st[IDLE] += tick - now
                        now = tick
            elif op == OP_HALT:
                pc += 4
                reason = EXIT_HALT
                break
            elif op == OP_TLBFLUSH:
                flush_tlb(tlb)
                fvpn = -1
                pc += 4
            else:
                fault = CAUSE_ILLEGAL
                bad = mem32[ppc >> 2]
                limit = -1
                continue

    regs[:] = r
    regs[0] = 0
    jt[J_HOT] = countdown if countdown > 0 else 1   # a sample lost to another exit: the next
    st[PC] = pc & MASK32                      # pc + 4 may have left 32 bits (see fetch)
    st[NOW] = now
    st[ENTERED] = 1 if now == entered_at else 0
    return reason
