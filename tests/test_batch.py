"""Batch annotation: one record per input, in order, nothing lost, resumable."""

from __future__ import annotations

import json
from collections import Counter

import attrs
import pytest
from spacy.util import raise_error
from typer.testing import CliRunner

import mercato_nlp
from mercato_nlp import batch
from mercato_nlp.batch import Item, annotate_items, done_ids, iter_items, skip_done
from mercato_nlp.cli import app
from mercato_nlp.io import RecordError, iter_jsonl, read_articles, write_jsonl
from mercato_nlp.pipeline import pipe_articles
from mercato_nlp.record import doc_to_article
from mercato_nlp.schema import ABSENT

from conftest import ROOT

GOLD_CLUB = {"name": "Gold Club FC", "mentions": ["Gold"]}
GOLD_PERSON = {"name": "Gold Person", "role": "player", "mentions": []}
GOLD_EVENT = {"type": "signing", "subject": "Gold Person", "to_club": "Gold Club FC", "status": "confirmed",
              "evidence": ["x"]}
SIGNING = "L'OM a officialisé l'arrivée de Kylian Mbappé."
INTEREST = "Le PSG s'intéresse à Kylian Mbappé, selon L'Équipe."

# (id, where the error must point, what the error must say); None: no error.
# A JSON Lines record without an id is named by its place, FILE:LINE.
EXPECTED = [
    ("a_dated", None, None),
    ("b_corrupt", "b_corrupt.txt", "not valid UTF-8"),
    ("ok1", None, None),
    ("c_items.jsonl:2", "c_items.jsonl:2", "not valid JSON"),
    ("empty", "c_items.jsonl:4", "empty text"),
    ("number", "c_items.jsonl:5", "'text' must be a string, not int"),
    ("c_items.jsonl:6", None, None),
    ("baddate", "c_items.jsonl:7", "'date' must be a string"),
    ("surrogate", "c_items.jsonl:8", "lone surrogate U+D800"),
    ("z_last", None, None),
]


def expected_ids(folder) -> list[str]:
    return [str(folder / i) if ".jsonl:" in i else i for i, _, _ in EXPECTED]


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a_dated.txt").write_text(" date 2023-06 " + SIGNING + "\n", encoding="utf-8")
    (root / "b_corrupt.txt").write_bytes(b"L'OM \xff\xfe a sign\xe9 Mbapp\xe9.")
    lines = [
        json.dumps({"id": "ok1", "text": INTEREST, "date": "2023-06-14", "url": "https://x.fr/1", "feed": "rss",
                    "clubs": [GOLD_CLUB], "people": [GOLD_PERSON], "media": ["Gold Media"], "events": [GOLD_EVENT]},
                   ensure_ascii=False),
        '{"id": "broken", "text": "L\'OM a sig',
        "   ",  # a blank line is no input
        json.dumps({"id": "empty", "text": " \n\t ", "feed": "rss"}),
        json.dumps({"id": "number", "text": 42, "feed": "x", "clubs": [GOLD_CLUB], "events": [GOLD_EVENT]}),
        json.dumps({"text": SIGNING}),
        json.dumps({"id": "baddate", "text": SIGNING, "date": 20230614}),
        '{"id": "surrogate", "text": "L\'OM \\ud800 a sign\\u00e9."}',
    ]
    (root / "c_items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sub = root / "z"
    sub.mkdir()
    (sub / "z_last.txt").write_text(INTEREST, encoding="utf-8")
    (root / ".hidden.txt").write_text("not an input", encoding="utf-8")
    (root / "notes.md").write_text("not an input", encoding="utf-8")
    return root


def test_iter_items_reads_every_input_in_order(folder):
    items = list(iter_items([str(folder)]))
    assert [i.id for i in items] == expected_ids(folder)
    for item, (_, where, cause) in zip(items, EXPECTED):
        if where is None:
            assert item.error is None, item
        elif cause != "empty text" and "surrogate" not in cause:  # found by check(), not by reading
            assert item.error.startswith(str(folder / where)) and cause in item.error, item.error
    dated = items[0]
    assert dated.date == "2023-06" and dated.text == SIGNING
    assert items[2].url == "https://x.fr/1" and items[2].extra == {"feed": "rss"}


def test_iter_items_reports_missing_inputs_and_empty_folders(tmp_path):
    (tmp_path / "empty").mkdir()
    items = list(iter_items([str(tmp_path / "nope.jsonl"), str(tmp_path / "empty")]))
    assert [i.error for i in items] == [f"{tmp_path / 'nope.jsonl'}: no such file or folder",
                                        f"{tmp_path / 'empty'}: no .txt or .jsonl file in this folder"]


def test_every_input_yields_one_record_in_order(nlp, folder):
    records = list(annotate_items(nlp, iter_items([str(folder)])))
    assert [r.id for r in records] == expected_ids(folder)
    for record, (_, where, cause) in zip(records, EXPECTED):
        if where is None:
            assert record.error is ABSENT, record.error
        else:
            assert record.error.startswith(f"{folder / where}: ") and cause in record.error, record.error
            assert record.events == () and record.clubs == ()
    by_id = {r.id: r for r in records}
    assert by_id["a_dated"].date == "2023-06" and by_id["a_dated"].text == SIGNING
    assert [e.type.value for e in by_id["a_dated"].events] == ["signing"]
    ok = by_id["ok1"]
    assert (ok.url, ok.date, ok.extra) == ("https://x.fr/1", "2023-06-14", {"feed": "rss"})
    # the gold annotations of an input are not passed through, not even on an error record
    for record in records:
        data = json.dumps(record.to_dict(), ensure_ascii=False)
        assert "Gold" not in data, record.id
    assert by_id["empty"].extra == {"feed": "rss"} and by_id["number"].extra == {"feed": "x"}


def test_a_text_spacy_cannot_hash_is_an_error_record_that_can_be_written(nlp, tmp_path):
    (record,) = annotate_items(nlp, [Item("s", "L'OM \ud800 a signé.", source="in.jsonl:1")])
    assert record.error == "in.jsonl:1: text is not valid Unicode (lone surrogate U+D800 at character 5)"
    path = tmp_path / "out.jsonl"
    write_jsonl(path, [record])
    assert list(read_articles(path)) == [record]


def test_done_ids_drops_a_torn_last_line(tmp_path):
    path = tmp_path / "out.jsonl"
    complete = '{"id": "a", "text": "x"}\n{"id": "b", "text": "y", "error": "in:2: empty text"}\n{"id": "a", "text": "z"}\n'
    path.write_text(complete + '{"id": "c", "text": "L\'OM a', encoding="utf-8")
    assert done_ids(path) == Counter({"a": 2, "b": 1})
    assert path.read_text(encoding="utf-8") == complete
    path.write_text(complete, encoding="utf-8")  # nothing torn: nothing cut
    assert done_ids(path) == Counter({"a": 2, "b": 1}) and path.read_text(encoding="utf-8") == complete
    assert done_ids(tmp_path / "absent.jsonl") == Counter()


def test_done_ids_refuses_a_damaged_file(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "b", "te\n{"id": "c", "text": "z"}\n', encoding="utf-8")
    with pytest.raises(RecordError, match=r"out\.jsonl:2: not a record"):
        done_ids(path)


def test_skip_done_skips_each_id_as_often_as_it_was_written():
    items = [Item(i) for i in ("x", "y", "x", "z", "x")]
    assert [i.id for i in skip_done(items, Counter({"x": 2, "y": 1}))] == ["z", "x"]


def test_resume_after_an_interrupt_gives_the_uninterrupted_output(nlp, folder, tmp_path, monkeypatch, run_interrupted):
    monkeypatch.setattr(mercato_nlp, "load", lambda *a, **k: nlp)
    runner = CliRunner()
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    args = ["annotate", str(folder), "-q"]

    whole = runner.invoke(app, [*args, "-o", str(full)])
    assert whole.exit_code == 1  # some inputs fail
    assert len(full.read_text(encoding="utf-8").splitlines()) == len(EXPECTED)

    # Ctrl-C while the fifth record is being made
    run_interrupted(lambda: runner.invoke(app, [*args, "-o", str(part)]), 4)
    assert len(part.read_text(encoding="utf-8").splitlines()) == 4
    with open(part, "ab") as fh:  # killed while writing the fifth record
        fh.write(full.read_bytes().splitlines(keepends=True)[4][:25])

    resumed = runner.invoke(app, [*args, "-o", str(part), "--resume"])
    assert resumed.exit_code == whole.exit_code
    assert part.read_bytes() == full.read_bytes()

    again = runner.invoke(app, ["annotate", str(folder), "-o", str(part), "--resume"])
    assert part.read_bytes() == full.read_bytes()
    assert f"0 annotated, 0 failed, {len(EXPECTED)} already done" in again.stderr
    assert nlp.default_error_handler is raise_error  # the batch put the error handlers back


TEXTS = [
    SIGNING,
    INTEREST,
    "L'AS Monaco a transmis une offre de 15 M€ pour Arkadiusz Milik.",
    "Marcelo Gallardo hésite encore à rejoindre l'OM.",
    "Kylian Mbappé a prolongé son contrat avec le PSG jusqu'en 2027.",
    "Arkadiusz Milik a passé sa visite médicale avec l'OM ce mercredi.",
]


def test_two_workers_give_the_same_records_as_one(nlp):
    items = [Item(f"t{i}", text, "2023-06-14", extra={"n": i}) for i, text in enumerate(TEXTS)]
    items.insert(3, Item("bad", "  ", source="in.jsonl:4"))
    one = list(annotate_items(nlp, items, workers=1, batch_size=2))
    two = list(annotate_items(nlp, items, workers=2, batch_size=2))
    assert [r.id for r in two] == [i.id for i in items]
    assert two == one
    assert [r.events for r in two] == [r.events for r in one]
    # the events come from custom attributes: they must have crossed the process boundary
    assert all(r.events for r in two if r.id != "bad")
    assert two[6].events[0].date == "2023-06-14"
    assert [r.extra for r in two] == [i.extra for i in items]

    triples = [(text, "2023-06-14", f"t{i}") for i, text in enumerate(TEXTS)]
    piped = [doc_to_article(doc) for doc in pipe_articles(nlp, triples, n_process=2, batch_size=2)]
    assert piped == [attrs.evolve(r, extra={}) for r in one if r.id != "bad"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_component_costs_only_its_article(nlp, monkeypatch, workers):
    component = type(nlp.get_pipe("mercato_events"))
    real_call = component.__call__

    def explode(self, doc):
        if "BOOM" in doc.text:
            raise RuntimeError("kaboom")
        return real_call(self, doc)

    monkeypatch.setattr(component, "__call__", explode)
    items = [Item("a", SIGNING, source="f:1"), Item("b", "BOOM " + SIGNING, source="f:2"), Item("c", INTEREST, source="f:3")]
    records = list(annotate_items(nlp, items, workers=workers, batch_size=3))
    assert [r.id for r in records] == ["a", "b", "c"]
    assert records[1].error == "f:2: the pipeline failed on this article (in mercato_events: RuntimeError: kaboom)"
    assert records[0].events and records[2].events and records[0].error is ABSENT
    assert nlp.default_error_handler is raise_error


def test_pipeline_errors_are_clear(nlp):
    with pytest.raises(TypeError, match="text must be a string, not int"):
        mercato_nlp.annotate(42, nlp=nlp)
    with pytest.raises(TypeError, match="date must be a string or None, not int"):
        mercato_nlp.annotate(SIGNING, date=20230614, nlp=nlp)
    with pytest.raises(ValueError, match="lone surrogate"):
        mercato_nlp.annotate("\udc80", nlp=nlp)


# ---------------------------------------------------------------- what the pipeline is not given

FRENCH = ("Selon L'Équipe, l'Olympique de Marseille a formulé une offre de 25 millions d'euros pour "
          "Khéphren Thuram. Les dirigeants niçois ont repoussé la proposition, mais le milieu de terrain "
          "a déjà donné son accord au club phocéen, qui espère boucler le dossier avant la fin du mois.")
NOT_FRENCH = {
    "en": "Manchester United are closing in on a deal for the Lille striker after the two clubs agreed on a fee "
          "of around 40 million euros, according to the Athletic. The player has already agreed personal terms "
          "and is expected to undergo a medical later this week.",
    "es": "El Real Madrid ha cerrado el fichaje del centrocampista francés por una cantidad cercana a los 100 "
          "millones de euros, según informa Marca. El jugador ya ha pasado el reconocimiento médico y firmará "
          "un contrato hasta 2029.",
    "it": "La Juventus ha trovato l'accordo con il Marsiglia per il trasferimento del difensore, che arriverà in "
          "prestito con obbligo di riscatto fissato a 25 milioni di euro. Secondo la Gazzetta dello Sport, il "
          "giocatore sosterrà le visite mediche nelle prossime ore.",
}


def test_a_text_that_is_not_french_is_an_error_record_naming_input_and_cause(nlp):
    items = [Item("fr", FRENCH, "2024-07-03", source="in.jsonl:1")]
    items += [Item(lang, text, source=f"in.jsonl:{n}") for n, (lang, text) in enumerate(NOT_FRENCH.items(), 2)]
    items.append(Item("short", "Manchester United signs the Lille striker today.", source="in.jsonl:5"))
    records = list(annotate_items(nlp, items))
    assert [r.id for r in records] == ["fr", "en", "es", "it", "short"]
    assert records[0].error is ABSENT and records[0].events
    for record, n in zip(records[1:4], (2, 3, 4)):
        assert record.error.startswith(f"in.jsonl:{n}: the text does not look French ("), record.error
        assert "French function words, at least 10% expected" in record.error
        assert record.events == () and record.text  # the text is kept: nothing is lost
    assert records[4].error is ABSENT  # fewer than 20 words: not judged
    # the test can be left out
    (english,) = annotate_items(nlp, items[1:2], language=False)
    assert english.error is ABSENT


def test_every_article_of_the_corpus_passes_the_language_test():
    texts = [obj["text"] for path in sorted((ROOT / "corpus").glob("*.jsonl")) for _, obj in iter_jsonl(path)]
    assert len(texts) > 50
    shares = [batch.french_share(text)[0] for text in texts]
    assert all(batch.not_french(text) is None for text in texts)
    assert min(shares) > 2 * batch.FRENCH_MIN_SHARE  # a wide margin
    assert all(batch.french_share(text)[0] < batch.FRENCH_MIN_SHARE / 2 for text in NOT_FRENCH.values())


def test_an_article_of_several_megabytes_is_an_error_record(nlp, tmp_path):
    big = "Le PSG a officialisé l'arrivée de Kylian Mbappé. " * 70_000  # 3.5 million characters
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                             for i, t in [("a", SIGNING), ("big", big), ("c", INTEREST)]) + "\n", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text(big * 2, encoding="utf-8")  # 7 MB: not even read
    records = list(annotate_items(nlp, iter_items([str(inp), str(tmp_path / "huge.txt")])))
    assert [r.id for r in records] == ["a", "big", "c", "huge"]
    assert records[1].error == f"{inp}:2: a text of {len(big):,} characters (limit 1,000,000)"
    assert records[3].error == (f"{huge}: a file of {huge.stat().st_size:,} bytes, more than the "
                                "1,000,000 characters an article may have; not read")
    assert records[0].events and records[2].events


def test_a_json_line_too_long_to_read_is_skipped_unread(nlp, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 1000)
    inp = tmp_path / "in.jsonl"
    long_line = json.dumps({"id": "long", "text": "x " * 5000})
    inp.write_text("\n".join([json.dumps({"id": "a", "text": SIGNING}), long_line,
                              json.dumps({"id": "c", "text": INTEREST})]) + "\n", encoding="utf-8")
    items = list(iter_items([str(inp)]))
    assert [i.id for i in items] == ["a", f"{inp}:2", "c"]
    assert items[1].error == f"{inp}:2: a line of {len(long_line) + 1:,} bytes (limit 1,000); not read"
    assert items[0].text == SIGNING and items[2].text == INTEREST


# ---------------------------------------------------------------- memory zones


def test_memory_zones_free_the_strings_and_keep_the_output(nlp, monkeypatch):
    novel = "Zorblaxquint Vrümpelhoff"
    texts = [SIGNING, f"L'OM a officialisé l'arrivée de {novel}.", INTEREST, TEXTS[2], TEXTS[4]]
    items = [Item(f"t{i}", text, "2023-06-14") for i, text in enumerate(texts)]
    one_zone = list(annotate_items(nlp, items, zone_size=100))
    assert novel in [e.subject for e in one_zone[1].events]

    zones = []
    real = type(nlp).memory_zone

    def counted(self, *args, **kwargs):
        zones.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(nlp), "memory_zone", counted)
    for workers in (1, 2):
        zones.clear()
        assert list(annotate_items(nlp, items, workers=workers, zone_size=2, batch_size=1)) == one_zone
        assert len(zones) == 3  # 2 + 2 + 1 articles
    assert "Zorblaxquint" not in nlp.vocab.strings  # freed with its zone
    assert nlp.get_pipe("lemmatizer").cache == {}  # spaCy's lemma cache is emptied after each zone
