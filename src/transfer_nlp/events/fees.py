"""Fees (free and undisclosed moves included) and contract length."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Any

from spacy.tokens import Span, Token

from ..lexicon import active, words
from .base import Ent, Mention, head_chain


# -- fee, contract, stage -------------------------------------------------------
def sentence_fee(
    sent: Span,
    trig: Token,
    money: list[Ent],
    index: int,
    n_people: int,
    kind: str,
    busy: frozenset[int] = frozenset(),
) -> tuple[dict[str, Any] | None, str | None, bool]:
    """The fee of a mention, its wording ("free", "undisclosed") and whether the parse
    ties the amount to this trigger.

    An amount below this trigger in the parse is its fee; an amount below another
    trigger that has a mover of its own ("paid £23m to sign X, after he joined from Y
    for £73m") is that one's. Amounts paired with people ("€60m and €50m
    respectively") go by position; none for a free transfer."""
    low = sent.text.lower()
    text: str | None = None
    if "undisclosed" in low:
        text = "undisclosed"
    elif re.search(r"\b(?:free transfer|on a free|free agent|bosman)\b", low):
        text = "free"
    if kind not in ("signing", "loan", "coach_appointment") or not money or text == "free":
        return None, text, False
    mine = {trig.i}
    if trig.dep_ == "dobj" and trig.head.lemma_.lower() in words("light_verbs"):
        mine.add(trig.head.i)  # "completed the signing of X for a £50m fee"
    elif trig.dep_ in ("dobj", "compound", "appos", "nmod"):
        # "bringing in former Portsmouth signing Niko Kranjcar for £2m": a word naming
        # the player shares the amounts of the verb he is the object of
        verb = next((t for t in head_chain(trig, 4)[1:] if t.pos_ == "VERB"), None)
        if verb is not None and verb.lemma_.lower() in active().triggers:
            mine.add(verb.i)
    money = [m for m in money if not _not_a_fee(m.span)]
    if not money:
        return None, text, False
    owners = [_owner(m.span.root, busy | mine) for m in money]
    own = [m for m, o in zip(money, owners, strict=True) if o in mine]
    free = [m for m, o in zip(money, owners, strict=True) if o is None]
    if n_people > 1 and len(money) == n_people:
        return _fee_of(money[index]), text, True
    if own:
        return _fee_of(own[0]), text, True
    if free:
        return _fee_of(free[0]), text, False
    return None, text, False


def _not_a_fee(span: Span) -> bool:
    head = span.root.head
    if head.lower_ == "of" and head.head.i != head.i:
        head = head.head  # "a wage bill of €400 million"
    return head.lemma_.lower() in words("not_fee_nouns") and not (span.start <= head.i < span.end)


def _owner(tok: Token, triggers: frozenset[int]) -> int | None:
    """The nearest trigger above an amount in the parse, if any."""
    for _ in range(12):
        if tok.i in triggers:
            return tok.i
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _fee_of(amount: Ent) -> dict[str, Any]:
    """The fee record of a MONEY entity."""
    n = amount.norm
    return {
        "amount": n["amount"],
        "currency": n["currency"],
        "text": n.get("text", amount.span.text),
        "amount_max": n.get("amount_max"),
        "equivalents": n.get("equivalents") or [],
    }


_UNTIL = re.compile(
    r"\b(?:until|till|to|through)\s+(?:the\s+)?(?:end of\s+)?(?:(?:the\s+)?summer\s+of\s+|"
    r"(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


_YEARS = re.compile(
    r"\b(\d|one|two|three|four|five|six|seven|eight|nine|ten)[- ]year\b", re.IGNORECASE
)


def contract_terms(sent: Span) -> tuple[int | None, str | None]:
    text = sent.text
    years: int | None = None
    until: str | None = None
    m = _YEARS.search(text)
    if m and re.search(r"\b(?:deal|contract|terms|extension)\b", text[m.end() : m.end() + 40]):
        w = m.group(1).lower()
        years = int(w) if w.isdigit() else active().numbers.get(w)
    m2 = _UNTIL.search(text)
    if m2:
        until = m2.group(1)
    return years, until


_FEE_CUES = re.compile(
    r"\b(?:fee|fees|bid|offer|price|priced|worth|valued|valuation|clause|compensation|"
    r"paid|pay|cost|costing|deal|sum|tag|package|euros|pounds|for)\b",
    re.IGNORECASE,
)


def carry_fees(mentions: list[Mention], sents: list[Span], money: list[Ent]) -> list[Mention]:
    """A fee named in a sentence with no move of its own belongs to the move just
    reported ("Liverpool have asked for a fee ..., which would be around €1 million")."""
    used = {m.fee["text"] for m in mentions if m.fee}
    moved: dict[int, Mention] = {}  # id of a mention -> the same with the carried fee
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sent.setdefault(m.sentence.start, []).append(m)
    # `money` is in text order: each sentence looks up its own amounts only.
    starts = [e.span.start for e in money]
    for i, sent in enumerate(sents):
        if sent.start in by_sent:
            continue
        amounts = [
            e
            for e in money[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
            if not e.norm.get("per")
            and e.norm.get("relation") != "equivalent"
            and e.norm.get("amount")
            and e.norm.get("text", e.span.text) not in used
            and not _not_a_fee(e.span)
        ]
        if not amounts or not _FEE_CUES.search(sent.text):
            continue
        for back in range(i - 1, max(i - 3, -1), -1):
            prev = [
                m
                for m in by_sent.get(sents[back].start, [])
                if m.fee is None and m.type in ("signing", "loan")
            ]
            if prev:
                paid = replace(prev[0], fee=_fee_of(amounts[0]))
                moved[id(prev[0])] = paid
                group = by_sent[sents[back].start]
                group[next(k for k, m in enumerate(group) if m is prev[0])] = paid
                break
    return [moved.get(id(m), m) for m in mentions]
