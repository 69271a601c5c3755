"""Backup and restore of the dossier: one tar archive with every entry's two files and a
manifest of ids and digests. Restoring never overwrites: an entry that is there already
with the same bytes is counted as present, one that differs is reported and left alone.
An archive is untrusted input: only plain files with entry names are taken, each within a
size limit, and every entry is verified before it is written."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from meldcode_cli.dossier.reader import MAX_ENTRY_BYTES, Scan
from meldcode_cli.dossier.store import Dossier, is_entry_id
from meldcode_cli.errors import DossierError, UsageError
from meldcode_cli.files import os_reason, read_regular_file, write_new

MANIFEST = "manifest.json"
MAX_MEMBERS = 200_000
MAX_BACKUP_BYTES = 1024 * 1024 * 1024  # 1 GiB compressed


@dataclass
class Restored:
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def make_backup(result: Scan, output: Path, now: datetime) -> int:
    """Write the archive as a new private file; return the number of entries in it."""
    buffer = io.BytesIO()
    manifest: list[dict[str, str]] = []
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as archive:
        for entry in sorted(result.entries, key=lambda e: e.id):
            files = {}
            for suffix in (".json", ".md"):
                try:
                    data = read_regular_file(result.path_of(entry, suffix), MAX_ENTRY_BYTES)
                except OSError as exc:
                    raise DossierError(
                        f"{entry.id}{suffix} is niet leesbaar ({os_reason(exc)}); er is geen"
                        " backup gemaakt."
                    ) from None
                files[suffix] = data
                _add(archive, f"{entry.id}{suffix}", data, now)
            manifest.append(
                {
                    "id": entry.id,
                    "json_sha256": hashlib.sha256(files[".json"]).hexdigest(),
                    "md_sha256": hashlib.sha256(files[".md"]).hexdigest(),
                }
            )
        document = {
            "versie": 1,
            "gemaakt": now.isoformat(timespec="seconds"),
            "dossierstukken": manifest,
        }
        _add(archive, MANIFEST, (json.dumps(document, indent=2) + "\n").encode(), now)
    try:
        write_new(output, buffer.getvalue())
    except FileExistsError:
        raise UsageError(f"{output} bestaat al; ik overschrijf het niet.") from None
    except OSError as exc:
        raise UsageError(f"{output} kan niet worden aangemaakt: {os_reason(exc)}.") from None
    return len(manifest)


def _add(archive: tarfile.TarFile, name: str, data: bytes, now: datetime) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(now.timestamp())
    archive.addfile(info, io.BytesIO(data))


def read_backup(path: Path) -> dict[str, bytes]:
    """The files of an archive, each checked: plain, named like an entry, not too large."""
    try:  # a regular file within a cap: no FIFO or device, no archive without end
        raw = read_regular_file(path, MAX_BACKUP_BYTES)
    except OSError as exc:
        raise UsageError(f"{path} is niet te lezen: {os_reason(exc)}.") from None
    files: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:*") as archive:
            for count, member in enumerate(archive):
                if count > MAX_MEMBERS:
                    raise UsageError(f"{path}: te veel bestanden voor een backup.")
                name = member.name
                stem = name.removesuffix(".json").removesuffix(".md")
                ours = name == MANIFEST or (
                    name in (f"{stem}.json", f"{stem}.md") and is_entry_id(stem)
                )
                if not member.isreg() or not ours or name in files:
                    raise UsageError(
                        f"{path}: '{_shown(name)}' hoort niet in een backup van meldcode; er is"
                        " niets hersteld."
                    )
                if member.size > MAX_ENTRY_BYTES:
                    raise UsageError(f"{path}: '{_shown(name)}' is te groot.")
                handle = archive.extractfile(member)
                if handle is None:
                    raise UsageError(f"{path}: '{_shown(name)}' is niet te lezen.")
                files[name] = handle.read(MAX_ENTRY_BYTES + 1)
                total += len(files[name])
                if total > MAX_BACKUP_BYTES * 8:  # a compressed archive that explodes
                    raise UsageError(f"{path}: uitgepakt te groot voor een backup.")
    except (OSError, tarfile.TarError, EOFError):
        raise UsageError(
            f"{path} is geen (volledige) backup van meldcode; er is niets hersteld."
        ) from None
    return files


def _shown(name: str) -> str:
    from meldcode_cli.text import safe_text

    return safe_text(name[:120])


def verify_backup(path: Path, files: dict[str, bytes]) -> list[dict[str, str]]:
    """The manifest, with every entry in it present and matching its digests, and every
    entry's own checksums intact. Anything else: nothing is restored."""
    from meldcode_cli.dossier.entry import canonical_sha256

    try:
        manifest = json.loads(files[MANIFEST].decode("utf-8"))
        listed = manifest["dossierstukken"]
        assert manifest.get("versie") == 1 and isinstance(listed, list)
    except (KeyError, ValueError, AssertionError, UnicodeDecodeError, TypeError):
        raise UsageError(f"{path} heeft geen geldig overzicht; er is niets hersteld.") from None
    names = {MANIFEST}
    checked: list[dict[str, str]] = []
    for item in listed:
        entry_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(entry_id, str) or not is_entry_id(entry_id):
            raise UsageError(f"{path}: het overzicht noemt een ongeldig dossierstuk.")
        for suffix, key in ((".json", "json_sha256"), (".md", "md_sha256")):
            data = files.get(f"{entry_id}{suffix}")
            if data is None or hashlib.sha256(data).hexdigest() != item.get(key):
                raise UsageError(
                    f"{path}: {entry_id}{suffix} ontbreekt of klopt niet met het overzicht;"
                    " er is niets hersteld."
                )
            names.add(f"{entry_id}{suffix}")
        try:
            document: Any = json.loads(files[f"{entry_id}.json"])
        except (ValueError, UnicodeDecodeError):
            document = None
        md_digest = hashlib.sha256(files[f"{entry_id}.md"]).hexdigest()
        if (
            not isinstance(document, dict)
            or document.get("id") != entry_id
            or document.get("sha256") != canonical_sha256(document)
            or document.get("markdown_sha256") != md_digest
        ):
            raise UsageError(
                f"{path}: {entry_id} is gewijzigd sinds het werd vastgelegd; er is niets hersteld."
            )
        checked.append(item)
    extra = sorted(set(files) - names)
    if extra:
        raise UsageError(f"{path}: '{_shown(extra[0])}' staat niet in het overzicht.")
    return checked


def restore(dossier: Dossier, path: Path) -> Restored:
    """Add what the archive holds and the dossier does not; never overwrite. The archive
    is judged in full before the dossier folder is even made."""
    files = read_backup(path)
    listed = verify_backup(path, files)
    dossier.ensure()
    outcome = Restored()
    for item in listed:
        entry_id = item["id"]
        targets = [
            (dossier.path / f"{entry_id}{suffix}", files[f"{entry_id}{suffix}"])
            for suffix in (".md", ".json")  # Markdown first, JSON last, as when written
        ]
        there = [(target, data) for target, data in targets if target.exists()]
        if any(not _same(target, data) for target, data in there):
            outcome.conflicts.append(entry_id)  # never overwritten
            continue
        if len(there) == len(targets):
            outcome.present.append(entry_id)
            continue
        try:
            for target, data in targets:
                if not target.exists():  # a restore that stopped halfway goes on here
                    write_new(target, data)
        except OSError as exc:
            raise DossierError(
                f"{entry_id} kon niet worden hersteld: {os_reason(exc)}. Wat al was hersteld,"
                " blijft staan; herstel opnieuw om verder te gaan."
            ) from None
        outcome.added.append(entry_id)
    return outcome


def _same(target: Path, data: bytes) -> bool:
    try:
        return read_regular_file(target, MAX_ENTRY_BYTES) == data
    except OSError:
        return False
