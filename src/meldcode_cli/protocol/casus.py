"""The case over its entries: where the melding stands, and what is open.

A decision to report is not a report. Seed 004: "Heb je een melding gedaan, dan neemt
een medewerker van Veilig Thuis binnen vijf werkdagen contact met je op". So the melding
is an action with states, read from what the entries of a case record:

- *besloten*: the afwegingen led to melden; nothing records the melding as made;
- *gedaan*: the melding is made (in stap 2, or recorded in a follow-up), with its date;
  Veilig Thuis calls back within five working days of it;
- *teruggebeld*: Veilig Thuis took contact and the agreements are recorded;
- *niet gemeld*: a follow-up recorded that the melding was (still) not made.

Only the entry at the end of a chain says where the case stands now: an entry is done
with once a later entry follows it. Values and pure functions only, and only the
standard library (the dossier is read without the questions of the meldcode).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from meldcode_cli.protocol.uitkomsten import Uitkomst, VervolgUitkomst

TELEFOON = "0800-2000"


class MeldingStand(StrEnum):
    """Where a melding to Veilig Thuis stands, after an entry."""

    BESLOTEN = "besloten"
    GEDAAN = "gedaan"
    TERUGGEBELD = "teruggebeld"
    NIET_GEMELD = "niet_gemeld"


def melding_stand(uitkomst: str, gemeld_op: date | None) -> MeldingStand | None:
    """Where the melding stands after an entry with ``uitkomst``; ``gemeld_op``: the day
    the entry records the melding as made (in stap 2, or in a follow-up). None: this
    entry has no melding in it."""
    if uitkomst == VervolgUitkomst.NIET_GEMELD:
        return MeldingStand.NIET_GEMELD
    if uitkomst in (VervolgUitkomst.CONTACT, VervolgUitkomst.HULP):
        return MeldingStand.TERUGGEBELD
    if gemeld_op is not None:
        return MeldingStand.GEDAAN
    if uitkomst in (Uitkomst.MELDEN, Uitkomst.OPNIEUW_MELDEN):
        return MeldingStand.BESLOTEN
    return None


def _group(node: Any, key: str) -> Mapping[str, Any]:
    found = node.get(key) if isinstance(node, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def acuut(antwoorden: Mapping[str, Any]) -> bool:
    """Acute onveiligheid (afweging 2) or direct gevaar (the first question) answered ja:
    then the melding is made now. Answers as recorded, or read from disk (any shape)."""
    twee = _group(_group(antwoorden, "afwegingen"), "2")
    gevaar = _group(antwoorden, "directe_veiligheid")
    return twee.get("acute_onveiligheid") == "ja" or gevaar.get("direct_gevaar") == "ja"


class ItemKind(StrEnum):
    """What an open item asks of the practitioner."""

    NU_MELDEN = "nu_melden"  # decided, with acute onveiligheid or direct gevaar
    MELDING_DOEN = "melding_doen"  # decided, not yet recorded as made
    TERUGBELLEN = "terugbellen"  # made: Veilig Thuis calls back within five working days
    MELDEN = "melden"  # "niet gemeld": open until the melding is made or the code is rerun
    EVALUATIE = "evaluatie"


# Acute first: before anything else on the list, whatever its date (seed 000: "Focus op
# directe veiligheid").
VOORRANG = {ItemKind.NU_MELDEN: 0}


class Status(StrEnum):
    """Where an open item stands today; the values are what the practitioner reads."""

    TE_LAAT = "te laat"
    VANDAAG = "vandaag"
    GEPLAND = "gepland"


def status_op(op: date, today: date) -> Status:
    if op < today:
        return Status.TE_LAAT
    if op == today:
        return Status.VANDAAG
    return Status.GEPLAND


def open_items(
    *,
    day: date,
    stand: MeldingStand | None,
    acuut: bool,
    evaluatie_op: date | None,
    terugbellen: date | None,
    melden_op: date | None,
) -> list[tuple[ItemKind, date]]:
    """What the entry at the end of a chain leaves open, each with its date. ``day``: the
    entry's own date; ``acuut``: acute onveiligheid or direct gevaar was answered ja."""
    items: list[tuple[ItemKind, date]] = []
    if stand is MeldingStand.BESLOTEN:  # from the moment of the decision
        items.append((ItemKind.NU_MELDEN if acuut else ItemKind.MELDING_DOEN, day))
    elif stand is MeldingStand.GEDAAN and terugbellen is not None:
        items.append((ItemKind.TERUGBELLEN, terugbellen))
    elif stand is MeldingStand.NIET_GEMELD:
        items.append((ItemKind.MELDEN, melden_op or day))
    if evaluatie_op is not None:
        items.append((ItemKind.EVALUATIE, evaluatie_op))
    return items


# What the list shows of an item, short; and what `dossier open` says to do. Each line
# comes from the meldcode (seed 001's afwegingskader, seed 004's call-back) or from what
# the entry records; a passed date says what to do now.
ITEM_KORT = {
    ItemKind.NU_MELDEN: "nu melden",
    ItemKind.MELDING_DOEN: "melden",
    ItemKind.TERUGBELLEN: "VT belt terug",
    ItemKind.MELDEN: "nog melden",
    ItemKind.EVALUATIE: "evaluatie",
}

ITEM_KORT_TE_LAAT = {
    ItemKind.TERUGBELLEN: "VT belde niet terug",
}

ITEM_TITEL = {
    ItemKind.NU_MELDEN: (
        f"Nu melden bij Veilig Thuis ({TELEFOON}): acute onveiligheid. Bel 112 bij direct"
        " gevaar. Leg de melding daarna vast."
    ),
    ItemKind.MELDING_DOEN: (
        f"Melden bij Veilig Thuis ({TELEFOON}), zoals besloten. Leg de melding daarna vast."
    ),
    ItemKind.TERUGBELLEN: "Veilig Thuis belt terug (uiterlijk)",
    ItemKind.MELDEN: "Nog niet gemeld: alsnog melden of opnieuw doorlopen",
    ItemKind.EVALUATIE: "Evaluatie van de hulp (afweging 5)",
}

ITEM_TITEL_TE_LAAT = {
    ItemKind.TERUGBELLEN: (
        "Veilig Thuis nam niet binnen vijf werkdagen contact op (geen contact vastgelegd):"
        f" bel zelf Veilig Thuis ({TELEFOON}), en leg het contact vast."
    ),
    ItemKind.MELDING_DOEN: (
        f"Besloten te melden, maar de melding is niet vastgelegd: meld bij Veilig Thuis"
        f" ({TELEFOON}), of leg de gedane melding vast."
    ),
}


def item_kort(kind: ItemKind, status: Status) -> str:
    if status is Status.TE_LAAT:
        return ITEM_KORT_TE_LAAT.get(kind, ITEM_KORT[kind])
    return ITEM_KORT[kind]


def item_titel(kind: ItemKind, status: Status) -> str:
    if status is Status.TE_LAAT:
        return ITEM_TITEL_TE_LAAT.get(kind, ITEM_TITEL[kind])
    return ITEM_TITEL[kind]


def stand_lines(
    stand: MeldingStand | None,
    *,
    acuut: bool,
    gemeld_op: date | None,
    terugbellen: date | None,
    today: date,
) -> list[str]:
    """Where the melding stands, in words, for the melding sheet: the same facts as the
    open items of ``dossier open``."""
    from meldcode_cli.text import format_date

    if stand is MeldingStand.BESLOTEN:
        lines = ["Besloten te melden; de melding is nog niet vastgelegd als gedaan."]
        if acuut:
            lines.append("Nu melden: acute onveiligheid. Bel 112 bij direct gevaar.")
        return lines
    if stand is MeldingStand.NIET_GEMELD:
        return ["Vastgelegd: (nog) niet gemeld."]
    lines = [f"Gemeld op {format_date(gemeld_op)}."] if gemeld_op else []
    if stand is MeldingStand.TERUGGEBELD:
        return [*lines, "Veilig Thuis heeft contact opgenomen; de afspraken zijn vastgelegd."]
    if stand is MeldingStand.GEDAAN and terugbellen is not None:
        if terugbellen < today:
            lines.append(
                f"Veilig Thuis nam niet uiterlijk op {format_date(terugbellen)} contact op"
                f" (geen contact vastgelegd): bel zelf Veilig Thuis ({TELEFOON})."
            )
        else:
            lines.append(f"Veilig Thuis neemt uiterlijk op {format_date(terugbellen)} contact op.")
    return lines
