"""The case as a value (``dossier.case``): read once, each entry checked, in chain order,
with its kind, kader, dates, and where the melding stands. Logic tests: the entries are
written through the real program, then the value is read and asserted on directly.

The dates are counted by hand from seed 004 ("binnen vijf werkdagen"), as in
``tests/cli/test_case_story.py``: a melding made on Thursday 03-12-2026 is called back
by Thursday 10-12-2026; one made in stap 2 on Saturday 21-11-2026 by Friday 27-11-2026.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from meldcode_cli.dossier.case import Case, StoredEntry, UnknownKader, read_case, read_entry
from meldcode_cli.dossier.reader import scan
from meldcode_cli.dossier.store import Dossier
from meldcode_cli.errors import DossierError
from meldcode_cli.protocol.casus import ItemKind, MeldingStand
from meldcode_cli.protocol.kaders import BEFORE_KADERS_WERE_RECORDED, kader_named
from meldcode_cli.protocol.uitkomsten import Soort
from tests.cli.test_case_story import (
    DONDERDAG,
    EVALUATIE_NEE,
    GEMELD,
    code_of,
    geen_hulp,
    start,
    vervolg,
)
from tests.conftest import hold_clock
from tests.dossier.helpers import resign, spoil_signature

DOING = "als basis voor een test gebruiken"


@pytest.fixture
def example_raw() -> dict[str, Any]:
    import yaml

    from tests.conftest import FROZEN_EXAMPLE

    data: dict[str, Any] = yaml.safe_load(FROZEN_EXAMPLE.read_text(encoding="utf-8"))
    return data


def case_at(dossier_dir: Path, entry_id: str) -> Case:
    result = scan(Dossier(dossier_dir))
    [entry] = [e for e in result.entries if e.id == entry_id]
    return read_case(result, entry, DOING)


def test_a_decided_melding_is_not_a_made_one(tmp_path, dossier_dir, example_raw, monkeypatch):
    hold_clock(monkeypatch, DONDERDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    case = case_at(dossier_dir, decided)
    assert [e.id for e in case.entries] == [decided]
    assert case.referentie == example_raw["casus"]["referentie"]
    assert case.last.soort is Soort.START
    assert case.last.day == date(2026, 12, 3)
    assert case.kader.id == "verbeterde-meldcode-2018-11"
    melding = case.melding()
    assert melding is not None
    assert (melding.stand, melding.gemaakt_in, melding.gemeld_op) == (
        MeldingStand.BESLOTEN,
        None,
        None,
    )
    assert case.open_items() == [(ItemKind.MELDING_DOEN, date(2026, 12, 3))]
    assert case.last.terugbellen is None  # no call-back for a melding nobody made


def test_a_made_melding_is_read_from_the_entry_that_made_it(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    hold_clock(monkeypatch, DONDERDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    run = vervolg(tmp_path, dossier_dir, code_of(decided), GEMELD, "gemeld.yaml")
    assert run.code == 0, run.output
    waiting = json.loads(run.stdout)["id"]
    case = case_at(dossier_dir, waiting)
    assert [e.id for e in case.entries] == [decided, waiting]  # chain order, oldest first
    assert [e.soort for e in case.entries] == [Soort.START, Soort.VEILIG_THUIS]
    melding = case.melding()
    assert melding is not None
    assert melding.stand is MeldingStand.GEDAAN
    assert melding.gemaakt_in is not None and melding.gemaakt_in.id == waiting
    assert (melding.gemeld_op, melding.tijd) == (date(2026, 12, 3), "09:30")
    assert not melding.gemaakt_in.melding_in_stap_2
    assert case.open_items() == [(ItemKind.TERUGBELLEN, date(2026, 12, 10))]
    # As it stood at the decision: the same value, one entry long.
    at_decision = case_at(dossier_dir, decided).melding()
    assert at_decision is not None and at_decision.stand is MeldingStand.BESLOTEN


def test_a_melding_in_stap_2(tmp_path, dossier_dir, example_raw, monkeypatch):
    hold_clock(monkeypatch, date(2026, 11, 23))
    example_raw["overleg"]["veilig_thuis"]["uitkomst"] = "melding_in_ontvangst"  # on 21-11
    entry_id = start(tmp_path, dossier_dir, example_raw)["id"]
    case = case_at(dossier_dir, entry_id)
    melding = case.melding()
    assert melding is not None and melding.gemaakt_in is not None
    assert melding.gemaakt_in.melding_in_stap_2
    assert (melding.stand, melding.gemeld_op) == (MeldingStand.GEDAAN, date(2026, 11, 21))
    assert case.open_items() == [
        (ItemKind.TERUGBELLEN, date(2026, 11, 27)),
        (ItemKind.EVALUATIE, date(2027, 1, 15)),
    ]


def test_an_evaluation_reads_the_afwegingen_of_the_run(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    hold_clock(monkeypatch, date(2026, 11, 23))
    helped = start(tmp_path, dossier_dir, example_raw)["id"]
    case = case_at(dossier_dir, helped)
    assert case.run() is case.last
    assert case.melding() is None  # hulp bieden: no melding in it
    assert case.open_items() == [(ItemKind.EVALUATIE, date(2027, 1, 15))]
    afwegingen = case.afwegingen_tot_4()
    assert sorted(afwegingen) == ["1", "2", "3", "4", "5"]
    assert [afwegingen[n]["antwoord"] for n in "1234"] == ["ja", "nee", "ja", "ja"]

    hold_clock(monkeypatch, date(2027, 1, 15))
    run = vervolg(tmp_path, dossier_dir, code_of(helped), EVALUATIE_NEE, "evaluatie.yaml")
    assert run.code == 0, run.output
    evaluated = json.loads(run.stdout)["id"]
    case = case_at(dossier_dir, evaluated)
    assert [e.soort for e in case.entries] == [Soort.START, Soort.EVALUATIE]
    assert case.run() is case.entries[0]
    assert case.afwegingen_tot_4() == afwegingen  # the evaluation holds none of its own
    melding = case.melding()
    assert melding is not None
    # Opnieuw melden: decided anew, not made; no earlier melding is taken for it.
    assert (melding.stand, melding.gemaakt_in) == (MeldingStand.BESLOTEN, None)
    assert case.open_items() == [(ItemKind.MELDING_DOEN, date(2027, 1, 15))]


def test_an_earlier_entry_that_is_not_sound_stops_the_case(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    hold_clock(monkeypatch, date(2026, 11, 23))
    helped = start(tmp_path, dossier_dir, example_raw)["id"]
    hold_clock(monkeypatch, date(2027, 1, 15))
    run = vervolg(tmp_path, dossier_dir, code_of(helped), EVALUATIE_NEE, "evaluatie.yaml")
    evaluated = json.loads(run.stdout)["id"]
    spoil_signature(dossier_dir / f"{helped}.json")
    with pytest.raises(DossierError) as caught:
        case_at(dossier_dir, evaluated)
    assert f"Dossierstuk {helped} is niet in orde" in caught.value.message
    assert f"Daarom ga ik het niet {DOING}." in caught.value.message


def test_the_entry_is_read_as_checked_not_as_the_index_says(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    """What the value holds comes from the document that was checked."""
    hold_clock(monkeypatch, DONDERDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    result = scan(Dossier(dossier_dir))
    [summary] = result.entries
    stored = read_entry(result, summary._replace(uitkomst="afsluiten"), DOING)
    assert isinstance(stored, StoredEntry)
    assert stored.uitkomst == "melden"
    assert stored.id == decided


def test_one_policy_for_the_kader(tmp_path, dossier_dir, example_raw, monkeypatch):
    # An entry that names no kader was made by meldcode 0.1, which knew only 2018's.
    assert kader_named({}) is BEFORE_KADERS_WERE_RECORDED
    assert BEFORE_KADERS_WERE_RECORDED.id == "verbeterde-meldcode-2018-11"
    for foreign in ({"id": "onbekend-kader"}, {"id": 7}, "verbeterde-meldcode-2018-11", None):
        assert kader_named({"kader": foreign}) is None
    # Read from the dossier: an unknown kader is refused, never reworded with another.
    hold_clock(monkeypatch, DONDERDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    path = dossier_dir / f"{decided}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["kader"]["id"] = "onbekend-kader"
    resign(path, document)  # as the key holder could: only the kader is strange
    with pytest.raises(UnknownKader) as caught:
        case_at(dossier_dir, decided)
    assert "afwegingskader dat deze versie van meldcode niet kent (onbekend-kader)" in (
        caught.value.message
    )


def test_an_earlier_melding_is_not_the_one_decided_anew(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    """Stap 2: Veilig Thuis took a melding on 21-11-2026, and help followed. The
    evaluation of 15-01-2027 ends in opnieuw melden: that melding is decided, not made,
    and the follow-up asks for it instead of taking the melding of stap 2 for it."""
    from meldcode_cli.interview.session import follow_up

    hold_clock(monkeypatch, date(2026, 11, 23))
    example_raw["overleg"]["veilig_thuis"]["uitkomst"] = "melding_in_ontvangst"
    helped = start(tmp_path, dossier_dir, example_raw)["id"]
    hold_clock(monkeypatch, date(2027, 1, 15))
    run = vervolg(tmp_path, dossier_dir, code_of(helped), EVALUATIE_NEE, "evaluatie.yaml")
    assert run.code == 0, run.output
    evaluated = json.loads(run.stdout)["id"]
    case = case_at(dossier_dir, evaluated)
    melding = case.melding()
    assert melding is not None
    assert (melding.stand, melding.gemaakt_in, melding.gemeld_op) == (
        MeldingStand.BESLOTEN,
        None,
        None,
    )
    result = scan(Dossier(dossier_dir))
    [summary] = [e for e in result.entries if e.id == evaluated]
    procedure = follow_up(result, summary, opnieuw=False)
    assert procedure.soort is Soort.VEILIG_THUIS
    assert (procedure.initial, procedure.bekend) == ({}, ())  # asked, not taken
    assert procedure.case == {
        "eerder": {"datum": date(2027, 1, 15), "melden_vanaf": date(2027, 1, 15)}
    }


def test_a_melding_recorded_in_the_case_is_known_to_the_follow_up(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    from meldcode_cli.interview.session import follow_up

    hold_clock(monkeypatch, DONDERDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    run = vervolg(tmp_path, dossier_dir, code_of(decided), GEMELD, "gemeld.yaml")
    waiting = json.loads(run.stdout)["id"]
    result = scan(Dossier(dossier_dir))
    [summary] = [e for e in result.entries if e.id == waiting]
    procedure = follow_up(result, summary, opnieuw=False)
    assert procedure.soort is Soort.VEILIG_THUIS
    assert procedure.initial == {
        "veilig_thuis": {
            "melding_gedaan": "ja",
            "melding_datum": date(2026, 12, 3),
            "melding_tijd": "09:30",
        }
    }
    assert procedure.bekend == (
        f"De melding is gedaan op 03-12-2026 om 09:30, zoals vastgelegd in dossierstuk {waiting}.",
    )
    assert procedure.case == {"eerder": {"datum": DONDERDAG, "contact_vanaf": DONDERDAG}}


def test_an_entry_the_scan_did_not_list_is_still_its_own_case(
    tmp_path, dossier_dir, example_raw, monkeypatch
):
    """Never an empty case: the entry asked for is read, whatever the scan holds."""
    from meldcode_cli.dossier.reader import Scan

    hold_clock(monkeypatch, DONDERDAG)
    decided = start(tmp_path, dossier_dir, geen_hulp(example_raw))["id"]
    dossier = Dossier(dossier_dir)
    [summary] = scan(dossier).entries
    case = read_case(Scan(dossier_dir, codec=dossier.codec), summary, DOING)
    assert [e.id for e in case.entries] == [decided]
