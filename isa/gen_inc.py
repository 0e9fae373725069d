"""Include-file generation: the text of os/include/*.inc from the isa tables.

Each file is a stamp line, a one-line summary and titled groups of `.equ`
lines, one per named constant; `k32.inc` includes the rest.  `symbols()`
reads the constants back and refuses a name defined in two files.
"""

import inspect
import re
import textwrap

from . import abi, boot, kx, machine, micro, module, obj, table

SYMBOL = re.compile(r"[A-Za-z_.$][A-Za-z0-9_.$]*\Z")   # a GNU as symbol name


def literal(name, value, radix):
    """A value as the include files spell it: sizes and counts in decimal."""
    if radix == "hex" and not name.endswith("_SIZE"):
        return f"0x{value:X}"
    return str(value)


def _equ_block(title, rows, radix):
    """A titled group of (name, value, meaning) rows, as `.equ` lines."""
    for name, _, _ in rows:
        if not SYMBOL.match(name):
            raise table.ISAError(f"{name!r} is not a valid assembler symbol")
    return ("block", title, [(name, literal(name, value, radix), meaning)
                             for name, value, meaning in rows])


def _render_include(name, summary, parts, stamp):
    """The text of one include file from its comment and `.equ` parts."""
    equs = [row for part in parts if part[0] == "block" for row in part[2]]
    width = max((len(f".equ {n}, {v}") for n, v, _ in equs), default=0) + 2
    lines = [f"# {stamp}", f"# {name}: {summary}"]
    for part in parts:
        lines.append("")
        if part[0] == "comment":
            lines += [f"# {text}".rstrip() for text in part[1]]
            continue
        if part[0] == "text":
            lines += part[1]
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
            _equ_block("Bits and commands of the device registers", machine.DEVICE_BITS, "hex"),
            _equ_block("Device classes and IDs on the hot-plug bus (HP_CLASS, HP_ID)",
                       machine.HOTPLUG_CLASSES, "hex")]


def convention():
    """The system-call convention: the abi docstring's prose, then the registers."""
    prose = inspect.cleandoc(abi.__doc__).split("\n\n", 1)[1]
    wrapped = textwrap.wrap(" ".join(prose.split()), 74)
    registers = (f"number: {abi.SYSCALL_NUMBER_REGISTER}   "
                 f"arguments: {', '.join(abi.SYSCALL_ARGUMENT_REGISTERS)}   "
                 f"result: {abi.SYSCALL_RESULT_REGISTER}")
    return wrapped, registers


def _syscall_parts():
    prose, registers = convention()
    return [("comment", ["System-call convention:", *prose, registers]),
            _equ_block("System-call numbers", abi.SYSCALLS, "dec"),
            _equ_block("Error codes (a failing call returns the negated value)", abi.ERRNOS, "dec"),
            _equ_block("Flags for open()", abi.OPEN_FLAGS, "hex"),
            _equ_block("lseek() whence values", abi.SEEK_WHENCE, "dec"),
            _equ_block("Exit statuses of processes that did not call exit()", abi.EXIT_STATUSES, "dec"),
            _equ_block("fstat() types", abi.FILE_TYPES, "dec"),
            _equ_block("Process states (procs())", abi.PROC_STATES, "dec"),
            *[_equ_block(f"{prefix} records ({call}): field offsets and size",
                         [*fields, (f"{prefix}_SIZE", size, "bytes in one record")], "dec")
              for prefix, size, call, fields in abi.RECORDS],
            _equ_block("Limits", abi.LIMITS, "dec")]


def _boot_parts():
    prose = inspect.cleandoc(boot.__doc__)
    lines = [line for para in prose.split("\n\n") for line in
             textwrap.wrap(" ".join(para.split()), 74) + [""]][:-1]
    return [("comment", lines),
            _equ_block("Boot-info record", [("BOOTINFO_MAGIC", boot.BOOTINFO_MAGIC, "magic number"),
                                            *boot.BOOTINFO_FIELDS], "hex"),
            _equ_block("Boot-module record", [*boot.BOOTMOD_FIELDS,
                                              ("BOOTMOD_SIZE", boot.BOOTMOD_SIZE, "bytes in one record"),
                                              ("BOOTMOD_NAME_MAX", boot.BOOTMOD_NAME_MAX, "longest module name"),
                                              ("MAX_MODULES", boot.MAX_MODULES, "most modules in a boot image")],
                       "dec")]


def _kx_parts():
    constants = [
        ("KX_MAGIC_WORD", int.from_bytes(kx.MAGIC, "little"), 'the magic b"K32X" read as a little-endian word'),
        ("KX_VERSION", kx.VERSION, "the format version"),
        ("KX_MAX_SEGMENTS", kx.MAX_SEGMENTS, "most segments in a file"),
        ("KX_FLAG_DEBUG", kx.FLAG_DEBUG, "header flag: a debug section is present"),
        ("KX_SEG_R", kx.SEG_R, "segment flag: readable"),
        ("KX_SEG_W", kx.SEG_W, "segment flag: writable"),
        ("KX_SEG_X", kx.SEG_X, "segment flag: executable"),
    ]
    return [_equ_block("Executable format (.kx, see isa/kx.py)", constants, "hex"),
            _equ_block("Header fields: byte offsets", [
                *kx.field_offsets(kx.HEADER_FIELDS),
                ("KX_HEADER_SIZE", kx.HEADER.size, "bytes in the header")], "dec"),
            _equ_block("Segment-table entry fields: byte offsets (the table follows the header)", [
                *kx.field_offsets(kx.SEGMENT_FIELDS),
                ("KX_SEGMENT_SIZE", kx.SEGMENT.size, "bytes in one entry")], "dec")]


def _micro_parts():
    prose = inspect.cleandoc(micro.__doc__)
    lines = [line for para in prose.split("\n\n") for line in
             textwrap.wrap(" ".join(para.split()), 74) + [""]][:-1]
    return [("comment", lines),
            _equ_block("IPC operations (a5)", micro.IPC_OPS, "dec"),
            _equ_block("Kernel calls (a5)", micro.KERNEL_CALLS, "dec"),
            _equ_block("Endpoints", micro.ENDPOINTS, "dec"),
            _equ_block("Message types (m0)", micro.MESSAGE_TYPES, "hex"),
            _equ_block("Kernel events (m1 of a notification from EP_KERNEL)", micro.KERNEL_EVENTS, "hex"),
            _equ_block("Grant access", micro.GRANT_ACCESS, "dec"),
            _equ_block("service() operations", micro.SERVICE_OPS, "dec"),
            _equ_block("Service states (SERVICEINFO_STATE)", micro.SERVICE_STATES, "dec"),
            *[_equ_block(f"{prefix} records ({call}): field offsets and size",
                         [*fields, (f"{prefix}_SIZE", size, "bytes in one record")], "dec")
              for prefix, size, call, fields in micro.RECORDS],
            _equ_block("Limits", micro.LIMITS, "dec")]


def _obj_offsets(prefix, fields):
    return [(f"{prefix}{name.upper()}", offset, meaning)
            for name, offset, meaning in kx.field_offsets(fields)]


def _module_parts():
    prose = inspect.cleandoc(module.__doc__).split("\n\n")[0]
    constants = [
        ("KO_MAGIC_WORD", int.from_bytes(obj.MAGIC, "little"), 'the magic b"K32O" read as a little-endian word'),
        ("KO_VERSION", obj.VERSION, "the format version"),
        ("KO_MAX_SECTIONS", obj.MAX_SECTIONS, "most sections in an object"),
        ("KO_MAX_ALIGN_LOG2", obj.MAX_ALIGN_LOG2, "largest section alignment (log2)"),
        ("KO_SEC_UNDEF", obj.SEC_UNDEF, "symbol section: undefined"),
        ("KO_SEC_ABS", obj.SEC_ABS, "symbol section: absolute"),
        ("KO_SEC_COMMON", obj.SEC_COMMON, "symbol section: common"),
        *[(f"KO_KIND_{kind.upper()}", i, f"section kind {kind}") for i, kind in enumerate(obj.KINDS)],
        *[(f"KO_BIND_{b.upper()}", i, f"symbol binding {b}") for i, b in enumerate(obj.BINDINGS)],
    ]
    relocs = [(name, number, f"{fld}, {op}: {meaning}")
              for name, number, fld, op, meaning in obj.RELOCATIONS]
    return [("comment", [line for line in textwrap.wrap(" ".join(prose.split()), 74)]),
            _equ_block("Relocatable object format (.o, .ko; see isa/obj.py)", constants, "hex"),
            _equ_block("Header fields: byte offsets", [
                *[(f"KO_H_{name.upper()}", offset, meaning) for name, offset, meaning in
                  kx.field_offsets(obj.HEADER_FIELDS)],
                ("KO_HEADER_SIZE", obj.HEADER.size, "bytes in the header")], "dec"),
            _equ_block("Section entries", [*_obj_offsets("KO_SEC_", obj.SECTION_FIELDS),
                                           ("KO_SECTION_SIZE", obj.SECTION.size, "bytes in one entry")], "dec"),
            _equ_block("Symbol entries", [*_obj_offsets("KO_SYM_", obj.SYMBOL_FIELDS),
                                          ("KO_SYMBOL_SIZE", obj.SYMBOL.size, "bytes in one entry")], "dec"),
            _equ_block("Relocation entries", [*_obj_offsets("KO_REL_", obj.RELOC_FIELDS),
                                              ("KO_RELOC_SIZE", obj.RELOC.size, "bytes in one entry")], "dec"),
            _equ_block("Relocation types (isa/obj.py RELOCATIONS)", relocs, "dec"),
            _equ_block("Module record (the kernel's, one per loaded module)",
                       [*module.MODULE_FIELDS, ("MODULE_SIZE", module.MODULE_SIZE, "bytes in one record")],
                       "dec"),
            _equ_block("Module states (MOD_STATE)", module.MODULE_STATES, "dec"),
            _equ_block("Module limits", module.LIMITS, "dec"),
            ("comment", [f"The kernel build modules are made for (.modinfo vermagic=): {module.VERMAGIC}"]),
            ("text", [".macro MODULE_VERMAGIC           # the .modinfo entry vermagic=...",
                      f'        .asciz  "vermagic={module.VERMAGIC}"',
                      ".endm"]),
            ("comment", [line for para in EXPORT_DOC.split("\n\n")
                         for line in textwrap.wrap(" ".join(para.split()), 74) + [""]][:-1]),
            ("text", EXPORT_MACRO.strip("\n").splitlines())]


EXPORT_DOC = """EXPORT sym: sym may be used by kernel modules.  Written beside the
definition, as Linux's EXPORT_SYMBOL is; what it does depends on what is
being assembled.  In a module (MODULE_BUILD defined, by os/modular/kmod.inc,
before k32.inc): sym becomes global and its name is listed in the module's
.modinfo (export=sym), so that modules depending on this one may use it.
In the modular kernel (KERNEL_MODULES defined before k32.inc): an entry in
the section .ksymtab -- the address, then the NUL-terminated name, word
aligned -- which the assembler collects into one table,
ksymtab_start..ksymtab_end.  In the monolithic kernel and the
microkernel: nothing."""

EXPORT_MACRO = """
.ifdef MODULE_BUILD
.macro EXPORT sym
        .globl  \\sym
        .pushsection .modinfo, ""
        .asciz  "export=\\sym"
        .popsection
.endm
.else
.ifdef KERNEL_MODULES
.macro EXPORT sym
        .pushsection .ksymtab, "a"
        .word   \\sym
        .asciz  "\\sym"
        .balign 4
        .popsection
.endm
.else
.macro EXPORT sym
.endm
.endif
.endif
"""


# File name -> (what it holds, its parts).  k32.inc includes them in this order.
INCLUDES = {
    "csr.inc": ("control-register numbers and status bits", _csr_parts),
    "traps.inc": ("trap causes and interrupt lines", _trap_parts),
    "paging.inc": ("page size and page-table entry bits", _paging_parts),
    "ports.inc": ("I/O ports and the bits of device registers", _port_parts),
    "syscalls.inc": ("the user ABI: system calls, error codes, flags, records, limits", _syscall_parts),
    "boot.inc": ("the boot protocol: boot-info and module records", _boot_parts),
    "kx.inc": ("the executable format: magic, flags and field offsets", _kx_parts),
    "micro.inc": ("the microkernel's interface: IPC, kernel calls, endpoints, messages", _micro_parts),
    "module.inc": ("kernel modules: the object format the loader reads, the module record", _module_parts),
}


def include_text(name, stamp):
    """The text of one include file of INCLUDES, headed by `stamp`."""
    summary, parts = INCLUDES[name]
    return _render_include(name, summary, parts(), stamp)


def k32_inc(stamp):
    """The text of k32.inc, which includes every file of INCLUDES in order."""
    includes = [f'.include "{name}"' for name in INCLUDES]
    return "\n".join([f"# {stamp}",
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



def c_header(stamp):
    """programs/libc/include/k32/abi.h: the user ABI of syscalls.inc as C
    `#define`s (same names and values), for the C library and C programs."""
    summary, parts = INCLUDES["syscalls.inc"]
    rows = [row for part in parts() if part[0] == "block" for row in part[2]]
    width = max(len(f"#define {n} {v}") for n, v, _ in rows) + 2
    lines = [f"/* {stamp} */", f"/* k32/abi.h: {summary} */", "#ifndef K32_ABI_H",
             "#define K32_ABI_H"]
    for part in parts():
        lines.append("")
        if part[0] == "comment":
            lines += [f"/* {text} */".replace("/*  */", "").rstrip() for text in part[1]]
            continue
        lines.append(f"/* {part[1]} */")
        lines += [f"#define {n} {v}".ljust(width) + f"/* {m.replace('*/', '* /')} */"
                  for n, v, m in part[2]]
    lines += ["", "/* strerror's messages: X(NAME, \"message\") for each error code */",
              "#define K32_ERRNO_MESSAGES(X) \\"]
    lines += [f"    X({n}, \"{m}\") \\" for n, _, m in abi.ERRNOS]
    lines += ["", "", "#endif"]
    return "\n".join(lines) + "\n"
