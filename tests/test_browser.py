"""The report and the served page in headless Chromium: the DOM after the page's script ran,
the filters, pagination, evidence links, escaping, and no console error.

Skipped only when no Chromium is installed (`.ci/run` installs Debian's `chromium`). Screenshots
go to the test's temporary folder, or to $TRANSFER_NLP_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from chromium import Browser, find_chromium
from test_report import HOSTILE

from transfer_nlp.records import doc_to_article
from transfer_nlp.report import ReportItem, report_page, write_report
from transfer_nlp.schema import LABELS
from transfer_nlp.serve import make_server

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on PATH (install Debian's `chromium`, or set $CHROMIUM): "
    "the browser tests need one",
)


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM is not None
    with Browser(CHROMIUM, width=1280, height=1000) as b:
        yield b


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TRANSFER_NLP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def set_field(browser: Browser, field_id: str, value: str) -> None:
    browser.js(
        f"(() => {{ const f = document.getElementById({json.dumps(field_id)});"
        f" f.value = {json.dumps(value)};"
        " f.dispatchEvent(new Event('input', {bubbles: true})); })()"
    )


def text_of(browser: Browser, selector: str) -> str:
    """An element's text without the label chips of its marks."""
    return browser.js(
        f"(() => {{ const c = document.querySelector({json.dumps(selector)}).cloneNode(true);"
        " c.querySelectorAll('.tn-label').forEach(x => x.remove()); return c.textContent; })()"
    )


def visible_cards(browser: Browser) -> list[dict]:
    """The cards shown, with their event as the page's data holds it."""
    return browser.js(
        "(() => { const data = JSON.parse(document.getElementById('tn-data').textContent);"
        " return [...document.querySelectorAll('#tn-articles .tn-card:not(.tn-hidden)')]"
        ".map(c => { const i = Number(c.closest('.tn-article').id.slice(1));"
        " const e = data.articles[i].events[Number(c.dataset.index)];"
        " return {type: c.dataset.type, status: c.dataset.status, event_type: e.t,"
        " clubs: e.c, confidence: e.p}; }); })()"
    )


def test_browser_report_filters_pages_and_links(browser, nlp, corpus_items, tmp_path):
    hostile = nlp(HOSTILE)
    items = [*corpus_items, ReportItem(doc_to_article(hostile, "hostile.txt"), hostile.text)]
    out = tmp_path / "report.html"
    write_report(items, out, per_page=2)
    browser.open(out.as_uri())
    browser.wait_for("document.body.dataset.ready")

    # The script ran: the first page of two articles, with marks, cards and a pager.
    assert browser.js("document.querySelectorAll('#tn-articles .tn-article').length") == 2
    assert browser.js("document.querySelectorAll('#tn-pager-top button').length") >= 4
    labels = set(
        browser.js("[...document.querySelectorAll('mark.entity')].map(m => m.dataset.label)")
    )
    assert labels <= {"PERSON", "CLUB", "NATIONAL_TEAM", "MONEY"} and {"PERSON", "CLUB"} <= labels
    assert browser.js("document.querySelectorAll('#tn-summary svg rect').length") == 5
    assert browser.js("document.getElementById('tn-count').textContent") == "5 articles"

    # Filters: every visible card matches; articles without a match are gone.
    all_events = [e for item in items for e in item.article.events]
    for field, value, key in [
        ("tn-f-type", "loan", "type"),
        ("tn-f-status", "confirmed", "status"),
    ]:
        set_field(browser, field, value)
        cards = visible_cards(browser)
        assert cards and all(c[key] == value for c in cards)
        assert all(c["type"] == c["event_type"] for c in cards)
        expected = sum(getattr(e, key) == value for e in all_events)
        assert f"{expected} matching events" in browser.js(
            "document.getElementById('tn-count').textContent"
        )
        set_field(browser, field, "")
    set_field(browser, "tn-f-club", "tottenham")
    cards = visible_cards(browser)
    assert cards and all(any("Tottenham" in club for club in c["clubs"]) for c in cards)
    set_field(browser, "tn-f-club", "")
    set_field(browser, "tn-f-conf", "0.9")
    assert all(c["confidence"] >= 0.9 for c in visible_cards(browser))
    set_field(browser, "tn-f-conf", "1.01")
    assert browser.js("document.getElementById('tn-count').textContent").startswith("0 of 5")
    browser.js("document.getElementById('tn-f-reset').click()")
    browser.wait_for("document.getElementById('tn-count').textContent === '5 articles'")

    # Pagination, then an evidence link: it scrolls to and marks a sentence that exists.
    browser.js("document.querySelector('#tn-pager-top button[data-page=\"1\"]').click()")
    shown = browser.js("[...document.querySelectorAll('#tn-articles .tn-article')].map(a => a.id)")
    assert shown == ["a2", "a3"]
    target = browser.js(
        "(() => { const a = document.querySelector('#tn-articles .tn-evidence'); a.click();"
        " return a.getAttribute('href').slice(1); })()"
    )
    marked = browser.js("[...document.querySelectorAll('.tn-marked')].map(e => e.id)")
    assert marked == [target]
    # A summary link to an article on another page turns to that page.
    browser.js("document.querySelector('#tn-summary a[href=\"#a0\"]').click()")
    assert "a0" in browser.js(
        "[...document.querySelectorAll('#tn-articles .tn-article')].map(a => a.id)"
    )

    # The hostile article's markup is text: nothing ran, nothing was added to the DOM.
    browser.js("document.querySelector('#tn-pager-top button[data-page=\"2\"]').click()")
    assert text_of(browser, "#a4 .tn-text") == HOSTILE
    assert browser.js("typeof window.tnPwned") == "undefined"
    assert (
        browser.js(
            "document.querySelectorAll('#tn-articles script, #tn-articles img, #tn-articles b').length"
        )
        == 0
    )

    shot = browser.screenshot(shots_dir(tmp_path) / "report.png")
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    assert browser.errors == []


def test_browser_report_reads_compressed_data(browser, corpus_items, tmp_path):
    """A big report stores its articles gzipped: the page inflates them and shows the same."""
    out = tmp_path / "packed.html"
    out.write_text(report_page(corpus_items, per_page=3, compress_over=0), encoding="utf-8")
    browser.errors.clear()
    browser.open(out.as_uri())
    browser.wait_for("document.body.dataset.ready")
    shown = browser.js("[...document.querySelectorAll('#tn-articles .tn-article')].map(a => a.id)")
    assert shown == ["a0", "a1", "a2"]
    assert browser.js("document.querySelectorAll('#tn-articles mark.entity').length") == sum(
        1 for item in corpus_items[:3] for e in item.article.entities if e.label in LABELS
    )
    assert browser.errors == []


def test_browser_served_page(browser, nlp, tmp_path):
    server = make_server(nlp, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        browser.open(f"http://127.0.0.1:{server.server_address[1]}/")
        browser.wait_for("document.body.dataset.ready")
        assert browser.js("document.getElementById('tn-articles').textContent") == "No articles."
        browser.js(f"document.getElementById('tn-text').value = {json.dumps(HOSTILE)}")
        browser.events.clear()
        browser.js("document.getElementById('tn-submit').click()")
        browser.wait_event("Page.loadEventFired")
        browser.wait_for("!!(document.body.dataset.ready && document.querySelector('.tn-article'))")
        assert text_of(browser, ".tn-text") == HOSTILE
        assert browser.js("document.getElementById('tn-text').value") == HOSTILE
        labels = browser.js(
            "[...document.querySelectorAll('mark.entity')].map(m => m.dataset.label)"
        )
        assert {"CLUB", "PERSON"} <= set(labels)
        assert browser.js("typeof window.tnPwned") == "undefined"
        cards = browser.js("document.querySelectorAll('.tn-card').length")
        if cards:  # the filters work on the served page too
            set_field(browser, "tn-f-conf", "1.01")
            assert browser.js("document.querySelectorAll('.tn-card:not(.tn-hidden)').length") == 0
        shot = browser.screenshot(shots_dir(tmp_path) / "serve.png")
        assert shot.read_bytes().startswith(b"\x89PNG")
        assert browser.errors == []
    finally:
        server.shutdown()
        server.server_close()


def test_browser_records_console_errors_and_blocked_scripts(browser, tmp_path):
    """The "no console error" checks above can fail: errors and CSP refusals are seen."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="script-src \'none\'">'
        "<body><script>console.error('boom')</script></body>",
        encoding="utf-8",
    )
    browser.errors.clear()
    browser.open(page.as_uri())
    assert any("Content Security Policy" in e for e in browser.errors), browser.errors
    page.write_text(
        "<body><script>console.error('boom'); undefinedCall();</script>", encoding="utf-8"
    )
    browser.errors.clear()
    browser.open(page.as_uri())
    browser.js("0")  # let the page's messages arrive
    assert any("boom" in e for e in browser.errors) and any(
        "undefinedCall" in e for e in browser.errors
    )
    browser.errors.clear()
