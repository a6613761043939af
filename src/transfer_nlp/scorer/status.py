"""Which stage a kept candidate is at: features for the status models.

The rules read a stage from the cue words of one clause (`events/stage.py`) and are
often fooled by the rest of the article: a completed move told again in a later
paragraph with "could", a rumour whose headline says "here we go", a deal called off
three sentences later. The status models see the rule's stage beside the words of the
evidence and of the person's other sentences (their modal and auxiliary verbs, verb
tenses, content words, the stage cues they contain) and the mix of stage cues in the
whole article; one model per stage scores it, and the likeliest stage replaces the rules' one when
it is clearly likelier.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from ..events.base import RANK
from ..lexicon import active

if TYPE_CHECKING:
    from .candidates import DocView, Mention

STAGES = tuple(RANK)
# Mentions of the person, beyond the evidence, whose sentences are read.
OTHER_SENTENCES = 3
# The share of the article's stage cues that one stage has, in these steps.
SHARE_EDGES = (0.1, 0.25, 0.5)
# How much likelier the models' stage must be to overrule the rules' one: the rules read
# the clause's grammar, which the models see only as words (0.2 is best out of fold).
MARGIN = 0.2
# Where the models' weights are kept, by stage: "status:rumour", ...
PREFIX = "status:"


def status_features(
    v: DocView, kind: str, record: Mapping[str, Any], mentions: tuple[Mention, ...]
) -> tuple[str, ...]:
    """Features of a candidate's stage, each seen by its type's weights and shared ones."""
    feats = {f"rs={record.get('status')}"}
    evidence = evidence_sentences(v, record)
    for i in evidence:
        feats |= _sentence(v, i, "e")
    if 0 in evidence:
        feats.add("headline")
    # The first few only: a long text names one person many times.
    others = islice((m.sent for m in mentions if m.sent not in evidence), OTHER_SENTENCES)
    for i in dict.fromkeys(others):
        feats |= _sentence(v, i, "m")
    feats |= _article(v)
    return tuple(sorted({f"{kind}|{f}" for f in feats} | {f"*|{f}" for f in feats}))


def evidence_sentences(v: DocView, record: Mapping[str, Any]) -> set[int]:
    """The sentences (by index) of a record's first two pieces of evidence."""
    key = ("sent_starts",)
    if key not in v.memo:
        v.memo[key] = [s.start_char for s in v.sents]
    starts = v.memo[key]
    return {
        max(bisect_right(starts, int(e["start"])) - 1, 0)
        for e in (record.get("evidence") or ())[:2]
    }


def _sentence(v: DocView, i: int, where: str) -> frozenset[str]:
    key = ("stage_sentence", i, where)
    if key not in v.memo:
        v.memo[key] = frozenset(f"{where}{f}" for f in _words(v, i))
    return v.memo[key]


def sentence_cues(v: DocView, i: int) -> frozenset[str]:
    """The stages whose cue patterns match inside sentence `i`."""
    sent = v.sents[i]
    return frozenset(
        stage
        for stage, spans in _cue_matches(v).items()
        if _any_within(spans, sent.start_char, sent.end_char)
    )


def _cue_matches(v: DocView) -> dict[str, list[tuple[int, int]]]:
    """Where each stage's cue pattern matches in the article, by character offsets:
    one pass over the text per stage, shared by the sentences and the article's mix."""
    key = ("stage_matches",)
    if key not in v.memo:
        v.memo[key] = {
            stage: [m.span() for m in pattern.finditer(v.text)]
            for stage, pattern in active().status_re.items()
        }
    return v.memo[key]


def _any_within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect_left(spans, (start, start))
    return k < len(spans) and spans[k][1] <= end


def _words(v: DocView, i: int) -> frozenset[str]:
    """Sentence `i`'s stage words, whichever role (`where`) it plays for a candidate."""
    key = ("stage_words", i)
    if key in v.memo:
        return v.memo[key]
    sent = v.sents[i]
    feats = {f"cue={stage}" for stage in sentence_cues(v, i)}
    for tok in sent:
        if tok.tag_ == "MD" or tok.dep_ in ("aux", "auxpass"):
            feats.add(f"aux={tok.lower_}")
        if tok.pos_ == "VERB":
            feats.add(f"vtag={tok.tag_}")
        if tok.pos_ in ("VERB", "ADJ", "ADV", "NOUN") and tok.is_alpha and not tok.is_stop:
            feats.add(f"w={tok.lemma_.lower()}")
    if any(t.is_quote for t in sent):
        feats.add("quote")
    v.memo[key] = frozenset(feats)
    return v.memo[key]


def _article(v: DocView) -> frozenset[str]:
    """The mix of stage cues over the whole article: a story of a done deal or a rumour mill."""
    key = ("stage_article",)
    if key not in v.memo:
        counts = Counter({s: len(spans) for s, spans in _cue_matches(v).items()})
        total = sum(counts.values())
        share = {s: n / max(total, 1) for s, n in counts.items()}
        feats = {f"dcue={s}:{sum(x >= e for e in SHARE_EDGES)}" for s, x in share.items()}
        top = counts.most_common(1)[0][0] if total else "none"
        feats.add(f"dtop={top}")
        v.memo[key] = frozenset(feats)
    return v.memo[key]


def best_stage(models: Mapping[str, Any], features: Sequence[str], rules: str) -> str:
    """The stage the models find likeliest, where it is clearly likelier than the rules'
    stage `rules`; else `rules` (also without stage models)."""
    if not all(PREFIX + s in models for s in STAGES):
        return rules
    probs = {s: models[PREFIX + s].prob(features) for s in STAGES}
    best = max(STAGES, key=probs.__getitem__)
    return best if probs[best] - probs.get(rules, 0.0) >= MARGIN else rules
