"""A doc's token strings, read for all tokens at once with ``Doc.to_array``.

The components read some attribute of every token (its form to find quotation
marks, its folded form or lemma to find role nouns, the doc's text to cut
sentences out of it): read through Token objects, that made a Python object
and decoded a string per token and per reading.
"""

from __future__ import annotations

import functools

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

from .folding import fold


@functools.lru_cache(maxsize=65536)
def _fold_key(strings, key: int) -> str:
    return fold(strings[key])


def folded_tokens(doc: Doc, attr: int) -> list[str]:
    """``fold`` of one string attribute (``spacy.attrs.ORTH``, ``LEMMA``) of every token,
    cached by the string's hash (a word seen before is not decoded again)."""
    strings = doc.vocab.strings
    return [_fold_key(strings, key) for key in doc.to_array(attr).tolist()]


def token_texts(doc: Doc) -> list[str]:
    """The text of every token (``token.text``)."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(ORTH).tolist()]


def doc_text(doc: Doc) -> str:
    """``doc.text``: every token's text and the space after it, if any."""
    strings = doc.vocab.strings
    return "".join(strings[orth] + " " if space else strings[orth] for orth, space in doc.to_array([ORTH, SPACY]).tolist())
