"""From an annotated doc to the article record of docs/schema.md."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .schema import Article, Club, Entity, Event, Person, Role
from .tokens import doc_text

ENTITY_LABELS = ("CLUB", "MEDIA", "COMPETITION", "MONEY", "PER")
_LEADING_ARTICLES = ("les ", "le ", "la ", "l'", "l’", "Les ", "Le ", "La ", "L'", "L’")


def mention_text(span: Span, text: str) -> str:
    """A mention as written (cut out of ``text``, the doc's), its article dropped ("l'OM" → "OM")."""
    text = text[span.start_char: span.end_char]
    for article in _LEADING_ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            return text[len(article):]
    return text


def _grouped(spans, text: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for span in spans:
        mention = mention_text(span, text)
        mentions = groups.setdefault(span.id_ or mention, [])
        if mention not in mentions:
            mentions.append(mention)
    return groups


def doc_to_article(doc: Doc, url: str | None = None) -> Article:
    # spans' texts are cut out of the doc's (``span.text`` and ``doc.text`` make a Token per word)
    text = doc_text(doc)
    roles = doc._.people_roles or {}
    people = _grouped(doc.spans.get("people", []), text)
    entities = [
        Entity(e.start_char, e.end_char, e.label_, text[e.start_char: e.end_char], e.id_ or None)
        for e in doc.ents
        if e.label_ in ENTITY_LABELS
    ]
    return Article(
        id=doc._.article_id,
        text=text,
        date=doc._.article_date,
        url=url,
        clubs=tuple(Club(name, tuple(m)) for name, m in _grouped(doc.spans.get("clubs", []), text).items()),
        people=tuple(Person(name, Role(roles.get(name, "other")), tuple(m)) for name, m in people.items()),
        media=tuple(_grouped(doc.spans.get("media", []), text)),
        events=tuple(Event.from_dict(r) for r in doc._.event_records or ()),
        entities=tuple(entities),
    )
