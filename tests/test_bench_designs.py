"""`k32 bench designs`: the figures docs/designs.md reads, measured by the
command a user runs (a test checks what they say, not how fast)."""

import json


def test_bench_designs_measures_the_three_designs(k32, tmp_path):
    out = tmp_path / "designs.json"
    run = k32("bench", "designs", "--json", out, "--plot", tmp_path / "designs.svg")
    assert run.exit_code == 0, run.stderr
    figures = json.loads(out.read_text())
    text = run.stdout.decode()
    code = figures["code"]
    kernel = {k: sum(p["instructions"] for p in code[k]["kernel"].values()) for k in code}
    user = {k: sum(p["instructions"] for p in code[k]["user"].values()) for k in code}
    # the microkernel's file system and most of its drivers run in user mode
    assert code["micro"]["kernel"]["file system"]["instructions"] == 0
    assert code["mono"]["kernel"]["file system"]["instructions"] > 1000
    assert kernel["micro"] < kernel["mono"] < kernel["modular"]
    assert user["micro"] > 0 and user["mono"] == user["modular"] == 0
    assert kernel["mono+rtc"] > kernel["mono"]           # the driver compiled in
    plug = figures["plug"]
    assert plug["mono"]["plug_log"] == ["kernel: slot 3: rtc: no driver in this kernel"]
    assert plug["mono"]["date"] == ["date: no clock"]
    assert plug["mono+rtc"]["date"] == ["Sun Dec  6 12:00:00 UTC 2026"]
    assert plug["micro"]["plug_log"] == ["rs: slot 3: rtc: started rtcdrv"]
    assert plug["modular"]["plug_log"] == ["kernel: slot 3: rtc: loaded rtc"]
    for k in ("mono+rtc", "micro", "modular"):
        assert plug[k]["date"] == ["Sun Dec  6 12:00:00 UTC 2026"], k
        assert plug[k]["after"] == ["date: no clock"], k
        assert plug[k]["settle"] > 0 and plug[k]["date_cost"] > 0
    driver = figures["driver"]
    assert driver["mono"]["reboot"].startswith("yes") and driver["micro"]["reboot"] == "no"
    assert all(d["own"] > 0 and d["shared"] > 50 for d in driver.values())
    assert "Code that runs in kernel mode" in text and "rs: slot 3: rtc: started rtcdrv" in text
    assert (tmp_path / "designs.svg").stat().st_size > 1000


def test_bench_designs_refuses_a_bad_plot_path(k32, tmp_path):
    run = k32("bench", "designs", "--plot", tmp_path / "x.gif")
    assert run.exit_code != 0 and "Traceback" not in run.stderr
