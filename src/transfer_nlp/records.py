"""Stage 5: Doc -> typed records (`schema.Article`), ready for JSON."""

from __future__ import annotations

from spacy.tokens import Doc

from .extensions import DOC_ENTITIES, DOC_EVENTS
from .schema import MONEY, Article, Entity, Event

_OUR_LABELS = ("PERSON", "CLUB", "NATIONAL_TEAM", "MONEY")


def doc_entities(doc: Doc) -> list[Entity]:
    """Our four labels from `doc.ents`, with their normalisation."""
    norms = doc._.get(DOC_ENTITIES) or {}
    text = doc.text  # rebuilt from the tokens on every access: read it once
    out = []
    for ent in doc.ents:
        if ent.label_ not in _OUR_LABELS:
            continue
        norm = norms.get(f"{ent.start_char}:{ent.end_char}") or {}
        # Money is found on characters; its exact extent may end inside a token ("£5m.").
        start, end = norm.get("start", ent.start_char), norm.get("end", ent.end_char)
        out.append(
            Entity(
                text=text[start:end],
                label=ent.label_,
                start=start,
                end=end,
                canonical=norm.get("canonical"),
                amount=norm.get("amount") if ent.label_ == MONEY else None,
                amount_max=norm.get("amount_max") if ent.label_ == MONEY else None,
                currency=norm.get("currency") if ent.label_ == MONEY else None,
                equivalents=tuple(norm.get("equivalents") or ()),
            )
        )
    return out


def doc_to_article(
    doc: Doc,
    doc_id: str | None = None,
    *,
    published: str | None = None,
    source: str | None = None,
) -> Article:
    """The record of one processed document (`published`: ISO date; `source`: the outlet)."""
    events = tuple(Event.from_dict(e) for e in (doc._.get(DOC_EVENTS) or ()))
    return Article(
        doc_id=doc_id,
        entities=tuple(doc_entities(doc)),
        events=events,
        published=published,
        source=source,
    )
