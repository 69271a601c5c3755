"""``meldcode template``: the answers-file template, to the screen or to a private file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from meldcode_cli import clock
from meldcode_cli.cli.output import Terminal, guarded
from meldcode_cli.errors import UsageError
from meldcode_cli.protocol.model import root_of


def run_template(
    output: Path | None, vervolg: str | None = None, kader_id: str | None = None
) -> None:
    terminal = Terminal()
    guarded(terminal, lambda: _template(output, vervolg, terminal, kader_id))


def run_schema(vervolg: str | None, kader_id: str | None = None) -> None:
    import json

    from meldcode_cli.protocol.questions import steps_for
    from meldcode_cli.protocol.schema import answers_schema

    def schema() -> None:
        kader = chosen_kader(kader_id)
        if vervolg is None:
            data = answers_schema(root_of(steps_for(kader)))
        else:
            soort, steps = _follow_up(vervolg, kader)
            data = answers_schema(
                root_of(steps), f"Antwoordenbestand voor meldcode vervolg --answers ({soort})"
            )
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    guarded(Terminal(), schema)


def _follow_up(vervolg: str, kader: Any) -> tuple[str, Any]:
    """The steps of one kind of follow-up, by the name a practitioner types."""
    from meldcode_cli.protocol.uitkomsten import SOORT_TITEL
    from meldcode_cli.protocol.vervolg import FOLLOW_UPS, follow_up_steps

    for soort in FOLLOW_UPS:
        if vervolg.strip().lower().replace("-", "_") == soort.value:
            return SOORT_TITEL[soort], follow_up_steps(soort, kader)
    known = ", ".join(s.value for s in FOLLOW_UPS)
    raise UsageError(f"'{vervolg}' is geen soort vervolg; kies uit: {known}.")


def chosen_kader(kader_id: str | None) -> Any:
    """The kader a practitioner named (``--kader``), or today's."""
    from meldcode_cli.protocol.kaders import DEFAULT, KADERS, known

    if kader_id is None:
        return DEFAULT
    kader = known(kader_id.strip())
    if kader is None:
        raise UsageError(
            f"'{kader_id}' is geen afwegingskader dat meldcode kent; kies uit:"
            f" {', '.join(KADERS)}.",
            hint="Bekijk ze met: meldcode kaders",
        )
    return kader


def _template(
    output: Path | None, vervolg: str | None, terminal: Terminal, kader_id: str | None
) -> None:
    from meldcode_cli.protocol.template import render_template

    kader = chosen_kader(kader_id)
    if vervolg is None:
        text = render_template(kader=kader)
    else:
        soort, steps = _follow_up(vervolg, kader)
        text = render_template(steps, soort, kader)
    if output is None:
        sys.stdout.write(text)
        return
    write_new_private(output, text)
    terminal.info(f"Sjabloon geschreven naar {output}. Vul het in en gebruik het met:")
    command = "start" if vervolg is None else "vervolg CODE"
    terminal.info(f"  meldcode {command} --answers {output}")


def write_new_private(output: Path, text: str) -> None:
    """A new file, readable only by the practitioner; never over an existing one."""
    from meldcode_cli.files import os_reason, write_new

    try:
        write_new(output, text.encode("utf-8"))
    except FileExistsError:
        raise UsageError(
            f"{output} bestaat al; ik overschrijf het niet. Kies een andere naam."
        ) from None
    except OSError as exc:
        raise UsageError(f"{output} kan niet worden aangemaakt: {os_reason(exc)}.") from None


def run_kaders(as_json: bool) -> None:
    terminal = Terminal(quiet_stdout=as_json)

    def show() -> None:
        import json

        from meldcode_cli.protocol.kaders import DEFAULT, KADERS

        if as_json:
            data = [
                {"id": k.id, "naam": k.naam, "bron": k.bron, "standaard": k is DEFAULT}
                for k in KADERS.values()
            ]
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        from meldcode_cli.cli.output import escape

        for k in KADERS.values():
            standaard = " (standaard)" if k is DEFAULT else ""
            terminal.out.print(f"[bold]{escape(k.id)}[/bold]{standaard}")
            # A name or a source that wraps goes on under itself.
            terminal.paragraph(k.naam, indent=2)
            terminal.paragraph(f"Bron: {k.bron}", indent=2)
        terminal.out.print()
        terminal.paragraph(
            "Kies een kader met 'kader: ID' bovenaan een antwoordenbestand, of met"
            " 'meldcode template --kader ID'."
        )

    guarded(terminal, show)


def run_eigen_meldcode(output: Path | None, profiel_option: Path | None) -> None:
    terminal = Terminal()

    def write() -> None:

        from meldcode_cli.dossier.profiel import load_profiel, profiel_path
        from meldcode_cli.protocol.eigen_meldcode import render_eigen_meldcode

        path = profiel_path(profiel_option)
        profiel = load_profiel(path, clock.today())
        if profiel is None:
            raise UsageError(
                "Er is nog geen profiel: de eigen meldcode noemt je naam, beroep en"
                " afwegingskader.",
                hint="Maak eerst een profiel met: meldcode profiel",
            )
        text = render_eigen_meldcode(profiel, clock.today())
        if output is None:
            from rich.markdown import Markdown

            terminal.out.print(Markdown(text))
            return
        write_new_private(output, text)
        terminal.info(f"Je eigen meldcode staat in {output} (Markdown, om af te drukken).")

    guarded(terminal, write)
