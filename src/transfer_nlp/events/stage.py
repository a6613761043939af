"""The stage a report puts an event at: rumour ... confirmed, or off."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..lexicon import active, words
from .base import head_chain

# Collapse told of the whole sentence's deal, wherever the trigger is in it.
_COLLAPSED = re.compile(
    r"\b(?:nothing came of|came to nothing|fell through|was called off|collapsed)\b", re.I
)


def stage_of(sent: Span, trig: Token, kind: str) -> str:
    """Stage of a mention: negation and collapse, then the tense and modality of the
    verb that governs the trigger, then cue words near it."""
    window = _cue_window(sent, trig)
    chain = head_chain(trig)
    negated = _negated(trig, chain)
    if kind == "retirement" and trig.lemma_.lower() in ("play", "end", "call"):
        # "will not play again", "ended his career": the negation or the ending is the
        # retirement itself
        negated, window = False, window.replace("ended", "")
    if negated or active().status_re["off"].search(window) or _COLLAPSED.search(sent.text):
        return "off"
    return (
        _stage_from_words(trig, chain, window)
        or _stage_from_tense(sent, kind, chain, window)
        or _stage_from_cues(window)
    )


def _cue_window(sent: Span, trig: Token) -> str:
    """The text within 12 tokens of the trigger, where stage cues count. Names and
    dates are blanked out since they are no cues: "Eddie May", "Kevin Link",
    "joined in May"."""
    lo = max(sent.start, trig.i - 12)
    hi = min(sent.end, trig.i + 12)
    return " ".join("_" if t.ent_type_ in ("PERSON", "DATE") else t.text for t in sent.doc[lo:hi])


def _negated(trig: Token, chain: list[Token]) -> bool:
    """Whether the trigger's own verb is negated ("has not signed"). A negation two
    clauses away is about something else ("have not been ruled out")."""
    gov = next((t for t in chain[:3] if t.pos_ in ("VERB", "AUX")), None)
    return (
        gov is not None
        and (gov is trig or trig.head is gov)
        and any(c.dep_ == "neg" for c in gov.children)
    )


def _stage_from_words(trig: Token, chain: list[Token], window: str) -> str | None:
    """The stage given by the words around the trigger rather than by its tense.

    A candidate word above it ("installed among the early favourites to replace X")
    or a hedge on a trigger noun ("his possible departure", "a potential move") makes
    a rumour; a bid accepted ("Tottenham have accepted a bid of €100m") is agreed;
    rumour verbs ("linked", "eyeing") make a rumour, talks make a negotiation, or an
    agreement when the window says "agreed"."""
    lemmas = [t.lemma_.lower() for t in chain[:4]]
    above = chain[1] if len(chain) > 1 else trig
    candidates = words("candidate_nouns")
    if any(t.lemma_.lower() in candidates for t in above.subtree):
        return "rumour"
    if trig.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in words("hedge_adjectives") for c in trig.children
    ):
        return "rumour"
    if trig.lemma_.lower() in ("bid", "offer", "proposal") and "accept" in lemmas[1:4]:
        return "agreed"
    if any(lm in words("rumour_lemmas") for lm in lemmas[:3]):
        return "rumour"
    if any(lm in words("negotiate_lemmas") for lm in lemmas[:3]) or re.search(
        r"\b(?:close to|closing in|in talks|talks|finalising|finalizing|working on|advanced)\b",
        window,
        re.IGNORECASE,
    ):
        return "negotiating" if not re.search(r"\bagreed\b", window) else "agreed"
    return None


def _stage_from_tense(sent: Span, kind: str, chain: list[Token], window: str) -> str | None:
    """The stage given by the first finite verb up the chain, which carries tense and
    modality: a modal is a rumour ("could join"), the future is agreed or confirmed,
    an infinitive depends on its governor ("set to join"), the past is done, and a
    headline's present ("Sterling joins Arsenal") is confirmed. Gerunds and
    infinitives with no telling governor pass the question up the chain."""
    for tok in chain:
        if tok.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if auxes & words("modals"):
            return "rumour"
        if "will" in auxes or "'ll" in auxes:
            return _future_stage(sent, kind)
        if "to" in auxes or tok.tag_ == "VB":
            stage = _infinitive_stage(tok)
            if stage is not None:
                return stage
            continue
        if tok.tag_ == "VBD" or (tok.tag_ == "VBN" and auxes & words("done_auxiliaries")):
            return _past_stage(tok, window)
        if tok.tag_ in ("VBZ", "VBP") and tok.pos_ == "VERB":
            return "confirmed"
        if tok.tag_ == "VBG":
            continue
        break
    return None


def _future_stage(sent: Span, kind: str) -> str:
    """A move told in the future ("will leave") is settled, and confirmed when the
    club has announced it; so is a stand-in who "will take charge on an interim
    basis"."""
    announced = re.search(
        r"\b(?:announce[ds]?|confirm(?:s|ed)?|official|statement)\b", sent.text, re.I
    ) or (
        kind == "coach_appointment"
        and re.search(r"\b(?:interim|caretaker|temporary)\b", sent.text, re.I)
    )
    return "confirmed" if announced else "agreed"


def _infinitive_stage(tok: Token) -> str | None:
    """The stage of an infinitive by the word that governs it: "set to join", "is to
    leave" are agreed; a rumour governor ("tipped to replace") makes a rumour."""
    head = tok.head.lemma_.lower()
    if head in words("agree_governors") or tok.head.lower_ in ("is", "are"):
        return "agreed"
    if head in words("rumour_governors"):
        return "rumour"
    return None


def _past_stage(tok: Token, window: str) -> str:
    """A move told in the past is confirmed, unless agreement cues say only terms were
    agreed and the verb is not one of completing ("agreed a fee" vs "completed his
    move"). A medical or paperwork passed is no such cue."""
    done_cues = re.sub(r"\b(?:medical|paperwork)\b", "", window)
    if active().status_re["agreed"].search(done_cues) and tok.lemma_.lower() not in (
        "complete",
        "sign",
        "join",
        "confirm",
        "announce",
        "seal",
    ):
        return "agreed"
    return "confirmed"


def _stage_from_cues(window: str) -> str:
    """The stage from cue words alone, the surest first; a move with none is
    reported as done."""
    for stage in ("agreed", "confirmed", "negotiating", "rumour"):
        if active().status_re[stage].search(window):
            return stage
    return "confirmed"
