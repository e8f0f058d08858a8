"""HTML pages of annotated articles, built with spaCy's displaCy.

``render(doc)`` gives one page per article, ``render(docs)`` one page for many;
each article shows

- its entities (displaCy's "ent" style, manual mode): CLUB, MEDIA, COMPETITION,
  MONEY and PER marks, each labelled with the canonical name it refers to when
  that differs from the words of the text ("OM" → "CLUB · Olympique de
  Marseille"; epithets such as "le technicien argentin" are PER marks of the
  person's name). displaCy's own ``kb_id`` support renders a link (``kb_url``),
  so the canonical name goes through the renderer's ``template`` option and
  per-entity ``params`` instead;
- its claims (displaCy's "span" style on ``doc.spans["claims"]``): one bar per
  claim, labelled with its event types and status (and source, when the claim
  has one), coloured by status;
- the table of its events (type, subject, clubs, status, source, fee, deal,
  contract, evidence).

An :class:`~mercato_nlp.schema.Article` record can be given instead of a doc
(an ``annotate`` output line, an error record): its entities and events are
shown, its claims are not (the record does not keep them). Everything taken
from the article is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import Union

from spacy import displacy
from spacy.displacy.templates import TPL_SPAN, TPL_SPAN_SLICE
from spacy.tokens import Doc

from .record import ENTITY_LABELS, doc_to_article
from .schema import Article, Status

Displayable = Union[Doc, Article]

ENTITY_COLORS = {
    "CLUB": "#7aecec",
    "MEDIA": "#feca74",
    "COMPETITION": "#c887fb",
    "MONEY": "#e4e7d2",
    "PER": "#aa9cfc",
}
STATUS_COLORS = {
    Status.CONFIRMED.value: "#4caf50",
    Status.REPORTED.value: "#42a5f5",
    Status.SPECULATIVE.value: "#ffb74d",
    Status.DENIED.value: "#e57373",
}
_NO_STATUS_COLOR = "#bdbdbd"
SEPARATOR = " · "

#: displaCy's entity mark with the canonical name after the label (``params`` fill it).
TPL_ENT = """
<mark class="entity" data-label="{label}" data-canonical="{canonical}" title="{tooltip}" \
style="background: {bg}; padding: 0.45em 0.6em; margin: 0 0.25em; line-height: 1; border-radius: 0.35em; \
white-space: nowrap;">
    {text}
    <span class="entity-label" style="font-size: 0.8em; font-weight: bold; line-height: 1; border-radius: 0.35em; \
vertical-align: middle; margin-left: 0.5rem">{label}{shown}</span>
</mark>
"""

#: displaCy's span templates, the claim label kept on one line.
TPL_SPAN_START = """
<span style="background: {bg}; top: {top_offset}px; height: 4px; border-top-left-radius: 3px; \
border-bottom-left-radius: 3px; left: -1px; width: calc(100% + 2px); position: absolute;">
    <span class="claim-label" style="background: {bg}; z-index: 10; color: #000; top: -0.5em; padding: 2px 3px; \
position: absolute; font-size: 0.6em; font-weight: bold; line-height: 1; border-radius: 3px; white-space: nowrap;">
        {label}{kb_link}
    </span>
</span>
"""
SPAN_TEMPLATES = {"span": TPL_SPAN, "slice": TPL_SPAN_SLICE, "start": TPL_SPAN_START}

_CSS = """
.mercato-article { margin: 0 0 4rem 0; }
.mercato-article h2 { margin: 0 0 0.3rem 0; font-size: 1.35rem; }
.mercato-article h3 { margin: 1.6rem 0 0.4rem 0; font-size: 1.05rem; color: #444;
  text-transform: uppercase; letter-spacing: 0.04em; }
.mercato-meta { color: #666; font-size: 0.9rem; margin-bottom: 0.5rem; }
.mercato-error { background: #fdecea; border-left: 4px solid #e57373; padding: 0.6rem 1rem; white-space: pre-wrap; }
.mercato-claims { overflow-x: auto; overflow-y: hidden; }
.mercato-note { color: #777; font-style: italic; }
.mercato-legend span { display: inline-block; padding: 0.1rem 0.5rem; margin-right: 0.4rem;
  border-radius: 0.3rem; font-size: 0.8rem; font-weight: bold; }
table.mercato-events { border-collapse: collapse; width: 100%; font-size: 0.88rem; line-height: 1.35; }
table.mercato-events th, table.mercato-events td { border: 1px solid #ddd; padding: 0.35rem 0.5rem;
  vertical-align: top; text-align: left; }
table.mercato-events th { background: #f3f3f3; }
table.mercato-events td.evidence { font-size: 0.8rem; color: #333; }
table.mercato-events td.evidence ul { margin: 0; padding-left: 1.1rem; }
table.mercato-events td.status span { padding: 0.1rem 0.45rem; border-radius: 0.3rem; font-weight: bold; }
table.mercato-index { border-collapse: collapse; font-size: 0.9rem; margin-bottom: 3rem; }
table.mercato-index th, table.mercato-index td { border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
"""

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{css}</style>
</head>
<body style="font-size: 16px; font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, \
sans-serif; padding: 2rem 2rem; max-width: 75rem; margin: 0 auto;">
<h1 style="font-size: 1.6rem">{title}</h1>
{content}
</body>
</html>
"""

EVENT_COLUMNS = ("type", "subject", "clubs", "status", "source", "fee", "deal", "contract", "evidence")
_PARAGRAPH = "\u2029"  # stands for a line break in displaCy's span view, which drops them


def _e(value) -> str:
    return html.escape(str(value), quote=True)


# ----------------------------------------------------------------- entities


def _entity_dicts(doc: Doc) -> list[dict]:
    """The doc's entities and people mentions as displaCy manual-mode entities.

    A PER entity takes the canonical name of the people mention on the same
    words; a people mention that is no entity (an epithet) is added as PER
    where it overlaps no entity.
    """
    people = {(s.start_char, s.end_char): s for s in doc.spans.get("people", [])}
    found = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        canonical = ent._.canonical
        if canonical is None and (ent.start_char, ent.end_char) in people:
            canonical = people[ent.start_char, ent.end_char]._.canonical
        found.append((ent.start_char, ent.end_char, ent.label_, canonical))
    taken = [(s, e) for s, e, _, _ in found]
    for (start, end), span in sorted(people.items()):
        if not any(start < e and s < end for s, e in taken):
            found.append((start, end, "PER", span._.canonical))
            taken.append((start, end))
    return [_entity_dict(doc.text, *item) for item in sorted(found)]


def _entity_dict(text: str, start: int, end: int, label: str, canonical: str | None) -> dict:
    mention = text[start:end]
    shown = SEPARATOR + _e(canonical) if canonical and canonical != mention else ""
    tooltip = f"{label}: {canonical}" if canonical else label
    return {
        "start": start, "end": end, "label": _e(label),
        "params": {"canonical": _e(canonical or ""), "shown": shown, "tooltip": _e(tooltip)},
    }


def _render_entities(text: str, ents: list[dict]) -> str:
    colors = {_e(label): color for label, color in ENTITY_COLORS.items()}
    parsed = {"text": text, "ents": ents, "title": None, "settings": {"lang": "fr", "direction": "ltr"}}
    return displacy.render(parsed, style="ent", manual=True, page=False, jupyter=False,
                           options={"colors": colors, "template": TPL_ENT})


# ------------------------------------------------------------------- claims


def claim_label(span) -> str:
    """``"offer · reported"``, ``"hesitation+negotiation · denied · L'Équipe"``."""
    types = "+".join(span._.event_types or ()) or span.label_
    parts = [types, span._.status or "no status"]
    if span._.source:
        parts.append(span._.source)
    return SEPARATOR.join(parts)


def _render_claims(doc: Doc) -> str:
    claims = list(doc.spans.get("claims", []))
    if not claims:
        return '<p class="mercato-note">No claim.</p>'
    spans, colors = [], {}
    for span in claims:
        label = _e(claim_label(span))
        colors[label] = STATUS_COLORS.get(span._.status, _NO_STATUS_COLOR)
        spans.append({"start": span.start_char, "end": span.end_char, "start_token": span.start,
                      "end_token": span.end, "label": label})
    tokens = [_PARAGRAPH * t.text.count("\n") if t.is_space and "\n" in t.text else t.text for t in doc]
    parsed = {"text": doc.text, "spans": spans, "tokens": tokens, "title": None,
              "settings": {"lang": "fr", "direction": "ltr"}}
    markup = displacy.render(parsed, style="span", manual=True, page=False, jupyter=False,
                             options={"colors": colors, "template": SPAN_TEMPLATES})
    # a label near the right margin may run past it: the view scrolls, not the page
    return f'<div class="mercato-claims">{markup.replace(_PARAGRAPH, "<br>")}</div>'


def _legend() -> str:
    items = "".join(f'<span style="background: {color}">{_e(status)}</span>'
                    for status, color in STATUS_COLORS.items())
    return f'<p class="mercato-legend">{items}</p>'


# ------------------------------------------------------------------- events


def _fee(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f") + "\u00a0€"
    return f"{value}\u00a0€"


def _clubs(event) -> str:
    parts = []
    if event.to_club:
        parts.append(f"→ {_e(event.to_club)}")
    if event.from_club:
        parts.append(f"← {_e(event.from_club)}")
    if event.rival_club:
        parts.append(f"vs {_e(event.rival_club)}")
    if event.agent:
        parts.append(f"by {_e(event.agent)}")
    return "<br>".join(parts)


def _event_row(event) -> str:
    status = event.status.value
    subject = _e(event.subject)
    if event.subject_role:
        subject += f' <span class="mercato-note">({_e(event.subject_role.value)})</span>'
    evidence = "".join(f"<li>{_e(ev.text.strip())}</li>" for ev in event.evidence)
    cells = {
        "type": _e(event.type.value),
        "subject": subject,
        "clubs": _clubs(event),
        "status": f'<span style="background: {STATUS_COLORS.get(status, _NO_STATUS_COLOR)}">{_e(status)}</span>',
        "source": _e(event.source or ""),
        "fee": _e(_fee(event.fee_eur)),
        "deal": _e(event.deal.value if event.deal else ""),
        "contract": _e(event.contract_until or ""),
        "evidence": f"<ul>{evidence}</ul>" if evidence else "",
    }
    tds = "".join(f'<td class="{c}">{cells[c]}</td>' for c in EVENT_COLUMNS)
    return f'<tr class="event" data-type="{_e(event.type.value)}">{tds}</tr>'


def events_html(article: Article) -> str:
    """The article's events as an HTML table (or a note that it has none)."""
    if not article.events:
        return '<p class="mercato-note">No event.</p>'
    head = "".join(f"<th>{c}</th>" for c in EVENT_COLUMNS)
    rows = "\n".join(_event_row(e) for e in article.events)
    return f'<table class="mercato-events">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>'


# ----------------------------------------------------------------- articles


def _anchor(index: int) -> str:
    return f"article-{index}"


def _article_html(item: Displayable, index: int) -> str:
    doc = item if isinstance(item, Doc) else None
    article = doc_to_article(doc) if doc is not None else item
    meta = f"{_e(article.date or 'no date')}"
    if article.url:
        meta += f' · <a href="{_e(article.url)}">{_e(article.url)}</a>'
    meta += f" · {len(article.events)} event{'s' if len(article.events) != 1 else ''}"
    parts = [f'<section class="mercato-article" id="{_anchor(index)}">',
             f"<h2>{_e(article.id if article.id is not None else f'article {index + 1}')}</h2>",
             f'<div class="mercato-meta">{meta}</div>']
    if article.error:
        parts.append(f'<div class="mercato-error">{_e(article.error)}</div>')
    if article.text:
        if doc is not None:
            ents = _entity_dicts(doc)
        else:
            ents = [_entity_dict(article.text, e.start, e.end, e.label, e.canonical)
                    for e in sorted(article.entities, key=lambda e: (e.start, e.end))]
        parts += ["<h3>Entities</h3>", _render_entities(article.text, ents)]
        parts.append("<h3>Claims</h3>")
        if doc is not None:
            parts += [_legend(), _render_claims(doc)]
        else:
            parts.append('<p class="mercato-note">Not kept in the record.</p>')
    if not article.error:
        parts += ["<h3>Events</h3>", events_html(article)]
    parts.append("</section>")
    return "\n".join(parts)


def _index_html(items: list[Displayable]) -> str:
    rows = []
    for index, item in enumerate(items):
        article = doc_to_article(item) if isinstance(item, Doc) else item
        status = "error" if article.error else f"{len(article.events)}"
        name = _e(article.id if article.id is not None else f"article {index + 1}")
        rows.append(f'<tr><td><a href="#{_anchor(index)}">{name}</a></td><td>{_e(article.date or "")}</td>'
                    f"<td>{_e(status)}</td></tr>")
    return ('<table class="mercato-index"><thead><tr><th>article</th><th>date</th><th>events</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def annotated_docs(nlp, items: Iterable) -> Iterator[Displayable]:
    """The annotated doc of each :class:`~mercato_nlp.batch.Item`, in order, or its error record.

    What ``show`` renders: the items of :func:`mercato_nlp.batch.iter_items`,
    checked as ``annotate`` checks them; an article the pipeline fails on gets
    an error record naming the exception, and the others go on.
    """
    from .batch import check
    from .pipeline import make_doc

    for item in items:
        item = check(item)
        if item.error:
            yield item.error_record()
            continue
        try:
            yield nlp(make_doc(nlp, item.text, item.date, item.id))
        except Exception as err:
            yield item.error_record(f"{item.source}: the pipeline failed on this article ({type(err).__name__}: {err})")


def render(doc_or_docs: Displayable | Iterable[Displayable], page: bool = True, title: str | None = None) -> str:
    """The HTML of one article or many: entities, claims and events of each.

    ``doc_or_docs`` is an annotated Doc, an Article record, or an iterable of
    them. With ``page=True`` the result is a whole HTML document (with an index
    when there are several articles); with ``page=False`` it is a fragment
    (with its style sheet) to put in a notebook or another page.
    """
    items = [doc_or_docs] if isinstance(doc_or_docs, (Doc, Article)) else list(doc_or_docs)
    for item in items:
        if not isinstance(item, (Doc, Article)):
            raise TypeError(f"render() takes Doc or Article objects, not {type(item).__name__}")
    body = "\n".join(_article_html(item, i) for i, item in enumerate(items))
    if len(items) > 1:
        body = _index_html(items) + "\n" + body
    if not page:
        return f'<div class="mercato-nlp"><style>{_CSS}</style>\n{body}\n</div>'
    if title is None:
        if len(items) == 1:
            only = items[0]
            only_id = only._.article_id if isinstance(only, Doc) else only.id
            title = f"mercato-nlp · {only_id}" if only_id else "mercato-nlp"
        else:
            title = f"mercato-nlp · {len(items)} articles"
    return _PAGE.format(lang="fr", title=_e(title), css=_CSS, content=body)
