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
from collections.abc import Iterator
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
MAX_BACKUP_BYTES = 256 * 1024 * 1024  # compressed: a dossier of 50,000 entries is ~30 MB
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
# What an archive may unpack to: text compresses about 5 times, so 20 times its size (at
# least 64 MB, at most 2 GB) is room for a real backup and refuses a compression bomb
# (8 MB of zeros unpacks to 8 GB) after a fraction of a second.
UNPACK_RATIO = 20
MIN_UNPACKED = 64 * 1024 * 1024
MAX_UNPACKED = 2 * 1024 * 1024 * 1024


def make_backup(result: Scan, output: Path, now: datetime) -> int:
    """Write the archive as a new private file; return the number of entries in it."""
    buffer = io.BytesIO()
    manifest: list[dict[str, str]] = []
    # Level 6 (gzip's own default): JSON and Markdown pack nearly as small as at 9, in
    # about a third of the time.
    with tarfile.open(
        fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=6
    ) as archive:
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
class Opened:
    """An archive as read: its bytes (decrypted), and for whom it was encrypted."""

    raw: bytes
    ontvanger: str | None


class _TooMuch(Exception):
    """More unpacked than a backup of this size can hold: a compression bomb."""


class _Capped(io.RawIOBase):
    """A stream that refuses to give more than ``limit`` bytes in all: what a gzip member
    or a tar header unpacks to is bounded while it is read, not after."""

    def __init__(self, inner: Any, limit: int) -> None:
        self._inner, self._limit, self._given = inner, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count: int = self._inner.readinto(buffer)
        self._given += count
        if self._given > self._limit:
            raise _TooMuch
        return count


def open_backup(path: Path) -> Opened:
    """The archive's bytes: a regular file within a cap, decrypted when it is encrypted."""
    from meldcode_cli.dossier.versleuteling import is_encrypted, open_with_own_identity

    try:  # a regular file within a cap: no FIFO or device, no archive without end
        raw = read_regular_file(path, MAX_BACKUP_BYTES)
    except OSError as exc:
        raise UsageError(f"{path} is niet te lezen: {os_reason(exc)}.") from None
    ontvanger = None
    if is_encrypted(raw):
        raw, ontvanger = open_with_own_identity(raw, f"De backup {path}")
    return Opened(raw, ontvanger)


def _members(opened: Opened) -> Iterator[tuple[tarfile.TarInfo, bytes | None]]:
    """Each member in turn, streamed: its data when it is a regular file within the size of
    an entry (else None). Raises _TooMuch, tarfile.TarError or EOFError on a damaged or
    exploding archive, after the members before it."""
    import gzip

    raw = opened.raw
    limit = min(MAX_UNPACKED, max(MIN_UNPACKED, UNPACK_RATIO * len(raw)))
    inner: Any = io.BytesIO(raw)
    if raw[:2] == b"\x1f\x8b":
        inner = gzip.GzipFile(fileobj=inner, mode="rb")
    stream = io.BufferedReader(_Capped(inner, limit))
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for count, member in enumerate(archive):
            if count > MAX_MEMBERS:
                raise _TooMuch
            data = None
            if member.isreg() and member.size <= MAX_ENTRY_BYTES:
                handle = archive.extractfile(member)
                data = handle.read(MAX_ENTRY_BYTES + 1) if handle is not None else None
            yield member, data


def _manifest(opened: Opened) -> dict[str, dict[str, Any]] | None:
    """The manifest's items by id, or None when the archive has no valid manifest."""
    found: bytes | None = None
    try:
        for member, data in _members(opened):
            if member.name == MANIFEST and data is not None and len(data) <= MAX_MANIFEST_BYTES:
                found = data
    except _broken():
        pass  # what came before the damage may still hold the manifest
    if found is None:
        return None
    try:
        manifest = json.loads(found.decode("utf-8"))
        listed = manifest["dossierstukken"]
        if manifest.get("versie") != 1 or not isinstance(listed, list):
            return None
    except (KeyError, ValueError, UnicodeDecodeError, TypeError, RecursionError):
        return None
    items: dict[str, dict[str, Any]] = {}
    for item in listed:
        entry_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(entry_id, str) and is_entry_id(entry_id) and entry_id not in items:
            items[entry_id] = item
    return items


def _shown(name: str) -> str:
    from meldcode_cli.text import safe_text

    return safe_text(name[:120])


def _broken() -> tuple[type[Exception], ...]:
    """What reading a damaged or exploding archive raises."""
    import gzip
    import zlib

    return (_TooMuch, tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)


@dataclass
class Restored:
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    # What was not restored from the archive, by name, and why.
    damaged: list[tuple[str, str]] = field(default_factory=list)
    no_manifest: bool = False
    broken_off: bool = False  # the archive ended in damage; what came before is judged


def restore(dossier: Dossier, path: Path) -> Restored:
    """Add the sound entries of the archive that the dossier does not hold; never
    overwrite. The archive is streamed (bounded in memory and time against compression
    bombs): each entry is judged as soon as its two files are read, and written when it
    is sound; whatever is not sound is named, and the rest still comes back. The dossier
    folder is made only for a first sound entry."""
    opened = open_backup(path)
    manifest = _manifest(opened)
    outcome = Restored(no_manifest=manifest is None)
    sealed = opened.ontvanger is not None
    end = SUFFIX if sealed else ""
    pending: dict[str, dict[str, bytes]] = {}
    seen: set[str] = set()
    ready = False
    try:
        for member, data in _members(opened):
            name = member.name
            if name == MANIFEST:
                continue
            stem = name.removesuffix(end).removesuffix(".json").removesuffix(".md")
            ours = name in (f"{stem}.json{end}", f"{stem}.md{end}") and is_entry_id(stem)
            if not ours or not member.isreg():
                outcome.damaged.append((_shown(name), "hoort niet in een backup van meldcode"))
                continue
            if name in seen:
                outcome.damaged.append((_shown(name), "staat twee keer in de backup"))
                continue
            seen.add(name)
            if data is None or len(data) > MAX_ENTRY_BYTES:
                outcome.damaged.append((_shown(name), "te groot voor een dossierstuk"))
                continue
            files = pending.setdefault(stem, {})
            files[".json" if name.startswith(f"{stem}.json") else ".md"] = data
            if len(files) < 2:
                continue
            del pending[stem]
            problem = _judge(stem, files, manifest, opened)
            if problem is not None:
                outcome.damaged.append((stem, problem))
                continue
            if not ready:
                _adopt_encryption(dossier, opened, path)
                dossier.ensure()
                ready = True
            _put(dossier, stem, files, opened, outcome)
    except _broken():
        outcome.broken_off = True
    for stem in sorted(pending):
        outcome.damaged.append((stem, "onvolledig: een van de twee bestanden ontbreekt"))
    for stem in sorted(set(manifest or {}) - {*outcome.added, *outcome.present}):
        if stem not in {*outcome.conflicts, *(d[0] for d in outcome.damaged)}:
            outcome.damaged.append((stem, "staat in het overzicht, maar niet in de backup"))
    if not ready and not outcome.present and not outcome.conflicts:
        raise UsageError(
            f"{path} is geen (volledige) backup van meldcode; er is niets hersteld."
            + "".join(f"\n  - {name}: {why}" for name, why in outcome.damaged[:20])
        )
    return outcome


def _judge(
    entry_id: str,
    files: dict[str, bytes],
    manifest: dict[str, dict[str, Any]] | None,
    opened: Opened,
) -> str | None:
    """Why this entry of the archive is not sound, or None: its digests as the manifest
    lists them (when there is one), and its own checksums."""
    from meldcode_cli.dossier.entry import canonical_sha256
    from meldcode_cli.dossier.versleuteling import open_with_own_identity

    if manifest is not None:
        item = manifest.get(entry_id)
        if item is None:
            return "staat niet in het overzicht van de backup"
        if (item.get("versleuteld") is True) != (opened.ontvanger is not None):
            return "past niet bij het overzicht (versleuteld of niet)"
        for suffix, key in ((".json", "json_sha256"), (".md", "md_sha256")):
            if hashlib.sha256(files[suffix]).hexdigest() != item.get(key):
                return f"het {suffix[1:].upper()}-bestand klopt niet met het overzicht"
    plain = dict(files)
    if opened.ontvanger is not None:
        try:
            for suffix in (".json", ".md"):
                plain[suffix] = open_with_own_identity(files[suffix], entry_id)[0]
        except (CannotOpen, UsageError, DossierError):
            return "niet te ontsleutelen"
    try:
        document: Any = json.loads(plain[".json"])
    except (ValueError, UnicodeDecodeError, RecursionError):
        return "het JSON-bestand is geen dossierstuk"
    if (
        not isinstance(document, dict)
        or document.get("id") != entry_id
        or document.get("sha256") != canonical_sha256(document)
        or document.get("markdown_sha256") != hashlib.sha256(plain[".md"]).hexdigest()
    ):
        return "gewijzigd sinds het werd vastgelegd"
    files["plain.json"], files["plain.md"] = plain[".json"], plain[".md"]
    return None


def _put(
    dossier: Dossier, entry_id: str, files: dict[str, bytes], opened: Opened, outcome: Restored
) -> None:
    """Write one sound entry, never over another file."""
    codec = dossier.codec
    as_stored = opened.ontvanger is not None and opened.ontvanger == getattr(
        codec, "ontvanger", None
    )
    targets: list[tuple[list[Path], bytes, bytes]] = []
    for suffix in (".md", ".json"):  # Markdown first, JSON last, as when written
        plain = files[f"plain{suffix}"]
        data = files[suffix] if as_stored else codec.seal(plain)
        names = [dossier.path / f"{entry_id}{suffix}{end}" for end in ("", SUFFIX)]
        targets.append((names, plain, data))
    there = [(name, plain) for names, plain, _ in targets for name in names if name.exists()]
    if any(not _same(codec, name, plain) for name, plain in there):
        outcome.conflicts.append(entry_id)  # never overwritten
        return
    if all(any(name.exists() for name in names) for names, _, _ in targets):
        outcome.present.append(entry_id)
        return
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


def _adopt_encryption(dossier: Dossier, archive: Opened, path: Path) -> None:
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
