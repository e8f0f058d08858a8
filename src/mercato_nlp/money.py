"""Fees as the French press writes them: '15 M€', '15 millions d'euros', '60M€', '1,5 milliard'."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+(?:[ \u202f\u00a0]\d{3})*(?:[.,]\d+)?")
_WORD_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
}
_SCALES = (("milliard", 1e9), ("md", 1e9), ("million", 1e6), ("m", 1e6), ("k", 1e3))


def parse_amount(text: str) -> float | None:
    """The amount in euros of a MONEY span's text, or None if it holds no number."""
    lowered = text.lower().replace("’", "'")
    match = _NUMBER.search(lowered)
    if match:
        value = float(re.sub(r"[ \u202f\u00a0]", "", match.group()).replace(",", "."))
        rest = lowered[match.end():].strip()
    else:
        words = lowered.split()
        if not words or words[0] not in _WORD_NUMBERS:
            return None
        value, rest = float(_WORD_NUMBERS[words[0]]), " ".join(words[1:])
    for prefix, scale in _SCALES:
        if rest.startswith(prefix):
            return value * scale
    return value
