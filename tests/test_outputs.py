"""annotate --format csv and --format spacy: what they write, read back, and how they resume."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from spacy.tokens import DocBin
from tqdm import tqdm
from typer.testing import CliRunner

import mercato_nlp
from mercato_nlp import cli
from mercato_nlp.cli import app
from mercato_nlp.outputs import CSV_COLUMNS, EVIDENCE_SEPARATOR, read_docs, read_done_csv, write_docbins

SIGNING = "L'OM a officialisé l'arrivée de Kylian Mbappé."
TWO_EVENTS = ("Le PSG s'intéresse à Kylian Mbappé, selon L'Équipe.\n"
              "L'AS Monaco a transmis une offre de 15 M€ pour Arkadiusz Milik.")
NO_EVENT = "Le match s'est terminé sur un score nul."
INPUTS = [
    {"id": "a", "text": TWO_EVENTS, "date": "2023-06-14", "url": "https://x.fr/a"},
    {"id": "b", "text": NO_EVENT},
    {"id": "c", "text": "   "},
    {"id": "d", "text": SIGNING, "date": "2023-06"},
]


@pytest.fixture
def runner(nlp, monkeypatch):
    monkeypatch.setattr(mercato_nlp, "load", lambda *a, **k: nlp)
    return CliRunner()


@pytest.fixture
def inp(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in INPUTS), encoding="utf-8")
    return path


@pytest.fixture
def expected(nlp):
    """The records of the inputs, as mercato_nlp.annotate makes them."""
    return {r["id"]: mercato_nlp.annotate(r["text"], r.get("date"), r["id"], nlp=nlp)
            for r in INPUTS if r["text"].strip()}


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_has_one_row_per_event(runner, inp, tmp_path, expected):
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["annotate", str(inp), "-o", str(out), "--format", "csv"])
    assert result.exit_code == 1, result.output  # "c" is empty
    assert "articles/s" not in result.stderr  # no progress bar off a terminal
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(CSV_COLUMNS)
    rows = read_csv(out)
    events = expected["a"].events
    assert len(events) == 2
    assert [r["id"] for r in rows] == ["a", "a", "b", "c"] + ["d"] * len(expected["d"].events)
    for row, event, number in zip(rows, events, (1, 2)):
        assert (row["events"], row["event"]) == ("2", str(number))
        assert (row["date"], row["url"], row["error"]) == ("2023-06-14", "https://x.fr/a", "")
        assert row["type"] == event.type.value and row["subject"] == event.subject
        assert row["to_club"] == (event.to_club or "") and row["status"] == event.status.value
        assert row["evidence"] == EVIDENCE_SEPARATOR.join(" ".join(e.text.split()) for e in event.evidence)
    assert rows[1]["fee_eur"] == "15000000"  # the offer's fee, not 15000000.0
    empty_event = {c: "" for c in CSV_COLUMNS[5:-1]}
    assert {c: rows[2][c] for c in empty_event} == empty_event and rows[2]["events"] == "0"
    assert rows[3]["error"] == f"{inp}:3: empty text" and rows[3]["events"] == ""
    assert {c: rows[3][c] for c in empty_event} == empty_event


def test_csv_resume_cuts_a_torn_article_and_refuses_a_damaged_file(runner, inp, tmp_path):
    full, part = tmp_path / "full.csv", tmp_path / "part.csv"
    args = ["annotate", str(inp), "--format", "csv", "-q"]
    runner.invoke(app, [*args, "-o", str(full)])
    data = full.read_bytes()
    lines = data.split(b"\r\n")
    assert lines[2].startswith(b"a,2023-06-14,https://x.fr/a,2,2,")
    second_row = len(lines[0]) + len(lines[1]) + 4
    part.write_bytes(data[: second_row + 30])  # killed in the second row of "a"
    assert read_done_csv(part) == [] and part.read_bytes() == data[: data.index(b"\r\n") + 2]  # the header stays
    part.write_bytes(data[: second_row + 30])
    resumed = runner.invoke(app, [*args, "-o", str(part), "--resume"])
    assert resumed.exit_code == 1
    assert part.read_bytes() == data
    assert [failed for _, failed in read_done_csv(part)] == [False, False, True, False]

    again = runner.invoke(app, ["annotate", str(inp), "--format", "csv", "-o", str(part), "--resume"])
    assert "0 annotated, 0 failed, 4 already done (1 failed in the earlier run)" in again.stderr
    assert part.read_bytes() == data

    part.write_bytes(b"\r\n".join(lines[:2] + lines[3:]))  # a row of "a" lost in the middle
    damaged = runner.invoke(app, [*args, "-o", str(part), "--resume"])
    assert damaged.exit_code == 2
    assert "part.csv:3: not the rows of one article (row 2 of 2 of 'a', line 2, expected)" in damaged.stderr


def test_spacy_format_keeps_the_docs_and_their_events(runner, inp, tmp_path, nlp, expected):
    out = tmp_path / "docs"
    result = runner.invoke(app, ["annotate", str(inp), "-o", str(out), "--format", "spacy"])
    assert result.exit_code == 1, result.output
    assert [p.name for p in out.iterdir()] == ["000000.spacy"]
    docs = list(read_docs(out, nlp.vocab))
    assert [d._.article_id for d in docs] == ["a", "b", "c", "d"]
    for doc in docs:
        if doc._.article_id == "c":
            assert doc._.article_error == f"{inp}:3: empty text" and doc._.events == [] and len(doc) == 0
            continue
        assert doc._.article_error is None
        assert list(doc._.events) == list(expected[doc._.article_id].events)
        assert doc.text == expected[doc._.article_id].text
        assert mercato_nlp.doc_to_article(doc) == expected[doc._.article_id]  # the whole record survives
    assert docs[0]._.article_date == "2023-06-14"
    assert runner.invoke(app, ["annotate", str(inp), "-o", "-", "--format", "spacy"]).exit_code == 2
    a_file = tmp_path / "out.spacy"
    a_file.write_bytes(b"")
    assert runner.invoke(app, ["annotate", str(inp), "-o", str(a_file), "--format", "spacy"]).exit_code == 2


def test_spacy_format_writes_files_of_a_fixed_number_of_docs(inp, tmp_path, nlp):
    from mercato_nlp.batch import annotate_items, iter_items

    out = tmp_path / "docs"
    written = write_docbins(out, annotate_items(nlp, iter_items([str(inp)]), with_docs=True), nlp, shard_size=3)
    assert written == 4
    assert sorted(p.name for p in out.iterdir()) == ["000000.spacy", "000001.spacy"]
    assert [len(DocBin().from_disk(p)) for p in sorted(out.iterdir())] == [3, 1]
    assert [d._.article_id for d in read_docs(out, nlp.vocab)] == ["a", "b", "c", "d"]


def test_spacy_format_saves_on_interrupt_and_resumes(runner, inp, tmp_path, nlp, run_interrupted):
    full, part = tmp_path / "full", tmp_path / "part"
    args = ["annotate", str(inp), "--format", "spacy", "-q"]
    runner.invoke(app, [*args, "-o", str(full)])
    run_interrupted(lambda: runner.invoke(app, [*args, "-o", str(part)]), 2)  # Ctrl-C after the second record
    assert [d._.article_id for d in read_docs(part, nlp.vocab)] == ["a", "b"]

    resumed = runner.invoke(app, [*args, "-o", str(part), "--resume"])
    assert resumed.exit_code == 1
    assert sorted(p.name for p in part.iterdir()) == ["000000.spacy", "000001.spacy"]  # the docs added in a new file
    ids_events = [(d._.article_id, d._.events, d._.article_error) for d in read_docs(part, nlp.vocab)]
    assert ids_events == [(d._.article_id, d._.events, d._.article_error) for d in read_docs(full, nlp.vocab)]

    (part / "000001.spacy").write_bytes(b"not a docbin")
    refused = runner.invoke(app, [*args, "-o", str(part), "--resume"])
    assert refused.exit_code == 2 and "000001.spacy" in refused.stderr and "not a DocBin file" in refused.stderr


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("terminal, quiet, shown", [(True, False, True), (True, True, False), (False, False, False)])
def test_progress_bar_only_on_a_terminal_and_not_quiet(monkeypatch, terminal, quiet, shown):
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    bar = cli._progress_bar(tqdm, quiet)
    assert bar.disable is not shown
    bar.update(3)
    bar.close()
    assert ("articles/s" in stream.getvalue() or "3 articles" in stream.getvalue()) is shown
