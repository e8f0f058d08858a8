"""The span values written and read without ``span._`` are those ``span._`` writes and reads."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from mercato_nlp.extensions import _SPAN_VALUES, set_span_values, span_values


def test_span_values_are_written_where_span_underscore_keeps_them():
    nlp = spacy.blank("fr")
    values = {name: [name] for name in sorted(_SPAN_VALUES)}
    ours, theirs = nlp("Le PSG a signé Martin Terrier."), nlp("Le PSG a signé Martin Terrier.")
    set_span_values(Span(ours, 1, 4, label="CLAIM"), **values)
    span = Span(theirs, 1, 4, label="CLAIM")
    for name, value in values.items():
        setattr(span._, name, value)
    assert ours.user_data == theirs.user_data
    assert {name: getattr(Span(ours, 1, 4)._, name) for name in values} == values


def test_only_span_values_are_written():
    doc = spacy.blank("fr")("Le PSG a signé Martin Terrier.")
    with pytest.raises(AttributeError):
        set_span_values(doc[0:2], canonical="PSG")
    with pytest.raises(AttributeError):
        set_span_values(doc[0:2], statut="confirmed")


def test_span_values_are_read_as_span_underscore_reads_them():
    doc = spacy.blank("fr")("Le PSG a signé Martin Terrier.")
    span = Span(doc, 1, 4, label="CLAIM")
    span._.status, span._.cue_tokens = "confirmed", [3]
    names = sorted(_SPAN_VALUES)
    assert span_values(Span(doc, 1, 4), names) == [getattr(span._, name) for name in names]
    assert span_values(doc[0:2], names) == [None] * len(names)  # never set: the defaults
