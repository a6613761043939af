"""Peak memory of `transfer-nlp extract` on a small and a large batch of articles.

Streaming should make memory independent of the number of articles: this generates N and 10 N
articles (sentences built from templates with varied names, plus paragraphs of the sample
articles in corpus/), runs `transfer-nlp extract` on each in a subprocess, and reports each
run's peak resident set size and the difference: exactly for the largest single process
(`os.wait4`), and sampled for the whole process tree (with `-n 2`, the workers too; pages the
workers share with the parent after fork are counted once per process).

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
import threading
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


def tree_rss_kib(root: int) -> int:
    """Current resident set size of `root` and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next((int(ln.split()[1]) for ln in f if ln.startswith("VmRSS:")), 0)
        except OSError:
            pass  # it has just exited
    return total


def measure(cmd: list[str]) -> dict[str, float | int | None]:
    """Run `cmd`: exit code, wall time, and peak RSS in MiB.

    `peak_rss_mib` is the high-water mark of the largest single process (`os.wait4`, exact);
    `peak_tree_rss_mib` samples the whole process tree every 50 ms, which is what counts with
    `--n-process` > 1 (None where /proc is missing).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            tree_peak[0] = max(tree_peak[0], tree_rss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampled = os.path.isdir("/proc")
    if sampled:
        sampler.start()
    stderr = proc.stderr.read().decode() if proc.stderr else ""  # drained, or the child blocks
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    if sampled:
        sampler.join()
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 2):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr}")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return {
        "exit": proc.returncode,
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(kib / 1024, 1),
        "peak_tree_rss_mib": round(tree_peak[0] / 1024, 1) if sampled else None,
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
    small_tree, large_tree = (
        results["small"]["peak_tree_rss_mib"],
        results["large"]["peak_tree_rss_mib"],
    )
    if small_tree is not None and large_tree is not None:
        results["difference_tree_mib"] = round(large_tree - small_tree, 1)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    for label in ("small", "large"):
        r = results[label]
        print(f"{r['articles']:>6} articles ({r['chars'] / 1e6:.1f} M chars, {r['records']} "
              f"records): peak RSS {r['peak_rss_mib']:.1f} MiB (process tree "
              f"{r['peak_tree_rss_mib']} MiB), {r['seconds']:.1f} s, "
              f"{r['articles_per_s']} articles/s")  # fmt: skip
    print(f"difference: {results['difference_mib']:+.1f} MiB ({results['difference_pct']:+.1f} %)"
          f"; process tree {results.get('difference_tree_mib', '?')} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
