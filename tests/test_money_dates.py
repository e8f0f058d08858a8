"""Fees and dates as the French press writes them."""

from __future__ import annotations

import pytest

from mercato_nlp.dates import DateResolver, article_year, parse_article_date
from mercato_nlp.money import parse_amount


@pytest.mark.parametrize(
    "text, euros",
    [
        ("15 M€", 15e6), ("60M€", 60e6), ("15 millions d'euros", 15e6), ("12,5 M€", 12.5e6),
        ("1,5 milliard", 1.5e9), ("quarante millions", 40e6), ("3 000 000 €", 3e6), ("800 K€", 8e5),
    ],
)
def test_fees(text, euros):
    assert parse_amount(text) == pytest.approx(euros)


def test_no_number_no_fee():
    assert parse_amount("beaucoup d'argent") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Il doit donner sa réponse ce mercredi.", "2024-09-04"),  # the article's own Wednesday
        ("Il a signé lundi dernier.", "2024-09-02"),
        ("Rendez-vous mardi prochain.", "2024-09-10"),
        ("Ce mardi 3 septembre 2024, il a paraphé son contrat.", "2024-09-03"),
        ("Le 12 juillet, il débarque à Lens.", "2024-07-12"),
        ("Il a passé sa visite médicale hier.", "2024-09-03"),
        ("Je sais que sa décision est prise.", None),  # no date words, none found in 'je' or 'sa'
    ],
)
def test_press_dates_resolve_against_the_article_date(text, expected):
    assert DateResolver().resolve(text, "2024-09-04") == expected


def test_weekday_needs_a_day_to_count_from():
    resolver = DateResolver()
    assert resolver.resolve("Il signera ce mercredi.", "2024-09") is None
    assert resolver.resolve("Il signera le 3 septembre.", "2024-09") == "2024-09-03"


def test_article_dates():
    assert parse_article_date("2024-09-04").isoformat() == "2024-09-04"
    assert parse_article_date("2024-09") is None
    assert article_year("2023-06") == 2023 and article_year(None) is None
