"""Markdown read as markup, offsets kept (transfer_nlp.markdown)."""

from __future__ import annotations

import time

import pytest

import transfer_nlp
from transfer_nlp.markdown import mask_markdown


def _blank(markup: str) -> str:
    return " " * len(markup)


@pytest.mark.parametrize(
    "source,masked",
    [
        ("*Moises Caicedo* signs", " Moises Caicedo  signs"),
        ("**Moises Caicedo** signs", "  Moises Caicedo   signs"),
        ("___Moises Caicedo___ signs", "   Moises Caicedo    signs"),
        ("~~rumour~~ done", "  rumour   done"),
        ("**a _quiet_ move**", "  a  quiet  move  "),
        ("*Moises\nCaicedo* signs", " Moises\nCaicedo  signs"),
        ("# Caicedo signs", "  Caicedo signs"),
        ("### Caicedo signs ###", "    Caicedo signs    "),
        ("- Caicedo\n+ Rice\n* Eze", "  Caicedo\n  Rice\n  Eze"),
        ("> > quoted: Caicedo", "    quoted: Caicedo"),
        ("[Moises Caicedo](https://example.com/moises_caicedo) signs", " Moises Caicedo"
         + _blank("](https://example.com/moises_caicedo)") + " signs"),
        ('[Caicedo](/p/x "The_title") signs', " Caicedo" + _blank('](/p/x "The_title")') + " signs"),
        ("![Caicedo](photo_1.jpg)", "  Caicedo" + _blank("](photo_1.jpg)")),
        ("[Caicedo][1] signs\n[1]: https://example.com/a_b",
         " Caicedo" + _blank("][1]") + " signs\n" + _blank("[1]: https://example.com/a_b")),
        ("see <https://example.com/a_b>", "see " + _blank("<https://example.com/a_b>")),
        ("a <b>bold</b> move", "a    bold     move"),
        ("Heading\n=======\nText", "Heading\n       \nText"),
        ("Text\n\n---\n\nMore", "Text\n\n   \n\nMore"),
        ("| Player | Fee |\n|---|---|\n| Rice | £105m |",
         "  Player   Fee  \n         \n  Rice   £105m  "),
        ("use `a*b*c` here", "use  a*b*c  here"),
        ("```\n*kept* as code\n```", "   \n*kept* as code\n   "),
        ("\\*not emphasis\\*", " *not emphasis *"),
    ],
    ids=[
        "emphasis", "strong", "triple-underscore", "strikethrough", "nested",
        "emphasis-across-a-line", "heading", "closed-heading", "bullets", "quotes",
        "link", "link-title", "image", "reference-link", "autolink", "html-tag",
        "setext-underline", "thematic-break", "table", "inline-code", "fenced-code",
        "escapes",
    ],
)  # fmt: skip
def test_markdown_markup_becomes_spaces(source, masked):
    assert mask_markdown(source) == masked


@pytest.mark.parametrize(
    "text",
    [
        "snake_case_name and Man_Utd",
        "2*3*4 = 24 and 5 * 3 * 2 = 30",
        "Arsenal* paid £60m (*including add-ons)",
        "see https://example.com/a_b_c_d/*x* today",
        "www.example.com/_x_ and more",
        "a lone * and a lone _ stay",
        "*opened here\n\nclosed after a blank line*",
        "1. Bundesliga side",
    ],
    ids=[
        "underscore-in-words", "arithmetic", "footnote-stars", "url-with-marks",
        "www-url", "lone-marks", "no-emphasis-across-paragraphs", "numbered-line",
    ],
)  # fmt: skip
def test_markdown_marks_that_are_not_markup_stay(text):
    assert mask_markdown(text) == text


def test_markdown_mask_keeps_length_and_line_breaks():
    source = "# Title\n\n* **Rice** to [Arsenal](https://example.com)\n> done\r\n"
    masked = mask_markdown(source)
    assert len(masked) == len(source)
    assert [i for i, c in enumerate(masked) if c in "\r\n"] == [
        i for i, c in enumerate(source) if c in "\r\n"
    ]


@pytest.mark.parametrize(
    "source",
    ["*a " * 60_000, "[a" * 60_000, "_" * 180_000, "# " * 90_000, "`a " * 60_000],
    ids=["open-stars", "open-brackets", "underscores", "heading-marks", "backticks"],
)
def test_markdown_mask_is_fast_on_unclosed_marks(source):
    started = time.perf_counter()
    assert len(mask_markdown(source)) == len(source)
    assert time.perf_counter() - started < 5


def test_markdown_emphasised_name_is_one_person(nlp):
    source = "# Kelleher joins Brentford\n\n* *Caoimhin Kelleher* has joined **Brentford**."
    article = transfer_nlp.extract(mask_markdown(source), nlp=nlp)
    people = [e for e in article.entities if e.label == "PERSON"]
    assert {source[e.start : e.end] for e in people} == {"Kelleher", "Caoimhin Kelleher"}
    assert [(e.person, e.to_club) for e in article.events] == [("Caoimhin Kelleher", "Brentford")]
