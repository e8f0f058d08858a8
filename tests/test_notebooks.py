"""The notebooks of notebooks/ are committed without outputs and run top to bottom."""

from __future__ import annotations

import json
import re
import sys
import time

import pytest

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ("quickstart", "evaluation")

nbformat = pytest.importorskip("nbformat", reason="the notebooks extra is not installed (pip install -e '.[test]')")
nbclient = pytest.importorskip("nbclient", reason="the notebooks extra is not installed (pip install -e '.[test]')")
pytest.importorskip("ipykernel", reason="the notebooks extra is not installed (pip install -e '.[test]')")

KERNEL = "mercato-nlp-tests"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernel spec running this interpreter (the venv's python), whatever kernels the machine has."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "data" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "mercato-nlp tests", "language": "python",
    }))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(folder / "data"))
        mp.setenv("JUPYTER_RUNTIME_DIR", str(folder / "runtime"))
        mp.setenv("IPYTHONDIR", str(folder / "ipython"))
        mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        yield KERNEL


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    book = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: clear the outputs before committing"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, kernel):
    book = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(book, kernel_name=kernel, timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.monotonic()
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error
    elapsed = time.monotonic() - started

    outputs = [out for cell in book.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    text = "".join(out.get("text", "") + out.get("data", {}).get("text/plain", "") for out in outputs)
    html = "".join(out.get("data", {}).get("text/html", "") for out in outputs)
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    if name == "quickstart":
        assert "Olympique de Marseille" in html and 'class="entity"' in html and "mercato-events" in html
        assert "Marcelo Gallardo" in text
        assert re.search(r"\b\d{2,} articles, 0 errors", text)
    else:
        assert len(images) == 2  # the per-type F1 chart and the confusion matrix
        assert "corpus/test.jsonl" in text and "events F1" in html
        assert "(tp " in text  # the error listing of the worst articles
        assert elapsed < 120, f"the evaluation notebook took {elapsed:.0f} s; keep it near a minute"
