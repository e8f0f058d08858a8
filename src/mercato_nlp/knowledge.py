"""The knowledge base: clubs, media, competitions and people, read from ``kb/*.jsonl``.

The data files are the source of truth; this module only loads them and
answers lookups by any alias (see docs/knowledge-base.md to add an entry).
People (``people.jsonl``: well-known players, coaches and executives) carry the
nationality an epithet ("le Portugais") needs when the article does not state it;
:meth:`KnowledgeBase.person` finds one by a full name, an alias or a surname
that only one of them bears.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

import attrs
import srsly

from .folding import fold


@attrs.frozen
class ClubEntry:
    name: str
    country: str | None = None
    league: str | None = None
    aliases: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    #: The city it shares with another club of the KB ("Paris"): its city, demonyms and
    #: city nicknames then name whichever of them the article names.
    home_city: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every string that names the club on its own (demonyms need a head noun)."""
        return (self.name, *self.aliases, *self.cities, *self.nicknames)


@attrs.frozen
class NamedEntry:
    """A media outlet or a competition."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kind: str | None = None
    case_sensitive: bool = False
    league: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


#: Words a surname may start with but not be ("van" in "van Dijk", "Di" in "Di María").
_PARTICLES = frozenset({"al", "ben", "da", "de", "del", "della", "den", "der", "di", "do", "dos",
                        "el", "la", "le", "mac", "ter", "van", "von"})


@attrs.frozen
class PersonEntry:
    """A player, coach or executive the press names often, with his nationality.

    ``nationality`` is a key of ``resources/nationalities.json`` (the national team
    of a dual national); ``role`` is "player", "coach" or "executive".
    """

    name: str
    nationality: str
    role: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def surnames(self) -> tuple[str, ...]:
        """What the press may name him by alone: "Griezmann", "De Bruyne", "Seri" (Jean Michaël
        Seri); never a tail after a particle ("Dijk" of "van Dijk")."""
        found = []
        for name in self.names:
            words = name.split()
            for i in range(1, len(words)):
                if i == 1 or fold(words[i - 1]) not in _PARTICLES:
                    found.append(" ".join(words[i:]))
        return tuple(dict.fromkeys(found))


def _tuples(data: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}


def _read(path: Path, cls):
    entries = []
    for lineno, data in enumerate(srsly.read_jsonl(path), 1):
        try:
            entries.append(cls(**_tuples(data)))
        except TypeError as err:
            raise ValueError(f"{path}:{lineno}: {err}") from None
    return tuple(entries)


@attrs.frozen
class KnowledgeBase:
    clubs: tuple[ClubEntry, ...]
    media: tuple[NamedEntry, ...]
    competitions: tuple[NamedEntry, ...]
    people: tuple[PersonEntry, ...] = ()
    _index: dict = attrs.field(init=False, repr=False, eq=False)
    _people_index: dict = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self):
        index: dict[tuple[str, str], str] = {}
        for kind, entries in (("CLUB", self.clubs), ("MEDIA", self.media), ("COMPETITION", self.competitions)):
            for entry in entries:
                for alias in entry.names:
                    index.setdefault((kind, fold(alias)), entry.name)
        object.__setattr__(self, "_index", index)
        # full names and aliases first; a surname borne by two people names neither (None)
        people: dict[str, PersonEntry | None] = {}
        for person in self.people:
            for surname in {fold(s) for s in person.surnames}:
                people[surname] = None if surname in people else person
        for person in self.people:
            for alias in person.names:
                people[fold(alias)] = person
        object.__setattr__(self, "_people_index", people)

    def canonical(self, kind: str, alias: str) -> str | None:
        """The canonical name of a CLUB, MEDIA or COMPETITION from any of its aliases."""
        return self._index.get((kind, fold(alias)))

    def club(self, name: str) -> ClubEntry | None:
        canonical = self.canonical("CLUB", name)
        return next((c for c in self.clubs if c.name == canonical), None)

    def person(self, name: str) -> PersonEntry | None:
        """The person a name, an alias or a surname borne by him alone refers to
        (accents and case ignored): "Griezmann" → Antoine Griezmann."""
        return self._people_index.get(fold(name.strip()))

    @classmethod
    def from_dir(cls, folder: str | Path) -> KnowledgeBase:
        folder = Path(folder)
        return cls(
            clubs=_read(folder / "clubs.jsonl", ClubEntry),
            media=_read(folder / "media.jsonl", NamedEntry),
            competitions=_read(folder / "competitions.jsonl", NamedEntry),
            people=_read(folder / "people.jsonl", PersonEntry) if (folder / "people.jsonl").exists() else (),
        )


def package_data(*parts: str) -> Path:
    """A data file shipped inside the package."""
    return Path(str(resources.files("mercato_nlp").joinpath(*parts)))


@functools.cache
def load_kb() -> KnowledgeBase:
    """The knowledge base shipped with the package (read once per process)."""
    return KnowledgeBase.from_dir(package_data("kb"))


@functools.cache
def load_resource(name: str):
    """A JSON lexicon from ``resources/`` (roles, nationalities, cue files)."""
    return json.loads(package_data("resources", name).read_text(encoding="utf-8"))
