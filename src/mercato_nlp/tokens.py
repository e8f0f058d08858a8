"""A doc's token strings and features, its tree and its sentences, read for all tokens at once with ``Doc.to_array``.

The components read some attribute of every token (its folded form or lemma
to find role nouns, its morphology, the doc's text to cut sentences out of
it, the heads and relations their rules climb): read through Token objects,
that made a Python object and decoded a string per token and per reading.
"""

from __future__ import annotations

import bisect
import functools
import weakref
from collections.abc import Callable, Iterator

import numpy

from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_PUNCT, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, SPACY
from spacy.errors import Errors
from spacy.morphology import Morphology
from spacy.strings import StringStore
from spacy.tokens import Doc, Span


class _Strings(dict):
    """A StringStore's strings by hash, each decoded and converted once (``strings[key]``
    makes a new str at each call, and ``fold`` is dearer still)."""

    def __init__(self, strings: StringStore, convert: Callable[[str], str]):
        super().__init__()
        self.strings, self.convert = strings, convert

    def __missing__(self, key: int) -> str:
        value = self[key] = self.convert(self.strings[key])
        return value


@functools.lru_cache(maxsize=8)
def _strings(strings: StringStore, convert: Callable[[str], str]) -> _Strings:
    """The strings of a vocab's StringStore (one pipeline's, as a rule), as they are
    (``convert=str``) or folded (``convert=fold``)."""
    return _Strings(strings, convert)


def decoded(doc: Doc, keys: list[int], convert: Callable[[str], str] = str) -> list[str]:
    """The strings of hashes read with ``columns`` (``convert=fold``: folded), each decoded
    once per vocab."""
    return list(map(_strings(doc.vocab.strings, convert).__getitem__, keys))


def columns(doc: Doc, attrs: list[int]) -> list[list[int]]:
    """``Doc.to_array`` of several attributes, as one list per attribute: a list per
    token (``to_array(attrs).tolist()``) costs more to make than the array to read."""
    return doc.to_array(attrs).T.tolist()


#: Each doc's text, by doc: the claims and the events both read it, and it never changes
#: (retokenizing keeps it).
_texts: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``: every token's text and the space after it, if any (joined once per doc)."""
    text = _texts.get(doc)
    if text is None:
        orths, spaces = columns(doc, [ORTH, SPACY])
        text = joined_text(doc, decoded(doc, orths), spaces)
    return text


def joined_text(doc: Doc, texts: list[str], spaces: list[int]) -> str:
    """``doc_text(doc)``, joined from the tokens' texts and ``SPACY`` flags if no one has
    joined it yet: a reading that has decoded the texts already joins them without
    reading the doc again."""
    text = _texts.get(doc)
    if text is None:
        text = _texts[doc] = "".join([word + " " if space else word for word, space in zip(texts, spaces)])
    return text


@functools.lru_cache(maxsize=4096)
def _features(strings, key: int) -> dict[str, list[str]]:
    return {field: values.split(Morphology.VALUE_SEP) for field, values in Morphology.feats_to_dict(strings[key]).items()}


class Morphs:
    """The morphological features of every token, read once: ``get(i, field)`` is
    ``doc[i].morph.get(field)``, which builds a MorphAnalysis and decodes its values
    at each call. The features are parsed once per distinct analysis, and looked up
    only for the tokens asked about."""

    def __init__(self, doc: Doc):
        self.strings = doc.vocab.strings
        self.keys = doc.to_array(MORPH).tolist()

    def get(self, i: int, field: str) -> list[str]:
        return _features(self.strings, self.keys[i]).get(field, [])


class Parse:
    """A doc's tokens and tree, each attribute read once for all tokens, by token index:
    ``lowers`` (``lower_``), ``lemmas`` (``lemma_.lower()``), ``heads`` (``head.i``),
    ``deps`` (``dep_``) and ``pos`` (``pos``: a ``spacy.symbols`` id), and the hashes of
    the lowercase forms and lemmas (``lower_keys``, ``lemma_keys``); ``lemma(i)`` is
    ``lemma_``; ``morphs``, ``puncts`` (``is_punct``) and ``ent_types`` (``ent_type``: a
    hash) are read the first time they are asked for, and ``children(i)`` and
    ``ancestors(i)`` are those of ``doc[i]``, as indices.

    Rules that read these lists make no Token and decode no string per reading.
    :meth:`of` gives the components after the parser one reading per doc: its tree and
    words do not change after the parser (a doc retokenized since is read again).
    """

    def __init__(self, doc: Doc):
        # weak: a value of ``_parses`` holding its key would keep every doc alive
        self._doc = weakref.ref(doc)
        array = doc.to_array([LOWER, LEMMA, DEP, POS, HEAD])
        self.lower_keys, self.lemma_keys, deps, self.pos = array[:, :-1].T.tolist()
        self.lowers, self.lemmas = decoded(doc, self.lower_keys), decoded(doc, self.lemma_keys, str.lower)
        self.deps = decoded(doc, deps)
        # ``HEAD`` is the offset to the head, unsigned in the array
        self.heads = (numpy.arange(len(doc)) + array[:, -1].astype("int64")).tolist()
        self._children: tuple[list[int], list[int]] | None = None

    @classmethod
    def of(cls, doc: Doc):
        """The doc's reading (an instance of ``cls``), made on the first call for the doc."""
        parse = _parses.get(doc)
        if not isinstance(parse, cls) or len(parse.heads) != len(doc):
            parse = _parses[doc] = cls(doc)
        return parse

    @property
    def doc(self) -> Doc:
        return self._doc()

    def lemma(self, i: int) -> str:
        """``lemma_`` (decoded when asked for: rules read few lemmas as they are)."""
        return _strings(self.doc.vocab.strings, str)[self.lemma_keys[i]]

    @functools.cached_property
    def morphs(self) -> Morphs:
        return Morphs(self.doc)

    @functools.cached_property
    def puncts(self) -> list[int]:
        return self.doc.to_array(IS_PUNCT).tolist()

    @functools.cached_property
    def ent_types(self) -> list[int]:
        return self.doc.to_array(ENT_TYPE).tolist()

    def children(self, i: int) -> list[int]:
        if self._children is None:
            self._children = self._by_head()
        order, bounds = self._children
        return order[bounds[i]: bounds[i + 1]]

    def _by_head(self) -> tuple[list[int], list[int]]:
        """The tokens sorted by head, in order (each root after all the others), and where
        each token's children start in that order: made the first time children are
        asked for, with numpy (a Python loop over the tokens cost twice as much)."""
        indices = numpy.arange(len(self.heads))
        heads = numpy.array(self.heads)
        heads[heads == indices] = len(heads)  # a root is no child of its own
        order = numpy.argsort(heads, kind="stable")
        return order.tolist(), numpy.searchsorted(heads[order], numpy.arange(len(heads) + 1)).tolist()

    def ancestors(self, i: int) -> Iterator[int]:
        heads = self.heads
        while heads[i] != i:
            i = heads[i]
            yield i


#: Each doc's Parse, by doc (see ``Parse.of``).
_parses: weakref.WeakKeyDictionary[Doc, Parse] = weakref.WeakKeyDictionary()


class Sentences:
    """The sentences of a doc, read once: ``of(i)`` is the sentence of token ``i``,
    what ``span.sent`` gives for a span that starts there (``span.sent`` walks the
    tokens to the sentence's edges at each call).

    The boundaries are read with ``Doc.to_array`` and cut as ``doc.sents`` cuts
    them; a sentence's Span is made the first time it is asked for.
    """

    def __init__(self, doc: Doc):
        if not doc.has_annotation("SENT_START"):
            raise ValueError(Errors.E030)
        self.doc = doc
        flags = doc.to_array(SENT_START)
        self.starts = [0] + (numpy.flatnonzero(flags[1:] == 1) + 1).tolist()
        self.ends = self.starts[1:] + [len(doc)]
        self.spans: dict[int, Span] = {}  # by sentence number

    def _number(self, i: int) -> int:
        """The number of the sentence of token ``i``."""
        return bisect.bisect_right(self.starts, i) - 1

    def bounds(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence of token ``i``, without making its Span."""
        k = self._number(i)
        return self.starts[k], self.ends[k]

    def of(self, i: int) -> Span:
        k = self._number(i)
        if k not in self.spans:
            self.spans[k] = Span(self.doc, self.starts[k], self.ends[k])
        return self.spans[k]
