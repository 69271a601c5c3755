"""Reading the dossier back: summaries of entries, follow-ups that are due, integrity.

Reading never breaks on a bad file: a corrupt, foreign or half-written file is skipped
with a warning that names it. Entries of an older schema are read as far as they go.

The index (``.index.json``) is a cache of summaries, keyed per file on inode, size,
mtime and ctime. Any write to a file changes its ctime, which no user can set back, so a
changed file is always read again; a missing or broken index is rebuilt. The index is
never the only copy of anything. In an encrypted dossier the index is encrypted too
(``.index.json.age``), and every file is opened through the dossier's codec.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from meldcode_cli.dossier.canonical import Canonical
from meldcode_cli.dossier.kopie import Kopie, kopie_of
from meldcode_cli.dossier.store import Dossier, is_entry_id
from meldcode_cli.dossier.versleuteling import PLAIN, CannotOpen, Codec
from meldcode_cli.files import NotARegularFile, TooLarge, os_reason, read_regular_file
from meldcode_cli.protocol.casus import (
    VOORRANG,
    ItemKind,
    MeldingStand,
    Status,
    acuut,
    item_kort,
    item_titel,
    melding_stand,
    open_items,
    status_op,
)
from meldcode_cli.text import safe_text

if TYPE_CHECKING:
    from meldcode_cli.dossier.sleutel import Sleutel

INDEX_NAME = ".index.json"
_HEX64 = re.compile(r"[0-9a-f]{64}")
# Caps for what is read back from disk (untrusted): an entry is a few kB, the index of
# 10,000 entries about 3 MB.
MAX_ENTRY_BYTES = 16 * 1024 * 1024
MAX_INDEX_BYTES = 256 * 1024 * 1024
INDEX_VERSION = 7
KNOWN_SCHEMA = 1


class Summary(NamedTuple):
    """What ``list`` needs of an entry. A tuple: 10,000 of them load fast from the index."""

    id: str
    datum: str
    aangemaakt: str
    referentie: str
    soort: str
    uitkomst: str
    titel: str
    laatste_afweging: int | None
    vervolg_op: str | None
    evaluatie_op: str | None
    terugbellen: str | None  # only once the melding is made (see ``melding``)
    schema_versie: int | None
    melden_op: str | None = None
    opnieuw_doorlopen: bool = False  # "niet gemeld": the next step is a new run
    gemeld_op: str | None = None  # the day this entry records the melding as made
    melding: str | None = None  # where the melding stands after it (MeldingStand)
    acuut: bool = False  # a melding decided with acute onveiligheid or direct gevaar
    sha256: str | None = None  # the entry's checksum, as it says
    # The checksums it links to, separated by spaces ("" for a case's first entry); None
    # for an entry of meldcode 0.1, made before entries were chained.
    links: str | None = None

    @property
    def day(self) -> date:
        return date.fromisoformat(self.datum)

    @property
    def stand(self) -> MeldingStand | None:
        return MeldingStand(self.melding) if self.melding is not None else None


make_summary = Summary._make  # from a record of the index, or a summary as a list


class FollowUp(NamedTuple):
    """Something the practitioner must still do for an entry. A tuple: a dossier of
    10,000 entries has as many, made at every list."""

    entry: Summary
    kind: ItemKind
    op: date

    def status(self, today: date) -> Status:
        return status_op(self.op, today)

    def due(self, today: date) -> bool:
        return self.op <= today

    def kort(self, today: date) -> str:
        return item_kort(self.kind, self.status(today))

    def titel(self, today: date) -> str:
        return item_titel(self.kind, self.status(today))


@dataclass
class Scan:
    folder: Path
    entries: list[Summary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    codec: Codec = PLAIN
    # The file an entry's ".md" or ".json" was found as, where that is not its usual name
    # (a plain file in an encrypted dossier, or the other way round).
    names: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    # Documents the scan itself read, kept for one later use (the integrity check reads
    # every entry right after the scan did).
    kept: dict[str, dict[str, Any]] | None = field(default=None, repr=False)
    _follow_ups: list[FollowUp] | None = field(default=None, repr=False)
    _sleutels: list[Sleutel] | None = field(default=None, repr=False)
    _case_digests: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _by_case: dict[str, list[Summary]] | None = field(default=None, repr=False)
    # Conflict copies and editor backups of entries (see ``dossier.kopie``), by name.
    kopieen: list[Kopie] = field(default_factory=list)
    # Other files that are no entry of meldcode's (an export, a sheet, a note), by name.
    vreemd: list[str] = field(default_factory=list)

    def foreign_warnings(self) -> list[str]:
        return [
            f"{safe_text(name)}: geen dossierstuk van meldcode; overgeslagen."
            for name in sorted(self.vreemd)
        ]

    _splits: dict[str, list[Summary]] | None = field(default=None, repr=False)

    def path_of(self, entry: Summary, suffix: str) -> Path:
        name = self.names.get((entry.id, suffix)) or f"{entry.id}{suffix}{self.codec.suffix}"
        return self.folder / name

    def document(self, entry: Summary) -> dict[str, Any]:
        """The entry's JSON document, read (and decrypted) again from disk, or as the
        scan just read it, once."""
        if self.kept is not None and entry.id in self.kept:
            return self.kept.pop(entry.id)
        try:
            return read_document(self.path_of(entry, ".json"), self.codec)
        except Vanished:  # encrypted (or decrypted) since the scan: read it as it is now
            return read_document(self._moved(entry, ".json"), self._codec_now())

    def problems(self, entry: Summary) -> list[str]:
        """What `controleer` says of this one entry, read again from disk; empty when it
        is sound. Used wherever an entry is shown, exported, followed up, printed on a
        sheet or backed up."""
        return self._read_checked(entry)[1]

    def _read_checked(self, entry: Summary) -> tuple[dict[str, Any] | None, list[str]]:
        """The entry's document, read once, and what `controleer` says of it."""
        if self._sleutels is None:
            self._sleutels = self.codec.keys()
        try:
            document = self.document(entry)
        except NotAnEntry as exc:
            return None, [f"het JSON-bestand is {exc}"]
        problems = _entry_problems(
            self, entry, document, self._sleutels, self._digests_of(entry.referentie), []
        )
        return document, problems

    def require_sound(self, entry: Summary, doing: str) -> None:
        """Refuse to ``doing`` (an infinitive phrase) with an entry that is not sound."""
        self.sound_document(entry, doing)

    def sound_document(self, entry: Summary, doing: str) -> dict[str, Any]:
        """The entry's document, read once and checked as `controleer` does; refuses to
        ``doing`` (an infinitive phrase) with an entry that is not sound."""
        document, problems = self._read_checked(entry)
        if problems or document is None:
            from meldcode_cli.errors import DossierError

            raise DossierError(
                f"Dossierstuk {entry.id} is niet in orde: {'; '.join(problems)}. Daarom ga"
                f" ik het niet {doing}. Er is niets geschreven.",
                hint=(
                    "Zet je sleutel op deze computer met: meldcode sleutel import BESTAND"
                    " (README, 'Twee apparaten')."
                    if any("sleutel ontbreekt" in problem for problem in problems)
                    else "Kijk na wat er mis is met: meldcode dossier controleer"
                ),
            )
        return document

    def _digests_of(self, referentie: str) -> set[str]:
        """The checksums of one case's entries: what an entry's link may point to. From
        the summaries, which hold each entry's checksum as it says (read with the entry,
        or from the index while the file is unchanged): nothing is read again."""
        if referentie not in self._case_digests:
            self._case_digests[referentie] = {
                e.sha256 for e in self.entries if e.referentie == referentie and e.sha256
            }
        return self._case_digests[referentie]

    def ends_of(self, referentie: str) -> list[Summary]:
        """The ends of a case's chain, newest first: its chained entries that no later
        entry links to. One for a case told on one device; more when it split (the same
        entry followed up on two devices, two first entries, a union of two folders)."""
        linked = self._linked(referentie)
        return [e for e in self._chained().get(referentie, []) if e.sha256 not in linked]

    def splits(self) -> dict[str, list[Summary]]:
        """The cases with more than one end, each with its ends (newest first). One pass
        over the summaries; a case of one chained entry (most of them) cannot split."""
        if self._splits is None:
            self._splits = {}
            chained = self._chained()
            known: dict[str, set[str | None]] | None = None
            for referentie, entries in chained.items():
                if len(entries) < 2:
                    continue
                if known is None:  # every entry's checksum, chained or not (0.1)
                    known = {}
                    for entry in self.entries:
                        known.setdefault(entry.referentie, set()).add(entry.sha256)
                linked = self._linked(referentie)
                if not linked <= known[referentie]:
                    continue  # a link to an entry that is gone: controleer names that gap
                ends = [e for e in entries if e.sha256 not in linked]
                if len(ends) > 1:
                    self._splits[referentie] = ends
        return self._splits

    def _chained(self) -> dict[str, list[Summary]]:
        if self._by_case is None:
            self._by_case = {}
            for entry in self.entries:  # newest first
                if entry.links is not None and entry.sha256 is not None:
                    self._by_case.setdefault(entry.referentie, []).append(entry)
        return self._by_case

    def _linked(self, referentie: str) -> set[str]:
        return {
            link
            for e in self._chained().get(referentie, [])
            for link in (e.links or "").split(" ")
            if link
        }

    def refuse_plain_copy_inside(self, output: Path) -> None:
        """An encrypted dossier keeps no readable copy in its own folder: an export or a
        melding sheet goes elsewhere."""
        if not self.codec.encrypted:
            return
        from meldcode_cli.errors import UsageError

        folder = self.folder.resolve()
        target = output.expanduser().resolve().parent
        if target == folder or folder in target.parents:
            raise UsageError(
                f"{safe_text(str(output))} staat in je versleutelde dossiermap, maar dit"
                " bestand wordt niet versleuteld. Er is niets geschreven.",
                hint="Kies een plek buiten de dossiermap.",
            )

    def markdown(self, entry: Summary) -> bytes:
        """The entry's Markdown as it was written; OSError, or NotAnEntry when it cannot
        be opened."""
        try:
            return read_entry_file(self.path_of(entry, ".md"), self.codec)
        except FileNotFoundError:  # encrypted (or decrypted) since the scan
            return read_entry_file(self._moved(entry, ".md"), self._codec_now())

    def _codec_now(self) -> Codec:
        """The codec of the folder as it is now: encryption may have been turned on by
        another process since the scan began (its marker is written first)."""
        if not self.codec.encrypted:
            from meldcode_cli.dossier.versleuteling import codec_for

            fresh = codec_for(self.folder)
            if fresh.encrypted:
                self.codec = fresh
        return self.codec

    def _moved(self, entry: Summary, suffix: str) -> Path:
        """The entry's file under its other name (with or without ``.age``)."""
        name = self.path_of(entry, suffix).name
        other = name.removesuffix(".age") if name.endswith(".age") else f"{name}.age"
        return self.folder / other

    def follow_ups(self) -> list[FollowUp]:
        """Open follow-ups: an entry's follow-up is done once a later entry refers to it."""
        if self._follow_ups is None:
            self._follow_ups = self._compute_follow_ups()
        return self._follow_ups

    def _compute_follow_ups(self) -> list[FollowUp]:
        followed = {e.vervolg_op for e in self.entries if e.vervolg_op}
        items: list[FollowUp] = []
        add = items.append
        parse = date.fromisoformat
        for entry in self.entries:
            if entry.id in followed:
                continue
            if not (entry.melding or entry.evaluatie_op):
                continue  # most entries: nothing open
            for kind, op in open_items(
                day=entry.day,
                stand=entry.stand,
                acuut=entry.acuut,
                evaluatie_op=parse(entry.evaluatie_op) if entry.evaluatie_op else None,
                terugbellen=parse(entry.terugbellen) if entry.terugbellen else None,
                melden_op=parse(entry.melden_op) if entry.melden_op else None,
            ):
                add(FollowUp(entry, kind, op))
        # By (acute first, date, id): stable sorts on one key each, faster than tuples.
        items.sort(key=attrgetter("entry.id"))
        items.sort(key=attrgetter("op"))
        items.sort(key=lambda item: VOORRANG.get(item.kind, 1))
        return items

    def select(
        self,
        *,
        casus: str | None = None,
        sinds: date | None = None,
        tot: date | None = None,
        uitkomst: str | None = None,
        open_only: bool = False,
        zoek: str | None = None,
    ) -> list[Summary]:
        """The entries that pass every given filter, newest first. ``zoek`` searches all
        answers (it reads each remaining entry's file, so it comes last)."""
        open_ids = {item.entry.id for item in self.follow_ups()} if open_only else set()
        chosen = [
            entry
            for entry in self.entries
            if (casus is None or entry.referentie.casefold() == casus.casefold())
            and (sinds is None or entry.day >= sinds)
            and (tot is None or entry.day <= tot)
            and (uitkomst is None or entry.uitkomst == uitkomst)
            and (not open_only or entry.id in open_ids)
        ]
        if zoek:
            needle = zoek.casefold()
            chosen = [entry for entry in chosen if self._contains(entry, needle)]
        return chosen

    def _contains(self, entry: Summary, needle: str) -> bool:
        try:
            document = self.document(entry)
        except NotAnEntry:
            return False
        return needle in json.dumps(document, ensure_ascii=False).casefold()

    def codes(self) -> dict[str, str]:
        """A short code per entry: the random tail of its id, or the whole id if not unique."""
        from meldcode_cli.text import short_code

        ids = [e.id for e in self.entries]
        tails = list(map(short_code, ids))
        count = Counter(tails)
        pairs = zip(ids, tails, strict=True)
        return {entry_id: (tail if count[tail] == 1 else entry_id) for entry_id, tail in pairs}

    def followed_by(self, entry_id: str) -> list[Summary]:
        return [e for e in self.entries if e.vervolg_op == entry_id]


class NotAnEntry(ValueError):
    """A file that looks like an entry but is not one we can read."""


class Vanished(NotAnEntry):
    """The file was there a moment ago (another program renamed or replaced it)."""


class _Moved(Exception):
    """Files moved while the folder was read: the scan starts again."""


# How often a scan starts again when files move under it (encryption at work, or a sync
# engine); after that, what is gone is simply not there.
SCAN_TRIES = 5


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _iso(value: Any) -> str | None:
    """A date as ISO text, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def summarise(document: Any, entry_id: str) -> Summary:
    """The facts ``list`` needs, read tolerantly (older schemas included)."""
    if not isinstance(document, dict):
        raise NotAnEntry("geen dossierstuk (de inhoud is geen JSON-object)")
    if document.get("id", entry_id) != entry_id:
        raise NotAnEntry("de naam van het bestand past niet bij het id erin")
    casus = _mapping(_mapping(document.get("antwoorden")).get("casus"))
    referentie = _text(document.get("referentie")) or _text(casus.get("referentie"))
    aangemaakt = _text(document.get("aangemaakt")) or ""
    datum = _text(document.get("datum")) or aangemaakt[:10]
    besluit = _mapping(document.get("besluit"))
    uitkomst = _text(besluit.get("uitkomst")) or _text(document.get("uitkomst"))
    if not referentie or not uitkomst:
        raise NotAnEntry("geen dossierstuk van meldcode (kenmerk of uitkomst ontbreekt)")
    try:
        date.fromisoformat(datum)
    except ValueError:
        raise NotAnEntry(f"onleesbare datum {datum!r}") from None
    vervolg = _mapping(document.get("vervolg"))
    iso = _iso
    antwoorden = _mapping(document.get("antwoorden"))
    gemeld_op = _gemeld_op(besluit, antwoorden)
    stand = melding_stand(uitkomst, date.fromisoformat(gemeld_op) if gemeld_op else None)
    return Summary(
        id=entry_id,
        datum=datum,
        aangemaakt=aangemaakt,
        referentie=referentie,
        soort=_text(document.get("soort")) or "start",
        uitkomst=uitkomst,
        titel=_text(besluit.get("titel")) or uitkomst,
        laatste_afweging=_whole(besluit.get("laatste_afweging")),
        vervolg_op=_text(document.get("vervolg_op")),
        evaluatie_op=iso(vervolg.get("evaluatie_op")),
        # Veilig Thuis calls back after a melding, not after a decision to report (entries
        # of earlier versions stored a date for a melding that was only decided).
        terugbellen=(
            iso(vervolg.get("veilig_thuis_terugbellen_uiterlijk"))
            if stand is MeldingStand.GEDAAN
            else None
        ),
        schema_versie=_whole(document.get("schema_versie")),
        melden_op=iso(vervolg.get("melden_op")),
        opnieuw_doorlopen=vervolg.get("opnieuw_doorlopen") is True,
        gemeld_op=gemeld_op,
        melding=stand.value if stand is not None else None,
        acuut=stand is MeldingStand.BESLOTEN and acuut(antwoorden),
        sha256=_digest(document.get("sha256")),
        links=_links(document),
    )


def _digest(value: Any) -> str | None:
    return value if isinstance(value, str) and _HEX64.fullmatch(value) else None


def _links(document: dict[str, Any]) -> str | None:
    """What the entry links to, as the index keeps it (see ``Summary.links``)."""
    if "vorige" not in document:
        return None
    found = [_digest(document.get("vorige"))]
    extra = document.get("ook_vorige")
    if isinstance(extra, list):
        found += [_digest(item) for item in extra[:64]]  # more lines than this: no story
    return " ".join(digest for digest in found if digest)


def _gemeld_op(besluit: dict[str, Any], antwoorden: dict[str, Any]) -> str | None:
    """The day an entry records a melding as made: taken by Veilig Thuis in stap 2, or
    said in a follow-up on the melding. Read from disk: any shape."""
    in_stap_2 = _iso(besluit.get("melding_gedaan_op"))
    if in_stap_2 is not None:
        return in_stap_2
    veilig_thuis = _mapping(antwoorden.get("veilig_thuis"))
    if veilig_thuis.get("melding_gedaan") == "ja":
        return _iso(veilig_thuis.get("melding_datum"))
    return None


def read_entry_file(path: Path | str, codec: Codec = PLAIN) -> bytes:
    """The bytes written as ``path`` (decrypted when it is a ``.age`` file). OSError when
    the file cannot be read, NotAnEntry when it cannot be opened."""
    raw = read_regular_file(path, MAX_ENTRY_BYTES)
    try:
        return codec.open(os.path.basename(path), raw)  # noqa: PTH119 - path may be a str
    except CannotOpen as exc:
        raise NotAnEntry(str(exc)) from None


def read_document(path: Path | str, codec: Codec = PLAIN) -> dict[str, Any]:
    """One entry's JSON document; NotAnEntry with a Dutch reason when unreadable."""
    try:
        raw = read_entry_file(path, codec)
    except FileNotFoundError:
        raise Vanished("het bestand ontbreekt") from None
    except NotARegularFile:
        raise NotAnEntry("geen gewoon bestand (bijvoorbeeld een apparaat of een pipe)") from None
    except TooLarge:
        raise NotAnEntry("te groot voor een dossierstuk") from None
    except OSError as exc:
        raise NotAnEntry(f"niet leesbaar: {os_reason(exc)}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: JSON, huge ints
        raise NotAnEntry("beschadigd of half geschreven (geen geldige JSON)") from None
    if not isinstance(data, dict):
        raise NotAnEntry("geen dossierstuk (de inhoud is geen JSON-object)")
    return data


def _key(stat: os.stat_result) -> list[int]:
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def index_path(dossier: Dossier) -> Path:
    return dossier.path / f"{INDEX_NAME}{dossier.codec.suffix}"


def _load_index(dossier: Dossier) -> dict[str, Any]:
    path = index_path(dossier)
    try:
        raw = dossier.codec.open(path.name, read_regular_file(path, MAX_INDEX_BYTES))
        data = json.loads(raw.decode("utf-8"))
    except (OSError, CannotOpen, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("versie") != INDEX_VERSION:
        return {}
    files = data.get("bestanden")
    return files if isinstance(files, dict) else {}


def _save_index(dossier: Dossier, files: dict[str, Any]) -> None:
    """Best effort: a folder we cannot write to simply goes without a cache."""
    from meldcode_cli.files import replace_file

    data = json.dumps({"versie": INDEX_VERSION, "bestanden": files}, ensure_ascii=False)
    codec = dossier.codec
    with contextlib.suppress(OSError):
        replace_file(index_path(dossier), codec.seal(data.encode("utf-8")))
        if codec.encrypted:  # never a plain index beside the encrypted one
            with contextlib.suppress(FileNotFoundError):
                (dossier.path / INDEX_NAME).unlink()


_SUMMARY_TYPES: tuple[tuple[type, ...], ...] = (
    (str,),  # id
    (str,),  # datum
    (str,),  # aangemaakt
    (str,),  # referentie
    (str,),  # soort
    (str,),  # uitkomst
    (str,),  # titel
    (int, type(None)),  # laatste_afweging
    (str, type(None)),  # vervolg_op
    (str, type(None)),  # evaluatie_op
    (str, type(None)),  # terugbellen
    (int, type(None)),  # schema_versie
    (str, type(None)),  # melden_op
    (bool,),  # opnieuw_doorlopen
    (str, type(None)),  # gemeld_op
    (str, type(None)),  # melding
    (bool,),  # acuut
    (str, type(None)),  # sha256
    (str, type(None)),  # links
)


# Every combination of exact types a summary from the index may have (type(True) is bool,
# never int): one set lookup per record instead of a check per field.
_SUMMARY_SHAPES = frozenset(itertools.product(*_SUMMARY_TYPES))
_DATED = (1, 9, 10, 12, 14)  # datum, evaluatie_op, terugbellen, melden_op, gemeld_op
_MELDING = 15
_SHA256 = 17  # then links
_STANDEN = frozenset(MeldingStand)


def _trusted(hit: Any, key: list[int], stem: str) -> list[Any] | None:
    """An index record exactly as meldcode writes it, for this file as it is now; else None
    (and the file itself is read)."""
    if type(hit) is not list or not hit or hit[0] != key:
        return None
    if len(hit) == 3 and hit[1] is None and type(hit[2]) is str:
        return hit
    fields = hit[1] if len(hit) == 2 else None
    if type(fields) is not list or tuple(map(type, fields)) not in _SUMMARY_SHAPES:
        return None
    if fields[0] != stem:
        return None
    if fields[_MELDING] is not None and fields[_MELDING] not in _STANDEN:
        return None
    digest, links = fields[_SHA256], fields[_SHA256 + 1]
    if digest is not None and not _HEX64.fullmatch(digest):
        return None
    if links and not all(_HEX64.fullmatch(link) for link in links.split(" ")):
        return None
    try:
        for at in _DATED:
            dated = fields[at]
            if dated is not None:
                date.fromisoformat(dated)
    except ValueError:
        return None
    return hit


def scan(dossier: Dossier, *, use_index: bool = True, keep: bool = False) -> Scan:
    """All readable entries, newest first, and a warning for every file passed over
    (see :func:`_scan`). The scan makes many small objects and frees none of them: the
    garbage collector is held off meanwhile."""
    with _no_garbage_collection():
        for _ in range(SCAN_TRIES - 1):
            try:
                return _scan(dossier, use_index=use_index, keep=keep, strict=True)
            except _Moved:
                continue
        return _scan(dossier, use_index=use_index, keep=keep, strict=False)


@contextlib.contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """For work that makes many small objects and frees none of them until it is done:
    the garbage collector would walk them all again and again, for nothing."""
    import gc

    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _exists_as(folder: Path, stem: str, suffix: str) -> bool:
    """The file is there now, plain or encrypted."""
    name = f"{stem}{suffix}"
    return os.path.lexists(folder / name) or os.path.lexists(folder / f"{name}.age")


def _scan(dossier: Dossier, *, use_index: bool, keep: bool, strict: bool) -> Scan:
    """All readable entries, newest first, and a warning for every file passed over.

    Index records are ``[key, summary-as-list]`` or ``[key, None, reason]``; a record is
    used only while its key (inode, size, mtime, ctime) still matches the file.

    A file that vanishes between the listing and its reading was moved by another program
    (encrypted, or replaced by a sync engine): ``strict`` starts the scan again (_Moved);
    otherwise the file is passed over without a word, as it is no longer there.
    """
    folder = dossier.path
    codec = dossier.codec
    result = Scan(folder, codec=codec, kept={} if keep else None)
    names = result.names  # only the files not found under their usual name
    cached = _load_index(dossier) if use_index else {}
    fresh: dict[str, Any] = {}
    changed = False
    markdown: dict[str, str] = {}  # stem: the file's name
    jsons: dict[str, os.DirEntry[str]] = {}
    plain_left: list[str] = []
    lookup = cached.get
    valid: dict[str, bool] = {}  # an entry's two files share their stem: judged once
    encrypted = codec.encrypted
    with os.scandir(folder) as it:
        listing = list(it)
    if not strict:  # files kept moving: what either of two listings saw (each moves once)
        with os.scandir(folder) as it:
            known = {item.name for item in listing}
            listing += [item for item in it if item.name not in known]
    for item in listing:
        name = item.name
        if name[0] == ".":
            continue  # the draft, the index, temporary files
        sealed = name.endswith(".age")
        base = name[:-4] if sealed else name
        if base.endswith(".json"):
            stem, suffix = base[:-5], ".json"
        elif base.endswith(".md"):
            stem, suffix = base[:-3], ".md"
        else:
            stem = suffix = ""
        ok = valid.get(stem)
        if ok is None:
            ok = valid[stem] = bool(suffix) and is_entry_id(stem)
        if not ok:
            kopie = kopie_of(name)
            if kopie is not None and item.is_file(follow_symlinks=False):
                result.kopieen.append(kopie)  # named, compared and judged by controleer
                continue
            result.vreemd.append(name)
            continue
        if not item.is_file(follow_symlinks=False):  # also a symbolic link
            result.warnings.append(f"{safe_text(name)}: geen gewoon bestand; overgeslagen.")
            continue
        found: dict[str, Any] = jsons if suffix == ".json" else markdown
        earlier = found.get(stem)
        if earlier is not None:
            # An encryption stopped halfway leaves both: the encrypted file is used, the
            # plain one is left over (whichever the folder listed first).
            earlier_name = earlier if isinstance(earlier, str) else earlier.name
            if not sealed or earlier_name.endswith(".age"):
                plain_left.append(name)
                continue
            if not encrypted:  # in an encrypted dossier it was counted when it was found
                plain_left.append(earlier_name)
        elif encrypted and not sealed:
            plain_left.append(name)  # read all the same, until it is encrypted
        found[stem] = item if suffix == ".json" else name
        if sealed != encrypted:
            names[(stem, suffix)] = name
        else:
            names.pop((stem, suffix), None)
    for stem, item in jsons.items():
        name, path = item.name, item.path
        for _ in range(2):  # the file, or (when it moved) its other name
            try:
                key = _key(
                    os.lstat(path) if path != item.path else item.stat(follow_symlinks=False)
                )
                record = _trusted(lookup(name), key, stem)  # from disk: untrusted
                if record is None:
                    changed = True
                    try:
                        document = read_document(path, codec)
                        summary = summarise(document, stem)
                        record = [key, list(summary)]
                        if result.kept is not None:
                            result.kept[stem] = document
                    except Vanished:
                        raise FileNotFoundError(path) from None
                    except NotAnEntry as exc:
                        record = [key, None, str(exc)]
                break
            except FileNotFoundError:
                if strict:
                    raise _Moved from None
                name = name.removesuffix(".age") if name.endswith(".age") else f"{name}.age"
                path = os.path.join(folder, name)  # noqa: PTH118 - a str, as item.path
        else:
            continue  # gone under both names: no longer there
        if name != item.name:  # found under its other name: remember which
            if name.endswith(".age") != encrypted:
                names[(stem, ".json")] = name
            else:
                names.pop((stem, ".json"), None)
        fresh[name] = record
        if record[1] is None:
            result.warnings.append(f"{safe_text(name)}: {record[2]}; overgeslagen.")
            continue
        summary = make_summary(record[1])
        if summary.schema_versie is not None and summary.schema_versie > KNOWN_SCHEMA:
            result.warnings.append(
                f"{name}: geschreven door een nieuwere versie van meldcode; mogelijk niet"
                " alles wordt getoond."
            )
        result.entries.append(summary)
    result.warnings.sort()
    half = [(s, ".json") for s in markdown.keys() - jsons.keys()]
    half += [(s, ".md") for s in jsons.keys() - markdown.keys()]
    if strict and any(_exists_as(folder, stem, suffix) for stem, suffix in half):
        raise _Moved  # the other half was being renamed while the folder was listed
    if strict and (plain_left or names):  # signs of an encryption at work: look again
        with os.scandir(folder) as it:
            if {item.name for item in it} != {item.name for item in listing}:
                raise _Moved
    for stem in sorted(markdown.keys() - jsons.keys()):
        result.warnings.append(
            f"{stem}.md: onvolledig dossierstuk (het JSON-bestand ontbreekt); overgeslagen."
        )
    listed = {entry.id for entry in result.entries}
    for stem in sorted(jsons.keys() - markdown.keys()):
        if stem in listed:
            result.warnings.append(f"{stem}.json: het Markdown-bestand ontbreekt.")
    plain_left = [n for n in plain_left if os.path.lexists(folder / n)]
    if plain_left:
        count = len(plain_left)
        what = "1 bestand is" if count == 1 else f"{count} bestanden zijn"
        result.warnings.append(
            f"{what} in dit versleutelde dossier nog niet versleuteld (bijvoorbeeld"
            f" {safe_text(sorted(plain_left)[0])}). Maak het af met: meldcode versleuteling aan"
        )
    # Newest first, by (aangemaakt, id): two stable sorts on one text each, which compare
    # much faster than pairs (a stable sort with reverse=True keeps equal ones in order).
    result.entries.sort(key=attrgetter("id"), reverse=True)
    result.entries.sort(key=attrgetter("aangemaakt"), reverse=True)
    if use_index and (changed or len(fresh) != len(cached)):
        _save_index(dossier, fresh)
    return result


# --------------------------------------------------------------------------- integrity


@dataclass(frozen=True)
class Finding:
    entry_id: str
    message: str


def check_integrity(
    scan_result: Scan, sleutels: list[Sleutel] | None = None
) -> tuple[int, list[Finding], list[Finding]]:
    """Recompute every entry's checksums, its signature and its link to the case's
    previous entry; return how many are intact, what is wrong, and what only to note.
    ``sleutels``: every key of the practitioner's (the config folder's, and the one
    derived from the identity when the dossier is encrypted)."""
    with _no_garbage_collection():
        return _check_integrity(scan_result, sleutels)


def _check_integrity(
    scan_result: Scan, sleutels: list[Sleutel] | None
) -> tuple[int, list[Finding], list[Finding]]:
    intact = 0
    findings: list[Finding] = []
    notes: list[Finding] = []
    documents: dict[str, dict[str, Any]] = {}
    for entry in scan_result.entries:
        try:
            documents[entry.id] = scan_result.document(entry)
        except NotAnEntry as exc:
            findings.append(Finding(entry.id, str(exc)))
    digests: dict[str, set[str]] = {}  # per case: the digests of its entries
    for entry in scan_result.entries:
        digest = documents.get(entry.id, {}).get("sha256")
        if isinstance(digest, str):
            digests.setdefault(entry.referentie, set()).add(digest)
    for entry in scan_result.entries:
        document = documents.get(entry.id)
        if document is None:
            continue
        problems = _entry_problems(
            scan_result,
            entry,
            document,
            sleutels or [],
            digests.get(entry.referentie, set()),
            notes,
        )
        if problems:
            findings.extend(Finding(entry.id, p) for p in problems)
        else:
            intact += 1
    return intact, findings, notes


def check_kopieen(scan_result: Scan) -> tuple[list[Finding], list[Finding]]:
    """Each copy of an entry in the folder, compared with the entry: the same content is
    a note (it may go), another content or no entry at all is a finding (look at it)."""
    findings: list[Finding] = []
    notes: list[Finding] = []
    for kopie in sorted(scan_result.kopieen, key=attrgetter("name")):
        folder = scan_result.folder
        try:
            copied = read_entry_file(folder / kopie.name, scan_result.codec)
        except (OSError, NotAnEntry) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
            findings.append(
                Finding(safe_text(kopie.name), f"{kopie.wat}, niet te lezen ({reason})")
            )
            continue
        try:
            original: bytes | None = read_entry_file(folder / kopie.original, scan_result.codec)
        except (OSError, NotAnEntry):
            original = None
        if original is None:
            findings.append(
                Finding(
                    safe_text(kopie.name),
                    f"{kopie.wat}, maar dat dossierstuk staat er niet. meldcode gebruikt de"
                    " kopie niet: bekijk wat erin staat",
                )
            )
        elif original == copied:
            notes.append(
                Finding(safe_text(kopie.name), f"{kopie.wat}, met dezelfde inhoud; mag weg")
            )
        else:
            findings.append(
                Finding(
                    safe_text(kopie.name),
                    f"{kopie.wat}, met een andere inhoud. meldcode gebruikt de kopie niet:"
                    " bekijk wat erin staat, en leg wat nodig is vast in een nieuw"
                    " dossierstuk",
                )
            )
    return findings, notes


def _entry_problems(
    scan_result: Scan,
    entry: Summary,
    document: dict[str, Any],
    sleutels: list[Sleutel],
    case_digests: set[str],
    notes: list[Finding],
) -> list[str]:
    """Everything `controleer` checks of one entry: its checksum, its signature, its link
    to the case's previous entry, and its Markdown."""
    import hashlib

    from meldcode_cli.dossier.entry import canonical_sha256

    problems: list[str] = []
    canonical = Canonical(document)  # serialised once, for the checksum and the MAC
    recorded = document.get("sha256")
    if not isinstance(recorded, str):
        problems.append("heeft geen controlegetal (ouder dossierstuk); niet te controleren")
    elif canonical_sha256(document, canonical) != recorded:
        problems.append("het JSON-bestand is gewijzigd sinds het werd vastgelegd")
    problems += _signature_problems(entry, document, sleutels, notes, canonical)
    vorige = document.get("vorige")
    ook = document.get("ook_vorige", [])
    links = [vorige] + (ook if isinstance(ook, list) else [ook])
    if any(
        link is not None and (not isinstance(link, str) or link not in case_digests)
        for link in links
    ):
        problems.append(
            "het dossierstuk dat hieraan voorafging in deze casus ontbreekt, of is gewijzigd"
        )
    md_recorded = document.get("markdown_sha256")
    try:
        md_actual = hashlib.sha256(scan_result.markdown(entry)).hexdigest()
    except FileNotFoundError:
        problems.append("het Markdown-bestand ontbreekt")
    except OSError as exc:
        problems.append(f"het Markdown-bestand is niet leesbaar: {os_reason(exc)}")
    except NotAnEntry as exc:
        problems.append(f"het Markdown-bestand is {exc}")
    else:
        if isinstance(md_recorded, str) and md_actual != md_recorded:
            problems.append(
                "het Markdown-bestand is gewijzigd: Markdown en JSON komen niet meer overeen"
            )
    return problems


def _signature_problems(
    entry: Summary,
    document: dict[str, Any],
    sleutels: list[Sleutel],
    notes: list[Finding],
    canonical: Canonical | None = None,
) -> list[str]:
    """What the signature says: made with a key of this practitioner's, and unchanged.
    Unsigned is trusted only for an entry one of the keys recorded when it was made;
    nothing the entry says of itself (its time or its id) is asked."""
    signed = document.get("handtekening")
    if signed is None:
        digest = document.get("sha256")
        if not sleutels:
            notes.append(
                Finding(entry.id, "is niet ondertekend; er is op deze computer nog geen sleutel")
            )
            return []
        if isinstance(digest, str) and any(digest in s.ongetekend for s in sleutels):
            notes.append(
                Finding(
                    entry.id,
                    "is ouder dan je sleutel en niet ondertekend; het stond er al toen je"
                    " sleutel werd gemaakt, en het controlegetal is nagerekend",
                )
            )
            return []
        return [
            "is niet ondertekend, en stond er niet toen je sleutel werd gemaakt: mogelijk vervalst"
        ]
    if not sleutels:
        return ["is ondertekend, maar je sleutel ontbreekt op deze computer; niet te controleren"]
    named = signed.get("sleutel") if isinstance(signed, dict) else None
    sleutel = next((s for s in sleutels if s.id == named), None)
    if sleutel is None:
        return ["is vreemd: ondertekend met een andere sleutel (uit een ander dossier?)"]
    if not sleutel.klopt(document, canonical):
        return ["de handtekening klopt niet: het dossierstuk is gewijzigd of nagemaakt"]
    return []


def unsigned_digests(dossier: Dossier) -> list[str]:
    """The checksums of the dossier's unsigned entries whose checksum holds (entries of
    meldcode 0.1): what a new key records as allowed to stand without a signature."""
    from meldcode_cli.dossier.entry import canonical_sha256

    if not dossier.path.exists():
        return []
    result = scan(dossier, use_index=False)
    found: list[str] = []
    for entry in result.entries:
        try:
            document = result.document(entry)
        except NotAnEntry:
            continue
        digest = document.get("sha256")
        if "handtekening" in document or not isinstance(digest, str):
            continue
        if canonical_sha256(document) == digest:
            found.append(digest)
    return found


def signed_entry(dossier: Dossier) -> str | None:
    """The id of an entry in the dossier that carries a signature, if there is one: asked
    only when this computer has no key yet (a second device must not make its own)."""
    if not dossier.path.exists():
        return None
    result = scan(dossier, use_index=False)
    for entry in result.entries:
        with contextlib.suppress(NotAnEntry):
            if "handtekening" in result.document(entry):
                return entry.id
    return None


def find_by_name(dossier: Dossier, wanted: str) -> list[str]:
    """The ids of the entries whose names fit ``wanted`` (a whole id, the start of one,
    or its code: the random tail, at least four characters), from the names in the
    folder only: nothing is read, or even looked at beyond its name."""
    wanted = wanted.strip()
    if not wanted:
        return []
    with contextlib.suppress(OSError):
        listed = os.listdir(dossier.path)  # noqa: PTH208 - names as str: 50,000 of them
        names = [name.removesuffix(".age") for name in listed]
        stems = {n[:-5] for n in names if n.endswith(".json") and is_entry_id(n[:-5])}
        if wanted in stems:
            return [wanted]
        tail = "-" + wanted
        return sorted(
            stem
            for stem in stems
            if stem.startswith(wanted) or (len(wanted) >= 4 and stem.endswith(tail))
        )
    return []


def read_summary(dossier: Dossier, entry_id: str) -> Summary:
    """One entry's summary, read from its own file (plain or encrypted)."""
    plain = dossier.path / f"{entry_id}.json"
    name = plain if os.path.lexists(plain) else dossier.path / f"{entry_id}.json.age"
    codec = dossier.codec if name.name.endswith(".age") else PLAIN
    return summarise(read_document(name, codec), entry_id)


def case_scan(dossier: Dossier, referentie: str, *, fold: bool = False) -> Scan:
    """The entries of one case, found by the names of their files and read; nothing else
    of the dossier is read, or even looked at beyond its names. An entry's name holds the
    slug of its kenmerk (``store.new_entry_id``); two kenmerken with one slug are told
    apart by what their entries say. A file that cannot be read is passed over, as
    :func:`scan` passes it over. ``fold``: the kenmerk as the practitioner typed it,
    capitals or not (as ``--casus`` takes it); a new entry links to its own case exactly."""
    from meldcode_cli.dossier.store import slug

    marker = f"-{slug(referentie)}-"
    pattern = re.compile(rf"\d{{8}}-\d{{6}}{re.escape(marker)}[0-9a-f]{{6}}\.json(\.age)?")
    result = Scan(dossier.path, codec=dossier.codec)
    names: list[str] = []
    with contextlib.suppress(OSError):  # names only (no Path objects); the slug first
        listed = os.listdir(dossier.path)  # noqa: PTH208 - names as str: 50,000 of them
        names = sorted(n for n in listed if marker in n and pattern.fullmatch(n))
    found: dict[str, Summary] = {}
    for name in names:
        stem = name.removesuffix(".age").removesuffix(".json")
        if stem in found:
            continue  # the same entry, plain and encrypted (encryption at work)
        codec = dossier.codec if name.endswith(".age") else PLAIN
        try:
            summary = summarise(read_document(dossier.path / name, codec), stem)
        except (NotAnEntry, OSError):
            continue
        same = summary.referentie == referentie or (
            fold and summary.referentie.casefold() == referentie.casefold()
        )
        if same:
            found[stem] = summary
    result.entries = sorted(found.values(), key=attrgetter("id"), reverse=True)
    result.entries.sort(key=attrgetter("aangemaakt"), reverse=True)  # newest first
    return result


def previous_of_case(dossier: Dossier, referentie: str) -> tuple[str, ...]:
    """The digests a new entry of the case links to, so that removing or editing an
    earlier entry shows: the end of the case's chain (no later entry links to it);
    empty for a case's first entry. Entries made in the same second are ordered by that,
    not by their time. Only the case's own entries are read (:func:`case_scan`): a new
    entry costs the same in a dossier of 50,000 entries as in an empty one.

    A case that split (a follow-up made on two devices, then synced) has more than one
    end: the new entry links to all of them, newest first, and so joins the lines."""
    if not dossier.path.exists():
        return ()
    result = case_scan(dossier, referentie)
    ends = result.ends_of(referentie)
    if ends:
        return tuple(e.sha256 for e in ends if e.sha256)
    # Only entries of meldcode 0.1 (no chain yet): link to the newest of them.
    for entry in result.entries:  # newest first
        if entry.referentie == referentie and entry.sha256:
            return (entry.sha256,)
    return ()
