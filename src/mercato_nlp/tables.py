"""Plain-text tables of an article's events, for terminals and logs."""

from __future__ import annotations

import re

from .schema import Article

COLUMNS = ("type", "subject", "to_club", "from_club", "status", "source", "fee_eur", "deal", "contract_until")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    """Control characters and line breaks shown as escapes: one cell, one line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _cell(column: str, value) -> str:
    if value is None:
        return "-"
    if column == "fee_eur" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            return f"{int(value):,}".replace(",", " ")
    return _one_line(str(getattr(value, "value", value)))


def events_table(article: Article) -> str:
    """The article's events, one row each, columns aligned."""
    header = _one_line(f"{article.id}  ({article.date or 'no date'})")
    if article.error:
        return f"{header}\n  error: {_one_line(str(article.error))}"
    if not article.events:
        return f"{header}\n  no event"
    rows = [COLUMNS] + [tuple(_cell(c, getattr(e, c)) for c in COLUMNS) for e in article.events]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join([header, *("  " + line for line in lines)])
