"""Paragraph breaks end sentences.

A title or a subheading has no final full stop, so the parser often runs it
into the next paragraph; the evidence of an event is then wrong. This
component, placed before the parser, starts a sentence after every line
break; the parser keeps sentence starts that are already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("mercato_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text and not token.is_space:
            token.is_sent_start = True
    return doc
