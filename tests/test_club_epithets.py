"""Clubs referred to by their country, and club adjectives after an offer."""

from __future__ import annotations

import mercato_nlp


def clubs(nlp, text):
    doc = nlp(mercato_nlp.make_doc(nlp, text))
    return [(span.text, span.id_) for span in doc.spans["clubs"]]


def test_country_epithet_refers_back_to_the_last_club_of_that_country(nlp):
    found = clubs(nlp, "Le Bayern Munich et Chelsea suivent Michael Olise. Le club allemand a formulé une offre.")
    assert ("club allemand", "Bayern Munich") in found


def test_country_epithet_without_a_named_club_names_none(nlp):
    found = clubs(nlp, "Un club saoudien a formulé une offre pour Michael Olise, le club saoudien insiste.")
    assert not any(text == "club saoudien" for text, _ in found)


def test_offer_adjective_names_the_bidder(nlp):
    doc = nlp(mercato_nlp.make_doc(nlp, "Le RC Lens a accepté l'offre phocéenne pour Jonathan Clauss."))
    offer = next(e for e in doc._.events if e.type.value == "offer")
    assert offer.to_club == "Olympique de Marseille"
