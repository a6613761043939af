"""Labels and the output contract: typed, frozen records with `to_dict()`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "transfer_nlp.v1"

PERSON = "PERSON"
CLUB = "CLUB"
NATIONAL_TEAM = "NATIONAL_TEAM"
MONEY = "MONEY"
# A club's ground ("White Hart Lane"): spaCy's label for buildings, kept out of records.
GROUND = "FAC"
LABELS = (PERSON, CLUB, NATIONAL_TEAM, MONEY)

EventType = Literal[
    "signing", "loan", "departure", "coach_appointment", "contract_extension", "retirement"
]
Status = Literal["rumour", "negotiating", "agreed", "confirmed", "off"]
Role = Literal["player", "coach", "executive"]
EVENT_TYPES: tuple[str, ...] = (
    "signing",
    "loan",
    "departure",
    "coach_appointment",
    "contract_extension",
    "retirement",
)
STATUSES: tuple[str, ...] = ("rumour", "negotiating", "agreed", "confirmed", "off")


@dataclass(frozen=True, slots=True)
class Entity:
    """A tagged entity with character offsets into the article text."""

    text: str
    label: str
    start: int
    end: int
    canonical: str | None = None
    amount: float | None = None
    amount_max: float | None = None
    currency: str | None = None
    equivalents: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "canonical": self.canonical,
        }
        if self.label == MONEY:
            out.update(
                amount=self.amount,
                amount_max=self.amount_max,
                currency=self.currency,
                equivalents=list(self.equivalents),
            )
        return out


@dataclass(frozen=True, slots=True)
class Fee:
    amount: float
    currency: str
    text: str
    amount_max: float | None = None
    equivalents: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["equivalents"] = list(self.equivalents)
        return d


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Event:
    """One transfer event of an article (see EVENTS.md for the meaning of each slot)."""

    type: str
    status: str
    person: str
    role: str = "player"
    from_club: str | None = None
    to_club: str | None = None
    fee: Fee | None = None
    fee_text: str | None = None
    contract_years: int | None = None
    contract_until: str | None = None
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = ()
    mentions: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "status": self.status,
            "person": self.person,
            "role": self.role,
            "from_club": self.from_club,
            "to_club": self.to_club,
            "fee": self.fee.to_dict() if self.fee else None,
            "fee_text": self.fee_text,
            "contract_years": self.contract_years,
            "contract_until": self.contract_until,
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
            "mentions": self.mentions,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        fee = d.get("fee")
        return cls(
            type=d["type"],
            status=d["status"],
            person=d["person"],
            role=d.get("role", "player"),
            from_club=d.get("from_club"),
            to_club=d.get("to_club"),
            fee=Fee(
                amount=fee["amount"],
                currency=fee["currency"],
                text=fee.get("text", ""),
                amount_max=fee.get("amount_max"),
                equivalents=tuple(fee.get("equivalents") or ()),
            )
            if fee
            else None,
            fee_text=d.get("fee_text"),
            contract_years=d.get("contract_years"),
            contract_until=d.get("contract_until"),
            confidence=float(d.get("confidence", 0.5)),
            evidence=tuple(Evidence(**e) for e in d.get("evidence") or ()),
            mentions=int(d.get("mentions", 1)),
        )


@dataclass(frozen=True, slots=True)
class Article:
    """What the pipeline found in one article."""

    doc_id: str | None
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = field(default_factory=tuple)
    schema: str = SCHEMA_VERSION
    published: str | None = None  # ISO date, when the input gives one
    source: str | None = None  # the outlet, when the input names it

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "doc_id": self.doc_id,
            "published": self.published,
            "source": self.source,
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
        }

    def event_records(self) -> list[dict[str, Any]]:
        """One flat dict per event, each carrying the article's `schema`, `doc_id`, `published`
        and `source`."""
        head = {
            "schema": self.schema,
            "doc_id": self.doc_id,
            "published": self.published,
            "source": self.source,
        }
        return [{**head, **e.to_dict()} for e in self.events]
