"""The entity layer: clubs over model guesses, city-name context, people, money, teams."""

from __future__ import annotations

import pytest

import transfer_nlp
from transfer_nlp.schema import Entity


def _ents(nlp, text: str) -> list[Entity]:
    return list(transfer_nlp.extract(text, nlp=nlp).entities)


def _by_text(ents: list[Entity], text: str) -> Entity | None:
    return next((e for e in ents if e.text == text), None)


@pytest.mark.parametrize(
    "text,surface,canonical",
    [
        ("Dortmund beat Benfica 2-0.", "Dortmund", "Borussia Dortmund"),
        ("Dortmund beat Benfica 2-0.", "Benfica", "Benfica"),
        ("Man Utd have signed a striker.", "Man Utd", "Manchester United"),
        ("Liverpool are top of the table.", "Liverpool", "Liverpool"),
        ("Spurs are keen on the winger.", "Spurs", "Tottenham Hotspur"),
        ("Barca want the forward.", "Barca", "Barcelona"),
        ("PSG have made an offer.", "PSG", "Paris Saint-Germain"),
        ("Juve are interested.", "Juve", "Juventus"),
        ("He was told by the Gunners that he could leave.", "Gunners", "Arsenal"),
        ("Boro have rejected a bid.", "Boro", "Middlesbrough"),
        ("Madrid have tracked the Arsenal player for a year.", "Madrid", "Real Madrid"),
        ("Tottenham have agreed a fee with Bayern Munich.", "Tottenham", "Tottenham Hotspur"),
        ("Yanga SC rejected a bid from Orlando Pirates.", "Yanga SC", "Young Africans SC"),
        ("MC Alger are also trying to sign the midfielder.", "MC Alger", "MC Alger"),
        ("He left Asante Kotoko for Enyimba last year.", "Enyimba", "Enyimba FC"),
        ("The Pensioners rejected a bid for the midfielder.", "Pensioners", "Chelsea"),
        ("Matsatsantsa have signed a striker from Stellies.", "Stellies", "Stellenbosch"),
    ],
    ids=[
        "dortmund",
        "benfica",
        "man-utd",
        "liverpool",
        "spurs",
        "barca",
        "psg",
        "juve",
        "gunners",
        "boro",
        "madrid-club",
        "org-label-club",
        "tanzania",
        "algeria",
        "nigeria",
        "nickname-old",
        "nickname-psl",
    ],
)
def test_entities_club_canonical(nlp, text, surface, canonical):
    ent = _by_text(_ents(nlp, text), surface)
    assert ent is not None and ent.label == "CLUB"
    assert ent.canonical == canonical


def test_entities_african_clubs_in_one_sentence(nlp):
    # "Simba" is a weak form: the club only because a transfer is talked about.
    ents = _ents(nlp, "Yanga SC have agreed a fee with Simba for the Tanzanian winger.")
    found = {e.text: (e.label, e.canonical) for e in ents}
    assert found.get("Yanga SC") == ("CLUB", "Young Africans SC")
    assert found.get("Simba") == ("CLUB", "Simba SC")


@pytest.mark.parametrize(
    "text,surface",
    [
        ("He grew up in Madrid before moving abroad.", "Madrid"),
        ("Sheffield Wednesday lost at home on Wednesday.", "Wednesday"),
        ("The family lives in Manchester.", "Manchester"),
        ("The player was born in Milan in 1998.", "Milan"),
    ],
    ids=["madrid-city", "wednesday-weekday", "manchester-city", "milan-city"],
)
def test_entities_city_names_need_context(nlp, text, surface):
    ent = _by_text(_ents(nlp, text), surface)
    assert ent is None or ent.label != "CLUB"


@pytest.mark.parametrize(
    "text,canonical",
    [
        (
            "Mumbai City FC and Bengaluru FC have spent big. The Mariners signed a winger too.",
            "Mohun Bagan",
        ),
        (
            "Scunthorpe United and Lincoln City have spent big. The Mariners signed a winger too.",
            "Grimsby Town",
        ),
        ("The Mariners signed a winger.", "Grimsby Town"),
    ],
)
def test_entities_shared_nickname_follows_the_country_of_the_story(nlp, text, canonical):
    club = _by_text(_ents(nlp, text), "Mariners")
    assert club is not None and club.canonical == canonical


def test_entities_shared_alias_follows_the_full_name(nlp):
    ents = _ents(nlp, "Newcastle United have signed a defender. United paid £20m.")
    united = _by_text(ents, "United")
    assert united is not None and united.canonical == "Newcastle United"


@pytest.mark.parametrize(
    "text,surface,canonical",
    [
        ("Thomas Tuchel is the new England manager.", "England", "England"),
        (
            "He will take charge of the Brazilian national team.",
            "Brazilian national team",
            "Brazil",
        ),
        ("The Three Lions lost in the final.", "Three Lions", "England"),
        ("He was capped by England Under-21 last year.", "England Under-21", "England"),
    ],
    ids=["england-manager", "demonym", "nickname", "under-21"],
)
def test_entities_national_teams(nlp, text, surface, canonical):
    ent = _by_text(_ents(nlp, text), surface)
    assert ent is not None and ent.label == "NATIONAL_TEAM" and ent.canonical == canonical


def test_entities_country_as_place_is_not_a_team(nlp):
    ent = _by_text(_ents(nlp, "He went on holiday to Spain with his family."), "Spain")
    assert ent is None or ent.label != "NATIONAL_TEAM"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Chelsea signed midfielder Moises Caicedo.", "Moises Caicedo"),
        ("Spurs bid for Fulham defender Tosin Adarabioyo.", "Tosin Adarabioyo"),
        ("Arsenal's Bukayo Saka scored.", "Bukayo Saka"),
    ],
    ids=["role-noun", "club-before", "possessive"],
)
def test_entities_person_boundaries(nlp, text, expected):
    people = [e.text for e in _ents(nlp, text) if e.label == "PERSON"]
    assert expected in people


def test_entities_surname_resolves_to_full_name(nlp):
    text = "William Saliba is wanted by Real Madrid. Saliba has two years left. Trent Alexander-Arnold may join too, and Alexander-Arnold is keen."
    ents = _ents(nlp, text)
    saliba = [e for e in ents if e.text == "Saliba"]
    taa = [e for e in ents if e.text == "Alexander-Arnold"]
    assert saliba and all(e.canonical == "William Saliba" for e in saliba)
    assert taa and all(e.canonical == "Trent Alexander-Arnold" for e in taa)


def test_entities_mononym_stays(nlp):
    ents = _ents(nlp, "Neymar has left Al-Hilal. Casemiro could follow.")
    assert any(e.text == "Neymar" and e.canonical == "Neymar" for e in ents)


def test_entities_money_normalised_with_equivalent(nlp):
    ents = _ents(
        nlp, "The fee is €60 million ($66.7m), the player is 22 and the score was 3-1 in 2024."
    )
    money = [e for e in ents if e.label == "MONEY"]
    assert [(e.amount, e.currency) for e in money] == [(60_000_000, "EUR"), (66_700_000, "USD")]
    assert money[0].equivalents[0]["amount"] == 66_700_000


def test_entities_offsets_point_into_text(nlp):
    text = "Arsenal have signed Declan Rice from West Ham for £105m."
    for e in _ents(nlp, text):
        assert text[e.start : e.end] == e.text


def _people(nlp, text: str) -> list[str]:
    return [e.text for e in _ents(nlp, text) if e.label == "PERSON"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Celtic want Łukasz Fabiański, who kept a clean sheet on Saturday.", "Łukasz Fabiański"),
        ("Fulham are keen on Žan Vipotnik, who scored twice on Saturday.", "Žan Vipotnik"),
        (
            "The departures of Cristian Romero and Giovani Lo Celso hurt Tottenham.",
            "Cristian Romero",
        ),
        (
            "United completed the signing of Belgian midfielder Hans van den Bossche on Friday.",
            "Hans van den Bossche",
        ),
        ("We were used to it under Big Ron Atkinson’s control.", "Ron Atkinson"),
        ("Flamengo sold defender Leandro Junior to Leeds.", "Leandro Junior"),
        ("The squad includes Salah, Mané and Firmino.", "Mané"),
        ("The squad includes Salah, Mané and Firmino.", "Firmino"),
        (
            "But former Arsenal defender MARTIN KEOWN disagreed and called the claims damaging. "
            'Keown: "It is unfair."',
            "Keown",
        ),
        ("Lecce have signed striker Fabrizio Miccoli from Benfica.", "Fabrizio Miccoli"),
        ("Callum McGregor joined Rangers from Celtic.", "Callum McGregor"),
    ],
    ids=[
        "non-latin1-capital",
        "non-latin1-capital-2",
        "first-name-as-norp",
        "particle-run",
        "nickname-adjective-possessive",
        "name-suffix",
        "listed-with-person",
        "listed-last",
        "caption-surname",
        "given-name-once-blocked",
        "camel-case-name",
    ],
)
def test_entities_person_found(nlp, text, expected):
    assert expected in _people(nlp, text)


@pytest.mark.parametrize(
    "text,expected",
    [
        # The small model files these as one ORG, the particle tagged ADP or X.
        ("Barcelona have signed Luuk de Jong from Sevilla.", "Luuk de Jong"),
        ("Sevilla confirmed the arrival of Marco di Santo on loan.", "Marco di Santo"),
        ("Leeds have signed Lucas de la Fuente from Valencia.", "Lucas de la Fuente"),
        # Only the surname is tagged PERSON; the particle and given name come before it.
        ("Hertha have appointed Jan ter Horst as head coach.", "Jan ter Horst"),
    ],
    ids=["particle-in-org", "particle-tagged-x", "two-particles-in-org", "given-name-before"],
)
def test_entities_name_with_particles_is_one_person(nlp, text, expected):
    assert _people(nlp, text) == [expected]


@pytest.mark.parametrize(
    "text,wrong",
    [
        ("We were used to it under Big Ron Atkinson’s control.", "Big Ron Atkinson"),
        ("Flamengo sold defender Leandro Junior to Leeds.", "Leandro"),
        ("Celtic want Łukasz Fabiański, who kept a clean sheet on Saturday.", "Fabiański"),
        ('"People will understand," the manager said.', "People"),
        ("Chelsea signed Enzo Fernandez. The Marauders paid a record fee.", "Marauders"),
        ("Sky Sport Italy reports that Bayern want the winger.", "Italy"),
        ("Serie B is experiencing a managerial upheaval this summer.", "B"),
        (
            "The demands are even steeper, so claim FootballTransfers. Chelsea want £40m.",
            "FootballTransfers",
        ),
        ("The striker is wanted by Milan, reports FootballInsider.", "FootballInsider"),
        ("They face competition from Libyan side Al Ahli Benghazi.", "Benghazi"),
    ],
    ids=[
        "nickname-adjective",
        "name-suffix",
        "non-latin1-capital",
        "quote-opening-noun",
        "the-nickname",
        "country-alone",
        "single-letter",
        "camel-case-outlet",
        "camel-case-outlet-2",
        "city-after-club",
    ],
)
def test_entities_not_a_person(nlp, text, wrong):
    assert wrong not in _people(nlp, text)


def test_entities_name_suffix_is_not_a_club(nlp):
    assert _by_text(_ents(nlp, "Flamengo sold defender Leandro Junior to Leeds."), "Junior") is None


def test_entities_quoted_nickname_joins_the_surname(nlp):
    from spacy.tokens import Span

    from transfer_nlp.entities import _quoted_nickname

    doc = nlp.make_doc('Lazio bought the top scorer, "Toto" Schillaci, from Juventus.')
    surname = next(t.i for t in doc if t.text == "Schillaci")
    span = _quoted_nickname(Span(doc, surname, surname + 1, label="PERSON"), set())
    assert span.text == '"Toto" Schillaci'


@pytest.mark.parametrize(
    "text,surface,is_team",
    [
        ("He scored the winner in Spain's 2-1 defeat of Portugal last month.", "Spain", True),
        ("The former Wales and Ajax striker joined Milan.", "Wales", True),
        ("He will face the Black Stars and Uganda in the qualifiers next month.", "Uganda", True),
        ("Argentina's Boca Juniors have signed the striker on loan.", "Argentina", False),
        ("The defender can travel to Brazil for the tournament with his club.", "Brazil", False),
    ],
    ids=[
        "score-after-possessive",
        "listed-with-club",
        "listed-with-nickname",
        "country-club",
        "travel-to",
    ],
)
def test_entities_national_team_context(nlp, text, surface, is_team):
    ent = _by_text(_ents(nlp, text), surface)
    assert (ent is not None and ent.label == "NATIONAL_TEAM") is is_team


@pytest.mark.parametrize(
    "text,surface,canonical",
    [
        ("NEWCASTLE United yesterday signed Alan Shearer.", "NEWCASTLE United", "Newcastle United"),
        ("CHELSEA SIGN STERLING FROM MANCHESTER CITY", "MANCHESTER CITY", "Manchester City"),
        ("THE ARSENAL manager was unhappy.", "ARSENAL", "Arsenal"),
    ],
    ids=["lede-capitals", "headline-capitals", "shared-form-default"],
)
def test_entities_clubs_in_capitals(nlp, text, surface, canonical):
    club = _by_text(_ents(nlp, text), surface)
    assert club is not None and club.label == "CLUB" and club.canonical == canonical


def test_entities_capitals_that_are_no_club_stay_out(nlp):
    ents = _ents(nlp, "CHELSEA SIGN STERLING")
    assert [e.text for e in ents if e.label == "CLUB"] == ["CHELSEA"]


# Item lines of round-ups in three layouts: a dash and a status word, brackets with a
# club and a fee after a bullet, a dash and a club with the fee's wording.
@pytest.mark.parametrize(
    "text,name",
    [
        ("Out\n\nTariqe Fosu - Released\n\nMatthew Lowton - Released\n", "Tariqe Fosu"),
        ("Out:\n- Folarin Balogun (Monaco - £35m)\n- Rob Holding (Palace)\n", "Folarin Balogun"),
        ("In\n\nMark Flekken - Freiburg, undisclosed\n", "Mark Flekken"),
    ],
)
def test_entities_name_leading_a_list_item_is_a_person(nlp, text, name):
    people = [e.text for e in _ents(nlp, text) if e.label == "PERSON"]
    assert name in people
    # The item's status word is neither a name nor part of one.
    assert all("Released" not in p and " - " not in p for p in people)


@pytest.mark.parametrize(
    "text",
    [
        "Premier League - the story of the season\n",  # no club, amount or move word after it
        "Aston Villa (£35m) have been busy.\n",  # a club, not a name
        "TRANSFER NEWS - Released players\n",  # capitals of a header
    ],
)
def test_entities_list_item_shape_alone_makes_no_person(nlp, text):
    assert [e.text for e in _ents(nlp, text) if e.label == "PERSON"] == []


@pytest.mark.parametrize(
    "text,expected",
    [
        # A squad list's position word, a match official's title: never part of the name.
        ("Goalkeepers Tomas Wrobel (Legia Warsaw), Ivo Novak (Slavia Prague).", "Tomas Wrobel"),
        ("Referee Dean Fowler sent off two players before half-time.", "Dean Fowler"),
        ("Substitutes Kieran Dunphy and Mats Lindqvist came on late.", "Kieran Dunphy"),
    ],
    ids=["position-word", "official", "substitutes"],
)
def test_entities_squad_words_before_a_name_are_not_part_of_it(nlp, text, expected):
    people = _people(nlp, text)
    assert expected in people
    assert not [p for p in people if p.split()[0] in ("Goalkeepers", "Referee", "Substitutes")]
