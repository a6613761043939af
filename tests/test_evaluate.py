"""The scorer on hand-made gold and predictions (no pipeline)."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest

from transfer_nlp.errors import DataFileError, InputError
from transfer_nlp.evaluate import (
    ClubMatcher,
    fee_match,
    fold,
    load_gold,
    person_match,
    score,
    surface_key,
)


class FakeIndex:
    """Two clubs with a few names each, and one form both claim."""

    TEAMS: ClassVar[dict[str, list[str]]] = {
        "tottenham": ["Tottenham Hotspur", "Spurs", "Tottenham"],
        "man_utd": ["Manchester United", "Man Utd", "United"],
        "leeds": ["Leeds United", "Leeds", "United"],
    }

    def aliases(self):
        return [(a, "CLUB") for names in self.TEAMS.values() for a in names]

    def candidates(self, alias):
        return [t for t, names in self.TEAMS.items() if alias in names]


@pytest.fixture
def clubs() -> ClubMatcher:
    return ClubMatcher(FakeIndex())


@pytest.mark.parametrize(
    "text,key",
    [
        ("The Gunners", "gunners"),
        ("Atlético's", "atletico"),
        ("PARIS  Saint-Germain", "paris saint germain"),
    ],
    ids=["the", "accent-possessive", "case-punct"],
)
def test_evaluate_surface_key_folds(text, key):
    assert surface_key(text) == key


def test_evaluate_fold_keeps_inner_the():
    assert fold("Sheffield Wednesday, the Owls") == "sheffield wednesday the owls"


@pytest.mark.parametrize(
    "gold,pred,same",
    [
        ("Raheem Sterling", "Raheem Sterling", True),
        ("Raheem Sterling", "R. Sterling", True),
        ("Raheem Sterling", "Sterling", True),
        ("Raheem Sterling", "Jordan Sterling", False),
        ("Rodri", "Rodrigo Hernandez Rodri", True),
        ("Vinicius Junior", "Vinicius", True),
        ("Kylian Mbappé", "Kylian Mbappe", True),
        ("Raheem Sterling", None, False),
    ],
    ids=["same", "initial", "surname", "other-first", "mononym", "mononym-first", "accents", "no"],
)
def test_evaluate_person_match(gold, pred, same):
    assert person_match(gold, pred) is same


@pytest.mark.parametrize(
    "gold,pred,same",
    [
        ("Tottenham Hotspur", "Spurs", True),
        ("Tottenham Hotspur", "tottenham hotspur fc", True),
        ("Manchester United", "United", True),
        ("Manchester United", "Leeds United", False),
        ("Borussia Dortmund", "Dortmund", True),
        ("Real Madrid", "Real", False),
        ("Real Madrid", "Atletico Madrid", False),
        (None, None, True),
        ("Spurs", None, False),
    ],
    ids=[
        "gazetteer-alias", "case-and-fc", "shared-alias", "two-known-clubs", "unknown-subset",
        "weak-word", "unknown-different", "both-empty", "one-empty",
    ],
)  # fmt: skip
def test_evaluate_club_match(clubs, gold, pred, same):
    assert clubs.same(gold, pred) is same


@pytest.mark.parametrize(
    "gold,pred,ok",
    [
        ({"amount": 60e6, "currency": "EUR"}, {"amount": 60.5e6, "currency": "eur"}, True),
        ({"amount": 60e6, "currency": "EUR"}, {"amount": 60e6, "currency": "GBP"}, False),
        ({"amount": 60e6, "currency": "EUR"}, {"amount": 66e6, "currency": "EUR"}, False),
        ([{"amount": 1, "currency": "EUR"}, {"amount": 5e6, "currency": "GBP"}],
         {"amount": 5e6, "currency": "GBP"}, True),
        (None, None, True),
        (None, {"amount": None, "text": "undisclosed"}, True),
        (None, {"amount": 5e6, "currency": "GBP"}, False),
        ({"amount": 5e6, "currency": "GBP"}, None, False),
    ],
    ids=["within-2pc", "currency", "amount", "options", "null-null", "null-undisclosed",
         "null-fee", "missing"],
)  # fmt: skip
def test_evaluate_fee_match(gold, pred, ok):
    assert fee_match(gold, pred) is ok


def gold_article(**kwargs):
    article = {
        "id": "g-1",
        "text": "...",
        "entities": {
            "PERSON": ["Raheem Sterling", "Sterling"],
            "CLUB": ["Chelsea", "the Gunners"],
            "NATIONAL_TEAM": [],
            "MONEY": [{"text": "£20m", "amount": 20_000_000, "currency": "GBP"}],
        },
        "events": [
            {"type": "loan", "person": "Raheem Sterling", "from_club": "Chelsea",
             "to_club": "Arsenal", "fee": None, "status": ["confirmed", "agreed"]},
            {"type": "signing", "person": "Jadon Sancho", "to_club": "Chelsea"},
        ],
    }  # fmt: skip
    article.update(kwargs)
    return article


def test_evaluate_score_counts(clubs):
    pred = {
        "entities": [
            {"text": "Raheem Sterling", "label": "PERSON"},
            {"text": "Gunners", "label": "CLUB"},
            {"text": "Arsenal", "label": "CLUB"},
            {"text": "£20m", "label": "MONEY", "amount": 20e6, "currency": "GBP"},
        ],
        "events": [
            {"type": "loan", "person": "Sterling", "from_club": "Chelsea", "to_club": "Arsenal",
             "fee": None, "status": "agreed"},
            {"type": "signing", "person": "Jadon Sancho", "to_club": "Spurs", "status": "rumour"},
            {"type": "departure", "person": "Mykhailo Mudryk", "from_club": "Chelsea"},
        ],
    }  # fmt: skip
    report = score([gold_article()], {"g-1": pred}, clubs=FakeIndex(), errors=True)
    person, club, money = (report.entities[k] for k in ("PERSON", "CLUB", "MONEY"))
    assert (person.tp, person.fp, person.fn) == (1, 0, 1)
    assert (club.tp, club.fp, club.fn) == (1, 1, 1)
    assert (money.tp, money.fp, money.fn) == (1, 0, 0)
    assert (report.events.tp, report.events.fp, report.events.fn) == (2, 1, 0)
    assert report.slot_total == {"from_club": 1, "to_club": 2, "fee": 1, "status": 1}
    assert report.slot_right == {"from_club": 1, "to_club": 1, "fee": 1, "status": 1}
    assert (report.records.tp, report.records.fp, report.records.fn) == (1, 2, 1)
    assert report.records.precision == pytest.approx(1 / 3)
    assert report.entity_f1 == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    assert "g-1\tmissed PERSON\tsterling" in report.errors
    assert "g-1\tspurious CLUB\tarsenal" in report.errors
    assert "g-1\tspurious event\tdeparture Mykhailo Mudryk" in report.errors
    assert any(e.startswith("g-1\twrong to_club\tsigning Jadon Sancho") for e in report.errors)
    d = report.to_dict()
    assert d["events"]["tp"] == 2 and d["slots"]["to_club"] == {"acc": 0.5, "n": 2}
    assert "record F1 0.400" in report.format()


def test_evaluate_match_prefers_the_candidate_with_most_right_slots(clubs):
    gold = gold_article(events=[{"type": "signing", "person": "Ben White", "to_club": "Spurs"}])
    pred = {
        "events": [
            {"type": "signing", "person": "Ben White", "to_club": "Leeds United"},
            {"type": "signing", "person": "Ben White", "to_club": "Tottenham"},
        ]
    }
    report = score([gold], {"g-1": pred}, clubs=FakeIndex())
    assert (report.records.tp, report.records.fp) == (1, 1)


def test_evaluate_missing_prediction_counts_as_nothing_found():
    report = score([gold_article()], {}, clubs=FakeIndex())
    assert (report.events.tp, report.events.fn) == (0, 2)
    assert report.entities["PERSON"].fn == 2


def test_evaluate_load_gold(tmp_path):
    with pytest.raises(InputError, match="E009"):
        load_gold(tmp_path)
    (tmp_path / "b.json").write_text(json.dumps(gold_article(id="b")))
    (tmp_path / "a.json").write_text(json.dumps(gold_article(id="a")))
    assert [g["id"] for g in load_gold(tmp_path)] == ["a", "b"]
    (tmp_path / "c.json").write_text(json.dumps({"id": "c"}))
    with pytest.raises(DataFileError, match="no text, entities, events"):
        load_gold(tmp_path)


def test_evaluate_format_labels_with_nothing_to_score_are_na_and_not_averaged():
    from transfer_nlp.evaluate import EvalReport

    report = EvalReport(articles=1)
    report.entities["PERSON"].add(tp=1, fp=1, fn=0)
    report.entities["CLUB"].add(tp=2, fp=0, fn=0)
    text = report.format()
    lines = {line.split()[1]: line for line in text.splitlines() if line.startswith("entity ")}
    assert "P n/a" in lines["MONEY"] and "F1 n/a" in lines["NATIONAL_TEAM"]
    assert "P 0.500  R 1.000" in lines["PERSON"]
    assert "slot fee        accuracy n/a  (n 0)" in text
    # MONEY has neither gold nor predictions: it does not pull the entity F1 down.
    assert report.entity_f1 == pytest.approx(2 * 0.75 / 1.75)
