"""``meldcode start``: choose how to ask, run one recording, print what came of it."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meldcode_cli import clock
from meldcode_cli.cli.output import Terminal, escape, guarded
from meldcode_cli.errors import DossierError, NoTerminalError
from meldcode_cli.protocol.procedure import Procedure
from meldcode_cli.text import short_code

if TYPE_CHECKING:
    from meldcode_cli.interview.session import Recording


@dataclass(frozen=True)
class StartOptions:
    dossier_dir: Path | None
    answers: str | None
    interactive: bool | None
    dry_run: bool
    json_output: bool
    profiel: Path | None = None


def wants_prompts(option: bool | None, has_answers_file: bool) -> bool:
    """Explicit choice first; otherwise prompt only on a terminal, outside CI, without a file."""
    if option is not None:
        return option
    if has_answers_file:
        return False
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    return sys.stdin.isatty()


def run_start(options: StartOptions) -> None:
    terminal = Terminal(quiet_stdout=options.json_output)
    guarded(terminal, lambda: run_procedure(options, terminal, Procedure()))


def run_procedure(options: StartOptions, terminal: Terminal, procedure: Procedure) -> None:
    """Record with prompts and/or a file, then show the decision (and JSON for scripts)."""
    from meldcode_cli.interview.session import SessionOptions, record

    prompts = wants_prompts(options.interactive, options.answers is not None)
    if not prompts and options.answers is None:
        raise NoTerminalError(
            "Er is geen terminal om vragen te stellen.",
            hint="Gebruik een antwoordenbestand: meldcode start --answers BESTAND"
            " (maak er een met meldcode template).",
        )

    from meldcode_cli.dossier.profiel import load_profiel, profiel_path

    profiel = load_profiel(profiel_path(options.profiel), clock.today())
    session = SessionOptions(
        options.dossier_dir,
        options.answers,
        prompts,
        options.dry_run,
        profiel,
        profiel_path=profiel_path(options.profiel),
    )
    recording = record(session, terminal, procedure)
    if recording.written is None:
        if not prompts and not terminal.styled:  # into a pipe or a file: the Markdown
            from meldcode_cli.text import safe_text

            terminal.plain(safe_text(recording.markdown).rstrip("\n"))
        elif not prompts:
            from rich.markdown import Markdown  # markdown-it and pygments: for a screen

            terminal.out.print(Markdown(recording.markdown, hyperlinks=False))
        _show_decision(terminal, recording)
        if options.json_output:
            _print_json(_result_document(recording))
        terminal.info("Proefrun: er is niets opgeslagen.")
        return
    try:
        _show_decision(terminal, recording)
        if options.json_output:
            _print_json(_saved_document(recording))
        sys.stdout.flush()
    except OSError as exc:
        from meldcode_cli.files import os_reason

        # The entry is on disk: say so, with its id, so that nobody runs it again.
        raise DossierError(
            f"Het dossierstuk is opgeslagen als {recording.written.id}, maar de uitvoer kon"
            f" niet worden geschreven ({os_reason(exc)}). Voer de opdracht niet opnieuw uit:"
            " dan staat het er twee keer in."
        ) from None


def _result_document(recording: Recording) -> dict[str, Any]:
    """What ``--json`` shows of a run that saves nothing: no id, no moment."""
    from meldcode_cli.dossier.entry import besluit_document, jsonable

    besluit = besluit_document(recording.outcome)
    return {
        "id": None,
        "opgeslagen": False,
        "referentie": recording.procedure.reference(recording.answers),
        "uitkomst": besluit["uitkomst"],
        "besluit": besluit,
        "vervolg": {
            "evaluatie_op": jsonable(recording.dates.evaluatie_op),
            "veilig_thuis_terugbellen_uiterlijk": jsonable(recording.dates.terugbellen_uiterlijk),
        },
        "bestanden": None,
    }


def _saved_document(recording: Recording) -> dict[str, Any]:
    document, written = recording.document or {}, recording.written
    assert written is not None
    return {
        "id": document["id"],
        "opgeslagen": True,
        "referentie": document["referentie"],
        "uitkomst": document["besluit"]["uitkomst"],
        "besluit": document["besluit"],
        "vervolg": document["vervolg"],
        "bestanden": {"markdown": str(written.markdown), "json": str(written.json)},
    }


def _show_decision(terminal: Terminal, recording: Recording) -> None:
    """The decision in a box on the screen; into a pipe or a file the same lines as plain
    text, nothing wrapped (the paths stay whole)."""
    from meldcode_cli.protocol.procedure import vervolg_lines
    from meldcode_cli.protocol.vervolg import vervolg_kind

    outcome, dates, written = recording.outcome, recording.dates, recording.written
    # (text, style) per line; a line of None is empty.
    body: list[tuple[str, str] | None] = [(outcome.titel, "bold"), None, ("Waarom:", "")]
    body += [(f"• {reden}", "") for reden in outcome.redenen]
    for warning in outcome.waarschuwingen:
        body += [None, (f"Let op: {warning}", "warning")]
    lines = vervolg_lines(outcome, dates, recording.answers, saved=written is not None)
    if lines:
        body += [None, ("Wat nu:", ""), *((line, "") for line in lines)]
    if written is not None:
        code = short_code(written.id)
        body += [
            None,
            (f"Opgeslagen in het dossier als {written.id} (code {code}):", ""),
            (f"  {written.markdown}", ""),
            (f"  {written.json}", ""),
        ]
        terugbellen, evaluatie = dates.terugbellen_uiterlijk, dates.evaluatie_op
        if vervolg_kind(
            outcome.uitkomst,
            terugbellen.isoformat() if terugbellen else None,
            evaluatie.isoformat() if evaluatie else None,
        ):
            body.append((f"Leg het vervolg later vast met: meldcode vervolg {code}", ""))
    if not terminal.styled:
        from meldcode_cli.text import safe_text

        text = "\n".join(safe_text(line[0]) if line else "" for line in body)
        terminal.plain(f"Besluit: {text}")
        return
    from rich.panel import Panel

    marked = []
    for line in body:
        if line is None:
            marked.append("")
            continue
        text, style = line
        if style == "warning":
            text = text.removeprefix("Let op: ")
            marked.append(f"[yellow]Let op:[/yellow] {escape(text)}")
        else:
            marked.append(f"[{style}]{escape(text)}[/{style}]" if style else escape(text))
    style = "red" if outcome.melden else "green"
    terminal.out.print(Panel("\n".join(marked), title="Besluit", border_style=style, expand=False))


def _print_json(result: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
