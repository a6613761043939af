"""The club and national-team gazetteer: surface forms, priorities and display names.

Plain Python over the package data in ``data/gazetteers/`` (built by
``scripts/build_gazetteer.py``):

* ``clubs.jsonl``: one club a line, ``{"id", "name", "country", "aliases", "weak"}`` and, where
  openfootball gives one that is the club's alone, ``"grounds"``;
* ``national_teams.jsonl``: one national side a line, ``{"id", "name", "aliases", "demonyms",
  "nicknames", ...}``;
* ``shared_aliases.json``: ``{surface: {"clubs": [ids, best first], "default": id or null}}`` for
  the surface forms several clubs claim ("United", "Arsenal").

Matching downstream is case-sensitive on these surface forms. spaCy is imported only to register
:func:`gazetteer_reader`, which hands the data to a pipeline's ``initialize``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from spacy.util import registry

from .errors import DataFileError, Errors

CLUB_LABEL = "CLUB"
NATIONAL_LABEL = "NATIONAL_TEAM"
FORMAT_VERSION = 1

CLUB_KEYS = ("id", "name", "country", "aliases")
NATIONAL_KEYS = ("id", "name", "aliases", "demonyms", "nicknames")


@dataclass(frozen=True, slots=True)
class Team:
    """A club or a national side.

    Attributes:
        id (str): Stable identifier ("tottenham_hotspur", "brazil").
        name (str): Display name ("Tottenham Hotspur").
        kind (str): "club" or "national".
        country (str | None): ISO 3166-1 alpha-3 code, or ENG/SCO/WAL/NIR/XKX.
        aliases (tuple[str, ...]): Surface forms, the display name first.
        weak (tuple[str, ...]): Aliases that need football context to be this team.
        demonyms (tuple[str, ...]): National sides only ("Brazilian").
        nicknames (tuple[str, ...]): National sides only ("Three Lions").
        grounds (tuple[str, ...]): Clubs only: home grounds ("White Hart Lane").
    """

    id: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    weak: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    grounds: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return CLUB_LABEL if self.kind == "club" else NATIONAL_LABEL

    def surfaces(self) -> tuple[str, ...]:
        """Every form that names the team: aliases, then nicknames (never demonyms)."""
        return tuple(dict.fromkeys((*self.aliases, *self.nicknames)))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "aliases": list(self.aliases),
            "weak": list(self.weak),
        }
        if self.kind == "national":
            out["demonyms"] = list(self.demonyms)
            out["nicknames"] = list(self.nicknames)
        if self.grounds:
            out["grounds"] = list(self.grounds)
        return out

    @classmethod
    def from_record(cls, record: Mapping[str, Any], kind: str) -> Team:
        return cls(
            id=str(record["id"]),
            name=str(record["name"]),
            kind=kind,
            country=record.get("country"),
            aliases=tuple(record.get("aliases", ())),
            weak=tuple(record.get("weak", ())),
            demonyms=tuple(record.get("demonyms", ())),
            nicknames=tuple(record.get("nicknames", ())),
            grounds=tuple(record.get("grounds", ())),
        )


@dataclass
class Gazetteer:
    """Clubs and national teams, indexed by surface form.

    Attributes:
        teams (dict[str, Team]): Every team by id.
        shared (dict[str, dict[str, Any]]): Surface forms several clubs claim:
            ``{"clubs": [ids, best first], "default": id or None}``.
    """

    teams: dict[str, Team]
    shared: dict[str, dict[str, Any]] = field(default_factory=dict)
    _index: dict[str, list[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[str]] = {}
        for team in self.teams.values():
            for surface in team.surfaces():
                ids = index.setdefault(surface, [])
                if team.id not in ids:
                    ids.append(team.id)
        for surface, entry in self.shared.items():
            claimed = index.get(surface, [])
            ranked = [i for i in entry["clubs"] if i in claimed]
            index[surface] = ranked + [i for i in claimed if i not in ranked]
        self._index = index

    # -- look-ups ---------------------------------------------------------
    def candidates(self, alias: str) -> list[str]:
        """Team ids for an exact surface form, best first; [] if unknown."""
        return list(self._index.get(alias, ()))

    def default(self, alias: str) -> str | None:
        """The team meant when the text gives no other clue.

        None for an unknown form, and for a shared form with no press convention (such a form is
        a team only where the text also names one of its candidates in full).
        """
        entry = self.shared.get(alias)
        if entry is not None:
            return entry["default"]
        ids = self._index.get(alias)
        return ids[0] if ids else None

    def is_weak(self, alias: str) -> bool:
        """Whether the form needs football context ("Reading", "Madrid", "United")."""
        if alias not in self._index:
            return False
        team_id = self.default(alias)
        if team_id is None:
            return True
        return alias in self.teams[team_id].weak

    def canonical(self, team_id: str) -> str:
        """The display name of a team ("Manchester United" for "manchester_united")."""
        return self.teams[team_id].name

    def aliases(self) -> Iterator[tuple[str, str]]:
        """Every (surface form, label) pair, label "CLUB" or "NATIONAL_TEAM"; clubs first."""
        seen: set[tuple[str, str]] = set()
        ordered = sorted(self.teams.values(), key=lambda t: (t.kind != "club", t.id))
        for team in ordered:
            for surface in team.surfaces():
                pair = (surface, team.label)
                if pair not in seen:
                    seen.add(pair)
                    yield pair

    def ground_index(self) -> dict[str, str]:
        """Ground -> club id ("White Hart Lane" -> "tottenham_hotspur")."""
        out: dict[str, str] = {}
        for team in sorted(self.teams.values(), key=lambda t: t.id):
            for ground in team.grounds:
                out.setdefault(ground, team.id)
        return out

    def demonym_index(self) -> dict[str, str]:
        """Demonym -> national-team id ("Brazilian" -> "brazil")."""
        out: dict[str, str] = {}
        for team in sorted(self.teams.values(), key=lambda t: t.id):
            for demonym in team.demonyms:
                out.setdefault(demonym, team.id)
        return out

    # -- serialization ----------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe copy of the data (for ``to_disk``/``to_bytes`` of a component)."""
        teams = sorted(self.teams.values(), key=lambda t: t.id)
        return {
            "version": FORMAT_VERSION,
            "clubs": [t.to_dict() for t in teams if t.kind == "club"],
            "national_teams": [t.to_dict() for t in teams if t.kind == "national"],
            "shared": {k: {"clubs": list(v["clubs"]), "default": v["default"]}
                       for k, v in sorted(self.shared.items())},
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gazetteer:
        """The inverse of :meth:`to_dict`."""
        return cls.from_records(
            data.get("clubs", ()), data.get("national_teams", ()), data.get("shared", {})
        )

    @classmethod
    def from_records(
        cls,
        clubs: Iterable[Mapping[str, Any]],
        national_teams: Iterable[Mapping[str, Any]],
        shared: Mapping[str, Mapping[str, Any]],
    ) -> Gazetteer:
        teams: dict[str, Team] = {}
        for kind, records in (("club", clubs), ("national", national_teams)):
            for record in records:
                team = Team.from_record(record, kind)
                if team.id in teams:
                    raise DataFileError(
                        Errors.E003(path="gazetteer", line=team.id, problem="duplicate id")
                    )
                teams[team.id] = team
        shared_copy = {
            str(k): {"clubs": list(v["clubs"]), "default": v.get("default")}
            for k, v in shared.items()
        }
        return cls(teams=teams, shared=shared_copy)

    @classmethod
    @functools.lru_cache(maxsize=1)
    def load(cls) -> Gazetteer:
        """The packaged gazetteer (read once per process; do not mutate it)."""
        folder = files("transfer_nlp") / "data" / "gazetteers"
        clubs = _read_jsonl(folder / "clubs.jsonl", CLUB_KEYS)
        national = _read_jsonl(folder / "national_teams.jsonl", NATIONAL_KEYS)
        shared_path = folder / "shared_aliases.json"
        try:
            shared = json.loads(shared_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise DataFileError(Errors.E004(path=shared_path, reason=err)) from err
        return cls.from_records(clubs, national, shared)


def _read_jsonl(path: Any, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """Records of a package JSONL file, each checked for the ``required`` keys."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataFileError(Errors.E004(path=path, reason=err)) from err
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            raise DataFileError(Errors.E003(path=path, line=number, problem=err)) from err
        for key in required:
            if key not in record:
                problem = f"missing key {key!r}"
                raise DataFileError(Errors.E003(path=path, line=number, problem=problem))
        records.append(record)
    return records


@registry.misc("transfer_nlp.gazetteer.v1")
def gazetteer_reader() -> dict[str, Any]:
    """The packaged gazetteer as a JSON-safe dict, for ``[initialize.components.X.gazetteer]``."""
    return Gazetteer.load().to_dict()
