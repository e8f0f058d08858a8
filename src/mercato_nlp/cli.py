"""The ``mercato-nlp`` command: annotate articles, evaluate against gold."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


@app.command()
def annotate(
    inputs: List[str] = typer.Argument(..., help=".txt files, folders of them, JSON Lines files, or - for stdin"),
    output: Path = typer.Option(..., "-o", "--output", help="JSON Lines file of records (- for stdout)"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="processes for nlp.pipe"),
    resume: bool = typer.Option(False, "--resume", help="skip ids already in OUTPUT and append"),
    show: bool = typer.Option(False, "--print", help="print each article's events as a table"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar or summary"),
):
    """Annotate articles: one record (or error record) per input, in input order."""
    from tqdm import tqdm

    from . import load
    from .batch import annotate_items, done_ids, iter_items
    from .io import write_jsonl
    from .tables import events_table

    to_stdout = str(output) == "-"
    if not to_stdout:
        output.parent.mkdir(parents=True, exist_ok=True)
    skip = done_ids(output) if resume and not to_stdout else set()
    items = (item for item in iter_items(inputs) if item.id not in skip)
    nlp = load()
    progress = tqdm(unit=" articles", disable=quiet or not sys.stderr.isatty(), file=sys.stderr)
    counts = {"ok": 0, "failed": 0}

    def records():
        for article in annotate_items(nlp, items, workers=workers):
            counts["failed" if article.error else "ok"] += 1
            progress.update()
            if show:
                typer.echo(events_table(article) + "\n", err=to_stdout)
            yield article

    write_jsonl(output, records(), append=resume)
    progress.close()
    if not quiet:
        typer.echo(f"{counts['ok']} annotated, {counts['failed']} failed, {len(skip)} already done", err=True)
    raise typer.Exit(1 if counts["failed"] else 0)


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="gold JSON Lines"),
    pred: Path = typer.Argument(..., exists=True, dir_okay=False, help="predicted JSON Lines"),
    as_json: bool = typer.Option(False, "--json", help="print the figures as JSON"),
    errors: bool = typer.Option(False, "--errors", help="list every missed and spurious event"),
):
    """Score predictions against gold (ANNOTATION.md §5)."""
    import srsly

    from .evaluate import evaluate_files, format_errors, format_report
    from .io import RecordError

    try:
        result = evaluate_files(gold, pred)
    except RecordError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    typer.echo(srsly.json_dumps(result, indent=2) if as_json else format_report(result))
    if errors:
        typer.echo(format_errors(result))


def main() -> None:  # pragma: no cover - console entry
    app()
