"""People: names found, trimmed and extended, and each given its fullest form.

The statistical model misses names, files them under other labels, or cuts them
("Alexander-Arnold" for "Trent Alexander-Arnold"). Names are taken from the model,
then from untagged proper nouns in argument slots, known surnames, role nouns
("striker Joao Felix") and lists with other people; a short name maps to the full
name it abbreviates ("Kane" to "Harry Kane").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .lexicon import words
from .schema import LABELS, NATIONAL_TEAM, PERSON

_NAME_SHAPE = re.compile(r"^\w[\w'’.-]*$")
# A round-up's item line: a bullet or nothing, two to four words, then a bracket or a
# dash or a comma before what the item says of the move ("- Mark Flekken (Freiburg,
# £11m)", "Ashley Young - Released").
_ITEM = re.compile(
    r"^[ \t]*(?:[-–—•*·][ \t]+)?"
    r"(?P<name>[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){1,3})"
    r"(?:[ \t]*\(|[ \t]+[-–—][ \t]|,[ \t])(?P<rest>[^\n]*)",
    re.MULTILINE,
)


def name_token(text: str) -> bool:
    """A capitalised word: any upper-case first letter ("Šeško", "Łukasz", "Ødegaard")."""
    return text[:1].isupper() and bool(_NAME_SHAPE.match(text))


def find_people(
    doc: Doc,
    taken: set[int],
    norms: dict[str, dict[str, Any]],
    prefixes: frozenset[str],
    labels: dict[str, str],
) -> list[Span]:
    """PERSON spans outside `taken` (clubs, grounds, money), their canonical names in
    `norms`. `prefixes`: words never part of a name; `labels`: the gazetteer's aliases."""
    spans = _names_across_breaks(doc, _model_names(doc, taken, prefixes), taken, prefixes)
    # Each finder below adds its names' tokens to `covered`, so the next one skips them.
    covered = {i for s in spans for i in range(s.start, s.end)} | taken
    spans += _mononyms(doc, covered)
    spans += _untagged_names(doc, taken, covered, prefixes)
    spans += _known_names(doc, spans, covered)
    spans += _after_role_nouns(doc, covered, prefixes)
    spans.extend(_listed_with_people(doc, spans, covered, prefixes, labels))
    spans += _list_item_names(doc, taken, covered, prefixes, labels)
    spans = _drop_non_names(doc, [_quoted_nickname(s, covered) for s in spans], labels)
    names = _canonical_names(spans)
    for span in spans:
        norms[f"{span.start_char}:{span.end_char}"] = {
            "label": PERSON,
            # '"Pippo" Inzaghi' is Pippo Inzaghi.
            "canonical": " ".join(w.strip("".join(_QUOTES)) for w in names[span.start].split()),
        }
    return spans


def _model_names(doc: Doc, taken: set[int], prefixes: frozenset[str]) -> list[Span]:
    """The model's PERSON entities, cleaned and extended, and the names it filed under
    another label."""
    spans: list[Span] = []
    for ent in doc.ents:
        # The small model also files names under ORG, FAC, PRODUCT or WORK_OF_ART.
        if ent.label_ not in (PERSON, "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "NORP"):
            continue
        if ent.label_ != PERSON and len(ent) > 1 and ent[-1].tag_ == "POS":
            ent = ent[:-1]  # "Simone Inzaghi's" as one ORG
        while len(ent) > 1 and ent[-1].pos_ in ("ADP", "CCONJ", "DET", "PUNCT"):
            ent = ent[:-1]  # "Emile Smith Rowe from" as one ORG
        if (
            ent.label_ == "ORG"
            and len(ent) == 1
            and ent.start not in taken
            and _single_name(ent[0], prefixes)
        ):
            spans.append(Span(doc, ent.start, ent.end, label=PERSON))
            continue
        if ent.label_ != PERSON and not _misfiled_name(ent, taken, prefixes):
            continue
        if (doc[ent.end - 1].lower_ in words("not_person") and ent.label_ != PERSON) or (
            doc[ent.end - 1].lower_ in words("place_endings")
        ):
            continue  # "Elland Road", "Bootham Crescent": a ground, not a name
        span = _clean_person(ent, taken, prefixes)
        if span is not None:
            spans.append(_extend_right(_extend_left(span, taken, prefixes), taken))
    return spans


def _misfiled_name(ent: Span, taken: set[int], prefixes: frozenset[str]) -> bool:
    """Two or three proper nouns, particles aside ("Luuk de Jong"), with no organisation
    word, in an argument slot: a name the small model filed under another label.
    "Simone Inzaghi's departure" (one ORG with its clitic) makes a possessor too."""
    inner = {t.i for t in ent[1:-1] if t.lower_ in words("name_particles")}
    return (
        1 < len(ent) - len(inner) <= 3
        and ent[0].lower_ not in words("club_prefixes")
        and ent.root.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "appos", "conj", "ROOT", "poss")
        and all(t.i not in taken and (t.i in inner or _name_word(t, ent, prefixes)) for t in ent)
    )


def _name_word(t: Token, ent: Span, prefixes: frozenset[str]) -> bool:
    # "Hugo Boumous": a surname misread as an adjective or a noun.
    surname = t.i == ent.end - 1 and t.pos_ in ("ADJ", "NOUN") and name_token(t.text)
    return (
        (t.pos_ == "PROPN" or surname)
        and t.lower_ not in prefixes
        and t.lower_ not in words("org_words")
    )


def _mononyms(doc: Doc, covered: set[int]) -> list[Span]:
    """Known mononyms, and "Name, 24," (an age in apposition), whatever the model said."""
    spans: list[Span] = []
    for tok in doc:
        if tok.i in covered or not name_token(tok.text):
            continue
        if tok.pos_ != "PROPN" and tok.text not in words("mononyms"):
            continue
        age = (
            tok.i + 3 < len(doc)
            and doc[tok.i + 1].text == ","
            and doc[tok.i + 2].like_num
            and doc[tok.i + 3].text == ","
            and (tok.i == 0 or doc[tok.i - 1].pos_ != "PROPN")
        )
        if tok.text in words("mononyms") or (age and tok.lower_ not in words("not_person")):
            spans.append(Span(doc, tok.i, tok.i + 1, label=PERSON))
            covered.add(tok.i)
    return spans


def _untagged_names(
    doc: Doc, taken: set[int], covered: set[int], prefixes: frozenset[str]
) -> list[Span]:
    """Two or three capitalised words the model left untagged, ending in a proper noun
    that is an argument of a verb or preposition ("Raheem Sterling swapped ..."): a
    name. Only untagged tokens, so clubs, places and competitions stay out."""
    spans: list[Span] = []
    in_headline = {i for s in doc.sents if _headline(s) for i in range(s.start, s.end)}
    # Tokens of a model entity that overlaps a club or amount ("Bayern Munich for
    # Mathys Tel" as one ORG) count as untagged.
    blocked = {
        i
        for e in doc.ents
        if not any(j in taken for j in range(e.start, e.end))
        for i in range(e.start, e.end)
    }
    for tok in doc:
        if (
            tok.i in covered
            or tok.i in blocked
            or tok.i in in_headline
            or tok.lower_ in prefixes
            or not (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and not _opens_sentence(tok)))
            or tok.dep_
            not in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr", "poss")
            or not name_token(tok.text)
            or tok.lower_ in words("not_person")
        ):
            continue
        start = tok.i
        while (
            start > 0
            # Three words, four with a particle ("Anouar Ait El Hadj").
            and tok.i - start
            < (3 if any(t.lower_ in words("name_particles") for t in doc[start : tok.i]) else 2)
            and start - 1 not in covered
            and (
                start - 1 not in blocked
                or _misread_first_name(doc[start - 1], doc[start : tok.i + 1], taken)
            )
            and name_token(doc[start - 1].text)
            and doc[start - 1].lower_ not in words("not_person")
            and doc[start - 1].lower_ not in words("role_nouns")
            and doc[start - 1].lower_ not in prefixes
            and not doc[start - 1].is_stop
        ):
            start -= 1
        single_ok = tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.pos_ == "VERB"
        if (start < tok.i and not (tok.dep_ == "poss" and doc[start].is_sent_start)) or (single_ok):
            spans.append(Span(doc, start, tok.i + 1, label=PERSON))
            covered.update(range(start, tok.i + 1))
    return spans


def _known_names(doc: Doc, spans: list[Span], covered: set[int]) -> list[Span]:
    """Full names seen anywhere give surnames (and first names) a PERSON reading even
    where the statistical model said GPE/ORG or nothing."""
    full = [s for s in spans if len(s) > 1]
    last_names = {s[-1].text for s in full}
    # "FRANK SINCLAIR" in a caption, "Sinclair" in the text.
    last_names |= {s[-1].text.title() for s in full if s[-1].text.isupper()}
    # "Mourinho was in charge" tagged once makes "Mourinho's exit" a name too.
    last_names |= {s.text for s in spans if len(s) == 1 and s[0].pos_ == "PROPN"}
    out: list[Span] = []
    for tok in doc:
        if (
            tok.i in covered
            or tok.text not in last_names
            or tok.pos_ not in ("PROPN", "NOUN", "VERB", "ADJ", "ADV", "X")
        ):
            continue
        if (
            tok.i + 1 < len(doc)
            and name_token(doc[tok.i + 1].text)
            and doc[tok.i + 1].pos_ == "PROPN"
        ):
            continue
        out.append(Span(doc, tok.i, tok.i + 1, label=PERSON))
        covered.add(tok.i)
    return out


def _after_role_nouns(doc: Doc, covered: set[int], prefixes: frozenset[str]) -> list[Span]:
    """ "striker Joao Felix", "boss Enzo Maresca": names after a role noun."""
    spans: list[Span] = []
    for tok in doc:
        if tok.lower_ not in words("role_nouns") or tok.i + 1 >= len(doc):
            continue
        j = tok.i + 1
        while (
            j < len(doc)
            and j not in covered
            and doc[j].pos_ == "PROPN"
            and name_token(doc[j].text)
            and doc[j].lower_ not in prefixes
        ):
            j += 1
        if j > tok.i + 1 and j - tok.i - 1 <= 4:
            # `covered` holds `taken`: no copy of the two sets for each name.
            span = _extend_right(Span(doc, tok.i + 1, j, label=PERSON), covered)
            spans.append(span)
            covered.update(range(span.start, span.end))
    return spans


def _drop_non_names(doc: Doc, spans: list[Span], labels: dict[str, str]) -> list[Span]:
    """Overlaps resolved, and brands, places, nicknames and initials dropped."""
    # "GiveMeSport", "CaughtOffside": run-together capitals make a brand, not a name.
    spans = [s for s in spans if not any(_brand(t.text) for t in s)]
    # "the Soweto giants", "the Tynecastle vacancy": a name used as a modifier after
    # a determiner is a place or a stadium, not a person.
    spans = [
        s
        for s in filter_spans(spans)
        if not (
            s.start > 0
            and doc[s.start - 1].lower_ in ("the", "a", "an")
            and s.root.dep_ in ("compound", "amod", "nmod")
            and s.root.head.pos_ == "NOUN"
        )
    ]
    # A lone word after "the" ("the Pensioners", "the FSDL") is a nickname or a body,
    # a lone letter is an initial or "Serie A", and a country name alone is a place:
    # none of them is a person.
    in_full = {t.lower_ for s in spans if len(s) > 1 for t in s}
    return [
        s
        for s in spans
        if len(s) > 1
        or not (
            len(s.text) == 1
            or (s.start > 0 and doc[s.start - 1].lower_ == "the")
            or (labels.get(s.text) == NATIONAL_TEAM and s[0].lower_ not in in_full)
        )
    ]


def _names_across_breaks(
    doc: Doc, spans: list[Span], taken: set[int], prefixes: frozenset[str]
) -> list[Span]:
    """ "Caoimhin\nKelleher" where the segmenter read the line break as no sentence
    break: the model sees the break as a word, and finds half the name or none of it.
    Two name words either side of such a break, one a proper noun, are one name."""
    at = {i: s for s in spans for i in range(s.start, s.end)}
    joined: list[Span] = []
    for tok in doc[1:-1]:
        if not tok.is_space or doc[tok.i + 1].is_sent_start:
            continue
        first, last = doc[tok.i - 1], doc[tok.i + 1]
        if (
            first.i in taken
            or last.i in taken
            or not (name_token(first.text) and name_token(last.text))
            or "PROPN" not in (first.pos_, last.pos_)
            or first.lower_ in prefixes
            or last.lower_ in words("not_person")
            # "... sign Rice\nDeclan Rice has ...": a headline, then the full name.
            or first.text in {t.text for t in doc[last.i : last.i + 3]}
        ):
            continue
        start = at[first.i].start if first.i in at else first.i
        end = at[last.i].end if last.i in at else last.i + 1
        name = Span(doc, start, end, label=PERSON)
        joined.append(name)
        at.update((i, name) for i in range(start, end))
    if not joined:
        return spans
    # Each token now points at its widest name; the spans it was built from drop out.
    return sorted({(s.start, s.end): s for s in at.values()}.values(), key=lambda s: s.start)


def _listed_with_people(
    doc: Doc,
    spans: list[Span],
    covered: set[int],
    prefixes: frozenset[str],
    labels: dict[str, str],
) -> list[Span]:
    """ "Maradona, Grafite, Trezeguet and Gyan", "Carvalho and Ferreira": a capitalised
    word coordinated with a person is a person too, whatever the model filed it under
    (clubs, countries and organisation words aside)."""
    people = {i for s in spans for i in range(s.start, s.end)}
    out: list[Span] = []
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.i in covered:
            continue  # first, as reading a token's children is slow
        if tok.dep_ != "conj" and not any(c.dep_ == "conj" for c in tok.children):
            continue
        if (
            not name_token(tok.text)
            or tok.text.isupper()
            or tok.lower_ in prefixes
            or tok.lower_ in words("org_words")
            or tok.lower_ in words("not_person")
            or tok.text in labels
            or tok.ent_type_ not in ("", "GPE", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "LOC")
        ):
            continue
        # The whole coordination: up to its first member, then every conjunct.
        first = tok
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        members = [first, *[t for t in first.subtree if t.dep_ == "conj"]]
        if not any(m.i in people and m.i != tok.i for m in members):
            continue
        start = tok.i
        while (
            start > 0
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].head.i == tok.i
            and doc[start - 1].pos_ == "PROPN"
            and name_token(doc[start - 1].text)
            and start - 1 not in covered
            and doc[start - 1].lower_ not in prefixes
            and tok.i - start < 2
        ):
            start -= 1
        out.append(Span(doc, start, tok.i + 1, label=PERSON))
        covered.update(range(start, tok.i + 1))
    return out


def _list_item_names(
    doc: Doc,
    taken: set[int],
    covered: set[int],
    prefixes: frozenset[str],
    labels: dict[str, str],
) -> list[Span]:
    """The name that leads a round-up's item line, where the rest of the line tells a
    move: a club or an amount, or a word such as "released", "loan", "free". The model
    reads such verbless lines badly and leaves many of these names untagged."""
    out: list[Span] = []
    for match in _ITEM.finditer(doc.text):
        span = doc.char_span(match.start("name"), match.end("name"))
        rest = doc.char_span(match.start("rest"), match.end("rest"), alignment_mode="expand")
        if span is None or rest is None or not _tells_a_move(rest, taken):
            continue
        if span.text in labels or any(
            t.i in covered
            or not name_token(t.text)
            or t.text.isupper()
            or t.lower_ in prefixes
            or t.lower_ in words("not_person")
            or t.lower_ in words("org_words")
            for t in span
        ):
            continue
        out.append(Span(doc, span.start, span.end, label=PERSON))
        covered.update(range(span.start, span.end))
    return out


def _tells_a_move(rest: Span, taken: set[int]) -> bool:
    return any(t.i in taken or t.lower_ in words("item_move_words") for t in rest)


def _clean_person(ent: Span, taken: set[int], prefixes: frozenset[str]) -> Span | None:
    """Trim role words, nationalities, clubs and possessives off a model PERSON span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    after_club = False
    while start < end and (
        start in taken or doc[start].lower_ in prefixes or not name_token(doc[start].text)
    ):
        after_club = after_club or start in taken
        start += 1
    if after_club and end - start == 1:
        return None  # "Al Ahli Benghazi": the word after a club's name is its city
    # "Saman Ghoddos - Released": a spaced dash ends the name in a list item.
    dash = next((i for i in range(start + 1, end) if _spaced_dash(doc[i])), None)
    end = dash if dash is not None else end
    while end > start and (
        end - 1 in taken
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].lower_ in words("not_person")
        or not name_token(doc[end - 1].text)
    ):
        end -= 1
    if end <= start or any(i in taken for i in range(start, end)):
        return None
    if all(doc[i].lower_ in words("item_move_words") for i in range(start, end)):
        return None  # "Tariqe Fosu - Released"
    return Span(doc, start, end, label=PERSON)


def _spaced_dash(tok: Token) -> bool:
    return tok.text in ("-", "–", "—") and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)


_CAMEL = re.compile(r"^[A-Z]([a-z]+)[A-Z]")


def _brand(word: str) -> bool:
    """ "GiveMeSport", "CaughtOffside", "TalkSport": run-together words make a brand."""
    if not word.isalpha() or word.isupper():
        return False
    if sum(c.isupper() for c in word[1:]) >= 2:
        return True
    camel = _CAMEL.match(word)
    return camel is not None and (word[0] + camel.group(1)).lower() not in words(
        "camel_name_prefixes"
    )


def _single_name(tok: Token, prefixes: frozenset[str]) -> bool:
    """A one-word ORG that is really a surname: the subject or object of a verb, not an
    acronym or an organisation word ("McTominay joins Napoli")."""
    return (
        bool(name_token(tok.text))
        and not tok.text.isupper()
        and tok.lower_ not in prefixes
        and tok.lower_ not in words("org_words")
        and (
            (tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.pos_ in ("VERB", "AUX"))
            or tok.dep_ == "appos"  # "a Brazilian full back, Silvinho,"
        )
    )


def _opens_sentence(tok: Token) -> bool:
    """First word of its sentence, quotes and brackets before it aside ("“Supporters can")."""
    return all(t.is_punct or t.is_space for t in tok.doc[tok.sent.start : tok.i])


def _headline(sent: Span) -> bool:
    """Title Case lines without a full stop: capitals say nothing about names there."""
    if sent.text.rstrip().endswith((".", '"', "”")):
        return False
    words = [t.text for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


_QUOTES = {'"', "“", "”", "'", "‘", "’"}


def _quoted_nickname(span: Span, covered: set[int]) -> Span:
    """'"Pippo" Inzaghi', "'Big' Sam": a one-word nickname in quotes before the
    surname is part of the name."""
    doc = span.doc
    i = span.start
    if (
        i >= 3
        and doc[i - 1].text in _QUOTES
        and doc[i - 3].text in _QUOTES
        and name_token(doc[i - 2].text)
        and doc[i - 2].i not in covered
        and not doc[i - 2].whitespace_
        and not doc[i - 3].whitespace_
    ):
        return Span(doc, i - 3, span.end, label=PERSON)
    return span


def _free_word(tok: Token) -> bool:
    """Untagged, PERSON, or a one-word guess of the model's (a surname read as a place
    or a title), never part of a longer entity."""
    if tok.ent_type_ in ("", PERSON):
        return True
    doc = tok.doc
    return (
        tok.ent_type_ not in LABELS
        and tok.ent_iob_ == "B"
        and (tok.i + 1 >= len(doc) or doc[tok.i + 1].ent_iob_ != "I")
    )


def _extend_right(span: Span, taken: set[int]) -> Span:
    """ "Erik ten Hag", "Virgil van Dijk": particles and the surname after them."""
    doc = span.doc
    end = span.end
    while end < len(doc) and doc[end].lower_ in words("name_particles") and end not in taken:
        # "van der Beek", "de la Fuente": particles run on to a capitalised surname,
        # which the model often files alone as a place ("Beek" GPE).
        nxt = end
        while nxt < len(doc) and doc[nxt].lower_ in words("name_particles") and nxt - end < 3:
            nxt += 1
        if not (
            nxt < len(doc)
            and nxt not in taken
            and name_token(doc[nxt].text)
            and _free_word(doc[nxt])
        ):
            break
        end = nxt + 1
    # "Hugo Boumous" with the surname misread as an adjective: the parser still makes
    # the given name its compound.
    if (
        end < len(doc)
        and end == span.end
        and doc[end - 1].dep_ == "compound"
        and doc[end - 1].head.i == end
        and end not in taken
        and doc[end].pos_ in ("PROPN", "ADJ", "NOUN")
        and name_token(doc[end].text)
        and doc[end].lower_ not in words("not_person")
        and doc[end].lower_ not in words("org_words")
        and doc[end].lower_ not in words("place_endings")
        and _free_word(doc[end])
    ):
        end += 1
    # "Roque Junior", "Ademir Filho".
    if end < len(doc) and doc[end].lower_ in words("name_suffixes") and end not in taken:
        end += 1
    # "Lee Dong-gook": a hyphenated given name with a lower-case second half.
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_lower
        and doc[end + 1].is_alpha
    ):
        end += 2
    return span if end == span.end else Span(doc, span.start, end, label=PERSON)


def _extend_left(span: Span, taken: set[int], prefixes: frozenset[str]) -> Span:
    """ "Trent Alexander-Arnold" where the model only found "Alexander-Arnold"."""
    doc = span.doc
    start = span.start
    while (
        start > 0
        and start - 1 not in taken
        and doc[start - 1].pos_ == "PROPN"
        and name_token(doc[start - 1].text)
        and doc[start - 1].lower_ not in prefixes
        and (
            doc[start - 1].ent_type_ in ("", PERSON)
            or _misread_first_name(doc[start - 1], span, taken)
        )
        and span.end - start < 4
    ):
        start -= 1
    start = _given_name_before_particles(doc, start, taken, prefixes)
    return span if start == span.start else Span(doc, start, span.end, label=PERSON)


def _given_name_before_particles(
    doc: Doc, start: int, taken: set[int], prefixes: frozenset[str]
) -> int:
    """ "Jan ter Horst", "Lucas de la Fuente" where the model only found the surname: the
    particles and the capitalised given name before them."""
    first = start
    while first > 0 and doc[first - 1].lower_ in words("name_particles") and start - first < 2:
        first -= 1
    given = first - 1
    if (
        first < start
        and given >= 0
        and given not in taken
        and doc[given].pos_ == "PROPN"
        and name_token(doc[given].text)
        and doc[given].lower_ not in prefixes
        and doc[given].ent_type_ in ("", PERSON)
        and not any(i in taken for i in range(first, start))
    ):
        return given
    return start


def _misread_first_name(tok: Token, span: Span, taken: set[int]) -> bool:
    """ "Christian Pulisic", "Cristian Espinoza", "Anouar Ait El Hadj": the small model
    files a first name alone as NORP or GPE. A one-word entity of that kind, glued to
    the name as its compound, belongs to the name (demonyms are in the prefixes)."""
    doc = tok.doc
    # Read from the token's own entity tags: `doc.ents` builds every entity at each call.
    one_word = tok.ent_iob_ == "B" and (tok.i + 1 >= len(doc) or doc[tok.i + 1].ent_iob_ != "I")
    return (
        one_word
        and tok.ent_type_ in ("NORP", "GPE")
        and tok.dep_ == "compound"
        and tok.head.i in range(span.start, span.end)
        and tok.i not in taken
    )


def _canonical_names(spans: list[Span]) -> dict[int, str]:
    """Map each PERSON span (by start token) to the fullest name it abbreviates: the
    nearest earlier full name ending in it, else a later one (headlines come first)."""
    full = [s for s in spans if len(s.text.split()) > 1 and not s.text.isupper()]
    by_lower = {f.text.lower(): f.text for f in full}
    # Every tail of a full name ("hadj", "el hadj", ...) and the first name of a
    # two-word name point back to it; lists stay in text order.
    index: dict[str, list[Span]] = {}
    for f in full:
        words = f.text.lower().split()
        for k in range(1, len(words)):
            index.setdefault(" ".join(words[k:]), []).append(f)
        if len(words) == 2:
            index.setdefault(words[0], []).append(f)
    starts = {key: [f.start for f in found] for key, found in index.items()}
    out: dict[int, str] = {}
    for span in spans:
        text = span.text
        key = text.lower()
        if text.isupper() and key in by_lower:
            out[span.start] = by_lower[key]  # "HARRY KANE" in a caption
            continue
        # A name said often has many full mentions: find the nearest by bisection.
        cands = index.get(key, [])
        k = bisect_left(starts[key], span.start) if cands else 0
        if k > 0:
            out[span.start] = cands[k - 1].text
        elif cands and (later := [f for f in cands[:3] if f.start != span.start]):
            out[span.start] = later[0].text
        else:
            out[span.start] = text
    return out
