"""Which amount is a candidate's fee: options and their features.

The rules take a fee only where the parse ties an amount to their trigger, so a fee told
in another shape ("a £44m bid for X", "spent £42.5m on X", "X, bought from Y for £11m")
or in the next sentence is often left out. The options are the amounts of the sentences
that name the person (and the sentence after each): each is described by the words
around it, its grammatical head, how many people and amounts its sentence holds and how
far it stands from the name. One model scores them; the best one is the fee when it is
likely enough and the rules found none.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span

from ..events.base import Ent
from ..events.fees import _fee_of
from ..extensions import DOC_ENTITIES
from ..schema import MONEY
from .slots import MAX_MENTIONS

if TYPE_CHECKING:
    from .candidates import DocView, Mention

# Types whose records carry a fee (EVENTS.md).
FEE_TYPES = ("signing", "loan")
# Words read on each side of an amount.
FEE_WINDOW = 3


@dataclass(frozen=True, slots=True)
class FeeOption:
    """An amount that may be a candidate's fee, as a fee record, with its features."""

    fee: Mapping[str, Any]
    features: tuple[str, ...]


def amounts(v: DocView, span: Span) -> list[Ent]:
    """The amounts in `span` (a sentence, or a list item's words) that can be fees, as the
    rules read them: no wages (`per` week) and no conversions of another amount."""
    key = ("amounts",)
    if key not in v.memo:
        norms = v.doc._.get(DOC_ENTITIES) or {}
        by_sent: dict[int, list[Ent]] = {}
        for ent in v.doc.ents:  # once per document: `Span.ents` reads them all each time
            norm = norms.get(f"{ent.start_char}:{ent.end_char}") or {}
            wage, converted = norm.get("per"), norm.get("relation") == "equivalent"
            if ent.label_ == MONEY and norm.get("amount") and not wage and not converted:
                by_sent.setdefault(v.sent_of[ent.start], []).append(Ent(ent, MONEY, ent.text, norm))
        v.memo[key] = by_sent
    sents = range(v.sent_of[span.start], v.sent_of[span.end - 1] + 1)
    by_sent = v.memo[key]
    return [a for k in sents for a in by_sent.get(k, ()) if span.start <= a.span.start < span.end]


def fee_options(
    v: DocView,
    kind: str,
    mentions: tuple[Mention, ...],
    record: Mapping[str, Any],
    evidence: set[int],
) -> tuple[FeeOption, ...]:
    """The amounts near the person's mentions and in the record's evidence sentences."""
    if kind not in FEE_TYPES:
        return ()
    named = {m.sent for m in mentions[:MAX_MENTIONS]} | evidence
    where = {s + 1: "next" for s in named} | {s: "mention" for s in named}
    where.update({s: "evidence" for s in evidence})
    ruled = record.get("fee") or {}
    out = []
    for s in sorted(k for k in where if k < len(v.sents)):
        found = amounts(v, v.sents[s])
        for order, amount in enumerate(found):
            feats = _amount_features(v, amount, s, mentions) | {f"where={where[s]}"}
            feats.add(f"order={min(order, 2)}")
            feats.add(f"namounts={min(len(found), 3)}")
            if ruled and _same_amount(ruled, amount.norm):
                feats.add("rule")
            shared = {f"*|{x}" for x in feats}
            out.append(
                FeeOption(_fee_of(amount), tuple(sorted({f"{kind}|{x}" for x in feats} | shared)))
            )
    return tuple(out)


def _same_amount(fee: Mapping[str, Any], norm: Mapping[str, Any]) -> bool:
    return fee.get("amount") == norm.get("amount") and fee.get("currency") == norm.get("currency")


def _amount_features(v: DocView, amount: Ent, s: int, mentions: tuple[Mention, ...]) -> set[str]:
    """What ties an amount to a move: the words beside it, its head, its sentence's people."""
    key = ("fee_amount", amount.span.start)
    if key not in v.memo:
        v.memo[key] = frozenset(_context(v, amount, s))
    feats = set(v.memo[key])
    same = [m for m in mentions[:MAX_MENTIONS] if m.sent == s]
    if not same:
        feats.add("other_sentence")
        return feats
    span = amount.span
    gap = min(abs(m.span.start - span.start) for m in same)
    feats.add(f"gap={_bucket(gap)}")
    feats.add(f"side={'after' if any(m.span.start < span.start for m in same) else 'before'}")
    return feats


def _context(v: DocView, amount: Ent, s: int) -> set[str]:
    doc, span = v.doc, amount.span
    root = span.root
    feats = {f"dep={root.dep_}", f"head={root.head.lemma_.lower()}"}
    if root.dep_ == "pobj":
        feats.add(f"prep={root.head.lower_}:{root.head.head.lemma_.lower()}")
    sent = v.sents[s]
    for tok in doc[max(span.start - FEE_WINDOW, sent.start) : span.start]:
        feats.add(f"L={tok.lemma_.lower()}")
    for tok in doc[span.end : min(span.end + FEE_WINDOW, sent.end)]:
        feats.add(f"R={tok.lemma_.lower()}")
    feats.add(f"npeople={min(_people_in(v).get(s, 0), 3)}")
    n = float(amount.norm.get("amount") or 0)
    feats.add(f"size={int(math.log10(n)) if n >= 1 else 0}")
    if amount.norm.get("relation"):
        feats.add(f"relation={amount.norm['relation']}")
    if amount.norm.get("amount_max"):
        feats.add("range")
    return feats


def _people_in(v: DocView) -> dict[int, int]:
    """How many people each sentence names, by sentence index (once per document)."""
    key = ("people_by_sentence",)
    if key not in v.memo:
        names: dict[int, set[str]] = {}
        for name, found in v.people.items():
            for m in found:
                names.setdefault(m.sent, set()).add(name)
        v.memo[key] = {s: len(n) for s, n in names.items()}
    return v.memo[key]


def _bucket(gap: int) -> int:
    return next((b for b in (2, 4, 8, 16) if gap <= b), 32)
