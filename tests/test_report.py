"""The HTML view: marked entities, event cards and their evidence links, the summary, the
page's escaping, `render()`, `transfer-nlp report` and the `serve` handler (no browser here;
tests/test_browser.py runs the pages in Chromium)."""

from __future__ import annotations

import base64
import gzip
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
import spacy
from spacy.language import Language
from typer.testing import CliRunner

from transfer_nlp import api, render
from transfer_nlp.cli import app
from transfer_nlp.errors import InputError
from transfer_nlp.records import doc_to_article
from transfer_nlp.report import (
    LABEL_COLORS,
    ReportItem,
    article_html,
    items_from_inputs,
    items_from_records,
    report_page,
)
from transfer_nlp.schema import LABELS, Article, Entity, Event, Evidence, Fee
from transfer_nlp.serve import is_loopback, make_server

HOSTILE = (
    "Arsenal have signed Declan Rice from West Ham. <script>window.tnPwned = 1</script> "
    '<img src=x onerror="window.tnPwned = 2"> He said: "</script><b>bold</b>" & left.'
)


# --- a small DOM for the checks ------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.attrs.get("class", "").split())
        ]  # fmt: skip

    def text(self, skip_class: str = "tn-label") -> str:
        """Visible text; `<br>` as a line break; the label chips of marks left out."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "br":
                parts.append("\n")
            elif skip_class not in child.attrs.get("class", "").split():
                parts.append(child.text(skip_class))
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "rect", "option"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page_data(page: str) -> dict:
    """The articles the page carries: JSON, or gzipped JSON in base64 for big reports."""
    match = re.search(r'<script type="application/json" id="tn-data">(.*?)</script>', page, re.S)
    if match:
        return json.loads(match.group(1))
    packed = re.search(
        r'id="tn-data" data-encoding="gzip\+base64">([A-Za-z0-9+/=]*)</script>', page
    )
    assert packed, "the page carries its articles"
    return json.loads(gzip.decompress(base64.b64decode(packed.group(1))))


def check_article(html: str, article: Article, text: str | None) -> None:
    """Every entity is a mark with its label; every card links to an evidence sentence."""
    tree = parse(html)
    by_id = {n.attrs["id"]: n for n in tree.iter() if "id" in n.attrs}
    marks = tree.find_all("mark")
    ents = [e for e in article.entities if e.label in LABELS]
    if text is not None:
        assert [(m.attrs["data-label"], m.text()) for m in marks] == [
            (e.label, e.text) for e in ents
        ]
    for mark in marks:
        assert mark.attrs["data-label"] in LABEL_COLORS
        assert mark.attrs["title"]  # the canonical form, shown on hover
    cards = tree.find_all(cls="tn-card")
    assert len(cards) == len(article.events)
    for card, event in zip(cards, article.events, strict=True):
        assert card.attrs["data-type"] == event.type
        assert card.find_all(cls=f"tn-status-{event.status}")
        links = card.find_all("a", cls="tn-evidence")
        assert len(links) == len(event.evidence) > 0
        for link, evidence in zip(links, event.evidence, strict=True):
            target = by_id[link.attrs["href"].removeprefix("#")]
            assert "tn-sent" in target.attrs["class"]
            assert target.text().strip() == evidence.sentence.strip()


# --- the corpus -----------------------------------------------------------------------------


def test_report_corpus_marks_every_entity_and_links_every_card(corpus_items):
    page = report_page(corpus_items)
    data = page_data(page)
    assert [a["id"] for a in data["articles"]] == [i.article.doc_id for i in corpus_items]
    assert sum(len(i.article.events) for i in corpus_items) > 5
    for item, shown in zip(corpus_items, data["articles"], strict=True):
        check_article(shown["html"], item.article, item.text)
        assert [e["t"] for e in shown["events"]] == [e.type for e in item.article.events]
        # The marked text reads as the article (line breaks as <br>).
        assert parse(shown["html"]).find_all(cls="tn-text")[0].text() == item.text


def test_report_big_data_is_stored_compressed(corpus_items):
    plain = report_page(corpus_items)
    packed = report_page(corpus_items, compress_over=0)
    assert 'data-encoding="gzip+base64"' in packed and "data-encoding" not in plain
    assert len(packed) < len(plain)
    assert page_data(packed) == page_data(plain)


def test_report_corpus_from_records_without_text_shows_linked_evidence(corpus_items):
    for item in corpus_items:
        html = article_html(ReportItem(item.article, None), prefix="x")
        check_article(html, item.article, None)
        assert "Only the evidence sentences are shown" in html


def test_report_text_that_does_not_fit_the_offsets_falls_back_to_evidence(corpus_items):
    item = next(i for i in corpus_items if i.article.events)
    html = article_html(ReportItem(item.article, "Another text. " + item.text), prefix="x")
    assert "Only the evidence sentences are shown" in html
    check_article(html, item.article, None)


def test_report_evidence_cut_inside_an_entity_keeps_the_mark_whole():
    text = "Arsenal signed Rice. Chelsea sold Mount."
    first, second = Evidence(text[:20], 0, 20), Evidence(text[21:], 21, len(text))
    events = (
        Event(type="signing", status="confirmed", person="Rice", evidence=(first,)),
        Event(type="departure", status="confirmed", person="Mount", evidence=(second,)),
    )
    odd = Entity(text=text[15:28], label="PERSON", start=15, end=28)
    tree = parse(article_html(ReportItem(Article("x", (odd,), events), text), prefix="p"))
    assert [m.text() for m in tree.find_all("mark")] == ["Rice. Chelsea"]
    ids = {n.attrs["id"] for n in tree.iter() if "id" in n.attrs}
    links = [a.attrs["href"][1:] for a in tree.find_all("a", cls="tn-evidence")]
    assert len(links) == 2 and set(links) <= ids
    assert tree.find_all(cls="tn-text")[0].text() == text


# --- escaping -------------------------------------------------------------------------------


def hostile_article() -> Article:
    evidence = Evidence(sentence=HOSTILE[:46], start=0, end=46)
    event = Event(type="signing", status="confirmed", person='Rice"><script>x()</script>',
                  from_club="West <Ham>", to_club="Arsenal", evidence=(evidence,))  # fmt: skip
    entities = (
        Entity(text="Arsenal", label="CLUB", start=0, end=7, canonical='"><script>y()</script>'),
        Entity(text="Declan Rice", label="PERSON", start=20, end=31, canonical="Declan Rice"),
    )
    return Article(doc_id="<b>id</b>.txt", entities=entities, events=(event,))


def test_report_page_shows_html_in_articles_as_text():
    article = hostile_article()
    page = report_page([ReportItem(article, HOSTILE)], title="<i>t</i>")
    # One <script> block for the data and one for the page's code, nothing else.
    assert page.count("<script") == 2
    assert "<img" not in page and "<b>" not in page and "<i>" not in page
    data_block = page.split('id="tn-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data_block and ">" not in data_block
    html = page_data(page)["articles"][0]["html"]
    assert "<script" not in html and "<img" not in html
    tree = parse(html)
    assert tree.find_all(cls="tn-text")[0].text() == HOSTILE
    assert tree.find_all("mark")[0].attrs["title"] == '"><script>y()</script>'
    assert tree.find_all(cls="tn-person")[0].text().startswith('Rice"><script>x()</script>')
    assert tree.find_all(cls="tn-doc")[0].text().startswith("<b>id</b>.txt")


def test_report_page_colours_each_label():
    page = report_page([])
    for label, color in LABEL_COLORS.items():
        assert f'mark.entity[data-label="{label}"] {{ background: {color}; }}' in page


def test_report_page_allows_only_its_own_script():
    page = report_page([])
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", csp)
    assert "http" not in page.replace("http-equiv", "").replace("http://www.w3.org/2000/svg", "")


# --- summary --------------------------------------------------------------------------------


def _event(kind: str, status: str, person: str, src: str | None, dst: str | None,
           fee: tuple[float, str] | None = None) -> Event:  # fmt: skip
    money = Fee(amount=fee[0], currency=fee[1], text=f"{fee[1]} {fee[0]:.0f}") if fee else None
    return Event(type=kind, status=status, person=person, from_club=src, to_club=dst, fee=money)


def test_report_summary_counts_fees_and_clubs():
    articles = [
        Article("a", events=(
            _event("signing", "confirmed", "Ann Lee", "Fulham", "Everton", (30e6, "GBP")),
            _event("loan", "agreed", "Bo Kim", "Everton", "Fulham"),
        )),
        Article("b", events=(
            _event("signing", "rumour", "Cy Park", "Lyon", "Everton", (12e6, "EUR")),
            _event("signing", "off", "Di Moss", "Everton", "Lyon", (90e6, "EUR")),
            _event("signing", "confirmed", "Ed Fox", "Lyon", "Fulham", (40e6, "GBP")),
        )),
    ]  # fmt: skip
    tree = parse(report_page([ReportItem(a) for a in articles]))
    summary = next(n for n in tree.iter() if n.attrs.get("id") == "tn-summary")
    assert "2 articles, 5 events." in summary.text()
    rows = {
        r.find_all("th")[0].text(): [c.text() for c in r.find_all("td")]
        for r in summary.find_all(cls="tn-counts")[0].find_all("tr")[1:]
    }
    assert rows == {"signing": ["1", "", "", "2", "1", "4"], "loan": ["", "", "1", "", "", "1"]}
    bars = {r.attrs["data-status"]: float(r.attrs["width"]) for r in summary.find_all("rect")}
    assert (
        bars["confirmed"]
        > bars["agreed"]
        == bars["rumour"]
        == bars["off"]
        > bars["negotiating"]
        == 0
    )
    sections = {n.find_all("h3")[0].text(): n for n in summary.find_all("section")}
    fees = sections["Biggest fees"]
    # Each currency apart, biggest first, in its own currency; a fee that fell through still lists.
    listed = {
        h4.text(): [li.text().split(":")[0] for li in ol.find_all("li")]
        for h4, ol in zip(fees.find_all("h4"), fees.find_all("ol"), strict=True)
    }
    assert listed == {"GBP": ["Ed Fox", "Ann Lee"], "EUR": ["Di Moss", "Cy Park"]}
    assert "90,000,000 EUR, off" in fees.text()
    arrivals = sections["Clubs with most arrivals"].find_all("li")
    assert sorted(li.text() for li in arrivals) == ["Everton 2", "Fulham 2"]
    # A move that fell through is not a departure.
    departures = [li.text() for li in sections["Clubs with most departures"].find_all("li")]
    assert departures[0] == "Lyon 2" and sorted(departures[1:]) == ["Everton 1", "Fulham 1"]
    links = [a.attrs["href"] for a in summary.find_all("a")]
    assert links and set(links) <= {"#a0", "#a1"}


def test_report_per_page_must_be_positive():
    with pytest.raises(InputError, match="E017"):
        report_page([], per_page=0)


# --- render() -------------------------------------------------------------------------------


def test_render_doc_text_and_article(nlp):
    doc = nlp("Arsenal have completed the signing of Declan Rice from West Ham for £105m.")
    html = render(doc)
    assert isinstance(html, str) and html._repr_html_() == html
    article = doc_to_article(doc)
    check_article(html, article, doc.text)
    assert "<style>" in html and "<script" not in html
    assert render(doc.text, nlp=nlp).count("<mark") == html.count("<mark")
    assert "Only the evidence sentences" in render(article)
    assert render(article, text=doc.text).count("<mark") == html.count("<mark")
    # Two renders in one notebook do not share element ids.
    ids = lambda h: set(re.findall(r' id="([^"]+)"', h))  # noqa: E731
    assert not ids(render(doc)) & ids(html)
    with pytest.raises(TypeError, match="Doc, an Article or a str"):
        render(42)  # type: ignore[arg-type]


# --- transfer-nlp report --------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch, nlp):
    monkeypatch.setattr(api, "load", lambda model=None, base=None: nlp)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_report_from_articles(cli, corpus_dir, tmp_path):
    out = tmp_path / "report.html"
    result = cli("report", corpus_dir, "-o", out, "--per-page", "2")
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    n = len(list(corpus_dir.rglob("*.txt")))  # the folder is read recursively
    assert data["perPage"] == 2 and len(data["articles"]) == n
    assert f"{n} articles" in result.output and str(out) in result.output
    again = cli("report", corpus_dir, "-o", out)
    assert again.exit_code == 1 and "--force" in again.output
    assert cli("report", corpus_dir, "-o", out, "--force", "-q").exit_code == 0


def test_cli_report_from_document_records(cli, corpus_dir, tmp_path):
    records = tmp_path / "docs.jsonl"
    assert cli("extract", corpus_dir, "-o", records, "--records", "documents").exit_code == 0
    out = tmp_path / "r.html"
    assert cli("report", "--from", records, "-o", out).exit_code == 0
    quoted = page_data(out.read_text(encoding="utf-8"))["articles"]
    assert all("Only the evidence" in a["html"] for a in quoted if a["events"])
    # With the texts they came from, the articles show in full.
    assert cli("report", "--from", records, corpus_dir, "-o", out, "--force").exit_code == 0
    full = page_data(out.read_text(encoding="utf-8"))["articles"]
    assert [a["id"] for a in full] == [a["id"] for a in quoted]
    assert not any("Only the evidence" in a["html"] for a in full)


def test_cli_report_bad_records_are_listed_and_exit_2(cli, corpus_dir, tmp_path):
    records = tmp_path / "mixed.jsonl"
    good = {"doc_id": "ok.txt", "entities": [], "events": []}
    event = {"doc_id": "e.txt", "type": "signing", "status": "rumour", "person": "X"}
    records.write_text(f"{json.dumps(good)}\n{{not json\n{json.dumps(event)}\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = cli("report", "--from", records, "-o", out)
    assert result.exit_code == 2
    assert "line 2: not valid JSON" in result.output
    assert "line 3" in result.output and "--records documents" in result.output
    page = out.read_text(encoding="utf-8")
    assert "2 inputs could not be shown" in page and "1 articles" in page


@pytest.mark.parametrize(
    "args,message",
    [([], "Give the articles"), (["--from", "missing.jsonl"], "Cannot read"),
     (["x", "--per-page", "0"], "per-page")],
    ids=["no-input", "missing-records", "per-page"],
)  # fmt: skip
def test_cli_report_usage_errors_exit_1(cli, tmp_path, args, message):
    result = cli("report", *args, "-o", tmp_path / "r.html")
    assert result.exit_code == 1
    assert message in result.output


def test_report_items_from_records_matches_texts_by_doc_id(tmp_path):
    (tmp_path / "a.txt").write_text("Arsenal win.", encoding="utf-8")
    records = tmp_path / "docs.jsonl"
    lines = [{"doc_id": d, "entities": [], "events": []} for d in ("a.txt", "b.txt")]
    records.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    failures: list[tuple[str, str]] = []
    items = list(items_from_records(records, failures, texts=[tmp_path / "a.txt"]))
    assert [(i.article.doc_id, i.text) for i in items] == [
        ("a.txt", "Arsenal win."),
        ("b.txt", None),
    ]
    assert failures == []


# --- serve ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(nlp):
    srv = make_server(nlp, "127.0.0.1", 0, max_bytes=2000)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def request(url: str, data: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def test_serve_form_and_headers(server):
    status, headers, body = request(server + "/")
    assert status == 200
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert '<textarea id="tn-text" name="text"' in body
    assert request(server + "/favicon.ico")[0] == 204
    assert request(server + "/nothing")[0] == 404


def test_serve_shows_pasted_html_as_text(server):
    status, _, body = request(server + "/", urlencode({"text": HOSTILE}).encode())
    assert status == 200
    assert body.count("<script") == 2 and "<img" not in body
    article = page_data(body)["articles"][0]
    tree = parse(article["html"])
    assert tree.find_all(cls="tn-text")[0].text() == HOSTILE
    assert {m.attrs["data-label"] for m in tree.find_all("mark")} >= {"CLUB", "PERSON"}
    # The textarea keeps what was pasted, escaped.
    assert "&lt;script&gt;window.tnPwned = 1&lt;/script&gt;" in body.split("</textarea>")[0]


def test_serve_html_mode_keeps_the_main_text(server):
    page = "<html><body><p>Arsenal have signed Declan Rice from West Ham.</p></body></html>"
    _, _, body = request(server + "/", urlencode({"text": page, "format": "html"}).encode())
    text = parse(page_data(body)["articles"][0]["html"]).find_all(cls="tn-text")[0].text()
    assert text.strip() == "Arsenal have signed Declan Rice from West Ham."


@pytest.mark.parametrize(
    "data,headers,status",
    [(urlencode({"text": "x" * 3000}).encode(), {}, 413),
     (b"{}", {"Content-Type": "application/json"}, 415),
     (urlencode({"text": "  "}).encode(), {}, 400),
     (b"text=%ff%fe", {}, 400),
     (b"", {"Host": "attacker.example"}, 421)],
    ids=["too-large", "not-a-form", "empty", "not-utf8", "foreign-host"],
)  # fmt: skip
def test_serve_rejects_bad_requests(server, data, headers, status):
    code, _, body = request(server + "/", data, headers)
    assert code == status
    assert 'role="alert"' in body


@pytest.mark.parametrize(
    "host,loopback",
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("192.168.1.4", False), ("example.com", False)],
)  # fmt: skip
def test_serve_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_cli_serve_binds_loopback_by_default(cli, monkeypatch):
    def stop(self, poll_interval=0.5):
        raise KeyboardInterrupt  # as Ctrl-C would, once the server is listening

    monkeypatch.setattr("http.server.ThreadingHTTPServer.serve_forever", stop)
    result = cli("serve", "--port", "0")
    assert result.exit_code == 0, result.output
    assert re.search(r"Serving on http://127\.0\.0\.1:\d+/", result.output)
    assert "anyone who can reach" not in result.output
    exposed = cli("serve", "--port", "0", "--host", "0.0.0.0")
    assert exposed.exit_code == 0 and "anyone who can reach this machine" in exposed.output


@Language.component("test_report_boom")
def _boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("kaboom")
    return doc


def test_report_inputs_record_an_article_a_component_fails_on(tmp_path):
    """As in `extract`: the failing article is reported with its file, the others are shown,
    and the pipeline's own error handling is restored afterwards."""
    nlp = spacy.blank("en")
    nlp.add_pipe("test_report_boom")
    paths = []
    for name, text in [("a.txt", "One."), ("b.txt", "BOOM"), ("c.txt", "Two."), ("d.txt", "BOOM")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    failures: list[tuple[str, str]] = []
    items = list(items_from_inputs(paths, nlp, failures))
    assert [item.article.doc_id for item in items] == ["a.txt", "c.txt"]
    assert [(where, reason[:6]) for where, reason in failures] == [
        (str(paths[1]), "[E015]"),
        (str(paths[3]), "[E015]"),
    ]
    assert all("'test_report_boom': ValueError: kaboom" in reason for _, reason in failures)
    with pytest.raises(ValueError, match="kaboom"):
        nlp("BOOM")
