"""``meldcode melding CODE``: the melding sheet for the phone call to Veilig Thuis."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from meldcode_cli.cli.output import Terminal, escape, guarded


def run_melding(
    entry_id: str,
    dossier_dir: Path | None,
    as_json: bool,
    markdown: Path | None,
    advies: bool = False,
) -> None:
    terminal = Terminal(quiet_stdout=as_json)
    work = _advies if advies else _melding
    guarded(terminal, lambda: work(terminal, entry_id, dossier_dir, as_json, markdown))


def _advies(
    terminal: Terminal,
    entry_id: str,
    dossier_dir: Path | None,
    as_json: bool,
    markdown: Path | None,
) -> None:
    """The sheet for an advice call (seed 004): any entry, no melding needed."""
    from meldcode_cli import clock
    from meldcode_cli.cli.dossier import load, resolve_one
    from meldcode_cli.dossier.profiel import load_profiel, profiel_path
    from meldcode_cli.interview.melding import advies_of
    from meldcode_cli.protocol.melding import ADVIES_OVERLEG, TELEFOON, melder_lines

    result = load(terminal, dossier_dir)
    entry = resolve_one(result, entry_id)
    sheet = advies_of(result, entry)
    melder = melder_lines(load_profiel(profiel_path(None), clock.today()))
    if as_json:
        data = {
            "dossierstuk": entry.id,
            "referentie": entry.referentie,
            "veilig_thuis": TELEFOON,
            "melder": melder,
            "vragen": [{"vraag": v.vraag, "antwoord": list(v.antwoord)} for v in sheet],
            "overleggen_over": list(ADVIES_OVERLEG),
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if markdown is not None:
        from meldcode_cli.cli.files import write_new_private
        from meldcode_cli.dossier.entry import render_sheet_markdown

        result.refuse_plain_copy_inside(markdown)
        write_new_private(
            markdown,
            render_sheet_markdown(entry.referentie, entry.id, sheet, melder=melder, advies=True),
        )
        terminal.info(f"Adviesblad geschreven naar {markdown}.")
        return
    from rich.padding import Padding
    from rich.text import Text

    from meldcode_cli.text import safe_text

    out = terminal.out
    out.print(f"[bold]Advies van Veilig Thuis — casus {escape(entry.referentie)}[/bold]")
    out.print(f"Bel Veilig Thuis: [bold]{TELEFOON}[/bold] (gratis, dag en nacht bereikbaar).")
    out.print(f"[dim]Uit dossierstuk {escape(entry.id)}[/dim]")
    out.print("\n[bold]Melder (je contactgegevens)[/bold]")
    for line in melder:
        out.print(Padding(Text(f"• {safe_text(line)}"), (0, 0, 0, 2)))
    for item in sheet:
        out.print(f"\n[bold]{escape(item.vraag)}[/bold]")
        for line in item.antwoord:
            out.print(Padding(Text(f"• {safe_text(line)}"), (0, 0, 0, 2)))
    out.print("\n[bold]Veilig Thuis overlegt met je over:[/bold]")
    for punt in ADVIES_OVERLEG:
        out.print(f"  □ {escape(punt)}")


def _melding(
    terminal: Terminal,
    entry_id: str,
    dossier_dir: Path | None,
    as_json: bool,
    markdown: Path | None,
) -> None:
    from meldcode_cli import clock
    from meldcode_cli.cli.dossier import load, resolve_one
    from meldcode_cli.dossier.profiel import load_profiel, profiel_path
    from meldcode_cli.interview.melding import sheet_of, tip_of
    from meldcode_cli.protocol.casus import stand_lines
    from meldcode_cli.protocol.melding import (
        AFSPRAKEN_OVER,
        PERSOONSGEGEVENS,
        TELEFOON,
        melder_lines,
    )

    result = load(terminal, dossier_dir)
    entry = resolve_one(result, entry_id)
    sheet, earlier = sheet_of(result, entry)
    melder = melder_lines(load_profiel(profiel_path(None), clock.today()))
    tip = tip_of(result, entry)  # where the melding stands now, as `dossier open` says
    stand = stand_lines(
        tip.stand,
        acuut=tip.acuut,
        gemeld_op=date.fromisoformat(tip.gemeld_op) if tip.gemeld_op else None,
        terugbellen=date.fromisoformat(tip.terugbellen) if tip.terugbellen else None,
        today=clock.today(),
    )

    if as_json:
        data = {
            "dossierstuk": entry.id,
            "eerdere_dossierstukken": earlier,
            "referentie": entry.referentie,
            "veilig_thuis": TELEFOON,
            "melding": {
                "stand": tip.melding,
                "gemeld_op": tip.gemeld_op,
                "terugbellen_uiterlijk": tip.terugbellen,
                "volgens": tip.id,
                "regels": stand,
            },
            "melder": melder,
            "let_op": [PERSOONSGEGEVENS],
            "vragen": [{"vraag": v.vraag, "antwoord": list(v.antwoord)} for v in sheet],
            "afspraken_over": list(AFSPRAKEN_OVER),
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if markdown is not None:
        from meldcode_cli.cli.files import write_new_private
        from meldcode_cli.dossier.entry import render_sheet_markdown

        result.refuse_plain_copy_inside(markdown)
        write_new_private(
            markdown,
            render_sheet_markdown(entry.referentie, entry.id, sheet, tuple(earlier), stand, melder),
        )
        terminal.info(f"Meldingsblad geschreven naar {markdown}.")
        if result.codec.encrypted:
            terminal.warn(
                f"{markdown} is niet versleuteld, anders dan je dossier. Verwijder het als je"
                " het niet meer nodig hebt."
            )
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
    for title, lines in (
        ("Stand van de melding", stand),
        ("Melder (je contactgegevens)", melder),
        ("Let op", [PERSOONSGEGEVENS]),
    ):
        out.print(f"\n[bold]{title}[/bold]")
        for line in lines:  # from the profile and the dossier: shown as text
            out.print(Padding(Text(f"• {safe_text(line)}"), (0, 0, 0, 2)))
    for item in sheet:
        out.print(f"\n[bold]{escape(item.vraag)}[/bold]")
        for line in item.antwoord:  # wrapped lines stay indented under their bullet
            out.print(Padding(Text(f"• {safe_text(line)}"), (0, 0, 0, 2)))
    out.print("\n[bold]Maak met Veilig Thuis afspraken over:[/bold]")
    for punt in AFSPRAKEN_OVER:
        out.print(f"  □ {escape(punt)}")
