"""``meldcode vervolg ID``: a new entry that follows up an earlier one (never edits it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from meldcode_cli.cli.output import Terminal, guarded
from meldcode_cli.cli.start import Flow, StartOptions, run_flow
from meldcode_cli.errors import DossierError, UsageError


def run_vervolg(entry_id: str, opnieuw: bool, options: StartOptions) -> None:
    terminal = Terminal(quiet_stdout=options.json_output)
    guarded(
        terminal, lambda: run_flow(options, terminal, _flow(terminal, entry_id, opnieuw, options))
    )


def _flow(terminal: Terminal, entry_id: str, opnieuw: bool, options: StartOptions) -> Flow:
    from meldcode_cli.cli.dossier import load, resolve_one
    from meldcode_cli.dossier.reader import NotAnEntry, chain_back
    from meldcode_cli.protocol.vervolg import STEPS_BY_SOORT, Soort, vervolg_kind

    result = load(terminal, options.dossier_dir)
    earlier = resolve_one(result, entry_id)
    later = result.followed_by(earlier.id)
    if later:
        from meldcode_cli.dossier.store import FollowUpTaken

        raise FollowUpTaken(earlier.id, later[0].id)
    if opnieuw:
        return Flow(
            soort=Soort.OPNIEUW,
            referentie=earlier.referentie,
            vervolg_op=earlier.id,
            initial={"casus": {"referentie": earlier.referentie}},
        )
    soort = vervolg_kind(earlier.uitkomst, earlier.terugbellen, earlier.evaluatie_op)
    if soort is None:
        raise UsageError(
            f"Bij de uitkomst '{earlier.uitkomst}' van {earlier.id} hoort geen evaluatie of"
            " vervolg op een melding.",
            hint=f"Zijn er nieuwe signalen? Gebruik: meldcode vervolg {earlier.id} --opnieuw",
        )
    afwegingen: dict[str, Any] = {}
    if soort is Soort.EVALUATIE:
        try:
            for document in chain_back(result, earlier.id):
                found = _afwegingen_in(document)
                if found:
                    afwegingen = found
                    break
        except NotAnEntry as exc:
            raise DossierError(
                f"Een eerder dossierstuk van deze casus is onleesbaar: {exc}."
            ) from None
        if not afwegingen:
            raise DossierError(
                f"De afwegingen tot en met 4 van {earlier.id} zijn niet te vinden; de evaluatie"
                " kan niet worden vastgelegd."
            )
    initial: dict[str, Any] = {}
    if soort is Soort.VEILIG_THUIS:
        gemeld = _melding_gedaan_op(result, earlier)
        if gemeld is not None:  # the practitioner said so in stap 2 of that entry
            initial = {"veilig_thuis": {"melding_gedaan": "ja", "melding_datum": gemeld}}
    return Flow(
        soort=soort,
        steps=STEPS_BY_SOORT[soort],
        referentie=earlier.referentie,
        vervolg_op=earlier.id,
        initial=initial,
        earlier_afwegingen=afwegingen,
    )


def _afwegingen_in(document: Any) -> dict[str, Any]:
    """The afwegingen up to 4 an entry holds: of the meldcode itself, or (after a melding)
    afwegingen 3 and 4 as walked through with Veilig Thuis. Read from disk: any shape."""
    antwoorden = document.get("antwoorden") if isinstance(document, dict) else None
    if not isinstance(antwoorden, dict):
        return {}
    found = antwoorden.get("afwegingen")
    if isinstance(found, dict) and isinstance(found.get("4"), dict):
        return found
    veilig_thuis = antwoorden.get("veilig_thuis")
    samen = veilig_thuis.get("afwegingen") if isinstance(veilig_thuis, dict) else None
    if isinstance(samen, dict) and isinstance(samen.get("4"), dict):
        return {key: samen[key] for key in ("3", "4") if isinstance(samen.get(key), dict)}
    return {}


def _melding_gedaan_op(result: Any, earlier: Any) -> date | None:
    """The day of a melding recorded in an earlier entry; read from disk, so untrusted."""
    from meldcode_cli.dossier.reader import NotAnEntry, read_document

    try:
        document = read_document(result.path_of(earlier, ".json"))
    except NotAnEntry:
        return None
    besluit = document.get("besluit")
    value = besluit.get("melding_gedaan_op") if isinstance(besluit, dict) else None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
