"""The claim classifier: which clauses claim a transfer move, of what type, how surely.

Cues come from ``resources/cues/event_types.json`` (one list per type) and
``resources/cues/status.json`` (hedges, denials, confirmations, negation and
the rules that depend on the verb's form). Each cue is matched on lemmas or
lowercase forms with spaCy's ``Matcher``.

A claim is the clause of a cue: the subtree of the nearest clause head above
it. Claims go to ``doc.spans["claims"]`` with ``_.event_types`` (sorted list),
``_.status``, ``_.source`` and ``_.cue_tokens`` (the cue words' indices). The status follows medSpaCy's ConText idea,
reduced to what the French press needs:

- ``speculative``: the journalistic conditional (``Mood=Cnd`` on the clause
  head or its auxiliaries), a hedge in the sentence, a question;
- ``denied``: a denial in the sentence, or a negated cue (with type rewrites:
  an agreement not yet given is hesitation or negotiation);
- ``confirmed``: an official cue, or an accomplished move (signing, departure,
  extension, medical) told in a past indicative tense;
- ``reported`` otherwise.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .. import extensions  # noqa: F401  (registers the attributes)
from ..knowledge import load_resource
from ..schema import STATUS_PRECEDENCE, Status

CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "conj", "parataxis", "acl:relcl", "csubj"}
_STATUS_RANK = {s.value: i for i, s in enumerate(STATUS_PRECEDENCE)}


def cue_patterns(cue: str, tokenizer) -> list[list[dict]]:
    """A cue written as words matches each token on its lemma or on its lowercase form.

    Every combination is a pattern (cues are short); apostrophes match either
    way and elided words ("l'") also match their lemma ("le").
    """
    elided = load_resource("cues/status.json")["elided_lemmas"]
    options = []
    for word in (t.lower_ for t in tokenizer(cue.replace("’", "'"))):
        forms = sorted({word, word.replace("'", "’")})
        lemmas = sorted({word, elided.get(word, word)})
        options.append([{"LOWER": {"IN": forms}}, {"LEMMA": {"IN": lemmas}}])
    return [list(combination) for combination in itertools.product(*options)]


def cue_matcher(nlp: Language, lexicon: dict[str, list[str]]) -> Matcher:
    """A Matcher with one label per lexicon entry (keys starting with "_" are comments)."""
    matcher = Matcher(nlp.vocab)
    for label, cues in lexicon.items():
        if not label.startswith("_"):
            matcher.add(label, [p for cue in cues for p in cue_patterns(cue, nlp.tokenizer)])
    return matcher


def clause_head(token: Token) -> Token:
    """The nearest verb above ``token`` that heads a clause (or the sentence root)."""
    node = token
    while node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX") and node.dep_ in CLAUSE_DEPS:
            return node
        node = node.head
    return node


def _clause(head: Token) -> Span:
    """The clause of a head, without the clauses it governs ('X quitte A et s'engage avec B').

    A relative clause takes its antecedent along ('l'AS Monaco, qui étudiait cette piste').
    """
    start, end = head.left_edge.i, head.right_edge.i + 1
    for child in head.children:
        if child.dep_ in CLAUSE_DEPS and child.pos_ in ("VERB", "AUX"):
            if child.i > head.i:
                end = min(end, child.left_edge.i)
            else:
                start = max(start, child.right_edge.i + 1)
    if head.dep_ == "acl:relcl":
        start = min(start, head.head.i)
    sent = head.sent
    return head.doc[max(start, sent.start): max(min(end, sent.end), head.i + 1)]


class ClaimClassifier:
    def __init__(self, nlp: Language, name: str = "mercato_claims"):
        self.name = name
        self.types = load_resource("cues/event_types.json")
        self.rules = load_resource("cues/status.json")
        self.type_matcher = cue_matcher(nlp, self.types)
        self.status_matcher = cue_matcher(
            nlp,
            {key: self.rules[key] for key in ("hedges", "denials", "confirmations", "near_completion")},
        )
        self.negations = set(self.rules["negations"])

    # -- per cue --------------------------------------------------------------------
    def _infinitive_status(self, cue: Token, event_type: str) -> tuple[bool, str | None]:
        """Whether a cue in the infinitive claims anything, and the status its governor gives."""
        if cue.morph.get("VerbForm") != ["Inf"] or event_type in self.rules["fires_in_infinitive"]:
            return True, None
        governors = self.rules["infinitive_governors"]
        return cue.head.lemma_ in governors, governors.get(cue.head.lemma_)

    def _hypothetical(self, head: Token) -> bool:
        """A clause under 'si' or under a hope ('espérant que ...') asserts nothing."""
        if any(c.dep_ == "mark" and c.lower_ in self.rules["hypothetical_marks"] for c in head.children):
            return True
        return head.dep_ != "ROOT" and head.head.lemma_ in self.rules["hypothetical_governors"]

    def _negated(self, cue: Span, head: Token) -> bool:
        """Whether a negation bears on the cue: on the cue word itself, or on its verb
        when the cue is that verb, or its subject or object, directly or through
        infinitives ('aucun accord n'a été trouvé', 'n'est pas parvenu à obtenir son
        accord'). A cue that holds a negation ('pas encore tranché') means it.
        """
        if any(t.lower_ in self.negations for t in cue):
            return False
        node = cue.root
        scope = list(node.children)
        while node.i != head.i and node.dep_ in ("obj", "nsubj", "nsubj:pass", "xcomp"):
            node = node.head
        if node.i == head.i:
            scope += list(head.children)
        return any(t.lower_ in self.negations for t in scope)

    def _past_indicative(self, head: Token) -> bool:
        auxiliaries = [c for c in head.children if c.dep_.startswith("aux")]
        if head.morph.get("Tense") == ["Past"] and head.morph.get("VerbForm") == ["Part"]:
            return any(a.morph.get("Mood") == ["Ind"] for a in auxiliaries) or head.dep_ == "ROOT"
        return head.morph.get("Mood") == ["Ind"] and head.morph.get("Tense") == ["Past"]

    @staticmethod
    def _conditional(head: Token) -> bool:
        return any(t.morph.get("Mood") == ["Cnd"] for t in (head, *head.children))

    def _status(self, event_type: str, cue: Span, head: Token, sentence_cues: set[str], question: bool):
        """The (type, status) a cue claims, or None when it claims nothing."""
        fires, governed = self._infinitive_status(cue.root, event_type)
        if not fires or self._hypothetical(head):
            return None
        if "near_completion" in sentence_cues and event_type in ("signing", "agreement"):
            event_type = "negotiation"
        negated = self._negated(cue, head)
        if negated and event_type in self.rules["negated_type"]:
            rewrite = self.rules["negated_type"][event_type]
            person_subject = any(c.dep_.startswith("nsubj") and c.ent_type_ == "PER" for c in head.children)
            event_type = rewrite["undecided_person" if person_subject else "not_yet"]
            negated = False
        if "denials" in sentence_cues or negated:
            return event_type, Status.DENIED.value
        if governed:
            return event_type, governed
        if self._conditional(head) or "hedges" in sentence_cues or question:
            return event_type, Status.SPECULATIVE.value
        if "confirmations" in sentence_cues or (
            event_type in self.rules["done_types"] and self._past_indicative(head)
        ):
            return event_type, Status.CONFIRMED.value
        return event_type, Status.REPORTED.value

    # -- per document -----------------------------------------------------------------
    def _source(self, sent: Span) -> str | None:
        """The outlet named in the sentence, else a journalist named in it."""
        for span in sent.doc.spans.get("media", []):
            if sent.start <= span.start < sent.end:
                return span.id_ or span.text
        roles = sent.doc._.people_roles or {}
        for span in sent.doc.spans.get("people", []):
            if sent.start <= span.start < sent.end and roles.get(span.id_) == "journalist":
                return span.id_
        return None

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab.strings
        sentence_cues: dict[int, set[str]] = defaultdict(set)
        for match_id, start, _end in self.status_matcher(doc):
            sentence_cues[doc[start].sent.start].add(vocab[match_id])
        found: dict[tuple[int, int, str], dict] = {}
        for match_id, start, end in self.type_matcher(doc):
            cue = doc[start:end]
            sent = cue.sent
            head = clause_head(cue.root)
            question = sent.text.rstrip().endswith("?")
            claimed = self._status(vocab[match_id], cue, head, sentence_cues[sent.start], question)
            if claimed is None:
                continue
            event_type, status = claimed
            clause = _clause(head)
            entry = found.setdefault((clause.start, clause.end, status), {"types": set(), "cues": set()})
            entry["types"].add(event_type)
            entry["cues"].add(cue.root.i)
        claims, taken = [], set()
        for (start, end, status), entry in sorted(found.items(), key=lambda item: (item[0][:2], _STATUS_RANK[item[0][2]])):
            if (start, end) in taken:
                # A span's attributes are keyed by its offsets: a second status in the
                # same clause is claimed by its cue phrase alone.
                root = doc[min(entry["cues"])]
                start, end = root.left_edge.i, root.right_edge.i + 1
                if (start, end) in taken:
                    start, end = root.i, root.i + 1
            taken.add((start, end))
            claim = Span(doc, start, end, label="CLAIM")
            claim._.event_types = sorted(entry["types"])
            claim._.status = status
            claim._.cue_tokens = sorted(entry["cues"])
            claim._.source = self._source(claim.sent)
            claims.append(claim)
        doc.spans["claims"] = claims
        return doc


@Language.factory("mercato_claims")
def make_claims(nlp: Language, name: str) -> ClaimClassifier:
    return ClaimClassifier(nlp, name)
