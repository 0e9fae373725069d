"""`k32 cc`: C programs for K32 (docs/c.md).

GCC for RISC-V compiles each C source to assembly (`-S`, RV32EM, the
ilp32e ABI, freestanding, the headers of programs/libc/include); the
project's assembler turns that into an object; the linker joins the
objects with the start-up code (crt0) and the C library of the target,
an archive whose members are pulled in for undefined symbols as `k32 ld`
does.  The library is built once per version of its sources (and of the
assembler and GCC) into the cache directory.

Every failure is a driver.ToolError carrying the lines to print: GCC's own
diagnostics as GCC printed them, the assembler's, the linker's.  Nothing is
written here; the CLI writes the outputs after the whole job succeeded.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from isa import kx, obj
from isa.cache import cache_base

from . import archive
from .assemble import Assembler
from .driver import ToolError, link_files, link_input, read_archive, read_object
from .errors import AsmError
from .link import Input, Library

GCC = "riscv64-unknown-elf-gcc"
MISSING = f"k32 cc: {GCC} not found; install the Debian package gcc-riscv64-unknown-elf"

ROOT = Path(__file__).resolve().parent.parent
LIBC = ROOT / "programs" / "libc"
ASM_INCLUDE = ROOT / "os" / "include"

# What every C source is compiled with.  -ffreestanding: no hosted library
# is assumed (it implies -fno-builtin: strlen("x") is a call, not 1);
# -nostdinc and two -isystem: our headers, then GCC's own (stddef.h,
# stdarg.h, stdint.h, limits.h, stdbool.h).
BASE_FLAGS = ["-march=rv32em", "-mabi=ilp32e", "-ffreestanding", "-nostdlib", "-nostdinc",
              "-fno-pic", "-fno-ident"]
OPT_LEVELS = ("-O0", "-O1", "-O2", "-O3", "-Os")

TARGETS = ("os", "bare")
CRT0 = {"os": "crt0.s", "bare": "crt0_bare.s"}
LIBC_COMMON = ["string.c", "strerror.c", "malloc.c", "stdlib.c", "exit.c", "stdio.c", "errno.c",
               "libgcc.c", "divdi.c", "printf.c", "stdin.c"]
LIBC_MEMBERS = {"os": LIBC_COMMON + ["unistd.c", "sys_os.s"],
                "bare": LIBC_COMMON + ["sys_bare.s"]}
# The library is always optimised, with its C lines for the debugger, and
# GCC must not turn its loops into calls of memcpy/memset (which would
# then call themselves).
LIBC_FLAGS = ["-O2", "-g", "-Wall", "-Werror", "-fno-tree-loop-distribute-patterns"]


@dataclass
class Options:
    target: str = "os"
    opt: str = "-O0"
    debug: bool = False
    include_dirs: list = field(default_factory=list)
    defines: list = field(default_factory=list)      # NAME or NAME=VALUE, as gcc -D takes them
    warnings: list = field(default_factory=list)     # -W options for gcc, without the -W
    start_files: bool = True                         # crt0 (off: -nostartfiles)


@dataclass
class Result:
    files: dict            # output path -> bytes
    messages: list         # lines for stderr that are not errors (GCC warnings, link warnings)


# --- GCC ----------------------------------------------------------------------------

def gcc():
    """The path of the cross compiler, or the one-line error."""
    path = shutil.which(GCC)
    if path is None:
        raise ToolError(MISSING)
    return path


_gcc_include = {}


def _gcc_flags(compiler):
    if compiler not in _gcc_include:
        out = subprocess.run([compiler, "-print-file-name=include"], capture_output=True, text=True)
        _gcc_include[compiler] = out.stdout.strip()
    return BASE_FLAGS + ["-isystem", str(LIBC / "include"), "-isystem", _gcc_include[compiler]]


def compile_c(source, flags, messages, cwd=None):
    """GCC's assembly for one C file (text).  GCC's diagnostics go to
    `messages` on success; on failure they are the ToolError."""
    compiler = gcc()
    with tempfile.TemporaryDirectory(prefix="k32cc-") as tmp:
        out = os.path.join(tmp, "out.s")
        run = subprocess.run([compiler, *_gcc_flags(compiler), *flags, "-S", str(source), "-o", out],
                             capture_output=True, text=True, cwd=cwd)
        diagnostics = run.stderr.splitlines()
        if run.returncode != 0:
            raise ToolError(*(diagnostics or [f"k32 cc: {GCC} failed on {source} "
                                              f"(status {run.returncode})"]))
        messages.extend(diagnostics)
        with open(out, encoding="utf-8") as f:
            return f.read()


# --- assembling ----------------------------------------------------------------------

def _asm_defines(defines):
    """The -D's that the assembler can take (integer values) as a dict."""
    result = {}
    for text in defines:
        name, _, value = text.partition("=")
        try:
            result[name] = int(value, 0) if value else 1
        except ValueError:
            continue
    return result


def assemble_text(text, name, include_paths=(), defines=None):
    try:
        return Assembler([*include_paths, str(ASM_INCLUDE)], defines,
                         relocatable=True).assemble_string(text, name).object
    except AsmError as e:
        raise ToolError(str(e)) from None


def _c_object(source, flags, options, messages):
    text = compile_c(source, flags, messages)
    name = os.path.basename(source)[:-2] + ".s"
    try:
        return Assembler([], None, relocatable=True).assemble_string(text, name).object
    except AsmError as e:
        raise ToolError(f"k32 cc: k32 asm rejected GCC's assembly for {source} (`k32 cc -S "
                        f"{source}` writes it):", str(e)) from None


def _asm_object(source, options):
    try:
        with open(source, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ToolError(f"k32: {source}: {e.strerror}") from None
    return assemble_text(text, source, options.include_dirs, _asm_defines(options.defines))


def user_flags(options):
    return ([options.opt] + (["-g"] if options.debug else [])
            + [f"-I{d}" for d in options.include_dirs] + [f"-D{d}" for d in options.defines]
            + [f"-W{w}" for w in options.warnings])


# --- the C library -------------------------------------------------------------------

def _libc_key(compiler):
    """A hash of everything the library's bytes depend on."""
    digest = hashlib.sha256(str(LIBC).encode())   # the line tables name the sources there
    trees = [(LIBC, "*.[chs]"), (ROOT / "assembler", "*.py"), (ROOT / "isa", "*.py"),
             (ASM_INCLUDE, "*.inc")]
    for base, pattern in trees:
        for path in sorted(base.rglob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    version = subprocess.run([compiler, "--version"], capture_output=True, text=True).stdout
    digest.update(version.encode())
    return digest.hexdigest()[:16]


def _build_libc(directory):
    """Compile the library into `directory`: crt0-TARGET.o and libc-TARGET.a."""
    objects = {}
    messages = []
    for name in sorted(set(LIBC_MEMBERS["os"] + LIBC_MEMBERS["bare"]) | set(CRT0.values())):
        source = LIBC / "src" / name
        shown = str(source)                       # the name in messages and line tables
        if name.endswith(".c"):                   # (for C, GCC's .file and .loc say it)
            text = compile_c(shown, LIBC_FLAGS, messages, cwd=ROOT)
            shown = shown[:-2] + ".s"
        else:
            text = source.read_text(encoding="utf-8")
        objects[name] = obj.write(assemble_text(text, shown))
    for target in TARGETS:
        (directory / f"crt0-{target}.o").write_bytes(objects[CRT0[target]])
        members = [(name.rsplit(".", 1)[0] + ".o", objects[name]) for name in LIBC_MEMBERS[target]]
        (directory / f"libc-{target}.a").write_bytes(archive.write(members))


KEEP_BUILDS = 8      # library versions kept (checkouts sharing one cache each keep theirs)


def libc_dir():
    """The cache directory holding the current library, built if needed."""
    compiler = gcc()
    base = cache_base() / "libc"
    final = base / _libc_key(compiler)
    if not final.is_dir():
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="build-", dir=base))
        try:
            _build_libc(tmp)
            try:
                os.replace(tmp, final)
            except OSError:              # another process built it first
                pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(base, final)
    os.utime(final)                      # the most recently used are kept
    return final


def _prune(base, keep):
    """Remove all but the KEEP_BUILDS most recently used versions."""
    def used(path):
        try:
            return path.stat().st_mtime
        except OSError:
            return 0
    versions = sorted((p for p in base.iterdir() if p != keep and not p.name.startswith("build-")),
                      key=used, reverse=True)
    for old in versions[KEEP_BUILDS - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def libc_files(target):
    """(crt0 object path, library path) for a target."""
    directory = libc_dir()
    return directory / f"crt0-{target}.o", directory / f"libc-{target}.a"


# --- the driver ----------------------------------------------------------------------

def _object_name(source):
    base = os.path.basename(source)
    return (base.rsplit(".", 1)[0] if "." in base else base) + ".o"


def kind(source):
    if source.endswith(".c"):
        return "c"
    if source.endswith((".s", ".S")):
        return "s"
    return "o"


def cc(sources, options, output=None, compile_only=False, assembly_only=False):
    """Compile, assemble and link; returns a Result (nothing written)."""
    messages = []
    flags = user_flags(options)
    if assembly_only or compile_only:
        if output and len(sources) > 1:
            raise ToolError(f"k32 cc: -o with {'-S' if assembly_only else '-c'} takes one source")
        files = {}
        for source in sources:
            k = kind(source)
            if k == "o" or (assembly_only and k == "s"):
                raise ToolError(f"k32 cc: {source}: not a C{'' if assembly_only else ' or assembly'} "
                                f"source (nothing to do with {'-S' if assembly_only else '-c'})")
            if assembly_only:
                files[output or _object_name(source)[:-2] + ".s"] = \
                    compile_c(source, flags, messages).encode("utf-8")
                continue
            o = _c_object(source, flags, options, messages) if k == "c" else _asm_object(source, options)
            files[output or _object_name(source)] = obj.write(o)
        return Result(files, messages)
    items = []
    for source in sources:
        k = kind(source)
        if k == "c":
            items.append(Input(source, _c_object(source, flags, options, messages)))
        elif k == "s":
            items.append(Input(source, _asm_object(source, options)))
        else:
            items.append(link_input(source))
    crt0, library = libc_files(options.target)
    if options.start_files:
        items.insert(0, Input(crt0.name, read_object(str(crt0))))
    name = library.name
    items.append(Library(name, [Input(f"{name}({member})", o)
                                for member, o in read_archive(str(library))]))
    result = link_files(items)
    messages.extend(f"k32: {w}" for w in result.warnings)
    return Result({output or "a.kx": kx.write(result.executable, debug=True)}, messages)
