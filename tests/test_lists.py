"""Round-up lists: which header each listed person is under, and what the list proposes."""

from __future__ import annotations

import pytest

from transfer_nlp.scorer.candidates import candidates
from transfer_nlp.scorer.lists import item_features, list_items


def _items(nlp, text):
    doc = nlp(text)
    return doc, {doc[i : i + 2].text: item for i, item in list_items(doc).items()}


# Three shapes of header, each from a different kind of round-up: a header of its own
# line, a header that leads a line of names, a bulleted list under a one-word header.
HEADED = [
    (
        "Rovers have published their retained list.\nRELEASED\nTomasz Wrobel\nKieran Dunphy\n",
        "Kieran Dunphy",
        "departure",
        "RELEASED",
    ),
    (
        "Here is how Halmstad did.\n\nIns: Peter Okonkwo, Joakim Sandberg, Mats Lindqvist\n\n",
        "Joakim Sandberg",
        "signing",
        "Ins",
    ),
    (
        "Wigan Athletic\nOut:\n- James Whitfield (Stoke City - £4m)\n- Liam Hartigan (Luton)\n",
        "Liam Hartigan",
        "departure",
        "Out",
    ),
]


@pytest.mark.parametrize("text,person,kind,header", HEADED)
def test_list_items_take_their_headers_type(nlp, text, person, kind, header):
    _, items = _items(nlp, text)
    item = items[person]
    assert item.kind == kind
    assert item.header is not None and item.header.text == header
    assert person in item.part.text


def test_prose_between_lists_ends_the_header(nlp):
    text = (
        "Out:\n- James Whitfield (Stoke City - £4m)\n"
        "The manager spoke warmly about the squad after a long season in which the team "
        "finished in the top half, and he thanked the supporters for their patience.\n"
        "Samuel Osei (Barnsley)\n"
    )
    _, items = _items(nlp, text)
    assert items["James Whitfield"].kind == "departure"
    assert items["Samuel Osei"].kind is None


def test_prose_that_names_people_is_no_list(nlp):
    text = (
        "Signings:\nDaniel Haraldsson has impressed everyone since he arrived in the summer "
        "from Norway, the coach said.\n"
    )
    _, items = _items(nlp, text)
    assert "Daniel Haraldsson" not in items


def test_names_on_one_line_each_get_their_own_share(nlp):
    text = "Arrivals: Peter Okonkwo, Sheffield United (£3m), Mats Lindqvist, Bristol City (£1m)\n"
    _, items = _items(nlp, text)
    first, second = items["Peter Okonkwo"], items["Mats Lindqvist"]
    assert first.line == second.line
    assert "£3m" in first.part.text and "£1m" not in first.part.text
    assert "£1m" in second.part.text
    assert first.prefixed and not first.bullet


def test_item_features_say_how_the_header_fits_the_type(nlp):
    _, items = _items(nlp, HEADED[2][0])
    item = items["James Whitfield"]
    feats = item_features(item, "departure")
    assert {"item", "itemkind=same", "item_under", "itemhead=out", "item_bullet"} <= feats
    assert {"item_club", "item_money"} <= feats
    assert "itemkind=other" in item_features(item, "signing")


def test_a_list_proposes_its_people_with_the_items_fee(nlp):
    doc = nlp(
        "Wigan Athletic\nIns:\n- James Whitfield (Stoke City, £4m)\n- Liam Hartigan (Luton)\n"
    )
    found = {(c.type, c.person): c for c in candidates(doc)}
    signing = found[("signing", "James Whitfield")]
    assert signing.record["fee"]["amount"] == 4_000_000
    assert signing.record["evidence"][0]["sentence"] == "- James Whitfield (Stoke City, £4m)"
    assert found[("signing", "Liam Hartigan")].record["fee"] is None
    assert "item" in {f.split("|", 1)[1] for f in signing.features}


def test_unheaded_lines_with_a_club_propose_a_move(nlp):
    doc = nlp("Deadline day in brief.\n\nDaniel Haraldsson to Brentford from Molde.\n")
    kinds = {c.type for c in candidates(doc) if c.person == "Daniel Haraldsson"}
    assert {"signing", "departure", "loan"} <= kinds


# Three shapes of squad list: position words leading a line of names with their clubs,
# a one-word header over a bulleted list, a line-up of starters and substitutes.
SQUADS = [
    (
        "Hosts name their squad.\n\nGoalkeepers: Tomas Wrobel (Legia Warsaw), Ivo Marek (Slavia)\n\n"
        "Defenders: Kieran Dunphy (Shamrock Rovers), Luis Aranda (Porto)\n",
        ("Ivo Marek", "Luis Aranda"),
    ),
    (
        "The call-ups for the qualifiers.\nMidfielders\n- Peter Okonkwo (Genk)\n"
        "- Joakim Sandberg (Malmo)\n",
        ("Peter Okonkwo", "Joakim Sandberg"),
    ),
    (
        "How they lined up.\n\nSubs: Mats Lindqvist (Hammarby), James Whitfield (Stoke City)\n",
        ("Mats Lindqvist", "James Whitfield"),
    ),
]


@pytest.mark.parametrize("text,people", SQUADS)
def test_a_squad_list_names_its_players_clubs_and_proposes_no_move(nlp, text, people):
    doc = nlp(text)
    items = {doc[i : i + 2].text: item for i, item in list_items(doc).items()}
    proposed = {c.person for c in candidates(doc)}
    for person in people:
        assert items[person].kind == "squad"
        assert person not in proposed
