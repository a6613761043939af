"""Shared pieces of event extraction: the lexicon, mention types and parse walks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from ..lexicon import package, words

# The packaged vocabulary, for readers outside a pipeline; the rules themselves read
# the active lexicon (`lexicon.words`), which a saved pipeline brings with it.
_PACKAGE = package()
TRIGGERS = _PACKAGE.triggers
COACH_NOUNS = _PACKAGE.words("coach_nouns")
EXEC_NOUNS = _PACKAGE.words("executive_nouns")
PLAYER_NOUNS = _PACKAGE.words("player_nouns")
STATUS_RE = _PACKAGE.status_re


RANK = {"rumour": 0, "negotiating": 1, "agreed": 2, "off": 3, "confirmed": 4}


@dataclass(frozen=True)
class Ent:
    span: Span
    label: str
    canonical: str
    norm: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Slots:
    """What is said of one move: by a mention, then by the record that merges its mentions."""

    type: str
    status: str
    person: str
    role: str
    from_club: str | None
    to_club: str | None
    fee: Mapping[str, Any] | None
    fee_text: str | None
    contract_years: int | None
    contract_until: str | None
    confidence: float


@dataclass(frozen=True)
class Mention(Slots):
    sentence: Span
    trigger: int = -1  # token index of the word that told of it
    fee_sure: bool = False  # the parse ties the fee to this trigger
    unnamed_suitor: bool = False  # "an offer made by a Saudi club": a move of its own


# -- people -------------------------------------------------------------------
def anchor_trigger(span: Span, trig_ids: set[int], person: bool = True) -> int | None:
    """The trigger that governs a mention: up the head chain, down from the verb it is
    the subject of ("X is set to join" -> join), or a relative clause on it
    ("McDermott, who left the club")."""
    if span.end in trig_ids and span.doc[span.end].lower_ == "as":
        return span.end  # "Ivan Juric as manager"
    for tok in span:
        for child in tok.children:
            if child.i in trig_ids and child.dep_ in ("relcl", "acl"):
                return child.i
            if child.dep_ == "compound" and child.i < span.start:
                # "new coach Juergen Klinsmann": the appointment word sits on the title
                for g in child.children:
                    if g.i in trig_ids and g.lower_ in ("new", "incoming"):
                        return g.i
    tok = span.root
    if tok.dep_ == "attr":
        # "Lee's successor is Gary Megson": the subject of the copula is the trigger.
        subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.i in trig_ids:
            return subject.i
    cur = tok
    for _ in range(10):
        if cur.i in trig_ids:
            return cur.i
        head = cur.head
        if head is cur:
            break
        if cur.dep_ == "dobj" and head.pos_ == "VERB" and head.i not in trig_ids:
            # "Pisa introduced X to replace Y": the object of the verb does the clause.
            ctl = next(
                (
                    c
                    for c in head.children
                    if c.dep_ in ("xcomp", "advcl")
                    and c.i in trig_ids
                    and c.lemma_.lower() in ("replace", "succeed", "become")
                ),
                None,
            )
            if ctl is not None:
                return ctl.i
        if (
            head.pos_ in ("VERB", "AUX")
            and cur.dep_ in ("nsubj", "nsubjpass")
            and head.i not in trig_ids
        ):
            if head.lemma_.lower() in words("speech_verbs") and cur.dep_ == "nsubj":
                return None  # "X said ...": the speaker; but "X is understood to ..."
            down = trigger_below(head, trig_ids, own_clause=person)
            if down is not None:
                return down
            if person and head.dep_ in ("advcl", "conj", "ccomp") and head.head.i in trig_ids:
                # "The 24-year-old passed a medical, while the club brought in Y": the
                # subject of another clause is not the trigger's mover.
                return None
        cur = head
    return None


def trigger_below(verb: Token, trig_ids: set[int], own_clause: bool = False) -> int | None:
    """A trigger in the clauses below `verb` (what its subject goes on to do); with
    `own_clause`, not in a clause that has a subject of its own."""
    light = verb.lemma_.lower() in words("light_verbs")
    frontier = [
        c
        for c in verb.children
        if (
            c.dep_ in ("xcomp", "acomp", "ccomp", "prep", "attr", "conj", "advcl", "pcomp", "pobj")
            or (c.dep_ == "dobj" and (light or c.pos_ == "VERB"))
        )
        # "X passed a medical, while the club brought in Y": a clause with a subject of
        # its own is not what X goes on to do.
        and not (
            own_clause
            and c.dep_ in ("advcl", "conj", "ccomp")
            and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        )
    ]
    for _ in range(3):
        nxt: list[Token] = []
        for t in frontier:
            if t.i in trig_ids:
                return t.i
            nxt.extend(
                c
                for c in t.children
                if c.dep_
                in (
                    "xcomp",
                    "acomp",
                    "prep",
                    "pcomp",
                    "pobj",
                    "dobj",
                    "aux",
                    "conj",
                    "amod",
                    "attr",
                )
            )
        frontier = nxt
    return None


def first_conjunct(tok: Token) -> Token:
    """The head of a coordination: "A, B and C" -> A."""
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    return tok


def head_chain(trig: Token, limit: int = 5) -> list[Token]:
    out = [trig]
    cur = trig
    for _ in range(limit):
        if cur.head is cur:
            break
        cur = cur.head
        out.append(cur)
    return out
