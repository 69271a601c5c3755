"""Follow-up on an earlier entry, declared like the meldcode itself.

- *evaluatie*: afweging 5 answered after the agreed term, for an entry whose outcome was
  ``hulp_bieden``. The decision comes from the same afwegingskader rules: the earlier
  afwegingen 1 to 4 with the new afweging 5.
- *veilig_thuis*: what happened after a decision to report: was the melding made, did
  Veilig Thuis call back within five working days, what was agreed, who has *zicht op
  veiligheid*.
- *opnieuw*: new signals in the same case; the whole meldcode again (``questions.STEPS``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from meldcode_cli.protocol.afwegingskader import OPEN, Besluit, besluit
from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import DEFAULT
from meldcode_cli.protocol.model import (
    JA,
    JA_NEE,
    NEE,
    Choice,
    Field,
    Group,
    Kind,
    Step,
    after,
    format_date,
    on_or_after,
    when,
)
from meldcode_cli.protocol.questions import MELDING
from meldcode_cli.protocol.uitkomsten import Soort, Uitkomst, VervolgUitkomst

# Dates of the case's earlier entries (``Procedure.case``): a follow-up is never dated
# before what it follows.
EERDER = "het dossierstuk waar dit een vervolg op is"
EERDER_DATUM = on_or_after("eerder.datum", EERDER)
# The melding, not before the entry that decided it or that said it was not yet made.
MELDEN_VANAF = on_or_after("eerder.melden_vanaf", EERDER)
# Veilig Thuis's contact, not before the entry that said there was none yet.
CONTACT_VANAF = on_or_after("eerder.contact_vanaf", EERDER)


def evaluatie_of(kader: Kader) -> Group:
    """Afweging 5 after the agreed term, in the words of ``kader``."""
    return Group(
        "evaluatie",
        "Evaluatie",
        (
            Field(
                "datum",
                Kind.DATE,
                "Datum van de evaluatie",
                help="Bijvoorbeeld 15-01-2027, of 'vandaag'.",
                short="Datum",
                suggest_today=True,
                order=(EERDER_DATUM,),
            ),
            Field(
                "antwoord",
                Kind.CHOICE,
                kader.afweging(5).vraag,
                help="Nee: (opnieuw) melden bij Veilig Thuis. Ja: hulp afsluiten met afspraken"
                " over het volgen van toekomstige (on)veiligheid. Nog niet te beoordelen: kies een"
                " nieuwe evaluatiedatum.",
                choices=(
                    Choice(JA, f"Ja — {kader.afweging(5).ja}"),
                    Choice(NEE, f"Nee — {kader.afweging(5).nee}"),
                    Choice(OPEN, "Nog niet te beoordelen — later opnieuw evalueren"),
                ),
                short="Antwoord",
                quote=True,
                explicit=True,
            ),
            Field(
                "evaluatie_op",
                Kind.DATE,
                "Op welke datum evalueer je opnieuw?",
                when=when("evaluatie.antwoord", OPEN),
                not_future=False,
                after_today=True,
                order=(after("evaluatie.datum", "de datum van deze evaluatie"),),
                short="Opnieuw evalueren op",
            ),
            Field(
                "toelichting",
                Kind.TEXT,
                "Toelichting: wat heeft de hulp opgeleverd voor de veiligheid van alle direct"
                " betrokkenen?",
                help="Beschrijf concreet wat er veranderd is, en wat niet.",
                short="Toelichting",
            ),
            Field(
                "afspraken",
                Kind.TEXT,
                "Welke afspraken zijn gemaakt over het volgen van toekomstige (on)veiligheid, en"
                " met wie?",
                when=when("evaluatie.antwoord", JA),
                short="Afspraken",
            ),
        ),
    )


ZICHT_OP_VEILIGHEID = (
    Choice("veilig_thuis", "Veilig Thuis"),
    Choice("ik", "Ik, als beroepskracht"),
    Choice("samen", "Veilig Thuis en ik samen, met een duidelijke rolverdeling"),
)

_TIJD = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]", re.ASCII)


def _check_tijd(text: str) -> str | None:
    return None if _TIJD.fullmatch(text) else f"'{text}' is geen tijd; schrijf uu:mm, zoals 14:05."


def melding_tijd(document: Mapping[str, Any]) -> str | None:
    """The time of the melding a stored follow-up records (read from disk: any shape)."""
    antwoorden = document.get("antwoorden")
    veilig_thuis = antwoorden.get("veilig_thuis") if isinstance(antwoorden, Mapping) else None
    tijd = veilig_thuis.get("melding_tijd") if isinstance(veilig_thuis, Mapping) else None
    return tijd if isinstance(tijd, str) and _check_tijd(tijd) is None else None


ALSNOG_MELDEN = "alsnog_melden"
OPNIEUW_DOORLOPEN = "opnieuw_doorlopen"
WAT_NU = (
    Choice(ALSNOG_MELDEN, "Ik meld alsnog bij Veilig Thuis"),
    Choice(OPNIEUW_DOORLOPEN, "Ik doorloop de meldcode opnieuw: de situatie is veranderd"),
)

SAMEN = "veilig_thuis.afwegingen"


def _samen_antwoord(kader: Kader, nummer: int) -> Field:
    return Field(
        "antwoord",
        Kind.CHOICE,
        kader.afweging(nummer).vraag,
        help="De melding is gedaan. Bij nee blijft het zicht op veiligheid bij Veilig Thuis;"
        " bij ja bied of organiseer je zelf (ook) hulp.",
        choices=(Choice(JA, "Ja"), Choice(NEE, "Nee")),
        since=2,
        short="Antwoord",
        quote=True,
        explicit=True,
    )


def _samen_toelichting(nummer: int) -> Field:
    return Field(
        "toelichting",
        Kind.TEXT,
        f"Toelichting bij afweging {nummer}: wat heb je samen met Veilig Thuis besproken?",
        since=2,
        short="Toelichting",
        depends_on=(("veilig_thuis", "afwegingen", str(nummer), "antwoord"),),
    )


# Seed 001: "Bij acute onveiligheid en/of structurele onveiligheid wordt deze afweging
# samen met Veilig Thuis doorlopen"; seed 004: in the call-back Veilig Thuis discusses
# "jouw mogelijkheden om zelf de nodige hulp te bieden". Seed 002: a melding goes with
# help "Oók als er hulp ingezet gaat worden": then afweging 5 gets a date.
def samen_of(kader: Kader) -> Group:
    """Afwegingen 3 to 5 after a melding, walked through with Veilig Thuis."""
    return Group(
        "afwegingen",
        "Afwegingen 3 tot en met 5, samen met Veilig Thuis",
        (
            Group("3", "Afweging 3", (_samen_antwoord(kader, 3), _samen_toelichting(3))),
            Group(
                "4",
                "Afweging 4",
                (_samen_antwoord(kader, 4), _samen_toelichting(4)),
                when=when(f"{SAMEN}.3.antwoord", JA),
            ),
            Group(
                "5",
                "Afweging 5",
                (
                    Field(
                        "evaluatie_op",
                        Kind.DATE,
                        "Ik bied of organiseer hulp. Op welke datum evalueer je of die hulp tot"
                        f" {kader.hulp_leidt_tot} leidt (afweging 5)?",
                        help="Bijvoorbeeld over drie maanden: na vandaag en binnen twee jaar.",
                        not_future=False,
                        after_today=True,
                        order=(
                            after("veilig_thuis.contact_datum", "het contact met Veilig Thuis"),
                        ),
                        since=2,
                        short="Evalueren op",
                    ),
                    Field(
                        "afspraken",
                        Kind.TEXT,
                        "Welke hulp bied of organiseer je, en met wie? (mag leeg blijven)",
                        required=False,
                        short="Hulp en afspraken",
                    ),
                ),
                when=when(f"{SAMEN}.4.antwoord", JA),
            ),
        ),
        when=when("veilig_thuis.contact", JA),
        help=kader.samen_met_veilig_thuis or "",
    )


def veilig_thuis_of(kader: Kader) -> Group:
    """The follow-up on a melding; its afwegingen in the words of ``kader``."""
    return Group(
        "veilig_thuis",
        "Veilig Thuis",
        (
            Field(
                "melding_gedaan",
                Kind.CHOICE,
                "Heb je de melding bij Veilig Thuis gedaan?",
                choices=JA_NEE,
                short="Melding gedaan",
            ),
            Field(
                "melding_datum",
                Kind.DATE,
                "Op welke datum heb je gemeld?",
                when=when("veilig_thuis.melding_gedaan", JA),
                short="Datum melding",
                order=(MELDEN_VANAF,),
            ),
            Field(
                "melding_tijd",
                Kind.TEXT,
                "Hoe laat heb je gemeld? (uu:mm, mag leeg blijven)",
                when=when("veilig_thuis.melding_gedaan", JA),
                required=False,
                max_length=5,
                check=_check_tijd,
                short="Tijd melding",
            ),
            Field(
                "reden",
                Kind.TEXT,
                "Waarom heb je (nog) niet gemeld?",
                help="Melden is een professionele norm. Doorloop de meldcode opnieuw als de"
                " situatie veranderd is.",
                when=when("veilig_thuis.melding_gedaan", NEE),
                short="Reden",
            ),
            Field(
                "wat_nu",
                Kind.CHOICE,
                "Wat ga je nu doen?",
                help="Een besluit om te melden blijft open staan tot je gemeld hebt, of tot je de"
                " meldcode opnieuw hebt doorlopen.",
                choices=WAT_NU,
                when=when("veilig_thuis.melding_gedaan", NEE),
                since=2,
                short="Wat ik nu doe",
            ),
            Field(
                "melden_op",
                Kind.DATE,
                "Op welke datum meld je?",
                help="Vandaag of later, bijvoorbeeld 'vandaag'.",
                when=when("veilig_thuis.wat_nu", ALSNOG_MELDEN),
                not_future=False,
                not_past=True,
                short="Melden op",
                suggest_today=True,
            ),
            Field(
                "contact",
                Kind.CHOICE,
                "Heeft Veilig Thuis na de melding contact met je opgenomen?",
                help="Veilig Thuis neemt binnen vijf werkdagen na een melding contact met je op.",
                choices=JA_NEE,
                when=when("veilig_thuis.melding_gedaan", JA),
                short="Contact met Veilig Thuis",
            ),
            Field(
                "contact_datum",
                Kind.DATE,
                "Wanneer nam Veilig Thuis contact op?",
                help="Niet vóór de datum van de melding.",
                when=when("veilig_thuis.contact", JA),
                short="Datum contact",
                order=(
                    on_or_after("veilig_thuis.melding_datum", "de datum van de melding"),
                    CONTACT_VANAF,
                ),
            ),
            Field(
                "oordeel",
                Kind.TEXT,
                "Wat is het oordeel van Veilig Thuis over de veiligheid?",
                when=when("veilig_thuis.contact", JA),
                short="Oordeel van Veilig Thuis",
            ),
            Field(
                "zicht_op_veiligheid",
                Kind.CHOICE,
                "Wie heeft nu de verantwoordelijkheid voor het zicht op veiligheid?",
                choices=ZICHT_OP_VEILIGHEID,
                when=when("veilig_thuis.contact", JA),
                short="Zicht op veiligheid",
            ),
            Field(
                "verantwoordelijke",
                Kind.TEXT,
                "Welke instelling of professional krijgt de verantwoordelijkheid voor de"
                " vervolgstappen? (mag leeg blijven)",
                help="Veilig Thuis besluit dit na de veiligheidsbeoordeling. Is dat nog niet"
                " besloten, laat dit dan leeg.",
                when=when("veilig_thuis.contact", JA),
                required=False,
                max_length=300,
                short="Verantwoordelijk voor de vervolgstappen",
            ),
            # Seed 004: "De medewerker van Veilig Thuis maakt met jou afspraken over:" the
            # vervolgstappen, the zicht op veiligheid (above), the samenwerking, the
            # afstemming met de directbetrokkenen, and the manier van communiceren.
            *(
                Field(
                    key,
                    Kind.TEXT,
                    f"Welke afspraken heb je gemaakt over {punt}? (mag leeg blijven)",
                    when=when("veilig_thuis.contact", JA),
                    required=False,
                    short=f"Afspraken over {in_entry}",  # the entry speaks as the practitioner
                )
                for key, punt, in_entry in (
                    ("afspraken_vervolgstappen", "de vervolgstappen", "de vervolgstappen"),
                    (
                        "afspraken_samenwerking",
                        "de samenwerking tussen jou en Veilig Thuis",
                        "de samenwerking tussen mij en Veilig Thuis",
                    ),
                    (
                        "afspraken_afstemming",
                        "de afstemming met de directbetrokkenen",
                        "de afstemming met de directbetrokkenen",
                    ),
                    (
                        "afspraken_communicatie",
                        "de manier van communiceren",
                        "de manier van communiceren",
                    ),
                )
            ),
            Field(
                "afspraken",
                Kind.TEXT,
                "Welke andere afspraken heb je met Veilig Thuis gemaakt? (mag leeg blijven)",
                when=when("veilig_thuis.contact", JA),
                required=False,  # was the one question for all afspraken (version 1 files)
                short="Overige afspraken",
            ),
            samen_of(kader),  # last: in the entry a heading of its own, with nothing after it
        ),
    )


@cache
def follow_up_steps(soort: Soort, kader: Kader) -> tuple[Step, ...]:
    """The steps of a follow-up (an evaluation, or the follow-up on a melding)."""
    if soort is Soort.EVALUATIE:
        return (
            Step(
                "Afweging 5 — Evaluatie van de hulp",
                "Beoordeel of de hulp binnen de gewenste termijn tot"
                f" {kader.hulp_leidt_tot} leidt.",
                (evaluatie_of(kader),),
            ),
            Step(
                "Melding bij Veilig Thuis",
                "Wat Veilig Thuis bij een melding vraagt (0800-2000, gratis en dag en nacht"
                " bereikbaar).",
                # Afweging 5 nee: (opnieuw) melden. The same questions as a first melding.
                (replace(MELDING, when=when("evaluatie.antwoord", NEE)),),
            ),
        )
    if soort is Soort.VEILIG_THUIS:
        return (
            Step(
                "Vervolg op de melding bij Veilig Thuis",
                "Leg vast wat er na je besluit om te melden is gebeurd.",
                (veilig_thuis_of(kader),),
            ),
        )
    raise ValueError(f"no follow-up steps for {soort}")


FOLLOW_UPS = (Soort.EVALUATIE, Soort.VEILIG_THUIS)  # the follow-ups with steps of their own


VERVOLG_TITEL = {
    VervolgUitkomst.CONTACT: "Veilig Thuis heeft contact opgenomen; afspraken vastgelegd",
    VervolgUitkomst.HULP: "Veilig Thuis heeft contact opgenomen; ik bied ook hulp en evalueer",
    VervolgUitkomst.WACHT: "Gemeld; Veilig Thuis heeft nog geen contact opgenomen",
    VervolgUitkomst.NIET_GEMELD: "(Nog) niet gemeld",
}


@dataclass(frozen=True)
class VeiligThuisVervolg:
    uitkomst: VervolgUitkomst
    redenen: tuple[str, ...]

    waarschuwingen: tuple[str, ...] = ()
    melden: bool = False
    wat_nu: str | None = None  # after "niet gemeld": report after all, or run again
    melden_op: date | None = None
    evaluatie_op: date | None = None  # afweging 5, when the practitioner also helps
    kader: Kader = DEFAULT

    @property
    def titel(self) -> str:
        return VERVOLG_TITEL[self.uitkomst]


def evaluatie_besluit(
    earlier_afwegingen: Mapping[str, Any], answers: Mapping[str, Any], kader: Kader = DEFAULT
) -> Besluit:
    """The afwegingskader with the earlier afwegingen 1-4 and the evaluation as afweging 5."""
    evaluatie = answers["evaluatie"]
    vijf: dict[str, Any] = {"antwoord": evaluatie["antwoord"]}
    if evaluatie["antwoord"] == OPEN:
        vijf["evaluatie_op"] = evaluatie["evaluatie_op"]
    else:
        vijf["toelichting"] = evaluatie.get("toelichting")
    afwegingen = {k: v for k, v in earlier_afwegingen.items() if k in ("1", "2", "3", "4")}
    # Afwegingen 3 and 4 without 1 and 2: walked through with Veilig Thuis after a melding.
    na_melding = "1" not in afwegingen
    return besluit({"afwegingen": {**afwegingen, "5": vijf}}, kader, na_melding=na_melding)


def veilig_thuis_vervolg(answers: Mapping[str, Any], kader: Kader = DEFAULT) -> VeiligThuisVervolg:
    vt = answers["veilig_thuis"]
    if vt["melding_gedaan"] == NEE:
        wat_nu = vt.get("wat_nu")
        melden_op = vt.get("melden_op")
        redenen = [
            "De melding is (nog) niet gedaan. Melden is een professionele norm bij acute of"
            " structurele onveiligheid en als ik zelf geen effectieve hulp kan bieden."
        ]
        if wat_nu == ALSNOG_MELDEN and isinstance(melden_op, date):
            redenen.append(f"Ik meld alsnog, op {format_date(melden_op)}.")
        elif wat_nu == OPNIEUW_DOORLOPEN:
            redenen.append("Ik doorloop de meldcode opnieuw: de situatie is veranderd.")
        return VeiligThuisVervolg(
            VervolgUitkomst.NIET_GEMELD,
            tuple(redenen),
            wat_nu=wat_nu if isinstance(wat_nu, str) else None,
            melden_op=melden_op if isinstance(melden_op, date) else None,
            kader=kader,
        )
    if vt["contact"] == NEE:
        return VeiligThuisVervolg(
            VervolgUitkomst.WACHT,
            ("De melding is gedaan; Veilig Thuis heeft nog geen contact opgenomen.",),
            kader=kader,
        )
    redenen = ["Veilig Thuis heeft contact opgenomen en de afspraken zijn vastgelegd."]
    samen = vt.get("afwegingen")
    if not isinstance(samen, Mapping) or not samen:  # a follow-up file of version 1
        return VeiligThuisVervolg(VervolgUitkomst.CONTACT, tuple(redenen), kader=kader)
    waarschuwingen: list[str] = []
    drie, vier = (_samen(samen, nummer) for nummer in (3, 4))
    if drie == NEE or vier == NEE:
        nummer = 3 if drie == NEE else 4
        redenen.append(
            f"Afweging {nummer}, samen met Veilig Thuis: nee. "
            + (kader.geen_hulp if nummer == 3 else kader.hulp_niet_aanvaard)
        )
        if vt.get("zicht_op_veiligheid") in ("ik", "samen"):
            waarschuwingen.append(
                f"Bij afweging {nummer} staat nee, maar het zicht op veiligheid ligt volgens dit"
                " dossierstuk (ook) bij mij. Spreek met Veilig Thuis af wie het zicht op"
                " veiligheid heeft."
            )
        return VeiligThuisVervolg(
            VervolgUitkomst.CONTACT,
            tuple(redenen),
            waarschuwingen=tuple(waarschuwingen),
            kader=kader,
        )
    evaluatie = samen.get("5", {}).get("evaluatie_op") if vier == JA else None
    if drie != JA or vier != JA or not isinstance(evaluatie, date):
        return VeiligThuisVervolg(VervolgUitkomst.CONTACT, tuple(redenen), kader=kader)
    redenen.append(
        "Afwegingen 3 en 4, samen met Veilig Thuis: ja — ik bied of organiseer (ook) hulp,"
        " naast de melding."
    )
    redenen.append(
        f"Afweging 5 staat open: op {format_date(evaluatie)} beoordeel ik of de hulp tot"
        f" {kader.hulp_leidt_tot} leidt."
    )
    return VeiligThuisVervolg(
        VervolgUitkomst.HULP, tuple(redenen), evaluatie_op=evaluatie, kader=kader
    )


def _samen(samen: Mapping[str, Any], nummer: int) -> str | None:
    group = samen.get(str(nummer))
    value = group.get("antwoord") if isinstance(group, Mapping) else None
    return value if isinstance(value, str) else None


def vervolg_kind(
    uitkomst: str, terugbellen: str | None = None, evaluatie_op: str | None = None
) -> Soort | None:
    """Which follow-up fits an entry with this outcome (None: only a new run).

    An entry with a call-back date has a melding behind it, even when the afwegingen did
    not lead to melden (a melding Veilig Thuis took in stap 2). An entry with an
    evaluation date is evaluated (afweging 5), also after a melding.
    """
    if uitkomst in (Uitkomst.HULP_BIEDEN, VervolgUitkomst.HULP) or evaluatie_op is not None:
        return Soort.EVALUATIE
    if uitkomst in (
        Uitkomst.MELDEN,
        Uitkomst.OPNIEUW_MELDEN,
        VervolgUitkomst.WACHT,
        VervolgUitkomst.NIET_GEMELD,  # stays open until the melding is made after all
    ):
        return Soort.VEILIG_THUIS
    if terugbellen is not None:
        return Soort.VEILIG_THUIS
    return None
