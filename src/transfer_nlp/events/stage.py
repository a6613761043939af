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
    lo = max(sent.start, trig.i - 12)
    hi = min(sent.end, trig.i + 12)
    # Names and dates are no cues: "Eddie May", "Kevin Link", "joined in May".
    window = " ".join("_" if t.ent_type_ in ("PERSON", "DATE") else t.text for t in sent.doc[lo:hi])
    chain = head_chain(trig)
    # Negation counts on the trigger's own verb only: "has not signed", not "have not
    # been ruled out" two clauses away.
    gov = next((t for t in chain[:3] if t.pos_ in ("VERB", "AUX")), None)
    negated = (
        gov is not None
        and (gov is trig or trig.head is gov)
        and any(c.dep_ == "neg" for c in gov.children)
    )
    if kind == "retirement" and trig.lemma_.lower() in ("play", "end", "call"):
        # "will not play again", "ended his career": the negation or the ending is the
        # retirement itself
        negated, window = False, window.replace("ended", "")
    if negated or active().status_re["off"].search(window) or _COLLAPSED.search(sent.text):
        return "off"
    lemmas = [t.lemma_.lower() for t in chain[:4]]
    above = chain[1] if len(chain) > 1 else trig
    if any(t.lemma_.lower() in words("candidate_nouns") for t in above.subtree):
        return "rumour"  # "installed among the early favourites to replace X"
    if trig.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in words("hedge_adjectives") for c in trig.children
    ):
        return "rumour"  # "his possible departure", "a potential move"
    if trig.lemma_.lower() in ("bid", "offer", "proposal") and "accept" in lemmas[1:4]:
        return "agreed"  # "Tottenham have accepted a bid of €100m"
    if any(lm in words("rumour_lemmas") for lm in lemmas[:3]):
        return "rumour"
    if any(lm in words("negotiate_lemmas") for lm in lemmas[:3]) or re.search(
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
        if auxes & words("modals"):
            return "rumour"
        if "will" in auxes or "'ll" in auxes:
            # "will leave" is settled when the club has announced it; so is a stand-in
            # who "will take charge on an interim basis".
            announced = re.search(
                r"\b(?:announce[ds]?|confirm(?:s|ed)?|official|statement)\b", sent.text, re.I
            ) or (
                kind == "coach_appointment"
                and re.search(r"\b(?:interim|caretaker|temporary)\b", sent.text, re.I)
            )
            return "confirmed" if announced else "agreed"
        if "to" in auxes or tok.tag_ == "VB":
            head = tok.head.lemma_.lower()
            if head in words("agree_governors") or tok.head.lower_ in ("is", "are"):
                return "agreed"  # "set to join", "is to leave"
            if head in words("rumour_governors"):
                return "rumour"
            continue
        if tok.tag_ == "VBD" or (tok.tag_ == "VBN" and auxes & words("done_auxiliaries")):
            done_cues = re.sub(r"\b(?:medical|paperwork)\b", "", window)  # "passed a medical"
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
        if tok.tag_ in ("VBZ", "VBP") and tok.pos_ == "VERB":
            return "confirmed"  # headline present: "Sterling joins Arsenal"
        if tok.tag_ == "VBG":
            continue
        break
    if active().status_re["agreed"].search(window):
        return "agreed"
    if active().status_re["confirmed"].search(window):
        return "confirmed"
    if active().status_re["negotiating"].search(window):
        return "negotiating"
    if active().status_re["rumour"].search(window):
        return "rumour"
    return "confirmed"
