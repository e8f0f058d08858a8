"""Clubs named by their country: 'le club allemand', 'la formation saoudienne'.

The press refers back to a club it has just named by a head noun and a
nationality adjective. Such a phrase is the last club of that country named
before it (the knowledge base knows each club's country); with none, it is
left alone ("un club saoudien" names no club).
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..folding import fold
from ..knowledge import KnowledgeBase, load_resource

#: The articles an epithet opens with.
ARTICLES = ["le", "la", "l'", "l’", "du", "au"]


class ClubEpithets:
    def __init__(self, kb: KnowledgeBase):
        rules = load_resource("entity_rules.json")
        nationalities = load_resource("nationalities.json")
        self.country_of = {fold(f): spec["country"] for spec in nationalities.values() for f in spec["forms"]}
        self.club_country = {club.name: club.country for club in kb.clubs}
        forms = sorted({f for spec in nationalities.values() for f in spec["forms"]})
        # the words of 'article, head noun, nationality', by the hash of their lowercase form
        self.words = [{get_string_id(w) for w in words} for words in (ARTICLES, rules["club_epithet_heads"], forms)]

    def matches(self, doc: Doc) -> list[tuple[int, int]]:
        """``(start, end)`` of every 'le club allemand', 'la formation saoudienne': the
        matches of a Matcher pattern of three ``{"LOWER": {"IN": ...}}`` tokens,
        read on the lowercase forms' hashes (the Matcher made a Token per word and test)."""
        lowers = doc.to_array(LOWER).tolist()
        articles, heads, nationalities = self.words
        # found from the head noun: articles are among the commonest words, the heads far rarer
        return [(i - 1, i + 2) for i, key in enumerate(lowers[1:-1], 1)
                if key in heads and lowers[i - 1] in articles and lowers[i + 1] in nationalities]

    def __call__(self, doc: Doc, clubs: list[Span]) -> list[Span]:
        """The epithet spans (without their article) that refer to a club named before them."""
        found = []
        for start, end in self.matches(doc):
            if any(c.start < end and start < c.end for c in clubs):
                continue
            country = self.country_of.get(fold(doc[end - 1].text))
            before = [c for c in clubs if c.end <= start and self.club_country.get(c.id_) == country]
            if before:
                found.append(Span(doc, start + 1, end, label="CLUB", span_id=before[-1].id_))
        return found
