"""The afwegingskader of the verbeterde meldcode and its decision rules.

Wording: the November 2018 text (seed 001), as in ``shared/docs/meldcode.md``. The rules
are a pure function from answers to a :class:`Besluit` with the reasons that led to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from meldcode_cli.protocol.model import JA, NEE

KADER_ID = "verbeterde-meldcode-2018-11"
KADER_NAAM = "Afwegingskader verbeterde meldcode huiselijk geweld en kindermishandeling"
KADER_BRON = "verbeterde meldcode, tekst van november 2018 (van kracht sinds 1 januari 2019)"

OPEN = "open"

VEILIG_THUIS_TELEFOON = "0800-2000"
TERUGBEL_WERKDAGEN = 5


@dataclass(frozen=True)
class Afweging:
    nummer: int
    vraag: str
    nee: str
    ja: str


AFWEGINGEN: tuple[Afweging, ...] = (
    Afweging(
        1,
        "Heb ik op basis van de stappen 1 t/m 4 van de meldcode een vermoeden van (dreiging van)"
        " huiselijk geweld en/of kindermishandeling?",
        "Afsluiten en vastleggen in dossier.",
        "Ga verder met afweging 2.",
    ),
    Afweging(
        2,
        "Schat ik op basis van de stappen 1 t/m 4 van de meldcode in dat er sprake is van (een"
        " vermoeden van) acute onveiligheid en/of structurele onveiligheid?",
        "Ga verder met afweging 3.",
        "Melden bij Veilig Thuis. De afwegingen 3 t/m 5 worden samen met Veilig Thuis doorlopen.",
    ),
    Afweging(
        3,
        "Ben ik in staat effectieve hulp te bieden of te organiseren om dreiging van (toekomstig)"
        " huiselijk geweld en/of kindermishandeling af te wenden?",
        "Melden bij Veilig Thuis.",
        "Ga verder met afweging 4.",
    ),
    Afweging(
        4,
        "Aanvaarden de direct betrokkenen hulp om dreiging van (toekomstig) huiselijk geweld"
        " en/of kindermishandeling af te wenden en zijn zij in staat zich hiervoor in te zetten?",
        "Melden bij Veilig Thuis.",
        "Hulp bieden of organiseren, ga verder met afweging 5.",
    ),
    Afweging(
        5,
        "Leidt deze hulp binnen de gewenste termijn tot stabiele veiligheid en/of het welzijn"
        " (herstel) van alle direct betrokkenen?",
        "(Opnieuw) melden bij Veilig Thuis.",
        "Hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
        " betrokkenen en samenwerkingspartners.",
    ),
)

SAMEN_MET_VEILIG_THUIS = (
    "Bij acute onveiligheid en/of structurele onveiligheid wordt deze afweging samen met"
    " Veilig Thuis doorlopen."
)


def afweging(nummer: int) -> Afweging:
    return AFWEGINGEN[nummer - 1]


class Uitkomst(StrEnum):
    AFSLUITEN = "afsluiten"
    MELDEN = "melden"
    HULP_BIEDEN = "hulp_bieden"
    OPNIEUW_MELDEN = "opnieuw_melden"
    HULP_AFSLUITEN = "hulp_afsluiten"


UITKOMST_TITEL: dict[Uitkomst, str] = {
    Uitkomst.AFSLUITEN: "Afsluiten en vastleggen in dossier",
    Uitkomst.MELDEN: "Melden bij Veilig Thuis",
    Uitkomst.HULP_BIEDEN: "Hulp bieden of organiseren",
    Uitkomst.OPNIEUW_MELDEN: "(Opnieuw) melden bij Veilig Thuis",
    Uitkomst.HULP_AFSLUITEN: "Hulp afsluiten met afspraken over het volgen van de veiligheid",
}

MELDEN_UITKOMSTEN = frozenset({Uitkomst.MELDEN, Uitkomst.OPNIEUW_MELDEN})


class OnvolledigeAfweging(ValueError):
    """The afwegingen are not answered far enough to reach a decision."""


@dataclass(frozen=True)
class Besluit:
    uitkomst: Uitkomst
    redenen: tuple[str, ...]
    laatste_afweging: int
    samen_met_veilig_thuis: bool = False
    evaluatie_op: date | None = None
    waarschuwingen: tuple[str, ...] = ()

    @property
    def titel(self) -> str:
        return UITKOMST_TITEL[self.uitkomst]

    @property
    def melden(self) -> bool:
        return self.uitkomst in MELDEN_UITKOMSTEN


def _antwoord(afwegingen: Mapping[str, Any], nummer: int) -> str | None:
    entry = afwegingen.get(str(nummer))
    if not isinstance(entry, Mapping):
        return None
    value = entry.get("antwoord")
    return value if isinstance(value, str) else None


def _gevolg(nummer: int, antwoord: str) -> str:
    kader = afweging(nummer)
    return f"Afweging {nummer}: {antwoord} — {kader.ja if antwoord == JA else kader.nee}"


def antwoord_afweging_2(afweging_2: Mapping[str, Any]) -> str | None:
    """Afweging 2 is ja as soon as there is acute or structural unsafety or a disclosure."""
    parts = [afweging_2.get(k) for k in ("acute_onveiligheid", "structurele_onveiligheid")]
    parts.append(afweging_2.get("disclosure"))
    if JA in parts:
        return JA
    if all(p == NEE for p in parts):
        return NEE
    return None


def _gesprek_waarschuwing(answers: Mapping[str, Any]) -> tuple[str, ...]:
    gesprek = answers.get("gesprek")
    if (
        isinstance(gesprek, Mapping)
        and gesprek.get("gevoerd") == NEE
        and gesprek.get("reden") == "nog_niet"
    ):
        return (
            "Je hebt het gesprek met de betrokkene(n) nog niet gevoerd en geen van beide"
            " uitzonderingen is van toepassing. Melden zonder gesprek mag alleen als de"
            " veiligheid van de cliënt, van jou of van een ander in gevaar is of kan komen,"
            " of als de cliënt door het gesprek het contact zou verbreken.",
        )
    return ()


def besluit(answers: Mapping[str, Any]) -> Besluit:
    """Walk the afwegingskader over ``answers`` and return the decision with its reasons.

    Raises :class:`OnvolledigeAfweging` when an afweging needed for the decision is missing.
    """
    afwegingen = answers.get("afwegingen")
    if not isinstance(afwegingen, Mapping):
        raise OnvolledigeAfweging("Afweging 1 is nog niet beantwoord.")

    def need(nummer: int) -> str:
        value = _antwoord(afwegingen, nummer)
        if value is None:
            raise OnvolledigeAfweging(f"Afweging {nummer} is nog niet beantwoord.")
        return value

    redenen: list[str] = []
    if need(1) == NEE:
        redenen.append(_gevolg(1, NEE))
        return Besluit(Uitkomst.AFSLUITEN, tuple(redenen), 1)
    redenen.append(_gevolg(1, JA))

    waarschuwingen = _gesprek_waarschuwing(answers)
    a2 = afwegingen.get("2") or {}
    if need(2) == JA:
        redenen.append(_gevolg(2, JA))
        if a2.get("acute_onveiligheid") == JA:
            redenen.append(
                "Er is sprake van (een vermoeden van) acute onveiligheid: direct fysiek gevaar."
            )
        if a2.get("structurele_onveiligheid") == JA:
            redenen.append(
                "Er is sprake van (een vermoeden van) structurele onveiligheid: herhaling of"
                " voortduren van een onveilige situatie."
            )
        if a2.get("disclosure") == JA:
            redenen.append("Iemand heeft zichzelf bij jou gemeld (disclosure).")
        return Besluit(Uitkomst.MELDEN, tuple(redenen), 2, True, None, waarschuwingen)
    redenen.append(_gevolg(2, NEE))

    if need(3) == NEE:
        redenen.append(_gevolg(3, NEE))
        redenen.append(
            "Je kunt gelet op je competenties, verantwoordelijkheden en professionele grenzen"
            " in onvoldoende mate effectieve hulp bieden of organiseren."
        )
        return Besluit(Uitkomst.MELDEN, tuple(redenen), 3, False, None, waarschuwingen)
    redenen.append(_gevolg(3, JA))

    if need(4) == NEE:
        redenen.append(_gevolg(4, NEE))
        redenen.append(
            "De direct betrokkenen aanvaarden de hulp niet of kunnen zich er niet voor inzetten."
        )
        return Besluit(Uitkomst.MELDEN, tuple(redenen), 4, False, None, waarschuwingen)
    redenen.append(_gevolg(4, JA))

    a5 = afwegingen.get("5") or {}
    antwoord_5 = _antwoord(afwegingen, 5) or OPEN
    if antwoord_5 == OPEN:
        evaluatie = a5.get("evaluatie_op")
        if not isinstance(evaluatie, date):
            raise OnvolledigeAfweging("Afweging 5 staat open maar heeft geen evaluatiedatum.")
        redenen.append(
            "Afweging 5 staat open: na de afgesproken termijn beoordeel je of de hulp tot"
            " stabiele veiligheid leidt."
        )
        return Besluit(Uitkomst.HULP_BIEDEN, tuple(redenen), 4, False, evaluatie)
    if antwoord_5 == NEE:
        redenen.append(_gevolg(5, NEE))
        redenen.append(
            "Tijdens het bieden of organiseren van hulp stopt de onveiligheid niet of herhaalt"
            " zij zich."
        )
        return Besluit(Uitkomst.OPNIEUW_MELDEN, tuple(redenen), 5)
    redenen.append(_gevolg(5, JA))
    return Besluit(Uitkomst.HULP_AFSLUITEN, tuple(redenen), 5)
