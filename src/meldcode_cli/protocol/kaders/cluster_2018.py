"""The afwegingskader of the verbeterde meldcode, November 2018 (seed 001): the wording
for pedagogen, psychologen, (psycho)therapeuten, sociaal werkers en jeugd- en
gezinsprofessionals. Texts as in the source, word for word."""

from __future__ import annotations

from meldcode_cli.protocol.kader import Afweging, Kader

KADER = Kader(
    id="verbeterde-meldcode-2018-11",
    naam="Afwegingskader verbeterde meldcode huiselijk geweld en kindermishandeling",
    bron="verbeterde meldcode, tekst van november 2018 (van kracht sinds 1 januari 2019)",
    afwegingen=(
        Afweging(
            1,
            "Heb ik op basis van de stappen 1 t/m 4 van de meldcode een vermoeden van"
            " (dreiging van) huiselijk geweld en/of kindermishandeling?",
            "Afsluiten en vastleggen in dossier.",
            "Ga verder met afweging 2.",
        ),
        Afweging(
            2,
            "Schat ik op basis van de stappen 1 t/m 4 van de meldcode in dat er sprake is van"
            " (een vermoeden van) acute onveiligheid en/of structurele onveiligheid?",
            "Ga verder met afweging 3.",
            "Melden bij Veilig Thuis. De afwegingen 3 t/m 5 worden samen met Veilig Thuis"
            " doorlopen.",
        ),
        Afweging(
            3,
            "Ben ik in staat effectieve hulp te bieden of te organiseren om dreiging van"
            " (toekomstig) huiselijk geweld en/of kindermishandeling af te wenden?",
            "Melden bij Veilig Thuis.",
            "Ga verder met afweging 4.",
        ),
        Afweging(
            4,
            "Aanvaarden de direct betrokkenen hulp om dreiging van (toekomstig) huiselijk"
            " geweld en/of kindermishandeling af te wenden en zijn zij in staat zich hiervoor"
            " in te zetten?",
            "Melden bij Veilig Thuis.",
            "Hulp bieden of organiseren, ga verder met afweging 5.",
        ),
        Afweging(
            5,
            "Leidt deze hulp binnen de gewenste termijn tot stabiele veiligheid en/of het"
            " welzijn (herstel) van alle direct betrokkenen?",
            "(Opnieuw) melden bij Veilig Thuis.",
            "Hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
            " betrokkenen en samenwerkingspartners.",
        ),
    ),
    acute_vraag="Is er sprake van (een vermoeden van) acute onveiligheid: direct fysiek gevaar?",
    structureel_vraag="Is er sprake van (een vermoeden van) structurele onveiligheid:"
    " herhaling of voortduren van een onveilige situatie?",
    hulp_leidt_tot="stabiele veiligheid en/of het welzijn (herstel) van alle direct betrokkenen",
    geen_hulp="Ik kan gelet op mijn competenties, verantwoordelijkheden en professionele"
    " grenzen in onvoldoende mate effectieve hulp bieden of organiseren.",
    hulp_niet_aanvaard="De direct betrokkenen aanvaarden de hulp niet of zijn niet in staat"
    " zich ervoor in te zetten.",
    samen_met_veilig_thuis="Bij acute onveiligheid en/of structurele onveiligheid wordt deze"
    " afweging samen met Veilig Thuis doorlopen.",
    meldnorm=(
        "In alle gevallen van (vermoedens van) onveiligheid: als iemand zichzelf bij jou"
        " meldt (disclosure); als er sprake is van direct fysiek gevaar (acute"
        " onveiligheid); als er sprake is van herhaling of voortduren van een onveilige"
        " situatie (structurele onveiligheid).",
        "In alle andere gevallen waarin je meent dat je gelet op jouw competenties,"
        " verantwoordelijkheden en professionele grenzen, in onvoldoende mate effectieve"
        " hulp kan bieden of kan organiseren.",
        "Wanneer je constateert dat tijdens het bieden/ organiseren van hulp, de"
        " onveiligheid niet stopt of zich herhaalt.",
    ),
    disclosure="Iemand heeft zichzelf bij mij gemeld (disclosure). Volgens de meldcode wordt"
    ' er gemeld "in alle gevallen van (vermoedens van) onveiligheid", ook bij disclosure.'
    " Afweging 2 blijft zoals ik die beantwoordde; de afwegingen 3 t/m 5 worden bij de"
    " melding samen met Veilig Thuis doorlopen.",
)
