"""Stage 4: transfer events from triggers, the dependency parse and tagged entities.

For every sentence the extractor finds trigger words (by lemma, with the phrase
checks that some need), ties people and clubs to the trigger that governs them in
the parse, reads the clubs' roles from prepositions and grammatical functions
(`from X`, `X sign ...`, `join X`, `X striker P`), attaches a fee, reads the stage
from cue words and tense, and finally merges the mentions of one move into one
record per article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import Errors, PipelineError
from ..extensions import DOC_ENTITIES, DOC_EVENTS, install_extensions
from ..lexicon import LEXICON_FILE, Lexicon, active, package, read_lexicon, using, words
from ..schema import CLUB, GROUND, MONEY, NATIONAL_TEAM, PERSON
from .base import (
    Ent,
    Mention,
    anchor_trigger,
    first_conjunct,
    head_chain,
    trigger_below,
)
from .clubs import club_roles, cue_before, current_clubs, focal_club, is_former, unnamed_suitor
from .fees import carry_fees, contract_terms, sentence_fee
from .merge import fill_article_clubs, merge_mentions
from .people import (
    DocContext,
    back_references,
    buyer_not_mover,
    find_coaches,
    is_assistant,
    is_executive,
    is_speaker,
    named_as_coach,
    named_as_player,
    person_role,
)
from .stage import stage_of
from .triggers import (
    as_coach,
    coach_context,
    headline_verb,
    job_context,
    new_coach,
    no_move_sense,
    on_loan,
    refine_trigger,
)


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


class EventExtractor:
    """Reads `doc.ents`, `doc._.transfer_entities` and the parse; writes
    `doc._.transfer_events`, a list of JSON-safe event dicts (see `schema.Event`)."""

    def __init__(self, name: str, *, max_distance: int = 20, min_confidence: float = 0.0) -> None:
        install_extensions()
        self.name = name
        self.max_distance = max_distance
        self.min_confidence = min_confidence
        # Trigger words, argument roles and cues; saved with the pipeline.
        self.lexicon: Lexicon = package()

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"lexicons": self.lexicon.to_dict()})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> EventExtractor:
        self.lexicon = Lexicon.from_dict(srsly.msgpack_loads(data)["lexicons"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        srsly.write_json(out / LEXICON_FILE, self.lexicon.to_dict())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EventExtractor:
        self.lexicon = read_lexicon(Path(path))
        return self

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            raise PipelineError(
                Errors.E002(component=self.name, needs="parser", pipes="no dependency parse")
            )
        with using(self.lexicon):
            return self._extract(doc)

    def _extract(self, doc: Doc) -> Doc:
        norms = doc._.get(DOC_ENTITIES) or {}
        ents = []
        for e in doc.ents:
            norm = norms.get(f"{e.start_char}:{e.end_char}") or {}
            if e.label_ == GROUND and norm.get("club"):
                # "his departure from White Hart Lane": a ground stands for its club
                ents.append(Ent(e, CLUB, norm["club"], {**norm, "ground": True}))
                continue
            if e.label_ not in (PERSON, CLUB, NATIONAL_TEAM, MONEY):
                continue
            ents.append(Ent(e, e.label_, norm.get("canonical") or e.text, norm))
        people = [e for e in ents if e.label == PERSON]
        coaches = find_coaches(people)
        named = [e for e in ents if e.label == CLUB and not e.norm.get("ground")]
        # Everything learnt about one article lives in its context, never on the
        # component, so one pipeline can serve several threads.
        ctx = DocContext(people, coaches, doc)
        ctx.current = current_clubs(people, named)
        ctx.focal = focal_club(named)
        mentions: list[Mention] = []
        sents = list(doc.sents)
        k = 0  # doc.ents are sorted and never cross a sentence boundary: one pass
        for sent in sents:
            in_sent = []
            while k < len(ents) and ents[k].span.start < sent.end:
                in_sent.append(ents[k])
                k += 1
            mentions.extend(self._sentence(sent, in_sent, ctx))
        mentions = carry_fees(mentions, sents, [e for e in ents if e.label == MONEY])
        events = fill_article_clubs(merge_mentions(mentions), ctx.focal, ctx.current)
        # The typed records become JSON once, here: `doc._` holds only JSON-safe values.
        doc._.set(DOC_EVENTS, [e.to_dict() for e in events if e.confidence >= self.min_confidence])
        return doc

    # -- one sentence ---------------------------------------------------
    def _sentence(self, sent: Span, ents: list[Ent], ctx: DocContext) -> list[Mention]:
        persons = [e for e in ents if e.label == PERSON]
        teams = [e for e in ents if e.label in (CLUB, NATIONAL_TEAM)]
        _follow_clubs(teams, ctx)
        money = [
            e
            for e in ents
            if e.label == MONEY
            and not e.norm.get("per")
            and e.norm.get("relation") != "equivalent"
            and e.norm.get("amount")
        ]
        triggers = self._triggers(sent, ctx.coach_article, ctx.mentions_coaches)
        if not triggers:
            return []
        trig_ids = {t.i for t, _ in triggers}
        loans = [t for t, k in triggers if k == "loan"]
        # Pronouns and descriptors ("he", "the winger") stand for the last player named.
        _add_references(sent, persons, trig_ids, ctx)
        anchored = _anchor_people(persons, triggers, trig_ids, ctx, self.max_distance)
        team_anchor = _team_anchors(sent, teams, trig_ids, anchored)
        doc = sent.doc
        out: list[Mention] = []
        seen: set[tuple[str, str, int]] = set()
        busy = frozenset(anchored)  # triggers with a mover of their own
        all_people = [p for p in persons if not p.norm.get("ref")]
        for trig, kind in triggers:
            people = anchored.get(trig.i, [])
            for k, person in enumerate(people):
                if _not_the_mover(person, trig, people):
                    continue
                move = _move_of(sent, trig, kind, person, triggers, loans, all_people, ctx)
                if move is None:
                    continue
                mkind, is_coach = move
                key = (mkind, person.canonical, trig.i)
                if key in seen:
                    continue
                seen.add(key)
                conf = 0.55 if person.norm.get("ref") else 0.75
                local = _local_teams(trig, teams, team_anchor, anchored)
                found = self._mention(
                    ctx, sent, trig, mkind, person, teams, local, money, k, len(people), conf, busy
                )
                if is_coach:
                    found = [
                        replace(m, role="coach") if m.type in ("departure", "retirement") else m
                        for m in found
                    ]
                out.extend(found)
        return _succession(out, doc, teams)

    def _triggers(
        self, sent: Span, coach_article: bool = False, coach_doc: bool = False
    ) -> list[tuple[Token, str]]:
        out: list[tuple[Token, str]] = []
        coach_sent = coach_article or coach_context(sent)
        lowered = sent.text.lower()
        for tok in sent:
            if tok.lower_ == "as" and as_coach(tok):
                out.append((tok, "coach_appointment"))
                continue
            if new_coach(tok):
                out.append((tok, "coach_appointment"))  # "new coach Juergen Klinsmann"
                continue
            lemma = tok.lemma_.lower()
            kind = active().triggers.get(lemma)
            if kind is None and tok.lower_ in active().triggers:
                kind = active().triggers[tok.lower_]
                lemma = tok.lower_
            if kind is None:
                continue
            if tok.pos_ not in ("VERB", "NOUN", "ADJ", "AUX", "PROPN") or no_move_sense(tok, lemma):
                continue
            if (
                lemma in words("verb_only_triggers")
                and tok.pos_ != "VERB"
                and not headline_verb(tok)
            ):
                continue
            kind = refine_trigger(tok, lemma, kind, coach_sent, lowered, coach_doc)
            if kind is not None:
                out.append((tok, kind))
        return out

    def _mention(
        self,
        ctx: DocContext,
        sent: Span,
        trig: Token,
        kind: str,
        person: Ent,
        teams: list[Ent],
        local: list[Ent],
        money: list[Ent],
        index: int,
        n_people: int,
        conf: float,
        busy: frozenset[int] = frozenset(),
    ) -> list[Mention]:
        teams, local, former = _candidate_clubs(kind, person, teams, local)
        known = ctx.current.get(person.canonical)
        from_club, to_club, sure, others = club_roles(
            sent, trig, kind, person, teams, local, known, ctx.pronoun_club, ctx.object_club
        )
        role = person_role(person, kind, trig)
        if kind == "departure" and to_club is not None and role != "coach":
            # "X left West Ham for Arsenal" is a move: the sentence is read again as a
            # signing, with the clubs already narrowed down for the departure.
            kind = "signing"
            teams, local, former = _candidate_clubs(kind, person, teams, local)
            from_club, to_club, sure, others = club_roles(
                sent, trig, kind, person, teams, local, known, ctx.pronoun_club, ctx.object_club
            )
            role = person_role(person, kind, trig)
        status = "confirmed" if new_coach(trig) else stage_of(sent, trig, kind)
        if kind == "departure" and to_club is not None:
            return _coach_leaves_for(status, person, from_club, to_club, conf, sent, trig)
        fee, fee_text, fee_sure = sentence_fee(sent, trig, money, index, n_people, kind, busy)
        years, until = (
            contract_terms(sent)
            if kind in ("signing", "contract_extension", "loan")
            else (None, None)
        )
        from_club, to_club = _settle_clubs(kind, from_club, to_club, former)
        first = Mention(
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
            _confidence(conf, sure, from_club, to_club, fee),
            sent,
            trig.i,
            fee_sure,
            to_club is None and kind in ("signing", "loan") and unnamed_suitor(sent),
        )
        return _with_rivals(first, others)


def _candidate_clubs(
    kind: str, person: Ent, teams: list[Ent], local: list[Ent]
) -> tuple[list[Ent], list[Ent], str | None]:
    """The teams that may fill a mention's club slots, and the club the person is
    said to have left earlier ("former Portsmouth midfielder X").

    Only a coach's appointment or departure can be with a national team ("named
    Italy coach"); a player's move is between clubs. A club named as former is no
    candidate for this move, but it is kept aside as the origin when the sentence
    names none."""
    if kind not in ("coach_appointment", "departure"):
        teams = [t for t in teams if t.label == CLUB]
        local = [t for t in local if t.label == CLUB]
    former = next(
        (
            t.canonical
            for t in teams
            if t.label == CLUB
            and is_former(t.span)
            and person.span.text
            and cue_before(t.span, person.span)
        ),
        None,
    )
    teams = [t for t in teams if not is_former(t.span)]
    local = [t for t in local if not is_former(t.span)]
    return teams, local, former


def _coach_leaves_for(
    status: str,
    person: Ent,
    from_club: str | None,
    to_club: str,
    conf: float,
    sent: Span,
    trig: Token,
) -> list[Mention]:
    """A coach who leaves one club for another: a departure plus an appointment,
    since the two posts change hands separately ("X left Brighton for Chelsea")."""
    leaves = Mention(
        "departure",
        status,
        person.canonical,
        "coach",
        from_club,
        None,
        None,
        None,
        None,
        None,
        conf,
        sent,
        trig.i,
    )
    return [leaves, replace(leaves, type="coach_appointment", to_club=to_club)]


def _settle_clubs(
    kind: str, from_club: str | None, to_club: str | None, former: str | None
) -> tuple[str | None, str | None]:
    """The final origin and destination once the kind of move is known.

    A player moving now from a club named as his former one ("former Portsmouth
    midfielder X joins Y") left it; an extension's only club is the one he stays
    at, so it is the destination; a move never goes from a club to itself."""
    if kind in ("signing", "loan") and from_club is None and former not in (None, to_club):
        from_club = former
    if kind == "contract_extension" and to_club is None and from_club is not None:
        to_club, from_club = from_club, None
    if from_club is not None and from_club == to_club:
        from_club = None
    return from_club, to_club


def _confidence(
    conf: float,
    sure: float,
    from_club: str | None,
    to_club: str | None,
    fee: dict[str, Any] | None,
) -> float:
    """A mention is likelier right the more of its slots the sentence fills, most of
    all a destination the parse ties to the trigger."""
    conf = min(1.0, conf + 0.1 * sure * bool(to_club) + 0.05 * bool(from_club) + 0.05 * bool(fee))
    return round(conf, 2)


def _with_rivals(first: Mention, others: list[str]) -> list[Mention]:
    """Rival suitors named together ("wanted by Arsenal, Chelsea and Spurs") are
    separate rumoured moves; a confirmed move, or one that is not a signing, loan or
    appointment, has no rivals."""
    if first.type not in ("signing", "loan", "coach_appointment") or first.status == "confirmed":
        return [first]
    return [first] + [replace(first, to_club=c, fee=None) for c in others]


def _follow_clubs(teams: list[Ent], ctx: DocContext) -> None:
    """Move the clubs a pronoun or a bare "the club" stands for on to this sentence."""
    # "They signed X": "they" is the club that was last the subject of a sentence.
    ctx.pronoun_club = ctx.last_club or ctx.focal
    # "X joined the club in 2012": the club last named (else last a subject).
    ctx.object_club = ctx.last_named or ctx.last_club or ctx.focal
    subjects = [t for t in teams if t.label == CLUB and t.span.root.dep_ == "nsubj"]
    if subjects:
        ctx.last_club = subjects[-1].canonical
    named = [t for t in teams if t.label == CLUB and not t.norm.get("ground")]
    if named:
        ctx.last_named = named[-1].canonical


def _not_the_mover(person: Ent, trig: Token, people: list[Ent]) -> bool:
    """A person next to a trigger who is not the one moving."""
    doc = person.span.doc
    first = first_conjunct(person.span.root)
    if (
        is_executive(person.span)
        or is_assistant(person.span)
        or (first.i < person.span.start and is_assistant(doc[first.i : first.i + 1]))
    ):
        return True  # chairmen, directors, agents, assistants: not the movers
    if first.dep_ == "pobj" and first.head.lower_ in ("under", "alongside"):
        return True  # "having worked under Mikel Arteta at Arsenal"
    if person.norm.get("ref") and any(
        p.canonical == person.canonical and not p.norm.get("ref") for p in people
    ):
        return True  # the name itself is an argument here and speaks for itself
    if (
        trig.pos_ == "NOUN"
        and trig.lemma_.lower() in ("replacement", "successor")
        and (
            first_conjunct(person.span.root).dep_ == "poss"
            or first_conjunct(person.span.root).head.lower_ in ("for", "of", "to")
        )
    ):
        return True  # "replacements for X", "X's successor": X is the one replaced
    # "Redknapp landed Srnicek", "Lippi sold Ravanelli"
    return buyer_not_mover(person, trig, people)


def _move_of(
    sent: Span,
    trig: Token,
    kind: str,
    person: Ent,
    triggers: list[tuple[Token, str]],
    loans: list[Token],
    all_people: list[Ent],
    ctx: DocContext,
) -> tuple[str, bool] | None:
    """The event type of `person` at `trig` and whether they move as a coach; None for
    a coach who acts for a club rather than moves."""
    is_coach = person.canonical in ctx.coaches or named_as_coach(person.span)
    mkind = kind
    if kind == "signing" and on_loan(trig, person, loans, all_people):
        mkind = "loan"
    if (
        trig.pos_ == "VERB"
        and trig.lemma_.lower() in ("replace", "succeed")
        and (is_coach or ctx.coach_article or kind == "coach_appointment")
    ):
        # "X replaces Y": X is appointed, Y leaves.
        mkind = "departure" if _object_of(person.span, trig) else "coach_appointment"
        is_coach = True
    elif kind in ("signing", "loan") and not is_coach and (ctx.coach_article or job_context(sent)):
        is_coach = not named_as_player(person.span) and person.canonical not in ctx.players
    if (
        kind in ("signing", "loan")
        and person.span.root.dep_ not in ("nsubj", "nsubjpass")
        and any(
            k == "coach_appointment" and t.lower_ == "as" and t.head.i == trig.i
            for t, k in triggers
        )
    ):
        # "Al Wasl landed Maradona as their coach"
        mkind, is_coach = "coach_appointment", True
    elif kind in ("signing", "loan") and is_coach:
        # A coach linked with a club or a job is a (rumoured) appointment; a
        # coach next to a player's move is a bystander.
        root = person.span.root
        direct = root.head.i == trig.i or (
            root.dep_ in ("nsubj", "nsubjpass")
            and trigger_below(root.head, {trig.i}) == trig.i
            and not person.norm.get("ref")
        )
        lemma = trig.lemma_.lower()
        if lemma not in words("coach_moves") and kind != "coach_appointment":
            return None  # "manager X paid £4m for ...": the coach buys
        reported = root.dep_ == "nsubjpass" and root.head.lemma_.lower() in words("speech_verbs")
        if (root.dep_ == "nsubj" or reported) and lemma not in words("coach_own_moves"):
            return None  # "manager X threw the agreement into doubt": he acts
            # for his club, he is not moving
        if not direct or not (coach_context(sent) or job_context(sent) or ctx.coach_article):
            return None
        mkind = "coach_appointment"
    return mkind, is_coach


def _local_teams(
    trig: Token,
    teams: list[Ent],
    team_anchor: dict[int, int | None],
    anchored: dict[int, list[Ent]],
) -> list[Ent]:
    """The clubs a trigger may use: those anchored to it, to no trigger, or to a trigger
    without a mover of its own."""
    # "Everton signed X and bought Y": coordinated verbs share the subject.
    # "Hibs completed the deals for X": a light verb's subject owns its object.
    shared = (
        trig.head.i
        if (trig.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in trig.children))
        or (trig.dep_ == "dobj" and trig.head.lemma_.lower() in words("light_verbs"))
        else None
    )
    return [
        t
        for t in teams
        if team_anchor[t.span.start] in (None, trig.i)
        or team_anchor[t.span.start] not in anchored
        or (team_anchor[t.span.start] == shared and t.span.root.dep_ == "nsubj")
    ]


def _add_references(sent: Span, persons: list[Ent], trig_ids: set[int], ctx: DocContext) -> None:
    """Add to `persons` a mention for each pronoun or descriptor that stands for someone."""
    refs = [r for r in back_references(sent) if r.i not in trig_ids]
    for ref in refs:
        # "Lincoln boss Alexander has dismissed reports linking him to the post": a
        # pronoun after a coach who is the subject of its sentence is that coach;
        # else the last player named.
        subject = next(
            (
                p
                for p in reversed(persons)
                if p.span.end <= ref.i
                and not p.norm.get("ref")
                and ref.lower_ in words("person_pronouns")
                and p.span.root.dep_ in ("nsubj", "nsubjpass")
                and (p.canonical in ctx.coaches or named_as_coach(p.span))
            ),
            None,
        )
        if subject is not None and any(
            subject.span.end <= q.span.start < ref.i for q in persons if q is not subject
        ):
            subject = None  # "Guardiola spoke to Ronaldo ahead of his departure"
        name = subject.canonical if subject is not None else ctx.player_before(ref.i)
        if name is not None:
            persons.append(Ent(sent.doc[ref.i : ref.i + 1], PERSON, name, {"ref": True}))


def _anchor_people(
    persons: list[Ent],
    triggers: list[tuple[Token, str]],
    trig_ids: set[int],
    ctx: DocContext,
    max_distance: int,
) -> dict[int, list[Ent]]:
    """Each trigger's people: those the parse ties to it, then free names by nearness."""
    anchored: dict[int, list[Ent]] = {}
    free: list[Ent] = []
    for p in persons:
        if is_speaker(p.span):
            continue
        t = anchor_trigger(p.span, trig_ids)
        if t is None:
            free.append(p)
        else:
            anchored.setdefault(t, []).append(p)
    for p in free:
        if p.canonical in ctx.coaches or p.norm.get("ref") or named_as_coach(p.span):
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
        if abs(near.i - p.span.root.i) <= max_distance:
            anchored.setdefault(near.i, []).append(p)
    # "X will leave A to take charge of B": the subject of the first verb is the
    # subject of the clauses that hang off it.
    for trig, _ in triggers:
        if trig.i in anchored or trig.dep_ not in ("advcl", "xcomp", "conj"):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in trig.children):
            continue
        subjects = [
            p for p in anchored.get(trig.head.i, []) if p.span.root.dep_ in ("nsubj", "nsubjpass")
        ]
        if subjects:
            anchored[trig.i] = subjects
    return anchored


def _team_anchors(
    sent: Span, teams: list[Ent], trig_ids: set[int], anchored: dict[int, list[Ent]]
) -> dict[int, int | None]:
    """The trigger each club hangs on."""
    team_anchor = {t.span.start: anchor_trigger(t.span, trig_ids, person=False) for t in teams}
    # A club hanging on a trigger with no one of its own ("on loan from Arsenal")
    # belongs to the trigger above that one, if any.
    doc = sent.doc
    for start, a in team_anchor.items():
        if a is not None and a not in anchored:
            above = anchor_trigger(doc[a : a + 1], trig_ids - {a}, person=False)
            if above is not None and above in anchored:
                team_anchor[start] = above
    return team_anchor


def _succession(out: list[Mention], doc: Doc, teams: list[Ent]) -> list[Mention]:
    """The club a replaced coach leaves, from the appointment that replaces him."""
    # "X took over at Lazio, succeeding Y": Y leaves the club X joins; with two such
    # clauses, the one whose verb governs "succeeding".
    joined = {m.trigger: m.to_club for m in out if m.type == "coach_appointment" and m.to_club}
    if joined:
        fallback = next(iter(joined.values()))
        fixed = []
        for m in out:
            if m.type == "departure" and m.trigger >= 0:
                trig = doc[m.trigger]
                succeeded = trig.lemma_.lower() in ("replace", "succeed")
                own = joined.get(m.trigger) or next(
                    (joined[t.i] for t in head_chain(trig, 3)[1:] if t.i in joined), None
                )
                if succeeded and own is not None:
                    m = replace(m, from_club=own)
                elif m.from_club is None:
                    m = replace(m, from_club=own or fallback)
            fixed.append(m)
        out = fixed
    # "X has been installed as favourite to replace Y at Hibernian": the post Y
    # leaves is the one X is linked with.
    vacated = [
        t.canonical
        for t in teams
        if t.label == CLUB
        and t.span.root.dep_ == "pobj"
        and t.span.root.head.lower_ in ("at", "as")
        and t.span.root.head.head.lemma_.lower() in ("replace", "succeed")
    ]
    if vacated:
        out = [
            replace(m, to_club=vacated[0])
            if m.type == "coach_appointment" and m.to_club is None and m.from_club != vacated[0]
            else m
            for m in out
        ]
    return out


def _object_of(span: Span, trig: Token) -> bool:
    """Whether a name is the object of `trig`, directly or through the noun it names
    ("to replace his former teammate Filippo Inzaghi", "succeeding X")."""
    tok = span.root
    while tok.dep_ in ("appos", "compound", "conj") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ == "dobj":
        return tok.head.i == trig.i
    if tok.dep_ == "pobj":
        return tok.head.head.i == trig.i
    return False
