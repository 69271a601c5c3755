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
    add_completion=True,  # typer's; cli/framework.py gives it Dutch words
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
    from meldcode_cli import wachtwoord

    wachtwoord.prompt = _ask_passphrase  # asked in the terminal, at most once per command


def _ask_passphrase(question: str) -> str:
    from meldcode_cli.cli.versleuteling import ask_passphrase

    return ask_passphrase(question)


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


AnswersFile = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--answers",
        "-a",
        metavar="BESTAND",
        help="Lees de antwoorden uit dit bestand (YAML, JSON of TOML; '-' leest van"
        " standaardinvoer).",
        show_default=False,
    ),
]
ProfielPad = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--profiel",
        metavar="BESTAND",
        help="Het profielbestand (ook: MELDCODE_PROFIEL); zonder: in de configuratiemap.",
    ),
]


Interactive = Annotated[
    Optional[bool],  # noqa: UP045
    typer.Option(
        "--interactive/--no-interactive",
        help="Wel of geen vragen stellen. Standaard alleen als er een terminal is, CI niet"
        " is gezet en er geen --answers is.",
        show_default=False,
    ),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", help="Toon het besluit en het dossierstuk, schrijf niets."),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Druk het resultaat af als JSON.")]


@app.command(cls=DutchCommand, short_help="Doorloop de meldcode voor een casus.")
def start(
    dossier_dir: DossierDir = None,
    answers: AnswersFile = None,
    interactive: Interactive = None,
    dry_run: DryRun = False,
    json_output: JsonFlag = False,
    profiel_pad: ProfielPad = None,
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
            profiel=profiel_pad,
        )
    )


KaderOptie = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--kader",
        metavar="ID",
        help="Het afwegingskader (zie 'meldcode kaders'); zonder: het huidige.",
    ),
]

VervolgSoort = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--vervolg",
        metavar="SOORT",
        help="Voor een vervolg: 'evaluatie' (afweging 5) of 'veilig_thuis' (na een melding).",
    ),
]


@app.command(cls=DutchCommand, short_help="Maak een antwoordenbestand met uitleg.")
def template(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(
            metavar="BESTAND",
            help="Schrijf het sjabloon naar dit bestand (alleen leesbaar voor jou) in plaats"
            " van naar het scherm. Een bestaand bestand wordt niet overschreven.",
            show_default=False,
        ),
    ] = None,
    vervolg: VervolgSoort = None,
    kader: KaderOptie = None,
) -> None:
    """Maak een antwoordenbestand met alle vragen, uitleg en toegestane waarden."""
    from meldcode_cli.cli.files import run_template

    run_template(output, vervolg, kader)


@app.command(cls=DutchCommand, short_help="Het JSON Schema van het antwoordenbestand.")
def schema(vervolg: VervolgSoort = None, kader: KaderOptie = None) -> None:
    """Druk het JSON Schema van het antwoordenbestand af (voor je editor)."""
    from meldcode_cli.cli.files import run_schema

    run_schema(vervolg, kader)


@app.command(cls=DutchCommand, short_help="Leg vast wie je bent en met welk kader je werkt.")
def profiel(
    answers: AnswersFile = None,
    profiel_pad: ProfielPad = None,
    interactive: Interactive = None,
    toon: Annotated[bool, typer.Option("--toon", help="Toon het profiel en stop.")] = False,
) -> None:
    """Leg vast wie je bent: naam, beroep, registratie, afwegingskader en dossiermap."""
    from meldcode_cli.cli.profiel import run_profiel

    run_profiel(answers, profiel_pad, interactive, toon)


@app.command("eigen-meldcode", cls=DutchCommand, short_help="De eigen meldcode van je praktijk.")
def eigen_meldcode(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(
            metavar="BESTAND",
            help="Schrijf de meldcode naar dit Markdown-bestand (alleen leesbaar voor jou)"
            " in plaats van naar het scherm. Een bestaand bestand wordt niet overschreven.",
            show_default=False,
        ),
    ] = None,
    profiel_pad: ProfielPad = None,
) -> None:
    """Maak de eigen meldcode van je praktijk, uit je profiel en je afwegingskader."""
    from meldcode_cli.cli.files import run_eigen_meldcode

    run_eigen_meldcode(output, profiel_pad)


@app.command(cls=DutchCommand, short_help="De afwegingskaders die meldcode kent.")
def kaders(json_output: JsonFlag = False) -> None:
    """Toon de afwegingskaders die meldcode kent: id, naam en bron."""
    from meldcode_cli.cli.files import run_kaders

    run_kaders(json_output)


def group(name: str, help: str, short_help: str) -> typer.Typer:
    """A group of commands under ``meldcode NAME``, with Dutch help."""
    sub = typer.Typer(
        name=name,
        help=help,
        short_help=short_help,
        no_args_is_help=True,
        rich_markup_mode=None,
        cls=DutchGroup,
    )
    app.add_typer(sub)
    return sub


dossier_app = group(
    "dossier",
    "Bekijk je dossier: overzicht, dossierstukken, wat openstaat en de controle.",
    "Bekijk en beheer je dossier.",
)


@dossier_app.command("list", cls=DutchCommand, short_help="Overzicht van je dossierstukken.")
def dossier_list(
    dossier_dir: DossierDir = None,
    casus: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--casus", metavar="KENMERK", help="Alleen deze casus."),
    ] = None,
    sinds: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--sinds", metavar="DATUM", help="Vanaf deze datum (dd-mm-jjjj)."),
    ] = None,
    tot: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--tot", metavar="DATUM", help="Tot en met deze datum (dd-mm-jjjj)."),
    ] = None,
    uitkomst: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--uitkomst",
            metavar="CODE",
            help="Alleen deze uitkomst, zoals melden of hulp_bieden.",
        ),
    ] = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Alleen dossierstukken met een open vervolg.")
    ] = False,
    zoek: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--zoek", metavar="TEKST", help="Zoek in alle antwoorden."),
    ] = None,
    alles: Annotated[
        bool,
        typer.Option("--alle", help="Toon alle dossierstukken, niet alleen de nieuwste 100."),
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Overzicht van je dossierstukken, nieuwste eerst, met wat openstaat."""
    from meldcode_cli.cli.dossier import ListOptions, run_list

    run_list(
        ListOptions(dossier_dir, casus, sinds, tot, uitkomst, open_only, zoek, json_output, alles)
    )


@dossier_app.command(
    "show", cls=DutchCommand, short_help="Toon een dossierstuk of het verloop van een casus."
)
def dossier_show(
    entry_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="ID",
            help="Id van het dossierstuk: het begin of de code uit 'dossier list' is genoeg.",
        ),
    ] = None,
    casus: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--casus", metavar="KENMERK", help="Toon het verloop van deze casus."),
    ] = None,
    dossier_dir: DossierDir = None,
    json_output: JsonFlag = False,
) -> None:
    """Toon een dossierstuk, of met --casus het verloop van een hele casus."""
    from meldcode_cli.cli.dossier import run_show

    run_show(dossier_dir, entry_id, casus, json_output)


@dossier_app.command("open", cls=DutchCommand, short_help="Wat nu aandacht vraagt.")
def dossier_open(
    dossier_dir: DossierDir = None,
    alles: Annotated[
        bool, typer.Option("--alle", help="Toon ook wat later gepland staat.")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Wat nu aandacht vraagt: evaluaties en terugbelafspraken van Veilig Thuis."""
    from meldcode_cli.cli.dossier import run_due

    run_due(dossier_dir, alles, json_output)


@dossier_app.command(
    "export", cls=DutchCommand, short_help="Exporteer voor het cliëntdossier (HTML of PDF)."
)
def dossier_export(
    entry_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(metavar="ID", help="Het dossierstuk (id of code).", show_default=False),
    ] = None,
    casus: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--casus", metavar="KENMERK", help="De hele casus, van oud naar nieuw."),
    ] = None,
    html_file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--html", metavar="BESTAND", help="Schrijf HTML om af te drukken."),
    ] = None,
    pdf_file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--pdf", metavar="BESTAND", help="Schrijf een PDF."),
    ] = None,
    dossier_dir: DossierDir = None,
) -> None:
    """Exporteer een dossierstuk of een hele casus voor het cliëntdossier (HTML of PDF)."""
    from meldcode_cli.cli.dossier import run_export

    run_export(dossier_dir, entry_id, casus, html_file, pdf_file)


@dossier_app.command("backup", cls=DutchCommand, short_help="Maak een backup van het hele dossier.")
def dossier_backup(
    output: Annotated[
        Path, typer.Argument(metavar="BESTAND", help="Het nieuwe backupbestand (.tar.gz).")
    ],
    dossier_dir: DossierDir = None,
) -> None:
    """Maak een backup van het hele dossier in één bestand, met een overzicht."""
    from meldcode_cli.cli.dossier import run_backup

    run_backup(dossier_dir, output)


@dossier_app.command(
    "herstel", cls=DutchCommand, short_help="Zet een backup terug, zonder iets te overschrijven."
)
def dossier_herstel(
    archive: Annotated[
        Path, typer.Argument(metavar="BESTAND", help="Een backup van meldcode dossier backup.")
    ],
    dossier_dir: DossierDir = None,
) -> None:
    """Zet een backup terug; er wordt niets overschreven."""
    from meldcode_cli.cli.dossier import run_restore

    run_restore(dossier_dir, archive)


@dossier_app.command(
    "controleer", cls=DutchCommand, short_help="Controleer of dossierstukken ongewijzigd zijn."
)
def dossier_controleer(dossier_dir: DossierDir = None) -> None:
    """Controleer of dossierstukken sinds het vastleggen zijn gewijzigd."""
    from meldcode_cli.cli.dossier import run_check

    run_check(dossier_dir)


versleuteling_app = group(
    "versleuteling",
    "Versleutel je dossier (age), zodat alleen jij het kunt openen.",
    "Versleutel je dossier (age).",
)


@versleuteling_app.command("aan", cls=DutchCommand, short_help="Zet de versleuteling aan.")
def versleuteling_aan(
    identity: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--identity",
            metavar="BESTAND",
            help="Gebruik dit identiteitsbestand van age (bijvoorbeeld van age-keygen) in"
            " plaats van een nieuwe identiteit met wachtwoord.",
        ),
    ] = None,
    bestaande: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--bestaande/--alleen-nieuwe",
            help="Versleutel ook wat er al in de dossiermap staat (standaard: vragen, of"
            " zonder terminal: ja).",
            show_default=False,
        ),
    ] = None,
    dossier_dir: DossierDir = None,
) -> None:
    """Zet de versleuteling aan: dossierstukken, concepten en het overzicht worden
    versleuteld opgeslagen (age). Wat er al staat, kan meteen worden versleuteld."""
    from meldcode_cli.cli.versleuteling import run_aan

    run_aan(dossier_dir, identity, bestaande)


@versleuteling_app.command("status", cls=DutchCommand, short_help="Hoe de versleuteling staat.")
def versleuteling_status(dossier_dir: DossierDir = None) -> None:
    """Toon of de versleuteling aan staat, voor welke ontvanger, en wat nog niet is
    versleuteld."""
    from meldcode_cli.cli.versleuteling import run_status

    run_status(dossier_dir)


sleutel_app = group(
    "sleutel",
    "Je sleutel, waarmee elk dossierstuk wordt ondertekend: zet hem op een tweede computer.",
    "Zet je sleutel op een tweede computer.",
)


@sleutel_app.command("export", cls=DutchCommand, short_help="Schrijf je sleutel naar een bestand.")
def sleutel_export(
    bestand: Annotated[Path, typer.Argument(help="Nieuw bestand voor de sleutel.")],
) -> None:
    """Schrijf je sleutel naar een nieuw bestand, om hem op je andere computer te zetten
    met 'meldcode sleutel import'. Het bestand is geheim."""
    from meldcode_cli.cli.sleutel import run_export

    run_export(bestand)


@sleutel_app.command(
    "import", cls=DutchCommand, short_help="Zet de sleutel van je andere computer."
)
def sleutel_import(
    bestand: Annotated[Path, typer.Argument(help="Het bestand van 'meldcode sleutel export'.")],
) -> None:
    """Zet de sleutel van je andere computer op deze, zodat beide hetzelfde dossier
    ondertekenen en controleren. Een andere sleutel die hier al staat, wordt nooit
    vervangen."""
    from meldcode_cli.cli.sleutel import run_import

    run_import(bestand)


@app.command(cls=DutchCommand, short_help="Meldingsblad voor het gesprek met Veilig Thuis.")
def melding(
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Het dossierstuk (met de uitkomst melden; met --advies elk): id, begin of code.",
        ),
    ],
    dossier_dir: DossierDir = None,
    json_output: JsonFlag = False,
    markdown: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--markdown",
            metavar="BESTAND",
            help="Schrijf het meldingsblad naar een nieuw Markdown-bestand.",
        ),
    ] = None,
    advies: Annotated[
        bool,
        typer.Option(
            "--advies",
            help="Het blad voor een adviesgesprek met Veilig Thuis (stap 2), bij elk dossierstuk.",
        ),
    ] = False,
) -> None:
    """Meldingsblad voor het gesprek met Veilig Thuis, uit een dossierstuk."""
    from meldcode_cli.cli.melding import run_melding

    run_melding(entry_id, dossier_dir, json_output, markdown, advies)


@app.command(cls=DutchCommand, short_help="Leg het vervolg op een dossierstuk vast.")
def vervolg(
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Het eerdere dossierstuk: id, begin van het id, of code uit 'dossier list'.",
        ),
    ],
    dossier_dir: DossierDir = None,
    opnieuw: Annotated[
        bool,
        typer.Option(
            "--opnieuw", help="Nieuwe signalen: doorloop de hele meldcode opnieuw voor de casus."
        ),
    ] = False,
    answers: AnswersFile = None,
    interactive: Interactive = None,
    dry_run: DryRun = False,
    json_output: JsonFlag = False,
    profiel_pad: ProfielPad = None,
) -> None:
    """Leg het vervolg op een eerder dossierstuk vast: evaluatie, Veilig Thuis of opnieuw."""
    from meldcode_cli.cli.start import StartOptions
    from meldcode_cli.cli.vervolg import run_vervolg

    run_vervolg(
        entry_id,
        opnieuw,
        StartOptions(
            dossier_dir=dossier_dir,
            answers=answers,
            interactive=interactive,
            dry_run=dry_run,
            json_output=json_output,
            profiel=profiel_pad,
        ),
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, with click's own usage errors told in Dutch."""
    import sys

    from meldcode_cli.cli.framework import command_for, dutch_error

    args = sys.argv[1:] if argv is None else argv
    command = command_for(app, args)
    try:
        code = command.main(args=args, prog_name="meldcode", standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors
        if type(exc).__name__ == "NoArgsIsHelpError":  # plain `meldcode`: show the help
            sys.stdout.write(dutch_error(exc) + "\n")
            sys.exit(0)
        _say(dutch_error(exc).rstrip("\n"))
        sys.exit(getattr(exc, "exit_code", 2))
    except (typer.Abort, KeyboardInterrupt, EOFError):
        sys.stderr.write("\nAfgebroken.\n")
        sys.exit(130)
    except typer.Exit as exc:
        code = exc.exit_code
    except BrokenPipeError:  # `meldcode dossier list | head`: the reader stopped
        _quiet_stdout()
        sys.exit(1)
    except OSError as exc:  # stdout that cannot be written, or a file error nobody mapped
        from meldcode_cli.files import os_reason

        _say(f"Fout: schrijven of lezen is niet gelukt: {os_reason(exc)}.")
        sys.exit(1)
    except Exception as exc:  # a bug: never a traceback, always a Dutch message
        _say(
            "Fout: er ging iets onverwachts mis in meldcode (interne fout"
            f" {type(exc).__name__}). Wat hierboven niet als opgeslagen is genoemd, is niet"
            " opgeslagen. Meld dit aan de makers van meldcode."
        )
        sys.exit(1)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(1)
    except OSError as exc:
        from meldcode_cli.files import os_reason

        _say(f"Fout: de uitvoer kon niet worden geschreven: {os_reason(exc)}.")
        _quiet_stdout()
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _say(message: str) -> None:
    from meldcode_cli.cli.output import say

    say(message)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit cannot fail again."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
