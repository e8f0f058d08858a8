"""Streaming annotation of many articles: nothing lost, order kept, resumable.

Inputs are JSON Lines files (``text`` and optional ``id``, ``date``, ``url``;
other fields are kept, a gold file's annotations are not), ``.txt`` files (a
leading `` date 2023-06`` line is the date), folders of them, or ``-`` for JSON
Lines on standard input. Every input yields exactly one output record, in input
order: the article record, or a record with an ``error`` field that names the
input (``FILE:LINE`` or ``FILE``) and the cause.

Before the pipeline, :func:`check` turns away what it should not be given:
an empty text, a text longer than :data:`MAX_CHARS` (spaCy's own limit; a
``.txt`` file or a JSON line far beyond it is not even read whole), a text
Python cannot encode, and a text that is not French (:func:`not_french`).

Memory stays flat over any number of articles: they go through the pipeline
in chunks of :data:`ZONE_SIZE`, each in its own ``nlp.memory_zone()``, so the
strings and lexemes a chunk adds to the vocabulary are freed after it.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
import srsly
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from .io import RecordError, read_txt
from .knowledge import load_resource
from .msgpack_registries import cached_msgpack_registries
from .pipeline import make_doc, unicode_problem
from .record import doc_to_article
from .schema import ARTICLE_KEYS, Article

MAX_CHARS = 1_000_000  # spaCy's own limit on one text
#: A JSON line longer than this is skipped unread (a text of MAX_CHARS characters,
#: every one escaped as \uXXXX, takes 6 MB).
MAX_LINE_BYTES = 8 * MAX_CHARS
#: Articles per memory zone (see annotate_items).
ZONE_SIZE = 1000
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


def _lines(stream, limit: int) -> Iterator[tuple[bytes | None, int]]:
    """``(line, size)`` for each line of a binary stream; ``line`` is None for a line
    longer than ``limit`` bytes, which is skipped without being held in memory."""
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = stream.readline(1 << 20)
            if not raw:
                break
            size += len(raw)
        yield None, size


def _jsonl_items(name: str, stream) -> Iterator[Item]:
    for lineno, (raw, size) in enumerate(_lines(stream, MAX_LINE_BYTES), 1):
        where = f"{name}:{lineno}"
        if raw is None:
            yield Item(where, source=where,
                       error=f"{where}: a line of {size:,} bytes (limit {MAX_LINE_BYTES:,}); not read")
            continue
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
        size = path.stat().st_size
        if size > 4 * MAX_CHARS + 64:  # more characters than MAX_CHARS, whatever the encoding
            return Item(path.stem, source=str(path),
                        error=f"{path}: a file of {size:,} bytes, more than the {MAX_CHARS:,} "
                              "characters an article may have; not read")
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


#: The language check: among the first FRENCH_SAMPLE words of a text, at least
#: FRENCH_MIN_SHARE must be French function words; texts of fewer than
#: FRENCH_MIN_WORDS words are not judged.
FRENCH_SAMPLE = 300
FRENCH_MIN_WORDS = 20
FRENCH_MIN_SHARE = 0.10
_WORD = re.compile(r"[^\W\d_]+")


@functools.cache
def french_words() -> frozenset[str]:
    """The word list of ``resources/french_words.json`` (its ``_doc`` says how it was chosen)."""
    return frozenset(load_resource("french_words.json")["words"])


def french_share(text: str, sample: int = FRENCH_SAMPLE) -> tuple[float, int]:
    """``(share, n)``: the share of French function words among the first ``n`` words
    (runs of letters, lowercased) of the text, ``n`` at most ``sample``."""
    words = [m.group().lower() for m in itertools.islice(_WORD.finditer(text), sample)]
    if not words:
        return 0.0, 0
    known = french_words()
    return sum(w in known for w in words) / len(words), len(words)


def not_french(text: str) -> str | None:
    """Why a text is not taken for French, or None.

    A cheap test, run before the pipeline: French prose is made of 20-40 % of
    a few dozen function words that other languages do not use (le, les, du,
    des, une, dans, pour, avec, est, sont, qui...; the list is
    ``resources/french_words.json``), and English, Spanish, Italian,
    Portuguese, German, Dutch or Catalan football news has 0-5 % of them.
    Below 10 % among the first 300 words, the text is not French; fewer than
    20 words are not judged (a title, a brief).
    """
    share, n = french_share(text)
    if n < FRENCH_MIN_WORDS or share >= FRENCH_MIN_SHARE:
        return None
    return (f"the text does not look French ({share:.0%} of its first {n} words are French "
            f"function words, at least {FRENCH_MIN_SHARE:.0%} expected)")


def check(item: Item, language: bool = True) -> Item:
    """The item, or an error item for text the pipeline should not be given.

    ``language=False`` leaves out the test of :func:`not_french`.
    """
    if item.error:
        return item
    if not item.text.strip():
        return item.failed("empty text")
    if len(item.text) > MAX_CHARS:
        return item.failed(f"a text of {len(item.text):,} characters (limit {MAX_CHARS:,})")
    problem = unicode_problem(item.text) or (language and not_french(item.text))
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
    done, complete = [], 0  # the offset where the complete lines end
    with open(path, "rb") as fh:  # line by line: memory does not grow with the file
        for lineno, raw in enumerate(fh, 1):
            if not raw.endswith(b"\n"):
                break
            complete += len(raw)
            if not raw.strip():
                continue
            try:
                obj = srsly.json_loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as err:
                raise RecordError(path, lineno, f"not a record ({err}); cannot resume") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
                raise RecordError(path, lineno, "not a record with an 'id' string; cannot resume")
            done.append((obj["id"], bool(obj.get("error"))))
    if complete < path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(complete)
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


def _annotate_alone(nlp: Language, item: Item) -> tuple[Article, Doc | None]:
    """One article through the pipeline on its own, the failing component named if any."""
    name = "tokenizer"
    try:
        doc = make_doc(nlp, item.text, item.date, item.id)
        for name, proc in nlp.pipeline:
            doc = proc(doc)
    except Exception as err:
        return item.error_record(f"{item.source}: the pipeline failed on this article "
                                 f"(in {name}: {type(err).__name__}: {err})"), None
    return _record(doc, item), doc


def annotate_items(nlp: Language, items: Iterable[Item], workers: int = 1, batch_size: int = 32,
                   zone_size: int = ZONE_SIZE, with_docs: bool = False, language: bool = True) -> Iterator:
    """One record per item, in input order, whatever the number of workers.

    Items that cannot be processed (see :func:`check`; ``language=False``
    skips the language test) skip the pipeline; their error records are
    emitted in their place once the records before them are out. An article a
    component fails on does not stop the run: its error record names the
    component and the exception.

    The items go through the pipeline ``zone_size`` at a time, each chunk in
    its own ``nlp.memory_zone()``: the strings and lexemes the chunk adds to
    the shared vocabulary are freed when it is done, so memory stays flat over
    millions of articles. With ``workers > 1`` each chunk gets its own
    ``nlp.pipe(n_process=workers)``: the worker processes are forked inside the
    zone and end with the chunk, so their memory does not grow either (spaCy's
    workers never leave a memory zone of their own).

    With ``with_docs=True`` the items are ``(record, doc)`` pairs, ``doc``
    being None for an error record. A doc belongs to its memory zone: use it
    (or serialise it) before asking for the next pair, and keep no reference.
    """
    items = iter(items)
    for first in items:
        chunk = itertools.chain([first], itertools.islice(items, max(zone_size, 1) - 1))
        # the docs come back from the worker processes as bytes (see msgpack_registries)
        with nlp.memory_zone(), cached_msgpack_registries():
            for article, doc in _annotate_chunk(nlp, chunk, workers, batch_size, language):
                yield (article, doc) if with_docs else article
        _clear_word_caches(nlp)


def _clear_word_caches(nlp: Language) -> None:
    """Empty the per-word caches a memory zone does not free.

    spaCy's lemmatizer keeps the lemmas of every (word, part of speech) it has
    seen in a dict that only grows: over a corpus, every new name adds to it
    (about 1 kB an article of fresh names). Emptied after each chunk, it costs
    the lemmas of the common words once per chunk.
    """
    for _, proc in nlp.pipeline:
        if isinstance(proc, Lemmatizer) and isinstance(getattr(proc, "cache", None), dict):
            proc.cache.clear()


def _annotate_chunk(nlp: Language, items: Iterable[Item], workers: int, batch_size: int,
                    language: bool) -> Iterator[tuple[Article, Doc | None]]:
    """``(record, doc or None)`` for each item, in order (see :func:`annotate_items`).

    ``nlp.pipe`` is lost with the batch it was working on when a component
    raises, so the articles read but not yet out are redone one by one (the
    failing one gets an error record naming the component and the exception),
    and a new ``nlp.pipe`` takes the rest of the input.
    """
    pending: dict[int, Item] = {}
    total = 0  # items read so far
    source_failed = False

    def valid_docs():
        nonlocal total, source_failed
        try:
            for index, item in enumerate(items):
                item = check(item, language)
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

    def records_before(limit: int) -> Iterator[tuple[Article, Doc | None]]:
        nonlocal next_index
        while next_index < limit:
            item = pending.pop(next_index)
            next_index += 1
            yield (item.error_record(), None) if item.error else _annotate_alone(nlp, item)

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
        yield _record(doc, pending.pop(index)), doc
        next_index = index + 1
    yield from records_before(total)
