"""A long text is read in paragraph-sized pieces, joined into one Doc with the input's text."""

from __future__ import annotations

import pickle
import re

import pytest
import spacy
from spacy.language import Language

import transfer_nlp
from transfer_nlp.chunks import CALLBACK, LongTexts, chunk_bounds, read_long_texts

PARAGRAPHS = (
    "Fulham complete £38m deal for Brennan Okafor\n\n",
    "Fulham have signed the winger Brennan Okafor from Sporting Lisbon for £38m. The "
    "22-year-old has agreed a five-year contract at Craven Cottage.\n\n",
    "Okafor scored eleven goals last season. His former coach said he was ready for the "
    "Premier League.\n\n",
    "Everton are close to a loan move for the Ajax defender Tobias Lindqvist. The deal "
    "includes an option to buy for €15 million next summer.\n\n",
    "Meanwhile, Brentford have appointed Marta Kowalczyk as head coach of their women's "
    "team, on a three-year contract.\n\n",
    "Burnley striker Callum Pryce could leave the club this month. Wolves and Leeds United "
    "are both interested.\n\n",
    "Nottingham Forest have rejected a £20m bid from Crystal Palace for the midfielder "
    "Idris Mensah.\nForest want closer to £30m for him.\n\n",
    "Sunderland have completed the signing of the goalkeeper Pieter Janssens from Gent for "
    "an undisclosed fee.\n",
)
TEXT = "".join(PARAGRAPHS)
SIZE = 300  # small, so that TEXT is read in several pieces


@pytest.fixture
def chunked(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> Language:
    monkeypatch.setattr(nlp, "chunk_chars", SIZE)
    return nlp


def _whole(nlp: Language, text: str):
    """`text` read as one Doc, as without this module."""
    return Language.__call__(nlp, text)


def _records(doc) -> tuple[list, list]:
    article = transfer_nlp.doc_to_article(doc, "a")
    return [e.to_dict() for e in article.entities], [e.to_dict() for e in article.events]


def test_chunks_default_pipeline_reads_long_texts(nlp):
    assert isinstance(nlp, LongTexts)
    assert nlp.config["nlp"]["after_creation"] == {"@callbacks": CALLBACK}


def test_chunks_joined_doc_keeps_text_and_offsets(chunked):
    doc = chunked(TEXT)
    assert doc.text == TEXT
    assert doc.has_annotation("DEP") and doc.has_annotation("LEMMA")
    for span in [*doc.ents, *doc.sents]:
        assert TEXT[span.start_char : span.end_char] == span.text
    entities, events = _records(doc)
    assert {e["text"] for e in entities} >= {"Fulham", "Brennan Okafor", "Tobias Lindqvist"}
    for entity in entities:
        assert TEXT[entity["start"] : entity["end"]] == entity["text"]
    evidence = [ev for event in events for ev in event["evidence"]]
    assert evidence
    for ev in evidence:
        assert 0 <= ev["start"] < ev["end"] <= len(TEXT)


def test_chunks_cut_only_at_paragraph_breaks(chunked):
    tokens = chunked.make_doc(TEXT)
    bounds = chunk_bounds(tokens, SIZE)
    assert len(bounds) >= 3
    for start, end in bounds:
        assert len(tokens[start:end].text) <= SIZE
    cuts = [tokens[end].idx for _, end in bounds[:-1]]
    starts = {tok.idx for tok in chunked(TEXT) if tok.is_sent_start}
    for cut in cuts:
        assert TEXT[:cut].endswith("\n\n")
        assert cut in starts  # no sentence runs across a cut


@pytest.mark.parametrize(
    "text,size,before_cut",
    [
        ("One line. Another line.\nA third line here.\nA fourth.", 40, r"\.\n$"),
        ("A first sentence here. A second sentence here. A third one.", 30, r"\. $"),
        ("words without any full stop at all in this short text", 20, r" $"),
        ("x" * 50 + " " + "y" * 10, 20, r"x $"),
    ],
    ids=["line-end", "sentence-end", "any-space", "token-longer-than-size"],
)
def test_chunks_cut_without_blank_lines(text, size, before_cut):
    doc = spacy.blank("en").make_doc(text)
    bounds = chunk_bounds(doc, size)
    assert len(bounds) > 1
    assert [b[0] for b in bounds[1:]] == [b[1] for b in bounds[:-1]]
    assert (bounds[0][0], bounds[-1][1]) == (0, len(doc))
    assert re.search(before_cut, text[: doc[bounds[0][1]].idx])


def test_chunks_cut_between_tokens_without_white_space():
    text = "-".join(["word"] * 30)
    doc = spacy.blank("en").make_doc(text)
    bounds = chunk_bounds(doc, 32)
    assert len(bounds) > 3
    assert "".join(doc[a:b].text for a, b in bounds) == text
    assert all(len(doc[a:b].text) <= 32 for a, b in bounds)


def test_chunks_short_text_takes_the_whole_doc_path(nlp):
    assert len(TEXT) < nlp.chunk_chars
    assert nlp(TEXT).to_bytes() == _whole(nlp, TEXT).to_bytes()
    [piped] = nlp.pipe([TEXT])
    assert piped.to_bytes() == _whole(nlp, TEXT).to_bytes()


def test_chunks_same_records_as_one_doc(chunked):
    whole = _records(_whole(chunked, TEXT))
    assert whole[1], "the text has events"
    assert _records(chunked(TEXT)) == whole
    article = transfer_nlp.extract(TEXT, "a", nlp=chunked)
    assert [e.to_dict() for e in article.events] == whole[1]


def test_chunks_pipe_keeps_order_and_contexts(chunked):
    short = PARAGRAPHS[1]
    items = [(short, 0), (TEXT, 1), (TEXT, 2), (short, 3)]
    out = list(chunked.pipe(items, as_tuples=True, batch_size=2))
    assert [ctx for _, ctx in out] == [0, 1, 2, 3]
    assert [doc.text for doc, _ in out] == [text for text, _ in items]
    assert _records(out[1][0]) == _records(chunked(TEXT))
    assert _records(out[0][0]) == _records(chunked(short))


def test_chunks_survive_save_and_load(chunked, tmp_path):
    chunked.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert isinstance(loaded, LongTexts)
    loaded.chunk_chars = SIZE
    assert _records(loaded(TEXT)) == _records(chunked(TEXT))


def _boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    return doc


@Language.component("test_chunks_boom")
def make_boom(doc):
    return _boom(doc)


def test_chunks_pipe_leaves_out_a_text_a_piece_failed_on():
    nlp = read_long_texts(spacy.blank("en"))
    nlp.add_pipe("test_chunks_boom")
    nlp.chunk_chars = 30
    failed = []
    nlp.set_error_handler(lambda name, proc, docs, err: failed.extend(d._context for d in docs))
    long_bad = "A first paragraph of words.\n\nThen BOOM in the second one.\n\nAnd a third."
    long_good = long_bad.replace("BOOM", "calm")
    items = [(long_bad, "bad"), (long_good, "good"), ("short", "short")]
    out = [(doc.text, ctx) for doc, ctx in nlp.pipe(items, as_tuples=True)]
    assert out == [(long_good, "good"), ("short", "short")]
    assert failed == ["bad"]


def test_chunks_pipeline_pickles():
    nlp = read_long_texts(spacy.blank("en"))
    copy = pickle.loads(pickle.dumps(nlp))
    assert isinstance(copy, LongTexts)
    assert copy("Two words").text == "Two words"
