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


def make_entry(
    folder: Path, raw: dict[str, Any], created: datetime, *, signed: bool = True
) -> WrittenEntry:
    """Signed and linked to its case as `start` does it; ``signed=False`` writes an entry
    as meldcode 0.1 did, without a signature or a link."""
    from meldcode_cli.dossier.reader import previous_of_case, unsigned_digests

    today = created.date()
    answers, problems = validate(raw, today, with_version=True)
    assert problems == [], problems
    outcome = besluit(answers)
    dossier = Dossier(folder)
    dossier.ensure()
    signing: dict[str, Any] = {}
    if signed:
        signing = {
            "sleutel": dossier.signing_key(lambda: unsigned_digests(dossier)),
            "vorige": (previous_of_case(dossier, raw["casus"]["referentie"]) or (None,))[0],
        }
    entry = compose_entry(
        answers=answers,
        besluit=outcome,
        vervolg=vervolg_for(outcome, today),
        created=created,
        **signing,
    )
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


def resign(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` as an entry its key holder made: checksum and signature made
    anew with the practitioner's own key (as whoever holds it could). For the defences
    that stand behind the signature."""
    import json

    from meldcode_cli.dossier.entry import canonical_sha256
    from meldcode_cli.dossier.sleutel import load_sleutel

    key = load_sleutel()
    assert key is not None
    document.pop("handtekening", None)
    document["sha256"] = canonical_sha256(document)
    document["handtekening"] = key.handtekening(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def spoil_signature(path: Path) -> None:
    """A signature made up: the checksum (and so every link to the entry) still holds;
    only checking the entry itself, with the key, shows it."""
    import json

    document = json.loads(path.read_text(encoding="utf-8"))
    document["handtekening"]["mac"] = "0" * 64
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
