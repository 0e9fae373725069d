"""Writes the files derived from the ISA table: os/include/*.inc and docs/isa.md.

    python -m isa.gen            rewrite every generated file that changed
    python -m isa.gen --check    write nothing; exit 1 listing stale or missing files

Only `isa` modules and the standard library are imported, so the generator
runs before anything else of the project works.  The output is a pure
function of the table (no dates, no paths), so `--check` can compare bytes.
"""

import argparse
import inspect
import re
import sys
import textwrap
from pathlib import Path

from . import abi, instructions, kx, machine, table

ROOT = Path(__file__).resolve().parent.parent   # the copy of isa/ being run decides
STAMP = "generated — do not edit: written from isa/ by `python -m isa.gen`"
SYMBOL = re.compile(r"[A-Za-z_.$][A-Za-z0-9_.$]*\Z")   # a GNU as symbol name

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
    "fence": "`pred, succ`: sets of `i` `o` `r` `w` (i=8 o=4 r=2 w=1); stored as pred << 4 | succ",
}
WORD_KINDS = ("boff", "joff")          # immediates counted in 4-byte words


# --- assembly include files ---------------------------------------------------

def _literal(name, value, radix):
    """A value as the include files spell it: sizes and counts in decimal."""
    if radix == "hex" and not name.endswith("_SIZE"):
        return f"0x{value:X}"
    return str(value)


def _equ_block(title, rows, radix):
    """A titled group of (name, value, meaning) rows, as `.equ` lines."""
    for name, _, _ in rows:
        if not SYMBOL.match(name):
            raise table.ISAError(f"{name!r} is not a valid assembler symbol")
    return ("block", title, [(name, _literal(name, value, radix), meaning)
                             for name, value, meaning in rows])


def _render_include(name, summary, parts):
    """The text of one include file from its comment and `.equ` parts."""
    equs = [row for part in parts if part[0] == "block" for row in part[2]]
    width = max((len(f".equ {n}, {v}") for n, v, _ in equs), default=0) + 2
    lines = [f"# {STAMP}", f"# {name}: {summary}"]
    for part in parts:
        lines.append("")
        if part[0] == "comment":
            lines += [f"# {text}".rstrip() for text in part[1]]
            continue
        lines.append(f"# {part[1]}")
        lines += [f".equ {n}, {v}".ljust(width) + f"# {m}" for n, v, m in part[2]]
    return "\n".join(lines) + "\n"


def _csr_parts():
    csrs = [(f"CSR_{n.upper()}", v, m) for n, v, m in machine.CSRS]
    return [_equ_block("Control registers (csrrw/csrrs/csrrc, kernel mode only)", csrs, "dec"),
            _equ_block("Bits of the status register", machine.STATUS_BITS, "hex")]


def _trap_parts():
    interrupt = [("INTERRUPT_BIT", machine.INTERRUPT_BIT,
                  "set in cause for an interrupt; the low bits hold the IRQ number")]
    return [_equ_block("Trap causes, as written to the cause register", machine.TRAP_CAUSES, "dec"),
            _equ_block("Interrupts", interrupt, "hex"),
            _equ_block("Interrupt request lines", machine.IRQS, "dec")]


def _paging_parts():
    return [_equ_block("Paging (two levels, user mode only, when STATUS_PAGING is set)",
                       machine.PAGE_BITS, "hex")]


def _port_parts():
    return [_equ_block("I/O ports (in/out/ins/outs, kernel mode only); "
                       "DISK_STATUS and DISK_COMMAND share a port", machine.PORTS, "hex"),
            _equ_block("Bits and commands of the device registers", machine.DEVICE_BITS, "hex")]


def _convention():
    """The system-call convention: the abi docstring's prose, then the registers."""
    prose = inspect.cleandoc(abi.__doc__).split("\n\n", 1)[1]
    wrapped = textwrap.wrap(" ".join(prose.split()), 74)
    registers = (f"number: {abi.SYSCALL_NUMBER_REGISTER}   "
                 f"arguments: {', '.join(abi.SYSCALL_ARGUMENT_REGISTERS)}   "
                 f"result: {abi.SYSCALL_RESULT_REGISTER}")
    return wrapped, registers


def _syscall_parts():
    prose, registers = _convention()
    return [("comment", ["System-call convention:", *prose, registers]),
            _equ_block("System-call numbers", abi.SYSCALLS, "dec"),
            _equ_block("Error codes (a failing call returns the negated value)", abi.ERRNOS, "dec"),
            _equ_block("Flags for open()", abi.OPEN_FLAGS, "hex")]


# File name -> (what it holds, its parts).  k32.inc includes them in this order.
INCLUDES = {
    "csr.inc": ("control-register numbers and status bits", _csr_parts),
    "traps.inc": ("trap causes and interrupt lines", _trap_parts),
    "paging.inc": ("page size and page-table entry bits", _paging_parts),
    "ports.inc": ("I/O ports and the bits of device registers", _port_parts),
    "syscalls.inc": ("system-call numbers, error codes and open flags", _syscall_parts),
}


def include_text(name):
    """The text of one include file of INCLUDES."""
    summary, parts = INCLUDES[name]
    return _render_include(name, summary, parts())


def k32_inc():
    includes = [f'.include "{name}"' for name in INCLUDES]
    return "\n".join([f"# {STAMP}",
                      "# k32.inc: every K32 constant; include this one file.", "",
                      *includes]) + "\n"


def symbols():
    """{name: value} of every `.equ` in the include files, checked for clashes."""
    seen, where = {}, {}
    for name, (_, parts) in INCLUDES.items():
        for part in parts():
            for symbol, value, _ in part[2] if part[0] == "block" else []:
                if symbol in seen:
                    raise table.ISAError(f"{symbol} is defined in both {where[symbol]} and {name}")
                seen[symbol], where[symbol] = int(value, 0), name
    return seen


# --- docs/isa.md ----------------------------------------------------------------

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
        raise table.ISAError(f"isa/gen.py mentions {name}, which the table no longer has")
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
        raise table.ISAError(f"operand kinds without a note in isa/gen.py: {sorted(missing)}")
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
        raise table.ISAError(f"registers without a role in isa/gen.py: {sorted(missing)}")
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
    body = [(_literal(n, v, radix), f"`{n}`", _cell(m)) for n, v, m in rows]
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
        devices.append((_literal(name, value, "hex"), f"`{name}`",
                        f"`{register}`" if register else "", _cell(text)))
    users = _users(lambda i: table.immediate_kind(i) == "uimm")
    return [*_rows_section("I/O ports", f"Reached with {users} in kernel mode only.  Every "
                           "port carries a 32-bit value. " + " ".join(shared),
                           ("Port", "Name", "Meaning"), ports, "hex"),
            "", "## Device register bits", "",
            *_table(("Value", "Name", "Register", "Meaning"), devices)]


def _abi_sections():
    prose, _ = _convention()
    args = ", ".join(f"`{r}`" for r in abi.SYSCALL_ARGUMENT_REGISTERS)
    registers = (f"Number in `{abi.SYSCALL_NUMBER_REGISTER}`; arguments in {args}; "
                 f"result in `{abi.SYSCALL_RESULT_REGISTER}`.")
    return [*_rows_section("System calls", " ".join(prose) + "  " + registers,
                           ("Number", "Name", "Call"), abi.SYSCALLS, "dec"),
            "", *_rows_section("Error codes", "A failing system call returns the negated "
                               "value in `a0`.", ("Value", "Name", "Meaning"),
                               abi.ERRNOS, "dec"),
            "", *_rows_section("Open flags", "Flags for `open()`; combine with `|`.",
                               ("Value", "Name", "Meaning"), abi.OPEN_FLAGS, "hex")]


def _executable_section():
    doc = inspect.cleandoc(kx.__doc__).split("\n", 1)[1].strip("\n")
    return ["## Executable format (.kx)", "",
            "Written and checked by `isa/kx.py`; user programs and boot modules use it.", "",
            "```", doc, "```"]


def isa_md():
    sections = [
        [f"<!-- {STAMP} -->", "", "# K32 instruction set reference", "",
         "This is the machine as the hardware sees it.  Pseudo-instructions (`li`, "
         "`la`, `call`, `ret`, ...) and directives are described in "
         "[the assembler manual](assembler.md)."],
        _registers_section(), _formats_section(), _kinds_section(),
        _instructions_section(), _csr_sections(), _trap_sections(), _paging_section(),
        _port_sections(), _abi_sections(), _executable_section(),
    ]
    return "\n\n".join("\n".join(s) for s in sections) + "\n"


# --- driver ---------------------------------------------------------------------

def targets():
    """{path relative to the repository root: function returning its text}."""
    files = {f"os/include/{name}": lambda name=name: include_text(name) for name in INCLUDES}
    files["os/include/k32.inc"] = k32_inc
    files["docs/isa.md"] = isa_md
    return files


def stale(root=ROOT):
    """[(path, "missing" or "stale")] for each generated file that is not current."""
    symbols()                          # raises if two include files clash
    result = []
    for path, make in targets().items():
        file = root / path
        if not file.exists():
            result.append((path, "missing"))
        elif file.read_bytes() != make().encode("utf-8"):
            result.append((path, "stale"))
    return result


def write(root=ROOT):
    """Rewrite the files that are not current; returns their paths."""
    out_of_date = [path for path, _ in stale(root)]
    make = targets()
    for path in out_of_date:
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(make[path](), encoding="utf-8", newline="\n")
    return out_of_date


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m isa.gen", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a generated file is stale or missing")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for path, why in problems:
            print(f"{why}: {path}")
        if problems:
            print("run `python -m isa.gen` to regenerate them")
        return 1 if problems else 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
