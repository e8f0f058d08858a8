"""Properties of the pipeline's records that hold for any text.

Whatever the text (empty, control characters, emoji, right-to-left, very long
words, or something that reads like a transfer article), the pipeline returns a
record whose offsets point at exactly the text they claim, and which survives a
trip through JSON unchanged.
"""

from __future__ import annotations

import json
import math

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mercato_nlp
from mercato_nlp.batch import Item, annotate_items
from mercato_nlp.schema import ABSENT, Article

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Unicode at large, with the characters that break naive text code over-represented.
_NASTY = st.sampled_from(
    ["\x00", "\t", "\n", "\r\n", "\x0b", "\x0c", "\u2028", "\u200b", "\u00a0", "\ufeff",
     "\u202e", "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
     "😀", "👨‍👩‍👧", "🇫🇷", "e\u0301", "ﬁ", "İ", "ß", "’", "«\u00a0", "\u00a0»", "…"]
)
ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_NASTY, st.text(max_size=8)), max_size=40).map("".join),
    st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=100, max_size=300),  # one long word
)

# Sentences assembled from the fragments the event code reacts to.
_SUBJECTS = ["Kylian Mbappé", "Marcelo Gallardo", "le technicien argentin", "Arkadiusz Milik", "Il", "Mbappé"]
_CLUBS = ["L'OM", "l'OM", "l’Olympique de Marseille", "le PSG", "l'AS Monaco", "le Real Madrid",
          "Marseille", "les Phocéens", "le club de la Principauté", "un club saoudien"]
_CUES = ["a signé", "s'est engagé avec", "pourrait rejoindre", "a refusé l'offre de", "négocie avec",
         "s'intéresse à", "a prolongé avec", "quitte", "n'a pas encore donné son accord à",
         "aurait transmis une offre de 15 M€ à", "a passé sa visite médicale avec", "dément tout contact avec"]
_TAILS = ["selon L'Équipe", "d'après RMC Sport", "pour 15 M€", "contre 8 millions d'euros",
          "jusqu'en 2027", "sous la forme d'un prêt avec option d'achat", "ce mercredi", "le 3 septembre",
          "?", "!", "…", "", "\n\n"]
_SENTENCE = st.tuples(
    st.sampled_from(_CLUBS + _SUBJECTS), st.sampled_from(_CUES), st.sampled_from(_SUBJECTS + _CLUBS),
    st.sampled_from(_TAILS), st.sampled_from([".", " ?", "", ".\n"]),
).map(lambda parts: " ".join(p for p in parts[:4] if p) + parts[4])
FRENCH_TEXT = st.lists(_SENTENCE, min_size=1, max_size=5).map(" ".join)
DATE = st.sampled_from([None, "2023-06", "2023-06-14", "2021-01-31"])


def check_record(article: Article, text: str) -> None:
    assert article.text == text
    assert article.error is ABSENT
    for ent in article.entities:
        assert 0 <= ent.start < ent.end <= len(text), ent
        assert text[ent.start:ent.end] == ent.text, ent
    for event in article.events:
        assert event.subject
        assert event.evidence, event
        for ev in event.evidence:
            assert ev.start is not None and ev.end is not None, ev
            assert 0 <= ev.start <= ev.end <= len(text), ev
            assert text[ev.start:ev.end] == ev.text, ev
        if event.confidence is not None:
            assert 0.0 <= event.confidence <= 1.0 and not math.isnan(event.confidence)
    data = json.loads(json.dumps(article.to_dict(), ensure_ascii=False))
    assert Article.from_dict(data) == article


@SETTINGS
@given(text=ANY_TEXT)
def test_any_text_gives_a_consistent_record(nlp, text):
    check_record(mercato_nlp.annotate(text, nlp=nlp), text)


@SETTINGS
@given(text=FRENCH_TEXT, date=DATE)
def test_french_like_text_gives_a_consistent_record(nlp, text, date):
    article = mercato_nlp.annotate(text, date=date, id="gen", nlp=nlp)
    check_record(article, text)
    assert article.date == date and article.id == "gen"
    if date is None:
        assert all(e.date is None for e in article.events)


def test_generated_texts_reach_the_event_code(nlp):
    """The French-like strategy is only useful if its texts do produce events."""
    text = "L'OM a signé Kylian Mbappé selon L'Équipe pour 15 M€. Kylian Mbappé quitte le PSG ?"
    article = mercato_nlp.annotate(text, date="2023-06-14", nlp=nlp)
    check_record(article, text)
    assert article.events


@SETTINGS
@given(text=st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2028\u3000", max_size=20))
def test_blank_text_gives_an_error_record_in_a_batch(nlp, text):
    (record,) = annotate_items(nlp, [Item("blank", text, source="in.jsonl:3")])
    assert record.error and "in.jsonl:3" in record.error and "empty" in record.error
    assert record.id == "blank" and record.text == text and record.events == ()


@pytest.mark.parametrize("text, date", [
    ("L'OM a signé Kylian Mbappé hier.", "0001-01-01"),
    ("L'OM a signé Kylian Mbappé lundi dernier.", "0001-01-01"),
    ("L'OM a signé Kylian Mbappé demain.", "9999-12-31"),
    ("L'OM a signé Kylian Mbappé le 3 mai.", "0000-06"),
])
def test_extreme_article_dates(nlp, text, date):
    """Dates at the edge of the calendar leave the event undated instead of failing."""
    record = mercato_nlp.annotate(text, date=date, nlp=nlp)
    check_record(record, text)
    assert all(event.date is None for event in record.events)
