"""The `k32` command line: one entry point for every tool.

Each command's docstring is its help text.  Heavy modules (the assembler's
parser, Numba) are imported inside the commands so that `k32 --help` and
quick commands start fast.  Errors are one clear message on stderr and a
non-zero exit status, never a traceback.
"""

import os
import sys
from pathlib import Path

import click

from vm.tools.build import BOOT_TARGETS        # light: the table of kernels for --kernel


class UserError(click.ClickException):
    """An error that is the input's fault: printed as `k32: message`, exit 1."""

    def show(self, file=None):
        click.echo(f"k32: {self.format_message()}", err=True)


def _parse_define(text):
    name, _, value = text.partition("=")
    if not name.isidentifier():
        raise click.BadParameter(f"{text!r}: expected NAME or NAME=VALUE", param_hint="-D")
    if len(value) > 100:
        raise click.BadParameter(f"{name}=...: the value is too long ({len(value)} characters)",
                                 param_hint="-D")
    try:
        return name, int(value, 0) if value else 1
    except ValueError:
        raise click.BadParameter(f"{text!r}: value must be an integer", param_hint="-D") from None


def _address(ctx, param, value):
    if value is None:
        return None
    try:
        number = int(value, 0)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number") from None
    if not 0 <= number < 1 << 32 or number % 4:
        raise click.BadParameter(f"{value} must be a 4-aligned 32-bit address")
    return number


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="k32", prog_name="k32")
def main():
    """K32: assembler, disassembler, machine, debugger and OS tools.

    Run `k32 COMMAND --help` for the options of each command.
    """


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-c", "compile_only", is_flag=True,
              help="Write a relocatable object (SOURCE.o) per source instead of linking.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Output file (default: SOURCE with .kx, or .o with -c).")
@click.option("-l", "--listing", type=click.Path(dir_okay=False),
              help="Also write a listing: address, bytes, source line (one source).")
@click.option("-I", "--include", "include_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Directory to search for .include files (repeatable).")
@click.option("-D", "--define", "defines", multiple=True, metavar="NAME[=VALUE]",
              help="Define a symbol, as with .equ (repeatable).")
@click.option("--text-base", callback=_address, default=None, metavar="ADDR",
              help="Address of the first code section (default 0x1000).")
@click.option("-e", "--entry", default=None, metavar="SYMBOL|ADDR",
              help="Entry point when linking several sources (default _start).")
@click.option("--no-debug", is_flag=True, help="Leave out the symbol and line tables.")
def asm(sources, compile_only, output, listing, include_dirs, defines, text_base, entry, no_debug):
    """Assemble SOURCES (GNU as syntax for RISC-V).

    One source: a K32 executable, as always.  With -c: a relocatable object
    per source, for `k32 ld`.  Several sources without -c: each is assembled
    and all are linked in one step, as `k32 ld` would.

    Prints nothing on success.  Every error in the source is reported as
    file:line:col with the offending line; the exit status is then 1.
    """
    from assembler import AsmError, assemble_file
    from isa import kx, obj

    opts = {"include_paths": list(include_dirs), "defines": dict(_parse_define(d) for d in defines)}
    if listing and (len(sources) > 1):
        raise UserError("-l/--listing takes one source")
    if compile_only:
        if output and len(sources) > 1:
            raise UserError("-o with -c takes one source (each source gets SOURCE.o)")
        results = []
        for source in sources:
            try:
                result = assemble_file(source, relocatable=True, **opts)
            except AsmError as e:
                click.echo(str(e), err=True)
                sys.exit(1)
            results.append((output or _with_suffix(source, ".o"), result))
        for path, result in results:
            _write(path, obj.write(result.object))
            if listing:
                _write(listing, result.listing().encode("utf-8"))
        return
    if len(sources) > 1:
        from assembler.driver import link_input
        items = [_tool(link_input, s, False, opts["include_paths"], opts["defines"]) for s in sources]
        _link_and_write(items, output or _with_suffix(sources[0], ".kx"), text_base, entry,
                        None, no_debug)
        return
    if entry is not None:
        raise UserError("-e/--entry is for linking: use it with several sources or k32 ld")
    source = sources[0]
    if text_base is not None:
        opts["text_base"] = text_base
    try:
        result = assemble_file(source, **opts)
    except AsmError as e:
        click.echo(str(e), err=True)
        sys.exit(1)
    if output is None:
        output = _with_suffix(source, ".kx")
    _write(output, kx.write(result.executable, debug=not no_debug))
    if listing:
        _write(listing, result.listing().encode("utf-8"))


def _with_suffix(source, suffix):
    return (source[:-2] if source.endswith((".s", ".S")) else source) + suffix


def _tool(function, *args, **kwargs):
    """Call a toolchain function; its ToolError becomes messages and exit 1."""
    from assembler.driver import FileError, ToolError
    try:
        return function(*args, **kwargs)
    except ToolError as e:
        for line in e.messages:
            click.echo(f"k32: {line}" if isinstance(e, FileError) else line, err=True)
        sys.exit(1)


def _entry(value):
    if value is None:
        return None
    try:
        return int(value, 0)
    except ValueError:
        return value


def _link_and_write(items, output, text_base, entry, map_file, no_debug):
    from assembler.driver import link_files
    from isa import kx
    result = _tool(link_files, items, text_base=0x1000 if text_base is None else text_base,
                   entry=_entry(entry))
    for warning in result.warnings:
        click.echo(f"k32: {warning}", err=True)
    blob = kx.write(result.executable, debug=not no_debug)
    _write(output, blob)
    if map_file == "-":
        click.echo(result.map_text, nl=False)
    elif map_file:
        try:
            _write(map_file, result.map_text.encode("utf-8"))
        except UserError:
            os.unlink(output)                 # all the outputs, or none
            raise


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", default="a.kx", show_default=True, type=click.Path(dir_okay=False),
              help="The executable to write.")
@click.option("-e", "--entry", default=None, metavar="SYMBOL|ADDR",
              help="Where execution starts (default: _start, else the start of .text).")
@click.option("--text-base", callback=_address, default=None, metavar="ADDR",
              help="Address of the first code section (default 0x1000).")
@click.option("-M", "--map", "map_file", default=None, metavar="FILE",
              help="Write a link map (where each section and symbol went; - for stdout).")
@click.option("-l", "--library", "libraries", multiple=True, metavar="NAME|FILE",
              help="Search library libNAME.a in the -L directories, or use FILE (an archive or "
                   "object) as a library, after all the inputs (repeatable).")
@click.option("-L", "--library-path", "search", multiple=True, type=click.Path(file_okay=False),
              help="Directory to search for -l libraries (repeatable).")
@click.option("--no-debug", is_flag=True, help="Leave out the symbol and line tables.")
def ld(inputs, output, entry, text_base, map_file, libraries, search, no_debug):
    """Link K32 objects and libraries into an executable.

    Objects are always linked in.  A library -- an archive (`k32 ar` or
    Unix `ar`) among INPUTS, or any -l -- contributes only the members that
    define a symbol still undefined where it stands, as GNU ld does with .a
    files.  Nothing is written unless the link succeeds.
    """
    from assembler.driver import find_library, link_input
    items = [_tool(link_input, path) for path in inputs]
    for name in libraries:
        items.append(_tool(link_input, _tool(find_library, name, search), True))
    _link_and_write(items, output, text_base, entry, map_file, no_debug)


def _opt_level(function):
    for level in reversed(("-O0", "-O1", "-O2", "-O3", "-Os")):
        function = click.option(level, "opt", flag_value=level,
                                help="GCC's optimisation level (default -O0)." if level == "-O0"
                                else None)(function)
    return function


@main.command(context_settings={"ignore_unknown_options": False})
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Output file (default a.kx; with -c SOURCE.o, with -S SOURCE.s, here).")
@click.option("--target", type=click.Choice(["os", "bare"]), default="os", show_default=True,
              help="os: a /BIN program for k32 boot; bare: a program for k32 run.")
@_opt_level
@click.option("-g", "debug", is_flag=True, help="Compile with debug information.")
@click.option("-I", "include_dirs", multiple=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Add DIR to the #include (and .include) path (repeatable).")
@click.option("-D", "defines", multiple=True, metavar="NAME[=VALUE]",
              help="Define a preprocessor macro (repeatable).")
@click.option("-W", "warnings", multiple=True, metavar="WARNING",
              help="A GCC warning option: -Wall, -Wextra, -Werror ... (repeatable).")
@click.option("-c", "compile_only", is_flag=True, help="Write an object per source; do not link.")
@click.option("-S", "assembly_only", is_flag=True, help="Write GCC's assembly per C source.")
@click.option("-nostartfiles", "no_start_files", is_flag=True,
              help="Do not link the start-up code (crt0): the program brings _start.")
def cc(sources, output, target, opt, debug, include_dirs, defines, warnings, compile_only,
       assembly_only, no_start_files):
    """Compile C (and assembly, objects) into a K32 program (docs/c.md).

    Each .c goes through riscv64-unknown-elf-gcc (RV32EM, ilp32e,
    freestanding, the headers of programs/libc), then k32 asm; .s files are
    assembled, .o files taken as they are; everything is linked with the
    target's crt0 and C library.  GCC's messages are printed as GCC prints
    them; nothing is written unless every step succeeded.
    """
    from assembler.cc import Options, cc as compile_program
    options = Options(target=target, opt=opt or "-O0", debug=debug, include_dirs=list(include_dirs),
                      defines=list(defines), warnings=list(warnings),
                      start_files=not no_start_files)
    result = _tool(compile_program, list(sources), options, output, compile_only, assembly_only)
    for line in result.messages:
        click.echo(line, err=True)
    for path, data in result.files.items():
        _write(path, data)


@main.command()
@click.argument("operation", metavar="OPERATION")
@click.argument("library", type=click.Path(dir_okay=False))
@click.argument("members", nargs=-1, type=click.Path(dir_okay=False))
def ar(operation, library, members):
    """Make and read libraries of objects (the Unix ar format).

    OPERATION is one of r (insert or replace MEMBERS), d (delete), t (list),
    x (extract), with the modifiers c (create quietly), s (index: accepted;
    k32 ld reads each member's symbols itself) and v (verbose), as in
    `k32 ar rcs libm.a a.o b.o`.
    """
    from assembler.driver import ar as run_ar
    ops = [c for c in operation.lstrip("-") if c in "rdtx"]
    unknown = [c for c in operation.lstrip("-") if c not in "rdtxcsvu"]
    if len(ops) != 1 or unknown:
        raise UserError(f"ar: bad operation '{operation}' (one of r d t x, modifiers c s v)")
    verbose = "v" in operation
    created = ops[0] == "r" and not os.path.exists(library)
    lines, blob, extract = _tool(run_ar, ops[0], library, list(members), verbose)
    for line in lines:
        click.echo(line)
    if created and "c" not in operation:
        click.echo(f"k32 ar: creating {library}", err=True)
    for name, data in extract.items():
        _write(os.path.basename(name), data)
    if blob is not None:
        _write(library, blob)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-n", "--numeric-sort", is_flag=True, help="Sort by address.")
@click.option("-p", "--no-sort", is_flag=True, help="Keep the symbol-table order.")
@click.option("-r", "--reverse-sort", is_flag=True, help="Reverse the sort.")
@click.option("-g", "--extern-only", is_flag=True, help="Only global (and weak) symbols.")
@click.option("-u", "--undefined-only", is_flag=True, help="Only undefined symbols.")
@click.option("--defined-only", is_flag=True, help="Only defined symbols.")
@click.option("-S", "--print-size", is_flag=True, help="Also print each symbol's size.")
def nm(files, numeric_sort, no_sort, reverse_sort, extern_only, undefined_only, defined_only,
       print_size):
    """List the symbols of objects, libraries and executables, as nm does.

    Each line is VALUE TYPE NAME.  TYPE is T/t code, R/r read-only data,
    D/d data, B/b bss, A/a absolute, C common, U undefined, W/w weak
    (defined/undefined); upper case is global, lower case local.
    """
    from assembler.driver import nm_file, nm_lines
    groups = []
    for path in files:
        groups.append((path, _tool(nm_file, path, defined_only=defined_only,
                                   extern_only=extern_only, undefined_only=undefined_only)))
    out = []
    for path, parts in groups:
        for member, rows in parts:
            heading = member if member else (path if len(files) > 1 else None)
            if heading:
                out += ["", f"{heading}:"]
            out += nm_lines(rows, numeric_sort, no_sort, reverse_sort, print_size)
    if out and out[0] == "":
        out = out[1:]
    click.echo("\n".join(out) + ("\n" if out else ""), nl=False)


def _write(path, data):
    """Write an output whole or not at all (a temporary file beside it, then
    a rename), so that a failed write leaves no partial file."""
    from vm.tools.build import write_atomic
    try:
        write_atomic(path, data, make_parents=False)
    except OSError as e:
        raise UserError(f"cannot write {path}: {e.strerror}") from None


def load_executable(path):
    """Read and check an executable, or fail with one clear message."""
    from isa import kx
    try:
        return kx.load(path)
    except OSError as e:
        raise UserError(f"{path}: {e.strerror}") from None
    except kx.FormatError as e:
        raise UserError(f"{path}: {e}") from None


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-a", "--all", "all_segments", is_flag=True,
              help="Disassemble data segments too (by default only executable ones).")
@click.option("-t", "--syms", is_flag=True, help="Print the symbol table first.")
@click.option("-S", "--source", is_flag=True,
              help="Show each source line above its code (from the line table).")
@click.option("-r", "--reloc", is_flag=True,
              help="Object files: show each relocation under the word it patches.")
def disasm(file, all_segments, syms, source, reloc):
    """Disassemble a K32 executable or object: address, word, instruction, symbols."""
    from assembler.disasm import listing, object_listing
    from isa import obj

    try:
        with open(file, "rb") as f:
            head = f.read(4)
    except OSError as e:
        raise UserError(f"{file}: {e.strerror}") from None
    if obj.is_object(head):
        from assembler.driver import read_object
        o = _tool(read_object, file)
        click.echo(object_listing(o, all_sections=all_segments, symbols=syms, relocs=reloc,
                                  source=source), nl=False)
        return
    exe = load_executable(file)
    click.echo(listing(exe, all_segments=all_segments, symbols=syms, source=source), nl=False)


def _size(ctx, param, value):
    from vm.machine import parse_size
    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _serial(ctx, param, value):
    if value is None:
        return None
    kind, _, port = value.partition(":")
    if kind != "tcp" or not port.isdigit() or int(port) > 65535:
        raise click.BadParameter(f"{value!r}: expected tcp:PORT (PORT 0 picks a free one)")
    return int(port)


STANDARD_INCLUDE = Path(__file__).resolve().parent.parent / "os" / "include"


def load_program(path, include_dirs=(), defines=()):
    """An executable from a .kx file, or from a source file assembled now.

    Sources see os/include (the generated machine headers) after any -I
    directory, so `.include "ports.inc"` works without options.
    """
    if not path.endswith(".s") and not path.endswith(".S"):
        return load_executable(path)
    from assembler import AsmError, assemble_file
    try:
        result = assemble_file(path, include_paths=[*include_dirs, str(STANDARD_INCLUDE)],
                               defines=dict(_parse_define(d) for d in defines))
    except AsmError as e:
        click.echo(str(e), err=True)
        sys.exit(1)
    return result.executable


def _machine_option_list(disk_help):
    return [
        click.option("--input", "input_text", metavar="TEXT",
                     help="Console input, with \\n \\t \\\\ \\xHH escapes; then end of input."),
        click.option("--input-file", type=click.Path(dir_okay=False, exists=True),
                     help="Console input from a file; then end of input."),
        click.option("--mem", "memory", callback=_size, default="16M", show_default=True,
                     metavar="SIZE", help="RAM size, a power of two (64K..1G)."),
        click.option("--disk", type=click.Path(dir_okay=False), help=disk_help),
        click.option("--max-steps", type=click.IntRange(min=1), metavar="N",
                     help="Stop with an error after N instructions."),
        click.option("--serial", callback=_serial, metavar="tcp:PORT",
                     help="Console on a TCP port of 127.0.0.1 instead of the terminal."),
        *_bus_option_list(),
    ]


def _bus_option_list():
    return [
        click.option("--plug", "plugs", multiple=True, metavar="TIME:DEVICE",
                     help="Plug DEVICE (rtc) into the hot-plug bus at TIME (in instructions; "
                          "0 = at reset). Repeatable."),
        click.option("--unplug", "unplugs", multiple=True, metavar="TIME:DEVICE",
                     help="Pull DEVICE out of the bus at TIME. Repeatable."),
        click.option("--rtc", "rtc", metavar="WHEN",
                     help="The real-time clock's start, YYYY-MM-DDTHH:MM:SS (UTC) or 'host', "
                          "and the clock plugged in at reset (default start "
                          "2026-12-06T12:00:00; without --rtc or --plug there is no clock)."),
    ]


def configure_bus(machine, plugs=(), unplugs=(), rtc=None):
    """--plug/--unplug/--rtc on a machine (one line and exit 2 when wrong)."""
    from vm.machine import bus
    try:
        bus.configure(machine, plugs, unplugs, rtc)
    except bus.BusError as e:
        machine.close()
        raise UserError(str(e)) from None


def _with_options(options, function):
    for option in reversed(options):
        function = option(function)
    return function


def _options(options):
    return lambda function: _with_options(options, function)


def machine_options(function):
    """The options every command that builds a machine shares."""
    return _with_options(_machine_option_list(
        "Disk image on the disk controller (written in place)."), function)


def make_console(input_text, input_file, serial):
    from vm.machine import console
    given = [o for o, v in (("--input", input_text), ("--input-file", input_file),
                            ("--serial", serial)) if v is not None]
    if len(given) > 1:
        raise UserError(f"{' and '.join(given)} cannot be used together")
    if input_text is not None:
        return console.ScriptedConsole(console.decode_escapes(input_text))
    if input_file is not None:
        try:
            with open(input_file, "rb") as f:
                return console.ScriptedConsole(f.read())
        except OSError as e:
            raise UserError(f"{input_file}: {e.strerror}") from None
    if serial is not None:
        try:
            return console.TcpConsole(serial, lambda text: click.echo(text, err=True))
        except OSError as e:
            raise UserError(f"cannot listen on 127.0.0.1:{serial}: {e.strerror}") from None
    return console.for_stdin()


def build_machine(memory, disk, private=False):
    from vm.machine import Machine, MachineError
    try:
        machine = Machine(memory)
        if disk is not None:
            machine.attach_disk(disk, private=private)
    except MachineError as e:
        raise UserError(str(e)) from None
    return machine


def finish(outcome):
    """Report how a run ended and exit with its status."""
    if outcome.message:
        click.echo(f"k32: {outcome.message}", err=True)
    sys.exit(outcome.status)


@main.command()
@click.argument("program", type=click.Path(dir_okay=False))
@machine_options
@click.option("--trace", is_flag=True,
              help="Print every instruction on stderr: address, disassembly, changed registers.")
@click.option("-I", "--include", "include_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Include directory when PROGRAM is a source file.")
@click.option("-D", "--define", "defines", multiple=True, metavar="NAME[=VALUE]",
              help="Symbol definition when PROGRAM is a source file.")
def run(program, input_text, input_file, memory, disk, max_steps, serial, plugs, unplugs, rtc,
        trace, include_dirs, defines):
    """Run PROGRAM (.kx, or .s assembled first) on a bare machine.

    The program starts at its entry in kernel mode, paging and interrupts
    off, sp at the top of RAM.  Bytes written to port 0x3F8 appear on
    stdout; port 0xF4 ends the run with the written value as exit status;
    `halt` ends it with 0.  An unhandled trap or double fault ends it with
    status 134, a step limit or deadlock with 124, each with one line on
    stderr.
    """
    from vm.machine import MachineError
    from vm.machine.session import Session, Tracer

    exe = load_program(program, include_dirs, defines)
    console = make_console(input_text, input_file, serial)
    machine = build_machine(memory, disk)
    try:
        machine.load(exe)
    except MachineError as e:
        machine.close()
        raise UserError(f"{program}: {e}") from None
    configure_bus(machine, plugs, unplugs, rtc)
    err = sys.stderr.buffer
    tracer = Tracer(err, exe.symbols) if trace else None
    finish(Session(machine, console, max_steps, err=err, tracer=tracer).run())


@main.command()
@click.argument("program", required=False, type=click.Path(dir_okay=False))
@click.option("--boot", "boot_os", is_flag=True,
              help="Debug the OS instead of PROGRAM: boot build/KERNEL.boot (built if "
                   "stale) with the kernel's symbols; the default disk unless --disk.")
@click.option("--kernel", type=click.Choice(list(BOOT_TARGETS)), default="mono",
              show_default=True, help="With --boot: which kernel.")
@click.option("--input", "input_text", metavar="TEXT",
              help="Console input, with \\n \\t \\\\ \\xHH escapes; then end of input.")
@click.option("--input-file", type=click.Path(dir_okay=False, exists=True),
              help="Console input from a file; then end of input.")
@click.option("--mem", "memory", callback=_size, default="16M", show_default=True,
              metavar="SIZE", help="RAM size, a power of two (64K..1G).")
@click.option("--disk", type=click.Path(dir_okay=False),
              help="Disk image on the disk controller, used copy-on-write: the file is not changed.")
@click.option("-x", "--command", "scripts", multiple=True, type=click.Path(dir_okay=False),
              metavar="FILE", help="Execute the debugger commands in FILE first (repeatable).")
@click.option("--batch", is_flag=True,
              help="Exit after the -x files (status 1 if a command failed).")
@click.option("-I", "--include", "include_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Include directory when PROGRAM is a source file.")
@click.option("-D", "--define", "defines", multiple=True, metavar="NAME[=VALUE]",
              help="Symbol definition when PROGRAM is a source file.")
@_options(_bus_option_list())
def debug(program, boot_os, kernel, input_text, input_file, memory, disk, scripts, batch,
          include_dirs, defines, plugs, unplugs, rtc):
    """Debug PROGRAM (.kx, or .s assembled first), or with --boot the OS, at a
    gdb-style (k32) prompt.

    Breakpoints, watchpoints, stepping by instruction or source line, and
    stepping backwards (reverse-stepi, reverse-continue, reverse-next).
    Console input is what --input/--input-file give, then what the `input`
    command adds; guest output appears between the debugger's lines.
    Type `help` at the prompt for the commands.
    """
    from vm.machine import console
    from vm.debugger.commands import Debugger
    from vm.debugger.engine import Engine
    from vm.debugger.program import Program
    from vm.debugger.ui import command_loop
    from vm.machine import MachineError

    if input_text is not None and input_file is not None:
        raise UserError("--input and --input-file cannot be used together")
    script, eof = b"", False
    if input_text is not None:
        script, eof = console.decode_escapes(input_text), True
    elif input_file is not None:
        try:
            with open(input_file, "rb") as f:
                script, eof = f.read(), True
        except OSError as e:
            raise UserError(f"{input_file}: {e.strerror}") from None
    for path in scripts:
        if not os.path.isfile(path):
            raise UserError(f"{path}: no such command file")
    if boot_os == (program is not None):
        raise UserError("give a PROGRAM to debug, or --boot to debug the OS")
    if disk is not None and not os.path.isfile(disk):
        raise UserError(f"{disk}: No such file or directory")
    image = None
    if boot_os:
        from vm.machine.boot import BootError, load_image, read_image
        program, default_disk = _build_for_boot(kernel, disk is None)
        disk = disk or default_disk
        try:
            image = read_image(program)
        except BootError as e:
            raise UserError(str(e)) from None
        exe = image.executable
    else:
        exe = load_program(program, include_dirs, defines)
    machine = build_machine(memory, disk, private=True)    # a disk's error names the disk
    try:
        if image is not None:
            load_image(machine, image)
        else:
            machine.load(exe)
    except (MachineError, BootError if image is not None else MachineError) as e:
        machine.close()
        raise UserError(f"{program}: {e}") from None
    configure_bus(machine, plugs, unplugs, rtc)
    debugger = None
    engine = Engine(machine, lambda stream, data: debugger.guest_output(stream, data), script, eof)
    debugger = Debugger(engine, Program(exe, program))
    try:
        status = command_loop(debugger, scripts, batch)
    finally:
        machine.close()
    sys.exit(status)


# --- the OS: build, mkdisk, boot ---------------------------------------------------

def _builder(force=False, log=None):
    from vm.tools.build import Builder
    return Builder.default(force=force, log=log)


def _build_failed(error):
    """Print a build's messages (assembler diagnostics as they are) and exit 1."""
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        raise UserError(f"build: {where}{error.strerror or error}")
    text = str(error)
    click.echo(text if "\n" in text or ": error:" in text else f"k32: {text}", err=True)
    sys.exit(1)


@main.command()
@click.option("--force", is_flag=True,
              help="Rebuild every target, stale or not (build/disk.img loses the guest's changes).")
@click.option("--config", "settings", multiple=True, metavar="NAME=y|n",
              help="Configure the monolithic kernel (options: os/mono/config.inc), kept in "
                   "build/mono.config for later builds; `default` forgets every choice.  "
                   "E.g. --config RTC=y compiles in the clock's driver.")
def build(force, settings):
    """Build the OS: build/mono.boot, build/bin/NAME.kx, build/disk.img.

    Rebuilds only what is stale: a target's recorded hash of its sources,
    include directories and the assembler no longer matches.  Prints one
    line per target built, or "up to date".  Sources that do not exist yet
    are skipped; an assembly error is shown as file:line:col and the exit
    status is 1.  $K32_ROOT and $K32_BUILD change the source tree and the
    build directory.
    """
    from vm.tools.build import BuildError

    builder = _builder(force, log=click.echo)
    if settings:
        try:
            chosen = builder.set_config(settings)
        except (BuildError, OSError) as e:
            _build_failed(e)
        click.echo("mono kernel configuration: "
                   + " ".join(f"{k}={'y' if v else 'n'}" for k, v in chosen.items()))
    for note in builder.buildable_kernels()[1]:
        click.echo(f"k32: note: {note}", err=True)
    try:
        builder.build_all()
    except (BuildError, OSError) as e:
        _build_failed(e)
    if not builder.built:
        click.echo("up to date")


class _DiskPlan:
    """The directories and files of a disk image, checked as they are added."""

    def __init__(self):
        self.dirs, self.files = [], {}

    def add_dir(self, parts):
        for i in range(1, len(parts) + 1):
            path = "/" + "/".join(parts[:i])
            if path in self.files:
                raise UserError(f"mkdisk: {path} is both a file and a directory")
            if path not in self.dirs:
                self.dirs.append(path)

    def add_file(self, parts, data):
        self.add_dir(parts[:-1])
        path = "/" + "/".join(parts)
        if path in self.dirs:
            raise UserError(f"mkdisk: {path} is both a file and a directory")
        if path in self.files:
            raise UserError(f"mkdisk: {path} is added twice")
        self.files[path] = data


def _dos_parts(components, where):
    from vm.tools.build import dos_name
    parts = []
    for component in components:
        name = dos_name(component)
        if name is None:
            raise UserError(f"mkdisk: {component!r} is not an 8.3 name{where}")
        parts.append(name)
    return parts


def _plan_add(plan, spec):
    """Add one --add PATH[:/DEST] to the plan."""
    path, sep, dest = spec.rpartition(":") if ":" in spec else (spec, "", None)
    if sep and not dest:
        raise UserError(f"mkdisk: --add {spec}: empty destination after ':'")
    source = Path(path)
    if not source.exists():
        raise UserError(f"mkdisk: --add {path}: No such file or directory")
    base = source.resolve().name
    if dest is None:
        dest = "/" + base
    elif dest.endswith("/") and not source.is_dir():
        dest += base
    parts = _dos_parts([c for c in dest.split("/") if c], f" (in --add {spec})")
    if source.is_dir():
        _plan_tree(plan, source, parts)
    else:
        if not parts:
            raise UserError(f"mkdisk: --add {spec}: a file cannot replace the root directory")
        plan.add_file(parts, _read_host(source))


def _plan_tree(plan, directory, parts):
    """A host directory, recursively (names starting with '.' are skipped)."""
    if parts:
        plan.add_dir(parts)
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith("."):
            continue
        child = parts + _dos_parts([entry.name], f" ({entry})")
        if entry.is_dir():
            _plan_tree(plan, entry, child)
        else:
            plan.add_file(child, _read_host(entry))


def _read_host(path):
    try:
        return path.read_bytes()
    except OSError as e:
        raise UserError(f"mkdisk: {path}: {e.strerror}") from None


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Image file to write (replaced whole, only on success).")
@click.option("--size", callback=_size, default="16M", show_default=True, metavar="SIZE",
              help="Image size: 512K, 16M, 1G... (FAT16: about 2M to 2G).")
@click.option("--add", "adds", multiple=True, metavar="PATH[:/DEST]",
              help="Put a host file or directory (recursively) at DEST, default /BASENAME. "
                   "Names must be 8.3; they are stored upper-cased.  Repeatable.")
def mkdisk(output, size, adds):
    """Make a FAT16 disk image: /BIN with every program, /LIB/MOD with every
    kernel module, plus --add files.

    The programs (programs/bin/NAME.s, as /BIN/NAME) and the kernel modules
    (as /LIB/MOD/NAME.KO, with the MODULES.DEP modprobe reads) are built
    first if stale.  The image has no partition table, 512-byte sectors and two FATs,
    as `mkfs.fat -F 16` makes; `fsck.fat` and mtools read it.
    """
    from vm.tools.build import MODDIRS, BuildError, FatError, make_fat16

    plan = _DiskPlan()
    plan.add_dir(["BIN"])
    for spec in adds:
        _plan_add(plan, spec)       # checked before anything is built
    builder = _builder(log=lambda text: click.echo(f"k32: {text}", err=True))
    try:
        programs = builder.build_programs()
        modules = builder.kmodule_files()
    except (BuildError, OSError) as e:
        _build_failed(e)
    final = _DiskPlan()
    final.add_dir(["BIN"])
    for program in programs:
        final.add_file(["BIN", program.name], program.installed())
    for d in MODDIRS:
        final.add_dir(d.strip("/").split("/"))
    for path, data in modules.items():
        final.add_file(path.strip("/").split("/"), data)
    for d in plan.dirs:
        final.add_dir(d.strip("/").split("/"))
    for path, data in plan.files.items():
        final.add_file(path.strip("/").split("/"), data)
    try:
        make_fat16(output, size, final.dirs, final.files)
    except FatError as e:
        raise UserError(f"mkdisk: {e}") from None
    except OSError as e:
        raise UserError(f"mkdisk: cannot write {output}: {e.strerror}") from None
    click.echo(f"wrote {output}: FAT16, {len(programs)} program(s) in /BIN, "
               f"{len(plan.files)} file(s) added")


@main.command()
@click.option("--kernel", type=click.Choice(list(BOOT_TARGETS)), default="mono", show_default=True,
              help="Which kernel: build/KERNEL.boot.")
@click.option("--image", type=click.Path(dir_okay=False), metavar="FILE",
              help="Boot this boot image (.boot) instead; nothing is built, and there is no "
                   "disk unless --disk gives one (for your own kernels).")
@_options(_machine_option_list(
    "Disk image (default build/disk.img); the guest writes to the file unless --snapshot."))
@click.option("--snapshot", is_flag=True,
              help="Map the disk copy-on-write, like qemu -snapshot: the file is not changed.")
def boot(kernel, image, input_text, input_file, memory, disk, max_steps, serial, plugs, unplugs,
         rtc, snapshot):
    """Boot the K32 OS: build what is missing or stale, then start the kernel.

    The boot image build/KERNEL.boot (or --image) is loaded as the boot
    protocol says (docs/isa.md): the kernel starts at its entry in kernel
    mode with a0 = the boot-info record and sp = the top of RAM.  The
    console is that of `k32 run`: the terminal (raw; Ctrl-A x leaves), a
    stdin pipe, --input/--input-file or --serial.  The exit status is the
    guest's (the OS powers off through port 0xF4); an unhandled trap,
    deadlock or step limit ends the run as in `k32 run`.  A build, if
    needed, prints one line on stderr.
    """
    from vm.machine.boot import BootError, load_image, read_image
    from vm.machine.session import Session

    if disk is not None and not os.path.isfile(disk):
        why = "is a directory" if os.path.isdir(disk) else "No such file or directory"
        raise UserError(f"{disk}: {why}")
    if image is None:
        image, default_disk = _build_for_boot(kernel, disk is None)
        disk = disk or default_disk
    elif snapshot and disk is None:
        raise UserError("--snapshot needs a disk: give --disk with --image")
    try:
        boot_image = read_image(image)
    except BootError as e:
        raise UserError(str(e)) from None
    console = make_console(input_text, input_file, serial)
    try:
        machine = build_machine(memory, disk, private=snapshot)
        try:
            load_image(machine, boot_image)
        except BootError as e:
            machine.close()
            raise UserError(f"{image}: {e}") from None
        configure_bus(machine, plugs, unplugs, rtc)
    except BaseException:
        console.close()
        raise
    finish(Session(machine, console, max_steps, err=sys.stderr.buffer).run())


def _build_for_boot(kernel, want_disk):
    """Build build/KERNEL.boot (and the default disk if wanted) when stale:
    (boot image path, disk path or None).  Says on stderr what was built."""
    from vm.tools.build import BuildError

    built = []
    builder = _builder(log=lambda text: built.append(text.removeprefix("built ")))

    def say_built():
        if built:
            click.echo(f"k32: built {', '.join(built)}", err=True)

    try:
        builder.boot_target(kernel)
        image = str(builder.build_boot(kernel))
        disk = str(builder.build_disk()) if want_disk else None
    except (BuildError, OSError) as e:
        say_built()
        _build_failed(e)
    say_built()
    if want_disk and not builder.programs():
        click.echo("k32: note: programs/bin has no programs yet: /BIN on the disk is empty",
                   err=True)
    return image, disk


@main.group()
def bench():
    """Benchmarks that print figures measured in one run."""


@bench.command("cpu")
@click.option("--no-compile-time", is_flag=True,
              help="Skip the run with an empty compiled-code cache (it takes ~15 s).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Also write the figures to this JSON file.")
def bench_cpu(no_compile_time, json_path):
    """Machine speed: MIPS on programs/bench, translated vs interpreted.

    Each program runs ~100M instructions with the translator and on the
    interpreter alone (best of 3 each; the ratio column), and a reduced
    size with NUMBA_DISABLE_JIT=1 (plain Python).  Then the OS both ways
    (boot to the prompt, usertests, whole `k32 boot` processes) and the
    start-up time of `k32 run` on a hello-world, warm and cold.
    """
    import json

    from vm.tools.bench_cpu import run as run_bench

    figures = run_bench(click.echo, compile_time=not no_compile_time)
    if json_path:
        with open(json_path, "w") as f:
            json.dump(figures, f, indent=2)


@bench.command("debug")
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Also write the figures to this JSON file.")
def bench_debug(json_path):
    """Debugger speed: `continue` with ten breakpoints (and a watchpoint) as a
    fraction of a plain run's speed, and the time of one reverse-stepi after
    ~10M instructions."""
    import json

    from vm.tools.bench_debug import run as run_bench

    figures = run_bench(click.echo)
    if json_path:
        with open(json_path, "w") as f:
            json.dump(figures, f, indent=2)


def _bench_outputs(json_path, plot_path):
    """Check a benchmark's --json and --plot paths now, not after a minute of
    measuring; -> the progress line's function (None off a terminal)."""
    from vm.tools import bench_os
    for path in (json_path, plot_path):
        if path and not Path(path).resolve().parent.is_dir():
            raise UserError(f"cannot write {path}: No such file or directory")
    if plot_path:
        try:
            bench_os.check_plot_path(plot_path)
        except (ValueError, ImportError) as e:
            raise UserError(str(e)) from None
    if not sys.stderr.isatty():
        return None
    return lambda text: click.echo(f"\r\033[K{text}", nl=False, err=True)


@bench.command("designs")
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Also write the figures to this JSON file.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False),
              help="Also draw each design's system code by part, in kernel and in user "
                   "mode, into this .png or .svg file (needs matplotlib).")
def bench_designs(json_path, plot_path):
    """The three designs side by side (docs/designs.md): the code that runs
    in kernel mode in each, counted from the build's line tables; the clock
    plugged into each running kernel at its prompt (the monolithic one as
    built by default and with CONFIG_RTC), with the kernel's log, `date`
    before and after, and the instructions from the plug until the system
    is settled; the RTC driver's lines in each form, what had to be rebuilt
    and whether a reboot was needed."""
    import json

    from vm.tools import designs
    from vm.tools.build import BuildError

    progress = _bench_outputs(json_path, plot_path)
    try:
        figures = designs.measure(_builder(), progress)
    except BuildError as e:
        _build_failed(e)
    except RuntimeError as e:
        raise UserError(f"bench designs: {e}") from None
    finally:
        if progress:
            click.echo("\r\033[K", nl=False, err=True)
    designs.report(figures, click.echo)
    if json_path:
        _write(json_path, (json.dumps(figures, indent=2) + "\n").encode())
    if plot_path:
        try:
            designs.plot(figures, plot_path)
        except OSError as e:
            raise UserError(f"cannot write {plot_path}: {e.strerror}") from None


@bench.command("os")
@click.option("--kernel", type=click.Choice(["mono", "micro", "micro-io", "modular", "both",
                                            "all"]),
              default="all", show_default=True,
              help="Which configuration(s) to measure: both = mono and micro; all = "
                   "mono, micro, micro-io (the microkernel with a disk driver that "
                   "uses its ports directly) and modular (mono's core with its driver "
                   "and file system loaded as modules).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Also write the figures to this JSON file.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False),
              help="Also draw the figures relative to mono into this .png or .svg file "
                   "(needs matplotlib: pip install 'k32[plot]').")
@click.option("--quick", is_flag=True,
              help="Small amounts of work (every row, in seconds rather than a minute; "
                   "the figures are rougher).")
def bench_os(kernel, json_path, plot_path, quick):
    """OS costs in instructions (deterministic), split into kernel and user
    mode, and wall seconds, side by side for the monolithic kernel, the
    microkernel, the microkernel with direct driver port access and the
    modular kernel, with the ratios to mono: boot to the first prompt, a
    null trap, getpid, one-way IPC and a sendrec round trip (microkernels),
    a 1-byte read from a cached file, reading and writing+syncing a big file
    per byte, fork+exec+exit+wait, `cat | grep x | wc` per byte, and
    loading and unloading the hello module (modular: the system calls, and
    insmod and rmmod against true).  Each cost is the difference of two
    boots that differ only in the amount of work, divided by it."""
    import json

    from vm.tools import bench_os
    from vm.tools.build import BuildError

    configs = {"both": ["mono", "micro"], "all": list(bench_os.CONFIGS)}.get(kernel, [kernel])
    progress = _bench_outputs(json_path, plot_path)
    try:
        figures = bench_os.run(click.echo, configs, bench_os.QUICK if quick else bench_os.FULL,
                               progress)
    except BuildError as e:
        _build_failed(e)
    except RuntimeError as e:
        raise UserError(f"bench os: {e}") from None
    finally:
        if progress:
            click.echo("\r\033[K", nl=False, err=True)
    if json_path:
        _write(json_path, (json.dumps(figures, indent=2) + "\n").encode())
    if plot_path:
        try:
            bench_os.plot(figures, configs, plot_path)
        except OSError as e:
            raise UserError(f"cannot write {plot_path}: {e.strerror}") from None


def _campaign_options(command):
    """--cluster, --results and --resume: the options of every campaign (k32 inject, k32 fuzz)."""
    for option in reversed([
            click.option("--cluster", default=None, metavar="local:N|tcp://HOST:PORT",
                         help="Run on Dask distributed: a LocalCluster of N workers on this "
                              "machine, or the scheduler at an address (pip install -e "
                              "'.[cluster]'). Default: a local process pool (--jobs)."),
            click.option("--results", "results_path", type=click.Path(dir_okay=False),
                         default=None, metavar="FILE",
                         help="Append each run to FILE (JSON lines) as it ends."),
            click.option("--resume", is_flag=True,
                         help="Go on with the campaign in the --results FILE: only the runs it "
                              "lacks are run.")]):
        command = option(command)
    return command


def _given(ctx, names):
    return [name for name in names
            if ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT]


def _only(command, ctx, mode, names, what="for campaigns"):
    """Refuse options `mode` does not take, in one message."""
    given = _given(ctx, names)
    if given:
        flags = {p.name: p.opts[0] for p in ctx.command.params}
        options = [flags[name] for name in given]
        raise UserError(f"{command}: {' and '.join(options)} "
                        f"{'is' if len(options) == 1 else 'are'} {what}, not for {mode}")


def _check_campaign_options(ctx, command, results_path, resume):
    if resume and not results_path:
        raise UserError(f"{command}: --resume needs --results FILE (the file to go on with)")
    if _given(ctx, ["cluster"]) and _given(ctx, ["jobs"]):
        raise UserError(f"{command}: --jobs is the local pool's size; a cluster's is its workers "
                        "(--cluster local:N)")


@main.command()
@click.option("--kernel", "kernel", type=click.Choice([*BOOT_TARGETS, "both", "all"]),
              default="micro", show_default=True,
              help="Which kernel to damage (both: mono, then micro; all: mono, micro, "
                   "micro-io, modular).")
@click.option("--runs", type=click.IntRange(1, 100_000), default=100, show_default=True,
              help="Runs per kernel: one fault each.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Picks each run's fault, moment and bit: the same seed gives the same campaign.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default=True,
              help="Runs at once (processes).")
@click.option("--faults", default="all", show_default=True,
              help="Comma-separated fault types: bitflip, register, pointer, nop, loop, port.")
@click.option("--bit", type=click.IntRange(0, 31), default=None,
              help="Flip this bit (bitflip, register, pointer) instead of a random one.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default=None,
              help="Write every run and the summaries to this JSON file.")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), default=None,
              help="Draw the outcomes to FILE.png or FILE.svg (needs matplotlib: k32[plot]).")
@click.option("--run", "run_index", type=click.IntRange(0, 99_999), default=None, metavar="N",
              help="Replay run N (from 0) of the campaign with this --kernel, --seed, --faults "
                   "and --bit, and print it in full.")
@click.option("--keep-disk", "disk_path", type=click.Path(dir_okay=False), default=None,
              metavar="FILE", help="With --run: write the disk image after the run to FILE.")
@_campaign_options
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False), default=None,
              metavar="FILE", help="Print the tables of a results file (and --plot, --json "
                                   "them) instead of running a campaign.")
@click.pass_context
def inject(ctx, kernel, runs, seed, jobs, faults, bit, json_path, plot_path, run_index, disk_path,
           cluster, results_path, resume, summary_path):
    """Inject faults into the disk driver while a file workload runs, and
    classify what becomes of the system and the data (MINIX's swifi).

    Each run boots KERNEL on a fresh copy of the default disk, types
    `fsload 3 40960 2009` (write three files, sync, read them back), puts
    one fault into the disk driver at a random moment while it serves the
    workload, and classifies the run: no effect, recovered (the driver was
    restarted and the data is right), error reported, hang, panic, or silent
    corruption (the workload said ok but a file or `fsck.fat -n` disagrees).
    Needs mtools and dosfstools on the host.  See docs/measurements.md.

    With --run N, only run N of that campaign is run (the same run: run N's
    fault and moment do not depend on --runs) and printed in full: the
    fault, its site and the instruction before and after, the moment, the
    console, the outcome and what it rests on.  --keep-disk FILE keeps the
    disk after it; --json FILE writes the run as the campaign's JSON has
    it, with the whole console.  The exit status is 0 whatever the outcome.

    --results FILE appends each run to FILE (JSON lines) as it ends;
    --resume goes on with the campaign in FILE (the same --kernel, --seed,
    --faults and --bit) and runs only the runs it lacks; --cluster runs
    them on Dask distributed (local:N or tcp://HOST:PORT; needs the cluster
    extra); --summary FILE prints a results file's tables.
    """
    from vm.tools import inject as fi
    from vm.tools.bench_os import check_plot_path

    if run_index is not None or disk_path:
        return _inject_run(ctx, kernel, seed, faults, bit, json_path, plot_path, run_index,
                           disk_path)
    if plot_path:
        if not Path(plot_path).resolve().parent.is_dir():
            raise UserError(f"cannot write {plot_path}: No such file or directory")
        try:
            check_plot_path(plot_path)
        except (ValueError, ImportError) as e:
            raise UserError(str(e)) from None
    with _inject_errors():
        if summary_path:
            _only("inject", ctx, "--summary", ("kernel", "runs", "seed", "jobs", "faults", "bit",
                                               "cluster", "results_path", "resume"))
            doc = fi.summary(summary_path, json_path)
        else:
            _check_campaign_options(ctx, "inject", results_path, resume)
            kinds = fi.parse_faults(faults)
            fi.host_tools()
            doc = fi.main(_kernels(kernel), runs, seed, jobs, kinds, bit, json_path, cluster,
                          results_path, resume)
        if plot_path:
            fi.plot(doc, plot_path)


def _kernels(kernel):
    """The kernels --kernel names: one, both (mono and micro) or all."""
    return {"both": ["mono", "micro"], "all": list(BOOT_TARGETS)}.get(kernel, [kernel])


@main.command()
@click.argument("name", type=click.Choice(["sysfuzz", "machine"]))
@click.option("--runs", type=click.IntRange(1, 10_000_000), default=10, show_default=True,
              help="Runs per kernel, each from its own seed.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Picks each run's seed: the same seed gives the same campaign.")
@click.option("--kernel", "kernel", type=click.Choice([*BOOT_TARGETS, "both", "all"]),
              default="both", show_default=True, help="The kernels sysfuzz runs on.")
@click.option("--calls", type=click.IntRange(1, 100_000_000), default=10_000, show_default=True,
              help="System calls per sysfuzz run.")
@click.option("--scale", type=click.IntRange(1, 100_000), default=1, show_default=True,
              help="machine: each run is the CI-sized machine fuzzers times SCALE.")
@click.option("--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default=True,
              help="Runs at once (processes) in the local pool.")
@_campaign_options
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default=None,
              help="Write every run to this JSON file.")
@click.pass_context
def fuzz(ctx, name, runs, seed, kernel, calls, scale, jobs, cluster, results_path, resume,
         json_path):
    """Run a long fuzz campaign of tests/fuzz/ as RUNS independent runs,
    locally or on a Dask cluster (docs/fuzzing.md).

    sysfuzz: each run boots the kernel on a fresh copy of the default disk,
    types `sysfuzz CALLS SEED` (random system calls) and `echo alive`, and
    checks that the system came through: no panic or hang, the fuzzer and
    the shell alive, no driver blamed, and `fsck.fat -n` clean.

    machine: each run is the machine fuzzers of tests/fuzz/test_fuzz_machine.py
    (single instructions against a reference from the ISA table, the
    RV32I+M differential, random streams, random port traffic) at SCALE
    times their CI size, from its own seed.

    Exit status 1 if any run found a problem, with the command that replays it.
    """
    from vm.tools import fuzz as fz

    _check_campaign_options(ctx, "fuzz", results_path, resume)
    if name == "machine":
        _only("fuzz", ctx, "fuzz machine", ("kernel", "calls"), "for sysfuzz")
    else:
        _only("fuzz", ctx, "fuzz sysfuzz", ("scale",), "for fuzz machine")
    with _inject_errors("fuzz"):
        _, failed = fz.main(name, _kernels(kernel), runs, seed, jobs,
                            scale if name == "machine" else calls, json_path, cluster,
                            results_path, resume)
    if failed:
        group, first = failed[0]
        raise UserError(f"fuzz: {len(failed)} run{'s' if len(failed) > 1 else ''} found a "
                        f"problem; the first, {group} run {first['run']}: {first['why']}; again: "
                        f"{fz.FUZZERS[name]['replay'](group, first)}")


class _inject_errors:
    """`with _inject_errors():` turns `k32 inject`'s (or another campaign's)
    failures into one message each."""

    def __init__(self, command="inject"):
        self.command = command

    def __enter__(self):
        return self

    def __exit__(self, kind, e, traceback):
        from vm.tools import inject as fi
        from vm.tools.build import BuildError
        from vm.tools.campaign import CampaignError, Interrupted
        from vm.tools.fuzz import FuzzError
        if isinstance(e, Interrupted):
            stopped = UserError(f"{self.command}: {e}")
            stopped.exit_code = 130                         # as a shell reports Ctrl-C
            raise stopped from None
        if isinstance(e, (fi.InjectError, CampaignError, FuzzError)):
            raise UserError(f"{self.command}: {e}") from None
        if isinstance(e, BuildError):
            _build_failed(e)
        if isinstance(e, OSError):
            raise UserError(f"{self.command}: {e.filename or ''}: {e.strerror}") from None
        return False


def _inject_run(ctx, kernel, seed, faults, bit, json_path, plot_path, run_index, disk_path):
    """`k32 inject --run N`: one run of a campaign, printed in full."""
    import json
    from vm.tools import inject as fi

    given = {name for name in ("runs", "jobs") if
             ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT}
    if run_index is None:
        raise UserError("inject: --keep-disk needs --run N (it keeps the disk of one run)")
    if kernel in ("both", "all"):
        *others, last = fi.KERNELS
        raise UserError(f"inject: --run replays one run of one kernel: give --kernel "
                        f"{', '.join(others)} or {last}, not {kernel}")
    if plot_path or given:
        options = [f"--{name}" for name in sorted(given)] + (["--plot"] if plot_path else [])
        raise UserError(f"inject: {' and '.join(options)} {'is' if len(options) == 1 else 'are'} "
                        f"for campaigns, not for --run")
    _only("inject", ctx, "--run", ("cluster", "results_path", "resume", "summary_path"))
    for path in (json_path, disk_path):         # fail now, not after the run
        if path and not Path(path).resolve().parent.is_dir():
            raise UserError(f"cannot write {path}: No such file or directory")
    with _inject_errors():
        kinds = fi.parse_faults(faults)
        fi.host_tools()
        result, disk = fi.replay(kernel, seed, run_index, kinds, bit)
    for line in fi.describe_run(kernel, seed, result):
        click.echo(line)
    if disk_path:
        _write(disk_path, disk)
        click.echo(f"disk:     the image after the run is in {disk_path}")
    if json_path:
        doc = {"kernel": kernel, "seed": seed, "faults": list(kinds), "bit": bit, "run": result}
        _write(json_path, (json.dumps(doc, indent=1) + "\n").encode())


@bench.command("inject")
@click.option("--kernel", type=click.Choice(list(BOOT_TARGETS)), default="micro",
              show_default=True, help="The kernel whose campaign's runs are timed.")
@click.option("--runs", type=click.IntRange(10, 100_000), default=200, show_default=True,
              help="Timed runs per engine and round.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Processes of the local pool, and workers of the LocalCluster.")
@click.option("--rounds", type=click.IntRange(1, 10), default=2, show_default=True,
              help="Alternate rounds of the two engines; the best of each counts.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Also write the figures to this JSON file.")
def bench_inject(kernel, runs, workers, rounds, json_path):
    """Campaign speed: runs/s of `k32 inject` in the local process pool and
    on a Dask LocalCluster (--cluster local:N) of as many workers, measured
    in one run; the scheduling overhead per run (the engine's wall time
    times its workers, less the runs' own time) and per empty task; and
    where a run's time goes.  Needs the cluster extra, mtools and dosfstools."""
    import json

    from vm.tools import bench_inject
    from vm.tools import inject as fi
    from vm.tools.campaign import CampaignError

    if json_path and not Path(json_path).resolve().parent.is_dir():
        raise UserError(f"cannot write {json_path}: No such file or directory")
    with _inject_errors():
        fi.host_tools()
        try:
            figures = bench_inject.run(click.echo, kernel, runs, workers, rounds)
        except CampaignError as e:
            raise UserError(str(e)) from None
    if json_path:
        _write(json_path, (json.dumps(figures, indent=2) + "\n").encode())


@bench.command("asm")
@click.option("--lines", default=20000, show_default=True, help="Size of the generated source.")
@click.option("--repeat", default=3, show_default=True, help="Timed runs; the best is reported.")
@click.option("--objects", default=200, show_default=True,
              help="Objects in the generated program that is linked.")
@click.option("--gcc-lines", default=20000, show_default=True,
              help="Size of the GCC-generated file (needs riscv64-unknown-elf-gcc).")
def bench_asm(lines, repeat, objects, gcc_lines):
    """Assemble a generated source and print lines per second; link a
    program of many objects and print objects per second; assemble
    (-c) what GCC generates for a C file and print lines per second."""
    from vm.tools.bench_asm import GCC, run, run_gcc, run_link

    if lines < 10 or repeat < 1 or objects < 1 or gcc_lines < 10:
        raise UserError("--lines and --gcc-lines must be at least 10, --repeat and --objects "
                        "at least 1")
    r = run(lines, repeat)
    click.echo(f"assembled {r['lines']} lines into {r['words']} words")
    click.echo(f"first run (includes building the parser): {r['first_seconds']:.3f} s")
    click.echo(f"best of {repeat}: {r['seconds']:.3f} s = {r['lines_per_second']:,.0f} lines/s")
    r = run_link(objects, repeat)
    click.echo(f"linked {r['objects']} objects ({r['relocations']:,} relocations) into a "
               f"{r['bytes']:,}-byte executable")
    click.echo(f"best of {repeat}: {r['seconds']:.3f} s = {r['objects_per_second']:,.0f} objects/s")
    r = run_gcc(gcc_lines, repeat)
    if "skipped" in r:
        click.echo(f"GCC-generated file: skipped ({r['skipped']})")
    elif "failed" in r:
        click.echo(f"GCC-generated file ({r['lines']:,} lines): k32 asm -c failed with "
                   f"{r['errors']} errors, the first: {r['failed']}")
    else:
        click.echo(f"GCC-generated file ({r['lines']:,} lines, {GCC} -O2 -g), k32 asm -c: best of "
                   f"{repeat}: {r['seconds']:.3f} s = {r['lines_per_second']:,.0f} lines/s")


if __name__ == "__main__":
    main()
