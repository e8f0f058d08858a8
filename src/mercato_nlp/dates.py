"""Event dates from press phrasings, resolved against the article's date.

dateparser does not read "ce mercredi", "mercredi prochain" or "lundi
dernier", and searching a whole French text for dates finds them in "je" or
"sa". So a regular expression finds the date-like phrases the press uses, they
are normalised ("ce jeudi" is the Thursday of the article's week; "lundi
dernier" is "lundi" read towards the past), and only those are parsed, with
dateparser's French parser and a cache.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
_WEEKDAY = "|".join(_WEEKDAYS)
_MONTH = r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
_PHRASE = re.compile(
    # the lookahead: only where a weekday or a day's number starts (elsewhere every part is
    # optional, and the empty match made finditer stop at every character)
    rf"\b(?=(?:{_WEEKDAY})|\s*(?:le\s+)?\d)"
    rf"(?:(?P<weekday>{_WEEKDAY})(?:\s+(?P<rel>prochain|dernier))?)?"
    rf"(?:\s*(?:le\s+)?(?P<day>\d{{1,2}})(?:er)?\s+(?P<month>{_MONTH})(?:\s+(?P<year>20\d\d))?)?\b",
    re.I,
)
#: Weekdays and months: a text without one has no date phrase (most sentences). Looked for
#: as substrings of the casefolded text, several times faster than a case-insensitive regex.
_DATE_WORDS = (*_WEEKDAYS, *_MONTH.split("|"))
_DEICTIC = {"hier": -1, "aujourd'hui": 0, "aujourd’hui": 0, "demain": 1, "avant-hier": -2, "après-demain": 2}
_DEICTIC_RE = re.compile(r"\b(" + "|".join(map(re.escape, _DEICTIC)) + r")\b", re.I)


def parse_article_date(date: str | None) -> dt.date | None:
    """'2023-06-14' → that day; a month alone ('2023-06') has no day to count from."""
    if not date or len(date) < 10:
        return None
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        return None


def article_year(date: str | None) -> int | None:
    if date and date[:4].isdigit():
        return int(date[:4])
    return None


@functools.lru_cache(maxsize=4096)
def _parse(phrase: str, base: dt.date, prefer: str) -> str | None:
    import dateparser  # imported on first use: it costs a second at import time

    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
    }
    parsed = dateparser.parse(phrase, languages=["fr"], settings=settings)
    return parsed.date().isoformat() if parsed else None


class DateResolver:
    """Finds the first date phrase of a sentence and resolves it against the article's date."""

    def resolve(self, sentence: str, article_date: str | None) -> str | None:
        """The date of the first date phrase of a sentence's text, or None."""
        try:
            return self._resolve(sentence, article_date)
        except (OverflowError, ValueError):  # an article dated at the edge of the calendar
            return None

    def _resolve(self, text: str, article_date: str | None) -> str | None:
        base = parse_article_date(article_date)
        folded = text.casefold()
        deictic = _DEICTIC_RE.search(text) if any(word in folded for word in _DEICTIC) else None
        if deictic and base:
            return (base + dt.timedelta(days=_DEICTIC[deictic.group(1).lower()])).isoformat()
        if not any(word in folded for word in _DATE_WORDS):
            return None
        for match in _PHRASE.finditer(text):
            if match.group("day") and match.group("month"):
                year = match.group("year") or (str(base.year) if base else article_year(article_date))
                if year is None:
                    continue
                return _parse(f"{match.group('day')} {match.group('month')} {year}", dt.date(int(year), 1, 1), "current_period")
            if match.group("weekday") and base:
                rel = (match.group("rel") or "").lower()
                if rel:
                    return _parse(match.group("weekday").lower(), base, {"prochain": "future", "dernier": "past"}[rel])
                # "ce jeudi": the Thursday of the article's own week, before or after its day
                monday = base - dt.timedelta(days=base.weekday())
                return (monday + dt.timedelta(days=_WEEKDAYS.index(match.group("weekday").lower()))).isoformat()
        return None
