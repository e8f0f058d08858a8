"""Claims and events on French sentences of our own: every type, and the hard cases."""

from __future__ import annotations

import pytest

import mercato_nlp


def events(nlp, text, date="2024-07-03"):
    doc = nlp(mercato_nlp.make_doc(nlp, text, date, "t"))
    return {(e.type.value, e.subject, e.key_club): e for e in doc._.events}


def one(nlp, text, event_type, subject, club, date="2024-07-03"):
    found = events(nlp, text, date)
    assert (event_type, subject, club) in found, sorted(found)
    return found[(event_type, subject, club)]


@pytest.mark.parametrize(
    "text, event_type, subject, club, status",
    [
        ("L'OM s'intéresse à Jonathan David, l'attaquant du LOSC.", "interest", "Jonathan David", "Olympique de Marseille", "reported"),
        ("Le Stade Rennais a pris contact avec l'entourage de Ludovic Blas.", "contact", "Ludovic Blas", "Stade Rennais", "reported"),
        ("Selon L'Équipe, le PSG aurait formulé une offre de 60 M€ pour Victor Osimhen.", "offer", "Victor Osimhen", "Paris Saint-Germain", "speculative"),
        ("Les négociations entre l'Olympique Lyonnais et Georges Mikautadze avancent.", "negotiation", "Georges Mikautadze", "Olympique Lyonnais", "reported"),
        ("Manchester United tente de doubler le PSG dans le dossier Victor Osimhen.", "competing_bid", "Victor Osimhen", "Manchester United", "reported"),
        ("Un accord a été trouvé entre le RC Lens et Elye Wahi.", "agreement", "Elye Wahi", "RC Lens", "reported"),
        ("Khéphren Thuram a refusé l'offre de Chelsea.", "refusal", "Khéphren Thuram", "Chelsea", "reported"),
        ("Victor Osimhen hésite encore entre le PSG et Chelsea.", "hesitation", "Victor Osimhen", "Chelsea", "reported"),
        ("Jonathan Clauss passera sa visite médicale à Marseille ce jeudi.", "medical", "Jonathan Clauss", "Olympique de Marseille", "reported"),
        ("Officiel : Pierre-Emerick Aubameyang a signé à l'OM jusqu'en 2025.", "signing", "Pierre-Emerick Aubameyang", "Olympique de Marseille", "confirmed"),
        ("Nabil Fekir a prolongé avec le Betis jusqu'en 2027.", "extension", "Nabil Fekir", "Real Betis", "confirmed"),
        ("Le FC Nantes a limogé Antoine Kombouaré.", "departure", "Antoine Kombouaré", "FC Nantes", "confirmed"),
    ],
)
def test_each_type(nlp, text, event_type, subject, club, status):
    assert one(nlp, text, event_type, subject, club).status.value == status


def test_passive_refusal_by_the_selling_club(nlp):
    text = "L'offre de Chelsea pour Khéphren Thuram a été refusée par l'OGC Nice."
    refusal = one(nlp, text, "refusal", "Khéphren Thuram", "Chelsea")
    assert refusal.agent == "OGC Nice"
    assert one(nlp, text, "offer", "Khéphren Thuram", "Chelsea").to_club == "Chelsea"


def test_negated_agreement_is_hesitation(nlp):
    found = events(nlp, "Ousmane Dembélé n'a pas encore donné son accord au PSG.")
    assert ("hesitation", "Ousmane Dembélé", "Paris Saint-Germain") in found
    assert not any(key[0] == "agreement" for key in found)


def test_negated_interest_is_denied(nlp):
    assert one(nlp, "Lens ne s'intéresse pas à Wissam Ben Yedder.", "interest", "Wissam Ben Yedder", "RC Lens").status.value == "denied"


def test_denial_by_an_agent(nlp):
    text = "L'agent de Rayan Cherki dément tout contact avec le Borussia Dortmund."
    assert one(nlp, text, "contact", "Rayan Cherki", "Borussia Dortmund").status.value == "denied"


def test_two_clubs_in_one_sentence_make_two_events(nlp):
    found = events(nlp, "Le Real Madrid et le Bayern Munich s'intéressent à Florian Wirtz.")
    assert {("interest", "Florian Wirtz", "Real Madrid"), ("interest", "Florian Wirtz", "Bayern Munich")} <= set(found)


def test_departure_keys_on_the_club_left_and_reads_the_deal(nlp):
    departure = one(nlp, "Wissam Ben Yedder quitte l'AS Monaco libre.", "departure", "Wissam Ben Yedder", "AS Monaco")
    assert departure.from_club == "AS Monaco" and departure.deal.value == "free"


def test_fee_source_and_contract(nlp):
    offer = one(nlp, "Selon L'Équipe, le PSG aurait formulé une offre de 60 M€ pour Victor Osimhen.", "offer", "Victor Osimhen", "Paris Saint-Germain")
    assert offer.fee_eur == 60_000_000 and offer.source == "L'Équipe"
    signing = one(nlp, "Officiel : Pierre-Emerick Aubameyang a signé à l'OM jusqu'en 2025.", "signing", "Pierre-Emerick Aubameyang", "Olympique de Marseille")
    assert signing.contract_until == 2025


def test_contract_length_counts_from_the_article_year(nlp):
    text = "Le Stade Brestois a officialisé l'arrivée de Kenny Lala, qui a signé un contrat de trois ans."
    signing = one(nlp, text, "signing", "Kenny Lala", "Stade Brestois", date="2023-07")
    assert signing.contract_until == 2026


def test_event_date_resolves_against_the_article_date(nlp):
    medical = one(nlp, "Jonathan Clauss passera sa visite médicale à Marseille ce jeudi.", "medical", "Jonathan Clauss", "Olympique de Marseille")
    assert medical.date == "2024-07-04"


def test_hypothesis_is_no_claim(nlp):
    assert not events(nlp, "Si Kylian Mbappé signait au Real Madrid, le PSG serait affaibli.")


def test_evidence_points_into_the_text(nlp):
    text = "Mercato OM : Pierre-Emerick Aubameyang a signé.\n\nL'OM a officialisé l'arrivée de Pierre-Emerick Aubameyang."
    for event in events(nlp, text).values():
        for evidence in event.evidence:
            assert text[evidence.start:evidence.end] == evidence.text


def test_merged_event_keeps_the_strongest_status_and_all_evidence(nlp):
    text = "Le PSG pourrait recruter Désiré Doué. Le PSG s'intéresse à Désiré Doué depuis des mois."
    interest = one(nlp, text, "interest", "Désiré Doué", "Paris Saint-Germain")
    assert interest.status.value == "reported" and len(interest.evidence) == 2


def test_a_club_after_pour_is_the_one_joined(nlp):
    departure = one(nlp, "Arthur Cabral quitte le FC Bâle pour la Fiorentina.", "departure", "Arthur Cabral", "FC Bâle")
    assert departure.to_club == "Fiorentina"


def test_the_selling_club_agreeing_is_not_the_buyer(nlp):
    text = "Pierre-Emile Højbjerg quitte Tottenham pour l'OM. Tottenham a donné son feu vert lundi."
    agreement = one(nlp, text, "agreement", "Pierre-Emile Højbjerg", "Olympique de Marseille")
    assert agreement.from_club == "Tottenham"
    assert ("agreement", "Pierre-Emile Højbjerg", "Tottenham") not in events(nlp, text)


def test_an_offer_of_the_club_he_leaves_is_its_own(nlp):
    # the club he leaves makes an offer to keep him: that offer is keyed on it, not on the buyer
    text = ("Kingsley Coman quitte le Bayern Munich pour Al-Nassr. "
            "Le Bayern Munich lui avait pourtant proposé une offre de prolongation.")
    assert one(nlp, text, "offer", "Kingsley Coman", "Bayern Munich").to_club == "Bayern Munich"


def test_a_coach_who_wants_to_keep_his_player_is_not_the_mover(nlp):
    text = ("Le Real Madrid pourrait prolonger Rodrygo. "
            "Carlo Ancelotti souhaiterait conserver son attaquant, et le club pourrait lui proposer une prolongation.")
    found = events(nlp, text)
    assert not any(subject == "Carlo Ancelotti" for _, subject, _ in found), sorted(found)
    assert ("extension", "Rodrygo", "Real Madrid") in found


def test_a_reporter_known_by_name_is_no_mover(nlp):
    found = events(nlp, "Fabrizio Romano a été le premier à évoquer l'accord entre l'OM et Mason Greenwood.")
    assert not any(subject == "Fabrizio Romano" for _, subject, _ in found), sorted(found)


def test_an_executive_beside_a_move_is_not_the_mover(nlp):
    found = events(nlp, "Arsenal a fait une offre. Le président lyonnais Jean-Michel Aulas a repoussé la proposition d'Arsenal.")
    assert not any(subject == "Jean-Michel Aulas" for _, subject, _ in found), sorted(found)


def test_an_executive_who_joins_a_club_moves(nlp):
    one(nlp, "Le directeur sportif Luis Campos s'est engagé avec le PSG jusqu'en 2026.", "signing", "Luis Campos", "Paris Saint-Germain")


def test_a_player_noun_of_a_club_names_the_club_he_leaves(nlp):
    text = "Houssem Aouar, le milieu de l'AS Rome, s'est engagé avec Al-Ittihad."
    signing = one(nlp, text, "signing", "Houssem Aouar", "Al-Ittihad")
    assert signing.from_club == "AS Rome"
    assert ("signing", "Houssem Aouar", "AS Rome") not in events(nlp, text)


def test_a_former_demonym_is_no_destination(nlp):
    text = "Le nom de Jules Koundé a circulé, mais l'ancien Sévillan s'est engagé en faveur du FC Barcelone."
    assert ("signing", "Jules Koundé", "FC Barcelone") in events(nlp, text)


def test_the_competitor_is_the_club_the_rivalry_cue_is_about(nlp):
    text = "Le Stade Rennais a dû se battre : le FC Nantes, également sur le coup, espérait attirer Ludovic Blas."
    bid = one(nlp, text, "competing_bid", "Ludovic Blas", "FC Nantes")
    assert bid.rival_club == "Stade Rennais"


def test_a_club_a_rivalry_participle_describes_is_the_one_overtaken(nlp):
    bid = one(nlp, "Mercato OM : Mason Greenwood signe, Naples doublé", "competing_bid", "Mason Greenwood", "Olympique de Marseille")
    assert bid.rival_club == "SSC Naples"


def test_in_a_refusal_the_bidder_is_the_other_club_that_acts(nlp):
    text = "Le KVC Westerlo tient à Lucas Stassin. Le Stade Rennais a formulé une offre, refusée par le club belge."
    refusal = one(nlp, text, "refusal", "Lucas Stassin", "Stade Rennais")
    assert refusal.agent == "KVC Westerlo"


@pytest.mark.parametrize("text", [
    "Le FC Nantes tient à Moses Simon. Un club de Premier League aurait sondé le joueur en décembre.",
    "Le FC Nantes tient à Moses Simon. Plusieurs clubs saoudiens se sont renseignés sur l'ailier.",
])
def test_a_club_the_text_does_not_name_makes_no_event(nlp, text):
    found = events(nlp, text)
    assert not any(event_type in ("contact", "interest") for event_type, _, _ in found), sorted(found)


def test_each_type_goes_to_the_mover_nearest_its_own_cue(nlp):
    found = events(nlp, "OGC Nice : Christophe Galtier limogé, Lucien Favre nommé")
    assert ("departure", "Christophe Galtier", "OGC Nice") in found, sorted(found)
    assert ("signing", "Lucien Favre", "OGC Nice") in found, sorted(found)
    assert ("signing", "Christophe Galtier", "OGC Nice") not in found


def test_a_claim_records_the_cues_of_each_type(nlp):
    doc = nlp("Le Stade Rennais a formulé une offre pour Martin Terrier, repoussée par le RC Lens.")
    claim = doc.spans["claims"][0]
    assert {t: [doc[i].lower_ for i in cues] for t, cues in claim._.type_cues.items()} == {
        "offer": ["formulé", "offre"], "refusal": ["repoussée"]}


def test_joining_the_national_team_is_no_signing(nlp):
    found = events(nlp, "Jonathan David quitte le LOSC. Il rejoindra la sélection canadienne la semaine prochaine.")
    assert not any(event_type == "signing" for event_type, _, _ in found), sorted(found)


@pytest.mark.parametrize(
    "text, subject, club, from_club",
    [
        ("Jérémy Doku quitte le Stade Rennais pour Manchester City. Arrivé du RSC Anderlecht en 2020, l'ailier belge "
         "aura disputé trois saisons en Bretagne.", "Jérémy Doku", "Stade Rennais", "RSC Anderlecht"),
        # in a comma clause, at the club the sentence is about when the one named is the club he came from
        ("Jusqu'à présent, Lyon comptait sur le vétéran Dejan Lovren (33 ans), arrivé libre du Zénith "
         "Saint-Pétersbourg, pour tenir sa défense.", "Dejan Lovren", "Olympique Lyonnais", "Zenit Saint-Pétersbourg"),
        # 'libre de X': free from the club he left
        ("Mercato OM : Pierre-Emerick Aubameyang prolongé ?\n\nArrivé libre de Chelsea l'été dernier, le Gabonais "
         "pourrait prolonger son bail.", "Pierre-Emerick Aubameyang", "Olympique de Marseille", "Chelsea"),
    ],
)
def test_an_arrival_told_in_passing_is_to_the_club_he_is_at(nlp, text, subject, club, from_club):
    assert one(nlp, text, "signing", subject, club).from_club == from_club


def test_evidence_is_the_sentence_without_the_paragraph_break(nlp):
    text = "Mercato OM : Mason Greenwood a signé\n\nLe club phocéen a officialisé sa recrue."
    doc = nlp(mercato_nlp.make_doc(nlp, text, "2024-07-03", "t"))
    evidence = [e for event in doc._.events for e in event.evidence]
    assert evidence and all(e.text == text[e.start:e.end] == e.text.strip() for e in evidence)
    assert "Mercato OM : Mason Greenwood a signé" in {e.text for e in evidence}


def test_a_club_going_on_the_offensive_is_no_club_left(nlp):
    text = ("Mercato OM : Marseille passe à l'offensive pour Khéphren Thuram. "
            "Les Aiglons ont repoussé la proposition, mais le milieu a déjà donné son accord à l'OM.")
    found = events(nlp, text)
    assert ("agreement", "Khéphren Thuram", "Olympique de Marseille") in found, sorted(found)
    assert ("refusal", "Khéphren Thuram", "Olympique de Marseille") in found, sorted(found)


@pytest.mark.parametrize(
    "text, event",
    [
        ("En fin de contrat avec le LOSC, Jonathan David est suivi par l'Inter Milan. "
         "Du côté du LOSC, on a formulé une nouvelle offre de prolongation.", ("extension", "Jonathan David", "LOSC Lille")),
        # not moved to his buyer: it is the club he leaves that wanted to keep him
        ("Karim Benzema quitte le Real Madrid pour Al-Ittihad. Le Real Madrid lui avait proposé une prolongation "
         "d'un an, qu'il a déclinée.", ("offer", "Karim Benzema", "Real Madrid")),
    ],
)
def test_an_offer_to_stay_is_the_club_he_is_at(nlp, text, event):
    assert event in events(nlp, text)


@pytest.mark.parametrize(
    "text, subject, bidder, seller",
    [
        ("Selon RMC Sport, le RC Lens a transmis une offre de 12 M€ au FC Lorient pour Terem Moffi.",
         "Terem Moffi", "RC Lens", "FC Lorient"),
        ("Le RC Lens a soumis une proposition à Lorient pour Terem Moffi.", "Terem Moffi", "RC Lens", "FC Lorient"),
        # the parser hangs 'au LOSC' on the amount
        ("Tottenham a formulé une offre initiale de 40 millions d'euros au LOSC pour Jonathan David.",
         "Jonathan David", "Tottenham", "LOSC Lille"),
    ],
)
def test_the_club_an_offer_is_made_to_sells(nlp, text, subject, bidder, seller):
    assert one(nlp, text, "offer", subject, bidder).from_club == seller


def test_a_club_that_turns_an_offer_down_is_the_seller_not_the_bidder(nlp):
    text = ("Amine Gouiri a trouvé un accord avec le Stade Rennais. "
            "Reste à convaincre Nice, qui a repoussé une première offre jugée insuffisante.")
    found = events(nlp, text)
    refusal = found[("refusal", "Amine Gouiri", "Stade Rennais")]
    assert (refusal.agent, refusal.from_club) == ("OGC Nice", "OGC Nice")
    assert not any(club == "OGC Nice" for kind, _, club in found if kind in ("offer", "refusal"))


def test_the_selling_club_negotiates_a_move_to_the_buyer_named_later(nlp):
    text = ("Le FC Lorient négocie le transfert de Terem Moffi. L'OM a formulé une offre de 25 M€ pour l'attaquant. "
            "Le FC Lorient a décidé de vendre Terem Moffi.")
    found = events(nlp, text)
    assert found[("negotiation", "Terem Moffi", "Olympique de Marseille")].from_club == "FC Lorient"
    assert ("negotiation", "Terem Moffi", "FC Lorient") not in found


@pytest.mark.parametrize(
    "text, subject, buyer",
    [
        ("Le RC Lens a accéléré ces derniers jours et est déjà parvenu à un accord avec le FC Lorient pour Terem Moffi.",
         "Terem Moffi", "RC Lens"),
        ("Newcastle suit le dossier. Le club anglais a haussé le ton et a trouvé un accord avec le Stade de Reims pour Hugo Ekitike.",
         "Hugo Ekitike", "Newcastle United"),
    ],
)
def test_a_coordinated_clause_shares_its_acting_club(nlp, text, subject, buyer):
    found = events(nlp, text)
    assert ("agreement", subject, buyer) in found, sorted(found)
    assert [key for key in found if key[0] == "agreement"] == [("agreement", subject, buyer)]


def test_of_two_clubs_that_agree_the_seller_is_the_one_never_named_buying(nlp):
    text = ("Le FC Lorient et l'OM sont parvenus à un accord pour Terem Moffi. "
            "L'attaquant nigérian passera sa visite médicale à Marseille mardi.")
    agreements = [e for e in nlp(mercato_nlp.make_doc(nlp, text, "2024-07-03", "t"))._.events if e.type.value == "agreement"]
    assert [(e.to_club, e.from_club) for e in agreements] == [("Olympique de Marseille", "FC Lorient")]


def test_an_arrival_told_in_passing_after_a_director_speaks_is_the_players(nlp):
    text = ("Mercato Bordeaux : Hwang Ui-jo vers Wolverhampton ?\n\n"
            "Les Girondins de Bordeaux pourraient perdre leur meilleur buteur. Selon Sud Ouest, Wolverhampton aurait "
            "formulé une offre de 12 M€ pour Hwang Ui-jo.\n\n"
            "Admar Lopes, le directeur du football des Girondins, a démenti toute négociation : « Il n'y a aucune "
            "discussion avec Wolverhampton. Hwang reste chez nous. »\n\n"
            "Arrivé de Gamba Osaka à l'été 2019, le Coréen s'est parfaitement acclimaté à la vie à Bordeaux.")
    signing = one(nlp, text, "signing", "Hwang Ui-jo", "Girondins de Bordeaux")
    assert signing.from_club == "Gamba Osaka"


def test_a_stage_at_the_club_left_goes_to_the_bidder_told_before_it():
    from mercato_nlp.pipes.events import EventAssembler

    def record(event_type, club, start, from_club=None):
        return {"type": event_type, "subject": "Hwang Ui-jo", "to_club": None if event_type == "departure" else club,
                "from_club": from_club or (club if event_type == "departure" else None), "status": "reported",
                "evidence": [{"start": start, "end": start + 5, "text": "....."}]}

    records = [record("departure", "Girondins de Bordeaux", 0), record("offer", "Wolverhampton", 10),
               record("refusal", "Girondins de Bordeaux", 20), record("interest", "Olympique de Marseille", 25)]
    moved = EventAssembler._sold_at_the_buyer(records)
    assert [(r["type"], r["to_club"], r["from_club"]) for r in moved if r["type"] == "refusal"] == [
        ("refusal", "Wolverhampton", "Girondins de Bordeaux")]


def test_two_moves_in_one_title_each_have_their_own_subject(nlp):
    found = events(nlp, "Montpellier HSC : Olivier Dall'Oglio remercié, Jean-Louis Gasset de retour au club")
    assert sorted(found) == [("departure", "Olivier Dall'Oglio", "Montpellier HSC"),
                             ("signing", "Jean-Louis Gasset", "Montpellier HSC")]


def test_three_clubs_in_a_row_are_each_a_suitor(nlp):
    text = ("Il faudra miser beaucoup pour s'offrir Umut Bozok, également convoité par Montpellier, "
            "Strasbourg et Guingamp, sans compter Galatasaray.")
    clubs = {club for kind, subject, club in events(nlp, text) if kind == "interest" and subject == "Umut Bozok"}
    assert clubs == {"Montpellier HSC", "RC Strasbourg", "EA Guingamp", "Galatasaray"}


def test_appointed_coach_of_a_club_joins_it(nlp):
    signing = one(nlp, "Omar Daf va être nommé entraîneur de Dijon.", "signing", "Omar Daf", "Dijon FCO")
    assert signing.from_club is None


def test_the_club_of_la_concurrence_de_is_the_competing_bidder(nlp):
    text = "Pour Amine Harit, l'OM a tenu bon face à la concurrence de la Lazio."
    bid = one(nlp, text, "competing_bid", "Amine Harit", "Lazio Rome")
    assert bid.rival_club == "Olympique de Marseille"


def test_every_stage_of_a_move_names_the_club_he_leaves(nlp):
    text = ("Le RC Lens s'intéresse à Terem Moffi. Le FC Lorient a accepté de vendre son attaquant. "
            "Le RC Lens a formulé une offre de 25 M€ pour Terem Moffi.")
    found = events(nlp, text)
    assert found[("interest", "Terem Moffi", "RC Lens")].from_club == "FC Lorient"
    assert found[("offer", "Terem Moffi", "RC Lens")].from_club == "FC Lorient"


def test_a_club_that_agrees_to_sell_is_the_seller(nlp):
    text = "Le RC Lens a formulé une offre pour Terem Moffi. Le FC Lorient a accepté de vendre son attaquant."
    agreement = one(nlp, text, "agreement", "Terem Moffi", "RC Lens")
    assert agreement.from_club == "FC Lorient"


def test_contracts_not_extended_are_denied_extensions_at_the_club_they_leave(nlp):
    text = ("Leurs contrats n'ayant pas été prolongés par la direction, Andy Delort et Téji Savanier "
            "quittent le Montpellier HSC.")
    found = events(nlp, text)
    for player in ("Andy Delort", "Téji Savanier"):
        assert found[("extension", player, "Montpellier HSC")].status.value == "denied"


def test_a_club_that_sends_a_player_back_sells_him_to_the_club_named(nlp):
    text = "Deux ans après son arrivée, le FC Barcelone renvoie Antoine Griezmann à l'Atlético de Madrid."
    signing = one(nlp, text, "signing", "Antoine Griezmann", "Atlético de Madrid")
    assert signing.from_club == "FC Barcelone"


def test_moves_in_the_plural_are_not_the_last_named_persons(nlp):
    text = "Florian Sotoca a prolongé avec le RC Lens. Le club veut encore quatre recrues cet été."
    assert not any(kind == "signing" for kind, _, _ in events(nlp, text)), sorted(events(nlp, text))


@pytest.mark.parametrize(
    "text, event, bystander",
    [
        # teammates he will find there
        ("Khéphren Thuram est courtisé par la Juventus et l'AC Milan. Le milieu niçois a donc pris sa décision et a "
         "choisi de poursuivre sa carrière en Serie A dans un club où il retrouvera des compatriotes tels que "
         "Mike Maignan, Théo Hernandez et Olivier Giroud.", ("interest", "Khéphren Thuram", "Juventus"), "Mike Maignan"),
        # the agent of a passive
        ("Lucas Stassin s'est engagé avec l'AS Saint-Étienne. Sollicité par plusieurs clubs étrangers, il a choisi "
         "le projet présenté par Loïc Perrin, le coordinateur sportif stéphanois.",
         ("signing", "Lucas Stassin", "AS Saint-Étienne"), "Loïc Perrin"),
        # 'le favori de X'
        ("L'AS Saint-Étienne cherche un entraîneur. Pascal Dupraz serait le favori de Roland Romeyer "
         "pour mener la mission maintien.", ("interest", "Pascal Dupraz", "AS Saint-Étienne"), "Roland Romeyer"),
        # the one a player appeals to
        ("Lyon cherche un ailier et pense à Xherdan Shaqiri. Son profil plairait beaucoup à Peter Bosz.",
         ("interest", "Xherdan Shaqiri", "Olympique Lyonnais"), "Peter Bosz"),
        # the coach who asked for him, named with an apposition
        ("Mercato : Allan Saint-Maximin prêté à Fenerbahçe\n\nAllan Saint-Maximin est prêté à Fenerbahçe pour une "
         "saison. José Mourinho, le nouvel entraîneur du club stambouliote, réclamait sa venue depuis plusieurs semaines.",
         ("interest", "Allan Saint-Maximin", "Fenerbahçe"), "José Mourinho"),
    ],
)
def test_people_beside_a_move_do_not_move(nlp, text, event, bystander):
    found = events(nlp, text)
    assert event in found, sorted(found)
    assert not any(subject == bystander for _, subject, _ in found), sorted(found)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("Bradley Barcola va quitter l'Olympique Lyonnais. Le PSG compte officialiser le transfert au lendemain "
         "de l'annonce de la prolongation de Marquinhos.",
         ("signing", "Bradley Barcola", "Paris Saint-Germain"), ("signing", "Marquinhos", "Paris Saint-Germain")),
        # 'son départ' is his: the arrival's complement keeps the departure too
        ("Christophe Galtier quitte le LOSC. Pour le remplacer, le LOSC a officialisé l'arrivée de Jocelyn Gourvennec, "
         "sans club depuis son départ des Girondins de Bordeaux.",
         ("departure", "Jocelyn Gourvennec", "Girondins de Bordeaux"), ("departure", "Christophe Galtier", "Girondins de Bordeaux")),
        # a person named once in passing does not take 'il' from the one the article keeps naming
        ("Désiré Doué va rejoindre le Bayern Munich. Le club bavarois a trouvé un accord avec le PSG "
         "pour Désiré Doué. Le Bayern annoncera aussi la prolongation de Thomas Müller. "
         "Il passera sa visite médicale lundi à Munich.",
         ("medical", "Désiré Doué", "Bayern Munich"), ("medical", "Thomas Müller", "Bayern Munich")),
        # 'X succède à Y': Y is replaced, X's own departure told in the same sentence is his
        ("Mercato PSG : Luis Campos officialisé, Renato Sanches première cible\n\nLe PSG a officialisé la nomination "
         "de Luis Campos au poste de conseiller football. Le dirigeant portugais, sans club depuis son départ du LOSC "
         "Lille en décembre 2020, succède à Leonardo.",
         ("departure", "Luis Campos", "LOSC Lille"), ("departure", "Renato Sanches", "LOSC Lille")),
    ],
)
def test_the_subject_is_the_person_the_words_point_to(nlp, text, present, absent):
    found = events(nlp, text)
    assert present in found, sorted(found)
    assert absent not in found


def test_an_executive_whose_own_contract_is_extended_moves(nlp):
    text = "Luis Campos, le conseiller football du PSG, a été prolongé jusqu'en 2030."
    assert ("extension", "Luis Campos", "Paris Saint-Germain") in events(nlp, text)


def test_a_player_who_asks_for_his_own_transfer_moves(nlp):
    text = "Ousmane Dembélé réclame son transfert au PSG, selon Sky Sport. Kylian Mbappé, lui, reste à Barcelone."
    assert ("signing", "Ousmane Dembélé", "Paris Saint-Germain") in events(nlp, text)


def test_the_club_a_match_was_played_against_is_no_part_of_the_move(nlp):
    text = ("Mercato OL : Pierre Sage remercié\n\n"
            "Pierre Sage avait été remercié lundi, au lendemain de la défaite concédée face au Stade Rennais.")
    found = events(nlp, text)
    assert ("departure", "Pierre Sage", "Olympique Lyonnais") in found, sorted(found)
    assert not any(club == "Stade Rennais" for _, _, club in found)


@pytest.mark.parametrize(
    "text",
    [
        "Après avoir bouclé l'arrivée de Moses Simon, le FC Nantes cherche un milieu pour compenser les départs "
        "de Ludovic Blas (Rennes) et Pedro Chirivella (Saint-Étienne).",
        "Pour pallier les départs de Ludovic Blas (Rennes) et Pedro Chirivella (Saint-Étienne), le FC Nantes "
        "cherche un milieu.",
    ],
)
def test_departures_in_an_infinitive_clause_leave_the_club_of_the_sentence_for_the_bracketed_one(nlp, text):
    found = events(nlp, text)
    departures = {(subject, club) for kind, subject, club in found if kind == "departure"}
    assert departures == {("Ludovic Blas", "FC Nantes"), ("Pedro Chirivella", "FC Nantes")}, sorted(found)
    assert found[("departure", "Ludovic Blas", "FC Nantes")].to_club == "Stade Rennais"
    assert found[("departure", "Pedro Chirivella", "FC Nantes")].to_club == "AS Saint-Étienne"
    # departures made up for have happened: each is a sale to the club in brackets
    assert found[("signing", "Ludovic Blas", "Stade Rennais")].from_club == "FC Nantes"


def test_a_departure_done_to_a_named_club_is_a_signing_there(nlp):
    found = events(nlp, "Le Stade de Reims a officialisé le départ de Folarin Balogun vers l'AS Monaco.")
    signing = found[("signing", "Folarin Balogun", "AS Monaco")]
    assert (signing.from_club, signing.status.value) == ("Stade de Reims", "confirmed")
    assert found[("departure", "Folarin Balogun", "Stade de Reims")].to_club == "AS Monaco"


def test_a_departure_still_hoped_for_makes_no_signing(nlp):
    found = events(nlp, "Selon L'Équipe, Folarin Balogun pourrait quitter le Stade de Reims pour l'AS Monaco.")
    assert ("departure", "Folarin Balogun", "Stade de Reims") in found, sorted(found)
    assert not any(kind == "signing" for kind, _, _ in found)


def test_the_club_whose_green_light_a_deal_waits_for_lets_him_go(nlp):
    text = ("Olivier Pantaloni sera le prochain entraîneur du FC Lorient. "
            "Il ne manquait que le feu vert de l'AC Ajaccio pour que l'accord soit conclu.")
    found = events(nlp, text)
    assert not any(club == "AC Ajaccio" for kind, _, club in found if kind != "departure"), sorted(found)
    assert found[("agreement", "Olivier Pantaloni", "FC Lorient")].from_club == "AC Ajaccio"


def test_a_departure_is_not_from_a_club_of_another_clause_that_takes_no_part_in_it(nlp):
    text = ("La Juventus a résisté à la concurrence de l'AC Milan, qui proposait un meilleur salaire à Khéphren Thuram, "
            "car le joueur a toujours privilégié un départ vers le Piémont.")
    found = events(nlp, text)
    assert not any(kind == "departure" for kind, _, _ in found), sorted(found)
    assert found[("competing_bid", "Khéphren Thuram", "AC Milan")].rival_club == "Juventus"


def test_a_club_one_types_cue_governs_is_not_another_movers(nlp):
    text = "Avec le départ de Moussa Dembélé, l'OL aurait fait une offre au Stade Rennais pour Martin Terrier."
    found = events(nlp, text)
    assert ("departure", "Moussa Dembélé", "Stade Rennais") not in found, sorted(found)
    assert found[("offer", "Martin Terrier", "Olympique Lyonnais")].from_club == "Stade Rennais"


def test_players_named_alongside_share_the_claim_and_their_clubs_in_brackets_are_theirs(nlp):
    text = ("Outre Arnaud Kalimuendo (PSG) et Elye Wahi (Montpellier), Jonathan David (LOSC) a longtemps été cité "
            "comme la priorité de l'OM.")
    found = events(nlp, text)
    interests = {(subject, found[(kind, subject, club)].from_club) for kind, subject, club in found
                 if kind == "interest" and club == "Olympique de Marseille"}
    assert interests == {("Arnaud Kalimuendo", "Paris Saint-Germain"), ("Elye Wahi", "Montpellier HSC"),
                         ("Jonathan David", "LOSC Lille")}, sorted(found)


def test_a_demonym_after_a_players_noun_is_his_club_now_after_a_new_coachs_the_next_one(nlp):
    found = events(nlp, "Selon L'Équipe, l'attaquant lyonnais Alexandre Lacazette intéresse le RC Lens.")
    assert found[("interest", "Alexandre Lacazette", "RC Lens")].from_club == "Olympique Lyonnais"
    found = events(nlp, "Roberto De Zerbi, le nouveau coach marseillais, a réclamé la venue de Mason Greenwood.")
    assert ("interest", "Mason Greenwood", "Olympique de Marseille") in found, sorted(found)


def test_the_club_he_joined_that_he_would_leave_is_an_earlier_arrival_there(nlp):
    text = ("La Juventus s'intéresse à Khéphren Thuram, qui veut quitter l'OGC Nice. "
            "Le milieu semble décidé à quitter le club qu'il a rejoint en 2019.")
    found = events(nlp, text)
    assert found[("signing", "Khéphren Thuram", "OGC Nice")].status.value == "confirmed"
    assert ("signing", "Khéphren Thuram", "Juventus") not in found, sorted(found)


def test_a_club_he_passed_through_is_one_he_left(nlp):
    text = ("Le LOSC a limogé Paulo Fonseca. Le technicien portugais, arrivé en 2022 après son passage à l'AS Rome, "
            "paie une série de défaites.")
    signing = one(nlp, text, "signing", "Paulo Fonseca", "LOSC Lille")
    assert signing.from_club == "AS Rome"


def test_an_offer_to_extend_stays_the_clubs_he_leaves(nlp):
    text = ("Jonathan David quitte le LOSC pour la Juventus. "
            "Le LOSC avait pourtant proposé à Jonathan David de prolonger d'un an, mais l'attaquant a décliné l'offre.")
    found = events(nlp, text)
    assert ("extension", "Jonathan David", "LOSC Lille") in found, sorted(found)
    assert ("offer", "Jonathan David", "LOSC Lille") in found
    assert ("offer", "Jonathan David", "Juventus") not in found


def test_a_club_that_announces_an_agreement_under_its_full_legal_name_is_the_buyer(nlp):
    text = ("« Le Liverpool Football Club est heureux d'annoncer avoir conclu un accord avec Lille pour Jonathan David », "
            "écrit le club.")
    found = events(nlp, text)
    assert ("agreement", "Jonathan David", "Liverpool") in found, sorted(found)
    assert ("agreement", "Jonathan David", "LOSC Lille") not in found


def test_a_demonym_before_a_players_name_is_his_club(nlp):
    text = "Le Borussia Dortmund veut recruter un milieu. Le Lyonnais Rayan Cherki est en passe de les rejoindre, d'après L'Équipe."
    found = events(nlp, text)
    assert found[("negotiation", "Rayan Cherki", "Borussia Dortmund")].from_club == "Olympique Lyonnais"
    assert not any(club == "Olympique Lyonnais" for kind, _, club in found if kind != "departure"), sorted(found)


def test_the_new_coach_named_by_a_club_demonym_was_appointed_there(nlp):
    found = events(nlp, "Marco Verratti ne rentre pas dans les plans du nouveau coach parisien, Luis Enrique.")
    assert found[("signing", "Luis Enrique", "Paris Saint-Germain")].status.value == "confirmed", sorted(found)


@pytest.mark.parametrize("teaser", ["Un Iranien serait", "En plus de Xherdan Shaqiri, un attaquant iranien serait"])
def test_a_player_announced_before_he_is_named_is_the_one_named_next(nlp, teaser):
    text = (f"Peter Bosz veut renforcer son attaque. {teaser} sur les tablettes de l'OL. "
            "Le talentueux attaquant du Zenit Serdar Azmoun a marqué quatre buts en trois matchs.")
    found = events(nlp, text)
    assert [key for key in found if key[0] == "interest"] == [("interest", "Serdar Azmoun", "Olympique Lyonnais")]


def test_the_antecedent_of_a_relative_qui_acts_in_its_clause(nlp):
    text = ("Pour Amine Harit, l'OM a devancé l'OGC Nice, qui s'était lui aussi renseigné sur le milieu "
            "mais n'a jamais formulé d'offre.")
    found = events(nlp, text)
    assert ("interest", "Amine Harit", "OGC Nice") in found, sorted(found)
    assert found[("offer", "Amine Harit", "OGC Nice")].status.value == "denied"
    assert ("offer", "Amine Harit", "Olympique de Marseille") not in found


@pytest.mark.parametrize(
    "text, subject, club",
    [
        ("Albert Riera est le nouvel entraîneur des Girondins de Bordeaux. L'Espagnol de 41 ans, passé comme joueur "
         "par Liverpool, l'Espanyol et Galatasaray, s'est engagé jusqu'en juin 2025.", "Albert Riera", "Girondins de Bordeaux"),
        ("Le FC Nantes a recruté Johann Lepenant. Formé au SM Caen, le milieu a longtemps hésité avant de dire oui "
         "aux Canaris.", "Johann Lepenant", "FC Nantes"),
    ],
)
def test_clubs_of_a_career_told_in_passing_are_former_clubs(nlp, text, subject, club):
    found = events(nlp, text)
    assert {key_club for kind, who, key_club in found if who == subject and kind != "departure"} == {club}, sorted(found)


def test_a_town_where_a_training_camp_is_held_is_a_place(nlp):
    text = ("Le FC Nantes a recruté Johann Lepenant. Il a passé sa visite médicale lundi, au retour d'un stage "
            "de préparation organisé à Évian.")
    found = events(nlp, text)
    assert ("medical", "Johann Lepenant", "FC Nantes") in found, sorted(found)
    assert not any(club == "Évian Thonon Gaillard" for _, _, club in found)


def test_a_teammate_with_a_participle_clause_of_his_own_is_its_subject(nlp):
    text = ("Carlo Ancelotti prolonge au Real Madrid. Il pourra compter sur plusieurs Français, à commencer par "
            "Aurélien Tchouaméni, arrivé de Monaco en 2022.")
    found = events(nlp, text)
    assert found[("signing", "Aurélien Tchouaméni", "Real Madrid")].from_club == "AS Monaco", sorted(found)
    assert not any(kind == "signing" and who == "Carlo Ancelotti" for kind, who, _ in found)


def test_a_person_introduced_by_par_acts_on_the_mover(nlp):
    text = ("L'OL a trouvé un accord avec le Stade Rennais pour Ludovic Blas. Le milieu français, mis à l'écart par "
            "Julien Stéphan depuis plusieurs semaines, doit passer sa visite médicale ce mercredi.")
    found = events(nlp, text)
    assert ("medical", "Ludovic Blas", "Olympique Lyonnais") in found, sorted(found)
    assert not any(who == "Julien Stéphan" for _, who, _ in found)


def test_a_sale_to_a_club_names_the_buyer(nlp):
    found = events(nlp, "Le RC Lens a officialisé la vente de Seko Fofana à Al-Nassr pour 25 M€.")
    assert found[("departure", "Seko Fofana", "RC Lens")].to_club == "Al-Nassr", sorted(found)
    assert found[("signing", "Seko Fofana", "Al-Nassr")].from_club == "RC Lens"
    assert ("departure", "Seko Fofana", "Al-Nassr") not in found


def test_a_former_club_is_not_the_club_he_is_at(nlp):
    text = ("Tottenham a formulé une offre de 35 M€ au Stade Rennais pour Martin Terrier. "
            "Le Bayer Leverkusen suit également l'ancien Lyonnais. "
            "« Martin Terrier ne partira pas cet hiver », a assuré Florian Maurice.")
    found = events(nlp, text)
    assert found[("departure", "Martin Terrier", "Stade Rennais")].status.value == "denied", sorted(found)
    assert not any(club == "Olympique Lyonnais" for _, _, club in found)


def test_the_club_he_was_recruited_at_is_the_one_he_came_from(nlp):
    text = "Recruté en janvier au Royal Antwerp pour 18 M€, Arthur Vermeeren quitte déjà l'Atlético de Madrid."
    found = events(nlp, text)
    assert found[("signing", "Arthur Vermeeren", "Atlético de Madrid")].from_club == "Royal Antwerp", sorted(found)
    assert ("departure", "Arthur Vermeeren", "Atlético de Madrid") in found
    assert not any(club == "Royal Antwerp" for _, _, club in found)


def test_a_club_that_saw_him_leave_for_another_club_sold_him_there(nlp):
    text = "Une opportunité pour le Stade Rennais, qui a vu partir Jérémy Doku à Manchester City."
    found = events(nlp, text)
    assert found[("departure", "Jérémy Doku", "Stade Rennais")].to_club == "Manchester City", sorted(found)
    assert found[("signing", "Jérémy Doku", "Manchester City")].from_club == "Stade Rennais"


def test_a_claim_reads_the_attributes_span_underscore_gives(nlp):
    from mercato_nlp.pipes.events import CLAIM_ATTRS, Claim

    text = ("Selon L'Équipe, le PSG aurait formulé une offre de 60 M€ pour Victor Osimhen. "
            "Nabil Fekir a prolongé avec le Betis jusqu'en 2027.")
    doc = nlp(mercato_nlp.make_doc(nlp, text, "2024-07-03", "t"))
    assert len(doc.spans["claims"]) == 2
    for span in doc.spans["claims"]:
        claim = Claim.of(span, span.sent)
        assert [getattr(claim, field) for field in ("types", "status", "source", "cues", "type_cues")] == [
            span._.get(name) for name in CLAIM_ATTRS]
