"""Shared fixtures: the pipeline is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    import mercato_nlp

    return mercato_nlp.load()


@pytest.fixture(scope="session")
def shared_gold() -> Path:
    """The shared development gold files; absent from a user's clone."""
    folder = SHARED / "gold"
    if not folder.is_dir():
        pytest.skip("../shared/gold is not here (only the developers have it)")
    return folder


@pytest.fixture
def run_interrupted(monkeypatch):
    """Run a CLI call that is stopped by Ctrl-C after ``n`` records have been made."""
    from mercato_nlp import batch

    def run(invoke, n):
        real = batch.annotate_items

        def interrupted(*args, **kwargs):
            for count, record in enumerate(real(*args, **kwargs)):
                if count == n:
                    raise KeyboardInterrupt
                yield record

        monkeypatch.setattr(batch, "annotate_items", interrupted)
        try:
            return invoke()
        finally:
            monkeypatch.setattr(batch, "annotate_items", real)

    return run
