"""Answers files of version 4 ask no fact twice (issue 21, human speed): whether the
betrokkenen were told of a melding is asked with the melding, not in stap 3 before
anything is decided; and the actuele onveiligheid that stap 1 describes (seed 000, "Wat
maakt de situatie nu onveilig…?") is not asked again with the melding. Files of versions
2 and 3 keep working as they were."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from meldcode_cli.protocol.validate import validate
from tests.conftest import (
    ENTER,
    MELDING,
    SPACE,
    TODAY,
    as_version_2,
    invoke,
    line,
    only_entry,
    pick,
)
from tests.interview.test_answers_file import write_yaml

JA, NEE = pick(0), pick(1)
K_JA, K_NEE = pick(1), pick(2)

ACUUT = {
    "antwoord": "ja",
    "acute_onveiligheid": "ja",
    "structurele_onveiligheid": "nee",
    "toelichting": "TEST: vader dreigt",
}
MELDING_V3 = {
    "actuele_onveiligheid": "TEST: vader dreigt de kinderen te slaan",
    "eigen_mogelijkheden": "TEST: weinig",
    "zicht_op_veiligheid": "overnemen",
    "betrokkenen_geinformeerd": "nee",
    "waarom_niet_geinformeerd": "TEST: vader is agressief",
}
NIET_MEER = (
    "gesprek.melding_besproken: deze vraag wordt sinds versie 4 van het antwoordenbestand"
    " niet meer gesteld. Laat dit antwoord weg."
)
AL_GEZEGD = (
    "melding.actuele_onveiligheid: deze vraag wordt alleen gesteld als onveiligheid_nu niet"
    " is ingevuld: dat antwoord zegt het al. Laat dit antwoord weg."
)


def melden(raw: dict[str, Any], versie: int) -> dict[str, Any]:
    """A melding with acute onveiligheid, as a file of ``versie`` (with stap 3's question
    about a melding, and the melding's actuele onveiligheid, as version 3 asked them)."""
    data = as_version_2(raw)
    data["versie"] = versie
    data["afwegingen"] = {"1": data["afwegingen"][1], "2": dict(ACUUT)}
    if versie == 2:  # version 2 asked disclosure also after afweging 2 ja
        data["afwegingen"]["2"]["disclosure"] = "nee"
    data["melding"] = dict(MELDING_V3)
    return data


def problems_of(data: dict[str, Any]) -> list[str]:
    _, problems = validate(copy.deepcopy(data), TODAY, with_version=True)
    return [str(p) for p in problems]


@pytest.mark.parametrize("versie", [2, 3])
def test_earlier_versions_keep_both_questions(example_raw, versie):
    data = melden(example_raw, versie)
    assert problems_of(data) == []
    answers, _ = validate(copy.deepcopy(data), TODAY, with_version=True)
    assert answers["gesprek"]["melding_besproken"] == "geen_melding_voorgenomen"
    assert answers["melding"]["actuele_onveiligheid"] == MELDING_V3["actuele_onveiligheid"]
    del data["gesprek"]["melding_besproken"]
    assert problems_of(data) == [
        "gesprek.melding_besproken: ontbreekt: Heb je de betrokkene(n) verteld dat je"
        " overweegt te melden bij Veilig Thuis?"
    ]


def test_version_4_asks_neither_again(example_raw):
    data = melden(example_raw, 4)
    assert problems_of(data) == [NIET_MEER, AL_GEZEGD]
    del data["gesprek"]["melding_besproken"], data["melding"]["actuele_onveiligheid"]
    assert problems_of(data) == []


def test_version_4_asks_the_actuele_onveiligheid_when_stap_1_did_not_say_it():
    """An evaluation that ends in opnieuw melden has no stap 1: the melding asks it."""
    from meldcode_cli.protocol.kaders import DEFAULT
    from meldcode_cli.protocol.model import root_of
    from meldcode_cli.protocol.uitkomsten import Soort
    from meldcode_cli.protocol.vervolg import follow_up_steps

    root = root_of(follow_up_steps(Soort.EVALUATIE, DEFAULT))
    raw = {
        "versie": 4,
        "evaluatie": {"datum": TODAY, "antwoord": "nee", "toelichting": "TEST: het gaat door"},
        "melding": {k: v for k, v in MELDING_V3.items() if k != "actuele_onveiligheid"},
    }
    _, problems = validate(raw, TODAY, root=root, with_version=True)
    assert [str(p) for p in problems] == [
        "melding.actuele_onveiligheid: ontbreekt: Welke informatie heb je over de actuele"
        " onveiligheid van alle directbetrokkenen?"
    ]


def test_the_schema_follows_the_version(example_raw):
    import jsonschema

    from meldcode_cli.dossier.entry import jsonable
    from meldcode_cli.protocol.schema import answers_schema

    schema = answers_schema()
    jsonschema.validate(jsonable(melden(example_raw, 3)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(jsonable(melden(example_raw, 4)), schema)  # melding_besproken
    data = melden(example_raw, 4)
    del data["gesprek"]["melding_besproken"], data["melding"]["actuele_onveiligheid"]
    jsonschema.validate(jsonable(data), schema)


# At the prompt: the first case, no profile ("Nu niet"), no direct gevaar; one signal,
# what makes it unsafe now, one directbetrokkene; no risk factors; one child; a colleague
# consulted, no Veilig Thuis; one conversation; afweging 1 ja, 2 ja (acute): melden.
NU = "TEST: vader dreigt de kinderen te slaan als hij drinkt"
KEYS = (
    pick(1)
    + K_NEE
    + line("TEST-VIER")
    + ENTER
    + SPACE
    + ENTER
    + line("TEST: kind vertelt over slaan")
    + ENTER
    + line("vandaag")
    + ENTER
    + line(NU)
    + line("kind, 8 jaar")
    + ENTER
    + line("") * 3
    + JA
    + line("8")
    + ENTER
    + line("")
    + line("TEST: woont bij beide ouders")
    + JA
    + line("vandaag")
    + line("vakgenoot")
    + line("TEST: bel Veilig Thuis")
    + NEE
    + JA
    + line("moeder")
    + line("vandaag")
    + line("TEST: moeder herkent het")
    + ENTER  # no other conversation; next: afweging 1, not "told of a melding?"
    + K_JA
    + line("TEST: vermoeden")
    + K_JA
    + K_NEE
    + line("TEST: acuut")
    + MELDING  # own possibilities first: not the actuele onveiligheid again
    + pick(0)
)


def test_at_the_prompt_neither_is_asked_and_the_sheet_answers_from_stap_1(dossier_dir: Path):
    run = invoke(["start", "--interactive", "--dossier-dir", str(dossier_dir)], KEYS)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "melden"
    assert "melding_besproken" not in entry["antwoorden"]["gesprek"]
    assert "actuele_onveiligheid" not in entry["antwoorden"]["melding"]
    assert entry["antwoorden"]["melding"]["eigen_mogelijkheden"] == (
        "TEST: ik spreek de ouders wekelijks"
    )
    code = entry["id"].rsplit("-", 1)[1]
    run = invoke(["melding", code, "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 0, run.output
    [first, *_] = json.loads(run.stdout)["vragen"]
    assert first["vraag"] == (
        "Welke informatie heb je over de actuele onveiligheid van alle directbetrokkenen?"
    )
    assert f"Wat de situatie nu onveilig maakt: {NU}" in first["antwoord"]
    assert "Directbetrokkenen: kind, 8 jaar" in first["antwoord"]


def test_a_version_3_file_keeps_its_answers_in_the_entry(tmp_path, dossier_dir, example_raw):
    path = write_yaml(tmp_path, melden(example_raw, 3))
    run = invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["antwoorden"]["gesprek"]["melding_besproken"] == "geen_melding_voorgenomen"
    assert (
        entry["antwoorden"]["melding"]["actuele_onveiligheid"]
        == (MELDING_V3["actuele_onveiligheid"])
    )
    markdown = next(dossier_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "- **Voorgenomen melding besproken:** Niet aan de orde" in markdown
    assert f"{MELDING_V3['actuele_onveiligheid']}" in markdown


def test_a_draft_from_before_version_4_says_what_it_no_longer_takes(dossier_dir: Path):
    """A draft saved while stap 3 still asked "told of a melding?": resumed, that answer is
    named as not taken over (never silently dropped, never kept as an answer to a
    question that is no longer asked), and the entry is saved without it."""
    dossier_dir.mkdir(mode=0o700)
    draft = {
        "soort": "concept",
        "opgeslagen": f"{TODAY.isoformat()}T09:00:00",
        "antwoorden": {
            "directe_veiligheid": {"direct_gevaar": "nee"},
            "casus": {
                "referentie": "TEST-DRIE",
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
            "gesprek": {
                "gevoerd": "ja",
                "gesprekken": [
                    {"met": "moeder", "datum": TODAY.isoformat(), "verslag": "TEST: verslag"}
                ],
                "melding_besproken": "nee",
            },
        },
        "leeg_gelaten": ["risicofactoren", "beschermende_factoren", "tegensignalen"],
    }
    path = dossier_dir / ".concept-start.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    path.chmod(0o600)
    keys = pick(0) + K_NEE + line("TEST geen vermoeden") + pick(0)  # resume, 1 nee, save
    run = invoke(["start", "--interactive", "--dossier-dir", str(dossier_dir)], keys)
    assert run.code == 0, run.output
    said = " ".join(run.stderr.split())
    assert "worden niet overgenomen" in said
    assert NIET_MEER in said
    entry = only_entry(dossier_dir)
    assert "melding_besproken" not in entry["antwoorden"]["gesprek"]
    assert entry["besluit"]["uitkomst"] == "afsluiten"
