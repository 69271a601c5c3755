"""``meldcode melding CODE``: the melding sheet for the phone call to Veilig Thuis, and
with ``--advies`` the sheet for an advice call."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meldcode_cli.cli.output import Terminal, escape, guarded

if TYPE_CHECKING:
    from meldcode_cli.dossier.reader import Scan, Summary
    from meldcode_cli.protocol.melding import Vraag


def run_melding(
    entry_id: str,
    dossier_dir: Path | None,
    as_json: bool,
    markdown: Path | None,
    advies: bool = False,
) -> None:
    terminal = Terminal(quiet_stdout=as_json)

    def action() -> None:
        from meldcode_cli.cli.dossier import load_case_of

        result, entry = load_case_of(dossier_dir, entry_id)
        sheet = _advies(result, entry) if advies else _melding(result, entry)
        _show(terminal, result, entry, sheet, as_json, markdown)

    guarded(terminal, action)


@dataclass(frozen=True)
class Blad:
    """One sheet, as every output shows it."""

    naam: str  # what the practitioner calls it: "Meldingsblad", "Adviesblad"
    titel: str
    vragen: tuple[Vraag, ...]
    secties: tuple[tuple[str, Sequence[str]], ...]  # titled lines before the questions
    slot: tuple[str, tuple[str, ...]]  # the closing checklist, with its title
    extra: dict[str, Any]  # what --json adds for this sheet
    markdown: str
    earlier: tuple[str, ...] = ()


def _melder() -> list[str]:
    from meldcode_cli import clock
    from meldcode_cli.dossier.profiel import load_profiel, profiel_path
    from meldcode_cli.protocol.melding import melder_lines

    return melder_lines(load_profiel(profiel_path(None), clock.today()))


def _advies(result: Scan, entry: Summary) -> Blad:
    """The sheet for an advice call (seed 004): any entry, no melding needed."""
    from meldcode_cli.dossier.entry import render_sheet_markdown
    from meldcode_cli.interview.melding import advies_of
    from meldcode_cli.protocol.melding import ADVIES_OVERLEG

    sheet = advies_of(result, entry)
    melder = _melder()
    return Blad(
        "Adviesblad",
        "Advies van Veilig Thuis",
        sheet,
        (("Melder (je contactgegevens)", melder),),
        ("Veilig Thuis overlegt met je over:", ADVIES_OVERLEG),
        {"melder": melder, "overleggen_over": list(ADVIES_OVERLEG)},
        render_sheet_markdown(entry.referentie, entry.id, sheet, melder=melder, advies=True),
    )


def _melding(result: Scan, entry: Summary) -> Blad:
    """The melding sheet, with where the melding stands now (as `dossier open` says)."""
    from meldcode_cli import clock
    from meldcode_cli.dossier.entry import render_sheet_markdown
    from meldcode_cli.interview.melding import sheet_of
    from meldcode_cli.protocol.casus import stand_lines
    from meldcode_cli.protocol.melding import AFSPRAKEN_OVER, PERSOONSGEGEVENS

    sheet, earlier, now = sheet_of(result, entry)
    melder = _melder()
    tip = now.last
    stand = stand_lines(
        tip.stand,
        acuut=tip.acuut,
        gemeld_op=tip.gemeld_op,
        terugbellen=tip.terugbellen,
        today=clock.today(),
    )
    data = {
        "eerdere_dossierstukken": earlier,
        "melding": {
            "stand": tip.summary.melding,
            "gemeld_op": tip.summary.gemeld_op,
            "terugbellen_uiterlijk": tip.summary.terugbellen,
            "volgens": tip.id,
            "regels": stand,
        },
        "melder": melder,
        "let_op": [PERSOONSGEGEVENS],
        "afspraken_over": list(AFSPRAKEN_OVER),
    }
    return Blad(
        "Meldingsblad",
        "Melding bij Veilig Thuis",
        sheet,
        (
            ("Stand van de melding", stand),
            ("Melder (je contactgegevens)", melder),
            ("Let op", [PERSOONSGEGEVENS]),
        ),
        ("Maak met Veilig Thuis afspraken over:", AFSPRAKEN_OVER),
        data,
        render_sheet_markdown(entry.referentie, entry.id, sheet, tuple(earlier), stand, melder),
        tuple(earlier),
    )


def _show(
    terminal: Terminal,
    result: Scan,
    entry: Summary,
    blad: Blad,
    as_json: bool,
    markdown: Path | None,
) -> None:
    """The sheet as JSON, as a new private Markdown file, or on the screen."""
    from meldcode_cli.protocol.melding import TELEFOON

    if as_json:
        data = {
            "dossierstuk": entry.id,
            "referentie": entry.referentie,
            "veilig_thuis": TELEFOON,
            **blad.extra,
            "vragen": [{"vraag": v.vraag, "antwoord": list(v.antwoord)} for v in blad.vragen],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if markdown is not None:
        from meldcode_cli.cli.files import write_new_private

        result.refuse_plain_copy_inside(markdown)
        write_new_private(markdown, blad.markdown)
        terminal.info(f"{blad.naam} geschreven naar {markdown}.")
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
    out.print(f"[bold]{blad.titel} — casus {escape(entry.referentie)}[/bold]")
    out.print(f"Bel Veilig Thuis: [bold]{TELEFOON}[/bold] (gratis, dag en nacht bereikbaar).")
    out.print(f"[dim]Uit dossierstuk {escape(entry.id)}[/dim]")
    if blad.earlier:
        out.print(f"[dim]en de eerdere dossierstukken {escape(', '.join(blad.earlier))}[/dim]")
    titled = [*blad.secties, *((v.vraag, v.antwoord) for v in blad.vragen)]
    for title, lines in titled:
        out.print(f"\n[bold]{escape(title)}[/bold]")
        for line in lines:  # from the profile and the dossier: text; wrapped, indented
            out.print(Padding(Text(f"• {safe_text(line)}"), (0, 0, 0, 2)))
    closing, punten = blad.slot
    out.print(f"\n[bold]{closing}[/bold]")
    for punt in punten:
        out.print(f"  □ {escape(punt)}")
