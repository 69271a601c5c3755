"""`meldcode dossier export`: an entry or a case's timeline for the client file, as
printable HTML or a PDF, holding the record's own text and nothing else."""

from __future__ import annotations

import copy
import json
import stat
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.conftest import invoke
from tests.interview.test_answers_file import write_yaml

PROFIEL = {
    "naam": "TEST Praktijk De Kleine Bron",
    "beroep": "orthopedagoog",
    "kader": "verbeterde-meldcode-2018-11",
}


def record(tmp_path: Path, dossier_dir: Path, raw: dict[str, Any]) -> str:
    run = invoke(
        [
            "start",
            "--answers",
            str(write_yaml(tmp_path, raw, "a.yaml")),
            "--dossier-dir",
            str(dossier_dir),
            "--json",
        ]
    )
    assert run.code == 0, run.output
    return str(json.loads(run.stdout)["id"])


@pytest.fixture
def entry(tmp_path, dossier_dir, example_raw, monkeypatch) -> str:
    monkeypatch.setenv("MELDCODE_PROFIEL", str(tmp_path / "profiel.toml"))
    run = invoke(["profiel", "--answers", str(write_yaml(tmp_path, PROFIEL, "p.yaml"))])
    assert run.code == 0, run.output
    return record(tmp_path, dossier_dir, example_raw)


def export(dossier_dir: Path, *args: str):
    return invoke(["dossier", "export", *args, "--dossier-dir", str(dossier_dir)])


SIGNAAL = "Zoon is in de sessie stil en schrikt zichtbaar als er een deur dichtslaat"


def test_the_pdf_holds_the_signals_the_decision_the_author_and_page_numbers(
    tmp_path, dossier_dir, entry
):
    out = tmp_path / "export.pdf"
    run = export(dossier_dir, entry[-6:], "--pdf", str(out))
    assert run.code == 0, run.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    reader = pypdf.PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert SIGNAAL in text
    assert "Besluit: Hulp bieden of organiseren" in text
    assert "Vastgelegd door: TEST Praktijk De Kleine Bron, orthopedagoog" in text
    assert "cliënt" in text  # the embedded font carries ë
    assert (
        "Heb ik op basis van de stappen 1 t/m 4 van de meldcode een vermoeden van (dreiging"
        " van) huiselijk geweld en/of kindermishandeling?" in text
    )
    pages = len(reader.pages)
    assert f"Pagina {pages} van {pages}" in text and pages >= 2


def test_the_html_is_the_record_printable_and_without_raw_html(
    tmp_path, dossier_dir, example_raw, entry
):
    out = tmp_path / "export.html"
    run = export(dossier_dir, entry, "--html", str(out))
    assert run.code == 0, run.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert "@page" in page and "counter(page)" in page  # page numbers when printed
    assert SIGNAAL in page
    assert "<strong>Vastgelegd door:</strong> TEST Praktijk De Kleine Bron" in page
    assert "<strong>Besluit:</strong> Hulp bieden of organiseren" in page


def test_free_text_cannot_make_html_or_links(tmp_path, dossier_dir, example_raw):
    raw = copy.deepcopy(example_raw)
    raw["signalen"][0]["omschrijving"] = (
        'TEST <script>alert(1)</script> <img src=x onerror="alert(2)"> [klik](javascript:x)'
    )
    entry_id = record(tmp_path, dossier_dir, raw)
    out = tmp_path / "export.html"
    assert export(dossier_dir, entry_id, "--html", str(out)).code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as written
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found.append((tag, attrs))

    parser = Tags()
    parser.feed(page)
    tags = {tag for tag, _ in parser.found}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "header", "article"} | {
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "blockquote",
        "br",
        "em",
        "code",
    }, tags
    assert all(not any(k.startswith("on") or k == "href" for k, _ in a) for _, a in parser.found)


def test_a_whole_case_oldest_first(tmp_path, dossier_dir, example_raw):
    first = record(tmp_path, dossier_dir, example_raw)
    evaluatie = tmp_path / "e.yaml"
    evaluatie.write_text(
        "versie: 2\nevaluatie:\n  datum: vandaag\n  antwoord: ja\n"
        "  toelichting: TEST rust\n  afspraken: TEST school\n",
        encoding="utf-8",
    )
    args = ["vervolg", first, "--answers", str(evaluatie), "--dossier-dir", str(dossier_dir)]
    assert invoke(args).code == 0
    out = tmp_path / "casus.html"
    run = export(dossier_dir, "--casus", "vb-2026-017", "--html", str(out))
    assert run.code == 0, run.output
    assert "2 dossierstukken geëxporteerd" in run.stderr
    page = out.read_text(encoding="utf-8")
    assert page.index("<h1>Meldcode — casus VB-2026-017</h1>") < page.index(
        "<h1>Evaluatie van de hulp (afweging 5) — casus VB-2026-017</h1>"
    )
    assert "break-before: page" in page


def test_export_refuses_what_it_cannot_vouch_for(tmp_path, dossier_dir, example_raw):
    entry_id = record(tmp_path, dossier_dir, example_raw)
    out = tmp_path / "x.html"
    out.write_text("van mij", encoding="utf-8")
    run = export(dossier_dir, entry_id, "--html", str(out))
    assert run.code == 2 and "overschrijf" in run.stderr
    assert out.read_text(encoding="utf-8") == "van mij"
    assert export(dossier_dir, entry_id).code == 2  # --html or --pdf
    assert export(dossier_dir, "--html", str(tmp_path / "y.html")).code == 2  # what?
    md = dossier_dir / f"{entry_id}.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nTEST erbij gezet\n", encoding="utf-8")
    run = export(dossier_dir, entry_id, "--pdf", str(tmp_path / "z.pdf"))
    assert run.code == 1 and "het Markdown-bestand is gewijzigd" in run.stderr
    assert "Daarom ga ik het niet exporteren" in run.stderr
    assert not (tmp_path / "z.pdf").exists()


def test_a_hand_edited_markdown_file_cannot_put_html_in_the_export(
    tmp_path, dossier_dir, example_raw
):
    """Read back from disk, the Markdown is untrusted: even with its digest made to match
    and the entry signed anew by the key's holder, raw HTML in it is shown as text, never
    passed on. Without the key, the export refuses it (the signature fails)."""
    import hashlib

    from meldcode_cli.dossier.entry import canonical_sha256
    from tests.dossier.helpers import resign

    entry_id = record(tmp_path, dossier_dir, example_raw)
    md = dossier_dir / f"{entry_id}.md"
    data = md.read_text(encoding="utf-8") + '\n<script>alert(1)</script>\n<img src=x onerror="y">\n'
    md.write_text(data, encoding="utf-8")
    path = dossier_dir / f"{entry_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["markdown_sha256"] = hashlib.sha256(data.encode("utf-8")).hexdigest()
    document["sha256"] = canonical_sha256(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "x.html"
    run = export(dossier_dir, entry_id, "--html", str(out))
    assert run.code == 1 and "de handtekening klopt niet" in run.stderr
    assert not out.exists()
    resign(path, document)
    assert export(dossier_dir, entry_id, "--html", str(out)).code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_pdf_of_too_much_text_is_refused_quickly_and_html_still_works(
    tmp_path, dossier_dir, example_raw
):
    """Issue 22: 50 signals of long text made the PDF export run for minutes; its input is
    bounded now, before any rendering."""
    import copy
    import time

    raw = copy.deepcopy(example_raw)
    signaal = raw["signalen"][0]
    raw["signalen"] = [
        dict(signaal, omschrijving=("TEST: lange beschrijving van signaal " * 300)[:9000])
        for _ in range(30)
    ]
    entry_id = record(tmp_path, dossier_dir, raw)
    began = time.monotonic()
    run = export(dossier_dir, entry_id, "--pdf", str(tmp_path / "x.pdf"))
    assert time.monotonic() - began < 5
    assert run.code == 2
    assert "Te veel tekst voor een PDF" in run.stderr and "--html" in run.stderr
    assert not (tmp_path / "x.pdf").exists()
    assert export(dossier_dir, entry_id, "--html", str(tmp_path / "x.html")).code == 0


def test_a_kenmerk_cannot_make_html_or_leave_its_css_string(tmp_path, dossier_dir, example_raw):
    """The kenmerk stands in the title, the header and the page's CSS (the running head
    of a printed page): in each it is text, and nothing in it ends its string."""
    raw = copy.deepcopy(example_raw)
    raw["casus"]["referentie"] = 'TEST <b>vet</b> "}*{display:none} \\'
    entry_id = record(tmp_path, dossier_dir, raw)
    out = tmp_path / "export.html"
    assert export(dossier_dir, entry_id, "--html", str(out)).code == 0
    page = out.read_text(encoding="utf-8")
    assert "<b>" not in page
    head = page.split("<style>", 1)[0]
    assert "<title>Meldcode — casus TEST &lt;b&gt;vet&lt;/b&gt;" in head
    header = page.split('<header class="export">', 1)[1].split("</header>", 1)[0]
    assert header.startswith("Meldcode — casus TEST &lt;b&gt;vet&lt;/b&gt;")
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "TEST  b vet /b   }*{display:none}" in css  # quotes, <, > and \ are spaces
    assert '"}' not in css and "\\" not in css and "<b" not in css
