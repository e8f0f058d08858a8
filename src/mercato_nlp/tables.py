"""Plain-text tables of an article's events, for terminals and logs."""

from __future__ import annotations

from .schema import Article

COLUMNS = ("type", "subject", "to_club", "from_club", "status", "source", "fee_eur", "deal", "contract_until")


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}".replace(",", " ")
    return str(getattr(value, "value", value))


def events_table(article: Article) -> str:
    """The article's events, one row each, columns aligned."""
    header = f"{article.id}  ({article.date or 'no date'})"
    if article.error is not None and article.error:
        return f"{header}\n  error: {article.error}"
    if not article.events:
        return f"{header}\n  no event"
    rows = [COLUMNS] + [tuple(_cell(getattr(e, c)) for c in COLUMNS) for e in article.events]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join([header, *("  " + line for line in lines)])
