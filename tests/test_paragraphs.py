"""Sentence boundaries set before the parser: line breaks start sentences, closing punctuation never does."""

from __future__ import annotations

import spacy

from mercato_nlp.pipes.paragraphs import split_paragraphs


def test_a_title_without_full_stop_is_its_own_sentence(nlp):
    doc = nlp("Mercato OM : accord trouvé avec Chelsea\n\nLe club phocéen a trouvé un accord.")
    assert [s.text.strip() for s in doc.sents][0] == "Mercato OM : accord trouvé avec Chelsea"


def test_closing_punctuation_cannot_start_a_sentence():
    doc = split_paragraphs(spacy.blank("fr")("Selon Marca , l'Atlético aurait tenté sa chance » , a dit X.\nFin"))
    closing = [t for t in doc if t.text in {",", "»", "."}]
    assert closing and all(t.is_sent_start is False for t in closing)
    assert doc[-1].is_sent_start is True
