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
    ("change", "message", "lost"),
    [
        (lambda f: f.update({"../../buiten.md": b"x"}), "hoort niet in een backup", 0),
        (lambda f: f.update({"notities.txt": b"x"}), "hoort niet in een backup", 0),
        (lambda f: f.pop("manifest.json"), "geen geldig overzicht", 0),
        (
            lambda f: f.update({next(n for n in f if n.endswith(".md")): b"# anders\n"}),
            "het MD-bestand klopt niet met het overzicht",
            1,
        ),
        (_tamper_entry, "gewijzigd sinds het werd vastgelegd", 1),
    ],
)
def test_a_damaged_archive_restores_its_sound_entries_and_names_the_rest(
    tmp_path, backup, dossier_dir, change, message, lost
):
    """Issue 22: one bad part no longer costs every entry; what is not sound is named,
    never written, and nothing lands outside the folder."""
    bad = tmp_path / "slecht.tar.gz"
    bad.write_bytes(rebuilt(backup, change))
    elders = tmp_path / "elders"
    run = restore(bad, elders)
    assert message in " ".join(run.stderr.split()), run.output
    assert run.code == (1 if lost or "hoort niet" in message else 0), run.output
    assert f"Hersteld: {3 - lost} dossierstukken toegevoegd" in run.stdout
    restored = files_of(elders)
    original = files_of(dossier_dir)
    assert len(restored) == 2 * (3 - lost)
    assert all(original[name] == data for name, data in restored.items())
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


def test_a_truncated_archive_restores_what_came_before_the_damage(tmp_path, backup, dossier_dir):
    """The end of the archive (with its manifest) is gone: the entries read before it are
    judged by their own checksums and come back; the broken end is said."""
    import gzip

    data = gzip.decompress(backup.read_bytes())
    cut = tmp_path / "afgebroken.tar"
    cut.write_bytes(data[: len(data) * 2 // 3])
    elders = tmp_path / "elders"
    run = restore(cut, elders)
    assert run.code == 1, run.output
    said = " ".join(run.stderr.split())
    assert "de backup is beschadigd" in said and "geen geldig overzicht" in said
    restored = files_of(elders)
    assert restored  # what came before the damage
    assert all(files_of(dossier_dir)[name] == data for name, data in restored.items())


@pytest.mark.timeout(30)
@pytest.mark.parametrize("bomb", ["nullen", "pax-kop", "lange-naam"])
def test_a_compression_bomb_is_refused_quickly_and_in_little_memory(tmp_path, bomb):
    """Issue 22: an 8 MB archive made herstel use 8 GB or run for minutes. Now what an
    archive unpacks to is capped while it is read (20 times its size, at least 64 MB)."""
    import gzip
    import resource
    import subprocess
    import sys
    import time

    path = tmp_path / f"{bomb}.tar.gz"
    size = 2 * 1024**3  # what it unpacks to
    if bomb == "nullen":  # one member of 2 GB of zeros
        header = tarfile.TarInfo("20261120-100000-test-a-abc123.json")
    else:  # a header that claims 2 GB (a pax record or a GNU long name)
        header = tarfile.TarInfo("././@PaxHeader" if bomb == "pax-kop" else "././@LongLink")
        header.type = tarfile.XHDTYPE if bomb == "pax-kop" else tarfile.GNUTYPE_LONGNAME
    header.size = size
    # gzip members one after the other are one stream: 32 times 64 MB of zeros
    zeros = gzip.compress(bytes(64 * 1024 * 1024), compresslevel=9)
    path.write_bytes(gzip.compress(header.tobuf(format=tarfile.GNU_FORMAT)) + zeros * 32)
    assert path.stat().st_size < 8 * 1024 * 1024
    script = [sys.executable, "-m", "meldcode_cli", "dossier", "herstel", str(path)]
    script += ["--dossier-dir", str(tmp_path / "elders")]
    began = time.monotonic()
    run = subprocess.run(script, capture_output=True, text=True, timeout=30)
    took = time.monotonic() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB, the largest child
    assert run.returncode == 2, run.stderr
    assert "er is niets hersteld" in run.stderr
    assert "interne fout" not in run.stderr
    assert took < 5, took
    assert peak < 400 * 1024, peak
    assert not (tmp_path / "elders").exists()
