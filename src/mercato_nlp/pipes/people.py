"""People, roles and the article's cast of clubs and outlets.

Runs after the model's NER. It
- cleans the model's PER spans (no "Mercato" in a name, no lowercase words),
- turns a club's city back into a place where the text speaks of the place
  ("il vit à Lyon"), and ORG spans shaped like club names into clubs,
- links every mention of a person to the fullest name the article gives:
  a surname alone, and epithets ("le technicien argentin", "l'ancien
  entraîneur de River Plate", "le Portugais"),
- reads each person's role from titles and appositions ("l'entraîneur X",
  "X, le président de ...", "le journaliste de L'Équipe X") and epithets.

It writes ``doc.spans["people"]``, ``doc.spans["clubs"]``, ``doc.spans["media"]``
(each span's canonical name in ``span.id_``) and ``doc._.people_roles``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import extensions  # noqa: F401  (registers the attributes)
from ..folding import fold
from ..knowledge import load_kb, load_resource

OWN_LABELS = {"CLUB", "MEDIA", "COMPETITION", "MONEY"}
_ARTICLES = {"le", "la", "les", "l'", "l’"}
_DEFAULT_ROLE = "player"


class Lexicon:
    """The word lists the component reads, from ``resources/``."""

    def __init__(self):
        rules = load_resource("entity_rules.json")
        self.not_person = set(rules["not_person_words"])
        self.club_words = set(rules["club_words"])
        self.place_cues = set(rules["place_cues"])
        roles = load_resource("roles.json")
        # A multi-word role ("milieu de terrain") is found by its first word.
        self.role_heads: dict[str, str] = {}
        for noun, role in sorted(roles.items(), key=lambda item: len(item[0])):
            self.role_heads.setdefault(fold(noun.split()[0]), role)
        nationalities = load_resource("nationalities.json")
        self.nationality_forms = {fold(f) for spec in nationalities.values() for f in spec["forms"]}
        self.epithet_modifiers = set(rules["epithet_modifiers"])
        kb = load_kb()
        self.city_of = {fold(city): club.name for club in kb.clubs for city in club.cities}

    def role_of(self, token: Token) -> str | None:
        return self.role_heads.get(fold(token.lemma_)) or self.role_heads.get(fold(token.text))


def _strip_article(text: str) -> str:
    words = text.split()
    if words and fold(words[0]) in _ARTICLES:
        words = words[1:]
    first = words[0] if words else ""
    for article in ("l'", "l’", "L'", "L’"):
        if first.startswith(article) and len(first) > 2:
            words[0] = first[2:]
    return " ".join(words)


class PeopleLinker:
    def __init__(self, nlp: Language, name: str = "mercato_people"):
        self.name = name
        self.lexicon = Lexicon()

    # -- entities -----------------------------------------------------------------
    def _clean_person(self, span: Span) -> Span | None:
        start, end = span.start, span.end
        while start < end and (span.doc[start].text in self.lexicon.not_person or not span.doc[start].text[:1].isupper()):
            start += 1
        while end > start and (span.doc[end - 1].text in self.lexicon.not_person or span.doc[end - 1].is_punct):
            end -= 1
        if start == end or any(t.like_num for t in span.doc[start:end]):
            return None
        return Span(span.doc, start, end, label="PER")

    def _is_place(self, span: Span) -> bool:
        """A club's city used as a place: 'il vit à Lyon', 'né à Marseille'."""
        if fold(span.text) not in self.lexicon.city_of:
            return False
        window = span.doc[max(span.sent.start, span.start - 4): span.start]
        return any(fold(t.lemma_) in self.lexicon.place_cues or fold(t.text) in self.lexicon.place_cues for t in window)

    def _looks_like_club(self, span: Span) -> bool:
        return any(t.text in self.lexicon.club_words for t in span) or span.text.startswith("Al-")

    def _retag(self, doc: Doc) -> list[Span]:
        ents = []
        for ent in doc.ents:
            if ent.label_ == "PER":
                cleaned = self._clean_person(ent)
                if cleaned is not None:
                    ents.append(cleaned)
            elif ent.label_ == "CLUB" and self._is_place(ent):
                ents.append(Span(doc, ent.start, ent.end, label="LOC"))
            elif ent.label_ in ("ORG", "MISC", "LOC") and self._looks_like_club(ent):
                ents.append(Span(doc, ent.start, ent.end, label="CLUB", span_id=_strip_article(ent.text)))
            else:
                ents.append(ent)
        return ents

    # -- people ---------------------------------------------------------------------
    @staticmethod
    def _canonical_names(mentions: list[Span]) -> dict[int, str]:
        """Map each mention (by start) to the fullest name of the article that contains it."""
        names = {m.text for m in mentions}
        full = sorted(names, key=lambda n: -len(n.split()))
        canonical = {}
        for mention in mentions:
            words = [fold(w) for w in mention.text.split()]
            best = mention.text
            for name in full:
                folded = [fold(w) for w in name.split()]
                if len(folded) > len(words) and folded[-len(words):] == words:
                    best = name
                    break
                if len(words) == 1 and len(folded) > 1 and words[0] in folded:
                    best = name
                    break
            canonical[mention.start] = best
        return canonical

    def _title_role(self, mention: Span) -> str | None:
        """'l'entraîneur X', 'le journaliste de L'Équipe, X', 'X, le président de ...'."""
        doc = mention.doc
        i = mention.start - 1
        while i >= mention.sent.start and mention.start - i <= 8:
            tok = doc[i]
            if tok.ent_type_ in ("CLUB", "MEDIA"):
                i -= 1
                continue
            if tok.is_punct and tok.text in ",(":
                i -= 1
                continue
            role = self.lexicon.role_of(tok)
            if role:
                # 'l'agent de X' names X's agent, not X.
                between = doc[i + 1: mention.start]
                if between and between[-1].lower_ in ("de", "d'", "d’", "du"):
                    return None
                return role
            if tok.pos_ in ("DET", "ADJ", "ADP") or tok.lower_ in self.lexicon.epithet_modifiers:
                i -= 1
                continue
            break
        # apposition after the name
        j = mention.end
        while j < mention.sent.end and j - mention.end <= 4:
            tok = doc[j]
            role = self.lexicon.role_of(tok)
            if role:
                return role
            if tok.text in ",(" or tok.pos_ in ("DET", "ADJ") or tok.lower_ in self.lexicon.epithet_modifiers:
                j += 1
                continue
            break
        return None

    def _epithets(self, doc: Doc, people: set[int]) -> Iterable[tuple[Span, str | None]]:
        """Noun phrases that refer back to a person: (span without its article, role)."""
        lex = self.lexicon
        for tok in doc:
            if tok.i in people or not any(c.lower_ in _ARTICLES for c in tok.lefts):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.ent_type_ == "PER":
                continue  # a title ('l'entraîneur Marcelo Gallardo'), not an epithet
            folded = fold(tok.text)
            if tok.is_title and folded in lex.nationality_forms and tok.pos_ in ("NOUN", "PROPN"):
                yield Span(doc, tok.i, tok.i + 1), None
                continue
            role = lex.role_of(tok)
            if not role or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            start, end = tok.i, tok.i + 1
            qualified = False
            for child in tok.children:
                if child.dep_ == "amod" and fold(child.text) in lex.nationality_forms | lex.epithet_modifiers:
                    start, end = min(start, child.i), max(end, child.i + 1)
                    qualified = True
                elif child.dep_ == "nmod" and child.ent_type_ == "CLUB" and child.i > tok.i:
                    end = max(end, child.right_edge.i + 1)
                    qualified = True
            if qualified:
                yield Span(doc, start, end), role

    def __call__(self, doc: Doc) -> Doc:
        ents = filter_spans(self._retag(doc))
        doc.ents = ents
        persons = [e for e in ents if e.label_ == "PER"]
        canonical = self._canonical_names(persons)
        votes: dict[str, Counter] = {}
        mentions: list[Span] = []
        for mention in persons:
            name = canonical[mention.start]
            mentions.append(Span(doc, mention.start, mention.end, label="PER", span_id=name))
            role = self._title_role(mention)
            votes.setdefault(name, Counter())
            if role:
                votes[name][role] += 1
        person_tokens = {i for m in persons for i in range(m.start, m.end)}
        for epithet, role in self._epithets(doc, person_tokens):
            name = self._resolve(epithet, role, mentions, votes)
            if name:
                mentions.append(Span(doc, epithet.start, epithet.end, label="PER", span_id=name))
                if role:
                    votes[name][role] += 1
        doc._.people_roles = {
            name: (counts.most_common(1)[0][0] if counts else _DEFAULT_ROLE) for name, counts in votes.items()
        }
        doc.spans["people"] = sorted(mentions, key=lambda s: s.start)
        doc.spans["clubs"] = [e for e in ents if e.label_ == "CLUB"]
        doc.spans["media"] = [e for e in ents if e.label_ == "MEDIA"]
        return doc

    @staticmethod
    def _resolve(epithet: Span, role: str | None, mentions: list[Span], votes: dict[str, Counter]) -> str | None:
        """The most recent named person before the epithet whose known role fits it."""
        before = [m for m in mentions if m.end <= epithet.start and m.label_ == "PER"]
        for mention in reversed(before):
            known = votes.get(mention.id_)
            if role is None or not known or known.most_common(1)[0][0] == role:
                return mention.id_
        return None


@Language.factory("mercato_people")
def make_people(nlp: Language, name: str) -> PeopleLinker:
    return PeopleLinker(nlp, name)
