"""The knowledge-base ruler: CLUB, MEDIA, COMPETITION and MONEY entities.

A spaCy ``SpanRuler`` placed first in the pipeline (it needs only the tokens,
and the model's NER keeps the entities it sets). Its patterns are generated
from the knowledge base when the component is initialised and saved with the
pipeline, so a saved pipeline loads them back without reading the KB. Each
span's canonical name is the pattern id (``span.id_``, ``span._.canonical``).

The NER is handed the ruler's entities under a label it already predicts
(``ner_label``), and ``mercato_entity_labels``, right after the NER, gives them
back their own labels. Shown CLUB, MEDIA, COMPETITION or MONEY, spaCy's NER
would add four labels to its moves and grow its output layer, which makes it
about 20 % slower on every later doc, for labels it never predicts. The
NER's choices do not depend on the label of a preset entity (its features are
token positions, and the preset tokens leave it a single valid move), so the
entities are exactly those it finds with the real labels.

Names match as the press writes them (case-sensitive, so "l'équipe" the team
is not "L'Équipe" the paper), with accent-free, curly-apostrophe and
sentence-initial variants generated here rather than listed in the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import functools
import itertools
import re

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..folding import fold, strip_accents
from ..knowledge import KnowledgeBase, load_kb, load_resource
from .word_patterns import DocWords, WordPatterns, sequence_starts


def surface_variants(name: str) -> set[str]:
    """The spellings under which the press writes ``name``."""
    variants = {name, strip_accents(name)}
    variants |= {v[:1].upper() + v[1:] for v in variants}
    variants |= {v.replace("'", "’") for v in variants}
    return variants


def _phrase_patterns(label: str, canonical: str, names: Iterable[str], exact: bool = False) -> Iterator[dict]:
    """Phrase patterns for every variant of the names (only the names themselves if ``exact``)."""
    seen: set[str] = set()
    for name in names:
        for variant in ({name} if exact else surface_variants(name)) - seen:
            seen.add(variant)
            yield {"label": label, "pattern": variant, "id": canonical}


def _demonym_patterns(kb: KnowledgeBase, heads: list[str]) -> list[dict]:
    """'les dirigeants marseillais', 'la direction marseillaise', 'les Marseillais' → a club.

    One token pattern for all clubs (matched by :mod:`.word_patterns` on the
    words' hashes), the club read from the demonym after matching
    (:meth:`KnowledgeBaseRuler.__call__`). A capitalised demonym is a phrase
    pattern of its own (a demonym is one word): the PhraseMatcher finds them
    all in one lookup per token, where a token pattern tested every word
    against the set of them in Python.
    """
    forms = sorted(demonym_clubs(kb))
    capitalised = sorted({f[:1].upper() + f[1:] for f in forms})
    return [
        {"label": "CLUB", "pattern": [{"LOWER": {"IN": heads}}, {"LOWER": {"IN": forms}}]},
        # Capitalised, the demonym is a noun for the club's players or staff: "les Marseillais".
        *({"label": "CLUB", "pattern": form} for form in capitalised),
    ]


def demonym_clubs(kb: KnowledgeBase) -> dict[str, str]:
    """Each demonym form (lowercase, with and without accents) → its club's canonical name."""
    return {v: club.name for club in kb.clubs for f in club.demonyms for v in (f, strip_accents(f))}


#: Entity labels by hash: ``span.label`` and the tokens' ``ENT_TYPE`` column are compared
#: with these (here, in the people linker and in the event assembler), not decoded
#: (``label_``, ``ent_type_``) at each reading.
PER, LOC, MISC, ORG, CLUB, MEDIA, COMPETITION, MONEY = map(
    get_string_id, ("PER", "LOC", "MISC", "ORG", "CLUB", "MEDIA", "COMPETITION", "MONEY"))


class CityClubs:
    """'Les dirigeants parisiens' in an article about the Paris FC are the Paris FC's.

    Clubs of one city (``home_city`` in the KB) share its words: the city, its
    demonyms, the nicknames built on them. Such a word names the club of that
    city the article names by one of its own names, when it names exactly one.
    """

    def __init__(self, kb: KnowledgeBase):
        # by the hashes of the clubs' names, which are the spans' ids
        self.city_of = {get_string_id(club.name): club.home_city for club in kb.clubs if club.home_city}
        self.own_names = {get_string_id(club.name): {fold(n) for n in (club.name, *club.aliases)}
                          for club in kb.clubs if club.home_city}

    def __call__(self, entities: list[Span]) -> list[Span]:
        shared = [e for e in entities if e.label == CLUB and e.id in self.city_of]
        if not shared:
            return entities
        named = {e.id for e in shared if fold(e.text) in self.own_names[e.id]}
        out = []
        for e in entities:
            if e.label == CLUB and e.id in self.city_of and e.id not in named:
                city = self.city_of[e.id]
                named_there = [club for club in named if self.city_of[club] == city]
                if len(named_there) == 1:
                    e = Span(e.doc, e.start, e.end, label=e.label, span_id=named_there[0])
            out.append(e)
        return out


def kb_patterns(kb: KnowledgeBase) -> list[dict]:
    """All ruler patterns: KB names, club demonyms and the MONEY rules of ``resources/``."""
    lexicon = load_resource("entity_rules.json")
    patterns: list[dict] = []
    for club in kb.clubs:
        patterns.extend(_phrase_patterns("CLUB", club.name, club.names))
    patterns.extend(_demonym_patterns(kb, lexicon["demonym_heads"]))
    for label, entries in (("MEDIA", kb.media), ("COMPETITION", kb.competitions)):
        for entry in entries:
            patterns.extend(_phrase_patterns(label, entry.name, entry.names, exact=entry.case_sensitive))
    patterns.extend({"label": "MEDIA", "pattern": p} for p in lexicon["media_patterns"])
    patterns.extend({"label": "MONEY", "pattern": p} for p in lexicon["money"])
    return patterns


#: A full stop, comma or other punctuation after a currency sign ends the token: "pour 15 M€."
CURRENCY_SUFFIX = r"(?<=[€$£])[.,;:!?…]$"


def split_after_currency(nlp: Language) -> None:
    """Make the tokenizer split "M€." into "M€" "." (the French rules keep them together).

    The pattern is added once; it is saved with the tokenizer, so a pipeline
    saved with ``to_disk`` loads it back with ``spacy.load``.
    """
    tokenizer = nlp.tokenizer
    current = getattr(tokenizer, "suffix_search", None)
    if current is None or CURRENCY_SUFFIX in current.__self__.pattern:
        return
    tokenizer.suffix_search = re.compile(f"{CURRENCY_SUFFIX}|{current.__self__.pattern}").search


#: The span group that keeps the ruler's entities, with their labels, while the NER runs.
RULER_ENTITIES = "mercato_ruler_entities"


def _word(token: dict) -> int | None:
    """The hash of the one word a token of a pattern must be (``{"ORTH": word}``), or None."""
    if list(token) in (["ORTH"], ["TEXT"]) and isinstance(word := next(iter(token.values())), str):
        return get_string_id(word)
    return None


def leading_words(patterns: list[list[dict]]) -> list[list[set[int]]] | None:
    """The words (``ORTH``) each token pattern must start with, as the sets of
    :func:`.sequence_starts` (one word each); None if a pattern may start with any word."""
    prefixes = []
    for pattern in patterns:
        words = list(itertools.takewhile(lambda word: word is not None, map(_word, pattern)))
        if not words:
            return None
        prefixes.append([{word} for word in words])
    return prefixes


class KnowledgeBaseRuler(SpanRuler):
    """A SpanRuler whose default patterns come from the knowledge base.

    The token patterns whose shape :mod:`.word_patterns` matches (the club
    demonyms, the fees) are kept out of its Matcher, which would test them in
    Python on every token; the Matcher left looks only at the docs that hold
    the words one of its patterns starts with (``matcher_prefixes``, see
    :func:`leading_words`). The Matcher makes two Token objects per word of every
    doc it is given, however few its patterns: the ruler's few left ('France
    Bleu Reims') start with given words.
    """

    def __init__(self, *args, ner_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.ner_label = ner_label
        self.ner_label_id = self.nlp.vocab.strings.add(ner_label)

    def clear(self) -> None:
        super().clear()
        self._reread_patterns()

    def add_patterns(self, patterns: list[dict]) -> None:
        patterns = list(patterns)  # from_disk passes a generator (srsly.read_jsonl)
        super().add_patterns([p for p in patterns if not WordPatterns.takes(p)])
        self._patterns.extend(p for p in patterns if WordPatterns.takes(p))
        self._reread_patterns()

    def remove(self, label: str) -> None:
        super().remove(label)
        self._reread_patterns()

    def remove_by_id(self, pattern_id: str) -> None:
        super().remove_by_id(pattern_id)
        self._reread_patterns()

    def __contains__(self, label: str) -> bool:
        return super().__contains__(label) or label in self.word_patterns.labels

    def _reread_patterns(self) -> None:
        """The word patterns, the words the Matcher's patterns start with and the hashes of
        each match key's label and id, after patterns came or went."""
        strings = self.nlp.vocab.strings
        self.word_patterns = WordPatterns([p for p in self._patterns if WordPatterns.takes(p)], strings)
        self.matcher_prefixes = leading_words([p["pattern"] for p in self._patterns
                                               if not isinstance(p["pattern"], str) and not WordPatterns.takes(p)])
        self.label_ids = {key: (strings.add(entry["label"]), strings.add(entry["id"]))
                          for key, entry in self._match_label_id_map.items()}

    def match(self, doc: Doc) -> list[Span]:
        """The spans of ``SpanRuler.match`` and of the word patterns, deduplicated and in order.

        SpanRuler makes a Span of every match, then hashes and sorts the Spans (a fifth of
        the ruler's time); here the matches are ``(start, end, label, id)`` tuples until
        they are unique and sorted, which orders them as Spans (by offsets, label, kb_id,
        which the ruler leaves 0, and id; the offsets of a doc's words grow with their index).
        """
        self._require_patterns()
        words = DocWords.of(doc)
        found = set(self.word_patterns(words, doc.vocab.strings))
        matches = self.phrase_matcher(doc)
        if self._matcher_may_match(words):
            matches = itertools.chain(matches, self.matcher(doc))
        found.update((start, end, *self.label_ids[key]) for key, start, end in matches if start != end)
        return [Span(doc, start, end, label=label, span_id=span_id) for start, end, label, span_id in sorted(found)]

    def _matcher_may_match(self, words: DocWords) -> bool:
        """Whether the doc holds the words one of the Matcher's patterns starts with."""
        if self.matcher_prefixes is None:
            return True
        # the first word looked up among the doc's at once, before the pass over its words
        return any(not prefix[0].isdisjoint(words.distinct) and sequence_starts(words.orths, prefix)
                   for prefix in self.matcher_prefixes)

    @functools.cached_property
    def demonyms(self) -> dict[str, str]:
        return demonym_clubs(load_kb())

    @functools.cached_property
    def city_clubs(self) -> CityClubs:
        return CityClubs(load_kb())

    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        """The entities (the matches ``ents_filter`` keeps, beside the doc's own unless
        ``overwrite``; a demonym's the club it names) under their labels in a span group,
        and in ``doc.ents`` under the NER's label (see the module's docstring)."""
        demonyms = self.demonyms
        entities = self.city_clubs([
            Span(doc, e.start, e.end, label=e.label, span_id=demonyms.get(e[-1].lower_, ""))
            if e.label == CLUB and not e.id else e
            for e in sorted(self.ents_filter([] if self.overwrite else list(doc.ents), matches))
        ])
        doc.spans[RULER_ENTITIES] = entities  # a span group keeps copies of the spans
        # doc.ents: the same spans relabelled for the NER (without a kb_id, as spans made anew
        # were), which costs less than making them again; set_ents is what ``doc.ents =`` does.
        for e in entities:
            e.label, e.kb_id = self.ner_label_id, 0
        doc.set_ents(entities, default="outside")

    def initialize(self, get_examples=None, *, nlp=None, patterns=None, kb: KnowledgeBase | None = None):
        if patterns is None:
            patterns = kb_patterns(kb or load_kb())
        # Adding phrase patterns runs every pipe placed before the ruler over them:
        # run none, whatever the ruler's position (see docs/architecture.md).
        with self.nlp.select_pipes(enable=[]):
            super().initialize(get_examples, nlp=nlp, patterns=patterns)


@Language.factory(
    "mercato_entities",
    default_config={
        "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "overwrite": True,
        "validate": False,
        "ner_label": "MISC",
    },
)
def make_entity_ruler(nlp, name, ents_filter, overwrite, validate, ner_label):
    split_after_currency(nlp)
    # it sets doc.ents (for the NER) and no span group of SpanRuler's own
    return KnowledgeBaseRuler(nlp, name, spans_key=None, annotate_ents=True, ents_filter=ents_filter,
                              overwrite=overwrite, validate=validate, ner_label=ner_label)


@Language.component("mercato_entity_labels")
def restore_entity_labels(doc: Doc) -> Doc:
    """The ruler's entities with their own labels again (placed right after the NER).

    The NER keeps the entities preset on a doc (on their tokens its moves leave it
    a single valid one), so only their tokens are set again: the NER's own entities
    and the other tokens keep what it set, which ``doc.ents`` read and set again before.
    """
    ours = doc.spans.pop(RULER_ENTITIES, None)
    if ours is not None:
        doc.set_ents(ours, default="unmodified")
    return doc
