"""``meldcode template``: the answers-file template, to the screen or to a private file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from meldcode_cli.cli.output import Terminal, guarded
from meldcode_cli.errors import UsageError
from meldcode_cli.protocol.model import root_of


def run_template(output: Path | None, vervolg: str | None = None) -> None:
    terminal = Terminal()
    guarded(terminal, lambda: _template(output, vervolg, terminal))


def run_schema(vervolg: str | None) -> None:
    import json

    from meldcode_cli.protocol.schema import answers_schema

    def schema() -> None:
        if vervolg is None:
            data = answers_schema()
        else:
            soort, steps = _follow_up(vervolg)
            data = answers_schema(
                root_of(steps), f"Antwoordenbestand voor meldcode vervolg --answers ({soort})"
            )
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    guarded(Terminal(), schema)


def _follow_up(vervolg: str) -> tuple[str, Any]:
    """The steps of one kind of follow-up, by the name a practitioner types."""
    from meldcode_cli.protocol.vervolg import SOORT_TITEL, STEPS_BY_SOORT, Soort

    for soort, steps in STEPS_BY_SOORT.items():
        if vervolg.strip().lower().replace("-", "_") == soort.value:
            return SOORT_TITEL[soort], steps
    known = ", ".join(s.value for s in STEPS_BY_SOORT if s is not Soort.START)
    raise UsageError(f"'{vervolg}' is geen soort vervolg; kies uit: {known}.")


def _template(output: Path | None, vervolg: str | None, terminal: Terminal) -> None:
    from meldcode_cli.protocol.template import render_template

    if vervolg is None:
        text = render_template()
    else:
        soort, steps = _follow_up(vervolg)
        text = render_template(steps, soort)
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
