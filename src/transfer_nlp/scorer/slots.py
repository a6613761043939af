"""Which club fills a candidate's from_club and to_club: options and their features.

The options are the teams named near the person (their sentences and the ones beside
them), in the headline, and the rule record's own choices. Each option is described by
how the text ties it to the person and the trigger: the word before it (`from`, `to`,
`at`, `join`), its grammatical function and head, whether it is the subject of a
buying verb or stands before the name (`Chelsea striker X`), how often the article
names it. One model per slot scores the options; the best one fills the slot when it
is likely enough.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span

from ..schema import NATIONAL_TEAM

if TYPE_CHECKING:
    from .candidates import DocView, Mention

SLOTS = ("from_club", "to_club")
# Sentences around a mention of the person whose teams are options.
NEAR = 3
# Mentions of one person read per candidate, for its event and club features alike: the
# first ones carry the story.
MAX_MENTIONS = 8
# Types whose clubs may be national teams.
NATIONAL_OK = ("coach_appointment", "departure")


@dataclass(frozen=True, slots=True)
class ClubOption:
    """A team that may fill a slot, with its features (shared by both slots' models)."""

    name: str
    features: tuple[str, ...]


def club_options(
    v: DocView, kind: str, mentions: tuple[Mention, ...], record: Mapping[str, Any] | None
) -> tuple[ClubOption, ...]:
    national = kind in NATIONAL_OK
    key = ("clubs", national, *(m.span.start for m in mentions[:MAX_MENTIONS]))
    if key not in v.memo:
        v.memo[key] = _near_teams(v, national, mentions)
    feats = {name: set(f) for name, f in v.memo[key].items()}
    for slot in SLOTS:
        chosen = (record or {}).get(slot)
        if chosen:
            feats.setdefault(chosen, set()).add(f"rule={slot}")
    top = max(v.team_counts.values(), default=0)
    out = []
    for name, f in feats.items():
        n = v.team_counts.get(name, 0)
        f.add(f"count={min(n, 4)}")
        if n and n == top:
            f.add("most_named")
        if record is not None and not any(x.startswith("rule=") for x in f):
            f.add("rule=neither")
        shared = {f"*|{x}" for x in f}
        out.append(ClubOption(name, tuple(sorted({f"{kind}|{x}" for x in f} | shared))))
    return tuple(out)


def _near_teams(
    v: DocView, national: bool, mentions: tuple[Mention, ...]
) -> dict[str, frozenset[str]]:
    """Teams within NEAR sentences of a mention, and the headline's, with their features.
    Only these: reading every team of the article for every candidate would cost the square
    of its length."""
    sents = {m.sent + k for m in mentions[:MAX_MENTIONS] for k in range(-NEAR, NEAR + 1)} | {0}
    near = [m.sent for m in mentions[:MAX_MENTIONS]]
    feats: dict[str, set[str]] = {}
    for s in sorted(k for k in sents if k in v.teams):
        gap = min((abs(s - k) for k in near), default=NEAR + 1)
        for span, label, name in v.teams[s]:
            if label == NATIONAL_TEAM and not national:
                continue
            f = feats.setdefault(name, set())
            f.add(f"sentgap={min(gap, NEAR + 1)}")
            f.add(f"label={label}")
            if gap <= 1 or s == 0:
                f.update(_mention_features(v, span, s, mentions))
    return {name: frozenset(f) for name, f in feats.items()}


def _mention_features(v: DocView, span: Span, s: int, mentions: tuple[Mention, ...]) -> set[str]:
    doc = v.doc
    root = span.root
    f = {f"dep={root.dep_}", f"head={root.head.lemma_.lower()}"}
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    f.add(f"prev={prev}")
    if root.dep_ == "pobj":
        f.add(f"prep={root.head.lower_}:{root.head.head.lemma_.lower()}")
    if root.dep_ in ("nsubj", "nsubjpass"):
        f.add(f"subj={root.head.lemma_.lower()}")
    if root.dep_ == "poss" or (span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s")):
        f.add("possessive")
    if s == 0:
        f.add("headline")
    same = [m for m in mentions[:MAX_MENTIONS] if m.sent == s]
    if not same:
        f.add("other_sentence")
        return f
    gap = min(
        (m.span.start - span.end if span.end <= m.span.start else span.start - m.span.end)
        for m in same
    )
    before = any(span.end <= m.span.start for m in same)
    f.add(f"side={'before' if before else 'after'}")
    f.add(f"gap={min(max(gap, 0), 6) if gap < 6 else (8 if gap < 12 else 12)}")
    if before and gap <= 2:
        f.add("right_before_person")  # "Chelsea striker X", "Chelsea's X"
    return f
