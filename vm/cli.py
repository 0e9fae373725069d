"""The `k32` command line: one entry point for every tool.

Each command's docstring is its help text.  Heavy modules (the assembler's
parser, Numba) are imported inside the commands so that `k32 --help` and
quick commands start fast.  Errors are one clear message on stderr and a
non-zero exit status, never a traceback.
"""

import sys

import click


class UserError(click.ClickException):
    """An error that is the input's fault: printed as `k32: message`, exit 1."""

    def show(self, file=None):
        click.echo(f"k32: {self.format_message()}", err=True)


def _parse_define(text):
    name, _, value = text.partition("=")
    if not name.isidentifier():
        raise click.BadParameter(f"{text!r}: expected NAME or NAME=VALUE", param_hint="-D")
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
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Executable to write (default: SOURCE with .kx).")
@click.option("-l", "--listing", type=click.Path(dir_okay=False),
              help="Also write a listing: address, words, source line.")
@click.option("-I", "--include", "include_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Search this directory for .include files (repeatable).")
@click.option("-D", "--define", "defines", multiple=True, metavar="NAME[=VALUE]",
              help="Define a symbol before assembly (value defaults to 1).")
@click.option("--text-base", callback=_address, default=None, metavar="ADDR",
              help="Address of the first text byte (default 0x1000).")
@click.option("--no-debug", is_flag=True, help="Leave out the symbol and line tables.")
def asm(source, output, listing, include_dirs, defines, text_base, no_debug):
    """Assemble SOURCE (GNU as syntax for RISC-V) into a K32 executable.

    Prints nothing on success.  Every error in the source is reported as
    file:line:col with the offending line; the exit status is then 1.
    """
    from assembler import AsmError, assemble_file
    from isa import kx

    opts = {"include_paths": list(include_dirs), "defines": dict(_parse_define(d) for d in defines)}
    if text_base is not None:
        opts["text_base"] = text_base
    try:
        result = assemble_file(source, **opts)
    except AsmError as e:
        click.echo(str(e), err=True)
        sys.exit(1)
    if output is None:
        output = (source[:-2] if source.endswith(".s") else source) + ".kx"
    _write(output, kx.write(result.executable, debug=not no_debug))
    if listing:
        _write(listing, result.listing().encode("utf-8"))


def _write(path, data):
    try:
        with open(path, "wb") as f:
            f.write(data)
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
@click.argument("executable", type=click.Path(dir_okay=False))
@click.option("-a", "--all", "all_segments", is_flag=True,
              help="Disassemble data segments too (by default only executable ones).")
@click.option("-t", "--syms", is_flag=True, help="Print the symbol table first.")
@click.option("-S", "--source", is_flag=True,
              help="Show each source line above its code (from the line table).")
def disasm(executable, all_segments, syms, source):
    """Disassemble a K32 executable: address, word, instruction, symbols."""
    from assembler.disasm import listing

    exe = load_executable(executable)
    click.echo(listing(exe, all_segments=all_segments, symbols=syms, source=source), nl=False)


@main.group()
def bench():
    """Benchmarks that print figures measured in one run."""


@bench.command("asm")
@click.option("--lines", default=20000, show_default=True, help="Size of the generated source.")
@click.option("--repeat", default=3, show_default=True, help="Timed runs; the best is reported.")
def bench_asm(lines, repeat):
    """Assemble a generated source and print lines per second."""
    from vm.bench_asm import run

    if lines < 10 or repeat < 1:
        raise UserError("--lines must be at least 10 and --repeat at least 1")
    r = run(lines, repeat)
    click.echo(f"assembled {r['lines']} lines into {r['words']} words")
    click.echo(f"first run (includes building the parser): {r['first_seconds']:.3f} s")
    click.echo(f"best of {repeat}: {r['seconds']:.3f} s = {r['lines_per_second']:,.0f} lines/s")


if __name__ == "__main__":
    main()
