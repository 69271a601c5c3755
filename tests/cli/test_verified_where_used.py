"""Issue 22: an entry is verified wherever it is used, not only in `controleer`.

The attack of the issue: edit an entry's Markdown and put its new SHA-256 in the JSON
(no key needed). Then `show` shows it under a plain warning; export, `vervolg`, the
melding sheet and the backup refuse it, with the line `controleer` gives."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from meldcode_cli.dossier.entry import canonical_sha256
from tests.cli.test_case_story import (
    EVALUATIE_NEE,
    GEMELD,
    acuut,
    code_of,
    start,
    vervolg,
)
from tests.conftest import hold_clock, invoke
from tests.dossier.helpers import spoil_signature

FORGED = "TEST: deze regel heeft niemand vastgelegd"
WHY = "het Markdown-bestand is gewijzigd: Markdown en JSON komen niet meer overeen"
WHY_SIGNED = "de handtekening klopt niet: het dossierstuk is gewijzigd of nagemaakt"


def forge(dossier_dir: Path, entry_id: str) -> None:
    """The issue's forgery: a line added to the Markdown, its digest put in the JSON and
    the plain checksum recomputed; only the signature (which needs the key) is left."""
    md = dossier_dir / f"{entry_id}.md"
    data = md.read_text(encoding="utf-8") + f"\n{FORGED}\n"
    md.write_text(data, encoding="utf-8")
    path = dossier_dir / f"{entry_id}.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    document["markdown_sha256"] = hashlib.sha256(data.encode("utf-8")).hexdigest()
    document["sha256"] = canonical_sha256(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def example_raw() -> dict[str, Any]:
    """The example as it was written (its evaluation on 15-01-2027); the tests that
    follow it up hold the clock."""
    import yaml

    from tests.conftest import FROZEN_EXAMPLE

    data: dict[str, Any] = yaml.safe_load(FROZEN_EXAMPLE.read_text(encoding="utf-8"))
    return data


def files(folder: Path) -> set[str]:
    """The entries and files in a folder (the summary cache aside)."""
    return {p.name for p in folder.iterdir() if p.name != ".index.json"}


@pytest.fixture
def forged(tmp_path, dossier_dir, example_raw, monkeypatch) -> str:
    hold_clock(monkeypatch, date(2026, 11, 23))
    entry_id: str = start(tmp_path, dossier_dir, example_raw)["id"]  # hulp bieden
    forge(dossier_dir, entry_id)
    check = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert check.code == 1 and WHY_SIGNED in check.stderr  # what controleer says
    return entry_id


def test_show_shows_it_under_a_plain_warning(dossier_dir, forged):
    for extra in ([], ["--json"]):
        run = invoke(["dossier", "show", forged, "--dossier-dir", str(dossier_dir), *extra])
        assert run.code == 0, run.output
        assert f"dossierstuk {forged} is niet in orde: " in run.stderr
        assert WHY_SIGNED in run.stderr
        assert "is misschien niet wat je vastlegde" in run.stderr
    run = invoke(["dossier", "show", "--casus", "VB-2026-017", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0 and f"dossierstuk {forged} is niet in orde" in run.stderr


def test_a_sound_entry_is_shown_without_a_warning(tmp_path, dossier_dir, example_raw, monkeypatch):
    hold_clock(monkeypatch, date(2026, 11, 23))
    entry_id = start(tmp_path, dossier_dir, example_raw)["id"]
    run = invoke(["dossier", "show", entry_id, "--dossier-dir", str(dossier_dir)])
    assert run.code == 0 and "niet in orde" not in run.stderr


@pytest.mark.parametrize("soort", ["--html", "--pdf"])
def test_export_refuses_it(tmp_path, dossier_dir, forged, soort):
    out = tmp_path / "uit" / "export"
    out.parent.mkdir()
    args = ["dossier", "export", forged, soort, str(out), "--dossier-dir", str(dossier_dir)]
    run = invoke(args)
    assert run.code == 1
    assert f"Dossierstuk {forged} is niet in orde: " in run.stderr
    assert WHY_SIGNED in run.stderr and "Daarom ga ik het niet exporteren." in run.stderr
    assert files(out.parent) == set()
    # The whole case too.
    args = ["dossier", "export", "--casus", "VB-2026-017", soort, str(out)]
    run = invoke([*args, "--dossier-dir", str(dossier_dir)])
    assert run.code == 1 and files(out.parent) == set()


def test_vervolg_builds_nothing_on_it(tmp_path, dossier_dir, forged, monkeypatch):
    before = files(dossier_dir)
    hold_clock(monkeypatch, date(2027, 1, 15))
    run = vervolg(tmp_path, dossier_dir, code_of(forged), EVALUATIE_NEE, "evaluatie.yaml")
    assert run.code == 1
    assert f"Dossierstuk {forged} is niet in orde: " in run.stderr and WHY_SIGNED in run.stderr
    assert "Daarom ga ik het niet als basis voor een vervolg gebruiken." in run.stderr
    assert files(dossier_dir) == before


def test_no_melding_is_recorded_on_it(tmp_path, dossier_dir, example_raw, monkeypatch):
    """A follow-up that reads no chain (the melding made) checks the entry itself."""
    hold_clock(monkeypatch, date(2026, 12, 3))
    decided = start(tmp_path, dossier_dir, acuut(example_raw))["id"]
    forge(dossier_dir, decided)
    before = files(dossier_dir)
    run = vervolg(tmp_path, dossier_dir, code_of(decided), GEMELD, "gemeld.yaml")
    assert run.code == 1
    assert f"Dossierstuk {decided} is niet in orde: " in run.stderr and WHY_SIGNED in run.stderr
    assert files(dossier_dir) == before


def test_no_sheet_from_a_case_with_a_forged_earlier_entry(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    """The sheet of an evaluation reads the case from its chain: every entry of it is
    checked."""
    hold_clock(monkeypatch, date(2026, 11, 23))
    helped = start(tmp_path, dossier_dir, example_raw)["id"]
    hold_clock(monkeypatch, date(2027, 1, 15))
    run = vervolg(tmp_path, dossier_dir, code_of(helped), EVALUATIE_NEE, "evaluatie.yaml")
    evaluated = json.loads(run.stdout)["id"]
    spoil_signature(dossier_dir / f"{helped}.json")
    before = files(dossier_dir)
    run = invoke(["melding", code_of(evaluated), "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 1
    assert f"Dossierstuk {helped} is niet in orde: {WHY_SIGNED}." in run.stderr
    assert "Daarom ga ik het niet op een meldingsblad zetten." in run.stderr
    assert files(dossier_dir) == before


def test_no_sheet_whose_stand_comes_from_a_forged_later_entry(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    """The sheet says where the melding stands now, from the newest entry of the case:
    that entry is checked too, not only the one the sheet is of."""
    hold_clock(monkeypatch, date(2026, 12, 3))
    decided = start(tmp_path, dossier_dir, acuut(example_raw))["id"]
    run = vervolg(tmp_path, dossier_dir, code_of(decided), GEMELD, "gemeld.yaml")
    assert run.code == 0, run.output
    waiting = json.loads(run.stdout)["id"]
    forge(dossier_dir, waiting)
    before = files(dossier_dir)
    run = invoke(["melding", code_of(decided), "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 1, run.output
    assert f"Dossierstuk {waiting} is niet in orde: {WHY_SIGNED}" in run.stderr
    assert files(dossier_dir) == before


def test_the_sheets_refuse_it(tmp_path, dossier_dir, example_raw, monkeypatch):
    hold_clock(monkeypatch, date(2026, 11, 23))
    entry_id = start(tmp_path, dossier_dir, acuut(example_raw))["id"]
    forge(dossier_dir, entry_id)
    for extra, sheet in (([], "meldingsblad"), (["--advies"], "adviesblad")):
        run = invoke(["melding", code_of(entry_id), "--dossier-dir", str(dossier_dir), *extra])
        assert run.code == 1, run.output
        assert f"Dossierstuk {entry_id} is niet in orde: " in run.stderr
        assert WHY_SIGNED in run.stderr
        assert f"Daarom ga ik het niet op een {sheet} zetten." in run.stderr
        assert FORGED not in run.stdout


def test_the_backup_refuses_it_and_names_it(tmp_path, dossier_dir, forged, example_raw):
    other = dict(example_raw, casus=dict(example_raw["casus"], referentie="TEST-ANDER"))
    start(tmp_path, dossier_dir, other)
    out = tmp_path / "backup.tar"
    run = invoke(["dossier", "backup", str(out), "--dossier-dir", str(dossier_dir)])
    assert run.code == 1
    assert f"{forged} is niet in orde: " in run.stderr and WHY_SIGNED in run.stderr
    assert "1 dossierstuk is niet in orde; er is geen backup gemaakt" in run.stderr
    assert not out.exists()


def test_an_edited_markdown_alone_is_named_as_such(tmp_path, dossier_dir, example_raw, monkeypatch):
    """Without the digest put in the JSON, the line says what changed."""
    hold_clock(monkeypatch, date(2026, 11, 23))
    entry_id = start(tmp_path, dossier_dir, example_raw)["id"]
    md = dossier_dir / f"{entry_id}.md"
    md.write_text(md.read_text(encoding="utf-8") + f"\n{FORGED}\n", encoding="utf-8")
    run = invoke(["dossier", "show", entry_id, "--dossier-dir", str(dossier_dir)])
    assert run.code == 0 and WHY in run.stderr
