"""Issue 22: one dossier on two devices. The second device brings the key of the first
(`meldcode sleutel export` there, `import` here); it never makes its own key silently,
which would make every entry of the other device "vreemd" for good."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, Run, invoke


def start(folder: Path) -> Run:
    return invoke(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder), "--json"])


def key_of(config: Path) -> Path:
    return config / "meldcode" / "sleutel.json"


@pytest.fixture
def devices(tmp_path, monkeypatch):
    """Two config folders (two computers) and a dossier made on the first."""
    laptop, desktop = tmp_path / "laptop-config", tmp_path / "desktop-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(laptop))
    folder = tmp_path / "dossier"
    run = start(folder)
    assert run.code == 0, run.output
    return laptop, desktop, folder


def test_a_second_device_never_makes_its_own_key(devices, monkeypatch):
    _, desktop, folder = devices
    before = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(desktop))
    run = start(folder)
    assert run.code == 1
    message = " ".join(run.stderr.split())
    assert "In deze dossiermap staan ondertekende dossierstukken" in message
    assert "op deze computer staat geen sleutel" in message
    assert "meldcode sleutel import BESTAND" in message
    assert not key_of(desktop).exists()
    after = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert after == before


def test_export_and_import_give_both_devices_one_key(tmp_path, devices, monkeypatch):
    laptop, desktop, folder = devices
    transfer = tmp_path / "overdracht" / "sleutel.json"
    transfer.parent.mkdir()
    run = invoke(["sleutel", "export", str(transfer)])
    assert run.code == 0, run.output
    assert stat.S_IMODE(transfer.stat().st_mode) == 0o600
    assert transfer.read_bytes() == key_of(laptop).read_bytes()
    assert "wie dit bestand heeft, kan dossierstukken ondertekenen" in " ".join(run.stderr.split())
    assert invoke(["sleutel", "export", str(transfer)]).code == 2  # never over a file

    monkeypatch.setenv("XDG_CONFIG_HOME", str(desktop))
    run = invoke(["sleutel", "import", str(transfer)])
    assert run.code == 0, run.output
    assert key_of(desktop).read_bytes() == key_of(laptop).read_bytes()
    assert stat.S_IMODE(key_of(desktop).stat().st_mode) == 0o600
    assert stat.S_IMODE(key_of(desktop).parent.stat().st_mode) == 0o700
    again = invoke(["sleutel", "import", str(transfer)])
    assert again.code == 0 and "stond hier al" in again.stdout + again.stderr

    # The desktop records, and everything of both devices is its own.
    run = start(folder)
    assert run.code == 0, run.output
    run = invoke(["dossier", "controleer", "--dossier-dir", str(folder)])
    assert run.code == 0, run.output
    assert "vreemd" not in run.stderr
    assert "2 van 2 dossierstukken zijn ongewijzigd." in run.stdout


def test_import_never_replaces_another_key(tmp_path, devices, monkeypatch):
    _, desktop, _ = devices
    transfer = tmp_path / "sleutel.json"
    assert invoke(["sleutel", "export", str(transfer)]).code == 0
    monkeypatch.setenv("XDG_CONFIG_HOME", str(desktop))
    assert start(tmp_path / "eigen-dossier").code == 0  # the desktop's own key
    own = key_of(desktop).read_bytes()
    run = invoke(["sleutel", "import", str(transfer)])
    assert run.code == 2
    assert "Op deze computer staat al een andere sleutel" in " ".join(run.stderr.split())
    assert key_of(desktop).read_bytes() == own


@pytest.mark.parametrize(
    "content",
    ["", "{", '{"sleutel": "kort", "aangemaakt": "2026-12-03T10:00:00+01:00"}', "[" * 100_000],
)
def test_import_of_a_damaged_file_sets_nothing(tmp_path, monkeypatch, content):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    bad = tmp_path / "sleutel.json"
    bad.write_text(content, encoding="utf-8")
    run = invoke(["sleutel", "import", str(bad)])
    assert run.code != 0
    assert f"De sleutel {bad} is niet bruikbaar" in " ".join(run.stderr.split())
    assert "interne fout" not in run.output
    assert not key_of(tmp_path / "config").exists()


def test_export_without_a_key_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "leeg"))
    run = invoke(["sleutel", "export", str(tmp_path / "k.json")])
    assert run.code == 2 and "nog geen sleutel" in run.stderr
    assert not (tmp_path / "k.json").exists()


def test_a_copied_dossier_with_the_same_key_is_one_dossier(tmp_path, devices, monkeypatch):
    """The union of both folders, each written with the one key, is sound."""
    laptop, desktop, folder = devices
    shutil.copytree(laptop, desktop)  # the key taken over (as import does)
    copy = tmp_path / "kopie"
    shutil.copytree(folder, copy)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(desktop))
    assert start(copy).code == 0
    for path in copy.iterdir():
        if path.suffix in (".json", ".md") and not (folder / path.name).exists():
            shutil.copy2(path, folder / path.name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(laptop))
    run = invoke(["dossier", "controleer", "--dossier-dir", str(folder)])
    # The same case started twice on two devices is a split, but nothing is foreign.
    assert "vreemd" not in run.stderr
    assert "2 van 2 dossierstukken zijn ongewijzigd." in run.stdout


def test_without_the_key_an_export_says_how_to_bring_it(tmp_path, devices, monkeypatch):
    _, desktop, folder = devices
    monkeypatch.setenv("XDG_CONFIG_HOME", str(desktop))
    entry = next(p.stem for p in folder.iterdir() if p.suffix == ".json")
    out = tmp_path / "x.html"
    run = invoke(["dossier", "export", entry, "--html", str(out), "--dossier-dir", str(folder)])
    assert run.code == 1
    said = " ".join(run.stderr.split())
    assert "je sleutel ontbreekt op deze computer" in said
    assert "meldcode sleutel import BESTAND" in said
    assert not out.exists()
