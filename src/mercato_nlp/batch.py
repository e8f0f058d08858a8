"""Streaming annotation of many articles: nothing lost, order kept, resumable.

Inputs are JSON Lines files (``text`` and optional ``id``, ``date``, ``url``;
other fields are kept), ``.txt`` files (a leading `` date 2023-06`` line is the
date), folders of them, or ``-`` for JSON Lines on standard input. Every input
yields exactly one output record, in input order: the article record, or a
record with an ``error`` field naming the input and the cause.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
import srsly
from spacy.language import Language

from .io import RecordError, iter_jsonl, read_txt
from .pipeline import make_doc
from .record import doc_to_article
from .schema import ARTICLE_KEYS, Article

MAX_CHARS = 1_000_000  # spaCy's own limit on one text


@attrs.frozen
class Item:
    """One input article, or the reason it could not be read (``error``)."""

    id: str
    text: str = ""
    date: str | None = None
    url: str | None = None
    extra: dict = attrs.field(factory=dict)
    error: str | None = None

    def error_record(self, message: str | None = None) -> Article:
        return Article(id=self.id, text=self.text, date=self.date, url=self.url, error=message or self.error, extra=self.extra)


def _from_object(obj: dict, fallback_id: str) -> Item:
    record_id = str(obj.get("id") or fallback_id)
    # A gold file's annotations are not passed through: the output has its own.
    extra = {k: v for k, v in obj.items() if k not in ARTICLE_KEYS}
    text = obj.get("text")
    if not isinstance(text, str):
        return Item(record_id, date=obj.get("date"), extra=extra, error=f"{fallback_id}: no 'text' string")
    return Item(record_id, text, obj.get("date"), obj.get("url"), extra)


def _jsonl_items(path: Path | str, lines: Iterable[bytes] | None = None) -> Iterator[Item]:
    name = str(path)
    stream = lines if lines is not None else open(path, "rb")
    for lineno, raw in enumerate(stream, 1):
        where = f"{name}:{lineno}"
        if not raw.strip():
            continue
        try:
            obj = srsly.json_loads(raw.decode("utf-8"))
        except UnicodeDecodeError as err:
            yield Item(where, error=f"{where}: not valid UTF-8 ({err.reason})")
            continue
        except ValueError as err:
            yield Item(where, error=f"{where}: not valid JSON ({err})")
            continue
        if not isinstance(obj, dict):
            yield Item(where, error=f"{where}: expected a JSON object")
            continue
        yield _from_object(obj, where)


def _txt_item(path: Path) -> Item:
    try:
        article = read_txt(path)
    except (RecordError, OSError) as err:
        return Item(path.stem, error=str(err))
    return Item(article.id, article.text, article.date)


def iter_items(inputs: Iterable[str]) -> Iterator[Item]:
    """Every article of the inputs, in order (folders sorted by name)."""
    for name in inputs:
        if name == "-":
            yield from _jsonl_items("<stdin>", sys.stdin.buffer)
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl")):
                yield from (_jsonl_items(child) if child.suffix == ".jsonl" else [_txt_item(child)])
        elif path.suffix == ".jsonl":
            yield from _jsonl_items(path)
        elif path.exists():
            yield _txt_item(path)
        else:
            yield Item(name, error=f"{name}: no such file or folder")


def check(item: Item) -> Item:
    """The item, or an error item for text the pipeline should not be given."""
    if item.error:
        return item
    if not item.text.strip():
        return attrs.evolve(item, error=f"{item.id}: empty text")
    if len(item.text) > MAX_CHARS:
        return attrs.evolve(item, error=f"{item.id}: text of {len(item.text):,} characters (limit {MAX_CHARS:,})")
    return item


def done_ids(path: Path) -> set[str]:
    """Ids already written to an output file; a torn last line is dropped so it is redone."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        path.write_bytes(data)
    return {srsly.json_loads(line)["id"] for line in data.decode("utf-8").splitlines() if line.strip()}


def annotate_items(nlp: Language, items: Iterable[Item], workers: int = 1, batch_size: int = 32) -> Iterator[Article]:
    """One record per item, in input order, whatever the number of workers.

    Items that cannot be processed skip the pipeline; their error records are
    emitted in their place once the records before them are out.
    """
    pending: dict[int, Item] = {}
    order: list[int] = []

    def valid_docs():
        for index, item in enumerate(map(check, items)):
            order.append(index)
            pending[index] = item
            if not item.error:
                yield make_doc(nlp, item.text, item.date, item.id), index

    next_index = 0

    def flush_errors_before(limit: int) -> Iterator[Article]:
        nonlocal next_index
        while next_index < limit:
            item = pending.pop(next_index)
            yield item.error_record(item.error or f"{item.id}: the pipeline failed on this article")
            next_index += 1

    for doc, index in nlp.pipe(valid_docs(), as_tuples=True, n_process=workers, batch_size=batch_size):
        yield from flush_errors_before(index)
        item = pending.pop(index)
        article = doc_to_article(doc, url=item.url)
        yield attrs.evolve(article, extra=item.extra)
        next_index = index + 1
    yield from flush_errors_before(len(order))
