#!/usr/bin/env python3
"""Build the club gazetteer from the openfootball club lists plus our hand-written press forms.

Usage (from the repository root)::

    python scripts/build_gazetteer.py [DATA_DIR] [--out-dir DIR] [--verbose]

DATA_DIR is a copy of openfootball's ``clubs`` repository (CC0); it defaults to
``../shared/data/openfootball-clubs`` next to the repository root. The script reads

* every ``*.clubs.txt`` below DATA_DIR (one country per file),
* ``src/transfer_nlp/data/gazetteers/club_nicknames.json`` (hand-written: canonical names, press
  short forms and nicknames, league tiers, weak forms, conventions for shared short forms),
* ``src/transfer_nlp/data/gazetteers/national_teams.jsonl`` (hand-written: a club alias that is
  also a national-team surface form is dropped from the club),

and writes ``clubs.jsonl`` and ``shared_aliases.json`` into ``--out-dir`` (by default the package's
``data/gazetteers`` folder). The output depends only on these inputs, so running the script twice
gives identical files.

Format of a ``*.clubs.txt`` file, as far as we use it:

* ``= Country`` and ``== Region`` lines are headers; text after ``#`` is a comment.
* A line starting in column 0 is a club: ``Name, year, @ stadium, city``. The name (the text
  before the first comma) and the ground (after ``@``; kept when no other club or place has it)
  are used. A roman ``ii)`` prefix marks a reserve side; a ``(1890-1932)``
  suffix gives the years the club existed (an end year means it is defunct).
* Following indented lines starting with ``|`` list alternate names separated by ``|``;
  ``[de]``-style tags give the language of a name and are dropped.
* Other indented lines are postal addresses (they contain ``//``), a few club lines indented by
  mistake (they contain a comma) or a few alternate names written without ``|``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
GAZETTEER_DIR = REPO_ROOT / "src" / "transfer_nlp" / "data" / "gazetteers"
DEFAULT_DATA_DIR = REPO_ROOT / ".." / "shared" / "data" / "openfootball-clubs"

# Countries whose clubs win a shared short form, best first; every other country comes after
# these, in alphabetical order of its code.
DEFAULT_COUNTRY_PRIORITY = (
    "ENG",
    "ESP",
    "ITA",
    "DEU",
    "FRA",
    "SCO",
    "PRT",
    "NLD",
    "BEL",
    "TUR",
    "BRA",
    "ARG",
    "USA",
    "SAU",
)

# File prefixes that are not ISO 3166-1 alpha-2 codes.
SPECIAL_COUNTRY_CODES = {"eng": "ENG", "sco": "SCO", "wal": "WAL", "nir": "NIR", "kos": "XKX"}

# Words that name no club on their own: an alias made only of these is dropped.
GENERIC_WORDS = frozenset(
    {
        "fc", "afc", "cf", "sc", "cfc", "fk", "sk", "nk", "ac", "as", "ss", "us", "cd", "ud", "sd",
        "ca", "ce", "se", "ec", "cr", "ad", "rc", "rcd", "ik", "if", "bk", "sv", "vfb", "vfl",
        "club", "clube", "klub", "the", "football", "soccer", "fútbol", "futbol", "futebol",
        "calcio", "sport", "sports", "de", "del", "da", "do", "di", "la", "le", "el", "los", "las",
        "team", "reserves", "reserve", "ii", "b", "u19", "u21", "u23",
    }
)  # fmt: skip
# Club-type tokens dropped from either end of a name: "Arsenal FC" -> "Arsenal", "FC Barcelona" ->
# "Barcelona", "1. FC Köln" -> "Köln". The short form becomes an alias of the club.
LEADING_AFFIXES = frozenset({"1.", "FC", "AFC", "CF", "SC", "FK", "SK", "NK", "CFC"})
TRAILING_AFFIXES = frozenset({"FC", "AFC", "CF", "SC", "CFC", "FK", "SK", "Calcio"})
# More prefixes ("AS Roma", "VfB Stuttgart", "RCD Espanyol"), dropped only to pick a display name
# that openfootball itself lists as an alternate.
MORE_LEADING_AFFIXES = frozenset(
    {
        "AS", "SS", "US", "SSC", "UC", "ACF", "ASD", "CD", "UD", "SD", "RCD", "RC", "CA", "SV",
        "VfB", "VfL", "TSG", "FSV", "KRC", "KAA", "RSC", "KV", "KVC", "Calcio",
    }
)  # fmt: skip
# Brazilian club names in openfootball end in a state code ("Flamengo RJ").
BRAZILIAN_STATES = frozenset(
    {
        "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB",
        "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
    }
)  # fmt: skip
# Countries whose club names are brands that keep their affix ("FC Dallas", "FC Cincinnati").
KEEP_AFFIX_COUNTRIES = frozenset({"USA", "CAN"})

LANG_TAG = re.compile(r"\[[a-z]{2,3}\]")
ROMAN_PREFIX = re.compile(r"^\s*([ivx]+)\)\s*")
YEARS = re.compile(r"\(\s*(\d{4})?\s*[-–]\s*(\d{4})?\s*\)")
SPACES = re.compile(r"\s+")
# Letters NFKD does not split into a base letter plus an accent.
EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l",
     "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th"}
)  # fmt: skip


# A ground named only with these words ("City Stadium", "Memorial Stadium") is no clue.
GENERIC_GROUND_WORDS = {
    "arena", "stadium", "stadion", "stadio", "estadio", "stade", "park", "ground", "road",
    "city", "county", "memorial", "municipal", "national", "nacional", "olympic", "olympia",
    "olympiastadion", "community", "sports", "central", "youth", "victoria", "new", "the",
    "idrottsparken", "sportpark", "field", "lane", "home", "club", "football", "de", "do", "da",
}  # fmt: skip


class BuildError(Exception):
    """The inputs are inconsistent (a typo in club_nicknames.json, for example)."""


@dataclass
class Club:
    """One club while the gazetteer is being built."""

    country: str
    source_name: str  # the name as openfootball writes it, or our own for extra clubs
    order: int  # position in the input, for stable priorities
    defunct: bool = False
    reserve: bool = False
    tier: int | None = None
    city: str | None = None
    ground: str | None = None
    raw_aliases: list[str] = field(default_factory=list)
    curated: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    weak: set[str] = field(default_factory=set)
    name: str = ""
    id: str = ""

    def rank(self, country_rank: dict[str, int]) -> tuple[int, int, int, int]:
        """Sort key, lower first when several clubs claim one surface form: clubs still playing
        before reserve sides and defunct clubs, then by country, league tier and input order."""
        status = 2 if self.defunct else 1 if self.reserve else 0
        tier = self.tier if self.tier is not None else 9
        return (status, country_rank.get(self.country, len(country_rank)), tier, self.order)


# --------------------------------------------------------------------------- text helpers


def clean(text: str) -> str:
    """Drop language tags and squeeze spaces and stray punctuation from one name."""
    text = LANG_TAG.sub("", text)
    text = SPACES.sub(" ", text).strip(" ,;\t")
    return text


def fold_accents(text: str) -> str:
    """Return ``text`` without diacritics ("Atlético" -> "Atletico", "Köln" -> "Koln")."""
    text = text.translate(EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def variants(alias: str) -> list[str]:
    """Spelling variants the press writes for the same name, ``alias`` itself first."""
    out = [alias]

    def add(form: str) -> None:
        form = SPACES.sub(" ", form).strip()
        if form and form not in out:
            out.append(form)

    rewrites = (
        (re.compile(r"\bAl-(?=[A-Z])"), "Al "),
        (re.compile(r"\bAl (?=[A-Z])"), "Al-"),
        (re.compile(r"\bSt\. "), "St "),
        (re.compile(r"\bSt (?=[A-Z])"), "St. "),
        (re.compile(r" & "), " and "),
        (re.compile(r"’"), "'"),
        (re.compile(r"'"), "’"),
    )
    i = 0
    while i < len(out):  # closure over the rewrites; there are at most a few variants
        form = out[i]
        add(fold_accents(form))
        for pattern, repl in rewrites:
            add(pattern.sub(repl, form))
        i += 1
    return out


def slug(text: str) -> str:
    """An id made from a name: ASCII, lower case, words joined by ``_``."""
    text = fold_accents(text).lower().replace("&", " and ").replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def is_generic(alias: str) -> bool:
    words = re.findall(r"[\wÀ-ÿ]+", alias.lower())
    return not words or all(w in GENERIC_WORDS or w.isdigit() for w in words)


def drop_reason(alias: str, curated: bool = False) -> str | None:
    """Why an alias is useless or dangerous for matching, or None if it is fine.

    A curated two-letter form in capitals ("OM", "AZ") is kept: the press uses it.
    """
    if len(alias) <= 2 and not (curated and len(alias) == 2 and alias.isupper()):
        return "too short"
    if "(" in alias or ")" in alias:
        return "parenthesised disambiguation"
    if is_generic(alias):
        return "generic"
    if not alias[0].isupper() and not alias[0].isdigit():
        return "lower case"
    return None


def strip_affixes(name: str, country: str, *, more: bool = False) -> str:
    """``name`` without club-type affixes at either end ("Arsenal FC" -> "Arsenal").

    Args:
        name (str): A club name as openfootball writes it.
        country (str): The club's country code; North American names keep their affixes.
        more (bool): Also drop the prefixes of MORE_LEADING_AFFIXES.
    """
    if country in KEEP_AFFIX_COUNTRIES:
        return name
    leading = LEADING_AFFIXES | MORE_LEADING_AFFIXES if more else LEADING_AFFIXES
    words = name.split()
    if country == "BRA" and len(words) > 1 and words[-1] in BRAZILIAN_STATES:
        words = words[:-1]
    while len(words) > 1 and words[0] in leading:
        words = words[1:]
    while len(words) > 1 and words[-1] in TRAILING_AFFIXES:
        words = words[:-1]
    return " ".join(words)


# --------------------------------------------------------------------------- reading


def country_code(path: Path) -> str:
    """ISO 3166-1 alpha-3 (or ENG/SCO/WAL/NIR/XKX) for ``xx.clubs.txt``."""
    prefix = path.name.split(".", 1)[0].lower()
    if prefix in SPECIAL_COUNTRY_CODES:
        return SPECIAL_COUNTRY_CODES[prefix]
    import pycountry

    country = pycountry.countries.get(alpha_2=prefix.upper())
    if country is None:
        raise BuildError(f"{path}: cannot tell the country from the file name")
    return str(country.alpha_3)


def parse_club_line(body: str) -> tuple[str, bool, bool, str | None]:
    """Split a club line into (name, defunct, reserve, city)."""
    reserve = False
    match = ROMAN_PREFIX.match(body)
    if match:
        reserve = match.group(1) != "i"
        body = body[match.end() :]
    fields = [f.strip() for f in body.split(",")]
    name = fields[0]
    defunct = False
    years = YEARS.search(name)
    if years:
        defunct = years.group(2) is not None
        name = name[: years.start()] + name[years.end() :]
    city = None
    for extra in fields[1:]:
        if extra and not extra.startswith("@") and not re.fullmatch(r"\d{4}", extra):
            city = re.split(r"[(›]", extra, maxsplit=1)[0].strip() or None
            break
    return clean(name), defunct, reserve, city


def read_clubs_file(path: Path, country: str, start: int) -> list[Club]:
    """Every club of one ``*.clubs.txt`` file, in file order."""
    clubs: list[Club] = []
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n"):
        body = line.split("#", 1)[0].rstrip().expandtabs(2)
        stripped = body.strip()
        if not stripped or stripped.startswith("="):
            continue
        if body[0].isspace() and not stripped.startswith("|"):
            if "//" in stripped:  # a postal address
                continue
            if "," not in stripped and clubs:  # an alternate written without "|"
                clubs[-1].raw_aliases.append(clean(stripped))
                continue
        if stripped.startswith("|"):
            if clubs:
                clubs[-1].raw_aliases.extend(clean(a) for a in stripped.split("|"))
            continue
        name, defunct, reserve, city = parse_club_line(stripped)
        if not name:
            continue
        ground = next(
            (
                re.split(r"[(›]|\s{2,}", f.strip()[1:].strip(), maxsplit=1)[0].strip()
                for f in stripped.split(",")
                if f.strip().startswith("@")
            ),
            None,
        )
        clubs.append(
            Club(
                country=country,
                source_name=name,
                order=start + len(clubs),
                defunct=defunct,
                reserve=reserve,
                city=city,
                ground=ground or None,
                raw_aliases=[name],
            )
        )
    return clubs


def read_openfootball(data_dir: Path) -> list[Club]:
    """All clubs below ``data_dir``; files are read in sorted path order."""
    paths = sorted(p for p in data_dir.rglob("*.clubs.txt") if p.is_file())
    if not paths:
        raise BuildError(f"no *.clubs.txt files below {data_dir}")
    clubs: list[Club] = []
    for path in paths:
        clubs.extend(read_clubs_file(path, country_code(path), len(clubs)))
    return clubs


def read_national_teams(path: Path) -> dict[str, set[str]]:
    """National-team id -> its names, aliases and nicknames (demonyms are not names)."""
    teams: dict[str, set[str]] = {}
    if not path.exists():
        return teams
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            forms = {record["name"], *record.get("aliases", ()), *record.get("nicknames", ())}
            teams[record["id"]] = forms
    return teams


# --------------------------------------------------------------------------- building


def apply_curated(clubs: list[Club], curated: dict[str, Any]) -> list[Club]:
    """Attach the hand-written entries of club_nicknames.json and add the clubs it defines."""
    index: dict[tuple[str, str], Club] = {}
    for club in clubs:
        index.setdefault((club.country, club.source_name), club)
    out = list(clubs)
    for country, entries in curated["clubs"].items():
        for source_name, entry in entries.items():
            found = index.get((country, source_name))
            if found is None:
                if not entry.get("new"):
                    raise BuildError(
                        f"club_nicknames.json: no club {source_name!r} in {country}; fix the "
                        'name or mark the entry "new": true'
                    )
                club = Club(country=country, source_name=source_name, order=len(out))
                club.raw_aliases.append(source_name)
                index[(country, source_name)] = club
                out.append(club)
            elif entry.get("new"):
                raise BuildError(f"club_nicknames.json: {country} {source_name!r} is not new")
            else:
                club = found
            club.curated = entry
            club.tier = entry.get("tier")
    return out


def candidate_aliases(club: Club, global_drop: set[str]) -> list[str]:
    """The club's surface forms before conflicts are resolved, best first."""
    drop = global_drop | set(club.curated.get("drop", ()))
    forms: list[tuple[str, bool]] = []
    if "name" in club.curated:
        forms.append((club.curated["name"], True))
    forms.append((strip_affixes(club.source_name, club.country), False))
    forms.extend((a, False) for a in club.raw_aliases)
    forms.extend((a, True) for a in club.curated.get("aliases", ()))
    out: list[str] = []
    for form, curated in forms:
        for variant in variants(clean(form)):
            if variant in drop or variant in out or drop_reason(variant, curated):
                continue
            out.append(variant)
    return out


def choose_name(club: Club, claims: dict[str, list[Club]], weak: set[str], taken: set[str]) -> str:
    """The display name of a club.

    A curated name wins. Else the openfootball name less its affixes ("Arsenal FC" -> "Arsenal";
    with the longer list of prefixes only where openfootball lists the result as an alternate, so
    "AS Roma" -> "Roma" but "Bonner SC" stays), or the openfootball name itself, as long as this
    club is the first to claim that form. Else the first form no other club claims.
    """
    if "name" in club.curated:
        return str(club.curated["name"])
    source = club.source_name
    short = strip_affixes(source, club.country)
    shorter = strip_affixes(source, club.country, more=True)
    listed = set(club.raw_aliases)
    options = []
    if shorter != short and shorter in listed:
        options.append(shorter)
    if short != source and short in listed:
        options.append(short)
    options.append(source)
    for form in options:
        if (
            form in club.aliases
            and claims[form][0] is club
            and form not in taken
            and (form == source or (form not in weak and len(form) >= 4))
        ):
            return form
    for form in club.aliases:
        if len(claims[form]) == 1 and form not in taken:
            return form
    raise BuildError(
        f"{club.country} {source!r}: every form is shared; give the club a name in "
        "club_nicknames.json"
    )


def place_forms(clubs: list[Club]) -> tuple[set[str], set[tuple[str, str]]]:
    """Club cities (with accents and without), and the (country, city) pairs that are weak even
    for a top club: a city with two or more clubs in the top divisions we rank (Madrid, Paris),
    and every North American city (Atlanta)."""
    tiered: dict[tuple[str, str], int] = defaultdict(int)
    cities: set[str] = set()
    crowded: set[tuple[str, str]] = set()
    for club in clubs:
        if not club.city:
            continue
        city = fold_accents(club.city)
        cities.update((club.city, city))
        if club.country in KEEP_AFFIX_COUNTRIES:
            crowded.add((club.country, city))
        if is_ranked(club) and club.tier is not None and club.tier <= 2:
            tiered[(club.country, city)] += 1
    crowded.update(key for key, n in tiered.items() if n >= 2)
    return cities, crowded


def is_ranked(club: Club) -> bool:
    """A club of a division we rank, still playing, not a reserve side."""
    return club.tier is not None and not club.defunct and not club.reserve


def is_place_weak(club: Club, form: str, cities: set[str], crowded: set[tuple[str, str]]) -> bool:
    """A bare place name is weak, except a ranked club's own name or its city's only top club."""
    folded = fold_accents(form)
    if form not in cities and folded not in cities:
        return False
    if not is_ranked(club):
        return True
    return folded != fold_accents(club.name) and (club.country, folded) in crowded


def build(
    data_dir: Path,
    curated: dict[str, Any],
    national: dict[str, set[str]],
    log: list[str],
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Return (club records sorted by id, shared aliases sorted by alias).

    ``national`` maps each national-team id to its surface forms (names, aliases, nicknames).
    """
    clubs = apply_curated(read_openfootball(data_dir), curated)
    priority = list(curated.get("country_priority", DEFAULT_COUNTRY_PRIORITY))
    rest = sorted({c.country for c in clubs} - set(priority))
    country_rank = {code: i for i, code in enumerate(priority + rest)}
    clubs.sort(key=lambda c: c.rank(country_rank))

    global_drop = set(curated.get("drop", ()))
    global_weak = set(curated.get("weak", ()))
    strong = set(curated.get("strong", ()))
    conventions: dict[str, Any] = curated.get("shared", {})
    national_forms = set().union(*national.values()) if national else set()

    # 1. surface forms, less those of national teams (the national team keeps a country's name)
    short_forms = set(curated.get("short_forms", ()))
    for club in clubs:
        forms = candidate_aliases(club, global_drop)
        if is_ranked(club):
            # "United" for Leeds United: the press writes it once the club is named in full
            display = club.curated.get("name") or strip_affixes(club.source_name, club.country)
            words = set(str(display).split())
            forms.extend(sorted(short_forms & words - set(forms)))
        club.aliases = [f for f in forms if f not in national_forms]
        for form in forms:
            if form in national_forms:
                log.append(f"{club.country} {club.source_name}: {form!r} is a national team")

    # 2. who claims what, best club first
    claims: dict[str, list[Club]] = defaultdict(list)
    for club in clubs:
        for form in club.aliases:
            claims[form].append(club)

    # 3. display names and ids
    taken_ids: set[str] = set(national)
    taken_names: set[str] = set()
    for club in clubs:
        name = choose_name(club, claims, global_weak, taken_names)
        if name in taken_names:
            raise BuildError(f"display name {name!r} is used twice; give one club a name")
        taken_names.add(name)
        club.name = name
        if name in club.aliases:
            club.aliases.remove(name)
            club.aliases.insert(0, name)
        else:
            club.aliases.insert(0, name)
            claims[name].append(club)
            claims[name].sort(key=lambda c: c.rank(country_rank))
        cid = club.curated.get("id") or slug(name)
        if cid in taken_ids:
            cid = f"{cid}_{club.country.lower()}"
        if cid in taken_ids:
            raise BuildError(f"id {cid!r} is used twice; give one club an id")
        taken_ids.add(cid)
        club.id = cid

    # 4. weak forms
    cities, crowded = place_forms(clubs)
    for club in clubs:
        own_weak = set(club.curated.get("weak", ()))
        own_strong = set(club.curated.get("strong", ()))
        for form in club.aliases:
            if form in strong or form in own_strong:
                continue
            listed = form in own_weak or form in global_weak
            if listed or is_place_weak(club, form, cities, crowded):
                club.weak.add(form)
        unknown = own_weak - set(club.aliases)
        if unknown:
            log.append(f"{club.id}: weak forms that are not aliases: {sorted(unknown)}")

    # 5. forms several clubs claim
    by_id = {c.id: c for c in clubs}
    shared: dict[str, dict[str, Any]] = {}
    for form in sorted(claims):
        ids = list(dict.fromkeys(c.id for c in claims[form]))
        if len(ids) < 2:
            continue
        default: str | None
        if form in conventions:
            default = conventions[form].get("default")
            if default is not None and default not in ids:
                raise BuildError(f"shared {form!r}: default {default!r} does not claim it")
            if default is not None:
                ids.remove(default)
                ids.insert(0, default)
        elif form in global_weak and (
            by_id[ids[0]].rank(country_rank)[:3] == by_id[ids[1]].rank(country_rank)[:3]
        ):
            default = None  # a generic word, and no club stands out
        else:
            default = ids[0]
        shared[form] = {"clubs": ids, "default": default}
    for form in sorted(set(conventions) - set(shared)):
        log.append(f"convention for {form!r} unused: fewer than two clubs claim it")

    # 6. grounds ("departure from White Hart Lane"): only one club's, and no club's name
    ground_count = Counter(c.ground for c in clubs if c.ground)
    towns = {(c.country, c.city) for c in clubs if c.city}
    records: list[dict[str, Any]] = []
    for c in clubs:
        record: dict[str, Any] = {
            "id": c.id,
            "name": c.name,
            "country": c.country,
            "aliases": c.aliases,
            "weak": [a for a in c.aliases if a in c.weak],
        }
        ground = c.ground
        if (
            ground
            and ground_count[ground] == 1
            and ground not in claims
            and (c.country, ground) not in towns
            and ground not in national_forms
            and len(ground) > 4
            and not ground.isupper()
            and not set(ground.lower().split()) <= GENERIC_GROUND_WORDS
        ):
            record["grounds"] = [ground]
        records.append(record)
    records.sort(key=lambda r: r["id"])
    return records, shared


# --------------------------------------------------------------------------- writing


def dump_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def dump_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def summary(records: list[dict[str, Any]], shared: dict[str, Any]) -> Iterator[str]:
    n_aliases = sum(len(r["aliases"]) for r in records)
    n_weak = sum(len(r["weak"]) for r in records)
    yield f"{len(records)} clubs, {n_aliases} aliases ({n_weak} weak), {len(shared)} shared"
    n_null = sum(1 for v in shared.values() if v["default"] is None)
    yield f"{n_null} shared aliases without a default"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out-dir", type=Path, default=GAZETTEER_DIR)
    parser.add_argument("--nicknames", type=Path, default=GAZETTEER_DIR / "club_nicknames.json")
    parser.add_argument(
        "--national-teams", type=Path, default=GAZETTEER_DIR / "national_teams.jsonl"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="Print every decision.")
    args = parser.parse_args(argv)

    if not args.data_dir.is_dir():
        print(f"no such folder: {args.data_dir}", file=sys.stderr)
        return 1
    curated = json.loads(args.nicknames.read_text(encoding="utf-8"))
    national = read_national_teams(args.national_teams)
    log: list[str] = []
    try:
        records, shared = build(args.data_dir, curated, national, log)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "clubs.jsonl").write_text(dump_jsonl(records), encoding="utf-8")
    (args.out_dir / "shared_aliases.json").write_text(dump_json(shared), encoding="utf-8")
    if args.verbose:
        for line in log:
            print(line)
    for line in summary(records, shared):
        print(line)
    print(f"wrote {args.out_dir / 'clubs.jsonl'} and {args.out_dir / 'shared_aliases.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
