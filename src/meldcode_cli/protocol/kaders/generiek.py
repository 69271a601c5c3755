"""The generic wording of the afwegingskader (seed 003), also published by the NJI: for
organisations and zelfstandige professionals outside the 2018 cluster. Texts as in the
source, word for word."""

from __future__ import annotations

from meldcode_cli.protocol.kader import Afweging, Kader

KADER = Kader(
    id="meldcode-generiek",
    naam="Afwegingskader meldcode huiselijk geweld en kindermishandeling (algemene tekst)",
    bron="algemene tekst van het afwegingskader, zoals ook gepubliceerd door het NJi",
    afwegingen=(
        Afweging(
            1,
            "Heb ik op basis van de stappen 1 tot en met 4 van de meldcode een vermoeden van"
            " (dreiging van) huiselijk geweld en/of kindermishandeling?",
            "Afsluiten en vastleggen in dossier",
            "Ga verder met afweging 2.",
        ),
        Afweging(
            2,
            "Schat ik op basis van de stappen 1 tot en met 4 van de meldcode in dat er sprake"
            " is van acute onveiligheid en/of structurele onveiligheid?",
            "Ga verder met afweging 3",
            "Melden bij Veilig Thuis. De afwegingen 3 tot en met 5 worden samen met Veilig"
            " Thuis doorlopen.",
        ),
        Afweging(
            3,
            "Ben ik in staat effectieve hulp te bieden of te organiseren om dreiging van"
            " (toekomstig) huiselijk geweld en/of kindermishandeling af te wenden?",
            "Melden bij Veilig Thuis",
            "Ga verder met afweging 4.",
        ),
        Afweging(
            4,
            "Aanvaarden de betrokkenen hulp om dreiging van (toekomstig) huiselijk geweld"
            " en/of kindermishandeling af te wenden en zijn zij bereid zich hiervoor in te"
            " zetten?",
            "Melden bij Veilig Thuis",
            "Hulp bieden of organiseren, ga verder met afweging 5.",
        ),
        Afweging(
            5,
            "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten ten"
            " aanzien van de veiligheid en/of het welzijn (herstel) van alle betrokkenen?",
            "(Opnieuw) melden bij Veilig Thuis.",
            "hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
            " betrokkenen en samenwerkingspartners.",
        ),
    ),
    acute_vraag="Is er sprake van acute onveiligheid: direct fysiek gevaar?",
    structureel_vraag="Is er sprake van structurele onveiligheid: herhaling of voortduren"
    " van een onveilige situatie?",
    hulp_leidt_tot="de noodzakelijke resultaten ten aanzien van de veiligheid en/of het"
    " welzijn (herstel) van alle betrokkenen",
    geen_hulp="Ik kan gelet op mijn competenties, mijn verantwoordelijkheden en mijn"
    " professionele grenzen in onvoldoende mate effectieve hulp bieden of organiseren bij"
    " (risico's op) huiselijk geweld en/of kindermishandeling.",
    hulp_niet_aanvaard="De betrokkenen aanvaarden de hulp niet of zijn niet bereid zich"
    " ervoor in te zetten.",
    samen_met_veilig_thuis=None,
    meldnorm=(
        "In alle gevallen van acute onveiligheid en/of structurele onveiligheid.",
        "In alle andere gevallen waarin de beroepskracht meent dat hij, gelet op zijn"
        " competenties, zijn verantwoordelijkheden en zijn professionele grenzen, in"
        " onvoldoende mate effectieve hulp kan bieden of kan organiseren bij (risico's op)"
        " huiselijk geweld en/of kindermishandeling.",
        "Wanneer een beroepskracht die hulp biedt of organiseert om betrokkenen te"
        " beschermen tegen het risico op huiselijk geweld en/of kindermishandeling"
        " constateert dat de onveiligheid niet stopt of zich herhaalt.",
    ),
    disclosure=None,  # seed 003 names acute and structurele onveiligheid only
)
