"""Paragraph breaks end sentences.

A title or a subheading has no final full stop, so the parser often runs it
into the next paragraph; the evidence of an event is then wrong. This
component, placed before the parser, starts a sentence after every line
break; the parser keeps sentence starts that are already set.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("mercato_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IS_SPACE]).tolist()  # read at once: no Token object per word
    for i in range(1, len(rows)):
        (orth, space_before), (_, space) = rows[i - 1], rows[i]
        if space_before and not space and "\n" in strings[orth]:
            doc[i].is_sent_start = True
    return doc
