"""Stories: event records of many articles merged into one record per move (story.py)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import transfer_nlp
from transfer_nlp.cli import app
from transfer_nlp.errors import InputError
from transfer_nlp.story import name_key, stories, update_stories

PERSON = "Tomas Varga"


def rec(
    doc_id: str,
    date: str | None,
    status: str,
    *,
    person: str = PERSON,
    type: str = "signing",
    to: str | None = "Brentford",
    frm: str | None = "Feyenoord",
    fee: dict[str, Any] | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    return {
        "schema": "transfer_nlp.v1",
        "doc_id": doc_id,
        "published": date,
        "source": source,
        "type": type,
        "status": status,
        "person": person,
        "role": "player",
        "from_club": frm,
        "to_club": to,
        "fee": fee,
        "evidence": [{"sentence": f"{person}: {status} ({doc_id}).", "start": 0, "end": 10}],
        "mentions": 1,
    }


def eur(amount: float, *equivalents: tuple[float, str]) -> dict[str, Any]:
    eqs = [{"amount": a, "currency": c, "text": ""} for a, c in equivalents]
    return {"amount": amount, "currency": "EUR", "text": f"€{amount / 1e6:g}m", "equivalents": eqs}


def gbp(amount: float, *equivalents: tuple[float, str]) -> dict[str, Any]:
    eqs = [{"amount": a, "currency": c, "text": ""} for a, c in equivalents]
    return {"amount": amount, "currency": "GBP", "text": f"£{amount / 1e6:g}m", "equivalents": eqs}


def stages(story: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(row["date"], row["stage"]) for row in story["timeline"]]


def by_club(found: list[dict[str, Any]]) -> dict[str | None, dict[str, Any]]:
    return {s["to_club"]: s for s in found}


SAGA = [
    rec("a1", "2025-01-02", "rumour", source="Daily Example", fee=eur(20e6)),
    rec("a2", "2025-01-09", "negotiating", source="Wire Sport", fee=gbp(15e6, (18e6, "EUR"))),
    rec("a3", "2025-01-20", "agreed", source="Daily Example", fee=eur(22e6)),
    rec("a4", "2025-01-28", "confirmed", source=None, fee=gbp(19e6)),
]


def test_stories_rumour_to_confirmed_is_one_story_with_four_entries():
    (story,) = transfer_nlp.stories(SAGA)
    assert stages(story) == [
        ("2025-01-02", "rumour"),
        ("2025-01-09", "negotiating"),
        ("2025-01-20", "agreed"),
        ("2025-01-28", "confirmed"),
    ]
    assert (story["person"], story["type"], story["from_club"], story["to_club"]) == (
        PERSON,
        "signing",
        "Feyenoord",
        "Brentford",
    )
    assert story["stage"] == "confirmed"
    assert (story["first_seen"], story["last_seen"]) == ("2025-01-02", "2025-01-28")
    assert (story["n_articles"], story["n_sources"]) == (4, 2)
    assert story["rivals"] == []
    row = story["timeline"][1]
    assert (row["doc_id"], row["source"], row["evidence"]) == (
        "a2",
        "Wire Sport",
        f"{PERSON}: negotiating (a2).",
    )
    # The £19m report has no euro equivalent: it is not compared with euro amounts.
    assert story["fee"] == {
        "currency": "EUR",
        "first": 20e6,
        "last": 22e6,
        "min": 18e6,
        "max": 22e6,
        "reports": 3,
    }


def test_stories_result_and_ids_do_not_depend_on_input_order():
    shuffled = SAGA[:]
    random.Random(7).shuffle(shuffled)
    assert stories(shuffled) == stories(SAGA)
    assert stories(SAGA)[0]["story_id"].startswith("st-")


def test_stories_collapse_ends_off_and_a_later_revival_reopens():
    collapsed = [
        rec("b1", "2025-07-01", "rumour"),
        rec("b2", "2025-07-04", "negotiating"),
        rec("b3", "2025-07-10", "off"),
        rec("b4", "2025-07-10", "agreed"),  # the same day: the collapse still stands
    ]
    (story,) = stories(collapsed)
    assert story["stage"] == "off"
    revived = [*collapsed, rec("b5", "2025-07-20", "negotiating")]
    (story,) = stories(revived)
    assert story["stage"] == "negotiating"
    assert [stage for _, stage in stages(story)] == [
        "rumour", "negotiating", "agreed", "off", "negotiating"
    ]  # fmt: skip
    (story,) = stories([*revived, rec("b6", "2025-07-25", "confirmed")])
    assert story["stage"] == "confirmed"


def test_stories_players_sharing_a_surname_stay_apart():
    found = stories([
        rec("c1", "2025-01-02", "rumour", person="Tomas Varga"),
        rec("c2", "2025-01-03", "rumour", person="Milan Varga"),
        rec("c3", "2025-01-04", "agreed", person="Tomas Varga"),
    ])  # fmt: skip
    assert sorted((s["person"], len(s["timeline"])) for s in found) == [
        ("Milan Varga", 1),
        ("Tomas Varga", 2),
    ]


def test_stories_same_player_moving_twice_gives_two_stories():
    found = stories([
        rec("d1", "2024-01-10", "rumour", type="loan", to="Fulham", frm="Ajax"),
        rec("d2", "2024-01-30", "confirmed", type="loan", to="Fulham", frm="Ajax"),
        # a second loan to the same club, windows later
        rec("d3", "2025-08-20", "confirmed", type="loan", to="Fulham", frm="Ajax"),
        # and a permanent move elsewhere
        rec("d4", "2025-01-15", "rumour", to="Brentford", frm="Ajax"),
        rec("d5", "2025-01-31", "confirmed", to="Brentford", frm="Ajax"),
    ])  # fmt: skip
    assert sorted((s["type"], s["to_club"], s["first_seen"], s["stage"]) for s in found) == [
        ("loan", "Fulham", "2024-01-10", "confirmed"),
        ("loan", "Fulham", "2025-08-20", "confirmed"),
        ("signing", "Brentford", "2025-01-15", "confirmed"),
    ]
    assert len({s["story_id"] for s in found}) == 3


def test_stories_rival_suitors_are_linked():
    found = by_club(stories([
        rec("e1", "2025-06-01", "rumour", to="Brentford"),
        rec("e2", "2025-06-03", "rumour", to="Fulham"),
        rec("e3", "2025-06-08", "negotiating", to="Everton"),
        rec("e4", "2025-06-20", "confirmed", to="Everton"),
        rec("e5", "2026-03-01", "rumour", to="Burnley"),  # a later window: no rival
    ]))  # fmt: skip
    ids = {club: s["story_id"] for club, s in found.items()}
    assert found["Brentford"]["rivals"] == sorted([ids["Fulham"], ids["Everton"]])
    assert found["Everton"]["rivals"] == sorted([ids["Brentford"], ids["Fulham"]])
    assert found["Burnley"]["rivals"] == []
    assert found["Everton"]["stage"] == "confirmed"


def test_stories_rumour_without_destination_joins_the_story_it_fits():
    found = stories([
        rec("f0", "2025-05-28", "rumour", to=None),
        rec("f1", "2025-06-01", "negotiating", to="Brentford"),
        rec("f2", "2025-06-05", "agreed", to="Brentford"),
    ])  # fmt: skip
    (story,) = found
    assert [row["doc_id"] for row in story["timeline"]] == ["f0", "f1", "f2"]
    assert story["to_club"] == "Brentford"


@pytest.mark.parametrize(
    "extra,n_stories",
    [
        ([rec("g2", "2025-06-02", "rumour", to="Fulham")], 3),  # two suitors: ambiguous
        ([], 2),  # far from the only story: apart
    ],
    ids=["between-rivals", "out-of-window"],
)
def test_stories_rumour_without_destination_stays_apart(extra, n_stories):
    far = rec("g0", "2025-01-05", "rumour", to=None) if not extra else None
    near = rec("g1", "2025-06-04", "rumour", to=None)
    loose = far or near
    found = stories([rec("g3", "2025-06-01", "rumour", to="Brentford"), loose, *extra])
    assert len(found) == n_stories
    (alone,) = [s for s in found if s["to_club"] is None]
    assert [row["doc_id"] for row in alone["timeline"]] == [loose["doc_id"]]
    assert alone["rivals"] == []


def test_stories_rumour_without_destination_needs_a_matching_origin():
    found = stories([
        rec("h1", "2025-06-01", "rumour", to="Brentford", frm="Feyenoord"),
        rec("h2", "2025-06-02", "rumour", to=None, frm="Ajax"),
    ])  # fmt: skip
    assert len(found) == 2


@pytest.mark.parametrize(
    "a,b",
    [
        ("Martin Ødegaard", "Martin Odegaard"),
        ("Martin Ødegaard", "Martin Oedegaard"),
        ("Mykhaylo Mudryk", "Mykhailo Mudryk"),
        ("Mohammed Kudus", "Mohamed Kudus"),
        ("N'Golo Kanté", "Ngolo Kante"),
        ("Thomas Müller", "Thomas Mueller"),
        ("Allan Saint-Maximin", "allan saint maximin"),
    ],
    ids=["o-slash", "oe", "y-i", "double-letter", "apostrophe-accent", "umlaut-ue", "hyphen"],
)
def test_stories_name_variants_fold_to_one_person(a, b):
    assert name_key(a) == name_key(b)
    found = stories([rec("i1", "2025-01-02", "rumour", person=a),
                     rec("i2", "2025-01-05", "agreed", person=b)])  # fmt: skip
    assert len(found) == 1 and len(found[0]["timeline"]) == 2


def test_stories_distinct_names_stay_distinct():
    assert name_key("Tomas Varga") != name_key("Tomas Vargas")
    assert name_key("Jan Novak") != name_key("Jana Novak")


def test_stories_undated_records_join_their_destination_and_sort_last():
    found = stories([*SAGA[:2], rec("u1", None, "agreed")])
    (story,) = found
    assert stages(story)[-1] == (None, "agreed")
    assert story["last_seen"] == "2025-01-09" and story["stage"] == "agreed"


def test_stories_reads_document_records():
    doc = {
        "schema": "transfer_nlp.v1",
        "doc_id": "d.txt",
        "published": "2025-01-02",
        "source": "Wire Sport",
        "entities": [],
        "events": [{k: v for k, v in SAGA[0].items() if k not in ("doc_id", "published")}],
    }
    (story,) = stories([doc])
    assert stages(story) == [("2025-01-02", "rumour")]
    assert story["timeline"][0]["doc_id"] == "d.txt"


@pytest.mark.parametrize(
    "change,message",
    [
        ({"person": None}, "record 2: 'person' is not a non-empty string"),
        ({"status": "maybe"}, "record 2: 'status' is 'maybe'"),
        ({"published": "soon"}, "record 2: 'published' is 'soon', not a date"),
        ({"fee": {"amount": "a lot"}}, "record 2: 'fee' is malformed"),
    ],
    ids=["no-person", "bad-status", "bad-date", "bad-fee"],
)
def test_stories_bad_record_is_an_error_naming_it(change, message):
    with pytest.raises(InputError, match="E019") as err:
        stories([SAGA[0], {**SAGA[1], **change}])
    assert message in str(err.value)


# --- incremental -------------------------------------------------------------------------------

MARKET = [
    *SAGA,
    rec("m1", "2025-01-03", "rumour", person="Milan Varga", to="Fulham", frm="Ajax"),
    rec("m2", "2025-01-05", "rumour", person="Milan Varga", to="Everton", frm="Ajax"),
    rec("m3", "2025-01-06", "rumour", person="Jonas Lind", type="loan", to="Burnley", frm=None),
    rec("m4", "2025-01-12", "negotiating", person="Milan Varga", to="Everton", frm="Ajax"),
    rec("m5", "2025-01-14", "off", person="Jonas Lind", type="loan", to="Burnley", frm=None),
    rec("m6", "2025-01-15", "rumour", person="Milan Varga", to=None, frm="Ajax"),
    rec("m7", "2025-01-21", "agreed", person="Milan Varga", to="Fulham", frm="Ajax"),
]


@pytest.mark.parametrize("cut", [0, 3, 6, 10], ids=["all-new", "early", "middle", "late"])
def test_stories_update_equals_a_full_run(cut):
    ordered = sorted(MARKET, key=lambda r: r["published"])
    old, new = ordered[:cut], ordered[cut:]
    assert update_stories(stories(old), new) == stories(MARKET)


def test_stories_update_replaces_the_rows_of_a_reread_article():
    first = stories(MARKET)
    changed = {**SAGA[3], "status": "off"}
    again = update_stories(first, [changed])
    assert again == stories([*MARKET[:3], changed, *MARKET[4:]])
    (story,) = [s for s in again if s["person"] == PERSON]
    assert len(story["timeline"]) == 4 and story["stage"] == "off"


# --- command line ------------------------------------------------------------------------------


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def cli():
    runner = CliRunner()

    def invoke(*args: object):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_cli_stories_update_is_byte_identical_to_a_full_run(cli, tmp_path):
    early = write_jsonl(tmp_path / "early.jsonl", MARKET[:5])
    late = write_jsonl(tmp_path / "late.jsonl", MARKET[5:])
    full, inc = tmp_path / "full.jsonl", tmp_path / "inc.jsonl"
    assert cli("stories", early, late, "-o", full).exit_code == 0
    assert cli("stories", early, "-o", inc).exit_code == 0
    result = cli("stories", late, "--update", inc, "-o", inc)
    assert result.exit_code == 0, result.output
    assert inc.read_bytes() == full.read_bytes()
    assert "6 event records -> 5 stories (4 built, 1 kept)" in result.stderr
    lines = [json.loads(line) for line in full.read_text(encoding="utf-8").splitlines()]
    assert lines == stories(MARKET)


def test_cli_stories_errors(cli, tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", SAGA)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(SAGA[0]) + "\n{not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = cli("stories", good, bad, "-o", out)
    assert result.exit_code == 1
    assert f"{bad}, line 2: not valid JSON" in result.stderr and not out.exists()
    result = cli("stories", tmp_path / "missing.jsonl", "-o", out)
    assert result.exit_code == 1 and "missing.jsonl" in result.stderr
    out.write_text("keep me\n", encoding="utf-8")
    result = cli("stories", good, "-o", out)
    assert result.exit_code == 1 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert cli("stories", good, "-o", out, "--force").exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


# --- end to end: a month of dated articles (corpus/stories/) ---------------------------------

WDS, RFP, MEL, CTW = (
    "Western Daily Sport",
    "Riverside Football Post",
    "Mersey Evening Ledger",
    "Capital Transfer Wire",
)
EXPECTED = {
    ("Tomas Varga", "signing", "Feyenoord", "Brentford", "confirmed"): [
        ("2025-01-03", "rumour", WDS),
        ("2025-01-08", "negotiating", CTW),
        ("2025-01-15", "agreed", WDS),
        ("2025-01-22", "confirmed", CTW),
    ],
    ("Milan Horvat", "signing", "Ajax", "Fulham", "agreed"): [
        ("2025-01-05", "rumour", RFP),
        ("2025-01-27", "agreed", RFP),
    ],
    ("Milan Horvat", "signing", "Ajax", "Everton", "off"): [
        ("2025-01-07", "rumour", MEL),
        ("2025-01-12", "negotiating", MEL),
        ("2025-01-19", "off", RFP),
    ],
    ("Jonas Lindqvist", "loan", "Chelsea", "Burnley", "confirmed"): [
        ("2025-01-10", "rumour", WDS),
        ("2025-01-14", "off", CTW),
        ("2025-01-24", "negotiating", WDS),
        ("2025-01-30", "confirmed", MEL),
    ],
}


def test_stories_end_to_end_on_the_corpus_month(nlp, corpus_dir, tmp_path, monkeypatch):
    from transfer_nlp.runner import run_extract

    # The stages of this month are the rules' reading of each clause: the scorer's stage
    # models, trained on long real articles, are measured by `evaluate`, not here.
    scorer = nlp.get_pipe("transfer_event_scorer")
    rules_only = {k: m for k, m in scorer.models.items() if not k.startswith("status:")}
    monkeypatch.setattr(scorer, "models", rules_only)
    events = tmp_path / "events.jsonl"
    run_extract([corpus_dir / "stories"], events, nlp_or_model=nlp)
    records = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert all(r["published"] and r["source"] for r in records)
    found = stories(records)
    got = {
        (s["person"], s["type"], s["from_club"], s["to_club"], s["stage"]): [
            (row["date"], row["stage"], row["source"]) for row in s["timeline"]
        ]
        for s in found
    }
    # Every move of the month is one story with its whole timeline. What else the
    # extractor reports of these articles (a loan also scored as a possible signing)
    # is the extractor's business, measured by `evaluate`, not the stories'.
    missing = {k: v for k, v in EXPECTED.items() if got.get(k) != v}
    assert not missing, (missing, got)
    horvat = {s["to_club"]: s for s in found if s["person"] == "Milan Horvat"}
    assert horvat["Fulham"]["rivals"] == [horvat["Everton"]["story_id"]]
    assert horvat["Everton"]["rivals"] == [horvat["Fulham"]["story_id"]]
    varga = next(s for s in found if s["person"] == "Tomas Varga")
    assert (varga["n_articles"], varga["n_sources"]) == (4, 2)
    assert varga["fee"] == {"currency": "GBP", "first": 20e6, "last": 22e6, "min": 20e6,
                            "max": 22e6, "reports": 3}  # fmt: skip


def test_stories_gap_days_sets_where_a_move_splits():
    spaced = [rec("k1", "2025-01-01", "rumour"), rec("k2", "2025-01-21", "agreed")]
    assert len(stories(spaced)) == 1
    assert [s["stage"] for s in stories(spaced, gap_days=10)] == ["rumour", "agreed"]
    with pytest.raises(InputError, match="gap_days"):
        stories(spaced, gap_days=0)


def test_cli_stories_to_standard_output_with_gap_days(cli, tmp_path):
    spaced = [rec("k1", "2025-01-01", "rumour"), rec("k2", "2025-01-21", "agreed")]
    events = write_jsonl(tmp_path / "events.jsonl", spaced)
    result = cli("stories", events, "--gap-days", "10", "--quiet")
    assert result.exit_code == 0 and result.stderr == ""
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == stories(spaced, gap_days=10)


def test_cli_stories_update_refuses_a_file_of_event_records(cli, tmp_path):
    events = write_jsonl(tmp_path / "events.jsonl", SAGA)
    out = tmp_path / "out.jsonl"
    result = cli("stories", events, "--update", events, "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert f"{events}, line 1: not a story record" in result.stderr
