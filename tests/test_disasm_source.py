"""`k32 disasm -S` puts each source line above the code it became, read
through the executable's line table."""

from click.testing import CliRunner

from vm.cli import main

SOURCE = """\
        .macro twice reg
        addi \\reg, \\reg, 1
        addi \\reg, \\reg, 1
        .endm
_start: li a0, 0x12345678
        twice a1
        ret
"""


def disassemble_with_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prog.s").write_text(SOURCE)
    runner = CliRunner()
    assert runner.invoke(main, ["asm", "prog.s", "-o", "prog.kx"]).exit_code == 0
    result = runner.invoke(main, ["disasm", "-S", "prog.kx"])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_each_source_line_heads_the_words_it_produced(tmp_path, monkeypatch):
    lines = disassemble_with_source(tmp_path, monkeypatch)
    li = lines.index("prog.s:5: _start: li a0, 0x12345678")
    assert "lui a0, 0x12345" in lines[li + 1]
    assert "addi a0, a0, 1656" in lines[li + 2]


def test_macro_code_is_shown_under_the_line_that_invoked_it(tmp_path, monkeypatch):
    lines = disassemble_with_source(tmp_path, monkeypatch)
    at = lines.index("prog.s:6: twice a1")
    assert [line.split("  ")[-1] for line in lines[at + 1:at + 3]] == ["addi a1, a1, 1"] * 2
    assert lines[at + 3] == "prog.s:7: ret"


def test_without_the_source_file_the_location_is_still_shown(tmp_path, monkeypatch):
    disassemble_with_source(tmp_path, monkeypatch)
    (tmp_path / "prog.s").unlink()
    result = CliRunner().invoke(main, ["disasm", "-S", "prog.kx"])
    assert "prog.s:5:" in result.output.splitlines()


def test_disassemble_at_steps_through_memory_one_instruction_at_a_time():
    from assembler import assemble_string
    from assembler.disasm import disassemble_at

    exe = assemble_string("_start: addi a0, zero, 1\n loop: j loop\n").executable
    seg = exe.segments[0]

    def read_word(address):
        offset = address - seg.address
        return int.from_bytes(seg.data[offset:offset + 4], "little")

    text, _, following = disassemble_at(read_word, 0x1000, exe.symbols)
    assert (text, following) == ("li a0, 1", 0x1004)
    text, comment, following = disassemble_at(read_word, following, exe.symbols)
    assert (text, comment, following) == ("j loop", "", 0x1008)
