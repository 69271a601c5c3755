"""Nothing said that was not said: every sentence the program can add to a reason, a
warning or "Wat nu" is listed here with where it comes from, a quote of a seed (checked
against ../shared/seeds, word for word) or an answer of the practitioner's.

The sentences are collected by walking the rules over every combination of answers
they read, for every kader; a sentence that no row below explains fails the test, and so
does a row that no sentence uses any more.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from meldcode_cli.protocol.afwegingskader import OPEN, OnvolledigeAfweging, besluit
from meldcode_cli.protocol.kaders import KADERS
from meldcode_cli.protocol.procedure import vervolg_for, vervolg_lines
from meldcode_cli.protocol.vervolg import evaluatie_besluit, veilig_thuis_vervolg
from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
DAG = date(2026, 12, 3)
LATER = date(2027, 3, 1)
DATE = r"\d{2}-\d{2}-\d{4}"

# (the sentence as a pattern, where it comes from, the quote that must stand in a seed —
# None where the sentence says what an answer said).
SOURCES: list[tuple[str, str, str | None]] = [
    # --- the afwegingskader itself: each afweging's answer with the kader's own words
    (r"Afweging [1-5]: (ja|nee) — .+", "het antwoord, met de tekst van het kader", None),
    (r"Afweging 2: nee", "het antwoord op afweging 2 (bij disclosure)", None),
    (r"Er is sprake van .+\.", "het antwoord op acute/structurele onveiligheid, in de woorden van het kader", None),
    (r"Iemand heeft zichzelf bij mij gemeld \(disclosure\)\..*", "seed 001, Wanneer meld je, punt 1", "als iemand zichzelf bij jou meldt (disclosure)"),
    (r"Ik kan gelet op mijn competenties.+", "seed 001, Wanneer meld je, punt 2 (bij afweging 3 nee)", "gelet op jouw competenties, verantwoordelijkheden en professionele grenzen"),
    (r"De (direct )?betrokkenen aanvaarden de hulp niet.+", "afweging 4 nee, in de woorden van het kader", "Aanvaarden de direct betrokkenen hulp"),
    (r"Afweging 5 staat open: na de afgesproken termijn beoordeel ik of de hulp tot .+ leidt\.", "het antwoord 'nog niet te beoordelen' en afweging 5", "binnen de gewenste termijn"),
    (rf"Veilig Thuis heeft op {DATE} mijn melding in ontvangst genomen \(stap 2\)\.", "het antwoord in stap 2; seed 004's uitkomst", "wordt in ontvangst genomen"),
    (r"De melding is gedaan\. Afweging 3 en 4 heb ik samen met Veilig Thuis doorlopen\.", "de antwoorden van het vervolg op de melding", None),
    # --- contradictions, shown (the answers they put side by side)
    (r"In stap 2 gaf Veilig Thuis als uitkomst 'einde contact.+", "twee antwoorden naast elkaar", None),
    (r"In stap 2 heeft Veilig Thuis een melding in ontvangst genomen, maar.+", "twee antwoorden naast elkaar", None),
    (r"Aan het begin staat dat er iemand in direct gevaar was, maar.+", "twee antwoorden naast elkaar", None),
    (r"Bij afweging 4 staat dat de direct betrokkenen hulp aanvaarden, maar.+", "twee antwoorden naast elkaar", None),
    (r"Het gesprek met de betrokkene\(n\) is nog niet gevoerd en geen van beide uitzonderingen.+", "het antwoord in stap 3; de uitzonderingen van stap 3", None),
    (r"Afgesloten zonder stap .+ Afweging 1 weegt op basis van de stappen 1 tot en met 4 van de meldcode\.", "de antwoorden in stap 2 en 3; afweging 1", "op basis van de stappen 1 t/m 4"),
    (r"Bij afweging [34] staat nee, maar het zicht op veiligheid ligt volgens dit dossierstuk.+", "twee antwoorden naast elkaar", None),
    # --- the follow-up on a melding
    (r"De melding is \(nog\) niet gedaan\. Melden is een professionele norm.+", "seed 003", "is een professionele norm"),
    (rf"Ik meld alsnog, op {DATE}\.", "het antwoord 'alsnog melden' met de datum", None),
    (r"Ik doorloop de meldcode opnieuw: de situatie is veranderd\.", "het antwoord 'opnieuw doorlopen'", None),
    (r"De melding is gedaan; Veilig Thuis heeft nog geen contact opgenomen\.", "de antwoorden melding gedaan ja, contact nee", None),
    (r"Veilig Thuis heeft contact opgenomen en de afspraken zijn vastgelegd\.", "het antwoord contact ja, met de afspraken", None),
    (r"Afwegingen 3 en 4, samen met Veilig Thuis: ja — ik bied of organiseer \(ook\) hulp, naast de melding\.", "de antwoorden op afweging 3 en 4; seed 002", "Oók als er hulp ingezet gaat worden"),
    (rf"Afweging 5 staat open: op {DATE} beoordeel ik of de hulp tot .+ leidt\.", "de evaluatiedatum; afweging 5", "binnen de gewenste termijn"),
    (r"Afweging [34], samen met Veilig Thuis: nee\. .+", "het antwoord, met de tekst van het kader", None),
    # --- "Wat nu"
    (r"- Nu melden bij Veilig Thuis: 0800-2000 \(gratis, dag en nacht bereikbaar\)\. Bij direct gevaar: bel 112\.", "het antwoord acute onveiligheid of direct gevaar ja; seed 000 en seed 004", "Focus op directe veiligheid"),
    (r"- Bij de melding geef ik mijn contactgegevens\.", "seed 004", "als jij als melder je contactgegevens kenbaar maakt"),
    (r"- Melden bij Veilig Thuis: 0800-2000 \(gratis, dag en nacht bereikbaar\)\. Bij de melding geef ik mijn contactgegevens\.", "seed 004", "als jij als melder je contactgegevens kenbaar maakt"),
    (r"- De cliënt vertellen over de melding, tenzij.+", "seed 000: de cliënt informeren; de uitzonderingen van stap 3", "de cliënt in stap 3 van de meldcode hebben geïnformeerd"),
    (r"- De melding vastleggen zodra die gedaan is \(meldcode vervolg\)\. Veilig Thuis neemt binnen vijf werkdagen na de melding contact op\.", "seed 004", "binnen vijf werkdagen contact met je op"),
    (r"- De afwegingen 3 tot en met 5 samen met Veilig Thuis doorlopen\.", "seed 001, afweging 2 ja", "De afwegingen 3 t/m 5 worden samen met Veilig Thuis doorlopen"),
    (rf"- Op {DATE} evalueren of de hulp tot .+ leidt \(afweging 5\)\.", "de evaluatiedatum; afweging 5", "binnen de gewenste termijn"),
    (r"- Geen vervolg nodig\. Dit besluit (is|wordt) vastgelegd in het dossier\.", "seed 001, afweging 1 nee", "Afsluiten en vastleggen in dossier"),
    (r"- De afspraken over het volgen van toekomstige \(on\)veiligheid met betrokkenen en samenwerkingspartners nakomen\.", "seed 001, afweging 5 ja", "afspraken over het volgen van toekomstige (on)veiligheid met betrokkenen en samenwerkingspartners"),
    (rf"- De melding is op {DATE} gedaan: Veilig Thuis nam haar in ontvangst \(stap 2\)\.", "het antwoord in stap 2", None),
    (rf"- Veilig Thuis neemt binnen vijf werkdagen na de melding contact op: uiterlijk op {DATE}\. Zelf bellen \(0800-2000\) als dat niet gebeurt\.", "seed 004; de datum van de melding; wat je doet als de datum voorbij is (issue 21)", "binnen vijf werkdagen contact met je op"),
    (r"- De afspraken met Veilig Thuis volgen; betrokken en alert blijven\.", "seed 002", "Blijf ook na het doen van de melding betrokken en alert."),
    (rf"- Alsnog melden bij Veilig Thuis \(0800-2000\) op {DATE}, en de melding daarna vastleggen als vervolg op dit dossierstuk\.", "het antwoord 'alsnog melden' met de datum", None),
    (r"- De meldcode opnieuw doorlopen met de nieuwe situatie \(vervolg met --opnieuw\)\.", "het antwoord 'opnieuw doorlopen'", None),
    (r"- Alsnog melden bij Veilig Thuis \(0800-2000\), of de meldcode opnieuw doorlopen als de situatie veranderd is\.", "het antwoord melding gedaan nee (een bestand van versie 1)", None),
    (r"- Dit blijft open staan tot het is opgelost\.", "het antwoord melding gedaan nee", None),
]  # fmt: skip

JA_NEE = ("ja", "nee")


def _start_answers() -> Iterator[dict[str, Any]]:
    """Every combination of what the rules of a first run read."""
    for a1, acuut, structureel, disclosure, a3, a4, a5 in itertools.product(
        JA_NEE, JA_NEE, JA_NEE, JA_NEE, JA_NEE, JA_NEE, (OPEN, "ja", "nee")
    ):
        vijf: dict[str, Any] = {"antwoord": a5}
        if a5 == OPEN:
            vijf["evaluatie_op"] = LATER
        afwegingen = {
            "1": {"antwoord": a1},
            "2": {
                "acute_onveiligheid": acuut,
                "structurele_onveiligheid": structureel,
                "antwoord": "ja" if "ja" in (acuut, structureel) else "nee",
                "disclosure": disclosure,
            },
            "3": {"antwoord": a3},
            "4": {"antwoord": a4},
            "5": vijf,
        }
        for vt, gevaar, gesprek, collega, geinformeerd in itertools.product(
            ("advies_en_ondersteuning", "einde_contact", "melding_in_ontvangst", None),
            JA_NEE,
            ("ja", "nee"),
            JA_NEE,
            JA_NEE,
        ):
            overleg: dict[str, Any] = {"collega": {"gevoerd": collega}}
            overleg["veilig_thuis"] = (
                {"geraadpleegd": "ja", "uitkomst": vt, "datum": DAG}
                if vt
                else {"geraadpleegd": "nee"}
            )
            yield {
                "directe_veiligheid": {"direct_gevaar": gevaar},
                "overleg": overleg,
                "gesprek": {"gevoerd": gesprek, "reden": "nog_niet"},
                "afwegingen": afwegingen,
                "melding": {"betrokkenen_geinformeerd": geinformeerd},
            }


def _veilig_thuis_answers() -> Iterator[dict[str, Any]]:
    for wat_nu in ("alsnog_melden", "opnieuw_doorlopen", None):
        vt: dict[str, Any] = {"melding_gedaan": "nee", "wat_nu": wat_nu}
        if wat_nu == "alsnog_melden":
            vt["melden_op"] = DAG
        yield {"veilig_thuis": vt}
    yield {"veilig_thuis": {"melding_gedaan": "ja", "melding_datum": DAG, "contact": "nee"}}
    contact = {"melding_gedaan": "ja", "melding_datum": DAG, "contact": "ja"}
    yield {"veilig_thuis": contact}  # a file of version 1: no afwegingen
    for drie, vier, zicht in itertools.product(JA_NEE, JA_NEE, ("ik", "veilig_thuis")):
        samen: dict[str, Any] = {"3": {"antwoord": drie}, "4": {"antwoord": vier}}
        if drie == vier == "ja":
            samen["5"] = {"evaluatie_op": LATER}
        yield {"veilig_thuis": {**contact, "zicht_op_veiligheid": zicht, "afwegingen": samen}}


def said() -> set[str]:
    """Every sentence the rules produce, for every kader."""
    found: set[str] = set()
    for kader in KADERS.values():
        for answers in _start_answers():
            try:
                outcome = besluit(answers, kader)
            except OnvolledigeAfweging:
                continue
            found.update(outcome.redenen, outcome.waarschuwingen)
            dates = vervolg_for(outcome, DAG)
            for saved in (True, False):
                found.update(vervolg_lines(outcome, dates, answers, saved=saved))
        earlier = [
            {str(n): {"antwoord": "ja"} for n in (1, 2, 3, 4)},
            {"3": {"antwoord": "ja"}, "4": {"antwoord": "ja"}},  # after a melding
        ]
        for afwegingen, antwoord in itertools.product(earlier, ("ja", "nee", OPEN)):
            evaluatie: dict[str, Any] = {"antwoord": antwoord, "toelichting": "TEST"}
            if antwoord == OPEN:
                evaluatie["evaluatie_op"] = LATER
            outcome = evaluatie_besluit(afwegingen, {"evaluatie": evaluatie}, kader)
            found.update(outcome.redenen, outcome.waarschuwingen)
            found.update(vervolg_lines(outcome, vervolg_for(outcome, DAG), {}))
        for answers in _veilig_thuis_answers():
            vervolg = veilig_thuis_vervolg(answers, kader)
            found.update(vervolg.redenen, vervolg.waarschuwingen)
            dates = vervolg_for(vervolg, DAG, DAG)
            found.update(vervolg_lines(vervolg, dates, answers))
    return found


def test_every_sentence_has_a_source_and_every_source_a_sentence():
    sentences = said()
    used: set[int] = set()
    unexplained = []
    for sentence in sorted(sentences):
        rows = [i for i, (pattern, _, _) in enumerate(SOURCES) if re.fullmatch(pattern, sentence)]
        if len(rows) != 1:
            unexplained.append((sentence, rows))
        used.update(rows)
    assert unexplained == []
    assert [SOURCES[i][0] for i in range(len(SOURCES)) if i not in used] == []


def test_every_quoted_source_stands_in_the_seeds():
    if not SEEDS.exists():
        pytest.skip("shared/seeds is not beside this clone")
    text = " ".join(
        " ".join(path.read_text(encoding="utf-8").split()) for path in SEEDS.glob("*.txt")
    )
    missing = [quote for _, _, quote in SOURCES if quote and quote not in text]
    assert missing == []


def test_no_sentence_says_today():
    """Stored text is read later: a date, never "vandaag"."""
    assert [s for s in said() if re.search(r"\bvandaag\b", s)] == []
