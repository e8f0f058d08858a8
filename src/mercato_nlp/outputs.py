"""The output formats of ``mercato-nlp annotate`` besides JSON Lines.

- **csv**: a flat table of events, one row per event (:data:`CSV_COLUMNS`);
  an article without event, or in error, has one row whose event columns are
  empty. Written with the ``csv`` module, an article's rows at once and
  flushed, so a run can be resumed (:func:`read_done_csv`).
- **spacy**: a folder of ``DocBin`` files of the annotated docs, with their
  user data (``store_user_data=True``), so that ``doc._.events``,
  ``doc._.article_id`` and the other custom attributes survive. An input in
  error is an empty doc with ``doc._.article_error``. A DocBin is one
  compressed message that cannot be appended to: the docs go to numbered
  files of :data:`SHARD_SIZE` docs, each written when full
  (:func:`write_docbins`), so memory stays flat and a run can be resumed;
  :func:`read_docs` (or spaCy's ``Corpus``) reads them back in order.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .io import RecordError
from .schema import Article

# ---------------------------------------------------------------- csv

#: The columns of the CSV table. ``events`` is the number of events of the
#: article (empty on an error row), ``event`` the number of the row's event
#: (1, 2, ...; empty on the row of an article without event or in error);
#: ``date`` is the article's date and ``event_date`` the event's.
CSV_COLUMNS = (
    "id", "date", "url", "events", "event",
    "type", "subject", "subject_role", "to_club", "from_club", "rival_club", "agent", "status", "source",
    "fee_eur", "deal", "contract_until", "confidence", "event_date", "evidence",
    "error",
)
#: Between the evidence sentences of an event, in its ``evidence`` cell (each
#: sentence with its runs of white space, line breaks included, as one space).
EVIDENCE_SEPARATOR = " | "
_EVENT_FIELDS = ("type", "subject", "subject_role", "to_club", "from_club", "rival_club", "agent", "status",
                 "source", "fee_eur", "deal", "contract_until", "confidence")
_ID, _EVENTS, _EVENT, _ERROR = (CSV_COLUMNS.index(c) for c in ("id", "events", "event", "error"))


def _cell(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        # 25000000, not 25000000.0; 0.95, not 0.9500000000000001
        return str(int(value)) if value.is_integer() else str(round(value, 6))
    return str(value)


def csv_rows(article: Article) -> list[list[str]]:
    """The rows of one article: one per event, or one with empty event columns."""
    error = article.error or ""
    head = [_cell(article.id), _cell(article.date), _cell(article.url), "" if error else str(len(article.events))]
    if not article.events:
        return [head + [""] * (len(CSV_COLUMNS) - len(head) - 1) + [error]]
    rows = []
    for number, event in enumerate(article.events, 1):
        data = event.to_dict()
        evidence = EVIDENCE_SEPARATOR.join(" ".join(e.text.split()) for e in event.evidence)
        rows.append(head + [str(number)] + [_cell(data.get(f)) for f in _EVENT_FIELDS]
                    + [_cell(data.get("date")), evidence, error])
    return rows


def _csv_text(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def write_csv(path: str | Path, records: Iterable[Article], append: bool = False) -> int:
    """Write the rows of each record, an article's rows at once, flushed; ``-`` is
    standard output. The header is written unless appending to a non-empty file.
    Returns the number of articles."""
    count = 0
    if str(path) == "-":
        sys.stdout.write(_csv_text([CSV_COLUMNS]))
        for article in records:
            sys.stdout.write(_csv_text(csv_rows(article)))
            count += 1
        sys.stdout.flush()
        return count
    path = Path(path)
    header = not (append and path.exists() and path.stat().st_size > 0)
    with open(path, "a" if append else "w", encoding="utf-8", newline="") as fh:
        if header:
            fh.write(_csv_text([CSV_COLUMNS]))
            fh.flush()
        for article in records:
            fh.write(_csv_text(csv_rows(article)))
            fh.flush()
            count += 1
    return count


def read_done_csv(path: str | Path) -> list[tuple[str, bool]]:
    """``(id, failed)`` for each article already written to a CSV output, in order.

    As for JSON Lines (:func:`mercato_nlp.batch.read_done`), the rows of the
    last article, if a killed run tore them (a row cut short, fewer rows than
    its ``events``), are cut off the file, to be redone; anything else that is
    not this module's table raises :class:`RecordError` naming the line. The
    file is read as a stream: memory does not grow with it.
    """
    path = Path(path)
    if not path.exists():
        return []
    with open(path, "rb") as fh:
        done, cut = _csv_done(path, fh)
    if cut < path.stat().st_size:
        _truncate(path, cut)
    return done


def _csv_done(path: Path, fh) -> tuple[list[tuple[str, bool]], int]:
    """The articles of a CSV output and the offset where the complete ones end."""
    state = {"offset": 0, "line": 0, "exhausted": False}

    def lines():
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # the last line, cut short by a killed run
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise RecordError(path, state["line"] + 1, f"not valid UTF-8 ({err.reason}); cannot resume") from None
            state["offset"] += len(raw)
            state["line"] += 1
            yield text
        state["exhausted"] = True

    reader = csv.reader(lines(), strict=True)

    def rows():
        """Each complete row, the offset where it ends and the line where it starts."""
        while True:
            line = state["line"] + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                if state["exhausted"]:
                    return  # a quoted field left open by the end of the file: torn
                raise RecordError(path, line, f"not a CSV row ({err}); cannot resume") from None
            yield row, state["offset"], line

    found = rows()
    header = next(found, None)
    if header is None:
        return [], 0  # empty, or killed while writing the header
    if header[0] != list(CSV_COLUMNS):
        raise RecordError(path, 1, "not the header of mercato-nlp's CSV table; cannot resume")
    done: list[tuple[str, bool]] = []
    cut, width = header[1], len(CSV_COLUMNS)
    group: list[list[str]] = []
    need, numbers, group_line = 0, [""], 0
    for row, end, line in found:
        if len(row) != width:
            raise RecordError(path, line, f"a row of {len(row)} columns, not {width}; cannot resume")
        if not group:
            count = row[_EVENTS]
            need = int(count) if count.isdigit() and count != "0" else 1
            numbers = [str(n) for n in range(1, need + 1)] if count.isdigit() and count != "0" else [""]
            group_line = line
        first = group[0] if group else row
        if (row[_ID], row[_EVENTS], row[_EVENT]) != (first[_ID], first[_EVENTS], numbers[len(group)]):
            raise RecordError(path, line, f"not the rows of one article (row {len(group) + 1} of {need} of "
                                          f"{first[_ID]!r}, line {group_line}, expected); cannot resume")
        group.append(row)
        if len(group) == need:
            done.append((first[_ID], bool(first[_ERROR])))
            cut, group = end, []
    return done, cut  # the rows of a last article torn short are beyond ``cut``


def _truncate(path: Path, size: int) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(size)


# ---------------------------------------------------------------- spacy DocBin

#: Docs per DocBin file of ``--format spacy``: a run holds one file's docs in memory.
SHARD_SIZE = 1000
SHARD_NAME = "{:06d}.spacy"


def error_doc(nlp: Language, article: Article) -> Doc:
    """The empty doc that stands for an input in error: its id, date and error, no events."""
    doc = nlp.make_doc("")
    doc._.article_id = article.id
    doc._.article_date = article.date
    doc._.article_error = article.error
    doc._.event_records = []
    return doc


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.spacy"))


def read_docs(folder: str | Path, vocab) -> Iterator[Doc]:
    """The docs of a ``--format spacy`` folder, in order (spaCy's ``Corpus`` reads it too)."""
    for path in _shards(Path(folder)):
        yield from DocBin(store_user_data=True).from_disk(path).get_docs(vocab)


def read_done_docbins(folder: str | Path) -> tuple[int, list[tuple[str, bool]]]:
    """The number of the next DocBin file of a ``--format spacy`` folder, and
    ``(id, failed)`` for each doc already in it, in order."""
    folder = Path(folder)
    if not folder.exists():
        return 0, []
    done = []
    id_key, error_key = (("._.", name, None, None) for name in ("article_id", "article_error"))
    shards = _shards(folder)
    for path in shards:
        try:
            docbin = DocBin(store_user_data=True).from_bytes(path.read_bytes())
        except Exception as err:  # zlib, msgpack or a DocBin of other attributes
            raise RecordError(path, None, f"not a DocBin file ({type(err).__name__}: {err}); cannot resume") from None
        for number, raw in enumerate(docbin.user_data, 1):
            data = srsly.msgpack_loads(raw, use_list=False) if raw else {}
            if not isinstance(data.get(id_key), str):
                raise RecordError(path, None, f"doc {number} has no article id (doc._.article_id); cannot resume")
            done.append((data[id_key], bool(data.get(error_key))))
    return (int(shards[-1].stem) + 1 if shards else 0), done


def write_docbins(folder: str | Path, pairs: Iterable[tuple[Article, Doc | None]], nlp: Language,
                  first: int = 0, shard_size: int = SHARD_SIZE) -> int:
    """Add the doc of each ``(record, doc)`` pair to DocBin files of ``shard_size``
    docs in ``folder``, numbered from ``first`` (``000000.spacy``, ``000001.spacy``…).

    A file is written, at once, when it is full, when ``pairs`` is exhausted, and
    when it raises (Ctrl-C): the docs added so far are then saved, in order, and
    a run with ``--resume`` adds the others in new files. A killed run loses at
    most the file being filled. Returns the number of docs added.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    docbin, number, count = DocBin(store_user_data=True), first, 0

    def save() -> None:
        nonlocal docbin, number
        if len(docbin):
            path = folder / SHARD_NAME.format(number)
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(docbin.to_bytes())
            os.replace(partial, path)
            docbin, number = DocBin(store_user_data=True), number + 1

    try:
        for article, doc in pairs:
            if doc is None:
                doc = error_doc(nlp, article)
            elif article.error:  # the pipeline ran, but its record could not be built
                doc._.article_error = article.error
            docbin.add(doc)
            count += 1
            if len(docbin) >= shard_size:
                save()
    finally:
        save()
    return count
