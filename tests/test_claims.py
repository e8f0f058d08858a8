"""The claim classifier: event types from cues, status from mood, markers and negation.

Every sentence here is written for these tests. A claim is read as
(sorted event types, status); ``claims_of`` lists them in text order.
"""

from __future__ import annotations

import pytest

from mercato_nlp.knowledge import load_resource
from mercato_nlp.pipes.claims import _Tree, check_rules, quoted_tokens


def claims_of(nlp, text: str) -> list[tuple[tuple[str, ...], str]]:
    doc = nlp(text)
    return [(tuple(c._.event_types), c._.status) for c in doc.spans["claims"]]


def statuses(nlp, text: str, event_type: str) -> set[str]:
    """The statuses the text's claims give one event type."""
    return {status for types, status in claims_of(nlp, text) if event_type in types}


# -- speculative ------------------------------------------------------------------------

@pytest.mark.parametrize("text, event_type", [
    ("Selon L'Équipe, le Stade Rennais aurait formulé une offre pour Martin Terrier.", "offer"),
    # the tagger reads these conditionals as imperfects: the verb's form tells them
    ("Les dirigeants nantais penseraient à Moses Simon pour leur attaque.", "interest"),
    ("L'Atalanta apprécierait beaucoup le profil de Téji Savanier.", "interest"),
    ("Le milieu s'engagerait pour quatre ans avec le Real Madrid.", "signing"),
    # the conditional of the verb an infinitive depends on
    ("Le Real Madrid attendrait la fin de saison pour recruter Kylian Mbappé.", "interest"),
    ("Mathys Tel devrait rejoindre le Bayern Munich dans la semaine.", "signing"),
])
def test_conditional_is_speculative(nlp, text, event_type):
    assert statuses(nlp, text, event_type) == {"speculative"}


@pytest.mark.parametrize("text, event_type", [
    ("Visiblement, l'OGC Nice s'intéresse à Khéphren Thuram.", "interest"),
    ("Selon des rumeurs, le LOSC a contacté Jonathan Clauss.", "contact"),
    ("Mathys Tel a de fortes chances de signer au Bayern Munich.", "signing"),
    ("Une prolongation de Jonathan David reste possible au LOSC.", "extension"),
])
def test_hedge_is_speculative(nlp, text, event_type):
    assert statuses(nlp, text, event_type) == {"speculative"}


def test_question_title_is_speculative(nlp):
    assert claims_of(nlp, "Mercato : Jonathan Clauss vers l'OM ?") == [(("interest",), "speculative")]


def test_title_without_verb_needs_a_club_after_vers(nlp):
    assert statuses(nlp, "Mercato : Jonathan Clauss vers la sortie ?", "interest") == set()
    assert statuses(nlp, "Le défenseur se dirige vers l'OM.", "interest") == set()


def test_hedge_of_a_nested_clause_stays_there(nlp):
    # the relative clause's announcement does not make the main clause official,
    # and a conditional in another clause does not hedge this one
    assert statuses(nlp, "Xavier Chavalerin s'engagera avec Brest, qui a aussi annoncé un nouveau sponsor.",
                    "signing") == {"reported"}
    assert statuses(nlp, "Les premiers contacts auraient eu lieu dimanche, mais le Belge prend son temps.",
                    "hesitation") == {"reported"}


def test_a_participle_clause_keeps_its_own_status(nlp):
    text = "Libéré par Valence, Eliaquim Mangala pourrait s'engager avec l'AS Saint-Étienne."
    assert claims_of(nlp, text) == [(("departure",), "confirmed"), (("signing",), "speculative")]


# -- reported ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Marcus Thuram signera à l'Inter Milan la semaine prochaine.",
    "Amine Gouiri va s'engager avec le Stade Rennais.",
])
def test_future_in_the_indicative_is_reported(nlp, text):
    assert statuses(nlp, text, "signing") == {"reported"}


def test_next_step_after_a_medical_is_reported(nlp):
    text = "Amine Gouiri passera sa visite médicale lundi avant de signer avec le Stade Rennais."
    assert claims_of(nlp, text) == [(("medical",), "reported"), (("signing",), "reported")]


def test_a_wish_claims_a_departure_not_a_signing(nlp):
    assert statuses(nlp, "Mathys Tel veut quitter le Bayern Munich.", "departure") == {"reported"}
    assert claims_of(nlp, "L'attaquant veut rejoindre le Real Madrid.") == []


# -- confirmed -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, event_type", [
    ("Le LOSC a officialisé la signature d'Edon Zhegrova.", "signing"),
    ("Le Toulouse FC a annoncé le départ de Thijs Dallinga dans un communiqué.", "departure"),
])
def test_official_announcement_is_confirmed(nlp, text, event_type):
    assert statuses(nlp, text, event_type) == {"confirmed"}


def test_official_carrier_claims_the_move_it_announces(nlp):
    # 'officialiser le départ' is a departure, not a signing
    assert claims_of(nlp, "L'AS Saint-Étienne a officialisé le départ de Claude Puel.") == [
        (("departure",), "confirmed")
    ]


@pytest.mark.parametrize("text, event_type", [
    ("Arrivé à Lens en 2021, Seko Fofana a marqué les esprits.", "signing"),
    ("Depuis son arrivée à Marseille, Jonathan Clauss a disputé trente matchs.", "signing"),
    ("Le technicien, limogé par le FC Séville en octobre, reste sans club.", "departure"),
    ("Le défenseur a passé sa visite médicale à Lille mardi.", "medical"),
    ("Après avoir recruté Folarin Balogun, Monaco cherche un milieu.", "signing"),
    ("José Mourinho, le nouvel entraîneur de Fenerbahçe, veut un ailier.", "signing"),
])
def test_accomplished_move_is_confirmed(nlp, text, event_type):
    assert statuses(nlp, text, event_type) == {"confirmed"}


@pytest.mark.parametrize("text, event_type", [
    ("L'OM et Naples ont trouvé un accord pour le transfert de Arkadiusz Milik.", "agreement"),
    ("L'Inter Milan anticipe déjà le départ de Lautaro Martinez à la fin de la saison.", "departure"),
    ("Mis à l'écart par les Napolitains depuis septembre, Milik ne joue plus.", "departure"),
])
def test_a_past_verb_does_not_accomplish_the_move_it_only_mentions(nlp, text, event_type):
    assert statuses(nlp, text, event_type) == {"reported"}


def test_principal_quoted_in_the_first_person_confirms(nlp):
    text = "« Nous avons fait une offre à Lorient pour ce joueur », a déclaré le président du Stade Brestois."
    assert claims_of(nlp, text) == [(("offer",), "confirmed")]


def _quoted_by_tokens(doc, marks: dict[str, str]) -> set[int]:
    """``quoted_tokens`` as it read every Token: its text, and whether it is whitespace."""
    inside, closing, opening = set(), None, -1
    for token in doc:
        if closing is not None and token.text == closing:
            inside.update(range(opening + 1, token.i))
            closing = None
        elif closing is None and token.text in marks:
            closing, opening = marks[token.text], token.i
        if closing is not None and closing == marks.get('"') and "\n" in token.text and token.is_space:
            inside.update(range(opening + 1, token.i + 1))
            closing = None
    if closing is not None:
        inside.update(range(opening + 1, len(doc)))
    return inside


@pytest.mark.parametrize("text", [
    "« Nous avons fait une offre », a dit le président. Il « hésite » encore.",
    'Il a dit "je pars" puis "rien de plus\n\nUn autre paragraphe " et « la fin',
    "“C'était ma priorité”, confie-t-il. Puis « encore",
])
def test_quoted_tokens_are_those_between_the_marks(nlp, text):
    marks = load_resource("cues/status.json")["quotation_marks"]
    assert all(mark.lower() == mark for pair in marks.items() for mark in pair)  # found on lowercase forms
    doc = nlp(text)
    assert quoted_tokens(_Tree.of(doc), marks) == _quoted_by_tokens(doc, marks)


def test_a_quote_without_first_person_is_reported(nlp):
    text = "« Le Stade Brestois a fait une offre à Lorient », affirme le journaliste."
    assert statuses(nlp, text, "offer") == {"reported"}


# -- denied --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, event_type", [
    ("Le président monégasque a démenti tout contact avec Kylian Mbappé.", "contact"),
    ("Le Real Madrid n'a jamais formulé d'offre pour Bradley Barcola.", "offer"),
    ("Ni Lyon ni Lens n'ont transmis d'offre à ce stade.", "offer"),
    ("Le milieu de terrain a choisi de ne pas prolonger son bail avec le Montpellier HSC.", "extension"),
    ("Le transfert avorté de Hugo Ekitike au PSG a fait du bruit.", "signing"),
    ("L'attaquant refuse de rencontrer les dirigeants d'Al-Hilal.", "contact"),
])
def test_denial_and_negated_move_are_denied(nlp, text, event_type):
    assert statuses(nlp, text, event_type) == {"denied"}


def test_denied_agreement_keeps_its_type(nlp):
    text = "Son agent dément : « Aucun accord n'a été signé avec Milan. »"
    assert claims_of(nlp, text) == [(("agreement",), "denied")]


@pytest.mark.parametrize("text, event_type, status", [
    # a litotes is no denial
    ("Il ne serait pas contre un départ de l'OL cet été.", "departure", "speculative"),
    # 'ne ... que' restricts, 'avant que ... ne' is expletive
    ("Le défenseur ne veut que le Real Madrid, qui le suit depuis un an.", "interest", "reported"),
    ("Avant que leurs chemins ne se séparent, le club a salué ses joueurs.", "departure", "reported"),
    # the subject of a negated predicate is not denied ('cette hésitation ne joue pas en sa faveur')
    ("Cette hésitation de Marcelo Gallardo ne joue pas en faveur de l'OM.", "hesitation", "reported"),
    # without 'ne', 'plus' adds ('en plus de X'), it does not negate
    ("Peter Bosz veut renforcer son attaque. En plus de Xherdan Shaqiri, un Iranien serait sur les tablettes de l'OL.",
     "interest", "speculative"),
])
def test_negations_that_do_not_deny(nlp, text, event_type, status):
    assert statuses(nlp, text, event_type) == {status}


# -- negation rewrites -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a person who withholds his own consent hesitates
    ("Le défenseur n'a pas encore donné son accord au FC Nantes.", [(("hesitation",), "reported")]),
    # clubs that have not agreed yet are negotiating
    ("Le FC Nantes et le Stade Rennais n'ont pas encore trouvé d'accord pour Moses Simon.",
     [(("negotiation",), "reported")]),
    ("Les Canaris n'ont pas encore donné leur accord à Lyon.", [(("negotiation",), "reported")]),
    # a decision not yet taken is a hesitation, a decision taken claims nothing
    ("L'attaquant n'a pas encore tranché entre Lens et Lille.", [(("hesitation",), "reported")]),
    ("Il n'a pas encore donné sa réponse aux dirigeants qataris.", [(("hesitation",), "reported")]),
    ("Les dirigeants lyonnais ont tranché.", []),
])
def test_negated_agreement_and_decision_are_rewritten(nlp, text, expected):
    assert claims_of(nlp, text) == expected


# -- no claim ------------------------------------------------------------------------------

def test_hypothetical_clause_claims_nothing(nlp):
    types = {t for types, _ in claims_of(nlp, "Si le PSG vend Kylian Mbappé, le club recrutera un attaquant.")
             for t in types}
    assert "departure" not in types
    types = {t for types, _ in claims_of(nlp, "En cas de départ de Jonathan David, le LOSC recrutera.")
             for t in types}
    assert "departure" not in types


def test_hope_claims_nothing(nlp):
    text = "Les supporters restent confiants, espérant que leur club pourra réaliser cette acquisition."
    assert claims_of(nlp, text) == []


def test_second_conjunct_of_a_wish_still_claims(nlp):
    text = "Diego Simeone souhaiterait garder son attaquant, et l'Atlético pourrait lui proposer une prolongation."
    assert statuses(nlp, text, "offer") == {"speculative"}


# -- type cues -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, event_type", [
    ("Lucas Chevalier est suivi par le Paris Saint-Germain depuis l'été.", "interest"),
    ("Le FC Nantes fonce sur Ibrahima Sissoko.", "interest"),
    ("Les Girondins se penchent sur le cas de Josh Maja.", "interest"),
    ("Le PSG éconduit par Victor Osimhen.", "refusal"),
    ("Le FC Nantes se sépare de son entraîneur Antoine Kombouaré.", "departure"),
    ("Karim Benzema a tourné la page du Real Madrid.", "departure"),
    ("Le joueur ne fait plus partie des plans de l'OM.", "departure"),
    ("L'OM a retenté une approche pour Gaël Kakuta.", "contact"),
    ("Le Sporting Portugal vient d'annoncer le transfert de Manuel Ugarte.", "signing"),
])
def test_type_cues(nlp, text, event_type):
    assert any(event_type in types for types, _ in claims_of(nlp, text))


@pytest.mark.parametrize("text, absent", [
    ("Le marché des transferts ferme ses portes ce soir à Lyon.", "signing"),
    ("Le principal intéressé, Jonathan David, était présent au stade de Lille.", "interest"),
    ("Milik n'a plus disputé le moindre match officiel avec Naples.", "signing"),
    ("La réponse de Kylian Mbappé à Al-Hilal est sans appel.", "contact"),
    ("Le Bayern Munich et le PSG ont trouvé un accord pour le transfert de Kingsley Coman.", "signing"),
    ("Liverpool s'était positionné, sans jamais formuler d'offre officielle pour Aurélien Tchouaméni.", "signing"),
    ("Aucun accord n'a été signé entre Milan et Renato Sanches.", "signing"),
    ("« Le dossier Gouiri avance bien », conclut L'Équipe.", "negotiation"),
    ("Le Borussia Dortmund veut s'attacher les services de Rayan Cherki.", "signing"),
])
def test_words_that_are_no_cue_here(nlp, text, absent):
    assert not any(absent in types for types, _ in claims_of(nlp, text))


@pytest.mark.parametrize("text, expected", [
    ("Le FC Nantes souhaite recruter Ibrahima Sissoko.", "interest"),
    ("Le FC Nantes a recruté Ibrahima Sissoko en 2021.", "signing"),
    ("L'Atalanta s'est attaché les services de Charles De Ketelaere.", "signing"),
    ("L'Atalanta veut s'attacher les services de Charles De Ketelaere.", "interest"),
    ("Aston Villa a les yeux rivés sur Khéphren Thuram.", "interest"),
])
def test_acquiring_verbs_are_signings_once_done(nlp, text, expected):
    types = {t for types, _ in claims_of(nlp, text) for t in types}
    assert expected in types
    assert not types & ({"signing", "interest"} - {expected})


def test_recruited_is_a_signing_not_an_interest(nlp):
    text = "Le milieu, recruté par Tottenham en 2019, est prêté à Naples."
    types = [types for types, _ in claims_of(nlp, text)]
    assert any("signing" in t for t in types)
    assert not any("interest" in t for t in types)


# -- claims ---------------------------------------------------------------------------------

def test_two_statuses_in_one_clause_give_two_claims(nlp):
    doc = nlp("Le Stade Brestois aurait soumis une offre pour Romain Faivre, recruté par Lorient en 2022.")
    claims = list(doc.spans["claims"])
    by_type = {t: c for c in claims for t in c._.event_types}
    assert by_type["offer"]._.status == "speculative"
    assert by_type["signing"]._.status == "confirmed"
    assert (by_type["offer"].start, by_type["offer"].end) != (by_type["signing"].start, by_type["signing"].end)


def test_claim_carries_its_cue_tokens_and_source(nlp):
    doc = nlp("Selon L'Équipe, le Stade Rennais a formulé une offre pour Martin Terrier.")
    (claim,) = doc.spans["claims"]
    assert [doc[i].lower_ for i in claim._.cue_tokens] == ["formulé", "offre"]
    assert claim._.source == "L'Équipe"


def test_status_rules_refuse_unknown_keys():
    rules = load_resource("cues/status.json")
    assert check_rules(rules) is rules
    with pytest.raises(ValueError, match="unknown keys"):
        check_rules({**rules, "hedgez": ["peut-être"]})
    with pytest.raises(ValueError, match="missing keys"):
        check_rules({k: v for k, v in rules.items() if k != "hedges"})


# -- verb and noun pairs (DependencyMatcher) -------------------------------------------------

@pytest.mark.parametrize("text, event_type", [
    ("Le RC Lens a fermé la porte à Chelsea pour Kevin Danso.", "refusal"),
    ("La porte a été fermée à Chelsea par les dirigeants lensois.", "refusal"),
    ("Le président a claqué la porte au nez des émissaires saoudiens.", "refusal"),
    ("Le FC Nantes ouvre en grand la porte à Moses Simon.", "departure"),
    ("Roland Romeyer a coché le nom de Pascal Dupraz.", "interest"),
    ("Le RC Lens et le FC Nantes ont enfin trouvé un terrain d'entente pour Moses Simon.", "agreement"),
])
def test_a_verb_and_its_noun_make_a_cue_in_any_order(nlp, text, event_type):
    assert event_type in {t for types, _ in claims_of(nlp, text) for t in types}


def test_a_market_closing_its_doors_is_no_refusal(nlp):
    assert not any("refusal" in types for types, _ in claims_of(nlp, "Le mercato fermera ses portes dans un mois."))


def test_dependency_cue_table_names_known_types():
    table = load_resource("cues/dependency.json")
    types = {k for k in load_resource("cues/event_types.json") if not k.startswith("_")}
    assert {k for k in table if not k.startswith("_")} - {"deps"} <= types


@pytest.mark.parametrize("text", [
    "« Je n'ai pas hésité longtemps, le projet m'a convaincu », a déclaré Georginio Wijnaldum.",
    "Ousmane Dembélé a repoussé sans hésiter la proposition saoudienne.",
])
def test_not_hesitating_is_no_hesitation(nlp, text):
    assert not any("hesitation" in types for types, _ in claims_of(nlp, text))


@pytest.mark.parametrize("text, status", [
    ("Les noms de Gaël Kakuta et d'Enzo Crivelli reviennent avec insistance du côté de Lens.", "speculative"),
    ("Le nom de Téji Savanier a été cité du côté de l'OM.", "reported"),
])
def test_a_name_that_circulates_is_an_interest(nlp, text, status):
    assert ("interest",) in {types for types, _ in claims_of(nlp, text)}
    assert statuses(nlp, text, "interest") == {status}


def test_pair_cues_find_what_a_dependency_matcher_finds(nlp):
    from spacy.matcher import DependencyMatcher

    from mercato_nlp.pipes.claims import PairCues

    table = load_resource("cues/dependency.json")
    matcher = DependencyMatcher(nlp.vocab)
    for label, pairs in table.items():
        if not label.startswith("_") and label != "deps":
            matcher.add(label, [[
                {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": pair["verbs"]}}},
                {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "noun",
                 "RIGHT_ATTRS": {"LOWER": {"IN": pair["nouns"]}, "DEP": {"IN": table["deps"]}}},
            ] for pair in pairs])
    doc = nlp("Le PSG signe. Le RC Lens a fermé la porte à Chelsea. Les deux clubs ont trouvé un terrain d'entente. "
              "La porte lui a été fermée. Le mercato fermera ses portes. Roland Romeyer a coché le nom de Pascal Dupraz.")
    expected = {(label, verb, verb + 1) for label, (verb, _) in matcher(doc)}
    assert len(expected) == 4
    assert set(PairCues(nlp, table)(doc)) == expected


def test_trying_to_overtake_is_a_competing_bid_not_an_interest(nlp):
    types = {t for ts, _ in claims_of(nlp, "Le FC Séville a tenté de doubler Toulouse pour Thijs Dallinga.") for t in ts}
    assert "competing_bid" in types and "interest" not in types


def test_a_hedge_does_not_reach_the_clause_coordinated_with_it(nlp):
    text = ("Le nom de Randal Kolo Muani a circulé comme une piste possible, mais l'attaquant a finalement signé "
            "à l'Eintracht Francfort.")
    assert "speculative" not in statuses(nlp, text, "signing")


@pytest.mark.parametrize("text, status", [
    ("Bruno Génésio sera le prochain entraîneur du Stade Rennais.", "reported"),
    ("Selon RMC Sport, Will Still devrait être le futur entraîneur du RC Lens.", "speculative"),
])
def test_the_next_coach_is_a_signing(nlp, text, status):
    assert statuses(nlp, text, "signing") == {status}


def test_an_eviction_is_a_departure(nlp):
    text = "Sans club depuis son éviction de l'OM en février, Igor Tudor s'est engagé avec la Lazio."
    assert statuses(nlp, text, "departure") == {"confirmed"}


@pytest.mark.parametrize("text", [
    "Le RC Lens s'est finalement entendu avec l'Udinese pour Florian Sotoca.",
    "Le Stade Brestois et le FC Lorient se sont entendus sur une indemnité de 12 M€ pour Romain Faivre.",
    "Nottingham Forest s'était pourtant entendu avec Lyon sur un montant de 30 M€.",
])
def test_clubs_that_came_to_terms_agree(nlp, text):
    assert statuses(nlp, text, "agreement") == {"reported"}


@pytest.mark.parametrize("text", [
    "Le FC Nantes s'est penché sur le dossier de Moses Simon.",
    "L'Olympique de Marseille se penche également sur le cas de Kévin Danso.",
])
def test_a_club_looking_into_a_case_is_an_interest(nlp, text):
    assert statuses(nlp, text, "interest") == {"reported"}


def test_a_clubs_advances_are_an_interest(nlp):
    text = "Le milieu a finalement choisi Chelsea malgré les avances insistantes du Borussia Dortmund."
    assert statuses(nlp, text, "interest") == {"reported"}


@pytest.mark.parametrize("text, event_type, status", [
    ("Le Stade Rennais a fini par accepter l'offre de Chelsea pour Désiré Doué.", "agreement", "reported"),
    ("Romain Faivre a fini par signer au FC Lorient.", "signing", "confirmed"),
])
def test_what_a_party_ended_up_doing_is_claimed(nlp, text, event_type, status):
    assert statuses(nlp, text, event_type) == {status}


@pytest.mark.parametrize("text, status", [
    ("Officiel : Désiré Doué prolonge au Stade Rennais et part en prêt au FC Metz.", "confirmed"),
    ("Le jeune attaquant part en prêt à l'AJ Auxerre pour la saison.", "reported"),
])
def test_going_out_on_loan_is_a_departure(nlp, text, status):
    assert statuses(nlp, text, "departure") == {status}


def test_choosing_a_club_is_a_signing_choosing_to_do_something_is_not(nlp):
    assert statuses(nlp, "Le défenseur a choisi les Gones malgré l'intérêt de Nice.", "signing") == {"confirmed"}
    assert statuses(nlp, "Né à Lyon, l'attaquant a choisi de représenter l'Algérie en sélection.", "signing") == set()
    assert statuses(nlp, "Le Néerlandais a choisi de poursuivre son aventure au PSV.", "signing") == set()


@pytest.mark.parametrize("text, event_type, status", [
    ("Le FC Nantes a choisi de se séparer d'Antoine Kombouaré.", "departure", "confirmed"),
    ("Les dirigeants lyonnais ont choisi d'ouvrir la porte à Corentin Tolisso.", "departure", "confirmed"),
    ("Malgré l'intérêt de Rennes, Jonathan Clauss aurait choisi de rejoindre l'OGC Nice.", "signing", "speculative"),
])
def test_a_move_chosen_is_claimed_with_the_choice_s_status(nlp, text, event_type, status):
    assert statuses(nlp, text, event_type) == {status}


@pytest.mark.parametrize("text", [
    "« Porter ce maillot, c'est un rêve de gosse », a confié Bradley Barcola après sa signature à Paris.",
    "Le Portugais, qui rêve de remporter la Ligue des champions, vient de s'engager avec le Real Madrid.",
])
def test_a_players_dream_is_no_clubs_interest(nlp, text):
    assert statuses(nlp, text, "interest") == set()


def test_a_match_is_no_contact_a_meeting_is(nlp):
    assert statuses(nlp, "Bradley Barcola a brillé lors de la rencontre face au RC Lens samedi.", "contact") == set()
    assert statuses(nlp, "Les dirigeants lillois ont rencontré l'entourage de Jonathan David.", "contact") == {"reported"}


@pytest.mark.parametrize("text", [
    "Luis Enrique a personnellement appelé Désiré Doué pour le convaincre de rejoindre Paris.",
    "Selon L'Équipe, Roberto De Zerbi a appelé en personne Mason Greenwood la semaine dernière.",
])
def test_a_coach_calling_a_player_in_person_is_a_contact(nlp, text):
    assert statuses(nlp, text, "contact") == {"reported"}


@pytest.mark.parametrize("text", [
    "Promu en Ligue 1, le Paris FC continue de se renforcer avec l'arrivée de Moses Simon.",
    "L'AJ Auxerre s'est renforcé durant le mercato hivernal.",
])
def test_strengthening_a_squad_is_no_interest(nlp, text):
    assert statuses(nlp, text, "interest") == set()


def test_back_at_a_club_is_a_signing_back_in_a_league_is_not(nlp):
    assert statuses(nlp, "De retour en Ligue 1, le FC Metz veut jouer le maintien avec Georges Mikautadze.",
                    "signing") == set()
    assert statuses(nlp, "Mercato : Alexandre Lacazette de retour à l'Olympique Lyonnais ?", "signing") == {"speculative"}


@pytest.mark.parametrize("text, absent", [
    # a deal 'bouclé' or 'conclu' is done, not under negotiation ('proche de boucler' is)
    ("Le LOSC a bouclé l'arrivée de Hákon Arnar Haraldsson.", "negotiation"),
    ("L'accord conclu entre l'Olympique Lyonnais et Chelsea porte sur 50 M€.", "negotiation"),
    # a fee paid for a signing is no offer
    ("Le milieu s'est engagé avec le PSG contre un chèque de 60 M€.", "offer"),
    # a contract that runs is no extension
    ("Le défenseur, dont le bail expire en 2026, quitte le FC Nantes.", "extension"),
    # 'sur le coup' alone is 'at the time'
    ("Sur le coup, Randal Kolo Muani n'a pas compris la décision de l'arbitre.", "competing_bid"),
    # a project judged uncertain, or 'sans doute', is no hesitation
    ("Jugeant le projet trop incertain, Rudi Garcia a décliné l'offre du SCO Angers.", "hesitation"),
    ("Le PSG n'a sans doute pas envie de laisser filer Warren Zaïre-Emery.", "hesitation"),
    # 'officiel' tells a status, not a move
    ("L'opération devrait devenir officielle dans les prochaines heures au PSG.", "signing"),
])
def test_words_that_claim_no_stage_of_their_own(nlp, text, absent):
    assert statuses(nlp, text, absent) == set()


def test_near_completion_and_done_deals_still_claim(nlp):
    assert statuses(nlp, "L'OM est proche de boucler l'arrivée de Pierre-Emile Højbjerg.", "negotiation") == {"reported"}
    assert statuses(nlp, "Le LOSC a bouclé l'arrivée de Hákon Arnar Haraldsson.", "signing") == {"confirmed"}
    assert statuses(nlp, "Wissam Ben Yedder a signé un nouveau bail de trois ans avec Monaco.", "extension") == {"confirmed"}


# -- cues of the stages: drawing closer, sealing, falling back, appointing, terminating ----------

@pytest.mark.parametrize("text, event_type, status", [
    # clubs that draw closer to an agreement are negotiating, not agreed
    ("Le FC Nantes et l'OGC Nice se rapprochent d'un accord pour Moses Simon.", "negotiation", "reported"),
    # a deal sealed is an agreement ('le deal' alone is only the transaction)
    ("Le Stade Rennais a conclu le deal avec Benjamin Bourigeaud.", "agreement", "reported"),
    # an offer judged too low is turned down
    ("La proposition du FC Lorient a été jugée insuffisante par le Stade Brestois.", "refusal", "reported"),
    # a club that treats itself to a player buys him
    ("Le Stade Rennais s'offre Ludovic Blas.", "signing", "reported"),
    ("Le Stade Rennais s'est offert Ludovic Blas.", "signing", "confirmed"),
    # a club that falls back on a player now targets him
    ("Faute de mieux, le Toulouse FC s'est rabattu sur Frank Magri.", "interest", "reported"),
    # a club that cannot rival another's offer was in the race
    ("Le FC Nantes ne peut pas rivaliser avec l'offre saoudienne pour Mostafa Mohamed.", "competing_bid", "denied"),
])
def test_cues_name_the_stage_reached(nlp, text, event_type, status):
    assert status in statuses(nlp, text, event_type)


@pytest.mark.parametrize("text, absent", [
    ("Le FC Nantes et l'OGC Nice se rapprochent d'un accord pour Moses Simon.", "agreement"),
    ("Selon le journaliste, le deal pourrait se faire dans la semaine pour Bamba Dieng.", "agreement"),
    ("Un effectif qui semble insuffisant pour que l'OGC Nice joue l'Europe avec Terem Moffi.", "refusal"),
    ("Des démarches administratives retardent l'arrivée de Luis Suárez à la Juventus.", "contact"),
    ("Le Stade Rennais de Ludovic Blas reste dans la course à l'Europe.", "competing_bid"),
    ("« Je suis heureux pour lui, Loïs Openda mérite ce qui lui arrive au RC Lens. »", "signing"),
    # confiding in a newspaper is no appointment
    ("« Je ne me sentais pas prêt à partir », avait confié le joueur à L'Équipe au printemps.", "signing"),
    # a new coach still sought is no appointment
    ("En quête d'un nouvel entraîneur, le FC Nantes étudie plusieurs pistes.", "signing"),
    # an offer that arrives is no player arriving
    ("Le LOSC attend les offres arrivant pour Jonathan David avant de se décider.", "signing"),
    # near to something that is no deal: a match, a promotion
    ("Tout proche de la montée avec le Paris FC, Stéphane Gilli a reçu les éloges de ses dirigeants.", "negotiation"),
])
def test_words_that_claim_no_stage(nlp, text, absent):
    assert statuses(nlp, text, absent) == set()


@pytest.mark.parametrize("text, event_type, status", [
    # handing a club the reins is an appointment
    ("Le Sporting a confié les rênes de l'équipe à João Pereira.", "signing", "confirmed"),
    # becoming a club's coach is an appointment, in any tense
    ("Jean-Marc Furlan va devenir l'entraîneur de l'AJ Auxerre.", "signing", "reported"),
    ("Will Still est devenu entraîneur du Stade de Reims en 2023.", "signing", "confirmed"),
    ("Régis Le Bris deviendrait le coach du FC Lorient.", "signing", "speculative"),
    # the approval a deal waits for: an agreement; withheld by the player, a hesitation
    ("Le RC Lens a obtenu l'aval d'Elye Wahi pour son transfert.", "agreement", "reported"),
    ("Elye Wahi n'a pas encore donné son aval au RC Lens.", "hesitation", "reported"),
    # an agreement found to terminate a contract tells a departure
    ("Dimitri Payet a trouvé un accord avec l'OM pour résilier son contrat.", "departure", "reported"),
])
def test_appointment_approval_and_termination(nlp, text, event_type, status):
    assert status in statuses(nlp, text, event_type)


def test_ne_plus_que_restricts_and_does_not_negate(nlp):
    text = ("À en croire son directeur sportif, il ne manque plus que l'aval de l'entourage de Manu Koné "
            "pour boucler l'affaire avec l'AS Roma.")
    assert claims_of(nlp, text) == [(("agreement",), "reported")]


def test_asking_for_a_players_arrival_is_an_interest(nlp):
    assert claims_of(nlp, "Le coach lyonnais réclame la venue d'un défenseur central.") == [(("interest",), "reported")]


@pytest.mark.parametrize("text, status", [
    ("Omar Daf va devenir le nouvel entraîneur de Dijon.", "reported"),
    ("Omar Daf deviendra le nouvel entraîneur de Dijon.", "reported"),
    ("Omar Daf est le nouvel entraîneur de Dijon.", "confirmed"),
])
def test_the_new_coach_is_a_fact_only_once_he_is(nlp, text, status):
    assert statuses(nlp, text, "signing") == {status}


@pytest.mark.parametrize("text, status", [
    ("Le FC Nantes cherche un attaquant pour compenser le départ de Mostafa Mohamed.", "confirmed"),
    ("Le FC Nantes cherchera un attaquant pour pallier le départ de Mostafa Mohamed.", "confirmed"),
    ("Le FC Nantes cherche un attaquant pour pallier le probable départ de Mostafa Mohamed.", "speculative"),
])
def test_a_departure_to_make_up_for_has_happened_unless_doubted(nlp, text, status):
    assert statuses(nlp, text, "departure") == {status}
