"""srsly's msgpack registries, cached while docs cross between processes, answer as srsly would."""

from __future__ import annotations

import catalogue
import srsly
from srsly.msgpack import msgpack_decoders, msgpack_encoders

from mercato_nlp.msgpack_registries import cached_msgpack_registries


def test_the_cache_answers_as_the_registries_do():
    expected = {registry: registry.get_all() for registry in (msgpack_encoders, msgpack_decoders)}
    with cached_msgpack_registries():
        for registry, functions in expected.items():
            assert registry.get_all() == functions
            assert registry.get_all() == functions  # from the cache
    assert "get_all" not in vars(msgpack_encoders) and "get_all" not in vars(msgpack_decoders)


def test_a_function_registered_meanwhile_is_seen():
    def encode_set(obj, chain=None):
        if isinstance(obj, set):
            return sorted(obj)
        return obj if chain is None else chain(obj)

    with cached_msgpack_registries():
        msgpack_encoders.get_all()
        msgpack_encoders.register("test_set", func=encode_set)
        try:
            assert "test_set" in msgpack_encoders.get_all()
            assert srsly.msgpack_loads(srsly.msgpack_dumps({3, 1})) == [1, 3]
        finally:
            catalogue._remove(("srsly", "msgpack_encoders", "test_set"))


def test_nested_uses_leave_the_outer_cache_in_place():
    with cached_msgpack_registries():
        outer = vars(msgpack_encoders)["get_all"]
        with cached_msgpack_registries():
            assert vars(msgpack_encoders)["get_all"] is outer
        assert vars(msgpack_encoders)["get_all"] is outer
    assert "get_all" not in vars(msgpack_encoders)
