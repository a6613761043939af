"""Properties over generated input: money strings and whole texts never raise, offsets
slice the text, output is JSON, amounts are finite and positive, currencies ISO 4217."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transfer_nlp
from transfer_nlp.money import ISO_CODES, find_money

SYMBOLS = ["£", "€", "$", "US$", "R", "CHF ", "EUR ", "Rs", "kr "]
SCALES = ["", "m", "M", "bn", "k", " million", " billion", " crore", "m euros", " pounds"]
WORDS = [
    "Arsenal", "have", "signed", "Declan", "Rice", "from", "West", "Ham", "for", "a", "fee",
    "of", "Chelsea", "joined", "on", "loan", "between", "and", "plus", "add-ons", "(", ")",
    ".", ",", ";", "\n", "\n\n", '"', "🙂", "*", "Der", "Spieler", "wechselt", "zu",
]  # fmt: skip

numbers = st.one_of(
    st.integers(min_value=0, max_value=10**40).map(str),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False).map(str),
    st.text(alphabet="0123456789,.٣١٢", min_size=1, max_size=12),
)
money_strings = st.builds(
    lambda sym, num, scale, tail: f"{sym}{num}{scale}{tail}",
    st.sampled_from(SYMBOLS),
    numbers,
    st.sampled_from(SCALES),
    st.sampled_from(["", ".", ",", ")", "-a-week", "-£5m", " ($1m)"]),
)
texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(WORDS), money_strings), max_size=40).map(" ".join),
    st.text(max_size=80),
)


def _check_money(text: str) -> None:
    for m in find_money(text):
        assert text[m.start : m.end] == m.text
        assert math.isfinite(m.amount) and m.amount > 0
        assert m.amount_max is None or (math.isfinite(m.amount_max) and m.amount_max > 0)
        assert m.currency in ISO_CODES
        json.dumps(m.to_dict())


@settings(max_examples=300, deadline=None)
@given(st.one_of(money_strings, st.text(max_size=40)))
def test_properties_find_money(text: str) -> None:
    _check_money(text)


@pytest.mark.filterwarnings("ignore::transfer_nlp.TransferNLPWarning")  # W008 on gibberish
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts)
def test_properties_extract(nlp, text: str) -> None:
    article = transfer_nlp.extract(text, "generated", nlp=nlp)
    record = article.to_dict()
    json.dumps(record)
    for entity in article.entities:
        assert text[entity.start : entity.end] == entity.text
        if entity.amount is not None:
            assert math.isfinite(entity.amount) and entity.amount > 0
            assert entity.currency in ISO_CODES
    for event in article.events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.sentence
        if event.fee is not None:
            assert math.isfinite(event.fee.amount) and event.fee.amount > 0
            assert event.fee.currency in ISO_CODES
