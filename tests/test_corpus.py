"""Our gold corpus: valid records, the required coverage, canonical club names."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from mercato_nlp.knowledge import load_kb
from mercato_nlp.schema import Deal, EventType, Status

from conftest import ROOT

FILES = [ROOT / "corpus/train.jsonl", ROOT / "corpus/test.jsonl", ROOT / "corpus/blind.jsonl"]


@pytest.fixture(scope="module")
def records():
    return [json.loads(line) for path in FILES for line in path.read_text(encoding="utf-8").splitlines()]


def test_size_and_split(records):
    assert len(records) >= 60
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "an article is in both files or twice in one"


def test_coverage(records):
    events = [e for r in records for e in r["events"]]
    types = Counter(e["type"] for e in events)
    statuses = Counter(e["status"] for e in events)
    deals = Counter(e["deal"] for e in events)
    assert all(types[t.value] >= 8 for t in EventType), types
    assert all(statuses[s.value] >= 10 for s in Status), statuses
    assert all(deals[d.value] >= 3 for d in Deal), deals


def test_records_follow_the_guide(records):
    """The rules of the shared validator, restated: mentions and evidence are in the text, slots name listed entities."""
    for record in records:
        text, low = record["text"], record["text"].lower()
        clubs = {c["name"] for c in record["clubs"]}
        people = {p["name"] for p in record["people"]}
        for entry in record["clubs"] + record["people"]:
            assert all(m.lower() in low for m in entry["mentions"]), (record["id"], entry)
        seen = set()
        for event in record["events"]:
            key_club = event["from_club"] if event["type"] == "departure" else event["to_club"]
            assert key_club in clubs and event["subject"] in people, (record["id"], event)
            assert all(e in text for e in event["evidence"]), (record["id"], event)
            assert (event["type"], event["subject"], key_club) not in seen
            seen.add((event["type"], event["subject"], key_club))


def test_club_names_are_canonical(records):
    known = {club.name for club in load_kb().clubs}
    unknown = {c["name"] for r in records for c in r["clubs"]} - known
    assert not unknown, f"not canonical knowledge-base names: {sorted(unknown)}"


def test_shared_validator_accepts_the_corpus():
    import subprocess
    import sys

    from conftest import SHARED

    validator = SHARED / "tools/validate_gold.py"
    if not validator.exists():
        pytest.skip("../shared/tools/validate_gold.py is not here (only the developers have it)")
    done = subprocess.run([sys.executable, str(validator), *map(str, FILES)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert "0 problems" in done.stdout
