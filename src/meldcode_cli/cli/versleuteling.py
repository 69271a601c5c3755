"""``meldcode versleuteling``: turn encryption on, and see how it stands; and the one
place where a passphrase is asked."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from meldcode_cli import clock
from meldcode_cli.cli.output import Terminal, escape, guarded, report_refused, say
from meldcode_cli.errors import Interrupted, UsageError
from meldcode_cli.text import safe_text


def _terminal_present() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def ask_passphrase(question: str) -> str:
    """A passphrase, typed without echo in the terminal (never from a pipe)."""
    from meldcode_cli.dossier.versleuteling import ENV_IDENTITY, VersleutelingError

    if not _terminal_present():
        raise VersleutelingError(
            "Je identiteit is met een wachtwoord beveiligd, maar er is geen terminal om het te"
            " vragen. Er is niets opgeslagen.",
            hint=f"Geef in een script een identiteitsbestand op met {ENV_IDENTITY}=BESTAND.",
        )
    import getpass

    try:
        return getpass.getpass(question, stream=sys.stderr)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("\nAfgebroken. Er is niets opgeslagen.") from None


def _new_passphrase() -> str:
    from meldcode_cli.dossier.versleuteling import MIN_PASSPHRASE

    if not _terminal_present():
        raise UsageError(
            "Voor een nieuwe identiteit vraag ik een wachtwoord, maar er is geen terminal."
            " Er is niets veranderd.",
            hint="Gebruik een bestaand identiteitsbestand (te maken met age-keygen):"
            " meldcode versleuteling aan --identity BESTAND",
        )
    say(
        f"Kies een wachtwoord voor je identiteit (minstens {MIN_PASSPHRASE} tekens). Zonder"
        " dit wachtwoord is je dossier niet meer te openen: bewaar het goed."
    )
    for _ in range(3):
        first = ask_passphrase("Nieuw wachtwoord: ")
        if len(first) < MIN_PASSPHRASE:
            say(f"Te kort: gebruik minstens {MIN_PASSPHRASE} tekens.")
            continue
        if ask_passphrase("Nog een keer: ") != first:
            say("De twee wachtwoorden zijn niet gelijk.")
            continue
        return first
    raise UsageError("Geen wachtwoord gekozen. Er is niets veranderd.")


def run_aan(dossier_dir: Path | None, identity: Path | None, bestaande: bool | None) -> None:
    terminal = Terminal()
    guarded(terminal, lambda: _aan(terminal, dossier_dir, identity, bestaande))


def _record_unsigned(dossier: Any) -> None:
    """Entries of meldcode 0.1 (unsigned) are recorded by the config folder's key before
    the dossier is encrypted: once encrypted, new entries are signed with a key that
    follows from the identity, and only the record says these may stand unsigned."""
    from meldcode_cli.dossier.reader import unsigned_digests
    from meldcode_cli.dossier.sleutel import load_sleutel, sleutel

    if dossier.codec.encrypted or load_sleutel() is not None or not dossier.path.exists():
        return
    digests = unsigned_digests(dossier)
    if digests:
        sleutel(ongetekend=lambda: digests)


def _aan(
    terminal: Terminal, dossier_dir: Path | None, identity: Path | None, bestaande: bool | None
) -> None:

    from meldcode_cli.cli.dossier import dossier_at
    from meldcode_cli.dossier.migratie import encrypt_existing, plain_files
    from meldcode_cli.dossier.store import Dossier
    from meldcode_cli.dossier.versleuteling import turn_on

    folder = dossier_at(dossier_dir).path
    Dossier(folder).check_folder()
    _record_unsigned(Dossier(folder))
    done = turn_on(folder, identity, _new_passphrase, clock.now())
    dossier = Dossier(folder)
    dossier.ensure()  # the folder, with the marker of its encryption
    instelling = done.instelling
    if done.nieuw:
        terminal.info(f"De versleuteling staat aan voor {folder}.")
    else:
        terminal.info(f"De versleuteling stond al aan voor {folder}.")
    if done.identiteit_gemaakt:
        terminal.info(
            f"Je identiteit staat in {instelling.identiteit}, beveiligd met je wachtwoord."
            " Maak er een kopie van op een veilige plek (niet bij je backup): zonder"
            " identiteit en wachtwoord is je dossier niet meer te openen."
        )
    elif identity is not None:
        terminal.info(
            f"Je identiteit is {instelling.identiteit}. Houd dat bestand geheim en bewaar een"
            " kopie op een veilige plek."
        )
        _warn_if_open(terminal, instelling.identiteit)
    left = plain_files(dossier)
    if not left:
        terminal.info("Alles in de dossiermap is versleuteld.")
        return
    if bestaande is None:
        bestaande = _confirm(len(left))
    if not bestaande:
        terminal.warn(
            f"{len(left)} bestanden in de dossiermap zijn nog niet versleuteld. Nieuwe"
            " dossierstukken worden wel versleuteld. Versleutel de rest later met: meldcode"
            " versleuteling aan"
        )
        return
    migrated = encrypt_existing(dossier, _progress(terminal))
    terminal.info(
        f"Versleuteld: {len(migrated.encrypted)} bestanden; elk is eerst ontsleuteld en"
        " vergeleken, daarna is het onversleutelde bestand verwijderd."
    )
    report_refused(
        terminal,
        "Niet versleuteld",
        migrated.conflicts,
        "er staat al een versleuteld bestand met die naam dat iets anders zegt. Beide zijn"
        " bewaard.",
    )


def _confirm(count: int) -> bool:
    if not _terminal_present():
        return True  # a script that turns encryption on wants the whole dossier encrypted
    import questionary

    from meldcode_cli.interview.prompts import select

    return bool(
        select(
            f"{count} bestanden in de dossiermap (dossierstukken, concepten, het overzicht)"
            " zijn nog niet versleuteld. Nu versleutelen?",
            [
                questionary.Choice("Ja, nu versleutelen (aanbevolen)", value=True),
                questionary.Choice("Nee, later", value=False),
            ],
        )
    )


def _progress(terminal: Terminal) -> Callable[[int, int], None]:
    step = {"last": 0}

    def show(done: int, total: int) -> None:
        if total >= 200 and (done == total or done - step["last"] >= total // 10):
            step["last"] = done
            terminal.info(f"  {done} van {total} bestanden versleuteld")

    return show


def _warn_if_open(terminal: Terminal, path: Path) -> None:
    import stat

    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if mode & 0o077:
        terminal.warn(
            f"{path} is leesbaar voor anderen (rechten {mode:o}). Maak het privé: chmod 600 {path}"
        )


def run_status(dossier_dir: Path | None) -> None:
    terminal = Terminal()
    guarded(terminal, lambda: _status(terminal, dossier_dir))


def _status(terminal: Terminal, dossier_dir: Path | None) -> None:
    from meldcode_cli.cli.dossier import dossier_at
    from meldcode_cli.dossier.migratie import plain_files
    from meldcode_cli.dossier.versleuteling import (
        ENV_IDENTITY,
        AgeCodec,
        VersleutelingError,
        identity_source,
        load_instelling,
    )

    dossier = dossier_at(dossier_dir)
    dossier.check_folder()
    codec = dossier.codec
    out = terminal.out
    out.print(f"Dossiermap: {escape(str(dossier.path))}")
    if not isinstance(codec, AgeCodec):
        out.print("Versleuteling: uit. Zet haar aan met: meldcode versleuteling aan")
        return
    out.print(f"Versleuteling: aan, voor ontvanger {escape(codec.ontvanger)}")
    try:
        source = identity_source(load_instelling())
        where = f"{source}" + (f" (uit {ENV_IDENTITY})" if ENV_IDENTITY in _env() else "")
    except VersleutelingError as exc:
        where = f"niet gevonden: {exc.message}"
    out.print(f"Identiteit: {escape(where)}")
    left = plain_files(dossier)
    mine = {path.name for path in left}
    others = sorted(
        item.name
        for item in os.scandir(dossier.path)
        if not item.name.startswith(".")
        and not item.name.endswith(".age")
        and item.name not in mine
    )
    if left:
        out.print(
            f"Nog niet versleuteld: {len(left)} bestanden. Maak het af met: meldcode"
            " versleuteling aan"
        )
    if others:  # not meldcode's to encrypt, but readable all the same
        shown = ", ".join(escape(safe_text(name)) for name in others[:5])
        out.print(
            f"Niet versleuteld en niet van meldcode: {len(others)} bestand"
            f"{'en' if len(others) != 1 else ''} ({shown}{' …' if len(others) > 5 else ''})."
            " Zet ze elders neer: ze staan leesbaar in je versleutelde dossiermap."
        )
    if not left and not others:
        out.print("Alles in de dossiermap is versleuteld.")


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if v.strip()}
