"""Reference-document generation: the text of docs/isa.md from the isa tables.

Each section is a list of lines built from the tables; the prose around them
names things through `_ref`, which fails if the table no longer has them.
"""

import inspect
import re

from . import abi, boot, bootimg, instructions, kx, machine, obj, table
from .gen_inc import convention, literal

# Documentation-only notes, checked against the table so that a new register
# or operand kind cannot go undocumented.
REGISTER_ROLES = {
    "zero": "always reads 0; writes are ignored",
    "ra": "return address",
    "sp": "stack pointer (callee-saved)",
    "gp": "global pointer",
    "tp": "thread pointer",
    "t0": "temporary", "t1": "temporary", "t2": "temporary",
    "s0": "saved register / frame pointer `fp` (callee-saved)",
    "s1": "saved register (callee-saved)",
    "a0": "argument 0 / return value", "a1": "argument 1 / second return value",
    "a2": "argument 2", "a3": "argument 3", "a4": "argument 4",
    "a5": "argument 5; system-call number",
}
KIND_NOTES = {
    "imm": "signed immediate, sign-extended to 32 bits",
    "uimm": "unsigned port number, added to `rs1` (`in`, `out`) or used as is",
    "shamt": "shift amount",
    "imm20": "upper 20 bits of a 32-bit value",
    "csr": "control register, by name (`status`, `epc`, ...) or number",
    "boff": "branch target, written as an address; stored as (target - address of the branch) / 4",
    "joff": "jump target, written as an address; stored as (target - address of the jump) / 4",
    "fence": "`pred, succ`: sets of `i` `o` `r` `w` ("
             + " ".join(f"{c}={b}" for c, b in table.FENCE_BITS.items()) + "); stored as pred << 4 | succ",
}
WORD_KINDS = ("boff", "joff")          # immediates counted in 4-byte words

# Outside code spans, what markdown could read as emphasis, strikethrough or
# an HTML tag; `a * b` and `a << b` are left alone because they are safe.
MARKUP = re.compile(r"~|(?<!\s)\*|\*(?!\s)|<(?=[A-Za-z/!?])")


def _cell(text):
    """Text made safe for a markdown table cell; `|` must be escaped even in code."""
    parts = str(text).split("`")
    for i in range(0, len(parts), 2):               # the parts outside code spans
        parts[i] = MARKUP.sub(lambda m: "\\" + m.group(), parts[i])
    return "`".join(parts).replace("|", "\\|")


def _ref(name):
    """A name the prose mentions, as code, after checking the table still has it."""
    known = {n.lower() for n, _, _ in machine.CSRS} | set(table.BY_NAME) | {
        n for group in (machine.STATUS_BITS, machine.TRAP_CAUSES, machine.PAGE_BITS)
        for n, _, _ in group} | {"INTERRUPT_BIT"}
    if name not in known:
        raise table.ISAError(f"isa/gen_doc.py mentions {name}, which the table no longer has")
    return f"`{name}`"


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _bits(lo, width):
    hi = lo + width - 1
    return f"{hi}:{lo}" if width > 1 else str(lo)


def _layout(fmt):
    """(name, lo, width, signed) for every field of a format, opcode included, high first."""
    fields = list(instructions.FORMATS[fmt]) + [("opcode", 0, 8, False)]
    return sorted(fields, key=lambda f: -f[1])


def _diagram(fmt):
    """Four lines drawing a format: bit numbers, border, field names, border."""
    numbers, border, names = "", "", ""
    for name, lo, width, _ in _layout(fmt):
        hi = str(lo + width - 1)
        inner = max(2 * width - 1, len(name) + 2, len(hi) + len(str(lo)) + 1)
        numbers += " " + hi + str(lo).rjust(inner - len(hi))
        border += "+" + "-" * inner
        names += "|" + name.center(inner)
    pad = " " * 4
    return [pad + numbers, pad + border + "+", f"{fmt:<4}" + names + "|", pad + border + "+"]


def _users(predicate):
    return " ".join(f"`{i.name}`" for i in table.INSTRUCTIONS if predicate(i))


def _formats_section():
    lines = ["## Instruction formats", "",
             "Every instruction is one 32-bit little-endian word; the opcode is always the "
             "low byte.  Bits are numbered from 0 (least significant).", "", "```"]
    for fmt in instructions.FORMATS:
        lines += _diagram(fmt) + [""]
    lines[-1] = "```"
    rows = []
    for fmt in instructions.FORMATS:
        fields = ", ".join(f"`{n}` {_bits(lo, w)}{' signed' if s else ''}"
                           for n, lo, w, s in _layout(fmt))
        rows.append((fmt, fields, _users(lambda i: i.format == fmt)))
    lines += [""] + _table(("Format", "Fields (bits)", "Used by"), rows)
    lines += ["", "A `zero` field, and any field that an instruction's syntax does not "
              "mention (for example `rd` and `rs1` of `fence`), must be zero: otherwise "
              "the word is an illegal instruction."]
    return lines


def _reach(kind, lo, hi):
    """An immediate range, with the byte reach for word offsets."""
    text = f"{lo} .. {hi}" if hi < 256 or lo < 0 else f"0x{lo:X} .. 0x{hi:X}"
    if kind in WORD_KINDS:
        reach = (hi + 1) * 4
        unit = f"{reach >> 20} MiB" if reach >= 1 << 20 else f"{reach >> 10} KiB"
        text += f" words (±{unit})"
    return text


def _kinds_section():
    missing = set(table.IMMEDIATE_KINDS) ^ set(KIND_NOTES)
    if missing:
        raise table.ISAError(f"operand kinds without a note in isa/gen_doc.py: {sorted(missing)}")
    rows = [("`rd` `rs1` `rs2`", "a register: `x0`..`x15` or its ABI name", "", "")]
    for kind, (lo, hi) in table.IMMEDIATE_KINDS.items():
        users = _users(lambda i: table.immediate_kind(i) == kind)
        rows.append((f"`{kind}`", _cell(KIND_NOTES[kind]), _reach(kind, lo, hi), users))
    return ["## Operand kinds", "",
            "The syntax column of the instruction table names its operands by kind.  "
            "Immediates are range-checked when they are encoded.  Branch and jump "
            "offsets count 4-byte words, but assembly writes the target address (a "
            "label), and the assembler computes the offset.", "",
            *_table(("Kind", "Meaning", "Range", "Used by"), rows)]


def _instructions_section():
    aliases = {}
    for alias, target in table.ALIASES.items():
        aliases.setdefault(target, []).append(alias)
    rows = []
    for i in table.INSTRUCTIONS:
        name = " / ".join(f"`{n}`" for n in [i.name, *aliases.get(i.name, [])])
        syntax = "`" + " ".join(filter(None, (i.name, i.syntax))) + "`"
        rows.append((name, f"0x{i.opcode:02X}", i.format, syntax,
                     "yes" if i.privileged else "no", _cell(i.meaning)))
    return ["## Instructions", "",
            "In the meanings, `rs1`, `rs2` and `rd` are register values; `signed` and "
            "`unsigned` say how a comparison or product reads them; `M8`, `M16`, `M32` "
            "are bytes, halfwords and words of memory; `sext`/`zext` sign- or "
            "zero-extend to 32 bits; `target` is the address a branch or jump operand "
            f"names.  A privileged instruction in user mode traps with cause "
            f"{_ref('CAUSE_PRIVILEGED')}.", "",
            *_table(("Mnemonic", "Opcode", "Format", "Syntax", "Privileged", "Meaning"), rows)]


def _registers_section():
    missing = set(table.REGISTER_NAMES) ^ set(REGISTER_ROLES)
    if missing:
        raise table.ISAError(f"registers without a role in isa/gen_doc.py: {sorted(missing)}")
    rows = [(f"`x{n}`", f"`{name}`", REGISTER_ROLES[name])
            for n, name in enumerate(table.REGISTER_NAMES)]
    aliases = ", ".join(f"`{a}` = `x{n}`" for a, n in instructions.REGISTER_ALIASES.items())
    return ["## Registers and words", "",
            "K32 is a 32-bit, little-endian, byte-addressed machine.  It has "
            f"{len(table.REGISTER_NAMES)} general registers of 32 bits, written `x0`.."
            f"`x{len(table.REGISTER_NAMES) - 1}` or by their RV32E ABI names ({aliases}); "
            "`x0` always reads as zero.  Every instruction is one fixed 32-bit "
            "little-endian word.  The user-level instructions are RISC-V RV32I plus M "
            "with RISC-V semantics; the encoding and everything privileged are K32's own.", "",
            *_table(("Register", "ABI name", "Role"), rows)]


def _rows_section(title, intro, header, rows, radix):
    """A section for (NAME, value, meaning) rows: value, name, meaning columns."""
    body = [(literal(n, v, radix), f"`{n}`", _cell(m)) for n, v, m in rows]
    return [f"## {title}", "", *([intro, ""] if intro else []), *_table(header, body)]


def _csr_sections():
    users = _users(lambda i: table.immediate_kind(i) == "csr")
    status = [(f"0x{v:X}", str(v.bit_length() - 1), f"`{n}`", _cell(m))
              for n, v, m in machine.STATUS_BITS]
    return [*_rows_section("Control registers", f"Read and written with {users}, in kernel "
                           "mode only; assembly names them in lower case, the include files "
                           "as `CSR_` plus the upper-case name.",
                           ("Number", "Name", "Meaning"), machine.CSRS, "dec"),
            "", "## Status bits", "", *_table(("Value", "Bit", "Name", "Meaning"), status)]


def _trap_sections():
    first = machine.IRQS[0]
    note = (f"An interrupt sets {_ref('cause')} to {_ref('INTERRUPT_BIT')} "
            f"(0x{machine.INTERRUPT_BIT:X}) plus the IRQ number: `{first[0]}` arrives as "
            f"0x{machine.INTERRUPT_BIT | first[1]:X}.  Trap entry saves the pc in "
            f"{_ref('epc')} and the mode and interrupt-enable bits in "
            f"{_ref('STATUS_PKERNEL')} and {_ref('STATUS_PIE')}, then enters kernel mode "
            f"with interrupts off at the address in {_ref('tvec')}; {_ref('eret')} "
            "undoes all of it at once.  For a trap caused by an instruction (such as "
            f"{_ref('syscall')}) {_ref('epc')} points at that instruction, so a handler "
            "that means to continue after it adds 4 first.")
    irqs = [(str(v), f"`{n}`", f"0x{machine.INTERRUPT_BIT | v:X}", _cell(m))
            for n, v, m in machine.IRQS]
    return [*_rows_section("Trap causes", None, ("Cause", "Name", "Meaning"),
                           machine.TRAP_CAUSES, "dec"),
            "", note, "", "## Interrupt requests", "",
            *_table(("IRQ", "Name", "Cause value", "Meaning"), irqs)]


def _paging_section():
    page = {n: v for n, v, _ in machine.PAGE_BITS}["PAGE_SIZE"]
    offset = page.bit_length() - 1
    index = (32 - offset) // 2
    intro = (f"Paging applies to user mode when {_ref('STATUS_PAGING')} is set; kernel mode "
             f"always addresses physical memory.  Page tables have two levels and pages "
             f"are {page // 1024} KiB: a virtual address splits {index}+{32 - offset - index}"
             f"+{offset} into a first-level index (bits {_bits(32 - index, index)}), a "
             f"second-level index (bits {_bits(offset, 32 - offset - index)}) and the byte "
             f"offset in the page (bits {_bits(0, offset)}).  {_ref('ptbase')} holds the "
             f"physical address of the first-level table; writing it or executing "
             f"{_ref('tlbflush')} drops cached translations.")
    return _rows_section("Paging", intro, ("Value", "Name", "Meaning"), machine.PAGE_BITS, "hex")


def _port_sections():
    ports = sorted(machine.PORTS, key=lambda p: p[1])
    by_port = {}
    for name, port, _ in ports:
        by_port.setdefault(port, []).append(f"`{name}`")
    shared = [f"{' and '.join(names)} share port 0x{port:X}: reads and writes reach "
              "different registers." for port, names in by_port.items() if len(names) > 1]
    devices = []
    for name, value, meaning in machine.DEVICE_BITS:
        register, _, text = meaning.partition(": ") if ": " in meaning else ("", "", meaning)
        devices.append((literal(name, value, "hex"), f"`{name}`",
                        f"`{register}`" if register else "", _cell(text)))
    users = _users(lambda i: table.immediate_kind(i) == "uimm")
    return [*_rows_section("I/O ports", f"Reached with {users} in kernel mode only.  Every "
                           "port carries a 32-bit value. " + " ".join(shared),
                           ("Port", "Name", "Meaning"), ports, "hex"),
            "", "## Device register bits", "",
            *_table(("Value", "Name", "Register", "Meaning"), devices),
            "", *_rows_section("Hot-plug bus: device classes and IDs", "What `HP_CLASS` and "
                               "`HP_ID` read for a slot.", ("Value", "Name", "Meaning"),
                               machine.HOTPLUG_CLASSES, "hex"),
            "", "## Hot-plug bus: the devices", "",
            "Slots 0-2 hold the fixed devices from reset; a device plugged in from the host "
            "(`k32 boot --plug TIME:NAME`, the monitor's `device_add NAME`) takes the lowest "
            "free slot.", "",
            *_table(("Host name", "Class", "ID", "Ports", "IRQ", "Plugged"),
                    [(f"`{n}`", f"`{c}`", f"`{i}`", f"0x{p:X}-0x{p + k - 1:X}",
                      f"`{q}`" if q else "none", "at reset" if fixed else "from the host")
                     for n, c, i, p, k, q, fixed in machine.BUS_DEVICES])]


def _abi_sections():
    prose, _ = convention()
    args = ", ".join(f"`{r}`" for r in abi.SYSCALL_ARGUMENT_REGISTERS)
    registers = (f"Number in `{abi.SYSCALL_NUMBER_REGISTER}`; arguments in {args}; "
                 f"result in `{abi.SYSCALL_RESULT_REGISTER}`.")
    return [*_rows_section("System calls", " ".join(prose) + "  " + registers,
                           ("Number", "Name", "Call"), abi.SYSCALLS, "dec"),
            "", *_rows_section("Error codes", "A failing system call returns the negated "
                               "value in `a0`.", ("Value", "Name", "Meaning"),
                               abi.ERRNOS, "dec"),
            "", *_rows_section("Open flags", "Flags for `open()`; combine with `|`.",
                               ("Value", "Name", "Meaning"), abi.OPEN_FLAGS, "hex"),
            "", *_rows_section("lseek whence", "Where `lseek()` counts its offset from.",
                               ("Value", "Name", "Meaning"), abi.SEEK_WHENCE, "dec"),
            "", *_rows_section("Exit statuses", "What `wait()` reports for a process that "
                               "did not call `exit()`.", ("Value", "Name", "Meaning"),
                               abi.EXIT_STATUSES, "dec"),
            "", *_rows_section("File types", "`STAT_TYPE` values.", ("Value", "Name", "Meaning"),
                               abi.FILE_TYPES, "dec"),
            "", *_rows_section("Process states", "`PROCINFO_STATE` values.",
                               ("Value", "Name", "Meaning"), abi.PROC_STATES, "dec"),
            *[line for prefix, size, call, fields in abi.RECORDS for line in
              ["", *_rows_section(f"{prefix} record", f"Filled by `{call}`; {size} bytes.",
                                  ("Offset", "Name", "Meaning"), fields, "dec")]],
            "", *_rows_section("Limits", "", ("Value", "Name", "Meaning"), abi.LIMITS, "dec"),
            "", *_rows_section("Boot-info record", " ".join(inspect.cleandoc(boot.__doc__).split()),
                               ("Offset", "Name", "Meaning"), boot.BOOTINFO_FIELDS, "dec"),
            "", *_rows_section("Boot-module record", f"{boot.BOOTMOD_SIZE} bytes each, at most "
                               f"{boot.MAX_MODULES}.", ("Offset", "Name", "Meaning"),
                               boot.BOOTMOD_FIELDS, "dec")]


def _executable_section():
    doc = inspect.cleandoc(kx.__doc__).split("\n", 1)[1].strip("\n")
    return ["## Executable format (.kx)", "",
            "Written and checked by `isa/kx.py`; user programs and boot modules use it.", "",
            "```", doc, "```"]


def _object_section():
    doc = inspect.cleandoc(obj.__doc__).split("\n", 1)[1].strip("\n")
    rows = [(f"`{name}`", str(number), f"`{fld}`", f"`{op}`", meaning)
            for name, number, fld, op, meaning in obj.RELOCATIONS]
    return ["## Object format (.o)", "",
            "Written and checked by `isa/obj.py`; `k32 asm -c` writes it, `k32 ld` reads it "
            "(also from `ar` archives), `k32 nm` and `k32 disasm -r` show it.", "",
            "```", doc, "```", "",
            "### Relocation types", "",
            "`field` is where the result goes: `dataN` is N little-endian bytes, otherwise "
            "the immediate field of that operand kind in the instruction word at the offset, "
            "range-checked as the assembler checks it.  With S the symbol's address, A the "
            "addend and P the address of the patched word, each `operation` stores:", "",
            *[f"- `{op}`: {meaning}" for op, meaning in obj.OPERATIONS.items()], "",
            *_table(("type", "number", "field", "operation", "use"), rows)]


def _boot_image_section():
    doc = inspect.cleandoc(bootimg.__doc__).split("\n", 1)[1].strip("\n")
    return ["## Boot image format (.boot)", "",
            "Written and checked by `isa/bootimg.py`; `k32 build` writes one per kernel "
            "(`build/mono.boot`) and `k32 boot` loads it as the boot-info record above says.",
            "", "```", doc, "```"]


def isa_md(stamp):
    """The text of docs/isa.md, headed by `stamp`."""
    sections = [
        [f"<!-- {stamp} -->", "", "# K32 instruction set reference", "",
         "This is the machine as the hardware sees it.  Pseudo-instructions (`li`, "
         "`la`, `call`, `ret`, ...) and directives are described in "
         "[the assembler manual](assembler.md)."],
        _registers_section(), _formats_section(), _kinds_section(),
        _instructions_section(), _csr_sections(), _trap_sections(), _paging_section(),
        _port_sections(), _abi_sections(), _executable_section(), _object_section(),
        _boot_image_section(),
    ]
    return "\n\n".join("\n".join(s) for s in sections) + "\n"

