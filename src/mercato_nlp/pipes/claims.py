"""The claim classifier: which clauses claim a transfer move, of what type, how surely.

Cues come from ``resources/cues/event_types.json`` (one list per type, plus
helper labels that only claim a type under a condition), verb and noun pairs
from ``resources/cues/dependency.json`` and the status rules from
``resources/cues/status.json``. Each cue is matched on lemmas or lowercase
forms (``CueMatcher``, a trie of cue words), each pair on the dependency
tree whatever its word order ('la porte lui a été fermée': ``PairCues``);
cues that only carry or qualify another cue, or belong to a fixed phrase
meaning something else, are dropped.

A claim is the clause of a cue: the subtree of the nearest clause head above
it. Claims go to ``doc.spans["claims"]`` with ``_.event_types`` (sorted list),
``_.status``, ``_.source``, ``_.cue_tokens`` (the cue words' indices) and ``_.type_cues`` (those of each type); two
statuses in one clause make two claims. The status follows medSpaCy's ConText
idea, reduced to what the French press needs, and is read on the cue's own
clause (a detached participle clause included: 'Libéré par Valence, il
pourrait ...'), with the markers of that clause and of the clauses governing it:

- no claim: a clause under 'si', 'en cas de' or a hope; an infinitive of a
  move nothing asserts ('veut rejoindre');
- ``denied``: a denial, or a negated cue, with type rewrites (an agreement not
  yet given is a hesitation or a negotiation; a decision not yet taken is a
  hesitation); a failed move ('le transfert avorté');
- ``speculative``: the journalistic conditional (read on the verb's form as
  well as its tag, and on the verb governing an infinitive), a hedge, a
  question;
- ``confirmed``: an official marker, an accomplished move (a signing,
  departure, extension or medical told in the past, a participle, 'depuis son
  arrivée'), or a party quoted in the first person;
- ``reported`` otherwise (the indicative, the future included).

Helper labels of the lexicon resolve to a type: a decision word negated is a
hesitation, an acquiring verb is a signing once done and an interest before,
a title word ('X vers l'OM ?') is an interest in a sentence without a verb.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span

from ..extensions import set_span_values
from ..knowledge import load_resource
from ..schema import STATUS_RANK, Status
from ..tokens import Morphs, Parse, Sentences, columns, doc_text

CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "conj", "parataxis", "acl:relcl", "csubj"}
VERBAL = {VERB, AUX}  # parts of speech, as spacy.symbols ids
#: The kinds of status marker (lists of status.json matched in the text).
MARKERS = ("hedges", "denials", "confirmations", "near_completion")
#: The statuses' values, read once: an Enum member's ``.value`` is a Python property.
CONFIRMED, REPORTED, SPECULATIVE, DENIED = (
    status.value for status in (Status.CONFIRMED, Status.REPORTED, Status.SPECULATIVE, Status.DENIED))
#: The keys status.json must have (others than comments, starting with "_", are refused).
RULE_KEYS = {
    *MARKERS, "negations", "negations_with_ne_only", "negation_scope_deps", "realization_verbs", "failed", "litotes",
    "expletive_ne_before", "negated_type", "club_subjects", "hypothetical_marks", "hypothetical_before",
    "hypothetical_governors", "fires_in_infinitive", "infinitive_governors", "sequence_marks", "done_types",
    "accomplished", "verb_forms", "quotation_marks", "first_person", "not_cues", "carrier_lemmas",
    "dependent_lemmas", "generic_heads", "predicate_only_lemmas", "speech_lemmas", "verbless_types",
    "acquisition_types", "elided_lemmas", "invariable_words",
}


def check_rules(rules: dict) -> dict:
    """The status rules, if they have every key the classifier reads and no other."""
    keys = {k for k in rules if not k.startswith("_")}
    if keys != RULE_KEYS:
        unknown, missing = sorted(keys - RULE_KEYS), sorted(RULE_KEYS - keys)
        raise ValueError(f"cues/status.json: unknown keys {unknown}, missing keys {missing}")
    return rules


def rules_as_sets(rules: dict) -> dict:
    """The rules with each list of words made a frozenset, in nested tables too: the
    classifier reads them by membership (or with ``any``), which a list answers word by word."""
    return {
        key: frozenset(value) if isinstance(value, list) else rules_as_sets(value) if isinstance(value, dict) else value
        for key, value in rules.items()
    }


def cue_patterns(cue: str, tokenizer) -> list[list[dict]]:
    """A cue written as words matches each token on its lemma or on its lowercase form.

    Every combination is a pattern (cues are short); apostrophes match either
    way and elided words ("l'") also match their lemma ("le"). Invariable
    function words ("de", "sur", "pas") match on their form alone.
    """
    rules = load_resource("cues/status.json")
    elided, invariable = rules["elided_lemmas"], set(rules["invariable_words"])
    options = []
    for word in (t.lower_ for t in tokenizer(cue.replace("’", "'"))):
        forms = sorted({word, word.replace("'", "’")})
        lemmas = sorted({word, elided.get(word, word)})
        if word in invariable:
            options.append([{"LOWER": {"IN": forms}}])
        else:
            options.append([{"LOWER": {"IN": forms}}, {"LEMMA": {"IN": lemmas}}])
    return [list(combination) for combination in itertools.product(*options)]


class CueMatcher:
    """Finds cues word by word in a trie keyed on lowercase forms and lemmas.

    It gives the matches spaCy's ``Matcher`` would give for the patterns of
    :func:`cue_patterns` — ``(label hash, start, end)`` — but looks each token
    up once instead of trying every pattern at every token: with a few
    thousand cue patterns the Matcher was most of the pipeline's time. The
    trie is keyed on the strings' hashes, which ``Doc.to_array`` reads for
    every token at once (no Token object, no string decoded).

    A word may go on through its form and through its lemma at once (most
    words are their own lemma, and every cue word matches either): the two
    nodes it reaches are merged into one, made on first use and kept, so a
    run of words follows one node, not all the combinations of the two.
    """

    def __init__(self, nlp: Language, lexicon: dict[str, list[str]]):
        self.root = _TrieNode()
        self.merged: dict[tuple[int, int], _TrieNode] = {}  # by the ids of the nodes merged
        # the node a word that starts a cue reaches from the root, by word: kept (a few
        # hundred words, those of the root's children), one lookup for the step at each start
        self.first_steps: dict[tuple[int, int], _TrieNode] = {}
        strings = nlp.vocab.strings
        for label, cues in lexicon.items():
            if label.startswith("_"):
                continue
            key = strings.add(label)
            for pattern in (p for cue in cues for p in cue_patterns(cue, nlp.tokenizer)):
                nodes = [self.root]
                for token_spec in pattern:
                    (attr, spec), = token_spec.items()
                    nodes = [node.child(attr, get_string_id(value)) for node in nodes for value in spec["IN"]]
                for node in nodes:
                    node.labels.add(key)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return self.match(*columns(doc, [LOWER, LEMMA]))

    def match(self, lowers: list[int], lemmas: list[int]) -> list[tuple[int, int, int]]:
        """The matches in a doc whose tokens' lowercase forms and lemmas (their hashes) are read already.

        A word is tested against a node's children (two set tests) before the node it
        leads to is looked up: most words start no cue, and most of those that do (articles,
        prepositions) go no further than the next word.
        """
        root, first_steps, n = self.root, self.first_steps, len(lowers)
        found = set()
        for start, word in [(i, word) for i, word in enumerate(zip(lowers, lemmas))
                            if word[0] in root.lower or word[1] in root.lemma]:
            node = first_steps.get(word)
            if node is None:
                node = first_steps[word] = self._step(root, *word)
            end = start + 1
            while True:
                if node.labels:  # most nodes are inside a cue
                    found.update((key, start, end) for key in node.labels)
                if end == n or (lowers[end] not in node.lower and lemmas[end] not in node.lemma):
                    break
                node = self._step(node, lowers[end], lemmas[end])
                end += 1
        return sorted(found, key=lambda match: (match[1], match[2]))

    def _step(self, node: _TrieNode, lower: int, lemma: int) -> _TrieNode:
        """The node a word (the hashes of its lowercase form and lemma) leads to from ``node``, where it leads on."""
        by_form, by_lemma = node.lower.get(lower), node.lemma.get(lemma)
        return by_form if by_lemma is None else by_lemma if by_form is None else self._merge(by_form, by_lemma)

    def _merge(self, one: _TrieNode, other: _TrieNode) -> _TrieNode:
        """The node that stands for both: the cues ending at either, and the words after either."""
        if one is other:
            return one
        key = (id(one), id(other))
        merged = self.merged.get(key)
        if merged is None:
            merged = self.merged[key] = _TrieNode()
            merged.labels = one.labels | other.labels
            merged.lower = self._merge_children(one.lower, other.lower)
            merged.lemma = self._merge_children(one.lemma, other.lemma)
        return merged

    def _merge_children(self, one: dict[int, _TrieNode], other: dict[int, _TrieNode]) -> dict[int, _TrieNode]:
        merged = {**one, **other}
        for word in one.keys() & other.keys():
            merged[word] = self._merge(one[word], other[word])
        return merged


class _TrieNode:
    """The words that may come next (by the hash of their lowercase form or lemma), and the labels of the cues ending here."""

    __slots__ = ("lower", "lemma", "labels")

    def __init__(self):
        self.lower: dict[int, _TrieNode] = {}
        self.lemma: dict[int, _TrieNode] = {}
        self.labels: set[int] = set()

    def child(self, attr: str, key: int) -> _TrieNode:
        children = self.lower if attr == "LOWER" else self.lemma
        if key not in children:
            children[key] = _TrieNode()
        return children[key]


def cue_matcher(nlp: Language, lexicon: dict[str, list[str]]) -> CueMatcher:
    """A cue matcher with one label per lexicon entry (keys starting with "_" are comments)."""
    return CueMatcher(nlp, lexicon)


class PairCues:
    """The verb and noun pairs of ``dependency.json``, labelled by event type: a noun (by its
    lowercase form, in one of the table's relations) whose head is one of its verbs (by lemma).

    What a spaCy ``DependencyMatcher`` finds with the pattern verb ``>`` noun (a test checks
    it), read on the doc's arrays: the matcher copied each sentence into a new Doc and tried
    its patterns' Python predicates on every token, for a relation the head array gives.
    Forms and lemmas are compared on their hashes in Python sets: ``numpy.isin`` costs more on a short doc.
    """

    def __init__(self, nlp: Language, table: dict):
        self.deps = set(table["deps"])
        self.labels: dict[tuple[int, int], set[int]] = defaultdict(set)  # by (verb lemma, noun) hashes
        for label, pairs in table.items():
            if label.startswith("_") or label == "deps":
                continue
            key = nlp.vocab.strings.add(label)
            for pair in pairs:
                for verb, noun in itertools.product(pair["verbs"], pair["nouns"]):
                    self.labels[get_string_id(verb), get_string_id(noun)].add(key)
        self.nouns = {noun for _, noun in self.labels}

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(label, start, end) of each pair's verb."""
        return self.match(_Tree.of(doc))

    def match(self, tree: _Tree) -> list[tuple[int, int, int]]:
        """``__call__`` on a doc's tree, read already."""
        nouns, deps = self.nouns, self.deps
        lowers, lemmas = tree.lower_keys, tree.lemma_keys
        found = []
        for i in [i for i, lower in enumerate(lowers) if lower in nouns]:
            verb = tree.heads[i]
            if verb != i and tree.deps[i] in deps:
                found += [(label, verb, verb + 1) for label in self.labels.get((lemmas[verb], lowers[i]), ())]
        return found


class _Tree(Parse):
    """A doc's :class:`~mercato_nlp.tokens.Parse` (shared with the event assembler), with
    what the rules ask of its clauses.

    The rules climb a few heads and read the deps, tags and lemmas of a few words
    per cue: through Token objects each step made a Token (``token.head``, ``doc[i]``,
    ``token.children``) and decoded its strings again.
    """

    def left_edge(self, i: int) -> int:
        """``token.left_edge.i`` (the rules read few edges)."""
        return self.doc[i].left_edge.i

    def right_edge(self, i: int) -> int:
        """``token.right_edge.i``."""
        return self.doc[i].right_edge.i

    def root(self, start: int, end: int) -> int:
        """The root of the tokens from ``start`` to ``end`` (``Span.root``; a word is its own: no Span made)."""
        return start if end - start == 1 else self.doc[start:end].root.i

    def clause_head(self, i: int) -> int:
        """The nearest verb above token ``i`` that heads a clause (or the sentence root)."""
        heads, deps, pos = self.heads, self.deps, self.pos
        node = i
        while heads[node] != node:
            if pos[node] in VERBAL and deps[node] in CLAUSE_DEPS:
                return node
            node = heads[node]
        return node

    def status_head(self, i: int, sent_start: int) -> int:
        """The nearest verb above token ``i`` that heads a clause, a presupposed participle
        clause included: its status is its own (``sent_start``: where its sentence starts)."""
        heads, deps, pos = self.heads, self.deps, self.pos
        node = i
        while heads[node] != node:
            if deps[node] == "acl:relcl" or (
                pos[node] in VERBAL
                and (deps[node] in CLAUSE_DEPS or (deps[node] == "acl" and self._presupposed(node, sent_start)))
            ):
                return node
            node = heads[node]
        return node

    def _presupposed(self, participle: int, sent_start: int) -> bool:
        """A participle clause that the main clause takes for granted: set off by a
        comma or opening the sentence ('Libéré par Valence, il ...', 'X, limogé en
        décembre, ...') or qualifying the subject ('l'attaquant courtisé par le PSG
        devrait ...'); not one inside what the main clause asserts ('serait l'une des
        pistes étudiées par les Gones'); ``sent_start``: where its sentence starts."""
        first = self.left_edge(participle)
        if first == sent_start or self.doc[first - 1].text in (",", "(", "—", "–", ":"):
            return True
        return self.deps[self.heads[participle]].startswith("nsubj")

    def clause(self, head: int, sent: Span) -> tuple[int, int]:
        """The (start, end) of the clause of a head (of the sentence ``sent``), without the
        clauses it governs ('X quitte A et s'engage avec B').

        A relative clause takes its antecedent along ('l'AS Monaco, qui étudiait cette piste').
        """
        start, end = self.left_edge(head), self.right_edge(head) + 1
        for child in self.children(head):
            if self.deps[child] in CLAUSE_DEPS and self.pos[child] in VERBAL:
                if child > head:
                    end = min(end, self.left_edge(child))
                else:
                    start = max(start, self.right_edge(child) + 1)
        if self.deps[head] == "acl:relcl":
            start = min(start, self.heads[head])
        return max(start, sent.start), max(min(end, sent.end), head + 1)

    def auxiliaries(self, verb: int) -> list[int]:
        """The auxiliaries and copula of token ``verb``."""
        return [c for c in self.children(verb) if self.deps[c].startswith("aux") or self.deps[c] == "cop"]

    def before_que(self, i: int) -> bool:
        """'plus' in 'ne … plus que': part of a restriction, not a negation."""
        return self.lowers[i] == "plus" and i + 1 < len(self.lowers) and self.lowers[i + 1] in ("que", "qu'", "qu’")


def quoted_tokens(tree: Parse, marks: dict[str, str]) -> set[int]:
    """The indices of the tokens inside quotation marks, across sentences, in a doc's ``tree``.

    ``marks`` maps each opening mark to its closing one; a mark that closes
    itself ('"') toggles, and ends with its paragraph if it is not closed.
    The marks must have no case (a test checks it on the rules): they are found
    on the hashes of the words' lowercase forms, which the tree has read.
    """
    keys, straight = {get_string_id(mark) for pair in marks.items() for mark in pair}, marks.get('"')
    changes = [i for i, key in enumerate(tree.lower_keys) if key in keys]  # only marks change the state...
    words = tree.lowers
    if straight is not None and any(marks.get(words[i]) == straight for i in changes):
        # ... and, if a mark that a straight quote closes opens, paragraph breaks
        changes = sorted({*changes, *(i for i, word in enumerate(words) if "\n" in word and word.isspace())})
    inside, closing, opening = set(), None, -1
    for i in changes:
        text = words[i]
        if closing is not None and text == closing:
            inside.update(range(opening + 1, i))  # the words between are taken as a range
            closing = None
        elif closing is None and text in marks:
            closing, opening = marks[text], i
        if closing is not None and closing == straight and "\n" in text and text.isspace():
            inside.update(range(opening + 1, i + 1))
            closing = None
    if closing is not None:
        inside.update(range(opening + 1, len(words)))
    return inside


class ClaimClassifier:
    def __init__(self, nlp: Language, name: str = "mercato_claims"):
        self.name = name
        self.types = load_resource("cues/event_types.json")
        rules = check_rules(load_resource("cues/status.json"))
        # tuples, in their order: what ``str.endswith`` takes
        self.forms = {key: tuple(words) for key, words in rules["verb_forms"].items() if not key.startswith("_")}
        # one trie for type cues, status markers and words that are no cues: the doc is read once
        self.matcher = cue_matcher(nlp, {
            **self.types, **{key: rules[key] for key in MARKERS}, "not_cues": rules["not_cues"],
        })
        self.pairs = PairCues(nlp, load_resource("cues/dependency.json"))
        self.rules = rules_as_sets(rules)  # the matcher took the lists of words, the rules read them as sets
        # by the hashes of their lowercase forms, with either apostrophe
        self.negation_keys = {get_string_id(word) for n in rules["negations"] for word in (n, n.replace("'", "’"))}
        # per doc, by token index: what several cues of a clause would read again
        self._conditionals: dict[int, bool] = {}
        self._clauses: dict[int, tuple[int, int]] = {}
        self._tree: _Tree | None = None  # the doc's parse
        self._morphs: Morphs | None = None  # the doc's morphological features
        self._sentences: Sentences | None = None
        self._negation_words: list[int] = []  # the indices of the doc's negation words
        self._hypothetical_heads: dict[int, bool] = {}
        self._text = ""  # the doc's
        self._text_has_hypothetical_before = False  # most docs have no 'en cas de': no cue need look for it
        self.literal_cues = {
            label: {cue.lower().replace("’", "'") for cue in cues}
            for label, cues in self.types.items() if not label.startswith("_")
        }

    # -- per cue --------------------------------------------------------------------
    def _infinitive_status(self, cue: int, event_type: str) -> tuple[bool, str | None]:
        """Whether a cue (token ``cue``) in the infinitive claims anything, and the status its governor gives."""
        if self._morphs.get(cue, "VerbForm") != ["Inf"]:
            return True, None
        tree = self._tree
        governor_lemma = tree.lemma(tree.heads[cue])
        if event_type in self.rules["fires_in_infinitive"]:
            # a stage of the talks claims itself whatever governs it, unless that denies
            # or hedges it ('refuse de rencontrer', 'pourrait proposer')
            governor = self.rules["infinitive_governors"].get(governor_lemma)
            return True, governor if governor in (DENIED, SPECULATIVE) else None
        if any(tree.deps[c].startswith("aux") for c in tree.children(cue)):
            return True, None  # a participle the tagger took for an infinitive ('n'a pas tranché')
        if any(tree.lowers[c - 1] in self.rules["sequence_marks"]
               for c in tree.children(cue) if tree.deps[c] == "mark" and c > 0):
            return True, None  # 'passera sa visite médicale avant de signer': told as the next step
        governor = self.rules["infinitive_governors"].get(governor_lemma, False)
        if isinstance(governor, dict):  # a wish claims a departure or an extension, not a signing
            governor = governor.get(event_type, False)
        return governor is not False, governor or None

    def _hypothetical(self, head: int, cue: range, sent: Span) -> bool:
        """A clause (headed by token ``head``) under 'si', a cue under 'en cas de', or a
        clause under a hope ('espérant que ...') asserts nothing."""
        if self._text_has_hypothetical_before and self._hypothetical_before(cue, sent):
            return True
        if head not in self._hypothetical_heads:  # cues of a clause share its head
            self._hypothetical_heads[head] = self._hypothetical_clause(head)
        return self._hypothetical_heads[head]

    def _hypothetical_before(self, cue: range, sent: Span) -> bool:
        """'en cas de' in the few words before the cue."""
        before = Span(self._tree.doc, max(sent.start, cue.start - 4), cue.start)
        before = self._text[before.start_char: before.end_char].lower().replace("’", "'")  # its text, not joined again
        return any(before.endswith(m) or f"{m} " in before for m in self.rules["hypothetical_before"])

    def _hypothetical_clause(self, head: int) -> bool:
        """A clause under 'si' or under a hope."""
        tree = self._tree
        if any(tree.deps[c] == "mark" and tree.lowers[c] in self.rules["hypothetical_marks"]
               for c in tree.children(head)):
            return True
        node, hopes = head, self.rules["hypothetical_governors"]
        while True:  # the head and its ancestors
            governor = tree.heads[node]
            if tree.deps[node] in ("ccomp", "xcomp", "csubj") and tree.lemma(governor) in hopes:
                return True
            if tree.deps[node] not in ("ccomp", "xcomp", "csubj", "conj") or tree.heads[node] == node:
                return False
            node = tree.heads[node]

    def _person_subject(self, head: int) -> bool:
        """Whether the subject of the clause headed by token ``head`` is a person ('Le Belge',
        'il', 'Marcelo Gallardo'), not a club or its board ('les Canaris', 'les dirigeants')."""
        tree = self._tree
        clubs = {i for span in tree.doc.spans.get("clubs", []) for i in range(span.start, span.end)}
        for subject in (c for c in tree.children(head) if tree.deps[c].startswith("nsubj")):
            if subject in clubs or tree.doc[subject].ent_type_ in ("ORG", "CLUB"):
                return False
            return tree.lemmas[subject] not in self.rules["club_subjects"]
        return False

    def _negated(self, cue: range, root: int, head: int, sent: Span) -> bool:
        """Whether a negation bears on the cue (of root token ``root``, in the clause headed by
        ``head``): on the cue word itself, or on its verb when the cue is that verb, or its
        subject or object, directly or through infinitives ('aucun accord n'a été trouvé',
        'n'est pas parvenu à obtenir son accord'). A cue that holds a negation ('pas encore
        tranché') means it. (``sent``: the sentence the cue starts in.)
        """
        # the words read below are in the sentences of the cue's words, and most sentences hold no negation
        last_sent = sent if cue.stop <= sent.end else self._sentences.of(cue.stop - 1)
        if not self._negation_between(sent.start, last_sent.end):
            return self._failed(root)
        tree = self._tree
        lowers, children, negations = tree.lowers, tree.children, self.rules["negations"]
        if any(lowers[t] in negations for t in cue):
            return False
        if self._failed(root):
            return True
        if any(tree.lemmas[c] in self.rules["litotes"] for c in (tree.heads[root], *children(root))):
            return False  # 'il ne serait pas contre un départ'
        node = root
        scope = list(children(node))  # a copy: the head's children may join it
        while node != head and (
            tree.deps[node] in self.rules["negation_scope_deps"]
            # 'le transfert ne s'est pas fait'
            or (tree.deps[node] == "nsubj" and tree.lemma(tree.heads[node]) in self.rules["realization_verbs"])
        ):
            node = tree.heads[node]
        if node == head:
            scope += children(head)
        # 'il ne manque plus que l'aval': 'ne … plus que' restricts, like 'ne … que'
        found = [t for t in scope if lowers[t].replace("’", "'") in negations and not tree.before_que(t)]
        if not any(lowers[t].replace("’", "'") in ("ne", "n'") for t in found):
            # without 'ne', 'plus' and 'point' add or count ('en plus de X', 'plus de 20 M€', 'un point de chute')
            found = [t for t in found if lowers[t] not in self.rules["negations_with_ne_only"]]
        if not found:
            return False
        if all(lowers[t].replace("’", "'") in ("ne", "n'") for t in found):
            # 'ne' alone restricts ('il ne rêve que de Serie A') or is expletive
            # ('avant que les chemins ne se séparent')
            if any(t.lower_ in ("que", "qu'", "qu’") and t.i > found[0] for t in tree.doc[head].subtree):
                return False
            if any(tree.deps[m] == "mark" and m > 0 and lowers[m - 1] in self.rules["expletive_ne_before"]
                   for m in children(head)):
                return False
        return True

    def _failed(self, root: int) -> bool:
        """A move said to have failed: 'le transfert avorté'."""
        tree = self._tree
        return any(tree.lemmas[c] in self.rules["failed"]
                   for c in tree.children(root) if tree.deps[c] in ("amod", "acl"))

    def _negation_between(self, start: int, end: int) -> bool:
        """Whether a negation word is among the doc's tokens from ``start`` to ``end``."""
        k = bisect.bisect_left(self._negation_words, start)
        return k < len(self._negation_words) and self._negation_words[k] < end

    def _past(self, verb: int) -> bool:
        """A past participle with no auxiliary or with indicative, non-future ones
        ('arrivé en 2019', 'a été limogé', 'avait signé'), or a simple past."""
        if self._is_future(verb):
            return False
        tree, morphs = self._tree, self._morphs
        auxiliaries = self._auxiliaries(verb)
        form = morphs.get(verb, "VerbForm")
        if (form == ["Part"] and morphs.get(verb, "Tense") == ["Past"]) or (
            form == ["Inf"] and any(tree.deps[a].startswith("aux") for a in auxiliaries)
        ):
            if any(morphs.get(a, "VerbForm") == ["Inf"] for a in auxiliaries):
                # a past infinitive: 'après avoir signé', else the tense of its governor
                # ('a prolongé avant d'être prêté', 'va être nommé')
                if any(tree.deps[c] == "mark" and tree.lowers[c] in self.rules["accomplished"]["since"]
                       for c in tree.children(verb)):
                    return True
                return tree.heads[verb] != verb and self._past(tree.heads[verb])
            return all(morphs.get(a, "Tense") != ["Fut"] and not self._is_conditional(a) for a in auxiliaries)
        if form == ["Inf"]:
            # 'a vu partir', 'a laissé filer': the tense of the verb that governs it
            governor = tree.heads[verb]
            governors = self.rules["infinitive_governors"]
            return (governor != verb and tree.lemma(governor) in governors
                    and governors[tree.lemma(governor)] is None and self._past(governor))
        if morphs.get(verb, "Mood") == ["Ind"] and morphs.get(verb, "Tense") == ["Past"]:
            # the tagger reads some presents as simple pasts ('anticipe')
            return not tree.lowers[verb].endswith(self.forms["present_endings"])
        return False

    def _untagged_participle(self, token: int) -> bool:
        """A past participle of the lexicon the tagger read as a noun or a name
        (capitalised at the start of a sentence): no determiner, a participle's ending."""
        tree = self._tree
        text = tree.lowers[token]
        return (
            any(text in cues for cues in self.literal_cues.values())
            and text.endswith(self.forms["participle_endings"])
            and not any(tree.deps[c] == "det" for c in tree.children(token))
        )

    def _accomplished(self, cue: range, root: int, own: int) -> bool:
        """Whether a move of a done type is told as accomplished.

        A verb cue in the past ('a signé', 'Libéré par Valence'); a noun cue that
        dates from a past move ('depuis son arrivée', 'après son départ') or that
        is the object of a past verb that accomplishes it ('a passé sa visite
        médicale') or of a verb that presupposes it ('compenser le départ de X',
        unless a word doubts it: 'le probable départ'); a cue that says it
        ('le nouvel entraîneur'). Cues of a state
        ('mis à l'écart', 'poussé vers la sortie') are never accomplished.
        """
        rules, tree = self.rules["accomplished"], self._tree
        lemmas = set(tree.lemmas[cue.start: cue.stop])
        if not lemmas.isdisjoint(rules["state_lemmas"]):
            return False
        if not lemmas.isdisjoint(rules["accomplished_lemmas"]):
            return not self._ahead(own)  # 'le nouvel entraîneur', but not 'va devenir le nouvel entraîneur'
        if tree.pos[root] in VERBAL:
            return self._past(root)
        if self._untagged_participle(root):
            return True  # 'Limogé mardi, ...' read as a proper noun
        if any(tree.deps[c] == "case" and tree.lemmas[c] in rules["since"] for c in tree.children(root)):
            return not self._conditional(root, own) and self._morphs.get(own, "Tense") != ["Fut"]
        verb = tree.heads[root]
        if tree.deps[root] == "obj" and tree.lemmas[verb] in rules["presupposing_verbs"]:
            # 'compenser les départs de X': they happened, unless a word doubts it ('le probable départ')
            return not any(tree.lowers[c] in rules["unsure_modifiers"] for c in tree.children(root))
        return (
            tree.deps[root] in ("obj", "nsubj:pass", "nsubj")
            and tree.lemmas[verb] in rules["accomplishing_verbs"]
            and self._past(verb)
        )

    def _is_conditional(self, token: int) -> bool:
        """A verb in the conditional mood.

        The tagger often reads '-rait' forms as imperfects: a finite form whose
        ending is the conditional's and whose stem is the infinitive ('penser-aient',
        'prendr-ait') or an irregular future stem ('aur-ait', 'pourr-ait') is one.
        """
        if self._morphs.get(token, "Mood") == ["Cnd"]:
            return True
        if self._tree.pos[token] not in VERBAL:
            return False
        return self._future_stem_form(token, self.forms["conditional_endings"])

    def _ahead(self, verb: int) -> bool:
        """A verb in the future, or in the near future of 'aller' ('va devenir')."""
        tree = self._tree
        return self._is_future(verb) or tree.lemma(verb) == "aller" or (
            tree.deps[verb] == "xcomp" and tree.lemma(tree.heads[verb]) == "aller")

    def _is_future(self, token: int) -> bool:
        """A verb in the future ('signera', 'rejoindra'), which the tagger may read as a past."""
        if self._morphs.get(token, "Tense") == ["Fut"]:
            return True
        if self._tree.pos[token] not in VERBAL:  # whatever VerbForm the tagger gave ('signera' as a participle)
            return False
        return self._future_stem_form(token, self.forms["future_endings"])

    def _future_stem_form(self, token: int, endings: tuple[str, ...]) -> bool:
        """The form is a future stem (ending in r) followed by one of ``endings``."""
        form = self._tree.lowers[token]
        if not form.endswith(endings):
            return False
        ending = next(e for e in endings if form.endswith(e))
        stem = form[: -len(ending)]
        if not stem.endswith("r"):
            return False
        lemma = self._tree.lemmas[token]
        if stem == lemma or (lemma.endswith("re") and stem == lemma[:-1]):
            return True
        return any(stem == s or (len(s) > 3 and stem.endswith(s)) for s in self.forms["irregular_future_stems"])

    def _auxiliaries(self, verb: int) -> list[int]:
        """A verb's auxiliaries and copula; a second conjunct shares the first one's
        ('l'ont contacté et sondé')."""
        tree = self._tree
        own = tree.auxiliaries(verb)
        if not own and tree.deps[verb] == "conj" and self._morphs.get(verb, "VerbForm") == ["Part"]:
            return tree.auxiliaries(tree.heads[verb])
        return own

    def _verb_conditional(self, node: int) -> bool:
        """The word or its auxiliaries and copula are conditional (kept per doc: the cues
        of a clause climb through the same verbs)."""
        if node not in self._conditionals:
            self._conditionals[node] = any(self._is_conditional(t) for t in (node, *self._auxiliaries(node)))
        return self._conditionals[node]

    def _conditional(self, cue: int, head: int) -> bool:
        """A verb between the cue and its clause head is conditional, or, for an
        infinitive or participle clause, the verb that governs it ('attendrait
        l'été pour recruter', 'pourrait tenter de doubler')."""
        heads = self._tree.heads
        node = cue
        while node != head and heads[node] != node:
            if self._verb_conditional(node):
                return True
            node = heads[node]
        node = head
        while True:
            if self._verb_conditional(node):
                return True
            if self._morphs.get(node, "VerbForm") != ["Inf"] or heads[node] == node:
                return False
            if any(self._tree.deps[c].startswith("aux") for c in self._tree.children(node)):
                return False
            node = heads[node]

    def _markers(self, markers: list[tuple[str, int, int]], own: int) -> set[str]:
        """The kinds of status marker that bear on a claim whose clause is headed by ``own``.

        ``markers`` are (kind, root, root's status head) of the sentence's markers. A
        marker bears on a claim when it belongs to the claim's clause or to a clause
        that governs it ('il se murmure que ...', 'dément avoir ...', 'Visiblement, ...'
        on the main verb), not to a clause nested in it ('..., qui a par ailleurs
        annoncé une conférence de presse') nor to the conjunct it is coordinated with.
        """
        if not markers:  # most sentences have none: no clause is climbed
            return set()
        heads, deps = self._tree.heads, self._tree.deps
        governors, node = {own}, own
        while heads[node] != node:
            if deps[node] != "conj":  # a conjunct's status is its own: 'une piste potentielle mais il a signé'
                governors.add(heads[node])
            node = heads[node]
        return {label for label, root, root_head in markers if root in governors or root_head in governors}

    def _clause_of(self, head: int, sent: Span) -> tuple[int, int]:
        """``_Tree.clause``, kept per doc by head: cues of one clause share it."""
        if head not in self._clauses:
            self._clauses[head] = self._tree.clause(head, sent)
        return self._clauses[head]

    def _principal_speaking(self, root: int, own: int, sent: Span, quoted: set[int]) -> bool:
        """A party quoted in the first person ('« Nous avons fait une offre »',
        '« C'était ma priorité »') confirms what he says (a cue of root token ``root``, in the
        clause of ``own``)."""
        if root not in quoted:
            return False
        words, lowers = self.rules["first_person"], self._tree.lowers
        return any(t in quoted and lowers[t].replace("’", "'") in words for t in range(*self._clause_of(own, sent)))

    def _status(self, event_type: str, cue: range, root: int, sent: Span, head: int,
                markers: list[tuple[str, int, int]], question: bool, quoted: set[int]):
        """The (type, status) a cue (of root token ``root``, in the clause headed by ``head``) of
        the sentence ``sent`` claims, or None when it claims nothing.

        The status is read on the cue's own clause, a participle clause included
        ('courtisé par le PSG, il devrait rejoindre Newcastle': the interest is not
        hedged by the main verb).
        """
        headline = self.rules["verbless_types"].get(event_type)
        if headline is not None:
            # 'X vers l'OM ?': a title without a verb
            finite = any(self._tree.pos[t] in VERBAL and self._morphs.get(t, "VerbForm") not in (["Inf"], ["Part"])
                         for t in range(sent.start, sent.end))
            club_next = any(cue.stop <= c.start <= cue.stop + 2 for c in self._tree.doc.spans.get("clubs", []))
            if finite or not club_next:
                return None
            event_type = headline
        acquired = self.rules["acquisition_types"].get(event_type)
        if acquired is not None:
            # 'recruter', 's'attacher les services': a signing once done ('recruté en 2019',
            # 'aurait recruté'), an interest before ('souhaite recruter')
            done = self._tree.pos[root] in VERBAL and not self._is_future(root) and (
                self._morphs.get(root, "VerbForm") == ["Part"] or self._past(root)
            )
            event_type = acquired["done" if done else "wanted"]
        fires, governed = self._infinitive_status(root, event_type)
        if not fires or self._hypothetical(head, cue, sent):
            return None
        own = self._tree.status_head(root, sent.start)
        found = self._markers(markers, own)
        if "near_completion" in found and event_type in ("signing", "agreement"):
            event_type = "negotiation"
        negated = self._negated(cue, root, head, sent)
        rewrite = self.rules["negated_type"].get(event_type)
        if rewrite is not None:
            if negated and "denials" not in found:
                # 'n'a pas encore donné son accord', 'n'a pas encore tranché': not yet decided
                # his own consent ('son accord') not given by a person: he hesitates
                consent = any(self._morphs.get(w, "Poss") == ["Yes"]
                              for t in cue for w in (t, *self._tree.children(t)))
                event_type = rewrite["undecided_person" if consent and self._person_subject(head) else "not_yet"]
                negated = False
            elif not negated and "asserted" in rewrite:
                event_type = rewrite["asserted"]  # a decision taken is no move of its own
            if event_type is None:
                return None
        if "denials" in found or negated or governed == DENIED:
            return event_type, DENIED
        if governed == SPECULATIVE or "hedges" in found or question or self._conditional(root, own):
            return event_type, SPECULATIVE
        if governed:
            return event_type, governed
        if (
            "confirmations" in found
            or (event_type in self.rules["done_types"] and self._accomplished(cue, root, own))
            or self._principal_speaking(root, own, sent, quoted)
        ):
            return event_type, CONFIRMED
        return event_type, REPORTED

    # -- which cues claim a type ------------------------------------------------------
    def _cues(self, doc: Doc, found: list[tuple[str, int, int]]) -> list[tuple[str, range, int]]:
        """The type cues found (their tokens), once each, without those that only carry another cue, with their root.

        ``found`` are the matches of the cue trie, ``(label, start, end)``.

        - a cue inside a longer cue of another type is part of it ('accord' in
          'proche d'un accord', 's'attacher' in 's'attacher les services');
        - where cues of several types cover the same words, those written in the
          lexicon as these very words win over those matched through their lemma
          ('recruté' is a signing, not the interest 'recruter');
        - a verb that only carries the move its object names ('officialiser le
          départ', 'n'ont jamais présenté d'offre', 'aucun accord n'a été signé')
          claims that move, not its own type;
        - words of a fixed phrase that means something else ('le principal
          intéressé', 'le marché des transferts', 'sans appel') and a verb of
          speech in an incise ('..., conclut Le Parisien') are no cues;
        - a word that only qualifies another cue ('un accord pour le transfert de
          X', 'une offre officielle') or labels the sentence ('Officiel : ...')
          claims nothing of its own.
        """
        matches = sorted({match for match in found if match[0] in self.literal_cues}, key=lambda m: (m[1], -m[2]))
        # (most docs have no word that is no cue, and few cues of several words: no other cue is compared)
        not_cues = [(s, e) for label, s, e in found if label == "not_cues"]
        if not_cues:
            matches = [(label, s, e) for label, s, e in matches if not any(ns <= s and e <= ne for ns, ne in not_cues)]
        longer = [(label, s, e) for label, s, e in matches if e - s > 1]  # only these can hold another cue
        if longer:
            matches = [
                (label, s, e) for label, s, e in matches
                if not any(other != label and os <= s and e <= oe and (os, oe) != (s, e) for other, os, oe in longer)
            ]
        by_span: dict[tuple[int, int], set[str]] = defaultdict(set)
        for label, s, e in matches:
            by_span[s, e].add(label)
        kept = []
        for label, s, e in matches:
            labels = by_span[s, e]
            if len(labels) > 1:
                text = doc[s:e].text.lower().replace("’", "'")
                literal = {other for other in labels if text in self.literal_cues[other]}
                if literal and label not in literal:
                    continue
            kept.append((label, range(s, e), self._tree.root(s, e)))

        def by_root(cues):
            roots: dict[int, set[str]] = defaultdict(set)
            for label, _, root in cues:
                roots[root].add(label)
            return roots

        tree = self._tree
        heads, deps, lemmas = tree.heads, tree.deps, tree.lemmas
        roots = by_root(kept)
        # a word that qualifies a cue of its own type is part of it ('médicale' in 'visite médicale')
        kept = [(label, cue, root) for label, cue, root in kept
                if not (heads[root] != root and label in roots.get(heads[root], set()) and deps[root] == "amod")]
        roots = by_root(kept)
        carriers = self.rules["carrier_lemmas"]
        kept = [
            (label, cue, root) for label, cue, root in kept
            if not (lemmas[root] in carriers and any(
                deps[c] in ("obj", "nsubj:pass", "nsubj", "obl:arg", "dep", "xcomp") and roots.get(c, set()) - {label}
                for c in tree.children(root)
            ))
        ]
        roots = by_root(kept)
        dependents, predicates = self.rules["dependent_lemmas"], self.rules["predicate_only_lemmas"]
        generic_heads = self.rules["generic_heads"]
        return [
            (label, cue, root) for label, cue, root in kept
            if not (lemmas[root] in dependents and (
                (heads[root] != root and roots.get(heads[root], set()) - {label})
                or (deps[root] == "nmod" and lemmas[heads[root]] in generic_heads)  # 'le marché des transferts'
                or (cue.stop < len(doc) and doc[cue.stop].text == ":")  # a label: 'Officiel : ...'
            ))
            and not (lemmas[root] in predicates and deps[root] == "amod")  # 'un match officiel'
            and not self._incise(root)
        ]

    def _incise(self, verb: int) -> bool:
        """A verb of speech in an incise, its subject after it and no object
        ('..., conclut Le Parisien', '..., avance L'Équipe'): it claims nothing."""
        tree = self._tree
        if tree.pos[verb] not in VERBAL or tree.lemmas[verb] not in self.rules["speech_lemmas"]:
            return False
        children = tree.children(verb)
        before = tree.doc[verb - 1].text if verb > self._sentences.of(verb).start else ""
        if before in (",", "»", "”", '"') and self._morphs.get(verb, "VerbForm") == ["Fin"]:
            return True  # '« ... », conclut L'Équipe'
        return (any(tree.deps[c].startswith("nsubj") and c > verb for c in children)
                and not any(tree.deps[c] in ("obj", "ccomp", "xcomp") for c in children))

    # -- per document -----------------------------------------------------------------
    @staticmethod
    def _source(sent: tuple[int, int], media: list[Span], journalists: list[Span]) -> str | None:
        """The outlet named in the sentence (its ``(start, end)``), else a journalist named in it."""
        start, end = sent
        for span in media:
            if start <= span.start < end:
                return span.id_ or span.text
        for span in journalists:
            if start <= span.start < end:
                return span.id_
        return None

    def _sentence_markers(self, doc: Doc, found: list[tuple[str, int, int]], sentences: Sentences,
                          cue_sentences: set[int]) -> dict[int, list[tuple[str, int, int]]]:
        """The status markers among the cue trie's matches ``found`` that are in a sentence with a
        type cue (``cue_sentences``: their starts; no other sentence's are read), by sentence
        start: (kind, root, root's status head)."""
        markers: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
        predicates = self.rules["predicate_only_lemmas"]
        for label, start, end in found:
            if label not in MARKERS:
                continue
            sent_start = sentences.of(start).start
            if sent_start not in cue_sentences:
                continue
            root = self._tree.root(start, end)
            if self._tree.lemmas[root] in predicates and self._tree.deps[root] == "amod":
                continue  # 'une offre officielle' is a formal offer, not an official announcement
            markers[sent_start].append((label, root, self._tree.status_head(root, sent_start)))
        return markers

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab.strings
        sentences = self._sentences = Sentences(doc)
        tree = self._tree = _Tree.of(doc)
        self._negation_words = [i for i, lower in enumerate(tree.lower_keys) if lower in self.negation_keys]
        matches = [*self.matcher.match(tree.lower_keys, tree.lemma_keys), *self.pairs.match(tree)]
        found_cues = [(vocab[key], start, end) for key, start, end in matches]
        self._conditionals, self._clauses, self._morphs = {}, {}, tree.morphs  # the events read them too
        self._hypothetical_heads, self._text = {}, doc_text(doc)
        folded_text = self._text.lower().replace("’", "'")
        self._text_has_hypothetical_before = any(m in folded_text for m in self.rules["hypothetical_before"])
        cues = [(event_type, cue, root, sentences.of(cue.start)) for event_type, cue, root in self._cues(doc, found_cues)]
        markers = self._sentence_markers(doc, found_cues, sentences, {sent.start for *_, sent in cues})
        marks = self.rules["quotation_marks"]
        # a text without an opening quotation mark quotes nothing: its tokens are not read
        quoted = quoted_tokens(tree, marks) if any(mark in self._text for mark in marks) else set()
        text = self._text
        questions: dict[int, bool] = {}  # by sentence start: cues often share a sentence
        # the roots of the cues of each type, by (start, end, status) of their claim
        found: dict[tuple[int, int, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for event_type, cue, root, sent in cues:
            head = tree.clause_head(root)
            if sent.start not in questions:
                questions[sent.start] = text[sent.start_char: sent.end_char].rstrip().endswith("?") or (
                    sent.end < len(doc) and doc[sent.end].text == "?")
            claimed = self._status(event_type, cue, root, sent, head, markers[sent.start], questions[sent.start], quoted)
            if claimed is None:
                continue
            event_type, status = claimed
            found[(*self._clause_of(head, sent), status)][event_type].add(root)
        doc.spans["claims"] = self._claims(doc, found)
        return doc

    def _claims(self, doc: Doc, found: dict[tuple[int, int, str], dict[str, set[int]]]) -> list[Span]:
        """The claim spans, with their attributes, of the cue roots ``found`` by type and by (start, end, status)."""
        media = list(doc.spans.get("media", []))
        roles = doc._.people_roles or {}
        journalists = [span for span in doc.spans.get("people", []) if roles.get(span.id_) == "journalist"] if (
            "journalist" in roles.values()) else []  # most docs quote no journalist: their people are not read
        claims, taken = [], set()
        for (start, end, status), types in sorted(found.items(), key=lambda item: (item[0][:2], STATUS_RANK[item[0][2]])):
            cues = set().union(*types.values())
            if (start, end) in taken:
                # A span's attributes are keyed by its offsets: a second status in the
                # same clause is claimed by its cue phrase alone.
                root = doc[min(cues)]
                start, end = root.left_edge.i, root.right_edge.i + 1
                if (start, end) in taken:
                    start, end = root.i, root.i + 1
            taken.add((start, end))
            claim = Span(doc, start, end, label="CLAIM")
            set_span_values(
                claim, event_types=sorted(types), status=status, cue_tokens=sorted(cues),
                type_cues={event_type: sorted(roots) for event_type, roots in sorted(types.items())},
                source=self._source(self._sentences.bounds(start), media, journalists),
            )
            claims.append(claim)
        return claims


@Language.factory("mercato_claims")
def make_claims(nlp: Language, name: str) -> ClaimClassifier:
    return ClaimClassifier(nlp, name)
