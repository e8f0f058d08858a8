"""The article record shared by gold files and the extractor's output.

Every class converts exactly to and from the JSON form of docs/schema.md:
``Article.from_dict(d).to_dict() == d`` for any valid record ``d``. Keys that
only the extractor writes (``entities``, an event's ``confidence`` and ``date``)
may be absent from gold files; they stay absent on the way back (``ABSENT``).
"""

from __future__ import annotations

import enum
from typing import Any

import attrs


class SchemaError(ValueError):
    """A record that does not follow the schema; the message names the field."""


class _Absent:
    """Marks an optional key that was not in the record (distinct from null)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT: Any = _Absent()


class EventType(str, enum.Enum):
    INTEREST = "interest"
    CONTACT = "contact"
    OFFER = "offer"
    NEGOTIATION = "negotiation"
    COMPETING_BID = "competing_bid"
    AGREEMENT = "agreement"
    REFUSAL = "refusal"
    HESITATION = "hesitation"
    MEDICAL = "medical"
    SIGNING = "signing"
    EXTENSION = "extension"
    DEPARTURE = "departure"


class Status(str, enum.Enum):
    CONFIRMED = "confirmed"
    REPORTED = "reported"
    SPECULATIVE = "speculative"
    DENIED = "denied"


#: When the mentions of one event differ, the first status of this order wins.
STATUS_PRECEDENCE = (Status.CONFIRMED, Status.DENIED, Status.REPORTED, Status.SPECULATIVE)
#: A status value's place in that order (lower wins).
STATUS_RANK = {status.value: rank for rank, status in enumerate(STATUS_PRECEDENCE)}


class Role(str, enum.Enum):
    PLAYER = "player"
    COACH = "coach"
    EXECUTIVE = "executive"
    AGENT = "agent"
    JOURNALIST = "journalist"
    OTHER = "other"


#: The roles a person who moves can have.
SUBJECT_ROLES = (Role.PLAYER, Role.COACH, Role.EXECUTIVE)


class Deal(str, enum.Enum):
    PERMANENT = "permanent"
    LOAN = "loan"
    LOAN_OPTION = "loan_option"
    LOAN_OBLIGATION = "loan_obligation"
    FREE = "free"


def _enum(kind: type[enum.Enum], value: Any, field: str, optional: bool = False):
    if value is None and optional:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        raise SchemaError(f"{field}: {value!r} is not one of {allowed}") from None


def _value(member: enum.Enum | None):
    return None if member is None else member.value


def _require(data: Any, keys: tuple[str, ...], what: str) -> None:
    if not isinstance(data, dict):
        raise SchemaError(f"{what}: expected an object, got {type(data).__name__}")
    missing = [k for k in keys if k not in data]
    if missing:
        raise SchemaError(f"{what}: missing {', '.join(missing)}")


@attrs.frozen
class Club:
    name: str
    mentions: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "mentions": list(self.mentions)}

    @classmethod
    def from_dict(cls, data: dict) -> Club:
        _require(data, ("name",), "club")
        return cls(data["name"], tuple(data.get("mentions", ())))


@attrs.frozen
class Person:
    name: str
    role: Role
    mentions: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role.value, "mentions": list(self.mentions)}

    @classmethod
    def from_dict(cls, data: dict) -> Person:
        _require(data, ("name", "role"), "person")
        role = _enum(Role, data["role"], f"person {data['name']!r} role")
        return cls(data["name"], role, tuple(data.get("mentions", ())))


@attrs.frozen
class Evidence:
    """A sentence that states an event; gold files give only its text."""

    text: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict | str:
        if self.start is None:
            return self.text
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict | str) -> Evidence:
        if isinstance(data, str):
            return cls(data)
        _require(data, ("start", "end", "text"), "evidence")
        return cls(data["text"], data["start"], data["end"])


@attrs.frozen
class Entity:
    """A span the extractor found: character offsets into the article text."""

    start: int
    end: int
    label: str
    text: str
    canonical: str | None = None

    def to_dict(self) -> dict:
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Entity:
        _require(data, ("start", "end", "label", "text"), "entity")
        return cls(data["start"], data["end"], data["label"], data["text"], data.get("canonical"))


_EVENT_SLOTS = ("to_club", "from_club", "rival_club", "agent", "source", "fee_eur", "contract_until")


@attrs.frozen
class Event:
    type: EventType
    subject: str
    status: Status
    subject_role: Role | None = None
    to_club: str | None = None
    from_club: str | None = None
    rival_club: str | None = None
    agent: str | None = None
    source: str | None = None
    fee_eur: float | None = None
    deal: Deal | None = None
    contract_until: int | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float | None = ABSENT
    date: str | None = ABSENT

    @property
    def key_club(self) -> str | None:
        """The club that identifies the event: the club left for a departure."""
        return self.from_club if self.type is EventType.DEPARTURE else self.to_club

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.type.value, self.subject, self.key_club)

    def to_dict(self) -> dict:
        out = {
            "type": self.type.value,
            "subject": self.subject,
            "subject_role": _value(self.subject_role),
            "to_club": self.to_club,
            "from_club": self.from_club,
            "rival_club": self.rival_club,
            "agent": self.agent,
            "status": self.status.value,
            "source": self.source,
            "fee_eur": self.fee_eur,
            "deal": _value(self.deal),
            "contract_until": self.contract_until,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        for key in ("confidence", "date"):
            value = getattr(self, key)
            if value is not ABSENT:
                out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Event:
        _require(data, ("type", "subject", "status"), "event")
        what = f"event ({data['type']!r}, {data['subject']!r})"
        return cls(
            type=_enum(EventType, data["type"], f"{what} type"),
            subject=data["subject"],
            status=_enum(Status, data["status"], f"{what} status"),
            subject_role=_enum(Role, data.get("subject_role"), f"{what} subject_role", optional=True),
            deal=_enum(Deal, data.get("deal"), f"{what} deal", optional=True),
            evidence=tuple(Evidence.from_dict(e) for e in data.get("evidence", ())),
            confidence=data.get("confidence", ABSENT),
            date=data.get("date", ABSENT),
            **{slot: data.get(slot) for slot in _EVENT_SLOTS},
        )


ARTICLE_KEYS = ("id", "date", "url", "text", "clubs", "people", "media", "events", "entities", "error")


@attrs.frozen
class Article:
    """One article and everything said about it.

    ``extra`` keeps the input fields the schema does not name, so that a batch
    run passes them through; ``error`` is set on the record of an input that
    could not be processed.
    """

    id: str | None
    text: str
    date: str | None = None
    url: str | None = None
    clubs: tuple[Club, ...] = ()
    people: tuple[Person, ...] = ()
    media: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] | None = ABSENT
    error: str | None = ABSENT
    extra: dict = attrs.field(factory=dict)

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "date": self.date,
            "url": self.url,
            "text": self.text,
            "clubs": [c.to_dict() for c in self.clubs],
            "people": [p.to_dict() for p in self.people],
            "media": list(self.media),
            "events": [e.to_dict() for e in self.events],
        }
        if self.entities is not ABSENT:
            out["entities"] = [e.to_dict() for e in self.entities]
        if self.error is not ABSENT:
            out["error"] = self.error
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        _require(data, ("id", "text"), "article")
        where = f"article {data['id']!r}"
        try:
            entities = data.get("entities", ABSENT)
            return cls(
                id=data["id"],
                text=data["text"],
                date=data.get("date"),
                url=data.get("url"),
                clubs=tuple(Club.from_dict(c) for c in data.get("clubs", ())),
                people=tuple(Person.from_dict(p) for p in data.get("people", ())),
                media=tuple(data.get("media", ())),
                events=tuple(Event.from_dict(e) for e in data.get("events", ())),
                entities=entities if entities is ABSENT else tuple(Entity.from_dict(e) for e in entities),
                error=data.get("error", ABSENT),
                extra={k: v for k, v in data.items() if k not in ARTICLE_KEYS},
            )
        except SchemaError as err:
            raise SchemaError(f"{where}: {err}") from None
