"""Football vocabulary shared by the rule components, read once from package data."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def load(name: str) -> dict[str, Any]:
    """A lexicon file of the package (`data/lexicons/<name>`)."""
    path = files("transfer_nlp") / "data" / "lexicons" / name
    return json.loads(path.read_text(encoding="utf-8"))


_ENT = load("entities.json")

ROLE_NOUNS: frozenset[str] = frozenset(_ENT["role_nouns"])
NOT_PERSON: frozenset[str] = frozenset(_ENT["not_person"])
TEAM_FOLLOWERS: frozenset[str] = frozenset(_ENT["team_followers"])
PLACE_PREPOSITIONS: frozenset[str] = frozenset(_ENT["place_prepositions"])
NATIONAL_TEAM_FOLLOWERS: frozenset[str] = frozenset(_ENT["national_team_followers"])
COUNTRY_TEAM_CUES: frozenset[str] = frozenset(_ENT["country_team_cues"])
MONONYMS: frozenset[str] = frozenset(_ENT["mononyms"])
PERSON_PREFIXES: frozenset[str] = frozenset(_ENT["person_prefixes"])
NAME_PARTICLES: frozenset[str] = frozenset(_ENT["name_particles"])
NAME_SUFFIXES: frozenset[str] = frozenset(_ENT["name_suffixes"])
JOB_NOUNS: frozenset[str] = frozenset(_ENT["job_nouns"])
ORG_WORDS: frozenset[str] = frozenset(_ENT["org_words"])
MATCH_PREPOSITIONS: frozenset[str] = frozenset(_ENT["match_prepositions"])
CALENDAR_WORDS: frozenset[str] = frozenset(_ENT["calendar_words"])
