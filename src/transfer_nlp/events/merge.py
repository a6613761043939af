"""One record per move and article, from all the mentions of it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..schema import STATUSES
from .base import RANK, Mention

# Key of a working flag on merged records (removed before they leave the component):
# the record is about a suitor the article does not name.
UNNAMED = "_unnamed_suitor"


# -- merging ----------------------------------------------------------------------
def _fold(name: str) -> str:
    """A name without case or accents: "João Félix" and "Joao Felix" are one person."""
    text = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


# One move of one person: (type, person, destination or a placeholder key).
_Key = tuple[str, str, str | None]


def merge_mentions(mentions: Iterable[Mention]) -> list[dict[str, Any]]:
    """Group the mentions of each move and combine them into event records."""
    ms_all = _one_spelling(list(mentions))
    known: dict[str, set[str]] = {}
    for m in ms_all:
        if m.from_club and m.type in ("signing", "loan", "departure"):
            known.setdefault(m.person, set()).add(m.from_club)
    mentions = [
        replace(m, to_club=None)
        if m.type in ("signing", "loan")
        and m.to_club in known.get(m.person, ())
        and m.status != "confirmed"
        else m
        for m in ms_all
    ]
    groups, order, of_person = _group_moves(mentions)
    # Someone the article appoints as coach is not also signed as a player.
    coaches = {k[1] for k in order if k[0] == "coach_appointment"}
    _merge_retold(groups, order, of_person, coaches)
    order = [k for k in order if k in groups]
    events = [_combine(groups[k]) for k in order]
    for e in events:
        if e["person"] in coaches and e["type"] == "departure":
            e["role"] = "coach"
    kept = _without_told_departures(events)
    _add_coach_departures(kept)
    _fill_missing_clubs(kept, known)
    # Talk of a move that names no club and no fee says nothing a reader can use.
    kept = [
        e
        for e in kept
        if not (
            e["type"] in ("signing", "loan")
            and e["status"] in ("rumour", "negotiating")
            and not (e["from_club"] or e["to_club"] or e["fee"])
        )
    ]
    # An exit that is settled while the destination is still talk: the departure says
    # where from, the rumoured moves say only where to.
    gone = {e["person"] for e in kept if e["type"] == "departure" and e["status"] == "confirmed"}
    for e in kept:
        if e["type"] in ("signing", "loan") and e["person"] in gone and e["status"] != "confirmed":
            e["from_club"] = None
    return kept


def _one_spelling(ms_all: list[Mention]) -> list[Mention]:
    """Each person under one spelling: the first met, case and accents aside."""
    spelled: dict[str, str] = {}
    for m in ms_all:
        spelled.setdefault(_fold(m.person), m.person)
    # A surname left alone (a headline spelled differently) joins the one full name
    # that ends in it.
    by_last: dict[str, list[str]] = {}
    for folded in spelled:
        if " " in folded:
            by_last.setdefault(folded.rsplit(" ", 1)[1], []).append(folded)
    for folded in list(spelled):
        if " " not in folded:
            full = by_last.get(folded, [])
            if len(full) == 1:
                spelled[folded] = spelled[full[0]]
    return [replace(m, person=spelled[_fold(m.person)]) for m in ms_all]


def _group_moves(
    ms: list[Mention],
) -> tuple[dict[_Key, list[Mention]], list[_Key], dict[str, list[_Key]]]:
    """The mentions of each move, the moves in text order, and each person's moves."""
    groups: dict[_Key, list[Mention]] = {}
    order: list[_Key] = []
    # The keys of `order` by person, and where each stands in it: every lookup below
    # is about one person's moves, never a scan of the whole article's.
    of_person: dict[str, list[_Key]] = {}
    where: dict[_Key, int] = {}
    for m in ms:
        key: _Key = (m.type, m.person, m.to_club)
        if m.to_club is None and m.unnamed_suitor:
            # "an offer made by a Saudi club" is a move apart from those of named clubs
            key = (m.type, m.person, f"\0{m.sentence.start}:{m.trigger}")
        elif m.to_club is None:
            # A mention without a destination joins the record of the same move that has one.
            cands = [
                k
                for k in of_person.get(m.person, ())
                if k[0] == m.type and not (k[2] or "").startswith("\0")
            ]
            key = cands[0] if cands else key
        elif (m.type, m.person, None) in groups:
            vague: _Key = (m.type, m.person, None)
            old = groups.pop(vague)
            where[key] = where.pop(vague)
            order[where[key]] = key
            own = of_person[m.person]
            own[own.index(vague)] = key
            groups[key] = old
        if key not in groups:
            groups[key] = []
            where[key] = len(order)
            order.append(key)
            of_person.setdefault(m.person, []).append(key)
        groups[key].append(m)
    return groups, order, of_person


def _merge_retold(
    groups: dict[_Key, list[Mention]],
    order: list[_Key],
    of_person: dict[str, list[_Key]],
    coaches: set[str],
) -> None:
    """A move told twice under two types joins one group (the groups it leaves drop out):
    a coach's signing is his appointment, a signing also told as a loan is a loan."""
    for key in list(order):
        if key[0] in ("signing", "loan") and key[1] in coaches and key in groups:
            target = next(k for k in of_person[key[1]] if k[0] == "coach_appointment")
            groups[target].extend(replace(m, type="coach_appointment") for m in groups.pop(key))
    for key in list(order):
        if key[0] != "signing" or key not in groups:
            continue
        loan = next(
            (
                k
                for k in of_person[key[1]]
                if k[0] == "loan" and k in groups and (k[2] == key[2] or None in (k[2], key[2]))
            ),
            None,
        )
        if loan is not None:
            groups[loan].extend(replace(m, type="loan") for m in groups.pop(key))


def _without_told_departures(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A move A -> B is one signing, not also a departure from A; an exit that is talk
    like the move ("his possible departure from Juventus") gives the move its origin."""
    moves_of: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        if e["type"] in ("signing", "loan"):
            moves_of.setdefault(e["person"], []).append(e)
    kept = []
    for e in events:
        if e["type"] == "departure" and e["role"] == "player":
            same = [
                m
                for m in moves_of.get(e["person"], ())
                if e["from_club"] in (None, m["from_club"])
                and (m["status"] == "confirmed" or RANK[m["status"]] >= RANK[e["status"]])
            ] or [
                m
                for m in moves_of.get(e["person"], ())
                if m["from_club"] is None
                and m["to_club"] != e["from_club"]
                and m["status"] != "off"
                and RANK[m["status"]] >= RANK[e["status"]]
            ]
            if same:
                for move in same:
                    move["from_club"] = move["from_club"] or e["from_club"]
                continue
        kept.append(e)
    return kept


def _add_coach_departures(kept: list[dict[str, Any]]) -> None:
    """A coach who takes charge at B coming from A also leaves A (one event each)."""
    departures = {(e["person"], e["from_club"]) for e in kept if e["type"] == "departure"}
    left = {e["person"] for e in kept if e["type"] == "departure"}
    for e in list(kept):
        if (
            e["type"] == "coach_appointment"
            and e["from_club"]
            and e["person"] not in left
            and (e["person"], e["from_club"]) not in departures
        ):
            kept.append(
                {
                    **e,
                    "type": "departure",
                    "to_club": None,
                    "fee": None,
                    "fee_text": None,
                    "role": "coach",
                    "confidence": round(e["confidence"] * 0.8, 2),
                }
            )


def _fill_missing_clubs(kept: list[dict[str, Any]], known: dict[str, set[str]]) -> None:
    """Clubs a record lacks, taken from the other mentions of the article."""
    # The club a player is leaving, said anywhere ("his possible departure from
    # Juventus"), is the origin of a move the article does not give one for.
    for e in kept:
        origin = known.get(e["person"], set())
        if (
            e["type"] in ("signing", "loan")
            and e["from_club"] is None
            and len(origin) == 1
            and e["to_club"] not in origin
        ):
            e["from_club"] = next(iter(origin))
    # "His replacement, X, steps in": an appointment with no club fills the post the
    # last person to leave (earlier in the article) left empty, coach or not yet known as one.
    for e in kept:
        if e["type"] == "coach_appointment" and e["to_club"] is None:
            start = e["evidence"][0]["start"]
            before = [
                d
                for d in kept
                if d["type"] == "departure"
                and d["from_club"]
                and d["from_club"] != e["from_club"]
                and d["evidence"][0]["start"] < start
            ]
            if before:
                e["to_club"] = max(before, key=lambda d: d["evidence"][0]["start"])["from_club"]


def fill_article_clubs(
    records: list[dict[str, Any]], focal: str | None, current: dict[str, str]
) -> None:
    """Fill clubs a record still lacks from the article as a whole: the club it is about
    (`focal`) and each person's own club where the article gives it (`current`)."""
    for record in records:
        if record.pop(UNNAMED):
            # "an offer from a Saudi club": not a club of the article's, and the
            # player leaves his own
            if record["from_club"] is None:
                record["from_club"] = current.get(record["person"]) or focal
            continue
        if record["type"] == "departure" and record["from_club"] is None:
            # "the departures of X and Y": an exit with no club named anywhere
            # leaves the club the article is about.
            record["from_club"] = focal
        elif (
            record["type"] in ("signing", "loan")
            and record["from_club"] is None
            and record["to_club"] is None
        ):
            # "X joins Y and Z in joining the league leaders": a move that names no
            # club goes to the club the article is about.
            record["to_club"] = focal
        elif record["type"] in ("contract_extension", "coach_appointment") and (
            record["to_club"] is None
        ):
            # "Hoffman and Grozos have agreed new deals", "X will take charge in the
            # interim": the player's own club, else the club the article is about.
            own = current.get(record["person"])
            record["to_club"] = own if own and record["type"] == "contract_extension" else focal
        elif (
            record["type"] in ("signing", "loan")
            and record["from_club"] is None
            and record["to_club"] not in (None, focal)
        ):
            # "sold Ravanelli to Middlesbrough" in a story about Juventus
            record["from_club"] = focal


def _combine(group: list[Mention]) -> dict[str, Any]:
    ranked = sorted(group, key=lambda m: (-RANK[m.status], -m.confidence))
    best = ranked[0]

    def first(attr: str) -> Any:
        for m in ranked:
            v = getattr(m, attr)
            if v is not None:
                return v
        return None

    # A fee the parse ties to its move beats one that only shares a sentence with it;
    # a move said to be free has no fee.
    fees = [m for m in ranked if m.fee is not None and m.fee_sure] or [
        m for m in ranked if m.fee is not None
    ]
    free = any(m.fee_text == "free" for m in group)
    fee = fees[0].fee if fees and not (free and not fees[0].fee_sure) else None
    statuses = {m.status for m in group}
    status = best.status
    if "off" in statuses and "confirmed" not in statuses:
        status = "off"
    evidence = [
        {"sentence": m.sentence.text, "start": m.sentence.start_char, "end": m.sentence.end_char}
        for m in group
    ]
    unique = list({(e["start"], e["end"]): e for e in evidence}.values())
    assert status in STATUSES
    return {
        "type": best.type,
        "status": status,
        "person": best.person,
        "role": first("role") or "player",
        "from_club": first("from_club"),
        "to_club": first("to_club"),
        "fee": fee,
        "fee_text": first("fee_text"),
        "contract_years": first("contract_years"),
        "contract_until": first("contract_until"),
        "confidence": max(m.confidence for m in group),
        "evidence": unique[:5],
        "mentions": len(group),
        UNNAMED: all(m.unnamed_suitor for m in group),
    }
