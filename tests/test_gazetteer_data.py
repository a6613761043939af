"""Schema and content checks of the club and national-team gazetteer (no spaCy pipeline)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from transfer_nlp.gazetteer import Gazetteer, gazetteer_reader

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data" / "openfootball-clubs"
DATA = files("transfer_nlp") / "data" / "gazetteers"


def _jsonl(name: str) -> list[dict[str, Any]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def clubs() -> list[dict[str, Any]]:
    return _jsonl("clubs.jsonl")


@pytest.fixture(scope="module")
def national_teams() -> list[dict[str, Any]]:
    return _jsonl("national_teams.jsonl")


@pytest.fixture(scope="module")
def shared() -> dict[str, dict[str, Any]]:
    return json.loads((DATA / "shared_aliases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


# -- schema ---------------------------------------------------------------------------


def test_gazetteer_data_records_have_keys(clubs, national_teams):
    for record in clubs:
        assert {"id", "name", "country", "aliases", "weak"} <= record.keys(), record["id"]
    for record in national_teams:
        assert {"id", "name", "aliases", "demonyms", "nicknames"} <= record.keys(), record["id"]


def test_gazetteer_data_ids_unique_and_sorted(clubs, national_teams):
    club_ids = [r["id"] for r in clubs]
    national_ids = [r["id"] for r in national_teams]
    assert club_ids == sorted(club_ids)
    assert national_ids == sorted(national_ids)
    all_ids = club_ids + national_ids
    assert len(all_ids) == len(set(all_ids))


def test_gazetteer_data_aliases_well_formed(clubs):
    for record in clubs:
        aliases = record["aliases"]
        assert aliases[0] == record["name"], record["id"]
        assert len(aliases) == len(set(aliases)), record["id"]
        assert set(record["weak"]) <= set(aliases), record["id"]
        for alias in aliases:
            assert alias == alias.strip() and "  " not in alias, alias
            assert len(alias) > 2 or (len(alias) == 2 and alias.isupper()), alias
            assert alias.lower() not in {"fc", "club", "the", "afc", "united fc"}, alias


def test_gazetteer_data_display_names_unique(clubs, national_teams):
    names = [r["name"] for r in clubs + national_teams]
    assert len(names) == len(set(names))


def test_gazetteer_data_shared_aliases_cover_every_conflict(clubs, national_teams, shared):
    claims: dict[str, list[str]] = defaultdict(list)
    for record in clubs:
        for alias in record["aliases"]:
            claims[alias].append(record["id"])
    for record in national_teams:
        for alias in dict.fromkeys(record["aliases"] + record["nicknames"]):
            claims[alias].append(record["id"])
    conflicts = {alias: ids for alias, ids in claims.items() if len(ids) > 1}
    assert set(conflicts) == set(shared)
    for alias, entry in shared.items():
        assert sorted(entry["clubs"]) == sorted(conflicts[alias]), alias
        assert entry["default"] is None or entry["default"] in entry["clubs"], alias
        if entry["default"] is not None:
            assert entry["clubs"][0] == entry["default"], alias


def test_gazetteer_data_no_club_alias_is_a_national_team(clubs, national_teams):
    national = {a for r in national_teams for a in r["aliases"] + r["nicknames"]}
    club = {a for r in clubs for a in r["aliases"]}
    assert not club & national


def test_gazetteer_data_demonyms_unique(national_teams):
    demonyms = [d for r in national_teams for d in r["demonyms"]]
    assert len(demonyms) == len(set(demonyms))


# -- content ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias,name",
    [
        ("Spurs", "Tottenham Hotspur"),
        ("Man Utd", "Manchester United"),
        ("Man United", "Manchester United"),
        ("Red Devils", "Manchester United"),
        ("Man City", "Manchester City"),
        ("Barca", "Barcelona"),
        ("Barça", "Barcelona"),
        ("Blaugrana", "Barcelona"),
        ("PSG", "Paris Saint-Germain"),
        ("Juve", "Juventus"),
        ("Bianconeri", "Juventus"),
        ("Gunners", "Arsenal"),
        ("Boro", "Middlesbrough"),
        ("Toffees", "Everton"),
        ("Hammers", "West Ham United"),
        ("Wolves", "Wolverhampton Wanderers"),
        ("Inter", "Inter"),
        ("Nerazzurri", "Inter"),
        ("Rossoneri", "AC Milan"),
        ("Bayern", "Bayern Munich"),
        ("Die Roten", "Bayern Munich"),
        ("Atletico", "Atlético Madrid"),
        ("Atleti", "Atlético Madrid"),
        ("Los Blancos", "Real Madrid"),
        ("Madrid", "Real Madrid"),
        ("Dortmund", "Borussia Dortmund"),
        ("BVB", "Borussia Dortmund"),
        ("Gladbach", "Borussia Mönchengladbach"),
        ("Sociedad", "Real Sociedad"),
        ("Benfica", "Benfica"),
        ("Sporting", "Sporting CP"),
        ("Gers", "Rangers"),
        ("Bhoys", "Celtic"),
        ("OM", "Marseille"),
        ("Al Hilal", "Al-Hilal"),
        ("Al-Nassr", "Al-Nassr"),
        ("LAFC", "Los Angeles FC"),
        ("NYCFC", "New York City FC"),
        ("Fenerbahce", "Fenerbahçe"),
        ("Besiktas", "Beşiktaş"),
        ("Boca", "Boca Juniors"),
        ("Three Lions", "England"),
        ("Holland", "Netherlands"),
        ("Oranje", "Netherlands"),
        ("Selecao", "Brazil"),
        ("Korea Republic", "South Korea"),
        ("Ireland", "Republic of Ireland"),
        ("USMNT", "United States"),
    ],
)
def test_gazetteer_data_alias_resolves(gaz, alias, name):
    team_id = gaz.default(alias)
    assert team_id is not None, alias
    assert gaz.canonical(team_id) == name


@pytest.mark.parametrize(
    "alias,team_id",
    [
        ("United", "manchester_united"),
        ("City", "manchester_city"),
        ("Real", "real_madrid"),
        ("Inter", "inter"),
        ("Athletic", "athletic_bilbao"),
        ("Sporting", "sporting_cp"),
        ("Arsenal", "arsenal"),
        ("Liverpool", "liverpool"),
        ("Barcelona", "barcelona"),
        ("Albion", None),
        ("Rovers", None),
    ],
)
def test_gazetteer_data_shared_defaults(gaz, alias, team_id):
    assert len(gaz.candidates(alias)) > 1
    assert gaz.default(alias) == team_id


@pytest.mark.parametrize(
    "alias,weak",
    [
        ("Reading", True),
        ("Madrid", True),
        ("Milan", True),
        ("United", True),
        ("Palace", True),
        ("Albion", True),
        ("Liverpool", False),
        ("Spurs", False),
        ("Manchester United", False),
        ("Arsenal", False),
        ("Jordan", True),
        ("Brazil", False),
    ],
)
def test_gazetteer_data_weak_forms(gaz, alias, weak):
    assert gaz.is_weak(alias) is weak


@pytest.mark.parametrize(
    "country,names",
    [
        ("ENG", ["Arsenal", "Chelsea", "Leeds United", "Sunderland", "Ipswich Town", "Wrexham"]),
        ("ESP", ["Real Madrid", "Barcelona", "Sevilla", "Real Betis", "Deportivo La Coruña"]),
        ("ITA", ["Juventus", "AC Milan", "Napoli", "Roma", "Como", "Sampdoria"]),
        ("DEU", ["Bayern Munich", "Bayer Leverkusen", "RB Leipzig", "Schalke", "Hertha BSC"]),
        ("FRA", ["Paris Saint-Germain", "Marseille", "Lyon", "Monaco", "Saint-Étienne"]),
        ("SCO", ["Celtic", "Rangers", "Aberdeen", "Hearts", "Hibernian"]),
        ("PRT", ["Benfica", "Porto", "Sporting CP", "Braga"]),
        ("NLD", ["Ajax", "PSV Eindhoven", "Feyenoord", "AZ Alkmaar"]),
        ("BEL", ["Club Brugge", "Anderlecht", "Genk", "Union Saint-Gilloise"]),
        ("TUR", ["Galatasaray", "Fenerbahçe", "Beşiktaş", "Trabzonspor"]),
        ("BRA", ["Flamengo", "Palmeiras", "Corinthians", "Santos", "São Paulo FC"]),
        ("ARG", ["Boca Juniors", "River Plate", "Racing Club", "Independiente"]),
        ("USA", ["Inter Miami", "LA Galaxy", "Los Angeles FC", "Seattle Sounders"]),
        ("SAU", ["Al-Hilal", "Al-Nassr", "Al-Ittihad", "Al-Ahli", "Al-Qadsiah"]),
    ],
)
def test_gazetteer_data_leagues_present(clubs, country, names):
    by_name = {r["name"]: r["country"] for r in clubs}
    for name in names:
        expected = "WAL" if name == "Wrexham" else "MCO" if name == "Monaco" else country
        assert by_name.get(name) == expected, name


def test_gazetteer_data_every_fifa_member(national_teams):
    members = [r for r in national_teams if r.get("fifa_member", True)]
    assert len(members) >= 205
    codes = [r["fifa"] for r in members]
    assert len(codes) == len(set(codes))


def test_gazetteer_data_demonym_index(gaz):
    index = gaz.demonym_index()
    assert index["Brazilian"] == "brazil"
    assert index["Dutch"] == "netherlands"
    assert index["English"] == "england"


def test_gazetteer_data_ground_index(gaz, clubs):
    grounds = gaz.ground_index()
    assert grounds["White Hart Lane"] == "tottenham_hotspur"
    assert grounds["The Valley"] == "charlton_athletic"
    # a ground is one club's and never a club's name or a generic "City Stadium"
    assert "City Stadium" not in grounds
    aliases = {a for c in clubs for a in c["aliases"]}
    assert not set(grounds) & aliases


def test_gazetteer_data_aliases_labels(gaz):
    pairs = set(gaz.aliases())
    assert ("Spurs", "CLUB") in pairs
    assert ("Three Lions", "NATIONAL_TEAM") in pairs
    assert ("Brazilian", "NATIONAL_TEAM") not in pairs  # demonyms are not names


def test_gazetteer_data_to_dict_round_trips(gaz):
    data = gaz.to_dict()
    assert json.loads(json.dumps(data)) == data
    again = Gazetteer.from_dict(data)
    assert again.to_dict() == data
    assert again.candidates("United") == gaz.candidates("United")
    assert gazetteer_reader() == data


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data/openfootball-clubs")
def test_gazetteer_data_build_reproduces_committed_files(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), str(SHARED_DATA),
         "--out-dir", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name in ("clubs.jsonl", "shared_aliases.json"):
        built = (tmp_path / name).read_text(encoding="utf-8")
        assert built == (DATA / name).read_text(encoding="utf-8"), name
