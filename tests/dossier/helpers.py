"""Make dossier entries with a chosen creation time, through the real writing code."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from meldcode_cli.dossier.entry import compose_entry
from meldcode_cli.dossier.store import Dossier, WrittenEntry
from meldcode_cli.protocol.afwegingskader import besluit
from meldcode_cli.protocol.procedure import vervolg_for
from meldcode_cli.protocol.validate import validate


def make_entry(folder: Path, raw: dict[str, Any], created: datetime) -> WrittenEntry:
    today = created.date()
    answers, problems = validate(raw, today, with_version=True)
    assert problems == [], problems
    outcome = besluit(answers)
    entry = compose_entry(
        answers=answers, besluit=outcome, vervolg=vervolg_for(outcome, today), created=created
    )
    dossier = Dossier(folder)
    dossier.ensure()
    return dossier.write_entry(entry.id, entry.markdown, entry.document)


def case(raw: dict[str, Any], reference: str, consult: date, **afwegingen: Any) -> dict[str, Any]:
    """The example with another reference, consult date and (some) afwegingen."""
    import copy

    data = copy.deepcopy(raw)
    data["casus"]["referentie"] = reference
    data["casus"]["datum_consult"] = consult
    for signaal in data["signalen"]:
        signaal["datum"] = consult
    data["overleg"]["collega"]["datum"] = consult
    data["overleg"]["veilig_thuis"]["datum"] = consult
    data["gesprek"]["datum"] = consult
    for key, value in afwegingen.items():
        number = int(key[1:])
        if value is None:
            data["afwegingen"].pop(number, None)
        else:
            data["afwegingen"][number] = value
    return data


MELDEN = {
    "a2": {
        "acute_onveiligheid": "ja",
        "structurele_onveiligheid": "nee",
        "disclosure": "nee",
        "toelichting": "TEST",
    },
    "a3": None,
    "a4": None,
    "a5": None,
}


def days(n: int) -> timedelta:
    return timedelta(days=n)
