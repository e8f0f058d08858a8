"""Paragraph breaks end sentences; closing punctuation never starts one.

A title or a subheading has no final full stop, so the parser often runs it
into the next paragraph; the evidence of an event is then wrong. This
component, placed before the parser, starts a sentence after every line
break, and forbids one at a comma, a colon or a closing quote (the parser
otherwise cuts "Selon Marca, l'Atlético aurait..." after "Marca"). The
parser keeps the sentence boundaries that are already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


#: Tokens that close what comes before them, and so cannot open a sentence.
CLOSING = {",", ";", ":", ".", "?", "!", "…", ")", "]", "»", "”"}


@Language.component("mercato_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text and not token.is_space:
            token.is_sent_start = True
        elif token.text in CLOSING:
            token.is_sent_start = False
    return doc
