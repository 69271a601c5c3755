"""``meldcode dossier``: list, show, what is due, and the integrity check."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meldcode_cli import clock
from meldcode_cli.cli.output import Terminal, escape, guarded, report_refused
from meldcode_cli.errors import EXIT_ERROR, DossierError, UsageError
from meldcode_cli.text import safe_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from meldcode_cli.cli.table import Cell, Column
    from meldcode_cli.dossier.reader import FollowUp, Scan, Summary
    from meldcode_cli.dossier.store import Dossier
    from meldcode_cli.protocol.casus import Status


def dossier_at(option: Path | None) -> Dossier:
    """The dossier folder: ``--dossier-dir``, ``MELDCODE_DOSSIER_DIR``, the profile's, or
    the default."""
    from meldcode_cli.dossier.store import Dossier, resolve_dossier_dir

    profiel = None
    if option is None:
        from meldcode_cli.dossier.profiel import profiel_dossiermap

        profiel = profiel_dossiermap()
    return Dossier(resolve_dossier_dir(option, profiel))


def open_dossier(option: Path | None) -> Dossier:
    """The dossier folder for reading: it must exist and be a real folder of the user's."""
    dossier = dossier_at(option)
    dossier.check_folder()
    if not dossier.path.exists():
        raise DossierError(
            f"De dossiermap {dossier.path} bestaat niet.",
            hint="Met 'meldcode start' leg je het eerste dossierstuk vast; of geef de juiste"
            " map op met --dossier-dir.",
        )
    return dossier


def load(terminal: Terminal, option: Path | None) -> Scan:
    result = _scan_all(open_dossier(option))
    for warning in result.warnings + result.foreign_warnings():
        terminal.warn(warning)
    warn_of_kopieen(terminal, result)
    return result


def warn_of_kopieen(terminal: Terminal, result: Scan) -> None:
    """One line for the copies of entries that other programs left in the folder."""
    if not result.kopieen:
        return
    first = min(result.kopieen, key=lambda k: k.name)
    more = len(result.kopieen) - 1
    also = f" en nog {more}" if more else ""
    terminal.warn(
        f"in de dossiermap staat {safe_text(first.name)} (een {first.wat}){also}; meldcode"
        " gebruikt kopieën niet. Bekijk ze met: meldcode dossier controleer"
    )


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from meldcode_cli.protocol.model import InvalidAnswer, parse_date

    try:
        return parse_date(text, clock.today())
    except InvalidAnswer as exc:
        raise UsageError(f"{option}: {exc.message}") from None


def _follow_up_text(item: FollowUp, today: date) -> str:
    from meldcode_cli.text import format_date

    status = item.status(today)
    return f"{item.titel(today)}: {format_date(item.op)} ({status})"


def follow_up_command(item: FollowUp, code: str) -> str:
    """The command that handles an open item: every item has a next step."""
    if item.entry.opnieuw_doorlopen:  # "niet gemeld", and the practitioner runs it again
        return f"meldcode vervolg {code} --opnieuw"
    return f"meldcode vervolg {code}"


def _status_style(status: Status) -> str:
    from meldcode_cli.protocol.casus import Status

    return {Status.TE_LAAT: "bold red", Status.VANDAAG: "bold yellow"}.get(status, "")


def soort_titel(soort: str) -> str:
    from meldcode_cli.protocol.uitkomsten import SOORT_TITEL, Soort

    try:
        return SOORT_TITEL[Soort(soort)]
    except ValueError:
        return soort


def soort_kort(soort: str) -> str:
    from meldcode_cli.protocol.uitkomsten import SOORT_KORT, Soort

    try:
        return SOORT_KORT[Soort(soort)]
    except ValueError:
        return safe_text(soort)


def _open_items(result: Scan) -> dict[str, FollowUp]:
    """Per entry its most pressing open item (acute first, then the earliest)."""
    items: dict[str, FollowUp] = {}
    for item in result.follow_ups():
        items.setdefault(item.entry.id, item)
    return items


# --------------------------------------------------------------------------- list


@dataclass(frozen=True)
class ListOptions:
    dossier_dir: Path | None
    casus: str | None
    sinds: str | None
    tot: str | None
    uitkomst: str | None
    open_only: bool
    zoek: str | None
    json_output: bool
    alles: bool = False


DEFAULT_LIMIT = 100


def known_outcomes() -> list[str]:
    from meldcode_cli.protocol.uitkomsten import Uitkomst, VervolgUitkomst

    return [u.value for u in Uitkomst] + [u.value for u in VervolgUitkomst]


def run_list(options: ListOptions) -> None:
    terminal = Terminal(quiet_stdout=options.json_output)
    guarded(terminal, lambda: _list(options, terminal))


def select_entries(result: Scan, options: ListOptions) -> list[Summary]:
    """Check the filter options, then let the dossier layer select."""
    if options.uitkomst is not None and options.uitkomst not in known_outcomes():
        raise UsageError(
            f"--uitkomst: '{options.uitkomst}' bestaat niet;"
            f" kies uit: {', '.join(known_outcomes())}."
        )
    return result.select(
        casus=options.casus,
        sinds=parse_day(options.sinds, "--sinds"),
        tot=parse_day(options.tot, "--tot"),
        uitkomst=options.uitkomst,
        open_only=options.open_only,
        zoek=options.zoek,
    )


def split_message(referentie: str, ends: Sequence[Summary]) -> str:
    """What a split case is, and what to do: said the same in controleer, list, open and
    vervolg."""
    ids = ", ".join(e.id for e in ends[:5]) + (" …" if len(ends) > 5 else "")
    return (
        f"casus {safe_text(referentie)} is gesplitst: {len(ends)} dossierstukken volgen niet"
        f" op elkaar ({ids}). Dat gebeurt als op twee apparaten een vervolg is vastgelegd, of"
        " als dossiermappen zijn samengevoegd. Er is niets weg. Bekijk de casus met 'meldcode"
        f" dossier show --casus {safe_text(referentie)}' en leg vast wat nu geldt: het"
        " volgende dossierstuk van de casus sluit op alle lijnen aan"
    )


def warn_of_splits(terminal: Terminal, result: Scan, referentie: str | None = None) -> None:
    for ref, ends in sorted(result.splits().items()):
        if referentie is None or ref.casefold() == referentie.casefold():
            terminal.warn(split_message(ref, ends) + ".")


def entry_json(result: Scan, entry: Summary, items: dict[str, FollowUp]) -> dict[str, Any]:
    item = items.get(entry.id)
    return {
        "id": entry.id,
        "datum": entry.datum,
        "aangemaakt": entry.aangemaakt,
        "referentie": entry.referentie,
        "soort": entry.soort,
        "uitkomst": entry.uitkomst,
        "vervolg_op": entry.vervolg_op,
        "melding": entry.melding,
        "splitsing": entry.referentie in result.splits(),
        "open_vervolg": (
            {
                "soort": item.kind.value,
                "op": item.op.isoformat(),
                "status": item.status(clock.today()),
                "wat": item.titel(clock.today()),
            }
            if item
            else None
        ),
        "bestanden": {
            "markdown": str(result.path_of(entry, ".md")),
            "json": str(result.path_of(entry, ".json")),
        },
    }


def _list(options: ListOptions, terminal: Terminal) -> None:
    from meldcode_cli.cli.table import Column, cell
    from meldcode_cli.text import format_date

    result = load(terminal, options.dossier_dir)
    chosen = select_entries(result, options)
    items = _open_items(result)
    warn_of_splits(terminal, result, options.casus)
    if options.json_output:
        sys.stdout.write(
            json.dumps([entry_json(result, e, items) for e in chosen], ensure_ascii=False, indent=2)
            + "\n"
        )
        return
    screen = Screen(terminal)
    if not chosen:
        screen.say("Geen dossierstukken gevonden." if result.entries else "Het dossier is leeg.")
        return
    today = clock.today()
    codes = result.codes()
    hidden = 0 if options.alles else max(0, len(chosen) - DEFAULT_LIMIT)
    shown = chosen[: len(chosen) - hidden]
    # A date, a kenmerk and a code never break; on a narrow screen the least important
    # columns (the kind of entry, then the last afweging) give way.
    columns = (
        Column("Datum"),
        Column("Kenmerk", alone=True),
        Column("Soort", rank=2),
        Column("Stap", rank=1),
        Column("Uitkomst", wrap=True),
        Column("Vervolg", wrap=True),
        Column("Code"),
    )
    rows = [
        (
            cell(format_date(entry.day)),
            cell(safe_text(entry.referentie)),
            cell(soort_kort(entry.soort)),
            cell(f"afw. {entry.laatste_afweging}" if entry.laatste_afweging else ""),
            cell(safe_text(uitkomst_kort(entry.uitkomst)), split=True),
            _follow_up_cell(items.get(entry.id), today),
            cell(codes[entry.id], "dim"),
        )
        for entry in shown
    ]
    screen.say(f"Dossier ({len(chosen)} van {len(result.entries)})")
    screen.table(columns, rows)
    if hidden:
        screen.say(
            f"En nog {hidden} oudere dossierstukken. Gebruik een filter (zoals --casus of"
            " --sinds), of --alle om alles te tonen."
        )


def uitkomst_kort(code: str) -> str:
    from meldcode_cli.protocol.uitkomsten import uitkomst_kort as kort

    return kort(code)


def _follow_up_cell(item: FollowUp | None, today: date) -> Cell:
    from meldcode_cli.cli.table import Cell
    from meldcode_cli.protocol.casus import Status
    from meldcode_cli.text import format_date

    if item is None:
        return Cell(())
    status = item.status(today)
    pieces = (*item.kort(today).split(), format_date(item.op))
    if status is not Status.GEPLAND:
        pieces += (f"({status})",)
    return Cell(pieces, _status_style(status))


class Screen:
    """Plain lines into a pipe or a file (no rich: a table of a hundred rows took rich
    longer than reading the dossier); in a terminal the same lines, with colour."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal
        self.styled = terminal.styled

    @property
    def width(self) -> int:
        if self.styled:
            return self.terminal.out.width
        import shutil

        return shutil.get_terminal_size().columns

    def say(self, text: str) -> None:
        import textwrap

        self._write(textwrap.wrap(text, self.width, break_long_words=False) or [""])

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
        from meldcode_cli.cli.table import plain, render

        paint = plain
        if self.styled:
            from rich.markup import escape as rich_escape

            def paint(text: str, style: str) -> str:
                return f"[{style}]{rich_escape(text)}[/]" if style else rich_escape(text)

        rule = "─" if (sys.stdout.encoding or "").lower().startswith("utf") else "-"
        self._write(render(columns, rows, self.width, paint, rule), marked=True)

    def _write(self, lines: list[str], *, marked: bool = False) -> None:
        text = "\n".join(lines)
        if self.styled:
            from rich.markup import escape as rich_escape

            self.terminal.out.print(text if marked else rich_escape(text), soft_wrap=True)
        else:
            self.terminal.plain(text)


# --------------------------------------------------------------------------- show


def resolve_by_name(dossier: Dossier, prefix: str) -> Summary:
    """The one entry ``prefix`` names (a whole id, the start of one, or its code), found
    from the names in the folder and read alone: nothing else of the dossier is read."""
    from meldcode_cli.dossier.reader import NotAnEntry, find_by_name, read_summary
    from meldcode_cli.files import os_reason

    entry_id = _the_one(find_by_name(dossier, prefix), prefix)
    try:
        return read_summary(dossier, entry_id)
    except NotAnEntry as exc:
        raise DossierError(f"{entry_id}.json: {exc}.") from None
    except OSError as exc:
        raise DossierError(f"{entry_id}.json: {os_reason(exc)}.") from None


def load_case_of(option: Path | None, prefix: str) -> tuple[Scan, Summary]:
    """The case of the one entry ``prefix`` names, and that entry: found from the names
    in the folder and read alone (``reader.case_scan``). A command about one entry or one
    case costs the same in a dossier of 50,000 entries as in one of ten."""
    from meldcode_cli.dossier.reader import case_scan

    dossier = open_dossier(option)
    named = resolve_by_name(dossier, prefix)
    result = case_scan(dossier, named.referentie)
    found = next((e for e in result.entries if e.id == named.id), None)
    if found is None:  # its name does not hold its kenmerk: not made so by meldcode
        result = _scan_all(dossier)
        found = next((e for e in result.entries if e.id == named.id), named)
    return result, found


def load_casus(option: Path | None, casus: str) -> Scan:
    """One case's entries by its kenmerk (capitals or not), read alone; the whole folder
    only when no name holds it (entries not named by meldcode)."""
    from meldcode_cli.dossier.reader import case_scan

    dossier = open_dossier(option)
    result = case_scan(dossier, casus, fold=True)
    if not result.entries:
        result = _scan_all(dossier)
        result.entries = [e for e in result.entries if e.referentie.casefold() == casus.casefold()]
    if not result.entries:
        raise UsageError(f"Geen dossierstukken gevonden voor casus '{safe_text(casus)}'.")
    return result


def _scan_all(dossier: Dossier) -> Scan:
    from meldcode_cli.dossier.reader import scan
    from meldcode_cli.files import os_reason

    try:
        return scan(dossier)
    except OSError as exc:
        raise DossierError(
            f"De dossiermap {dossier.path} kan niet worden gelezen: {os_reason(exc)}."
        ) from exc


def _the_one(found: list[str], prefix: str) -> str:
    if not found:
        raise UsageError(
            f"Geen dossierstuk gevonden met id '{safe_text(prefix)}'.",
            hint="Zie 'meldcode dossier list' voor de codes.",
        )
    if len(found) > 1:
        names = ", ".join(found[:5]) + (" …" if len(found) > 5 else "")
        raise UsageError(f"'{safe_text(prefix)}' past bij meer dan één dossierstuk: {names}.")
    return found[0]


def run_show(
    dossier_dir: Path | None, entry_id: str | None, casus: str | None, as_json: bool
) -> None:
    terminal = Terminal(quiet_stdout=as_json)
    guarded(terminal, lambda: _show(terminal, dossier_dir, entry_id, casus, as_json))


def _show(
    terminal: Terminal,
    dossier_dir: Path | None,
    entry_id: str | None,
    casus: str | None,
    as_json: bool,
) -> None:
    from meldcode_cli.dossier.reader import NotAnEntry

    if (entry_id is None) == (casus is None):
        raise UsageError("Geef een id op, of --casus KENMERK voor de hele casus.")
    if casus is not None:
        _timeline(terminal, load_casus(dossier_dir, casus), casus, as_json)
        return
    assert entry_id is not None
    result, entry = load_case_of(dossier_dir, entry_id)
    _warn_if_unsound(terminal, result, entry)
    if as_json:
        try:
            document = result.document(entry)
        except NotAnEntry as exc:
            raise DossierError(f"{entry.id}.json: {exc}.") from None
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    from meldcode_cli.files import os_reason

    hint = f"Bekijk de gegevens met 'meldcode dossier show {entry.id} --json'."
    try:
        raw = result.markdown(entry)
    except NotAnEntry as exc:
        raise DossierError(f"Het Markdown-bestand van {entry.id} is {exc}.", hint=hint) from None
    except FileNotFoundError:
        raise DossierError(f"Het Markdown-bestand van {entry.id} ontbreekt.", hint=hint) from None
    except OSError as exc:
        raise DossierError(
            f"Het Markdown-bestand van {entry.id} is niet leesbaar: {os_reason(exc)}.", hint=hint
        ) from None
    text = raw.decode("utf-8", errors="replace")
    if not sys.stdout.isatty():  # into a pipe or a file: the stored Markdown, as it is
        sys.stdout.write(safe_text(text))
        return
    from rich.markdown import Markdown  # markdown-it and pygments: only for the screen

    # A link in a hand-edited entry is shown as its text and its address, never as a
    # clickable OSC 8 link whose visible text may name another place than it opens.
    terminal.out.print(Markdown(safe_text(text), hyperlinks=False))


def _warn_if_unsound(terminal: Terminal, result: Scan, entry: Summary) -> None:
    """Shown, but under a plain warning: what follows may not be what was recorded."""
    problems = result.problems(entry)
    if problems:
        terminal.warn(
            f"dossierstuk {entry.id} is niet in orde: {'; '.join(problems)}. Wat hier staat,"
            " is misschien niet wat je vastlegde. Kijk het na met: meldcode dossier controleer"
        )


def _timeline(terminal: Terminal, result: Scan, casus: str, as_json: bool) -> None:
    from rich.text import Text

    from meldcode_cli.protocol.casus import Status
    from meldcode_cli.text import format_date

    entries = sorted(
        (e for e in result.entries if e.referentie.casefold() == casus.casefold()),
        key=lambda e: (e.aangemaakt, e.id),
    )
    if not entries:
        raise UsageError(f"Geen dossierstukken gevonden voor casus '{safe_text(casus)}'.")
    for entry in entries:
        _warn_if_unsound(terminal, result, entry)
    items = _open_items(result)
    if as_json:
        sys.stdout.write(
            json.dumps(
                [entry_json(result, e, items) for e in entries], ensure_ascii=False, indent=2
            )
            + "\n"
        )
        return
    today = clock.today()
    terminal.out.print(
        Text(
            f"Casus {safe_text(entries[0].referentie)}: {len(entries)}"
            f" dossierstuk{'' if len(entries) == 1 else 'ken'}",
            style="bold",
        )
    )
    for entry in entries:
        soort = soort_titel(entry.soort)
        line = Text(f"\n{format_date(entry.day)}  ", style="bold")
        line.append(safe_text(soort))
        terminal.out.print(line)
        terminal.out.print(
            Text(f"  Uitkomst: {safe_text(entry.titel)} ({safe_text(entry.uitkomst)})")
        )
        if entry.vervolg_op:
            terminal.out.print(Text(f"  Vervolg op: {safe_text(entry.vervolg_op)}", style="dim"))
        item = items.get(entry.id)
        if item is not None:
            style = "bold red" if item.status(today) is Status.TE_LAAT else "yellow"
            terminal.out.print(Text(f"  Open: {_follow_up_text(item, today)}", style=style))
        terminal.out.print(Text(f"  Id: {entry.id}", style="dim"))


# --------------------------------------------------------------------------- open


def run_due(dossier_dir: Path | None, include_planned: bool, as_json: bool) -> None:
    terminal = Terminal(quiet_stdout=as_json)
    guarded(terminal, lambda: _due(terminal, dossier_dir, include_planned, as_json))


def _due(
    terminal: Terminal, dossier_dir: Path | None, include_planned: bool, as_json: bool
) -> None:
    from meldcode_cli.cli.table import Column, cell
    from meldcode_cli.text import format_date

    result = load(terminal, dossier_dir)
    today = clock.today()
    items = [i for i in result.follow_ups() if include_planned or i.due(today)]
    codes = result.codes()
    from meldcode_cli.protocol.casus import Status

    splits = sorted(result.splits().items())
    warn_of_splits(terminal, result)
    if as_json:
        rows = [
            {  # a split case asks attention first: which line tells what holds now?
                "id": ends[0].id,
                "referentie": ref,
                "soort": "splitsing",
                "op": today.isoformat(),
                "status": Status.VANDAAG,
                "wat": split_message(ref, ends),
                "melding": None,
                "opdracht": f"meldcode dossier show --casus {ref}",
            }
            for ref, ends in splits
        ] + [
            {
                "id": i.entry.id,
                "referentie": i.entry.referentie,
                "soort": i.kind.value,
                "op": i.op.isoformat(),
                "status": i.status(today),
                "wat": i.titel(today),
                "melding": i.entry.melding,
                "opdracht": follow_up_command(i, codes[i.entry.id]),
            }
            for i in items
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    screen = Screen(terminal)
    if not items:
        if not splits:
            screen.say("Er staat niets open dat nu aandacht vraagt.")
        return
    columns = (
        Column("Datum"),
        Column("Status"),
        Column("Kenmerk", alone=True),
        Column("Wat", wrap=True),
        Column("Opdracht"),  # typed or copied as it is: never broken
    )
    table: list[tuple[Cell, ...]] = []
    for item in items:
        status = item.status(today)
        table.append(
            (
                cell(format_date(item.op)),
                cell(status, _status_style(status)),
                cell(safe_text(item.entry.referentie)),
                cell(item.titel(today), split=True),
                cell(follow_up_command(item, codes[item.entry.id]), "dim"),
            )
        )
    screen.say("Wat nu aandacht vraagt")
    screen.table(columns, table)


# --------------------------------------------------------------------------- controleer


def run_check(dossier_dir: Path | None) -> None:
    terminal = Terminal()
    guarded(terminal, lambda: _check(terminal, dossier_dir))


def _check(terminal: Terminal, dossier_dir: Path | None) -> None:
    import typer

    from meldcode_cli.dossier.reader import Finding, check_integrity, check_kopieen, scan

    dossier = open_dossier(dossier_dir)
    result = scan(dossier, use_index=False, keep=True)  # never the cache: every file
    for warning in result.warnings + result.foreign_warnings():
        terminal.warn(warning)
    intact, findings, notes = check_integrity(result, dossier.codec.keys())
    kopie_findings, kopie_notes = check_kopieen(result)
    findings += kopie_findings
    notes += kopie_notes
    findings += [
        Finding(f"casus {ref}", split_message(ref, ends).removeprefix(f"casus {ref} "))
        for ref, ends in sorted(result.splits().items())
    ]
    for note in notes:
        terminal.warn(f"{note.entry_id} {note.message}.")
    for finding in findings:
        terminal.err.print(
            f"[bold red]Niet in orde:[/bold red] {escape(finding.entry_id)}:"
            f" {escape(finding.message)}"
        )
    terminal.out.print(f"{intact} van {len(result.entries)} dossierstukken zijn ongewijzigd.")
    if findings or result.warnings or result.vreemd:
        raise typer.Exit(EXIT_ERROR)


# --------------------------------------------------------------------------- export


def run_export(
    dossier_dir: Path | None,
    entry_id: str | None,
    casus: str | None,
    html_file: Path | None,
    pdf_file: Path | None,
) -> None:
    terminal = Terminal()

    def action() -> None:
        from meldcode_cli.interview.export import export

        if (entry_id is None) == (casus is None):
            raise UsageError("Geef een id op, of --casus KENMERK voor de hele casus.")
        if (html_file is None) == (pdf_file is None):
            raise UsageError("Kies --html BESTAND of --pdf BESTAND.")
        if casus is not None:
            result = load_casus(dossier_dir, casus)
            chosen = list(result.entries)
        else:
            assert entry_id is not None
            result, entry = load_case_of(dossier_dir, entry_id)
            chosen = [entry]
        output = pdf_file or html_file
        assert output is not None
        written = export(result, chosen, output, pdf_file is not None, clock.today())
        soort = "PDF" if pdf_file is not None else "HTML"
        if result.codec.encrypted:
            terminal.warn(
                f"{output} is niet versleuteld, anders dan je dossier. Bewaar het alleen waar"
                " het hoort (het cliëntdossier) en verwijder het daarna hier."
            )
        terminal.info(
            f"{len(written)} dossierstuk{'ken' if len(written) != 1 else ''} geëxporteerd naar"
            f" {output} ({soort}, alleen voor jou leesbaar). Dit bestand hoort bij het"
            " cliëntdossier; het dossier in meldcode blijft het origineel."
        )

    guarded(terminal, action)


# --------------------------------------------------------------------------- backup


def run_backup(dossier_dir: Path | None, output: Path) -> None:
    terminal = Terminal()

    def action() -> None:

        from meldcode_cli.dossier.backup import make_backup
        from meldcode_cli.dossier.reader import scan

        dossier = open_dossier(dossier_dir)
        result = scan(dossier, use_index=False)
        if result.warnings:
            for warning in result.warnings:
                terminal.warn(warning)
            raise DossierError(
                "Niet alle bestanden in de dossiermap zijn in orde; er is geen backup gemaakt.",
                hint="Kijk na wat er mis is met: meldcode dossier controleer",
            )
        left_out = sorted(result.vreemd) + sorted(k.name for k in result.kopieen)
        if left_out:  # never a reason to leave the sound entries without a backup
            names = ", ".join(safe_text(n) for n in left_out[:5])
            terminal.warn(
                f"niet in de backup: {names}{' …' if len(left_out) > 5 else ''} (geen"
                " dossierstuk van meldcode). Zie: meldcode dossier controleer"
            )
        unsound = [(e, p) for e in result.entries if (p := result.problems(e))]
        for entry, problems in unsound:  # a backup copies only what is sound
            terminal.warn(f"{entry.id} is niet in orde: {'; '.join(problems)}.")
        if unsound:
            raise DossierError(
                f"{len(unsound)} dossierstuk{'ken zijn' if len(unsound) > 1 else ' is'} niet"
                " in orde; er is geen backup gemaakt, zodat een backup nooit iets gewijzigds"
                " bewaart als origineel.",
                hint="Kijk na wat er mis is met: meldcode dossier controleer",
            )
        count = make_backup(result, output, clock.now())
        how = "alleen voor jou leesbaar"
        if result.codec.encrypted:
            how = "versleuteld voor je identiteit"
        terminal.info(
            f"Backup van {count} dossierstukken geschreven naar {output} ({how}). Bewaar hem"
            " op een veilige plek."
        )

    guarded(terminal, action)


def run_restore(dossier_dir: Path | None, archive: Path) -> None:
    terminal = Terminal()

    def action() -> None:
        from meldcode_cli.dossier.backup import restore

        dossier = dossier_at(dossier_dir)
        dossier.check_folder()  # an existing folder open to others: refused at once
        outcome = restore(dossier, archive)
        terminal.out.print(
            f"Hersteld: {len(outcome.added)} dossierstukken toegevoegd,"
            f" {len(outcome.present)} waren er al."
        )
        report_refused(
            terminal,
            "Niet hersteld",
            outcome.conflicts,
            "in de dossiermap staat een ander bestand met die naam; dat is niet overschreven.",
        )
        if outcome.no_manifest:
            terminal.warn(
                "de backup heeft geen geldig overzicht; elk dossierstuk is op zijn eigen"
                " controlegetallen beoordeeld."
            )
        if outcome.broken_off:
            terminal.warn(
                "de backup is beschadigd of pakt uit tot meer dan een backup kan bevatten;"
                " wat ervoor stond, is beoordeeld en hersteld als het in orde was."
            )
        for name, why in outcome.damaged[:50]:
            terminal.err.print(f"[bold red]Niet hersteld:[/bold red] {escape(name)}: {escape(why)}")
        if len(outcome.damaged) > 50:
            terminal.err.print(f"En nog {len(outcome.damaged) - 50} niet hersteld.")
        if outcome.damaged or outcome.broken_off:
            import typer

            raise typer.Exit(EXIT_ERROR)

    guarded(terminal, action)
