"""Issue 22: stray files in the dossier folder. Conflict copies of Syncthing and Nextcloud
and an editor's backups are recognised, named in `controleer` with the entry they copy,
compared with it (never silently ignored), encrypted with the rest, and never block a
backup of the sound entries; nor does an export or a sheet left in the folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from meldcode_cli.dossier.kopie import kopie_of
from tests.conftest import EXAMPLE, invoke

ID = "20261203-101500-vb-2026-017-abc123"


@pytest.mark.parametrize(
    ("name", "soort", "original"),
    [
        (f"{ID}.sync-conflict-20261203-172300-IHAOYX5.json", "syncthing", f"{ID}.json"),
        (f"{ID}.json.sync-conflict-20261203-172300-IHAOYX5.age", "syncthing", f"{ID}.json.age"),
        (f"{ID} (conflicted copy 2026-12-03 172300).md", "nextcloud", f"{ID}.md"),
        (f"{ID} (TEST-gebruiker's conflicted copy 2026-12-03).json", "nextcloud", f"{ID}.json"),
        (f"{ID}.md~", "editor", f"{ID}.md"),
        (f"{ID}.json.bak", "editor", f"{ID}.json"),
        (f"{ID}.md.orig", "editor", f"{ID}.md"),
        (f"#{ID}.md#", "editor", f"{ID}.md"),
        (f"{ID}.md~.age", "editor", f"{ID}.md.age"),  # encrypted by meldcode
        (f"{ID}.md.age~", "editor", f"{ID}.md.age"),
        (f"{ID}.json (conflicted copy 2026-12-03 172300).age", "nextcloud", f"{ID}.json.age"),
    ],
)
def test_copies_are_recognised_with_their_entry(name, soort, original):
    kopie = kopie_of(name)
    assert kopie is not None
    assert (kopie.soort, kopie.original) == (soort, original)


@pytest.mark.parametrize(
    "name",
    ["notities.md", "stuk.pdf", f"{ID}.txt~", "x.sync-conflict-20261203-172300-IHAOYX5.json"],
)
def test_other_files_are_no_copies(name):
    assert kopie_of(name) is None


def record(folder: Path) -> str:
    run = invoke(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder), "--json"])
    assert run.code == 0, run.output
    entry_id: str = json.loads(run.stdout)["id"]
    return entry_id


def check(folder: Path):
    return invoke(["dossier", "controleer", "--dossier-dir", str(folder)])


def test_a_copy_with_the_same_content_is_noted(tmp_path, dossier_dir):
    entry_id = record(dossier_dir)
    copy = f"{entry_id}.sync-conflict-20261203-172300-IHAOYX5.json"
    shutil.copy(dossier_dir / f"{entry_id}.json", dossier_dir / copy)
    run = check(dossier_dir)
    assert run.code == 0, run.output
    said = " ".join(run.stderr.split())
    assert f"{copy} conflictkopie van Syncthing van {entry_id}.json, met dezelfde inhoud" in said


def test_a_copy_with_another_content_is_a_finding(tmp_path, dossier_dir):
    entry_id = record(dossier_dir)
    copy = f"{entry_id} (conflicted copy 2026-12-03 172300).md"
    text = (dossier_dir / f"{entry_id}.md").read_text(encoding="utf-8")
    (dossier_dir / copy).write_text(text + "\nTEST: op de andere computer erbij\n")
    run = check(dossier_dir)
    assert run.code == 1
    said = " ".join(run.stderr.split())
    assert f"Niet in orde: {copy}: conflictkopie van Nextcloud van {entry_id}.md" in said
    assert "met een andere inhoud" in said
    # list says so in one line, and shows the entry itself
    run = invoke(["dossier", "list", "--json", "--dossier-dir", str(dossier_dir)])
    assert [row["id"] for row in json.loads(run.stdout)] == [entry_id]
    assert "conflictkopie van Nextcloud" in " ".join(run.stderr.split())


def test_a_copy_of_an_entry_that_is_gone_is_a_finding(tmp_path, dossier_dir):
    record(dossier_dir)
    (dossier_dir / f"{ID}.md~").write_text("TEST: een oude versie\n", encoding="utf-8")
    run = check(dossier_dir)
    assert run.code == 1
    assert "maar dat dossierstuk staat er niet" in " ".join(run.stderr.split())


def test_copies_and_other_files_never_block_a_backup(tmp_path, dossier_dir):
    entry_id = record(dossier_dir)
    shutil.copy(dossier_dir / f"{entry_id}.md", dossier_dir / f"{entry_id}.md~")
    (dossier_dir / "stuk.pdf").write_bytes(b"%PDF-1.4 TEST")
    out = tmp_path / "backup.tar.gz"
    run = invoke(["dossier", "backup", str(out), "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    assert out.exists()
    said = " ".join(run.stderr.split())
    assert f"niet in de backup: stuk.pdf, {entry_id}.md~" in said
    elders = tmp_path / "elders"
    run = invoke(["dossier", "herstel", str(out), "--dossier-dir", str(elders)])
    assert run.code == 0, run.output
    assert sorted(p.name for p in elders.iterdir() if not p.name.startswith(".")) == [
        f"{entry_id}.json",
        f"{entry_id}.md",
    ]


def test_a_copys_name_reaches_the_screen_as_text(tmp_path, dossier_dir):
    """A Nextcloud copy's brackets may hold anything, an escape sequence too."""
    entry_id = record(dossier_dir)
    name = f"{entry_id} (\x1b[31mTEST conflicted copy 2026-12-03).md"
    (dossier_dir / name).write_text("TEST: anders\n", encoding="utf-8")
    run = check(dossier_dir)
    assert run.code == 1
    assert "\x1b[31m" not in run.stderr and "\\u001b[31m" in run.stderr
