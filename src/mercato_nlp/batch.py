"""Streaming annotation of many articles: nothing lost, order kept, resumable.

Inputs are JSON Lines files (``text`` and optional ``id``, ``date``, ``url``;
other fields are kept, a gold file's annotations are not), ``.txt`` files (a
leading `` date 2023-06`` line is the date), folders of them, or ``-`` for JSON
Lines on standard input. Every input yields exactly one output record, in input
order: the article record, or a record with an ``error`` field that names the
input (``FILE:LINE`` or ``FILE``) and the cause.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from .io import RecordError, read_txt
from .pipeline import make_doc, unicode_problem
from .record import doc_to_article
from .schema import ARTICLE_KEYS, Article

MAX_CHARS = 1_000_000  # spaCy's own limit on one text
_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")


@attrs.frozen
class Item:
    """One input article, or the reason it could not be read (``error``).

    ``source`` says where the input is (``FILE:LINE`` for JSON Lines, ``FILE``
    for a text file); error messages start with it.
    """

    id: str
    text: str = ""
    date: str | None = None
    url: str | None = None
    extra: dict = attrs.field(factory=dict)
    error: str | None = None
    source: str = ""

    def error_record(self, message: str | None = None) -> Article:
        return Article(id=self.id, text=self.text, date=self.date, url=self.url,
                       error=message or self.error, extra=self.extra)

    def failed(self, cause: str) -> Item:
        return attrs.evolve(self, error=f"{self.source or self.id}: {cause}")


def _type(value) -> str:
    return "null" if value is None else type(value).__name__


def _from_object(obj: dict, where: str) -> Item:
    """The item of one JSON object; ``where`` (``FILE:LINE``) names it in errors."""
    # A gold file's annotations are not passed through: the output has its own.
    extra = {k: v for k, v in obj.items() if k not in ARTICLE_KEYS}
    raw_id, text, date, url = obj.get("id"), obj.get("text"), obj.get("date"), obj.get("url")
    item = Item(where, extra=extra, url=url, source=where)
    if raw_id is not None and raw_id != "":
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            return item.failed(f"'id' must be a string, not {_type(raw_id)}")
        item = attrs.evolve(item, id=str(raw_id))
    if date is not None:
        if not isinstance(date, str):
            return item.failed(f"'date' must be a string (YYYY-MM-DD or YYYY-MM) or null, not {_type(date)}")
        if not _DATE.fullmatch(date):
            return item.failed(f"'date' {date!r} is not YYYY-MM-DD or YYYY-MM")
        item = attrs.evolve(item, date=date)
    if "text" not in obj:
        return item.failed("no 'text' field")
    if not isinstance(text, str):
        return item.failed(f"'text' must be a string, not {_type(text)}")
    return attrs.evolve(item, text=text)


def _jsonl_items(name: str, stream: Iterable[bytes]) -> Iterator[Item]:
    for lineno, raw in enumerate(stream, 1):
        where = f"{name}:{lineno}"
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark is not content
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            obj = srsly.json_loads(raw.decode("utf-8"))
        except UnicodeDecodeError as err:
            yield Item(where, source=where, error=f"{where}: not valid UTF-8 ({err.reason} at byte {err.start})")
            continue
        except ValueError as err:
            yield Item(where, source=where, error=f"{where}: not valid JSON ({err})")
            continue
        if not isinstance(obj, dict):
            yield Item(where, source=where, error=f"{where}: expected a JSON object, got {_type(obj)}")
            continue
        yield _from_object(obj, where)


def _jsonl_file(path: Path) -> Iterator[Item]:
    try:
        fh = open(path, "rb")
    except OSError as err:
        yield Item(str(path), source=str(path), error=f"{path}: cannot read ({err.strerror or err})")
        return
    with fh:
        yield from _jsonl_items(str(path), fh)


def _txt_item(path: Path) -> Item:
    try:
        article = read_txt(path)
    except RecordError as err:
        return Item(path.stem, source=str(path), error=str(err))
    except OSError as err:
        return Item(path.stem, source=str(path), error=f"{path}: cannot read ({err.strerror or err})")
    return Item(article.id, article.text, article.date, source=str(path))


def _folder_files(folder: Path) -> list[Path]:
    """The .txt and .jsonl files under a folder, sorted, hidden files and folders left out."""
    return sorted(
        p for p in folder.rglob("*")
        if p.suffix in (".txt", ".jsonl") and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def iter_items(inputs: Iterable[str]) -> Iterator[Item]:
    """Every article of the inputs, in order (folders sorted by path)."""
    for name in inputs:
        if name == "-":
            yield from _jsonl_items("<stdin>", sys.stdin.buffer)
            continue
        path = Path(name)
        if not path.exists():
            yield Item(name, source=name, error=f"{name}: no such file or folder")
        elif path.is_dir():
            files = _folder_files(path)
            if not files:
                yield Item(name, source=name, error=f"{name}: no .txt or .jsonl file in this folder")
            for child in files:
                yield from (_jsonl_file(child) if child.suffix == ".jsonl" else [_txt_item(child)])
        elif path.suffix == ".jsonl":
            yield from _jsonl_file(path)
        else:
            yield _txt_item(path)


def check(item: Item) -> Item:
    """The item, or an error item for text the pipeline should not be given."""
    if item.error:
        return item
    if not item.text.strip():
        return item.failed("empty text")
    if len(item.text) > MAX_CHARS:
        return item.failed(f"text of {len(item.text):,} characters (limit {MAX_CHARS:,})")
    problem = unicode_problem(item.text)
    if problem:
        return item.failed(problem)
    return item


# ---------------------------------------------------------------- resuming


def read_done(path: Path) -> list[tuple[str, bool]]:
    """``(id, failed)`` for each record already written to an output file, in order.

    A torn last line (a run killed while writing it) is cut off the file, so
    that its article is redone. Any other unreadable line raises
    :class:`RecordError` naming it: appending to such a file would only hide
    the damage.
    """
    path = Path(path)
    if not path.exists():
        return []
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
        path.write_bytes(data)
    done = []
    for lineno, raw in enumerate(data.split(b"\n")[:-1], 1):
        if not raw.strip():
            continue
        try:
            obj = srsly.json_loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as err:
            raise RecordError(path, lineno, f"not a record ({err}); cannot resume") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise RecordError(path, lineno, "not a record with an 'id' string; cannot resume")
        done.append((obj["id"], bool(obj.get("error"))))
    return done


def done_ids(path: Path) -> Counter:
    """How many times each id is already written to an output file (see :func:`read_done`)."""
    return Counter(record_id for record_id, _ in read_done(path))


def skip_done(items: Iterable[Item], done: Counter) -> Iterator[Item]:
    """The items not yet in the output: as many of each id are skipped as were written.

    The output follows input order, so the first ones of an id are those done;
    two inputs sharing an id (``a/x.txt`` and ``b/x.txt``) are both done once.
    """
    left = Counter(done)
    for item in items:
        if left[item.id] > 0:
            left[item.id] -= 1
            continue
        yield item


# ---------------------------------------------------------------- annotating


def _record(doc: Doc, item: Item) -> Article:
    try:
        article = doc_to_article(doc, url=item.url)
    except Exception as err:  # a component wrote something the record cannot hold
        return item.error_record(f"{item.source}: could not build the record ({type(err).__name__}: {err})")
    return attrs.evolve(article, extra=item.extra)


def _annotate_alone(nlp: Language, item: Item) -> Article:
    """One article through the pipeline on its own, the failing component named if any."""
    name = "tokenizer"
    try:
        doc = make_doc(nlp, item.text, item.date, item.id)
        for name, proc in nlp.pipeline:
            doc = proc(doc)
    except Exception as err:
        return item.error_record(f"{item.source}: the pipeline failed on this article "
                                 f"(in {name}: {type(err).__name__}: {err})")
    return _record(doc, item)


def annotate_items(nlp: Language, items: Iterable[Item], workers: int = 1, batch_size: int = 32) -> Iterator[Article]:
    """One record per item, in input order, whatever the number of workers.

    Items that cannot be processed skip the pipeline; their error records are
    emitted in their place once the records before them are out. An article a
    component fails on does not stop the run: ``nlp.pipe`` is lost with the
    batch it was working on, so the articles read but not yet out are redone
    one by one (the failing one gets an error record naming the component and
    the exception), and a new ``nlp.pipe`` takes the rest of the input.
    """
    pending: dict[int, Item] = {}
    total = 0  # items read so far
    source_failed = False

    def valid_docs():
        nonlocal total, source_failed
        try:
            for index, item in enumerate(items):
                item = check(item)
                pending[index] = item
                total = index + 1
                if not item.error:
                    try:
                        doc = make_doc(nlp, item.text, item.date, item.id)
                    except Exception:  # redone (and its error written) by _annotate_alone
                        continue
                    yield doc, index
        except Exception:
            source_failed = True
            raise

    next_index = 0

    def records_before(limit: int) -> Iterator[Article]:
        nonlocal next_index
        while next_index < limit:
            item = pending.pop(next_index)
            next_index += 1
            yield item.error_record() if item.error else _annotate_alone(nlp, item)

    source = valid_docs()
    stream, read_at_start = None, 0
    while True:
        if stream is None:
            stream = nlp.pipe(source, as_tuples=True, n_process=workers, batch_size=batch_size)
            read_at_start = total
        try:
            step = next(stream, None)
        except Exception:
            if source_failed or total == read_at_start:
                raise  # the input failed, or the pipeline fails before any article
            stream = None
            yield from records_before(total)
            continue
        if step is None:
            break
        doc, index = step
        yield from records_before(index)
        yield _record(doc, pending.pop(index))
        next_index = index + 1
    yield from records_before(total)
