"""Peak memory of `transfer-nlp extract` on a small and a large batch of articles.

Streaming should make memory independent of the number of articles: this generates N and 10 N
articles (sentences built from templates with varied names, plus paragraphs of the sample
articles in corpus/), runs `transfer-nlp extract` on each in a subprocess, and reports each
run's peak resident set size (from `os.wait4`, so the child and the workers it waited for) and
the difference.

    python benchmarks/memory.py                 # 200 vs 2,000 articles
    python benchmarks/memory.py --json --small 100 --large 1000 --records documents -- -n 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# fmt: off
FIRST = [
    "Jadon", "Manuel", "Kieran", "Bukayo", "Joao", "Dominic", "Ivan", "Ben", "Pedro", "Kai",
    "Marcus", "Declan", "Mason", "Jarrod", "Ollie", "Eberechi", "Morgan", "Cole", "Rico", "Lewis",
    "Ferran", "Dani", "Nico", "Alexis", "Moises", "Florian", "Xavi", "Victor"
]
LAST = [
    "Sancho", "Ugarte", "Trippier", "Saka", "Felix", "Solanke", "Toney", "White", "Neto",
    "Havertz", "Rashford", "Rice", "Mount", "Bowen", "Watkins", "Eze", "Rogers", "Palmer", "Lewis",
    "Hall", "Torres", "Olmo", "Williams", "Mac Allister", "Caicedo", "Wirtz", "Simons", "Osimhen"
]
CLUBS = [
    "Arsenal", "Chelsea", "Liverpool", "Everton", "Brentford", "Fulham", "Brighton", "Newcastle",
    "Aston Villa", "West Ham", "Tottenham", "Manchester United", "Manchester City", "Real Madrid",
    "Barcelona", "Bayern Munich", "Juventus", "Inter Milan", "Napoli", "Paris Saint-Germain",
    "Borussia Dortmund", "Benfica", "Porto", "Ajax"
]
# fmt: on
SENTENCES = [
    "{a} have completed the signing of {p} from {b} for £{n}m.",
    "The {age}-year-old has signed a {y}-year contract with {a}.",
    "{p} is in talks with {a} over a move from {b}.",
    "{a} have had a €{n}m bid for {p} rejected by {b}.",
    "{a} have appointed {p} as their new head coach after {y} seasons at {b}.",
    "{p} has joined {a} on loan from {b} until the end of the season.",
    "{b} are monitoring {p}, who has a release clause of €{n}m.",
    "{p} will leave {b} when his contract expires in the summer.",
    "{a} manager {q} said he was delighted with the arrival of {p}.",
]


def corpus_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 40]
    return paragraphs


def make_articles(folder: Path, n: int, seed: int = 0) -> int:
    """Write `n` articles of 5 to 9 sentences; returns the number of characters written."""
    rng = random.Random(seed)
    extra = corpus_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2)]
        a, b = rng.sample(CLUBS, 2)
        values = {"p": names[0], "q": names[1], "a": a, "b": b, "n": rng.randint(1, 120),
                  "age": rng.randint(17, 35), "y": rng.randint(1, 6)}  # fmt: skip
        body = [s.format(**values) for s in rng.sample(SENTENCES, rng.randint(4, 7))]
        if extra and rng.random() < 0.5:
            body.insert(rng.randrange(len(body)), rng.choice(extra))
        text = f"{names[0]} latest\n\n" + " ".join(body) + "\n"
        (folder / f"{i // 100:03d}" / f"{i:06d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"{i // 100:03d}" / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def measure(cmd: list[str]) -> dict[str, float | int]:
    """Run `cmd`; its exit code, wall time and peak RSS in MiB (child and waited-for workers)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 2):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr}")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return {
        "exit": proc.returncode,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(kib / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", type=int, default=200, help="articles in the small run")
    ap.add_argument("--large", type=int, default=2000, help="articles in the large run")
    ap.add_argument("--records", default="events", choices=["events", "documents"])
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("extra", nargs="*", help="more `transfer-nlp extract` options, after --")
    args = ap.parse_args()

    results = {}
    with tempfile.TemporaryDirectory(prefix="transfer_nlp_mem_") as tmp:
        for label, n in (("small", args.small), ("large", args.large)):
            folder = Path(tmp) / label
            chars = make_articles(folder, n)
            out = Path(tmp) / f"{label}.jsonl"
            cmd = [sys.executable, "-m", "transfer_nlp", "extract", str(folder), "-o", str(out),
                   "--records", args.records, "-q", *args.extra]  # fmt: skip
            run = measure(cmd)
            with open(out, "rb") as f:
                lines = sum(1 for _ in f)
            rate = round(n / run["seconds"], 1) if run["seconds"] else None
            results[label] = {"articles": n, "chars": chars, "records": lines,
                              "articles_per_s": rate, **run}  # fmt: skip
    small, large = results["small"]["peak_rss_mib"], results["large"]["peak_rss_mib"]
    results["difference_mib"] = round(large - small, 1)
    results["difference_pct"] = round(100 * (large - small) / small, 1) if small else None

    if args.json:
        print(json.dumps(results, indent=2))
        return
    for label in ("small", "large"):
        r = results[label]
        print(f"{r['articles']:>6} articles ({r['chars'] / 1e6:.1f} M chars, {r['records']} "
              f"records): peak RSS {r['peak_rss_mib']:.1f} MiB, {r['seconds']:.1f} s, "
              f"{r['articles_per_s']} articles/s")  # fmt: skip
    print(f"difference: {results['difference_mib']:+.1f} MiB ({results['difference_pct']:+.1f} %)")


if __name__ == "__main__":
    main()
