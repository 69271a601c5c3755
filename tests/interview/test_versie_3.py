"""Answers files of version 3 ask nothing that does not apply; files of version 2 keep
working as they were (issue 21, human speed; "Entries and answers files written by
earlier versions keep working")."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from meldcode_cli.protocol.validate import validate
from tests.conftest import TODAY, as_version_2

ACUUT = {
    "antwoord": "ja",
    "acute_onveiligheid": "ja",
    "structurele_onveiligheid": "nee",
    "toelichting": "TEST: vader dreigt",
}


def melden(raw: dict[str, Any], versie: int, disclosure: str | None) -> dict[str, Any]:
    data = as_version_2(raw)
    data["versie"] = versie
    twee = dict(ACUUT)
    if disclosure is not None:
        twee["disclosure"] = disclosure
    data["afwegingen"] = {"1": data["afwegingen"][1], "2": twee}
    data["melding"] = {
        "actuele_onveiligheid": "TEST",
        "eigen_mogelijkheden": "TEST",
        "zicht_op_veiligheid": "overnemen",
        "betrokkenen_geinformeerd": "nee",
        "waarom_niet_geinformeerd": "TEST",
    }
    return data


def problems_of(data: dict[str, Any]) -> list[str]:
    _, problems = validate(copy.deepcopy(data), TODAY, with_version=True)
    return [str(p) for p in problems]


def test_version_2_asked_disclosure_also_after_afweging_2_ja(example_raw):
    assert problems_of(melden(example_raw, 2, "nee")) == []
    assert problems_of(melden(example_raw, 2, None)) == [
        "afwegingen.2.disclosure: ontbreekt: Los van afweging 2: heeft iemand zichzelf bij je"
        " gemeld (disclosure)?"
    ]


def test_version_3_asks_disclosure_only_after_afweging_2_nee(example_raw):
    assert problems_of(melden(example_raw, 3, None)) == []
    assert problems_of(melden(example_raw, 3, "nee")) == [
        "afwegingen.2.disclosure: deze vraag wordt niet gesteld, omdat afwegingen.2.antwoord"
        " 'ja' is (alleen bij 'nee'). Laat dit antwoord weg."
    ]


@pytest.mark.parametrize("versie", [2, 3])
def test_how_risk_factors_lead_to_unsafety_needs_risk_factors_from_version_3(example_raw, versie):
    data = as_version_2(example_raw)
    data["versie"] = versie
    data.pop("risicofactoren", None)
    data["risicofactoren_nu"] = "TEST: als vader drinkt"
    expected = (
        []
        if versie == 2
        else [
            "risicofactoren_nu: deze vraag wordt alleen gesteld als risicofactoren is"
            " ingevuld. Laat dit antwoord weg, of vul ook dat in."
        ]
    )
    assert problems_of(data) == expected
    data["risicofactoren"] = "TEST: vader is werkloos"
    assert problems_of(data) == []
