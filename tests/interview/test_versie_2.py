"""Answers files of version 2 (seed 000 and 004 questions, stap 3 as a list of
conversations) next to files of version 1, which keep giving an entry."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TODAY, as_version_2, entries, invoke, only_entry, pick
from tests.interview.test_answers_file import start_with, write_yaml


def markdown_of(folder: Path) -> str:
    [path] = entries(folder)
    return path.with_suffix(".md").read_text(encoding="utf-8")


TWEE_GESPREKKEN = [
    {"met": "moeder", "datum": "2026-11-21", "verslag": "TEST: moeder herkent de zorgen"},
    {"met": "kind, 8 jaar", "datum": "2026-11-22", "verslag": "TEST: kind is opgelucht"},
]


def test_each_conversation_is_recorded_with_whom_when_and_what(tmp_path, dossier_dir, example_raw):
    raw = as_version_2(example_raw)
    raw["gesprek"]["gesprekken"] = TWEE_GESPREKKEN
    raw["gesprek"]["melding_besproken"] = "nee"
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 0, run.output
    gesprek = only_entry(dossier_dir)["antwoorden"]["gesprek"]
    assert gesprek == {
        "gevoerd": "ja",
        "gesprekken": [
            {"met": "moeder", "datum": "2026-11-21", "verslag": "TEST: moeder herkent de zorgen"},
            {"met": "kind, 8 jaar", "datum": "2026-11-22", "verslag": "TEST: kind is opgelucht"},
        ],
        "melding_besproken": "nee",
    }
    markdown = markdown_of(dossier_dir)
    assert (
        "- **Gesprekken:**\n"
        "  1. Gesprek 1\n"
        "     - **Met:** moeder\n"
        "     - **Datum:** 21-11-2026\n"
        "     - **Verslag:** TEST: moeder herkent de zorgen\n"
        "  2. Gesprek 2\n"
        "     - **Met:** kind, 8 jaar\n"
        "     - **Datum:** 22-11-2026\n"
        "     - **Verslag:** TEST: kind is opgelucht\n"
        "- **Voorgenomen melding besproken:** Nee, dat heb ik (nog) niet verteld\n"
    ) in markdown


def test_a_version_1_file_gives_its_one_conversation_as_the_first_of_the_list(
    tmp_path, dossier_dir, example_raw
):
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)  # the example: versie 1
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["antwoorden"]["gesprek"] == {
        "gevoerd": "ja",
        "gesprekken": [
            {
                "met": "moeder en vader",
                "datum": "2026-11-22",
                "verslag": "Ouders bevestigen het incident en herkennen de zorgen. Vader wil"
                " hulp voor zijn drankgebruik.",
            }
        ],
    }
    # What version 2 asks and version 1 did not is said plainly, never invented.
    markdown = markdown_of(dossier_dir)
    for title in ("Wat de situatie nu onveilig maakt", "Directbetrokkenen"):
        assert f"- **{title}:** Niet beantwoord.\n" in markdown
    # Since version 4 that is asked with a melding, not in stap 3: not a question missed.
    assert "Voorgenomen melding besproken" not in markdown
    assert "onveiligheid_nu" not in entry["antwoorden"]
    assert "melding_besproken" not in entry["antwoorden"]["gesprek"]


def test_a_mistake_in_a_version_1_file_is_named_where_it_stands(tmp_path, dossier_dir, example_raw):
    example_raw["gesprek"]["datum"] = "32-11-2026"
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 2
    assert "gesprek.datum (regel 41): '32-11-2026' bestaat niet als datum." in run.stderr
    assert entries(dossier_dir) == []


def test_version_2_keeps_each_conversation_in_the_list(tmp_path, dossier_dir, example_raw):
    raw = copy.deepcopy(as_version_2(example_raw))
    raw["gesprek"] = {**example_raw["gesprek"], "melding_besproken": "nee"}  # old shape
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 2
    assert "gesprek.datum (regel" in run.stderr and "onbekende sleutel" in run.stderr
    assert "gesprek.gesprekken (regel 39): ontbreekt: minstens één gesprek." in run.stderr
    assert entries(dossier_dir) == []


def _drop(raw: dict[str, Any], path: str) -> dict[str, Any]:
    node: Any = raw
    *parents, last = path.split(".")
    for key in parents:
        node = node[int(key) if key.isdigit() and isinstance(node, list) else key]
    del node[last]
    return raw


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "directe_veiligheid.direct_gevaar",
            "ontbreekt: Is er op dit moment iemand in direct gevaar?",
        ),
        (
            "onveiligheid_nu",
            "ontbreekt: Wat maakt de situatie nu onveilig voor het kind of de afhankelijke"
            " volwassene waar het om gaat?",
        ),
        ("directbetrokkenen", "ontbreekt: minstens één directbetrokkene."),
        (
            "gesprek.melding_besproken",
            "ontbreekt: Heb je de betrokkene(n) verteld dat je overweegt te melden bij Veilig"
            " Thuis?",
        ),
        ("gesprek.gesprekken.0.verslag", "ontbreekt: Wat heb je besproken en hoe reageerden zij?"),
    ],
)
def test_version_2_asks_what_version_1_left_open(tmp_path, dossier_dir, example_raw, path, message):
    raw = _drop(as_version_2(example_raw), path)
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 2
    shown = path.replace(".0.", "[1].")  # the first item, as the practitioner counts
    assert f"  - {shown}" in run.stderr and message in run.stderr
    assert entries(dossier_dir) == []


MELDEN_AFWEGINGEN = {
    1: {"antwoord": "ja", "toelichting": "TEST vermoeden"},
    2: {
        "acute_onveiligheid": "nee",
        "structurele_onveiligheid": "ja",
        "disclosure": "nee",
        "toelichting": "TEST: het gebeurt elke week",
    },
}
MELDING = {
    "actuele_onveiligheid": "TEST: vader schreeuwt elke avond, kinderen thuis",
    "eigen_mogelijkheden": "TEST: ik zie moeder wekelijks",
    "zicht_op_veiligheid": "overnemen",
    "betrokkenen_geinformeerd": "nee",
    "waarom_niet_geinformeerd": "TEST: moeder is bang voor vader",
}


@pytest.mark.parametrize("leave_out", sorted(set(MELDING) - {"waarom_niet_geinformeerd"}))
def test_version_2_asks_the_melding_as_veilig_thuis_needs_it(
    tmp_path, dossier_dir, example_raw, leave_out
):
    raw = as_version_2(example_raw)
    raw["afwegingen"] = MELDEN_AFWEGINGEN
    raw["melding"] = {k: v for k, v in MELDING.items() if k != leave_out}
    if leave_out == "betrokkenen_geinformeerd":
        del raw["melding"]["waarom_niet_geinformeerd"]
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 2
    assert f"melding.{leave_out}" in run.stderr and "ontbreekt" in run.stderr


def test_a_full_version_2_melding(tmp_path, dossier_dir, example_raw):
    raw = as_version_2(example_raw)
    raw["afwegingen"] = MELDEN_AFWEGINGEN
    raw["gesprek"]["melding_besproken"] = "ja"
    raw["melding"] = MELDING
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "melden"
    assert entry["antwoorden"]["melding"] == MELDING
    markdown = markdown_of(dossier_dir)
    assert "- **Voorgenomen melding besproken:** Ja, ik heb verteld dat ik overweeg te" in markdown
    assert "- **Waarom niet geïnformeerd:** TEST: moeder is bang voor vader" in markdown


def test_the_template_is_version_4_and_shows_the_list_of_conversations(tmp_path):
    run = invoke(["template"])
    assert run.code == 0, run.output
    import yaml

    template = yaml.safe_load(run.stdout)
    assert template["versie"] == 4
    assert list(template["gesprek"]) == [
        "gevoerd",
        "gesprekken",
        "reden",
        "toelichting",
    ]
    assert list(template["gesprek"]["gesprekken"][0]) == ["met", "datum", "verslag"]


def test_the_schema_reads_both_versions(example_raw):
    import jsonschema

    from meldcode_cli.dossier.entry import jsonable
    from meldcode_cli.protocol.schema import answers_schema

    schema = answers_schema()
    jsonschema.validate(jsonable(example_raw), schema)  # versie 1, one conversation
    jsonschema.validate(jsonable(as_version_2(example_raw)), schema)
    mixed = jsonable(as_version_2(example_raw))
    mixed["gesprek"]["datum"] = "2026-11-22"  # version 1's place, in a version 2 file
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(mixed, schema)
    without = jsonable(as_version_2(example_raw))
    del without["onveiligheid_nu"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(without, schema)


def test_a_draft_of_the_earlier_shape_is_resumed(dossier_dir):
    """A draft saved by meldcode 0.1 (one conversation under gesprek) resumes: its answers
    come back in today's shape, and the new questions are asked."""
    from tests.conftest import ENTER, line

    dossier_dir.mkdir(mode=0o700)
    draft = {
        "soort": "concept",
        "opgeslagen": f"{TODAY.isoformat()}T09:00:00",
        "antwoorden": {
            "directe_veiligheid": {"direct_gevaar": "nee"},
            "casus": {
                "referentie": "TEST-OUD",
                "datum_consult": TODAY.isoformat(),
                "vormen": ["huiselijk_geweld"],
            },
            "signalen": [
                {"omschrijving": "TEST: ruzie", "bron": "eigen_waarneming", "datum": "vandaag"}
            ],
            "onveiligheid_nu": "TEST",
            "directbetrokkenen": [{"rol": "kind, 8 jaar"}],
            "kindcheck": {"minderjarige_kinderen": "nee"},
            "overleg": {
                "collega": {"gevoerd": "nee", "reden": "TEST: niemand bereikbaar"},
                "veilig_thuis": {"geraadpleegd": "nee"},
            },
            "gesprek": {"gevoerd": "ja", "datum": TODAY.isoformat(), "met": "moeder"},
        },
        "leeg_gelaten": [
            "signalen",
            "directbetrokkenen",
            "risicofactoren",
            "risicofactoren_nu",
            "beschermende_factoren",
            "tegensignalen",
        ],
    }
    path = dossier_dir / ".concept-start.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    path.chmod(0o600)
    keys = pick(0)  # verder gaan met het concept
    keys += line("TEST: verslag uit het concept") + ENTER  # the one open field; no other
    keys += pick(2) + line("TEST geen vermoeden")  # afweging 1 nee (after "kies …")
    keys += pick(0)  # opslaan
    run = invoke(["start", "--interactive", "--dossier-dir", str(dossier_dir)], keys)
    assert run.code == 0, run.output
    gesprek = only_entry(dossier_dir)["antwoorden"]["gesprek"]
    assert gesprek == {
        "gevoerd": "ja",
        "gesprekken": [
            {
                "met": "moeder",
                "datum": TODAY.isoformat(),
                "verslag": "TEST: verslag uit het concept",
            }
        ],
    }  # "told of a melding?" is asked with a melding since version 4, not in stap 3


def test_a_resumed_draft_keeps_the_kader_its_answers_were_given_to(dossier_dir):
    """A draft answered with the generic kader, resumed when the default is another: the
    entry quotes the questions that were answered, never another kader's wording."""
    from tests.conftest import line

    dossier_dir.mkdir(mode=0o700)
    draft = {
        "soort": "concept",
        "opgeslagen": f"{TODAY.isoformat()}T09:00:00",
        "kader": "meldcode-generiek",
        "antwoorden": {
            "directe_veiligheid": {"direct_gevaar": "nee"},
            "casus": {
                "referentie": "TEST-KADER",
                "datum_consult": TODAY.isoformat(),
                "vormen": ["huiselijk_geweld"],
            },
            "signalen": [
                {"omschrijving": "TEST: ruzie", "bron": "eigen_waarneming", "datum": "vandaag"}
            ],
            "onveiligheid_nu": "TEST",
            "directbetrokkenen": [{"rol": "kind, 8 jaar"}],
            "kindcheck": {"minderjarige_kinderen": "nee"},
            "overleg": {
                "collega": {"gevoerd": "nee", "reden": "TEST: niemand bereikbaar"},
                "veilig_thuis": {"geraadpleegd": "nee"},
            },
            "gesprek": {"gevoerd": "nee", "reden": "veiligheid", "toelichting": "TEST"},
        },
        "leeg_gelaten": [
            "signalen",
            "directbetrokkenen",
            "risicofactoren",
            "risicofactoren_nu",
            "beschermende_factoren",
            "tegensignalen",
        ],
    }
    path = dossier_dir / ".concept-start-20261125-090000-abcdef.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    path.chmod(0o600)
    keys = pick(0) + pick(2) + line("TEST geen vermoeden") + pick(0)  # resume, 1 nee, save
    run = invoke(["start", "--interactive", "--dossier-dir", str(dossier_dir)], keys)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["kader"]["id"] == "meldcode-generiek"
    assert entry["besluit"]["titel"] == "Afsluiten en vastleggen in dossier"
    markdown = markdown_of(dossier_dir)
    assert "> Heb ik op basis van de stappen 1 tot en met 4 van de meldcode" in markdown
