"""Non-English input is read all the same, with warning W008 (transfer_nlp.language)."""

from __future__ import annotations

import warnings

import pytest

import transfer_nlp
from transfer_nlp.errors import Warnings
from transfer_nlp.language import looks_english
from transfer_nlp.reader import InputArticle, iter_inputs

GERMAN = (
    "Der Flügelspieler wechselt vom FC Bayern München zu Borussia Dortmund. Die Ablösesumme "
    "soll bei rund 40 Millionen Euro liegen, wie der Verein am Dienstag mitteilte. Der "
    "Spieler unterschreibt einen Vertrag bis 2029 und freut sich auf die neue Aufgabe."
)
SPANISH = (
    "El extremo se marcha del Real Madrid al Sevilla por una cifra cercana a los veinte "
    "millones de euros, según ha confirmado el club este martes en un comunicado oficial."
)
ENGLISH = (
    "Arsenal have completed the signing of the winger from Brighton for a fee of £40m. He "
    "has agreed a five-year contract with the club and will join his new team-mates at the "
    "training ground on Monday, the club said in a statement."
)


@pytest.mark.parametrize(
    "text,english",
    [
        pytest.param(GERMAN, False, id="german"),
        pytest.param(SPANISH, False, id="spanish"),
        pytest.param("Милан подписал нападающего " * 8, False, id="cyrillic"),
        pytest.param(ENGLISH, True, id="english"),
        pytest.param("Rice to Arsenal: done deal", True, id="too-short-to-judge"),
    ],
)
def test_language_looks_english(text, english):
    assert looks_english(text) is english


def test_language_extract_warns_and_still_reads(nlp):
    with pytest.warns(transfer_nlp.TransferNLPWarning, match=r"\[W008\] de\.txt"):
        article = transfer_nlp.extract(GERMAN, "de.txt", nlp=nlp)
    assert article.doc_id == "de.txt"
    assert article.to_dict()["entities"] is not None


def test_language_extract_english_does_not_warn(nlp):
    with warnings.catch_warnings():
        warnings.simplefilter("error", transfer_nlp.TransferNLPWarning)
        transfer_nlp.extract(ENGLISH, "en.txt", nlp=nlp)


def test_language_reader_records_the_warning(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    (item,) = iter_inputs([path])
    assert isinstance(item, InputArticle) and item.text == GERMAN
    assert item.warnings == (Warnings.W008(path=str(path)),)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Filler. " * 40, id="one-word-repeated"),
        pytest.param(
            "Raya, White, Saliba, Gabriel, Timber, Rice, Odegaard, Saka, Havertz. " * 3, id="names"
        ),
    ],
)
def test_language_no_evidence_of_another_language_is_english(text):
    assert looks_english(text)
