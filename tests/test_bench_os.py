"""`k32 bench os`: one quick run through the CLI (all four kernel
configurations, JSON and an SVG plot), checked for invariants that hold
whatever the exact figures; its option errors; and the machine's split of
retired instructions into kernel and user mode that the bench relies on."""

import json
import sys

import pytest

from tests.conftest import run_k32
from vm.tools import bench_os

CONFIGS = ["mono", "micro", "micro-io", "modular"]


def rows_for(config):
    """The figure keys every configuration must have."""
    keys = [key for key, _ in bench_os.BOOT_ROWS]
    keys += [w.key for w in bench_os.WORKLOADS if w.has(config)]
    return keys


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """(CliRun, figures, svg path) of `k32 bench os --quick --json F --plot F.svg`."""
    pytest.importorskip("matplotlib")
    tmp = tmp_path_factory.mktemp("bench_os")
    out, svg = tmp / "bench.json", tmp / "bench.svg"
    run = run_k32("bench", "os", "--quick", "--json", out, "--plot", svg)
    assert run.exit_code == 0, run.stderr
    return run, json.loads(out.read_text()), svg


def test_every_row_for_every_configuration(quick):
    run, figures, _ = quick
    assert figures["configs"] == CONFIGS
    for config in CONFIGS:
        assert sorted(figures[config]) == sorted(rows_for(config)), config
    lines = run.stdout.decode().splitlines()
    has = {w.key: w.has for w in bench_os.WORKLOADS}
    for key, label, _ in bench_os._rows(figures):
        line = next(line for line in lines if line.strip().startswith(label))   # table 1
        cells = line[len(label) + 2:].split()
        assert len(cells) == 2 * len(CONFIGS) - 1, line     # a figure each, the ratios to mono
        if key in has:                  # "-" where a configuration, or mono, has no such row
            missing = [k for k in CONFIGS if not has[key](k)]
            missing += [k for k in CONFIGS[1:] if not (has[key](k) and has[key]("mono"))]
            assert cells.count("-") == len(missing), line
        else:
            assert "-" not in cells, line
    assert "Traceback" not in run.stderr


def test_kernel_and_user_add_up_to_the_total(quick):
    _, figures, _ = quick
    for config in CONFIGS:
        for key, cost in figures[config].items():
            if "total" in cost:
                assert cost["kernel"] + cost["user"] == pytest.approx(cost["total"]), (config, key)
                assert cost["kernel"] >= 0 and cost["user"] >= 0, (config, key, cost)


def test_the_microkernel_pays_for_messages(quick):
    _, figures, _ = quick
    mono = figures["mono"]
    for config in ("micro", "micro-io"):
        micro = figures[config]
        assert micro["getpid"]["total"] > mono["getpid"]["total"]
        assert micro["sendrec"]["kernel"] > mono["null_trap"]["kernel"]
        assert micro["boot_to_prompt"]["total"] > mono["boot_to_prompt"]["total"]


def test_ratios_are_the_quotients(quick):
    _, figures, _ = quick
    assert sorted(figures["ratios"]) == ["micro-io/mono", "micro/mono", "modular/mono"]
    for config in ("micro", "micro-io"):
        ratios = figures["ratios"][f"{config}/mono"]
        assert "sendrec" not in ratios                 # mono has no IPC
        assert ratios["getpid"] == (figures[config]["getpid"]["total"]
                                    / figures["mono"]["getpid"]["total"])
        for key, ratio in ratios.items():
            unit = "total" if "total" in figures["mono"][key] else "seconds"
            assert ratio == figures[config][key][unit] / figures["mono"][key][unit], key
    derived = figures["derived"]["micro"]
    assert derived["sendrec_per_null_trap"] == (figures["micro"]["sendrec"]["total"]
                                                / figures["micro"]["null_trap"]["total"])


def test_the_modular_kernel_costs_what_mono_does_plus_its_indirect_calls(quick):
    # The same core, with the driver and file system reached through tables
    # of operations: every shared workload within a few percent of mono.
    _, figures, _ = quick
    mono, mod = figures["mono"], figures["modular"]
    for w in bench_os.WORKLOADS:
        if w.has("mono") and w.has("modular"):
            assert 0.9 < mod[w.key]["total"] / mono[w.key]["total"] < 1.1, w.key
            assert figures["ratios"]["modular/mono"][w.key] == \
                mod[w.key]["total"] / mono[w.key]["total"]
    over = figures["derived"]["modular"]["over_mono"]
    assert set(over) == set(bench_os.THROUGH_INTERFACES)
    for key, d in over.items():
        assert d["extra"] == mod[key]["total"] - mono[key]["total"]
        assert d["calls"] == mod[key]["interface_calls"] > 0, key
    # A cached read is one fs_read through the table; the disk's sectors
    # come through blk_read and blk_write.  What the table costs is its stub:
    # lui, lw, beq, lw, jr -- five instructions a call, all of the difference.
    assert 0.99 < over["read_1byte"]["calls"] < 1.01
    assert 3.5 < over["read_1byte"]["extra_per_call"] < 5.5, over["read_1byte"]
    # A big read or write at --quick sizes (32 KiB) makes few calls (about
    # 28 and 54), so the two boots' constant differences -- a timer tick
    # more or less in one of them, a few hundred instructions -- outweigh
    # them: the whole difference is five instructions a call within 2,000
    # (the full-size run, docs/measurements.md, gives 4.6 and 5.6 a call).
    big = figures["sizes"]["big"]
    for key in ("read_big", "write_big"):
        calls, extra = over[key]["calls"] * big, over[key]["extra"] * big
        assert abs(extra - 5 * calls) < 2000, (key, over[key])
    # It boots its driver, cache and file system as modules: a boot costs more.
    assert mod["boot_to_prompt"]["total"] > mono["boot_to_prompt"]["total"]


def test_loading_and_unloading_a_module_is_measured_on_the_modular_kernel(quick):
    run, figures, _ = quick
    mod = figures["modular"]
    load, insmod, rmmod = mod["modload_cycle"], mod["insmod"], mod["rmmod"]
    # Checking, laying out, relocating and initialising hello.ko is kernel
    # work of thousands of instructions, far more than a null trap.
    assert 10_000 < load["total"] < 5_000_000
    assert load["kernel"] > 0.9 * load["total"]
    # insmod loads (and reads the file) but does not unload; rmmod only unloads.
    assert 0 < rmmod["total"] < insmod["total"] < 10_000_000
    assert insmod["kernel"] > 0.5 * insmod["total"]
    assert rmmod["kernel"] > 0.5 * rmmod["total"]
    # The cycle is its two system calls, timed from entry to return: nearly
    # all of it the load; an unload is a few hundred instructions.
    calls = load["system_calls"]
    assert [calls[name]["calls"] for name in bench_os.MODULE_CALLS] == \
        [figures["sizes"]["modloads"]] * 2
    load_call, unload_call = (calls[name]["per_call"] for name in bench_os.MODULE_CALLS)
    assert 0.9 * load["total"] < load_call + unload_call < load["total"]
    assert 0 < unload_call < 10_000 < load_call
    for k in ("mono", "micro", "micro-io"):
        assert "modload_cycle" not in figures[k] and "insmod" not in figures[k]
    assert "modular: hello.ko modload+modunload " in run.stdout.decode()


def test_the_plot_is_an_svg(quick):
    _, _, svg = quick
    text = svg.read_text()
    assert "<svg" in text[:1000] and text.rstrip().endswith("</svg>")


@pytest.mark.parametrize("path", ["figure.pdf", "figure"])
def test_a_plot_name_without_a_known_extension_fails_before_measuring(k32, tmp_path, path):
    run = k32("bench", "os", "--quick", "--plot", tmp_path / path)
    assert run.exit_code == 1
    assert run.stdout == b""                        # nothing was measured
    assert run.stderr.startswith("k32: --plot ") and ".png or .svg" in run.stderr
    assert run.stderr.count("\n") == 1
    assert not (tmp_path / path).exists()


def test_without_matplotlib_plot_says_how_to_install_it(k32, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)       # import fails
    run = k32("bench", "os", "--quick", "--plot", tmp_path / "f.png")
    assert run.exit_code == 1 and run.stdout == b""
    assert run.stderr == "k32: --plot needs matplotlib: pip install 'k32[plot]'\n"


def test_the_pipeline_check_catches_a_wrong_count():
    text = bench_os.text_file(4096)
    lines, words, size = bench_os.wc_counts(bench_os.grep_x(text))
    assert 0 < lines < text.count(b"\n")             # some lines have an x, not all
    good = f"$ cat | grep x | wc\r\n{lines:7} {words:7} {size:7}\r\n$ ".encode()
    bench_os.check_pipeline(good, text)
    with pytest.raises(RuntimeError, match="wc counted"):
        bench_os.check_pipeline(good.replace(f"{size:7}".encode(), f"{size + 1:7}".encode()), text)


# --- the machine's kernel/user accounting -------------------------------------

USER_LOOP = 1000
COMPUTE = f"""
# Kernel mode sets a trap vector and drops to user mode; user mode counts
# down from {USER_LOOP} (2 instructions a turn) and makes a system call;
# the trap handler halts.
        .text
        .globl  _start
_start: la      t0, handler
        csrrw   zero, tvec, t0
        la      t0, user
        csrrw   zero, epc, t0
        csrrs   t0, status, zero
        andi    t0, t0, ~0xC            # eret to user mode, interrupts off
        csrrw   zero, status, t0
        eret
user:   li      a0, {USER_LOOP}
1:      addi    a0, a0, -1
        bnez    a0, 1b
        syscall
handler:
        halt
"""


def test_machine_splits_instructions_into_kernel_and_user_mode(k32, tmp_path):
    from isa import kx
    from vm.machine import state as S
    from vm.machine import Machine

    (tmp_path / "compute.s").write_text(COMPUTE)
    exe = tmp_path / "compute.kx"
    assert k32("asm", tmp_path / "compute.s", "-o", exe).exit_code == 0
    m = Machine(1 << 20)
    m.load(kx.load(exe))
    # eret counts as kernel mode; syscall traps, so it does not retire.
    kernel_setup = 10                           # _start up to and including eret (la = 2)
    user = 1 + 2 * USER_LOOP                    # li and the loop
    try:
        assert m.run(kernel_setup + 500) == S.EXIT_BUDGET        # stopped in user mode
        assert m.kernel_retired == kernel_setup
        assert m.user_retired == 500
        assert m.run(1 << 20) == S.EXIT_HALT
        assert m.kernel_retired + m.user_retired == m.retired
        assert m.user_retired == user
        assert m.kernel_retired == kernel_setup + 1              # and the handler's halt
    finally:
        m.close()
