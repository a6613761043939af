"""Candidate events and their features, for the trained scorer.

The rule extractor's records are candidates as they are. Beside them, every person
named in a sentence with a trigger word of some type becomes a candidate of that type
(the rules miss many of these: lists of movers, nominal and embedded moves). Each
candidate is described by sparse string features anchored on its person's mentions
and the trigger words around them; the scorer decides which candidates are events.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..events.fees import _fee_of, sentence_fee
from ..events.stage import stage_of
from ..events.triggers import no_move_sense
from ..extensions import DOC_ENTITIES, DOC_EVENTS
from ..lexicon import active, words
from ..schema import CLUB, NATIONAL_TEAM, PERSON
from .fees import FeeOption, amounts, fee_options
from .linear import SHARED
from .lists import SQUAD, ListItem, item_features, list_items
from .slots import MAX_MENTIONS, ClubOption, club_options
from .status import evidence_sentences, sentence_cues, status_features

# Types told in the same words as another type's trigger.
RELATED: dict[str, tuple[str, ...]] = {
    "signing": ("loan", "departure", "coach_appointment", "contract_extension"),
    "loan": ("signing", "departure"),
    "departure": ("signing", "coach_appointment", "loan"),
    "coach_appointment": ("departure", "signing"),
    "contract_extension": ("signing",),
    "retirement": ("departure",),
}
# What a list item that names a club but has no header can be.
UNHEADED = ("signing", "departure", "loan")
# How far around a mention its own words are read.
WINDOW = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a person: its tokens and its sentence's index."""

    span: Span
    sent: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible event: the rule's record, or one proposed from a trigger word."""

    type: str
    person: str
    record: Mapping[str, Any]
    from_rules: bool
    features: tuple[str, ...]
    clubs: tuple[ClubOption, ...] = ()
    stage_features: tuple[str, ...] = ()
    fees: tuple[FeeOption, ...] = ()


@dataclass(frozen=True, slots=True)
class DocView:
    """What the features read of one document, computed once."""

    doc: Doc
    sents: tuple[Span, ...]
    sent_of: tuple[int, ...]
    people: Mapping[str, tuple[Mention, ...]]
    cues: Mapping[int, tuple[tuple[Token, str], ...]]
    teams: Mapping[int, tuple[tuple[Span, str, str], ...]]  # by sentence
    team_counts: Mapping[str, int]
    by_surname: Mapping[str, tuple[str, ...]]  # folded last name -> canonical names
    cue_density: float  # trigger words per 100 tokens
    n_mentions: int  # of people, all together
    items: Mapping[int, ListItem]  # people named in round-up lists, by first token
    text: str  # `doc.text`, which spaCy rebuilds from the tokens on each access
    # What does not depend on the candidate's type, computed once per mention or sentence:
    # a person is a candidate of several types.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("’", "'").split())


def view(doc: Doc) -> DocView:
    norms = doc._.get(DOC_ENTITIES) or {}
    sents = tuple(doc.sents)
    sent_of = [0] * len(doc)
    for i, sent in enumerate(sents):
        for k in range(sent.start, sent.end):
            sent_of[k] = i
    people: dict[str, list[Mention]] = {}
    teams: dict[int, list[tuple[Span, str, str]]] = {}
    counts: dict[str, int] = {}
    for ent in doc.ents:
        norm = norms.get(f"{ent.start_char}:{ent.end_char}") or {}
        name = norm.get("canonical") or ent.text
        if ent.label_ == PERSON:
            people.setdefault(name, []).append(Mention(ent, sent_of[ent.start]))
        elif ent.label_ in (CLUB, NATIONAL_TEAM):
            teams.setdefault(sent_of[ent.start], []).append((ent, ent.label_, name))
            counts[name] = counts.get(name, 0) + 1
    surnames: dict[str, list[str]] = {}
    for name in people:
        parts = fold(name).split()
        if parts:
            surnames.setdefault(parts[-1], []).append(name)
    cues: dict[int, list[tuple[Token, str]]] = {}
    n_cues = 0
    for tok in doc:
        kind = cue_type(tok)
        if kind is not None:
            cues.setdefault(sent_of[tok.i], []).append((tok, kind))
            n_cues += 1
    text = doc.text
    return DocView(
        doc,
        sents,
        tuple(sent_of),
        {k: tuple(v) for k, v in people.items()},
        {k: tuple(v) for k, v in cues.items()},
        {k: tuple(v) for k, v in teams.items()},
        counts,
        {k: tuple(v) for k, v in surnames.items()},
        100 * n_cues / max(len(doc), 1),
        sum(len(v) for v in people.values()),
        list_items(doc, text),
        text,
    )


def cue_type(tok: Token) -> str | None:
    """The event type a word can signal, by its lemma (or its form, where the small
    model's lemma is off)."""
    if tok.pos_ in ("PROPN", "PUNCT", "NUM"):
        return None
    triggers = active().triggers
    lemma = tok.lemma_.lower()
    if lemma not in triggers:
        lemma = tok.lower_
    kind = triggers.get(lemma)
    return None if kind is None or no_move_sense(tok, lemma) else kind


def candidates(
    doc: Doc, keep: Callable[[str, frozenset[str]], bool] | None = None
) -> list[Candidate]:
    """The rule records of `doc`, then a proposal for each (type, person) that a
    trigger word in one of the person's sentences signals and no rule record has.

    With `keep`, only the candidates whose type and untyped features it accepts are
    completed (typed features, stage, club options) and returned: most proposals are
    dropped, so this saves most of the work.
    """
    v = view(doc)
    rules = list(doc._.get(DOC_EVENTS) or ())
    out: list[Candidate] = []
    seen: dict[tuple[str, str], int] = {}
    for record in rules:
        key = (record["type"], fold(record["person"]))
        rank = seen.get(key, 0)
        seen[key] = rank + 1
        mentions = _mentions_of(v, record["person"])
        kind = record["type"]
        feats = _features(v, kind, mentions, record, rank)
        if keep is None or keep(kind, feats):
            out.append(
                _complete(v, kind, record["person"], record, True, typed(kind, feats), mentions)
            )
    for name, mentions in v.people.items():
        for kind, trig in _cued_types(v, mentions):
            if (kind, fold(name)) in seen:
                continue
            seen[(kind, fold(name))] = 1
            feats = _features(v, kind, mentions, None, 0)
            if keep is None or keep(kind, feats):
                record = _proposal(v, kind, name, trig, mentions)
                out.append(_complete(v, kind, name, record, False, typed(kind, feats), mentions))
    return out


def _complete(
    v: DocView,
    kind: str,
    person: str,
    record: Mapping[str, Any],
    from_rules: bool,
    feats: tuple[str, ...],
    mentions: tuple[Mention, ...],
) -> Candidate:
    """A kept candidate with what its slots are chosen from: club options, stage
    features, fee options. A proposal's clubs are left to the club models."""
    options = club_options(v, kind, mentions, record if from_rules else None)
    stage = status_features(v, kind, record, mentions)
    fees = fee_options(v, kind, mentions, record, evidence_sentences(v, record))
    return Candidate(kind, person, record, from_rules, feats, options, stage, fees)


def _mentions_of(v: DocView, person: str) -> tuple[Mention, ...]:
    if person in v.people:
        return v.people[person]
    key = ("mentions_of", person)
    if key not in v.memo:
        # A record may carry the full name of a surname-only mention, or the reverse.
        parts = fold(person).split()
        names = v.by_surname.get(parts[-1], ()) if parts else ()
        found = [m for name in names for m in v.people[name]]
        v.memo[key] = tuple(sorted(found, key=lambda m: m.span.start))
    return v.memo[key]


def _cued_types(v: DocView, mentions: Iterable[Mention]) -> list[tuple[str, Token | None]]:
    """Each type worth proposing for a person, with the trigger word it hangs on.

    A trigger in the person's sentence, or the sentence before or after it (not for an
    item of a squad list), proposes its own type and the types a report often tells in
    the same words (a move is also an exit; a coach's signing is an appointment): the
    scorer tells them apart.
    A round-up list proposes the types of its header, with no trigger word (None).
    """
    best: dict[str, tuple[int, Token]] = {}
    for m in mentions:
        item = v.items.get(m.span.start)
        # A squad list's cue words around it ("named in the squad") move none of its players.
        offsets = (0,) if item is not None and item.kind == SQUAD else (0, -1, 1)
        for offset in offsets:
            for tok, kind in v.cues.get(m.sent + offset, ()):
                dist = 100 * abs(offset) + min(
                    abs(tok.i - m.span.start), abs(tok.i - m.span.end + 1)
                )
                for k in (kind, *RELATED.get(kind, ())):
                    penalty = 0 if k == kind else 1000
                    if k not in best or dist + penalty < best[k][0]:
                        best[k] = (dist + penalty, tok)
    cued: list[tuple[str, Token | None]] = [(kind, tok) for kind, (_, tok) in best.items()]
    return cued + [(kind, None) for kind in _listed_types(v, mentions) if kind not in best]


def _listed_types(v: DocView, mentions: Iterable[Mention]) -> list[str]:
    """The types a round-up list proposes for a person it names: its header's, and
    where the header says nothing, a move's, if the item names a club."""
    kinds: list[str] = []
    for m in mentions:
        item = v.items.get(m.span.start)
        if item is None:
            continue
        if item.kind == SQUAD:
            continue  # "Defenders: A (Chelsea), B (Lyon)": a squad names its players' clubs
        if item.kind is not None:
            found = (item.kind, *RELATED.get(item.kind, ()))
        elif any(e.label_ == CLUB for e in item.part.ents):
            found = UNHEADED
        else:
            continue
        kinds += [k for k in found if k not in kinds]
    return kinds


def _proposal(
    v: DocView, kind: str, person: str, trig: Token | None, mentions: tuple[Mention, ...] = ()
) -> dict[str, Any]:
    """A record for a proposed candidate: its stage and fee read as the rules read them
    from its trigger, no clubs yet (the scorer's club model may fill them), its sentence
    as evidence. A list item's record reads its own line instead."""
    if trig is None:
        return _item_proposal(v, kind, person, mentions)
    sent = v.sents[v.sent_of[trig.i]]
    key = (f"stage:{kind}", trig.i)
    if key not in v.memo:
        v.memo[key] = stage_of(sent, trig, kind)
    fee, fee_text, _ = sentence_fee(sent, trig, amounts(v, sent), 0, 1, kind)
    return _record(kind, person, v.memo[key], fee, fee_text, sent)


def _item_proposal(
    v: DocView, kind: str, person: str, mentions: tuple[Mention, ...]
) -> dict[str, Any]:
    """The record of a person named in a round-up list: the fee is the item's own amount,
    the stage the header's ("Targets:" is talk, "Ins:" is done)."""
    item = next(v.items[m.span.start] for m in mentions if m.span.start in v.items)
    line = item.part
    status = "confirmed"
    if item.header is not None:
        status = stage_of(v.sents[v.sent_of[item.header.i]], item.header, kind)
    found = amounts(v, line)
    fee = _fee_of(found[0]) if found and kind in ("signing", "loan") else None
    low = line.text.lower()
    fee_text = (
        "undisclosed" if "undisclosed" in low else ("free" if "free" in low.split() else None)
    )
    return _record(kind, person, status, fee, fee_text, item.line)


def _record(
    kind: str, person: str, status: str, fee: Any, fee_text: str | None, evidence: Span
) -> dict[str, Any]:
    return {
        "type": kind,
        "status": status,
        "person": person,
        "role": "coach" if kind == "coach_appointment" else "player",
        "from_club": None,
        "to_club": None,
        "fee": fee,
        "fee_text": fee_text,
        "contract_years": None,
        "contract_until": None,
        "confidence": 0.0,
        "evidence": [
            {"sentence": evidence.text, "start": evidence.start_char, "end": evidence.end_char}
        ],
        "mentions": 1,
    }


def _bucket(n: float, edges: tuple[float, ...]) -> int:
    return sum(n >= e for e in edges)


def typed(kind: str, feats: Iterable[str]) -> tuple[str, ...]:
    """Each feature as seen by the type's own weights and by the weights all types share."""
    return tuple(sorted({f"{kind}|{f}" for f in feats} | {f"{SHARED}|{f}" for f in feats}))


def _features(
    v: DocView,
    kind: str,
    mentions: tuple[Mention, ...],
    record: Mapping[str, Any] | None,
    rank: int,
) -> frozenset[str]:
    """A candidate's event features, untyped (see `typed`)."""
    feats: set[str] = set()
    feats.update(_record_features(record, rank))
    feats.add(f"nment={_bucket(len(mentions), (2, 3, 5, 9))}")
    # How central the person is: their share of all the article's mentions of people.
    feats.add(f"share={_bucket(len(mentions) / max(v.n_mentions, 1), (0.05, 0.1, 0.2, 0.4))}")
    feats.add(f"npeople={_bucket(len(v.people), (3, 6, 12, 24))}")
    feats.add(f"doccues={_bucket(v.cue_density, (0.5, 1, 2, 4))}")
    if mentions:
        first = mentions[0].sent / max(len(v.sents), 1)
        feats.add(f"firstpos={_bucket(first, (0.1, 0.3, 0.6))}")
    for m in mentions[:MAX_MENTIONS]:
        feats.update(_mention_features(v, kind, m))
    return frozenset(feats)


def _record_features(record: Mapping[str, Any] | None, rank: int) -> set[str]:
    if record is None:
        return {"proposal"}
    conf = float(record.get("confidence") or 0.0)
    feats = {
        "rule",
        f"rstatus={record.get('status')}",
        f"rconf={_bucket(conf, (0.5, 0.6, 0.7, 0.8, 0.9))}",
        f"rrole={record.get('role')}",
        f"rmentions={_bucket(int(record.get('mentions') or 1), (2, 3, 5))}",
        f"rrank={min(rank, 2)}",
    }
    for slot in ("from_club", "to_club", "fee", "fee_text"):
        if record.get(slot):
            feats.add(f"has_{slot}")
    return feats


def _mention_features(v: DocView, kind: str, m: Mention) -> set[str]:
    key = ("mention", m.span.start)
    if key not in v.memo:
        v.memo[key] = frozenset(_own_features(v, m) | _sentence_features(v, m.sent))
    feats = set(v.memo[key]) | _cue_features(v, kind, m)
    item = v.items.get(m.span.start)
    if item is not None:
        feats |= item_features(item, kind)
    return feats


def _own_features(v: DocView, m: Mention) -> set[str]:
    span, doc = m.span, v.doc
    sent = v.sents[m.sent]
    root = span.root
    feats = {
        f"dep={root.dep_}",
        f"head={root.head.lemma_.lower()}",
        f"dephead={root.dep_}:{root.head.lemma_.lower()}",
    }
    if m.sent == 0:
        feats.add("headline")
    for tok in doc[max(sent.start, span.start - WINDOW) : span.start]:
        feats.add(f"L={tok.lemma_.lower()}")
    for tok in doc[span.end : min(sent.end, span.end + WINDOW)]:
        feats.add(f"R={tok.lemma_.lower()}")
    near = {t.lemma_.lower() for t in doc[max(sent.start, span.start - 3) : span.end + 3]}
    for key, name in (("coach_nouns", "coachword"), ("player_nouns", "playerword")):
        nouns = words(key)
        if near & nouns:
            feats.add(name)
    if near & words("executive_nouns"):
        feats.add("execword")
    feats.update(_team_features(v, m))
    return feats


def _sentence_features(v: DocView, i: int) -> frozenset[str]:
    key = ("sentence", i)
    if key in v.memo:
        return v.memo[key]
    sent = v.sents[i]
    feats = set()
    for tok in sent:
        if tok.is_alpha and not tok.is_stop and tok.pos_ in ("VERB", "NOUN", "ADJ", "ADV"):
            feats.add(f"s={tok.lemma_.lower()}")
    if any(t.is_quote for t in sent):
        feats.add("quote")
    feats.update(f"scue={status}" for status in sentence_cues(v, i))
    v.memo[key] = frozenset(feats)
    return v.memo[key]


def _cue_features(v: DocView, kind: str, m: Mention) -> set[str]:
    feats = set()
    for ckind, lemma, dist, governs, under, side in _cue_facts(v, m):
        same = "same" if ckind == kind else "other"
        feats.add(f"cue={same}")
        feats.add(f"cuelemma={lemma}:{same}")
        feats.add(f"cuedist={same}:{dist}")
        if governs:
            feats.add(f"cuegov={same}:{m.span.root.dep_}")
            feats.add(f"cuegovl={lemma}:{m.span.root.dep_}")
        if under:
            feats.add(f"cueunder={same}")
        feats.add(f"cueside={same}:{side}")
    for other in (m.sent - 1, m.sent + 1):
        if v.cues.get(other):
            feats.add(f"cue_adjacent={any(k == kind for _, k in v.cues[other])}")
    return feats


def _cue_facts(v: DocView, m: Mention) -> tuple[tuple[str, str, int, bool, bool, str], ...]:
    """How each cue word of the mention's sentence stands to it, whatever the candidate's
    type: read once per mention, as a person is a candidate of several types."""
    key = ("cue_facts", m.span.start)
    if key not in v.memo:
        span = m.span
        ancestors = {t.i for t in span.root.ancestors}
        facts = []
        for tok, ckind in v.cues.get(m.sent, ()):
            dist = min(abs(tok.i - span.start), abs(tok.i - span.end + 1))
            under = any(t.i == span.root.i for t in tok.ancestors)
            side = "after" if tok.i >= span.end else "before"
            facts.append(
                (
                    ckind,
                    tok.lemma_.lower(),
                    _bucket(dist, (2, 4, 8, 15)),
                    tok.i in ancestors,
                    under,
                    side,
                )
            )
        v.memo[key] = tuple(facts)
    return v.memo[key]


def _team_features(v: DocView, m: Mention) -> set[str]:
    feats = set()
    sent = v.sents[m.sent]
    here = v.teams.get(m.sent, ())
    for span, label, _ in here:
        prev = v.doc[span.start - 1].lower_ if span.start > sent.start else ""
        feats.add(f"teamprep={prev}")
        feats.add(f"teamlabel={label}")
    feats.add(f"nteams={_bucket(len(here), (1, 2, 3))}")
    return feats
