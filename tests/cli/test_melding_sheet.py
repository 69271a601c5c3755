"""`meldcode melding CODE`: Veilig Thuis's questions (seed 004), answered from the entry."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from tests.conftest import TODAY, invoke
from tests.dossier.helpers import resign
from tests.interview.test_answers_file import write_yaml

# Seed 004, in its order: what Veilig Thuis asks, and what it walks through with a melder.
SEED_004 = [
    "Welke informatie heb je over de actuele onveiligheid van alle directbetrokkenen?",
    "Wat zijn je mogelijkheden om zelf de directe veiligheid te herstellen?",
    "Zou je op basis van de wet Meldcode en volgens jouw afwegingskader een melding moeten doen?",
    "Ben je in staat de directe en stabiele veiligheid te herstellen?",
    "Blijft het vermoeden van huiselijk geweld en/of kindermishandeling bestaan?",
    "Is er sprake van (een vermoeden van) acute of structurele onveiligheid?",
    "Ben je als professional in staat passende hulp te bieden of organiseren? Kun je zelf met"
    " een veiligheidsplan werken? Kun je zelf de verantwoordelijkheid voor het zicht op"
    " veiligheid organiseren?",
    "Werken de directbetrokkenen mee aan de geboden of georganiseerde hulp?",
    "Leidt deze hulp tot stabiele veiligheid?",
]
AFSPRAKEN = [
    "de vervolgstappen",
    "de verantwoordelijkheid voor het zicht op veiligheid",
    "de samenwerking tussen jou en Veilig Thuis",
    "de afstemming met de directbetrokkenen",
    "de manier van communiceren",
]


def melden_entry(tmp_path: Path, dossier_dir: Path, raw: dict[str, Any]) -> str:
    raw["afwegingen"][2].update(structurele_onveiligheid="ja", antwoord="ja")
    for nummer in (3, 4, 5):
        raw["afwegingen"].pop(nummer)
    raw["melding"] = {
        "actuele_onveiligheid": "TEST: vader schreeuwt als hij drinkt, kinderen thuis",
        "eigen_mogelijkheden": "TEST: wekelijks gesprek met moeder",
        "zicht_op_veiligheid": "overnemen",
        "betrokkenen_geinformeerd": "nee",
        "waarom_niet_geinformeerd": "TEST: vader is agressief",
    }
    path = write_yaml(tmp_path, raw)
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 0, run.output
    return str(json.loads(run.stdout)["id"])


def test_every_question_of_seed_004_with_its_answer(tmp_path, dossier_dir, example_raw):
    entry_id = melden_entry(tmp_path, dossier_dir, example_raw)
    run = invoke(["melding", entry_id[-6:], "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 0, run.output
    sheet = json.loads(run.stdout)
    assert sheet["veilig_thuis"] == "0800-2000"
    assert [v["vraag"] for v in sheet["vragen"]][: len(SEED_004)] == SEED_004
    answers = {v["vraag"]: v["antwoord"] for v in sheet["vragen"]}
    assert answers[SEED_004[0]][0] == (
        "Actuele onveiligheid: TEST: vader schreeuwt als hij drinkt, kinderen thuis"
    )
    assert any(
        line.startswith("Signaal 1: 20-11-2026 — Verteld door de cliënt — Zoon (8)")
        for line in answers[SEED_004[0]]
    )
    assert "Leeftijden van de kinderen: 8, 5" in answers[SEED_004[0]]
    assert answers[SEED_004[1]] == ["Mijn mogelijkheden: TEST: wekelijks gesprek met moeder"]
    assert answers[SEED_004[2]][0] == "Besluit: Melden bij Veilig Thuis"
    assert answers[SEED_004[3]] == [
        "Bij de melding: Ik verzoek Veilig Thuis om de verantwoordelijkheid voor het zicht op"
        " veiligheid over te nemen."
    ]
    assert answers[SEED_004[4]][0] == "Afweging 1: ja — Ga verder met afweging 2."
    assert "Structurele onveiligheid: ja" in answers[SEED_004[5]]
    for vraag in SEED_004[6:9]:  # afwegingen 3 to 5: with Veilig Thuis, after the melding
        assert answers[vraag] == [
            "Nog niet beantwoord: deze afweging wordt samen met Veilig Thuis doorlopen."
        ]
    assert "Vormen van geweld: Kindermishandeling, Huiselijk geweld" in answers[SEED_004[0]]
    # Seed 004: a melding needs the melder's contact details; without a profile, said so.
    assert sheet["melder"] == [
        "Geen profiel: geef Veilig Thuis je naam en hoe het je bereikt (leg ze vast"
        " met: meldcode profiel)."
    ]
    assert sheet["let_op"] == [
        "Dit dossier noemt de directbetrokkenen alleen bij hun rol: houd hun persoonsgegevens"
        " bij de hand voor Veilig Thuis."
    ]
    assert sheet["afspraken_over"] == AFSPRAKEN


def test_nothing_beyond_what_the_entry_holds(tmp_path, dossier_dir, example_raw):
    entry_id = melden_entry(tmp_path, dossier_dir, example_raw)
    run = invoke(["melding", entry_id[-6:], "--dossier-dir", str(dossier_dir), "--json"])
    text = json.dumps(json.loads(run.stdout), ensure_ascii=False)
    document = json.loads((dossier_dir / f"{entry_id}.json").read_text(encoding="utf-8"))
    for line in (line for v in json.loads(run.stdout)["vragen"] for line in v["antwoord"]):
        if ": " in line and not line.startswith(("Afweging", "Besluit", "Nog niet")):
            value = line.split(": ", 1)[1]
            if value.startswith("TEST"):
                assert value in json.dumps(document, ensure_ascii=False), value
    assert "Jan" not in text


def test_the_sheet_on_screen_and_as_a_private_markdown_file(tmp_path, dossier_dir, example_raw):
    entry_id = melden_entry(tmp_path, dossier_dir, example_raw)
    run = invoke(["melding", entry_id[-6:], "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    for vraag in SEED_004:
        assert vraag.split()[0] in run.stdout
    assert "0800-2000" in run.stdout
    out = tmp_path / "blad.md"
    run = invoke(
        ["melding", entry_id[-6:], "--dossier-dir", str(dossier_dir), "--markdown", str(out)]
    )
    assert run.code == 0, run.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    tokens = MarkdownIt("commonmark").parse(out.read_text(encoding="utf-8"))
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    # The title, where the melding stands (as `dossier open` says), then seed 004's questions.
    assert headings[1:5] == ["Stand van de melding", "Melder", "Let op", "Wat Veilig Thuis vraagt"]
    assert headings[5:14] == SEED_004
    assert not any(t.type.startswith("html") for t in tokens)
    again = invoke(
        ["melding", entry_id[-6:], "--dossier-dir", str(dossier_dir), "--markdown", str(out)]
    )
    assert again.code == 2 and "overschrijf" in again.stderr


def test_no_sheet_without_a_melding(tmp_path, dossier_dir, example_raw):
    path = write_yaml(tmp_path, example_raw)
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir), "--json"])
    entry_id = json.loads(run.stdout)["id"]
    run = invoke(["melding", entry_id[-6:], "--dossier-dir", str(dossier_dir)])
    assert run.code == 2
    # The decision in the kader's words (afweging 4, ja), never the code hulp_bieden.
    assert run.stderr.startswith(
        f"Fout: Bij dossierstuk {entry_id} hoort geen melding: het besluit was"
        " 'Hulp bieden of organiseren'.\n"
    ), run.stderr


def test_the_questions_of_version_2_reach_the_sheet(tmp_path, dossier_dir, example_raw):
    from tests.conftest import as_version_2

    raw = as_version_2(example_raw)
    raw["risicofactoren_nu"] = "TEST: als vader drinkt is hij 's avonds alleen met de kinderen"
    raw["tegensignalen"] = "TEST: de kinderen gaan graag naar huis"
    raw["kindcheck"]["verzorgers"] = "moeder en grootmoeder"
    raw["gesprek"]["melding_besproken"] = "ja"
    entry_id = melden_entry(tmp_path, dossier_dir, raw)
    run = invoke(["melding", entry_id[-6:], "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 0, run.output
    answers = {v["vraag"]: v["antwoord"] for v in json.loads(run.stdout)["vragen"]}
    actueel = answers[SEED_004[0]]
    for line in (
        "Wat de situatie nu onveilig maakt: TEST: vader drinkt en schreeuwt 's avonds; kind"
        " slaapt slecht",
        "Directbetrokkenen: kind, 8 jaar; moeder; vader",
        "Direct gevaar: Nee",
        "Hoe de risicofactoren nu tot onveiligheid leiden: TEST: als vader drinkt is hij 's"
        " avonds alleen met de kinderen",
        "Signalen die het vermoeden tegenspreken: TEST: de kinderen gaan graag naar huis",
        "Wie voor de kinderen zorgen: moeder en grootmoeder",
    ):
        assert line in actueel
    assert answers["Zijn de betrokkenen over de melding geïnformeerd?"][0] == (
        "In het gesprek (stap 3): Ja, ik heb verteld dat ik overweeg te melden"
    )


def test_an_evaluation_that_ends_in_opnieuw_melden_has_a_sheet_from_the_case(
    tmp_path, dossier_dir, example_raw
):
    import yaml

    path = write_yaml(tmp_path, example_raw)  # hulp bieden
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir), "--json"])
    first = json.loads(run.stdout)["id"]
    evaluatie = tmp_path / "evaluatie.yaml"
    evaluatie.write_text(
        yaml.safe_dump(
            {
                "versie": 2,
                "evaluatie": {
                    "datum": "vandaag",
                    "antwoord": "nee",
                    "toelichting": "TEST: vader drinkt weer, moeder gewond",
                },
                "melding": {
                    "actuele_onveiligheid": "TEST: moeder had een blauw oog",
                    "eigen_mogelijkheden": "TEST: geen, de ouders stoppen de hulp",
                    "zicht_op_veiligheid": "overnemen",
                    "betrokkenen_geinformeerd": "ja",
                    "hoe_geinformeerd": "TEST: moeder, vandaag",
                },
            }
        ),
        encoding="utf-8",
    )
    run = invoke(
        [
            "vervolg",
            first[-6:],
            "--answers",
            str(evaluatie),
            "--dossier-dir",
            str(dossier_dir),
            "--json",
        ]
    )
    assert run.code == 0, run.output
    second = json.loads(run.stdout)
    assert second["uitkomst"] == "opnieuw_melden"
    run = invoke(["melding", second["id"][-6:], "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 0, run.output
    sheet = json.loads(run.stdout)
    assert sheet["dossierstuk"] == second["id"]
    assert sheet["eerdere_dossierstukken"] == [first]
    answers = {v["vraag"]: v["antwoord"] for v in sheet["vragen"]}
    actueel = answers[SEED_004[0]]
    assert actueel[0] == "Actuele onveiligheid: TEST: moeder had een blauw oog"
    assert any(
        line.startswith("Signaal 1: 20-11-2026 — Verteld door de cliënt") for line in actueel
    )
    assert answers[SEED_004[2]][0] == "Besluit: (Opnieuw) melden bij Veilig Thuis"
    # What the earlier entry said carries its date and code; the evaluation's own not.
    earlier = f"({TODAY:%d-%m-%Y}, dossierstuk {first[-6:]})"
    assert answers[SEED_004[4]][0] == f"Afweging 1: ja — Ga verder met afweging 2. {earlier}"
    assert answers[SEED_004[6]][0] == f"Afweging 3: ja — Ga verder met afweging 4. {earlier}"
    assert all(line.endswith(earlier) for line in actueel if line.startswith("Signaal"))
    assert answers[SEED_004[8]] == [
        "Afweging 5: nee — (Opnieuw) melden bij Veilig Thuis.",
        "Toelichting: TEST: vader drinkt weer, moeder gewond",
    ]
    # The melding of this evaluation, never an earlier one.
    assert answers[SEED_004[1]] == ["Mijn mogelijkheden: TEST: geen, de ouders stoppen de hulp"]


def test_no_sheet_in_the_words_of_an_unknown_kader(tmp_path, dossier_dir, example_raw):
    entry_id = melden_entry(tmp_path, dossier_dir, example_raw)
    path = dossier_dir / f"{entry_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["kader"]["id"] = "kader-van-later"
    resign(path, document)  # as a later meldcode would have written it
    run = invoke(["melding", entry_id[-6:], "--dossier-dir", str(dossier_dir)])
    assert run.code != 0
    assert "afwegingskader dat deze versie van meldcode niet kent" in run.stderr


SEED_004_ADVIES = [  # "Vraag ik advies of wil ik melden?", then the advice call itself
    "Welke informatie heb je over de actuele onveiligheid van alle directbetrokkenen?",
    "Wat zijn je mogelijkheden om zelf de directe veiligheid te herstellen?",
    "Wat zou je kunnen doen om de onveiligheid met directbetrokkenen te bespreken?",
    "Wat zou je kunnen doen om de onveiligheid aan te pakken?",
    "Welke mogelijkheden heb je om de lokale deskundigen te betrekken bij de aanpak?",
    "Hoe kan Veilig Thuis je daarbij ondersteunen?",
    "Heb je behoefte aan een volgend adviesgesprek over dezelfde casus?",
]


def test_the_advice_sheet_for_any_entry(tmp_path, dossier_dir, example_raw):
    """An advice call (stap 2) needs no melding: the sheet of seed 004's advice questions
    for an entry that ends in hulp bieden, answered only from the entry."""
    path = write_yaml(tmp_path, example_raw)
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir), "--json"])
    entry_id = json.loads(run.stdout)["id"]
    run = invoke(
        ["melding", entry_id[-6:], "--advies", "--json", "--dossier-dir", str(dossier_dir)]
    )
    assert run.code == 0, run.output
    sheet = json.loads(run.stdout)
    assert [v["vraag"] for v in sheet["vragen"]] == SEED_004_ADVIES
    answers = {v["vraag"]: v["antwoord"] for v in sheet["vragen"]}
    assert answers[SEED_004_ADVIES[2]] == [
        "Gesprek gevoerd: Ja",
        "Gesprek 1: 22-11-2026 — moeder en vader — Ouders bevestigen het incident en"
        " herkennen de zorgen. Vader wil hulp voor zijn drankgebruik.",
    ]
    assert answers[SEED_004_ADVIES[4]] == ["Niet vastgelegd in het dossierstuk."]
    # An advice call is no melding: the line about the melder says nothing of one.
    assert sheet["melder"] == [
        "Geen profiel: geef Veilig Thuis je naam en hoe het je bereikt (leg ze vast met:"
        " meldcode profiel)."
    ]
    assert answers[SEED_004_ADVIES[5]] == [
        "Veilig Thuis geraadpleegd: Ja",
        "Datum: 21-11-2026",
        "Uitkomst: Advisering en ondersteuning van mij als professional",
        "Advies: Bespreek de zorgen met beide ouders en maak afspraken over een veiligheidsplan.",
    ]
    assert sheet["overleggen_over"] == [
        "de verdeling van de verantwoordelijkheden tussen jou en Veilig Thuis",
        "de manier waarop Veilig Thuis omgaat met het registreren van gegevens naar"
        " aanleiding van een advies",
    ]
    out = tmp_path / "advies.md"
    run = invoke(
        [
            "melding",
            entry_id[-6:],
            "--advies",
            "--markdown",
            str(out),
            "--dossier-dir",
            str(dossier_dir),
        ]
    )
    assert run.code == 0, run.output
    tokens = MarkdownIt("commonmark").parse(out.read_text(encoding="utf-8"))
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Advies van Veilig Thuis — casus VB-2026-017"
    assert headings[3:10] == SEED_004_ADVIES


def test_a_file_cannot_say_where_its_answers_came_from(tmp_path, dossier_dir, example_raw):
    """The dates and codes beside earlier answers come from the chain, never from a key a
    changed file carries."""
    entry_id = melden_entry(tmp_path, dossier_dir, example_raw)
    path = dossier_dir / f"{entry_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["_herkomst"] = {"signalen": "VERZONNEN", "afwegingen.1": "VERZONNEN"}
    resign(path, document)  # even signed by the key's holder
    for extra in ([], ["--advies"]):
        run = invoke(
            ["melding", entry_id[-6:], "--json", "--dossier-dir", str(dossier_dir), *extra]
        )
        assert run.code == 0, run.output
        assert "VERZONNEN" not in run.stdout
