"""Coverage-guided fuzzing of the assembler with atheris (libFuzzer), by hand.

Not part of the test suite (pytest does not collect it: no test_ prefix).

    pip install atheris
    python tests/fuzz/atheris_asm.py -max_total_time=300 -max_len=4096 [CORPUS_DIR]

Each input is bytes, decoded as UTF-8 with "surrogateescape" (so byte soup
reaches the parser, lone surrogates included) and assembled from a string.
The oracle is the product standard: success, or an AsmError whose every
diagnostic starts `<fuzz>:LINE:COL: error:` (or is about the whole file);
any other exception is a crash libFuzzer reports and saves.  What
assembles must also survive the round trip of test_fuzz_asm.py: its
`k32 disasm -a` text assembles to the same bytes.  The seed
corpus, when no directory is given, is made of the real sources in
programs/ (a directory is created for it under /tmp).
"""

import re
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    import assembler
    from assembler import AsmError, assemble_string

from tests.fuzz.test_fuzz_asm import round_trip  # noqa: E402  (after the path is set)

# The line limit lowered, as in test_fuzz_asm.py: a .rept bomb is stopped by
# the same check, in a twentieth of the time, so the fuzzer keeps its pace.
assembler.assemble.MAX_LINES = 20_000

HEAD = re.compile(r"^<fuzz>(:\d+:\d+)?: (error|note): ")


def test_one_input(data):
    text = data.decode("utf-8", "surrogateescape")
    try:
        result = assemble_string(text, "<fuzz>")
    except AsmError as e:
        assert e.diagnostics, "AsmError without diagnostics"
        for diagnostic in e.diagnostics:
            first = diagnostic.render().split("\n")[0]
            assert HEAD.match(first), f"diagnostic not located: {first!r}"
        return
    if result.executable.segments:
        round_trip(result.executable)


def seed_corpus():
    folder = Path(tempfile.mkdtemp(prefix="k32-atheris-corpus-"))
    for i, path in enumerate(sorted((ROOT / "programs").rglob("*.s"))):
        (folder / f"seed{i}").write_bytes(path.read_bytes()[:4096])
    return str(folder)


if __name__ == "__main__":
    args = sys.argv[:]
    if not any(not a.startswith("-") for a in args[1:]):
        args.append(seed_corpus())
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()
