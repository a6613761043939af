"""Stage 2: people, clubs, national teams and money, tagged and normalised.

The `transfer_entities` component runs after the statistical NER. It matches the
club and national-team gazetteer and decides ambiguous names from context
(`teams`), finds money with `money.find_money`, cleans PERSON boundaries and
gives every entity a canonical form (`people`). Results go to `doc.ents` and,
JSON-safe, to `doc._.transfer_entities` (keyed "start:end" in characters).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import filter_spans
from spacy.vocab import Vocab

from .errors import Errors, PipelineError, TransferNLPWarning, Warnings
from .extensions import DOC_ENTITIES, install_extensions
from .gazetteer import Gazetteer
from .lexicon import LEXICON_FILE, Lexicon, package, read_lexicon, using, words
from .money import find_money
from .people import _quoted_nickname as _quoted_nickname  # tests reach it here
from .people import find_people, name_token
from .schema import CLUB, MONEY, NATIONAL_TEAM, PERSON
from .segment import settle_line_breaks
from .teams import Teams, form

_OUR_LABELS = {PERSON, CLUB, NATIONAL_TEAM, MONEY}


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
        self.teams: Teams | None = None
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
        self.teams = Teams(self.vocab, self._tokenizer, gaz)
        demonyms = {d.lower() for d in self.teams.demonyms}
        self._prefixes = (
            self.lexicon.words("role_nouns")
            | self.lexicon.words("not_person")
            | self.lexicon.words("person_prefixes")
            | self.lexicon.words("squad_headers")  # "Goalkeepers Mary Earps", "Referee Jon Moss"
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
        teams = self.teams
        assert teams is not None
        norms: dict[str, dict[str, Any]] = {}
        money_spans = self._money(doc, norms)
        team_spans = teams.find(doc, norms)
        team_spans = _clubs_outside_names(doc, team_spans, norms, gaz)
        team_spans = _clubs_not_name_suffixes(doc, team_spans)
        taken = {i for s in money_spans + team_spans for i in range(s.start, s.end)}
        grounds = teams.grounds_in(doc, norms, taken)
        taken.update(i for s in grounds for i in range(s.start, s.end))
        person_spans = find_people(doc, taken, norms, self._prefixes, teams.labels)
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


def _clubs_outside_names(
    doc: Doc, team_spans: list[Span], norms: dict[str, dict[str, Any]], gaz: Gazetteer
) -> list[Span]:
    """The teams that are not part of a longer name the model found.

    A club alias inside a full name ("Bruno Guimaraes") is part of the name, unless
    it is a club's own distinctive name, given in full or in several words
    ("Adarabioyo Fulham"). Entities do not overlap, so the name holding a club's
    first token is the only one that can hold the club."""
    name_at = {
        i: e for e in doc.ents if e.label_ == PERSON and len(e) > 1 for i in range(e.start, e.end)
    }
    return [
        t
        for t in team_spans
        if t.label_ != CLUB
        or not (
            (n := name_at.get(t.start)) is not None
            and t.end <= n.end
            and len(n) - (n[-1].tag_ == "POS") > len(t)
        )
        or (
            (norms[f"{t.start_char}:{t.end_char}"]["canonical"] == form(t) or len(t) > 1)
            and not gaz.is_weak(form(t))
        )
    ]


def _clubs_not_name_suffixes(doc: Doc, team_spans: list[Span]) -> list[Span]:
    """The teams that are not a name suffix after a given name: in "Roque Junior",
    "Pedro Neto" the second word finishes a person's name. A given name that is itself
    a team leaves the suffix a team."""
    return [
        t
        for t in team_spans
        if not (
            len(t) == 1
            and t[0].lower_ in words("name_suffixes")
            and t.start > 0
            and doc[t.start - 1].pos_ == "PROPN"
            and name_token(doc[t.start - 1].text)
            and not any(s.start <= t.start - 1 < s.end for s in team_spans)
        )
    ]
