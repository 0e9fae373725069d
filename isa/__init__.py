"""K32's instruction set, privileged architecture, ABI and binary formats,
defined once as data.  `isa` imports nothing else of the project."""

from .table import (ALIASES, BY_NAME, BY_OPCODE, FENCE_BITS, IMMEDIATE_KINDS,
                    INSTRUCTIONS, REGISTER_NAMES, REGISTERS, ISAError,
                    Instruction, Operand, decode, encode, extract, insert,
                    lookup)

__all__ = ["ALIASES", "BY_NAME", "BY_OPCODE", "FENCE_BITS", "IMMEDIATE_KINDS",
           "INSTRUCTIONS", "REGISTER_NAMES", "REGISTERS", "ISAError",
           "Instruction", "Operand", "decode", "encode", "extract", "insert",
           "lookup"]
