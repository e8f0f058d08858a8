"""Sentences end at line breaks and at final punctuation, nowhere else.

A title or a subheading has no final full stop, so the parser often runs it
into the next paragraph; in long sentences it also cuts after a comma or in
the middle of a club's name ("Selon A Bola, | les Red Devils..."); the
evidence of an event is then wrong. This component, placed before the
parser, starts a sentence after every line break and forbids one anywhere
but after a full stop, a question or exclamation mark or an ellipsis (and
the closing quote or bracket that may follow them), where the parser decides
(it knows "M. Dupont"). The parser keeps the boundaries already set.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

#: Punctuation that may end a sentence, and what may close after it ('… ! »').
FINAL = {".", "!", "?", "…", "..."}
CLOSERS = {"»", "”", '"', ")", "]"}


@Language.component("mercato_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IS_SPACE]).tolist()  # read at once: no Token object per word
    starts = numpy.zeros(len(rows), dtype="int32")  # 1: starts a sentence, -1: cannot, 0: the parser decides
    words: list[str] = []  # the non-space tokens so far
    for i, (orth, space) in enumerate(rows):
        if space:
            continue
        text = strings[orth]
        if i and rows[i - 1][1] and "\n" in strings[rows[i - 1][0]]:
            starts[i] = 1
        elif words and (text in CLOSERS or not _ends_sentence(words)):
            starts[i] = -1
        words.append(text)
    if len(rows) > 1:
        # set at once (-1 is written as the unsigned integer from_array expects)
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def _ends_sentence(words: list[str]) -> bool:
    """Whether the words so far may end a sentence: final punctuation, perhaps closed ('… ! »')."""
    return words[-1] in FINAL or (words[-1] in CLOSERS and len(words) > 1 and words[-2] in FINAL)
