"""The case tells one true story: the melding is an action with states (decided, made,
called back), and the entry, ``dossier open``, ``dossier list`` and the melding sheet say
the same about it, on the day it happens and on the days after.

Every run here holds the program's clock to a day of the calendar below, so the story
is the same whatever day the tests run. The call-back dates are counted by hand from
seed 004 ("binnen vijf werkdagen"):

- Thursday 03-12-2026: Fri 04, Mon 07, Tue 08, Wed 09, Thu 10 -> 10-12-2026.
- Saturday 21-11-2026: Mon 23, Tue 24, Wed 25, Thu 26, Fri 27 -> 27-11-2026.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ENTER, entries, hold_clock, invoke, line, pick
from tests.interview.test_answers_file import write_yaml

DONDERDAG = date(2026, 12, 3)
VRIJDAG = date(2026, 12, 4)
UITERLIJK = date(2026, 12, 10)  # five working days after Thursday 03-12-2026
DAARNA = date(2026, 12, 11)

MELDING = {
    "actuele_onveiligheid": "TEST: vader schreeuwt als hij drinkt, kinderen thuis",
    "eigen_mogelijkheden": "TEST: wekelijkse gesprekken met moeder",
    "zicht_op_veiligheid": "overnemen",
    "betrokkenen_geinformeerd": "nee",
    "waarom_niet_geinformeerd": "TEST: vader is agressief",
}

NU_MELDEN = (
    "Nu melden bij Veilig Thuis (0800-2000): acute onveiligheid. Bel 112 bij direct gevaar."
    " Leg de melding daarna vast."
)
MELDEN = "Melden bij Veilig Thuis (0800-2000), zoals besloten. Leg de melding daarna vast."


@pytest.fixture
def example_raw() -> dict[str, Any]:
    """The example as it was written (its evaluation on 15-01-2027): every test here holds
    the clock to a day of the calendar above."""
    import yaml

    from tests.conftest import FROZEN_EXAMPLE

    data: dict[str, Any] = yaml.safe_load(FROZEN_EXAMPLE.read_text(encoding="utf-8"))
    return data


def acuut(raw: dict[str, Any]) -> dict[str, Any]:
    raw["afwegingen"][2] = {
        "acute_onveiligheid": "ja",
        "structurele_onveiligheid": "nee",
        "disclosure": "nee",
        "toelichting": "TEST: vader dreigt met geweld",
    }
    del raw["afwegingen"][3], raw["afwegingen"][4], raw["afwegingen"][5]
    raw["melding"] = dict(MELDING)
    return raw


def geen_hulp(raw: dict[str, Any]) -> dict[str, Any]:
    raw["afwegingen"][3] = {"antwoord": "nee", "toelichting": "TEST: buiten mijn grenzen"}
    del raw["afwegingen"][4], raw["afwegingen"][5]
    raw["melding"] = dict(MELDING, betrokkenen_geinformeerd="ja", hoe_geinformeerd="TEST")
    del raw["melding"]["waarom_niet_geinformeerd"]
    return raw


def start(tmp_path: Path, dossier_dir: Path, raw: dict[str, Any]) -> dict[str, Any]:
    path = write_yaml(tmp_path, raw, "start.yaml")
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 0, run.output
    document: dict[str, Any] = json.loads(run.stdout)
    return document


def vervolg(tmp_path: Path, dossier_dir: Path, code: str, data: dict[str, Any], name: str):
    path = write_yaml(tmp_path, data, name)
    args = ["vervolg", code, "--answers", str(path), "--dossier-dir", str(dossier_dir)]
    return invoke([*args, "--json"])


def stored(dossier_dir: Path, entry_id: str) -> tuple[dict[str, Any], str]:
    document = json.loads((dossier_dir / f"{entry_id}.json").read_text(encoding="utf-8"))
    return document, (dossier_dir / f"{entry_id}.md").read_text(encoding="utf-8")


def open_items(dossier_dir: Path, *extra: str) -> list[dict[str, Any]]:
    run = invoke(["dossier", "open", "--json", "--dossier-dir", str(dossier_dir), *extra])
    assert run.code == 0, run.output
    rows: list[dict[str, Any]] = json.loads(run.stdout)
    return rows


def listed(dossier_dir: Path) -> dict[str, dict[str, Any]]:
    run = invoke(["dossier", "list", "--json", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    return {row["id"]: row for row in json.loads(run.stdout)}


def list_text(dossier_dir: Path) -> str:
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    return run.stdout


def sheet(dossier_dir: Path, code: str) -> dict[str, Any]:
    run = invoke(["melding", code, "--json", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def code_of(entry_id: str) -> str:
    return entry_id.rsplit("-", 1)[1]


# --------------------------------------------------------------------------- decided


def test_melden_with_acute_onveiligheid_is_to_be_done_now(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    hold_clock(monkeypatch, DONDERDAG)
    result = start(tmp_path, dossier_dir, acuut(example_raw))
    entry_id, code = result["id"], code_of(result["id"])
    document, markdown = stored(dossier_dir, entry_id)
    assert document["besluit"]["uitkomst"] == "melden"
    # A decision is not a melding: no call-back date yet.
    assert document["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None
    assert (
        "- Nu melden bij Veilig Thuis: 0800-2000 (gratis, dag en nacht bereikbaar). Bij direct"
        " gevaar: bel 112.\n- Bij de melding geef ik mijn contactgegevens.\n- De cliënt"
        " vertellen over de melding, tenzij" in markdown
    )
    assert "uiterlijk" not in markdown and "vandaag" not in markdown
    assert open_items(dossier_dir) == [
        {
            "id": entry_id,
            "referentie": "VB-2026-017",
            "soort": "nu_melden",
            "op": "2026-12-03",
            "status": "vandaag",
            "wat": NU_MELDEN,
            "melding": "besloten",
            "opdracht": f"meldcode vervolg {code}",
        }
    ]
    row = listed(dossier_dir)[entry_id]
    assert row["melding"] == "besloten"
    assert row["open_vervolg"] == {
        "soort": "nu_melden",
        "op": "2026-12-03",
        "status": "vandaag",
        "wat": NU_MELDEN,
    }
    assert "nu melden" in list_text(dossier_dir) and "VT belt" not in list_text(dossier_dir)
    blad = sheet(dossier_dir, code)
    assert blad["melding"] == {
        "stand": "besloten",
        "gemeld_op": None,
        "terugbellen_uiterlijk": None,
        "volgens": entry_id,
        "regels": [
            "Besloten te melden; de melding is nog niet vastgelegd als gedaan.",
            "Nu melden: acute onveiligheid. Bel 112 bij direct gevaar.",
        ],
    }
    # The day after, still not recorded as made: late, and first on the list.
    hold_clock(monkeypatch, VRIJDAG)
    [item] = open_items(dossier_dir)
    assert (item["soort"], item["status"]) == ("nu_melden", "te laat")


def test_melden_without_acute_onveiligheid(tmp_path, dossier_dir, example_raw, monkeypatch):
    hold_clock(monkeypatch, DONDERDAG)
    result = start(tmp_path, dossier_dir, geen_hulp(example_raw))
    entry_id, code = result["id"], code_of(result["id"])
    document, markdown = stored(dossier_dir, entry_id)
    assert document["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None
    assert "- Melden bij Veilig Thuis: 0800-2000 (gratis, dag en nacht bereikbaar)." in markdown
    assert "112" not in markdown.split("## Vervolg")[1]
    # The client was told already (melding.betrokkenen_geinformeerd: ja): not asked to.
    assert "De cliënt vertellen over de melding" not in markdown
    assert (
        "- De melding vastleggen zodra die gedaan is (meldcode vervolg). Veilig Thuis neemt"
        " binnen vijf werkdagen na de melding contact op." in markdown
    )
    [item] = open_items(dossier_dir)
    assert (item["soort"], item["op"], item["status"], item["wat"]) == (
        "melding_doen",
        "2026-12-03",
        "vandaag",
        MELDEN,
    )
    assert listed(dossier_dir)[entry_id]["open_vervolg"]["soort"] == "melding_doen"
    assert sheet(dossier_dir, code)["melding"]["regels"] == [
        "Besloten te melden; de melding is nog niet vastgelegd als gedaan."
    ]
    hold_clock(monkeypatch, VRIJDAG)
    [item] = open_items(dossier_dir)
    assert item["status"] == "te laat"
    assert item["wat"] == (
        "Besloten te melden, maar de melding is niet vastgelegd: meld bij Veilig Thuis"
        " (0800-2000), of leg de gedane melding vast."
    )


# --------------------------------------------------------------------------- made


GEMELD = {
    "versie": 2,
    "veilig_thuis": {
        "melding_gedaan": "ja",
        "melding_datum": "2026-12-03",
        "melding_tijd": "09:30",
        "contact": "nee",
    },
}


def made(tmp_path, dossier_dir, example_raw, monkeypatch) -> tuple[str, str]:
    """A melding decided and made on Thursday 03-12-2026; Veilig Thuis has not called."""
    hold_clock(monkeypatch, DONDERDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    run = vervolg(tmp_path, dossier_dir, code_of(decided), GEMELD, "gemeld.yaml")
    assert run.code == 0, run.output
    return decided, json.loads(run.stdout)["id"]


def test_a_made_melding_waits_for_the_call_back(tmp_path, dossier_dir, example_raw, monkeypatch):
    decided, waiting = made(tmp_path, dossier_dir, example_raw, monkeypatch)
    document, markdown = stored(dossier_dir, waiting)
    assert document["besluit"]["uitkomst"] == "wacht_op_veilig_thuis"
    assert document["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] == "2026-12-10"
    assert "uiterlijk op 10-12-2026" in markdown
    assert open_items(dossier_dir) == []  # nothing due on the day of the melding
    [item] = open_items(dossier_dir, "--alle")
    assert (item["id"], item["soort"], item["op"], item["status"], item["wat"]) == (
        waiting,
        "terugbellen",
        "2026-12-10",
        "gepland",
        "Veilig Thuis belt terug (uiterlijk)",
    )
    rows = listed(dossier_dir)
    assert rows[decided]["open_vervolg"] is None  # followed: the decision is done with
    assert (rows[decided]["melding"], rows[waiting]["melding"]) == ("besloten", "gedaan")
    assert "VT belt terug 10-12-2026" in " ".join(list_text(dossier_dir).split())
    assert sheet(dossier_dir, code_of(decided))["melding"] == {
        "stand": "gedaan",
        "gemeld_op": "2026-12-03",
        "terugbellen_uiterlijk": "2026-12-10",
        "volgens": waiting,
        "regels": [
            "Gemeld op 03-12-2026.",
            "Veilig Thuis neemt uiterlijk op 10-12-2026 contact op.",
        ],
    }


def test_the_call_back_counts_working_days_not_days(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    """A melding made today, on Wednesday 23-12-2026. Counted by hand (Algemene
    termijnenwet): Thu 24, [Fri 25 and Sat 26 Kerstdagen, Sun 27], Mon 28, Tue 29, Wed 30,
    Thu 31 -> 31-12-2026. Seven calendar days would say 30-12-2026."""
    hold_clock(monkeypatch, date(2026, 12, 23))
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    gemeld = json.loads(json.dumps(GEMELD))
    gemeld["veilig_thuis"]["melding_datum"] = "2026-12-23"
    run = vervolg(tmp_path, dossier_dir, code_of(decided), gemeld, "gemeld.yaml")
    assert run.code == 0, run.output
    document, markdown = stored(dossier_dir, json.loads(run.stdout)["id"])
    assert document["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] == "2026-12-31"
    assert "uiterlijk op 31-12-2026" in markdown


def test_a_call_back_that_has_passed_says_what_to_do(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    decided, waiting = made(tmp_path, dossier_dir, example_raw, monkeypatch)
    hold_clock(monkeypatch, DAARNA)
    [item] = open_items(dossier_dir)
    assert (item["id"], item["op"], item["status"]) == (waiting, "2026-12-10", "te laat")
    assert item["wat"] == (
        "Veilig Thuis nam niet binnen vijf werkdagen contact op (geen contact vastgelegd):"
        " bel zelf Veilig Thuis (0800-2000), en leg het contact vast."
    )
    assert "VT belde niet terug 10-12-2026 (te laat)" in " ".join(list_text(dossier_dir).split())
    assert sheet(dossier_dir, code_of(decided))["melding"]["regels"] == [
        "Gemeld op 03-12-2026.",
        "Veilig Thuis nam niet uiterlijk op 10-12-2026 contact op (geen contact vastgelegd):"
        " bel zelf Veilig Thuis (0800-2000).",
    ]
    # Veilig Thuis calls: the melding recorded before is not asked again, and it stays.
    contact = {
        "versie": 2,
        "veilig_thuis": {
            "contact": "ja",
            "contact_datum": "2026-12-11",
            "oordeel": "TEST: structureel onveilig",
            "zicht_op_veiligheid": "veilig_thuis",
            "afwegingen": {"3": {"antwoord": "nee", "toelichting": "TEST"}},
        },
    }
    run = vervolg(tmp_path, dossier_dir, code_of(waiting), contact, "contact.yaml")
    assert run.code == 0, run.output
    called = json.loads(run.stdout)["id"]
    document, _ = stored(dossier_dir, called)
    veilig_thuis = document["antwoorden"]["veilig_thuis"]
    assert (veilig_thuis["melding_datum"], veilig_thuis["melding_tijd"]) == ("2026-12-03", "09:30")
    assert not any("ik blijf betrokken" in reden for reden in document["besluit"]["redenen"])
    assert open_items(dossier_dir, "--alle") == []
    assert listed(dossier_dir)[called]["melding"] == "teruggebeld"
    assert sheet(dossier_dir, code_of(decided))["melding"]["regels"] == [
        "Gemeld op 03-12-2026.",
        "Veilig Thuis heeft contact opgenomen; de afspraken zijn vastgelegd.",
    ]


def test_a_melding_already_recorded_is_shown_not_asked(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    _, waiting = made(tmp_path, dossier_dir, example_raw, monkeypatch)
    hold_clock(monkeypatch, DAARNA)
    args = ["vervolg", code_of(waiting), "--interactive", "--dossier-dir", str(dossier_dir)]
    # The first question is whether Veilig Thuis took contact ("Nee": the second choice);
    # had "melding gedaan?" been asked again, these keys would not fit.
    run = invoke([*args, "--dry-run", "--json"], pick(1) + pick(0))  # then: save
    assert run.code == 0, run.output
    assert (
        f"De melding is gedaan op 03-12-2026 om 09:30, zoals vastgelegd in dossierstuk {waiting}."
        in " ".join(run.stderr.split())
    )
    assert json.loads(run.stdout)["uitkomst"] == "wacht_op_veilig_thuis"


# --------------------------------------------------------------------------- dates


def test_a_melding_before_the_decision_is_refused_in_a_file(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    hold_clock(monkeypatch, VRIJDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    data = json.loads(json.dumps(GEMELD))
    data["veilig_thuis"]["melding_datum"] = "2026-12-03"  # the day before the decision
    run = vervolg(tmp_path, dossier_dir, code_of(decided), data, "te-vroeg.yaml")
    assert run.code == 2
    assert (
        "veilig_thuis.melding_datum (regel 4): 03-12-2026 ligt vóór het dossierstuk waar dit"
        " een vervolg op is (04-12-2026); controleer de datum." in " ".join(run.stderr.split())
    )
    assert len(entries(dossier_dir)) == 1  # nothing written


def test_a_melding_before_the_decision_is_refused_at_the_prompt(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    hold_clock(monkeypatch, VRIJDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    args = ["vervolg", code_of(decided), "--interactive", "--dossier-dir", str(dossier_dir)]
    # Melding gedaan: Ja; 03-12-2026 is refused under the question, 04-12-2026 accepted
    # (Backspace clears the refused text); no time; no contact yet.
    keys = pick(0) + line("03-12-2026") + line("\x7f" * 10 + "04-12-2026") + ENTER + pick(1)
    run = invoke([*args, "--json"], keys + pick(0))  # and save at the review
    assert run.code == 0, run.output
    document, _ = stored(dossier_dir, json.loads(run.stdout)["id"])
    assert document["antwoorden"]["veilig_thuis"]["melding_datum"] == "2026-12-04"


def test_contact_before_the_entry_that_waited_for_it_is_refused(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    """Recorded on Friday: no contact yet. A contact on Thursday contradicts it."""
    hold_clock(monkeypatch, DONDERDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    hold_clock(monkeypatch, VRIJDAG)
    run = vervolg(tmp_path, dossier_dir, code_of(decided), GEMELD, "gemeld.yaml")
    assert run.code == 0, run.output
    waiting = json.loads(run.stdout)["id"]
    data = {
        "versie": 2,
        "veilig_thuis": {
            "contact": "ja",
            "contact_datum": "2026-12-03",
            "oordeel": "TEST",
            "zicht_op_veiligheid": "veilig_thuis",
        },
    }
    hold_clock(monkeypatch, DAARNA)
    run = vervolg(tmp_path, dossier_dir, code_of(waiting), data, "contact.yaml")
    assert run.code == 2
    assert (
        "veilig_thuis.contact_datum (regel 4): 03-12-2026 ligt vóór het dossierstuk waar dit"
        " een vervolg op is (04-12-2026); controleer de datum." in " ".join(run.stderr.split())
    )
    keys = pick(0) + line("03-12-2026") + line("\x7f" * 10 + "04-12-2026")
    args = ["vervolg", code_of(waiting), "--interactive", "--dossier-dir", str(dossier_dir)]
    # Contact: Ja; the date is refused at the prompt, then the rest (oordeel, zicht op
    # veiligheid, the optional afspraken, afweging 3 nee with its toelichting).
    keys += line("TEST") + pick(0) + ENTER * 6 + pick(2) + line("TEST")  # afweging 3: nee
    run = invoke([*args, "--json"], keys + pick(0))  # and save at the review
    assert run.code == 0, run.output
    document, _ = stored(dossier_dir, json.loads(run.stdout)["id"])
    assert document["antwoorden"]["veilig_thuis"]["contact_datum"] == "2026-12-04"


# --------------------------------------------------------------------------- evaluation


EVALUATIE_NEE = {
    "versie": 2,
    "evaluatie": {
        "datum": "2027-01-15",
        "antwoord": "nee",
        "toelichting": "TEST: de ruzies gaan door",
    },
    "melding": MELDING,
}


def test_an_evaluation_that_ends_in_opnieuw_melden(tmp_path, dossier_dir, example_raw, monkeypatch):
    hold_clock(monkeypatch, date(2026, 11, 23))
    helped = start(tmp_path, dossier_dir, example_raw)["id"]  # hulp bieden, 15-01-2027
    hold_clock(monkeypatch, date(2027, 1, 15))
    run = vervolg(tmp_path, dossier_dir, code_of(helped), EVALUATIE_NEE, "evaluatie.yaml")
    assert run.code == 0, run.output
    evaluated = json.loads(run.stdout)["id"]
    document, markdown = stored(dossier_dir, evaluated)
    assert document["besluit"]["uitkomst"] == "opnieuw_melden"
    # Only what was answered: afweging 5 nee, not "de onveiligheid stopt niet".
    assert document["besluit"]["redenen"][-1] == (
        "Afweging 5: nee — (Opnieuw) melden bij Veilig Thuis."
    )
    assert not any("stopt" in reden for reden in document["besluit"]["redenen"])
    assert document["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None
    [item] = open_items(dossier_dir)
    assert (item["id"], item["soort"], item["op"], item["status"]) == (
        evaluated,
        "melding_doen",
        "2027-01-15",
        "vandaag",
    )
    assert listed(dossier_dir)[evaluated]["melding"] == "besloten"
    assert sheet(dossier_dir, code_of(evaluated))["melding"]["stand"] == "besloten"
    assert "- Melden bij Veilig Thuis: 0800-2000" in markdown


def test_an_evaluation_before_the_entry_it_follows_is_refused(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    hold_clock(monkeypatch, date(2026, 11, 23))
    helped = start(tmp_path, dossier_dir, example_raw)["id"]
    data = json.loads(json.dumps(EVALUATIE_NEE))
    data["evaluatie"]["datum"] = "2026-11-22"
    run = vervolg(tmp_path, dossier_dir, code_of(helped), data, "te-vroeg.yaml")
    assert run.code == 2
    assert (
        "evaluatie.datum (regel 3): 22-11-2026 ligt vóór het dossierstuk waar dit een vervolg"
        " op is (23-11-2026); controleer de datum." in " ".join(run.stderr.split())
    )
    # At the prompt: refused there and then; the same day is accepted.
    args = ["vervolg", code_of(helped), "--interactive", "--dossier-dir", str(dossier_dir)]
    keys = line("\x7f" * 10 + "22-11-2026") + line("\x7f" * 10 + "23-11-2026")
    keys += pick(1) + line("TEST: rust") + line("TEST: afspraken")  # afweging 5: ja
    run = invoke([*args, "--json"], keys + pick(0))  # and save at the review
    assert run.code == 0, run.output
    document, _ = stored(dossier_dir, json.loads(run.stdout)["id"])
    assert document["antwoorden"]["evaluatie"]["datum"] == "2026-11-23"


# --------------------------------------------------------------------------- stap 2


def test_a_melding_in_stap_2_followed_by_help(tmp_path, dossier_dir, example_raw, monkeypatch):
    hold_clock(monkeypatch, date(2026, 11, 23))
    example_raw["overleg"]["veilig_thuis"]["uitkomst"] = "melding_in_ontvangst"  # on 21-11
    result = start(tmp_path, dossier_dir, example_raw)
    entry_id, code = result["id"], code_of(result["id"])
    document, markdown = stored(dossier_dir, entry_id)
    assert document["besluit"]["uitkomst"] == "hulp_bieden"
    assert document["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] == "2026-11-27"
    assert "De melding is op 21-11-2026 gedaan" in markdown
    assert [(i["soort"], i["op"], i["status"]) for i in open_items(dossier_dir, "--alle")] == [
        ("terugbellen", "2026-11-27", "gepland"),
        ("evaluatie", "2027-01-15", "gepland"),
    ]
    row = listed(dossier_dir)[entry_id]
    assert row["melding"] == "gedaan"
    assert row["open_vervolg"]["soort"] == "terugbellen"  # the most pressing first
    assert sheet(dossier_dir, code)["melding"]["regels"] == [
        "Gemeld op 21-11-2026.",
        "Veilig Thuis neemt uiterlijk op 27-11-2026 contact op.",
    ]


@pytest.mark.parametrize("day", [date(2026, 12, 1), date(2026, 12, 31), date(2027, 2, 28)])
def test_an_entry_of_an_earlier_version_with_a_call_back_for_a_decision(
    dossier_dir, example_raw, monkeypatch, day
):
    """Entries written before this version stored a call-back date for a melding that was
    only decided. Read now, the melding is what it is: decided, to be made."""
    import shutil
    from datetime import datetime, time

    from tests.dossier.helpers import make_entry

    hold_clock(monkeypatch, day)
    raw = geen_hulp(example_raw)
    made_at = datetime.combine(date(2026, 11, 23), time(10)).astimezone()
    written = make_entry(dossier_dir, raw, made_at)
    document = json.loads(written.json.read_text(encoding="utf-8"))
    assert document["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None
    # As 0.x wrote it (a date five working days after the decision), signed alike: the
    # reader must not take it for a melding that was made.
    old = dossier_dir / "oud"
    old.mkdir(mode=0o700)
    document["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] = "2026-11-30"
    shutil.copy2(written.json, old / written.json.name)  # a private file, as meldcode made it
    (old / written.json.name).write_text(json.dumps(document), encoding="utf-8")
    shutil.copy2(written.markdown, old / written.markdown.name)
    [item] = open_items(old)
    assert (item["soort"], item["op"], item["melding"]) == (
        "melding_doen",
        "2026-11-23",
        "besloten",
    )
