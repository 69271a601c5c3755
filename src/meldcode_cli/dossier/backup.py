"""Backup and restore of the dossier: one tar archive with every entry's two files and a
manifest of ids and digests. Restoring never overwrites: an entry that is there already
with the same bytes is counted as present, one that differs is reported and left alone.
An archive is untrusted input: only plain files with entry names are taken, each within a
size limit, and every entry is verified before it is written.

An encrypted dossier gives an encrypted backup: the entries as they are stored (``.age``),
in an archive that is itself encrypted for the same recipient. Restoring compares what
the entries say, not how they are wrapped: an encrypted entry is copied as it is into a
dossier encrypted for the same recipient, and encrypted anew for another one. An encrypted
backup is never restored as plain text into a dossier that holds plain entries."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from meldcode_cli import clock
from meldcode_cli.dossier.reader import MAX_ENTRY_BYTES, Scan
from meldcode_cli.dossier.store import Dossier, is_entry_id
from meldcode_cli.dossier.versleuteling import SUFFIX, CannotOpen, Codec
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
                path = result.path_of(entry, suffix)
                if path.name.endswith(SUFFIX) != result.codec.encrypted:
                    raise DossierError(
                        f"{path.name} is nog niet versleuteld (of juist wel); er is geen backup"
                        " gemaakt.",
                        hint="Maak de versleuteling eerst af met: meldcode versleuteling aan",
                    )
                try:
                    data = read_regular_file(path, MAX_ENTRY_BYTES)
                except OSError as exc:
                    raise DossierError(
                        f"{entry.id}{suffix} is niet leesbaar ({os_reason(exc)}); er is geen"
                        " backup gemaakt."
                    ) from None
                files[suffix] = data
                _add(archive, path.name, data, now)
            item: dict[str, Any] = {
                "id": entry.id,
                "json_sha256": hashlib.sha256(files[".json"]).hexdigest(),
                "md_sha256": hashlib.sha256(files[".md"]).hexdigest(),
            }
            if result.codec.encrypted:
                item["versleuteld"] = True
            manifest.append(item)
        document: dict[str, Any] = {
            "versie": 1,
            "gemaakt": now.isoformat(timespec="seconds"),
            "dossierstukken": manifest,
        }
        _add(archive, MANIFEST, (json.dumps(document, indent=2) + "\n").encode(), now)
    try:
        write_new(output, result.codec.seal(buffer.getvalue()))
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


@dataclass(frozen=True)
class Archive:
    files: dict[str, bytes]
    ontvanger: str | None  # the archive was encrypted for this recipient


def read_backup(path: Path) -> Archive:
    """The files of an archive, each checked: plain, named like an entry, not too large."""
    from meldcode_cli.dossier.versleuteling import is_encrypted, open_with_own_identity

    try:  # a regular file within a cap: no FIFO or device, no archive without end
        raw = read_regular_file(path, MAX_BACKUP_BYTES)
    except OSError as exc:
        raise UsageError(f"{path} is niet te lezen: {os_reason(exc)}.") from None
    ontvanger = None
    if is_encrypted(raw):
        raw, ontvanger = open_with_own_identity(raw, f"De backup {path}")
    files: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:*") as archive:
            for count, member in enumerate(archive):
                if count > MAX_MEMBERS:
                    raise UsageError(f"{path}: te veel bestanden voor een backup.")
                name = member.name
                end = SUFFIX if ontvanger is not None else ""
                stem = name.removesuffix(end).removesuffix(".json").removesuffix(".md")
                ours = name == MANIFEST or (
                    name in (f"{stem}.json{end}", f"{stem}.md{end}") and is_entry_id(stem)
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
    return Archive(files, ontvanger)


def _shown(name: str) -> str:
    from meldcode_cli.text import safe_text

    return safe_text(name[:120])


@dataclass(frozen=True)
class Checked:
    """One entry of the archive, verified: its files as stored, and what they say."""

    id: str
    stored: dict[str, tuple[str, bytes]]  # ".md"/".json": (name, bytes as stored)
    plain: dict[str, bytes]  # ".md"/".json": the bytes as written


def verify_backup(path: Path, archive: Archive) -> list[Checked]:
    """The manifest, with every entry in it present and matching its digests, and every
    entry's own checksums intact. Anything else: nothing is restored."""
    from meldcode_cli.dossier.entry import canonical_sha256
    from meldcode_cli.dossier.versleuteling import open_with_own_identity

    files = archive.files
    try:
        manifest = json.loads(files[MANIFEST].decode("utf-8"))
        listed = manifest["dossierstukken"]
        assert manifest.get("versie") == 1 and isinstance(listed, list)
    except (KeyError, ValueError, AssertionError, UnicodeDecodeError, TypeError):
        raise UsageError(f"{path} heeft geen geldig overzicht; er is niets hersteld.") from None
    names = {MANIFEST}
    checked: list[Checked] = []
    for item in listed:
        entry_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(entry_id, str) or not is_entry_id(entry_id):
            raise UsageError(f"{path}: het overzicht noemt een ongeldig dossierstuk.")
        sealed = item.get("versleuteld") is True
        if sealed != (archive.ontvanger is not None):
            raise UsageError(f"{path}: het overzicht past niet bij de backup.")
        stored: dict[str, tuple[str, bytes]] = {}
        plain: dict[str, bytes] = {}
        for suffix, key in ((".json", "json_sha256"), (".md", "md_sha256")):
            name = f"{entry_id}{suffix}{SUFFIX if sealed else ''}"
            data = files.get(name)
            if data is None or hashlib.sha256(data).hexdigest() != item.get(key):
                raise UsageError(
                    f"{path}: {name} ontbreekt of klopt niet met het overzicht;"
                    " er is niets hersteld."
                )
            names.add(name)
            stored[suffix] = (name, data)
            plain[suffix] = open_with_own_identity(data, name)[0] if sealed else data
        try:
            document: Any = json.loads(plain[".json"])
        except (ValueError, UnicodeDecodeError):
            document = None
        md_digest = hashlib.sha256(plain[".md"]).hexdigest()
        if (
            not isinstance(document, dict)
            or document.get("id") != entry_id
            or document.get("sha256") != canonical_sha256(document)
            or document.get("markdown_sha256") != md_digest
        ):
            raise UsageError(
                f"{path}: {entry_id} is gewijzigd sinds het werd vastgelegd; er is niets hersteld."
            )
        checked.append(Checked(entry_id, stored, plain))
    extra = sorted(set(files) - names)
    if extra:
        raise UsageError(f"{path}: '{_shown(extra[0])}' staat niet in het overzicht.")
    return checked


def restore(dossier: Dossier, path: Path) -> Restored:
    """Add what the archive holds and the dossier does not; never overwrite. The archive
    is judged in full before the dossier folder is even made."""
    archive = read_backup(path)
    listed = verify_backup(path, archive)
    _adopt_encryption(dossier, archive, path)
    dossier.ensure()
    codec = dossier.codec
    as_stored = archive.ontvanger is not None and archive.ontvanger == getattr(
        codec, "ontvanger", None
    )
    outcome = Restored()
    for item in listed:
        entry_id = item.id
        targets: list[tuple[list[Path], bytes, bytes]] = []
        for suffix in (".md", ".json"):  # Markdown first, JSON last, as when written
            plain = item.plain[suffix]
            data = item.stored[suffix][1] if as_stored else codec.seal(plain)
            names = [dossier.path / f"{entry_id}{suffix}{end}" for end in ("", SUFFIX)]
            targets.append((names, plain, data))
        there = [(name, plain) for names, plain, _ in targets for name in names if name.exists()]
        if any(not _same(codec, name, plain) for name, plain in there):
            outcome.conflicts.append(entry_id)  # never overwritten
            continue
        if all(any(name.exists() for name in names) for names, _, _ in targets):
            outcome.present.append(entry_id)
            continue
        try:
            for names, _, data in targets:
                if not any(name.exists() for name in names):  # a stopped restore goes on
                    write_new(dossier.entry_file(entry_id, names[0].suffix), data)
        except OSError as exc:
            raise DossierError(
                f"{entry_id} kon niet worden hersteld: {os_reason(exc)}. Wat al was hersteld,"
                " blijft staan; herstel opnieuw om verder te gaan."
            ) from None
        outcome.added.append(entry_id)
    return outcome


def _adopt_encryption(dossier: Dossier, archive: Archive, path: Path) -> None:
    """An encrypted backup goes into an encrypted dossier, or into a new or empty folder,
    which then becomes encrypted for the backup's recipient; never into plain entries."""

    from meldcode_cli.dossier.versleuteling import Kenmerk, write_marker

    if archive.ontvanger is None or dossier.codec.encrypted:
        return
    if dossier.has_entries():
        raise UsageError(
            f"{path} is een versleutelde backup, maar de dossiermap {dossier.path} is niet"
            " versleuteld. Er is niets hersteld.",
            hint="Herstel in een lege map, of zet eerst de versleuteling aan: meldcode"
            " versleuteling aan",
        )
    dossier.ensure()
    write_marker(dossier.path, Kenmerk(archive.ontvanger, clock.now()))
    dossier.__dict__.pop("codec", None)  # read again: the folder is encrypted now


def _same(codec: Codec, target: Path, plain: bytes) -> bool:
    """The file at ``target`` says exactly ``plain`` (however it is stored)."""
    try:
        return codec.open(target.name, read_regular_file(target, MAX_ENTRY_BYTES)) == plain
    except (OSError, CannotOpen):
        return False
