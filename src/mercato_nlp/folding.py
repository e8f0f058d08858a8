"""Accent and apostrophe folding shared by the knowledge base and the rulers."""

from __future__ import annotations

import functools
import unicodedata

from spacy.attrs import ORTH

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})


def strip_accents(text: str) -> str:
    """'Équipe' → 'Equipe' (case kept): the press often drops accents on capitals."""
    decomposed = unicodedata.normalize("NFD", text.translate(_APOSTROPHES))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, accent-free, straight apostrophes: the key of alias lookups."""
    return strip_accents(text).lower()


@functools.lru_cache(maxsize=65536)
def _fold_key(strings, key: int) -> str:
    return fold(strings[key])


def folded_tokens(doc, attr: int) -> list[str]:
    """``fold`` of one string attribute (``spacy.attrs.ORTH``, ``LEMMA``) of every token of a doc.

    Read with ``Doc.to_array`` and cached by the string's hash: no Token
    object is made and no string decoded for a word seen before.
    """
    strings = doc.vocab.strings
    return [_fold_key(strings, key) for key in doc.to_array(attr).tolist()]


def token_texts(doc) -> list[str]:
    """The text of every token of a doc, read with ``Doc.to_array`` (no Token object made)."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(ORTH).tolist()]
