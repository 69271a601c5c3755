"""``meldcode melding CODE``: the melding sheet for the phone call to Veilig Thuis."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from meldcode_cli.cli.output import Terminal, escape, guarded
from meldcode_cli.errors import DossierError, UsageError


def run_melding(
    entry_id: str, dossier_dir: Path | None, as_json: bool, markdown: Path | None
) -> None:
    terminal = Terminal(quiet_stdout=as_json)
    guarded(terminal, lambda: _melding(terminal, entry_id, dossier_dir, as_json, markdown))


def _melding(
    terminal: Terminal,
    entry_id: str,
    dossier_dir: Path | None,
    as_json: bool,
    markdown: Path | None,
) -> None:
    from meldcode_cli.cli.dossier import load, resolve_one
    from meldcode_cli.dossier.reader import NotAnEntry, read_document
    from meldcode_cli.protocol.afwegingskader import MELDEN_UITKOMSTEN
    from meldcode_cli.protocol.melding import AFSPRAKEN_OVER, TELEFOON, melding_sheet

    result = load(terminal, dossier_dir)
    entry = resolve_one(result, entry_id)
    try:
        document = read_document(result.path_of(entry, ".json"))
    except NotAnEntry as exc:
        raise DossierError(f"{entry.id}.json: {exc}.") from None
    besluit = document.get("besluit")
    gemeld = isinstance(besluit, dict) and besluit.get("melding_gedaan_op")
    if entry.uitkomst not in {u.value for u in MELDEN_UITKOMSTEN} and not gemeld:
        raise UsageError(
            f"Bij dossierstuk {entry.id} hoort geen melding (uitkomst: {entry.uitkomst}).",
            hint="Een meldingsblad is er voor dossierstukken met de uitkomst melden.",
        )
    earlier: list[str] = []
    if document.get("soort") == "evaluatie":  # opnieuw melden: the case is in the chain
        from meldcode_cli.dossier.reader import chain_back
        from meldcode_cli.protocol.melding import along_the_chain

        try:
            chain = list(chain_back(result, entry.id))[1:]
        except NotAnEntry as exc:
            raise DossierError(
                f"Een eerder dossierstuk van deze casus is onleesbaar: {exc}."
            ) from None
        earlier = [str(d.get("id")) for d in chain if isinstance(d.get("id"), str)]
        document = along_the_chain(document, chain)
    sheet = melding_sheet(document)
    if as_json:
        data = {
            "dossierstuk": entry.id,
            "eerdere_dossierstukken": earlier,
            "referentie": entry.referentie,
            "veilig_thuis": TELEFOON,
            "vragen": [{"vraag": v.vraag, "antwoord": list(v.antwoord)} for v in sheet],
            "afspraken_over": list(AFSPRAKEN_OVER),
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if markdown is not None:
        from meldcode_cli.cli.files import write_new_private
        from meldcode_cli.dossier.entry import render_sheet_markdown

        write_new_private(
            markdown, render_sheet_markdown(entry.referentie, entry.id, sheet, tuple(earlier))
        )
        terminal.info(f"Meldingsblad geschreven naar {markdown}.")
        return
    from rich.padding import Padding
    from rich.text import Text

    from meldcode_cli.text import safe_text

    out = terminal.out
    out.print(f"[bold]Melding bij Veilig Thuis — casus {escape(entry.referentie)}[/bold]")
    out.print(f"Bel Veilig Thuis: [bold]{TELEFOON}[/bold] (gratis, dag en nacht bereikbaar).")
    out.print(f"[dim]Uit dossierstuk {escape(entry.id)}[/dim]")
    if earlier:
        out.print(f"[dim]en de eerdere dossierstukken {escape(', '.join(earlier))}[/dim]")
    for item in sheet:
        out.print(f"\n[bold]{escape(item.vraag)}[/bold]")
        for line in item.antwoord:  # wrapped lines stay indented under their bullet
            out.print(Padding(Text(f"• {safe_text(line)}"), (0, 0, 0, 2)))
    out.print("\n[bold]Maak met Veilig Thuis afspraken over:[/bold]")
    for punt in AFSPRAKEN_OVER:
        out.print(f"  □ {escape(punt)}")
