"""The translator: hot K32 code compiled to native code with llvmlite.

The interpreter (cpu.py) counts taken backward jumps and every THRESHOLD-th
one stops it with EXIT_HOT: its target is a sample of where the loops are;
`Machine.run` then asks `Translator.hot` to translate the code around it.
A *region* is every instruction reachable from the entry through static
control flow (fall-through, branch and jal targets, return sites) inside
a window (the entry's page for user code under paging, a few pages for
physical addressing), stopping at anything the translator leaves to the
interpreter (privileged and I/O instructions, syscall, break, illegal
words).  The region becomes one LLVM function, so a loop, and a
recursive call with its returns, stays in host registers.

The function's contract with the loop (all through `jt`, see state.py):
it runs whole blocks, each only if it ends by J_LIMIT (the loop's next
event: timer tick or end of budget), so interrupts and the budget fall on
the same instruction as in the interpreter; J_NOW counts every retired
instruction.  Anything unusual (a block that does not fit, an access
that is misaligned, outside RAM or misses the TLB, a misaligned jalr
target) returns RC_BAIL *before* the instruction, with exact state, and
the loop interprets that instruction, which traps or walks the page
tables exactly as it always does.  A store marks its word STALE as the
interpreter's do, and a store into a word translations were built from
(TRANSLATED_FLAG) lists it and returns at once; the loop lets Machine.run
invalidate (unmark) those translations before any translated code runs
again.  Translated code never reads guest memory it has not checked,
never writes outside the arrays, and always ends (its time is bounded).

Compiled code is cached in the process by the content of the region
(position independent: every pc is relative to the entry's), so a loop
seen again (another machine, the same program reloaded) is not compiled
again.  Nothing is compiled until code is hot, so start-up is unchanged.
"""

import hashlib
import re
import os
from collections import deque

import numpy as np

from . import state as S
from .isa_constants import (CSR_STATUS, OP_ADD, OP_ADDI, OP_AND, OP_ANDI, OP_AUIPC,
                            OP_BEQ, OP_BGE, OP_BGEU, OP_BLT, OP_BLTU, OP_BNE, OP_DIV,
                            OP_DIVU, OP_FENCE, OP_JAL, OP_JALR, OP_LB, OP_LBU, OP_LH,
                            OP_LHU, OP_LUI, OP_LW, OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU,
                            OP_OR, OP_ORI, OP_REM, OP_REMU, OP_SB, OP_SH, OP_SLL,
                            OP_SLLI, OP_SLT, OP_SLTI, OP_SLTIU, OP_SLTU, OP_SRA, OP_SRAI,
                            OP_SRL, OP_SRLI, OP_SUB, OP_SW, OP_XOR, OP_XORI, PTE_X,
                            STATUS_KERNEL, STATUS_PAGING)

THRESHOLD = 4096          # taken backward jumps between two samples of a hot target
NEVER = 1 << 62           # the counters when translation is off
MAX_INSNS = 64            # instructions in one region (compile time grows faster than size)
MAX_REGIONS = 1024        # translations one machine makes at most
MAX_CACHED = 4096         # object files kept on disk at most
MAX_WAYS_IN = 24          # entries of one region, return sites included
WINDOW = 4096             # physical addressing: bytes either side of the entry's page

BRANCHES = {OP_BEQ: "==", OP_BNE: "!=", OP_BLT: "<", OP_BGE: ">=", OP_BLTU: "<u",
            OP_BGEU: ">=u"}
LOADS = {OP_LB: (1, True), OP_LBU: (1, False), OP_LH: (2, True), OP_LHU: (2, False),
         OP_LW: (4, False)}
STORES = {OP_SB: 1, OP_SH: 2, OP_SW: 4}
ALU_RR = {OP_ADD, OP_SUB, OP_SLL, OP_SLT, OP_SLTU, OP_XOR, OP_SRL, OP_SRA, OP_OR, OP_AND,
          OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU, OP_DIV, OP_DIVU, OP_REM, OP_REMU}
ALU_RI = {OP_ADDI, OP_SLTI, OP_SLTIU, OP_XORI, OP_ORI, OP_ANDI, OP_SLLI, OP_SRLI, OP_SRAI}
SUPPORTED = (set(BRANCHES) | set(LOADS) | set(STORES) | ALU_RR | ALU_RI
             | {OP_JAL, OP_JALR, OP_LUI, OP_AUIPC, OP_FENCE})
ENDS_BLOCK = set(BRANCHES) | {OP_JAL, OP_JALR}

SPEED, CODEGEN = 2, 3      # LLVM's -O2 pipeline, then code generation at -O3
TAG_R, TAG_W, FRAME = 0, S.TLB_SIZE, 3 * S.TLB_SIZE


def enabled():
    """Translation is on unless K32_JIT=0 (or the loop itself is not compiled)."""
    if os.environ.get("K32_JIT", "1").strip() == "0":
        return False
    import numba
    return not numba.config.DISABLE_JIT


def threshold():
    """Backward jumps before code is translated: THRESHOLD, or K32_JIT_THRESHOLD
    (the tests use 1, so that even short programs run translated)."""
    try:
        return max(1, int(os.environ.get("K32_JIT_THRESHOLD", THRESHOLD)))
    except ValueError:
        return THRESHOLD


def fields(d):
    d = int(d)
    imm = d >> 32
    return d & 0xFF, (d >> 8) & 0x1F, (d >> 16) & 0xFF, (d >> 24) & 0xFF, imm


# --- finding a region ------------------------------------------------------------

class Region:
    """The instructions of one translation: `insns` maps a physical byte
    address to its predecoded word, `leaders` are the block starts;
    `entries`, some of them, are the ways in from the loop (the hot entry,
    loop heads, return sites, the words after instructions left to the
    interpreter); `returns` are where a jalr may come back to inside.
    Fewer entries mean a smaller function and a faster compile."""

    def __init__(self, base, insns, leaders, entries, returns, xlate):
        self.base = base
        self.insns = insns
        self.leaders = leaders
        self.entries = entries
        self.returns = returns
        self.xlate = xlate

    def key(self):
        digest = hashlib.sha256(b"u" if self.xlate else b"k")
        for address in sorted(self.insns):
            digest.update((address - self.base).to_bytes(4, "little", signed=True))
            digest.update(int(self.insns[address]).to_bytes(8, "little", signed=True))
        digest.update(b"|")
        for group in (self.leaders, self.entries, self.returns):
            for address in sorted(group):
                digest.update((address - self.base).to_bytes(4, "little", signed=True))
            digest.update(b"|")
        return digest.hexdigest()


def discover(mem32, entry, xlate, memsize, breaks=frozenset()):
    """The region reachable from physical address `entry`, or None.  The
    words at physical addresses in `breaks` (armed breakpoints) are left
    to the interpreter, as unsupported instructions are."""
    from .cpu import predecode
    # The loop's own decoder, run as Python: calling the compiled one from
    # Python would load its dispatcher (0.2 s), more than a region costs.
    decode = getattr(predecode, "py_func", predecode)
    page = entry & ~0xFFF
    lo, hi = (page, page + 4096) if xlate else (max(0, page - WINDOW), min(memsize, page + 4096 + WINDOW))
    insns, leaders, entries, returns = {}, {entry}, {entry}, set()
    work = deque([entry])
    while work and len(insns) < MAX_INSNS:
        p = work.popleft()
        if p in insns or not lo <= p < hi:
            continue
        d = int(decode(mem32[p >> 2]))
        op, a, _, _, imm = fields(d)
        if op not in SUPPORTED or p in breaks:
            # left to the interpreter; a trap handler (syscall) or the
            # interpreter itself comes back after it: a way in
            entries.add(p + 4)
            work.append(p + 4)
            continue
        insns[p] = d
        successors = [p + 4]
        if op in BRANCHES:
            successors.append(p + imm)
            if imm <= 0:
                entries.add(p + imm)               # a loop head
        elif op == OP_JAL:
            successors.append(p + imm)             # the call, and its return site
            returns.add(p + 4)
        elif op == OP_JALR:
            successors = []
            if a != 16:                            # a call through a register returns here
                successors = [p + 4]
                returns.add(p + 4)
        if op in ENDS_BLOCK:
            leaders.update(successors)
        work.extend(successors)
    if entry not in insns:
        return None
    # the ways in nearest the entry first, as many as pay for their compile time
    ways = sorted((p for p in entries | returns if p in insns), key=lambda p: abs(p - entry))
    ways = set(ways[:MAX_WAYS_IN]) | {entry}
    leaders = {p for p in leaders | ways if p in insns}
    return Region(min(insns), insns, leaders, ways, returns & ways, xlate)


# --- LLVM IR -----------------------------------------------------------------------

class _Emitter:
    """Builds the LLVM function for one region."""

    def __init__(self, region, name):
        from llvmlite import ir
        self.ir = ir
        self.region = region
        i8p = ir.IntType(8).as_pointer()
        self.i1, self.i8, self.i16 = ir.IntType(1), ir.IntType(8), ir.IntType(16)
        self.i32, self.i64 = ir.IntType(32), ir.IntType(64)
        self.module = ir.Module(name=name)
        fnty = ir.FunctionType(self.i64, [i8p] * 5)
        self.fn = ir.Function(self.module, fnty, name=name)
        for arg in self.fn.args:
            arg.add_attribute("noalias")
        self.b = ir.IRBuilder(self.fn.append_basic_block("entry"))

    def c64(self, v):
        return self.ir.Constant(self.i64, v)

    def c32(self, v):
        return self.ir.Constant(self.i32, v & 0xFFFFFFFF)

    def jt(self, index):
        return self.b.gep(self.jtp, [self.c64(index)])

    def emit(self):
        ir, b, region = self.ir, self.b, self.region
        r, jt, mem, code, tlb = self.fn.args
        self.rp = b.bitcast(r, self.i32.as_pointer())
        self.jtp = b.bitcast(jt, self.i64.as_pointer())
        self.mem = mem
        self.codep = b.bitcast(code, self.i64.as_pointer())
        self.tlbp = b.bitcast(tlb, self.i64.as_pointer())
        # only the registers the region names are loaded, only those it
        # writes are stored back (fewer values live at every exit)
        used, self.written = set(), set()
        for d in region.insns.values():
            op, ra, rb, rc, _ = fields(d)
            used.update((ra, rb, rc))
            if op not in STORES and op not in BRANCHES and op != OP_FENCE:
                self.written.add(ra)
        self.regs = {}
        for i in sorted((used | self.written) - {0}):
            slot = b.alloca(self.i32, name=f"x{i}")
            b.store(b.load(b.gep(self.rp, [self.c64(i)])), slot)
            self.regs[i] = slot
        self.now = b.alloca(self.i64, name="now")
        self.out_pc = b.alloca(self.i64, name="out_pc")
        self.out_rc = b.alloca(self.i64, name="out_rc")
        b.store(b.load(self.jt(S.J_NOW)), self.now)
        self.limit = b.load(self.jt(S.J_LIMIT))
        offset = b.load(self.jt(S.J_OFFSET))
        self.vbase = b.sub(b.load(self.jt(S.J_PC)), offset)    # the virtual pc of `base`
        memsize = b.load(self.jt(S.J_MEM_SIZE))
        self.ram_mask = b.sub(memsize, self.c64(1))
        self.bad_bits = b.and_(b.not_(self.ram_mask), self.c64(0xFFFFFFFF))
        self.exit = self.fn.append_basic_block("exit")
        self.labels = {p: self.fn.append_basic_block(f"L{p - region.base:x}")
                       for p in sorted(region.leaders)}
        # the entry: jump to the block the loop called in at
        self.bail_default = self.fn.append_basic_block("unknown_entry")
        switch = b.switch(offset, self.bail_default)
        for p in sorted(region.entries):
            switch.add_case(self.c64(p - region.base), self.labels[p])
        b.position_at_end(self.bail_default)
        b.store(b.add(self.vbase, offset), self.out_pc)
        b.store(self.c64(S.RC_BAIL), self.out_rc)
        b.branch(self.exit)
        for p in sorted(region.leaders):
            self.block(p)
        b.position_at_end(self.exit)
        for i in sorted(self.written - {0}):
            b.store(b.load(self.regs[i]), b.gep(self.rp, [self.c64(i)]))
        b.store(b.load(self.now), self.jt(S.J_NOW))
        b.store(b.load(self.out_pc), self.jt(S.J_PC))
        b.ret(b.load(self.out_rc))
        return self.module

    # --- pieces ---------------------------------------------------------------
    def vpc(self, p):
        return self.b.add(self.vbase, self.c64(p - self.region.base))

    def leave(self, pc, now, rc):
        """Store the exit state and jump to the common exit (ends the block)."""
        b = self.b
        b.store(pc, self.out_pc)
        b.store(now, self.now)
        b.store(self.c64(rc), self.out_rc)
        b.branch(self.exit)

    def bail_block(self, p, now):
        """A block that stops before the instruction at `p`, `now` retired."""
        saved = self.b.block
        block = self.fn.append_basic_block(f"bail{p - self.region.base:x}")
        self.b.position_at_end(block)
        self.leave(self.vpc(p), now, S.RC_BAIL)
        self.b.position_at_end(saved)
        return block

    def get(self, i):
        return self.c32(0) if i == 0 else self.b.load(self.regs[i])

    def put(self, i, value):
        if i != 0:
            self.b.store(value, self.regs[i])

    def go(self, target, now):
        """Continue at physical `target` (a leader), or leave the region."""
        if target in self.labels:
            self.b.store(now, self.now)
            self.b.branch(self.labels[target])
        else:
            self.leave(self.b.and_(self.vpc(target), self.c64(0xFFFFFFFF)), now, S.RC_LEFT)

    def block(self, start):
        ir, b, region = self.ir, self.b, self.region
        b.position_at_end(self.labels[start])
        run = []
        p = start
        while True:
            run.append(p)
            op = region.insns[p] & 0xFF
            if op in ENDS_BLOCK or p + 4 not in region.insns or p + 4 in region.leaders:
                break
            p += 4
        n = len(run)
        t = b.load(self.now)
        fits = b.icmp_signed("<=", b.add(t, self.c64(n)), self.limit)
        body = self.fn.append_basic_block(f"B{start - region.base:x}")
        b.cbranch(fits, body, self.bail_block(start, t))
        b.position_at_end(body)
        for i, p in enumerate(run):
            self.insn(p, b.add(t, self.c64(i)), b.add(t, self.c64(i + 1)))
        last = run[-1]
        if region.insns[last] & 0xFF not in ENDS_BLOCK:
            self.go(last + 4, b.add(t, self.c64(n)))

    def address(self, p, vaddr, size, write, before):
        """The physical address (i64) of a data access, or a bail before `p`."""
        b = self.b
        va = b.zext(vaddr, self.i64)
        ok = self.fn.append_basic_block()
        if not self.region.xlate:
            bad = b.and_(va, b.or_(self.bad_bits, self.c64(size - 1)))
            b.cbranch(b.icmp_unsigned("==", bad, self.c64(0)), ok, self.bail_block(p, before))
            b.position_at_end(ok)
            return va
        if size > 1:
            aligned = self.fn.append_basic_block()
            b.cbranch(b.icmp_unsigned("==", b.and_(va, self.c64(size - 1)), self.c64(0)),
                      aligned, self.bail_block(p, before))
            b.position_at_end(aligned)
        vpn = b.lshr(va, self.c64(12))
        slot = b.and_(vpn, self.c64(S.TLB_SIZE - 1))
        tag = b.load(b.gep(self.tlbp, [b.add(slot, self.c64(TAG_W if write else TAG_R))]))
        b.cbranch(b.icmp_signed("==", tag, vpn), ok, self.bail_block(p, before))
        b.position_at_end(ok)
        frame = b.load(b.gep(self.tlbp, [b.add(slot, self.c64(FRAME))]))
        return b.and_(b.or_(frame, b.and_(va, self.c64(0xFFF))), self.ram_mask)

    def pointer(self, phys, ty):
        return self.b.bitcast(self.b.gep(self.mem, [phys]), ty.as_pointer())

    def insn(self, p, before, after):
        ir, b = self.ir, self.b
        op, a, rb, rc, imm = fields(self.region.insns[p])
        i32 = self.i32
        if op in ALU_RI:
            x, k = self.get(rb), self.c32(imm)
            if op == OP_ADDI:
                v = b.add(x, k)
            elif op == OP_SLTI:
                v = b.zext(b.icmp_signed("<", x, k), i32)
            elif op == OP_SLTIU:
                v = b.zext(b.icmp_unsigned("<", x, k), i32)
            elif op == OP_XORI:
                v = b.xor(x, k)
            elif op == OP_ORI:
                v = b.or_(x, k)
            elif op == OP_ANDI:
                v = b.and_(x, k)
            elif op == OP_SLLI:
                v = b.shl(x, k)
            elif op == OP_SRLI:
                v = b.lshr(x, k)
            else:
                v = b.ashr(x, k)
            self.put(a, v)
        elif op in ALU_RR:
            self.put(a, self.alu(op, self.get(rb), self.get(rc)))
        elif op == OP_LUI:
            self.put(a, self.c32(imm))
        elif op == OP_AUIPC:
            self.put(a, b.trunc(b.add(self.vpc(p), self.c64(imm)), i32))
        elif op == OP_FENCE:
            pass
        elif op in LOADS:
            size, signed = LOADS[op]
            vaddr = b.add(self.get(rb), self.c32(imm))
            phys = self.address(p, vaddr, size, False, before)
            ty = {1: self.i8, 2: self.i16, 4: i32}[size]
            v = b.load(self.pointer(phys, ty), align=size)
            if size < 4:
                v = b.sext(v, i32) if signed else b.zext(v, i32)
            self.put(a, v)
        elif op in STORES:
            size = STORES[op]
            vaddr = b.add(self.get(rb), self.c32(imm))
            phys = self.address(p, vaddr, size, True, before)
            ty = {1: self.i8, 2: self.i16, 4: i32}[size]
            v = self.get(a)
            if size < 4:
                v = b.trunc(v, ty)
            b.store(v, self.pointer(phys, ty), align=size)
            word = b.gep(self.codep, [b.lshr(phys, self.c64(2))])
            old = b.load(word)
            b.store(self.c64(S.STALE), word)
            hit = b.icmp_unsigned("!=", b.and_(old, self.c64(S.TRANSLATED_FLAG)), self.c64(0))
            hit_block, rest = self.fn.append_basic_block(), self.fn.append_basic_block()
            b.cbranch(hit, hit_block, rest)
            b.position_at_end(hit_block)
            count = b.load(self.jt(S.J_DIRTY_COUNT))
            with b.if_then(b.icmp_signed("<", count, self.c64(S.MAX_DIRTY))):
                b.store(b.lshr(phys, self.c64(2)),
                        b.gep(self.jtp, [b.add(count, self.c64(S.J_DIRTY))]))
                b.store(b.add(count, self.c64(1)), self.jt(S.J_DIRTY_COUNT))
            # translations may have changed under us: back to the loop
            self.leave(self.vpc(p + 4), after, S.RC_LEFT)
            b.position_at_end(rest)
        elif op in BRANCHES:
            x, y = self.get(a), self.get(rb)
            cmp = BRANCHES[op]
            if cmp.endswith("u"):
                cond = b.icmp_unsigned(cmp[:-1], x, y)
            else:
                cond = b.icmp_signed(cmp, x, y)
            taken = self.fn.append_basic_block()
            fall = self.fn.append_basic_block()
            b.cbranch(cond, taken, fall)
            b.position_at_end(taken)
            self.go(p + imm, after)
            b.position_at_end(fall)
            self.go(p + 4, after)
        elif op == OP_JAL:
            self.put(a, b.trunc(self.vpc(p + 4), i32))
            self.go(p + imm, after)
        elif op == OP_JALR:
            target = b.and_(b.zext(b.add(self.get(rb), self.c32(imm)), self.i64),
                            self.c64(0xFFFFFFFE))
            ok = self.fn.append_basic_block()
            b.cbranch(b.icmp_unsigned("==", b.and_(target, self.c64(2)), self.c64(0)), ok,
                      self.bail_block(p, before))
            b.position_at_end(ok)
            self.put(a, b.trunc(self.vpc(p + 4), i32))
            b.store(after, self.now)
            # a return (or any jump) to a block of this region stays here
            outside = self.fn.append_basic_block()
            switch = b.switch(b.sub(target, self.vbase), outside)
            for q in sorted(self.region.returns):
                switch.add_case(self.c64(q - self.region.base), self.labels[q])
            b.position_at_end(outside)
            self.leave(target, after, S.RC_LEFT)
        else:
            raise AssertionError(f"opcode {op:#x} is not translated")

    def alu(self, op, x, y):
        b, i32, i64 = self.b, self.i32, self.i64
        if op == OP_ADD:
            return b.add(x, y)
        if op == OP_SUB:
            return b.sub(x, y)
        if op == OP_SLL:
            return b.shl(x, b.and_(y, self.c32(31)))
        if op == OP_SRL:
            return b.lshr(x, b.and_(y, self.c32(31)))
        if op == OP_SRA:
            return b.ashr(x, b.and_(y, self.c32(31)))
        if op == OP_SLT:
            return b.zext(b.icmp_signed("<", x, y), i32)
        if op == OP_SLTU:
            return b.zext(b.icmp_unsigned("<", x, y), i32)
        if op == OP_XOR:
            return b.xor(x, y)
        if op == OP_OR:
            return b.or_(x, y)
        if op == OP_AND:
            return b.and_(x, y)
        if op == OP_MUL:
            return b.mul(x, y)
        if op in (OP_MULH, OP_MULHSU, OP_MULHU):
            wx = b.zext(x, i64) if op == OP_MULHU else b.sext(x, i64)
            wy = b.sext(y, i64) if op == OP_MULH else b.zext(y, i64)
            return b.trunc(b.lshr(b.mul(wx, wy), self.c64(32)), i32)
        zero = b.icmp_unsigned("==", y, self.c32(0))
        if op in (OP_DIVU, OP_REMU):
            safe = b.select(zero, self.c32(1), y)
            if op == OP_DIVU:
                return b.select(zero, self.c32(0xFFFFFFFF), b.udiv(x, safe))
            return b.select(zero, x, b.urem(x, safe))
        overflow = b.and_(b.icmp_unsigned("==", x, self.c32(0x80000000)),
                          b.icmp_unsigned("==", y, self.c32(0xFFFFFFFF)))
        special = b.or_(zero, overflow)
        safe = b.select(special, self.c32(1), y)
        if op == OP_DIV:
            return b.select(zero, self.c32(0xFFFFFFFF), b.select(overflow, x, b.sdiv(x, safe)))
        return b.select(zero, x, b.select(overflow, self.c32(0), b.srem(x, safe)))


# --- compiling -------------------------------------------------------------------

# LLVM's loop passes can turn the 64-bit time arithmetic of a loop into
# 128-bit division (a trip count), which code generation lowers to calls of
# compiler-rt/libgcc helpers that MCJIT must find -- or it aborts the whole
# process ("LLVM ERROR: Symbol not found: __udivti3"), which a guest
# program must never be able to do.  The helpers are taken from libgcc_s;
# on a host without it, a region whose optimized code divides 128-bit
# numbers is left to the interpreter.
WIDE_HELPERS = ("__udivti3", "__umodti3", "__divti3", "__modti3")
WIDE_DIVISION = re.compile(r"\b[us](?:div|rem) (?:<\d+ x )?i(?:128|256)\b")


def _runtime_helpers(llvm):
    """Register the 128-bit division helpers with MCJIT; True if they are."""
    import ctypes
    import ctypes.util
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("gcc_s") or "libgcc_s.so.1")
        addresses = {n: ctypes.cast(getattr(lib, n), ctypes.c_void_p).value for n in WIDE_HELPERS}
    except (OSError, AttributeError):
        return False
    for name, address in addresses.items():
        llvm.add_symbol(name, address)
    return True


class _Compiler:
    """One MCJIT engine for the process; compiled functions by region key.

    Compiled code is also kept on disk, one object file per region under
    the cache directory (K32_CACHE_DIR, as the interpreter's), in a
    directory named after everything the code depends on (this file and
    state.py, llvmlite, the host CPU, the options): a region seen in an
    earlier process is loaded, not compiled (a boot's kernel loops, a
    benchmark's), and an edit here starts afresh.
    """

    def __init__(self, directory=None):
        import llvmlite
        import llvmlite.binding as llvm
        self.llvm = llvm
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        target = llvm.Target.from_default_triple()
        cpu, features = llvm.get_host_cpu_name(), llvm.get_host_cpu_features().flatten()
        self.tm = target.create_target_machine(cpu=cpu, features=features, opt=CODEGEN, jit=True)
        self.engine = llvm.create_mcjit_compiler(llvm.parse_assembly(""), self.tm)
        self.helpers = _runtime_helpers(llvm)
        self.functions = {}
        self.count = 0            # compiled in this process
        self.loaded = 0           # loaded from the disk cache
        self.seconds = 0.0        # spent compiling
        digest = hashlib.sha256(f"{llvmlite.__version__} {cpu} {features} {SPEED} {CODEGEN} "
                                f"{self.helpers}".encode())
        here = os.path.dirname(os.path.abspath(__file__))
        for name in ("translate.py", "state.py"):
            with open(os.path.join(here, name), "rb") as f:
                digest.update(f.read())
        from isa.cache import versioned_directory
        self.directory = directory or versioned_directory("translations", digest.hexdigest()[:16])

    def function(self, region):
        """The address of the region's compiled code; None if it cannot be
        compiled on this host (the interpreter keeps it)."""
        key = region.key()
        if key in self.functions:
            return self.functions[key]
        import time
        llvm = self.llvm
        name = f"k32_{key[:24]}"
        path = self.directory / f"{key[:32]}.o" if self.directory else None
        data = None
        if path is not None and path.is_file():
            data = path.read_bytes()
            self.loaded += 1
        else:
            start = time.perf_counter()
            module = llvm.parse_assembly(str(_Emitter(region, name).emit()))
            module.verify()
            pb = llvm.create_pass_builder(self.tm, llvm.create_pipeline_tuning_options(
                speed_level=SPEED))
            pb.getModulePassManager().run(module, pb)
            if not self.helpers and WIDE_DIVISION.search(str(module)):
                self.functions[key] = None    # it would call a helper this host lacks
                return None
            data = self.tm.emit_object(module)
            self.seconds += time.perf_counter() - start
            self.count += 1
            self._save(path, data)
        self.engine.add_object_file(llvm.ObjectFileRef.from_data(data))
        self.engine.finalize_object()
        address = self.engine.get_function_address(name)
        self.functions[key] = address
        return address

    def _save(self, path, data):
        if path is None:
            return
        try:
            files = list(path.parent.glob("*.o"))
            if len(files) >= MAX_CACHED:          # make room: the older half goes
                files.sort(key=lambda f: f.stat().st_mtime)
                for old in files[:len(files) // 2]:
                    old.unlink(missing_ok=True)
            scratch = path.with_suffix(f".{os.getpid()}.tmp")
            scratch.write_bytes(data)
            os.replace(scratch, path)
        except OSError:
            pass


_compiler = None


def compiler():
    global _compiler
    if _compiler is None:
        _compiler = _Compiler()
    return _compiler


# --- one machine's translations ------------------------------------------------------

class Translator:
    """The translations one machine uses: its `jt` table entries and the
    words they were built from (to unmark them when one is stored into)."""

    def __init__(self, machine, on):
        self.m = machine
        self.on = on
        jt = machine.jt
        jt[S.J_MEM_SIZE] = machine.memory
        jt[S.J_ON] = 1 if on else 0
        self.threshold = threshold()
        jt[S.J_HOT] = self.threshold if on else NEVER
        self.entries = 0
        self.marked = []          # per translation: [(word, marker)]
        self.by_page = {}         # physical page -> indices of translations built from it
        self.words = []           # per translation: the set of words it was built from
        self.refused = set()      # (physical pc, mode, word) that cannot be translated
        self.installed = {}       # (region key, base, mode) -> its index
        self.live = set()         # indices whose ways in are (or may still be) marked

    def set_threshold(self, jumps):
        """Sample a hot target every `jumps` backward jumps (the tests use 1)."""
        self.threshold = jumps
        if self.on:
            self.m.jt[S.J_HOT] = jumps

    def hot(self):
        """EXIT_HOT: translate the code at pc (the target of a sampled
        backward jump) unless it already is, or cannot be."""
        m = self.m
        m.jt[S.J_HOT] = self.threshold
        pc = int(m.st[S.PC])
        if not self.on:
            return
        status = int(m.csr[CSR_STATUS])
        xlate = status & (STATUS_KERNEL | STATUS_PAGING) == STATUS_PAGING
        phys = self._fetch_address(pc, xlate)
        if phys is None or self._translated(phys, xlate):
            return
        refusal = (phys, xlate, int(m.mem32[phys >> 2]))
        if refusal in self.refused:
            return
        if self.entries >= S.MAX_ENTRIES - 1 or len(self.marked) >= MAX_REGIONS:
            return                        # a guest cannot make the host compile forever
        breaks = {int(w) for w in m.dbg[S.DBG_BREAKS:S.DBG_BREAKS + int(m.dbg[S.DBG_BREAK_COUNT])]}
        region = discover(m.mem32, phys, xlate, m.memory, breaks)
        address = compiler().function(region) if region is not None else None
        if address is None:
            self.refused.add(refusal)
            return
        self._install(region, address)

    def _translated(self, phys, xlate):
        """Whether the word at `phys` already enters a translation for this mode."""
        d = int(self.m.code[phys >> 2])
        if d & 0xFF != S.OP_TRANSLATED:
            return False
        e = S.J_TABLE + S.J_ENTRY * ((d >> 32) & (S.MAX_ENTRIES - 1))
        return int(self.m.jt[e + 2]) == (1 if xlate else 0)

    def _fetch_address(self, pc, xlate):
        m = self.m
        if not xlate:
            return pc if pc < m.memory and pc & 3 == 0 else None
        vpn = pc >> 12
        slot = vpn & (S.TLB_SIZE - 1)
        if int(m.tlb[2 * S.TLB_SIZE + slot]) == vpn:        # what the loop fetches through
            return int(m.tlb[FRAME + slot]) | (pc & 0xFFF)
        return m.translate(pc, PTE_X)

    def _install(self, region, address):
        """Mark the region's words in `code` (its ways in as OP_TRANSLATED).
        A region installed before (the same code at the same place, unmarked
        since, as a debugger snapshot's restore does) gets its table rows back."""
        m = self.m
        place = (region.key(), region.base, region.xlate)
        index = self.installed.get(place)
        if index is None:
            index = len(self.marked)
            marks = []
            for p in sorted(region.entries):
                if self.entries < S.MAX_ENTRIES:
                    e = S.J_TABLE + S.J_ENTRY * self.entries
                    m.jt[e:e + S.J_ENTRY] = (address, region.insns[p], 1 if region.xlate else 0,
                                             p - region.base, p)
                    marks.append((p >> 2, (S.OP_TRANSLATED | S.TRANSLATED_FLAG) | (self.entries << 32)))
                    self.entries += 1
            self.marked.append(marks)
            self.words.append({p >> 2 for p in region.insns})
            for page in {p >> 12 for p in region.insns}:
                self.by_page.setdefault(page, set()).add(index)
            self.installed[place] = index
        for p, d in region.insns.items():
            m.code[p >> 2] = d | S.TRANSLATED_FLAG
        for w, marker in self.marked[index]:
            m.code[w] = marker
        self.live.add(index)

    def unmark_words(self, words):
        """Unmark every translation built from one of these word indices
        (a breakpoint is being armed there: no translated code may run it)."""
        for w in words:
            for index in self.by_page.get(w >> 10, ()):
                if w in self.words[index]:
                    self._unmark(index)

    def _unmark(self, index):
        if index not in self.live:
            return
        code = self.m.code
        for w, marker in self.marked[index]:
            if int(code[w]) == marker:
                code[w] = S.STALE
        self.live.discard(index)

    def stored(self):
        """EXIT_STORED (or a host write): unmark every translation built from a dirty word."""
        jt = self.m.jt
        count = int(jt[S.J_DIRTY_COUNT])
        if count >= S.MAX_DIRTY:
            for index in range(len(self.marked)):
                self._unmark(index)
        else:
            self.unmark_words(int(w) for w in jt[S.J_DIRTY:S.J_DIRTY + count])
        jt[S.J_DIRTY_COUNT] = 0

    def written(self, start, end):
        """The host wrote physical bytes [start, end)."""
        if not self.marked:
            return
        for page in range(start >> 12, ((end + 4095) >> 12)):
            for index in self.by_page.get(page, ()):
                if any(start >> 2 <= w < (end + 3) >> 2 for w in self.words[index]):
                    self._unmark(index)
