"""A case read once into a value: its entries in chain order, each checked as `controleer`
checks it and parsed once, with its kind, kader, outcome, real dates, and what was
decided and done.

Follow-ups (``vervolg``), the melding sheet and the advice sheet read this value, never
the raw JSON keys of the files: one reading, with one policy for each question that a
stored entry raises (an unknown kader, a date that is no date, an answer of any JSON
type). What the dossier holds is untrusted; what this module hands on is checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from meldcode_cli.errors import DossierError
from meldcode_cli.protocol.casus import ItemKind, MeldingStand, open_items
from meldcode_cli.protocol.uitkomsten import Soort
from meldcode_cli.text import format_date, safe_text, short_code

if TYPE_CHECKING:
    from meldcode_cli.dossier.reader import Scan, Summary
    from meldcode_cli.protocol.kader import Kader


class UnknownKader(DossierError):
    """An entry names an afwegingskader this version of meldcode does not know: its
    wording is not guessed from another kader."""


def kader_in(document: Mapping[str, Any], entry_id: str, doing: str) -> Kader:
    """The kader a stored entry was made with: the one policy for every reader.

    See :func:`meldcode_cli.protocol.kaders.kader_named`: an entry that names a kader
    this version does not know is not used to ``doing``."""
    from meldcode_cli.protocol.kaders import kader_named

    kader = kader_named(document)
    if kader is None:
        raise UnknownKader(
            f"Dossierstuk {entry_id} is vastgelegd met een afwegingskader dat deze versie"
            f" van meldcode niet kent ({_kader_id(document)}). Daarom ga ik het niet"
            f" {doing}: de woorden van een ander kader zouden niet kloppen. Er is niets"
            " geschreven.",
            hint="Bekijk welke kaders er zijn met: meldcode kaders",
        )
    return kader


def _kader_id(document: Mapping[str, Any]) -> str:
    stored = document.get("kader")
    return safe_text(str(stored.get("id") if isinstance(stored, Mapping) else stored))


def _mapping(value: Any) -> Mapping[str, Any]:
    return MappingProxyType(value) if isinstance(value, dict) else MappingProxyType({})


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None  # checked by the reader


@dataclass(frozen=True)
class StoredEntry:
    """One entry of a case as the dossier holds it, checked and parsed once."""

    summary: Summary
    kader: Kader
    document: Mapping[str, Any]

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def code(self) -> str:
        return short_code(self.summary.id)

    @property
    def day(self) -> date:
        return self.summary.day

    @property
    def soort(self) -> Soort | None:
        """The kind of run; None for a kind this version does not know."""
        try:
            return Soort(self.summary.soort)
        except ValueError:
            return None

    @property
    def uitkomst(self) -> str:
        return self.summary.uitkomst

    @property
    def titel(self) -> str:
        return self.summary.titel

    @property
    def antwoorden(self) -> Mapping[str, Any]:
        return _mapping(self.document.get("antwoorden"))

    @property
    def besluit(self) -> Mapping[str, Any]:
        return _mapping(self.document.get("besluit"))

    @property
    def stand(self) -> MeldingStand | None:
        """Where the melding stands after this entry (None: it holds no melding)."""
        return self.summary.stand

    @property
    def gemeld_op(self) -> date | None:
        """The day this entry records the melding as made."""
        return _day(self.summary.gemeld_op)

    @property
    def melding_tijd(self) -> str | None:
        """The time of the melding, where a follow-up recorded it (uu:mm)."""
        from meldcode_cli.protocol.vervolg import melding_tijd

        return melding_tijd(self.document)

    @property
    def melding_in_stap_2(self) -> bool:
        """Veilig Thuis took the melding when it was consulted in stap 2."""
        stap_2 = self.besluit.get("melding_gedaan_op")
        return self.gemeld_op is not None and self.gemeld_op.isoformat() == stap_2

    @property
    def evaluatie_op(self) -> date | None:
        return _day(self.summary.evaluatie_op)

    @property
    def terugbellen(self) -> date | None:
        return _day(self.summary.terugbellen)

    @property
    def melden_op(self) -> date | None:
        return _day(self.summary.melden_op)

    @property
    def acuut(self) -> bool:
        return self.summary.acuut

    @property
    def label(self) -> str:
        """How a line taken from this entry names it: "dd-mm-jjjj, dossierstuk CODE"."""
        return f"{format_date(self.day)}, dossierstuk {self.code}"

    def holds_run(self) -> bool:
        """A run of the meldcode itself (signals, kindcheck, afwegingen)."""
        return "signalen" in self.antwoorden

    def afwegingen_tot_4(self) -> dict[str, Any]:
        """The afwegingen up to 4 this entry holds: of the meldcode itself, or (after a
        melding) afwegingen 3 and 4 as walked through with Veilig Thuis. Empty if none."""
        found = self.antwoorden.get("afwegingen")
        if isinstance(found, Mapping) and isinstance(found.get("4"), Mapping):
            return dict(found)
        veilig_thuis = self.antwoorden.get("veilig_thuis")
        samen = veilig_thuis.get("afwegingen") if isinstance(veilig_thuis, Mapping) else None
        if isinstance(samen, Mapping) and isinstance(samen.get("4"), Mapping):
            return {key: samen[key] for key in ("3", "4") if isinstance(samen.get(key), Mapping)}
        return {}

    def open_items(self) -> list[tuple[ItemKind, date]]:
        """What this entry leaves open, were it the end of its case."""
        return open_items(
            day=self.day,
            stand=self.stand,
            acuut=self.acuut,
            evaluatie_op=self.evaluatie_op,
            terugbellen=self.terugbellen,
            melden_op=self.melden_op,
        )


@dataclass(frozen=True)
class Melding:
    """The melding of a case as its entries record it: where it stands, and the entry
    that says so."""

    stand: MeldingStand
    entry: StoredEntry  # the newest entry with a melding in it
    gemaakt_in: StoredEntry | None  # the entry that records it as made
    gemeld_op: date | None
    tijd: str | None


@dataclass(frozen=True)
class Case:
    """A case as it stood at its last entry: its entries in chain order, oldest first."""

    referentie: str
    entries: tuple[StoredEntry, ...]

    @property
    def last(self) -> StoredEntry:
        return self.entries[-1]

    @property
    def kader(self) -> Kader:
        return self.last.kader

    def newest_first(self) -> Iterator[StoredEntry]:
        return reversed(self.entries)

    def run(self) -> StoredEntry | None:
        """The newest run of the meldcode itself in the case."""
        return next((e for e in self.newest_first() if e.holds_run()), None)

    def afwegingen_tot_4(self) -> dict[str, Any]:
        """The newest afwegingen up to 4 the case holds (see
        :meth:`StoredEntry.afwegingen_tot_4`); empty if it holds none."""
        for entry in self.newest_first():
            found = entry.afwegingen_tot_4()
            if found:
                return found
        return {}

    def melding(self) -> Melding | None:
        """Where the case's melding stands, and which entry made it (None: the case has
        no melding, decided or made, at its end)."""
        stand = self.last.stand
        if stand is None:
            return None
        made = None  # decided, or recorded as not made: an earlier melding is not this one
        if stand in (MeldingStand.GEDAAN, MeldingStand.TERUGGEBELD):
            made = next((e for e in self.newest_first() if e.gemeld_op is not None), None)
        return Melding(
            stand=stand,
            entry=self.last,
            gemaakt_in=made,
            gemeld_op=made.gemeld_op if made is not None else None,
            tijd=made.melding_tijd if made is not None else None,
        )

    def open_items(self) -> list[tuple[ItemKind, date]]:
        return self.last.open_items()


def read_entry(scan: Scan, entry: Summary, doing: str) -> StoredEntry:
    """One entry, checked as `controleer` checks it and read once; refuses to ``doing``
    (an infinitive phrase) with an entry that is not sound or not understood."""
    from meldcode_cli.dossier.reader import NotAnEntry, summarise

    document = scan.sound_document(entry, doing)
    try:
        summary = summarise(document, entry.id)  # from what was checked, not the index
    except NotAnEntry as exc:
        raise DossierError(f"{entry.id}.json: {exc}.") from None
    return StoredEntry(summary, kader_in(document, entry.id, doing), MappingProxyType(document))


def read_case(scan: Scan, entry: Summary, doing: str) -> Case:
    """The case as it stood at ``entry``: every entry from the first run up to it along
    ``vervolg_op``, each checked (see :func:`read_entry`)."""
    by_id = {e.id: e for e in scan.entries}
    by_id[entry.id] = entry  # the entry itself, found or not by the scan: never empty
    chain: list[StoredEntry] = []
    seen: set[str] = set()
    current: str | None = entry.id
    while current is not None and current not in seen and current in by_id:
        seen.add(current)
        stored = read_entry(scan, by_id[current], doing)
        chain.append(stored)
        current = stored.summary.vervolg_op
    chain.reverse()
    return Case(entry.referentie, tuple(chain))
