"""How long a large `transfer-nlp report` takes to build and to open in a browser.

Builds the report of N articles (2,000 by default) and opens it in headless Chromium (driven
over the DevTools protocol by tests/chromium.py), several times, each in a fresh browser
profile. The articles are the generated ones of benchmarks/throughput.py: `--unique` of them go
through the pipeline, and their records are repeated under new doc_ids up to N (the page's cost
depends on the number and size of the articles, not on their being different). The generated
texts reuse the sample articles' paragraphs, so their data gzips better than real news would:
`--plain` gives the upper bound.

Measured:
  build_s      `report_page` + writing the file (the pipeline excluded)
  ready_ms     from navigation start to the end of the page's script (first page drawn),
               read in the page (`performance.now()`)
  load_ms      navigation start to the load event (`PerformanceNavigationTiming.loadEventEnd`)
  wall_ms      from sending the navigation to seeing the page ready, measured here
  filter_ms    applying a type filter and drawing the result, in the page

    python benchmarks/report.py                   # 2,000 articles, 3 runs
    python benchmarks/report.py --articles 500 --runs 5 --json
    python benchmarks/report.py --plain           # the data not gzipped (the worst case)
    python benchmarks/report.py --keep /tmp/report.html
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the DevTools client
sys.path.insert(0, str(ROOT / "benchmarks"))

from chromium import Browser, find_chromium  # noqa: E402
from throughput import generate_texts  # noqa: E402

import transfer_nlp  # noqa: E402
from transfer_nlp.records import doc_to_article  # noqa: E402
from transfer_nlp.report import COMPRESS_OVER, ReportItem, write_report  # noqa: E402
from transfer_nlp.schema import Article  # noqa: E402

FILTER_JS = """(() => {
  const f = document.getElementById("tn-f-type");
  f.value = f.options[1] ? f.options[1].value : "";
  const t0 = performance.now();
  f.dispatchEvent(new Event("input", {bubbles: true}));
  const ms = performance.now() - t0;
  f.value = "";
  f.dispatchEvent(new Event("input", {bubbles: true}));
  return ms;
})()"""


def make_items(n: int, unique: int) -> list[ReportItem]:
    texts: list[str] = []
    words = 300 * unique
    while len(texts) < unique:
        texts = generate_texts(words)
        words *= 2
    texts = texts[:unique]
    nlp = transfer_nlp.load()
    seen = [ReportItem(doc_to_article(doc, f"{i:05d}.txt"), doc.text)
            for i, doc in enumerate(nlp.pipe(texts))]  # fmt: skip
    items = []
    for i in range(n):
        base = seen[i % unique]
        article = Article(f"{i:05d}.txt", base.article.entities, base.article.events)
        items.append(ReportItem(article, base.text))
    return items


def open_once(binary: str, url: str) -> dict[str, float]:
    with Browser(binary, timeout=60) as browser:
        start = time.perf_counter()
        browser.call("Page.navigate", url=url)
        ready = browser.wait_for("document.body && document.body.dataset.ready")
        wall_ms = (time.perf_counter() - start) * 1000
        browser.wait_for("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
        load_ms = browser.js("performance.getEntriesByType('navigation')[0].loadEventEnd")
        filter_ms = browser.js(FILTER_JS)
        articles = browser.js("document.querySelectorAll('#tn-articles .tn-article').length")
        if browser.errors:
            raise SystemExit(f"console errors: {browser.errors}")
    return {"ready_ms": float(ready), "load_ms": float(load_ms), "wall_ms": wall_ms,
            "filter_ms": float(filter_ms), "articles_drawn": articles}  # fmt: skip


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    items = make_items(args.articles, min(args.unique, args.articles))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.keep) if args.keep else Path(tmp, "report.html")
        start = time.perf_counter()
        compress_over = sys.maxsize if args.plain else COMPRESS_OVER
        stats = write_report(items, out, per_page=args.per_page, compress_over=compress_over)
        build_s = time.perf_counter() - start
        result: dict[str, Any] = {
            "articles": stats.articles,
            "events": stats.events,
            "per_page": args.per_page,
            "size_mib": out.stat().st_size / 2**20,
            "compressed": not args.plain and 'data-encoding="gzip+base64"' in out.read_text(),
            "build_s": build_s,
            "runs": [],
        }
        binary = find_chromium()
        if binary is None:
            result["browser"] = "skipped: no Chromium on PATH"
            return result
        result["browser"] = binary
        result["runs"] = [open_once(binary, out.as_uri()) for _ in range(args.runs)]
    for key in ("ready_ms", "load_ms", "wall_ms", "filter_ms"):
        values = [r[key] for r in result["runs"]]
        result[f"median_{key}"] = statistics.median(values)
        result[f"max_{key}"] = max(values)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--unique", type=int, default=100, help="articles run through the pipeline")
    parser.add_argument("--per-page", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="never store the data gzipped")
    parser.add_argument("--keep", help="write the report here and keep it")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = benchmark(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    packed = "gzipped" if result["compressed"] else "plain"
    print(f"{result['articles']} articles, {result['events']} events, {result['per_page']} per "
          f"page: {result['size_mib']:.1f} MiB ({packed} data) built in "
          f"{result['build_s']:.2f} s")  # fmt: skip
    if not result["runs"]:
        print(f"browser: {result['browser']}")
        return
    print(f"browser: {result['browser']}, {len(result['runs'])} fresh profiles")
    for key in ("ready_ms", "load_ms", "wall_ms", "filter_ms"):
        median, most = result["median_" + key], result["max_" + key]
        print(f"  {key:<10} median {median:8.0f}   max {most:8.0f}")


if __name__ == "__main__":
    main()
