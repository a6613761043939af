"""See the extraction: articles with their entities marked and their events as cards, in HTML.

Three ways in, one markup:

- `render(doc_or_text_or_article)`: one article as an HTML fragment (notebooks display it);
- `write_report(items, path)`: a static, self-contained page for many articles (summary, chart,
  filters, pagination), for `transfer-nlp report`;
- `report_page(items)`: the same page as a string, which `transfer-nlp serve` answers with.

The article text is marked with spaCy's displaCy (`style="ent"`, `manual=True`), which escapes
every character of the text; everything else we write goes through `html.escape`. The page
carries the articles as JSON in a `<script type="application/json">` block and shows one page of
them at a time, so a report of thousands of articles opens as fast as a report of fifty. Its
Content-Security-Policy allows only its own inline script (by hash): no network, no injected code.
"""

from __future__ import annotations

import base64
import bisect
import gzip
import hashlib
import json
import os
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from itertools import count, pairwise
from pathlib import Path
from typing import Any

from spacy.displacy.render import EntityRenderer
from spacy.displacy.templates import TPL_ENTS
from spacy.language import Language
from spacy.tokens import Doc

from .errors import Errors, InputError
from .reader import DEFAULT_MAX_CHARS, InputArticle, InputFailure, iter_inputs
from .records import doc_to_article
from .schema import EVENT_TYPES, LABELS, MONEY, STATUSES, Article, Entity, Event, Evidence

__all__ = [
    "LABEL_COLORS",
    "RenderedHTML",
    "ReportItem",
    "ReportStats",
    "article_html",
    "content_security_policy",
    "items_from_inputs",
    "items_from_records",
    "read_document_records",
    "render",
    "report_page",
    "write_report",
]

DEFAULT_PER_PAGE = 50
# Article data over this many bytes of JSON is stored gzipped (and base64-encoded): a browser
# reads a big file slower than it inflates one (2,000 articles: about 18 MB of JSON, 3 MB so).
COMPRESS_OVER = 1_000_000
DEFAULT_TITLE = "Transfer events"
# displaCy's own colours for the nearest spaCy labels (PERSON, ORG, GPE, MONEY).
LABEL_COLORS = {
    "PERSON": "#aa9cfc",
    "CLUB": "#7aecec",
    "NATIONAL_TEAM": "#feca74",
    "MONEY": "#e4e7d2",
}
STATUS_COLORS = {
    "rumour": "#9e9e9e",
    "negotiating": "#e0a100",
    "agreed": "#2e7dd7",
    "confirmed": "#2a9d4b",
    "off": "#d03b3b",
}
# displaCy's entity template, compact: the spacing and the labels' colours (LABEL_COLORS) are
# rules of the page's style sheet, not repeated on every mark. The `params` of each span fill
# the extra field: the canonical name, shown on hover.
_ENT_TEMPLATE = (
    '<mark class="entity" data-label="{label}" title="{canonical}">{text}'
    '<span class="tn-label">{label}</span></mark>'
)
_ENTS_OPEN, _ENTS_CLOSE = TPL_ENTS.format(content="\0", dir="ltr").split("\0")
_ids = count(1)


class RenderedHTML(str):
    """HTML as a plain string that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


@dataclass(frozen=True, slots=True)
class ReportItem:
    """One article to show: its record, and its text when known (else its evidence is shown)."""

    article: Article
    text: str | None = None


@dataclass(slots=True)
class ReportStats:
    """What a report holds: articles, events, and the inputs that could not be shown."""

    articles: int = 0
    events: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


# --- one article ---------------------------------------------------------------------------


def render(
    obj: Doc | Article | str, *, text: str | None = None, nlp: Language | None = None
) -> RenderedHTML:
    """One article as an HTML fragment: marked text and event cards, with its own CSS.

    Args:
        obj: a Doc processed by our pipeline, a text (run through `nlp`, by default the
            default pipeline), or an `Article` record.
        text: the article's text, for an `Article` (without it, its evidence sentences show).
        nlp: the pipeline for a text.

    RETURNS (RenderedHTML): a `str`; Jupyter shows it as HTML.
    """
    if isinstance(obj, str):
        from .api import extract  # the pipeline loads only when a text is given

        item = ReportItem(extract(obj, nlp=nlp), obj)
    elif isinstance(obj, Doc):
        item = ReportItem(doc_to_article(obj), obj.text)
    elif isinstance(obj, Article):
        item = ReportItem(obj, text)
    else:
        raise TypeError(f"render() takes a Doc, an Article or a str, not {type(obj).__name__}")
    body = article_html(item, prefix=f"tn{next(_ids)}")
    return RenderedHTML(f'<style>{_asset("report.css")}</style><div class="tn-root">{body}</div>')


def article_html(item: ReportItem, *, prefix: str) -> str:
    """The marked text and the event cards of one article; element ids start with `prefix`."""
    article = item.article
    evidence = _evidence_spans(article.events)
    text = item.text
    if text is not None and not _offsets_fit(text, article, evidence):
        text = None  # records from another version of the text: show what they quote
    pieces = [(0, text)] if text is not None else _quoted_pieces(article, evidence)
    anchors: dict[tuple[int, int], str] = {}
    parts = []
    for offset, piece in pieces:
        parts.append(_marked_piece(piece, offset, article.entities, evidence, prefix, anchors))
    if text is None:
        note = "Only the evidence sentences are shown: the article's text is not available."
        body = f'<p class="tn-note">{note}</p>' + '<span class="tn-gap"> … </span>'.join(parts)
    else:
        body = "".join(parts)
    cards = "".join(_card(event, i, anchors) for i, event in enumerate(article.events))
    title = escape(article.doc_id or "article")
    n_events = len(article.events)
    return (
        f'<article class="tn-article" id="{prefix}">'
        f'<h3 class="tn-doc">{title} <small>{n_events} event{"" if n_events == 1 else "s"}'
        f"</small></h3>"
        f'<div class="tn-text">{_ENTS_OPEN.strip()}{body}{_ENTS_CLOSE.strip()}</div>'
        f'<div class="tn-cards">{cards or "<p class=tn-none>No events found.</p>"}</div>'
        "</article>"
    )


def _evidence_spans(events: Sequence[Event]) -> list[tuple[int, int]]:
    """Each evidence sentence once, in text order, without its trailing line breaks."""
    spans = {_evidence_key(ev) for event in events for ev in event.evidence}
    return sorted(s for s in spans if s[1] > s[0])


def _evidence_key(ev: Evidence) -> tuple[int, int]:
    return ev.start, ev.start + len(ev.sentence.rstrip())


def _offsets_fit(text: str, article: Article, evidence: list[tuple[int, int]]) -> bool:
    ents = all(text[e.start : e.end] == e.text for e in article.entities)
    quotes = all(
        text[ev.start : ev.end].rstrip() == ev.sentence.rstrip()
        for event in article.events
        for ev in event.evidence
    )
    return ents and quotes and all(end <= len(text) for _, end in evidence)


def _quoted_pieces(article: Article, evidence: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """The evidence sentences as pieces of text at their offsets (no article text known)."""
    quotes = {_evidence_key(ev): ev.sentence for event in article.events for ev in event.evidence}
    pieces: list[tuple[int, str]] = []
    covered_to = -1
    for start, end in evidence:
        if start < covered_to:
            continue  # overlapping quotes: the first one shows
        pieces.append((start, quotes[(start, end)][: end - start]))
        covered_to = end
    return pieces


def _marked_piece(
    piece: str,
    offset: int,
    entities: Sequence[Entity],
    evidence: list[tuple[int, int]],
    prefix: str,
    anchors: dict[tuple[int, int], str],
) -> str:
    """A piece of text cut at evidence boundaries, each part marked by displaCy."""
    end_of_piece = offset + len(piece)
    ents = _entities_within(entities, offset, end_of_piece)
    inside = [e for e in evidence if offset <= e[0] and e[1] <= end_of_piece]
    cuts = {offset, end_of_piece}
    for start, end in inside:
        cuts.update((start, end))
    starts = [e.start for e in ents]

    def cuts_an_entity(cut: int) -> bool:  # its mark would split in two
        i = bisect.bisect_right(starts, cut) - 1
        return i >= 0 and ents[i].start < cut < ents[i].end

    bounds = sorted(c for c in cuts if not cuts_an_entity(c))
    html_parts = []
    todo = 0  # evidence spans (sorted by start) are anchored on the part where they start
    for lo, hi in pairwise(bounds):
        first = bisect.bisect_left(starts, lo)
        last = bisect.bisect_left(starts, hi)
        markup = _displacy(piece[lo - offset : hi - offset], ents[first:last], lo)
        span_ids = []
        while todo < len(inside) and inside[todo][0] < hi:
            if inside[todo] not in anchors:
                span_ids.append(inside[todo])
            todo += 1
        if span_ids:
            anchor = f"{prefix}-s{len(anchors) + 1}"
            for span in span_ids:
                anchors[span] = anchor
            html_parts.append(f'<span class="tn-sent" id="{anchor}">{markup}</span>')
        else:
            html_parts.append(markup)
    return "".join(html_parts)


def _entities_within(entities: Sequence[Entity], start: int, end: int) -> list[Entity]:
    """Our labels' entities inside [start, end), in order, overlaps dropped."""
    out: list[Entity] = []
    for ent in sorted(entities, key=lambda e: (e.start, -e.end)):
        if ent.label in LABELS and start <= ent.start < ent.end <= end:
            if out and ent.start < out[-1].end:
                continue
            out.append(ent)
    return out


def _displacy(text: str, ents: Sequence[Entity], offset: int) -> str:
    spans = [
        {
            "start": e.start - offset,
            "end": e.end - offset,
            "label": e.label,
            "params": {"canonical": escape(_hover(e))},
        }
        for e in ents
    ]
    markup: str = _ent_renderer().render([{"text": text, "ents": spans, "title": None}])
    # One displaCy wrapper per article (see article_html), not one per piece of text.
    if markup.startswith(_ENTS_OPEN) and markup.endswith(_ENTS_CLOSE):
        markup = markup[len(_ENTS_OPEN) : len(markup) - len(_ENTS_CLOSE)]
    return markup


@cache
def _ent_renderer() -> EntityRenderer:
    """The renderer behind `displacy.render(style="ent", manual=True)`, made once: making one
    reads the colour registry's entry points, which costs more than rendering an article."""
    return EntityRenderer({"colors": LABEL_COLORS, "template": _ENT_TEMPLATE})


def _hover(ent: Entity) -> str:
    if ent.label == MONEY and ent.amount is not None and ent.currency:
        return _amount(ent.amount, ent.amount_max, ent.currency)
    return ent.canonical or ent.text


def _amount(amount: float, amount_max: float | None, currency: str) -> str:
    text = f"{amount:,.0f}"
    if amount_max is not None and amount_max != amount:
        text += f"–{amount_max:,.0f}"
    return f"{text} {currency}"


def _card(event: Event, index: int, anchors: dict[tuple[int, int], str]) -> str:
    clubs = [c for c in (event.from_club, event.to_club) if c]
    move = " → ".join(escape(c or "?") for c in (event.from_club, event.to_club))
    rows = [f'<div class="tn-person">{escape(event.person)} <small>{escape(event.role)}</small>']
    rows[0] += "</div>"
    if clubs:
        rows.append(f'<div class="tn-move">{move}</div>')
    fee = _fee_text(event)
    if fee:
        rows.append(f'<div class="tn-fee">{escape(fee)}</div>')
    contract = _contract_text(event)
    if contract:
        rows.append(f'<div class="tn-contract">{escape(contract)}</div>')
    links = []
    for n, ev in enumerate(event.evidence, 1):
        anchor = anchors.get(_evidence_key(ev))
        if anchor:
            label = "evidence" if len(event.evidence) == 1 else f"evidence {n}"
            links.append(f'<a class="tn-evidence" href="#{anchor}">{label}</a>')
    if links:
        rows.append(f'<div class="tn-links">{" ".join(links)}</div>')
    status = escape(event.status)
    return (
        f'<div class="tn-card" data-index="{index}" data-type="{escape(event.type)}" '
        f'data-status="{status}">'
        f'<div class="tn-head"><span class="tn-type">{escape(event.type)}</span> '
        f'<span class="tn-badge tn-status-{status}">{status}</span> '
        f'<span class="tn-conf" title="confidence">{event.confidence:.2f}</span></div>'
        + "".join(rows)
        + "</div>"
    )


def _fee_text(event: Event) -> str:
    if event.fee is not None:
        value = _amount(event.fee.amount, event.fee.amount_max, event.fee.currency)
        return f"{event.fee.text} ({value})" if event.fee.text else value
    return f"fee: {event.fee_text}" if event.fee_text else ""


def _contract_text(event: Event) -> str:
    parts = []
    if event.contract_years:
        parts.append(f"{event.contract_years}-year contract")
    if event.contract_until:
        parts.append(f"until {event.contract_until}")
    return ", ".join(parts)


# --- the page ------------------------------------------------------------------------------


class _Summary:
    """Counts gathered while the articles stream past (memory: one entry per club and fee)."""

    def __init__(self) -> None:
        self.articles = 0
        self.by_type_status: Counter[tuple[str, str]] = Counter()
        self.arrivals: Counter[str] = Counter()
        self.departures: Counter[str] = Counter()
        self.fees: dict[str, list[tuple[float, str, str, int]]] = defaultdict(list)

    def add(self, index: int, article: Article) -> None:
        self.articles += 1
        for event in article.events:
            self.by_type_status[(event.type, event.status)] += 1
            if event.status != "off":  # a move that fell through is neither
                if event.to_club:
                    self.arrivals[event.to_club] += 1
                if event.from_club:
                    self.departures[event.from_club] += 1
            if event.fee is not None:
                label = f"{event.person}: {event.fee.text or event.fee.amount}"
                fees = self.fees[event.fee.currency]
                fees.append((event.fee.amount, label, event.status, index))
                if len(fees) > 100:  # keep the list short; only the top ones are shown
                    fees.sort(reverse=True)
                    del fees[10:]

    @property
    def events(self) -> int:
        return sum(self.by_type_status.values())

    def html(self, failures: Sequence[tuple[str, str]]) -> str:
        types = [t for t in EVENT_TYPES if any(k[0] == t for k in self.by_type_status)]
        types += sorted({k[0] for k in self.by_type_status} - set(types))
        head = "".join(f"<th>{escape(s)}</th>" for s in STATUSES)
        rows = "".join(
            f"<tr><th>{escape(t)}</th>"
            + "".join(f"<td>{self.by_type_status[(t, s)] or ''}</td>" for s in STATUSES)
            + f"<td>{sum(self.by_type_status[(t, s)] for s in STATUSES)}</td></tr>"
            for t in types
        )
        table = (
            f'<table class="tn-counts"><tr><th>type</th>{head}<th>all</th></tr>{rows}</table>'
            if rows
            else "<p>No events.</p>"
        )
        parts = [
            f'<p class="tn-totals">{self.articles} articles, {self.events} events.</p>',
            '<div class="tn-grid">',
            f'<section class="tn-wide"><h3>Events by type and status</h3>{table}</section>',
            f"<section><h3>Events by status</h3>{self._chart()}</section>",
            f"<section><h3>Biggest fees</h3>{self._fees()}</section>",
            _top_list("Clubs with most arrivals", self.arrivals),
            _top_list("Clubs with most departures", self.departures),
            "</div>",
        ]
        if failures:
            items = "".join(
                f"<li><code>{escape(where)}</code>: {escape(reason)}</li>"
                for where, reason in failures
            )
            parts.append(
                f'<section class="tn-failures"><h3>{len(failures)} inputs could not be '
                f"shown</h3><ul>{items}</ul></section>"
            )
        return "".join(parts)

    def _chart(self) -> str:
        """Horizontal bars, one per status, as inline SVG."""
        counts = [(s, sum(n for (_, st), n in self.by_type_status.items() if st == s))
                  for s in STATUSES]  # fmt: skip
        top = max((n for _, n in counts), default=0) or 1
        bar_h, gap, label_w, width = 22, 6, 100, 420
        rows = []
        for i, (status, n) in enumerate(counts):
            y = i * (bar_h + gap)
            w = (width - label_w - 50) * n / top
            rows.append(
                f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{status}</text>'
                f'<rect class="tn-bar" data-status="{status}" x="{label_w}" y="{y}" '
                f'width="{w:.1f}" height="{bar_h}" fill="{STATUS_COLORS[status]}"/>'
                f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{n}</text>'
            )
        height = len(counts) * (bar_h + gap)
        return (
            f'<svg class="tn-chart" role="img" aria-label="Events by status" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>'
        )

    def _fees(self) -> str:
        if not self.fees:
            return "<p>No fees.</p>"
        out = []
        by_use = sorted(self.fees.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for currency, fees in by_use:
            top = sorted(fees, reverse=True)[:5]
            items = "".join(
                f'<li><a href="#a{index}">{escape(label)}</a> '
                f"<small>{_amount(amount, None, currency)}, {escape(status)}</small></li>"
                for amount, label, status, index in top
            )
            out.append(f"<h4>{escape(currency)}</h4><ol>{items}</ol>")
        return "".join(out)


def _top_list(title: str, counter: Counter[str], n: int = 10) -> str:
    items = "".join(
        f"<li>{escape(club)} <small>{k}</small></li>" for club, k in counter.most_common(n)
    )
    listed = f"<ol>{items}</ol>" if items else "<p>None.</p>"
    note = "<p class=tn-note>Moves that fell through are not counted.</p>"
    return f"<section><h3>{title}</h3>{listed}{note}</section>"


def report_page(
    items: Iterable[ReportItem],
    *,
    title: str = DEFAULT_TITLE,
    per_page: int = DEFAULT_PER_PAGE,
    failures: Sequence[tuple[str, str]] | Callable[[], Sequence[tuple[str, str]]] = (),
    before: str = "",
    summary: bool = True,
    stats: ReportStats | None = None,
    compress_over: int = COMPRESS_OVER,
) -> str:
    """The report as one HTML page (see the module docstring).

    Args:
        items: the articles, consumed once, in order.
        title: the page title (escaped).
        per_page: articles shown per page.
        failures: (input, reason) pairs listed in the summary, or a function giving them once
            `items` is consumed (for inputs that fail while being read).
        before: trusted HTML put above the summary (the served page's form).
        summary: show the summary (counts, chart, fees, clubs) above the articles.
        stats: filled in with what the page holds.
        compress_over: store the article data gzipped when its JSON is longer than this.
    """
    if per_page < 1:
        raise InputError(Errors.E017(per_page=per_page))
    totals = _Summary()
    data, clubs = _page_data(items, totals)
    listed = failures() if callable(failures) else failures
    if stats is not None:
        stats.articles, stats.events = totals.articles, totals.events
        stats.failures = list(listed)
    payload = {"perPage": per_page, "articles": data}
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_asset("report.css")}</style></head>
<body class="tn-root">
<header><h1>{escape(title)}</h1></header>
{before}
{f'<section id="tn-summary"><h2>Summary</h2>{totals.html(listed)}</section>' if summary else ""}
<section id="tn-browse"><h2>Articles</h2>
{_filters_form(data, clubs)}
<p id="tn-count" class="tn-count"></p>
<nav class="tn-pager" id="tn-pager-top"></nav>
<div id="tn-articles"><noscript>The articles need JavaScript.</noscript></div>
<nav class="tn-pager" id="tn-pager-bottom"></nav>
</section>
{_data_script(payload, compress_over)}
<script>{_asset("report.js")}</script>
</body></html>
"""


def _page_data(
    items: Iterable[ReportItem], totals: _Summary
) -> tuple[list[dict[str, Any]], set[str]]:
    """The data the page's script shows and filters, one entry per article, and the clubs
    named in its events; `totals` counts the articles as they stream past."""
    data: list[dict[str, Any]] = []
    clubs: set[str] = set()
    for index, item in enumerate(items):
        totals.add(index, item.article)
        events = []
        for e in item.article.events:
            moved = [c for c in (e.from_club, e.to_club) if c]
            clubs.update(moved)
            events.append({"t": e.type, "s": e.status, "c": moved, "p": e.confidence})
        data.append(
            {
                "id": item.article.doc_id,
                "html": article_html(item, prefix=f"a{index}"),
                "events": events,
            }
        )
    return data, clubs


def _filters_form(data: list[dict[str, Any]], clubs: set[str]) -> str:
    """The filter form, offering only the event types and clubs the page holds."""
    types = sorted({e["t"] for a in data for e in a["events"]}, key=_type_order)
    type_options = "".join(f'<option value="{escape(t)}">{escape(t)}</option>' for t in types)
    status_options = "".join(f'<option value="{s}">{s}</option>' for s in STATUSES)
    club_options = "".join(f'<option value="{escape(c)}"></option>' for c in sorted(clubs))
    return f"""<form id="tn-filters" class="tn-filters" autocomplete="off">
<label>Type <select id="tn-f-type"><option value="">all</option>{type_options}</select></label>
<label>Status <select id="tn-f-status"><option value="">all</option>{status_options}
</select></label>
<label>Club <input id="tn-f-club" list="tn-clubs" placeholder="any club"></label>
<datalist id="tn-clubs">{club_options}</datalist>
<label>Min. confidence <input id="tn-f-conf" type="number" min="0" max="1" step="0.05"
 value="0"></label>
<button type="reset" id="tn-f-reset">Clear</button>
</form>"""


def write_report(
    items: Iterable[ReportItem],
    output: str | os.PathLike[str],
    *,
    title: str = DEFAULT_TITLE,
    per_page: int = DEFAULT_PER_PAGE,
    failures: Sequence[tuple[str, str]] | Callable[[], Sequence[tuple[str, str]]] = (),
    compress_over: int = COMPRESS_OVER,
) -> ReportStats:
    """Write the report page to `output` (atomically: a partial file never replaces it)."""
    stats = ReportStats()
    page = report_page(items, title=title, per_page=per_page, failures=failures, stats=stats,
                       compress_over=compress_over)  # fmt: skip
    out = Path(output)
    part = out.with_name(out.name + ".part")
    try:
        part.write_text(page, encoding="utf-8")
        os.replace(part, out)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise InputError(Errors.E004(path=out, reason=err.strerror or err)) from None
    return stats


def _type_order(event_type: str) -> tuple[int, str]:
    known = EVENT_TYPES.index(event_type) if event_type in EVENT_TYPES else len(EVENT_TYPES)
    return known, event_type


def _data_script(obj: Any, compress_over: int) -> str:
    """The page's data as a non-executed <script> element: JSON, or gzipped JSON in base64."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if len(text) > compress_over:
        packed = base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=6))
        return (
            '<script type="application/octet-stream" id="tn-data" data-encoding="gzip+base64">'
            f"{packed.decode('ascii')}</script>"
        )
    # Escaped so that no text can end the element or open a comment inside it.
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/json" id="tn-data">{text}</script>'


def content_security_policy() -> str:
    """The page's policy: its own inline script (by hash) and styles, nothing from elsewhere."""
    digest = hashlib.sha256(_asset("report.js").encode("utf-8")).digest()
    script = "sha256-" + base64.b64encode(digest).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src '{script}'; base-uri 'none'; form-action 'self'"
    )


@cache
def _asset(name: str) -> str:
    text = resources.files("transfer_nlp").joinpath("data", "report", name).read_text("utf-8")
    if name.endswith(".css"):
        text += "".join(
            f'mark.entity[data-label="{label}"] {{ background: {color}; }}\n'
            for label, color in LABEL_COLORS.items()
        )
    return text


# --- records written by `extract --records documents` ---------------------------------------


def read_document_records(
    path: str | os.PathLike[str], failures: list[tuple[str, str]]
) -> Iterator[Article]:
    """The articles of a `--records documents` JSONL file; bad lines go to `failures`.

    Raises:
        InputError: the file cannot be opened.
    """
    name = os.fspath(path)
    try:
        f = open(name, encoding="utf-8")  # noqa: SIM115 - closed below, the reader is lazy
    except OSError as err:
        raise InputError(Errors.E004(path=name, reason=err.strerror or err)) from None
    with f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{name}, line {line_no}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                failures.append((where, f"not valid JSON ({err.msg} at column {err.colno})"))
                continue
            try:
                yield _article_from_record(record)
            except (KeyError, TypeError, ValueError) as err:
                failures.append((where, Errors.E018(problem=_problem(record, err))))


def _problem(record: Any, err: Exception) -> str:
    if isinstance(record, dict) and "type" in record and "entities" not in record:
        return "an event record; write documents with `extract --records documents`"
    return f"{type(err).__name__}: {err}"


def _article_from_record(record: dict[str, Any]) -> Article:
    if "entities" not in record or "events" not in record:
        raise KeyError("entities/events")
    entities = []
    for e in record["entities"]:
        entities.append(
            Entity(
                text=e["text"],
                label=e["label"],
                start=int(e["start"]),
                end=int(e["end"]),
                canonical=e.get("canonical"),
                amount=e.get("amount"),
                amount_max=e.get("amount_max"),
                currency=e.get("currency"),
                equivalents=tuple(e.get("equivalents") or ()),
            )
        )
    events = tuple(Event.from_dict(e) for e in record["events"])
    doc_id = record.get("doc_id")
    return Article(doc_id=None if doc_id is None else str(doc_id), entities=tuple(entities),
                   events=events)  # fmt: skip


# --- where the items come from ----------------------------------------------------------------


def items_from_inputs(
    paths: Sequence[str | os.PathLike[str]],
    nlp: Language,
    failures: list[tuple[str, str]],
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    text_field: str = "text",
    id_field: str = "id",
    exclude: Sequence[str | os.PathLike[str]] = (),
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[ReportItem]:
    """Read the inputs as `extract` does and run them through `nlp`; bad inputs go to
    `failures`, and so does an article a pipeline component fails on (as `extract` does)."""
    from .runner import _ComponentErrors, _error_handler  # the CLI's own fault handling

    waiting: deque[tuple[int, str, str]] = deque()  # (sequence, doc id, path), in order

    def texts() -> Iterator[tuple[str, int]]:
        found = iter_inputs(
            paths, max_chars=max_chars, text_field=text_field, id_field=id_field, exclude=exclude
        )
        for seq, item in enumerate(found):
            if isinstance(item, InputFailure):
                failures.append((item.path, item.reason))
            elif isinstance(item, InputArticle):
                waiting.append((seq, item.doc_id, item.source_path))
                yield item.text, seq

    handler = _ComponentErrors()
    unseen = "a pipeline component raised an error"
    docs = nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    with _error_handler(nlp, handler):
        for doc, seq in docs:
            # A component that fails on a doc drops it from the stream: report the gap.
            while waiting[0][0] != seq:
                lost, _, path = waiting.popleft()
                failures.append((path, Errors.E015(error=handler.errors.pop(lost, unseen))))
            _, doc_id, path = waiting.popleft()
            yield ReportItem(doc_to_article(doc, doc_id), doc.text)
    for lost, _, path in waiting:
        failures.append((path, Errors.E015(error=handler.errors.pop(lost, unseen))))


def items_from_records(
    path: str | os.PathLike[str],
    failures: list[tuple[str, str]],
    *,
    texts: Sequence[str | os.PathLike[str]] = (),
    max_chars: int = DEFAULT_MAX_CHARS,
    text_field: str = "text",
    id_field: str = "id",
) -> Iterator[ReportItem]:
    """The articles of a documents JSONL file, with their texts when `texts` holds them.

    Texts are matched on doc_id, so `texts` are the inputs the records were extracted from.
    """
    by_id: dict[str, str] = {}
    if texts:
        found = iter_inputs(texts, max_chars=max_chars, text_field=text_field, id_field=id_field,
                            exclude=[path])  # fmt: skip
        for item in found:
            if isinstance(item, InputArticle):
                by_id[item.doc_id] = item.text
            elif isinstance(item, InputFailure):
                failures.append((item.path, item.reason))
    for article in read_document_records(path, failures):
        text = by_id.get(article.doc_id) if article.doc_id is not None else None
        yield ReportItem(article, text)
