"""The ruler's word patterns find what spaCy's Matcher finds with the same patterns; its Matcher skips the docs it cannot match."""

from __future__ import annotations

from spacy.matcher import Matcher

from mercato_nlp.pipes.entities import RULER_ENTITIES, leading_words
from mercato_nlp.pipes.word_patterns import NUMBER, DocWords, WordPatterns, WordRegex, sequence_starts, word_regex, word_sets

PATTERNS = [
    {"label": "CLUB", "pattern": [{"LOWER": {"IN": ["direction", "club"]}}, {"LOWER": {"IN": ["marseillaise", "phocéen"]}}]},
    {"label": "CLUB", "pattern": [{"LOWER": {"IN": ["gones"]}}], "id": "Olympique Lyonnais"},
    {"label": "MONEY", "pattern": [{"TEXT": {"REGEX": r"^\d+(?:[.,]\d+)?(?:M€|m€)$"}}]},
    {"label": "MONEY", "pattern": [{"LIKE_NUM": True}, {"LOWER": {"IN": ["millions", "m€"]}}]},
    {"label": "MONEY", "pattern": [{"LIKE_NUM": True}, {"LOWER": {"IN": ["millions"]}}, {"LOWER": {"IN": ["d'"]}},
                                   {"LOWER": {"IN": ["euros"]}}]},
]
TEXTS = [
    "La direction marseillaise a tranché : le club phocéen offre 15M€, puis 1,5m€, pas 15 M€.",
    "Les Gones et la DIRECTION MARSEILLAISE. Club phocéen",
    "club",
    "Deux millions d'euros, puis vingt millions, enfin 3 millions d'euros et douze M€ 4",
]


def test_word_patterns_match_as_the_matcher(nlp):
    word_patterns = WordPatterns(PATTERNS, nlp.vocab.strings)
    strings = nlp.vocab.strings
    for text in TEXTS:
        doc = nlp.make_doc(text)
        matcher = Matcher(nlp.vocab)
        for k, entry in enumerate(PATTERNS):
            matcher.add(str(k), [entry["pattern"]])
        expected = sorted((start, end, PATTERNS[int(strings[key])]["label"], PATTERNS[int(strings[key])].get("id", ""))
                          for key, start, end in matcher(doc))
        found = word_patterns(DocWords.of(doc), strings)
        assert sorted((start, end, strings[label], strings[span_id]) for start, end, label, span_id in found) == expected
    assert len(word_patterns(DocWords.of(nlp.make_doc(TEXTS[0])), strings)) == 5
    assert len(word_patterns(DocWords.of(nlp.make_doc(TEXTS[3])), strings)) == 6


def test_other_shapes_are_left_to_the_matcher():
    for pattern in ([{"LIKE_NUM": False}, {"LOWER": {"IN": ["m€"]}}], [{"LOWER": {"IN": ["a"]}, "OP": "?"}],
                    [{"TEXT": {"REGEX": "x"}}, {"TEXT": {"REGEX": "y"}}], [{"LOWER": "club"}], "club phocéen", []):
        assert word_sets(pattern) is None and word_regex(pattern) is None
        assert not WordPatterns.takes({"label": "X", "pattern": pattern})


def test_the_ruler_matches_and_removes_its_word_patterns():
    import spacy

    nlp = spacy.blank("fr")
    ruler = nlp.add_pipe("mercato_entities")
    ruler.add_patterns(PATTERNS + [{"label": "MEDIA", "pattern": "RMC"}])
    assert len(ruler) == 6 and "MONEY" in ruler
    text = "Selon RMC, la direction marseillaise offre 15M€."
    doc = nlp(text)
    assert [(e.text, e.label_) for e in doc.spans["mercato_ruler_entities"]] == [
        ("RMC", "MEDIA"), ("direction marseillaise", "CLUB"), ("15M€", "MONEY")]
    ruler.remove("MONEY")
    ruler.remove_by_id("Olympique Lyonnais")
    assert len(ruler) == 2
    doc = nlp(text)
    assert [e.label_ for e in doc.spans["mercato_ruler_entities"]] == ["MEDIA", "CLUB"]


def test_the_ruler_matches_as_spacys_span_ruler():
    """Its matches (deduplicated and sorted as tuples, with the word patterns') and its entities are SpanRuler's."""
    import spacy

    patterns = PATTERNS + [
        {"label": "MEDIA", "pattern": "RMC"}, {"label": "MEDIA", "pattern": "RMC"},  # the same match twice
        {"label": "MEDIA", "pattern": "RMC Sport"},  # overlapping, longer
        {"label": "TEAM", "pattern": "RMC", "id": "b"}, {"label": "TEAM", "pattern": "RMC", "id": "a"},  # same tokens
        {"label": "MEDIA", "pattern": [{"LOWER": {"IN": ["rmc"]}}]},  # a word pattern finding a phrase pattern's match
        {"label": "MEDIA", "pattern": [{"ORTH": "France"}, {"ORTH": "Bleu"}, {"IS_TITLE": True, "OP": "+"}]},
        {"label": "TEAM", "pattern": [{"LOWER": {"IN": ["offre", "bleu"]}}, {"LIKE_NUM": True}]},
    ]
    text = "Selon RMC Sport puis RMC, France Bleu Grand Est Reims, la direction marseillaise offre 15M€, bleu 3 millions."
    blank = spacy.blank("fr")
    theirs = blank.add_pipe("span_ruler", config={"annotate_ents": True, "spans_key": None})
    ours = blank.add_pipe("mercato_entities", config={"ner_label": "TEAM"})
    theirs.add_patterns(patterns)
    ours.add_patterns(patterns)
    doc = blank.make_doc(text)
    expected = [(s.start, s.end, s.label_, s.id_) for s in theirs.match(doc)]
    assert [(s.start, s.end, s.label_, s.id_) for s in ours.match(doc)] == expected
    assert len(expected) > len({(start, end) for start, end, _, _ in expected})  # some spans share their tokens
    # a CLUB span without an id is named after its demonym: the other entities are SpanRuler's
    ours_doc, theirs_doc = ours(blank.make_doc(text)), theirs(blank.make_doc(text))
    assert [(e.start, e.end, e.label_, e.id_) for e in ours_doc.spans[RULER_ENTITIES] if e.label_ != "CLUB"] == \
           [(e.start, e.end, e.label_, e.id_) for e in theirs_doc.ents if e.label_ != "CLUB"]


def test_a_word_regex_finds_its_words_before_and_after_forgetting_them():
    from spacy.strings import StringStore

    strings = StringStore(["15M€", "club", "3m€", "M€"])
    fee, club, other_fee, sign = (strings[w] for w in ("15M€", "club", "3m€", "M€"))
    regex = WordRegex(word_regex([{"TEXT": {"REGEX": r"^\d+(?:M€|m€)$"}}]), capacity=3)
    for _ in range(2):  # tested, then from the answers kept
        assert regex.hits({fee, club, sign}, strings) == {fee}
    assert regex.hits({other_fee}, strings) == {other_fee} and len(regex.tested) == 4
    assert regex.hits({fee, club}, strings) == {fee}  # the answers were forgotten: tested again
    assert regex.tested == {fee, club}


def test_sequence_starts_are_where_each_set_follows_the_one_before():
    sets = [{1, 2}, {3}, {4, 5}]
    assert sequence_starts([1, 3, 4, 2, 3, 5, 1, 3], sets) == [0, 3]
    assert sequence_starts([1, 3], sets) == []
    assert sequence_starts([7, 1], [{1}]) == [1]


def test_a_number_fits_where_a_set_holds_number():
    # tokens 0 and 2 are numbers; token 2 is also the word 3
    assert sequence_starts([9, 3, 3, 4], [{NUMBER}, {3}], numbers=frozenset({0, 2})) == [0]
    assert sequence_starts([9, 3, 3, 4], [{NUMBER, 3}, {3, 4}], numbers=frozenset({0, 2})) == [0, 1, 2]
    assert sequence_starts([1, 9, 4], [{1}, {NUMBER}, {4}], numbers=frozenset({1})) == [0]
    assert sequence_starts([1, 9, 4], [{1}, {NUMBER}, {4}]) == []


def test_the_matcher_looks_only_at_docs_holding_the_first_words_of_a_pattern():
    import spacy

    blank = spacy.blank("fr")
    ruler = blank.add_pipe("mercato_entities")
    ruler.add_patterns([{"label": "MEDIA", "pattern": [{"ORTH": "France"}, {"ORTH": "Bleu"}, {"IS_TITLE": True, "OP": "+"}]}])
    france, bleu = blank.vocab.strings["France"], blank.vocab.strings["Bleu"]
    assert ruler.matcher_prefixes == [[{france}, {bleu}]]
    doc = blank("Selon France Bleu Reims, le club attend.")
    assert [(e.text, e.label_) for e in doc.spans["mercato_ruler_entities"]] == [("France Bleu Reims", "MEDIA")]
    assert ruler._matcher_may_match(DocWords.of(doc))
    assert not ruler._matcher_may_match(DocWords.of(blank("Bleu pour la France, France Télévisions")))
    # a pattern that may start with any word: the Matcher looks at every doc
    ruler.add_patterns([{"label": "MONEY", "pattern": [{"IS_DIGIT": True}, {"LOWER": "briques"}]}])
    assert ruler.matcher_prefixes is None
    doc = blank("Il coûte 15 briques.")
    assert [e.text for e in doc.spans["mercato_ruler_entities"]] == ["15 briques"]
    ruler.remove("MONEY")
    assert ruler.matcher_prefixes == [[{france}, {bleu}]]
    assert leading_words([[{"LOWER": "france"}]]) is None and leading_words([[]]) is None and leading_words([]) == []
    assert leading_words([[{"TEXT": "Le"}, {"ORTH": "Parisien", "OP": "?"}]]) == [[{blank.vocab.strings["Le"]}]]
