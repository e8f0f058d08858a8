"""The record classes convert exactly to and from the JSON form."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato_nlp.schema import ABSENT, Article, Event, EventType, SchemaError, Status

from conftest import ROOT, SHARED

EVENT = {
    "type": "offer", "subject": "Kylian Mbappé", "subject_role": "player", "to_club": "Real Madrid",
    "from_club": "Paris Saint-Germain", "rival_club": None, "agent": None, "status": "speculative",
    "source": "Marca", "fee_eur": 180000000, "deal": "permanent", "contract_until": 2029,
    "evidence": ["Le Real aurait offert 180 M€."],
}
RECORD = {
    "id": "t-1", "date": "2024-06", "url": None, "text": "Le Real aurait offert 180 M€.",
    "clubs": [{"name": "Real Madrid", "mentions": ["Real"]}],
    "people": [{"name": "Kylian Mbappé", "role": "player", "mentions": ["Kylian Mbappé"]}],
    "media": ["Marca"], "events": [EVENT],
}


def test_gold_record_round_trips_exactly():
    assert Article.from_dict(RECORD).to_dict() == RECORD


def test_extractor_fields_round_trip_and_stay_absent_when_absent():
    event = Article.from_dict(RECORD).events[0]
    assert event.confidence is ABSENT and "confidence" not in event.to_dict()
    out = dict(EVENT, confidence=0.8, date=None, evidence=[{"start": 0, "end": 29, "text": RECORD["text"]}])
    assert Event.from_dict(out).to_dict() == out
    assert Event.from_dict(out).date is None


def test_enums_and_key_club():
    event = Event.from_dict(dict(EVENT, type="departure"))
    assert event.type is EventType.DEPARTURE and event.status is Status.SPECULATIVE
    assert event.key_club == "Paris Saint-Germain"
    assert Event.from_dict(EVENT).key == ("offer", "Kylian Mbappé", "Real Madrid")


@pytest.mark.parametrize(
    "field, value, message",
    [("type", "transfer", "'transfer' is not one of"), ("status", "sure", "status"), ("deal", "swap", "deal")],
)
def test_bad_values_name_the_field(field, value, message):
    bad = dict(RECORD, events=[dict(EVENT, **{field: value})])
    with pytest.raises(SchemaError, match=message) as info:
        Article.from_dict(bad)
    assert "article 't-1'" in str(info.value)


def test_unknown_fields_are_kept():
    record = dict(RECORD, source_feed="rss", entities=[])
    assert Article.from_dict(record).extra == {"source_feed": "rss"}
    assert Article.from_dict(record).to_dict() == record


def test_shared_gold_round_trips(shared_gold):
    for path in shared_gold.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert Article.from_dict(record).to_dict() == record


def test_corpus_round_trips():
    for path in (ROOT / "corpus").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert Article.from_dict(record).to_dict() == record


_text = st.text(max_size=30)
_opt = st.none() | _text


@st.composite
def events(draw):
    return {
        "type": draw(st.sampled_from([t.value for t in EventType])),
        "subject": draw(_text), "subject_role": draw(st.sampled_from([None, "player", "coach", "executive"])),
        "to_club": draw(_opt), "from_club": draw(_opt), "rival_club": draw(_opt), "agent": draw(_opt),
        "status": draw(st.sampled_from([s.value for s in Status])), "source": draw(_opt),
        "fee_eur": draw(st.none() | st.integers(0, 10**9)),
        "deal": draw(st.sampled_from([None, "permanent", "loan", "loan_option", "loan_obligation", "free"])),
        "contract_until": draw(st.none() | st.integers(2000, 2040)),
        "evidence": draw(st.lists(_text, max_size=3)),
    }


@given(st.lists(events(), max_size=4), _text, st.sampled_from([None, "2023-06", "2024-01-31"]))
def test_any_record_round_trips_through_json(evs, text, date):
    record = dict(RECORD, text=text, date=date, events=evs)
    assert Article.from_dict(json.loads(json.dumps(record))).to_dict() == record
