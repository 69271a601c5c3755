"""Backup and restore: byte for byte, never overwriting, and an archive is untrusted."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import stat
import tarfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import invoke
from tests.interview.test_answers_file import write_yaml


def record(tmp_path: Path, dossier_dir: Path, raw: dict[str, Any], n: int) -> list[str]:
    ids = []
    for i in range(n):
        raw = copy.deepcopy(raw)
        raw["casus"]["referentie"] = f"TEST-B{i}"
        run = invoke(
            [
                "start",
                "--answers",
                str(write_yaml(tmp_path, raw, f"a{i}.yaml")),
                "--dossier-dir",
                str(dossier_dir),
                "--json",
            ]
        )
        assert run.code == 0, run.output
        ids.append(json.loads(run.stdout)["id"])
    return ids


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.suffix in (".json", ".md") and not p.name.startswith(".")
    }


@pytest.fixture
def backup(tmp_path: Path, dossier_dir: Path, example_raw: dict[str, Any]) -> Path:
    record(tmp_path, dossier_dir, example_raw, 3)
    out = tmp_path / "backup.tar.gz"
    run = invoke(["dossier", "backup", str(out), "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    assert "Backup van 3 dossierstukken" in run.stderr
    return out


def restore(archive: Path, folder: Path):
    return invoke(["dossier", "herstel", str(archive), "--dossier-dir", str(folder)])


def test_a_round_trip_is_byte_for_byte_and_twice_adds_nothing(tmp_path, dossier_dir, backup):
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    elders = tmp_path / "elders"
    run = restore(backup, elders)
    assert run.code == 0, run.output
    assert "Hersteld: 3 dossierstukken toegevoegd, 0 waren er al." in run.stdout
    assert files_of(elders) == files_of(dossier_dir)
    assert stat.S_IMODE(elders.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in elders.iterdir())
    check = invoke(["dossier", "controleer", "--dossier-dir", str(elders)])
    assert check.code == 0, check.output
    again = restore(backup, elders)
    assert again.code == 0 and "0 dossierstukken toegevoegd, 3 waren er al." in again.stdout


def test_restoring_into_an_existing_dossier_overwrites_nothing(
    tmp_path, dossier_dir, example_raw, backup
):
    other = tmp_path / "ander"
    [own] = record(tmp_path, other, example_raw, 1)
    names = list(files_of(dossier_dir))
    victim = other / names[0]
    victim.write_text("van mij\n", encoding="utf-8")
    run = restore(backup, other)
    assert run.code == 1
    assert "Niet hersteld:" in run.stderr and "niet overschreven" in run.stderr
    assert victim.read_text(encoding="utf-8") == "van mij\n"
    assert f"{own}.json" in files_of(other)  # what was there stays


def test_a_restore_that_stopped_halfway_goes_on(tmp_path, dossier_dir, backup):
    elders = tmp_path / "elders"
    assert restore(backup, elders).code == 0
    first = sorted(p for p in elders.iterdir() if p.suffix == ".json")[0]
    first.unlink()  # as if the run died between the Markdown and the JSON
    run = restore(backup, elders)
    assert run.code == 0, run.output
    assert "1 dossierstukken toegevoegd, 2 waren er al." in run.stdout
    assert files_of(elders) == files_of(dossier_dir)


def rebuilt(backup: Path, change: Any) -> bytes:
    """The backup's files, changed, as a new archive (the manifest untouched unless the
    change touches it)."""
    with tarfile.open(backup) as archive:
        files = {m.name: archive.extractfile(m).read() for m in archive}  # type: ignore[union-attr]
    change(files)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _tamper_entry(files: dict[str, bytes]) -> None:
    """Edit an entry and make the manifest agree: its own checksum still tells."""
    name = next(n for n in files if n.endswith(".json") and n != "manifest.json")
    document = json.loads(files[name])
    document["antwoorden"]["afwegingen"]["1"]["toelichting"] = "TEST vervalst"
    files[name] = json.dumps(document).encode()
    manifest = json.loads(files["manifest.json"])
    for item in manifest["dossierstukken"]:
        if f"{item['id']}.json" == name:
            item["json_sha256"] = hashlib.sha256(files[name]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.update({"../../buiten.md": b"x"}), "hoort niet in een backup"),
        (lambda f: f.update({"notities.txt": b"x"}), "hoort niet in een backup"),
        (lambda f: f.pop("manifest.json"), "geen geldig overzicht"),
        (
            lambda f: f.update({next(n for n in f if n.endswith(".md")): b"# anders\n"}),
            "klopt niet met het overzicht",
        ),
        (_tamper_entry, "is gewijzigd sinds het werd vastgelegd"),
    ],
)
def test_a_bad_archive_restores_nothing(tmp_path, backup, change, message):
    bad = tmp_path / "slecht.tar.gz"
    bad.write_bytes(rebuilt(backup, change))
    elders = tmp_path / "elders"
    run = restore(bad, elders)
    assert run.code == 2, run.output
    assert message in run.stderr
    assert not elders.exists()  # not even the folder is made for a bad archive
    assert not (tmp_path / "buiten.md").exists()


def test_links_and_garbage_are_refused(tmp_path, backup):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        link = tarfile.TarInfo("20261120-100000-test-a-abc123.json")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        archive.addfile(link)
    bad = tmp_path / "link.tar.gz"
    bad.write_bytes(buffer.getvalue())
    run = restore(bad, tmp_path / "elders")
    assert run.code == 2 and "hoort niet in een backup" in run.stderr
    garbage = tmp_path / "rommel.tar.gz"
    garbage.write_bytes(b"\x1f\x8b" + b"geen archief" * 10)
    run = restore(garbage, tmp_path / "elders")
    assert run.code == 2 and "geen (volledige) backup" in run.stderr
    run = invoke(["dossier", "backup", str(backup)])
    assert run.code != 0  # never over an existing file
