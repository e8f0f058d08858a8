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
from spacy.strings import get_string_id
from spacy.tokens import Doc

#: Punctuation that may end a sentence, and what may close after it ('… ! »').
FINAL = {".", "!", "?", "…", "..."}
CLOSERS = {"»", "”", '"', ")", "]"}
# compared with the tokens' hashes: only whitespace is decoded, to look for a line break
_FINAL_KEYS = {get_string_id(mark) for mark in FINAL}
_CLOSER_KEYS = {get_string_id(mark) for mark in CLOSERS}


@Language.component("mercato_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IS_SPACE]).tolist()  # read at once: no Token object per word
    starts = numpy.zeros(len(rows), dtype="int32")  # 1: starts a sentence, -1: cannot, 0: the parser decides
    words: list[int] = []  # the hashes of the non-space tokens so far
    for i, (orth, space) in enumerate(rows):
        if space:
            continue
        if i and rows[i - 1][1] and "\n" in strings[rows[i - 1][0]]:
            starts[i] = 1
        elif words and (orth in _CLOSER_KEYS or not _ends_sentence(words)):
            starts[i] = -1
        words.append(orth)
    if len(rows) > 1:
        # set at once (-1 is written as the unsigned integer from_array expects)
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def _ends_sentence(words: list[int]) -> bool:
    """Whether the words so far (their hashes) may end a sentence: final punctuation, perhaps closed ('… ! »')."""
    return words[-1] in _FINAL_KEYS or (words[-1] in _CLOSER_KEYS and len(words) > 1 and words[-2] in _FINAL_KEYS)
