"""Token patterns of two shapes, matched without spaCy's Matcher.

The Matcher tests a set (``{"LOWER": {"IN": [...]}}``) or a regular expression
(``{"TEXT": {"REGEX": ...}}``) by a Python call on every token of every doc, for
every pattern that starts with one. Two shapes of pattern are matched here
instead, with what the Matcher finds:

- words from sets, one set per token (``[{"LOWER": {"IN": heads}}, {"LOWER":
  {"IN": demonyms}}]``), where a token may also be any number (``{"LIKE_NUM":
  true}``: "15 millions d'euros"): compared on the hashes of the tokens'
  lowercase forms and on the lexemes' number flag;
- one word matching a regular expression (``[{"TEXT": {"REGEX": ...}}]``):
  tested once on each word, the answer kept (:class:`WordRegex`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy

from spacy.attrs import LIKE_NUM, LOWER, ORTH
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc


#: Stands for ``{"LIKE_NUM": true}`` among a token's words: no word hashes to 0 (the empty string does).
NUMBER = 0


def _token_words(token) -> set[int] | None:
    if token == {"LIKE_NUM": True}:
        return {NUMBER}
    if isinstance(token, dict) and list(token) == ["LOWER"] and isinstance(token["LOWER"], dict) \
            and list(token["LOWER"]) == ["IN"]:
        return {get_string_id(word) for word in token["LOWER"]["IN"]}
    return None


def word_sets(pattern) -> list[set[int]] | None:
    """The hashes of each token's words (:data:`NUMBER` for a number), if ``pattern`` is a
    sequence of ``{"LOWER": {"IN": words}}`` and ``{"LIKE_NUM": true}``."""
    if not isinstance(pattern, list) or not pattern:
        return None
    sets = [_token_words(token) for token in pattern]
    return None if None in sets else sets


def word_regex(pattern) -> re.Pattern | None:
    """The regular expression, if ``pattern`` is the one token ``{"TEXT": {"REGEX": expression}}``."""
    if not isinstance(pattern, list) or len(pattern) != 1:
        return None
    token = pattern[0]
    if not (isinstance(token, dict) and list(token) == ["TEXT"] and isinstance(token["TEXT"], dict)
            and list(token["TEXT"]) == ["REGEX"]):
        return None
    return re.compile(token["TEXT"]["REGEX"])


def sequence_starts(lowers: list[int], sets: list[set[int]], numbers: frozenset[int] = frozenset()) -> list[int]:
    """Where a word of each set follows one of the set before (``lowers``: the hashes of
    the doc's lowercase forms, ``doc.to_array(LOWER)``; ``numbers``: the indices of the
    tokens like a number, which fit a set holding :data:`NUMBER`)."""
    last, first = len(lowers) - len(sets), sets[0]
    # most words are in no first set: the others are compared only after one that is
    starts = [i for i, key in enumerate(lowers[: last + 1]) if key in first] if first - {NUMBER} else []
    if NUMBER in first:
        starts = sorted({*starts, *(i for i in numbers if i <= last)})
    for k, words in enumerate(sets[1:], 1):  # the starts left, one set after the other
        starts = [i for i in starts if lowers[i + k] in words or (NUMBER in words and i + k in numbers)]
    return starts


class WordRegex:
    """A regular expression tested once on each word, the answers kept by the words' hashes.

    A doc's words are then looked up together, by set operations: a lookup per word
    in Python cost more than the tests. At most about ``capacity`` words are kept.
    """

    def __init__(self, regex: re.Pattern, capacity: int = 65536):
        self.regex, self.capacity = regex, capacity
        self.tested: set[int] = set()
        self.found: set[int] = set()

    def hits(self, words: set[int], strings: StringStore) -> set[int]:
        """The words the expression finds among ``words`` (hashes of strings in ``strings``)."""
        if len(self.tested) > self.capacity:
            self.tested.clear()
            self.found.clear()
        new = words - self.tested
        if new:
            self.found.update(key for key in new if self.regex.search(strings[key]))
            self.tested |= new
        return words & self.found


class DocWords(NamedTuple):
    """A doc's words as the patterns compare them, read from the doc in one ``to_array``
    (the ruler reads the words its Matcher's patterns start with there too)."""

    orths: list[int]  # the words' hashes
    lowers: list[int]  # the hashes of their lowercase forms
    numbers: frozenset[int]  # the indices of the words like a number
    distinct: set[int]  # the words' hashes, once each

    @classmethod
    def of(cls, doc: Doc) -> DocWords:
        columns = doc.to_array([ORTH, LOWER, LIKE_NUM])
        orths = columns[:, 0].tolist()
        return cls(orths, columns[:, 1].tolist(), frozenset(numpy.flatnonzero(columns[:, 2]).tolist()), set(orths))


def _label_id(entry: dict, strings: StringStore) -> tuple[int, int]:
    """The hashes of the pattern's label and id (0: none), added to ``strings``."""
    return strings.add(entry["label"]), strings.add(entry.get("id", ""))


class WordPatterns:
    """Ruler patterns (``{"label", "pattern", "id"}``) of the two shapes, and their matches."""

    def __init__(self, entries: list[dict], strings: StringStore):
        """``strings``: the vocab's, which learns the patterns' labels and ids."""
        self.sequences = [(sets, _label_id(entry, strings)) for entry in entries if (sets := word_sets(entry["pattern"]))]
        self.regexes = [(WordRegex(regex), _label_id(entry, strings))
                        for entry in entries if (regex := word_regex(entry["pattern"]))]
        self.labels = {strings[label] for _, (label, _) in self.sequences + self.regexes}

    @staticmethod
    def takes(entry: dict) -> bool:
        return word_sets(entry["pattern"]) is not None or word_regex(entry["pattern"]) is not None

    def __call__(self, words: DocWords, strings: StringStore) -> list[tuple[int, int, int, int]]:
        """The ``(start, end, label, id)`` of each match in a doc (``words``; ``strings``: its
        vocab's): its tokens, and the hashes of its pattern's label and id (as the SpanRuler
        labels its spans)."""
        found = []
        for sets, (label, span_id) in self.sequences:
            found += [(i, i + len(sets), label, span_id) for i in sequence_starts(words.lowers, sets, words.numbers)]
        for regex, (label, span_id) in self.regexes:
            hits = regex.hits(words.distinct, strings)
            found += [(i, i + 1, label, span_id) for i, key in enumerate(words.orths) if key in hits] if hits else []
        return found
