"""Encrypting a dossier that was kept in plain text: every file of meldcode's in the
folder (entries, drafts, the index, the claims of follow-ups) ends up encrypted or, when
it holds nothing of a case, emptied of what it held.

Each encrypted copy is written as a new file (temporary file, fsync, link), read back
and decrypted, and compared with the original before the original is removed. A run that
is stopped at any point leaves every entry readable (plain, encrypted, or both); running
it again finishes the work. A plain file whose encrypted copy says something else is
never removed: it is reported.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from meldcode_cli.dossier.kopie import kopie_of
from meldcode_cli.dossier.store import Dossier, is_entry_id
from meldcode_cli.dossier.versleuteling import SUFFIX, AgeCodec, CannotOpen
from meldcode_cli.errors import DossierError
from meldcode_cli.files import fsync_folder, os_reason, read_regular_file, replace_file, write_new

MAX_FILE = 256 * 1024 * 1024  # the index of a large dossier is the largest


@dataclass
class Migrated:
    encrypted: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)  # the plain index, old claims
    conflicts: list[str] = field(default_factory=list)


def _kind(name: str) -> str | None:
    """What a plain file of meldcode's is: "entry", "draft", "index", "claim" or None."""
    if name.endswith(SUFFIX):
        return None
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix in ("md", "json") and is_entry_id(stem):
        return "entry"
    if kopie_of(name) is not None:  # a copy of an entry holds case data as much as it
        return "entry"
    if name == ".index.json":
        return "index"
    if name.startswith(".vervolg-op-") and name.endswith(".json"):
        return "claim"
    if name.startswith(".concept-") and name.endswith(".json"):
        return "draft"
    if name.startswith((".tmp-", ".schrijftest-")):
        return "temp"
    return None


def plain_files(dossier: Dossier) -> list[Path]:
    """The plain files of meldcode's in the folder that still hold (or may hold) case data."""
    found: list[Path] = []
    with contextlib.suppress(FileNotFoundError), os.scandir(dossier.path) as it:
        for item in it:
            kind = _kind(item.name)
            if kind is None or not item.is_file(follow_symlinks=False):
                continue
            if kind == "claim" and _claim_is_bare(Path(item.path)):
                continue  # a claim that names its follow-up only: nothing of the case
            if kind == "temp" and not _plain_and_stale(Path(item.path)):
                continue  # encrypted, or being written right now by another run
            found.append(Path(item.path))
    return sorted(found)


def _plain_and_stale(path: Path, older_than: float = 60.0) -> bool:
    """A temporary file of a run that died before encryption was on: plain case data."""
    import time

    from meldcode_cli.dossier.versleuteling import is_encrypted

    try:
        if time.time() - path.lstat().st_mtime < older_than:
            return False
        return not is_encrypted(read_regular_file(path, 64))
    except OSError:
        return False


def _claim_is_bare(path: Path) -> bool:
    try:
        data = json.loads(read_regular_file(path, 4096).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(data, dict) and set(data) <= {"id"}


def encrypt_existing(dossier: Dossier, progress: Callable[[int, int], None]) -> Migrated:
    """Encrypt every plain file of meldcode's in the folder; ``progress(done, total)``."""
    codec = dossier.codec
    if not isinstance(codec, AgeCodec):
        raise DossierError("De versleuteling staat voor deze dossiermap niet aan.")
    codec.identity()  # unlocked once, before anything is touched
    outcome = Migrated()
    todo = plain_files(dossier)
    for done, path in enumerate(todo, start=1):
        try:
            _one(codec, path, outcome)
        except FileNotFoundError:
            pass  # another run did this one at the same moment
        except OSError as exc:
            fsync_folder(dossier.path)
            raise DossierError(
                f"{path.name} kon niet worden versleuteld: {os_reason(exc)}. Wat al versleuteld"
                " is, blijft staan; er is niets verloren. Typ 'meldcode versleuteling aan' om"
                " verder te gaan."
            ) from None
        progress(done, len(todo))
    fsync_folder(dossier.path)
    return outcome


def _one(codec: AgeCodec, path: Path, outcome: Migrated) -> None:
    kind = _kind(path.name)
    if kind == "temp":  # half of a write that never happened: nothing to keep
        path.unlink()
        outcome.cleared.append(path.name)
        return
    if kind == "index":  # a cache: the encrypted one is rebuilt from the entries
        path.unlink()
        outcome.cleared.append(path.name)
        return
    if kind == "claim":  # keep the claim, with the follow-up's id only
        holder = Dossier._claim_holder(path)
        replace_file(path, json.dumps({"id": holder} if holder else {}).encode())
        outcome.cleared.append(path.name)
        return
    data = read_regular_file(path, MAX_FILE)
    target = path.with_name(path.name + SUFFIX)
    if target.exists():  # a run that was stopped after the copy: is it the same?
        if _opened(codec, target) == data:
            path.unlink()
            outcome.encrypted.append(path.name)
        else:
            outcome.conflicts.append(path.name)
        return
    sealed = codec.seal(data)
    if codec.open(target.name, sealed) != data:  # pragma: no cover - age cannot do this
        raise DossierError(f"{path.name}: de versleutelde kopie klopt niet; niets verwijderd.")
    try:
        write_new(target, sealed)
    except FileExistsError:
        outcome.conflicts.append(path.name)
        return
    if _opened(codec, target) != data:  # read back from disk before the original goes
        outcome.conflicts.append(path.name)
        return
    path.unlink()
    outcome.encrypted.append(path.name)


def _opened(codec: AgeCodec, path: Path) -> bytes | None:
    try:
        return codec.open(path.name, read_regular_file(path, MAX_FILE))
    except CannotOpen:
        return None
