"""The host end of the console UART: where guest output goes and where its
input comes from.

    ScriptedConsole   --input TEXT / --input-file F: all input known up front
    StreamConsole     stdin that is a pipe or a file: read to its end the first
                      time the guest asks, so runs stay deterministic
    TerminalConsole   stdin that is a terminal: raw mode once the guest reads,
                      Ctrl-A x to leave, Ctrl-A c for the monitor; the
                      terminal is always restored
    TcpConsole        --serial tcp:PORT: one client on 127.0.0.1 (nc, socat)

A console has `start(machine)`, `pump(machine, wait, demand)` (move
available input into the machine; `wait` is how long it may block for
some; `demand` says the guest itself asked), `write(data)` and `close()`.  Input that is all known is marked final with
`machine.end_input()`, after which the guest sees end of input once it has
read every byte.
"""

import os
import select
import socket
import sys

from . import state as S

CTRL_A = 0x01


class Console:
    """Output to a binary stream; no input at all (the guest sees end of input)."""

    def __init__(self, out=None):
        self.out = out if out is not None else sys.stdout.buffer
        self._pending = b""
        self.quit_requested = False

    def start(self, machine):
        machine.end_input()

    def _feed(self, machine):
        """Give the machine as much of the pending input as fits."""
        if self._pending:
            n = machine.feed(self._pending)
            self._pending = self._pending[n:]

    def pump(self, machine, wait, demand=True):
        self._feed(machine)

    def write(self, data):
        if data:
            self.out.write(data)
            self.out.flush()

    def close(self):
        pass


class ScriptedConsole(Console):
    """Input given in full before the run (more than the UART buffer is fed as read)."""

    def __init__(self, data, out=None):
        super().__init__(out)
        self._pending = bytes(data)

    def start(self, machine):
        self._feed(machine)
        self._settle(machine)

    def _settle(self, machine):
        if self._pending:
            machine.st[S.IN_LIVE] = 1         # ask again when the buffer runs dry
        else:
            machine.end_input()

    def pump(self, machine, wait, demand=True):
        self._feed(machine)
        self._settle(machine)


class StreamConsole(ScriptedConsole):
    """A pipe or file on stdin, read to its end on the guest's first request."""

    def __init__(self, stream, out=None):
        super().__init__(b"", out)
        self.stream = stream
        self._read = False

    def start(self, machine):
        machine.st[S.IN_LIVE] = 1

    def pump(self, machine, wait, demand=True):
        if not self._read and machine.st[S.IN_LIVE] and demand:
            self._read = True
            self._pending = self.stream.read()
        if self._read:
            super().pump(machine, wait, demand)


class TerminalConsole(Console):
    """The user's terminal, switched to raw mode when the guest first reads.

    Every key goes to the guest (Ctrl-C too); Ctrl-A x leaves, Ctrl-A Ctrl-A
    sends a Ctrl-A, Ctrl-A c switches to the machine monitor's
    `(k32-monitor)` prompt and back (vm/machine/monitor.py), as in QEMU.
    While the monitor has the terminal the guest runs on and its output
    waits.  Output keeps the terminal's newline translation so a guest's
    "\\n" starts a new line.
    """

    PROMPT = b"(k32-monitor) "

    def __init__(self, fd=0, out=None):
        super().__init__(out)
        self.fd = fd
        self._saved = None
        self._escape = False
        self.monitor = None
        self._in_monitor = False
        self._line = bytearray()
        self._held = []

    def start(self, machine):
        from .monitor import Monitor
        self.monitor = Monitor(machine)
        machine.st[S.IN_LIVE] = 1

    def write(self, data):
        if self._in_monitor:
            self._held.append(data)
        else:
            super().write(data)

    def _say(self, data):
        self.out.write(data)
        self.out.flush()

    def _toggle_monitor(self):
        self._in_monitor = not self._in_monitor
        self._line.clear()
        if self._in_monitor:
            self._say(b"\r\n" + self.PROMPT)
        else:
            self._say(b"\r\n")
            held, self._held = b"".join(self._held), []
            super().write(held)

    def _monitor_key(self, byte):
        """A key typed at the monitor prompt: line editing, Enter runs it."""
        if byte in (0x0D, 0x0A):
            self._say(b"\r\n")
            line = self._line.decode("utf-8", "replace")
            self._line.clear()
            for text in self.monitor.execute(line):
                self._say(text.encode() + b"\r\n")
            if self.monitor.quit_requested:
                self.quit_requested = True
                return
            self._say(self.PROMPT)
        elif byte in (0x7F, 0x08):
            if self._line:
                self._line.pop()
                self._say(b"\b \b")
        elif byte == 0x15:                               # Ctrl-U: kill the line
            self._say(b"\b \b" * len(self._line))
            self._line.clear()
        elif byte == 0x03:                               # Ctrl-C: a fresh prompt
            self._line.clear()
            self._say(b"^C\r\n" + self.PROMPT)
        elif 0x20 <= byte < 0x7F and len(self._line) < 256:
            self._line.append(byte)
            self._say(bytes([byte]))

    def _raw(self):
        if self._saved is None:
            import termios
            import tty
            self._saved = termios.tcgetattr(self.fd)
            tty.setraw(self.fd, termios.TCSANOW)        # keep what was typed already
            mode = termios.tcgetattr(self.fd)
            mode[1] |= termios.OPOST | termios.ONLCR       # "\n" still starts a line
            termios.tcsetattr(self.fd, termios.TCSANOW, mode)

    def pump(self, machine, wait, demand=True):
        if demand:
            self._raw()
        if self._saved is not None:
            ready, _, _ = select.select([self.fd], [], [], wait)
            if ready:
                data = os.read(self.fd, 4096)
                if not data:
                    machine.end_input()
                self._pending += self._filter(data)
        self._feed(machine)

    def _filter(self, data):
        """Take out the Ctrl-A escapes."""
        kept = bytearray()
        for byte in data:
            if self._escape:
                self._escape = False
                if byte in (ord("x"), ord("X")):
                    self.quit_requested = True
                elif byte in (ord("c"), ord("C")) and self.monitor is not None:
                    self._toggle_monitor()
                elif byte == CTRL_A and not self._in_monitor:
                    kept.append(CTRL_A)
            elif byte == CTRL_A:
                self._escape = True
            elif self._in_monitor:
                self._monitor_key(byte)
            else:
                kept.append(byte)
        return bytes(kept)

    def close(self):
        if self._saved is not None:
            import termios
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None


class TcpConsole(Console):
    """The console on a TCP port of 127.0.0.1; the run starts when a client connects."""

    def __init__(self, port, announce):
        super().__init__()
        self.listener = socket.create_server(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        announce(f"k32: console on tcp:127.0.0.1:{self.port}, waiting for a client")
        self.conn = None

    def start(self, machine):
        self.conn, _ = self.listener.accept()
        self.listener.close()
        machine.st[S.IN_LIVE] = 1

    def pump(self, machine, wait, demand=True):
        if self.conn is not None and machine.st[S.IN_LIVE]:
            ready, _, _ = select.select([self.conn], [], [], wait)
            if ready:
                try:
                    data = self.conn.recv(4096)
                except OSError:
                    data = b""
                if data:
                    self._pending += data
                else:
                    machine.end_input()
        self._feed(machine)

    def write(self, data):
        if data and self.conn is not None:
            try:
                self.conn.sendall(data)
            except OSError:
                pass                    # the client left; the guest carries on

    def close(self):
        if self.conn is not None:
            try:
                self.conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.conn.close()
            self.conn = None


def for_stdin(out=None):
    """The console the standard input calls for: terminal, or stream."""
    if sys.stdin is None:
        return Console(out)
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        fd = -1
    if fd >= 0 and os.isatty(fd):
        return TerminalConsole(fd, out)
    return StreamConsole(getattr(sys.stdin, "buffer", sys.stdin), out)


def decode_escapes(text):
    r"""--input text with \n \t \r \\ and \xHH turned into the bytes they name."""
    out, i = bytearray(), 0
    simple = {"n": 10, "t": 9, "r": 13, "\\": 92, "0": 0, "e": 27}
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            if nxt == "x" and len(text) >= i + 4:
                try:
                    out.append(int(text[i + 2:i + 4], 16))
                    i += 4
                    continue
                except ValueError:
                    pass
        out += ch.encode("utf-8")
        i += 1
    return bytes(out)
