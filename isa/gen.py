"""Writes the files derived from the ISA table: os/include/*.inc, docs/isa.md,
vm/machine/isa_constants.py and the C header programs/libc/include/k32/abi.h.

    python -m isa.gen            rewrite every generated file that changed
    python -m isa.gen --check    write nothing; exit 1 listing stale or missing files

Only `isa` modules and the standard library are imported, so the generator
runs before anything else of the project works.  The output is a pure
function of the table (no dates, no paths), so `--check` can compare bytes.
The text itself comes from isa/gen_inc.py (the include files) and
isa/gen_doc.py (the reference); this module decides where it goes.
"""

import argparse
import sys
from pathlib import Path

from . import gen_doc, gen_inc, gen_vm

ROOT = Path(__file__).resolve().parent.parent   # the copy of isa/ being run decides
STAMP = "generated — do not edit: written from isa/ by `python -m isa.gen`"


def targets():
    """{path relative to the repository root: function returning its text}."""
    files = {f"os/include/{name}": lambda name=name: gen_inc.include_text(name, STAMP)
             for name in gen_inc.INCLUDES}
    files["os/include/k32.inc"] = lambda: gen_inc.k32_inc(STAMP)
    files["programs/libc/include/k32/abi.h"] = lambda: gen_inc.c_header(STAMP)
    files["docs/isa.md"] = lambda: gen_doc.isa_md(STAMP)
    files["vm/machine/isa_constants.py"] = lambda: gen_vm.vm_constants(STAMP)
    return files


def stale(root=ROOT):
    """[(path, "missing" or "stale")] for each generated file that is not current."""
    gen_inc.symbols()                  # raises if two include files clash
    result = []
    for path, make in targets().items():
        file = root / path
        if not file.exists():
            result.append((path, "missing"))
        elif file.read_bytes() != make().encode("utf-8"):
            result.append((path, "stale"))
    return result


def write(root=ROOT):
    """Rewrite the files that are not current; returns their paths."""
    out_of_date = [path for path, _ in stale(root)]
    make = targets()
    for path in out_of_date:
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(make[path](), encoding="utf-8", newline="\n")
    return out_of_date


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m isa.gen", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a generated file is stale or missing")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for path, why in problems:
            print(f"{why}: {path}")
        if problems:
            print("run `python -m isa.gen` to regenerate them")
        return 1 if problems else 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
