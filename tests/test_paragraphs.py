"""Sentence boundaries set before the parser: line breaks start sentences, only final punctuation may."""

from __future__ import annotations

import spacy

from mercato_nlp.pipes.paragraphs import split_paragraphs


def test_a_title_without_full_stop_is_its_own_sentence(nlp):
    doc = nlp("Mercato OM : accord trouvé avec Chelsea\n\nLe club phocéen a trouvé un accord.")
    assert [s.text.strip() for s in doc.sents][0] == "Mercato OM : accord trouvé avec Chelsea"


def test_only_final_punctuation_lets_a_sentence_start():
    doc = split_paragraphs(spacy.blank("fr")("Selon A Bola, les Red Devils ont tenté. « Non ! » Il part.\nFin"))
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["les"] is False and starts["Red"] is False and starts[","] is False
    assert starts["»"] is False  # the closing quote stays with its sentence
    assert starts["Il"] is None and starts["«"] is None  # after final punctuation the parser decides
    assert starts["Fin"] is True


def test_a_long_sentence_stays_whole(nlp):
    text = ("Selon A Bola, les Red Devils, qui suivaient le joueur depuis un an, avaient formulé une offre "
            "de 60 millions d'euros en juillet, mais Benfica l'avait repoussée, exigeant le paiement de la clause.")
    assert len(list(nlp(text).sents)) == 1
