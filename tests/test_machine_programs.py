"""The machine's self-checking programs (tests/machine/*.s), in the style of
riscv-tests: each runs through `k32 run` and exits with 0 when every case
passed, or with the number of the first case that failed; each once with
the translator and once without."""

import struct
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "machine"
PROGRAMS = sorted(p.name for p in HERE.glob("*.s") if p.name != "disk.s")


@pytest.fixture(params=["translated", "interpreted"])
def machine_kind(request, monkeypatch):
    """Each program runs twice: with every loop translated at its first
    round (vm/machine/translate.py), and on the interpreter alone."""
    if request.param == "translated":
        monkeypatch.setenv("K32_JIT", "1")
        monkeypatch.setenv("K32_JIT_THRESHOLD", "1")
    else:
        monkeypatch.setenv("K32_JIT", "0")
    return request.param


@pytest.mark.parametrize("name", PROGRAMS)
def test_program_passes(k32, name, machine_kind):
    run = k32("run", "-I", HERE, HERE / name, "--input", "abc\\n", "--max-steps", 10_000_000)
    assert run.exit_code == 0, f"{name}: case {run.exit_code} failed\n{run.stderr}"


def test_every_instruction_has_a_program():
    from isa.table import INSTRUCTIONS
    privileged_elsewhere = {"syscall", "break", "eret", "wfi", "halt", "tlbflush", "csrrw",
                            "csrrs", "csrrc", "in", "out", "ins", "outs"}
    for insn in INSTRUCTIONS:
        if insn.name not in privileged_elsewhere:
            assert (HERE / f"insn_{insn.name}.s").exists(), insn.name
    text = "".join(p.read_text() for p in HERE.glob("*.s"))
    for name in privileged_elsewhere:
        assert f"{name} " in text or f"{name}\n" in text, name


def test_a_wrong_expectation_fails_with_its_case_number(k32, tmp_path):
    source = tmp_path / "wrong.s"
    source.write_text('.include "test.inc"\nTEST_START\n'
                      "    TEST_RR_OP 1, add, 2, 1, 1\n"
                      "    TEST_RR_OP 2, add, 5, 2, 2\n"
                      "TEST_END\n")
    assert k32("run", "-I", HERE, source).exit_code == 2


def test_disk_round_trip_through_the_image_file(k32, tmp_path):
    image = tmp_path / "disk.img"
    image.write_bytes(bytes(512 * 16))
    run = k32("run", "-I", HERE, HERE / "disk.s", "--disk", image)
    assert run.exit_code == 0, f"case {run.exit_code} failed"
    data = image.read_bytes()
    assert struct.unpack_from("<128I", data, 512) == tuple(0x01000000 + i for i in range(128))
    assert struct.unpack_from("<256I", data, 1024) == tuple(0x02000000 + i for i in range(256))
    assert data[:512] == bytes(512) and data[2048:] == bytes(len(data) - 2048)


def test_disk_without_an_image_reports_no_media(k32, tmp_path):
    source = tmp_path / "nodisk.s"
    source.write_text('.include "test.inc"\nTEST_START\n'
                      "    li t0, DISK_CMD_READ\n    out t0, DISK_COMMAND(zero)\n"
                      "    in a0, DISK_ERROR(zero)\n    CHECK 1, a0, DISK_ERR_NO_MEDIA\n"
                      "    in a0, DISK_STATUS(zero)\n    CHECK 2, a0, DISK_ST_READY | DISK_ST_ERR\n"
                      "TEST_END\n")
    assert k32("run", "-I", HERE, source).exit_code == 0
