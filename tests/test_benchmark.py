"""Smoke test of benchmarks/throughput.py: it runs end to end on a tiny input and reports
positive numbers under the documented keys. No timing assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "throughput.py"


def test_throughput_benchmark_json_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--words", "2000", "--json", "--processes", "1",
         "--load-runs", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert {"input", "machine", "runs", "load", "ratios"} <= report.keys()
    assert report["input"]["words"] >= 2000
    assert report["input"]["texts"] > 0

    runs = {(r["stage"], r["n_process"]): r for r in report["runs"]}
    assert set(runs) == {("base", 1), ("full", 1), ("cli", 1)}
    for run in runs.values():
        assert "error" not in run, run
        for key in ("words_per_s", "seconds", "wall_s", "cpu_s", "peak_rss_mib"):
            assert run[key] > 0, (run["stage"], key, run[key])
    assert runs[("base", 1)]["docs"] == runs[("full", 1)]["docs"] == report["input"]["texts"]

    assert report["load"]["median_s"] > 0
    assert report["load"]["peak_rss_mib"] > 0
    ratios = report["ratios"]
    assert ratios["full_over_base"]["1"] > 0
    assert ratios["cli_over_base"]["1"] > 0
    assert ratios["full_speedup_2_processes"] is None  # n_process 2 was not run


def test_stories_benchmark_json_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "stories.py"), "--records", "3000", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["input"]["records"] == 3000 and report["input"]["new_records"] == 30
    for run in (report["full"], report["update"]):
        assert run["seconds"] > 0 and run["peak_rss_mib"] > 0 and run["stories"] > 0
    # The update adds new articles: never fewer stories than before.
    assert report["update"]["stories"] >= report["full"]["stories"]
    assert isinstance(report["within_targets"], bool)
