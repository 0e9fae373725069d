"""Reading commands: prompt_toolkit on a terminal (line editing, history,
completion of commands, symbols and registers), plain lines otherwise."""

import os
import sys

from isa.table import REGISTER_NAMES

from .commands import ALIASES, COMMANDS, CSR_NUMBERS, INFO, REPEATABLE

PROMPT = "(k32) "


def _completer(debugger):
    from prompt_toolkit.completion import Completer, Completion

    registers = ["$" + r for r in REGISTER_NAMES] + ["$pc", "$fp"] + ["$" + c for c in CSR_NUMBERS]

    class DebugCompleter(Completer):
        def get_completions(self, document, complete_event):
            text = document.text_before_cursor
            word = document.get_word_before_cursor(WORD=True)
            for sep in "*(&+-":
                word = word.rsplit(sep, 1)[-1]
            before = text[:len(text) - len(word)]
            if not before.strip():
                choices = COMMANDS
            elif before.split()[0] in ("info", "i") and len(before.split()) == 1:
                choices = sorted(INFO)
            else:
                choices = registers + sorted(debugger.program.symbols)   # modules come and go
            for choice in choices:
                if choice.startswith(word):
                    yield Completion(choice, start_position=-len(word))

    return DebugCompleter()


def _lines_from_terminal(debugger):
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory

    session = PromptSession(history=InMemoryHistory(), completer=_completer(debugger),
                            complete_while_typing=False)
    while True:
        try:
            yield session.prompt(PROMPT)
        except KeyboardInterrupt:
            debugger.say("Quit")
            continue
        except EOFError:
            debugger.say("quit")
            return


def _lines_from_stream(stream):
    for line in stream:
        yield line.rstrip("\n")


def command_loop(debugger, scripts=(), batch=False, stdin=None):
    """Run the command files, then (unless `batch`) read commands from the
    terminal or from stdin.  Returns the exit status."""
    for path in scripts:
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError as e:
            debugger.error(f"{path}: {e.strerror}")
            return 1
        for line in lines:
            debugger.execute(line)
            if debugger.quit:
                return 1 if batch and debugger.failed else 0
    if batch:
        return 1 if debugger.failed else 0
    stdin = stdin or sys.stdin
    interactive = stdin.isatty() and os.environ.get("TERM") != "dumb"
    lines = _lines_from_terminal(debugger) if interactive else _lines_from_stream(stdin)
    last = None
    for line in lines:
        if not line.strip() and interactive and last is not None:
            line = last                               # Enter repeats step, next, x, list...
        debugger.execute(line)
        if debugger.quit:
            break
        word = line.strip().split("/")[0].split(" ")[0]
        last = line if ALIASES.get(word, word) in REPEATABLE else None
    return 0
