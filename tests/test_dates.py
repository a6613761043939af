"""Publication dates and outlets: parsing, header lines, and the order of sources in the reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transfer_nlp.dates import date_in_text, html_metadata, parse_date, split_header
from transfer_nlp.reader import InputArticle, iter_inputs

BODY = "Brentford have signed Tomas Varga from Feyenoord for £18m."
PAGE = (
    "<html><head><title>Varga joins</title>"
    '<meta property="article:published_time" content="2025-01-03T18:30:00Z">'
    '<meta property="og:site_name" content="Example Sport"></head><body><article>'
    "<h1>Varga joins Brentford</h1><p>Brentford have completed the signing of Tomas Varga from "
    "Feyenoord, the club announced on Friday night after a medical in London.</p><p>The "
    "midfielder, 24, has signed a contract until 2030 and will wear the number 8 shirt.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2025-01-04", "2025-01-04"),
        ("2025-01-04T18:30:00Z", "2025-01-04"),
        ("2025-01-04 09:00", "2025-01-04"),
        ("4 Jan 2025", "2025-01-04"),
        ("January 4, 2025", "2025-01-04"),
        ("2025-02-30", None),
        ("yesterday", None),
        (20250104, None),
        (None, None),
    ],
    ids=["iso", "iso-time", "iso-space-time", "day-month", "month-day", "no-such-day", "words",
         "number", "none"],
)  # fmt: skip
def test_dates_parse_metadata_value(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Varga deal agreed\nSaturday 4 January 2025\n\nBrentford...", "2025-01-04"),
        ("By Sam Reporter | January 14th, 2025\nBrentford...", "2025-01-14"),
        ("Updated 2025-03-02 08:00\nBrentford...", "2025-03-02"),
        ("Transfer news\n\n\nSecond line\nThird line\nOn 4 January 2025 Brentford...", None),
        ("The 2025-02-30 date is no date; 3 February 2024 is.", "2024-02-03"),
        ("Brentford have signed him on a deal to 2030.", None),
    ],
    ids=["dateline", "byline", "iso-in-line", "too-deep", "invalid-skipped", "year-only"],
)
def test_dates_found_in_first_lines_only(text, expected):
    assert date_in_text(text) == expected


def test_dates_split_header_reads_and_removes_leading_lines():
    text = "date 2025-01-04\nsource: Daily Example\n\n" + BODY
    assert split_header(text) == ("2025-01-04", "Daily Example", BODY)
    assert split_header("date: 2025-01-04\n" + BODY) == ("2025-01-04", None, BODY)


@pytest.mark.parametrize(
    "text",
    [BODY, "date yesterday\n" + BODY, BODY + "\ndate 2025-01-04", "Date 2025-01-04\n" + BODY],
    ids=["no-header", "not-a-date", "not-leading", "capitalised"],
)
def test_dates_split_header_leaves_other_texts_alone(text):
    assert split_header(text) == (None, None, text)


def test_dates_html_metadata():
    assert html_metadata(PAGE) == ("2025-01-03", "Example Sport")
    assert html_metadata("<html><body><p>No metadata here.</p></body></html>") == (None, None)


def read_one(path: Path, **kwargs) -> InputArticle:
    (item,) = list(iter_inputs([str(path)], **kwargs))
    assert isinstance(item, InputArticle), item
    return item


def test_dates_reader_order_of_sources(tmp_path):
    header = "date 2025-01-05\nsource: Header Post\n"
    # 1. the JSON field wins over the header, which is still removed from the text
    path = tmp_path / "a.jsonl"
    record = {"text": header + BODY, "date": "2025-01-02", "source": "Feed Daily"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    item = read_one(path)
    assert (item.published, item.source, item.text) == ("2025-01-02", "Feed Daily", BODY)
    # 2. HTML metadata
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    item = read_one(tmp_path / "b.html")
    assert (item.published, item.source) == ("2025-01-03", "Example Sport")
    # 3. the header line, over a date in the first lines
    (tmp_path / "c.txt").write_text(header + "Monday 6 January 2025\n" + BODY, encoding="utf-8")
    item = read_one(tmp_path / "c.txt")
    assert (item.published, item.source) == ("2025-01-05", "Header Post")
    assert item.text == "Monday 6 January 2025\n" + BODY
    # 4. a date in the first lines; else null, never the file's modification time
    (tmp_path / "d.txt").write_text("Monday 6 January 2025\n" + BODY, encoding="utf-8")
    assert read_one(tmp_path / "d.txt").published == "2025-01-06"
    (tmp_path / "e.txt").write_text(BODY, encoding="utf-8")
    assert (read_one(tmp_path / "e.txt").published, read_one(tmp_path / "e.txt").source) == (
        None,
        None,
    )


def test_dates_reader_custom_fields_and_bad_value_warns(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        {"text": BODY, "when": "2025-01-07T10:00:00+01:00", "outlet": "Wire"},
        {"text": BODY, "when": "last Tuesday"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([str(path)], date_field="when", source_field="outlet"))
    assert [(i.published, i.source) for i in items] == [("2025-01-07", "Wire"), (None, None)]
    assert items[0].warnings == ()
    (warning,) = items[1].warnings
    assert warning.startswith("[W005]") and "line 2" in warning and "'last Tuesday'" in warning


def test_dates_cli_extract_writes_published_and_source(monkeypatch, nlp, tmp_path):
    from typer.testing import CliRunner

    from transfer_nlp import api
    from transfer_nlp.cli import app

    monkeypatch.setattr(api, "load", lambda model=None, base=None: nlp)
    feed = tmp_path / "feed.jsonl"
    records = [{"body": BODY, "day": "2025-01-07", "outlet": "Wire"}, {"body": BODY}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "events.jsonl"
    args = ["extract", str(feed), "-o", str(out), "--text-field", "body", "--date-field", "day",
            "--source-field", "outlet"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["doc_id"], r["published"], r["source"]) for r in lines] == [
        ("feed.jsonl#1", "2025-01-07", "Wire"),
        ("feed.jsonl#2", None, None),
    ]
