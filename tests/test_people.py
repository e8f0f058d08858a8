"""People: names, surname and epithet links, and roles from the article's own words."""

from __future__ import annotations

import pytest

from mercato_nlp.io import iter_jsonl
from mercato_nlp.pipeline import make_doc
from mercato_nlp.record import doc_to_article


def roles(nlp, text: str) -> dict[str, str]:
    return nlp(text)._.people_roles


def links(nlp, text: str) -> dict[str, str]:
    """Each person mention's text → the name it is linked to."""
    doc = nlp(text)
    return {span.text: span.id_ for span in doc.spans["people"]}


# -- roles from titles and appositions -------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("L'entraîneur Christophe Galtier a validé l'arrivée de Bradley Barcola.", "Christophe Galtier", "coach"),
        ("L'entraîneur Christophe Galtier a validé l'arrivée de Bradley Barcola.", "Bradley Barcola", "player"),
        ("Le président Jean-Pierre Rivère a confirmé l'accord avec Nice.", "Jean-Pierre Rivère", "executive"),
        ("Le journaliste de L'Équipe, Loïc Tanzi, assure que le PSG a formulé une offre.", "Loïc Tanzi", "journalist"),
        ("Le journaliste de RMC Sport Fabrice Hawkins affirme que Lyon a fait une offre.", "Fabrice Hawkins", "journalist"),
        ("Mehdi Benatia, le directeur sportif de l'OM, a rencontré Pierre-Emerick Aubameyang.", "Mehdi Benatia", "executive"),
        ("Mehdi Benatia, le directeur sportif de l'OM, a rencontré Pierre-Emerick Aubameyang.",
         "Pierre-Emerick Aubameyang", "player"),
        ("Le club a officialisé l'arrivée de Paulo Fonseca, nommé entraîneur jusqu'en 2026.", "Paulo Fonseca", "coach"),
        ("Le Havre a démis Mathieu Bodmer de ses fonctions de directeur sportif.", "Mathieu Bodmer", "executive"),
    ],
)
def test_roles_from_titles(nlp, text, name, role):
    assert roles(nlp, text)[name] == role


def test_the_agent_of_x_does_not_make_x_an_agent(nlp):
    assert roles(nlp, "L'agent de Bradley Barcola a rencontré les dirigeants lyonnais.") == {"Bradley Barcola": "player"}


def test_a_former_player_noun_says_nothing_of_the_role_now(nlp):
    text = "Ancien défenseur du PSG, Antoine Kombouaré a été limogé par le FC Nantes."
    assert roles(nlp, text)["Antoine Kombouaré"] == "coach"


def test_a_person_without_a_cue_is_a_player(nlp):
    assert roles(nlp, "Le Stade Rennais a officialisé l'arrivée de Ludovic Blas.") == {"Ludovic Blas": "player"}


# -- roles from the context --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, role",
    [
        ("Habib Beye a été limogé par le Stade Rennais.", "Habib Beye", "coach"),
        ("Le milieu découvrira la Ligue des champions sous les ordres de Roberto De Zerbi.", "Roberto De Zerbi", "coach"),
        ("Le défenseur n'entre plus dans les plans de Luis Enrique.", "Luis Enrique", "coach"),
        ("Selon Fabrizio Romano, Manchester United a formulé une offre pour Jadon Sancho.", "Fabrizio Romano", "journalist"),
        ("Selon Fabrizio Romano, Manchester United a formulé une offre pour Jadon Sancho.", "Jadon Sancho", "player"),
        ("Le président Waldemar Kita a coché le nom de Moses Simon.", "Moses Simon", "player"),
        ("Diego Simeone souhaite conserver son attaquant la saison prochaine.", "Diego Simeone", "coach"),
        ("Michael Carrick assurera l'intérim jusqu'à la fin de la saison.", "Michael Carrick", "coach"),
        ("Luis Enrique a confirmé en conférence de presse le départ de Marco Verratti.", "Luis Enrique", "coach"),
        ("Luis Enrique a confirmé en conférence de presse le départ de Marco Verratti.", "Marco Verratti", "player"),
        ("L'offre lyonnaise a été repoussée par Loïc Féry.", "Loïc Féry", "executive"),
    ],
)
def test_roles_from_the_context(nlp, text, name, role):
    assert roles(nlp, text)[name] == role


def test_a_successor_takes_the_post_of_his_predecessor(nlp):
    coach = roles(nlp, "Le club cherche un nouvel entraîneur pour succéder à Will Still.")
    assert coach["Will Still"] == "coach"
    player = roles(nlp, "Le club a trouvé le successeur de Victor Osimhen : l'attaquant arrive de Lille.")
    assert player["Victor Osimhen"] == "player"


def test_a_new_signing_presented_to_the_press_is_no_coach(nlp):
    assert roles(nlp, "Neymar a été présenté en conférence de presse au Parc des Princes.") == {"Neymar": "player"}


def test_who_calls_a_player_by_his_first_name_speaks_for_the_club(nlp):
    text = ("Le Stade Rennais a vendu Jérémy Doku à Manchester City. "
            "« Jérémy voulait franchir un cap, nous avons respecté son choix », a expliqué Florian Maurice.")
    found = roles(nlp, text)
    assert found["Florian Maurice"] == "executive"
    assert found["Jérémy Doku"] == "player"


def test_people_named_together_share_a_role(nlp):
    text = "United a sondé Zinedine Zidane et Mauricio Pochettino, qui a déjà dirigé le PSG."
    found = roles(nlp, text)
    assert found["Zinedine Zidane"] == found["Mauricio Pochettino"] == "coach"


# -- names and links ------------------------------------------------------------------------------


def test_a_surname_links_to_the_full_name(nlp):
    assert links(nlp, "Jonathan David a signé à Lille. David rejoint ainsi les Dogues.") == {
        "Jonathan David": "Jonathan David", "David": "Jonathan David"}


def test_a_surname_without_its_accent_links_to_the_full_name(nlp):
    assert links(nlp, "Kylian Mbappé a marqué. Mbappe a ensuite célébré.")["Mbappe"] == "Kylian Mbappé"


def test_a_full_name_spelt_without_its_accent_is_the_same_person(nlp):
    text = "L'OM a recruté Mattéo Guendouzi. Selon RMC Sport, Matteo Guendouzi a signé jusqu'en 2027."
    doc = make_doc(nlp, text, "2024-07-01", "t")
    assert {span.id_ for span in nlp(doc).spans["people"]} == {"Mattéo Guendouzi"}


@pytest.mark.parametrize(
    "text, epithet, name",
    [
        ("Le Real Madrid a contacté Marcelo Gallardo. Le technicien argentin n'a pas encore répondu.",
         "technicien argentin", "Marcelo Gallardo"),
        ("L'OM a recruté Ismaïla Sarr. L'attaquant sénégalais a signé pour cinq ans.",
         "attaquant sénégalais", "Ismaïla Sarr"),
        ("Le PSG suit João Neves. Le Portugais plaît beaucoup aux dirigeants.", "Portugais", "João Neves"),
        ("Le Bayern a bouclé la signature de Michael Olise. L'international français a signé jusqu'en 2029.",
         "international français", "Michael Olise"),
        ("Monaco a nommé Adi Hütter. L'ancien entraîneur de Francfort arrive libre.",
         "ancien entraîneur de Francfort", "Adi Hütter"),
        ("Le club a choisi Igor Tudor. Le Croate arrive libre.", "Croate", "Igor Tudor"),
    ],
)
def test_epithets_refer_back(nlp, text, epithet, name):
    assert links(nlp, text)[epithet] == name


def test_an_epithet_votes_for_the_role(nlp):
    text = "Lille a contacté Paulo Fonseca. Le technicien portugais est libre."
    assert roles(nlp, text)["Paulo Fonseca"] == "coach"


def test_an_epithet_skips_a_person_of_another_role(nlp):
    text = ("Le PSG a contacté l'entraîneur Luis Enrique. "
            "Le directeur sportif Luis Campos a mené les discussions. L'entraîneur espagnol est libre.")
    assert links(nlp, text)["entraîneur espagnol"] == "Luis Enrique"


def test_an_epithet_prefers_the_person_of_its_nationality(nlp):
    text = ("Le club a sondé Marcelo Gallardo. Le technicien argentin hésite. "
            "Il succéderait à Philippe Clement, remercié lundi. L'entraîneur argentin doit répondre.")
    assert links(nlp, text)["entraîneur argentin"] == "Marcelo Gallardo"


def test_an_epithet_does_not_reach_into_a_quotation(nlp):
    text = ("Laurent Nicollin a démenti : « Je n'ai jamais contacté Christophe Galtier. » "
            "Le président pailladin a coupé court aux rumeurs.")
    assert links(nlp, text)["président pailladin"] == "Laurent Nicollin"


@pytest.mark.parametrize(
    "text",
    [
        "Le Real Madrid a recruté Jude Bellingham. Les supporters de l'OM attendent toujours un renfort.",
        "Lyon a recruté Ernest Nuamah. Les dirigeants du PSG ont réagi.",
        "Le PSG a recruté Désiré Doué. L'agent du joueur a salué le projet.",
    ],
)
def test_groups_and_other_roles_are_no_epithets(nlp, text):
    doc = nlp(text)
    assert [span.text for span in doc.spans["people"] if span.text != span.id_] == []


def test_a_title_before_a_name_is_no_epithet_of_someone_else(nlp):
    text = "Désiré Doué a été reçu par le président du PSG Nasser Al-Khelaïfi."
    found = nlp(text)
    assert found._.people_roles["Désiré Doué"] == "player"
    assert found._.people_roles["Nasser Al-Khelaïfi"] == "executive"
    assert [s.id_ for s in found.spans["people"] if s.text != s.id_] == []


# -- the seed article (shared gold, developers only) ------------------------------------------------------


def test_seed_article(nlp, shared_gold):
    record = next(obj for _, obj in iter_jsonl(shared_gold / "seed.jsonl"))
    doc = nlp(make_doc(nlp, record["text"], record.get("date"), record["id"]))
    article = doc_to_article(doc).to_dict()
    assert {p["name"]: p["role"] for p in article["people"]} == {
        "Marcelo Gallardo": "coach", "Igor Tudor": "coach", "Philippe Clement": "coach", "Florent Torchut": "journalist"}
    assert {c["name"] for c in article["clubs"]} == {"Olympique de Marseille", "AS Monaco", "River Plate"}
    assert article["media"] == ["L'Équipe"]
    gallardo = next(p for p in article["people"] if p["name"] == "Marcelo Gallardo")
    assert {"technicien argentin", "ancien entraîneur de River Plate", "entraîneur argentin"} <= set(gallardo["mentions"])
    epithets = [s for s in doc.spans["people"] if s.text != s.id_ and not s.id_.endswith(s.text)]
    assert {s.id_ for s in epithets} == {"Marcelo Gallardo"}


def test_person_entities_carry_the_fullest_name(nlp):
    import mercato_nlp

    doc = nlp(mercato_nlp.make_doc(nlp, "Marcelo Gallardo hésite. Gallardo doit répondre à l'OM."))
    people = [(ent.text, ent._.canonical) for ent in doc.ents if ent.label_ == "PER"]
    assert people == [("Marcelo Gallardo", "Marcelo Gallardo"), ("Gallardo", "Marcelo Gallardo")]


def test_a_name_the_model_calls_misc_is_a_person_where_a_mover_stands(nlp):
    doc = nlp(make_doc(nlp, "Officiel : Dango Ouattara quitte Lorient pour Bournemouth."))
    assert [p.text for p in doc.spans["people"]] == ["Dango Ouattara"]


def test_a_place_the_model_calls_loc_stays_a_place(nlp):
    doc = nlp(make_doc(nlp, "Il vit désormais à Los Angeles avec sa famille."))
    assert list(doc.spans["people"]) == []


def test_a_surname_the_model_took_for_a_place_is_the_person_named_in_full(nlp):
    doc = nlp(make_doc(nlp, "Tolisso vers la sortie au Bayern ?\n\nL'ancien Lyonnais Corentin Tolisso pourrait partir."))
    assert [(p.text, p.id_) for p in doc.spans["people"]][:2] == [("Tolisso", "Corentin Tolisso"), ("Corentin Tolisso", "Corentin Tolisso")]


def test_a_bare_nationality_refers_to_a_player_not_the_director_just_quoted(nlp):
    text = ("Hwang Ui-jo est suivi par Wolverhampton. Admar Lopes, le directeur du football des Girondins, a démenti toute "
            "négociation. Arrivé en 2019, le Coréen s'est parfaitement acclimaté à Bordeaux.")
    doc = nlp(text)
    referents = {span.text: span.id_ for span in doc.spans["people"]}
    assert referents["Coréen"] == "Hwang Ui-jo"


def test_a_french_dual_national_is_named_by_his_other_nationality(nlp):
    text = ("Le FC Nantes suit Umut Bozok, l'attaquant de Nîmes. Il faudra miser beaucoup pour s'offrir "
            "le Franco-Turc, également convoité par Montpellier.")
    doc = nlp(text)
    assert {span.text: span.id_ for span in doc.spans["people"]}.get("Franco-Turc") == "Umut Bozok"


def test_a_bare_nationality_refers_to_an_executive_of_that_nationality(nlp):
    text = ("Le PSG a nommé Luis Campos conseiller football. Le dirigeant portugais a rejoint Paris. "
            "Le Portugais avait été approché par le Real Madrid au printemps.")
    doc = nlp(text)
    assert {span.text: span.id_ for span in doc.spans["people"]}.get("Portugais") == "Luis Campos"


# -- what the knowledge base knows of well-known people -----------------------------------------
def test_a_nationality_epithet_skips_the_people_the_knowledge_base_knows_of_another(nlp):
    text = ("Le FC Barcelone a officialisé l'arrivée de Jules Koundé. Le club catalan suivait aussi Joško Gvardiol. "
            "Le joueur français a signé jusqu'en 2027.")
    assert links(nlp, text)["joueur français"] == "Jules Koundé"


def test_a_known_persons_role_is_a_prior_the_articles_words_outweigh(nlp):
    assert roles(nlp, "Selon L'Équipe, José Mourinho aurait été approché par Fenerbahçe.")["José Mourinho"] == "coach"
    # the article's own words: a known coach named as sporting director is one
    text = "Le directeur sportif du club, Thierry Henry, a démenti tout contact avec Bradley Barcola."
    assert roles(nlp, text)["Thierry Henry"] == "executive"


def test_a_namesake_the_knowledge_base_does_not_know_takes_nothing_from_it(nlp):
    # the KB knows Ousmane Dembélé: another Dembélé named in full is not him
    doc = nlp("L'arrivée de Moussa Dembélé au FC Metz est officielle.")
    from mercato_nlp.pipes.people import PeopleLinker
    linker = next(proc for _, proc in nlp.pipeline if isinstance(proc, PeopleLinker))
    assert linker._known_person("Moussa Dembélé") is None
    assert linker._known_person("Dembélé").name == "Ousmane Dembélé"
    assert doc._.people_roles["Moussa Dembélé"] == "player"


def test_the_speaker_of_a_quotation_is_not_the_one_it_speaks_of(nlp):
    text = ("Pour lui succéder, Gérard Lopez a choisi Albert Riera. « Albert a des idées claires et une vraie "
            "exigence », a expliqué le président bordelais.")
    assert links(nlp, text)["président bordelais"] == "Gérard Lopez"
    assert roles(nlp, text) == {"Gérard Lopez": "executive", "Albert Riera": "player"}


def test_the_doc_reading_gives_what_the_tokens_give(nlp):
    from mercato_nlp.folding import fold
    from mercato_nlp.pipes.people import DocReading

    text = ("Selon L’Équipe,  le FC Nantes et Al-Hilal suivent Corentin Tolisso.\n\n« Il est prêt », "
            "a dit l'ex-entraîneur du Paris Saint-Germain, 15 M€.")
    doc = nlp(make_doc(nlp, text))
    reading = DocReading.of(doc)
    assert reading.texts == [t.text for t in doc]
    assert reading.forms == [fold(t.text) for t in doc] and reading.lemmas == [fold(t.lemma_) for t in doc]
    assert reading.pos == [t.pos for t in doc] and reading.ent_types == [t.ent_type for t in doc]
    # the string tests that stand for the tokens' flags
    assert [(t.is_title, t.is_lower, t.is_alpha, t.is_space) for t in doc] == [
        (t.text.istitle(), t.text.islower(), t.text.isalpha(), t.text.isspace()) for t in doc]
    spans = [*doc.ents, *doc.noun_chunks, doc[:], *(doc[i:i + 3] for i in range(len(doc) - 2))]
    assert [reading.text(span) for span in spans] == [span.text for span in spans]


def test_the_entity_types_the_reading_keeps_are_those_set(nlp):
    from spacy.tokens import Span

    from mercato_nlp.pipes.people import DocReading, PeopleLinker

    doc = nlp(make_doc(nlp, "Selon L'Équipe, le FC Nantes suit Corentin Tolisso, qui vit à Lyon."))
    ents = [*doc.ents[1:], Span(doc, 0, 1, label="MISC")]
    reading = PeopleLinker._set_entities(doc, sorted(ents, key=lambda e: e.start), DocReading.of(doc))
    assert reading.ent_types == [t.ent_type for t in doc]
    assert doc[0].ent_type_ == "MISC" and "PER" in [t.ent_type_ for t in doc]
