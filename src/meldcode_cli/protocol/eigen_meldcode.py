"""The practice's own meldcode (seed 003: "Iedere hulporganisatie en zelfstandige
professional moet een eigen meldcode voor huiselijk geweld ontwikkelen"), written from the
profile and its kader: a document of the practice, in its own voice, to print."""

from __future__ import annotations

from datetime import date

from meldcode_cli.protocol.afwegingskader import TERUGBEL_WERKDAGEN, VEILIG_THUIS_TELEFOON
from meldcode_cli.protocol.model import format_date
from meldcode_cli.protocol.profiel import Profiel
from meldcode_cli.text import markdown_literal as _md


def render_eigen_meldcode(profiel: Profiel, today: date) -> str:
    kader = profiel.kader
    wie = _md(profiel.naam)
    beroep = _md(profiel.beroep)
    registratie = f" ({_md(profiel.registratie)})" if profiel.registratie else ""
    collega = (
        f"Mijn vaste collega voor dit overleg: {_md(profiel.collega)}."
        if profiel.collega
        else "Ik overleg met een collega die ik daarvoor vooraf heb gekozen, bijvoorbeeld uit"
        " mijn intervisiegroep."
    )
    lines = [
        "# Meldcode huiselijk geweld en kindermishandeling",
        "",
        f"**{wie}**, {beroep}{registratie}",
        "",
        f"Vastgesteld op {format_date(today)}.",
        "",
        "Ik werk als zelfstandige professional en heb daarom, zoals de Wet verplichte"
        " meldcode vraagt, een eigen meldcode. Daarin staat wat ik doe als ik signalen van"
        " huiselijk geweld of kindermishandeling zie: welke stappen ik zet, hoe ik afweeg of"
        " ik meld, met wie ik overleg en hoe ik dat vastleg. Ik werk met het"
        f" {_md(kader.naam)} ({_md(kader.bron)}).",
        "",
        "## Eerst: directe veiligheid",
        "",
        "Is er iemand in direct gevaar, dan bel ik 112. Veilig Thuis is dag en nacht"
        f" bereikbaar, gratis, op {VEILIG_THUIS_TELEFOON}. Daarna ga ik verder met de stappen"
        " hieronder. Ik kijk steeds naar wat de situatie nu onveilig maakt voor het kind of"
        " de afhankelijke volwassene waar het om gaat, en beschrijf dat concreet, feitelijk"
        " en specifiek.",
        "",
        "## De vijf stappen",
        "",
        "1. **Ik breng de signalen in kaart en voer een kindcheck uit.** Ik beschrijf wat ik"
        " zag of hoorde, wanneer en van wie, en wat de situatie nu onveilig maakt. Bij een"
        " risicofactor, zoals een verslaving, beschrijf ik hoe die nu tot onveiligheid leidt."
        " Ik noteer ook wat het vermoeden tegenspreekt. Gaat het om een volwassene wiens"
        " situatie de zorg voor kinderen kan bedreigen, dan ga ik na of er kinderen van hem"
        " of haar afhankelijk zijn en of zij veilig zijn.",
        f"2. **Ik overleg met een collega en raadpleeg zo nodig Veilig Thuis.** {collega}"
        " Veilig Thuis kan ik in elke stap om advies vragen, niet alleen om te melden.",
        "3. **Ik ga in gesprek met de betrokkene(n).** Ik leg het doel van het gesprek uit,"
        " beschrijf de feiten en wat ik heb gezien, nodig de cliënt uit om te reageren, en"
        " kom pas daarna met een interpretatie. Zonder gesprek meld ik alleen als er"
        " concrete aanwijzingen zijn dat de veiligheid van de cliënt, van mij of van een"
        " ander in gevaar is of kan komen, of als er goede redenen zijn om aan te nemen dat"
        " de cliënt door het gesprek het contact met mij verbreekt.",
        "4. **Ik weeg de aard en ernst van het geweld** met de afwegingen 1 en 2 van het"
        " afwegingskader hieronder.",
        "5. **Ik beslis** met de afwegingen 3, 4 en 5: is melden noodzakelijk, en is hulp"
        " bieden of organiseren (ook) mogelijk?",
        "",
        "## Het afwegingskader",
        "",
        f"De vijf afwegingen in de woorden van het {_md(kader.naam)}:",
        "",
    ]
    for afweging in kader.afwegingen:
        lines += [
            f"**Afweging {afweging.nummer}.** {_md(afweging.vraag)}",
            "",
            f"- Nee: {_md(afweging.nee)}",
            f"- Ja: {_md(afweging.ja)}",
            "",
        ]
    if kader.samen_met_veilig_thuis:
        lines += [f"Bij de afwegingen 3, 4 en 5: {_md(kader.samen_met_veilig_thuis)}", ""]
    lines += [
        "## Wanneer ik meld bij Veilig Thuis",
        "",
        "In de woorden van het afwegingskader:",
        "",
    ]
    lines += [f"{n}. {_md(grond)}" for n, grond in enumerate(kader.meldnorm, start=1)]
    lines += [
        "",
        "Melden is een professionele norm. Ik meld ook als ik zelf hulp blijf bieden of"
        " organiseren.",
        "",
        "## Veilig Thuis",
        "",
        f"Veilig Thuis is bereikbaar op {VEILIG_THUIS_TELEFOON}, gratis en dag en nacht. Bij"
        " een melding geef ik mijn contactgegevens. Met een melding draag ik de"
        " verantwoordelijkheid voor het zicht op veiligheid over aan Veilig Thuis, tenzij we"
        " iets anders afspreken; ik blijf betrokken en alert. Veilig Thuis neemt binnen"
        f" {TERUGBEL_WERKDAGEN} werkdagen na de melding contact met mij op. We maken dan"
        " afspraken over de vervolgstappen, de verantwoordelijkheid voor het zicht op"
        " veiligheid, de samenwerking, de afstemming met de directbetrokkenen en de manier"
        " van communiceren. Neemt Veilig Thuis geen contact op, dan bel ik zelf.",
        "",
        "## Hoe ik het dossier bijhoud",
        "",
        "- Ik leg elke stap vast in het dossier van de cliënt: de signalen en hun bron, de"
        " kindcheck, met wie ik overlegde en wat het advies was, het gesprek met de"
        " betrokkenen, elke afweging met mijn toelichting, het besluit en de afspraken.",
        "- Ik gebruik een eigen kenmerk per casus, geen naam of BSN, en noem betrokkenen bij"
        " hun rol. Ik leg alleen vast wat de meldcode nodig heeft.",
        "- Een vastgelegd dossierstuk verander ik niet. Een evaluatie, het vervolg op een"
        " melding of nieuwe signalen leg ik vast als een nieuw dossierstuk dat naar het"
        " eerdere verwijst.",
        "- Besluit ik hulp te bieden, dan leg ik vast wanneer ik evalueer of die hulp tot"
        f" {_md(kader.hulp_leidt_tot)} leidt, en doe dat op die datum.",
        "- Het dossier staat op mijn eigen computer en is alleen voor mij leesbaar.",
        "",
        "## Herzien",
        "",
        "Ik bekijk deze meldcode elk jaar opnieuw, en eerder als de wet, mijn"
        " beroepsvereniging of Veilig Thuis iets verandert.",
        "",
    ]
    return "\n".join(lines)
