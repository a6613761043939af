"""One record per move and article, from all the mentions of it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from ..schema import STATUSES, Evidence
from .base import RANK, Mention, Slots


@dataclass(frozen=True)
class Merged(Slots):
    """One move of one person in one article, combined from all its mentions. Each step
    after the merge returns new records; `to_dict` makes the JSON record once, at the end."""

    evidence: tuple[Evidence, ...]
    mentions: int
    # "an offer made by a Saudi club": the suitor is not named, so the article's clubs
    # must not fill the destination. Only the rules read it; no JSON record carries it.
    unnamed_suitor: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON-safe record `doc._.transfer_events` holds (see `schema.Event`)."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "unnamed_suitor"}
        out["fee"] = None if self.fee is None else dict(self.fee)
        out["evidence"] = [e.to_dict() for e in self.evidence]
        return out


# -- merging ----------------------------------------------------------------------
def _fold(name: str) -> str:
    """A name without case or accents: "João Félix" and "Joao Felix" are one person."""
    text = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


# One move of one person: (type, person, destination or a placeholder key).
_Key = tuple[str, str, str | None]


def merge_mentions(mentions: Iterable[Mention]) -> list[Merged]:
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
    events = [
        replace(e, role="coach") if e.person in coaches and e.type == "departure" else e
        for e in events
    ]
    kept = _fill_missing_clubs(_add_coach_departures(_without_told_departures(events)), known)
    # Talk of a move that names no club and no fee says nothing a reader can use.
    kept = [
        e
        for e in kept
        if not (
            e.type in ("signing", "loan")
            and e.status in ("rumour", "negotiating")
            and not (e.from_club or e.to_club or e.fee)
        )
    ]
    # An exit that is settled while the destination is still talk: the departure says
    # where from, the rumoured moves say only where to.
    gone = {e.person for e in kept if e.type == "departure" and e.status == "confirmed"}
    return [
        replace(e, from_club=None)
        if e.type in ("signing", "loan") and e.person in gone and e.status != "confirmed"
        else e
        for e in kept
    ]


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


def _without_told_departures(events: list[Merged]) -> list[Merged]:
    """A move A -> B is one signing, not also a departure from A; an exit that is talk
    like the move ("his possible departure from Juventus") gives the move its origin."""
    out = list(events)
    # Where each person's moves stand in `out`: an origin given by one departure is
    # seen by the next departure of the same person.
    moves_of: dict[str, list[int]] = {}
    for i, e in enumerate(events):
        if e.type in ("signing", "loan"):
            moves_of.setdefault(e.person, []).append(i)
    told: set[int] = set()
    for i, e in enumerate(events):
        if e.type != "departure" or e.role != "player":
            continue
        moves = [(j, out[j]) for j in moves_of.get(e.person, ())]
        same = [
            j
            for j, m in moves
            if e.from_club in (None, m.from_club)
            and (m.status == "confirmed" or RANK[m.status] >= RANK[e.status])
        ] or [
            j
            for j, m in moves
            if m.from_club is None
            and m.to_club != e.from_club
            and m.status != "off"
            and RANK[m.status] >= RANK[e.status]
        ]
        if same:
            for j in same:
                out[j] = replace(out[j], from_club=out[j].from_club or e.from_club)
            told.add(i)
    return [e for i, e in enumerate(out) if i not in told]


def _add_coach_departures(kept: list[Merged]) -> list[Merged]:
    """A coach who takes charge at B coming from A also leaves A (one event each)."""
    departures = {(e.person, e.from_club) for e in kept if e.type == "departure"}
    left = {e.person for e in kept if e.type == "departure"}
    return kept + [
        replace(
            e,
            type="departure",
            to_club=None,
            fee=None,
            fee_text=None,
            role="coach",
            confidence=round(e.confidence * 0.8, 2),
        )
        for e in kept
        if e.type == "coach_appointment"
        and e.from_club
        and e.person not in left
        and (e.person, e.from_club) not in departures
    ]


def _fill_missing_clubs(kept: list[Merged], known: dict[str, set[str]]) -> list[Merged]:
    """Clubs a record lacks, taken from the other mentions of the article."""
    # The club a player is leaving, said anywhere ("his possible departure from
    # Juventus"), is the origin of a move the article does not give one for.
    filled = []
    for e in kept:
        origin = known.get(e.person, set())
        if (
            e.type in ("signing", "loan")
            and e.from_club is None
            and len(origin) == 1
            and e.to_club not in origin
        ):
            e = replace(e, from_club=next(iter(origin)))
        filled.append(e)
    # "His replacement, X, steps in": an appointment with no club fills the post the
    # last person to leave (earlier in the article) left empty, coach or not yet known as one.
    exits = [d for d in filled if d.type == "departure" and d.from_club]
    out = []
    for e in filled:
        if e.type == "coach_appointment" and e.to_club is None:
            start = e.evidence[0].start
            before = [d for d in exits if d.evidence[0].start < start]
            before = [d for d in before if d.from_club != e.from_club]
            if before:
                last = max(before, key=lambda d: d.evidence[0].start)
                e = replace(e, to_club=last.from_club)
        out.append(e)
    return out


def fill_article_clubs(
    records: Iterable[Merged], focal: str | None, current: Mapping[str, str]
) -> list[Merged]:
    """Fill clubs a record still lacks from the article as a whole: the club it is about
    (`focal`) and each person's own club where the article gives it (`current`)."""
    return [_article_clubs(record, focal, current) for record in records]


def _article_clubs(record: Merged, focal: str | None, current: Mapping[str, str]) -> Merged:
    if record.unnamed_suitor:
        # "an offer from a Saudi club": not a club of the article's, and the
        # player leaves his own
        if record.from_club is None:
            return replace(record, from_club=current.get(record.person) or focal)
        return record
    if record.type == "departure" and record.from_club is None:
        # "the departures of X and Y": an exit with no club named anywhere
        # leaves the club the article is about.
        return replace(record, from_club=focal)
    if record.type in ("signing", "loan") and record.from_club is None and record.to_club is None:
        # "X joins Y and Z in joining the league leaders": a move that names no
        # club goes to the club the article is about.
        return replace(record, to_club=focal)
    if record.type in ("contract_extension", "coach_appointment") and record.to_club is None:
        # "Hoffman and Grozos have agreed new deals", "X will take charge in the
        # interim": the player's own club, else the club the article is about.
        own = current.get(record.person)
        if own and record.type == "contract_extension":
            return replace(record, to_club=own)
        return replace(record, to_club=focal)
    if (
        record.type in ("signing", "loan")
        and record.from_club is None
        and record.to_club not in (None, focal)
    ):
        # "sold Ravanelli to Middlesbrough" in a story about Juventus
        return replace(record, from_club=focal)
    return record


def _combine(group: list[Mention]) -> Merged:
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
        Evidence(m.sentence.text, m.sentence.start_char, m.sentence.end_char) for m in group
    ]
    unique = tuple({(e.start, e.end): e for e in evidence}.values())
    assert status in STATUSES
    return Merged(
        type=best.type,
        status=status,
        person=best.person,
        role=first("role") or "player",
        from_club=first("from_club"),
        to_club=first("to_club"),
        fee=fee,
        fee_text=first("fee_text"),
        contract_years=first("contract_years"),
        contract_until=first("contract_until"),
        confidence=max(m.confidence for m in group),
        evidence=unique[:5],
        mentions=len(group),
        unnamed_suitor=all(m.unnamed_suitor for m in group),
    )
