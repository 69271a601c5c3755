"""Every path through the afwegingskader: the outcome code and its reasons."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from meldcode_cli.protocol.afwegingskader import (
    AFWEGINGEN,
    OnvolledigeAfweging,
    Uitkomst,
    antwoord_afweging_2,
    besluit,
)


def a2(acute: str = "nee", structureel: str = "nee", disclosure: str = "nee") -> dict[str, Any]:
    part = {
        "acute_onveiligheid": acute,
        "structurele_onveiligheid": structureel,
        "disclosure": disclosure,
    }
    return {**part, "antwoord": antwoord_afweging_2(part), "toelichting": "t"}


def ans(nummer_antwoord: str) -> dict[str, str]:
    return {"antwoord": nummer_antwoord, "toelichting": "t"}


EVAL = date(2027, 1, 15)

PATHS: list[tuple[str, dict[str, Any], Uitkomst, int]] = [
    ("1 nee", {"1": ans("nee")}, Uitkomst.AFSLUITEN, 1),
    ("2 ja: acute", {"1": ans("ja"), "2": a2(acute="ja")}, Uitkomst.MELDEN, 2),
    ("2 ja: structureel", {"1": ans("ja"), "2": a2(structureel="ja")}, Uitkomst.MELDEN, 2),
    ("2 ja: disclosure", {"1": ans("ja"), "2": a2(disclosure="ja")}, Uitkomst.MELDEN, 2),
    ("2 ja: alle drie", {"1": ans("ja"), "2": a2("ja", "ja", "ja")}, Uitkomst.MELDEN, 2),
    ("3 nee", {"1": ans("ja"), "2": a2(), "3": ans("nee")}, Uitkomst.MELDEN, 3),
    ("4 nee", {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("nee")}, Uitkomst.MELDEN, 4),
    (
        "5 open",
        {
            "1": ans("ja"),
            "2": a2(),
            "3": ans("ja"),
            "4": ans("ja"),
            "5": {"antwoord": "open", "evaluatie_op": EVAL},
        },
        Uitkomst.HULP_BIEDEN,
        4,
    ),
    (
        "5 ja",
        {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("ja"), "5": ans("ja")},
        Uitkomst.HULP_AFSLUITEN,
        5,
    ),
    (
        "5 nee",
        {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("ja"), "5": ans("nee")},
        Uitkomst.OPNIEUW_MELDEN,
        5,
    ),
]


@pytest.mark.parametrize(
    ("naam", "afwegingen", "uitkomst", "laatste"), PATHS, ids=[p[0] for p in PATHS]
)
def test_every_path_gives_its_outcome(naam, afwegingen, uitkomst, laatste):
    result = besluit({"afwegingen": afwegingen})
    assert result.uitkomst is uitkomst
    assert result.laatste_afweging == laatste
    assert result.redenen[0].startswith("Afweging 1:")


def test_2_ja_means_walking_3_to_5_with_veilig_thuis():
    result = besluit({"afwegingen": {"1": ans("ja"), "2": a2(acute="ja")}})
    assert result.samen_met_veilig_thuis
    assert any("acute onveiligheid" in r for r in result.redenen)


def test_disclosure_is_named_as_reason():
    result = besluit({"afwegingen": {"1": ans("ja"), "2": a2(disclosure="ja")}})
    assert any("disclosure" in r for r in result.redenen)
    assert not any("acute onveiligheid: direct" in r for r in result.redenen)


def test_hulp_bieden_carries_the_evaluation_date():
    afwegingen = PATHS[7][1]
    assert besluit({"afwegingen": afwegingen}).evaluatie_op == EVAL


def test_melden_outcomes_are_marked_as_melden():
    assert besluit({"afwegingen": PATHS[5][1]}).melden
    assert besluit({"afwegingen": PATHS[9][1]}).melden
    assert not besluit({"afwegingen": PATHS[8][1]}).melden


@pytest.mark.parametrize(
    "afwegingen",
    [
        {},
        {"1": ans("ja")},
        {"1": ans("ja"), "2": a2(), "3": ans("ja")},
        {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("ja"), "5": {"antwoord": "open"}},
    ],
)
def test_incomplete_afwegingen_are_refused(afwegingen):
    with pytest.raises(OnvolledigeAfweging):
        besluit({"afwegingen": afwegingen})


def test_antwoord_2_is_undecided_until_all_three_are_known():
    assert antwoord_afweging_2({"acute_onveiligheid": "nee"}) is None
    assert antwoord_afweging_2({"acute_onveiligheid": "ja"}) == "ja"
    assert (
        antwoord_afweging_2(
            {"acute_onveiligheid": "nee", "structurele_onveiligheid": "nee", "disclosure": "nee"}
        )
        == "nee"
    )


def test_gesprek_not_held_without_exception_warns_at_melden():
    gesprek = {"gevoerd": "nee", "reden": "nog_niet", "toelichting": "t"}
    answers: dict[str, Any] = {
        "gesprek": gesprek,
        "afwegingen": {"1": ans("ja"), "2": a2(acute="ja")},
    }
    assert besluit(answers).waarschuwingen
    gesprek["reden"] = "veiligheid"
    assert not besluit(answers).waarschuwingen


# The official wording (seed 001, November 2018), as in shared/docs/meldcode.md.
OFFICIAL = [
    (
        "Heb ik op basis van de stappen 1 t/m 4 van de meldcode een vermoeden van (dreiging van)"
        " huiselijk geweld en/of kindermishandeling?",
        "Afsluiten en vastleggen in dossier.",
        "Ga verder met afweging 2.",
    ),
    (
        "Schat ik op basis van de stappen 1 t/m 4 van de meldcode in dat er sprake is van (een"
        " vermoeden van) acute onveiligheid en/of structurele onveiligheid?",
        "Ga verder met afweging 3.",
        "Melden bij Veilig Thuis. De afwegingen 3 t/m 5 worden samen met Veilig Thuis doorlopen.",
    ),
    (
        "Ben ik in staat effectieve hulp te bieden of te organiseren om dreiging van (toekomstig)"
        " huiselijk geweld en/of kindermishandeling af te wenden?",
        "Melden bij Veilig Thuis.",
        "Ga verder met afweging 4.",
    ),
    (
        "Aanvaarden de direct betrokkenen hulp om dreiging van (toekomstig) huiselijk geweld en/of"
        " kindermishandeling af te wenden en zijn zij in staat zich hiervoor in te zetten?",
        "Melden bij Veilig Thuis.",
        "Hulp bieden of organiseren, ga verder met afweging 5.",
    ),
    (
        "Leidt deze hulp binnen de gewenste termijn tot stabiele veiligheid en/of het welzijn"
        " (herstel) van alle direct betrokkenen?",
        "(Opnieuw) melden bij Veilig Thuis.",
        "Hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
        " betrokkenen en samenwerkingspartners.",
    ),
]


@pytest.mark.parametrize("nummer", [1, 2, 3, 4, 5])
def test_wording_is_the_official_text(nummer):
    vraag, nee, ja = OFFICIAL[nummer - 1]
    kader = AFWEGINGEN[nummer - 1]
    assert (kader.nummer, kader.vraag, kader.nee, kader.ja) == (nummer, vraag, nee, ja)
