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


def test_epithet_matches_equal_the_matcher(nlp):
    from spacy.matcher import Matcher

    from mercato_nlp.knowledge import load_resource
    from mercato_nlp.pipes.club_epithets import ARTICLES

    epithets = nlp.get_pipe("mercato_people").club_epithets
    forms = sorted({f for spec in load_resource("nationalities.json").values() for f in spec["forms"]})
    matcher = Matcher(nlp.vocab)
    matcher.add("CLUB_EPITHET", [[
        {"LOWER": {"IN": ARTICLES}},
        {"LOWER": {"IN": load_resource("entity_rules.json")["club_epithet_heads"]}},
        {"LOWER": {"IN": forms}},
    ]])
    text = ("Le Bayern Munich suit Olise. Le club allemand et LA FORMATION SAOUDIENNE insistent ; "
            "l’écurie anglaise, du club italien au club espagnol.")
    doc = nlp(mercato_nlp.make_doc(nlp, text))
    expected = [(start, end) for _, start, end in matcher(doc)]
    assert len(expected) >= 4
    assert epithets.matches(doc) == expected
