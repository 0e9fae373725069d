"""What the debugger knows about the program: symbols, source lines,
functions, and the call stack rebuilt from the calling convention."""

import bisect
import functools
import os
from pathlib import Path

from assembler.disasm import SourceFiles, SymbolMap, branch_target
from isa import kx
from isa.table import decode

RA, SP = 1, 2
MAX_FRAMES = 64
# Sources whose line table comes from a compiler's `.loc` directives: there a
# function's first line is its prologue, which `break FUNC` steps past.
COMPILED_SOURCES = (".c", ".h", ".cc", ".cpp", ".cxx", ".hpp")
PROLOGUE_SCAN = 64          # instructions read from a function's start for its frame


ROOT = Path(__file__).resolve().parents[2]   # where the build assembles from


class Image:
    """Symbols, line table and functions of one executable: the program,
    or a module the kernel loaded at run time (an Executable made from its
    object at its load addresses, see modules.py)."""

    def __init__(self, exe, entry=True):
        self.exe = exe
        self.symbols = {s.name: s.value & 0xFFFFFFFF for s in exe.symbols}
        self.names = SymbolMap.from_symbols(exe.symbols).by_address
        self.code = sorted((s.address, s.address + len(s.data), s) for s in exe.segments
                           if s.flags & kx.SEG_X)
        self._code_starts = [start for start, _, _ in self.code]
        # The line table has an entry per word; a line starts where the
        # previous word belongs to another line.
        self.line_of = {}
        self.starts = {}                  # (file, line) -> [addresses where it starts]
        previous = None
        for address, f, n in sorted(exe.lines):
            where = (exe.files[f], n)
            self.line_of[address] = where
            if where != self.line_of.get(address - 4) or previous is None:
                self.starts.setdefault(where, []).append(address)
            previous = where
        self.functions = self._functions(entry)

    def in_code(self, address):
        i = bisect.bisect_right(self._code_starts, address) - 1
        return i >= 0 and address < self.code[i][1]

    def _functions(self, entry):
        """Addresses that start functions: the entry, global labels in code,
        every target of a `jal ra`, every label of code whose address is a
        word of data (tables of functions, such as a system-call table), and
        every label reached by a jump or branch from code that is neither in
        its own stretch nor in the stretch just before it (a tail call; a
        loop's label is reached from inside)."""
        starts = {self.exe.entry} if entry else set()
        code_labels = set()
        for s in self.exe.symbols:
            if not s.is_absolute and self.in_code(s.value) and not s.name.startswith(".L"):
                code_labels.add(s.value)
                if s.is_global:
                    starts.add(s.value)
        named = sorted(code_labels)
        code = [seg for _, _, seg in self.code]
        for seg in self.exe.segments:
            if seg not in code:
                for offset in range(0, len(seg.data) - 3, 4):
                    word = int.from_bytes(seg.data[offset:offset + 4], "little")
                    if word in code_labels:
                        starts.add(word)
        for seg in code:
            for offset in range(0, len(seg.data) - 3, 4):
                decoded = decode(int.from_bytes(seg.data[offset:offset + 4], "little"))
                if not decoded:
                    continue
                pc = seg.address + offset
                target = branch_target(*decoded, pc)
                if target is None or not self.in_code(target):
                    continue
                if decoded[0].name == "jal" and decoded[1]["rd"] == RA:
                    starts.add(target)
                elif target in code_labels:
                    i = bisect.bisect_left(named, target)
                    low = named[i - 1] if i > 0 else target
                    high = named[i + 1] if i + 1 < len(named) else 1 << 32
                    if not low <= pc < high:
                        starts.add(target)
        return sorted(starts)


class Program:
    """What the debugger knows: the program's image and those of the
    modules loaded now (`add_module`, as gdb's add-symbol-file), merged so
    that every lookup by address is a bisection."""

    def __init__(self, exe, name):
        self.exe = exe
        self.name = name
        self.main = Image(exe)
        self.modules = {}                 # name -> modules.Module, in load order
        self.sources = SourceFiles()
        self._paths = {}
        self._merge()

    # --- modules ---------------------------------------------------------------
    def add_module(self, module):
        self.modules.pop(module.name, None)
        self.modules[module.name] = module
        self._merge()

    def remove_module(self, name):
        if self.modules.pop(name, None) is not None:
            self._merge()

    def set_modules(self, modules):
        """Exactly these modules ({name: Module}) are loaded."""
        self.modules = dict(modules)
        self._merge()

    def module_at(self, address):
        """The loaded module whose memory holds `address`, or None."""
        for module in self.modules.values():
            if module.base <= address < module.base + module.size:
                return module
        return None

    def _merge(self):
        images = [self.main] + [m.image for m in self.modules.values()]
        self.symbols, names = {}, {}
        self.line_of, self.starts = {}, {}
        self.files = []
        code, functions = [], set()
        # A name the program and a module both define is the program's; at
        # an address, a module's names come before the program's (the
        # kernel's label of its module area, say).
        for image in images:
            for symbol, value in image.symbols.items():
                self.symbols.setdefault(symbol, value)
        for image in images[1:] + images[:1]:
            for address, here in image.names.items():
                names.setdefault(address, []).extend(here)
        for image in images:
            for address, where in image.line_of.items():
                self.line_of.setdefault(address, where)
            for where, addresses in image.starts.items():
                self.starts.setdefault(where, []).extend(addresses)
            self.files += [f for f in image.exe.files if f not in self.files]
            code += [(start, end) for start, end, _ in image.code]
            functions.update(image.functions)
        self.labels = SymbolMap(names)
        self.line_starts = {a for addresses in self.starts.values() for a in addresses}
        self.code = sorted(code)
        self._code_starts = [start for start, _ in self.code]
        self.functions = sorted(functions)

    # --- functions -----------------------------------------------------------
    def _code_range(self, address):
        i = bisect.bisect_right(self._code_starts, address) - 1
        return self.code[i] if i >= 0 and address < self.code[i][1] else None

    def in_code(self, address):
        return self._code_range(address) is not None

    def function(self, address):
        """(name, start) of the function holding `address`, or (None, None)."""
        i = bisect.bisect_right(self.functions, address) - 1
        code = self._code_range(address)
        if i < 0 or code is None or self.functions[i] < code[0]:
            return None, None
        start = self.functions[i]
        names = self.labels.by_address.get(start)
        return (names[0] if names else f"{start:#x}"), start

    def function_end(self, start):
        i = bisect.bisect_right(self.functions, start)
        end = self._code_range(start)[1]
        return min(end, self.functions[i]) if i < len(self.functions) else end

    def describe(self, address):
        """`<name+0x8>` for the nearest label at or before, or ''."""
        return self.labels.describe(address)

    # --- source ----------------------------------------------------------------
    def where(self, address):
        """(file, line) of the instruction at `address`, or None."""
        return self.line_of.get(address)

    def _path(self, path):
        """A line table's file name as it can be opened: as given (from the
        directory the debugger runs in), else from the repository's root,
        where the build assembles the kernel and its modules."""
        if path not in self._paths:
            found = path
            if not os.path.isabs(path) and not os.path.exists(path) and (ROOT / path).exists():
                found = str(ROOT / path)
            self._paths[path] = found
        return self._paths[path]

    def text(self, path, line):
        return self.sources.text(self._path(path), line)

    def line_count(self, path):
        return len(self.sources.lines(self._path(path)))

    def file_named(self, name):
        """The line table's file called `name` (a path, or its end)."""
        matches = [f for f in self.files
                   if f == name or f.endswith("/" + name) or os.path.basename(f) == name]
        if not matches:
            raise LookupError(f'No source file named "{name}".')
        return matches[0]

    def has_source(self, address):
        """Whether `address` maps to a line of a file that can be read."""
        where = self.where(address)
        return where is not None and self.line_count(where[0]) > 0

    def compiled(self, address):
        """Whether `address` is code compiled from C (a line table from `.loc`)."""
        where = self.where(address)
        return where is not None and where[0].lower().endswith(COMPILED_SOURCES)

    def after_prologue(self, start):
        """Where `break FUNC` stops: in code compiled from C (its line table
        from `.loc`), the first address of the function's second line, past
        the prologue, as gdb does; in assembly the function's first word."""
        if not self.compiled(start):
            return start
        where = self.where(start)
        _, first = self.function(start)
        if first != start:
            return start
        end = self.function_end(start)
        later = [a for a in self.line_starts if start < a < end and self.where(a) != where]
        return min(later) if later else start

    def line_address(self, path, line):
        """The first address of `path:line`, or of the next line with code."""
        for n in range(line, line + 200):
            if (path, n) in self.starts:
                return min(self.starts[(path, n)]), n
        raise LookupError(f'Line {line} of "{path}" has no code.')


# --- the call stack ---------------------------------------------------------------

class Frame:
    def __init__(self, level, pc, sp, cfa, ra_slot, caller_pc):
        self.level = level
        self.pc = pc
        self.sp = sp
        self.cfa = cfa                # sp before the function's prologue ran
        self.ra_slot = ra_slot        # where ra is saved, or None (still in ra)
        self.caller_pc = caller_pc    # the return address, or None


def _frame_layout(program, read_word, start, pc):
    """(sp change so far, offset of the ra slot from the entry sp or None)
    from the prologue/epilogue instructions between `start` and `pc`."""
    delta, slot = 0, None
    address = start
    for _ in range(PROLOGUE_SCAN):
        if address >= pc:
            break
        word = read_word(address)
        decoded = None if word is None else decode(word)
        address += 4
        if decoded is None:
            continue
        insn, v = decoded
        if insn.name == "addi" and v["rd"] == SP and v["rs1"] == SP:
            delta += v["imm"]
        elif insn.name == "sw" and v["rs2"] == RA and v["rs1"] == SP:
            slot = delta + v["imm"]
        elif insn.name == "lw" and v["rd"] == RA:
            slot = None
    return delta, slot


@functools.lru_cache(maxsize=4096)
def call_depth_change(word):
    """1 for a call (jal/jalr with ra), -1 for a return (jalr x0, ra), else 0;
    cached, since reverse-next asks it of every instruction it replays."""
    decoded = None if word is None else decode(word)
    if not decoded:
        return 0
    insn, v = decoded
    if insn.name in ("jal", "jalr") and v["rd"] == RA:
        return 1
    return -1 if insn.name == "jalr" and v["rd"] == 0 and v["rs1"] == RA else 0


def is_call(word):
    return call_depth_change(word) == 1


def backtrace(program, read_word, pc, sp, ra):
    """The frames from the innermost out, as far as the calling convention
    (ra saved by `sw ra, N(sp)` after `addi sp, sp, -M`) tells."""
    frames = []
    for level in range(MAX_FRAMES):
        _, start = program.function(pc)
        if start is None:
            frames.append(Frame(level, pc, sp, None, None, None))
            break
        delta, slot = _frame_layout(program, read_word, start, pc)
        cfa = (sp - delta) & 0xFFFFFFFF
        if slot is not None:
            ra_slot = (cfa + slot) & 0xFFFFFFFF
            caller = read_word(ra_slot)
        else:
            ra_slot = None
            caller = ra if level == 0 else None
        ok = (caller is not None and caller != 0 and program.in_code(caller - 4)
              and is_call(read_word(caller - 4)))
        frames.append(Frame(level, pc, sp, cfa, ra_slot, caller if ok else None))
        if not ok or (level > 0 and cfa <= sp and delta == 0 and slot is None):
            break
        pc, sp = caller, cfa
    return frames
