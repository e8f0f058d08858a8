"""The displaCy pages: render() and the show command, and the seed's page in headless Chromium."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

import mercato_nlp
from mercato_nlp.cli import app
from mercato_nlp.display import EVENT_COLUMNS, claim_label
from mercato_nlp.io import read_txt
from mercato_nlp.schema import Article, Entity, Event, EventType, Status

from conftest import ROOT

SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]


@pytest.fixture(scope="module")
def seed_doc(nlp):
    article = read_txt(SEED)
    return nlp(mercato_nlp.make_doc(nlp, article.text, article.date, article.id))


class Page(HTMLParser):
    """What a reader sees of a page: entity marks, claim labels, event rows."""

    def __init__(self, markup: str):
        super().__init__()
        self.marks: list[dict] = []  # {"text", "label", "canonical"}
        self.claim_labels: list[str] = []
        self.rows: list[list[str]] = []
        self.headers: list[str] = []
        self._stack: list[tuple[str, dict]] = []
        self._mark = self._label = self._cell = self._header = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._stack.append((tag, attrs))
        if tag == "mark" and "entity" in (attrs.get("class") or ""):
            self._mark = {"text": "", "label": attrs.get("data-label"), "canonical": attrs.get("data-canonical"),
                          "shown": ""}
        elif tag == "span" and attrs.get("class") == "entity-label" and self._mark is not None:
            self._label = "entity"
        elif tag == "span" and attrs.get("class") == "claim-label":
            self._label = "claim"
            self.claim_labels.append("")
        elif tag == "tr" and "event" in (attrs.get("class") or "").split():
            self.rows.append([])
        elif tag == "td" and self.rows and self._in("tr", "event"):
            self._cell = ""
        elif tag == "th" and self._in("table", "mercato-events"):
            self._header = ""
        elif tag == "br" and self._cell is not None:
            self._cell += " "

    def _in(self, tag, cls):
        return any(t == tag and cls in (a.get("class") or "").split() for t, a in self._stack)

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break
        if tag == "mark" and self._mark is not None:
            self._mark = {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in self._mark.items()}
            self.marks.append(self._mark)
            self._mark = None
        elif tag == "span" and self._label:
            self._label = None
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "th" and self._header is not None:
            self.headers.append(self._header.strip())
            self._header = None

    def handle_data(self, data):
        if self._label == "entity":
            self._mark["shown"] += data
        elif self._label == "claim":
            self.claim_labels[-1] += data.strip()
        elif self._mark is not None:
            self._mark["text"] += data
        if self._cell is not None:
            self._cell += data
        if self._header is not None:
            self._header += data


def check_seed_page(page: Page, doc) -> None:
    """The seed's page shows its entities, claims and events, as the doc has them."""
    marks = {(m["text"], m["label"], m["canonical"]) for m in page.marks}
    assert ("Marcelo Gallardo", "PER", "Marcelo Gallardo") in marks
    assert ("OM", "CLUB", "Olympique de Marseille") in marks
    assert ("Olympique de Marseille", "CLUB", "Olympique de Marseille") in marks
    assert ("L’Équipe", "MEDIA", "L'Équipe") in marks
    # an epithet is a PER mark of the person it names
    assert ("technicien argentin", "PER", "Marcelo Gallardo") in marks
    # the canonical name is shown after the label where the text says something else
    om = next(m for m in page.marks if m["text"] == "OM")
    assert om["shown"] == "CLUB · Olympique de Marseille"
    gallardo = next(m for m in page.marks if m["text"] == "Marcelo Gallardo")
    assert gallardo["shown"] == "PER"

    claims = doc.spans["claims"]
    assert len(claims) > 0
    expected = []
    for span in claims:
        label = "+".join(span._.event_types) + " · " + span._.status
        expected.append(label + (" · " + span._.source if span._.source else ""))
    assert sorted(page.claim_labels) == sorted(expected)

    assert page.headers == list(EVENT_COLUMNS)
    events = doc._.events
    assert len(page.rows) == len(events) > 0
    for row, event in zip(page.rows, events):
        cells = dict(zip(EVENT_COLUMNS, row))
        assert cells["type"] == event.type.value and cells["status"] == event.status.value
        assert cells["subject"].startswith(event.subject)
        assert cells["clubs"].startswith(f"→ {event.to_club}" if event.to_club else "← ")
        assert cells["source"] == (event.source or "")
        assert event.evidence[0].text.split()[0] in cells["evidence"]


# ------------------------------------------------------------------- render


def test_render_shows_canonical_names_claims_and_events(seed_doc):
    html = mercato_nlp.render(seed_doc)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert '<html lang="fr">' in html and '<meta charset="utf-8">' in html
    check_seed_page(Page(html), seed_doc)


def test_render_fragment_and_many_articles(seed_doc, nlp):
    fragment = mercato_nlp.render(seed_doc, page=False)
    assert not fragment.startswith("<!DOCTYPE") and "<style>" in fragment
    check_seed_page(Page(fragment), seed_doc)

    other = nlp(mercato_nlp.make_doc(nlp, "L'OM a officialisé l'arrivée de Pierre-Emerick Aubameyang.", id="b"))
    page = mercato_nlp.render([seed_doc, other], title="Deux articles")
    assert "<title>Deux articles</title>" in page
    assert 'href="#article-0"' in page and 'href="#article-1"' in page and 'id="article-1"' in page
    assert len(Page(page).rows) == len(seed_doc._.events) + len(other._.events)


def test_claim_labels_name_types_status_and_source(nlp):
    doc = nlp("Selon L'Équipe, l'OM aurait formulé une offre pour Kylian Mbappé.")
    assert [claim_label(span) for span in doc.spans["claims"]] == ["offer · speculative · L'Équipe"]


def test_render_escapes_what_comes_from_the_article(nlp):
    text = "<script>alert(1)</script> L'OM & le PSG : <b>Kylian Mbappé</b> a signé au PSG."
    doc = nlp(mercato_nlp.make_doc(nlp, text, id='<img src=x onerror="1">'))
    html = mercato_nlp.render(doc)
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_render_an_article_record_and_an_error_record():
    event = Event(EventType.SIGNING, "Kylian Mbappé", Status.CONFIRMED, to_club="Real Madrid <CF>",
                  fee_eur=180000000.0)
    text = "Le Real a officialisé l'arrivée de Kylian Mbappé."
    record = Article(id="r1", text=text, events=(event,),
                     entities=(Entity(3, 7, "CLUB", "Real", "Real Madrid <CF>"),))
    failed = Article(id="r2", text="", error="in.jsonl:2: not valid JSON <oops>")
    html = mercato_nlp.render([record, failed])
    page = Page(html)
    assert [(m["text"], m["label"], m["canonical"]) for m in page.marks] == [("Real", "CLUB", "Real Madrid <CF>")]
    assert page.rows[0][:3] == ["signing", "Kylian Mbappé", "→ Real Madrid <CF>"]
    assert page.rows[0][5] == "180 000 000 €"
    assert "Real Madrid &lt;CF&gt;" in html
    assert "not valid JSON &lt;oops&gt;" in html and "Not kept in the record" in html


def test_render_rejects_what_it_cannot_show():
    with pytest.raises(TypeError, match="Doc or Article"):
        mercato_nlp.render(["some text"])


# --------------------------------------------------------------------- show


@pytest.fixture
def runner(nlp, monkeypatch):
    monkeypatch.setattr(mercato_nlp, "load", lambda *a, **k: nlp)
    return CliRunner()


def test_show_writes_the_page_of_the_seed(runner, seed_doc, tmp_path):
    out = tmp_path / "pages" / "seed.html"
    result = runner.invoke(app, ["show", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"1 annotated, 0 failed; page in {out}" in result.stderr
    check_seed_page(Page(out.read_text(encoding="utf-8")), seed_doc)


def test_show_a_file_with_a_broken_line_exits_1_and_shows_the_error(runner, tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "a", "text": "L'OM a officialisé l'arrivée de Kylian Mbappé."}) + "\n{oops\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["show", str(inp), "-o", "-"])
    assert result.exit_code == 1
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert f"{inp}:2: not valid JSON" in result.stdout and f"{inp}:2: not valid JSON" in result.stderr
    assert len(Page(result.stdout).rows) >= 1


def test_show_refuses_a_folder_as_output(runner, tmp_path):
    result = runner.invoke(app, ["show", str(SEED), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.stderr


# ----------------------------------------------------------------- browser


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("chromium is not installed (make test installs Debian's chromium package where it can)")
    return found


def run_chromium(binary: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def test_the_seed_page_in_headless_chromium(seed_doc, tmp_path):
    binary = chromium()
    page = tmp_path / "seed.html"
    page.write_text(mercato_nlp.render(seed_doc), encoding="utf-8")

    dom = run_chromium(binary, tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "<mark" in dom and "mercato-events" in dom
    check_seed_page(Page(dom), seed_doc)

    shot = tmp_path / "seed.png"
    run_chromium(binary, tmp_path, "--window-size=1280,2400", "--hide-scrollbars", f"--screenshot={shot}",
                 page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2400) and len(data) > 50_000  # a page of text, not a blank one
