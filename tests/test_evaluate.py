"""The scorer of ANNOTATION.md §5, on tiny hand-built records with hand-computed scores."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import reference_scorer
from hypothesis import given, settings
from hypothesis import strategies as st

from mercato_nlp.evaluate import (
    EVENT_TYPES,
    evaluate,
    evaluate_files,
    fold,
    format_errors,
    format_report,
    outlet_matches,
    person_matches,
)
from mercato_nlp.io import write_jsonl

SHARED = Path(__file__).resolve().parents[2] / "shared"

OM = {"name": "Olympique de Marseille", "mentions": ["OM", "Marseille", "le club phocéen"]}
MONACO = {"name": "AS Monaco", "mentions": ["Monaco", "la Principauté"]}
RIVER = {"name": "River Plate", "mentions": ["River Plate"]}
GALLARDO = {"name": "Marcelo Gallardo", "role": "coach", "mentions": ["Marcelo Gallardo", "le technicien argentin"]}
TORCHUT = {"name": "Florent Torchut", "role": "journalist", "mentions": ["Florent Torchut"]}


def ev(type_, subject, to_club=None, **slots):
    """An event with every slot of §1; unnamed slots are null, status 'reported'."""
    event = {"type": type_, "subject": subject, "subject_role": None, "to_club": to_club, "from_club": None,
             "rival_club": None, "agent": None, "status": "reported", "source": None, "fee_eur": None,
             "deal": None, "contract_until": None, "evidence": []}
    event.update(slots)
    return event


def art(events, id_="a1", clubs=(OM, MONACO, RIVER), people=(GALLARDO, TORCHUT), media=("L'Équipe",)):
    return {"id": id_, "date": "2023-06", "url": None, "text": "…", "clubs": list(clubs),
            "people": list(people), "media": list(media), "events": list(events)}


def seed_like():
    """The four-event core of the seed article (§4), with slots to score."""
    return art([
        ev("interest", "Marcelo Gallardo", "Olympique de Marseille"),
        ev("negotiation", "Marcelo Gallardo", "Olympique de Marseille", fee_eur=3_000_000),
        ev("competing_bid", "Marcelo Gallardo", "AS Monaco", rival_club="Olympique de Marseille"),
        ev("contact", "Marcelo Gallardo", "AS Monaco", source="L'Équipe", from_club="River Plate"),
    ])


def with_events(record, events, **changes):
    out = copy.deepcopy(record)
    out["events"] = events
    out.update(changes)
    return out


def all_scores(result):
    """Every F1 and accuracy of a result, named."""
    scores = {"events": result["events"]["f"], "pairs": result["pairs"]["f"], "roles": result["roles"]["acc"]}
    scores.update({f"slot {k}": v["acc"] for k, v in result["slots"].items()})
    scores.update({f"entity {k}": v["f"] for k, v in result["entities"].items()})
    return scores


# ------------------------------------------------------------ names


@pytest.mark.parametrize("raw, folded", [
    ("L’Équipe", "equipe"),
    ("l'OM", "om"),
    ("le club phocéen", "club phoceen"),
    ("Paris Saint-Germain", "paris saint germain"),
    ("  LES   Gones ", "gones"),
    ("Atlético de Madrid", "atletico de madrid"),
    ("La Provence", "provence"),
    ("", ""),
])
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_person_surname_rule_both_ways_but_not_across_first_names():
    assert person_matches("Gallardo", GALLARDO)
    assert person_matches("le Technicien Argentin", GALLARDO)
    assert person_matches("Marcelo Gallardo", {"name": "Gallardo", "mentions": []})
    assert person_matches("Di Francesco", {"name": "Eusebio Di Francesco", "mentions": []})
    assert not person_matches("Diego Gallardo", GALLARDO)
    assert not person_matches("Marcelo", GALLARDO)


def test_outlet_short_forms():
    assert outlet_matches("RMC", "RMC Sport")
    assert outlet_matches("RMC Sport", "RMC")
    assert outlet_matches("l'Equipe", "L'Équipe")
    assert not outlet_matches("Sky Italia", "Sky Sports")
    assert not outlet_matches("Sport", "RMC Sport")


# ------------------------------------------------------------ events


def test_file_against_itself_scores_one_everywhere():
    gold = [seed_like()]
    result = evaluate(gold, copy.deepcopy(gold))
    assert all_scores(result) == {k: 1.0 for k in all_scores(result)}
    assert result["events"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 4, "gold": 4, "pred": 4}
    assert result["pairs"]["tp"] == 2  # (Gallardo, OM) and (Gallardo, Monaco)
    assert result["slots"]["status"]["n"] == 4
    assert result["confusion"] == {t: {t: 1} for t in ("interest", "negotiation", "competing_bid", "contact")}
    assert format_errors(result) == ""


def test_empty_prediction_scores_zero():
    gold = [seed_like()]
    zero = {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "gold": 4, "pred": 0}
    for pred in ([], [with_events(seed_like(), [])]):  # absent article, or no events
        result = evaluate(gold, pred)
        assert result["events"] == zero
        assert result["slots"]["status"] == {"acc": 0.0, "n": 0}
        assert result["confusion"] == {t: {"-": 1} for t in ("interest", "negotiation", "competing_bid", "contact")}


def test_one_missed_event():
    gold = seed_like()
    pred = with_events(gold, gold["events"][1:])
    result = evaluate([gold], [pred])
    assert result["events"] == pytest.approx({"p": 1.0, "r": 0.75, "f": 6 / 7, "tp": 3, "gold": 4, "pred": 3})
    assert result["per_type"]["interest"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "gold": 1, "pred": 0}
    assert result["pairs"]["f"] == 1.0  # the (subject, club) pair is still found through other types
    assert result["articles"][0]["missed"] == [
        {"type": "interest", "subject": "Marcelo Gallardo", "key_club": "Olympique de Marseille", "status": "reported"}]
    assert "missed   interest" in format_errors(result)


def test_per_type_always_has_the_twelve_types():
    result = evaluate([seed_like()], [seed_like()])
    assert list(result["per_type"]) == list(EVENT_TYPES)
    assert len(EVENT_TYPES) == 12
    assert result["per_type"]["signing"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "gold": 0, "pred": 0}


def test_one_wrong_status_and_slot_values():
    gold = seed_like()
    pred = copy.deepcopy(gold)
    pred["events"][0]["status"] = "speculative"
    pred["events"][1]["fee_eur"] = 3_020_000  # within 1 %
    pred["events"][2]["rival_club"] = "OM"  # a mention of the same club
    pred["events"][3]["from_club"] = None  # a value lost
    result = evaluate([gold], [pred])
    assert result["events"]["f"] == 1.0
    assert result["slots"] == {"status": {"acc": 0.75, "n": 4}, "source": {"acc": 1.0, "n": 4},
                               "rival_club": {"acc": 1.0, "n": 4}, "from_club": {"acc": 0.75, "n": 4},
                               "fee_eur": {"acc": 1.0, "n": 4}}
    pred["events"][1]["fee_eur"] = 3_040_000  # 1.3 % off
    assert evaluate([gold], [pred])["slots"]["fee_eur"]["acc"] == 0.75


def test_surname_only_subject_matches():
    gold = art([ev("interest", "Marcelo Gallardo", "Olympique de Marseille")])
    assert evaluate([gold], [with_events(gold, [ev("interest", "Gallardo", "Olympique de Marseille")])]
                    )["events"]["tp"] == 1
    assert evaluate([gold], [with_events(gold, [ev("interest", "Diego Gallardo", "Olympique de Marseille")])]
                    )["events"]["tp"] == 0
    surname_gold = art([ev("interest", "Gallardo", "Olympique de Marseille")],
                       people=[{"name": "Gallardo", "role": "coach", "mentions": ["Gallardo"]}])
    pred = with_events(surname_gold, [ev("interest", "Marcelo Gallardo", "Olympique de Marseille")])
    assert evaluate([surname_gold], [pred])["events"]["tp"] == 1


def test_club_nickname_and_mention_match():
    gold = art([ev("interest", "Marcelo Gallardo", "Olympique de Marseille"),
                ev("contact", "Marcelo Gallardo", "Olympique de Marseille")])
    pred = with_events(gold, [ev("interest", "Marcelo Gallardo", "OM"),
                              ev("contact", "Marcelo Gallardo", "club phocéen")])
    assert evaluate([gold], [pred])["events"]["tp"] == 2
    # "les Phocéens" is a nickname of the club, but not one this article's gold lists
    pred = with_events(gold, [ev("interest", "Marcelo Gallardo", "les Phocéens")])
    assert evaluate([gold], [pred])["events"]["tp"] == 0


def test_duplicate_prediction_is_a_false_positive():
    gold = art([ev("interest", "Marcelo Gallardo", "Olympique de Marseille")])
    pred = with_events(gold, [ev("interest", "Marcelo Gallardo", "Olympique de Marseille"),
                              ev("interest", "Gallardo", "OM")])
    result = evaluate([gold], [pred])
    assert result["events"] == pytest.approx({"p": 0.5, "r": 1.0, "f": 2 / 3, "tp": 1, "gold": 1, "pred": 2})
    assert result["pairs"] == pytest.approx({"p": 0.5, "r": 1.0, "f": 2 / 3, "tp": 1, "gold": 1, "pred": 2})
    assert result["articles"][0]["spurious"] == [
        {"type": "interest", "subject": "Gallardo", "key_club": "OM", "status": "reported"}]
    assert result["confusion"] == {"interest": {"interest": 1}, "-": {"interest": 1}}


def test_matching_is_maximal_whatever_the_order():
    """A bare surname fits two brothers; a greedy pass would give it Theo's event and lose one."""
    brothers = [{"name": "Theo Hernandez", "role": "player", "mentions": []},
                {"name": "Lucas Hernandez", "role": "player", "mentions": []}]
    gold = art([ev("interest", "Theo Hernandez", "Paris Saint-Germain"),
                ev("interest", "Lucas Hernandez", "Paris Saint-Germain")], people=brothers)
    pred = with_events(gold, [ev("interest", "Hernandez", "Paris Saint-Germain"),
                              ev("interest", "Theo Hernandez", "Paris Saint-Germain")])
    assert evaluate([gold], [pred])["events"]["tp"] == 2


def test_outlet_short_form_as_source_and_as_media():
    gold = art([ev("contact", "Marcelo Gallardo", "AS Monaco", source="RMC Sport"),
                ev("interest", "Marcelo Gallardo", "AS Monaco", source="Florent Torchut")],
               media=["RMC Sport", "L'Équipe"])
    pred = with_events(gold, [ev("contact", "Marcelo Gallardo", "AS Monaco", source="RMC"),
                              ev("interest", "Marcelo Gallardo", "AS Monaco", source="Torchut")],
                       media=["RMC", "Le Parisien"])
    result = evaluate([gold], [pred])
    assert result["slots"]["source"] == {"acc": 1.0, "n": 2}
    assert result["entities"]["media"] == {"p": 0.5, "r": 0.5, "f": 0.5, "tp": 1, "gold": 2, "pred": 2}
    pred["events"][0]["source"] = None
    assert evaluate([gold], [pred])["slots"]["source"]["acc"] == 0.5


def test_confusion_on_a_type_swap():
    gold = art([ev("interest", "Marcelo Gallardo", "Olympique de Marseille"),
                ev("offer", "Marcelo Gallardo", "AS Monaco")])
    pred = with_events(gold, [ev("contact", "Gallardo", "OM"),
                              ev("offer", "Marcelo Gallardo", "AS Monaco"),
                              ev("signing", "Marcelo Gallardo", "River Plate")])
    result = evaluate([gold], [pred])
    assert result["confusion"] == {"interest": {"contact": 1}, "offer": {"offer": 1}, "-": {"signing": 1}}
    assert result["events"] == pytest.approx({"p": 1 / 3, "r": 0.5, "f": 0.4, "tp": 1, "gold": 2, "pred": 3})
    assert result["pairs"] == pytest.approx({"p": 2 / 3, "r": 1.0, "f": 0.8, "tp": 2, "gold": 2, "pred": 3})
    table = format_report(result).split("confusion")[1].splitlines()[1:]
    header = table[0].split()[3:]  # after "gold \\ pred"
    rows = {line.split()[0]: dict(zip(header, line.split()[1:])) for line in table[1:]}
    assert rows["interest"] == {"inter": ".", "conta": "1", "offer": ".", "signi": ".", "-": "."}
    assert rows["-"]["signi"] == "1"


def test_departure_is_keyed_on_from_club():
    gold = art([ev("departure", "Marcelo Gallardo", "AS Monaco", from_club="River Plate")])
    other_destination = ev("departure", "Gallardo", "Olympique de Marseille", from_club="River Plate")
    swapped = ev("departure", "Gallardo", "River Plate", from_club="AS Monaco")
    assert evaluate([gold], [with_events(gold, [other_destination])])["events"]["tp"] == 1
    assert evaluate([gold], [with_events(gold, [swapped])])["events"]["tp"] == 0


def test_entities_and_roles():
    gold = seed_like()
    pred = with_events(gold, gold["events"],
                       clubs=[{"name": "OM", "mentions": []}, {"name": "Olympique de Marseille", "mentions": []},
                              {"name": "AS Monaco", "mentions": []}],
                       people=[{"name": "Gallardo", "role": "player", "mentions": []},
                               {"name": "Torchut", "role": "journalist", "mentions": []}])
    result = evaluate([gold], [pred])
    assert result["entities"]["clubs"] == pytest.approx({"p": 2 / 3, "r": 2 / 3, "f": 2 / 3, "tp": 2, "gold": 3, "pred": 3})
    assert result["entities"]["people"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 2, "gold": 2, "pred": 2}
    assert result["roles"] == {"acc": 0.5, "n": 2}


def test_articles_paired_by_id():
    gold = [seed_like(), with_events(seed_like(), [ev("signing", "Marcelo Gallardo", "AS Monaco")], id="a2")]
    pred = [with_events(seed_like(), [], id="a2"), with_events(seed_like(), [], id="zz")] + [seed_like()]
    result = evaluate(gold, pred)
    assert result["unmatched_pred_ids"] == ["zz"]
    assert result["events"] == pytest.approx({"p": 1.0, "r": 0.8, "f": 8 / 9, "tp": 4, "gold": 5, "pred": 4})
    assert [a["id"] for a in result["articles"]] == ["a1", "a2"]
    with pytest.raises(ValueError, match="a1"):
        evaluate([seed_like(), seed_like()], [])


def test_evaluate_files_and_report(tmp_path):
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    write_jsonl(gold, [seed_like()])
    write_jsonl(pred, [with_events(seed_like(), seed_like()["events"][:2])])
    result = evaluate_files(gold, pred)
    assert result["events"]["tp"] == 2 and result["events"]["r"] == 0.5
    report = format_report(result)
    for heading in ("events", "pairs", "per type", "slots", "entities", "roles", "confusion"):
        assert heading in report
    errors = format_errors(result)
    assert errors.splitlines()[0] == "a1  (tp 2, gold 4, pred 2)"
    assert "competing_bid" in errors and "AS Monaco" in errors


@pytest.mark.parametrize("name", ["seed.jsonl", "dev_a.jsonl", "dev_b.jsonl"])
def test_real_gold_against_itself(name):
    path = SHARED / "gold" / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    result = evaluate_files(path, path)
    assert result["events"]["gold"] > 0
    assert all_scores(result) == {k: 1.0 for k in all_scores(result)}
    assert all(not a["missed"] and not a["spurious"] for a in result["articles"])


# ------------------------------------------------------------ against an independent scorer

# Each surface form fits at most one entry of the pool (the reference scorer needs that).
PEOPLE_POOL = [
    ({"name": "Marcelo Gallardo", "role": "coach", "mentions": ["le technicien argentin"]},
     ["Marcelo Gallardo", "Gallardo", "le technicien argentin", "MARCELO GALLARDO"]),
    ({"name": "Kylian Mbappé", "role": "player", "mentions": ["Kylian Mbappé", "le Bondynois"]},
     ["Kylian Mbappé", "Mbappe", "mbappé", "le Bondynois", "Kylian-Mbappe"]),
    ({"name": "Eusebio Di Francesco", "role": "coach", "mentions": ["l'entraîneur italien"]},
     ["Eusebio Di Francesco", "Di Francesco", "Francesco", "entraîneur italien"]),
    ({"name": "Tudor", "role": "coach", "mentions": ["Tudor"]},
     ["Tudor", "Igor Tudor", "tudor"]),
]
CLUB_POOL = [
    ({"name": "Olympique de Marseille", "mentions": ["OM", "l'OM", "le club phocéen", "Marseille"]},
     ["Olympique de Marseille", "OM", "L’OM", "club phocéen", "olympique-de-marseille", "Marseille"]),
    ({"name": "AS Monaco", "mentions": ["Monaco", "la Principauté"]},
     ["AS Monaco", "Monaco", "Principauté", "AS MONACO"]),
    ({"name": "Paris Saint-Germain", "mentions": ["PSG", "le PSG"]},
     ["Paris Saint-Germain", "PSG", "Paris Saint Germain"]),
    ({"name": "Olympique Lyonnais", "mentions": ["OL", "les Gones"]},
     ["Olympique Lyonnais", "OL", "Gones"]),
]
STRANGERS = ["Diego Gallardo", "Lionel Messi", "Marcelo"]
STRANGE_CLUBS = ["Real Madrid", "les Phocéens", "Olympique"]
SOME_TYPES = ["interest", "offer", "signing", "departure"]


def event_with_key(type_, subject, club, other_club):
    """Put the key club where §2 says; fill the other club slot with noise."""
    if type_ == "departure":
        return ev(type_, subject, other_club, from_club=club)
    return ev(type_, subject, club, from_club=other_club)


@st.composite
def article_pairs(draw, id_):
    people = draw(st.lists(st.sampled_from(range(len(PEOPLE_POOL))), min_size=1, max_size=3, unique=True))
    clubs = draw(st.lists(st.sampled_from(range(len(CLUB_POOL))), min_size=1, max_size=3, unique=True))
    maybe_club = st.one_of(st.none(), st.sampled_from(clubs))
    keys = draw(st.lists(st.tuples(st.sampled_from(SOME_TYPES), st.sampled_from(people), maybe_club),
                         max_size=6, unique=True))
    other = st.one_of(st.none(), st.sampled_from([f for _, forms in CLUB_POOL for f in forms]))
    gold_events = [event_with_key(t, PEOPLE_POOL[p][0]["name"], None if c is None else CLUB_POOL[c][0]["name"],
                                  draw(other)) for t, p, c in keys]
    pred_events = []
    for t, p, c in draw(st.lists(st.sampled_from(keys), max_size=8)) if keys else []:  # repeats: duplicates
        t = draw(st.sampled_from([t, t, *SOME_TYPES]))
        subject = draw(st.sampled_from(PEOPLE_POOL[p][1] + STRANGERS[:1]))
        club = None if c is None else draw(st.sampled_from(CLUB_POOL[c][1] + STRANGE_CLUBS[:1]))
        pred_events.append(event_with_key(t, subject, club, draw(other)))
    any_person = st.sampled_from([f for _, forms in PEOPLE_POOL for f in forms] + STRANGERS)
    any_club = st.one_of(st.none(), st.sampled_from([f for _, forms in CLUB_POOL for f in forms] + STRANGE_CLUBS))
    for t, subject, club in draw(st.lists(st.tuples(st.sampled_from(SOME_TYPES), any_person, any_club),
                                          max_size=3)):
        pred_events.append(event_with_key(t, subject, club, draw(other)))
    pred_events = draw(st.permutations(pred_events))
    gold = art(gold_events, id_=id_, clubs=[CLUB_POOL[c][0] for c in clubs],
               people=[PEOPLE_POOL[p][0] for p in people])
    return gold, with_events(gold, pred_events)


@st.composite
def corpora(draw):
    pairs = [draw(article_pairs(f"a{i}")) for i in range(draw(st.integers(1, 3)))]
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs if draw(st.booleans()) or draw(st.booleans())]  # some articles unpredicted
    if draw(st.booleans()):
        pred.append(with_events(pairs[0][1], pairs[0][1]["events"], id="not-in-gold"))
    return gold, pred


@settings(max_examples=300, deadline=None)
@given(corpora())
def test_agrees_with_the_reference_scorer(corpus):
    gold, pred = corpus
    events = evaluate(gold, pred)["events"]
    tp, n_gold, n_pred, f1 = reference_scorer.score_events(gold, pred)
    assert (events["tp"], events["gold"], events["pred"]) == (tp, n_gold, n_pred)
    assert events["f"] == pytest.approx(f1)
