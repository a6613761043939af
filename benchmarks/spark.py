"""Words per second of `transfer-nlp spark-extract --master local[2]` against `transfer-nlp
extract -n 2`, on the same generated articles (those of benchmarks/throughput.py, seeded).

Both are timed end to end, each in a process of its own: start-up, the pipeline loads (two for
each: the two extract processes, the two Spark Python workers), reading and writing included;
Spark also starts its JVM. The ratio spark/extract is printed (aim: at least 0.8); the record
counts of the two runs are printed too, and must be equal.

    python benchmarks/spark.py                  # 200,000 words (several minutes)
    python benchmarks/spark.py --words 20000 --json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _throughput() -> Any:
    spec = importlib.util.spec_from_file_location("throughput", HERE / "throughput.py")
    if spec is None or spec.loader is None:
        sys.exit("benchmarks/throughput.py not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_spark(
    tp: Any, folder: Path, out: Path, words: int, cores: int, batch_size: int
) -> dict[str, Any]:
    """`transfer-nlp spark-extract` end to end; an entry with "error" if it does not work."""
    cmd = [sys.executable, "-m", "transfer_nlp", "spark-extract", str(folder), "-o", str(out),
           "--master", f"local[{cores}]", "--partitions", str(cores), "--format", "jsonl",
           "--batch-size", str(batch_size), "--quiet", "--force"]  # fmt: skip
    run = tp.run_probed(cmd)
    entry: dict[str, Any] = {"stage": "spark", "cores": cores, "words": words}
    parts = sorted((out / "records").glob("part-*"))
    if run.get("exit") not in (0, 2) or not parts:
        return {**entry, "error": tp._error(run, "transfer-nlp spark-extract")}
    records = sum(1 for part in parts for _ in part.open("rb"))
    return {
        **entry,
        "exit": run["exit"],
        "records": records,
        "seconds": round(run["wall_s"], 3),
        "words_per_s": round(words / run["wall_s"], 1),
        "cpu_s": round(run["cpu_s"], 3),
    }


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    tp = _throughput()
    texts = tp.generate_texts(args.words, args.seed)
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory(prefix="transfer_nlp_spark_bench_") as tmp:
        folder = Path(tmp) / "texts"
        tp.write_texts(folder, texts)
        cli = tp.measure_cli(folder, Path(tmp) / "out.jsonl", words, args.cores, args.batch_size)
        spark = measure_spark(tp, folder, Path(tmp) / "spark", words, args.cores, args.batch_size)
    ratio = None
    if cli.get("words_per_s") and spark.get("words_per_s"):
        ratio = round(spark["words_per_s"] / cli["words_per_s"], 3)
    return {
        "input": {"words": words, "texts": len(texts), "seed": args.seed},
        "extract": cli,
        "spark": spark,
        "spark_over_extract": ratio,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--words", type=int, default=200_000, help="words of input (default 200000)")
    ap.add_argument("--cores", type=int, default=2, help="-n of extract, N of local[N]")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    if min(args.words, args.cores, args.batch_size) < 1:
        ap.error("--words, --cores and --batch-size must be positive")
    report = benchmark(args)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['input']['texts']} texts, {report['input']['words']:,} words")
    for name in ("extract", "spark"):
        run = report[name]
        if "error" in run:
            print(f"{name:8} error: {run['error']}")
        else:
            print(f"{name:8} {run['words_per_s']:>9,.0f} words/s  {run['seconds']:>8.1f} s  "
                  f"{run['records']} records")  # fmt: skip
    print(f"spark / extract: {report['spark_over_extract']}")


if __name__ == "__main__":
    main()
