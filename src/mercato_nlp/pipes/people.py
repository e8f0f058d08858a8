"""People, roles and the article's cast of clubs and outlets.

Runs after the model's NER. It
- cleans the model's PER spans (no "Mercato" in a name, no lowercase words),
- turns a club's city back into a place where the text speaks of the place
  ("il vit à Lyon"), and ORG spans shaped like club names into clubs,
- links every mention of a person to the fullest name the article gives:
  a surname alone, and epithets ("le technicien argentin", "l'ancien
  entraîneur de River Plate", "le Portugais"),
- reads each person's role from the article's own words (ANNOTATION.md §6),
  weighing the evidence of ``resources/roles.json``:
  titles and appositions ("l'entraîneur X", "X, le président de ...",
  "le journaliste de L'Équipe X", "X, nommé entraîneur"), epithets that refer
  back to him, and context cues (governors: "sous les ordres de X",
  "succéder à X", "selon X"; verbs he undergoes or does: "X limogé",
  "X a coché le nom de ..."; his clause: "X assurera l'intérim", "X souhaite
  conserver son attaquant"); the speaker of a quote that calls someone by his
  first name speaks for a club. A person without evidence is a player.

It writes ``doc.spans["people"]``, ``doc.spans["clubs"]``, ``doc.spans["media"]``
(each span's canonical name in ``span.id_``) and ``doc._.people_roles``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.attrs import ENT_TYPE, LEMMA, ORTH, POS, SPACY
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import ADJ, ADP, ADV, AUX, DET, NOUN, PRON, PROPN, PUNCT, VERB
from spacy.tokens import Doc, Span, Token

from .. import extensions  # noqa: F401  (registers the attributes)
from ..folding import fold
from ..knowledge import load_kb, load_resource
from ..tokens import Morphs, Sentences, columns, decoded, joined_text
from .club_epithets import ClubEpithets
from .entities import CLUB, COMPETITION, LOC, MEDIA, MISC, ORG, PER

OWN_LABELS = {"CLUB", "MEDIA", "COMPETITION", "MONEY"}
#: The labels whose entities keep the ids they are given.
_KEEP_IDS = {get_string_id(label) for label in OWN_LABELS | {"PER"}}
_ARTICLES = {"le", "la", "les", "l'"}
_DEFINITE = _ARTICLES | {"du", "au"}
_DE = {"de", "d'", "du", "des"}
_CLITICS = {"le", "la", "l'", "les", "lui", "leur", "se", "s'", "en", "y", "ne", "n'", "qui", "-t-il", "-il"}
_POSSESSIVES = {"son", "sa", "ses", "leur", "leurs"}
_OPENING = {"«": "»", "“": "”"}
_CLOSING = {"»", "”"}
_MARKS = {*_OPENING, *_CLOSING, '"'}


#: The tables of ``resources/roles.json`` (its "_doc" says what each holds).
ROLE_TABLES = frozenset({
    "default", "nouns", "epithet_roles", "epithet_needs_evidence", "nationality_epithet_roles", "former", "copulas",
    "title_links",
    "title_fillers", "kin", "posts", "sources", "succession", "governors", "patient_verbs", "agent_verbs",
    "passive_agent_verbs", "clause_nouns", "clause_blockers", "participles", "weights", "known",
})


def participles(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    """The past participle forms of a French verb: 'limoger' → limogé, limogée, limogés, limogées."""
    if lemma in irregular:
        bases = irregular[lemma]
    elif lemma.endswith("er"):
        bases = [lemma[:-2] + "é"]
    elif lemma.endswith("ir"):
        bases = [lemma[:-1]]
    else:
        bases = []
    return {fold(b + end) for b in bases for end in ("", "e", "s", "es")}


class Lexicon:
    """The word lists the component reads, from ``resources/``."""

    def __init__(self, nlp: Language):
        rules = load_resource("entity_rules.json")
        self.not_person = set(rules["not_person_words"])
        self.club_words = set(rules["club_words"])
        self.place_cues = {fold(w) for w in rules["place_cues"]}  # compared folded
        self.name_deps = set(rules["unlabelled_name"]["deps"])
        self.name_heads = set(rules["unlabelled_name"]["heads"])
        self.epithet_modifiers = {fold(w) for w in rules["epithet_modifiers"]}
        roles = load_resource("roles.json")
        unknown = set(roles) - ROLE_TABLES - {"_doc"}
        missing = ROLE_TABLES - set(roles)
        if unknown or missing:
            raise ValueError(f"roles.json: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        self.default_role: str = roles["default"]
        # Role nouns as tuples of folded words, tokenised as the texts will be ("d'or" → "d'", "or").
        self.nouns: dict[tuple[str, ...], str] = {}
        for noun, role in roles["nouns"].items():
            self.nouns[tuple(fold(t.text) for t in nlp.make_doc(noun))] = role
        # the longest noun each word starts: most words start none, and are passed at once
        self.noun_lengths: dict[str, int] = {}
        for words in self.nouns:
            self.noun_lengths[words[0]] = max(len(words), self.noun_lengths.get(words[0], 0))
        self.epithet_roles = set(roles["epithet_roles"])
        self.former = {fold(w) for w in roles["former"]}
        self.copulas = {fold(w) for w in roles["copulas"]}
        self.title_links = {fold(w) for w in roles["title_links"]}
        self.title_fillers = {fold(w) for w in roles["title_fillers"]}
        self.kin = {fold(w) for w in roles["kin"]}
        self.posts = {fold(w) for w in roles["posts"]}
        self.sources = [tuple(fold(t.text) for t in nlp.make_doc(s)) for s in roles["sources"]]
        self.source_ends = {words[-1] for words in self.sources}  # the words a source ends with
        self.succession = {fold(w) for w in roles["succession"]}
        self.needs_evidence = set(roles["epithet_needs_evidence"])
        self.nationality_roles = set(roles["nationality_epithet_roles"])
        self.clause_blockers = {fold(w) for w in roles["clause_blockers"]}
        self.weights: dict[str, float] = roles["weights"]
        self.known_role = {fold(name): role for role, names in roles["known"].items() for name in names}
        self.governors = _by_word(roles["governors"])
        self.patient_verbs = _by_word(roles["patient_verbs"])
        self.passive_agent_verbs = _by_word(roles["passive_agent_verbs"])
        # An agent verb may need the words after it ("compter sur"): first lemma → [(rest, role)].
        self.agent_verbs: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for role, phrases in roles["agent_verbs"].items():
            for phrase in phrases:
                words = tuple(fold(w) for w in phrase.split())
                self.agent_verbs.setdefault(words[0], []).append((words[1:], role))
        self.clause_nouns = {tuple(fold(w) for w in phrase.split()): role
                             for role, phrases in roles["clause_nouns"].items() for phrase in phrases}
        self.clause_ends = {words[-1] for words in self.clause_nouns}  # the words a clause noun ends with
        # A participle the tagger misses ("avaient sondé" read as a noun) is still found by its form.
        verbs = set(self.patient_verbs) | set(self.agent_verbs) | set(self.passive_agent_verbs) | self.succession
        self.participle_of = {form: verb for verb in verbs for form in participles(verb, roles["participles"])}
        nationalities = load_resource("nationalities.json")
        self.nationality_of = {fold(f): key for key, spec in nationalities.items() for f in spec["forms"]}
        # a French dual national is named by his other nationality: 'le Franco-Turc'
        self.nationality_of.update({f"franco-{form}": key for form, key in list(self.nationality_of.items())})
        # 'coréen' and 'sud-coréen' are one nationality: compared by their country
        self.country_of = {key: spec["country"] for key, spec in nationalities.items()}
        kb = load_kb()
        self.kb = kb
        self.city_of = {fold(city): club.name for club in kb.clubs for city in club.cities}
        self.demonyms = {fold(d) for club in kb.clubs for d in club.demonyms}

    def adjectival(self, reading: DocReading, i: int) -> bool:
        """Token ``i`` is an adjective, or a lowercase word the tagger took for a name ('le coach munichois')."""
        pos, text = reading.pos[i], reading.texts[i]
        return pos == ADJ or (text.islower() and text.isalpha() and (  # Token.is_lower, is_alpha
            pos == PROPN or reading.forms[i] in self.demonyms or reading.forms[i] in self.nationality_of))

    def verb_lemma(self, reading: DocReading, i: int) -> str:
        return self.participle_of.get(reading.forms[i]) or reading.lemmas[i]

    def is_participle(self, reading: DocReading, i: int) -> bool:
        return "Part" in reading.morphs.get(i, "VerbForm") or reading.forms[i] in self.participle_of


def _by_word(table: dict[str, list[str]]) -> dict[str, str]:
    return {fold(word): role for role, words in table.items() for word in words}


def _strip_article(text: str) -> str:
    words = text.split()
    if words and fold(words[0]) in _ARTICLES:
        words = words[1:]
    first = words[0] if words else ""
    for article in ("l'", "l’", "L'", "L’"):
        if first.startswith(article) and len(first) > 2:
            words[0] = first[2:]
    return " ".join(words)


class DocReading(NamedTuple):
    """What the component reads of a doc's every token, once, by token index: its text,
    folded form and folded lemma, part of speech (``spacy.symbols``) and entity type (by
    hash, as the doc's entities were when read); and the doc's text (``doc_text``, joined from
    the texts read here), sentences and morphology. (A Token object made per reading, and its
    strings decoded at each, cost more than these lists.)"""

    texts: list[str]
    forms: list[str]
    lemmas: list[str]
    pos: list[int]
    ent_types: list[int]
    doc_text: str
    sentences: Sentences
    morphs: Morphs

    @classmethod
    def of(cls, doc: Doc) -> DocReading:
        orths, spaces, lemmas, pos, ent_types = columns(doc, [ORTH, SPACY, LEMMA, POS, ENT_TYPE])
        texts = decoded(doc, orths)
        return cls(texts, decoded(doc, orths, fold), decoded(doc, lemmas, fold), pos, ent_types,
                   joined_text(doc, texts, spaces), Sentences(doc), Morphs(doc))

    def text(self, span: Span) -> str:
        """``span.text`` (which makes a Token per word), cut out of the doc's text."""
        return self.doc_text[span.start_char: span.end_char]


class Mention(NamedTuple):
    """A person's mention: its tokens (``doc[start:end]``) and the person's name."""

    start: int
    end: int
    name: str


class Evidence:
    """Weighted votes for each person's role, in the order they were found."""

    def __init__(self):
        self.votes: dict[str, Counter] = {}

    def add(self, name: str, role: str | None, weight: float) -> None:
        counts = self.votes.get(name)
        if counts is None:  # (not setdefault: it made a Counter at each vote)
            counts = self.votes[name] = Counter()
        if role and weight:
            counts[role] += weight

    def best(self, name: str) -> str | None:
        counts = self.votes.get(name)
        return max(counts, key=counts.__getitem__) if counts else None


#: The model's labels for names it could not place: a known surname among them is a person.
_MODEL_GUESSES = {MISC, LOC, ORG}


class PeopleLinker:
    def __init__(self, nlp: Language, name: str = "mercato_people"):
        self.name = name
        self.lexicon = Lexicon(nlp)
        self.club_epithets = ClubEpithets(load_kb())

    # -- entities -----------------------------------------------------------------
    def _clean_person(self, span: Span, reading: DocReading) -> Span | None:
        lex, doc, texts = self.lexicon, span.doc, reading.texts
        start, end = span.start, span.end
        while start < end and (texts[start] in lex.not_person or not texts[start][:1].isupper()):
            start += 1
        while end > start and (texts[end - 1] in lex.not_person or doc[end - 1].is_punct):
            end -= 1
        if start == end or any(doc[i].like_num for i in range(start, end)):
            return None
        # 'le Croate', 'le Lyonnais': a nationality or a demonym after an article is an epithet, not a name
        word = reading.forms[start]
        if end - start == 1 and start > 0 and reading.forms[start - 1] in _ARTICLES and (
                word in lex.nationality_of or word in lex.demonyms):
            return None
        return Span(doc, start, end, label=PER)

    def _is_place(self, span: Span, reading: DocReading) -> bool:
        """A club's city used as a place: 'il vit à Lyon', 'né à Marseille'."""
        if fold(reading.text(span)) not in self.lexicon.city_of:
            return False
        cues = self.lexicon.place_cues
        window = range(max(reading.sentences.bounds(span.start)[0], span.start - 4), span.start)
        return any(reading.lemmas[i] in cues or reading.forms[i] in cues for i in window)

    def _looks_like_club(self, span: Span, reading: DocReading) -> bool:
        return any(reading.texts[i] in self.lexicon.club_words for i in range(span.start, span.end)) \
            or reading.text(span).startswith("Al-")

    def _unlabelled_name(self, ent: Span) -> bool:
        """A MISC or LOC entity that is a person's name: 'Dango Ouattara quitte le FC Lorient'."""
        lex = self.lexicon
        shaped = 2 <= len(ent) <= 3 and all(
            len(t) > 2 and t.text[:1].isupper() and t.text.replace("-", "").isalpha() and t.text not in lex.not_person
            for t in ent
        )
        if not shaped or ent[0].pos_ == "DET" or fold(ent.text) in lex.city_of or fold(ent[-1].text) in lex.nationality_of:
            return False
        return ent.root.dep_ in lex.name_deps or (ent.root.dep_ == "nmod" and ent.root.head.lemma_.lower() in lex.name_heads)

    @staticmethod
    def _surnames_as_people(doc: Doc, ents: list[Span], reading: DocReading) -> list[Span]:
        """The entities, with the surname of a person the article names in full as a person where
        the model tagged nothing or a place ('Tolisso vers la sortie au Bayern ?', then 'Corentin Tolisso')."""
        texts = reading.texts
        surnames = {texts[e.end - 1] for e in ents if e.label == PER and len(e) > 1}
        guessed = [e for e in ents if e.label in _MODEL_GUESSES and reading.text(e) in surnames]
        kept = [e for e in ents if e not in guessed]
        taken = {i for e in kept for i in range(e.start, e.end)}
        found = [Span(doc, i, i + 1, label=PER) for i, text in enumerate(texts)  # (str.istitle: Token.is_title)
                 if text in surnames and i not in taken and text.istitle() and reading.pos[i] == PROPN]
        return sorted(kept + found, key=lambda e: e.start)

    def _retag(self, doc: Doc, reading: DocReading) -> list[Span]:
        ents = []
        for ent in doc.ents:
            label = ent.label
            if label in (MISC, LOC) and self._unlabelled_name(ent):
                ent, label = Span(doc, ent.start, ent.end, label=PER), PER
            if label == PER:
                cleaned = self._clean_person(ent, reading)
                if cleaned is not None:
                    ents.append(cleaned)
            elif label == CLUB and self._is_place(ent, reading):
                ents.append(Span(doc, ent.start, ent.end, label=LOC))
            elif label in (ORG, MISC, LOC) and self._looks_like_club(ent, reading):
                if ents and ents[-1].end == ent.start and ents[-1].label == CLUB:  # 'Juventus Football Club': one club
                    ents[-1] = Span(doc, ents[-1].start, ent.end, label=CLUB, span_id=ents[-1].id_)
                else:
                    ents.append(Span(doc, ent.start, ent.end, label=CLUB, span_id=_strip_article(reading.text(ent))))
            else:
                ents.append(ent)
        return ents

    @staticmethod
    def _set_entities(doc: Doc, ents: list[Span], reading: DocReading) -> DocReading:
        """Make ``ents`` the doc's entities; the reading with the tokens' entity types they give
        (written as ``set_ents`` writes them: reading the column back cost more)."""
        doc.set_ents(ents)  # what ``doc.ents = ents`` does, without making each span again
        ent_types = [0] * len(doc)
        for ent in ents:
            ent_types[ent.start: ent.end] = [ent.label] * (ent.end - ent.start)
            # a city read as a place keeps no club name ('il vit à Lyon'): setting the entities left its tokens their ids
            if ent.label not in _KEEP_IDS and doc[ent.start].ent_id:
                for token in ent:
                    token.ent_id = 0
        return reading._replace(ent_types=ent_types)

    # -- names ----------------------------------------------------------------------
    @staticmethod
    def _canonical_names(mentions: list[Span], reading: DocReading) -> dict[int, str]:
        """Map each mention (by start) to the fullest name of the article that contains it.

        When two people share the surname ('Adrien Rabiot', 'Véronique Rabiot'),
        'Rabiot' is the one last named in full before it (else the first after).
        """
        def fits(words: tuple[str, ...], folded: tuple[str, ...]) -> bool:
            if len(folded) <= len(words):
                return False
            return folded[-len(words):] == words or (len(words) == 1 and words[0] in folded)

        starts = [m.start for m in mentions]
        texts = [reading.text(m) for m in mentions]
        folded = [tuple(map(fold, text.split())) for text in texts]  # each name's words, read once
        fuller_of: dict[tuple[str, ...], list[int]] = {}  # the mentions (by index) that contain a name, by its words
        for words in folded:
            if words not in fuller_of:
                fuller_of[words] = [k for k, other in enumerate(folded) if fits(words, other)]
        canonical = {}
        for k, (start, words) in enumerate(zip(starts, folded)):
            fuller = fuller_of[words]
            before = [f for f in fuller if starts[f] < start]
            chosen = before[-1] if before else (fuller[0] if fuller else k)
            canonical[start] = texts[chosen]
        # a name itself shortened later keeps the fullest form ('Gallardo' → 'Marcelo Gallardo')
        first_start: dict[str, int] = {}
        for start, text in zip(starts, texts):
            first_start.setdefault(text, start)
        fullest = {start: canonical.get(first_start.get(name, start), name) for start, name in canonical.items()}
        # one spelling per person, the first: 'Tchouameni' written without its accent is 'Tchouaméni'
        spelling: dict[str, str] = {}
        for start in sorted(fullest):
            spelling.setdefault(fold(fullest[start]), fullest[start])
        return {start: spelling[fold(name)] for start, name in fullest.items()}

    # -- the doc's role nouns and quotations ----------------------------------------
    def _role_nouns(self, reading: DocReading) -> dict[int, tuple[int, int, str]]:
        """Every role noun of the doc, longest first: token index → (start, end, role)."""
        lex = self.lexicon
        forms, lemmas = reading.forms, reading.lemmas
        found: dict[int, tuple[int, int, str]] = {}
        free = 0  # the first token not inside a noun found
        lengths = lex.noun_lengths
        # most words start no role noun: the few that may are picked out first
        for i in [i for i, form, lemma in zip(range(len(forms)), forms, lemmas) if form in lengths or lemma in lengths]:
            if i < free or reading.ent_types[i] in (PER, CLUB, MEDIA):
                continue
            longest = max(lengths.get(forms[i], 0), lengths.get(lemmas[i], 0))
            for length in range(min(longest, len(forms) - i), 0, -1):
                role = lex.nouns.get(tuple(forms[i: i + length])) or lex.nouns.get(tuple(lemmas[i: i + length]))
                if role:
                    free = i + length
                    for j in range(i, free):
                        found[j] = (i, free, role)
                    break
        return found

    @staticmethod
    def _quotations(reading: DocReading) -> dict[int, int]:
        """Token index → the index of the opening mark of the quotation it is in.

        Only marks and paragraph breaks open or close one (a break is a whitespace
        token: the tokenizer gives whitespace tokens of their own): the words between
        them are taken as ranges.
        """
        inside: dict[int, int] = {}
        opened: int | None = None
        closing = None
        texts = reading.texts
        for i in [i for i, text in enumerate(texts) if text in _MARKS or text.isspace()]:  # Token.is_space
            text = texts[i]
            if opened is None:
                if text in _OPENING or text == '"':
                    opened, closing = i, _OPENING.get(text, '"')
                continue
            if text == closing or (closing == '"' and text in _CLOSING) or "\n\n" in text:
                inside.update(dict.fromkeys(range(opened + 1, i), opened))
                opened = None
        if opened is not None:
            inside.update(dict.fromkeys(range(opened + 1, len(texts)), opened))
        return inside

    # -- evidence for one mention -------------------------------------------------------
    def _former(self, reading: DocReading, noun: tuple[int, int, str]) -> bool:
        """'l'ancien défenseur': a player noun qualified as former says nothing of his role now."""
        start = noun[0]
        window = range(max(0, start - 2), start)
        return noun[2] == "player" and any(reading.forms[k] in self.lexicon.former for k in window)

    def _noun_role(self, reading: DocReading, nouns: dict, i: int) -> str | None:
        """The role of the role noun at token ``i`` ('l'ancien attaquant' has none)."""
        noun = nouns.get(i)
        if noun is None or reading.ent_types[i] == PER:
            return None
        return None if self._former(reading, noun) else noun[2]

    def _title_role(self, mention: Mention, sent: tuple[int, int], nouns: dict, reading: DocReading) -> str | None:
        """'l'entraîneur X', 'le journaliste de L'Équipe, X', 'X, le président de ...', 'X, nommé entraîneur'
        (``sent``: where the mention's sentence starts and ends)."""
        lex, texts, forms, lemmas, pos = self.lexicon, reading.texts, reading.forms, reading.lemmas, reading.pos
        ent_types = reading.ent_types
        sent_start, sent_end = sent
        i = mention.start - 1
        while i >= sent_start and mention.start - i <= 10:
            if i in nouns and ent_types[i] != PER:
                # 'l'agent de X' names X's agent, 'l'adjoint de X' X's assistant: not X.
                if forms[mention.start - 1] in _DE:
                    return None
                return self._noun_role(reading, nouns, i)
            if (ent_types[i] in (CLUB, MEDIA, COMPETITION) or texts[i] in ",("
                    or pos[i] == DET or lex.adjectival(reading, i) or forms[i] in _DE
                    or forms[i] in lex.epithet_modifiers or forms[i] in lex.title_fillers):
                i -= 1
                continue
            break
        j = mention.end
        while j < sent_end and j - mention.end <= 8:
            if j in nouns and ent_types[j] != PER:
                return self._noun_role(reading, nouns, j)
            folded = forms[j]
            if folded in lex.kin and j + 1 < sent_end and forms[j + 1] == "et":
                j += 2  # 'X, le père et agent du joueur'
                continue
            if (texts[j] in ",(" or pos[j] == DET or lex.adjectival(reading, j) or folded in lex.epithet_modifiers
                    or folded in lex.title_links or lemmas[j] in lex.posts
                    or (folded in _DE and (lemmas[j - 1] in lex.posts
                                           or (j + 1 < sent_end and pos[j + 1] == DET)))):
                j += 1
                continue
            break
        return None

    @staticmethod
    def _media_role(mention: Mention, reading: DocReading) -> bool:
        """'X (L'Équipe)', 'X de RMC Sport': a journalist signs for his outlet."""
        j = mention.end
        if j < len(reading.texts) and (reading.texts[j] == "(" or reading.forms[j] in ("de", "du", "d'")):
            j += 1
        return j < len(reading.texts) and j > mention.end and reading.ent_types[j] == MEDIA

    def _post_role(self, reading: DocReading, nouns: dict, verb: int, sent_end: int) -> str | None:
        """The post the verb at token ``verb`` names (``sent_end``: where its sentence ends):
        'nommé entraîneur', 'démis de ses fonctions de directeur sportif'."""
        lex = self.lexicon
        for k in range(verb + 1, min(sent_end, verb + 9)):
            if k in nouns and reading.ent_types[k] != PER:
                return self._noun_role(reading, nouns, k)
            folded = reading.forms[k]
            if not (reading.pos[k] in (DET, ADJ, ADV) or folded in _DE or folded in lex.title_links
                    or reading.lemmas[k] in lex.posts or reading.texts[k] == ","):
                return None
        return None

    def _titles_someone(self, reading: DocReading, end: int) -> bool:
        """Whether a role noun phrase ending at ``end`` is the title of a name ('le président lyonnais, Jean-Michel Aulas')."""
        texts, ent_types = reading.texts, reading.ent_types
        k = end
        while k < len(texts) and k - end < 6 and (texts[k] == "," or self.lexicon.adjectival(reading, k)
                                                  or ent_types[k] in (CLUB, MEDIA)
                                                  or (reading.forms[k] in _DE and k + 1 < len(texts)
                                                      and ent_types[k + 1] in (CLUB, MEDIA))):
            k += 1
        return k < len(texts) and ent_types[k] == PER

    def _succession_role(self, reading: DocReading, nouns: dict, cue: int, mention: Mention) -> str | None:
        """'succéder à X', 'le successeur de X' (the cue at token ``cue``): X held the post his successor takes.

        The post is the role noun nearest the cue, in its sentence or else the
        nearest sentence around it that has one (not a title of someone else,
        not a former one).
        """
        starts, ends = reading.sentences.starts, reading.sentences.ends
        here = bisect.bisect_right(starts, cue) - 1
        regions = [(starts[k], ends[k]) for k in sorted(
            range(max(0, here - 2), min(len(starts), here + 3)), key=lambda k: (abs(k - here), k > here))]
        for start, end in regions:
            found = []
            for i in range(start, end):
                noun = nouns.get(i)
                if noun is None or noun[0] != i or mention.start <= i < mention.end:
                    continue
                if self._titles_someone(reading, noun[1]):
                    continue  # the title of someone else: 'le président Saïd Chabane'
                role = self._noun_role(reading, nouns, i)
                if role in ("player", "coach", "executive"):
                    found.append((abs(i - cue), role))
            if found:
                return min(found)[1]
        return None

    def _context_roles(self, mention: Mention, sent: tuple[int, int], nouns: dict, reading: DocReading,
                       doc: Doc) -> Iterator[str]:
        """Roles the words around the mention imply (the cue tables of roles.json; ``sent``: where the
        mention's sentence starts and ends)."""
        lex, texts, forms, lemmas, pos = self.lexicon, reading.texts, reading.forms, reading.lemmas, reading.pos
        sent_start, sent_end = sent
        # before: 'selon X', 'sous les ordres de X', 'succéder à X', 'a limogé X', 'repoussée par X'
        i = mention.start - 1
        while i >= sent_start and pos[i] == DET:
            i -= 1
        if i >= sent_start and forms[i] in lex.source_ends:  # (the word before most names ends no source)
            for words in lex.sources:
                if i - len(words) + 1 >= sent_start and tuple(forms[i - len(words) + 1: i + 1]) == words:
                    yield "journalist"
        prep = None
        if i >= sent_start and (pos[i] == ADP or forms[i] in _DE):
            prep = forms[i]
            i -= 1
            while i >= sent_start and pos[i] == ADJ:  # 'les plans immédiats de X'
                i -= 1
        if i >= sent_start:
            word = lex.verb_lemma(reading, i)
            if prep in ("de", "d'", "du", "a", "au", None) and word in lex.governors:
                yield lex.governors[word]
            elif prep in ("de", "d'", "du", "a", "au", None) and word in lex.succession:
                role = self._succession_role(reading, nouns, i, mention)
                if role:
                    yield role
            elif prep == "par" and word in lex.passive_agent_verbs and lex.is_participle(reading, i):
                yield lex.passive_agent_verbs[word]
            elif prep is None and word in lex.patient_verbs and pos[i] in (VERB, NOUN, ADJ):
                yield self._post_role(reading, nouns, i, sent_end) or lex.patient_verbs[word]
        # after: 'X limogé', 'X a été démis', 'X a coché le nom', 'X ne compte plus sur lui'
        j, passive, active = mention.end, False, False
        while j < sent_end and j - mention.end < 6:
            if pos[j] in (AUX, VERB) and (lemma := doc[j].lemma_) in ("avoir", "être"):
                passive = passive or lemma == "être"
                active = active or lemma == "avoir"
            elif not (texts[j] == "," or pos[j] == ADV or (pos[j] == PRON and forms[j] in _CLITICS)):
                break
            j += 1
        if j + 1 < sent_end and forms[j] in ("de", "d'") and "Inf" in reading.morphs.get(j + 1, "VerbForm"):
            j += 1  # 'permet à X de conserver ...'
        while j + 1 < sent_end and pos[j] == VERB and "Inf" in reading.morphs.get(j + 1, "VerbForm") \
                and lex.verb_lemma(reading, j) not in lex.agent_verbs and lex.verb_lemma(reading, j) not in lex.patient_verbs:
            j += 1  # 'X espère boucler le dossier'
        if j < sent_end:
            word = lex.verb_lemma(reading, j)
            if word in lex.patient_verbs and lex.is_participle(reading, j) and (passive or not active):
                yield self._post_role(reading, nouns, j, sent_end) or lex.patient_verbs[word]
            elif word in lex.agent_verbs and not (passive and lex.is_participle(reading, j)):
                rest = [forms[k] for k in range(j + 1, min(sent_end, j + 4)) if pos[k] != ADV]
                for words, role in lex.agent_verbs[word]:
                    if tuple(rest[: len(words)]) == words:
                        yield role
                        break
            elif word in lex.succession and not active:
                role = self._succession_role(reading, nouns, j, mention)
                if role:
                    yield role
            if pos[j] == VERB and lemmas[j] not in lex.copulas:
                yield from self._wants_player(doc, reading, nouns, j, sent_end)
        yield from self._clause_roles(mention, sent, reading, doc)

    def _wants_player(self, doc: Doc, reading: DocReading, nouns: dict, verb: int, sent_end: int) -> Iterator[str]:
        """'X souhaite conserver son attaquant', 'X réclamait un joueur d'expérience': his players
        (``verb``: the verb's token, ``sent_end``: where its sentence ends)."""
        end = min(sent_end, verb + 7)
        if not any(nouns[k][2] == "player" for k in range(verb + 1, end) if k in nouns):
            return  # most verbs have no player noun after them
        for k in range(verb + 1, end):
            if (reading.ent_types[k] == PER or reading.texts[k] in ",;:«»"
                    or reading.lemmas[k] in self.lexicon.copulas):
                return
            if k in nouns and nouns[k][0] == k and reading.pos[k] == NOUN:
                tok = doc[k]
                if nouns[k][2] == "player" and tok.dep_ not in ("nsubj", "appos"):
                    dets = {fold(c.text) for c in tok.children if c.dep_ == "det"}
                    if dets & _POSSESSIVES or (tok.dep_ == "obj" and dets & {"un", "une"}):
                        yield "coach"
                return

    def _clause_roles(self, mention: Mention, sent: tuple[int, int], reading: DocReading, doc: Doc) -> Iterator[str]:
        """Nouns of the person's clause: 'X assurera l'intérim', 'en conférence de presse, X'."""
        lex, texts, lemmas, ent_types = self.lexicon, reading.texts, reading.lemmas, reading.ent_types
        sent_start, sent_end = sent
        if lex.clause_ends.isdisjoint(lemmas[max(sent_start, mention.start - 6): min(sent_end, mention.end + 10)]):
            return  # the words of the windows below are among these, and most mentions have no clause noun near
        after = []  # token indices
        for k in range(mention.end, min(sent_end, mention.end + 10)):
            if ent_types[k] == PER or texts[k] in (";", ":", "«", "»"):
                break
            after.append(k)
        before = []  # only a fronted phrase: 'En conférence de presse, X a confirmé ...'
        if mention.start > sent_start and texts[mention.start - 1] == ",":
            for k in reversed(range(max(sent_start, mention.start - 6), mention.start - 1)):
                if ent_types[k] == PER or texts[k] in (";", ":", "«", "»", ","):
                    break
                before.insert(0, k)
        for window in (before, after):
            folded = [lemmas[k] for k in window]
            if lex.clause_blockers.intersection(folded):
                continue
            present = set(folded)
            for words, role in lex.clause_nouns.items():
                if words[0] not in present:
                    continue
                for k in range(len(folded) - len(words) + 1):
                    if tuple(folded[k: k + len(words)]) == words and self._clause_noun_counts(doc[window[k]], words):
                        yield role
                        break

    @staticmethod
    def _clause_noun_counts(noun: Token, words: tuple[str, ...]) -> bool:
        """A bench is a coach's when it is someone's ('le banc parisien'), a substitute's otherwise."""
        if words != ("banc",):
            return True
        return any(c.dep_ in ("amod", "nmod") for c in noun.children)

    @staticmethod
    def _speaker_role(mention: Mention, quotes: dict[int, int], first_names: Iterable[int], sent_start: int,
                      reading: DocReading) -> bool:
        """'« Arkadiusz voulait venir chez nous », a savouré X': who calls a player by his first name
        speaks for the club (``sent_start``: where the mention's sentence starts)."""
        texts, pos = reading.texts, reading.pos
        i = mention.start - 1
        while i >= sent_start and mention.start - i <= 6 and texts[i] not in _CLOSING and texts[i] != '"':
            if pos[i] not in (VERB, AUX, PRON, ADV, PUNCT, ADP, DET) and reading.ent_types[i] != MEDIA:
                return False
            i -= 1
        if i < 1 or not (texts[i] in _CLOSING or texts[i] == '"') or i - 1 not in quotes:
            return False
        opening = quotes[i - 1]
        return any(opening < k < i for k in first_names)

    # -- epithets -------------------------------------------------------------------------
    def _epithets(self, doc: Doc, reading: DocReading, people: set[int],
                  nouns: dict) -> Iterable[tuple[int, int, str | None, str | None, bool]]:
        """Noun phrases that refer back to a person: (start, end of the phrase without its article,
        role, nationality, votes)."""
        lex = self.lexicon
        texts, forms, pos, ent_types = reading.texts, reading.forms, reading.pos, reading.ent_types
        # an epithet starts with a nationality or a role noun
        starts = {i for i, form in enumerate(forms) if form in lex.nationality_of}
        starts.update(noun[0] for noun in nouns.values())
        for i in sorted(starts - people):
            if not self._definite(reading, i):
                continue
            if "Plur" in reading.morphs.get(i, "Number") or any(fold(c.text) == "les" for c in doc[i].lefts):
                continue
            folded = forms[i]
            if texts[i].istitle() and folded in lex.nationality_of and pos[i] in (NOUN, PROPN) and ent_types[i] != CLUB:
                yield i, i + 1, None, lex.nationality_of[folded], False
                continue
            noun = nouns.get(i)
            if noun is None or noun[0] != i or noun[2] not in lex.epithet_roles or pos[i] not in (NOUN, PROPN):
                continue
            start, end = noun[0], noun[1]
            qualified = end - start > 1  # 'le directeur sportif', 'le conseiller football'
            nationality = None
            # read on the surface (the parser often hangs 'le technicien argentin' the wrong way round)
            k = start - 1
            while k >= 0 and start - k <= 2 and forms[k] in lex.epithet_modifiers:  # 'l'ancien entraîneur'
                start, qualified = k, True
                k -= 1
            while end < len(forms) and end - noun[1] < 3 and not texts[end].istitle():
                word = forms[end]
                known = word in lex.nationality_of or word in lex.epithet_modifiers or word in lex.demonyms
                # 'le président pailladin': any adjective makes a staff title specific
                if not known and not (noun[2] != "player" and lex.adjectival(reading, end)):
                    break
                nationality = nationality or lex.nationality_of.get(word)
                end, qualified = end + 1, True
            if end + 1 < len(forms) and forms[end] in _DE and ent_types[end + 1] == CLUB:
                end += 1  # 'l'entraîneur de River Plate', 'le président de l'OM'
                while end < len(forms) and (ent_types[end] == CLUB or pos[end] == DET) \
                        and not (doc[end].ent_iob_ == "B" and ent_types[end - 1] == CLUB):
                    end += 1
                qualified = True
            if not qualified:
                continue
            # a title, not an epithet: 'le président du PSG Nasser Al-Khelaïfi', 'le journaliste italien, X'
            if self._titles_someone(reading, end):
                continue
            yield start, end, noun[2], nationality, not self._former(reading, noun)

    @staticmethod
    def _definite(reading: DocReading, i: int) -> bool:
        """'le technicien', 'l'ancien entraîneur' (the noun at token ``i``): a definite article opens the
        noun phrase."""
        k = i - 1
        while k >= 0 and i - k <= 3 and (reading.pos[k] == ADJ or reading.forms[k] in ("ex", "ex-")):
            k -= 1
        return k >= 0 and reading.forms[k] in _DEFINITE

    def _resolve(self, epithet_start: int, role: str | None, nationality: str | None, mentions: list[Mention],
                 evidence: Evidence, nationalities: dict[str, str], quotes: dict[int, int]) -> str | None:
        """The person an epithet (starting at ``epithet_start``) refers back to.

        The most recent person named before it, outside any quotation it is not in,
        whose role and nationality do not contradict it; a person of the same
        nationality comes first ('l'entraîneur argentin' is the Argentine of the article).
        """
        where = quotes.get(epithet_start)
        # the speaker of the quotation just closed is not the one it speaks of ('« Albert a des
        # idées claires », a expliqué le président bordelais')
        just_closed = next((quotes[k] for k in range(epithet_start - 1, max(epithet_start - 8, 0), -1) if k in quotes), None)
        spoken_of = {m.name for m in mentions if just_closed is not None and quotes.get(m.start) == just_closed}
        candidates: list[str] = []
        for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
            if mention.end > epithet_start or quotes.get(mention.start) not in (None, where) or mention.name in spoken_of:
                continue
            name = mention.name
            if name in candidates:
                continue
            known = evidence.best(name)
            if role is not None and known is not None and known != role:
                continue
            if role in self.lexicon.needs_evidence and known != role:
                continue
            if role is None and known is not None and known not in self.lexicon.nationality_roles \
                    and not self._compatriot(nationalities.get(name), nationality):
                continue  # 'le Coréen' is a player or coach, not the director just quoted (unless he is Korean)
            if nationality and not self._compatriot(nationalities.get(name, nationality), nationality):
                continue
            candidates.append(name)
        if nationality:
            same = [name for name in candidates if self._compatriot(nationalities.get(name), nationality)]
            if same:
                return same[0]
        return candidates[0] if candidates else None

    def _compatriot(self, one: str | None, other: str | None) -> bool:
        country = self.lexicon.country_of
        return one == other or (one is not None and other is not None and country.get(one) == country.get(other))

    # -- the doc ----------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        lex, weights = self.lexicon, self.lexicon.weights
        reading = DocReading.of(doc)
        # the retagged entities never overlap: each lies inside one of the model's (or two adjacent ones merged)
        ents = self._surnames_as_people(doc, self._retag(doc, reading), reading)
        persons = [e for e in ents if e.label == PER]
        canonical = self._canonical_names(persons, reading)
        for person in persons:  # (spans made here, not the model's)
            person.id_ = canonical[person.start]  # the fullest name of the article (ent._.canonical)
        reading = self._set_entities(doc, ents, reading)
        texts, forms = reading.texts, reading.forms
        nouns = self._role_nouns(reading)
        quotes = self._quotations(reading)
        evidence = Evidence()
        mentions = [Mention(p.start, p.end, canonical[p.start]) for p in persons]
        for mention in mentions:
            evidence.add(mention.name, None, 0)
        # what the knowledge base knows of the people named, looked up once per name
        known_people = {name: known for name in evidence.votes if (known := self._known_person(name))}
        # first names alone inside quotations: '« Arkadiusz voulait venir »'
        # (the model often misses a first name alone, so every word of the quotation is looked at)
        first_of = {fold(n.split()[0]): n for n in evidence.votes if len(n.split()) > 1}
        first_names = {k: first_of[forms[k]] for k in quotes
                       if forms[k] in first_of and texts[k].istitle()  # Token.is_title
                       and not (k + 1 < len(texts) and reading.ent_types[k + 1] == PER)}
        for mention in mentions:
            name = mention.name
            sent = reading.sentences.bounds(mention.start)
            evidence.add(name, self._title_role(mention, sent, nouns, reading), weights["title"])
            evidence.add(name, lex.known_role.get(fold(name)), weights["title"])
            known = known_people.get(name)
            evidence.add(name, known and known.role, weights["known_person"])  # a prior the article's words outweigh
            if self._media_role(mention, reading):
                evidence.add(name, "journalist", weights["media"])
            for role in self._context_roles(mention, sent, nouns, reading, doc):
                evidence.add(name, role, weights["context"])
            others = [k for k, other in first_names.items() if other != name]
            if others and self._speaker_role(mention, quotes, others, sent[0], reading):
                evidence.add(name, "executive", weights["speaker"])
        # epithets, in reading order, each resolved with what is known so far
        person_tokens = {i for m in persons for i in range(m.start, m.end)}
        nationalities = {name: known.nationality for name, known in known_people.items()}
        for start, end, role, nationality, votes in self._epithets(doc, reading, person_tokens, nouns):
            name = self._resolve(start, role, nationality, mentions, evidence, nationalities, quotes)
            if not name:
                continue
            mention = Mention(start, end, name)
            mentions.append(mention)
            if nationality:
                nationalities.setdefault(name, nationality)
            if role and votes:
                evidence.add(name, role, weights["epithet"])
            for cue in self._context_roles(mention, reading.sentences.bounds(start), nouns, reading, doc):
                evidence.add(name, cue, weights["context"])
        # 'X et Y': people named together share a role
        partners = self._partners(forms, mentions)
        shared = {name: evidence.best(name) for name in evidence.votes}
        for name, other in partners:
            if shared.get(other):
                evidence.add(name, shared[other], weights["partner"])
        doc._.people_roles = {name: evidence.best(name) or lex.default_role for name in evidence.votes}
        # the people's entities, and a span for each epithet
        spans = [e for e in ents if e.label == PER] + [Span(doc, m.start, m.end, label=PER, span_id=m.name)
                                                        for m in mentions[len(persons):]]
        doc.spans["people"] = sorted(spans, key=lambda s: s.start)
        clubs = [e for e in ents if e.label == CLUB]
        doc.spans["clubs"] = sorted(clubs + self.club_epithets(doc, clubs), key=lambda s: s.start)
        doc.spans["media"] = [e for e in ents if e.label == MEDIA]
        return doc

    def _known_person(self, name: str):
        """The knowledge base's entry for a person the article names in full (or by his surname alone)."""
        entry = self.lexicon.kb.person(name)
        if entry is None or (" " in name and fold(name) not in {fold(n) for n in entry.names}):
            return None  # 'Lucas Hernandez' is not the Hernandez the KB would find by surname
        return entry

    @staticmethod
    def _partners(forms: list[str], mentions: list[Mention]) -> Iterator[tuple[str, str]]:
        """``forms``: the doc's folded forms."""
        by_start = {m.start: m for m in mentions}
        for mention in mentions:
            k = mention.end
            if k + 1 < len(forms) and forms[k] in ("et", "ou"):
                k += 2 if k + 2 < len(forms) and forms[k + 1] in ("de", "d'", "a") else 1
                other = by_start.get(k)
                if other is None:
                    continue
                if other.name != mention.name:
                    yield mention.name, other.name
                    yield other.name, mention.name


@Language.factory("mercato_people")
def make_people(nlp: Language, name: str) -> PeopleLinker:
    return PeopleLinker(nlp, name)
