"""Event assembly: from claims to the article's transfer events.

For each claim and each of its types: the subject (a person named in the
clause, else in the sentence, else the person the article is about), the clubs
(which one is bought from, which one buys, which one competes), the fee, the
deal, the contract's end and the date. Events are merged per (type, subject,
key club) with the status precedence of the schema, keeping every evidence
sentence. The result is plain data in ``doc._.event_records`` (the record's
event dicts); ``doc._.events`` builds the attrs objects from it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from typing import NamedTuple

from spacy.language import Language
from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Doc, Span

from ..extensions import span_values
from ..dates import DateResolver, article_year
from ..knowledge import load_resource
from ..money import parse_amount
from ..schema import STATUS_RANK, SUBJECT_ROLES
from ..tokens import Parse, Sentences, doc_text
from .claims import cue_matcher
from .entities import CLUB, MONEY, PER  # entity types by hash, as the parse reads them

_SUBJECT_ROLES = {r.value for r in SUBJECT_ROLES}
#: Who moves unless the text says otherwise (an executive moves only where his clause says so).
_MOVER_ROLES = _SUBJECT_ROLES - {"executive"}
#: The stages of one move that carry its fee and deal (interest or a medical do not).
DEAL_STAGES = {"offer", "refusal", "negotiation", "agreement", "signing", "departure"}
CONTRACT_TYPES = {"signing", "agreement", "extension"}
#: The moves themselves: a plural noun of theirs ('des départs') is about several people.
_MOVES = {"signing", "departure"}
#: The stages of a move to a buyer (an extension stays, a departure is keyed on the club left).
_MOVE_STAGES = {"interest", "contact", "offer", "negotiation", "agreement", "refusal", "hesitation", "medical"}
_UNTIL = re.compile(r"jusqu['’]\s?(?:en|à|au)\s+(?:(?:l['’]été|juin|la fin de la saison)\s+)?(20\d\d)", re.I)
_LENGTH = re.compile(r"(?:contrat|bail|engagement)\s+(?:de|d['’])\s*(\w+)\s+(?:ans|années|saisons)", re.I)
_OF = {"de", "du", "des", "d'", "d’"}
_TO = {"à", "au", "aux"}
_FORMER = {"ancien", "ex", "ex-"}
_CONFIDENCE = {"confirmed": 0.9, "reported": 0.75, "denied": 0.7, "speculative": 0.5}


def _inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


def _distance(span: Span, i: int) -> int:
    """How many tokens from the span's nearest edge to token ``i``: 'X remercié, Y de retour'."""
    return max(span.start - i, i - span.end + 1, 0)


def _rubric(parse: Parse, span: Span, sent: Span) -> bool:
    """A club named in a title's rubric before a colon: 'Mercato OL : accord trouvé avec City' (``sent``: its sentence)."""
    return span.start - sent.start <= 2 and ":" in parse.lowers[span.end: min(span.end + 2, sent.end)]


def list_groups(parse: Parse, spans: list[Span], connectors: set[str], cues: set[int]) -> dict[int, int]:
    """Group spans that form a list, by span start: 'Vitinha, Hugo Ekitike et Nordi Mukiele'.

    Two spans are in one list when only connectors (commas, "et", "ou
    encore"…) stand between them, or when the parser joins them as conjuncts
    with no cue word between them ('X remercié, Y de retour' are two moves).
    """
    if len(spans) < 2:  # most sentences name one
        return {span.start: span.start for span in spans}
    ordered = sorted(spans, key=lambda s: s.start)
    groups: dict[int, int] = {}
    for previous, span in zip([None, *ordered], ordered):
        joined = previous is not None and (
            all(lower in connectors for lower in parse.lowers[previous.end: span.start])
            or (_conjunct_of(parse, span, previous) and not any(previous.end <= i < span.start for i in cues))
        )
        groups[span.start] = groups[previous.start] if joined else span.start
    return groups


def _antecedent(parse: Parse, i: int) -> int:
    """What a relative 'qui' (token ``i``) stands for: the noun its clause hangs on ('l'ancien
    entraîneur de l'OGC Nice, qui s'est engagé'), else the word before it ('Manchester City, qui
    ...'), which a club's clause also takes when the parser hangs it on the first of a list of
    clubs ('la concurrence de Liverpool et surtout du PSG, qui lui proposait …')."""
    before = next((j for j in reversed(range(i)) if not parse.puncts[j]), i)
    verb = parse.heads[i]
    noun = parse.heads[verb]
    if parse.deps[verb] != "acl:relcl" or (parse.ent_types[noun] == parse.ent_types[before] == CLUB):
        return before
    return noun


def _shared_subjects(parse: Parse, span: Span, actors: list[int]) -> tuple[list[int], bool]:
    """The subjects a clause shares with the one it hangs on, and whether they are the
    antecedent of its relative 'qui' (which acts in it, whatever governs it outside).

    A coordinated clause ('le club anglais a passé la seconde et est parvenu à un
    accord') or an infinitive one ('les Blues cherchent un défenseur pour compenser
    les départs de X') with no subject of its own shares its head's; a clause whose
    subject is 'qui' ('Manchester City, qui s'était renseigné sur lui, mais n'a jamais
    formulé d'offre') has the antecedent's. (``actors``: the doc's subjects and agents, in order.)
    """
    root, heads, deps, lowers = span.root.i, parse.heads, parse.deps, parse.lowers
    relative = [i for i in _actors_in(span, actors)
                if lowers[i] == "qui" and deps[i] == "nsubj" and root in (heads[i], heads[heads[i]])]
    if relative:  # the clause holds its antecedent: 'l'OGC Nice, qui s'était renseigné'
        return [_antecedent(parse, i) for i in relative], True
    own = [c for c in parse.children(root) if deps[c].startswith("nsubj")]
    shares = deps[root] == "conj" or (deps[root] in ("advcl", "xcomp") and "Inf" in parse.morphs.get(root, "VerbForm"))
    subjects = own if own else [c for c in parse.children(heads[root]) if deps[c].startswith("nsubj")] if shares else []
    if any(lowers[i] == "qui" for i in subjects):
        return [_antecedent(parse, i) for i in subjects if lowers[i] == "qui"], True
    return ([] if own else subjects), False


def _actors_in(span: Span, actors: list[int]) -> list[int]:
    """The subjects and agents (``actors``: the doc's, in order) inside the span."""
    return actors[bisect_left(actors, span.start): bisect_left(actors, span.end)]


def _free_clubs(clubs: list[Span], people: list[Span]) -> list[Span]:
    """The clubs not part of a person's mention ('l'entraîneur de l'OM X'). Such a club starts
    inside the mention, after its first word: the clubs that start after no mention's first word
    (most) are free without a look at each mention."""
    inner = {i for p in people for i in range(p.start + 1, p.end)}
    return [c for c in clubs if c.start not in inner or not any(_inside(c, p) and p.start < c.start for p in people)]


def _amounts(doc: Doc, parse: Parse) -> list[Span]:
    """The doc's MONEY entities: ``doc.ents`` makes a Span of every entity, so it is read only
    where a token is one (in 49 of the 78 corpus articles)."""
    return [e for e in doc.ents if e.label == MONEY] if MONEY in parse.ent_types else []


def _bracketed_clubs(parse: Parse, people: list[Span], clubs: list[Span]) -> dict[str, str]:
    """The club in brackets after each person: 'les départs d'Andreas Christensen (Barcelone)'."""
    after = {p.end: p.id_ for p in people}
    return {after[c.start - 1]: c.id_ or c.text for c in clubs
            if c.start - 1 in after and parse.lowers[c.start - 1] == "("}


def _complement_of(parse: Parse, i: int, nouns: set[int]) -> bool:
    """Whether token ``i`` is the 'de' complement of one of these nouns, directly or
    through one more noun ('la prolongation de contrat de X')."""
    for _ in range(2):
        if parse.deps[i] != "nmod":
            return False
        i = parse.heads[i]
        if i in nouns:
            return True
    return False


def _auxiliaries(parse: Parse, verb: int) -> list[int]:
    """The auxiliaries of a verb: none for a participle told in passing ('Arrivé en 2019, ...')."""
    return [c for c in parse.children(verb) if parse.deps[c].startswith("aux")]


def _possessed(parse: Parse, noun: int) -> bool:
    """Whether a possessive determiner opens the noun: 'sa venue', 'son départ'."""
    return any("Yes" in parse.morphs.get(d, "Poss") for d in parse.children(noun) if parse.deps[d] == "det")


def _plural_noun(parse: Parse, i: int) -> bool:
    return parse.pos[i] == NOUN and "Plur" in parse.morphs.get(i, "Number")


def _first_conjunct(parse: Parse, i: int, through_names: bool = False) -> int:
    """The first conjunct of the coordination token ``i`` belongs to (itself if none);
    ``through_names``: through the names the parser hangs a conjunct on too, as a span's
    root needs: 'le FC Lorient et l'OM' ('OM' → 'Lorient' → 'FC')."""
    heads, deps = parse.heads, parse.deps
    while heads[i] != i and (deps[i] == "conj" or (through_names and deps[i].startswith("flat"))):
        i = heads[i]
    return i


def _conjunct_of(parse: Parse, span: Span, other: Span) -> bool:
    return other.start <= _first_conjunct(parse, span.root.i, through_names=True) < other.end


class MentionReading(NamedTuple):
    """What the words around a person's mention say, whatever the claim: its root and
    the root's head; whether that head makes him a bystander (he is quoted, replaced,
    a complement of someone else's plans, or wants a player), whether he is a subject
    or passive agent, whether a speech verb or a source word just before cites him, and
    whether a case word names him alongside the one who moves ('outre X et Y, Z a été cité')."""

    root: int
    head: int
    governed_bystander: bool
    acting: bool
    cited: bool
    alongside: bool


class ClubReading(NamedTuple):
    """A club's name, its side read on the words that govern it, its root and the word that
    governs it, the first conjunct of its coordination, and whether it is a subject or passive agent."""

    name: str
    side: str | None
    root: int
    head: int
    conjunct_root: int
    subject: bool


def _clause_side(reading: ClubReading, club: Span, claim: Claim, shared: bool, relative: bool) -> str | None:
    """A club's side in a claim: 'actor' where it is the antecedent of the clause's relative
    'qui' (``relative``, whatever governs it outside); its reading's where words govern it;
    else 'actor' where it is the subject (or passive agent) of the claim's clause or the
    subject the clause shares (``shared``: the club acts), 'beside' where it stands outside
    the clause, else None."""
    if shared and relative:
        return "actor"
    if reading.side is not None:
        return reading.side
    if shared or (reading.subject and _inside(club, claim.span)):
        return "actor"
    return None if _inside(club, claim.span) else "beside"


#: The attributes ``mercato_claims`` sets on a claim, in ``Claim``'s order.
CLAIM_ATTRS = ("event_types", "status", "source", "cue_tokens", "type_cues")


class Claim(NamedTuple):
    """A claim span, its sentence and its attributes, read once (each ``span._`` reading is a lookup)."""

    span: Span
    sent: Span
    types: list[str]
    status: str
    source: str | None
    cues: list[int]  # the cue words' indices (the claim's root if none)
    type_cues: dict[str, list[int]]  # those of each type

    @classmethod
    def of(cls, span: Span, sent: Span) -> Claim:
        """The claim's attributes, read with ``span_values`` (cheaper than ``span._``)."""
        types, status, source, cues, type_cues = span_values(span, CLAIM_ATTRS)
        return cls(span, sent, types, status, source, cues or [span.root.i], type_cues or {})

    def cues_of(self, event_type: str) -> list[int]:
        return self.type_cues.get(event_type) or self.cues


class EventAssembler:
    def __init__(self, nlp: Language, name: str = "mercato_events"):
        self.name = name
        self.slots = load_resource("slots.json")
        self.deal_matcher = cue_matcher(nlp, self.slots["deal"])
        self.speech_verbs = set(self.slots["speech_verbs"])
        self.source_words = set(self.slots["source_words"])
        self.predecessor_heads = set(self.slots["predecessor_heads"])
        self.from_heads = set(self.slots["from_heads"])
        self.from_after = set(self.slots["from_after"])
        self.toward_nouns = set(self.slots["toward_nouns"])
        self.bought_from = set(self.slots["bought_from"])
        self.seeing_off = {key: set(words) for key, words in self.slots["seeing_off"].items()}
        # their participles' forms (all are -er verbs): 'Formé au SM Caen, ...' opening a sentence is tagged a noun
        self.career_participles = {verb[:-2] + end for verb in self.slots["career_participles"]
                                   for end in ("é", "ée", "és", "ées")}
        self.consent_nouns = set(self.slots["consent_nouns"])
        self.to_heads = set(self.slots["to_heads"])
        self.to_cases = set(self.slots["to_cases"])
        self.toward_cases = set(self.slots["toward_cases"])
        self.from_heads_with_case = {verb: set(cases) for verb, cases in self.slots["from_heads_with_case"].items()}
        self.seller_acts = set(self.slots["seller_takes_part"])
        self.buyer_nouns = set(self.slots["buyer_nouns"])
        recipient = self.slots["offer_recipient"]
        self.offer_nouns, self.offer_verbs = set(recipient["nouns"]), set(recipient["verbs"])
        self.verbs_with_offer_noun = set(recipient["with_offer_noun"])
        self.amount_words = set(recipient["amount_words"])
        self.needs_club = set(self.slots["needs_club_in_sentence"])
        self.rival_heads = set(self.slots["rival_heads"])
        # those that describe the club overtaken: 'Manchester United doublé', 'la Juve grillée'
        self.rivalry_participles = {word for word in self.rival_heads if word.endswith(("é", "ée"))}
        self.connectors = set(self.slots["list_connectors"])
        self.alongside_cases = set(self.slots["alongside_cases"])
        self.bystander_heads = set(self.slots["bystander_heads"])
        self.bystander_cases = set(self.slots["bystander_cases"])
        self.teammate_nouns = set(self.slots["teammate_nouns"])
        self.appeal_verbs = set(self.slots["appeal_verbs"])
        self.move_nouns = set(self.slots["move_nouns"])
        self.opponent_cases = set(self.slots["opponent_cases"])
        self.mover_nouns = set(self.slots["mover_nouns"])
        self.executive_moves = set(self.slots["executive_moves"])
        self.member_nouns = set(self.slots["member_nouns"])
        self.appointment_verbs = set(self.slots["appointment_verbs"])
        self.sell_verbs = set(self.slots["sell_verbs"])
        self.future_words = set(self.slots["future_words"])
        self.unnamed_club_nouns = set(self.slots["unnamed_club_nouns"])
        self.indefinite_words = set(self.slots["indefinite_words"])
        # 'un Iranien', 'un attaquant': a player noun or a nationality (its masculine and feminine forms)
        self.announcing_nouns = self.mover_nouns | {form for spec in load_resource("nationalities.json").values()
                                                    for form in spec["forms"]}
        self.not_club_destinations = set(self.slots["not_club_destinations"])
        self.refusal_verbs = {cue.split()[0] for cue in load_resource("cues/event_types.json")["refusal"]}
        self.club_actions = set(self.slots["club_action_types"])
        self.bonus = set(self.slots["bonus"])
        self.dates = DateResolver()

    # -- who ------------------------------------------------------------------------
    def _bystander(self, parse: Parse, mention: Span, reading: MentionReading, claim: Claim,
                   roles: dict[str, str]) -> bool:
        """Whether a person named in the claim is not the one who moves.

        He is quoted or cited ('a assuré X', 'selon X'), replaced ('succéder à
        X'), a complement of someone else's plans ('les plans d'Antonio Conte',
        'en présence de X'), or an executive acting for his club in a club's
        move ('John Textor a repoussé l'offre'). ``reading`` is the mention's
        (``_mention_reading``), ``roles`` the people's roles.
        """
        # named inside the claim, the word that makes him a bystander must be part of
        # it too: in 'Il remplace X, qui a quitté le Racing', X is the one who leaves
        governed = not _inside(mention, claim.span) or claim.span.start <= reading.head < claim.span.end
        if any(parse.heads[i] == reading.root and parse.deps[i] == "acl" for i in claim.cues):
            return False  # his own participle clause: 'à commencer par Enzo Fernández, arrivé de Benfica en janvier'
        if governed and reading.governed_bystander:
            return True
        if reading.acting and roles.get(mention.id_) == "executive" and set(claim.types) <= self.club_actions:
            return True
        return reading.cited

    def _mention_reading(self, mention: Span, state: dict) -> MentionReading:
        """What ``_bystander`` reads on a person's words, once per doc (claims share sentences)."""
        key = (mention.start, mention.end)
        reading = state["mention_readings"].get(key)
        if reading is not None:
            return reading
        parse = state["parse"]
        deps, lowers = parse.deps, parse.lowers
        root = own_root = mention.root.i
        if deps[root] == "appos" and parse.ent_types[parse.heads[root]] == PER:
            root = parse.heads[root]  # 'X, le nouvel entraîneur du club, réclamait sa venue': the apposition is X's
        head, dep = parse.heads[root], deps[root]
        lemma = parse.lemmas[head]
        first = _first_conjunct(parse, root)
        governed_bystander = (
            (dep.startswith("nsubj") and lemma in self.speech_verbs)
            # 'X succède à Y': Y is replaced, X (the subject) arrives
            or (lemma in self.predecessor_heads and not dep.startswith("nsubj"))
            or (dep == "nmod" and lemma in self.bystander_heads)
            or any(deps[c] == "case" and lowers[c] in self.bystander_cases for c in parse.children(root))
            # 'X souhaite conserver son attaquant', 'X tenait à ce profil': the player moves
            or (dep == "nsubj" and self._wants_a_player(parse, head))
            or (dep in ("obl:arg", "iobj") and lemma in self.appeal_verbs)  # 'le profil plairait à X': X wants him
            or self._teammate(parse, first)
            or deps[first] == "obl:agent"  # 'le projet présenté par X, le directeur': he acts
        )
        sent_start = state["sentences"].bounds(mention.start)[0]
        before = range(max(sent_start, mention.start - 4), mention.start)
        cited = (
            # an inverted speaker: '», a déclaré le directeur sportif X'
            any(i < head + 1 and parse.lemmas[i] in self.speech_verbs for i in before)
            or any(lowers[i] in self.source_words for i in before[-2:])
        )
        alongside = any(deps[c] == "case" and lowers[c] in self.alongside_cases
                        for c in parse.children(_first_conjunct(parse, own_root)))
        reading = state["mention_readings"][key] = MentionReading(
            root, head, governed_bystander, dep.startswith("nsubj") or dep == "obl:agent", cited, alongside,
        )
        return reading

    def _teammate(self, parse: Parse, first: int) -> bool:
        """Whether the person (``first``: the first conjunct of his mention's root) is named as a
        teammate: 'il retrouvera ses compatriotes X et Y', 'des partenaires tels que X'."""
        head = parse.heads[first]
        if parse.lemmas[head] == "tel":  # 'tels que X'
            head = parse.heads[head]
        return head != first and parse.lemmas[head] in self.teammate_nouns

    def _may_move(self, parse: Parse, mention: Span, claim: Claim, role: str | None) -> bool:
        """Players and coaches move; an executive only where the clause names him joining or leaving.

        Otherwise an executive named beside a move is the one making it
        ('le coup de Monchi', 'Aulas se sait en position de force').
        """
        if role != "executive":
            return role in _MOVER_ROLES
        if not _inside(mention, claim.span):
            return False
        # the one a club approaches or wants: 'le Portugais avait été approché par le Real Madrid'
        root = mention.root.i
        wanted = parse.deps[root] in ("nsubj:pass", "obj") and parse.heads[root] in claim.cues
        return wanted or bool(set(claim.types) & self.executive_moves)

    def _wants_a_player(self, parse: Parse, verb: int) -> bool:
        """Whether the verb (or the verb it governs) has a player noun as its object,
        or someone else's move ('réclamait sa venue')."""
        for child in parse.children(verb):
            dep, lemma = parse.deps[child], parse.lemmas[child]
            if dep in ("obj", "obl:arg", "iobj") and lemma in self.mover_nouns:
                return True
            if dep == "obj" and lemma in self.move_nouns and _possessed(parse, child):
                return True
            if dep == "xcomp" and parse.pos[child] == VERB and self._wants_a_player(parse, child):
                return True
        return False

    def _named_subjects(self, claim: Claim, state: dict, cues: list[int]) -> list[str]:
        """The people who move named in the clause, else in the sentence.

        Among the movers named there, the one closest to the cue (``cues``: those
        of one event type, 'X limogé, Y nommé' is X's departure and Y's signing), with those
        coordinated with him ("Vitinha, Hugo Ekitike et Nordi Mukiele ont été
        officialisés"); players and coaches before the executives who move them.
        (With none named, ``_subjects`` falls back on the person the text was
        just speaking of.)
        """
        named = state["sentence_movers"].get(claim.sent.start)
        if not named:  # many sentences name no one who moves
            return []
        roles, parse = state["roles"], state["parse"]
        # 'le transfert … après la prolongation de contrat de X': X is another type's noun's
        # ('l'arrivée de X, sans club depuis son départ': 'son' is X's, he keeps both)
        others = set(claim.cues) - set(cues)
        if others and any(_possessed(parse, i) for i in cues):
            others = set()
        for region in (claim.span, claim.sent):
            movers = [p for p in named
                      if _inside(p, region) and self._may_move(parse, p, claim, roles.get(p.id_))
                      and not self._bystander(parse, p, self._mention_reading(p, state), claim, roles)
                      and not (others and _complement_of(parse, p.root.i, others))]
            if movers:
                best = min(movers, key=lambda p: (roles.get(p.id_) == "executive", min(_distance(p, c) for c in cues)))
                groups = list_groups(parse, movers, self.connectors, state["cue_tokens"])
                names = [best.id_] + [p.id_ for p in movers if groups[p.start] == groups[best.start]]
                # 'outre X et Y, Z a été cité': X and Y are named alongside Z
                names += [p.id_ for p in movers if self._mention_reading(p, state).alongside]
                return list(dict.fromkeys(names))
        return []

    def _announced(self, claim: Claim, state: dict) -> list[str] | None:
        """The person a clause announces before naming him in the next sentence: 'un
        Iranien serait sur les tablettes de l'OL. Le talentueux attaquant du Zenit
        Serdar Azmoun.' (its subject a player noun or a nationality after 'un')."""
        movers = state["sentence_movers"].get(claim.sent.end, ())  # the next sentence's (none after the last)
        if not movers:  # looked at first: the next sentence names no mover, as a rule
            return None
        parse = state["parse"]
        teaser = any(parse.lemmas[i] in self.announcing_nouns
                     and any(parse.deps[c] == "det" and parse.lowers[c] in ("un", "une") for c in parse.children(i))
                     for i in _actors_in(claim.span, state["actors"]))
        return [movers[0].id_] if teaser else None

    @staticmethod
    def _subjects(named: list[str], state: dict) -> tuple[list[str], bool]:
        """The people who move (those ``named`` by the claim, else the person the text
        was just speaking of), and whether the clause or sentence names them."""
        if named:
            return named, True
        last, salient, counts = state["last_subject"], state["salient"], state["mention_counts"]
        # a person named once in passing does not take 'il' from the one the article is about
        fallback = salient if last is None or (counts[last] == 1 and counts[salient] >= 2) else last
        return ([fallback] if fallback else []), False

    # -- which clubs ------------------------------------------------------------------
    def _club_side(self, parse: Parse, club: Span, root: int, sent: Span) -> str | None:
        """How a club takes part, from the words that govern it.

        'from' (the club left: 'quitte l'OM', 'arrivé du FC Séville'), 'former'
        (a club of his past, not the one he is at: 'l'ancien Lyonnais', 'passé par
        Liverpool'; an earlier arrival's from_club, never a move's key), 'to'
        (the club joined: 'rejoindre Lyon', 'vers le PSG'), 'rival' (the club
        overtaken: 'a devancé le RC Lens'), 'rubric' (the club of a title's
        rubric, 'Mercato OL : ...'), 'opponent' (a match's: 'face au Stade
        Rennais'; no event keys on it), or None (``_clubs`` then makes a subject
        of the clause its 'actor'). ``root`` is the club's root, ``sent`` its sentence.
        """
        lowers, lemmas, deps = parse.lowers, parse.lemmas, parse.deps
        head = parse.heads[root]
        if _rubric(parse, club, sent):
            return "rubric"
        first_lemma = lemmas[club.start]
        if {first_lemma, lowers[club.start]} & self.buyer_nouns:  # 'l'offre phocéenne'
            return "to"
        children = parse.children(root)
        cases = {lowers[c] for c in children if deps[c] in ("case", "det")}
        if club.start > sent.start:
            cases.add(lowers[club.start - 1])
        head_lemma = lemmas[head]
        head_words = {head_lemma, lowers[head]}
        if head != root and any(lowers[c] in _FORMER for c in parse.children(head)):
            return "former"  # 'l'ancien entraîneur de l'EA Guingamp': a former club
        if club.start > 0 and lowers[club.start - 1] in _FORMER:
            return "former"  # 'l'ancien Sévillan'
        if len(club) == 1 and club.end < len(lowers) and parse.ent_types[club.end] == PER:
            return "from"  # 'le Rennais Eduardo Camavinga': his club
        if self._career(parse, root):
            return "former"  # 'passé comme joueur par Liverpool, l'Espanyol et Galatasaray', 'formé au SM Caen'
        if first_lemma in self.member_nouns:  # 'l'attaquant lyonnais', 'le nouveau coach munichois'
            return "to" if any(lowers[c] in self.future_words for c in children) else "from"
        if cases & _OF and head_lemma in self.member_nouns:
            # 'l'ailier de la Roma' is his club now; 'le futur entraîneur de l'OM', 'nommé entraîneur de Dijon' the next one
            future = any(lowers[c] in self.future_words for c in parse.children(head))
            return "to" if future or lemmas[parse.heads[head]] in self.appointment_verbs else "from"
        if club.start > 1 and lowers[club.start - 1] == "(" and parse.ent_types[club.start - 2] == PER:
            return "bracketed"  # 'les départs d'Andreas Christensen (Barcelone)': where he went
        if cases & self.opponent_cases:
            return "opponent"  # 'la défaite concédée face au Stade Rennais': a match, not a move
        if cases & _TO and self._receives_offer(parse, head):
            return "from"  # 'une offre à Norwich': the club that sells
        if cases & _TO and head_lemma in self.seeing_off["verbs"] and any(
                lemmas[c] in self.seeing_off["leaving"] for c in parse.children(head)):
            return "to"  # 'la Juve a vu partir Rodrigo Bentancur à Tottenham' (the parser hangs 'à' on 'voir')
        if cases & _TO and head_words & self.bought_from:
            # 'a recruté X au Stade Rennais': the club that sells him; told in passing or in the
            # pluperfect ('Recruté en janvier au Royal Antwerp, ...', 'qui l'avait recruté à Bordeaux')
            # the club an earlier move was from
            earlier = lowers[head].endswith(("é", "ée", "és", "ées")) and all(
                "Imp" in parse.morphs.get(c, "Tense") for c in _auxiliaries(parse, head))
            return "former" if earlier else "from"
        if deps[root].startswith("nsubj") and self._sells_him(parse, head):
            return "from"  # 'Lorient a accepté de vendre son attaquant
        if head_words & self.rival_heads and (deps[root] in ("obj", "nsubj:pass") or cases & {"à", "de", "du"}):
            return "rival"
        if self._overtaken(parse, root):
            return "rival"
        needs = self.from_heads_with_case.get(head_lemma)
        if head_words & self.from_heads and (needs is None or cases & needs or cases & self.toward_cases):
            # 'passé par l'OM' is a club left ('Marseille passe à l'offensive' is not), but
            # 'quitte Bâle pour la Fiorentina', 'prêté à Lyon' name the club joined
            toward = cases & self.toward_cases or (
                cases & _TO and (parse.pos[head] == VERB or head_words & self.toward_nouns))
            return "to" if toward else "from"
        if cases & _OF and head_words & (self.from_after | self.consent_nouns):
            return "from"
        if head_lemma == "contrat" and lemmas[parse.heads[head]] in self.from_heads:
            return "from"
        if cases & self.to_cases and (head_words & self.to_heads or cases & {"vers", "chez"}):
            return "to"
        if cases & _OF and head_words & self.buyer_nouns:  # 'l'offre de Chelsea', 'la piste de l'OM'
            return "to"
        if deps[root] == "obj" and head_words & self.to_heads:
            return "to"
        return None

    def _career(self, parse: Parse, root: int) -> bool:
        """Whether the first verb above the club is a career participle told in passing ('passé par')."""
        for i in parse.ancestors(root):
            if parse.lowers[i] in self.career_participles:
                return not _auxiliaries(parse, i)
            if parse.pos[i] in (VERB, AUX):
                return False
        return False

    def _sells_him(self, parse: Parse, verb: int) -> bool:
        """Whether the verb (or the one it governs) is a sale: 'vend', 'accepte de céder'."""
        return parse.lemmas[verb] in self.sell_verbs or any(
            parse.deps[c] == "xcomp" and parse.lemmas[c] in self.sell_verbs for c in parse.children(verb))

    def _receives_offer(self, parse: Parse, head: int) -> bool:
        """Whether a club complement 'à X' of this word is the one an offer is made to."""
        words = {parse.lemmas[head], parse.lowers[head]}  # the word too: the model reads 'offre' as 'offrir'
        if words & self.amount_words and parse.heads[head] != head:  # 'une offre de 35 millions d'euros à l'OL'
            return self._receives_offer(parse, parse.heads[head])
        if words & self.offer_nouns or words & self.offer_verbs:
            return True
        return bool(words & self.verbs_with_offer_noun) and any(
            parse.deps[c] in ("obj", "nsubj:pass") and parse.lowers[c] in self.offer_nouns for c in parse.children(head)
        )

    def _overtaken(self, parse: Parse, root: int) -> bool:
        """A club a rivalry participle describes, with no auxiliary: 'Manchester United doublé', 'le Barça grillé'
        (``root``: the club's). The participle is looked for before the auxiliaries."""
        lowers, deps = parse.lowers, parse.deps
        if any(lowers[c] in self.rivalry_participles and deps[c] in ("amod", "acl") for c in parse.children(root)):
            return True
        head = parse.heads[root]
        return deps[root] == "nsubj" and lowers[head] in self.rivalry_participles and not _auxiliaries(parse, head)

    def _club_reading(self, club: Span, state: dict) -> ClubReading:
        """What the clause-independent rules read on a club, once per doc (claims share sentences)."""
        reading = state["club_readings"].get(club.start)
        if reading is None:
            parse, root = state["parse"], club.root.i
            first = _first_conjunct(parse, root, through_names=True)
            side = self._club_side(parse, club, root, state["sentences"].of(club.start))
            if side is None and not club.start <= first < club.end:
                # 'passé par Liverpool, l'Espanyol et Galatasaray': a conjunct takes the first one's side
                leader = next((c for c in state["free_clubs"] if c.start <= first < c.end), None)
                side = self._club_reading(leader, state).side if leader is not None else None
            reading = state["club_readings"][club.start] = ClubReading(
                club.id_ or club.text, side, root, parse.heads[root], first,
                parse.deps[root].startswith("nsubj") or parse.deps[root] == "obl:agent",
            )
        return reading

    def _governed_by(self, club: Span, cues: frozenset[int], state: dict) -> bool:
        """Whether one of these cues governs the club (a title's rubric is the whole title's)."""
        reading = self._club_reading(club, state)
        return reading.head in cues and reading.side != "rubric"

    def _clubs(self, claim: Claim, state: dict, others: frozenset[int] = frozenset()) -> list[tuple[str, str | None, int]]:
        """(name, side, coordination group) of the clubs of the clause, else of the sentence,
        but those a cue of ``others`` governs (another type's, about another mover).

        Clubs the parser makes conjuncts share a group: "convoité par Montpellier
        et Strasbourg" is one claim about two clubs. Nearest to a cue first.
        """
        named = state["sentence_clubs"].get(claim.sent.start)
        if not named:  # many sentences name no club
            return []
        key = (claim.span.start, claim.span.end)  # read once per claim: its types ask again
        if key not in state["shared_subjects"]:
            state["shared_subjects"][key] = _shared_subjects(state["parse"], claim.span, state["actors"])
        shared, relative = state["shared_subjects"][key]

        def holds_shared(club: Span) -> bool:
            return any(club.start <= i < club.end for i in shared)

        for region in (claim.span, claim.sent):
            clubs = [(c, self._club_reading(c, state)) for c in named
                     if (_inside(c, region) or holds_shared(c)) and not (others and self._governed_by(c, others, state))]
            if clubs:
                clubs.sort(key=lambda club: min(abs(club[1].root - i) for i in claim.cues))
                group = self._club_groups(state["parse"], clubs, state["cue_tokens"])
                return [(reading.name, _clause_side(reading, c, claim, holds_shared(c), relative), group[c.start])
                        for c, reading in clubs]
        return []

    def _club_groups(self, parse: Parse, clubs: list[tuple[Span, ClubReading]], cues: set[int]) -> dict[int, int]:
        """The coordination group of each club, by its start: clubs are listed as the parser's conjuncts,
        or as three or more in a row ('convoité par Montpellier, Strasbourg et Guingamp'): "entre le
        PSG et le LOSC" pairs a buyer and a seller (``cues``: the doc's cue words)."""
        groups = {c.start: reading.conjunct_root for c, reading in clubs}
        if len(clubs) >= 3:  # fewer make no list: most claims skip the list reading
            chains = list_groups(parse, [c for c, _ in clubs], self.connectors, cues)
            lists = {k for k, n in Counter(chains.values()).items() if n >= 3}
            groups.update((start, chain) for start, chain in chains.items() if chain in lists)
        return groups

    def _slot_sets(self, event_type: str, clubs: list, state: dict, subject: str, refuser: str | None,
                   earlier: bool = False, keeping: bool = False) -> list[dict]:
        """The club slots of each event the claim makes (one per coordinated key club).

        In a claim of refusal, ``refuser`` names who says no (the refusal's
        agent): the bidder is another club that acts ('l'OM avait soumis une
        offre, repoussée par Loïc Féry'), else the club the subject was last
        linked to.
        """
        refusing = refuser is not None
        refusing_club = None
        if refusing and any(name == refuser for name, _, _ in clubs):
            # a club that says no is the seller: 'Feyenoord a repoussé une offre' is another club's bid
            refusing_club, clubs = refuser, [club for club in clubs if club[0] != refuser]

        def pick(*sides):
            """The first club on the first of these sides (or tuples of sides) that has one."""
            for wanted in sides:
                for name, side, group in clubs:
                    if side in (wanted if isinstance(wanted, tuple) else (wanted,)):
                        return name, group
            return None, None

        if event_type == "departure":
            (key, group), other = pick("from", "actor"), pick("to")[0] or state["bracketed"].get(subject)
            if key is None:
                key, group = pick(None, "rubric")
            key = key or state["club_of"].get(subject)
        else:
            if event_type == "competing_bid":
                # the competitor is the club the rivalry cue is about, the nearest one that does not sell
                (key, group), other = pick(("to", "actor", None, "beside")), pick("from")[0]
            else:
                # 'X (Naples) est ciblé par la Juve': the club in brackets after him is his
                # a former club ('l'ancien Lyonnais') is the one an earlier arrival came from, not the one he leaves now
                other = pick(("from", "former") if earlier else "from")[0] or refusing_club or state["bracketed"].get(subject)
                key, group = pick("to") if refusing else pick("to", "actor")
                if key is None and refusing and refuser != subject:  # someone named says no: the other actor bid
                    key, group = next(((n, g) for n, side, g in clubs if side == "actor" and n != refuser), (None, None))
            if key is None:
                key, group = pick((None, "beside"), "rubric")
            if key is None and event_type == "competing_bid" and pick("rival")[0]:
                key = state["focus"].get(subject) or state["main_club"]
            if key is None and earlier:
                # 'Arrivé du RSC Anderlecht en 2020, il quitte Rennes': he arrived at the club he is at now
                key = next((c for c in (state["club_of"].get(subject), state["main_club"]) if c and c != other), None)
            if key is None and (refusing or not clubs) and event_type not in self.needs_club:
                key = state["focus"].get(subject) if refusing else state["main_club"]
            if key is not None and key == state["club_of"].get(subject) and not (keeping or earlier) \
                    and self._sells(event_type, key, clubs):
                # the club he leaves is not the one he joins: 'Tottenham a donné son feu vert'
                buyer = next((n for n, side, _ in clubs if n != key and side not in ("from", "former", "rival")), None)
                buyer = buyer or state["focus"].get(subject)
                if buyer not in (None, key):
                    key, group, other = buyer, None, key
            if key is None and keeping and event_type == "extension":
                key, other = other, None  # 'contrats non prolongés, X et Y quittent Reims': extended (or not) where he is
            if key is None and not refusing and event_type not in self.needs_club:
                key = state["focus"].get(subject)
        keys = [key] + [n for n, _, g in clubs if group is not None and g == group and n != key]
        if len(keys) > 1 and event_type != "departure":
            # 'le Real Madrid et l'AS Monaco ont trouvé un accord': the subject's own club sells
            keys = [k for k in keys if k != state["club_of"].get(subject)] or keys
        out = []
        for key in dict.fromkeys(keys):
            rival = None
            if event_type == "competing_bid":
                rival = pick("rival")[0] or next((n for n, _, _ in clubs if n not in (key, other)), None)
            to_club, from_club = (other, key) if event_type == "departure" else (key, other)
            out.append({
                "to_club": to_club,
                "from_club": from_club if from_club != to_club else None,
                "rival_club": rival,
            })
        return out

    def _sells(self, event_type: str, club: str, clubs: list) -> bool:
        """Whether the club the subject leaves takes part here as the seller, not as the key club.

        A seller agrees, negotiates, refuses or announces the sale; an
        interest, contact or offer it makes itself is about keeping him
        ('le Milan a proposé à Giroud de prolonger').
        """
        sides = {side for name, side, _ in clubs if name == club}
        return "to" not in sides and (event_type in self.seller_acts or "actor" not in sides)

    # -- how much, how, until when ------------------------------------------------------
    def _fee(self, parse: Parse, sent: Span, money: list[Span]) -> float | None:
        for ent in money:
            if not _inside(ent, sent):
                continue
            before = set(parse.lowers[max(sent.start, ent.start - 3): ent.start])
            if not before & self.bonus:
                return parse_amount(ent.text)
        return None

    def _deal(self, sent: Span, deals: list[tuple[int, int, int]]) -> str | None:
        order = list(self.slots["deal"])
        found = {sent.doc.vocab.strings[m] for m, s, e in deals if sent.start <= s and e <= sent.end}
        return next((d for d in order if d in found), None)

    def _contract_until(self, text: str, year: int | None) -> int | None:
        match = _UNTIL.search(text)
        if match:
            return int(match.group(1))
        match = _LENGTH.search(text)
        if match and year:
            years = self.slots["contract_years"].get(match.group(1).lower())
            return year + years if years else None
        return None

    # -- the document ---------------------------------------------------------------------
    @staticmethod
    def _salient(people: list[Span], roles: dict[str, str]) -> str | None:
        """The person the article is about: the most mentioned player or coach."""
        counts = Counter(p.id_ for p in people if roles.get(p.id_) in _MOVER_ROLES)
        return counts.most_common(1)[0][0] if counts else None

    @staticmethod
    def _main_club(clubs: list[Span], sentences: Sentences) -> str | None:
        """The club the article is about: the title's, else the most mentioned."""
        if not clubs:
            return None
        title = sentences.of(0)
        in_title = [c for c in clubs if _inside(c, title)]
        if in_title:
            return in_title[0].id_ or in_title[0].text
        return Counter(c.id_ or c.text for c in clubs).most_common(1)[0][0]

    def _sentence_slots(self, claim: Claim, state: dict) -> dict:
        """The slots the claim's sentence gives every event it states, read once per sentence (claims
        often share one): its text, evidence and date, and those some types carry where one of the
        claim's types does: the fee and deal a deal stage's, the contract's end a contract's (most
        sentences state no contract, many no deal stage)."""
        sent = claim.sent
        slots = state["sentence_slots"].get(sent.start)
        if slots is None:
            text = state["text"][sent.start_char: sent.end_char]  # what sent.text gives, without joining its tokens
            sentence = text.strip()  # without the line breaks that end a paragraph
            start = sent.start_char + len(text) - len(text.lstrip())
            slots = state["sentence_slots"][sent.start] = {
                "text": text,
                "evidence": {"start": start, "end": start + len(sentence), "text": sentence},
                "date": self.dates.resolve(text, state["article_date"]),
            }
        if "deal" not in slots and not DEAL_STAGES.isdisjoint(claim.types):
            slots["fee_eur"] = self._fee(state["parse"], sent, state["money"])
            slots["deal"] = self._deal(sent, state["deals"])
        if "contract_until" not in slots and not CONTRACT_TYPES.isdisjoint(claim.types):
            slots["contract_until"] = self._contract_until(slots["text"], article_year(state["article_date"]))
        return slots

    def _sellers(self, claims: list[tuple[Claim, list, list[str]]], state: dict) -> dict[str, str]:
        """The club each named mover leaves, as the first clause that names it says: a club
        he leaves ('quitte l'OM'), the club a departure is from ('le PSG le pousse vers la
        sortie'), or a club that turns down an offer for him."""
        sellers: dict[str, str] = {}
        for claim, clubs, subjects in claims:
            seller = next((name for name, side, _ in clubs if side == "from"), None)
            if seller is None and "departure" in claim.types:
                seller = next((name for name, side, _ in clubs if side == "actor"), None)
            if seller is None and "refusal" in claim.types and subjects:
                refuser = self._refuser(claim, subjects[0], state)
                seller = refuser if any(name == refuser for name, _, _ in clubs) else None
            # named in the clause (looked for last: most clauses name no seller)
            if seller and subjects and any(_inside(p, claim.span) for p in state["movers"] if p.id_ in subjects):
                for subject in subjects:
                    sellers.setdefault(subject, seller)
        return sellers

    def _told_in_passing(self, parse: Parse, claim: Claim) -> bool:
        """Whether a signing is a participle opening its sentence or a comma clause ('Arrivé du FC Séville
        à l'été 2019, ...', 'le vétéran X, arrivé libre de Rennes, ...') or a relative clause of a club noun
        ('quitter le club qu'il a rejoint en 2020'): an earlier move, told in passing."""
        deps = parse.deps
        return any(
            ((i - claim.sent.start <= 1 or parse.lowers[i - 1] == ",") and deps[i] in ("advcl", "acl", "ROOT")
             and parse.lowers[i].endswith(("é", "ée")) and not _auxiliaries(parse, i))
            or (deps[i] == "acl:relcl" and parse.lemmas[parse.heads[i]] in self.unnamed_club_nouns)
            for i in claim.cues_of("signing"))

    def _joins_no_club(self, parse: Parse, claim: Claim) -> bool:
        """Whether the verb of joining names a place that is no club ('rejoindre la sélection', 'rejoindre le groupe')."""
        for verb in claim.cues_of("signing"):
            if parse.lemmas[verb] not in self.to_heads:
                continue
            if any(parse.deps[c] == "obj" and parse.lemmas[c] in self.not_club_destinations
                   for c in parse.children(verb)):
                return True
        return False

    def _unnamed_actor(self, parse: Parse, claim: Claim, actors: list[int]) -> bool:
        """Whether the clause's subject or agent is a club it does not name ('un club de Premier League',
        'plusieurs cadors européens'); ``actors``: the doc's subjects and agents, in order."""
        return any(
            parse.lemmas[i] in self.unnamed_club_nouns
            and any(parse.lowers[c] in self.indefinite_words
                    for c in parse.children(i) if parse.deps[c] in ("det", "amod"))
            for i in _actors_in(claim.span, actors)
        )

    def _clubs_by_type(self, claim: Claim, clubs: list, movers: dict[str, tuple[list[str], bool]],
                       state: dict) -> dict[str, list]:
        """Each type's clubs: a club another type's cue governs is that type's where the two
        are about different movers ('avec le départ de X, l'OL a fait une offre à Liverpool pour Y')."""
        if len(claim.types) == 1:  # most claims: no other type
            return {claim.types[0]: clubs}
        by_type = {}
        for event_type in claim.types:
            others = frozenset(i for t in claim.types if movers.get(t, ([], False))[0] != movers.get(event_type, ([], False))[0]
                               for i in claim.cues_of(t))
            by_type[event_type] = self._clubs(claim, state, others) if others else clubs
        return by_type

    def _claim_records(self, claim: Claim, clubs_by_type: dict[str, list], movers: dict[str, tuple[list[str], bool]],
                       state: dict):
        """The event dicts one claim states, for each type, subject and key club (``clubs_by_type``:
        each type's clubs, ``movers``: each type's subjects and whether the text names them)."""
        clubs = [club for clubs in clubs_by_type.values() for club in clubs]
        roles, parse = state["roles"], state["parse"]
        shared = self._sentence_slots(claim, state)
        # 'un club turc se serait renseigné': a club the text does not name makes no event of its own
        anonymous = not any(side in ("to", "actor") for _, side, _ in clubs) and self._unnamed_actor(
            parse, claim, state["actors"])
        signing = "signing" in claim.types
        joins_no_club = signing and self._joins_no_club(parse, claim)  # "il rejoindra la sélection canadienne"
        earlier = signing and self._told_in_passing(parse, claim)
        # a claim of extension is about the club he is at: 'une nouvelle offre de prolongation'
        keeping = "extension" in claim.types
        stated = [(event_type, subject, named) for event_type, (subjects, named) in movers.items() for subject in subjects]
        for event_type, subject, named in stated:
            if (anonymous and event_type in self.club_actions) or (event_type == "signing" and joins_no_club):
                continue
            refuser = None
            if "refusal" in claim.types:
                refuser = self._refuser(claim, subject, state)
            for slots in self._slot_sets(event_type, clubs_by_type[event_type], state, subject, refuser,
                                         earlier and event_type in ("signing", "extension"), keeping):
                if (slots["from_club"] if event_type == "departure" else slots["to_club"]) is None:
                    continue
                state["focus"][subject] = slots["to_club"] or state["focus"].get(subject)
                if slots["from_club"] and not earlier:  # the club he is at, not the one an earlier move was from
                    state["club_of"][subject] = slots["from_club"]
                yield {
                    "type": event_type,
                    "subject": subject,
                    "subject_role": roles.get(subject),
                    **slots,
                    "agent": refuser if event_type == "refusal" else None,
                    # an earlier arrival told in passing is a fact, whatever the hedge on the sentence around it
                    "status": "confirmed" if earlier and event_type == "signing" and claim.status != "denied" else claim.status,
                    "source": claim.source,
                    "fee_eur": shared["fee_eur"] if event_type in DEAL_STAGES else None,
                    "deal": shared["deal"] if event_type in DEAL_STAGES else None,
                    "contract_until": shared["contract_until"] if event_type in CONTRACT_TYPES else None,
                    "evidence": [shared["evidence"]],
                    "confidence": _CONFIDENCE[claim.status] - (0 if named else 0.15),
                    "date": shared["date"],
                }

    def __call__(self, doc: Doc) -> Doc:
        roles = doc._.people_roles or {}
        # span groups read once: a span group makes new Span objects at each reading
        people, clubs = list(doc.spans["people"]), list(doc.spans["clubs"])
        sentences, parse = Sentences(doc), Parse.of(doc)
        state = {
            "salient": self._salient(people, roles), "main_club": self._main_club(clubs, sentences),
            "mention_counts": Counter(p.id_ for p in people),
            "last_subject": None, "club_of": {}, "focus": {}, "sentence_slots": {}, "sentences": sentences,
            "club_readings": {}, "mention_readings": {}, "refusers": {}, "shared_subjects": {},
            "roles": roles, "people": people, "clubs": clubs, "parse": parse,
            # the people who may move, the clubs not part of a person's mention ('l'entraîneur de l'OM X')
            "movers": [p for p in people if roles.get(p.id_) in _SUBJECT_ROLES],
            "free_clubs": _free_clubs(clubs, people),
            "text": doc_text(doc), "money": _amounts(doc, parse), "article_date": doc._.article_date,
            # the doc's, each sentence keeps those inside it
            "deals": self.deal_matcher.match(parse.lower_keys, parse.lemma_keys),
            "bracketed": _bracketed_clubs(parse, people, clubs),
            "actors": [i for i, dep in enumerate(parse.deps) if dep in ("nsubj", "obl:agent")],
        }
        # each sentence's movers and free clubs, in order: a claim looks no further than its sentence
        for key, spans in (("sentence_movers", state["movers"]), ("sentence_clubs", state["free_clubs"])):
            state[key] = {}
            for span in spans:
                state[key].setdefault(sentences.of(span.start).start, []).append(span)
        claims = [Claim.of(span, state["sentences"].of(span.start)) for span in doc.spans["claims"]]
        state["cue_tokens"] = {i for claim in claims for i in claim.cues}
        # the movers each claim names, read once: the sellers and the events both need them
        claims = [(claim, self._clubs(claim, state), self._named_subjects(claim, state, claim.cues)) for claim in claims]
        state["club_of"] = self._sellers(claims, state)
        merged: dict[tuple, dict] = {}
        for claim, clubs, named_subjects in claims:
            # 'en plus du Suisse, un Iranien serait visé': the subject announced comes first
            subjects, named = self._subjects(self._announced(claim, state) or named_subjects, state)
            movers = {  # each type's own movers: 'X limogé, Y nommé'
                event_type: self._subjects(self._named_subjects(claim, state, claim.cues_of(event_type)), state)
                if len(claim.types) > 1 else (subjects, named)
                for event_type in claim.types
            }
            if subjects and named and roles.get(subjects[0]) != "executive":
                # an unnamed mover ('il', 'le joueur') is the player or coach last named
                state["last_subject"] = subjects[0]
            # 'les récents transferts du Barça', 'quatre recrues': moves of others, not of the one last named
            movers = {t: (subjects, named) for t, (subjects, named) in movers.items()
                      if named or t not in _MOVES or not all(_plural_noun(parse, i) for i in claim.cues_of(t))}
            for record in self._claim_records(claim, self._clubs_by_type(claim, clubs, movers, state), movers, state):
                self._merge(merged, record)
        self._completed_sales(merged)
        records = self._sold_at_the_buyer(list(merged.values()))
        self._fill_rivals(records)
        self._share_sellers(records)
        self._share_move_slots(records)
        doc._.event_records = [r for r in records if r["type"] != "competing_bid" or r["rival_club"]]
        return doc

    def _refuser(self, claim: Claim, subject: str, state: dict) -> str:
        """Who says no: the club or person (named or an epithet, 'le club belge') that is the
        subject or passive agent of a refusal verb ('refusée par Arsenal', 'la direction l'a
        rejetée'), else of a cue, the last one first (a refusal follows the offer), else the mover.
        Read once per claim: the sellers' first pass and the events both ask."""
        key = (claim.span.start, claim.span.end)
        if key not in state["refusers"]:
            state["refusers"][key] = self._refusing_party(claim, state)
        return state["refusers"][key] or subject

    def _refusing_party(self, claim: Claim, state: dict) -> str | None:
        cues, parse = set(claim.cues), state["parse"]
        heads = parse.heads
        ranked = sorted(_actors_in(claim.span, state["actors"]),
                        key=lambda i: (parse.lemmas[heads[i]] not in self.refusal_verbs, heads[i] not in cues, -i))
        for i in ranked:
            if parse.lowers[i] == "qui":  # 'Feyenoord, qui a repoussé une offre': the antecedent says no
                i = _antecedent(parse, i)
            for span in (*state["clubs"], *state["people"]):
                if span.start <= i < span.end:
                    return span.id_ or span.text
        return None

    @staticmethod
    def _merge(merged: dict, record: dict) -> None:
        key_club = record["from_club"] if record["type"] == "departure" else record["to_club"]
        key = (record["type"], record["subject"], key_club)
        if key not in merged:
            merged[key] = record
            return
        kept = merged[key]
        if STATUS_RANK[record["status"]] < STATUS_RANK[kept["status"]]:
            kept["status"] = record["status"]
        for slot, value in record.items():
            if kept.get(slot) is None and value is not None:
                kept[slot] = value
        if record["evidence"][0] not in kept["evidence"]:
            kept["evidence"].append(record["evidence"][0])
            kept["confidence"] = min(0.99, max(kept["confidence"], record["confidence"]) + 0.05)

    @classmethod
    def _completed_sales(cls, merged: dict) -> None:
        """A departure done, to a club named, is a signing there (ANNOTATION.md §6, sales):
        'le FC Bâle a officialisé le départ de X à la Fiorentina'."""
        for record in list(merged.values()):
            if record["type"] == "departure" and record["status"] == "confirmed" and record["to_club"]:
                cls._merge(merged, {**record, "type": "signing", "evidence": list(record["evidence"])})

    @staticmethod
    def _dealing_sellers(records: list[dict]) -> list[tuple[str, str]]:
        """(subject, club) of the seller in 'Monaco et le Real sont parvenus à un accord': of
        the two clubs a sentence has dealing over him, the one the article names as his
        buyer nowhere else."""
        dealing: dict[tuple, set] = {}
        for r in records:
            if r["type"] in ("agreement", "negotiation") and r["from_club"] is None:
                for e in r["evidence"]:
                    dealing.setdefault((r["subject"], e["start"]), set()).add(r["to_club"])
        sellers = []
        for (subject, start), clubs in dealing.items():
            if len(clubs) != 2:
                continue
            elsewhere = {r["to_club"] for r in records if r["subject"] == subject and r["type"] in _MOVE_STAGES
                         and all(e["start"] != start for e in r["evidence"])}
            if len(clubs & elsewhere) == 1:
                sellers.append((subject, next(iter(clubs - elsewhere))))
        return sellers

    @classmethod
    def _sold_at_the_buyer(cls, records: list[dict]) -> list[dict]:
        """A stage of a move keyed on the club the subject leaves is the buyer's ('Naples
        négocie' in an article about Milik's move to Marseille): the nearest buyer the
        article names for him takes it, the club left becomes its from_club."""
        left: dict[str, set] = {}
        for r in records:
            if r["type"] == "departure":
                left.setdefault(r["subject"], set()).add(r["from_club"])
        for subject, club in cls._dealing_sellers(records):
            left.setdefault(subject, set()).add(club)
        # 'le Milan lui a proposé de prolonger, il a décliné': offers to stay are the club's own
        keeping = {(r["subject"], r["to_club"], e["start"]) for r in records if r["type"] == "extension" for e in r["evidence"]}
        merged: dict[tuple, dict] = {}
        for r in records:
            sold = left.get(r["subject"], set())
            stays = any((r["subject"], r["to_club"], e["start"]) in keeping for e in r["evidence"])
            if r["type"] in _MOVE_STAGES and r["to_club"] in sold and r["from_club"] is None and not stays:
                buyers = [b for b in records if b["subject"] == r["subject"] and b["type"] in _MOVE_STAGES
                          and b["to_club"] not in sold]
                if buyers:  # the bidder told last before, else first after ('une proposition repoussée')
                    start = r["evidence"][0]["start"]
                    buyer = min(buyers, key=lambda b: (b["evidence"][0]["start"] > start, abs(b["evidence"][0]["start"] - start)))
                    r = {**r, "to_club": buyer["to_club"], "from_club": r["to_club"]}
            cls._merge(merged, r)
        return list(merged.values())

    @staticmethod
    def _fill_rivals(records: list[dict]) -> None:
        """A competing bid with no rival in its sentence competes with the subject's other suitor."""
        for record in records:
            if record["type"] != "competing_bid" or record["rival_club"]:
                continue
            record["rival_club"] = next(
                (
                    r["to_club"] for r in records
                    if r["subject"] == record["subject"] and r["to_club"] not in (None, record["to_club"])
                ),
                None,
            )

    @staticmethod
    def _share_sellers(records: list[dict]) -> None:
        """Every stage of a move names the club he leaves, once the article names it for one of them."""
        sellers: dict[str, str] = {}
        for r in sorted(records, key=lambda r: r["type"] != "departure"):  # a departure says it best
            if r["from_club"] and (r["type"] == "departure" or r["type"] in _MOVE_STAGES):
                sellers.setdefault(r["subject"], r["from_club"])
        for r in records:
            seller = sellers.get(r["subject"])
            if r["type"] in _MOVE_STAGES | {"signing"} and r["from_club"] is None and seller not in (None, r["to_club"]):
                r["from_club"] = seller

    @staticmethod
    def _share_move_slots(records: list[dict]) -> None:
        """Every stage of one move (same subject and buyer) carries that move's fee and deal."""
        for slot in ("fee_eur", "deal"):
            by_move: dict[tuple, object] = {}
            for r in records:
                if r["type"] in DEAL_STAGES and r[slot] is not None:
                    by_move.setdefault((r["subject"], r["to_club"]), r[slot])
            for r in records:
                if r["type"] in DEAL_STAGES and r[slot] is None:
                    r[slot] = by_move.get((r["subject"], r["to_club"]))


@Language.factory("mercato_events")
def make_events(nlp: Language, name: str) -> EventAssembler:
    return EventAssembler(nlp, name)
