"""Whatever text it is given, the assembler either succeeds or reports
errors as `file:line:col: error: message` -- never an exception of its own."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assembler import AsmError, assemble_string

PIECES = ["addi", "a0", ",", "(", ")", "sp", "1f", "1b", "1:", ".macro m a", ".endm", "\\a",
          ".rept 2", ".endr", ".if 1", ".else", ".endif", ".word", ".byte", '"x"', "'a'",
          "%hi(", "%lo(", "%pcrel_lo(", "%pcrel_hi(", "+", "-", "*", "/", "%", "<<", ">>",
          "0x", "99999999999999", "=", ".equ x,", "x", ";", "#", ".section", ".org",
          ".align", "li", "la", "call", ".", "lbl:", "\n", " ", ".irp r,a,b", "\\r",
          ".set", "beq", "j", "fence", "csrr", "status", "in", "out", ".space", "-1",
          "0", "4096", ".fill", ".exitm", ".ifdef", ".elif", "@", "!", "~", "m", ".bss",
          ".data", ".comm", ".error", ".end", "\t", "\x00", "\u00e9", "\\@", "\\()"]
HEAD = re.compile(r"^<input>(:\d+:\d+)?: (error|note): ")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join))
def test_any_text_assembles_or_gets_located_errors(text):
    try:
        assemble_string(text)
    except AsmError as e:
        assert e.diagnostics
        for diagnostic in e.diagnostics:
            assert HEAD.match(diagnostic.render().splitlines()[0]), diagnostic.render()


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_decoded_leniently_never_crash(data):
    try:
        assemble_string(data.decode("latin-1"))
    except AsmError:
        pass
