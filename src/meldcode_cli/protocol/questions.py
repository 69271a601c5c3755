"""The meldcode, declared once: every question, its help text, choices and conditions.

The shape of this tree is the shape of an answers file and of ``antwoorden`` in a
dossier entry. Prompts, validation, Markdown, template and schema are views of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from meldcode_cli.protocol.afwegingskader import (
    GESPREK_NOG_NIET,
    OPEN,
    VT_EINDE_CONTACT,
    VT_MELDING_IN_ONTVANGST,
    antwoord_afweging_2,
    melden_volgt,
)
from meldcode_cli.protocol.kader import Kader
from meldcode_cli.protocol.kaders import DEFAULT
from meldcode_cli.protocol.model import (
    JA,
    JA_NEE,
    MELDCODE_SINDS,
    NEE,
    Choice,
    Cond,
    Field,
    Group,
    Kind,
    ListOf,
    Step,
    after,
    asked_before,
    given,
    not_after,
    on_or_after,
    root_of,
    unless,
    when,
)
from meldcode_cli.text import is_number

# Version 2 asks the questions of seed 000 and 004 and records each conversation of stap 3
# apart. Version 3 asks no more than applies: how risk factors lead to unsafety only when
# there are risk factors, and disclosure only when afweging 2 is nee (with acute or
# structurele onveiligheid the melding is certain already). Version 4 asks no fact twice:
# whether the betrokkenen were told of a melding is asked with the melding (not in stap 3,
# before anything is decided), and the actuele onveiligheid that stap 1 describes is not
# asked again with the melding. Files of versions 1 to 3 are still read: see
# ``root_for``, ``upgrade`` and the ``since`` of a condition.
ANSWERS_FORMAT_VERSION = 4
SUPPORTED_VERSIONS = (1, 2, 3, 4)

VORMEN = (
    Choice("huiselijk_geweld", "Huiselijk geweld"),
    Choice("kindermishandeling", "Kindermishandeling"),
    Choice("ouderenmishandeling", "Ouderenmishandeling"),
    Choice("eergerelateerd_geweld", "Eergerelateerd geweld"),
    Choice("vrouwelijke_genitale_verminking", "Vrouwelijke genitale verminking"),
    Choice("huwelijksdwang", "Huwelijksdwang"),
    Choice("seksueel_geweld", "Seksueel geweld"),
    Choice("verwaarlozing", "Verwaarlozing"),
)

BRONNEN = (
    Choice("eigen_waarneming", "Eigen waarneming: ik heb het zelf gezien of gehoord"),
    Choice("client", "Verteld door de cliënt"),
    Choice("derde", "Verteld door een ander (derde)"),
)

VEILIG_THUIS_UITKOMSTEN = (
    Choice(VT_EINDE_CONTACT, "Einde contact: geen huiselijk geweld of kindermishandeling"),
    Choice("advies_en_ondersteuning", "Advisering en ondersteuning van mij als professional"),
    Choice(VT_MELDING_IN_ONTVANGST, "Mijn melding is in ontvangst genomen"),
)

GEEN_GESPREK_REDENEN = (
    Choice(
        "veiligheid",
        "Er zijn concrete aanwijzingen dat de veiligheid van de cliënt, van mij of van een"
        " ander in gevaar is of kan komen",
    ),
    Choice(
        "contact_verbreken",
        "Er zijn goede redenen om aan te nemen dat de cliënt door het gesprek het contact"
        " met mij zal verbreken",
    ),
    Choice(GESPREK_NOG_NIET, "Geen van beide: het gesprek is (nog) niet gevoerd"),
)

VERWACHT = "verwacht"

KINDCHECK_KEUZES = (
    Choice(JA, "Ja, er zijn minderjarige kinderen die van de cliënt afhankelijk zijn"),
    Choice(NEE, "Nee, er zijn geen minderjarige kinderen die van de cliënt afhankelijk zijn"),
    Choice(VERWACHT, "Er is een kind op komst (zwangerschap)"),
    Choice("niet_van_toepassing", "Niet van toepassing: de cliënt is zelf minderjarig"),
)

DIRECT_GEVAAR = (
    "Bel 112 bij direct gevaar. Veilig Thuis: 0800-2000, gratis en dag en nacht bereikbaar."
)


def _invisible(ch: str) -> bool:
    """Format characters (zero-width, bidi marks) and other invisible code points."""
    import unicodedata

    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


_BSN_CHARS = re.compile(r"[\s.\-]")


def looks_like_bsn(text: str) -> bool:
    """True for 8 or 9 digits (separators allowed) that pass the BSN elfproef."""
    digits = _BSN_CHARS.sub("", text)
    if not is_number(digits) or len(digits) not in (8, 9):
        return False
    digits = digits.zfill(9)
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0 and int(digits) > 0


def _check_referentie(text: str) -> str | None:
    odd = next((ch for ch in text if (ch.isspace() and ch != " ") or _invisible(ch)), None)
    if odd is not None:
        return (
            f"het kenmerk bevat een onzichtbaar teken of regeleinde (U+{ord(odd):04X});"
            " gebruik alleen letters, cijfers, spaties en leestekens."
        )
    if looks_like_bsn(text):
        return (
            "dit lijkt een burgerservicenummer (BSN). Gebruik een eigen kenmerk dat niet naar"
            " de cliënt herleidbaar is, bijvoorbeeld VB-2026-017."
        )
    if not any(ch.isalnum() for ch in text):
        return "het kenmerk moet minstens één letter of cijfer bevatten."
    return None


def _check_rol(text: str) -> str | None:
    if looks_like_bsn(text):
        return "dit lijkt een burgerservicenummer (BSN). Noem alleen de rol."
    return None


def _toelichting(nummer: int, *explains: str, only: Cond | None = None) -> Field:
    return Field(
        "toelichting",
        Kind.TEXT,
        f"Toelichting bij afweging {nummer}: waarom dit antwoord?",
        help="Leg uit waarop je dit antwoord baseert: welke signalen, welk overleg, welk gesprek.",
        short="Toelichting",
        when=only,
        depends_on=tuple(
            tuple(path.split(".")) for path in explains or (f"afwegingen.{nummer}.antwoord",)
        ),
    )


def _antwoord(kader: Kader, nummer: int) -> Field:
    tekst = kader.afweging(nummer)
    return Field(
        "antwoord",
        Kind.CHOICE,
        tekst.vraag,
        help=f"Nee: {tekst.nee}  Ja: {tekst.ja}",
        choices=(Choice(JA, f"Ja — {tekst.ja}"), Choice(NEE, f"Nee — {tekst.nee}")),
        short="Antwoord",
        explicit=True,
    )


DIRECTE_VEILIGHEID = Group(
    "directe_veiligheid",
    "Directe veiligheid",
    (
        Field(
            "direct_gevaar",
            Kind.CHOICE,
            "Is er op dit moment iemand in direct gevaar?",
            help="Bijvoorbeeld een kind of een afhankelijke volwassene die nu gewond kan raken"
            " of niet veilig thuis is. De rest van de meldcode komt daarna.",
            choices=JA_NEE,
            since=2,
            short="Direct gevaar",
            explicit=True,
            notice=(JA, DIRECT_GEVAAR),
        ),
        Field(
            "wat_gedaan",
            Kind.TEXT,
            "Wat heb je gedaan om de directe veiligheid te herstellen?",
            help="Bijvoorbeeld: 112 gebeld, Veilig Thuis gebeld, het kind bij de buren"
            " ondergebracht. Concreet, met wie en wanneer.",
            when=when("directe_veiligheid.direct_gevaar", JA),
            short="Wat ik heb gedaan",
        ),
    ),
)

CASUS = Group(
    "casus",
    "Casus",
    (
        Field(
            "referentie",
            Kind.TEXT,
            "Eigen kenmerk van deze casus",
            help="Een kenmerk dat je zelf kiest, zoals VB-2026-017. Geen naam, geboortedatum"
            " of BSN: het dossier bevat bijzondere persoonsgegevens, dus leg alleen vast wat"
            " de meldcode nodig heeft.",
            max_length=64,
            check=_check_referentie,
            short="Kenmerk",
        ),
        Field(
            "datum_consult",
            Kind.DATE,
            "Datum van het consult waarin je de signalen opmerkte",
            help="Bijvoorbeeld 20-11-2026, of 'vandaag'.",
            short="Datum consult",
            suggest_today=True,
            not_before=MELDCODE_SINDS,
        ),
        Field(
            "vormen",
            Kind.MULTI,
            "Over welke vorm(en) van geweld gaat je vermoeden?",
            help="Kies alles wat van toepassing is.",
            choices=VORMEN,
            short="Vormen van geweld",
        ),
    ),
)

SIGNAAL = Group(
    "signaal",
    "Signaal",
    (
        Field(
            "omschrijving",
            Kind.TEXT,
            "Beschrijf het signaal: wat heb je gezien of gehoord?",
            help="Concreet, feitelijk en specifiek: wat, wanneer, bij wie. Beschrijf wat de"
            " situatie nu onveilig maakt, niet je interpretatie.",
            short="Omschrijving",
        ),
        Field(
            "bron",
            Kind.CHOICE,
            "Van wie komt dit signaal?",
            help="Veilig Thuis vraagt welke feiten van anderen komen.",
            choices=BRONNEN,
            short="Bron",
        ),
        Field(
            "datum",
            Kind.DATE,
            "Wanneer zag, hoorde of vernam je dit?",
            help="Bijvoorbeeld 20-11-2026, of 'vandaag'. Niet na de datum van het consult.",
            short="Datum",
            order=(not_after("casus.datum_consult", "de datum van het consult"),),
        ),
    ),
)

# Stap 2 and 3 are about the signals of stap 1: an overleg, a consultation of Veilig Thuis
# or a gesprek is not dated before the earliest of them.
ABOUT_THE_SIGNALS = (on_or_after("signalen.*.datum", "het vroegste signaal"),)
NOT_BEFORE_THE_SIGNALS = "Niet vóór het vroegste signaal."

SIGNALEN = ListOf(
    "signalen",
    "Signalen",
    SIGNAAL,
    noun="signaal",
    help="Een signaal is een concrete waarneming van (dreiging van) huiselijk geweld of"
    " kindermishandeling. Risicofactoren en beschermende factoren vraag ik hierna apart.",
)

RISICOFACTOREN = Field(
    "risicofactoren",
    Kind.TEXT,
    "Risicofactoren (mag leeg blijven)",
    help="Bijvoorbeeld verslaving, werkloosheid of schulden. Een risicofactor is nog geen"
    " signaal van onveiligheid: beschrijf bij de signalen hoe het nu tot onveiligheid leidt.",
    required=False,
    short="Risicofactoren",
)

BESCHERMENDE_FACTOREN = Field(
    "beschermende_factoren",
    Kind.TEXT,
    "Beschermende factoren (mag leeg blijven)",
    help="Wat draagt bij aan de veiligheid? Bijvoorbeeld een betrokken grootouder of een"
    " steunend netwerk.",
    required=False,
    short="Beschermende factoren",
)

# Seed 000, "Focus op directe veiligheid". Asked since version 2 of the answers file: in a
# file of version 1 they may be left out, and stay unanswered.
ONVEILIGHEID_NU = Field(
    "onveiligheid_nu",
    Kind.TEXT,
    "Wat maakt de situatie nu onveilig voor het kind of de afhankelijke volwassene waar het"
    " om gaat?",
    help="Geef een concrete, feitelijke en specifieke beschrijving van de situatie.",
    since=2,
    short="Wat de situatie nu onveilig maakt",
)

DIRECTBETROKKENEN = ListOf(
    "directbetrokkenen",
    "Directbetrokkenen",
    Group(
        "betrokkene",
        "Directbetrokkene",
        (
            Field(
                "rol",
                Kind.TEXT,
                "Rol van deze directbetrokkene",
                help="Bijvoorbeeld 'kind, 8 jaar', 'moeder' of 'partner van moeder'. Nooit een"
                " naam.",
                max_length=100,
                check=_check_rol,
                short="Rol",
            ),
        ),
    ),
    noun="directbetrokkene",
    help="Voor wie is de situatie onveilig, of wie is er direct bij betrokken? Noem ieder"
    " bij zijn of haar rol.",
    since=2,
)

RISICOFACTOREN_NU = Field(
    "risicofactoren_nu",
    Kind.TEXT,
    "Hoe leiden deze risicofactoren nu tot onveiligheid? (mag leeg blijven)",
    help="Bijvoorbeeld bij verslaving van een ouder: wat gebeurt er als die ouder gebruikt,"
    " en wie is er dan thuis?",
    required=False,
    when=given("risicofactoren", since=3),
    short="Hoe de risicofactoren nu tot onveiligheid leiden",
)

TEGENSIGNALEN = Field(
    "tegensignalen",
    Kind.TEXT,
    "Welke signalen spreken het vermoeden tegen? (mag leeg blijven)",
    help="Leg vast wat het vermoeden bevestigt én wat het weerlegt.",
    required=False,
    short="Signalen die het vermoeden tegenspreken",
)

KINDCHECK = Group(
    "kindcheck",
    "Kindcheck",
    (
        Field(
            "minderjarige_kinderen",
            Kind.CHOICE,
            "Zijn er minderjarige kinderen die afhankelijk zijn van de cliënt?",
            help="Kindcheck: gaat het om een volwassene wiens situatie de zorg voor kinderen"
            " kan bedreigen (verslaving, psychiatrische crisis, geweld thuis)? Ga dan na of er"
            " kinderen van de cliënt afhankelijk zijn en of zij veilig zijn.",
            choices=KINDCHECK_KEUZES,
            short="Minderjarige kinderen",
        ),
        ListOf(
            "kinderen",
            "Kinderen",
            Group(
                "kind",
                "Kind",
                (
                    Field(
                        "leeftijd",
                        Kind.INT,
                        "Leeftijd van het kind (in jaren)",
                        help="Alleen de leeftijd; een naam is niet nodig.",
                        min_value=0,
                        max_value=17,
                        short="Leeftijd",
                    ),
                ),
            ),
            noun="kind",
            when=when("kindcheck.minderjarige_kinderen", JA),
        ),
        Field(
            "verzorgers",
            Kind.TEXT,
            "Wie zorgen er voor de kinderen? (mag leeg blijven)",
            help="Een rol is genoeg, bijvoorbeeld 'moeder en grootmoeder'.",
            when=when("kindcheck.minderjarige_kinderen", JA, VERWACHT),
            required=False,
            max_length=200,
            short="Wie voor de kinderen zorgen",
        ),
        Field(
            "toelichting",
            Kind.TEXT,
            "Hoe is het met de veiligheid van deze kinderen? Beschrijf je zorg.",
            help="Bijvoorbeeld bij wie de kinderen wonen, wat zij meemaken en wat je zorg is"
            " over hun veiligheid nu.",
            when=when("kindcheck.minderjarige_kinderen", JA, VERWACHT),
            short="Zorg over de veiligheid van de kinderen",
        ),
    ),
)

OVERLEG = Group(
    "overleg",
    "Overleg",
    (
        Group(
            "collega",
            "Collegiaal overleg",
            (
                Field(
                    "gevoerd",
                    Kind.CHOICE,
                    "Heb je over de signalen overlegd met een collega?",
                    help="Als zelfstandige bijvoorbeeld met een vakgenoot of je intervisiegroep.",
                    choices=JA_NEE,
                    short="Overleg gevoerd",
                ),
                Field(
                    "datum",
                    Kind.DATE,
                    "Wanneer heb je overlegd?",
                    help=f"Bijvoorbeeld 21-11-2026, of 'vandaag'. {NOT_BEFORE_THE_SIGNALS}",
                    when=when("overleg.collega.gevoerd", JA),
                    short="Datum",
                    order=ABOUT_THE_SIGNALS,
                ),
                Field(
                    "met",
                    Kind.TEXT,
                    "Met wie heb je overlegd?",
                    help="Een rol of functie is genoeg, bijvoorbeeld 'collega-orthopedagoog uit"
                    " de intervisiegroep'.",
                    when=when("overleg.collega.gevoerd", JA),
                    max_length=200,
                    short="Met",
                ),
                Field(
                    "advies",
                    Kind.TEXT,
                    "Wat heeft je collega geadviseerd?",
                    when=when("overleg.collega.gevoerd", JA),
                    short="Advies",
                ),
                Field(
                    "reden",
                    Kind.TEXT,
                    "Waarom heb je (nog) niet met een collega overlegd?",
                    when=when("overleg.collega.gevoerd", NEE),
                    short="Reden",
                ),
            ),
        ),
        Group(
            "veilig_thuis",
            "Veilig Thuis geraadpleegd",
            (
                Field(
                    "geraadpleegd",
                    Kind.CHOICE,
                    "Heb je Veilig Thuis om advies gevraagd?",
                    help="Veilig Thuis (0800-2000, gratis, dag en nacht) denkt ook in de stappen"
                    " 1 tot en met 3 mee, niet alleen bij een melding.",
                    choices=JA_NEE,
                    short="Veilig Thuis geraadpleegd",
                ),
                Field(
                    "datum",
                    Kind.DATE,
                    "Wanneer heb je Veilig Thuis geraadpleegd?",
                    help=f"Bijvoorbeeld 21-11-2026, of 'vandaag'. {NOT_BEFORE_THE_SIGNALS}",
                    when=when("overleg.veilig_thuis.geraadpleegd", JA),
                    short="Datum",
                    order=ABOUT_THE_SIGNALS,
                ),
                Field(
                    "uitkomst",
                    Kind.CHOICE,
                    "Wat was de uitkomst van het contact met Veilig Thuis?",
                    choices=VEILIG_THUIS_UITKOMSTEN,
                    when=when("overleg.veilig_thuis.geraadpleegd", JA),
                    short="Uitkomst",
                ),
                Field(
                    "advies",
                    Kind.TEXT,
                    "Wat heeft Veilig Thuis geadviseerd of met je afgesproken?",
                    when=when("overleg.veilig_thuis.geraadpleegd", JA),
                    short="Advies",
                    depends_on=(("overleg", "veilig_thuis", "uitkomst"),),
                ),
            ),
        ),
    ),
)

_GESPREK_GEVOERD = Field(
    "gevoerd",
    Kind.CHOICE,
    "Heb je de signalen besproken met de betrokkene(n)?",
    help="Leg het doel van het gesprek uit, beschrijf de feiten en je waarnemingen,"
    " nodig de cliënt uit te reageren en kom pas daarna met een interpretatie.",
    choices=JA_NEE,
    short="Gesprek gevoerd",
)

_GESPREK_DATUM = Field(
    "datum",
    Kind.DATE,
    "Wanneer was het gesprek?",
    help=f"Bijvoorbeeld 22-11-2026, of 'vandaag'. {NOT_BEFORE_THE_SIGNALS}",
    short="Datum",
    order=ABOUT_THE_SIGNALS,
)

_GESPREK_MET = Field(
    "met",
    Kind.TEXT,
    "Met wie heb je gesproken?",
    help="Een rol is genoeg, bijvoorbeeld 'moeder en vader'.",
    max_length=200,
    short="Met",
)

_GESPREK_VERSLAG = Field(
    "verslag",
    Kind.TEXT,
    "Wat heb je besproken en hoe reageerden zij?",
    help="Wat heb je gezegd, wat vertelden zij, en hoe reageerden zij op je zorgen?",
    short="Verslag",
)

_GEEN_GESPREK = (
    Field(
        "reden",
        Kind.CHOICE,
        "Waarom heb je het gesprek niet gevoerd?",
        help="Melden zonder gesprek mag alleen in de eerste twee situaties.",
        choices=GEEN_GESPREK_REDENEN,
        when=when("gesprek.gevoerd", NEE),
        short="Reden",
    ),
    Field(
        "toelichting",
        Kind.TEXT,
        "Licht toe waarom het gesprek niet is gevoerd.",
        when=when("gesprek.gevoerd", NEE),
        short="Toelichting",
        depends_on=(("gesprek", "reden"),),
    ),
)

GEEN_MELDING_VOORGENOMEN = "geen_melding_voorgenomen"

GESPREK = Group(
    "gesprek",
    "Gesprek met betrokkene(n)",
    (
        _GESPREK_GEVOERD,
        ListOf(
            "gesprekken",
            "Gesprekken",
            Group("gesprek", "Gesprek", (_GESPREK_MET, _GESPREK_DATUM, _GESPREK_VERSLAG)),
            noun="gesprek",
            help="Leg elk gesprek apart vast: met wie, wanneer, wat je besprak en hoe zij"
            " reageerden.",
            when=when("gesprek.gevoerd", JA),
        ),
        Field(
            "melding_besproken",
            Kind.CHOICE,
            "Heb je de betrokkene(n) verteld dat je overweegt te melden bij Veilig Thuis?",
            help="Vertel het als je een melding overweegt, tenzij dat de veiligheid van de"
            " cliënt, van jou of van een ander in gevaar brengt.",
            choices=(
                Choice(JA, "Ja, ik heb verteld dat ik overweeg te melden"),
                Choice(NEE, "Nee, dat heb ik (nog) niet verteld"),
                Choice(
                    GEEN_MELDING_VOORGENOMEN, "Niet aan de orde: ik overweeg (nog) geen melding"
                ),
            ),
            # Seed 000: the melder has informed the client in stap 3. Since version 4 that
            # is asked with the melding ("Heb je de betrokkenen over de melding
            # geïnformeerd?"), when there is one: before the afwegingen nothing is decided.
            when=when("gesprek.gevoerd", JA) & asked_before(4),
            since=2,
            short="Voorgenomen melding besproken",
        ),
        *_GEEN_GESPREK,
    ),
)

# Answers files of version 1 held one conversation, directly under ``gesprek``: they are
# read with this declaration and then upgraded (see ``upgrade``), so that a mistake is
# named at the place where it stands in the file.
GESPREK_V1 = Group(
    "gesprek",
    "Gesprek met betrokkene(n)",
    (
        _GESPREK_GEVOERD,
        *(
            replace(fld, when=when("gesprek.gevoerd", JA))
            for fld in (_GESPREK_DATUM, _GESPREK_MET, _GESPREK_VERSLAG)
        ),
        *_GEEN_GESPREK,
    ),
)


# Seed 001, "Wanneer meld je bij Veilig Thuis?", punt 1: "als iemand zichzelf bij jou meldt
# (disclosure)". Asked in those words, no wider.
DISCLOSURE = Field(
    "disclosure",
    Kind.CHOICE,
    "Los van afweging 2: heeft iemand zichzelf bij je gemeld (disclosure)?",
    help="Wanneer meld je bij Veilig Thuis? Punt 1: 'als iemand zichzelf bij jou meldt"
    " (disclosure)'. Een eigen grond om te melden; het verandert je antwoord op afweging 2"
    " niet.",
    choices=JA_NEE,
    short="Disclosure (iemand heeft zichzelf bij mij gemeld)",
    explicit=True,
    # With acute or structurele onveiligheid (afweging 2 ja) the melding is certain: a
    # disclosure adds no ground. Asked regardless in files of version 1 and 2.
    when=when("afwegingen.2.antwoord", NEE, since=3),
)


# Examples of acute onveiligheid, in our words, from the KNMG-meldcode, bijlage 5
# "Voorbeelden van acute onveiligheid" (a list it calls not exhaustive), under seed 001's
# own definition: "direct fysiek gevaar".
ACUUT_VOORBEELDEN = (
    "Direct fysiek gevaar: iemands veiligheid is de komende uren of dagen niet zeker."
    " Voorbeelden (KNMG-meldcode, bijlage 5): letsel dat vermoedelijk is toegebracht, een"
    " poging tot verwurging, wapengebruik, een noodgedwongen vlucht van huis, of een ouder"
    " of verzorger die door een acute psychische crisis of door alcohol of drugs de zorg"
    " voor een kind nu niet kan dragen."
)
# Seed 001's definition, and seed 002's "zich herhalende onveiligheid"; no public list of
# examples was at hand, so none is given.
STRUCTUREEL_UITLEG = (
    "Herhaling of voortduren van een onveilige situatie (Wanneer meld je bij Veilig Thuis?,"
    " punt 1): het gebeurde vaker, of het houdt aan."
)


def afwegingen_of(kader: Kader) -> Group:
    """The afwegingskader as questions, in the words of ``kader``."""
    een = Group("1", "Afweging 1", (_antwoord(kader, 1), _toelichting(1)))

    twee = Group(
        "2",
        "Afweging 2",
        (
            Field(
                "acute_onveiligheid",
                Kind.CHOICE,
                kader.acute_vraag,
                help=ACUUT_VOORBEELDEN,
                choices=JA_NEE,
                short="Acute onveiligheid",
                explicit=True,
                notice=(JA, DIRECT_GEVAAR),
            ),
            Field(
                "structurele_onveiligheid",
                Kind.CHOICE,
                kader.structureel_vraag,
                help=STRUCTUREEL_UITLEG,
                choices=JA_NEE,
                short="Structurele onveiligheid",
                explicit=True,
            ),
            Field(
                "antwoord",
                Kind.CHOICE,
                kader.afweging(2).vraag,
                help="Dit antwoord volgt uit de twee vragen hiervoor: elk ja betekent melden.",
                choices=(
                    Choice(JA, f"Ja — {kader.afweging(2).ja}"),
                    Choice(NEE, f"Nee — {kader.afweging(2).nee}"),
                ),
                computed=antwoord_afweging_2,
                short="Antwoord",
            ),
            _toelichting(
                2, "afwegingen.2.acute_onveiligheid", "afwegingen.2.structurele_onveiligheid"
            ),
            *(() if not kader.disclosure else (DISCLOSURE,)),
        ),
        when=when("afwegingen.1.antwoord", JA),
    )

    # After a disclosure the melding is certain: 3 to 5 are walked through with Veilig Thuis.
    drie_als = when("afwegingen.2.antwoord", NEE)
    if kader.disclosure:
        drie_als = drie_als & when("afwegingen.2.disclosure", NEE)
    samen = kader.samen_met_veilig_thuis or ""
    drie = Group(
        "3", "Afweging 3", (_antwoord(kader, 3), _toelichting(3)), when=drie_als, help=samen
    )

    vier = Group(
        "4",
        "Afweging 4",
        (_antwoord(kader, 4), _toelichting(4)),
        when=when("afwegingen.3.antwoord", JA),
        help=samen,
    )

    vijf = Group(
        "5",
        "Afweging 5",
        (
            Field(
                "antwoord",
                Kind.CHOICE,
                kader.afweging(5).vraag,
                help="Dit kun je meestal pas beoordelen nadat de hulp een tijd loopt. Kies dan"
                " 'Nog niet te beoordelen' en leg vast wanneer je evalueert.",
                choices=(
                    Choice(OPEN, "Nog niet te beoordelen — hulp bieden en later evalueren"),
                    Choice(JA, f"Ja — {kader.afweging(5).ja}"),
                    Choice(NEE, f"Nee — {kader.afweging(5).nee}"),
                ),
                preselect=OPEN,
                short="Antwoord",
            ),
            Field(
                "evaluatie_op",
                Kind.DATE,
                f"Op welke datum evalueer je of de hulp tot {kader.hulp_leidt_tot} leidt?",
                help="Bijvoorbeeld 15-01-2027: na vandaag en binnen twee jaar. Op die datum"
                " beantwoord je afweging 5.",
                when=when("afwegingen.5.antwoord", OPEN),
                not_future=False,
                after_today=True,
                order=(after("casus.datum_consult", "de datum van het consult"),),
                short="Evaluatie op",
            ),
            Field(
                "afspraken",
                Kind.TEXT,
                "Welke afspraken heb je gemaakt, en met wie? (mag leeg blijven)",
                help="Bij 'nog niet te beoordelen': welke hulp, met wie. Bij ja: de afspraken over"
                " het volgen van toekomstige (on)veiligheid met betrokkenen en"
                " samenwerkingspartners.",
                when=when("afwegingen.5.antwoord", OPEN, JA),
                required=False,
                short="Afspraken",
                depends_on=(("afwegingen", "5", "antwoord"),),
            ),
            _toelichting(5, only=when("afwegingen.5.antwoord", JA, NEE)),
        ),
        when=when("afwegingen.4.antwoord", JA),
        help=samen,
    )

    return Group(
        "afwegingen",
        "Afwegingskader",
        (
            een,
            twee,
            drie,
            vier,
            vijf,
            Field(
                "melden",
                Kind.CHOICE,
                "Leiden de afwegingen tot een melding bij Veilig Thuis?",
                help="Dit volgt uit de afwegingen hierboven.",
                choices=(
                    Choice(JA, "Ja — melden bij Veilig Thuis"),
                    Choice(NEE, "Nee — geen melding"),
                ),
                computed=lambda afwegingen: melden_volgt(afwegingen, kader),
                short="Melden",
                stored=False,  # the besluit records the decision; this only steers the melding
            ),
        ),
    )


# Seed 004 ("Wat kun je als professional van Veilig Thuis verwachten"): what Veilig Thuis
# asks a melder, and the two situations of a melding. Asked since version 2 of the answers
# file: in a file of version 1 they may be left out, and stay unanswered.
ZICHT_KEUZES = (
    Choice("zelf_hulp", "Ik ben van mening dat ik zelf de nodige hulp kan bieden/organiseren."),
    Choice(
        "overnemen",
        "Ik verzoek Veilig Thuis om de verantwoordelijkheid voor het zicht op veiligheid over"
        " te nemen.",
    ),
)

MELDING = Group(
    "melding",
    "Melding bij Veilig Thuis",
    (
        Field(
            "actuele_onveiligheid",
            Kind.TEXT,
            "Welke informatie heb je over de actuele onveiligheid van alle directbetrokkenen?",
            help="Veilig Thuis vraagt dit als eerste. Concreet en feitelijk; noem de"
            " directbetrokkenen bij hun rol, niet bij naam.",
            # Stap 1 asks it in seed 000's words ("Wat maakt de situatie nu onveilig…?"),
            # with the directbetrokkenen by role: the sheet answers from that. Asked here
            # when this run has no stap 1 (an evaluation that ends in opnieuw melden).
            when=unless("onveiligheid_nu", since=4),
            since=2,
            short="Actuele onveiligheid van alle directbetrokkenen",
        ),
        Field(
            "eigen_mogelijkheden",
            Kind.TEXT,
            "Wat zijn je mogelijkheden om zelf de directe veiligheid te herstellen?",
            help="En ben je in staat de directe en stabiele veiligheid te herstellen?",
            since=2,
            short="Mijn mogelijkheden om de veiligheid te herstellen",
        ),
        Field(
            "zicht_op_veiligheid",
            Kind.CHOICE,
            "Welke situatie geldt bij je melding?",
            help="Met een melding draag je de verantwoordelijkheid voor het zicht op"
            " veiligheid over aan Veilig Thuis, tenzij je iets anders afspreekt.",
            choices=ZICHT_KEUZES,
            since=2,
            short="Bij de melding",
        ),
        Field(
            "betrokkenen_geinformeerd",
            Kind.CHOICE,
            "Heb je de betrokkenen over de melding geïnformeerd?",
            choices=JA_NEE,
            since=2,
            short="Betrokkenen geïnformeerd",
        ),
        Field(
            "hoe_geinformeerd",
            Kind.TEXT,
            "Hoe en wanneer heb je hen geïnformeerd, en hoe reageerden zij?",
            when=when("melding.betrokkenen_geinformeerd", JA),
            since=2,
            short="Hoe geïnformeerd",
        ),
        Field(
            "waarom_niet_geinformeerd",
            Kind.TEXT,
            "Waarom heb je hen (nog) niet geïnformeerd?",
            help="Bijvoorbeeld omdat het de veiligheid van de cliënt, van jou of van een ander"
            " in gevaar brengt.",
            when=when("melding.betrokkenen_geinformeerd", NEE),
            since=2,
            short="Waarom niet geïnformeerd",
        ),
    ),
    when=when("afwegingen.melden", JA),
)


@cache
def steps_for(kader: Kader) -> tuple[Step, ...]:
    """The steps of the meldcode with the afwegingskader of ``kader``."""
    return (
        Step(
            "Directe veiligheid",
            "Eerst dit: is er nu iemand in direct gevaar? Bel dan 112.",
            (DIRECTE_VEILIGHEID,),
        ),
        Step(
            "Casus",
            "Kies een eigen kenmerk voor deze casus. Gebruik geen naam of BSN.",
            (CASUS,),
        ),
        Step(
            "Stap 1 — Breng de signalen in kaart en voer een kindcheck uit",
            "Beschrijf concreet, feitelijk en specifiek wat je zag of hoorde, wanneer en van wie."
            " Wat maakt de situatie nu onveilig?",
            (
                SIGNALEN,
                ONVEILIGHEID_NU,
                DIRECTBETROKKENEN,
                RISICOFACTOREN,
                RISICOFACTOREN_NU,
                BESCHERMENDE_FACTOREN,
                TEGENSIGNALEN,
                KINDCHECK,
            ),
        ),
        Step(
            "Stap 2 — Overleg met een collega en raadpleeg eventueel Veilig Thuis",
            "Leg vast met wie je overlegde, wanneer, en wat het advies was.",
            (OVERLEG,),
        ),
        Step(
            "Stap 3 — Ga in gesprek met de betrokkene(n)",
            "Leg vast of het gesprek is gevoerd, met wie, en hoe zij reageerden.",
            (GESPREK,),
        ),
        Step(
            "Stap 4 en 5 — Weeg de aard en ernst van het geweld en beslis",
            "Beantwoord de afwegingsvragen van het afwegingskader. Vragen die door een eerder"
            " antwoord niet meer aan de orde zijn, worden niet gesteld.",
            (afwegingen_of(kader),),
        ),
        Step(
            "Melding bij Veilig Thuis",
            "Wat Veilig Thuis bij een melding vraagt (0800-2000, gratis en dag en nacht"
            " bereikbaar).",
            (MELDING,),
        ),
    )


STEPS = steps_for(DEFAULT)
ROOT = root_of(STEPS, "Meldcode")


def root_for(version: int, root: Group) -> Group:
    """The questions a file of ``version`` answers: version 1 had one conversation."""
    if version >= 2 or not any(child is GESPREK for child in root.children):
        return root
    children = tuple(GESPREK_V1 if child is GESPREK else child for child in root.children)
    return replace(root, children=children)


def upgrade(answers: dict[str, Any], version: int) -> dict[str, Any]:
    """Answers read with the questions of ``version``, in the shape of today's questions:
    the one conversation of version 1 becomes the first (and only) of the list."""
    gesprek = answers.get("gesprek")
    if version >= 2 or not isinstance(gesprek, Mapping):
        return answers
    one = {key: gesprek[key] for key in ("met", "datum", "verslag") if key in gesprek}
    rest = {key: value for key, value in gesprek.items() if key not in one}
    if one:
        rest = {"gevoerd": rest.pop("gevoerd", None), "gesprekken": [one], **rest}
        rest = {key: value for key, value in rest.items() if value is not None}
    return {**answers, "gesprek": rest}


def shape_version(answers: object) -> int:
    """Version 1 for answers kept in the shape of version 1 (a draft of an earlier
    meldcode), else the current version."""
    gesprek = answers.get("gesprek") if isinstance(answers, Mapping) else None
    if not isinstance(gesprek, Mapping) or "gesprekken" in gesprek:
        return ANSWERS_FORMAT_VERSION
    legacy = any(key in gesprek for key in ("met", "datum", "verslag"))
    return 1 if legacy else ANSWERS_FORMAT_VERSION
