"""Reading and writing records: JSON Lines (srsly) and plain-text articles.

Errors name the file and the line, never a bare traceback from the parser.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import srsly

from .schema import Article, SchemaError


class RecordError(ValueError):
    """A malformed input record; ``str(err)`` is ``"FILE:LINE: what is wrong"``."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {message}")


#: A leading `` date 2023-06 `` (or ``2023-06-14``) before an article's text is metadata.
_DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*")


def split_date_prefix(raw: str) -> tuple[str | None, str]:
    """Return ``(date, text)`` for a raw article that may start with a date line."""
    match = _DATE_PREFIX.match(raw)
    if not match:
        return None, raw
    return match.group(1), raw[match.end():]


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """Yield ``(line number, object)`` for each non-blank line of a JSON Lines file.

    A line that is not a JSON object raises :class:`RecordError` naming it.
    """
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise RecordError(path, lineno, f"not valid UTF-8 ({err.reason} at byte {err.start})") from None
            if not line.strip():
                continue
            try:
                obj = srsly.json_loads(line)
            except ValueError as err:
                raise RecordError(path, lineno, f"not valid JSON ({err})") from None
            if not isinstance(obj, dict):
                raise RecordError(path, lineno, f"expected a JSON object, got {type(obj).__name__}")
            yield lineno, obj


def read_articles(path: str | Path) -> Iterator[Article]:
    """Read ANNOTATION.md records from a JSON Lines file, checking each one."""
    for lineno, obj in iter_jsonl(path):
        try:
            yield Article.from_dict(obj)
        except SchemaError as err:
            raise RecordError(path, lineno, str(err)) from None


def read_txt(path: str | Path) -> Article:
    """Read a plain-text article; its id is the file's stem."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise RecordError(path, None, f"not valid UTF-8 ({err.reason} at byte {err.start})") from None
    date, text = split_date_prefix(raw)
    return Article(id=path.stem, text=text.strip(), date=date)


def write_jsonl(path: str | Path, records: Iterable[Article | dict], append: bool = False) -> int:
    """Write records one per line, flushing each; ``-`` is standard output. Returns the count."""
    count = 0
    if str(path) == "-":
        for rec in records:
            sys.stdout.write(_line(rec))
            count += 1
        sys.stdout.flush()
        return count
    with open(path, "a" if append else "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(_line(rec))
            fh.flush()
            count += 1
    return count


def _line(record: Article | dict) -> str:
    # srsly (ujson) escapes every accent; French records stay readable with the stdlib.
    data = record.to_dict() if isinstance(record, Article) else record
    return json.dumps(data, ensure_ascii=False) + "\n"
