"""The melding sheet of an entry: Veilig Thuis's questions answered from what the
dossier holds (the entry, and for an evaluation that ends in opnieuw melden, the earlier
entries of its case)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from meldcode_cli.errors import UsageError
from meldcode_cli.protocol.uitkomsten import Soort

if TYPE_CHECKING:
    from meldcode_cli.dossier.case import Case
    from meldcode_cli.dossier.reader import Scan, Summary
    from meldcode_cli.protocol.melding import Vraag


class Sheet(NamedTuple):
    vragen: tuple[Vraag, ...]
    earlier: list[str]  # the ids of the earlier entries it also answers from
    now: Case  # the case up to its newest entry: where the melding stands now


def sheet_of(result: Scan, entry: Summary) -> Sheet:
    """The melding sheet of ``entry``, read with its whole case: every entry from the
    first run to the newest, each checked (the sheet says where the melding stands now)."""
    from meldcode_cli.dossier.case import Case, read_case
    from meldcode_cli.protocol.afwegingskader import MELDEN_UITKOMSTEN
    from meldcode_cli.protocol.melding import along_the_chain, melding_sheet

    doing = "op een meldingsblad zetten"
    now = read_case(result, tip_of(result, entry), doing)
    ids = [e.id for e in now.entries]
    if entry.id in ids:
        case = Case(now.referentie, now.entries[: ids.index(entry.id) + 1])
    else:  # not reached back from the newest: the case as it stood at the entry
        case = now = read_case(result, entry, doing)
    last = case.last
    if last.uitkomst not in {u.value for u in MELDEN_UITKOMSTEN} and not last.melding_in_stap_2:
        raise UsageError(
            f"Bij dossierstuk {last.id} hoort geen melding: het besluit was '{last.titel}'.",
            hint="Een meldingsblad is er voor dossierstukken met de uitkomst melden.",
        )
    document = _own(last.document)
    earlier: list[str] = []
    if last.soort is Soort.EVALUATIE:  # opnieuw melden: the case is in the chain
        chain = list(case.newest_first())[1:]
        earlier = [e.id for e in chain]
        document = along_the_chain(document, [_own(e.document) for e in chain])
    return Sheet(melding_sheet(document), earlier, now)


def _own(document: Mapping[str, Any]) -> dict[str, Any]:
    """The entry's document without what a sheet along the chain adds: where an answer
    came from is said by the case, never by the file itself."""
    from meldcode_cli.protocol.melding import HERKOMST

    return {key: value for key, value in document.items() if key != HERKOMST}


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
    from meldcode_cli.dossier.case import read_entry
    from meldcode_cli.protocol.melding import advies_sheet

    stored = read_entry(result, entry, "op een adviesblad zetten")
    return advies_sheet(_own(stored.document))
