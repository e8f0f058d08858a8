"""The cue trie finds exactly what spaCy's Matcher finds with the same patterns."""

from __future__ import annotations

from spacy.matcher import Matcher

import mercato_nlp
from mercato_nlp.knowledge import load_resource
from mercato_nlp.pipes.claims import CueMatcher, cue_patterns

TEXTS = [
    "Selon L'Équipe, l'OM a pris contact avec l'entourage de Jonathan David et prépare une offre.",
    "Les Aiglons ont opposé une fin de non-recevoir ; le joueur n'a pas encore donné son accord.",
    "L’AS Monaco a sauté sur l’opportunité, mais les négociations n'avancent pas.",
]


def test_trie_matches_equal_the_matcher(nlp):
    lexicon = load_resource("cues/event_types.json")
    matcher = Matcher(nlp.vocab)
    for label, cues in lexicon.items():
        if not label.startswith("_"):
            matcher.add(label, [p for cue in cues for p in cue_patterns(cue, nlp.tokenizer)])
    trie = CueMatcher(nlp, lexicon)
    for text in TEXTS:
        doc = nlp(mercato_nlp.make_doc(nlp, text))
        expected = set(matcher(doc))
        assert expected, text
        assert set(trie(doc)) == expected

