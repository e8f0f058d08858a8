"""Clubs named by their country: 'le club allemand', 'la formation saoudienne'.

The press refers back to a club it has just named by a head noun and a
nationality adjective. Such a phrase is the last club of that country named
before it (the knowledge base knows each club's country); with none, it is
left alone ("un club saoudien" names no club).
"""

from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from ..folding import fold
from ..knowledge import KnowledgeBase, load_resource


class ClubEpithets:
    def __init__(self, vocab, kb: KnowledgeBase):
        rules = load_resource("entity_rules.json")
        nationalities = load_resource("nationalities.json")
        self.country_of = {fold(f): spec["country"] for spec in nationalities.values() for f in spec["forms"]}
        self.club_country = {club.name: club.country for club in kb.clubs}
        forms = sorted({f for spec in nationalities.values() for f in spec["forms"]})
        self.matcher = Matcher(vocab)
        self.matcher.add("CLUB_EPITHET", [[
            {"LOWER": {"IN": ["le", "la", "l'", "l’", "du", "au"]}},
            {"LOWER": {"IN": rules["club_epithet_heads"]}},
            {"LOWER": {"IN": forms}},
        ]])

    def __call__(self, doc: Doc, clubs: list[Span]) -> list[Span]:
        """The epithet spans (without their article) that refer to a club named before them."""
        found = []
        for _, start, end in self.matcher(doc):
            if any(c.start < end and start < c.end for c in clubs):
                continue
            country = self.country_of.get(fold(doc[end - 1].text))
            before = [c for c in clubs if c.end <= start and self.club_country.get(c.id_) == country]
            if before:
                found.append(Span(doc, start + 1, end, label="CLUB", span_id=before[-1].id_))
        return found
