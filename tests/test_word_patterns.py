"""The ruler's word patterns find what spaCy's Matcher finds with the same patterns."""

from __future__ import annotations

from spacy.matcher import Matcher

from mercato_nlp.pipes.word_patterns import WordPatterns, sequence_starts, word_regex, word_sets

PATTERNS = [
    {"label": "CLUB", "pattern": [{"LOWER": {"IN": ["direction", "club"]}}, {"LOWER": {"IN": ["marseillaise", "phocéen"]}}]},
    {"label": "CLUB", "pattern": [{"LOWER": {"IN": ["gones"]}}], "id": "Olympique Lyonnais"},
    {"label": "MONEY", "pattern": [{"TEXT": {"REGEX": r"^\d+(?:[.,]\d+)?(?:M€|m€)$"}}]},
]
TEXTS = [
    "La direction marseillaise a tranché : le club phocéen offre 15M€, puis 1,5m€, pas 15 M€.",
    "Les Gones et la DIRECTION MARSEILLAISE. Club phocéen",
    "club",
]


def test_word_patterns_match_as_the_matcher(nlp):
    word_patterns = WordPatterns(PATTERNS)
    for text in TEXTS:
        doc = nlp.make_doc(text)
        matcher = Matcher(nlp.vocab)
        for k, entry in enumerate(PATTERNS):
            matcher.add(str(k), [entry["pattern"]])
        expected = sorted((start, end, PATTERNS[int(nlp.vocab.strings[key])]["label"])
                          for key, start, end in matcher(doc))
        found = word_patterns(doc)
        assert sorted((s.start, s.end, s.label_) for s in found) == expected
        assert {s.id_ for s in found if s.label_ == "CLUB" and len(s) == 1} <= {"Olympique Lyonnais"}
    assert len(word_patterns(nlp.make_doc(TEXTS[0]))) == 4


def test_other_shapes_are_left_to_the_matcher():
    for pattern in ([{"LIKE_NUM": True}, {"LOWER": {"IN": ["m€"]}}], [{"LOWER": {"IN": ["a"]}, "OP": "?"}],
                    [{"TEXT": {"REGEX": "x"}}, {"TEXT": {"REGEX": "y"}}], [{"LOWER": "club"}], "club phocéen", []):
        assert word_sets(pattern) is None and word_regex(pattern) is None
        assert not WordPatterns.takes({"label": "X", "pattern": pattern})


def test_the_ruler_matches_and_removes_its_word_patterns():
    import spacy

    nlp = spacy.blank("fr")
    ruler = nlp.add_pipe("mercato_entities")
    ruler.add_patterns(PATTERNS + [{"label": "MEDIA", "pattern": "RMC"}])
    assert len(ruler) == 4 and "MONEY" in ruler
    text = "Selon RMC, la direction marseillaise offre 15M€."
    doc = nlp(text)
    assert [(e.text, e.label_) for e in doc.spans["mercato_ruler_entities"]] == [
        ("RMC", "MEDIA"), ("direction marseillaise", "CLUB"), ("15M€", "MONEY")]
    ruler.remove("MONEY")
    ruler.remove_by_id("Olympique Lyonnais")
    assert len(ruler) == 2
    doc = nlp(text)
    assert [e.label_ for e in doc.spans["mercato_ruler_entities"]] == ["MEDIA", "CLUB"]


def test_sequence_starts_are_where_each_set_follows_the_one_before():
    sets = [{1, 2}, {3}, {4, 5}]
    assert sequence_starts([1, 3, 4, 2, 3, 5, 1, 3], sets) == [0, 3]
    assert sequence_starts([1, 3], sets) == []
    assert sequence_starts([7, 1], [{1}]) == [1]
