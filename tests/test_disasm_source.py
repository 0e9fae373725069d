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
    lines = disassemble_with_source(tmp_path, monkeypatch)
    (tmp_path / "prog.s").unlink()
    result = CliRunner().invoke(main, ["disasm", "-S", "prog.kx"])
    assert "prog.s:5:" in result.output.splitlines()
