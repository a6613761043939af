"""Which club a person leaves and which one he joins, from the parse and cue words."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Span, Token

from ..lexicon import words
from ..schema import CLUB
from .base import (
    Ent,
    head_chain,
    trigger_below,
)
from .people import is_source, sentence_ents


def club_roles(
    sent: Span,
    trig: Token,
    kind: str,
    person: Ent,
    teams: list[Ent],
    local: list[Ent],
    known: str | None = None,
    unnamed_club: str | None = None,
    object_club: str | None = None,
) -> tuple[str | None, str | None, float, list[str]]:
    """from_club and to_club of one mention, how sure the grammar made us, and further
    destinations named alongside ("interest from Man Utd and Bayern").

    `known` is the person's club as the article gives it elsewhere ("Chelsea's Oscar").
    A signing "to" that club is where he comes from ("Liverpool's Kaide Gordon ...
    Liverpool"), so it becomes the origin when none is named.
    """
    frm: str | None = _listed_origin(person, local)
    to: str | None = _listed_origin(person, local, "to") if kind != "departure" else None
    lemma = trig.lemma_.lower()
    pspan = person.span
    current = _club_named_on(pspan, teams)
    teams, local = _spoken_of(sent, trig, teams, _by_attachment(local, pspan, trig))
    frm, to, extra, unassigned = _grammar_roles(local, trig, lemma, kind, pspan, frm, to)
    if current is None and known is not None and known != to:
        current = known
    frm, to = _current_club_role(kind, person, frm, to, current)
    if to is None and frm is not None and kind in ("signing", "loan"):
        to = _buyer_in_clause(teams, trig, frm)
    rest = [t for t in unassigned if t.canonical not in (frm, to, current)]
    frm, to, sure = _leftover_club(kind, lemma, frm, to, rest)
    frm, to, sure = _roles_from_context(
        sent, trig, kind, lemma, pspan, teams, (frm, to, current, sure), unnamed_club, object_club
    )
    others = [c for c in extra if c not in (frm, to)]
    if kind in ("signing", "loan") and to is not None and to == known:
        frm, to = frm or to, None
    return frm, to, sure, others


def _club_named_on(pspan: Span, teams: list[Ent]) -> str | None:
    """The club a name is introduced with ("Chelsea's Oscar", "Chelsea striker X"):
    the person's current club, which a move starts from unless the grammar says
    otherwise. A ground is where something happened, never the person's club."""
    current: str | None = None
    for team in teams:
        if pspan.text and not team.norm.get("ground") and cue_before(team.span, pspan):
            current = current or team.canonical
    return current


def _by_attachment(local: list[Ent], pspan: Span, trig: Token) -> list[Ent]:
    """The clubs of the trigger's clause, the ones the grammar ties closest first.

    A club whose preposition hangs on the person's own name goes first: in "bought X
    from A, and Y from B", B is Y's origin. Then one whose preposition hangs on the
    trigger ("took over at Scottish outfit, Hibernian"); the subject of a verb above
    the trigger comes last, since a club named by a preposition is surer."""
    own = {pspan.start + k for k in range(len(pspan))}
    return sorted(
        local,
        key=lambda t: (
            not (t.span.root.dep_ == "pobj" and t.span.root.head.head.i in own),
            not (
                _stand_in(t.span.root).dep_ == "pobj"
                and _stand_in(t.span.root).head.head.i == trig.i
            ),
            t.span.root.dep_ == "nsubj" and t.span.root.head.i != trig.i,
        ),
    )


def _spoken_of(
    sent: Span, trig: Token, teams: list[Ent], local: list[Ent]
) -> tuple[list[Ent], list[Ent]]:
    """The teams that the sentence reports on, rather than cites or quotes.

    An outlet given as a source ("claimed by El Nacional", "according to Marca") is
    no party to the move, and neither is a club inside a quote when the trigger is
    outside it ("who says: 'The two months I had at Sampdoria ...'")."""
    teams = [t for t in teams if not _cited(t.span)]
    local = [t for t in local if not _cited(t.span)]
    quoted = _quoted(sent)
    if trig.i not in quoted:
        teams = [t for t in teams if t.span.start not in quoted]
        local = [t for t in local if t.span.start not in quoted]
    return teams, local


def _current_club_role(
    kind: str, person: Ent, frm: str | None, to: str | None, current: str | None
) -> tuple[str | None, str | None]:
    """The slot the person's current club fills when the grammar left it open.

    For an extension with no club yet it is the club he stays at; for a coach
    introduced as "new" ("Chelsea's new manager X") it is the club he joins,
    otherwise the one he leaves; in any other case it is the origin."""
    if current is None:
        return frm, to
    if kind == "contract_extension" and to is None:
        to = current
    elif kind == "coach_appointment":
        if to is None and _new_before(person.span):
            to = current
        elif frm is None and current != to:
            frm = current
    elif frm is None and current != to:
        frm = current
    return frm, to


def _buyer_in_clause(teams: list[Ent], trig: Token, frm: str) -> str | None:
    """With the seller named, the club whose clause holds the move is the buyer:
    "Inter closed an agreement with Cagliari for A and with Empoli for B" (Inter
    buys from both). The subject of a selling verb ("Ajax sold X to ...") is not."""
    for team in teams:
        root = team.span.root
        if (
            root.dep_ == "nsubj"
            and team.label == CLUB
            and team.canonical != frm
            and trig in root.head.subtree
            and root.head.lemma_.lower() not in words("seller_verbs")
        ):
            return team.canonical
    return None


def _leftover_club(
    kind: str, lemma: str, frm: str | None, to: str | None, rest: list[Ent]
) -> tuple[str | None, str | None, float]:
    """The slot a lone club of the clause fills when the grammar gave it none, and
    how sure that makes us (half as sure as a club the grammar placed).

    A departure's only club is the one left, also when a preposition made it a
    destination ("sacked by Chelsea", "released by Wolves"); a retirement has no
    destination. For a signing with the destination named, the other club in the
    clause is the one he leaves ("Manchester United confirmed that Ronaldo's
    transfer to Real Madrid ..."); otherwise a lone club is the destination (or,
    for a renewal, the club)."""
    sure = 1.0
    if kind in ("departure", "retirement"):
        if frm is None and to is not None and lemma not in words("source_object"):
            frm, to = to, None
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
        frm = rest[0].canonical
        sure = 0.5
    elif to is None and len(rest) == 1:
        to = rest[0].canonical
        sure = 0.5
    return frm, to, sure


_OPEN_QUOTES = {'"', "“", "‘"}
_CLOSE_QUOTES = {'"', "”", "’"}


def _grammar_roles(
    local: list[Ent],
    trig: Token,
    lemma: str,
    kind: str,
    pspan: Span,
    frm: str | None,
    to: str | None,
) -> tuple[str | None, str | None, list[str], list[Ent]]:
    """Origin and destination from the grammar of the clubs tied to the trigger; also
    further destinations and the clubs the grammar gives no role."""
    frm_span: Span | None = None
    unassigned: list[Ent] = []
    extra: list[str] = []
    for team in local:
        if pspan.text and cue_before(team.span, pspan):
            continue
        if _in_clause_of_other(team.span, pspan):
            continue  # "he replaces Baroni, who is now at Torino": Baroni's club
        role = _team_role(team, trig, lemma, kind)
        if role is None and _placed(team.span):
            continue  # a place, an opponent, a time or a team played for: no guess
        if role == "from" and frm is None:
            frm, frm_span = team.canonical, team.span
        elif (
            role == "from"
            and frm_span is not None
            and _beside(team.span, pspan)
            and not _beside(frm_span, pspan)
        ):
            # "with Cagliari for A and with Empoli for B": B's club is the one beside him
            frm, frm_span = team.canonical, team.span
        elif role == "to" and to is None:
            to = team.canonical
        elif (
            role == "to"
            and frm is None
            and team.span.root.dep_ == "nsubj"
            and team.span.root.head.i != trig.i
        ):
            # "Quakes announced that X will go on loan to Atlético Nacional": the
            # destination is named, so the club that announces it is the one he leaves.
            frm = team.canonical
        elif role == "to" and team.canonical != to:
            extra.append(team.canonical)
        elif role is None and not team.norm.get("ground"):
            unassigned.append(team)
    return frm, to, extra, unassigned


def _roles_from_context(
    sent: Span,
    trig: Token,
    kind: str,
    lemma: str,
    pspan: Span,
    teams: list[Ent],
    roles: tuple[str | None, str | None, str | None, float],
    unnamed_club: str | None,
    object_club: str | None,
) -> tuple[str | None, str | None, float]:
    """Clubs the grammar left open, from the rest of the sentence and the article.
    A club found this way is half as sure as one the grammar placed."""
    frm, to, current, sure = roles
    if kind in ("signing", "loan") and frm is None and to is None and current is None:
        free = _lone_free_club(sent, pspan, teams)
        if free is not None:
            to, sure = free, 0.5
    if unnamed_club is not None and kind in ("signing", "loan", "departure"):
        slot = _unnamed_subject_slot(trig, lemma, kind, frm, to, unnamed_club)
        if slot == "from":
            frm, sure = unnamed_club, 0.5
        elif slot == "to":
            to, sure = unnamed_club, 0.5
    if (
        object_club is not None
        and kind in ("signing", "loan")
        and to is None
        and _joins_the_club(trig, lemma)
    ):
        to, sure = object_club, 0.5
    if kind == "coach_appointment" and to is None and trig.lower_ in ("new", "incoming"):
        before = _club_before_new_coach(pspan, teams)
        if before is not None:
            to, sure = before, 0.5
    if (
        unnamed_club is not None
        and kind == "coach_appointment"
        and to is None
        and _in_charge_of_team(trig)
    ):
        to, sure = unnamed_club, 0.5
    return frm, to, sure


def _lone_free_club(sent: Span, pspan: Span, teams: list[Ent]) -> str | None:
    """The destination of a signing whose clause names no club: the one club of the
    sentence that is nobody's club cue, if there is exactly one.

    "Edouard became Celtic's fifth signing, after the deals for A, B and C": Celtic
    is where the movers went. Grounds, former clubs, clubs placed elsewhere and clubs
    in another person's clause or introducing a person are left out."""
    people = [e for e in sentence_ents(sent) if e.label_ == "PERSON"]
    free = {
        t.canonical
        for t in teams
        if t.label == CLUB
        and not t.norm.get("ground")
        and not is_former(t.span)
        and not _placed(t.span)
        and not _in_clause_of_other(t.span, pspan)
        and not any(cue_before(t.span, p) for p in people)
    }
    return free.pop() if len(free) == 1 else None


def _unnamed_subject_slot(
    trig: Token, lemma: str, kind: str, frm: str | None, to: str | None, unnamed_club: str
) -> str | None:
    """Which slot ("from", "to" or none) the club an unnamed subject stands for fills.

    "The club banished X to loan deals", "they have signed X": the subject is the
    club last named as a subject (else the club the article is about). A coach or
    chairman who sells or buys does so for that club; a player "sold" with no
    buyer's agent named leaves it. The club is the seller for selling verbs,
    departures and verbs that send a player away; the buyer for buying verbs."""
    subject, its_verb = _subject(trig)
    if subject is None:
        return None
    sold = (
        subject.dep_ == "nsubjpass"
        and lemma in ("sell", "offload", "release")
        and subject.head.i == trig.i
    )
    sends = its_verb.lemma_.lower() in words("send_verbs")
    if not (_acts_for_club(subject, trig) or sold) or unnamed_club in (frm, to):
        return None
    if frm is None and (lemma in words("seller_subject") or kind == "departure" or sends):
        return "from"
    if to is None and lemma in words("buyer_subject") and kind != "departure" and not sold:
        return "to"
    return None


def _acts_for_club(subject: Token, trig: Token) -> bool:
    """Whether the subject of a trigger speaks for a club: a club pronoun ("they",
    "the club") or a person titled coach or executive right before the name
    ("manager X signed ...", "chairman X sold ...")."""
    return subject.lower_ in words("club_pronouns") or (
        subject.ent_type_ == "PERSON"
        and subject.dep_ == "nsubj"
        and subject.head.i == trig.i
        and any(
            t.lower_ in words("coach_nouns") or t.lower_ in words("executive_nouns")
            for t in trig.doc[max(subject.left_edge.i - 1, 0) : subject.i]
        )
    )


def _joins_the_club(trig: Token, lemma: str) -> bool:
    """Whether a joining verb has "the club", "this side" as its object or its "to"/
    "for" phrase ("X joined the Spanish club in 2019"): the club named last before
    the sentence is then the destination."""
    for c in trig.children:
        obj = c if c.dep_ == "dobj" else None
        if c.dep_ == "prep" and c.lower_ in ("to", "for"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
        if (
            obj is not None
            and lemma in words("destination_object")
            and obj.lemma_.lower() in ("club", "side", "outfit")
            and any(d.lower_ in ("the", "this") for d in obj.children)
        ):
            return True
    return False


def _club_before_new_coach(pspan: Span, teams: list[Ent]) -> str | None:
    """The club a "new coach X" joins when the clause names none: the last club
    named before him that is not a ground, a former club or placed elsewhere
    ("Bayern's spending has focused on the set-up around new coach X")."""
    before = [
        t
        for t in teams
        if t.label == CLUB
        and t.span.end <= pspan.start
        and not is_former(t.span)
        and not _placed(t.span)
        and not t.norm.get("ground")
    ]
    return before[-1].canonical if before else None


def _in_charge_of_team(trig: Token) -> bool:
    """Whether an appointment puts the coach in charge of an unnamed team ("take
    charge of the team", "in charge of the club"), which is the article's club."""
    near = trig.doc[trig.i : min(trig.i + 6, trig.sent.end)]
    return any(t.lower_ in ("team", "club", "side", "squad") and t.dep_ == "pobj" for t in near)


def _quoted(sent: Span) -> set[int]:
    """Token indices inside quotation marks in a sentence."""
    inside: set[int] = set()
    start: int | None = None
    for tok in sent:
        if start is None and tok.text in _OPEN_QUOTES and tok.text != "’":
            start = tok.i
        elif start is not None and tok.text in _CLOSE_QUOTES and tok.i > start:
            inside.update(range(start + 1, tok.i))
            start = None
    if start is not None and start + 1 < sent.end:
        inside.update(range(start + 1, sent.end))  # a quote running to the sentence end
    return inside


def _stand_in(root: Token) -> Token:
    """The token whose place in the clause a club name takes: "from Man Utd and Bayern"
    (the second club shares the first's role), "to League One side Birmingham"."""
    for _ in range(4):
        if (root.dep_ == "conj" and root.head.i < root.i) or (
            root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN")
        ):
            root = root.head
        else:
            break
    return root


def _cited(team: Span) -> bool:
    """A name given as the source of a report ("claimed by El Nacional", "per Marca")."""
    root = team.root
    if is_source(team):
        return True
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "by"
        and root.head.head.lemma_.lower() in words("speech_verbs")
    )


def unnamed_suitor(sent: Span) -> bool:
    """ "an offer made by a Saudi Arabian club", "interest from a Premier League side": a
    suitor the report does not name."""
    for tok in sent:
        if tok.lemma_.lower() not in ("club", "side", "outfit") or tok.dep_ != "pobj":
            continue
        if tok.head.lower_ in ("by", "from") and any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children
        ):
            return True
    return False


def _placed(team: Span) -> bool:
    """A club after "in", "against", "since" ... or a verb of playing ("impressed for
    Norwich"): a place, an opponent, a time or a team played for."""
    root = team.root
    return root.dep_ == "pobj" and (
        root.head.lower_ in words("no_leftover_prepositions")
        or root.head.head.lemma_.lower() in words("match_verbs")
        or _past_stay(team)
    )


def _past_stay(team: Span) -> bool:
    """ "since his loan spell at Marseille", "his time at Stoke": where he was, not a move."""
    root = team.root
    return root.dep_ == "pobj" and root.head.head.lemma_.lower() in (
        "spell",
        "stint",
        "time",
        "career",
        "days",
    )


def _in_clause_of_other(team: Span, person: Span) -> bool:
    """A club inside a relative clause on someone else's name."""
    tok = team.root
    for _ in range(8):
        if tok.dep_ in ("relcl", "acl"):
            owner = tok.head
            return owner.ent_type_ == "PERSON" and not (person.start <= owner.i < person.end)
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _beside(team: Span, person: Span) -> bool:
    """No one else is named between a club and a person a few words apart."""
    if not person.text:
        return False
    lo, hi = (team.end, person.start) if team.end <= person.start else (person.end, team.start)
    if hi - lo > 8:
        return False
    return not any(t.ent_type_ == "PERSON" for t in team.doc[lo:hi])


def _listed_origin(person: Ent, local: list[Ent], prep: str = "from") -> str | None:
    """In "bought A from X, B from Y and C from Z" each player's origin is the "from"
    club between his name and the next one (and so for "sold A to X and B to Y")."""
    origins = [
        t
        for t in local
        if t.span.root.dep_ == "pobj" and t.span.root.head.lower_ == prep and t.label == CLUB
    ]
    if len(origins) < 2:
        return None
    pspan = person.span
    if not pspan.text:
        return None
    doc = pspan.doc
    after = [t for t in origins if t.span.start >= pspan.end]
    if not after:
        return None
    first = min(after, key=lambda t: t.span.start)
    gap = doc[pspan.end : first.span.start]
    if len(gap) > 6 or any(t.ent_type_ == "PERSON" for t in gap):
        return None
    return first.canonical


def _subject(trig: Token) -> tuple[Token | None, Token]:
    """The subject above a trigger and the verb it is the subject of (through an
    auxiliary the parser made its head: "The club did, however, banish X")."""
    for tok in head_chain(trig, 4):
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c, tok
            if c.dep_ == "aux":
                for g in c.children:
                    if g.dep_ in ("nsubj", "nsubjpass"):
                        return g, tok
    return None, trig


def focal_club(clubs: list[Ent]) -> str | None:
    """The club an article is about: the one it names most often, if clearly so."""
    counts: dict[str, int] = {}
    for c in clubs:
        counts[c.canonical] = counts.get(c.canonical, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and (ranked[0][1] < 1.5 * ranked[1][1] or ranked[0][1] < 3):
        return None  # two mentions against one are no story about a club
    return ranked[0][0]


def _team_role(team: Ent, trig: Token, lemma: str, kind: str) -> str | None:
    if _past_stay(team.span):
        return None
    role = _grammar_role(team, trig, lemma, kind)
    if role is not None and team.norm.get("ground"):
        # A ground stands for its club only as where a move starts or ends ("arrives at
        # Elland Road"), never where a match is played.
        root = team.span.root
        prep = root.head.lower_ if root.dep_ == "pobj" else None
        if not (
            prep in ("from", "to", "into")
            or (root.dep_ == "dobj" and root.head.i == trig.i)
            or (prep == "at" and root.head.head.i == trig.i and lemma in ("arrive", "return"))
        ):
            return None
    return role


def _grammar_role(team: Ent, trig: Token, lemma: str, kind: str) -> str | None:
    """The slot ("from" or "to") a club fills by its grammatical function, if any:
    by the preposition that introduces it, else by its relation to the verb."""
    root = _stand_in(team.span.root)
    head = root.head
    if root.dep_ != "pobj":
        return _argument_role(root, head, trig, lemma, kind)
    if head.dep_ == "conj" and head.head.lower_ == head.lower_:
        head = head.head  # "with Cagliari for A and with Empoli for B"
    return _preposition_role(head, trig, lemma, kind)


def _preposition_role(prep: Token, trig: Token, lemma: str, kind: str) -> str | None:
    """The slot of a club named by a preposition, read from the preposition and the
    word it hangs on.

    "from" marks the origin, except after a suitor's word ("an offer from Al-Hilal");
    "by" marks the seller of a departure or after a selling verb ("sacked by Chelsea",
    "a bid rejected by Crystal Palace"), else the buyer; "to", "at", "into" and "of"
    (for a coach: "manager of Wolves") mark the destination; "for" does after a verb
    of moving or in a departure ("left Ajax for Arsenal"). A club after a match verb
    that is not the trigger is an opponent ("where they lost to Chelsea")."""
    word = prep.lower_
    gov = prep.head.lemma_.lower()
    if gov in words("match_verbs") and prep.head.i != trig.i:
        return None
    if word == "from":
        return "to" if gov in words("suitor_nouns") else "from"
    if word == "by":
        return "from" if kind == "departure" or gov in words("seller_verbs") else "to"
    if word in ("to", "at", "into") and kind != "departure":
        return "to"
    if word == "with":
        return _with_role(prep, trig, lemma, kind)
    if word == "of" and kind == "coach_appointment":
        return "to"
    if word == "for" and (gov in words("to_for_verbs") or kind == "departure"):
        return "to"
    return None


def _with_role(prep: Token, trig: Token, lemma: str, kind: str) -> str | None:
    """The slot of a club named by "with".

    An extension "with" a club is at that club, and so is a move "with" a joining or
    signing verb ("signed with Boca"). In talks or a deal "with" a club ("Spurs have
    agreed a fee with Bayern for X", "closed an agreement with A for X and with B for
    Y") that club sells when a club is the subject; but in "X is in talks with Bayern"
    the player talks to his next club."""
    gov = prep.head
    if kind == "contract_extension":
        return "to"
    if kind in ("signing", "loan") and (
        gov.lemma_.lower() in words("talk_words")
        or gov.head.lemma_.lower() in words("talk_words")
        or any(c.dep_ == "dobj" and c.lemma_.lower() in words("talk_words") for c in gov.children)
    ):
        club_subject = any(
            t.dep_ == "nsubj" and (t.ent_type_ == CLUB or t.lower_ in words("club_pronouns"))
            for t in trig.sent
        )
        return "from" if club_subject else "to"
    if lemma in ("join", "sign", "extend", "renew"):
        return "to"
    return None


def _argument_role(root: Token, head: Token, trig: Token, lemma: str, kind: str) -> str | None:
    """The slot of a club that is an argument of a word rather than a preposition's.

    The subject of a verb: see `_subject_role`. The one paid ("Coventry have paid
    Aston Villa £2.5m for X") sells. An object of the trigger is the destination or
    origin as the verb says ("joined Arsenal", "left Arsenal"). A club on a job word
    is where the job is ("linked with the Blackpool job"); one whose signing or move
    it is ("Chelsea's signing of X", "Arsenal's move for X") buys, else it is left."""
    if root.dep_ == "nsubj":
        return _subject_role(head, trig, lemma, kind)
    if root.dep_ == "dative" and head.i == trig.i and lemma == "pay":
        return "from"
    if root.dep_ in ("dobj", "attr", "npadvmod", "conj") and head.i == trig.i:
        if lemma in words("destination_object"):
            return "to"
        if lemma in words("source_object"):
            return "from"
    if root.dep_ in ("compound", "poss", "nmod") and head.lower_ in words("job_nouns"):
        return "to"
    if root.dep_ == "poss" and head.i == trig.i:
        return "to" if kind in ("signing", "loan", "coach_appointment") else "from"
    return None


def _subject_role(verb: Token, trig: Token, lemma: str, kind: str) -> str | None:
    """The slot of a club that is the subject of `verb`.

    A club that sends a player away or turns down a bid sells ("Chelsea sent X out on
    loan to Palace", "Celtic have turned down an approach for X"). The subject of a
    verb other than the trigger counts only when it names a price ("Chelsea have set
    a £35m asking price"). Of the trigger itself it sells when the verb is a selling
    or lending one ("Chelsea loaned X to Palace", "Liverpool loaned out X") or names
    a price, buys when the verb is a buying one, and is nothing for joining and
    leaving verbs, whose subject is the player."""
    verb_lemma = verb.lemma_.lower()
    if verb_lemma in words("send_verbs") and kind in ("signing", "loan"):
        return "from"
    if verb_lemma in words("seller_verbs") and kind in ("signing", "loan"):
        return "from"
    if verb.i != trig.i and trigger_below(verb, {trig.i}) != trig.i:
        if any(t.lemma_.lower() in words("price_nouns") for t in verb.subtree):
            return "from"
        return None
    if lemma in words("seller_subject"):
        return "from"
    if lemma == "loan" and any(
        (c.dep_ == "prep" and c.lower_ == "to") or (c.dep_ == "prt" and c.lower_ == "out")
        for c in trig.children
    ):
        return "from"
    if any(c.dep_ == "dobj" and c.lemma_.lower() in words("price_nouns") for c in verb.children):
        return "from"
    if lemma in words("buyer_subject") or kind in ("coach_appointment", "contract_extension"):
        return "to"
    if lemma in words("destination_object") or lemma in words("source_object"):
        return None
    return "to" if kind in ("signing", "loan") else None


def is_former(team: Span) -> bool:
    """ "former Chelsea striker", "ex-Dortmund boss", "former Barnsley and Leeds boss"."""
    doc = team.doc
    i = team.start - 1
    while i >= max(team.start - 8, 0):
        tok = doc[i]
        if tok.lower_ in ("former", "ex", "ex-"):
            return True
        if not (tok.ent_type_ == CLUB or tok.lower_ in ("and", ",", "&") or tok.text == "-"):
            return False
        i -= 1
    return False


def current_clubs(people: list[Ent], teams: list[Ent]) -> dict[str, str]:
    """Each person's club where the article says it: "Chelsea's Oscar", "Fulham defender X"."""
    by_end = {t.span.end: t for t in teams if t.label == CLUB and not is_former(t.span)}
    # `teams` is in text order: `cue_after` gets only those that start near the name.
    starts = [t.span.start for t in teams]
    out: dict[str, str] = {}
    for p in people:
        if p.canonical in out:
            continue
        # A club cue ends at most four tokens before the name.
        for end in range(p.span.start, max(p.span.start - 5, -1), -1):
            t = by_end.get(end)
            if t is not None and cue_before(t.span, p.span):
                out[p.canonical] = t.canonical
                break
        else:
            near = bisect_left(starts, p.span.end + 1), bisect_left(starts, p.span.end + 9)
            after = cue_after(p.span, teams[near[0] : near[1]])
            if after is not None:
                out[p.canonical] = after
    return out


def cue_after(person: Span, teams: list[Ent]) -> str | None:
    """ "Patrick Kluivert, the Holland and Ajax center forward": a club cue in apposition."""
    doc = person.doc
    if person.end >= len(doc) or doc[person.end].text != ",":
        return None
    window = doc[person.end + 1 : min(person.end + 9, person.sent.end)]
    for team in teams:
        if team.label != CLUB or not (window.start <= team.span.start < window.end):
            continue
        if is_former(team.span):
            return None
        before = doc[window.start : team.span.start]
        if any(t.text == "," or t.pos_ == "VERB" for t in before):
            continue
        after = doc[team.span.end : min(team.span.end + 3, len(doc))]
        if any(
            t.lower_ in words("player_nouns") or t.lower_ in words("coach_nouns") for t in after
        ):
            return team.canonical
    return None


def cue_before(team: Span, person: Span) -> bool:
    """ "Chelsea striker X", "Chelsea's X", "Real Madrid boss X": a club cue on the person."""
    if team.end > person.start:
        return False
    gap = person.doc[team.end : person.start]
    # "highly-rated young full-back": the parts of a hyphenated word count as one.
    parts = [t for t in gap if not (t.text == "-" or (t.i > 0 and t.nbor(-1).text == "-"))]
    if len(parts) > 4:
        return False
    for t in gap:
        if t.text == "-" or (t.i > 0 and t.nbor(-1).text == "-" and not t.nbor(-1).whitespace_):
            continue
        if (
            t.tag_ == "POS"
            or t.lower_ in words("player_nouns")
            or t.lower_ in words("coach_nouns")
            or t.lower_ in words("executive_nouns")
            or t.lower_ in words("mate_nouns")
            or t.text in ("-", "'s", "’s")
            or t.pos_ in ("ADJ", "NUM")
            or (t.is_lower and t.tag_ in ("VBG", "VBN", "JJ", "RB"))
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
