"""Docs cross between ``nlp.pipe``'s worker processes without re-reading srsly's registries.

Each worker sends every doc to the parent as ``Doc.to_bytes()``, and the
parent reads it back with ``Doc.from_bytes()``. At every msgpack call srsly
builds its chain of encoders (decoders) anew from catalogue's registry: it
copies the whole registry of spaCy's and thinc's functions and reads every
installed entry point. A doc of ours makes eight such calls each way (one per
span group, two for the custom attributes), a bare fr_core_news_md doc one:
they took more CPU than our components with two workers, most of it in the
parent, which the workers wait for.

While :func:`cached_msgpack_registries` is open, the two registries answer
from a cache, read again whenever a function is registered (the registry
grows) so that the answers stay those srsly would get. Worker processes forked
inside it inherit it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import catalogue
from srsly.msgpack import msgpack_decoders, msgpack_encoders

_REGISTRIES = (msgpack_encoders, msgpack_decoders)


def _cached_get_all(registry: catalogue.Registry) -> Callable[[], dict]:
    read = type(registry).get_all.__get__(registry)
    cache: dict = {"size": None, "functions": {}}

    def get_all() -> dict:
        size = len(catalogue.REGISTRY)  # entry points are read once, when catalogue is imported
        if size != cache["size"]:
            cache["size"], cache["functions"] = size, read()
        return dict(cache["functions"])

    return get_all


@contextlib.contextmanager
def cached_msgpack_registries() -> Iterator[None]:
    """srsly's msgpack encoders and decoders looked up once, not at every call (nests)."""
    if any("get_all" in vars(registry) for registry in _REGISTRIES):
        yield  # an enclosing call has set the cache
        return
    for registry in _REGISTRIES:
        registry.get_all = _cached_get_all(registry)
    try:
        yield
    finally:
        for registry in _REGISTRIES:
            del registry.get_all
