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
    line = json.dumps(data, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate read from "\ud800": keep it escaped, as it came
        line = json.dumps(data)
    return line + "\n"


# ------------------------------------------------------------- scoring input

_EVENT_NAME_FIELDS = ("type", "subject", "to_club", "from_club", "rival_club", "agent", "status", "source")


def _names_problem(value, key: str, entries_only: bool) -> str | None:
    """What is wrong with a ``clubs`` / ``people`` / ``media`` list, if anything."""
    if value is None:
        return None
    if not isinstance(value, list):
        return f"'{key}' must be a list, not {type(value).__name__}"
    for i, entry in enumerate(value):
        if isinstance(entry, str) and not entries_only:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            want = "an object with a 'name' string" if entries_only else "a name or an object with a 'name' string"
            return f"{key}[{i}] must be {want}"
        mentions = entry.get("mentions")
        if mentions is not None and not (isinstance(mentions, list) and all(isinstance(m, str) for m in mentions)):
            return f"{key}[{i}] ({entry['name']!r}): 'mentions' must be a list of strings"
    return None


def scoring_problem(obj: dict, gold: bool) -> str | None:
    """What would stop the scorer from reading a record, or None.

    The scorer reads records loosely (ANNOTATION.md's schema is not enforced),
    but it needs lists where lists are, names that are strings, and a usable
    ``id``. People are entries with a ``name`` (their ``role`` is scored), and
    so are a gold record's clubs; predicted clubs and media may be bare names.
    """
    record_id = obj.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int, type(None))):
        return f"'id' must be a string, not {type(record_id).__name__}"
    events = obj.get("events")
    if events is not None and not isinstance(events, list):
        return f"'events' must be a list, not {type(events).__name__}"
    for i, event in enumerate(events or ()):
        if not isinstance(event, dict):
            return f"events[{i}] must be an object, not {type(event).__name__}"
        for key in _EVENT_NAME_FIELDS:
            if not isinstance(event.get(key), (str, type(None))):
                return f"events[{i}]: '{key}' must be a string or null, not {type(event[key]).__name__}"
    for key, entries_only in (("clubs", gold), ("people", True), ("media", False)):
        problem = _names_problem(obj.get(key), key, entries_only)
        if problem:
            return problem
    return None


def read_scorable(path: str | Path, gold: bool) -> list[dict]:
    """The records of a gold or predicted file, checked for what the scorer reads.

    Raises :class:`RecordError` naming the line of the first record it cannot
    score, or of an id seen twice.
    """
    records, seen = [], {}
    for lineno, obj in iter_jsonl(path):
        problem = scoring_problem(obj, gold)
        if problem:
            raise RecordError(path, lineno, problem)
        record_id = obj.get("id")
        if record_id in seen:
            raise RecordError(path, lineno, f"article id {record_id!r} already on line {seen[record_id]}")
        seen[record_id] = lineno
        records.append(obj)
    return records
