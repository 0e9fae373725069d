"""`k32 bench debug`: what the debugger costs, measured in one run.

- `continue` under the debugger with ten breakpoints set (in print_decimal,
  which runs only at the end, with a condition that is never true, so
  each hit is stepped over) and with a watchpoint besides, against the
  same program run plainly the way `k32 run` runs it: the ratio is the
  debugger's speed as a fraction of the plain run's.
- `reverse-stepi` after the guest has run about 10M instructions: the
  time to restore the last snapshot and re-execute up to the previous
  step.
"""

import time

from .bench_cpu import assemble

WATCHED = "buffer"              # crc32.s's data: read in the loop, written once


def _plain(exe):
    from ..machine import Machine
    from ..machine.state import EXIT_DEBUG
    machine = Machine()
    machine.load(exe)
    start = time.perf_counter()
    while machine.run(1 << 22) != EXIT_DEBUG:
        machine.take_output()
    return machine.retired, time.perf_counter() - start


def _engine(exe):
    from ..debugger.engine import Engine
    from ..machine import Machine
    machine = Machine()
    machine.load(exe)
    return Engine(machine, lambda stream, data: None, b"", True)


def _debugged(exe, watch):
    engine = _engine(exe)
    symbols = exe.symbol_table()
    start = symbols["print_decimal"]
    engine.set_breaks([start + 4 * i for i in range(10)])
    if watch:
        # A write watchpoint on the last word of a buffer the loop only
        # reads: every read near it passes the range check, none stops.
        end = symbols[WATCHED] + 4096
        engine.set_watches({1: (end - 4, end, 2)})
    begin = time.perf_counter()
    while engine.forward(wants=lambda s: False).kind != "exit":
        pass
    return engine.m.retired, time.perf_counter() - begin


def _reverse(exe):
    engine = _engine(exe)
    engine.set_breaks([exe.symbol_table()["print_decimal"]])
    stop = engine.forward()
    assert stop.kind == "breakpoint", stop
    ran = engine.m.retired
    begin = time.perf_counter()
    engine.reverse_step()
    seconds = time.perf_counter() - begin
    assert engine.m.retired == ran - 1
    return ran, seconds, len(engine.snapshots)


def run(echo, repeat=3):
    exe = assemble("crc32.s", {})
    _plain(exe)                                 # load the compiled code once
    figures = {}
    plain = min((_plain(exe) for _ in range(repeat)), key=lambda r: r[1])
    echo(f"{'run':<44}{'instructions':>14}{'seconds':>9}{'MIPS':>8}{'ratio':>8}")
    rows = [("plain run (as k32 run)", plain)]
    rows.append(("continue, 10 breakpoints", min((_debugged(exe, False) for _ in range(repeat)),
                                                 key=lambda r: r[1])))
    rows.append(("continue, 10 breakpoints + 1 watchpoint",
                 min((_debugged(exe, True) for _ in range(repeat)), key=lambda r: r[1])))
    for name, (count, seconds) in rows:
        ratio = (count / seconds) / (plain[0] / plain[1])
        echo(f"{name:<44}{count:>14,}{seconds:>9.3f}{count / seconds / 1e6:>8.1f}{ratio:>7.0%}")
        figures[name] = {"instructions": count, "seconds": seconds, "ratio": ratio}
    ran, seconds, snaps = _reverse(assemble("fib.s", {"N": 28}))
    echo(f"reverse-stepi after {ran:,} instructions: {seconds:.3f} s "
         f"({snaps} snapshots kept)")
    figures["reverse-stepi"] = {"after": ran, "seconds": seconds, "snapshots": snaps}
    return figures
