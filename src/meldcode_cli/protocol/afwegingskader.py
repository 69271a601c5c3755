"""The afwegingskader of the verbeterde meldcode and its decision rules.

Wording: the November 2018 text (seed 001), as in ``shared/docs/meldcode.md``. The rules
are a pure function from answers to a :class:`Besluit` with the reasons that led to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from meldcode_cli.protocol.casus import TELEFOON
from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import DEFAULT
from meldcode_cli.protocol.model import JA, NEE, format_date
from meldcode_cli.protocol.uitkomsten import Uitkomst as Uitkomst  # its outcomes

OPEN = "open"

VEILIG_THUIS_TELEFOON = TELEFOON

TERUGBEL_WERKDAGEN = 5


def uitkomst_titel(uitkomst: Uitkomst, kader: Kader) -> str:
    """The title of an outcome, in the words of the kader (its ja or nee)."""
    tekst = {
        Uitkomst.AFSLUITEN: kader.afweging(1).nee,
        Uitkomst.MELDEN: kader.afweging(3).nee,
        Uitkomst.HULP_BIEDEN: kader.afweging(4).ja.split(",")[0],
        Uitkomst.OPNIEUW_MELDEN: kader.afweging(5).nee,
        Uitkomst.HULP_AFSLUITEN: kader.afweging(5).ja,
    }[uitkomst].rstrip(".")
    return tekst[:1].upper() + tekst[1:]


MELDEN_UITKOMSTEN = frozenset({Uitkomst.MELDEN, Uitkomst.OPNIEUW_MELDEN})

# Answer codes of stap 2 and 3 that the decision reads (declared in questions.py).
VT_EINDE_CONTACT = "einde_contact"
VT_MELDING_IN_ONTVANGST = "melding_in_ontvangst"
GESPREK_NOG_NIET = "nog_niet"


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
    melding_gedaan_op: date | None = None  # a melding Veilig Thuis already took (stap 2)
    kader: Kader = DEFAULT

    @property
    def titel(self) -> str:
        return uitkomst_titel(self.uitkomst, self.kader)

    @property
    def melden(self) -> bool:
        return self.uitkomst in MELDEN_UITKOMSTEN


def _antwoord(afwegingen: Mapping[str, Any], nummer: int) -> str | None:
    entry = afwegingen.get(str(nummer))
    if not isinstance(entry, Mapping):
        return None
    value = entry.get("antwoord")
    return value if isinstance(value, str) else None


def _gevolg(kader: Kader, nummer: int, antwoord: str) -> str:
    tekst = kader.afweging(nummer)
    return f"Afweging {nummer}: {antwoord} — {tekst.ja if antwoord == JA else tekst.nee}"


def antwoord_afweging_2(afweging_2: Mapping[str, Any]) -> str | None:
    """Afweging 2 asks about acute and structurele onveiligheid, and nothing else: ja as
    soon as either is ja. Disclosure is a ground of its own, in the kaders that name it
    (``Kader.disclosure``)."""
    parts = [afweging_2.get(k) for k in ("acute_onveiligheid", "structurele_onveiligheid")]
    if JA in parts:
        return JA
    if all(p == NEE for p in parts):
        return NEE
    return None


def _group(answers: Mapping[str, Any], *path: str) -> Mapping[str, Any]:
    node: Any = answers
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def melding_in_stap_2(answers: Mapping[str, Any]) -> date | None:
    """The day Veilig Thuis took a melding during the consultation of stap 2, if it did."""
    veilig_thuis = _group(answers, "overleg", "veilig_thuis")
    if veilig_thuis.get("uitkomst") != VT_MELDING_IN_ONTVANGST:
        return None
    datum = veilig_thuis.get("datum")
    return datum if isinstance(datum, date) else None


def _waarschuwingen(answers: Mapping[str, Any], uitkomst: Uitkomst) -> tuple[str, ...]:
    """Contradictions between stap 2 and 3 and the afwegingen: shown, never hidden."""
    afwegingen = _group(answers, "afwegingen")
    veilig_thuis = _group(answers, "overleg", "veilig_thuis")
    gesprek = _group(answers, "gesprek")
    found: list[str] = []
    een = _antwoord(afwegingen, 1)
    if veilig_thuis.get("uitkomst") == VT_EINDE_CONTACT and een == JA:
        found.append(
            "In stap 2 gaf Veilig Thuis als uitkomst 'einde contact: geen huiselijk geweld of"
            " kindermishandeling', maar bij afweging 1 staat een vermoeden van (dreiging van)"
            " huiselijk geweld en/of kindermishandeling."
            + (" Afweging 2 is zelfs ja." if _antwoord(afwegingen, 2) == JA else "")
        )
    if veilig_thuis.get("uitkomst") == VT_MELDING_IN_ONTVANGST and een == NEE:
        found.append(
            "In stap 2 heeft Veilig Thuis een melding in ontvangst genomen, maar bij afweging 1"
            " staat geen vermoeden van (dreiging van) huiselijk geweld en/of"
            " kindermishandeling. De melding is gedaan; Veilig Thuis neemt contact op."
        )
    if (
        _group(answers, "directe_veiligheid").get("direct_gevaar") == JA
        and _group(afwegingen, "2").get("acute_onveiligheid") == NEE
    ):
        found.append(
            "Aan het begin staat dat er iemand in direct gevaar was, maar bij afweging 2 staat"
            " geen acute onveiligheid (direct fysiek gevaar)."
        )
    if uitkomst is Uitkomst.AFSLUITEN:
        # Afsluiten without stap 2 or 3 is allowed; the record says so plainly. Seed 001:
        # afweging 1 weighs "op basis van de stappen 1 t/m 4 van de meldcode".
        collega = _group(answers, "overleg", "collega")
        overgeslagen = []
        if collega.get("gevoerd") == NEE and veilig_thuis.get("geraadpleegd") == NEE:
            overgeslagen.append("stap 2 (overleg met een collega of Veilig Thuis)")
        if gesprek.get("gevoerd") == NEE:
            overgeslagen.append("stap 3 (het gesprek met de betrokkene(n))")
        if overgeslagen:
            found.append(
                "Afgesloten zonder "
                + " en zonder ".join(overgeslagen)
                + ". Afweging 1 weegt op basis van de stappen 1 tot en met 4 van de meldcode."
            )
    if _antwoord(afwegingen, 4) == JA and gesprek.get("gevoerd") == NEE:
        found.append(
            "Bij afweging 4 staat dat de direct betrokkenen hulp aanvaarden, maar in stap 3"
            " staat dat het gesprek met de betrokkene(n) niet is gevoerd."
        )
    if (
        uitkomst in MELDEN_UITKOMSTEN
        and gesprek.get("gevoerd") == NEE
        and gesprek.get("reden") == GESPREK_NOG_NIET
    ):
        found.append(
            "Het gesprek met de betrokkene(n) is nog niet gevoerd en geen van beide"
            " uitzonderingen is van toepassing. Melden zonder gesprek mag alleen als de"
            " veiligheid van de cliënt, van mij of van een ander in gevaar is of kan komen,"
            " of als de cliënt door het gesprek het contact zou verbreken."
        )
    return tuple(found)


def besluit(
    answers: Mapping[str, Any], kader: Kader = DEFAULT, *, na_melding: bool = False
) -> Besluit:
    """Walk the afwegingskader over ``answers`` and return the decision with its reasons.

    Disclosure is a ground to report of its own, next to afweging 2. A melding that Veilig
    Thuis already took in stap 2 is named, and its date starts the call-back.
    ``na_melding``: the melding is made, and afwegingen 3 to 5 are walked through together
    with Veilig Thuis (seed 001); the walk starts at afweging 3.
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

    melding_op = melding_in_stap_2(answers)
    redenen: list[str] = []

    def finish(
        uitkomst: Uitkomst, laatste: int, samen: bool = False, evaluatie: date | None = None
    ) -> Besluit:
        if melding_op is not None:
            redenen.append(
                f"Veilig Thuis heeft op {format_date(melding_op)} mijn melding in ontvangst"
                " genomen (stap 2)."
            )
        return Besluit(
            uitkomst,
            tuple(redenen),
            laatste,
            samen,
            evaluatie,
            _waarschuwingen(answers, uitkomst),
            melding_op,
            kader,
        )

    if na_melding:
        # What the follow-up on the melding recorded; afweging 5 is this evaluation's own.
        redenen.append(
            "De melding is gedaan. Afweging 3 en 4 heb ik samen met Veilig Thuis doorlopen."
        )
        return _vanaf_3(kader, need, afwegingen, redenen, finish)

    if need(1) == NEE:
        redenen.append(_gevolg(kader, 1, NEE))
        return finish(Uitkomst.AFSLUITEN, 1)
    redenen.append(_gevolg(kader, 1, JA))

    a2 = _group(afwegingen, "2")
    disclosure = bool(kader.disclosure) and a2.get("disclosure") == JA
    if need(2) == JA:
        redenen.append(_gevolg(kader, 2, JA))
        for key, vraag in (
            ("acute_onveiligheid", kader.acute_vraag),
            ("structurele_onveiligheid", kader.structureel_vraag),
        ):
            if a2.get(key) == JA:  # the kader's question, said as a fact
                redenen.append(
                    "Er is sprake van " + vraag.removeprefix("Is er sprake van ")[:-1] + "."
                )
        if disclosure:
            redenen.append("Iemand heeft zichzelf bij mij gemeld (disclosure).")
        return finish(Uitkomst.MELDEN, 2, samen=True)
    redenen.append(_gevolg(kader, 2, NEE) if not disclosure else "Afweging 2: nee")
    if disclosure:
        redenen.append(kader.disclosure or "")
        return finish(Uitkomst.MELDEN, 2, samen=True)
    return _vanaf_3(kader, need, afwegingen, redenen, finish)


def _vanaf_3(
    kader: Kader,
    need: Callable[[int], str],
    afwegingen: Mapping[str, Any],
    redenen: list[str],
    finish: Callable[..., Besluit],
) -> Besluit:
    """Afwegingen 3 to 5: can I help, do they accept it, does it lead to stable safety."""
    if need(3) == NEE:
        redenen.append(_gevolg(kader, 3, NEE))
        redenen.append(kader.geen_hulp)
        return finish(Uitkomst.MELDEN, 3)
    redenen.append(_gevolg(kader, 3, JA))

    if need(4) == NEE:
        redenen.append(_gevolg(kader, 4, NEE))
        redenen.append(kader.hulp_niet_aanvaard)
        return finish(Uitkomst.MELDEN, 4)
    redenen.append(_gevolg(kader, 4, JA))

    a5 = _group(afwegingen, "5")
    antwoord_5 = _antwoord(afwegingen, 5)
    if antwoord_5 is None:
        raise OnvolledigeAfweging("Afweging 5 is nog niet beantwoord.")
    if antwoord_5 == OPEN:
        evaluatie = a5.get("evaluatie_op")
        if not isinstance(evaluatie, date):
            raise OnvolledigeAfweging("Afweging 5 staat open maar heeft geen evaluatiedatum.")
        redenen.append(
            "Afweging 5 staat open: na de afgesproken termijn beoordeel ik of de hulp tot"
            f" {kader.hulp_leidt_tot} leidt."
        )
        return finish(Uitkomst.HULP_BIEDEN, 4, evaluatie=evaluatie)
    if antwoord_5 == NEE:
        # Only the answer: "the unsafety does not stop or repeats itself" (a ground in
        # "Wanneer meld je bij Veilig Thuis?") is not what afweging 5 asks.
        redenen.append(_gevolg(kader, 5, NEE))
        return finish(Uitkomst.OPNIEUW_MELDEN, 5)
    redenen.append(_gevolg(kader, 5, JA))
    return finish(Uitkomst.HULP_AFSLUITEN, 5)


def melden_volgt(afwegingen: Mapping[str, Any], kader: Kader = DEFAULT) -> str | None:
    """ja when the afwegingen lead to a melding, nee when not, None while undecided: the
    condition for the questions about the melding itself (seed 004)."""
    try:
        return JA if besluit({"afwegingen": afwegingen}, kader).melden else NEE
    except OnvolledigeAfweging:
        return None
