"""``meldcode sleutel export/import``: one key on two devices (README, "Twee apparaten")."""

from __future__ import annotations

from pathlib import Path

from meldcode_cli.cli.output import Terminal, guarded
from meldcode_cli.text import safe_text


def run_export(output: Path) -> None:
    terminal = Terminal()

    def action() -> None:
        from meldcode_cli.dossier.sleutel import export_sleutel

        export_sleutel(output)
        terminal.info(
            f"Je sleutel staat nu ook in {safe_text(str(output))} (alleen voor jou leesbaar)."
        )
        terminal.warn(
            "wie dit bestand heeft, kan dossierstukken ondertekenen alsof jij het was. Zet het"
            " alleen op je eigen andere computer (meldcode sleutel import BESTAND), via een"
            " weg die alleen jij gebruikt, en verwijder het daarna."
        )

    guarded(terminal, action)


def run_import(source: Path) -> None:
    terminal = Terminal()

    def action() -> None:
        from meldcode_cli.dossier.sleutel import import_sleutel

        key, new = import_sleutel(source)
        if new:
            terminal.info(
                f"De sleutel ({key.id}) staat nu op deze computer. Dossierstukken van je"
                " andere computer zijn hier nu te controleren, en nieuwe worden ermee"
                " ondertekend. Verwijder het bestand dat je importeerde."
            )
        else:
            terminal.info(f"Deze sleutel ({key.id}) stond hier al. Er is niets veranderd.")

    guarded(terminal, action)
