"""RISC-V code written for GNU as assembles unchanged, and means the same.

Each source in tests/asm/gnu/ is assembled twice: by GNU binutils for
RV32E (linked with the same layout as K32's: code at 0x1000, read-only
data and data each on the next page) and by `k32 asm`.  The encodings
differ -- K32 has its own -- so the code is compared instruction by
instruction after disassembly (mnemonic, registers, immediates, targets),
and the data sections byte by byte.  CI installs binutils-riscv64-unknown-elf.
"""

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import isa
from assembler.disasm import format_word
from conftest import needs_host_tools
from isa import kx
from vm.cli import main

CORPUS = sorted((Path(__file__).parent / "asm" / "gnu").glob("*.s"))
PREFIX = "riscv64-unknown-elf-"
pytestmark = needs_host_tools(*(PREFIX + tool for tool in ("as", "ld", "objdump", "objcopy")))

LINKER_SCRIPT = """
SECTIONS {
  . = 0x1000;
  .text : { *(.text) *(.text.*) }
  . = ALIGN(0x1000);
  .rodata : { *(.rodata) *(.rodata.*) *(.srodata) *(.srodata.*) }
  . = ALIGN(0x1000);
  .data : { *(.data) *(.data.*) *(.sdata) *(.sdata.*) }
  .bss : { *(.bss) *(.bss.*) *(.sbss) *(.sbss.*) }
  /DISCARD/ : { *(.note*) *(.comment) *(.riscv.attributes) *(.debug*) }
}
"""
BRANCHES = {"beq", "bne", "blt", "bge", "bltu", "bgeu", "jal"}
RENAMED = {"syscall": "ecall", "break": "ebreak"}
OBJDUMP_LINE = re.compile(r"^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(\S+)\s*([^#<]*)")


def _operand(text, mnemonic, last):
    text = text.strip()
    m = re.fullmatch(r"(-?\w+)\((\w+)\)", text)
    if m:
        return int(m.group(1), 0), f"x{isa.REGISTERS[m.group(2)]}"
    if text in isa.REGISTERS:
        return f"x{isa.REGISTERS[text]}"
    if mnemonic == "fence":
        return text
    if last and mnemonic in BRANCHES and not text.startswith("0x"):
        return int(text, 16)              # objdump prints targets in bare hex
    return int(text, 0)


def normalize(mnemonic, operands):
    mnemonic = RENAMED.get(mnemonic, mnemonic)
    parts = [p for p in operands.split(",") if p.strip()]
    return (mnemonic, tuple(_operand(p, mnemonic, i == len(parts) - 1) for i, p in enumerate(parts)))


def run(*cmd):
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def gnu_build(source, tmp):
    obj, elf, script = tmp / "gnu.o", tmp / "gnu.elf", tmp / "layout.ld"
    script.write_text(LINKER_SCRIPT)
    run(PREFIX + "as", "-march=rv32em", "-mabi=ilp32e", "-mno-relax", str(source), "-o", str(obj))
    run(PREFIX + "ld", "-m", "elf32lriscv", "-T", str(script), "-e", "_start", str(obj), "-o", str(elf))
    code = []
    for line in run(PREFIX + "objdump", "-d", "-M", "no-aliases,numeric", str(elf)).splitlines():
        m = OBJDUMP_LINE.match(line)
        if m:
            code.append((int(m.group(1), 16), *normalize(m.group(3), m.group(4))))
    sections = {}
    for name in (".rodata", ".data"):
        out = tmp / f"gnu{name}.bin"
        run(PREFIX + "objcopy", "-O", "binary", "--only-section", name, str(elf), str(out))
        headers = run(PREFIX + "objdump", "-h", str(elf))
        m = re.search(rf"\s{re.escape(name)}\s+([0-9a-f]+)\s+([0-9a-f]+)", headers)
        if m and int(m.group(1), 16):
            sections[name] = (int(m.group(2), 16), out.read_bytes())
    return code, sections


def k32_build(source, tmp):
    out = tmp / "k32.kx"
    result = CliRunner().invoke(main, ["asm", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    exe = kx.load(out)
    code, sections = [], {}
    for seg in exe.segments:
        if seg.flags & kx.SEG_X:
            for i in range(0, len(seg.data), 4):
                word = int.from_bytes(seg.data[i:i + 4], "little")
                text, _ = format_word(word, seg.address + i, aliases=False)
                mnemonic, _, operands = text.partition(" ")
                code.append((seg.address + i, *normalize(mnemonic, operands)))
        else:
            name = ".data" if seg.flags & kx.SEG_W else ".rodata"
            sections[name] = (seg.address, seg.data)
    return code, sections


@pytest.mark.parametrize("source", CORPUS, ids=lambda p: p.name)
def test_gnu_source_assembles_to_the_same_program(source, tmp_path):
    gnu_code, gnu_data = gnu_build(source, tmp_path)
    k32_code, k32_data = k32_build(source, tmp_path)
    assert k32_code, "no code assembled"
    assert k32_code == gnu_code[:len(k32_code)]
    # The linker may pad the end of the code with nops; nothing else.
    assert all(insn[1:] == ("addi", ("x0", "x0", 0)) for insn in gnu_code[len(k32_code):])
    assert k32_data == gnu_data


def test_the_corpus_covers_every_user_level_instruction():
    used = set()
    for source in CORPUS:
        for line in source.read_text().splitlines():
            words = line.split("#")[0].replace(":", " ").split()
            used.update(w for w in words if isa.lookup(w))
    user_level = {i.name for i in isa.INSTRUCTIONS if not i.privileged}
    missing = {RENAMED.get(n, n) for n in user_level} - {RENAMED.get(isa.lookup(u).name, u) for u in used}
    assert not missing
