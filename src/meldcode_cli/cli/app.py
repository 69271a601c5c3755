"""The root command. Kept light: subcommands import their layers only when they run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from meldcode_cli import __version__
from meldcode_cli.cli.framework import DutchCommand, DutchGroup

app = typer.Typer(
    name="meldcode",
    help="Doorloop de verbeterde meldcode huiselijk geweld en kindermishandeling en leg je"
    " afwegingen vast in je eigen dossier.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=DutchGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"meldcode {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Toon de versie en stop."),
    ] = False,
) -> None:
    """Doorloop de verbeterde meldcode en leg je afwegingen vast in je eigen dossier."""


DossierDir = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option(
        "--dossier-dir",
        metavar="MAP",
        help="Map van het dossier. Standaard: MELDCODE_DOSSIER_DIR of de gegevensmap van"
        " je account.",
        show_default=False,
    ),
]


@app.command(cls=DutchCommand)
def start(
    dossier_dir: DossierDir = None,
    answers: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--answers",
            "-a",
            metavar="BESTAND",
            help="Lees de antwoorden uit dit bestand (YAML, JSON of TOML; '-' leest van"
            " standaardinvoer).",
            show_default=False,
        ),
    ] = None,
    interactive: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--interactive/--no-interactive",
            help="Wel of geen vragen stellen. Standaard alleen als er een terminal is, CI niet"
            " is gezet en er geen --answers is.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Toon het besluit en het dossierstuk, schrijf niets."),
    ] = False,
    json_output: Annotated[
        bool,
        typer.Option("--json", help="Druk id, bestanden en besluit af als JSON."),
    ] = False,
) -> None:
    """Doorloop de meldcode voor een casus en leg het besluit vast in het dossier."""
    from meldcode_cli.cli.start import StartOptions, run_start

    run_start(
        StartOptions(
            dossier_dir=dossier_dir,
            answers=answers,
            interactive=interactive,
            dry_run=dry_run,
            json_output=json_output,
        )
    )


@app.command(cls=DutchCommand)
def template(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(
            metavar="[BESTAND]",
            help="Schrijf het sjabloon naar dit bestand (alleen leesbaar voor jou) in plaats"
            " van naar het scherm. Een bestaand bestand wordt niet overschreven.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Maak een antwoordenbestand met alle vragen, uitleg en toegestane waarden."""
    from meldcode_cli.cli.files import run_template

    run_template(output)


@app.command(cls=DutchCommand)
def schema() -> None:
    """Druk het JSON Schema van het antwoordenbestand af (voor je editor)."""
    import json
    import sys

    from meldcode_cli.protocol.schema import answers_schema

    sys.stdout.write(json.dumps(answers_schema(), ensure_ascii=False, indent=2) + "\n")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, with click's own usage errors told in Dutch."""
    import sys

    from meldcode_cli.cli.framework import dutch_error

    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="meldcode", standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors
        if type(exc).__name__ == "NoArgsIsHelpError":  # plain `meldcode`: show the help
            sys.stdout.write(dutch_error(exc) + "\n")
            sys.exit(0)
        sys.stderr.write(dutch_error(exc))
        sys.exit(getattr(exc, "exit_code", 2))
    except (typer.Abort, KeyboardInterrupt, EOFError):
        sys.stderr.write("\nAfgebroken.\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
