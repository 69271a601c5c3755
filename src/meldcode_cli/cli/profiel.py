"""``meldcode profiel``: ask or read the practitioner's profile, and show where it is."""

from __future__ import annotations

from pathlib import Path

from meldcode_cli import clock
from meldcode_cli.cli.output import Terminal, escape, guarded


def run_profiel(
    answers: str | None, profiel: Path | None, interactive: bool | None, toon: bool
) -> None:
    terminal = Terminal()

    def action() -> None:

        from meldcode_cli.cli.start import wants_prompts
        from meldcode_cli.dossier.profiel import load_profiel, profiel_path
        from meldcode_cli.interview.profiel import ProfielOptions, record_profiel, render_profiel

        path = profiel_path(profiel)
        if toon:
            found = load_profiel(path, clock.today())
            if found is None:
                terminal.info(f"Er is nog geen profiel ({path}). Maak er een met: meldcode profiel")
                return
            from rich.markdown import Markdown

            terminal.out.print(Markdown(render_profiel(found.answers())))
            terminal.info(f"Bewaard in {path}.")
            return
        prompts = wants_prompts(interactive, answers is not None)
        saved = record_profiel(ProfielOptions(path, answers, prompts), terminal)
        terminal.out.print(
            f"Profiel bewaard in {escape(str(path))} (alleen voor jou leesbaar)."
            f" Nieuwe dossierstukken noemen {escape(saved.naam)} als wie ze vastlegde."
        )

    guarded(terminal, action)
