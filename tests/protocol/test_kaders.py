"""The kader as a value: each kader exact to its source, chosen per answers file, kept by
every follow-up, and a new kader is one module plus one registry line."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from meldcode_cli.protocol.kaders import KADERS
from tests.conftest import EVALUATIE_OP, as_version_2, entries, invoke, only_entry
from tests.dossier.helpers import resign
from tests.interview.test_answers_file import start_with, write_yaml

# Seed 003, word for word (the generic wording, also published by the NJI).
GENERIEK = [
    (
        "Heb ik op basis van de stappen 1 tot en met 4 van de meldcode een vermoeden van"
        " (dreiging van) huiselijk geweld en/of kindermishandeling?",
        "Afsluiten en vastleggen in dossier",
        "Ga verder met afweging 2.",
    ),
    (
        "Schat ik op basis van de stappen 1 tot en met 4 van de meldcode in dat er sprake is"
        " van acute onveiligheid en/of structurele onveiligheid?",
        "Ga verder met afweging 3",
        "Melden bij Veilig Thuis. De afwegingen 3 tot en met 5 worden samen met Veilig Thuis"
        " doorlopen.",
    ),
    (
        "Ben ik in staat effectieve hulp te bieden of te organiseren om dreiging van"
        " (toekomstig) huiselijk geweld en/of kindermishandeling af te wenden?",
        "Melden bij Veilig Thuis",
        "Ga verder met afweging 4.",
    ),
    (
        "Aanvaarden de betrokkenen hulp om dreiging van (toekomstig) huiselijk geweld en/of"
        " kindermishandeling af te wenden en zijn zij bereid zich hiervoor in te zetten?",
        "Melden bij Veilig Thuis",
        "Hulp bieden of organiseren, ga verder met afweging 5.",
    ),
    (
        "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten ten aanzien"
        " van de veiligheid en/of het welzijn (herstel) van alle betrokkenen?",
        "(Opnieuw) melden bij Veilig Thuis.",
        "hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
        " betrokkenen en samenwerkingspartners.",
    ),
]


@pytest.mark.parametrize("nummer", [1, 2, 3, 4, 5])
def test_the_generic_kader_is_seed_003_word_for_word(nummer):
    afweging = KADERS["meldcode-generiek"].afweging(nummer)
    assert (afweging.vraag, afweging.nee, afweging.ja) == GENERIEK[nummer - 1]


def test_meldcode_kaders_lists_them(tmp_path):
    run = invoke(["kaders", "--json"])
    assert run.code == 0, run.output
    assert json.loads(run.stdout) == [
        {
            "id": "verbeterde-meldcode-2018-11",
            "naam": "Afwegingskader verbeterde meldcode huiselijk geweld en kindermishandeling",
            "bron": "verbeterde meldcode, tekst van november 2018 (van kracht sinds 1 januari"
            " 2019)",
            "standaard": True,
        },
        {
            "id": "meldcode-generiek",
            "naam": "Afwegingskader meldcode huiselijk geweld en kindermishandeling (algemene"
            " tekst)",
            "bron": "algemene tekst van het afwegingskader, zoals ook gepubliceerd door het NJi",
            "standaard": False,
        },
    ]
    run = invoke(["kaders"])
    assert run.code == 0 and "meldcode-generiek" in run.stdout and "(standaard)" in run.stdout


def generiek(raw: dict[str, Any]) -> dict[str, Any]:
    raw = as_version_2(raw)
    raw["kader"] = "meldcode-generiek"
    del raw["afwegingen"][2]["disclosure"]  # seed 003 has no disclosure ground
    return raw


def markdown_of(folder: Path) -> str:
    [path] = entries(folder)
    return path.with_suffix(".md").read_text(encoding="utf-8")


def test_an_answers_file_with_the_generic_kader_quotes_its_questions(
    tmp_path, dossier_dir, example_raw
):
    run = start_with(write_yaml(tmp_path, generiek(example_raw)), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["kader"]["id"] == "meldcode-generiek"
    assert entry["besluit"]["uitkomst"] == "hulp_bieden"
    assert entry["besluit"]["redenen"][:2] == [
        "Afweging 1: ja — Ga verder met afweging 2.",
        "Afweging 2: nee — Ga verder met afweging 3",
    ]
    markdown = markdown_of(dossier_dir)
    for vraag, _, _ in GENERIEK:
        assert f"> {vraag}\n" in markdown
    assert "(een vermoeden van)" not in markdown
    assert "Disclosure" not in markdown
    assert (
        "- **Afwegingskader:** algemene tekst van het afwegingskader, zoals ook gepubliceerd"
        " door het NJi" in markdown
    )


def test_the_generic_kader_has_no_disclosure_question(tmp_path, dossier_dir, example_raw):
    raw = generiek(example_raw)
    raw["afwegingen"][2]["disclosure"] = "ja"
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 2
    assert "afwegingen.2.disclosure" in run.stderr and "onbekende sleutel" in run.stderr
    assert entries(dossier_dir) == []


def test_the_2018_kader_quotes_its_own_questions(tmp_path, dossier_dir, example_raw):
    raw = as_version_2(example_raw)
    raw["kader"] = "verbeterde-meldcode-2018-11"
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 0, run.output
    markdown = markdown_of(dossier_dir)
    assert (
        "> Aanvaarden de direct betrokkenen hulp om dreiging van (toekomstig) huiselijk geweld"
        " en/of kindermishandeling af te wenden en zijn zij in staat zich hiervoor in te"
        " zetten?\n" in markdown
    )
    assert only_entry(dossier_dir)["kader"]["id"] == "verbeterde-meldcode-2018-11"


def test_an_unknown_kader_is_refused(tmp_path, dossier_dir, example_raw):
    raw = as_version_2(example_raw)
    raw["kader"] = "mijn-eigen-kader"
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 2
    assert "kader 'mijn-eigen-kader' kent meldcode niet; kies uit:" in run.stderr
    assert "meldcode-generiek" in run.stderr
    assert entries(dossier_dir) == []


def test_a_follow_up_keeps_the_kader_of_its_case(tmp_path, dossier_dir, example_raw):
    run = start_with(write_yaml(tmp_path, generiek(example_raw)), dossier_dir, "--json")
    assert run.code == 0, run.output
    first = json.loads(run.stdout)["id"]
    evaluatie = {
        "versie": 2,
        "evaluatie": {"datum": "vandaag", "antwoord": "ja", "toelichting": "T", "afspraken": "T"},
    }
    path = tmp_path / "evaluatie.yaml"
    path.write_text(yaml.safe_dump({**evaluatie, "kader": "verbeterde-meldcode-2018-11"}))
    args = ["vervolg", first, "--answers", str(path), "--dossier-dir", str(dossier_dir)]
    run = invoke([*args, "--json"])
    assert run.code == 2
    assert "Een vervolg houdt het kader van de casus." in run.stderr

    path.write_text(yaml.safe_dump(evaluatie))
    run = invoke([*args, "--json"])
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["besluit"]["titel"] == (
        "Hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
        " betrokkenen en samenwerkingspartners"
    )
    document = json.loads(Path(result["bestanden"]["json"]).read_text(encoding="utf-8"))
    assert document["kader"]["id"] == "meldcode-generiek"
    markdown = Path(result["bestanden"]["markdown"]).read_text(encoding="utf-8")
    assert "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten" in (markdown)
    assert "stabiele veiligheid" not in markdown


def test_the_template_and_schema_of_a_kader(tmp_path):
    run = invoke(["template", "--kader", "meldcode-generiek"])
    assert run.code == 0, run.output
    template = yaml.safe_load(run.stdout)
    assert template["kader"] == "meldcode-generiek"
    assert "disclosure" not in template["afwegingen"]["2"]
    # The kader's own words, in the comments (wrapped at 80 columns: read as one text).
    comments = " ".join(
        line.strip().removeprefix("#").strip()
        for line in run.stdout.splitlines()
        if line.strip().startswith("#")
    )
    assert "zijn zij bereid zich hiervoor in te zetten?" in comments
    run = invoke(["template"])
    assert yaml.safe_load(run.stdout)["kader"] == "verbeterde-meldcode-2018-11"
    run = invoke(["template", "--kader", "bestaat-niet"])
    assert run.code == 2 and "kies uit: verbeterde-meldcode-2018-11, meldcode-generiek" in (
        run.stderr
    )
    run = invoke(["schema", "--kader", "meldcode-generiek"])
    assert run.code == 0, run.output
    schema = json.loads(run.stdout)
    assert "meldcode-generiek" in schema["properties"]["kader"]["enum"]


def test_a_kader_is_one_module_plus_one_registry_line(tmp_path, dossier_dir, example_raw):
    """A test-only kader: registered, it runs a whole answers file, and the entry quotes
    it. Nothing else in the code knows about it."""
    from meldcode_cli.protocol.kader import Afweging
    from meldcode_cli.protocol.kaders import DEFAULT

    proef = replace(
        DEFAULT,
        id="test-proefkader",
        naam="TEST proefkader",
        bron="alleen voor de tests",
        afwegingen=(  # type: ignore[arg-type]
            *(
                Afweging(a.nummer, f"TEST vraag {a.nummer}?", f"TEST nee {a.nummer}.", a.ja)
                for a in DEFAULT.afwegingen[:4]
            ),
            Afweging(5, "TEST vraag 5 tot TEST resultaat?", "TEST nee 5.", "TEST ja 5."),
        ),
        hulp_leidt_tot="TEST resultaat",
    )
    KADERS[proef.id] = proef  # registered as a kader's module is: one line
    try:
        raw = as_version_2(example_raw)
        raw["kader"] = "test-proefkader"
        run = start_with(write_yaml(tmp_path, raw), dossier_dir)
        assert run.code == 0, run.output
        markdown = markdown_of(dossier_dir)
        for nummer in range(1, 5):
            assert f"> TEST vraag {nummer}?\n" in markdown
        assert "> TEST vraag 5 tot TEST resultaat?\n" in markdown
        assert "- **Afwegingskader:** alleen voor de tests" in markdown
        assert only_entry(dossier_dir)["kader"]["id"] == "test-proefkader"
    finally:
        KADERS.pop("test-proefkader")


def test_every_entry_before_kaders_is_of_the_2018_kader(tmp_path, dossier_dir, example_raw):
    """An entry without a kader (written before entries said it) takes today's default;
    one with a kader this version does not know is refused for a follow-up."""
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir, "--json")
    first = json.loads(run.stdout)["id"]
    path = dossier_dir / f"{first}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["kader"]["id"] = "onbekend-kader"
    resign(path, document)  # as a later version of meldcode would have written it
    evaluatie = tmp_path / "e.yaml"
    evaluatie.write_text(
        yaml.safe_dump(
            {
                "versie": 2,
                "evaluatie": {"datum": "vandaag", "antwoord": "ja", "toelichting": "T"},
            }
        )
    )
    run = invoke(["vervolg", first, "--answers", str(evaluatie), "--dossier-dir", str(dossier_dir)])
    assert run.code != 0
    assert "afwegingskader dat deze versie van meldcode niet kent (onbekend-kader)" in (run.stderr)


# Every path through the generic kader (seed 003), its outcome and its reasons written out
# from the seed: the afwegingen's own ja and nee, and "Wanneer meld je" in the first person.
G_EEN_JA = "Afweging 1: ja — Ga verder met afweging 2."
G_TWEE_NEE = "Afweging 2: nee — Ga verder met afweging 3"
G_TWEE_JA = (
    "Afweging 2: ja — Melden bij Veilig Thuis. De afwegingen 3 tot en met 5 worden samen met"
    " Veilig Thuis doorlopen."
)
G_DRIE_JA = "Afweging 3: ja — Ga verder met afweging 4."
G_VIER_JA = "Afweging 4: ja — Hulp bieden of organiseren, ga verder met afweging 5."


def _two(acute: str, structureel: str) -> dict[str, str]:
    return {
        "acute_onveiligheid": acute,
        "structurele_onveiligheid": structureel,
        "toelichting": "t",
    }


def _a(antwoord: str) -> dict[str, str]:
    return {"antwoord": antwoord, "toelichting": "t"}


GENERIEKE_PADEN = {
    "1 nee": (
        {"1": _a("nee")},
        "afsluiten",
        "Afsluiten en vastleggen in dossier",
        ["Afweging 1: nee — Afsluiten en vastleggen in dossier"],
    ),
    "acute": (
        {"1": _a("ja"), "2": _two("ja", "nee")},
        "melden",
        "Melden bij Veilig Thuis",
        [G_EEN_JA, G_TWEE_JA, "Er is sprake van acute onveiligheid: direct fysiek gevaar."],
    ),
    "structureel": (
        {"1": _a("ja"), "2": _two("nee", "ja")},
        "melden",
        "Melden bij Veilig Thuis",
        [
            G_EEN_JA,
            G_TWEE_JA,
            "Er is sprake van structurele onveiligheid: herhaling of voortduren van een"
            " onveilige situatie.",
        ],
    ),
    "3 nee": (
        {"1": _a("ja"), "2": _two("nee", "nee"), "3": _a("nee")},
        "melden",
        "Melden bij Veilig Thuis",
        [
            G_EEN_JA,
            G_TWEE_NEE,
            "Afweging 3: nee — Melden bij Veilig Thuis",
            "Ik kan gelet op mijn competenties, mijn verantwoordelijkheden en mijn"
            " professionele grenzen in onvoldoende mate effectieve hulp bieden of organiseren"
            " bij (risico's op) huiselijk geweld en/of kindermishandeling.",
        ],
    ),
    "4 nee": (
        {"1": _a("ja"), "2": _two("nee", "nee"), "3": _a("ja"), "4": _a("nee")},
        "melden",
        "Melden bij Veilig Thuis",
        [
            G_EEN_JA,
            G_TWEE_NEE,
            G_DRIE_JA,
            "Afweging 4: nee — Melden bij Veilig Thuis",
            "De betrokkenen aanvaarden de hulp niet of zijn niet bereid zich ervoor in te zetten.",
        ],
    ),
    "5 open": (
        {
            "1": _a("ja"),
            "2": _two("nee", "nee"),
            "3": _a("ja"),
            "4": _a("ja"),
            "5": {"antwoord": "open", "evaluatie_op": EVALUATIE_OP.isoformat()},
        },
        "hulp_bieden",
        "Hulp bieden of organiseren",
        [
            G_EEN_JA,
            G_TWEE_NEE,
            G_DRIE_JA,
            G_VIER_JA,
            "Afweging 5 staat open: na de afgesproken termijn beoordeel ik of de hulp tot de"
            " noodzakelijke resultaten ten aanzien van de veiligheid en/of het welzijn (herstel)"
            " van alle betrokkenen leidt.",
        ],
    ),
    "5 ja": (
        {"1": _a("ja"), "2": _two("nee", "nee"), "3": _a("ja"), "4": _a("ja"), "5": _a("ja")},
        "hulp_afsluiten",
        "Hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
        " betrokkenen en samenwerkingspartners",
        [
            G_EEN_JA,
            G_TWEE_NEE,
            G_DRIE_JA,
            G_VIER_JA,
            "Afweging 5: ja — hulp afsluiten met afspraken over het volgen van toekomstige"
            " (on)veiligheid met betrokkenen en samenwerkingspartners.",
        ],
    ),
    "5 nee": (
        {"1": _a("ja"), "2": _two("nee", "nee"), "3": _a("ja"), "4": _a("ja"), "5": _a("nee")},
        "opnieuw_melden",
        "(Opnieuw) melden bij Veilig Thuis",
        [
            G_EEN_JA,
            G_TWEE_NEE,
            G_DRIE_JA,
            G_VIER_JA,
            "Afweging 5: nee — (Opnieuw) melden bij Veilig Thuis.",
        ],
    ),
}


@pytest.mark.parametrize("pad", sorted(GENERIEKE_PADEN))
def test_every_path_of_the_generic_kader(tmp_path, dossier_dir, example_raw, pad):
    afwegingen, uitkomst, titel, redenen = GENERIEKE_PADEN[pad]
    raw = generiek(example_raw)
    raw["afwegingen"] = afwegingen
    if uitkomst in ("melden", "opnieuw_melden"):
        raw["melding"] = {
            "actuele_onveiligheid": "TEST",
            "eigen_mogelijkheden": "TEST",
            "zicht_op_veiligheid": "overnemen",
            "betrokkenen_geinformeerd": "ja",
            "hoe_geinformeerd": "TEST",
        }
    run = start_with(write_yaml(tmp_path, raw), dossier_dir, "--json")
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["uitkomst"] == uitkomst
    assert result["besluit"]["titel"] == titel
    assert result["besluit"]["redenen"] == redenen


def test_afweging_5_is_never_shortened():
    """Issue 21: the evaluation, "Wat nu" and the eigen meldcode lost "en/of het welzijn
    (herstel)". What the help must lead to stands whole, word for word in afweging 5, and
    a kader whose words do not fit is refused when it is made."""
    import dataclasses

    from meldcode_cli.protocol.kaders import KADERS

    assert KADERS["verbeterde-meldcode-2018-11"].hulp_leidt_tot == (
        "stabiele veiligheid en/of het welzijn (herstel) van alle direct betrokkenen"
    )
    assert KADERS["meldcode-generiek"].hulp_leidt_tot == (
        "de noodzakelijke resultaten ten aanzien van de veiligheid en/of het welzijn"
        " (herstel) van alle betrokkenen"
    )
    kader = KADERS["verbeterde-meldcode-2018-11"]
    with pytest.raises(ValueError, match="hulp_leidt_tot"):
        dataclasses.replace(kader, hulp_leidt_tot="stabiele veiligheid")
