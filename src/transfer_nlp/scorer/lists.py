"""Round-up lists: people named in verbless lines under a header.

A round-up tells its moves without verbs. A header names the kind of move, on a line
of its own ("RELEASED", "Out:", "The club have made these players available for
transfer.") or before the names on the same line ("Ins: A, B, C", "Released - A, B");
each item names a player, often with clubs or a fee beside him ("- A (Monaco - £35m)",
"A to Fulham from Sunderland."). The sentence parser reads such lines badly and the
trigger words sit in the header, away from the names, so the candidates read the
list's shape instead: which header an item is under and what the item line holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon import active, words
from ..schema import CLUB, MONEY, PERSON

# A header before the names on the same line: a few words, then a colon or a dash.
# Each of the 1-4 header words is taken whole (the lookahead): a word the pattern may
# split into pieces makes a line that has no header cost time polynomial in its length.
_PREFIX = re.compile(r"^[^\w\n]*((?:[^\W\d][\w'’]*(?![\w'’])\s?){1,4})\s*(?::|\s[-–—]\s)")
_BULLET = re.compile(r"^\s*(?:[-–—•*·]|\d+[.)])\s")
# A line longer than this (in tokens) is prose, not a list item, unless a header leads it.
MAX_ITEM_TOKENS = 24


# The kind of a squad or line-up header: no event type.
SQUAD = "squad"
Header = tuple[str | None, Token | None]  # the type a header signals, and its cue word


@dataclass(frozen=True, slots=True)
class ListItem:
    """What a list says about one person named in it."""

    line: Span
    part: Span  # the item's own words: the line, or its share of a line of several names
    kind: str | None  # the event type its header signals
    header: Token | None  # the header's cue word
    prefixed: bool  # the header leads the item's own line
    bullet: bool


def list_items(doc: Doc, text: str | None = None) -> dict[int, ListItem]:
    """Each person named in a list item, by the index of the first token of the name.
    `text` is `doc.text` where the caller already has it: spaCy rebuilds it on each access."""
    out: dict[int, ListItem] = {}
    header: Header = (None, None)
    for line, named in _lines(doc, doc.text if text is None else text):
        if not named:
            header = _next_header(line, header)
            continue
        prefix = _prefix(line, named)
        if prefix is not None:
            own = _cue(prefix)
        elif _item_line(line):
            own = header
        else:
            header = (None, None)  # prose that names people ends the list
            continue
        bullet = bool(_BULLET.match(line.text))
        for ent, part in zip(named, _parts(line, named), strict=True):
            out[ent.start] = ListItem(line, part, *own, prefix is not None, bullet)
    return out


def item_features(item: ListItem, kind: str) -> set[str]:
    """Features of a candidate of type `kind` whose person is the list item `item`."""
    same = "none" if item.kind is None else ("same" if item.kind == kind else "other")
    feats = {"item", f"itemkind={same}", "item_prefixed" if item.prefixed else "item_under"}
    if item.header is not None:
        feats.add(f"itemhead={item.header.lower_}")
    if item.bullet:
        feats.add("item_bullet")
    labels = {e.label_ for e in item.part.ents}
    if CLUB in labels:
        feats.add("item_club")
    if MONEY in labels:
        feats.add("item_money")
    return feats


def _lines(doc: Doc, text: str) -> Iterator[tuple[Span, list[Span]]]:
    """The lines of `doc` that hold words, each with the people named in it."""
    people = [e for e in doc.ents if e.label_ == PERSON]
    k = 0
    for match in re.finditer(r"[^\n]+", text):
        if match.group().isspace():
            continue
        line = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if line is None or not len(line):
            continue
        named = []
        while k < len(people) and people[k].start < line.end:
            if people[k].start >= line.start:
                named.append(people[k])
            k += 1
        yield line, named


def _parts(line: Span, named: list[Span]) -> list[Span]:
    """Each name's share of a line: the whole line for one name; for several ("Ins: A,
    Mainz (€11m), B, Real Madrid (€10m)"), from each name to the next one."""
    if len(named) == 1:
        return [line]
    ends = [e.start for e in named[1:]] + [line.end]
    return [line.doc[e.start : end] for e, end in zip(named, ends, strict=True)]


def _prefix(line: Span, named: list[Span]) -> Span | None:
    """The header words before the names on `line`, if it has them."""
    match = _PREFIX.match(line.text)
    if match is None or not named:
        return None
    end = line.start_char + match.end(1)
    if named[0].start_char < end:
        return None  # "Ethan Brierley - Rochdale": the name leads, no header does
    span = line.doc.char_span(line.start_char, end, alignment_mode="contract")
    return span if span is not None and len(span) else None


def _next_header(line: Span, header: Header) -> Header:
    """The header after a line that names no person. A short line with a cue or a colon
    heads what follows ("RELEASED", "Out:", "These players leave:"); prose ends the list;
    other short lines and bullets (an item whose name the tagger missed, a club's name
    over its section) leave the header as it is."""
    if _BULLET.match(line.text):
        return header
    if len(line) > MAX_ITEM_TOKENS:
        return None, None
    cue = _cue(line)
    if cue[0] is not None or line.text.rstrip().endswith(":"):
        return cue
    return header


def _item_line(line: Span) -> bool:
    """A line that names its people without a verb of its own ("- A (Monaco - £35m)")."""
    if _BULLET.match(line.text):
        return True
    return len(line) <= MAX_ITEM_TOKENS and not any(t.pos_ in ("VERB", "AUX") for t in line)


def _cue(span: Span) -> Header:
    """The event type the words of a header signal, and the word that signals it; a
    squad or line-up header (`SQUAD`) says its people are named, not moving."""
    headers = active().entry("list_headers")
    triggers = active().triggers
    squad = words("squad_headers")
    for tok in span:
        if not tok.is_alpha and tok.lower_ not in squad:
            continue
        low = tok.lower_
        if low in squad:
            return SQUAD, tok
        for kind, forms in headers.items():
            if low in forms:
                return kind, tok
        kind = triggers.get(tok.lemma_.lower()) or triggers.get(low)
        if kind is not None:
            return kind, tok
    return None, None
