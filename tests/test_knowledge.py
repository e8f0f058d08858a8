"""The knowledge base of people: well-formed data and lookups by name, alias or surname."""

from __future__ import annotations

import json

import pytest

from mercato_nlp.folding import fold
from mercato_nlp.knowledge import KnowledgeBase, PersonEntry, load_kb, load_resource, package_data


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_people_are_read_from_the_shipped_kb(kb):
    assert len(kb.people) >= 600
    lines = package_data("kb", "people.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(kb.people) == len([line for line in lines if line.strip()])
    assert all(isinstance(person, PersonEntry) for person in kb.people)


def test_every_nationality_is_a_known_key(kb):
    nationalities = load_resource("nationalities.json")
    unknown = sorted({(p.name, p.nationality) for p in kb.people if p.nationality not in nationalities})
    assert not unknown


def test_every_role_is_player_coach_or_executive(kb):
    assert {p.role for p in kb.people} == {"player", "coach", "executive"}


def test_no_name_or_alias_is_shared_between_people(kb):
    seen: dict[str, str] = {}
    for person in kb.people:
        for name in {fold(n) for n in person.names}:
            assert name not in seen, (name, seen.get(name), person.name)
            seen[name] = person.name


def test_every_name_and_alias_finds_its_person(kb):
    for person in kb.people:
        for name in person.names:
            assert kb.person(name) is person, name


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Antoine Griezmann", "Antoine Griezmann"),
        ("Kylian Mbappé", "Kylian Mbappé"),
        ("Luis Enrique", "Luis Enrique"),
        ("Nasser Al-Khelaïfi", "Nasser Al-Khelaïfi"),
        # accent- and case-insensitive
        ("Aurelien Tchouameni", "Aurélien Tchouaméni"),
        ("Tchouameni", "Aurélien Tchouaméni"),
        ("ANTONIO RUDIGER", "Antonio Rüdiger"),
        ("Nasser Al-Khelaifi", "Nasser Al-Khelaïfi"),
        # an alias the press uses
        ("CR7", "Cristiano Ronaldo"),
        ("Martin Odegaard", "Martin Ødegaard"),
        # a surname only one person bears
        ("Griezmann", "Antoine Griezmann"),
        ("Mbappe", "Kylian Mbappé"),
        ("De Bruyne", "Kevin De Bruyne"),
        ("van Dijk", "Virgil van Dijk"),
        ("Longoria", "Pablo Longoria"),
    ],
)
def test_lookup(kb, name, expected):
    found = kb.person(name)
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    "name",
    [
        "Jean Dupont",  # nobody
        "Thuram",  # Marcus and Khéphren
        "Ramos",  # Sergio and Gonçalo
        "Silva",
        "Dijk",  # the tail after a particle is no surname
        "",
    ],
)
def test_unknown_or_ambiguous_names_find_nobody(kb, name):
    assert kb.person(name) is None


def test_a_surname_shared_in_a_small_kb_names_nobody(tmp_path):
    for kind in ("clubs", "media", "competitions"):
        (tmp_path / f"{kind}.jsonl").write_text("", encoding="utf-8")
    people = [
        {"name": "Lucas Hernandez", "nationality": "français", "role": "player"},
        {"name": "Theo Hernández", "nationality": "français", "role": "player"},
        {"name": "Kylian Mbappé", "nationality": "français", "role": "player"},
    ]
    (tmp_path / "people.jsonl").write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    small = KnowledgeBase.from_dir(tmp_path)
    assert small.person("Hernandez") is None
    assert small.person("Theo Hernandez").name == "Theo Hernández"
    assert small.person("mbappe").nationality == "français"


def test_a_kb_folder_without_people_still_loads(tmp_path):
    for kind in ("clubs", "media", "competitions"):
        (tmp_path / f"{kind}.jsonl").write_text("", encoding="utf-8")
    assert KnowledgeBase.from_dir(tmp_path).people == ()
    assert KnowledgeBase.from_dir(tmp_path).person("Griezmann") is None
