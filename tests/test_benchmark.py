"""Smoke tests of benchmarks/throughput.py and benchmarks/report.py: they run end to end on a
tiny input and report positive numbers under the documented keys. No timing assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "throughput.py"


def run_json(script: Path, *args: str, timeout: float = 120) -> dict:
    """Run a benchmark script with `--json` and return what it printed."""
    proc = subprocess.run(
        [sys.executable, str(script), *args, "--json"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_throughput_benchmark_json_smoke() -> None:
    report = run_json(
        SCRIPT, "--words", "2000", "--processes", "1", "--load-runs", "1", timeout=300
    )
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


def test_report_benchmark_json_smoke() -> None:
    """benchmarks/report.py builds a report and, where Chromium is installed, opens it."""
    result = run_json(ROOT / "benchmarks" / "report.py", "--articles", "12", "--unique", "3",
                      "--runs", "1", "--per-page", "5", timeout=180)  # fmt: skip
    assert result["articles"] == 12 and result["events"] > 0
    assert result["size_mib"] > 0 and result["build_s"] > 0
    if result["browser"].startswith("skipped"):
        return
    (run,) = result["runs"]
    assert run["articles_drawn"] == 5
    assert run["ready_ms"] > 0 and run["filter_ms"] >= 0


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
