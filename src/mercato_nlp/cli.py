"""The ``mercato-nlp`` command: annotate articles, evaluate against gold."""

from __future__ import annotations

import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import List, NoReturn

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

#: The top-level keys of ``evaluate --json`` (see mercato_nlp.evaluate.evaluate).
EVALUATE_KEYS = ("events", "pairs", "per_type", "slots", "entities", "roles", "confusion",
                 "articles", "unmatched_pred_ids")


def _fail(message: str) -> NoReturn:
    """A usage or input problem: one line on stderr, exit status 2, no traceback."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


class OutputFormat(str, Enum):
    """What ``annotate`` writes (see its help)."""

    jsonl = "jsonl"
    csv = "csv"
    spacy = "spacy"


@app.command()
def annotate(
    inputs: List[str] = typer.Argument(..., help=".txt files, folders of them, JSON Lines files, or - for stdin"),
    output: Path = typer.Option(..., "-o", "--output", help="the file of records (- for stdout); with spacy, a folder"),
    fmt: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", "-f",
                                     help="jsonl: one record a line; csv: one row per event; "
                                          "spacy: DocBin files of the annotated docs (see above)"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="processes for nlp.pipe"),
    resume: bool = typer.Option(False, "--resume", help="skip the articles already in OUTPUT and add the others"),
    show: bool = typer.Option(False, "--print", help="print each article's events as a table"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar, error lines or summary"),
):
    """Annotate articles: one record (or error record) per input, in input order.

    An input that cannot be processed (unreadable, empty, longer than
    1,000,000 characters, not French...) gets an error record naming the
    input, FILE:LINE, and the cause. The progress bar (articles per second)
    shows on a terminal only.

    Formats. jsonl (the default): the records of docs/schema.md, one a line,
    flushed as they come; --resume appends. csv: one row per event (id, date,
    url, events, event, every slot, evidence sentences joined with " | ",
    error); an article without event or in error has one row with empty event
    columns; an article's rows are flushed together; --resume appends.
    spacy: OUTPUT is a folder of DocBin files of 1,000 docs each
    (000000.spacy, 000001.spacy...; store_user_data=True: doc._.events and
    the other custom attributes survive; an input in error is an empty doc
    with doc._.article_error). Each file is written when full, at the end,
    and when the run is interrupted with Ctrl-C; a killed run loses at most
    the file being filled. --resume adds the missing docs in new files.
    mercato_nlp.outputs.read_docs(OUTPUT, nlp.vocab), or spaCy's Corpus,
    reads them back in order.

    Exit status: 0 if every article was annotated, 1 if the output holds an
    error record (the terminal shows it too), 2 if the command could not run.
    """
    from tqdm import tqdm

    from . import load
    from .batch import annotate_items, iter_items, read_done, skip_done
    from .io import RecordError, write_jsonl
    from .outputs import read_done_csv, read_done_docbins, write_csv, write_docbins
    from .tables import events_table

    to_stdout = str(output) == "-"
    if resume and to_stdout:
        _fail("--resume needs an output file, not -")
    if fmt is OutputFormat.spacy and to_stdout:
        _fail("--format spacy needs an output file, not -")
    if fmt is OutputFormat.spacy and output.exists() and not output.is_dir():
        _fail(f"{output}: is a file; --format spacy writes a folder of DocBin files")
    if fmt is not OutputFormat.spacy and not to_stdout and output.is_dir():
        _fail(f"{output}: is a folder; --output takes a file name")
    done: list[tuple[str, bool]] = []
    first_shard = 0
    if resume:
        try:
            if fmt is OutputFormat.spacy:
                first_shard, done = read_done_docbins(output)
            else:
                done = (read_done_csv if fmt is OutputFormat.csv else read_done)(output)
        except RecordError as err:
            _fail(str(err))
        except OSError as err:
            _fail(f"{output}: cannot read ({err.strerror or err})")
    if not to_stdout:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            _fail(f"{output.parent}: cannot create the folder ({err.strerror or err})")

    read = Counter()

    def counted(items):
        for item in items:
            read["items"] += 1
            yield item

    items = skip_done(counted(iter_items(inputs)), Counter(record_id for record_id, _ in done))
    nlp = load()
    progress = _progress_bar(tqdm, quiet)
    counts = Counter()
    table_file = sys.stderr if to_stdout else sys.stdout
    with_docs = fmt is OutputFormat.spacy

    def say(text: str, file) -> None:
        # clears the progress bar first, so that the two do not run into each other
        tqdm.write(text, file=file)

    def records():
        for out in annotate_items(nlp, items, workers=workers, with_docs=with_docs):
            article = out[0] if with_docs else out
            counts["failed" if article.error else "ok"] += 1
            if show:
                say(events_table(article) + "\n", table_file)
            elif article.error and not quiet:
                say(f"error: {article.error}", sys.stderr)
            progress.update()
            yield out

    try:
        if fmt is OutputFormat.spacy:
            write_docbins(output, records(), nlp, first_shard)
        elif fmt is OutputFormat.csv:
            write_csv(output, records(), append=resume)
        else:
            write_jsonl(output, records(), append=resume)
    except OSError as err:
        _fail(f"{output}: cannot write ({err.strerror or err})")
    finally:
        progress.close()

    failed_before = sum(failed for _, failed in done)
    if not quiet:
        summary = f"{counts['ok']} annotated, {counts['failed']} failed"
        if resume:
            skipped = read["items"] - counts["ok"] - counts["failed"]
            summary += f", {skipped} already done"
            if failed_before:
                summary += f" ({failed_before} failed in the earlier run)"
        if not to_stdout:
            summary += f"; records in {output}"
        typer.echo(summary, err=True)
    raise typer.Exit(1 if counts["failed"] or failed_before else 0)


def _progress_bar(tqdm, quiet: bool):
    """Articles and articles per second on stderr, only when stderr is a terminal and not --quiet."""
    return tqdm(unit=" articles", disable=quiet or not sys.stderr.isatty(), file=sys.stderr, dynamic_ncols=True)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="gold JSON Lines"),
    pred: Path = typer.Argument(..., exists=True, dir_okay=False, help="predicted JSON Lines"),
    as_json: bool = typer.Option(False, "--json", help="print the figures as JSON"),
    errors: bool = typer.Option(False, "--errors", help="list every missed and spurious event (on stderr with --json)"),
):
    """Score predictions against gold (ANNOTATION.md §5), articles paired by id.

    --json prints an object with the keys events and pairs (p, r, f, tp, gold,
    pred), per_type (the same, per event type), slots (acc and n per slot),
    entities (clubs, people, media: p, r, f ...), roles (acc, n), confusion
    (gold type → predicted type → count), articles (per article: id, tp, gold,
    pred, missed, spurious) and unmatched_pred_ids. Exit status 2 when a file
    cannot be read; the message names the file and line.
    """
    import json

    from .evaluate import evaluate as score
    from .evaluate import format_errors, format_report
    from .io import RecordError, read_scorable

    try:
        result = score(read_scorable(gold, gold=True), read_scorable(pred, gold=False))
    except RecordError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"{err.filename}: cannot read ({err.strerror or err})")
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else format_report(result))
    if errors:  # after JSON, on stderr, so that stdout stays one JSON document
        typer.echo(format_errors(result) or "no missed or spurious event", err=as_json)


@app.command()
def show(
    inputs: List[str] = typer.Argument(..., help=".txt files, folders of them, JSON Lines files, or - for stdin"),
    output: Path = typer.Option(..., "-o", "--output", help="the HTML page to write (- for stdout)"),
    title: str = typer.Option(None, "--title", help="the page's title"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no error lines or summary"),
):
    """Annotate articles and write one HTML page of them (displaCy views and event tables).

    Each article shows its entities with their canonical names, its claims
    with type and status, and the table of its events; an input that cannot
    be processed shows its error. Exit status: 0 if every article was
    annotated, 1 if one failed (it is on the page too), 2 if the command
    could not run.
    """
    from . import load
    from .batch import iter_items
    from .display import annotated_docs, render
    from .schema import Article

    to_stdout = str(output) == "-"
    if not to_stdout and output.is_dir():
        _fail(f"{output}: is a folder; --output takes a file name")
    items = annotated_docs(load(), iter_items(inputs))
    shown = list(items)
    failed = [item for item in shown if isinstance(item, Article) and item.error]
    page = render(shown, page=True, title=title)
    if to_stdout:
        sys.stdout.write(page)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(page, encoding="utf-8")
        except OSError as err:
            _fail(f"{output}: cannot write ({err.strerror or err})")
    if not quiet:
        for item in failed:
            typer.echo(f"error: {item.error}", err=True)
        summary = f"{len(shown) - len(failed)} annotated, {len(failed)} failed"
        typer.echo(summary + ("" if to_stdout else f"; page in {output}"), err=True)
    raise typer.Exit(1 if failed else 0)


def main() -> None:  # pragma: no cover - console entry
    app()
