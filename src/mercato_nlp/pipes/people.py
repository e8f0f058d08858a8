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

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from spacy.attrs import ENT_ID, IS_SPACE, LEMMA, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import extensions  # noqa: F401  (registers the attributes)
from ..folding import fold
from ..knowledge import load_kb, load_resource
from ..tokens import Sentences, columns, folded_tokens
from .club_epithets import ClubEpithets

OWN_LABELS = {"CLUB", "MEDIA", "COMPETITION", "MONEY"}
_ARTICLES = {"le", "la", "les", "l'"}
_DEFINITE = _ARTICLES | {"du", "au"}
_DE = {"de", "d'", "du", "des"}
_CLITICS = {"le", "la", "l'", "les", "lui", "leur", "se", "s'", "en", "y", "ne", "n'", "qui", "-t-il", "-il"}
_POSSESSIVES = {"son", "sa", "ses", "leur", "leurs"}
_OPENING = {"«": "»", "“": "”"}
_CLOSING = {"»", "”"}
_MARK_KEYS = frozenset(get_string_id(mark) for mark in (*_OPENING, *_CLOSING, '"'))


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

    def adjectival(self, token: Token) -> bool:
        """An adjective, or a lowercase word the tagger took for a name ('le coach munichois')."""
        return token.pos_ == "ADJ" or (token.is_lower and token.is_alpha and (
            token.pos_ == "PROPN" or fold(token.text) in self.demonyms or fold(token.text) in self.nationality_of))

    def verb_lemma(self, token: Token) -> str:
        return self.participle_of.get(fold(token.text)) or fold(token.lemma_)

    def is_participle(self, token: Token) -> bool:
        return "Part" in token.morph.get("VerbForm") or fold(token.text) in self.participle_of


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
    """What the component reads of a doc's every token, once: folded forms and lemmas
    (by token index) and the sentences."""

    forms: list[str]
    lemmas: list[str]
    sentences: Sentences

    @classmethod
    def of(cls, doc: Doc, sentences: Sentences) -> DocReading:
        return cls(folded_tokens(doc, ORTH), folded_tokens(doc, LEMMA), sentences)


class Evidence:
    """Weighted votes for each person's role, in the order they were found."""

    def __init__(self):
        self.votes: dict[str, Counter] = {}

    def add(self, name: str, role: str | None, weight: float) -> None:
        counts = self.votes.setdefault(name, Counter())
        if role and weight:
            counts[role] += weight

    def best(self, name: str) -> str | None:
        counts = self.votes.get(name)
        return max(counts, key=counts.__getitem__) if counts else None


#: The model's labels for names it could not place: a known surname among them is a person.
_MODEL_GUESSES = {"MISC", "LOC", "ORG"}


class PeopleLinker:
    def __init__(self, nlp: Language, name: str = "mercato_people"):
        self.name = name
        self.lexicon = Lexicon(nlp)
        self.club_epithets = ClubEpithets(load_kb())

    # -- entities -----------------------------------------------------------------
    def _clean_person(self, span: Span) -> Span | None:
        start, end = span.start, span.end
        while start < end and (span.doc[start].text in self.lexicon.not_person or not span.doc[start].text[:1].isupper()):
            start += 1
        while end > start and (span.doc[end - 1].text in self.lexicon.not_person or span.doc[end - 1].is_punct):
            end -= 1
        if start == end or any(t.like_num for t in span.doc[start:end]):
            return None
        # 'le Croate', 'le Lyonnais': a nationality or a demonym after an article is an epithet, not a name
        word = fold(span.doc[start].text)
        if end - start == 1 and start > 0 and fold(span.doc[start - 1].text) in _ARTICLES and (
                word in self.lexicon.nationality_of or word in self.lexicon.demonyms):
            return None
        return Span(span.doc, start, end, label="PER")

    def _is_place(self, span: Span, sentences: Sentences) -> bool:
        """A club's city used as a place: 'il vit à Lyon', 'né à Marseille'."""
        if fold(span.text) not in self.lexicon.city_of:
            return False
        window = span.doc[max(sentences.of(span.start).start, span.start - 4): span.start]
        return any(fold(t.lemma_) in self.lexicon.place_cues or fold(t.text) in self.lexicon.place_cues for t in window)

    def _looks_like_club(self, span: Span) -> bool:
        return any(t.text in self.lexicon.club_words for t in span) or span.text.startswith("Al-")

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
    def _surnames_as_people(doc: Doc, ents: list[Span]) -> list[Span]:
        """The entities, with the surname of a person the article names in full as a person where
        the model tagged nothing or a place ('Tolisso vers la sortie au Bayern ?', then 'Corentin Tolisso')."""
        surnames = {e[-1].text for e in ents if e.label_ == "PER" and len(e) > 1}
        guessed = [e for e in ents if e.label_ in _MODEL_GUESSES and e.text in surnames]
        taken = {i for e in ents if e not in guessed for i in range(e.start, e.end)}
        keys = {get_string_id(name) for name in surnames}  # compared with the forms' hashes, not decoded
        candidates = [doc[i] for i, key in enumerate(doc.to_array(ORTH).tolist()) if key in keys and i not in taken]
        found = [Span(doc, t.i, t.i + 1, label="PER") for t in candidates if t.is_title and t.pos_ == "PROPN"]
        return sorted([e for e in ents if e not in guessed] + found, key=lambda e: e.start)

    def _retag(self, doc: Doc, sentences: Sentences) -> list[Span]:
        ents = []
        for ent in doc.ents:
            if ent.label_ in ("MISC", "LOC") and self._unlabelled_name(ent):
                ent = Span(doc, ent.start, ent.end, label="PER")
            if ent.label_ == "PER":
                cleaned = self._clean_person(ent)
                if cleaned is not None:
                    ents.append(cleaned)
            elif ent.label_ == "CLUB" and self._is_place(ent, sentences):
                ents.append(Span(doc, ent.start, ent.end, label="LOC"))
            elif ent.label_ in ("ORG", "MISC", "LOC") and self._looks_like_club(ent):
                if ents and ents[-1].end == ent.start and ents[-1].label_ == "CLUB":  # 'Juventus Football Club': one club
                    ents[-1] = Span(doc, ents[-1].start, ent.end, label="CLUB", span_id=ents[-1].id_)
                else:
                    ents.append(Span(doc, ent.start, ent.end, label="CLUB", span_id=_strip_article(ent.text)))
            else:
                ents.append(ent)
        return ents

    # -- names ----------------------------------------------------------------------
    @staticmethod
    def _canonical_names(mentions: list[Span]) -> dict[int, str]:
        """Map each mention (by start) to the fullest name of the article that contains it.

        When two people share the surname ('Adrien Rabiot', 'Véronique Rabiot'),
        'Rabiot' is the one last named in full before it (else the first after).
        """
        def fits(words: list[str], folded: list[str]) -> bool:
            if len(folded) <= len(words):
                return False
            return folded[-len(words):] == words or (len(words) == 1 and words[0] in folded)

        texts = [m.text for m in mentions]
        folded = [[fold(w) for w in text.split()] for text in texts]  # each name's words, read once
        canonical = {}
        for mention, words in zip(mentions, folded):
            fuller = [m for m, other in zip(mentions, folded) if fits(words, other)]
            before = [m for m in fuller if m.start < mention.start]
            chosen = before[-1] if before else (fuller[0] if fuller else mention)
            canonical[mention.start] = chosen.text
        # a name itself shortened later keeps the fullest form ('Gallardo' → 'Marcelo Gallardo')
        fullest = {start: canonical.get(next((m.start for m, text in zip(mentions, texts) if text == name), start), name)
                   for start, name in canonical.items()}
        # one spelling per person, the first: 'Tchouameni' written without its accent is 'Tchouaméni'
        spelling: dict[str, str] = {}
        for start in sorted(fullest):
            spelling.setdefault(fold(fullest[start]), fullest[start])
        return {start: spelling[fold(name)] for start, name in fullest.items()}

    # -- the doc's role nouns and quotations ----------------------------------------
    def _role_nouns(self, doc: Doc, reading: DocReading) -> dict[int, tuple[int, int, str]]:
        """Every role noun of the doc, longest first: token index → (start, end, role)."""
        lex = self.lexicon
        forms, lemmas = reading.forms, reading.lemmas
        found: dict[int, tuple[int, int, str]] = {}
        free = 0  # the first token not inside a noun found
        lengths = lex.noun_lengths
        for i, (form, lemma) in enumerate(zip(forms, lemmas)):
            if form not in lengths and lemma not in lengths:
                continue  # most words start no role noun
            longest = max(lengths.get(form, 0), lengths.get(lemma, 0))
            if i < free or doc[i].ent_type_ in ("PER", "CLUB", "MEDIA"):
                continue
            for length in range(min(longest, len(doc) - i), 0, -1):
                role = lex.nouns.get(tuple(forms[i: i + length])) or lex.nouns.get(tuple(lemmas[i: i + length]))
                if role:
                    free = i + length
                    for j in range(i, free):
                        found[j] = (i, free, role)
                    break
        return found

    @staticmethod
    def _quotations(doc: Doc) -> dict[int, int]:
        """Token index → the index of the opening mark of the quotation it is in.

        Only marks and paragraph breaks open or close one: they are found on the
        forms' hashes (a break is a whitespace token: the tokenizer gives whitespace
        tokens of their own), and the words between them taken as ranges.
        """
        inside: dict[int, int] = {}
        opened: int | None = None
        closing = None
        strings = doc.vocab.strings
        for i, (orth, space) in enumerate(zip(*columns(doc, [ORTH, IS_SPACE]))):
            if not space and orth not in _MARK_KEYS:
                continue
            text = strings[orth]
            if opened is None:
                if text in _OPENING or text == '"':
                    opened, closing = i, _OPENING.get(text, '"')
                continue
            if text == closing or (closing == '"' and text in _CLOSING) or "\n\n" in text:
                inside.update(dict.fromkeys(range(opened + 1, i), opened))
                opened = None
        if opened is not None:
            inside.update(dict.fromkeys(range(opened + 1, len(doc)), opened))
        return inside

    # -- evidence for one mention -------------------------------------------------------
    def _former(self, doc: Doc, noun: tuple[int, int, str]) -> bool:
        """'l'ancien défenseur': a player noun qualified as former says nothing of his role now."""
        start = noun[0]
        window = doc[max(0, start - 2): start]
        return noun[2] == "player" and any(fold(t.text) in self.lexicon.former for t in window)

    def _noun_role(self, doc: Doc, nouns: dict, i: int) -> str | None:
        """The role of the role noun at token ``i`` ('l'ancien attaquant' has none)."""
        noun = nouns.get(i)
        if noun is None or doc[i].ent_type_ == "PER":
            return None
        return None if self._former(doc, noun) else noun[2]

    def _title_role(self, mention: Span, nouns: dict, reading: DocReading) -> str | None:
        """'l'entraîneur X', 'le journaliste de L'Équipe, X', 'X, le président de ...', 'X, nommé entraîneur'."""
        lex, doc = self.lexicon, mention.doc
        sent = reading.sentences.of(mention.start)
        i = mention.start - 1
        while i >= sent.start and mention.start - i <= 10:
            tok = doc[i]
            if i in nouns and tok.ent_type_ != "PER":
                # 'l'agent de X' names X's agent, 'l'adjoint de X' X's assistant: not X.
                if fold(doc[mention.start - 1].text) in _DE:
                    return None
                return self._noun_role(doc, nouns, i)
            if (tok.ent_type_ in ("CLUB", "MEDIA", "COMPETITION") or tok.text in ",("
                    or tok.pos_ == "DET" or lex.adjectival(tok) or fold(tok.text) in _DE
                    or fold(tok.text) in lex.epithet_modifiers or fold(tok.text) in lex.title_fillers):
                i -= 1
                continue
            break
        j = mention.end
        while j < sent.end and j - mention.end <= 8:
            tok = doc[j]
            if j in nouns and tok.ent_type_ != "PER":
                return self._noun_role(doc, nouns, j)
            folded = fold(tok.text)
            if folded in lex.kin and j + 1 < sent.end and fold(doc[j + 1].text) == "et":
                j += 2  # 'X, le père et agent du joueur'
                continue
            if (tok.text in ",(" or tok.pos_ == "DET" or lex.adjectival(tok) or folded in lex.epithet_modifiers
                    or folded in lex.title_links or fold(tok.lemma_) in lex.posts
                    or (folded in _DE and (fold(doc[j - 1].lemma_) in lex.posts
                                           or (j + 1 < sent.end and doc[j + 1].pos_ == "DET")))):
                j += 1
                continue
            break
        return None

    @staticmethod
    def _media_role(mention: Span) -> bool:
        """'X (L'Équipe)', 'X de RMC Sport': a journalist signs for his outlet."""
        doc = mention.doc
        j = mention.end
        if j < len(doc) and (doc[j].text == "(" or fold(doc[j].text) in ("de", "du", "d'")):
            j += 1
        return j < len(doc) and j > mention.end and doc[j].ent_type_ == "MEDIA"

    def _post_role(self, doc: Doc, nouns: dict, verb: Token, sent: Span) -> str | None:
        """The post a verb (of the sentence ``sent``) names: 'nommé entraîneur', 'démis de ses
        fonctions de directeur sportif'."""
        lex = self.lexicon
        for tok in doc[verb.i + 1: min(sent.end, verb.i + 9)]:
            if tok.i in nouns and tok.ent_type_ != "PER":
                return self._noun_role(doc, nouns, tok.i)
            folded = fold(tok.text)
            if not (tok.pos_ in ("DET", "ADJ", "ADV") or folded in _DE or folded in lex.title_links
                    or fold(tok.lemma_) in lex.posts or tok.text == ","):
                return None
        return None

    def _titles_someone(self, doc: Doc, end: int) -> bool:
        """Whether a role noun phrase ending at ``end`` is the title of a name ('le président lyonnais, Jean-Michel Aulas')."""
        k = end
        while k < len(doc) and k - end < 6 and (doc[k].text == "," or self.lexicon.adjectival(doc[k])
                                                  or doc[k].ent_type_ in ("CLUB", "MEDIA")
                                                  or (fold(doc[k].text) in _DE and k + 1 < len(doc)
                                                      and doc[k + 1].ent_type_ in ("CLUB", "MEDIA"))):
            k += 1
        return k < len(doc) and doc[k].ent_type_ == "PER"

    def _succession_role(self, doc: Doc, nouns: dict, cue: Token, mention: Span) -> str | None:
        """'succéder à X', 'le successeur de X': X held the post his successor takes.

        The post is the role noun nearest the cue, in its sentence or else the
        nearest sentence around it that has one (not a title of someone else,
        not a former one).
        """
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        here = next(k for k, sent in enumerate(sents) if sent.start <= cue.i < sent.end)
        regions = [(sents[k].start, sents[k].end) for k in sorted(
            range(max(0, here - 2), min(len(sents), here + 3)), key=lambda k: (abs(k - here), k > here))]
        for start, end in regions:
            found = []
            for i in range(start, end):
                noun = nouns.get(i)
                if noun is None or noun[0] != i or mention.start <= i < mention.end:
                    continue
                if self._titles_someone(doc, noun[1]):
                    continue  # the title of someone else: 'le président Saïd Chabane'
                role = self._noun_role(doc, nouns, i)
                if role in ("player", "coach", "executive"):
                    found.append((abs(i - cue.i), role))
            if found:
                return min(found)[1]
        return None

    def _context_roles(self, mention: Span, nouns: dict, reading: DocReading) -> Iterator[str]:
        """Roles the words around the mention imply (the cue tables of roles.json)."""
        lex, doc = self.lexicon, mention.doc
        sent = reading.sentences.of(mention.start)
        # before: 'selon X', 'sous les ordres de X', 'succéder à X', 'a limogé X', 'repoussée par X'
        i = mention.start - 1
        while i >= sent.start and doc[i].pos_ == "DET":
            i -= 1
        for words in lex.sources:
            if i - len(words) + 1 >= sent.start and tuple(reading.forms[i - len(words) + 1: i + 1]) == words:
                yield "journalist"
        prep = None
        if i >= sent.start and (doc[i].pos_ == "ADP" or fold(doc[i].text) in _DE):
            prep = fold(doc[i].text)
            i -= 1
            while i >= sent.start and doc[i].pos_ == "ADJ":  # 'les plans immédiats de X'
                i -= 1
        if i >= sent.start:
            gov = doc[i]
            word = lex.verb_lemma(gov)
            if prep in ("de", "d'", "du", "a", "au", None) and word in lex.governors:
                yield lex.governors[word]
            elif prep in ("de", "d'", "du", "a", "au", None) and word in lex.succession:
                role = self._succession_role(doc, nouns, gov, mention)
                if role:
                    yield role
            elif prep == "par" and word in lex.passive_agent_verbs and lex.is_participle(gov):
                yield lex.passive_agent_verbs[word]
            elif prep is None and word in lex.patient_verbs and gov.pos_ in ("VERB", "NOUN", "ADJ"):
                yield self._post_role(doc, nouns, gov, sent) or lex.patient_verbs[word]
        # after: 'X limogé', 'X a été démis', 'X a coché le nom', 'X ne compte plus sur lui'
        j, passive, active = mention.end, False, False
        while j < sent.end and j - mention.end < 6:
            tok = doc[j]
            if tok.lemma_ in ("avoir", "être") and tok.pos_ in ("AUX", "VERB"):
                passive = passive or tok.lemma_ == "être"
                active = active or tok.lemma_ == "avoir"
            elif not (tok.text == "," or tok.pos_ == "ADV" or (tok.pos_ == "PRON" and fold(tok.text) in _CLITICS)):
                break
            j += 1
        if j + 1 < sent.end and fold(doc[j].text) in ("de", "d'") and "Inf" in doc[j + 1].morph.get("VerbForm"):
            j += 1  # 'permet à X de conserver ...'
        while j + 1 < sent.end and doc[j].pos_ == "VERB" and "Inf" in doc[j + 1].morph.get("VerbForm") \
                and lex.verb_lemma(doc[j]) not in lex.agent_verbs and lex.verb_lemma(doc[j]) not in lex.patient_verbs:
            j += 1  # 'X espère boucler le dossier'
        if j < sent.end:
            verb = doc[j]
            word = lex.verb_lemma(verb)
            if word in lex.patient_verbs and lex.is_participle(verb) and (passive or not active):
                yield self._post_role(doc, nouns, verb, sent) or lex.patient_verbs[word]
            elif word in lex.agent_verbs and not (passive and lex.is_participle(verb)):
                rest = [fold(t.text) for t in doc[j + 1: min(sent.end, j + 4)] if t.pos_ != "ADV"]
                for words, role in lex.agent_verbs[word]:
                    if tuple(rest[: len(words)]) == words:
                        yield role
                        break
            elif word in lex.succession and not active:
                role = self._succession_role(doc, nouns, verb, mention)
                if role:
                    yield role
            if verb.pos_ == "VERB" and fold(verb.lemma_) not in lex.copulas:
                yield from self._wants_player(doc, nouns, verb, sent)
        yield from self._clause_roles(mention, reading)

    def _wants_player(self, doc: Doc, nouns: dict, verb: Token, sent: Span) -> Iterator[str]:
        """'X souhaite conserver son attaquant', 'X réclamait un joueur d'expérience': his players
        (``sent``: the verb's sentence)."""
        end = min(sent.end, verb.i + 7)
        if not any(nouns[k][2] == "player" for k in range(verb.i + 1, end) if k in nouns):
            return  # most verbs have no player noun after them
        for tok in doc[verb.i + 1: end]:
            if tok.ent_type_ == "PER" or tok.text in ",;:«»" or fold(tok.lemma_) in self.lexicon.copulas:
                return
            if tok.i in nouns and nouns[tok.i][0] == tok.i and tok.pos_ == "NOUN":
                if nouns[tok.i][2] == "player" and tok.dep_ not in ("nsubj", "appos"):
                    dets = {fold(c.text) for c in tok.children if c.dep_ == "det"}
                    if dets & _POSSESSIVES or (tok.dep_ == "obj" and dets & {"un", "une"}):
                        yield "coach"
                return

    def _clause_roles(self, mention: Span, reading: DocReading) -> Iterator[str]:
        """Nouns of the person's clause: 'X assurera l'intérim', 'en conférence de presse, X'."""
        lex, doc = self.lexicon, mention.doc
        sent = reading.sentences.of(mention.start)
        near = set(reading.lemmas[max(sent.start, mention.start - 6): min(sent.end, mention.end + 10)])
        if not any(near.issuperset(words) for words in lex.clause_nouns):
            return  # the words of the windows below are among these, and most mentions have no clause noun near
        after = []
        for tok in doc[mention.end: min(sent.end, mention.end + 10)]:
            if tok.ent_type_ == "PER" or tok.text in (";", ":", "«", "»"):
                break
            after.append(tok)
        before = []  # only a fronted phrase: 'En conférence de presse, X a confirmé ...'
        if mention.start > sent.start and doc[mention.start - 1].text == ",":
            for tok in reversed(doc[max(sent.start, mention.start - 6): mention.start - 1]):
                if tok.ent_type_ == "PER" or tok.text in (";", ":", "«", "»", ","):
                    break
                before.insert(0, tok)
        for window in (before, after):
            folded = [reading.lemmas[t.i] for t in window]
            if lex.clause_blockers.intersection(folded):
                continue
            present = set(folded)
            for words, role in lex.clause_nouns.items():
                if words[0] not in present:
                    continue
                for k in range(len(folded) - len(words) + 1):
                    if tuple(folded[k: k + len(words)]) == words and self._clause_noun_counts(window, k, words):
                        yield role
                        break

    @staticmethod
    def _clause_noun_counts(window: list[Token], k: int, words: tuple[str, ...]) -> bool:
        """A bench is a coach's when it is someone's ('le banc parisien'), a substitute's otherwise."""
        if words != ("banc",):
            return True
        noun = window[k]
        return any(c.dep_ in ("amod", "nmod") for c in noun.children)

    @staticmethod
    def _speaker_role(mention: Span, quotes: dict[int, int], first_names: Iterable[int], sent_start: int) -> bool:
        """'« Arkadiusz voulait venir chez nous », a savouré X': who calls a player by his first name
        speaks for the club (``sent_start``: where the mention's sentence starts)."""
        doc = mention.doc
        i = mention.start - 1
        while i >= sent_start and mention.start - i <= 6 and doc[i].text not in _CLOSING and doc[i].text != '"':
            if doc[i].pos_ not in ("VERB", "AUX", "PRON", "ADV", "PUNCT", "ADP", "DET") and doc[i].ent_type_ != "MEDIA":
                return False
            i -= 1
        if i < 1 or not (doc[i].text in _CLOSING or doc[i].text == '"') or i - 1 not in quotes:
            return False
        opening = quotes[i - 1]
        return any(opening < k < i for k in first_names)

    # -- epithets -------------------------------------------------------------------------
    def _epithets(self, doc: Doc, people: set[int], nouns: dict,
                  forms: list[str]) -> Iterable[tuple[Span, str | None, str | None, bool]]:
        """Noun phrases that refer back to a person: (span without its article, role, nationality, votes).

        ``forms`` are the folded forms of the doc's tokens.
        """
        lex = self.lexicon
        for i, form in enumerate(forms):
            # an epithet starts with a nationality or a role noun
            if i in people or not (form in lex.nationality_of or nouns.get(i, (None,))[0] == i):
                continue
            tok = doc[i]
            if not self._definite(tok):
                continue
            if "Plur" in tok.morph.get("Number") or any(fold(c.text) == "les" for c in tok.lefts):
                continue
            folded = fold(tok.text)
            if tok.is_title and folded in lex.nationality_of and tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ != "CLUB":
                yield Span(doc, tok.i, tok.i + 1), None, lex.nationality_of[folded], False
                continue
            noun = nouns.get(tok.i)
            if noun is None or noun[0] != tok.i or noun[2] not in lex.epithet_roles or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            start, end = noun[0], noun[1]
            qualified = end - start > 1  # 'le directeur sportif', 'le conseiller football'
            nationality = None
            # read on the surface (the parser often hangs 'le technicien argentin' the wrong way round)
            k = start - 1
            while k >= 0 and start - k <= 2 and fold(doc[k].text) in lex.epithet_modifiers:  # 'l'ancien entraîneur'
                start, qualified = k, True
                k -= 1
            while end < len(doc) and end - noun[1] < 3 and not doc[end].is_title:
                word = fold(doc[end].text)
                known = word in lex.nationality_of or word in lex.epithet_modifiers or word in lex.demonyms
                # 'le président pailladin': any adjective makes a staff title specific
                if not known and not (noun[2] != "player" and lex.adjectival(doc[end])):
                    break
                nationality = nationality or lex.nationality_of.get(word)
                end, qualified = end + 1, True
            if end + 1 < len(doc) and fold(doc[end].text) in _DE and doc[end + 1].ent_type_ == "CLUB":
                end += 1  # 'l'entraîneur de River Plate', 'le président de l'OM'
                while end < len(doc) and (doc[end].ent_type_ == "CLUB" or doc[end].pos_ == "DET") \
                        and not (doc[end].ent_iob_ == "B" and doc[end - 1].ent_type_ == "CLUB"):
                    end += 1
                qualified = True
            if not qualified:
                continue
            # a title, not an epithet: 'le président du PSG Nasser Al-Khelaïfi', 'le journaliste italien, X'
            k = end
            if self._titles_someone(doc, end):
                continue
            yield Span(doc, start, end), noun[2], nationality, not self._former(doc, noun)

    @staticmethod
    def _definite(tok: Token) -> bool:
        """'le technicien', 'l'ancien entraîneur': a definite article opens the noun phrase."""
        k = tok.i - 1
        while k >= 0 and tok.i - k <= 3 and (tok.doc[k].pos_ == "ADJ" or fold(tok.doc[k].text) in ("ex", "ex-")):
            k -= 1
        return k >= 0 and fold(tok.doc[k].text) in _DEFINITE

    def _resolve(self, epithet: Span, role: str | None, nationality: str | None, mentions: list[Span],
                 evidence: Evidence, nationalities: dict[str, str], quotes: dict[int, int]) -> str | None:
        """The person an epithet refers back to.

        The most recent person named before it, outside any quotation it is not in,
        whose role and nationality do not contradict it; a person of the same
        nationality comes first ('l'entraîneur argentin' is the Argentine of the article).
        """
        where = quotes.get(epithet.start)
        # the speaker of the quotation just closed is not the one it speaks of ('« Albert a des
        # idées claires », a expliqué le président bordelais')
        just_closed = next((quotes[k] for k in range(epithet.start - 1, max(epithet.start - 8, 0), -1) if k in quotes), None)
        spoken_of = {m.id_ for m in mentions if just_closed is not None and quotes.get(m.start) == just_closed}
        candidates: list[str] = []
        for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
            if mention.end > epithet.start or quotes.get(mention.start) not in (None, where) or mention.id_ in spoken_of:
                continue
            name = mention.id_
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
        sentences = Sentences(doc)
        ents = self._surnames_as_people(doc, filter_spans(self._retag(doc, sentences)))
        persons = [e for e in ents if e.label_ == "PER"]
        canonical = self._canonical_names(persons)
        # a person's entity carries the fullest name of the article (ent._.canonical)
        ents = [Span(doc, e.start, e.end, label="PER", span_id=canonical[e.start]) if e.label_ == "PER" else e
                for e in ents]
        doc.ents = ents
        # a city read as a place keeps no club name ('il vit à Lyon'): setting doc.ents left its tokens their ids
        ent_ids = doc.to_array(ENT_ID)
        for ent in ents:
            if ent.label_ not in OWN_LABELS | {"PER"} and ent_ids[ent.start]:
                for token in ent:
                    token.ent_id = 0
        reading = DocReading.of(doc, sentences)
        nouns = self._role_nouns(doc, reading)
        quotes = self._quotations(doc)
        evidence = Evidence()
        mentions: list[Span] = []
        for mention in persons:
            name = canonical[mention.start]
            mentions.append(Span(doc, mention.start, mention.end, label="PER", span_id=name))
            evidence.add(name, None, 0)
        # what the knowledge base knows of the people named, looked up once per name
        known_people = {name: known for name in evidence.votes if (known := self._known_person(name))}
        # first names alone inside quotations: '« Arkadiusz voulait venir »'
        # (the model often misses a first name alone, so every word of the quotation is looked at)
        first_of = {fold(n.split()[0]): n for n in evidence.votes if len(n.split()) > 1}
        first_names = {k: first_of[fold(doc[k].text)] for k in quotes
                       if doc[k].is_title and fold(doc[k].text) in first_of
                       and not (k + 1 < len(doc) and doc[k + 1].ent_type_ == "PER")}
        for mention in mentions:
            name = mention.id_
            evidence.add(name, self._title_role(mention, nouns, reading), weights["title"])
            evidence.add(name, lex.known_role.get(fold(name)), weights["title"])
            known = known_people.get(name)
            evidence.add(name, known and known.role, weights["known_person"])  # a prior the article's words outweigh
            if self._media_role(mention):
                evidence.add(name, "journalist", weights["media"])
            for role in self._context_roles(mention, nouns, reading):
                evidence.add(name, role, weights["context"])
            others = [k for k, other in first_names.items() if other != name]
            if others and self._speaker_role(mention, quotes, others, reading.sentences.of(mention.start).start):
                evidence.add(name, "executive", weights["speaker"])
        # epithets, in reading order, each resolved with what is known so far
        person_tokens = {i for m in persons for i in range(m.start, m.end)}
        nationalities = {name: known.nationality for name, known in known_people.items()}
        named = list(mentions)
        for epithet, role, nationality, votes in self._epithets(doc, person_tokens, nouns, reading.forms):
            name = self._resolve(epithet, role, nationality, named, evidence, nationalities, quotes)
            if not name:
                continue
            span = Span(doc, epithet.start, epithet.end, label="PER", span_id=name)
            mentions.append(span)
            named.append(span)
            if nationality:
                nationalities.setdefault(name, nationality)
            if role and votes:
                evidence.add(name, role, weights["epithet"])
            for cue in self._context_roles(span, nouns, reading):
                evidence.add(name, cue, weights["context"])
        # 'X et Y': people named together share a role
        partners = self._partners(doc, mentions)
        shared = {name: evidence.best(name) for name in evidence.votes}
        for name, other in partners:
            if shared.get(other):
                evidence.add(name, shared[other], weights["partner"])
        doc._.people_roles = {name: evidence.best(name) or lex.default_role for name in evidence.votes}
        doc.spans["people"] = sorted(mentions, key=lambda s: s.start)
        clubs = [e for e in ents if e.label_ == "CLUB"]
        doc.spans["clubs"] = sorted(clubs + self.club_epithets(doc, clubs), key=lambda s: s.start)
        doc.spans["media"] = [e for e in ents if e.label_ == "MEDIA"]
        return doc

    def _known_person(self, name: str):
        """The knowledge base's entry for a person the article names in full (or by his surname alone)."""
        entry = self.lexicon.kb.person(name)
        if entry is None or (" " in name and fold(name) not in {fold(n) for n in entry.names}):
            return None  # 'Lucas Hernandez' is not the Hernandez the KB would find by surname
        return entry

    @staticmethod
    def _partners(doc: Doc, mentions: list[Span]) -> Iterator[tuple[str, str]]:
        by_start = {m.start: m for m in mentions}
        for mention in mentions:
            k = mention.end
            if k + 1 < len(doc) and fold(doc[k].text) in ("et", "ou"):
                k += 2 if k + 2 < len(doc) and fold(doc[k + 1].text) in ("de", "d'", "a") else 1
                other = by_start.get(k)
                if other is None:
                    continue
                if other.id_ != mention.id_:
                    yield mention.id_, other.id_
                    yield other.id_, mention.id_


@Language.factory("mercato_people")
def make_people(nlp: Language, name: str) -> PeopleLinker:
    return PeopleLinker(nlp, name)
