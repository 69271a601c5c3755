"""Copies of entries that other programs leave in the dossier folder: the conflict copies
of Syncthing and Nextcloud, and an editor's backups. meldcode never reads them as
entries, but never ignores them silently either: it names each one with the entry it is
a copy of, compares their content (``controleer``), encrypts them with the rest, and
leaves them out of a backup without refusing the backup of the sound entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from meldcode_cli.dossier.store import is_entry_id

# Syncthing: "NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT" (before the last extension).
_SYNCTHING = re.compile(r"\.sync-conflict-\d{8}-\d{6}-[0-9A-Z]{7}")
# Nextcloud and ownCloud: "NAME (conflicted copy 2026-12-03 172300).EXT", and older
# spellings ("conflict copy"), also with a user's name in the brackets.
_NEXTCLOUD = re.compile(r" \((?:[^()]* )?(?:conflicted|conflict) copy[^()]*\)")
# Editors: "NAME~", "NAME.bak", "NAME.orig", "#NAME#".
_EDITOR = re.compile(r"(?:~|\.bak|\.orig)$")

SOORTEN = {
    "syncthing": "conflictkopie van Syncthing",
    "nextcloud": "conflictkopie van Nextcloud",
    "editor": "reservekopie van een editor",
}


@dataclass(frozen=True)
class Kopie:
    name: str  # as it is in the folder
    soort: str  # a key of SOORTEN
    original: str  # the name of the entry file it is a copy of

    @property
    def wat(self) -> str:
        return f"{SOORTEN[self.soort]} van {self.original}"


def kopie_of(name: str) -> Kopie | None:
    """What ``name`` is a copy of, when it is a known kind of copy of an entry file."""
    if len(name) > 1000:
        return None
    # A copy that meldcode encrypted itself ends in ".age" after the copy's own marks.
    sealed = name.endswith(".age")
    base = name[:-4] if sealed else name
    for soort, original in (
        ("syncthing", _SYNCTHING.sub("", base, count=1)),
        ("nextcloud", _NEXTCLOUD.sub("", base, count=1)),
        ("editor", _editor(base)),
    ):
        if original != base:
            original += ".age" if sealed and not original.endswith(".age") else ""
            if _entry_file(original):
                return Kopie(name, soort, original)
    return None


def _editor(name: str) -> str:
    if name.startswith("#") and name.endswith("#") and len(name) > 2:
        return name[1:-1]
    return _EDITOR.sub("", name, count=1)


def _entry_file(name: str) -> bool:
    base = name.removesuffix(".age")
    stem, dot, suffix = base.rpartition(".")
    return bool(dot) and suffix in ("json", "md") and is_entry_id(stem)
