"""Logic tests of the melding as an action with states: what the reader takes from a
stored document (any version), and what is open after it. No CLI: the rules alone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from meldcode_cli.dossier.reader import summarise
from meldcode_cli.protocol.casus import ItemKind, MeldingStand, open_items

ID = "20261123-100000-test-stand-a1b2c3"


def document(uitkomst: str, soort: str = "start", **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": ID,
        "soort": soort,
        "datum": "2026-11-23",
        "aangemaakt": "2026-11-23T10:00:00+01:00",
        "referentie": "TEST-STAND",
        "besluit": {"uitkomst": uitkomst, "titel": "TEST"},
        "antwoorden": {},
        "vervolg": {},
    }
    for key, value in extra.items():
        base[key] = value
    return base


def test_a_decision_of_an_earlier_version_keeps_no_call_back():
    """Before this version a decision to report stored a call-back date (five working
    days after the decision). Read now: decided, and no call-back."""
    old = document(
        "melden",
        vervolg={"veilig_thuis_terugbellen_uiterlijk": "2026-11-30"},
        antwoorden={"afwegingen": {"2": {"acute_onveiligheid": "nee"}}},
    )
    summary = summarise(old, ID)
    assert (summary.melding, summary.terugbellen, summary.gemeld_op) == ("besloten", None, None)
    assert summary.acuut is False


@pytest.mark.parametrize(
    ("antwoorden", "acuut"),
    [
        ({"afwegingen": {"2": {"acute_onveiligheid": "ja"}}}, True),
        ({"directe_veiligheid": {"direct_gevaar": "ja"}}, True),
        ({"afwegingen": {"2": {"acute_onveiligheid": "nee"}}}, False),
        ({"afwegingen": ["not", "a", "mapping"]}, False),  # read from disk: any shape
        ({"afwegingen": {"2": {"acute_onveiligheid": True}}}, False),
    ],
)
def test_acute_is_read_from_the_answers_as_recorded(antwoorden, acuut):
    assert summarise(document("melden", antwoorden=antwoorden), ID).acuut is acuut


def test_a_melding_in_stap_2_is_made_and_keeps_its_call_back():
    made = document(
        "hulp_bieden",
        besluit={"uitkomst": "hulp_bieden", "titel": "T", "melding_gedaan_op": "2026-11-21"},
        vervolg={"veilig_thuis_terugbellen_uiterlijk": "2026-11-27", "evaluatie_op": "2027-01-15"},
    )
    summary = summarise(made, ID)
    assert (summary.melding, summary.gemeld_op, summary.terugbellen) == (
        "gedaan",
        "2026-11-21",
        "2026-11-27",
    )


@pytest.mark.parametrize(
    ("uitkomst", "veilig_thuis", "stand", "gemeld_op"),
    [
        ("wacht_op_veilig_thuis", {"melding_gedaan": "ja", "melding_datum": "2026-12-03"}, "gedaan", "2026-12-03"),
        ("veilig_thuis_contact", {"melding_gedaan": "ja", "melding_datum": "2026-12-03"}, "teruggebeld", "2026-12-03"),
        ("hulp_na_melding", {"melding_gedaan": "ja", "melding_datum": "2026-12-03"}, "teruggebeld", "2026-12-03"),
        ("niet_gemeld", {"melding_gedaan": "nee"}, "niet_gemeld", None),
        # A date that is no date, from a file someone changed: no melding is claimed.
        ("wacht_op_veilig_thuis", {"melding_gedaan": "ja", "melding_datum": "gisteren"}, None, None),
    ],
)  # fmt: skip
def test_a_follow_up_on_the_melding(uitkomst, veilig_thuis, stand, gemeld_op):
    followed = document(uitkomst, "veilig_thuis", antwoorden={"veilig_thuis": veilig_thuis})
    summary = summarise(followed, ID)
    assert (summary.melding, summary.gemeld_op) == (stand, gemeld_op)


def test_no_melding_in_a_decision_to_help_or_close():
    for uitkomst in ("afsluiten", "hulp_bieden", "hulp_afsluiten"):
        assert summarise(document(uitkomst), ID).melding is None


DAG = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("stand", "acuut", "terugbellen", "melden_op", "evaluatie_op", "expected"),
    [
        (MeldingStand.BESLOTEN, True, None, None, None, [(ItemKind.NU_MELDEN, DAG)]),
        (MeldingStand.BESLOTEN, False, None, None, None, [(ItemKind.MELDING_DOEN, DAG)]),
        # A call-back date on a decision (an entry of an earlier version) is no call-back.
        (MeldingStand.BESLOTEN, False, date(2026, 12, 10), None, None, [(ItemKind.MELDING_DOEN, DAG)]),
        (MeldingStand.GEDAAN, False, date(2026, 12, 10), None, None, [(ItemKind.TERUGBELLEN, date(2026, 12, 10))]),
        (MeldingStand.TERUGGEBELD, False, None, None, None, []),
        (MeldingStand.NIET_GEMELD, False, None, date(2026, 12, 7), None, [(ItemKind.MELDEN, date(2026, 12, 7))]),
        (MeldingStand.NIET_GEMELD, False, None, None, None, [(ItemKind.MELDEN, DAG)]),
        (MeldingStand.GEDAAN, False, date(2026, 12, 10), None, date(2027, 3, 1), [(ItemKind.TERUGBELLEN, date(2026, 12, 10)), (ItemKind.EVALUATIE, date(2027, 3, 1))]),
        (None, False, None, None, date(2027, 3, 1), [(ItemKind.EVALUATIE, date(2027, 3, 1))]),
        (None, False, None, None, None, []),
    ],
)  # fmt: skip
def test_what_is_open_follows_the_state(
    stand, acuut, terugbellen, melden_op, evaluatie_op, expected
):
    assert (
        open_items(
            day=DAG,
            stand=stand,
            acuut=acuut,
            evaluatie_op=evaluatie_op,
            terugbellen=terugbellen,
            melden_op=melden_op,
        )
        == expected
    )
