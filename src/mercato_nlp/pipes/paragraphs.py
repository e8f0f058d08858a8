"""Paragraph breaks end sentences; closing punctuation never starts one.

A title or a subheading has no final full stop, so the parser often runs it
into the next paragraph; the evidence of an event is then wrong. This
component, placed before the parser, starts a sentence after every line
break, and forbids one at a comma, a colon or a closing quote (the parser
otherwise cuts "Selon Marca, l'Atlético aurait..." after "Marca"). The
parser keeps the sentence boundaries that are already set.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc


#: Tokens that close what comes before them, and so cannot open a sentence.
CLOSING = {",", ";", ":", ".", "?", "!", "…", ")", "]", "»", "”"}
_CLOSING_KEYS = {get_string_id(text) for text in CLOSING}  # compared with the forms' hashes, not decoded


@Language.component("mercato_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IS_SPACE]).tolist()  # read at once: no Token object per word
    for i in range(1, len(rows)):
        (orth, space_before), (orth_here, space) = rows[i - 1], rows[i]
        if space_before and not space and "\n" in strings[orth]:
            doc[i].is_sent_start = True
        elif orth_here in _CLOSING_KEYS:
            doc[i].is_sent_start = False
    return doc
