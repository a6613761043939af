"""Transfer stories: the event records of many articles merged into one record per move.

A move is reported many times (a rumour, a bid, talks, an agreement, the announcement), each
time in another article. `stories(records)` groups the event records of one person and event
type, then splits each group into moves:

1. records that name a destination form one story per destination, split in two wherever
   `gap_days` pass without a report (the same move in another window is another story);
   undated records join the latest story of their destination;
2. a record without a destination joins the one story of its group whose reports, widened by
   `gap_days` on each side, cover its date and whose origin agrees with its own; if none or
   several fit, it stays apart: such records form destination-less stories, split by `gap_days`;
3. destination stories of a group within `gap_days` of each other are `rivals`.

Every step depends only on the set of records, never on their order, so the result is the same
whatever order the files come in, and `update_stories` (recompute only the groups that new
records touch) gives exactly what a full run gives. See docs/records.md, "Stories".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from .errors import Errors, InputError
from .runner import dumps
from .schema import EVENT_TYPES, STATUSES

STORY_SCHEMA = "transfer_nlp.story.v1"
DEFAULT_GAP_DAYS = 90
_RANK = {"rumour": 0, "negotiating": 1, "agreed": 2, "confirmed": 3, "off": -1}


# --- names -------------------------------------------------------------------------------------

# Letters NFKD does not take apart.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d",
                          "ð": "d", "þ": "th", "ı": "i", "ħ": "h"})  # fmt: skip
# Transliteration variants of one sound: Müller/Mueller, Mykhailo/Mykhaylo, Mohammed/Mohamed.
_VARIANTS = (
    (re.compile(r"(?:ae|oe|ue)"), lambda m: m.group(0)[0]),
    (re.compile(r"(?<=[a-z])y(?=[a-z])"), lambda m: "i"),
    (re.compile(r"([a-z])\1+"), lambda m: m.group(1)),
)


@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """A person's name with case, accents, punctuation and spelling variants folded.

    `Martin Ødegaard`, `Martin Odegaard` and `Martin Oedegaard` give one key; so do
    `N'Golo Kanté` and `Ngolo Kante`. Different full names stay different keys, so two players
    who share a surname never meet.
    """
    text = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)
    text = re.sub(r"['’`.]", "", text)
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    for pattern, repl in _VARIANTS:
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=1 << 12)
def club_key(club: str | None) -> str | None:
    """A club name with case and accents folded (clubs arrive canonical from the extractor)."""
    if club is None:
        return None
    text = unicodedata.normalize("NFKD", club.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


# --- entries: one report of a move -------------------------------------------------------------


class Fee(NamedTuple):
    amount: float
    currency: str
    text: str
    equivalents: tuple[tuple[float, str], ...]

    def in_currency(self, currency: str) -> float | None:
        if self.currency == currency:
            return self.amount
        return next((a for a, c in self.equivalents if c == currency), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": self.amount,
            "currency": self.currency,
            "text": self.text,
            "equivalents": [{"amount": a, "currency": c} for a, c in self.equivalents],
        }


class Entry(NamedTuple):
    """One event record, reduced to what a story keeps (a timeline row)."""

    date: str | None
    stage: str
    doc_id: str
    source: str | None
    person: str
    from_club: str | None
    to_club: str | None
    fee: Fee | None
    evidence: str | None

    def sort_key(self) -> tuple[Any, ...]:
        # Total order on content alone, so the input order never matters; undated rows last,
        # and a collapse after the other reports of its day (as `_stage` reads them).
        return (
            self.date is None,
            self.date or "",
            self.stage == "off",
            self.doc_id,
            self.to_club or "",
            self.from_club or "",
            _RANK[self.stage],
            self.person,
            self.evidence or "",
        )

    def to_dict(self) -> dict[str, Any]:
        row = self._asdict()
        if self.fee is not None:
            row["fee"] = self.fee.to_dict()
        return row


GroupKey = tuple[str, str]  # (name_key(person), type)


_TYPES = frozenset(EVENT_TYPES)
_STAGES = frozenset(STATUSES)
_TEXT_FIELDS = ("source", "from_club", "to_club")


def _problem(record: Any, where: str) -> InputError:
    """The error for a record the fast path of `entry_from_record` refused."""
    if not isinstance(record, Mapping):
        return InputError(Errors.E019(where=where, problem="not a JSON object"))
    for field, allowed in (("type", EVENT_TYPES), ("status", STATUSES)):
        if record.get(field) not in allowed:
            return InputError(
                Errors.E019(where=where, problem=f"{field!r} is {record.get(field)!r}")
            )
    doc_id = record.get("doc_id")
    if doc_id is None or isinstance(doc_id, dict | list):
        return InputError(Errors.E019(where=where, problem="no 'doc_id'"))
    for field in ("person", *_TEXT_FIELDS):
        value = record.get(field)
        if (field == "person" or value is not None) and not (
            isinstance(value, str) and value.strip()
        ):
            problem = f"{field!r} is not a non-empty string"
            return InputError(Errors.E019(where=where, problem=problem))
    return InputError(Errors.E019(where=where, problem="not an event record"))


def _fee(value: Any, where: str) -> Fee | None:
    try:
        given = value.get("equivalents")
        equivalents = (
            tuple([(float(e["amount"]), str(e["currency"])) for e in given]) if given else ()
        )
        return Fee(float(value["amount"]), str(value["currency"]), str(value.get("text") or ""),
                   equivalents)  # fmt: skip
    except (AttributeError, KeyError, TypeError, ValueError):
        raise InputError(Errors.E019(where=where, problem="'fee' is malformed")) from None


@lru_cache(maxsize=1 << 16)
def _iso(value: str) -> str:
    return dt.date.fromisoformat(value).isoformat()


def _date(value: Any, where: str) -> str:
    try:
        if isinstance(value, str):
            return _iso(value)
    except ValueError:
        pass
    problem = f"'published' is {value!r}, not a date (YYYY-MM-DD)"
    raise InputError(Errors.E019(where=where, problem=problem))


def entry_from_record(
    record: Mapping[str, Any], where: str, strings: dict[str, str] | None = None
) -> tuple[GroupKey, Entry]:
    """The group and timeline row of one event record (as `transfer-nlp extract` writes it).

    `strings` shares the objects of repeated values (names, clubs, dates) between entries.

    Raises:
        InputError: the record lacks a field a story needs, or holds a bad value.
    """
    if type(record) is not dict and not isinstance(record, Mapping):
        raise _problem(record, where)
    get = record.get
    kind, stage, person, doc_id = get("type"), get("status"), get("person"), get("doc_id")
    source, from_club, to_club = get("source"), get("from_club"), get("to_club")
    if (
        kind not in _TYPES
        or stage not in _STAGES
        or person is None
        or doc_id is None
        or type(doc_id) in (dict, list)
        or type(person) is not str
        or not person.strip()
        or not (source is None or (type(source) is str and source.strip()))
        or not (from_club is None or (type(from_club) is str and from_club.strip()))
        or not (to_club is None or (type(to_club) is str and to_club.strip()))
    ):
        raise _problem(record, where)
    date = get("published")
    if date is not None:
        date = _date(date, where)
    fee = get("fee")
    # A record's evidence is a list of sentence objects; a stored timeline row's, one sentence.
    sentence = evidence = get("evidence")
    if type(evidence) is list:
        first = evidence[0] if evidence else None
        sentence = first.get("sentence") if isinstance(first, dict) else None
    intern = (strings if strings is not None else {}).setdefault
    entry = Entry(
        date and intern(date, date),
        stage,
        str(doc_id),
        source and intern(source, source),
        intern(person, person),
        from_club and intern(from_club, from_club),
        to_club and intern(to_club, to_club),
        None if fee is None else _fee(fee, where),
        " ".join(sentence.split()) if isinstance(sentence, str) else None,
    )
    return (name_key(person), kind), entry


def iter_event_records(record: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Event records as they are, and the events of a document record (`--records documents`)
    with the document's `doc_id`, `published` and `source`."""
    events = record.get("events") if "type" not in record else None
    if not isinstance(events, list):
        yield record
        return
    head = {k: record.get(k) for k in ("doc_id", "published", "source")}
    for event in events:
        yield {**head, **event} if isinstance(event, Mapping) else event


# --- building stories --------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _ordinal(date: str) -> int:
    return dt.date.fromisoformat(date).toordinal()


def _days(a: str, b: str) -> int:
    return _ordinal(b) - _ordinal(a)


def _split_by_gap(entries: list[Entry], gap_days: int) -> list[list[Entry]]:
    """Sorted entries cut wherever `gap_days` pass without a report; undated ones join the last
    part (or make one of their own)."""
    parts: list[list[Entry]] = []
    last: str | None = None
    for e in entries:
        if not parts or (
            e.date is not None and last is not None and _days(last, e.date) > gap_days
        ):
            parts.append([])
        parts[-1].append(e)
        last = e.date or last
    return parts


def _span(entries: list[Entry]) -> tuple[str, str] | None:
    dates = [e.date for e in entries if e.date]
    return (min(dates), max(dates)) if dates else None


def _near(span: tuple[str, str] | None, date: str, gap_days: int) -> bool:
    return (
        span is not None and _days(date, span[0]) <= gap_days and _days(span[1], date) <= gap_days
    )


def _group_stories(entries: list[Entry], gap_days: int) -> list[list[Entry]]:
    """Split the entries of one (person, type) into moves (steps 1 and 2 of the module doc)."""
    entries = sorted(entries, key=Entry.sort_key)
    by_dest: dict[str, list[Entry]] = {}
    loose: list[Entry] = []
    for e in entries:
        dest = club_key(e.to_club)
        if dest is None:
            loose.append(e)
        else:
            by_dest.setdefault(dest, []).append(e)
    moves = [part for dest in sorted(by_dest) for part in _split_by_gap(by_dest[dest], gap_days)]
    spans = [_span(m) for m in moves]
    origins = [{club_key(e.from_club) for e in m} - {None} for m in moves]
    joined: list[list[Entry]] = [[] for _ in moves]
    alone: list[Entry] = []
    for e in loose:
        origin = club_key(e.from_club)
        fits = [
            i
            for i, span in enumerate(spans)
            if (len(moves) == 1 if e.date is None else _near(span, e.date, gap_days))
            and (origin is None or not origins[i] or origin in origins[i])
        ]
        if len(fits) == 1:
            joined[fits[0]].append(e)
        else:
            alone.append(e)
    moves = [
        sorted(m + j, key=Entry.sort_key) if j else m for m, j in zip(moves, joined, strict=True)
    ]
    return moves + _split_by_gap(alone, gap_days)


def _stage(timeline: list[Entry]) -> str:
    """The most advanced stage reported since the move last collapsed, or `off` if nothing was
    reported on a later day than the collapse (a same-day report does not revive it)."""
    if len(timeline) == 1:
        return timeline[0].stage
    best, collapsed = -1, False
    for _, day in groupby(timeline, key=lambda e: e.date):
        rows = list(day)
        ranks = [_RANK[e.stage] for e in rows if e.stage != "off"]
        if ranks:
            best = max(ranks) if collapsed else max(best, *ranks)
            collapsed = False
        if any(e.stage == "off" for e in rows):
            best, collapsed = -1, True
    return "off" if collapsed or best < 0 else STATUSES[best]


def _fee_summary(timeline: list[Entry]) -> dict[str, Any] | None:
    """First, last, min and max of the fees reported, in the currency of the first one; a fee
    in another currency counts when it gives an equivalent in that one."""
    fees = [e.fee for e in timeline if e.fee is not None]
    if not fees:
        return None
    currency = fees[0].currency
    amounts = [a for a in (f.in_currency(currency) for f in fees) if a is not None]
    return {
        "currency": currency,
        "first": amounts[0],
        "last": amounts[-1],
        "min": min(amounts),
        "max": max(amounts),
        "reports": len(amounts),
    }


def _most_common(values: list[str | None]) -> str | None:
    """The most frequent non-null value; ties go to the earliest."""
    if len(values) == 1:
        return values[0]
    counts: dict[str, int] = {}
    for v in values:
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None  # first max = earliest


def _story_id(key: GroupKey, first: Entry) -> str:
    parts = (first.date or "", first.doc_id, club_key(first.to_club), club_key(first.from_club))
    seed = "\x1f".join((*key, *(part or "" for part in parts)))
    return "st-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:16]


def _story(key: GroupKey, timeline: list[Entry]) -> dict[str, Any]:
    dates = [e.date for e in timeline if e.date]
    return {
        "schema": STORY_SCHEMA,
        "story_id": _story_id(key, timeline[0]),
        "person": _most_common([e.person for e in timeline]),
        "type": key[1],
        "from_club": _most_common([e.from_club for e in timeline]),
        "to_club": _most_common([e.to_club for e in timeline if e.to_club]),
        "stage": _stage(timeline),
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
        "n_articles": len({e.doc_id for e in timeline}),
        "n_sources": len({e.source for e in timeline} - {None}),
        "fee": _fee_summary(timeline),
        "rivals": [],
        "timeline": [e.to_dict() for e in timeline],
    }


def _link_rivals(stories: list[dict[str, Any]], gap_days: int) -> None:
    """Destination stories of one group whose reports come within `gap_days` of each other."""
    dated = [s for s in stories if s["to_club"] and s["first_seen"]]
    for s in dated:
        s["rivals"] = sorted(
            o["story_id"]
            for o in dated
            if o is not s
            and club_key(o["to_club"]) != club_key(s["to_club"])
            and _days(s["last_seen"], o["first_seen"]) <= gap_days
            and _days(o["last_seen"], s["first_seen"]) <= gap_days
        )


def group_to_stories(key: GroupKey, entries: list[Entry], gap_days: int) -> list[dict[str, Any]]:
    """The stories of one (person key, type) group, in the order of their first report."""
    out = [_story(key, timeline) for timeline in _group_stories(entries, gap_days)]
    out.sort(key=lambda s: _sort_key(s))
    _link_rivals(out, gap_days)
    return out


def _sort_key(story: Mapping[str, Any]) -> tuple[Any, ...]:
    first = story["timeline"][0]
    return (name_key(story["person"]), story["type"], first["date"] is None, first["date"] or "",
            first["doc_id"], story["story_id"])  # fmt: skip


def _check_gap(gap_days: int) -> None:
    if not isinstance(gap_days, int) or gap_days < 1:
        raise InputError(Errors.E019(where="gap_days", problem=f"{gap_days!r} is not >= 1"))


def stories(
    records: Iterable[Mapping[str, Any]], *, gap_days: int = DEFAULT_GAP_DAYS
) -> list[dict[str, Any]]:
    """Merge event records from many articles into one story per move.

    Args:
        records: event records (dicts as `transfer-nlp extract` writes them; document records
            are read for their events), with `published` and `source` where known.
        gap_days: days without a report after which the same person's next report of the same
            destination starts a new story.

    RETURNS (list[dict]): the stories (fields in docs/records.md), sorted by person, type and
        first report.

    Raises:
        InputError: a record lacks `type`, `status`, `person` or `doc_id`, or holds a bad value.
    """
    _check_gap(gap_days)
    groups = _collect(((f"record {i}", r) for i, r in enumerate(records, 1)), {})[0]
    return [s for key in sorted(groups) for s in group_to_stories(key, groups[key], gap_days)]


def _collect(
    items: Iterable[tuple[str, Any]], strings: dict[str, str]
) -> tuple[dict[GroupKey, list[Entry]], int]:
    groups: dict[GroupKey, list[Entry]] = {}
    n = 0
    for where, record in items:
        for event in iter_event_records(record) if isinstance(record, Mapping) else (record,):
            key, entry = entry_from_record(event, where, strings)
            groups.setdefault(key, []).append(entry)
            n += 1
    return groups, n


def entries_from_story(story: Mapping[str, Any], where: str) -> list[Entry]:
    """The timeline rows of a stored story, back as entries."""
    try:
        rows = story["timeline"]
        return [
            entry_from_record(
                {**row, "type": story["type"], "status": row["stage"], "published": row["date"]},
                f"{where}, row {i}",
            )[1]
            for i, row in enumerate(rows, 1)
        ]
    except (KeyError, TypeError):
        raise InputError(Errors.E019(where=where, problem="not a story record")) from None


def update_stories(
    existing: Iterable[Mapping[str, Any]],
    records: Iterable[Mapping[str, Any]],
    *,
    gap_days: int = DEFAULT_GAP_DAYS,
) -> list[dict[str, Any]]:
    """Add new event records to stories built earlier, recomputing only the groups they touch.

    Records of an article already in the stories (same `doc_id`) replace its earlier rows. The
    result equals `stories(old records + new records)` for the same `gap_days`.
    """
    _check_gap(gap_days)
    update = _Update(((f"record {i}", r) for i, r in enumerate(records, 1)), gap_days)
    for i, story in enumerate(existing, 1):
        update.add_story(story, f"story {i}", None)
    return list(update.finish(json.loads, lambda story: story))


class _Update:
    """Incremental run: stories of untouched groups are kept as they are (as parsed objects or
    raw lines), the others are rebuilt from their rows plus the new entries."""

    def __init__(self, items: Iterable[tuple[str, Any]], gap_days: int) -> None:
        self.gap_days = gap_days
        self.groups, self.n_records = _collect(items, {})
        self.new_docs = {e.doc_id for entries in self.groups.values() for e in entries}
        self.affected: set[GroupKey] = set(self.groups)
        # Untouched so far: (group, sort key, story dict, or its JSON line to write as is).
        self.kept: list[tuple[GroupKey, tuple[Any, ...], Any]] = []
        self.n_kept = 0

    def add_story(self, story: Mapping[str, Any], where: str, line: str | None) -> None:
        try:
            key: GroupKey = (name_key(story["person"]), story["type"])
            sort_key = _sort_key(story)
            docs = {row["doc_id"] for row in story["timeline"]}
        except (KeyError, TypeError, IndexError, AttributeError):
            raise InputError(Errors.E019(where=where, problem="not a story record")) from None
        if key in self.affected or docs & self.new_docs:
            self.affected.add(key)
            self._absorb(key, entries_from_story(story, where))
        else:
            self.kept.append((key, sort_key, line if line is not None else story))

    def _absorb(self, key: GroupKey, entries: list[Entry]) -> None:
        old = [e for e in entries if e.doc_id not in self.new_docs]
        self.groups.setdefault(key, []).extend(old)

    def finish(self, parse: Any, serialize: Any) -> Iterator[Any]:
        """Every story in output order: the kept ones as they came (dict or raw line), the
        rebuilt ones through `serialize`. Groups are built one at a time and let go of, so
        memory holds the entries, not every story at once."""
        kept: list[tuple[tuple[Any, ...], Any]] = []
        for key, sort_key, story in self.kept:
            if key in self.affected:  # the group was touched by a story read after this one
                story = parse(story) if isinstance(story, str) else story
                self._absorb(key, entries_from_story(story, "stored story"))
            else:
                kept.append((sort_key, story))
        self.kept = []
        kept.sort(key=itemgetter(0))
        self.n_kept = len(kept)

        def rebuilt() -> Iterator[tuple[tuple[Any, ...], Any]]:
            # Groups in key order give stories in output order: the key leads the sort key.
            for key in sorted(self.affected):
                entries = self.groups.pop(key, [])
                for story in group_to_stories(key, entries, self.gap_days):
                    yield _sort_key(story), serialize(story)

        for _, story in heapq.merge(kept, rebuilt(), key=itemgetter(0)):
            yield story


# --- files -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryStats:
    """What a `stories` run did."""

    records: int  # event records read from the inputs
    stories: int  # stories written
    rebuilt: int  # stories recomputed (all of them without --update)
    seconds: float


def _codec() -> tuple[Any, Any]:
    """(loads, dumps to str): orjson's where installed (several times faster), else json's;
    both write the same compact UTF-8 JSON."""
    try:
        import orjson
    except ImportError:
        return json.loads, dumps
    return orjson.loads, lambda obj: orjson.dumps(obj).decode("utf-8")


def _read_jsonl(path: Path, loads: Any) -> Iterator[tuple[str, Any, bytes]]:
    """(where, object, raw line) of each non-blank line; a bad line stops the run."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed in the finally below, across yields
    except OSError as err:
        raise InputError(Errors.E004(path=path, reason=err.strerror or str(err))) from None
    try:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            where = f"{path}, line {n}"
            try:
                obj = loads(raw)
            except ValueError as err:
                raise InputError(
                    Errors.E019(where=where, problem=f"not valid JSON ({err})")
                ) from None
            yield where, obj, raw
    finally:
        f.close()


def build_story_file(
    inputs: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str] | None,
    *,
    update: str | os.PathLike[str] | None = None,
    gap_days: int = DEFAULT_GAP_DAYS,
    force: bool = False,
) -> StoryStats:
    """Read event records from JSONL files and write their stories as JSONL.

    Args:
        inputs: JSONL files of event (or document) records.
        output: the stories file to write; None or `-` for standard output. Written to a
            temporary file and renamed at the end, so it may be the `update` file itself.
        update: a stories file from an earlier run: its stories are kept, and only those of the
            people and types the new records touch are rebuilt.
        gap_days: see `stories`.
        force: overwrite `output` if it exists (not needed when it is the `update` file).

    Raises:
        InputError: a missing or malformed input, or an existing output without `force`.
    """
    start = time.perf_counter()
    _check_gap(gap_days)
    paths = [Path(p) for p in inputs]
    if not paths:
        raise InputError(Errors.E005(paths="(none given)"))
    for path in [*paths, *([Path(update)] if update else [])]:
        if not path.is_file():
            raise InputError(Errors.E004(path=path, reason="no such file"))
    out = None if output is None or os.fspath(output) == "-" else Path(output)
    if out is not None:
        if out.is_dir():
            raise InputError(Errors.E016(path=out))
        same = update is not None and out.exists() and out.resolve() == Path(update).resolve()
        if out.exists() and not force and not same:
            raise InputError(Errors.E020(path=out))
    loads, to_json = _codec()
    items = ((where, obj) for path in paths for where, obj, _ in _read_jsonl(path, loads))
    run = _Update(items, gap_days)
    if update is not None:
        for where, story, raw in _read_jsonl(Path(update), loads):
            if not isinstance(story, dict):
                raise InputError(Errors.E019(where=where, problem="not a story record"))
            run.add_story(story, where, raw.decode("utf-8").rstrip("\r\n"))
    written = _write(run.finish(loads, to_json), out)
    return StoryStats(
        records=run.n_records,
        stories=written,
        rebuilt=written - run.n_kept,
        seconds=time.perf_counter() - start,
    )


def _write(lines: Iterable[str], out: Path | None) -> int:
    n = 0
    if out is None:
        for line in lines:
            sys.stdout.write(line + "\n")
            n += 1
        sys.stdout.flush()
        return n
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            for line in lines:
                f.write(line + "\n")
                n += 1
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, out)
    return n


__all__ = [
    "DEFAULT_GAP_DAYS",
    "STORY_SCHEMA",
    "StoryStats",
    "build_story_file",
    "club_key",
    "name_key",
    "stories",
    "update_stories",
]
