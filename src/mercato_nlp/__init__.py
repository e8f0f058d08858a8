"""mercato-nlp: who moves where, at what stage, and how sure the French press is.

>>> import mercato_nlp
>>> nlp = mercato_nlp.load()
>>> doc = nlp("L'OM a officialisé l'arrivée de Pierre-Emerick Aubameyang.")
>>> doc._.events          # attrs Event objects
>>> mercato_nlp.annotate(text, date="2023-06")   # the article record
>>> html = mercato_nlp.render(doc)                # a displaCy page of it
"""

from __future__ import annotations

import functools

from .display import render
from .pipeline import load, make_doc, pipe_articles
from .record import doc_to_article
from .schema import Article

__version__ = "0.1.0"
__all__ = ["load", "annotate", "make_doc", "pipe_articles", "doc_to_article", "render", "Article", "__version__"]


@functools.cache
def _default_nlp():
    return load()


def annotate(text: str, date: str | None = None, id: str | None = None, nlp=None) -> Article:
    """The article record of one text (the default pipeline is loaded once, on first use)."""
    nlp = nlp or _default_nlp()
    return doc_to_article(nlp(make_doc(nlp, text, date, id)))
