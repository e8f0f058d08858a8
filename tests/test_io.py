"""Reading and writing records: errors name the file and the line."""

from __future__ import annotations

import pytest

from mercato_nlp.io import RecordError, read_articles, read_txt, split_date_prefix, write_jsonl
from mercato_nlp.schema import Article

from conftest import ROOT


def test_date_prefix_is_metadata():
    assert split_date_prefix(" date 2023-06 Alors que l'OM") == ("2023-06", "Alors que l'OM")
    assert split_date_prefix("date 2024-01-31\nTitre") == ("2024-01-31", "\nTitre")
    assert split_date_prefix("Le 3 juin, date 2023-06") == (None, "Le 3 juin, date 2023-06")


def test_seed_reads_with_its_date():
    article = read_txt(next((ROOT / "seeds").glob("*.txt")))
    assert article.date == "2023-06"
    assert article.text.startswith("Alors que l’OM est proche de boucler")


def test_write_then_read_round_trip(tmp_path):
    records = [Article(id="a", text="Texte é", date="2023-06"), Article(id="b", text="Autre")]
    path = tmp_path / "out.jsonl"
    assert write_jsonl(path, records) == 2
    assert list(read_articles(path)) == records
    assert "é" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"id": "a", "text": "ok"}\n{"id": "b", "text": \n', "bad.jsonl:2: not valid JSON"),
        (b'{"id": "a", "text": "ok"}\n[1, 2]\n', "bad.jsonl:2: expected a JSON object"),
        (b'\n\n{"id": "a", "text": "\xff"}\n', "bad.jsonl:3: not valid UTF-8"),
        (b'{"id": "a", "text": "t", "events": [{"type": "x", "subject": "s", "status": "reported"}]}\n', "bad.jsonl:1: article 'a'"),
        (b'{"text": "no id"}\n', "bad.jsonl:1: article: missing id"),
    ],
)
def test_malformed_records_name_file_and_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(RecordError) as info:
        list(read_articles(path))
    assert message in str(info.value)
