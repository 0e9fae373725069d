"""The benchmark programs compute what they claim (at reduced size, through
`k32 run`), so `k32 bench cpu` times real work."""

import pytest

from vm.tools.bench_cpu import BENCH, PROGRAMS


@pytest.mark.parametrize("name, source, full, small, expected", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_benchmark_program_is_correct(k32, name, source, full, small, expected):
    defines = [arg for key, value in small.items() for arg in ("-D", f"{key}={value}")]
    run = k32("run", "-I", BENCH, BENCH / source, *defines, "--max-steps", 5_000_000)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (expected if expected is not None else b"2584\n")   # fib(18)
