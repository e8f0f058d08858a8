"""The mercato-nlp command, through typer's test runner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import mercato_nlp
from mercato_nlp.cli import EVALUATE_KEYS, app

from conftest import ROOT

SIGNING = "L'OM a officialisé l'arrivée de Kylian Mbappé."
INTEREST = "Le PSG s'intéresse à Kylian Mbappé, selon L'Équipe."


@pytest.fixture
def runner(nlp, monkeypatch):
    """A runner whose commands use the session's pipeline instead of loading one."""
    monkeypatch.setattr(mercato_nlp, "load", lambda *a, **k: nlp)
    return CliRunner()


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def no_traceback(result):
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_annotate_writes_one_record_per_input_and_exits_0(runner, tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": SIGNING, "date": "2023-06"},
                                              {"id": "b", "text": INTEREST}])
    out = tmp_path / "build" / "out.jsonl"
    result = runner.invoke(app, ["annotate", str(inp), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["a", "b"]
    assert records[0]["date"] == "2023-06" and records[0]["events"][0]["type"] == "signing"
    assert "error" not in records[0]
    assert "Mbappé" in out.read_text(encoding="utf-8")  # readable, not \u00e9
    assert f"2 annotated, 0 failed; records in {out}" in result.stderr
    assert result.stdout == ""
    no_traceback(result)


def test_annotate_exits_1_when_an_article_fails(runner, tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "a", "text": SIGNING}) + "\n{oops\n" + json.dumps({"id": "c", "text": ""}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["annotate", str(inp), "-o", str(out)])
    assert result.exit_code == 1
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["a", f"{inp}:2", "c"]
    assert records[1]["error"].startswith(f"{inp}:2: not valid JSON")
    assert records[2]["error"] == f"{inp}:3: empty text"
    assert "1 annotated, 2 failed" in result.stderr
    assert f"error: {inp}:3: empty text" in result.stderr  # each failure is named on stderr
    no_traceback(result)


def test_print_shows_the_events_table(runner, nlp, tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": "art-1", "text": SIGNING, "date": "2023-06-14"},
                                              {"id": "art-2", "text": "   "}])
    result = runner.invoke(app, ["annotate", str(inp), "-o", str(tmp_path / "out.jsonl"), "--print"])
    expected = mercato_nlp.annotate(SIGNING, nlp=nlp).events
    assert expected
    lines = result.stdout.splitlines()
    assert lines[0] == "art-1  (2023-06-14)"
    assert lines[1].split() == ["type", "subject", "to_club", "from_club", "status", "source", "fee_eur", "deal",
                                "contract_until"]
    for event, line in zip(expected, lines[2:]):
        assert line.split()[0] == event.type.value and event.subject in line and event.to_club in line
    assert "art-2  (no date)" in lines and f"  error: {inp}:2: empty text" in lines
    assert "1 annotated, 1 failed" in result.stderr and "1 annotated" not in result.stdout


def test_output_to_stdout_keeps_stdout_for_records(runner, tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": SIGNING}])
    result = runner.invoke(app, ["annotate", str(inp), "-o", "-", "--print"])
    assert result.exit_code == 0
    assert [r["id"] for r in map(json.loads, result.stdout.splitlines())] == ["a"]
    assert "signing" in result.stderr  # the table went to stderr


def test_annotate_refuses_what_it_cannot_write_or_resume(runner, tmp_path):
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": SIGNING}])
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "text": "x"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["annotate", str(inp), "-o", str(out), "--resume"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {out}:2: not a record")
    no_traceback(result)
    result = runner.invoke(app, ["annotate", str(inp), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.stderr
    no_traceback(result)
    result = runner.invoke(app, ["annotate", str(inp), "-o", "-", "--resume"])
    assert result.exit_code == 2 and "--resume needs an output file" in result.stderr


def test_annotate_reads_standard_input(runner, tmp_path):
    out = tmp_path / "out.jsonl"
    lines = json.dumps({"id": "a", "text": SIGNING}) + "\n" + json.dumps({"text": 3}) + "\n"
    result = runner.invoke(app, ["annotate", "-", "-o", str(out)], input=lines.encode("utf-8"))
    assert result.exit_code == 1
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["a", "<stdin>:2"]
    assert records[1]["error"] == "<stdin>:2: 'text' must be a string, not int"


# ---------------------------------------------------------------- evaluate


@pytest.fixture
def gold(tmp_path):
    records = [json.loads(line) for line in (ROOT / "corpus" / "test.jsonl").read_text(encoding="utf-8").splitlines()[:3]]
    assert all(r["events"] for r in records)
    return write_jsonl(tmp_path / "gold.jsonl", records)


def test_evaluate_a_file_against_itself_scores_1(gold):
    result = CliRunner().invoke(app, ["evaluate", str(gold), str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert tuple(scores) == EVALUATE_KEYS
    assert scores["events"]["f"] == 1.0 and scores["pairs"]["f"] == 1.0
    assert scores["events"]["tp"] == scores["events"]["gold"] == sum(len(r["events"]) for r in read_jsonl(gold))
    assert {k: v["f"] for k, v in scores["entities"].items()} == {"clubs": 1.0, "people": 1.0, "media": 1.0}
    assert set(scores["events"]) == {"p", "r", "f", "tp", "gold", "pred"}
    assert all(a["missed"] == [] and a["spurious"] == [] for a in scores["articles"])


def test_evaluate_errors_lists_missed_events(gold, tmp_path):
    records = read_jsonl(gold)
    missed = records[1]["events"].pop(0)
    pred = write_jsonl(tmp_path / "pred.jsonl", records)
    result = CliRunner().invoke(app, ["evaluate", str(gold), str(pred), "--errors"])
    assert result.exit_code == 0, result.output
    report = result.stdout
    assert report.startswith(" " * 16 + "      P      R     F1")
    line = next(l for l in report.splitlines() if l.strip().startswith("missed"))
    assert line.split()[1] == missed["type"] and missed["subject"] in line
    assert f"{records[1]['id']}  (tp " in report and "spurious" not in report

    as_json = CliRunner().invoke(app, ["evaluate", str(gold), str(pred), "--json", "--errors"])
    assert json.loads(as_json.stdout)["events"]["r"] < 1.0  # stdout stays one JSON document
    assert "missed" in as_json.stderr


@pytest.mark.parametrize(
    "which, content, message",
    [
        ("gold", '{"id": "a", "text": "t", "events": []}\n\n{"id": "b", "text": \n', "gold.jsonl:3: not valid JSON"),
        ("gold", '{"id": "a", "text": "t"}\n["a"]\n', "gold.jsonl:2: expected a JSON object, got list"),
        ("gold", '{"id": "a", "text": "t", "events": {"type": "offer"}}\n', "gold.jsonl:1: 'events' must be a list"),
        ("gold", '{"id": "a", "clubs": ["OM"]}\n', "gold.jsonl:1: clubs[0] must be an object with a 'name' string"),
        ("gold", '{"id": "a"}\n{"id": "b"}\n{"id": "a"}\n', "gold.jsonl:3: article id 'a' already on line 1"),
        ("pred", '{"id": "a"}\n{"id": "b", "people": ["Kylian Mbappé"]}\n', "pred.jsonl:2: people[0] must be an object"),
        ("pred", '{"id": "a", "events": [{"type": "offer", "subject": 7}]}\n', "pred.jsonl:1: events[0]: 'subject' must be a string"),
        ("pred", b'{"id": "a", "text": "\xe9"}\n', "pred.jsonl:1: not valid UTF-8"),
    ],
)
def test_evaluate_malformed_file_names_file_and_line(gold, tmp_path, which, content, message):
    bad = tmp_path / f"{which}.jsonl"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    args = [str(bad), str(gold)] if which == "gold" else [str(gold), str(bad)]
    result = CliRunner().invoke(app, ["evaluate", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / message}"), result.stderr
    assert result.stdout == ""
    no_traceback(result)

