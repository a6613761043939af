"""Stage 4: transfer events from triggers, the dependency parse and tagged entities.

For every sentence the extractor finds trigger words (by lemma, with the phrase
checks that some need), ties people and clubs to the trigger that governs them in
the parse, reads the clubs' roles from prepositions and grammatical functions
(`from X`, `X sign ...`, `join X`, `X striker P`), attaches a fee, reads the stage
from cue words and tense, and finally merges the mentions of one move into one
record per article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import lexicon
from .errors import Errors, PipelineError
from .extensions import DOC_ENTITIES, DOC_EVENTS, install_extensions
from .lexicon import JOB_NOUNS
from .schema import CLUB, MONEY, NATIONAL_TEAM, PERSON, STATUSES

_LEX = lexicon.load("events.json")
TRIGGERS: dict[str, str] = {}
for _type in (
    "signing",
    "departure",
    "coach_appointment",
    "contract_extension",
    "loan",
    "retirement",
):
    for _lemma in _LEX["triggers"][_type]:
        TRIGGERS[_lemma] = _type
COACH_NOUNS = frozenset(_LEX["coach_nouns"])
EXEC_NOUNS = frozenset(_LEX["executive_nouns"])
PLAYER_NOUNS = frozenset(_LEX["player_nouns"])
SPEECH_VERBS = frozenset(_LEX["speech_verbs"])
COREF_NOUNS = frozenset(_LEX["coref_nouns"])
_STATUS_RE = {
    status: re.compile(
        r"\b(?:" + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    for status, cues in _LEX["status_cues"].items()
}
RANK = {"rumour": 0, "negotiating": 1, "agreed": 2, "off": 3, "confirmed": 4}

# Triggers whose grammatical subject is the buying club ("Arsenal sign X").
_BUYER_SUBJECT = {
    "sign",
    "capture",
    "land",
    "snap",
    "buy",
    "purchase",
    "acquire",
    "bring",
    "recruit",
    "bid",
    "offer",
    "target",
    "want",
    "chase",
    "pursue",
    "track",
    "monitor",
    "eye",
    "approach",
    "seal",
    "complete",
    "secure",
    "lure",
    "tempt",
    "poach",
    "prise",
    "pluck",
    "snare",
    "grab",
    "nab",
    "hijack",
    "pay",
    "consider",
    "shortlist",
    "covet",
    "appoint",
    "name",
    "hire",
    "install",
    "extend",
    "renew",
    "loan",
    "borrow",
    "agree",
    "interest",
    "keen",
    "sound",
    "negotiate",
    "talk",
    "swoop",
    "raid",
    "deal",
    "move",
}
# Triggers whose subject is the club the person leaves ("Chelsea sacked X").
_SELLER_SUBJECT = {
    "sack",
    "dismiss",
    "fire",
    "axe",
    "release",
    "oust",
    "relieve",
    "sell",
    "terminate",
    "part",
    "let",
}
# Triggers whose object is the destination ("X joins Y").
_DEST_OBJECT = {
    "rejoin",
    "re-sign",
    "join",
    "sign",
    "move",
    "switch",
    "return",
    "reunite",
    "take",
    "arrive",
    "charge",
}
# Triggers whose object is the club left ("X left Y").
_SOURCE_OBJECT = {"leave", "quit", "depart", "exit", "swap", "retire"}
_PERSON_WORDS = {"he", "him", "his", "she", "her"}
# Words that are triggers only as verbs ("Liverpool eye X", not "eye-catching").
_VERB_ONLY = {
    "eye",
    "land",
    "track",
    "monitor",
    "chase",
    "want",
    "snap",
    "bring",
    "net",
    "grab",
    "lure",
    "tempt",
    "pluck",
    "prise",
    "poach",
    "covet",
    "pen",
    "link",
    "hire",
    "name",
    "secure",
    "complete",
    "seal",
    "pay",
    "buy",
    "part",
    "step",
    "take",
    "leave",
    "sell",
}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@Language.factory(
    "transfer_event_extractor",
    requires=["doc.ents", "token.dep", "token.lemma", "doc._.transfer_entities"],
    assigns=["doc._.transfer_events"],
    default_config={"max_distance": 20, "min_confidence": 0.0},
)
def make_event_extractor(
    nlp: Language, name: str, max_distance: int, min_confidence: float
) -> EventExtractor:
    """Create the `transfer_event_extractor` component."""
    return EventExtractor(name, max_distance=max_distance, min_confidence=min_confidence)


@dataclass
class _Ent:
    span: Span
    label: str
    canonical: str
    norm: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Mention:
    type: str
    status: str
    person: str
    role: str
    from_club: str | None
    to_club: str | None
    fee: dict[str, Any] | None
    fee_text: str | None
    contract_years: int | None
    contract_until: str | None
    confidence: float
    sentence: Span


class EventExtractor:
    """Reads `doc.ents`, `doc._.transfer_entities` and the parse; writes
    `doc._.transfer_events`, a list of JSON-safe event dicts (see `schema.Event`)."""

    def __init__(self, name: str, *, max_distance: int = 20, min_confidence: float = 0.0) -> None:
        install_extensions()
        self.name = name
        self.max_distance = max_distance
        self.min_confidence = min_confidence
        self._current: dict[str, str] = {}
        self._focal: str | None = None

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            raise PipelineError(
                Errors.E002(component=self.name, needs="parser", pipes="no dependency parse")
            )
        norms = doc._.get(DOC_ENTITIES) or {}
        ents = []
        for e in doc.ents:
            if e.label_ not in (PERSON, CLUB, NATIONAL_TEAM, MONEY):
                continue
            norm = norms.get(f"{e.start_char}:{e.end_char}") or {}
            ents.append(_Ent(e, e.label_, norm.get("canonical") or e.text, norm))
        people = [e for e in ents if e.label == PERSON]
        coaches = _coaches(people)
        self._current = _current_clubs(people, [e for e in ents if e.label == CLUB])
        self._focal = _focal_club([e for e in ents if e.label == CLUB])
        ctx = _DocContext(people, coaches, doc)
        mentions: list[_Mention] = []
        sents = list(doc.sents)
        k = 0  # doc.ents are sorted and never cross a sentence boundary: one pass
        for sent in sents:
            in_sent = []
            while k < len(ents) and ents[k].span.start < sent.end:
                in_sent.append(ents[k])
                k += 1
            mentions.extend(self._sentence(sent, in_sent, ctx))
        _carry_fees(mentions, sents, [e for e in ents if e.label == MONEY])
        events = _merge(mentions)
        doc._.set(DOC_EVENTS, [e for e in events if e["confidence"] >= self.min_confidence])
        return doc

    # -- one sentence ---------------------------------------------------
    def _sentence(self, sent: Span, ents: list[_Ent], ctx: _DocContext) -> list[_Mention]:
        persons = [e for e in ents if e.label == PERSON]
        teams = [e for e in ents if e.label in (CLUB, NATIONAL_TEAM)]
        money = [
            e
            for e in ents
            if e.label == MONEY
            and not e.norm.get("per")
            and e.norm.get("relation") != "equivalent"
            and e.norm.get("amount")
        ]
        triggers = self._triggers(sent)
        if not triggers:
            return []
        trig_ids = {t.i for t, _ in triggers}
        loans = [t for t, k in triggers if k == "loan"]
        # Pronouns and descriptors ("he", "the winger") stand for the last player named.
        refs = [r for r in _references(sent) if r.i not in trig_ids]
        for ref in refs:
            name = ctx.player_before(ref.i)
            if name is not None:
                persons.append(_Ent(sent.doc[ref.i : ref.i + 1], PERSON, name, {"ref": True}))
        anchored: dict[int, list[_Ent]] = {}
        free: list[_Ent] = []
        for p in persons:
            if _speaker(p.span):
                continue
            t = _anchor(p.span, trig_ids)
            if t is None:
                free.append(p)
            else:
                anchored.setdefault(t, []).append(p)
        for p in free:
            if p.canonical in ctx.coaches or p.norm.get("ref") or _is_coach(p.span):
                continue  # a coach or a pronoun far from any trigger is not the mover
            if (
                p.span.root.dep_ in ("nsubj", "nsubjpass")
                and p.span.root.head.pos_ == "VERB"
                and min(abs(t.i - p.span.root.i) for t, _ in triggers) > 6
            ):
                continue  # the subject of some other verb
            # Headlines and loose syntax: the nearest trigger that has no one of its own.
            open_triggers = [tk for tk in triggers if tk[0].i not in anchored]
            if not open_triggers:
                continue
            near = min(open_triggers, key=lambda tk: abs(tk[0].i - p.span.root.i))[0]
            if abs(near.i - p.span.root.i) <= self.max_distance:
                anchored.setdefault(near.i, []).append(p)
        # "X will leave A to take charge of B": the subject of the first verb is the
        # subject of the clauses that hang off it.
        for trig, _ in triggers:
            if trig.i in anchored or trig.dep_ not in ("advcl", "xcomp", "conj"):
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in trig.children):
                continue
            subjects = [
                p
                for p in anchored.get(trig.head.i, [])
                if p.span.root.dep_ in ("nsubj", "nsubjpass")
            ]
            if subjects:
                anchored[trig.i] = subjects
        team_anchor = {t.span.start: _anchor(t.span, trig_ids) for t in teams}
        out: list[_Mention] = []
        seen: set[tuple[str, str, int]] = set()
        all_people = [p for p in persons if not p.norm.get("ref")]
        for trig, kind in triggers:
            people = anchored.get(trig.i, [])
            for k, person in enumerate(people):
                if _is_executive(person.span) or _is_assistant(person.span):
                    continue  # chairmen, directors, agents: not the subject of a move
                if person.norm.get("ref") and any(
                    p.canonical == person.canonical and not p.norm.get("ref") for p in people
                ):
                    continue  # the name itself is an argument here and speaks for itself
                if (
                    trig.pos_ == "NOUN"
                    and trig.lemma_.lower() in ("replacement", "successor")
                    and (
                        person.span.root.dep_ == "poss"
                        or person.span.root.head.lower_ in ("for", "of", "to")
                    )
                ):
                    continue  # "replacements for X", "X's successor": X is the one replaced
                if _buyer_not_mover(person, trig, people):
                    continue  # "Redknapp landed Srnicek", "Lippi sold Ravanelli"
                is_coach = person.canonical in ctx.coaches or _is_coach(person.span)
                mkind = kind
                if kind == "signing" and _on_loan(trig, person, loans, all_people):
                    mkind = "loan"
                if (
                    trig.pos_ == "VERB"
                    and trig.lemma_.lower() in ("replace", "succeed")
                    and (is_coach or ctx.coach_article or kind == "coach_appointment")
                ):
                    # "X replaces Y": X is appointed, Y leaves.
                    mkind = (
                        "departure"
                        if person.span.root.dep_ in ("dobj", "pobj")
                        else "coach_appointment"
                    )
                    is_coach = True
                elif (
                    kind in ("signing", "loan")
                    and not is_coach
                    and (ctx.coach_article or _job_context(sent))
                ):
                    is_coach = not _is_player(person.span) and person.canonical not in ctx.players
                if kind in ("signing", "loan") and is_coach:
                    # A coach linked with a club or a job is a (rumoured) appointment; a
                    # coach next to a player's move is a bystander.
                    root = person.span.root
                    direct = root.head.i == trig.i or (
                        root.dep_ in ("nsubj", "nsubjpass")
                        and _trigger_below(root.head, {trig.i}) == trig.i
                        and not person.norm.get("ref")
                    )
                    lemma = trig.lemma_.lower()
                    if lemma not in _COACH_MOVES and kind != "coach_appointment":
                        continue  # "manager X paid £4m for ...": the coach buys
                    if root.dep_ == "nsubj" and lemma not in _COACH_OWN_MOVES:
                        continue  # "manager X threw the agreement into doubt": he acts
                        # for his club, he is not moving
                    if not direct or not (
                        _coach_context(sent) or _job_context(sent) or ctx.coach_article
                    ):
                        continue
                    mkind = "coach_appointment"
                key = (mkind, person.canonical, trig.i)
                if key in seen:
                    continue
                seen.add(key)
                conf = 0.55 if person.norm.get("ref") else 0.75
                local = [
                    t
                    for t in teams
                    if team_anchor[t.span.start] in (None, trig.i)
                    or team_anchor[t.span.start] not in anchored
                ]
                out.extend(
                    self._mention(
                        sent, trig, mkind, person, teams, local, money, k, len(people), conf
                    )
                )
        for m in out:
            ctx.movers.append((m.sentence.end, m.person))
        return out

    def _triggers(self, sent: Span) -> list[tuple[Token, str]]:
        out: list[tuple[Token, str]] = []
        coach_sent = _coach_context(sent)
        lowered = sent.text.lower()
        for tok in sent:
            if tok.lower_ == "as" and _as_coach(tok):
                out.append((tok, "coach_appointment"))
                continue
            lemma = tok.lemma_.lower()
            kind = TRIGGERS.get(lemma)
            if kind is None and tok.lower_ in TRIGGERS:
                kind = TRIGGERS[tok.lower_]
                lemma = tok.lower_
            if kind is None:
                continue
            if tok.pos_ not in ("VERB", "NOUN", "ADJ", "AUX", "PROPN"):
                continue
            if lemma in _VERB_ONLY and tok.pos_ != "VERB" and not _headline_verb(tok):
                continue
            kind = _refine(tok, lemma, kind, coach_sent, lowered)
            if kind is not None:
                out.append((tok, kind))
        return out

    def _mention(
        self,
        sent: Span,
        trig: Token,
        kind: str,
        person: _Ent,
        teams: list[_Ent],
        local: list[_Ent],
        money: list[_Ent],
        index: int,
        n_people: int,
        conf: float,
    ) -> list[_Mention]:
        if kind not in ("coach_appointment", "departure"):
            teams = [t for t in teams if t.label == CLUB]
            local = [t for t in local if t.label == CLUB]
        teams = [t for t in teams if not _former(t.span)]
        local = [t for t in local if not _former(t.span)]
        from_club, to_club, sure, others = _club_roles(
            sent,
            trig,
            kind,
            person,
            teams,
            local,
            self._current.get(person.canonical),
            self._focal,
        )
        status = _status(sent, trig, kind)
        role = _role(person, kind, trig)
        fee, fee_text = _fee(sent, trig, money, index, n_people, kind)
        years, until = (
            _contract(sent) if kind in ("signing", "contract_extension", "loan") else (None, None)
        )
        if kind == "departure" and to_club is not None:
            # "X left West Ham for Arsenal" is a move; a coach's move is a departure
            # plus an appointment.
            if role != "coach":
                return self._mention(
                    sent, trig, "signing", person, teams, local, money, index, n_people, conf
                )
            leaves = _Mention(
                kind,
                status,
                person.canonical,
                role,
                from_club,
                None,
                None,
                None,
                None,
                None,
                conf,
                sent,
            )
            return [leaves, replace(leaves, type="coach_appointment", to_club=to_club)]
        if kind == "contract_extension" and to_club is None and from_club is not None:
            to_club, from_club = from_club, None
        if from_club is not None and from_club == to_club:
            from_club = None
        conf = min(
            1.0, conf + 0.1 * sure * bool(to_club) + 0.05 * bool(from_club) + 0.05 * bool(fee)
        )
        first = _Mention(
            kind,
            status,
            person.canonical,
            role,
            from_club,
            to_club,
            fee,
            fee_text,
            years,
            until,
            round(conf, 2),
            sent,
        )
        if kind not in ("signing", "loan", "coach_appointment") or status == "confirmed":
            return [first]
        # Rival suitors named together are separate (rumoured) moves.
        return [first] + [replace(first, to_club=c, fee=None) for c in others]


_NOT_PEOPLE = {
    "report",
    "claim",
    "rumour",
    "rumor",
    "speculation",
    "suggestion",
    "talk",
    "bid",
    "offer",
    "idea",
    "story",
    "notion",
    "criticism",
    "concern",
    "fear",
    "link",
    "interest",
    "approach",
}


class _DocContext:
    """What the extractor knows about the article so far: who is a coach, who moved."""

    def __init__(self, people: list[_Ent], coaches: set[str], doc: Doc) -> None:
        self.people = people
        self.coaches = coaches
        self.players = {p.canonical for p in people if _is_player(p.span)}
        # An article about managers: bare names in it moving clubs are coaches.
        n_coach = sum(t.lower_ in COACH_NOUNS for t in doc)
        n_player = sum(t.lower_ in PLAYER_NOUNS for t in doc)
        self.coach_article = n_coach >= 3 and n_coach > 2 * n_player
        self.movers: list[tuple[int, str]] = []

    def player_before(self, i: int) -> str | None:
        """The last person named before token `i` who is not a coach."""
        for p in reversed(self.people):
            if p.span.end <= i and p.canonical not in self.coaches:
                return p.canonical
        return None


def _coaches(people: list[_Ent]) -> set[str]:
    """People the article names as a coach, manager or boss anywhere."""
    out = set()
    for p in people:
        if _is_coach(p.span):
            out.add(p.canonical)
            continue
        doc = p.span.doc
        after = doc[p.span.end : p.span.end + 4]
        if (
            len(after) >= 2
            and after[0].text == ","
            and any(t.lower_ in COACH_NOUNS for t in after[1:])
        ) and not any(t.lower_ in PLAYER_NOUNS for t in after[1:]):
            out.add(p.canonical)
    return out


def _references(sent: Span) -> list[Token]:
    """Tokens that refer back to a player: he/him/his, "the winger", "the 24-year-old"."""
    out = []
    for tok in sent:
        if tok.lower_ in _PERSON_WORDS:
            out.append(tok)
        elif tok.lower_ == "the" and tok.i + 1 < sent.end:
            nxt = tok.nbor(1)
            if (
                nxt.lower_ in COREF_NOUNS
                and nxt.lower_ not in COACH_NOUNS
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


# -- triggers -----------------------------------------------------------------
def _refine(tok: Token, lemma: str, kind: str, coach_sent: bool, lowered: str) -> str | None:
    """Phrase checks for trigger words that are events only in some constructions."""
    children = {c.lower_ for c in tok.children}
    nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
    if lemma == "loan":
        if nxt in ("spell", "spells", "stint", "stints") or tok.head.lower_ in ("spell", "spells"):
            return None
        return "loan"
    if lemma == "part":
        return "departure" if children & {"ways", "company"} or nxt in ("ways", "company") else None
    if lemma == "step":
        return "departure" if {"down", "aside"} & children or nxt in ("down", "aside") else None
    if lemma == "take":
        objs = {c.lemma_.lower() for c in tok.children} | {nxt}
        if objs & {"charge", "reins", "helm", "over"}:
            return "coach_appointment"
        return None
    if lemma == "become":
        return (
            "coach_appointment"
            if any(c.dep_ == "attr" and c.lower_ in COACH_NOUNS for c in tok.children)
            else None
        )
    if lemma in ("charge", "helm", "reins"):
        return None  # handled through "take"
    if lemma in ("dismiss", "deny", "reject") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _NOT_PEOPLE for c in tok.children
    ):
        return None  # "dismissed reports", "dismissed the bid"
    if lemma in ("expire", "free"):
        return "departure" if "contract" in lowered else None
    if lemma == "hang":
        return "retirement" if "boots" in lowered else None
    if lemma in (
        "name",
        "appoint",
        "appointment",
        "hire",
        "install",
        "succeed",
        "successor",
        "replace",
        "replacement",
    ):
        if coach_sent or lemma in ("appoint", "appointment"):
            return "coach_appointment"  # players are signed; people are appointed
        return "signing" if lemma in ("hire",) else None
    if lemma == "commit":
        return "contract_extension" if "future" in lowered else None
    if (
        (
            (kind in ("signing", "departure") and lemma in ("sign", "pen", "agree", "deal"))
            or lemma in ("sign", "agree")
        )
        and re.search(
            r"\b(?:new|fresh|improved|extended)\b[\w\s-]{0,30}\b(?:contract|deal|terms)\b", lowered
        )
        and not re.search(r"\bfrom\b", lowered)
    ):
        return "contract_extension"
    if lemma == "contract":
        return None
    if (
        kind == "signing"
        and coach_sent
        and lemma
        in ("join", "sign", "move", "return", "deal", "approach", "target", "want", "link")
    ) and re.search(r"\b(?:as|new|next)\s+(?:\w+\s+)?(?:manager|coach|head coach|boss)\b", lowered):
        return "coach_appointment"
    if (
        lemma
        in (
            "sack",
            "dismiss",
            "fire",
            "axe",
            "oust",
            "relieve",
            "resign",
            "resignation",
            "quit",
            "dismissal",
            "sacking",
        )
        and not coach_sent
        and lemma == "fire"
    ):
        return None
    return kind


def _headline_verb(tok: Token) -> bool:
    """ "Newcastle land Sandro Tonali": a club, the word, then a name, in a line the
    tagger read as a noun phrase."""
    doc = tok.doc
    return (
        0 < tok.i < len(doc) - 1
        and doc[tok.i - 1].ent_type_ == CLUB
        and doc[tok.i + 1].ent_type_ == PERSON
    )


def _as_coach(tok: Token) -> bool:
    """ "X as (the new) manager", "as interim head coach": an appointment without a verb
    (but not "dismissed X as manager")."""
    doc = tok.doc
    if TRIGGERS.get(tok.head.lemma_.lower()) == "departure" or any(
        TRIGGERS.get(t.lemma_.lower()) == "departure" for t in doc[max(tok.i - 6, 0) : tok.i]
    ):
        return False
    for t in doc[tok.i + 1 : min(tok.i + 5, len(doc))]:
        if t.lower_ in COACH_NOUNS and t.lower_ not in ("head", "coaching"):
            return True
        if t.lower_ == "head" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "coach":
            return True
        if not (t.pos_ in ("DET", "ADJ", "PRON") or t.lower_ in ("interim", "caretaker", "new")):
            return False
    return False


def _job_context(sent: Span) -> bool:
    return any(t.lower_ in JOB_NOUNS for t in sent)


def _coach_context(sent: Span) -> bool:
    return any(t.lower_ in COACH_NOUNS for t in sent)


# -- people -------------------------------------------------------------------
def _anchor(span: Span, trig_ids: set[int]) -> int | None:
    """The trigger that governs a mention: up the head chain, down from the verb it is
    the subject of ("X is set to join" -> join), or a relative clause on it
    ("McDermott, who left the club")."""
    if span.end in trig_ids and span.doc[span.end].lower_ == "as":
        return span.end  # "Ivan Juric as manager"
    for tok in span:
        for child in tok.children:
            if child.i in trig_ids and child.dep_ in ("relcl", "acl"):
                return child.i
    tok = span.root
    cur = tok
    for _ in range(10):
        if cur.i in trig_ids:
            return cur.i
        head = cur.head
        if head is cur:
            break
        if (
            head.pos_ in ("VERB", "AUX")
            and cur.dep_ in ("nsubj", "nsubjpass")
            and head.i not in trig_ids
        ):
            if head.lemma_.lower() in SPEECH_VERBS:
                return None
            down = _trigger_below(head, trig_ids)
            if down is not None:
                return down
        cur = head
    return None


def _trigger_below(verb: Token, trig_ids: set[int]) -> int | None:
    frontier = [
        c
        for c in verb.children
        if c.dep_
        in ("xcomp", "acomp", "ccomp", "prep", "attr", "dobj", "conj", "advcl", "pcomp", "pobj")
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
                in ("xcomp", "acomp", "prep", "pcomp", "pobj", "dobj", "aux", "conj", "amod")
            )
        frontier = nxt
    return None


def _speaker(span: Span) -> bool:
    """The source of a report, not its subject: "X said", "per X", "according to X"."""
    root = span.root
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_VERBS | {"claim", "write"}:
        return True
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 2, 0) : span.start]]
    if before[-1:] == ["per"] or before == ["according", "to"] or before[-1:] == ["via"]:
        return True
    return before[-1:] in (["journalist"], ["reporter"], ["insider"], ["agent"])


def _buyer_not_mover(person: _Ent, trig: Token, people: list[_Ent]) -> bool:
    """The subject of a buying or selling verb is the mover only when nobody else is
    its object: a manager who lands or sells a player does not move."""
    lemma = trig.lemma_.lower()
    if lemma not in _BUYER_SUBJECT and lemma not in _SELLER_SUBJECT:
        return False
    root = person.span.root
    if root.dep_ != "nsubj" or root.head.i != trig.i:
        return False
    if _is_coach(person.span) or _is_executive(person.span):
        return True
    return any(p.span.root.dep_ in ("dobj", "pobj") for p in people if p is not person)


def _is_player(span: Span) -> bool:
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 3, 0) : span.start]]
    return any(w in PLAYER_NOUNS for w in before)


def _on_loan(trig: Token, person: _Ent, loans: list[Token], people: list[_Ent]) -> bool:
    """A "loan" word in the sentence makes this person's move a loan when it is the
    trigger itself or lies nearer to this person than to anyone else named."""
    if trig in loans or any(loan.head == trig for loan in loans):
        return True  # "loaned", "a loan signing of X", "a loan deal for X"
    text = trig.sent.text.lower()
    if re.search(
        r"\b(?:until|till) the end of the (?:season|campaign)\b|\bseason-long\b", text
    ) and (not re.search(r"\b(?:contract|deal|extension|terms)\b", text)):
        return True
    if any(c.lower_ in ("permanent", "permanently") for c in trig.children):
        return False
    for loan in loans:
        nearest = min(
            people or [person],
            key=lambda p: (
                min(abs(loan.i - p.span.start), abs(loan.i - p.span.end - 1)),
                p.span.start < loan.i,
            ),
        )
        if nearest.canonical == person.canonical or (
            person.norm.get("ref") and abs(loan.i - trig.i) <= 6
        ):
            return True
    return False


def _is_assistant(span: Span) -> bool:
    """Assistant posts are not appointments (nor is an assistant's move a coach's)."""
    doc = span.doc
    return any(t.lower_ == "assistant" for t in doc[max(span.start - 3, 0) : span.start])


def _is_executive(span: Span) -> bool:
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 3, 0) : span.start]]
    return any(w in EXEC_NOUNS for w in before)


def _is_coach(span: Span) -> bool:
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 3, 0) : span.start]]
    return any(w in COACH_NOUNS for w in before[-2:])


def _role(person: _Ent, kind: str, trig: Token) -> str:
    if kind == "coach_appointment":
        return "coach"
    if not person.span.text:
        return "coach" if kind == "departure" and _coach_context(trig.sent) else "player"
    doc = person.span.doc
    before = {t.lower_ for t in doc[max(person.span.start - 3, 0) : person.span.start]}
    if before & EXEC_NOUNS:
        return "executive"
    if before & COACH_NOUNS:
        return "coach"
    if kind == "departure" and trig.lemma_.lower() in ("sack", "dismiss", "sacking", "dismissal"):
        return "coach"
    return "player"


# -- clubs ----------------------------------------------------------------------
_SUITOR_NOUNS = {
    "bid",
    "offer",
    "approach",
    "interest",
    "proposal",
    "enquiry",
    "inquiry",
    "advance",
    "advances",
    "attention",
    "talks",
    "contact",
}
_PRICE_NOUNS = {"price", "valuation", "tag", "demand"}
_TALK_WORDS = {
    "agree",
    "talk",
    "negotiate",
    "agreement",
    "deal",
    "negotiation",
    "discussion",
    "contact",
    "fee",
    "terms",
}
_TO_FOR_VERBS = {
    "swap",
    "leave",
    "quit",
    "ditch",
    "snub",
    "sign",
    "switch",
    "depart",
    "reject",
    "exchange",
    "trade",
}


def _club_roles(
    sent: Span,
    trig: Token,
    kind: str,
    person: _Ent,
    teams: list[_Ent],
    local: list[_Ent],
    known: str | None = None,
    focal: str | None = None,
) -> tuple[str | None, str | None, float, list[str]]:
    """from_club and to_club of one mention, how sure the grammar made us, and further
    destinations named alongside ("interest from Man Utd and Bayern").

    `known` is the person's club as the article gives it elsewhere ("Chelsea's Oscar").
    """
    frm: str | None = None
    to: str | None = None
    current: str | None = None
    lemma = trig.lemma_.lower()
    pspan = person.span
    unassigned: list[_Ent] = []
    extra: list[str] = []
    for team in teams:
        if pspan.text and _adjacent_before(team.span, pspan):
            current = current or team.canonical
    # A club whose preposition hangs on the person's own name goes first: in "bought
    # X from A, and Y from B", B is Y's origin.
    own = {pspan.start + k for k in range(len(pspan))}
    local = sorted(
        local,
        key=lambda t: not (t.span.root.dep_ == "pobj" and t.span.root.head.head.i in own),
    )
    for team in local:
        if pspan.text and _adjacent_before(team.span, pspan):
            continue
        role = _team_role(team, trig, lemma, kind)
        if (
            role is None
            and team.span.root.dep_ == "pobj"
            and team.span.root.head.lower_ in _NO_LEFTOVER_PREPS
        ):
            continue  # a place, an opponent or a time: no leftover guess
        if role == "from" and frm is None:
            frm = team.canonical
        elif role == "to" and to is None:
            to = team.canonical
        elif role == "to" and team.canonical != to:
            extra.append(team.canonical)
        elif role is None:
            unassigned.append(team)
    sure = 1.0
    if current is None and known is not None and known != to:
        current = known
    if current is not None:
        if kind == "contract_extension" and to is None:
            to = current
        elif kind == "coach_appointment":
            if to is None and _new_before(person.span):
                to = current
            elif frm is None and current != to:
                frm = current
        elif frm is None and current != to:
            frm = current
    rest = [t for t in unassigned if t.canonical not in (frm, to, current)]
    if kind in ("departure", "retirement"):
        if frm is None and to is not None and lemma not in _SOURCE_OBJECT:
            frm, to = to, None  # "sacked by Chelsea", "released by Wolves"
        if frm is None and len(rest) == 1:
            frm = rest[0].canonical
            sure = 0.5
        if kind == "retirement":
            to = None
    elif (
        to is not None
        and frm is None
        and kind in ("signing", "loan")
        and len(rest) == 1
        and rest[0].span.root.dep_ == "nsubj"
    ):
        # "Manchester United confirmed that Ronaldo's transfer to Real Madrid ...": with
        # the destination given, the other club in the clause is the one he leaves.
        frm = rest[0].canonical
        sure = 0.5
    elif to is None and len(rest) == 1:
        # One club left over in the clause: the destination (or, for a renewal, the club).
        to = rest[0].canonical
        sure = 0.5
    if focal is not None and kind in ("signing", "loan", "departure"):
        # "The club banished X to loan deals", "they have signed X": an unnamed subject
        # is the club the article is about.
        subject = _subject(trig)
        if subject is not None and subject.lower_ in _CLUB_PRONOUNS:
            if frm is None and (lemma in _SELLER_SUBJECT or kind == "departure"):
                frm, sure = focal, 0.5
            elif to is None and lemma in _BUYER_SUBJECT and kind != "departure":
                to, sure = focal, 0.5
    return frm, to, sure, [c for c in extra if c not in (frm, to)]


# A club after these prepositions is a place, an opponent, a time or company kept, never
# a guessed destination.
_NO_LEFTOVER_PREPS = {
    "in",
    "against",
    "over",
    "on",
    "than",
    "like",
    "since",
    "after",
    "before",
    "under",
    "during",
    "between",
    "including",
    "among",
}
_CLUB_PRONOUNS = {"club", "they", "we", "side", "champions", "outfit", "hierarchy", "board"}


def _subject(trig: Token) -> Token | None:
    for tok in _chain(trig, 3):
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
    return None


def _focal_club(clubs: list[_Ent]) -> str | None:
    """The club an article is about: the one it names most often, if clearly so."""
    counts: dict[str, int] = {}
    for c in clubs:
        counts[c.canonical] = counts.get(c.canonical, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]


# Signing-type words that can describe a coach's own move ("linked with the job").
_COACH_MOVES = {
    "join",
    "sign",
    "move",
    "return",
    "rejoin",
    "switch",
    "arrive",
    "link",
    "target",
    "want",
    "approach",
    "interest",
    "talk",
    "deal",
    "agree",
    "agreement",
    "keen",
    "consider",
    "shortlist",
    "offer",
    "bid",
    "chase",
    "pursue",
    "eye",
    "track",
    "monitor",
    "leave",
    "reunite",
    "swap",
    "discuss",
    "lure",
    "tempt",
    "poach",
    "hire",
    "appoint",
    "name",
    "install",
    "take",
    "become",
    "succeed",
    "replace",
}
# ... and those whose subject is the coach moving himself.
_COACH_OWN_MOVES = {
    "join",
    "move",
    "return",
    "rejoin",
    "switch",
    "arrive",
    "leave",
    "take",
    "become",
    "reunite",
    "swap",
    "agree",
    "sign",
    "succeed",
    "replace",
}
_SELLER_VERBS = {
    "reject",
    "turn",
    "rebuff",
    "knock",
    "block",
    "refuse",
    "accept",
    "sell",
    "demand",
    "value",
    "slap",
    "set",
    "insist",
    "resist",
    "hold",
    "fend",
}


def _team_role(team: _Ent, trig: Token, lemma: str, kind: str) -> str | None:
    root = team.span.root
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head  # "from Man Utd and Bayern": the second club shares the first's role
    head = root.head
    prep = head.lower_ if root.dep_ == "pobj" else None
    gov = head.head.lemma_.lower() if prep else ""
    if prep == "from":
        if gov in _SUITOR_NOUNS:
            return "to"  # "an offer from Al-Hilal": the suitor
        return "from"
    if prep == "by":
        return "from" if kind == "departure" else "to"
    if prep in ("to", "at", "into") and kind != "departure":
        return "to"
    if prep == "with" and kind in ("contract_extension",):
        return "to"
    if (
        prep == "with"
        and kind in ("signing", "loan")
        and (gov in _TALK_WORDS or head.head.head.lemma_.lower() in _TALK_WORDS)
    ):
        # "Spurs have agreed a fee with Bayern for X": the other club sells; but in
        # "X is in talks with Bayern" the player talks to his next club.
        club_subject = any(t.dep_ == "nsubj" and t.ent_type_ == CLUB for t in trig.sent)
        return "from" if club_subject else "to"
    if prep == "with" and lemma in ("join", "sign", "extend", "renew"):
        return "to"
    if prep == "of" and kind == "coach_appointment":
        return "to"
    if prep == "for" and gov in _TO_FOR_VERBS:
        return "to"
    if prep == "for" and kind == "departure":
        return "to"
    if root.dep_ == "nsubj":
        verb = head
        if verb.lemma_.lower() in _SELLER_VERBS and kind in ("signing", "loan"):
            return "from"  # "Celtic have turned down an approach for X"
        if verb.i != trig.i and _trigger_below(verb, {trig.i}) != trig.i:
            if any(t.lemma_.lower() in _PRICE_NOUNS for t in verb.subtree):
                return "from"  # "Chelsea have set a £35m asking price"
            return None
        if lemma in _SELLER_SUBJECT:
            return "from"
        if lemma == "loan" and any(c.dep_ == "prep" and c.lower_ == "to" for c in trig.children):
            return "from"  # "Chelsea loaned X to Palace": the lender
        if any(c.dep_ == "dobj" and c.lemma_.lower() in _PRICE_NOUNS for c in verb.children):
            return "from"
        if lemma in _BUYER_SUBJECT or kind in ("coach_appointment", "contract_extension"):
            return "to"
        if lemma in _DEST_OBJECT or lemma in _SOURCE_OBJECT:
            return None
        return "to" if kind in ("signing", "loan") else None
    if root.dep_ in ("dobj", "attr", "npadvmod", "conj") and head.i == trig.i:
        if lemma in _DEST_OBJECT:
            return "to"
        if lemma in _SOURCE_OBJECT:
            return "from"
    if root.dep_ in ("compound", "poss", "nmod") and head.lower_ in JOB_NOUNS:
        return "to"  # "linked with the Blackpool job"
    if root.dep_ == "poss" and head.i == trig.i:
        # "Chelsea's signing of X" / "Arsenal's move for X"
        return "to" if kind in ("signing", "loan", "coach_appointment") else "from"
    return None


def _former(team: Span) -> bool:
    doc = team.doc
    before = [t.lower_ for t in doc[max(team.start - 2, 0) : team.start]]
    return bool({"former", "ex", "ex-"} & set(before))


def _current_clubs(people: list[_Ent], teams: list[_Ent]) -> dict[str, str]:
    """Each person's club where the article says it: "Chelsea's Oscar", "Fulham defender X"."""
    by_end = {t.span.end: t for t in teams if t.label == CLUB and not _former(t.span)}
    out: dict[str, str] = {}
    for p in people:
        if p.canonical in out:
            continue
        # A club cue ends at most four tokens before the name.
        for end in range(p.span.start, max(p.span.start - 5, -1), -1):
            t = by_end.get(end)
            if t is not None and _adjacent_before(t.span, p.span):
                out[p.canonical] = t.canonical
                break
    return out


def _adjacent_before(team: Span, person: Span) -> bool:
    """ "Chelsea striker X", "Chelsea's X", "Real Madrid boss X": a club cue on the person."""
    if team.end > person.start:
        return False
    gap = person.doc[team.end : person.start]
    if len(gap) > 4:
        return False
    for t in gap:
        if (
            t.tag_ == "POS"
            or t.lower_ in PLAYER_NOUNS
            or t.lower_ in COACH_NOUNS
            or t.lower_ in (EXEC_NOUNS)
            or t.text in ("-", "'s", "’s")
            or t.pos_ in ("ADJ", "NUM")
            or (t.is_lower and t.tag_ in ("VBG", "VBN", "JJ"))
            or re.fullmatch(r"\d+-year-old", t.text)
        ):
            continue
        return False
    return True


def _new_before(person: Span) -> bool:
    doc = person.doc
    return any(
        t.lower_ in ("new", "incoming") for t in doc[max(person.start - 5, 0) : person.start]
    )


# -- fee, contract, stage -------------------------------------------------------
def _fee(
    sent: Span, trig: Token, money: list[_Ent], index: int, n_people: int, kind: str
) -> tuple[dict[str, Any] | None, str | None]:
    """The fee of a mention: the amount paired with this person ("€60m and €50m
    respectively"), else the amount nearest the trigger."""
    low = sent.text.lower()
    text: str | None = None
    if "undisclosed" in low:
        text = "undisclosed"
    elif re.search(r"\b(?:free transfer|on a free|free agent|bosman)\b", low):
        text = "free"
    if kind not in ("signing", "loan", "coach_appointment") or not money:
        return None, text
    pick = money[index] if n_people > 1 and len(money) == n_people else money[0]
    return _fee_of(pick), text


def _fee_of(amount: _Ent) -> dict[str, Any]:
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


def _contract(sent: Span) -> tuple[int | None, str | None]:
    text = sent.text
    years: int | None = None
    until: str | None = None
    m = _YEARS.search(text)
    if m and re.search(r"\b(?:deal|contract|terms|extension)\b", text[m.end() : m.end() + 40]):
        w = m.group(1).lower()
        years = int(w) if w.isdigit() else _NUMBER_WORDS.get(w)
    m2 = _UNTIL.search(text)
    if m2:
        until = m2.group(1)
    return years, until


_MODALS = {"could", "would", "might", "may", "can", "should", "must", "shall"}
_RUMOUR_LEMMAS = {
    "want",
    "target",
    "link",
    "track",
    "monitor",
    "eye",
    "consider",
    "interest",
    "keen",
    "chase",
    "admire",
    "like",
    "love",
    "plan",
    "weigh",
    "scout",
    "watch",
    "shortlist",
    "identify",
    "covet",
    "tip",
    "favourite",
    "discuss",
    "hope",
    "eager",
    "pursue",
    "pursuit",
    "admirer",
    "suitor",
    "candidate",
    "plot",
    "mull",
    "contemplate",
}
_NEGOTIATE_LEMMAS = {
    "bid",
    "offer",
    "approach",
    "talk",
    "negotiate",
    "negotiation",
    "submit",
    "table",
    "lodge",
    "finalise",
    "finalize",
    "push",
    "enquiry",
    "inquiry",
    "proposal",
    "sound",
    "step",
}
_AGREE_GOVERNORS = {"set", "poised", "due", "expected", "about", "agree", "likely", "close"}
_RUMOUR_GOVERNORS = {
    "want",
    "hope",
    "plan",
    "keen",
    "eager",
    "look",
    "aim",
    "try",
    "seek",
    "consider",
    "weigh",
    "prepare",
    "ready",
}
_DONE_AUX = {"has", "have", "had", "was", "were", "been", "is", "are", "'s", "'ve", "be"}


def _chain(trig: Token, limit: int = 5) -> list[Token]:
    out = [trig]
    cur = trig
    for _ in range(limit):
        if cur.head is cur:
            break
        cur = cur.head
        out.append(cur)
    return out


def _status(sent: Span, trig: Token, kind: str) -> str:
    """Stage of a mention: negation and collapse, then the tense and modality of the
    verb that governs the trigger, then cue words near it."""
    lo = max(sent.start, trig.i - 12)
    hi = min(sent.end, trig.i + 12)
    window = sent.doc[lo:hi].text
    chain = _chain(trig)
    # Negation counts on the trigger's own verb only: "has not signed", not "have not
    # been ruled out" two clauses away.
    gov = next((t for t in chain[:3] if t.pos_ in ("VERB", "AUX")), None)
    negated = (
        gov is not None
        and (gov is trig or trig.head is gov)
        and any(c.dep_ == "neg" for c in gov.children)
    )
    if negated or _STATUS_RE["off"].search(window):
        return "off"
    lemmas = [t.lemma_.lower() for t in chain[:4]]
    if any(lm in _RUMOUR_LEMMAS for lm in lemmas[:3]):
        return "rumour"
    if any(lm in _NEGOTIATE_LEMMAS for lm in lemmas[:3]) or re.search(
        r"\b(?:close to|closing in|in talks|talks|finalising|finalizing|working on|advanced)\b",
        window,
        re.IGNORECASE,
    ):
        return "negotiating" if not re.search(r"\bagreed\b", window) else "agreed"
    # The first finite verb up the chain carries tense and modality.
    for tok in chain:
        if tok.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if auxes & _MODALS:
            return "rumour"
        if "will" in auxes or "'ll" in auxes:
            # "will leave" is settled when the club has announced it.
            announced = re.search(
                r"\b(?:announce[ds]?|confirm(?:s|ed)?|official|statement)\b", sent.text, re.I
            )
            return "confirmed" if announced else "agreed"
        if "to" in auxes or tok.tag_ == "VB":
            head = tok.head.lemma_.lower()
            if head in _AGREE_GOVERNORS or tok.head.lower_ in ("is", "are"):
                return "agreed"  # "set to join", "is to leave"
            if head in _RUMOUR_GOVERNORS:
                return "rumour"
            continue
        if tok.tag_ == "VBD" or (tok.tag_ == "VBN" and auxes & _DONE_AUX):
            if _STATUS_RE["agreed"].search(window) and tok.lemma_.lower() not in (
                "complete",
                "sign",
                "join",
                "confirm",
                "announce",
                "seal",
            ):
                return "agreed"
            return "confirmed"
        if tok.tag_ in ("VBZ", "VBP") and tok.pos_ == "VERB":
            return "confirmed"  # headline present: "Sterling joins Arsenal"
        if tok.tag_ == "VBG":
            continue
        break
    if _STATUS_RE["agreed"].search(window):
        return "agreed"
    if _STATUS_RE["confirmed"].search(window):
        return "confirmed"
    if _STATUS_RE["negotiating"].search(window):
        return "negotiating"
    if _STATUS_RE["rumour"].search(window):
        return "rumour"
    return "confirmed"


_FEE_CUES = re.compile(
    r"\b(?:fee|fees|bid|offer|price|priced|worth|valued|valuation|clause|compensation|"
    r"paid|pay|cost|costing|deal|sum|tag|package|euros|pounds|for)\b",
    re.IGNORECASE,
)


def _carry_fees(mentions: list[_Mention], sents: list[Span], money: list[_Ent]) -> None:
    """A fee named in a sentence with no move of its own belongs to the move just
    reported ("Liverpool have asked for a fee ..., which would be around €1 million")."""
    used = {m.fee["text"] for m in mentions if m.fee}
    by_sent: dict[int, list[_Mention]] = {}
    for m in mentions:
        by_sent.setdefault(m.sentence.start, []).append(m)
    for i, sent in enumerate(sents):
        if sent.start in by_sent:
            continue
        amounts = [
            e
            for e in money
            if sent.start <= e.span.start < sent.end
            and not e.norm.get("per")
            and e.norm.get("relation") != "equivalent"
            and e.norm.get("amount")
            and e.norm.get("text", e.span.text) not in used
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
                prev[0].fee = _fee_of(amounts[0])
                break


# -- merging ----------------------------------------------------------------------
def _merge(mentions: Iterable[_Mention]) -> list[dict[str, Any]]:
    ms_all = list(mentions)
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
    groups: dict[tuple[str, str, str | None], list[_Mention]] = {}
    order: list[tuple[str, str, str | None]] = []
    ms = list(mentions)
    for m in ms:
        key = (m.type, m.person, m.to_club)
        if m.to_club is None:
            # A mention without a destination joins the record of the same move that has one.
            cands = [k for k in order if k[0] == m.type and k[1] == m.person]
            key = cands[0] if cands else key
        elif (m.type, m.person, None) in groups:
            old = groups.pop((m.type, m.person, None))
            order[order.index((m.type, m.person, None))] = key
            groups[key] = old
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(m)
    # Someone the article appoints as coach is not also signed as a player.
    coaches = {k[1] for k in order if k[0] == "coach_appointment"}
    for key in list(order):
        if key[0] in ("signing", "loan") and key[1] in coaches and key in groups:
            target = next(k for k in order if k[0] == "coach_appointment" and k[1] == key[1])
            groups[target].extend(replace(m, type="coach_appointment") for m in groups.pop(key))
    # The same move told once as a signing and once as a loan is a loan.
    for key in list(order):
        if key[0] != "signing" or key not in groups:
            continue
        loan = next(
            (
                k
                for k in order
                if k[0] == "loan"
                and k[1] == key[1]
                and k in groups
                and (k[2] == key[2] or None in (k[2], key[2]))
            ),
            None,
        )
        if loan is not None:
            groups[loan].extend(replace(m, type="loan") for m in groups.pop(key))
    order = [k for k in order if k in groups]
    events = [_combine(groups[k]) for k in order]
    for e in events:
        if e["person"] in coaches and e["type"] == "departure":
            e["role"] = "coach"
    # A move A -> B is one signing, not also a departure from A.
    moves = [e for e in events if e["type"] in ("signing", "loan")]
    kept = []
    for e in events:
        if (
            e["type"] == "departure"
            and e["role"] == "player"
            and any(
                m["person"] == e["person"]
                and (m["from_club"] == e["from_club"] or e["from_club"] is None)
                and m["status"] != "rumour"
                for m in moves
            )
        ):
            continue
        kept.append(e)
    # A coach who takes charge at B coming from A also leaves A (one event each).
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
    return kept


def _combine(group: list[_Mention]) -> dict[str, Any]:
    ranked = sorted(group, key=lambda m: (-RANK[m.status], -m.confidence))
    best = ranked[0]

    def first(attr: str) -> Any:
        for m in ranked:
            v = getattr(m, attr)
            if v is not None:
                return v
        return None

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
        "fee": first("fee"),
        "fee_text": first("fee_text"),
        "contract_years": first("contract_years"),
        "contract_until": first("contract_until"),
        "confidence": max(m.confidence for m in group),
        "evidence": unique[:5],
        "mentions": len(group),
    }
