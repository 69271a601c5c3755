"""The root command. Kept light: subcommands import their layers only when they run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from meldcode_cli import __version__

app = typer.Typer(
    name="meldcode",
    help="Doorloop de verbeterde meldcode huiselijk geweld en kindermishandeling en leg je"
    " afwegingen vast in je eigen dossier.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
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
        help="Map van het dossier. Standaard: MELDCODE_DOSSIER_DIR of de gegevensmap van"
        " je account.",
        show_default=False,
    ),
]


@app.command()
def start(
    dossier_dir: DossierDir = None,
    answers: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--answers",
            "-a",
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


HELP_FLAGS = frozenset({"-h", "--help"})


def _dutch_framework_texts() -> None:
    """Dutch titles for typer's help and error panels (only loaded when help is shown)."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
    rich_utils.OPTIONS_PANEL_TITLE = "Opties"
    rich_utils.COMMANDS_PANEL_TITLE = "Opdrachten"
    rich_utils.ERRORS_PANEL_TITLE = "Fout"
    rich_utils.ABORTED_TEXT = "Afgebroken."
    rich_utils.RICH_HELP = "Probeer '{command_path} {help_option}' voor hulp."
    rich_utils.DEFAULT_STRING = "[standaard: {}]"
    rich_utils.ENVVAR_STRING = "[omgevingsvariabele: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[verplicht]"


def _dutch_help_option(command: object) -> None:
    from typer._click import Context

    commands = getattr(command, "commands", {})
    ctx = Context(command)  # type: ignore[arg-type]
    option = command.get_help_option(ctx)  # type: ignore[attr-defined]
    if option is not None:
        option.help = "Toon deze hulp en stop."
    for sub in commands.values():
        _dutch_help_option(sub)


def main(argv: list[str] | None = None) -> None:
    import sys

    args = sys.argv[1:] if argv is None else argv
    if not args or HELP_FLAGS.intersection(args) or not args[0].startswith("-"):
        _dutch_framework_texts()
    command = typer.main.get_command(app)
    if not args or HELP_FLAGS.intersection(args):
        _dutch_help_option(command)
    command.main(args=args, prog_name="meldcode")
