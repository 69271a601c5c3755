"""The melding sheet of an entry: Veilig Thuis's questions answered from what the
dossier holds (the entry, and for an evaluation that ends in opnieuw melden, the earlier
entries of its case)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meldcode_cli.errors import DossierError, UsageError

if TYPE_CHECKING:
    from meldcode_cli.dossier.reader import Scan, Summary
    from meldcode_cli.protocol.melding import Vraag


def sheet_of(result: Scan, entry: Summary) -> tuple[tuple[Vraag, ...], list[str]]:
    """The sheet, and the ids of the earlier entries it also answers from."""
    from meldcode_cli.dossier.reader import NotAnEntry, chain_back
    from meldcode_cli.protocol.afwegingskader import MELDEN_UITKOMSTEN
    from meldcode_cli.protocol.kaders import known
    from meldcode_cli.protocol.melding import HERKOMST, along_the_chain, melding_sheet

    result.require_sound(entry, "op een meldingsblad zetten")
    try:
        document = result.document(entry)
    except NotAnEntry as exc:
        raise DossierError(f"{entry.id}.json: {exc}.") from None
    besluit = document.get("besluit")
    gemeld = isinstance(besluit, dict) and besluit.get("melding_gedaan_op")
    if entry.uitkomst not in {u.value for u in MELDEN_UITKOMSTEN} and not gemeld:
        raise UsageError(
            f"Bij dossierstuk {entry.id} hoort geen melding: het besluit was '{entry.titel}'.",
            hint="Een meldingsblad is er voor dossierstukken met de uitkomst melden.",
        )
    stored = document.get("kader")
    kader_id = stored.get("id") if isinstance(stored, dict) else None
    if stored is not None and (not isinstance(kader_id, str) or known(kader_id) is None):
        raise DossierError(
            f"Dossierstuk {entry.id} is vastgelegd met een afwegingskader dat deze versie van"
            " meldcode niet kent; het meldingsblad zou andere woorden gebruiken.",
            hint="Bekijk welke kaders er zijn met: meldcode kaders",
        )
    # Where an answer came from is said by the chain below, never by the file itself.
    document = {key: value for key, value in document.items() if key != HERKOMST}
    earlier: list[str] = []
    if document.get("soort") == "evaluatie":  # opnieuw melden: the case is in the chain
        try:
            chain = list(chain_back(result, entry.id, "op een meldingsblad zetten"))[1:]
        except NotAnEntry as exc:
            raise DossierError(
                f"Een eerder dossierstuk van deze casus is onleesbaar: {exc}."
            ) from None
        earlier = [str(d.get("id")) for d in chain if isinstance(d.get("id"), str)]
        document = along_the_chain(document, chain)
    return melding_sheet(document), earlier


def tip_of(result: Scan, entry: Summary) -> Summary:
    """The newest entry of the chain that starts at ``entry``: where its case stands now
    (each entry has at most one follow-up)."""
    seen = {entry.id}
    current = entry
    while True:
        later = result.followed_by(current.id)
        if not later or later[0].id in seen:
            return current
        current = later[0]
        seen.add(current.id)


def advies_of(result: Scan, entry: Summary) -> tuple[Vraag, ...]:
    """The advice sheet of an entry (seed 004's questions of an advice call)."""
    from meldcode_cli.dossier.reader import NotAnEntry
    from meldcode_cli.protocol.melding import HERKOMST, advies_sheet

    result.require_sound(entry, "op een adviesblad zetten")
    try:
        document = result.document(entry)
    except NotAnEntry as exc:
        raise DossierError(f"{entry.id}.json: {exc}.") from None
    return advies_sheet({key: value for key, value in document.items() if key != HERKOMST})
