"""Who an event is about: coaches, executives, bystanders, pronouns and descriptors."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from ..lexicon import words
from .base import (
    Ent,
)
from .triggers import coach_context


class DocContext:
    """What the extractor knows about the article so far: who is a coach, which club
    was last the subject of a sentence."""

    def __init__(self, people: list[Ent], coaches: set[str], doc: Doc) -> None:
        self.people = people
        self.coaches = coaches
        self.players = {p.canonical for p in people if named_as_player(p.span)}
        # An article about managers: bare names in it moving clubs are coaches.
        coach_nouns, player_nouns = words("coach_nouns"), words("player_nouns")
        n_coach = n_player = 0
        for t in doc:
            lemma = t.lemma_.lower()
            n_coach += lemma in coach_nouns or t.lower_ == "managerial"
            n_player += lemma in player_nouns
        self.coach_article = n_coach >= 3 and n_coach > 2 * n_player
        self.mentions_coaches = n_coach >= 2
        self.doc = doc
        self.last_club: str | None = None
        self.last_named: str | None = None
        self.current: dict[str, str] = {}
        self.focal: str | None = None
        self.pronoun_club: str | None = None
        self.object_club: str | None = None
        # Who a later "he" may be, indexed once: a lookup per pronoun must not scan the
        # article. People come in text order and never overlap, so their ends are sorted.
        self._players = [
            p
            for p in people
            if p.canonical not in coaches and not is_executive(p.span) and not is_source(p.span)
        ]
        self._player_ends = [p.span.end for p in self._players]
        self._player_sents = [p.span.sent.start for p in self._players]

    def player_before(self, i: int) -> str | None:
        """The last person named before token `i` who is not a coach; within the last
        sentence that names anyone, its subject goes first ("Whelan ... when replacing
        Gerry Daly. He joined Southend": he is Whelan)."""
        n = bisect_right(self._player_ends, i)
        if n == 0:
            return None
        last, last_sent = self._players[n - 1], self._player_sents[n - 1]
        if last_sent == self.doc[i].sent.start:
            return last.canonical  # a name earlier in the same sentence
        first = n - 1
        while first > 0 and self._player_sents[first - 1] == last_sent:
            first -= 1
        same = self._players[first:n]
        subject = next((p for p in same if p.span.root.dep_ in ("nsubj", "nsubjpass")), None)
        return (subject or last).canonical


def sentence_ents(sent: Span) -> list[Span]:
    """`sent.ents`, read from the sentence's own tokens: `Span.ents` walks every entity
    of the document, which makes a lookup per trigger quadratic."""
    doc = sent.doc
    out: list[Span] = []
    start: int | None = None
    for tok in sent:
        if tok.ent_iob_ == "I":
            continue
        if start is not None:
            out.append(_ent_span(doc, start, tok.i))
        start = tok.i if tok.ent_iob_ == "B" else None
    if start is not None and not (sent.end < len(doc) and doc[sent.end].ent_iob_ == "I"):
        out.append(_ent_span(doc, start, sent.end))
    return out


def _ent_span(doc: Doc, start: int, end: int) -> Span:
    first = doc[start]
    return Span(doc, start, end, label=first.ent_type, kb_id=first.ent_kb_id, span_id=first.ent_id)


def find_coaches(people: list[Ent]) -> set[str]:
    """People the article names as a coach, manager or boss anywhere."""
    out = set()
    for p in people:
        if named_as_coach(p.span):
            out.add(p.canonical)
            continue
        doc = p.span.doc
        after = doc[p.span.end : p.span.end + 4]
        if (
            len(after) >= 2
            and after[0].text == ","
            and any(t.lower_ in words("coach_nouns") for t in after[1:])
        ) and not any(t.lower_ in words("player_nouns") for t in after[1:]):
            out.add(p.canonical)
    return out


def back_references(sent: Span) -> list[Token]:
    """Tokens that refer back to a player: he/him/his, "the winger", "the 24-year-old"."""
    out = []
    for tok in sent:
        if tok.lower_ in words("person_pronouns"):
            out.append(tok)
        elif tok.lower_ == "the" and tok.i + 1 < sent.end:
            nxt = tok.nbor(1)
            if (
                nxt.lower_ in words("coref_nouns")
                and nxt.lower_ not in words("coach_nouns")
                and not nxt.ent_type_
                and not (nxt.i + 1 < sent.end and nxt.nbor(1).pos_ in ("NOUN", "PROPN", "ADJ"))
            ):
                out.append(nxt)  # "the winger", not "the Brazilian national team"
            elif re.fullmatch(r"\d\d-year-old", nxt.text):
                out.append(nxt)
            elif nxt.like_num:
                # "the 21-year-old" is tokenised as 21 - year - old
                tail = sent.doc[tok.i + 2 : min(tok.i + 6, sent.end)]
                old = next((t for t in tail if t.lower_ == "old"), None)
                if old is not None and any(t.lower_ in ("year", "years") for t in tail):
                    out.append(old)
    return out


def is_speaker(span: Span) -> bool:
    """The source of a report, not its subject: "X said", "per X", "according to X"."""
    root = span.root
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in words("speech_verbs") | {
        "claim",
        "write",
    }:
        return True
    return is_source(span)


def is_source(span: Span) -> bool:
    """A reporter or outlet cited for a story: "per X", "according to X", "journalist X"."""
    before = _words_before(span, 2)
    if before[-1:] == ["per"] or before == ["according", "to"] or before[-1:] == ["via"]:
        return True
    return before[-1:] in (["journalist"], ["reporter"], ["insider"], ["agent"])


def buyer_not_mover(person: Ent, trig: Token, people: list[Ent]) -> bool:
    """The subject of a buying or selling verb is the mover only when nobody else is
    its object: a manager who lands or sells a player does not move."""
    lemma = trig.lemma_.lower()
    root = person.span.root
    if (
        lemma == "signing"
        and trig.pos_ == "NOUN"
        and root.dep_ == "nsubj"
        and root.head.lemma_.lower() not in ("be", "become", "remain")
        and trig.dep_ not in ("attr", "oprd")  # "X looks set to become Y's first signing"
        and any(c.dep_ == "poss" for c in trig.children)
    ):
        return True  # "Arteta finally gets his striker signing": he is the one buying
    if (
        lemma == "signing"
        and trig.pos_ == "NOUN"
        and root.dep_ == "poss"
        and root.head.i == trig.i
        and trig.dep_ in ("attr", "oprd")
        and any(
            e.label_ == "PERSON" and e.root.dep_ in ("nsubj", "nsubjpass")
            for e in sentence_ents(trig.sent)
            if e.start != person.span.start
        )
    ):
        return True  # "Mjallby looks set to become George Graham's first signing"
    if lemma not in words("buyer_subject") and lemma not in words("seller_subject"):
        return False
    if lemma == "move" and not any(c.lower_ == "for" for c in trig.children):
        return False  # "X moves from Atalanta to Roma" is his own move; "move for X" buys
    if root.dep_ != "nsubj" or root.head.i != trig.i:
        return False
    if named_as_coach(person.span) or is_executive(person.span):
        return True
    if not any(c.dep_ == "dobj" for c in trig.children) and (
        trig.dep_ == "relcl" or lemma in words("transitive_buys")
    ):
        return True  # "the players Papas has brought in": what he bought is elsewhere
    # "Graham pays £4 million for Wimbledon's Chris Perry": someone else is bought
    return any(p.span.root.dep_ in ("dobj", "pobj") for p in people if p is not person) or any(
        e.label_ == "PERSON"
        and e.root.dep_ in ("dobj", "pobj")
        and e.start != person.span.start
        and trig.i in [a.i for a in e.root.ancestors]
        for e in sentence_ents(trig.sent)
    )


def _words_before(span: Span, n: int = 3) -> list[str]:
    """The lower-cased words just before a name: where "striker", "boss" or "chairman" is."""
    return [t.lower_ for t in span.doc[max(span.start - n, 0) : span.start]]


def named_as_player(span: Span) -> bool:
    return not words("player_nouns").isdisjoint(_words_before(span))


def is_assistant(span: Span) -> bool:
    """Assistant posts are not appointments (nor is an assistant's move a coach's)."""
    return "assistant" in _words_before(span)


def is_executive(span: Span) -> bool:
    return not words("executive_nouns").isdisjoint(_words_before(span))


def named_as_coach(span: Span) -> bool:
    return not words("coach_nouns").isdisjoint(_words_before(span, 2))


def person_role(person: Ent, kind: str, trig: Token) -> str:
    if kind == "coach_appointment":
        return "coach"
    if not person.span.text:
        return "coach" if kind == "departure" and coach_context(trig.sent) else "player"
    doc = person.span.doc
    before = {t.lower_ for t in doc[max(person.span.start - 3, 0) : person.span.start]}
    if before & words("executive_nouns"):
        return "executive"
    if before & words("coach_nouns"):
        return "coach"
    if kind == "departure" and trig.lemma_.lower() in ("sack", "dismiss", "sacking", "dismissal"):
        return "coach"
    return "player"
