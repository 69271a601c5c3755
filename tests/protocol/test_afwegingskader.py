"""Every path through the afwegingskader: the outcome code and its reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from meldcode_cli.protocol.afwegingskader import (
    OnvolledigeAfweging,
    antwoord_afweging_2,
    besluit,
    uitkomst_titel,
)
from meldcode_cli.protocol.kaders import DEFAULT
from meldcode_cli.protocol.procedure import vervolg_for, vervolg_lines
from meldcode_cli.protocol.uitkomsten import Uitkomst


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

# The reasons, written out from seed 001 (the afwegingskader and "Wanneer meld je bij Veilig
# Thuis?"), in the practitioner's own voice. Never computed with the code under test.
EEN_JA = "Afweging 1: ja — Ga verder met afweging 2."
TWEE_JA = (
    "Afweging 2: ja — Melden bij Veilig Thuis. De afwegingen 3 t/m 5 worden samen met"
    " Veilig Thuis doorlopen."
)
TWEE_NEE = "Afweging 2: nee — Ga verder met afweging 3."
DRIE_JA = "Afweging 3: ja — Ga verder met afweging 4."
VIER_JA = "Afweging 4: ja — Hulp bieden of organiseren, ga verder met afweging 5."
ACUUT = "Er is sprake van (een vermoeden van) acute onveiligheid: direct fysiek gevaar."
STRUCTUREEL = (
    "Er is sprake van (een vermoeden van) structurele onveiligheid: herhaling of voortduren"
    " van een onveilige situatie."
)
DISCLOSURE = (
    "Iemand heeft zichzelf bij mij gemeld (disclosure). Volgens de meldcode wordt er gemeld"
    ' "in alle gevallen van (vermoedens van) onveiligheid", ook bij disclosure. Afweging 2'
    " blijft zoals ik die beantwoordde; de afwegingen 3 t/m 5 worden bij de melding samen met"
    " Veilig Thuis doorlopen."
)


@dataclass(frozen=True)
class Pad:
    afwegingen: dict[str, Any]
    uitkomst: Uitkomst
    laatste: int
    redenen: tuple[str, ...]
    samen: bool = False


PADEN: dict[str, Pad] = {
    "1 nee": Pad(
        {"1": ans("nee")},
        Uitkomst.AFSLUITEN,
        1,
        ("Afweging 1: nee — Afsluiten en vastleggen in dossier.",),
    ),
    "2 ja door acute onveiligheid": Pad(
        {"1": ans("ja"), "2": a2(acute="ja")},
        Uitkomst.MELDEN,
        2,
        (EEN_JA, TWEE_JA, ACUUT),
        samen=True,
    ),
    "2 ja door structurele onveiligheid": Pad(
        {"1": ans("ja"), "2": a2(structureel="ja")},
        Uitkomst.MELDEN,
        2,
        (EEN_JA, TWEE_JA, STRUCTUREEL),
        samen=True,
    ),
    "2 ja, en ook disclosure": Pad(
        {"1": ans("ja"), "2": a2("ja", "ja", "ja")},
        Uitkomst.MELDEN,
        2,
        (EEN_JA, TWEE_JA, ACUUT, STRUCTUREEL, "Iemand heeft zichzelf bij mij gemeld (disclosure)."),
        samen=True,
    ),
    "alleen disclosure": Pad(
        {"1": ans("ja"), "2": a2(disclosure="ja")},
        Uitkomst.MELDEN,
        2,
        (EEN_JA, "Afweging 2: nee", DISCLOSURE),
        samen=True,
    ),
    "3 nee": Pad(
        {"1": ans("ja"), "2": a2(), "3": ans("nee")},
        Uitkomst.MELDEN,
        3,
        (
            EEN_JA,
            TWEE_NEE,
            "Afweging 3: nee — Melden bij Veilig Thuis.",
            "Ik kan gelet op mijn competenties, verantwoordelijkheden en professionele grenzen"
            " in onvoldoende mate effectieve hulp bieden of organiseren.",
        ),
    ),
    "4 nee": Pad(
        {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("nee")},
        Uitkomst.MELDEN,
        4,
        (
            EEN_JA,
            TWEE_NEE,
            DRIE_JA,
            "Afweging 4: nee — Melden bij Veilig Thuis.",
            "De direct betrokkenen aanvaarden de hulp niet of zijn niet in staat zich ervoor"
            " in te zetten.",
        ),
    ),
    "5 open": Pad(
        {
            "1": ans("ja"),
            "2": a2(),
            "3": ans("ja"),
            "4": ans("ja"),
            "5": {"antwoord": "open", "evaluatie_op": EVAL},
        },
        Uitkomst.HULP_BIEDEN,
        4,
        (
            EEN_JA,
            TWEE_NEE,
            DRIE_JA,
            VIER_JA,
            "Afweging 5 staat open: na de afgesproken termijn beoordeel ik of de hulp tot"
            " stabiele veiligheid en/of het welzijn (herstel) van alle direct betrokkenen"
            " leidt.",
        ),
    ),
    "5 ja": Pad(
        {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("ja"), "5": ans("ja")},
        Uitkomst.HULP_AFSLUITEN,
        5,
        (
            EEN_JA,
            TWEE_NEE,
            DRIE_JA,
            VIER_JA,
            "Afweging 5: ja — Hulp afsluiten met afspraken over het volgen van toekomstige"
            " (on)veiligheid met betrokkenen en samenwerkingspartners.",
        ),
    ),
    "5 nee": Pad(
        {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("ja"), "5": ans("nee")},
        Uitkomst.OPNIEUW_MELDEN,
        5,
        (
            EEN_JA,
            TWEE_NEE,
            DRIE_JA,
            VIER_JA,
            # Only the answer: nobody said that the unsafety goes on or repeats itself.
            "Afweging 5: nee — (Opnieuw) melden bij Veilig Thuis.",
        ),
    ),
}


@pytest.mark.parametrize("naam", list(PADEN))
def test_every_path_gives_its_outcome_and_reasons(naam):
    pad = PADEN[naam]
    result = besluit({"afwegingen": pad.afwegingen})
    assert result.uitkomst is pad.uitkomst
    assert result.laatste_afweging == pad.laatste
    assert result.redenen == pad.redenen
    assert result.samen_met_veilig_thuis is pad.samen
    assert result.waarschuwingen == ()
    assert result.melding_gedaan_op is None


def test_disclosure_keeps_the_practitioners_own_afweging_2():
    afwegingen = PADEN["alleen disclosure"].afwegingen
    assert afwegingen["2"]["antwoord"] == "nee"  # acute nee, structureel nee
    assert besluit({"afwegingen": afwegingen}).melden


def test_hulp_bieden_carries_the_evaluation_date():
    assert besluit({"afwegingen": PADEN["5 open"].afwegingen}).evaluatie_op == EVAL


def test_the_outcome_titles_are_the_seed_wording():
    assert uitkomst_titel(Uitkomst.HULP_AFSLUITEN, DEFAULT) == (
        "Hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
        " betrokkenen en samenwerkingspartners"
    )
    assert uitkomst_titel(Uitkomst.AFSLUITEN, DEFAULT) == "Afsluiten en vastleggen in dossier"
    assert uitkomst_titel(Uitkomst.OPNIEUW_MELDEN, DEFAULT) == "(Opnieuw) melden bij Veilig Thuis"


@pytest.mark.parametrize(
    "afwegingen",
    [
        {},
        {"1": ans("ja")},
        {"1": ans("ja"), "2": a2(), "3": ans("ja")},
        {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("ja"), "5": {"antwoord": "open"}},
        # No answer to afweging 5 is no 'open': nothing is assumed.
        {"1": ans("ja"), "2": a2(), "3": ans("ja"), "4": ans("ja"), "5": {}},
    ],
)
def test_incomplete_afwegingen_are_refused(afwegingen):
    with pytest.raises(OnvolledigeAfweging):
        besluit({"afwegingen": afwegingen})


def test_afweging_2_asks_about_acute_and_structural_unsafety_only():
    assert antwoord_afweging_2({"acute_onveiligheid": "nee"}) is None
    assert antwoord_afweging_2({"acute_onveiligheid": "ja"}) == "ja"
    assert (
        antwoord_afweging_2(
            {"acute_onveiligheid": "nee", "structurele_onveiligheid": "nee", "disclosure": "ja"}
        )
        == "nee"
    )


# --------------------------------------------------------------------------- stap 2 and 3

WOENSDAG = date(2026, 11, 18)


def vt(uitkomst: str, datum: date = WOENSDAG) -> dict[str, Any]:
    return {"veilig_thuis": {"geraadpleegd": "ja", "datum": datum, "uitkomst": uitkomst}}


def test_a_melding_made_in_stap_2_counts_and_starts_the_call_back():
    answers = {"overleg": vt("melding_in_ontvangst"), "afwegingen": PADEN["3 nee"].afwegingen}
    result = besluit(answers)
    assert result.uitkomst is Uitkomst.MELDEN
    assert result.melding_gedaan_op == WOENSDAG
    assert result.redenen[-1] == (
        "Veilig Thuis heeft op 18-11-2026 mijn melding in ontvangst genomen (stap 2)."
    )
    # Five working days after Wednesday 18 November 2026: Thu, Fri, Mon, Tue, Wed.
    vervolg = vervolg_for(result, date(2026, 11, 25))
    assert vervolg.terugbellen_uiterlijk == date(2026, 11, 25)
    lines = "\n".join(vervolg_lines(result, vervolg, answers))
    assert "Melden bij Veilig Thuis:" not in lines
    assert "De melding is op 18-11-2026 gedaan" in lines


def test_a_melding_in_stap_2_and_afweging_1_nee_is_shown_not_hidden():
    answers = {"overleg": vt("melding_in_ontvangst"), "afwegingen": PADEN["1 nee"].afwegingen}
    result = besluit(answers)
    assert result.uitkomst is Uitkomst.AFSLUITEN
    assert result.waarschuwingen == (
        "In stap 2 heeft Veilig Thuis een melding in ontvangst genomen, maar bij afweging 1"
        " staat geen vermoeden van (dreiging van) huiselijk geweld en/of kindermishandeling."
        " De melding is gedaan; Veilig Thuis neemt contact op.",
    )
    assert vervolg_for(result, date(2026, 11, 25)).terugbellen_uiterlijk == date(2026, 11, 25)


def test_einde_contact_then_afweging_2_ja_warns():
    answers = {
        "overleg": vt("einde_contact"),
        "afwegingen": PADEN["2 ja door acute onveiligheid"].afwegingen,
    }
    assert besluit(answers).waarschuwingen == (
        "In stap 2 gaf Veilig Thuis als uitkomst 'einde contact: geen huiselijk geweld of"
        " kindermishandeling', maar bij afweging 1 staat een vermoeden van (dreiging van)"
        " huiselijk geweld en/of kindermishandeling. Afweging 2 is zelfs ja.",
    )


def test_hulp_bieden_without_a_gesprek_warns():
    answers = {
        "gesprek": {"gevoerd": "nee", "reden": "veiligheid", "toelichting": "t"},
        "afwegingen": PADEN["5 open"].afwegingen,
    }
    assert besluit(answers).waarschuwingen == (
        "Bij afweging 4 staat dat de direct betrokkenen hulp aanvaarden, maar in stap 3 staat"
        " dat het gesprek met de betrokkene(n) niet is gevoerd.",
    )


def test_gesprek_not_held_without_exception_warns_at_melden():
    gesprek = {"gevoerd": "nee", "reden": "nog_niet", "toelichting": "t"}
    answers: dict[str, Any] = {
        "gesprek": gesprek,
        "afwegingen": {"1": ans("ja"), "2": a2(acute="ja")},
    }
    assert len(besluit(answers).waarschuwingen) == 1
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
    kader = DEFAULT.afweging(nummer)
    assert (kader.nummer, kader.vraag, kader.nee, kader.ja) == (nummer, vraag, nee, ja)
