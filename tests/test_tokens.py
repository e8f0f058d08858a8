"""A doc's token strings read with Doc.to_array are those the Token objects give."""

from __future__ import annotations

from spacy.attrs import LEMMA, ORTH, SPACY

import mercato_nlp
from mercato_nlp.folding import fold
from mercato_nlp.tokens import Morphs, Parse, Sentences, columns, decoded, doc_text, joined_text


def test_token_strings_equal_the_tokens(nlp):
    text = "Selon L’Équipe,  l'OM a formulé une offre de 15 M€.\n\nÀ suivre… « Arkadiusz voulait venir »  "
    doc = nlp(mercato_nlp.make_doc(nlp, text))
    orths, lemmas = columns(doc, [ORTH, LEMMA])
    assert decoded(doc, orths) == [t.text for t in doc]
    assert decoded(doc, orths, fold) == [fold(t.text) for t in doc]
    assert decoded(doc, lemmas, fold) == [fold(t.lemma_) for t in doc]
    assert doc_text(doc) == doc.text == text


def test_a_docs_text_is_joined_once_and_kept_through_retokenizing(nlp):
    doc = nlp.make_doc("Le Paris Saint-Germain  recrute.")
    text = doc_text(doc)
    assert doc_text(doc) is text
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[1:3])
    assert doc_text(doc) == doc.text == text
    assert doc_text(nlp.make_doc("Le Paris FC recrute.")) == "Le Paris FC recrute."


def test_a_text_joined_from_a_readings_words_is_the_docs_text(nlp):
    doc = nlp.make_doc("Selon L’Équipe,  l'OM a formulé une offre.\n\nÀ suivre… « Arkadiusz »  ")
    orths, spaces = columns(doc, [ORTH, SPACY])
    text = joined_text(doc, decoded(doc, orths), spaces)
    assert text == doc.text and doc_text(doc) is text
    assert joined_text(doc, ["autre"], [0]) is text  # joined once per doc


def test_the_sentence_of_a_token_is_the_sentence_of_spans_starting_there(nlp):
    text = "Mercato OL : accord trouvé.\nSelon L'Équipe, l'OM a formulé une offre. Il hésite ! Et puis"
    doc = nlp(mercato_nlp.make_doc(nlp, text))
    sentences = Sentences(doc)
    assert [sentences.of(sent.start) for sent in doc.sents] == list(doc.sents)
    assert [sentences.bounds(t.i) for t in doc] == [(t.sent.start, t.sent.end) for t in doc]
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            assert sentences.of(start) == doc[start:end].sent


def test_morphs_give_the_tokens_features(nlp):
    text = "Selon L'Équipe, les Gones auraient formulé une offre. Il signera, mais pas avant de s'être reposés."
    doc = nlp(mercato_nlp.make_doc(nlp, text))
    morphs = Morphs(doc)
    fields = {field for t in doc for field in t.morph.to_dict()} | {"Poss"}
    assert len(fields) > 4
    for token in doc:
        for field in fields:
            assert morphs.get(token.i, field) == token.morph.get(field)


def test_a_parse_gives_the_tokens_attributes_and_tree(nlp):
    text = "Selon L’Équipe, l'OM a formulé une offre de 15 M€ au Stade Rennais. Il hésite, mais Lyon l'a déjà recruté !"
    doc = nlp(mercato_nlp.make_doc(nlp, text))
    parse = Parse(doc)
    assert parse.lowers == [t.lower_ for t in doc]
    assert parse.lemmas == [t.lemma_.lower() for t in doc]
    assert parse.heads == [t.head.i for t in doc]
    assert parse.deps == [t.dep_ for t in doc]
    assert parse.pos == [t.pos for t in doc]
    assert parse.ent_types == [t.ent_type for t in doc]
    assert "CLUB" in [t.ent_type_ for t in doc]
    assert parse.puncts == [t.is_punct for t in doc]
    assert parse.morphs.get(4, "Tense") == doc[4].morph.get("Tense")
    for token in doc:
        assert parse.children(token.i) == [c.i for c in token.children]
        assert list(parse.ancestors(token.i)) == [a.i for a in token.ancestors]
    assert [parse.lemma(t.i) for t in doc] == [t.lemma_ for t in doc]
    assert (parse.lower_keys, parse.lemma_keys) == ([t.lower for t in doc], [t.lemma for t in doc])


def test_the_components_after_the_parser_share_one_parse_per_doc(nlp):
    class Clauses(Parse):  # as a component's own reading adds to it
        pass

    doc = nlp("Il quitte le FC Nantes pour Lyon.")
    other = nlp("Il reste.")
    shared = Clauses.of(doc)
    assert Parse.of(doc) is shared and Clauses.of(doc) is shared  # a Clauses is a Parse
    assert Parse.of(other) is not shared and not isinstance(Parse.of(other), Clauses)
    assert isinstance(Clauses.of(other), Clauses)  # a reading of the subclass replaces the plain one
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[3:5])
    assert Parse.of(doc) is not shared and Parse.of(doc).lowers == [t.lower_ for t in doc]


def test_a_shared_parse_does_not_keep_its_doc_alive(nlp):
    import gc
    import weakref

    doc = nlp("Il quitte le FC Nantes pour Lyon.")
    assert Parse.of(doc).doc is doc
    gone = weakref.ref(doc)
    del doc
    nlp("Il reste.")  # the components let go of the doc before
    gc.collect()
    assert gone() is None
