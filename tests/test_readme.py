"""The README's first example prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_python_example_prints_its_documented_output(nlp, monkeypatch):
    import mercato_nlp

    section = README.read_text(encoding="utf-8").split("## In Python", 1)[1]
    code, shown = re.findall(r"```(?:python)?\n(.*?)```", section, flags=re.S)[:2]
    monkeypatch.setattr(mercato_nlp, "load", lambda *args, **kwargs: nlp)  # the session's pipeline, loaded once
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(code, {})
    assert printed.getvalue() == shown
