"""Which words start an event, with the phrase checks some of them need."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..lexicon import active, words
from ..schema import CLUB, NATIONAL_TEAM, PERSON
from .base import Ent, head_chain

_MATCH_TIME = re.compile(
    r"\b(?:first|second) half\b|\bhalf-time\b|\bhalftime\b|\b\d+(?:th|st|nd|rd)? minutes?\b"
    r"|\binjury time\b|\bstoppage time\b|\bfrom the bench\b|\bas a substitute\b"
)


# What a helper returns when the trigger is none of its cases: the next one decides.
_UNDECIDED = "undecided"


def refine_trigger(
    tok: Token, lemma: str, kind: str, coach_sent: bool, lowered: str, coach_doc: bool = False
) -> str | None:
    """Phrase checks for trigger words that are events only in some constructions."""
    decided = _other_sense(tok, lemma, kind, lowered)
    if decided == _UNDECIDED:
        decided = _by_particle_or_object(tok, lemma, coach_sent, lowered)
    if decided == _UNDECIDED:
        decided = _post_or_terms(tok, lemma, kind, coach_sent, lowered, coach_doc)
    return kind if decided == _UNDECIDED else decided


# A trigger's dependents that say what it is about; not its subject or owner ("the club
# bought him", "the club's bid" are moves).
_OBJECT_DEPS = ("dobj", "attr", "oprd", "acomp", "compound", "amod", "prt")


def no_move_sense(tok: Token, lemma: str) -> bool:
    """A trigger word said of the pitch, the treatment room or the boardroom ("returns
    from suspension", "in contention for a return", "completed a hat-trick", "moved to 30
    points", "agreed to acquire the club"): a word of its `non_move_senses` list is one of
    its neighbours (`_neighbours`), and no preposition of it names a club. A trigger with
    no such list takes the sense of the verb it governs ("agreed to ...")."""
    senses = active().non_move_senses.get(lemma)
    if not senses:
        return any(
            c.dep_ == "xcomp" and no_move_sense(c, c.lemma_.lower())
            for c in tok.children
            if c.lemma_.lower() in active().non_move_senses
        )
    objects = _prep_objects(tok)
    if any(g.ent_type_ in (CLUB, NATIONAL_TEAM) for g in objects):
        return False  # "returned to Celtic after recovering from injury": a move
    return any(t.lower_ in senses or t.lemma_.lower() in senses for t in _neighbours(tok, objects))


def _prep_objects(tok: Token) -> list[Token]:
    return [g for c in tok.children if c.dep_ == "prep" for g in c.children]


def _neighbours(tok: Token, objects: list[Token]) -> list[Token]:
    """The words that say what a trigger is about: its objects, the objects of its
    prepositions (`objects`), the two words above it, the objects of a clause hung on it
    ("return after serving bans"), and where it is itself the object of a preposition, the
    objects of the other prepositions of that word ("is in contention for a return")."""
    near = [c for c in tok.children if c.dep_ in _OBJECT_DEPS] + [tok.head, tok.head.head]
    near += objects
    clauses = [c for c in tok.children if c.dep_ in ("advcl", "xcomp")]
    clauses += [g for g in objects if g.dep_ == "pcomp"]
    for clause in clauses:
        near += [g for g in clause.children if g.dep_ == "dobj"] + _prep_objects(clause)
    if tok.dep_ == "pobj":
        near += _prep_objects(tok.head.head)
    return [t for t in near if t is not tok]


def _other_sense(tok: Token, lemma: str, kind: str, lowered: str) -> str | None:
    """Trigger words used in a sense that is no move ("a loan spell", "spent years at",
    "joined the academy"), and loans and contract talks."""
    nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
    if lemma == "loan":
        if nxt in ("spell", "spells", "stint", "stints") or tok.head.lower_ in ("spell", "spells"):
            return None
        return "loan"
    if (
        kind == "departure"
        and (tok.head.pos_ == "NOUN" or tok.head.lemma_.lower() in ("ask", "demand", "request"))
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    ):
        return None  # "a fee to release him": what it would take, not an exit
    if lemma in ("spend", "splash") and (
        not re.search(r"[£€$¥]|\d|million|billion", lowered)
        or any(c.dep_ == "dobj" and c.lemma_.lower() in words("time_nouns") for c in tok.children)
    ):
        return None  # "spent most of his career at ...": time, not money
    if lemma == "pay" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in words("not_payments") for c in tok.children
    ):
        return None  # "paid tribute to the striker"
    if lemma in ("talk", "negotiation", "negotiate", "discussion") and any(
        c.dep_ == "prep"
        and c.lower_ in ("on", "over", "about", "regarding")
        and any(
            g.lemma_.lower() in ("contract", "deal")
            and any(m.dep_ == "poss" or m.lower_ in words("current_deal_words") for m in g.children)
            for g in c.children
        )
        for c in tok.children
    ):
        return "contract_extension"  # "stalling negotiations on his pending contract"
    if any(
        (c.dep_ in ("dobj", "pobj", "prep") and c.lemma_.lower() in words("youth_words"))
        or any(g.lemma_.lower() in words("youth_words") for g in c.children if g.dep_ == "pobj")
        for c in tok.children
    ):
        return None  # "joined Tottenham's academy": academy moves are not transfers
    if lemma in words("wanting_verbs") and any(
        c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_.lower() not in words("move_nouns")
        for c in tok.children
    ):
        return None  # "considering their options", "wants more games"
    if lemma in ("buy", "sign", "recruit", "bring", "land") and any(
        c.dep_ == "dobj"
        and c.tag_ == "NNS"
        and (
            c.lemma_.lower() in words("player_nouns")
            or c.lemma_.lower() in ("back", "player", "signing")
        )
        for c in tok.children
    ):
        return None  # "when he's buying centre backs": players in general, nobody named
    if lemma in ("prize", "prise") and not any(c.lower_ == "away" for c in tok.children):
        return None  # "prized Ronaldo away from Barcelona"; a "prized asset" is no move
    return _UNDECIDED


def _by_particle_or_object(tok: Token, lemma: str, coach_sent: bool, lowered: str) -> str | None:
    """Words that make an event only with their particle or object: "part ways", "step
    down", "take charge", "handed a new contract", "called time on his career"."""
    if lemma in ("part", "step", "take"):
        return _phrasal_move(tok, lemma)
    if lemma == "become":
        return (
            "coach_appointment"
            if any(c.dep_ == "attr" and c.lower_ in words("coach_nouns") for c in tok.children)
            else None
        )
    if lemma in ("charge", "helm", "reins"):
        # "placed in temporary charge", "handed the reins": else handled through "take"
        gov = tok.head.head if tok.head.lower_ in ("in", "at") else tok.head
        if gov.lemma_.lower() in words("put_in_charge_verbs") and tok.dep_ in ("pobj", "dobj"):
            return "coach_appointment"
        return None
    if lemma in ("give", "hand"):
        return _handed(tok, coach_sent)
    if lemma in ("dismiss", "deny", "reject") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in words("dismissed_things") for c in tok.children
    ):
        return None  # "dismissed reports", "dismissed the bid"
    if lemma in ("expire", "free"):
        return "departure" if "contract" in lowered else None
    if lemma in ("play", "call", "end"):
        return _career_end(tok, lemma)
    return _UNDECIDED


def _phrasal_move(tok: Token, lemma: str) -> str | None:
    """A verb that tells of a move only with its particle or object, as a child in
    the parse or as the next word when the parser missed it: "part ways"/"part
    company" and "step down"/"step aside" are departures; "take charge", "take the
    reins", "take the helm", "take over" are appointments."""
    children = {c.lower_ for c in tok.children}
    nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
    if lemma == "part":
        return "departure" if children & {"ways", "company"} or nxt in ("ways", "company") else None
    if lemma == "step":
        return "departure" if {"down", "aside"} & children or nxt in ("down", "aside") else None
    objs = {c.lemma_.lower() for c in tok.children} | {nxt}
    if objs & {"charge", "reins", "helm", "over"}:
        return "coach_appointment"
    return None


def _handed(tok: Token, coach_sent: bool) -> str | None:
    """What being given or handed something makes, by the object.

    A post ("was given the job", "handed the reins") is a coach's appointment in a
    sentence about coaches. A new or improved contract ("handed him a new contract")
    is an extension; any other contract is a signing, or a coach's appointment in a
    sentence about coaches ("Lecce have handed Di Francesco a one-year contract")."""
    objects = {c.lemma_.lower() for c in tok.children if c.dep_ == "dobj"}
    if objects & {"job", "post", "role", "position", "reins", "vacancy"}:
        return "coach_appointment" if coach_sent else None
    if objects & {"contract", "deal"}:
        terms = [c for c in tok.children if c.dep_ == "dobj"]
        if any(
            m.lower_ in ("new", "fresh", "improved", "extended", "extension")
            for c in terms
            for m in c.children
            if m.dep_ in ("amod", "compound")
        ):
            return "contract_extension"
        return "coach_appointment" if coach_sent else "signing"
    return None


def _career_end(tok: Token, lemma: str) -> str | None:
    """A retirement told through the end of playing: "he will not play again", "never
    to play again" (a negated "play" with "again"); "called time on his career",
    "ended his playing career" (a career object, and "time" for "call")."""
    if lemma == "play":
        again = any(c.lower_ == "again" for c in tok.children)
        negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.children)
        return "retirement" if again and negated else None
    career = any(
        g.lemma_.lower() == "career"
        for c in tok.children
        for g in [c, *c.children]
        if c.dep_ in ("dobj", "prep")
    )
    if lemma == "call" and not any(c.lower_ == "time" for c in tok.children):
        return None
    return "retirement" if career else None


def _post_or_terms(
    tok: Token, lemma: str, kind: str, coach_sent: bool, lowered: str, coach_doc: bool
) -> str | None:
    """Appointments to a post, new terms, and the coach-only triggers; a release clause
    or a substitution is no move."""
    nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
    if lemma in ("release", "termination", "exit") and (
        nxt in ("clause", "clauses", "fee") or tok.dep_ == "compound"
    ):
        return None  # "activated his release clause": a price, not an exit
    if lemma in ("replace", "replacement") and _MATCH_TIME.search(lowered):
        return None  # "was replaced by Trossard in the second half": a substitution
    if lemma in (
        "name",
        "appoint",
        "appointment",
        "hire",
        "install",
        "instal",
        "succeed",
        "successor",
        "replace",
        "replacement",
    ):
        if coach_sent or lemma in ("appoint", "appointment"):
            return "coach_appointment"  # players are signed; people are appointed
        if lemma in ("successor", "replacement", "succeed") and coach_doc:
            return "coach_appointment"  # "Lee's successor is X" in a story about managers
        return "signing" if lemma in ("hire",) else None
    if lemma == "commit":
        return "contract_extension" if "future" in lowered else None
    if (
        (
            (kind in ("signing", "departure") and lemma in ("sign", "pen", "agree", "deal"))
            or lemma in ("sign", "agree")
        )
        and re.search(
            r"\b(?:new|fresh|improved|extended)\b[\w\s-]{0,30}\b(?:contracts?|deals?|terms)\b"
            r"|\bcontract extension\b",
            lowered,
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
    if lemma in words("coach_only_triggers") and not coach_sent:
        return None  # "fired a shot", "fired them into the lead": no sacking without a coach
    return _UNDECIDED


def new_coach(tok: Token) -> bool:
    """ "new coach Juergen Klinsmann", "Chelsea's new manager X": an appointment told
    without a verb."""
    if tok.lower_ not in ("new", "incoming") or tok.dep_ != "amod":
        return False
    noun = tok.head
    if noun.lower_ not in words("coach_nouns") or noun.lower_ in (
        "assistant",
        "interim",
        "caretaker",
    ):
        return False
    name = noun.head if noun.dep_ == "compound" else None
    return name is not None and name.ent_type_ == "PERSON" and name.i > noun.i


def headline_verb(tok: Token) -> bool:
    """ "Newcastle land Sandro Tonali": a club, the word, then a name, in a line the
    tagger read as a noun phrase."""
    doc = tok.doc
    return (
        0 < tok.i < len(doc) - 1
        and doc[tok.i - 1].ent_type_ == CLUB
        and doc[tok.i + 1].ent_type_ == PERSON
    )


def as_coach(tok: Token) -> bool:
    """ "X as (the new) manager", "as interim head coach": an appointment without a verb
    (but not "dismissed X as manager")."""
    doc = tok.doc
    if active().triggers.get(tok.head.lemma_.lower()) == "departure" or any(
        active().triggers.get(t.lemma_.lower()) == "departure"
        for t in doc[max(tok.i - 6, 0) : tok.i]
    ):
        return False
    for t in doc[tok.i + 1 : min(tok.i + 5, len(doc))]:
        if t.lower_ in words("coach_nouns") and t.lower_ not in ("head", "coaching"):
            return True
        if t.lower_ == "head" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "coach":
            return True
        if not (t.pos_ in ("DET", "ADJ", "PRON") or t.lower_ in ("interim", "caretaker", "new")):
            return False
    return False


def job_context(sent: Span) -> bool:
    nouns = words("job_nouns")
    return any(t.lower_ in nouns for t in sent)


def coach_context(sent: Span) -> bool:
    nouns = words("coach_nouns")
    return any(t.lower_ in nouns for t in sent)


def on_loan(trig: Token, person: Ent, loans: list[Token], people: list[Ent]) -> bool:
    """A "loan" word in the sentence makes this person's move a loan when it is the
    trigger itself or lies nearer to this person than to anyone else named."""
    if trig in loans or any(loan.head == trig for loan in loans):
        return True  # "loaned", "a loan signing of X", "a loan deal for X"
    if any(c.lower_ in ("permanent", "permanently") for c in trig.children):
        return False  # "the permanent deals for A and B, along with C on loan"
    text = trig.sent.text.lower()
    if re.search(
        r"\b(?:until|till) the end of the (?:season|campaign)\b|\bseason-long\b", text
    ) and (not re.search(r"\b(?:contract|deal|extension|terms)\b", text)):
        return True
    for loan in loans:
        # "X joining from Milan on a loan deal, while Y arrived ...": the loan belongs to
        # the move it hangs on in the parse.
        governing = next((t for t in head_chain(loan, 5)[1:] if t.pos_ == "VERB"), None)
        if governing is not None and governing.lemma_.lower() in active().triggers:
            if governing == trig or (trig.pos_ != "VERB" and governing in head_chain(trig, 3)):
                return True
            continue
        if governing is not None and governing.tag_ == "VBG" and governing.dep_ == "pcomp":
            continue  # "joined Forest after impressing for Rovers on loan": an old loan
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
