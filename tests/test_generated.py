"""The generated files are current, the stale check works, and the ISA table checks itself."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from isa import abi, boot, instructions, kx, machine, micro, module, obj, table
from isa.gen import STAMP, targets

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = ROOT / "os" / "include"
EQU = re.compile(r"\.equ ([A-Za-z_.$][A-Za-z0-9_.$]*), (0x[0-9A-F]+|-?\d+) +# \S.*")
INCLUDE_LINE = re.compile(r'\.include "([\w.]+)"')


def run_check(cwd):
    """Run `python -m isa.gen --check` in `cwd` with nothing else on the path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "isa.gen", "--check"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def copy_repo(dest):
    """A tree holding just isa/ and the generated files, as the check needs."""
    shutil.copytree(ROOT / "isa", dest / "isa", ignore=shutil.ignore_patterns("__pycache__"))
    for path in targets():
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, dest / path)


# --- staleness -----------------------------------------------------------------

def test_generated_files_are_current():
    result = run_check(ROOT)
    assert result.returncode == 0, "run `python -m isa.gen`:\n" + result.stdout + result.stderr


def test_check_reports_an_edited_file_as_stale(tmp_path):
    copy_repo(tmp_path)
    assert run_check(tmp_path).returncode == 0
    edited = tmp_path / "os" / "include" / "ports.inc"
    edited.write_text(edited.read_text(encoding="utf-8").replace("0x3F8", "0x2F8"),
                      encoding="utf-8")
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert "stale: os/include/ports.inc" in result.stdout
    assert "csr.inc" not in result.stdout


def test_check_reports_a_deleted_file_as_missing(tmp_path):
    copy_repo(tmp_path)
    (tmp_path / "docs" / "isa.md").unlink()
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert "missing: docs/isa.md" in result.stdout


def test_gen_rewrites_what_the_check_reports(tmp_path):
    copy_repo(tmp_path)
    (tmp_path / "os" / "include" / "csr.inc").write_text("# hand-edited\n")
    subprocess.run([sys.executable, "-m", "isa.gen"], cwd=tmp_path, check=True,
                   capture_output=True)
    assert run_check(tmp_path).returncode == 0


@pytest.mark.parametrize("path", list(targets()))
def test_every_generated_file_starts_with_the_stamp(path):
    first = (ROOT / path).read_text(encoding="utf-8").splitlines()[0]
    assert STAMP in first
    opener = {".md": "<!-- ", ".h": "/* "}.get(Path(path).suffix, "# ")
    assert first.startswith(opener)


# --- the include files say what isa says ---------------------------------------------

def expected_symbols():
    """Every constant the include files must define, straight from the isa data."""
    groups = [machine.STATUS_BITS, machine.TRAP_CAUSES, machine.IRQS, machine.PAGE_BITS,
              machine.PORTS, machine.DEVICE_BITS, machine.HOTPLUG_CLASSES, abi.SYSCALLS, abi.ERRNOS, abi.OPEN_FLAGS,
              abi.SEEK_WHENCE, abi.EXIT_STATUSES, abi.FILE_TYPES, abi.PROC_STATES, abi.LIMITS,
              boot.BOOTINFO_FIELDS, boot.BOOTMOD_FIELDS,
              kx.field_offsets(kx.HEADER_FIELDS), kx.field_offsets(kx.SEGMENT_FIELDS)]
    groups += [micro.IPC_OPS, micro.KERNEL_CALLS, micro.ENDPOINTS, micro.MESSAGE_TYPES,
               micro.KERNEL_EVENTS, micro.GRANT_ACCESS, micro.SERVICE_OPS, micro.SERVICE_STATES,
               micro.LIMITS]
    groups += [fields for _, _, _, fields in abi.RECORDS + micro.RECORDS]
    expected = {name: value for group in groups for name, value, _ in group}
    expected.update({f"{prefix}_SIZE": size for prefix, size, _, _ in abi.RECORDS + micro.RECORDS})
    expected.update(KX_MAGIC_WORD=int.from_bytes(kx.MAGIC, "little"), KX_VERSION=kx.VERSION,
                    KX_MAX_SEGMENTS=kx.MAX_SEGMENTS, KX_FLAG_DEBUG=kx.FLAG_DEBUG,
                    KX_SEG_R=kx.SEG_R, KX_SEG_W=kx.SEG_W, KX_SEG_X=kx.SEG_X,
                    KX_HEADER_SIZE=kx.HEADER.size, KX_SEGMENT_SIZE=kx.SEGMENT.size)
    expected.update(BOOTINFO_MAGIC=boot.BOOTINFO_MAGIC, BOOTMOD_SIZE=boot.BOOTMOD_SIZE,
                    BOOTMOD_NAME_MAX=boot.BOOTMOD_NAME_MAX, MAX_MODULES=boot.MAX_MODULES)
    expected.update({f"CSR_{name.upper()}": value for name, value, _ in machine.CSRS})
    expected["INTERRUPT_BIT"] = machine.INTERRUPT_BIT
    # module.inc: the object format as the kernel's loader reads it
    for prefix, fields in (("KO_H_", obj.HEADER_FIELDS), ("KO_SEC_", obj.SECTION_FIELDS),
                           ("KO_SYM_", obj.SYMBOL_FIELDS), ("KO_REL_", obj.RELOC_FIELDS)):
        expected.update({prefix + name.upper(): off for name, off, _ in kx.field_offsets(fields)})
    expected.update({name: number for name, number, *_ in obj.RELOCATIONS})
    expected.update({f"KO_KIND_{k.upper()}": i for i, k in enumerate(obj.KINDS)})
    expected.update({f"KO_BIND_{b.upper()}": i for i, b in enumerate(obj.BINDINGS)})
    expected.update(KO_MAGIC_WORD=int.from_bytes(obj.MAGIC, "little"), KO_VERSION=obj.VERSION,
                    KO_MAX_SECTIONS=obj.MAX_SECTIONS, KO_MAX_ALIGN_LOG2=obj.MAX_ALIGN_LOG2,
                    KO_SEC_UNDEF=obj.SEC_UNDEF, KO_SEC_ABS=obj.SEC_ABS, KO_SEC_COMMON=obj.SEC_COMMON,
                    KO_HEADER_SIZE=obj.HEADER.size, KO_SECTION_SIZE=obj.SECTION.size,
                    KO_SYMBOL_SIZE=obj.SYMBOL.size, KO_RELOC_SIZE=obj.RELOC.size,
                    MODULE_SIZE=module.MODULE_SIZE)
    for group in (module.MODULE_FIELDS, module.MODULE_STATES, module.LIMITS):
        expected.update({name: value for name, value, _ in group})
    return expected


def parse_include(path):
    """{name: value} of a file's `.equ` lines; any other line must be a
    comment, blank, a conditional (`.ifdef`, `.else`, `.endif`) or inside
    a `.macro` ... `.endm` block."""
    symbols = {}
    in_macro = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(".macro "):
            in_macro = True
        if in_macro:
            in_macro = line.strip() != ".endm"
            continue
        if not line or line.startswith(("#", ".ifdef ", ".else", ".endif")) \
                or INCLUDE_LINE.fullmatch(line):
            continue
        match = EQU.fullmatch(line)
        assert match, f"{path.name}:{number}: not a `.equ NAME, value  # meaning` line: {line!r}"
        name, value = match.groups()
        assert name not in symbols, f"{path.name}:{number}: {name} defined twice"
        symbols[name] = int(value, 0)
    return symbols


def all_include_symbols():
    symbols = {}
    for path in sorted(INCLUDE.glob("*.inc")):
        for name, value in parse_include(path).items():
            assert name not in symbols, f"{name} is defined in two include files"
            symbols[name] = value
    return symbols


def test_include_files_define_exactly_the_isa_constants():
    assert all_include_symbols() == expected_symbols()


@pytest.mark.parametrize("name, value", [
    ("CSR_EPC", 2), ("UART_DATA", 0x3F8), ("SYS_exit", 1), ("EPERM", 1),
    ("DISK_STATUS", 0x1F7), ("DISK_COMMAND", 0x1F7), ("INTERRUPT_BIT", 0x80000000),
    ("PAGE_SIZE", 4096), ("O_CREAT", 0x40),
])
def test_include_files_spell_known_values(name, value):
    assert all_include_symbols()[name] == value


def test_k32_inc_includes_every_other_include_file():
    text = (INCLUDE / "k32.inc").read_text(encoding="utf-8")
    included = INCLUDE_LINE.findall(text)
    others = sorted(p.name for p in INCLUDE.glob("*.inc") if p.name != "k32.inc")
    assert sorted(included) == others


def test_syscalls_inc_describes_the_register_convention():
    text = (INCLUDE / "syscalls.inc").read_text(encoding="utf-8")
    assert f"number: {abi.SYSCALL_NUMBER_REGISTER}" in text
    assert f"result: {abi.SYSCALL_RESULT_REGISTER}" in text


def test_isa_md_lists_every_instruction_and_alias():
    text = (ROOT / "docs" / "isa.md").read_text(encoding="utf-8")
    for insn in table.INSTRUCTIONS:
        assert f"| `{insn.name}`" in text and f"0x{insn.opcode:02X}" in text
    for alias in table.ALIASES:
        assert f"`{alias}`" in text
    assert "(assembler.md)" in text


# --- the table checks itself ------------------------------------------------------

def replace_row(mnemonic, **changes):
    """instructions.INSTRUCTIONS with one row's columns changed."""
    columns = ("name", "opcode", "format", "syntax", "privileged", "meaning")
    rows = []
    for row in instructions.INSTRUCTIONS:
        if row[0] == mnemonic:
            row = tuple(changes.get(c, v) for c, v in zip(columns, row))
        rows.append(row)
    return rows


def with_format(fmt, layout):
    return {**instructions.FORMATS, fmt: layout}


def test_build_with_the_real_table_gives_the_loaded_tables():
    by_name, by_opcode = table._build()
    assert by_name == table.BY_NAME and by_opcode == table.BY_OPCODE


def test_table_rejects_a_duplicated_opcode():
    with pytest.raises(table.ISAError, match=r"sub: opcode 0x1 already used by add"):
        table._build(rows=replace_row("sub", opcode=0x01))


def test_table_rejects_a_duplicated_mnemonic():
    with pytest.raises(table.ISAError, match=r"add: mnemonic defined twice"):
        table._build(rows=replace_row("sub", name="add"))


def test_table_rejects_overlapping_fields():
    layout = (("rd", 8, 4, False), ("rs1", 10, 4, False), ("imm", 16, 16, True))
    with pytest.raises(table.ISAError, match=r"format I: field rs1 overlaps another field"):
        table._build(formats=with_format("I", layout))


def test_table_rejects_a_field_over_the_opcode_byte():
    layout = (("rd", 4, 4, False), ("rs1", 12, 4, False), ("imm", 16, 16, True))
    with pytest.raises(table.ISAError, match=r"format I: field rd falls outside bits 8..31"):
        table._build(formats=with_format("I", layout))


def test_table_rejects_bits_that_belong_to_no_field():
    layout = (("rd", 8, 4, False), ("rs1", 12, 4, False), ("imm", 16, 12, True))
    with pytest.raises(table.ISAError, match=r"format I: bits 0xf0000000 belong to no field"):
        table._build(formats=with_format("I", layout))


def test_table_rejects_an_operand_the_format_has_no_field_for():
    with pytest.raises(table.ISAError, match=r"lui: operand .* needs field 'rs1'"):
        table._build(rows=replace_row("lui", syntax="rd, rs1, imm20"))


def test_table_rejects_an_unknown_operand_kind():
    with pytest.raises(table.ISAError, match=r"addi: unknown operand kind 'imm7'"):
        table._build(rows=replace_row("addi", syntax="rd, rs1, imm7"))


def test_table_rejects_an_alias_that_shadows_a_mnemonic():
    with pytest.raises(table.ISAError, match=r"alias add -> sub is inconsistent"):
        table._build(aliases={"add": "sub"})
