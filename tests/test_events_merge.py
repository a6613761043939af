"""The merge of mentions into records: typed, frozen records that each step replaces
rather than edits, and JSON only at the component's boundary."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable

import pytest
import spacy

from transfer_nlp.events.base import Mention
from transfer_nlp.events.merge import (
    Merged,
    _add_coach_departures,
    _fill_missing_clubs,
    _without_told_departures,
    fill_article_clubs,
    merge_mentions,
)
from transfer_nlp.extensions import DOC_EVENTS
from transfer_nlp.schema import Event, Evidence

TEXT = "Ola Berg leaves Rovers. Ola Berg joins City. Rovers name Ivo Demir as coach."
# The keys of the output contract: what every JSON record carries, and nothing else.
RECORD_KEYS = set(Event(type="signing", status="confirmed", person="X").to_dict())


@pytest.fixture(scope="module")
def sents() -> list:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return list(nlp(TEXT).sents)


# A confirmed move of one player that names no club: each case says what differs.
SLOTS = {
    "type": "signing",
    "status": "confirmed",
    "person": "Ola Berg",
    "role": "player",
    "from_club": None,
    "to_club": None,
    "fee": None,
    "fee_text": None,
    "contract_years": None,
    "contract_until": None,
    "confidence": 0.8,
}


def _mention(sent, **slots) -> Mention:
    return Mention(**{**SLOTS, **slots}, sentence=sent)


def _record(start: int, **slots) -> Merged:
    evidence = (Evidence("a sentence", start, start + 10),)
    return Merged(**{**SLOTS, **slots}, evidence=evidence, mentions=1)


Step = Callable[[list[Merged]], list[Merged]]
STEPS: list[tuple[Step, list[Merged]]] = [
    # the exit is the move's origin: one record, the signing, with its origin filled
    (
        _without_told_departures,
        [
            _record(0, to_club="City"),
            _record(30, type="departure", from_club="Rovers"),
        ],
    ),
    # a coach who comes from a club also leaves it: a departure is added
    (
        _add_coach_departures,
        [_record(0, type="coach_appointment", person="Ivo Demir", from_club="Rovers")],
    ),
    # the one club the player is known to leave is the move's origin
    (
        lambda rs: _fill_missing_clubs(rs, {"Ola Berg": {"Rovers"}}),
        [_record(0, to_club="City")],
    ),
    # an offer from an unnamed suitor: the player leaves his own club
    (
        lambda rs: fill_article_clubs(rs, "City", {"Ola Berg": "Rovers"}),
        [_record(0, unnamed_suitor=True)],
    ),
]


@pytest.mark.parametrize(
    "step,records",
    STEPS,
    ids=["told-departure", "coach-departure", "missing-clubs", "article-clubs"],
)
def test_merge_steps_return_new_records_and_leave_their_input_alone(
    step: Step, records: list[Merged]
):
    given = list(records)
    before = copy.deepcopy(given)
    out = step(given)
    assert given == before and all(a is b for a, b in zip(given, records, strict=True))
    assert out is not given and out != given  # the step did change something, in new records
    assert all(isinstance(r, Merged) for r in out)
    with pytest.raises(dataclasses.FrozenInstanceError):
        out[0].from_club = "Elsewhere"  # type: ignore[misc]


def test_merge_records_carry_the_unnamed_suitor_flag_as_a_field_not_a_key(sents):
    offer = _mention(sents[1], status="off", unnamed_suitor=True)
    merged = merge_mentions([offer])
    assert [(r.person, r.unnamed_suitor) for r in merged] == [("Ola Berg", True)]
    filled = fill_article_clubs(merged, "City", {"Ola Berg": "Rovers"})
    assert (filled[0].from_club, filled[0].to_club) == ("Rovers", None)
    assert set(filled[0].to_dict()) == RECORD_KEYS
    assert merged[0].from_club is None  # the filling made a new record


def test_merge_mentions_of_one_move_combine_into_one_frozen_record(sents):
    exit_ = _mention(sents[0], type="departure", from_club="Rovers")
    move = _mention(sents[1], to_club="City", fee={"amount": 1_000_000.0, "currency": "EUR"})
    mentions = [exit_, move]
    merged = merge_mentions(mentions)
    assert mentions == [exit_, move]
    assert [(r.type, r.from_club, r.to_club) for r in merged] == [("signing", "Rovers", "City")]
    record = merged[0].to_dict()
    assert set(record) == RECORD_KEYS
    assert record["fee"] == {"amount": 1_000_000.0, "currency": "EUR"}
    assert record["fee"] is not move.fee  # the JSON record shares nothing with the mention
    assert record["evidence"] == [
        {"sentence": s.text, "start": s.start_char, "end": s.end_char} for s in sents[1:2]
    ]


def test_merge_extractor_writes_plain_records_without_working_keys(nlp):
    text = (
        "Lyon forward Tomas Varga has turned down a €30 million offer made by a Qatari club. "
        "Reports in Spain say Varga has also turned down an offer from Sevilla."
    )
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        records = nlp(text)._.get(DOC_EVENTS)
    assert records and all(type(r) is dict and set(r) == RECORD_KEYS for r in records)
    moves = sorted((r["from_club"], r["to_club"] or "") for r in records if r["type"] == "signing")
    assert moves == [("Lyon", ""), ("Lyon", "Sevilla")]
