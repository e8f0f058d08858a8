"""Event assembly: from claims to the article's transfer events.

For each claim and each of its types: the subject (a person named in the
clause, else in the sentence, else the person the article is about), the clubs
(which one is bought from, which one buys, which one competes), the fee, the
deal, the contract's end and the date. Events are merged per (type, subject,
key club) with the status precedence of the schema, keeping every evidence
sentence. The result is plain data in ``doc._.event_records`` (the record's
event dicts); ``doc._.events`` builds the attrs objects from it.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from .. import extensions  # noqa: F401  (registers the attributes)
from ..dates import DateResolver, article_year
from ..knowledge import load_resource
from ..money import parse_amount
from ..schema import STATUS_PRECEDENCE, SUBJECT_ROLES
from .claims import cue_patterns

_SUBJECT_ROLES = {r.value for r in SUBJECT_ROLES}
_STATUS_RANK = {s.value: i for i, s in enumerate(STATUS_PRECEDENCE)}
#: The stages of one move that carry its fee and deal (interest or a medical do not).
DEAL_STAGES = {"offer", "refusal", "negotiation", "agreement", "signing", "departure"}
CONTRACT_TYPES = {"signing", "agreement", "extension"}
_UNTIL = re.compile(r"jusqu['’]\s?(?:en|à|au)\s+(?:(?:l['’]été|juin|la fin de la saison)\s+)?(20\d\d)", re.I)
_LENGTH = re.compile(r"(?:contrat|bail|engagement)\s+(?:de|d['’])\s*(\w+)\s+(?:ans|années|saisons)", re.I)
_CONFIDENCE = {"confirmed": 0.9, "reported": 0.75, "denied": 0.7, "speculative": 0.5}


def _inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


class EventAssembler:
    def __init__(self, nlp: Language, name: str = "mercato_events"):
        self.name = name
        self.slots = load_resource("slots.json")
        self.deal_matcher = Matcher(nlp.vocab)
        for deal, cues in self.slots["deal"].items():
            self.deal_matcher.add(deal, [p for cue in cues for p in cue_patterns(cue)])
        self.from_markers = set(self.slots["from_markers"])
        self.to_markers = set(self.slots["to_markers"])
        self.bonus = set(self.slots["bonus"])
        self.dates = DateResolver()

    # -- who ------------------------------------------------------------------------
    def _movers(self, doc: Doc, region: Span) -> list[Span]:
        roles = doc._.people_roles or {}
        found = [p for p in doc.spans["people"] if _inside(p, region) and roles.get(p.id_) in _SUBJECT_ROLES]
        # players and coaches move more often than the executives who move them
        return sorted(found, key=lambda p: (roles.get(p.id_) == "executive", p.start))

    def _subject(self, claim: Span, state: dict) -> tuple[str | None, bool]:
        """The person who moves, and whether the clause or sentence names him."""
        for region in (claim, claim.sent):
            movers = self._movers(claim.doc, region)
            if movers:
                return movers[0].id_, True
        return state.get("last_subject") or state.get("salient"), False

    # -- which clubs ------------------------------------------------------------------
    def _club_side(self, club: Span) -> str | None:
        """'from' or 'to' from the words that govern a club mention, if they tell."""
        root = club.root
        words = {root.head.lemma_.lower(), *(c.lower_ for c in root.children if c.dep_ == "case")}
        if club.start > 0:
            words.add(club.doc[club.start - 1].lower_)
        if words & self.from_markers - {"de", "du"} or (
            words & {"de", "du"} and root.head.lemma_.lower() in self.from_markers
        ):
            return "from"
        if words & self.to_markers:
            return "to"
        return None

    def _clubs(self, claim: Span) -> list[tuple[str, str | None]]:
        doc = claim.doc
        epithets = [p for p in doc.spans["people"] if p.label_ == "PER"]
        for region in (claim, claim.sent):
            clubs = [
                c for c in doc.spans["clubs"]
                if _inside(c, region) and not any(_inside(c, p) and p.start < c.start for p in epithets)
            ]
            if clubs:
                return [(c.id_ or c.text, self._club_side(c)) for c in clubs]
        return []

    def _roles(self, event_type: str, clubs: list[tuple[str, str | None]], state: dict, subject: str) -> dict:
        sides = {"from": None, "to": None}
        for name, side in clubs:
            if side and sides[side] is None:
                sides[side] = name
        unmarked = [n for n, side in clubs if side is None and n not in sides.values()]
        if event_type == "departure":
            if sides["from"] is None and unmarked:
                sides["from"] = unmarked.pop(0)
            if sides["from"] is None:
                sides["from"] = state["club_of"].get(subject)
        elif sides["to"] is None:
            sides["to"] = unmarked.pop(0) if unmarked else None
            if sides["to"] is None and not clubs:
                sides["to"] = state["focus"].get(subject)
        rival = next((n for n, _ in clubs if n not in (sides["to"], sides["from"])), None)
        return {"to_club": sides["to"], "from_club": sides["from"], "rival_club": rival}

    # -- how much, how, until when ------------------------------------------------------
    def _fee(self, sent: Span) -> float | None:
        for ent in sent.ents:
            if ent.label_ != "MONEY":
                continue
            before = {t.lower_ for t in sent.doc[max(sent.start, ent.start - 3): ent.start]}
            if not before & self.bonus:
                return parse_amount(ent.text)
        return None

    def _deal(self, sent: Span) -> str | None:
        order = list(self.slots["deal"])
        found = {sent.doc.vocab.strings[m] for m, _, _ in self.deal_matcher(sent)}
        return next((d for d in order if d in found), None)

    @staticmethod
    def _contract_until(sent: Span, year: int | None) -> int | None:
        match = _UNTIL.search(sent.text)
        if match:
            return int(match.group(1))
        match = _LENGTH.search(sent.text)
        if match and year:
            years = load_resource("slots.json")["contract_years"].get(match.group(1).lower())
            return year + years if years else None
        return None

    # -- the document ---------------------------------------------------------------------
    def _salient(self, doc: Doc) -> str | None:
        roles = doc._.people_roles or {}
        counts = Counter(p.id_ for p in doc.spans["people"] if roles.get(p.id_) in _SUBJECT_ROLES)
        return counts.most_common(1)[0][0] if counts else None

    def __call__(self, doc: Doc) -> Doc:
        year = article_year(doc._.article_date)
        state = {"salient": self._salient(doc), "last_subject": None, "club_of": {}, "focus": {}}
        merged: dict[tuple, dict] = {}
        for claim in doc.spans["claims"]:
            subject, named = self._subject(claim, state)
            if subject is None:
                continue
            state["last_subject"] = subject
            sent = claim.sent
            clubs = self._clubs(claim)
            for event_type in claim._.event_types:
                slots = self._roles(event_type, clubs, state, subject)
                key_club = slots["from_club"] if event_type == "departure" else slots["to_club"]
                if key_club is None:
                    continue
                state["focus"][subject] = slots["to_club"] or state["focus"].get(subject)
                if slots["from_club"]:
                    state["club_of"][subject] = slots["from_club"]
                record = {
                    "type": event_type,
                    "subject": subject,
                    "subject_role": (doc._.people_roles or {}).get(subject),
                    **slots,
                    "agent": None,
                    "status": claim._.status,
                    "source": claim._.source,
                    "fee_eur": self._fee(sent) if event_type in DEAL_STAGES else None,
                    "deal": self._deal(sent) if event_type in DEAL_STAGES else None,
                    "contract_until": self._contract_until(sent, year) if event_type in CONTRACT_TYPES else None,
                    "evidence": [{"start": sent.start_char, "end": sent.end_char, "text": sent.text}],
                    "confidence": _CONFIDENCE[claim._.status] - (0 if named else 0.15),
                    "date": self.dates.resolve(sent, doc._.article_date),
                }
                if event_type != "competing_bid":
                    record["rival_club"] = None
                if event_type == "refusal":
                    record["agent"] = self._refuser(claim, subject)
                self._merge(merged, record)
        records = list(merged.values())
        self._fill_rivals(records)
        self._share_move_slots(records)
        doc._.event_records = [r for r in records if r["type"] != "competing_bid" or r["rival_club"]]
        return doc

    @staticmethod
    def _refuser(claim: Span, subject: str) -> str:
        """Who says no: the entity that is the clause's subject (or passive agent), else the mover."""
        for token in claim:
            if token.dep_ in ("nsubj", "obl:agent") and token.ent_type_ in ("CLUB", "PER"):
                for group in ("clubs", "people"):
                    for span in claim.doc.spans[group]:
                        if span.start <= token.i < span.end:
                            return span.id_ or span.text
        return subject

    @staticmethod
    def _merge(merged: dict, record: dict) -> None:
        key_club = record["from_club"] if record["type"] == "departure" else record["to_club"]
        key = (record["type"], record["subject"], key_club)
        if key not in merged:
            merged[key] = record
            return
        kept = merged[key]
        if _STATUS_RANK[record["status"]] < _STATUS_RANK[kept["status"]]:
            kept["status"] = record["status"]
        for slot, value in record.items():
            if kept.get(slot) is None and value is not None:
                kept[slot] = value
        if record["evidence"][0] not in kept["evidence"]:
            kept["evidence"].append(record["evidence"][0])
            kept["confidence"] = min(0.99, max(kept["confidence"], record["confidence"]) + 0.05)

    @staticmethod
    def _fill_rivals(records: list[dict]) -> None:
        """A competing bid with no rival in its sentence competes with the subject's other suitor."""
        for record in records:
            if record["type"] != "competing_bid" or record["rival_club"]:
                continue
            record["rival_club"] = next(
                (
                    r["to_club"] for r in records
                    if r["subject"] == record["subject"] and r["to_club"] not in (None, record["to_club"])
                ),
                None,
            )

    @staticmethod
    def _share_move_slots(records: list[dict]) -> None:
        """Every stage of one move (same subject and buyer) carries that move's fee and deal."""
        for slot in ("fee_eur", "deal"):
            by_move: dict[tuple, object] = {}
            for r in records:
                if r["type"] in DEAL_STAGES and r[slot] is not None:
                    by_move.setdefault((r["subject"], r["to_club"]), r[slot])
            for r in records:
                if r["type"] in DEAL_STAGES and r[slot] is None:
                    r[slot] = by_move.get((r["subject"], r["to_club"]))


@Language.factory("mercato_events")
def make_events(nlp: Language, name: str) -> EventAssembler:
    return EventAssembler(nlp, name)
