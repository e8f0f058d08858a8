"""Accent and apostrophe folding shared by the knowledge base and the rulers."""

from __future__ import annotations

import functools
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})


def strip_accents(text: str) -> str:
    """'Équipe' → 'Equipe' (case kept): the press often drops accents on capitals."""
    decomposed = unicodedata.normalize("NFD", text.translate(_APOSTROPHES))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, accent-free, straight apostrophes: the key of alias lookups."""
    return strip_accents(text).lower()

