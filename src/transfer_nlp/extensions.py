"""Every Doc and Span attribute transfer_nlp sets, registered in one place.

Values are JSON-safe (dicts, lists, strings, numbers) so that `doc.to_bytes()`,
`DocBin` and `nlp.pipe(n_process>1)` keep working.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Per-entity normalisation, keyed by character offsets: {"label", "canonical", ...}.
DOC_ENTITIES = "transfer_entities"
# Event dicts found in the document (the fields of `schema.Event.to_dict()`).
DOC_EVENTS = "transfer_events"
SPAN_NORM = "transfer_norm"


def _span_norm(span: Span) -> dict | None:
    norms = span.doc._.get(DOC_ENTITIES) or {}
    return norms.get(f"{span.start_char}:{span.end_char}")


def install_extensions() -> None:
    """Register the extension attributes (idempotent)."""
    if not Doc.has_extension(DOC_ENTITIES):
        Doc.set_extension(DOC_ENTITIES, default=None)
    if not Doc.has_extension(DOC_EVENTS):
        Doc.set_extension(DOC_EVENTS, default=None)
    if not Span.has_extension(SPAN_NORM):
        Span.set_extension(SPAN_NORM, getter=_span_norm)
