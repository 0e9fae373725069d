"""The K32 assembler: GNU as syntax for RISC-V, K32 encodings, two passes."""

from .assemble import DEFAULT_TEXT_BASE, Assembler, Result
from .errors import AsmError, Diagnostic, Loc


def assemble_file(path, include_paths=(), defines=None, text_base=DEFAULT_TEXT_BASE,
                  relocatable=False):
    """Assemble a source file; returns a Result or raises AsmError.  With
    relocatable=True the Result holds an object file (Result.object)."""
    return Assembler(include_paths, defines, text_base, relocatable).assemble_file(path)


def assemble_string(text, name="<input>", include_paths=(), defines=None,
                    text_base=DEFAULT_TEXT_BASE, relocatable=False):
    """Assemble source text; returns a Result or raises AsmError."""
    return Assembler(include_paths, defines, text_base, relocatable).assemble_string(text, name)


__all__ = ["AsmError", "Assembler", "Diagnostic", "Loc", "Result", "assemble_file",
           "assemble_string", "DEFAULT_TEXT_BASE"]
