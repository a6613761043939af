"""Stage 2: people, clubs, national teams and money, tagged and normalised.

The `transfer_entities` component runs after the statistical NER. It matches the
club and national-team gazetteer, decides ambiguous names from context, finds
money with `money.find_money`, cleans PERSON boundaries and gives every entity a
canonical form. Results go to `doc.ents` and, JSON-safe, to
`doc._.transfer_entities` (keyed "start:end" in characters).
"""

from __future__ import annotations

import itertools
import re
import warnings
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.training import Example
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .errors import Errors, PipelineError, TransferNLPWarning, Warnings
from .extensions import DOC_ENTITIES, install_extensions
from .gazetteer import Gazetteer
from .lexicon import LEXICON_FILE, Lexicon, package, read_lexicon, using, words
from .money import find_money
from .schema import CLUB, GROUND, MONEY, NATIONAL_TEAM, PERSON
from .segment import settle_line_breaks

_OUR_LABELS = {PERSON, CLUB, NATIONAL_TEAM, MONEY}
_YOUTH = re.compile(r"^(?:Under-?\d\d|U-?\d\d|Olympic|B|Women|women's|Women's)$")
_NAME_SHAPE = re.compile(r"^\w[\w'’.-]*$")


def _name_token(text: str) -> bool:
    """A capitalised word: any upper-case first letter ("Šeško", "Łukasz", "Ødegaard")."""
    return text[:1].isupper() and bool(_NAME_SHAPE.match(text))


@Language.factory(
    "transfer_entities",
    requires=["token.pos", "token.dep", "doc.ents"],
    assigns=["doc.ents", "doc._.transfer_entities"],
    default_config={},
)
def make_entity_recognizer(nlp: Language, name: str) -> EntityRecognizer:
    """Create the `transfer_entities` component (data comes in `initialize`)."""
    return EntityRecognizer(nlp, name)


class EntityRecognizer:
    """Reads tokens, the parse and the statistical `doc.ents`; writes `doc.ents`
    (PERSON, CLUB, NATIONAL_TEAM, MONEY plus the model's other labels) and
    `doc._.transfer_entities`."""

    def __init__(self, nlp: Language, name: str) -> None:
        install_extensions()
        self.vocab: Vocab = nlp.vocab
        # Gazetteer names are tokenised exactly as texts are, or multi-token names never match.
        self._tokenizer = nlp.tokenizer
        self.name = name
        self.gazetteer: Gazetteer | None = None
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.ground_matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self._grounds: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._prefixes: frozenset[str] = frozenset()
        self.lexicon: Lexicon = package()

    # -- data lifecycle -------------------------------------------------
    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        gazetteer: dict[str, Any] | None = None,
    ) -> None:
        """Load the gazetteer (a `Gazetteer.to_dict()`; the packaged one if None)."""
        data = gazetteer if gazetteer is not None else Gazetteer.load().to_dict()
        self._set_gazetteer(Gazetteer.from_dict(data))

    def _set_gazetteer(self, gaz: Gazetteer) -> None:
        self.gazetteer = gaz
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self._labels = {}
        by_label: dict[str, list[str]] = {CLUB: [], NATIONAL_TEAM: []}
        for surface, label in gaz.aliases():
            if surface in self._labels:
                # A surface form both a club and a national team: the club wins, the
                # national-team reading is then decided by context in `_national`.
                continue
            self._labels[surface] = label
            by_label[label].append(surface)
        for label, surfaces in by_label.items():
            self.matcher.add(label, [self._tokenizer(s) for s in surfaces])
        self._grounds = gaz.ground_index()
        self.ground_matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.ground_matcher.add(GROUND, [self._tokenizer(g) for g in self._grounds])
        self._demonyms = gaz.demonym_index()
        demonyms = {d.lower() for d in self._demonyms}
        self._prefixes = (
            self.lexicon.words("role_nouns")
            | self.lexicon.words("not_person")
            | self.lexicon.words("person_prefixes")
            | frozenset(demonyms)
            | frozenset(d + "s" for d in demonyms)
        )

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(
            {"gazetteer": self._gaz().to_dict(), "lexicons": self.lexicon.to_dict()}
        )

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> EntityRecognizer:
        msg = srsly.msgpack_loads(data)
        self.lexicon = Lexicon.from_dict(msg["lexicons"]) if "lexicons" in msg else package()
        self._set_gazetteer(Gazetteer.from_dict(msg["gazetteer"]))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        srsly.write_json(out / "gazetteer.json", self._gaz().to_dict())
        srsly.write_json(out / LEXICON_FILE, self.lexicon.to_dict())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityRecognizer:
        self.lexicon = read_lexicon(Path(path))
        data = srsly.read_json(Path(path) / "gazetteer.json")
        self._set_gazetteer(Gazetteer.from_dict(data))
        return self

    def _gaz(self) -> Gazetteer:
        if self.gazetteer is None:
            warnings.warn(Warnings.W003(component=self.name), TransferNLPWarning, stacklevel=3)
            self._set_gazetteer(Gazetteer.load())
        assert self.gazetteer is not None
        return self.gazetteer

    # -- processing -----------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            raise PipelineError(
                Errors.E002(component=self.name, needs="parser", pipes="no dependency parse")
            )
        with using(self.lexicon):
            return self._annotate(doc)

    def _annotate(self, doc: Doc) -> Doc:
        gaz = self._gaz()
        norms: dict[str, dict[str, Any]] = {}
        money_spans = self._money(doc, norms)
        team_spans = self._teams(doc, gaz, norms)
        # A club alias inside a full name the model found ("Bruno Guimaraes") is part of
        # the name, unless it is a club's own distinctive name ("Adarabioyo Fulham").
        # Entities do not overlap, so the name holding a club's first token is the only
        # one that can hold the club.
        name_at = {
            i: e
            for e in doc.ents
            if e.label_ == PERSON and len(e) > 1
            for i in range(e.start, e.end)
        }
        team_spans = [
            t
            for t in team_spans
            if t.label_ != CLUB
            or not (
                (n := name_at.get(t.start)) is not None
                and t.end <= n.end
                and len(n) - (n[-1].tag_ == "POS") > len(t)
            )
            or (
                (norms[f"{t.start_char}:{t.end_char}"]["canonical"] == _form(t) or len(t) > 1)
                and not gaz.is_weak(_form(t))
            )
        ]
        # "Roque Junior", "Pedro Neto": a name suffix after a given name is no club.
        team_spans = [
            t
            for t in team_spans
            if not (
                len(t) == 1
                and t[0].lower_ in words("name_suffixes")
                and t.start > 0
                and doc[t.start - 1].pos_ == "PROPN"
                and _name_token(doc[t.start - 1].text)
                and not any(s.start <= t.start - 1 < s.end for s in team_spans)
            )
        ]
        taken = {i for s in money_spans + team_spans for i in range(s.start, s.end)}
        grounds = self._ground_spans(doc, gaz, norms, taken)
        taken.update(i for s in grounds for i in range(s.start, s.end))
        person_spans = self._people(doc, taken, norms)
        ours = filter_spans(money_spans + team_spans + person_spans)
        ours_tokens = {i for s in ours + grounds for i in range(s.start, s.end)}
        others = [
            e
            for e in doc.ents
            if e.label_ not in _OUR_LABELS
            and not any(i in ours_tokens for i in range(e.start, e.end))
        ]
        doc.ents = sorted(ours + grounds + others, key=lambda s: s.start)
        settle_line_breaks(doc, doc.ents)
        kept = {f"{s.start_char}:{s.end_char}" for s in ours + grounds}
        doc._.set(DOC_ENTITIES, {k: v for k, v in norms.items() if k in kept})
        return doc

    def _ground_spans(
        self, doc: Doc, gaz: Gazetteer, norms: dict[str, dict[str, Any]], taken: set[int]
    ) -> list[Span]:
        """Club grounds ("a move to The Valley"), labelled FAC, with the club they stand for."""
        spans = []
        for span in filter_spans([doc[s:e] for _, s, e in self.ground_matcher(doc)]):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            team_id = self._grounds[span.text]
            span = Span(doc, span.start, span.end, label=GROUND)
            norms[f"{span.start_char}:{span.end_char}"] = {
                "label": GROUND,
                "canonical": span.text,
                "club": gaz.canonical(team_id),
                "id": team_id,
            }
            spans.append(span)
        return spans

    def _money(self, doc: Doc, norms: dict[str, dict[str, Any]]) -> list[Span]:
        spans = []
        found = find_money(doc.text)
        conversions: dict[int, list[dict[str, Any]]] = {}
        for o in found:
            if o.relation == "equivalent" and o.related_to is not None:
                conversions.setdefault(o.related_to, []).append(
                    {"amount": o.amount, "currency": o.currency, "text": o.text}
                )
        for k, m in enumerate(found):
            span = doc.char_span(m.start, m.end, label=MONEY, alignment_mode="expand")
            if span is None:
                continue
            equivalents = conversions.get(k, [])
            norms[f"{span.start_char}:{span.end_char}"] = {
                "label": MONEY,
                "canonical": None,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "amount": m.amount,
                "amount_max": m.amount_max,
                "currency": m.currency,
                "per": m.per,
                "relation": m.relation,
                "equivalents": equivalents,
            }
            spans.append(span)
        return spans

    def _teams(self, doc: Doc, gaz: Gazetteer, norms: dict[str, dict[str, Any]]) -> list[Span]:
        matches = [doc[s:e] for _, s, e in self.matcher(doc)]
        matches = filter_spans(matches + self._across_breaks(doc))
        matched = {i for m in matches for i in range(m.start, m.end)}
        # Clubs named in full somewhere in the text decide what a shared short form means.
        named_ids: set[str] = set()
        for span in matches:
            default = gaz.default(_form(span))
            if (
                default is not None
                and not gaz.is_weak(_form(span))
                and len(gaz.candidates(_form(span))) == 1
            ):
                named_ids.add(default)
        # The country of the clubs named without doubt: "the Mariners" in a story about
        # Indian clubs is Mohun Bagan, not Grimsby Town.
        countries: dict[str | None, int] = {}
        for span in matches:
            cands = gaz.candidates(_form(span))
            if len(cands) == 1 and gaz.teams[cands[0]].kind != "national":
                country = gaz.teams[cands[0]].country
                countries[country] = countries.get(country, 0) + 1
        out = []
        # Clubs first, then countries: "the Holland and Ajax centre forward" and "the Super
        # Eagles and Mali and Luxembourg" read a country by the sides listed with it.
        resolved = []
        for span in matches:
            label = self._labels.get(_form(span))
            if label is None or _form(span).lower() in words("name_particles"):
                continue
            team_id = self._resolve(span, gaz, named_ids, countries)
            if team_id is not None:
                resolved.append((span, team_id))
        teams_at: set[int] = {
            i
            for span, team_id in resolved
            if gaz.teams[team_id].kind != "national" and not gaz.is_weak(_form(span))
            for i in range(span.start, span.end)
        }
        resolved.sort(key=lambda st: (gaz.teams[st[1]].kind == "national", st[0].start))
        for span, team_id in resolved:
            team = gaz.teams[team_id]
            if team.kind == "national":
                national = self._national(doc, span, teams_at)
                if national is None:
                    continue
                span = national
                label = NATIONAL_TEAM
                teams_at.update(range(span.start, span.end))
            else:
                if gaz.is_weak(_form(span)) and not self._club_context(
                    span, named_ids, team_id, matched
                ):
                    continue
                label = CLUB
            out.append(_team_span(span, label, team_id, gaz, norms))
        out.extend(
            self._demonym_teams(doc, gaz, norms, {i for s in out for i in range(s.start, s.end)})
        )
        capitals = self._capitals(doc, gaz, norms, out)
        if capitals:
            # "NEWCASTLE United": the whole name, not the "United" matched inside it
            inside = {i for s in capitals for i in range(s.start, s.end)}
            out = [s for s in out if not (s.start in inside and s.end - 1 in inside)]
            out.extend(capitals)
        return out

    def _across_breaks(self, doc: Doc) -> list[Span]:
        """Names cut by a line break the segmenter read as no break ("Aston\nVilla"): the
        phrase matcher sees the break as a token, so the words on either side of each such
        break are matched on their own."""
        out = []
        for tok in doc[1:-1]:
            if not tok.is_space or doc[tok.i + 1].is_sent_start:
                continue
            left = _words(doc[max(tok.i - _NAME_WORDS, 0) : tok.i], reverse=True)
            right = _words(doc[tok.i + 1 : tok.i + 1 + _NAME_WORDS])
            if not left or not right:
                continue
            words = Doc(self.vocab, words=[t.text for t in left + right])
            for _, start, end in self.matcher(words):
                if start < len(left) < end:
                    out.append(doc[left[start].i : right[end - len(left) - 1].i + 1])
        return out

    def _capitals(
        self, doc: Doc, gaz: Gazetteer, norms: dict[str, dict[str, Any]], found: list[Span]
    ) -> list[Span]:
        """Clubs in capitals ("NEWCASTLE United yesterday smashed ..."), as older reports
        open: a form with a capitalised word read in title case, if it names a club (or has
        a press default) and needs no context. It may swallow a club form inside it."""
        taken = {i for s in found for i in range(s.start, s.end)}
        found_at = {i: s for s in found for i in range(s.start, s.end)}
        out: list[Span] = []
        i = 0
        while i < len(doc):
            if not (doc[i].is_upper and doc[i].is_alpha and len(doc[i]) > 2) or i in taken:
                i += 1
                continue
            for n in (3, 2, 1):
                span = doc[i : i + n]
                if len(span) < n or any(
                    (s := found_at.get(k)) is not None
                    and not (span.start <= s.start and s.end <= span.end)
                    for k in range(span.start, span.end)
                ):
                    continue  # it may swallow a club form inside it, never cut one
                form = " ".join(t.text.title() if t.is_upper else t.text for t in span)
                cands = gaz.candidates(form)
                team_id = cands[0] if len(cands) == 1 else gaz.default(form)
                if (
                    team_id is not None
                    and self._labels.get(form) == CLUB
                    and not gaz.is_weak(form)
                    and doc[span.end - 1].ent_type_ != PERSON
                ):
                    out.append(_team_span(span, CLUB, team_id, gaz, norms))
                    taken.update(range(span.start, span.end))
                    i = span.end - 1
                    break
            i += 1
        return out

    def _resolve(
        self,
        span: Span,
        gaz: Gazetteer,
        named_ids: set[str],
        countries: dict[str | None, int],
    ) -> str | None:
        cands = gaz.candidates(_form(span))
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        for c in cands:
            if c in named_ids:
                return c
        default = gaz.default(_form(span))
        votes = sorted(((countries.get(gaz.teams[c].country, 0), c) for c in cands), reverse=True)
        if (
            default is not None
            and countries.get(gaz.teams[default].country, 0) == 0
            and votes[0][0] > votes[1][0]
        ):
            return votes[0][1]
        return default

    def _club_context(
        self, span: Span, named_ids: set[str], team_id: str, matched: set[int]
    ) -> bool:
        """A weak alias (a city, a common word) is a club only in a football context."""
        doc = span.doc
        if _form(span).lower() in words("calendar_words"):
            # "Wednesday" is Sheffield Wednesday only where the club is named in full
            # and no date word is next to it.
            prev_word = doc[span.start - 1].lower_ if span.start > 0 else ""
            return team_id in named_ids and prev_word not in words("date_leads")
        if (
            span.start > 0
            and doc[span.start - 1].pos_ == "PROPN"
            and span.start - 1 not in matched
            and doc[span.start - 1].ent_type_ in ("", PERSON)
        ):
            return False  # "Roque Junior": the end of a name
        if team_id in named_ids:
            return True
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.lower_ in ("-based", "airport", "area", "city", "centre"):
            return False
        if nxt is not None and (nxt.lower_ in words("team_followers") or nxt.tag_ == "POS"):
            return True
        if prev is not None and prev.lower_ in words("place_prepositions"):
            return False
        if span.root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "pobj", "conj", "appos"):
            return True
        return bool(span.sent.text and any(t.lower_ in words("team_followers") for t in span.sent))

    def _national(self, doc: Doc, span: Span, teams_at: set[int]) -> Span | None:
        """A country name is a national team only when the text treats it as one.
        `teams_at`: tokens of the clubs and national teams found so far."""
        end = span.end
        nxt = doc[end] if end < len(doc) else None
        # "England Under-21", "Brazil U20": the youth side is part of the name.
        if nxt is not None and _YOUTH.match(nxt.text):
            return doc[span.start : end + 1]
        if _form(span) in self._labels and self._is_nickname(span):
            return span
        # "the Australia Cup", "the Saudi Pro League": a competition's name.
        if nxt is not None and nxt.text in words("competition_words"):
            return None
        after = end + 1 if nxt is not None and nxt.tag_ == "POS" else end
        # "Colombia's Atletico Nacional": a club of that country.
        if after > end and after in teams_at:
            return None
        # "England's 2-1 defeat": look past the score.
        if (
            after + 2 < len(doc)
            and doc[after].like_num
            and doc[after + 1].text in ("-", "–")
            and doc[after + 2].like_num
        ):
            after += 3
        window = [t.lower_ for t in doc[after : min(after + 3, len(doc))]]
        prev_tok = doc[span.start - 1] if span.start > 0 else None
        if prev_tok is not None and prev_tok.lower_ == "the" and span.start > 1:
            prev_tok = doc[span.start - 2]
        # "moved to Germany", "travel to the United States": a journey's end is a place.
        if (
            prev_tok is not None
            and prev_tok.lower_ == "to"
            and prev_tok.i > 0
            and doc[prev_tok.i - 1].lemma_.lower() in words("travel_verbs")
        ):
            return None
        if window and (
            window[0] in words("national_team_followers")
            or " ".join(window[:2]) in words("national_team_followers")
        ):
            return span
        # "Saudi Arabia's Omar Al Ghamdi": a country's player.
        if (
            nxt is not None
            and nxt.tag_ == "POS"
            and end + 1 < len(doc)
            and (doc[end + 1].ent_type_ == PERSON or doc[end + 1].pos_ == "PROPN")
        ):
            return span
        prev = [t.lower_ for t in doc[max(span.start - 3, 0) : span.start] if t.lower_ != "the"]
        sent_words = {t.lemma_.lower() for t in span.sent}
        if (
            prev
            and prev[-1] in words("match_prepositions")
            and sent_words & words("country_team_cues")
        ):
            return span  # "the win over Czechoslovakia", "capped by England"
        # "the Super Eagles and Mali", "the Holland and Ajax forward": listed with a side,
        # the list word between them ("in Qatar, Miami FC in ..." is a list of places).
        if prev_tok is not None and prev_tok.lower_ in words("place_prepositions"):
            return None
        before = doc[span.start - 2] if span.start >= 2 else None
        if (
            before is not None
            and doc[span.start - 1].lower_ in ("and", ",")
            and (before.ent_type_ in (NATIONAL_TEAM, CLUB) or before.i in teams_at)
        ):
            return span
        if (
            nxt is not None
            and nxt.lower_ in ("and", ",")
            and end + 1 < len(doc)
            and (doc[end + 1].ent_type_ in (NATIONAL_TEAM, CLUB) or end + 1 in teams_at)
        ):
            return span
        return None

    def _is_nickname(self, span: Span) -> bool:
        gaz = self._gaz()
        team_id = gaz.candidates(_form(span))[0]
        return _form(span) in gaz.teams[team_id].nicknames

    def _demonym_teams(
        self, doc: Doc, gaz: Gazetteer, norms: dict[str, dict[str, Any]], taken: set[int]
    ) -> list[Span]:
        """ "the Brazilian national team" -> NATIONAL_TEAM Brazil."""
        out = []
        for tok in doc:
            team_id = self._demonyms.get(tok.text)
            if team_id is None or tok.i in taken:
                continue
            following = " ".join(t.lower_ for t in doc[tok.i + 1 : tok.i + 3])
            if following in ("national team", "national side", "national squad"):
                out.append(_team_span(doc[tok.i : tok.i + 3], NATIONAL_TEAM, team_id, gaz, norms))
        return out

    def _people(self, doc: Doc, taken: set[int], norms: dict[str, dict[str, Any]]) -> list[Span]:
        spans: list[Span] = []
        for ent in doc.ents:
            # The small model also files names under ORG, FAC, PRODUCT or WORK_OF_ART:
            # two or three proper nouns with no organisation word, in an argument slot.
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
                and _single_name(ent[0], self._prefixes)
            ):
                spans.append(Span(doc, ent.start, ent.end, label=PERSON))
                continue
            if ent.label_ != PERSON and not (
                1 < len(ent) <= 3
                and all(
                    (
                        t.pos_ == "PROPN"
                        # "Hugo Boumous": a surname misread as an adjective or a noun.
                        or (
                            t.i == ent.end - 1 and t.pos_ in ("ADJ", "NOUN") and _name_token(t.text)
                        )
                    )
                    and t.lower_ not in self._prefixes
                    and t.lower_ not in words("org_words")
                    and ent[0].lower_ not in words("club_prefixes")
                    and t.i not in taken
                    for t in ent
                )
                # "Simone Inzaghi's departure" (one ORG with its clitic): a possessor too.
                and ent.root.dep_
                in ("pobj", "dobj", "nsubj", "nsubjpass", "appos", "conj", "ROOT", "poss")
            ):
                continue
            if (doc[ent.end - 1].lower_ in words("not_person") and ent.label_ != PERSON) or (
                doc[ent.end - 1].lower_ in words("place_endings")
            ):
                continue  # "Elland Road", "Bootham Crescent": a ground, not a name
            span = _clean_person(ent, taken, self._prefixes)
            if span is not None:
                spans.append(_extend_right(_extend_left(span, taken, self._prefixes), taken))
        spans = self._names_across_breaks(doc, spans, taken)
        covered = {i for s in spans for i in range(s.start, s.end)} | taken
        for tok in doc:
            # Known mononyms, and "Name, 24," (an age in apposition), whatever the model said.
            if tok.i in covered or not _name_token(tok.text):
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
        # Two or three capitalised words the model left untagged, ending in a proper noun
        # that is an argument of a verb or preposition ("Raheem Sterling swapped ..."):
        # a name. Only untagged tokens, so clubs, places and competitions stay out.
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
                or tok.lower_ in self._prefixes
                or not (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and not _opens_sentence(tok)))
                or tok.dep_
                not in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr", "poss")
                or not _name_token(tok.text)
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
                and _name_token(doc[start - 1].text)
                and doc[start - 1].lower_ not in words("not_person")
                and doc[start - 1].lower_ not in words("role_nouns")
                and doc[start - 1].lower_ not in self._prefixes
                and not doc[start - 1].is_stop
            ):
                start -= 1
            single_ok = tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.pos_ == "VERB"
            if (start < tok.i and not (tok.dep_ == "poss" and doc[start].is_sent_start)) or (
                single_ok
            ):
                spans.append(Span(doc, start, tok.i + 1, label=PERSON))
                covered.update(range(start, tok.i + 1))
        # Full names seen anywhere give surnames (and first names) a PERSON reading
        # even where the statistical model said GPE/ORG or nothing.
        full = [s for s in spans if len(s) > 1]
        last_names = {s[-1].text for s in full}
        # "FRANK SINCLAIR" in a caption, "Sinclair" in the text.
        last_names |= {s[-1].text.title() for s in full if s[-1].text.isupper()}
        # "Mourinho was in charge" tagged once makes "Mourinho's exit" a name too.
        last_names |= {s.text for s in spans if len(s) == 1 and s[0].pos_ == "PROPN"}
        for tok in doc:
            if (
                tok.i in covered
                or tok.text not in last_names
                or tok.pos_ not in ("PROPN", "NOUN", "VERB", "ADJ", "ADV", "X")
            ):
                continue
            if (
                tok.i + 1 < len(doc)
                and _name_token(doc[tok.i + 1].text)
                and doc[tok.i + 1].pos_ == "PROPN"
            ):
                continue
            spans.append(Span(doc, tok.i, tok.i + 1, label=PERSON))
            covered.add(tok.i)
        # "striker Joao Felix", "boss Enzo Maresca": names after a role noun.
        for tok in doc:
            if tok.lower_ not in words("role_nouns") or tok.i + 1 >= len(doc):
                continue
            j = tok.i + 1
            while (
                j < len(doc)
                and j not in covered
                and doc[j].pos_ == "PROPN"
                and _name_token(doc[j].text)
                and doc[j].lower_ not in self._prefixes
            ):
                j += 1
            if j > tok.i + 1 and j - tok.i - 1 <= 4:
                # `covered` holds `taken`: no copy of the two sets for each name.
                span = _extend_right(Span(doc, tok.i + 1, j, label=PERSON), covered)
                spans.append(span)
                covered.update(range(span.start, span.end))
        spans.extend(self._listed_with_people(doc, spans, covered))
        spans = [_quoted_nickname(s, covered) for s in spans]
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
        spans = [
            s
            for s in spans
            if len(s) > 1
            or not (
                len(s.text) == 1
                or (s.start > 0 and doc[s.start - 1].lower_ == "the")
                or (self._labels.get(s.text) == NATIONAL_TEAM and s[0].lower_ not in in_full)
            )
        ]
        names = _canonical_names(spans)
        for span in spans:
            norms[f"{span.start_char}:{span.end_char}"] = {
                "label": PERSON,
                # '"Pippo" Inzaghi' is Pippo Inzaghi.
                "canonical": " ".join(w.strip("".join(_QUOTES)) for w in names[span.start].split()),
            }
        return spans

    def _names_across_breaks(self, doc: Doc, spans: list[Span], taken: set[int]) -> list[Span]:
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
                or not (_name_token(first.text) and _name_token(last.text))
                or "PROPN" not in (first.pos_, last.pos_)
                or first.lower_ in self._prefixes
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

    def _listed_with_people(self, doc: Doc, spans: list[Span], covered: set[int]) -> list[Span]:
        """ "Maradona, Grafite, Trezeguet and Gyan", "Carvalho and Ferreira": a capitalised
        word coordinated with a person is a person too, whatever the model filed it under
        (clubs, countries and organisation words aside)."""
        people = {i for s in spans for i in range(s.start, s.end)}
        out: list[Span] = []
        for tok in doc:
            if tok.dep_ != "conj" and not any(c.dep_ == "conj" for c in tok.children):
                continue
            if (
                tok.i in covered
                or tok.pos_ != "PROPN"
                or not _name_token(tok.text)
                or tok.text.isupper()
                or tok.lower_ in self._prefixes
                or tok.lower_ in words("org_words")
                or tok.lower_ in words("not_person")
                or tok.text in self._labels
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
                and _name_token(doc[start - 1].text)
                and start - 1 not in covered
                and doc[start - 1].lower_ not in self._prefixes
                and tok.i - start < 2
            ):
                start -= 1
            out.append(Span(doc, start, tok.i + 1, label=PERSON))
            covered.update(range(start, tok.i + 1))
        return out


# The longest gazetteer name looked for across a line break, in words on either side.
_NAME_WORDS = 5


def _words(span: Span, *, reverse: bool = False) -> list[Token]:
    """The tokens of `span` up to the first whitespace token, from its end if `reverse`."""
    toks = list(reversed(span)) if reverse else list(span)
    out = list(itertools.takewhile(lambda t: not t.is_space, toks))
    return out[::-1] if reverse else out


def _form(span: Span) -> str:
    """A name as the gazetteer holds it: a line break inside it read as a space."""
    text = span.text
    return " ".join(text.split()) if "\n" in text else text


def _team_span(
    span: Span, label: str, team_id: str, gaz: Gazetteer, norms: dict[str, dict[str, Any]]
) -> Span:
    """A CLUB or NATIONAL_TEAM span, its normalisation recorded in `norms`."""
    team = Span(span.doc, span.start, span.end, label=label)
    norms[f"{team.start_char}:{team.end_char}"] = {
        "label": label,
        "canonical": gaz.canonical(team_id),
        "id": team_id,
    }
    return team


def _clean_person(ent: Span, taken: set[int], prefixes: frozenset[str]) -> Span | None:
    """Trim role words, nationalities, clubs and possessives off a model PERSON span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    after_club = False
    while start < end and (
        start in taken or doc[start].lower_ in prefixes or not _name_token(doc[start].text)
    ):
        after_club = after_club or start in taken
        start += 1
    if after_club and end - start == 1:
        return None  # "Al Ahli Benghazi": the word after a club's name is its city
    while end > start and (
        end - 1 in taken
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].lower_ in words("not_person")
        or not _name_token(doc[end - 1].text)
    ):
        end -= 1
    if end <= start or any(i in taken for i in range(start, end)):
        return None
    return Span(doc, start, end, label=PERSON)


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
        bool(_name_token(tok.text))
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
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 3 or sent.text.rstrip().endswith((".", '"', "”")):
        return False
    return sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


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
        and _name_token(doc[i - 2].text)
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
        tok.ent_type_ not in _OUR_LABELS
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
            and _name_token(doc[nxt].text)
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
        and _name_token(doc[end].text)
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
        and _name_token(doc[start - 1].text)
        and doc[start - 1].lower_ not in prefixes
        and (
            doc[start - 1].ent_type_ in ("", PERSON)
            or _misread_first_name(doc[start - 1], span, taken)
        )
        and span.end - start < 4
    ):
        start -= 1
    return span if start == span.start else Span(doc, start, span.end, label=PERSON)


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
