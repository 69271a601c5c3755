"""The entry says exactly what was answered: answers files (issue: record integrity)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE, TODAY, entries, invoke, only_entry
from tests.interview.test_answers_file import start_with, write_yaml

VOICE = re.compile(r"\b(je|jou|jij|jouw)\b", re.IGNORECASE)


def markdown_of(folder: Path) -> str:
    [path] = entries(folder)
    return path.with_suffix(".md").read_text(encoding="utf-8")


def disclosure_only(raw: dict[str, Any]) -> dict[str, Any]:
    raw["afwegingen"] = {
        1: {"antwoord": "ja", "toelichting": "TEST vermoeden"},
        2: {
            "acute_onveiligheid": "nee",
            "structurele_onveiligheid": "nee",
            "disclosure": "ja",
            "toelichting": "TEST geen direct gevaar, geen herhaling",
        },
    }
    return raw


def test_disclosure_only_is_melden_with_afweging_2_as_answered(tmp_path, dossier_dir, example_raw):
    run = start_with(write_yaml(tmp_path, disclosure_only(example_raw)), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "melden"
    assert entry["antwoorden"]["afwegingen"]["2"]["antwoord"] == "nee"
    assert any("disclosure" in reden for reden in entry["besluit"]["redenen"])
    markdown = markdown_of(dossier_dir)
    assert "### Disclosure" in markdown
    # Afweging 2 was nee: the ground is the disclosure; afwegingen 3-5 are still to come.
    assert (
        "Afweging 3 t/m 5: worden samen met Veilig Thuis doorlopen (melden op grond van"
        " disclosure)." in markdown
    )


def test_afweging_5_ja_records_its_afspraken(tmp_path, dossier_dir, example_raw):
    example_raw["afwegingen"][5] = {
        "antwoord": "ja",
        "afspraken": "TEST: school en wijkteam melden nieuwe zorgen bij mij",
        "toelichting": "TEST: al drie maanden rust",
    }
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "hulp_afsluiten"
    assert entry["besluit"]["titel"] == (
        "Hulp afsluiten met afspraken over het volgen van toekomstige (on)veiligheid met"
        " betrokkenen en samenwerkingspartners"
    )
    assert entry["antwoorden"]["afwegingen"]["5"]["afspraken"].startswith("TEST: school")
    assert "- **Afspraken:** TEST: school en wijkteam" in markdown_of(dossier_dir)


def test_a_melding_in_stap_2_counts_and_the_follow_up_knows(tmp_path, dossier_dir, example_raw):
    vt_dag = TODAY - timedelta(days=1)
    example_raw["overleg"]["veilig_thuis"]["uitkomst"] = "melding_in_ontvangst"
    example_raw["overleg"]["veilig_thuis"]["datum"] = vt_dag.isoformat()
    example_raw["casus"]["datum_consult"] = (vt_dag - timedelta(days=1)).isoformat()
    for signaal in example_raw["signalen"]:
        signaal["datum"] = example_raw["casus"]["datum_consult"]
    example_raw["overleg"]["collega"]["datum"] = vt_dag.isoformat()
    example_raw["gesprek"]["datum"] = vt_dag.isoformat()
    example_raw["afwegingen"][2]["structurele_onveiligheid"] = "ja"
    example_raw["afwegingen"][2]["antwoord"] = "ja"
    for nummer in (3, 4, 5):
        example_raw["afwegingen"].pop(nummer)
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "melden"
    assert entry["besluit"]["melding_gedaan_op"] == vt_dag.isoformat()
    markdown = markdown_of(dossier_dir)
    assert "Melden bij Veilig Thuis: 0800-2000" not in markdown  # not: report again
    assert f"De melding is op {vt_dag:%d-%m-%Y} gedaan" in markdown

    # The follow-up does not ask again whether the melding was made.
    code = entry["id"].rsplit("-", 1)[1]
    vervolg = write_yaml(
        tmp_path,
        {"versie": 1, "veilig_thuis": {"contact": "nee"}},
        "vervolg.yaml",
    )
    run = invoke(["vervolg", code, "--answers", str(vervolg), "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    [later] = [p for p in entries(dossier_dir) if p.stem != entry["id"]]
    document = json.loads(later.read_text(encoding="utf-8"))
    assert document["antwoorden"]["veilig_thuis"]["melding_gedaan"] == "ja"
    assert document["antwoorden"]["veilig_thuis"]["melding_datum"] == vt_dag.isoformat()


def test_a_follow_up_file_may_repeat_the_melding_but_not_contradict_it(
    tmp_path, dossier_dir, example_raw
):
    gisteren = TODAY - timedelta(days=1)
    example_raw["overleg"]["veilig_thuis"].update(
        uitkomst="melding_in_ontvangst", datum=gisteren.isoformat()
    )
    example_raw["casus"]["datum_consult"] = (gisteren - timedelta(days=1)).isoformat()
    for signaal in example_raw["signalen"]:
        signaal["datum"] = example_raw["casus"]["datum_consult"]
    example_raw["overleg"]["collega"]["datum"] = gisteren.isoformat()
    example_raw["gesprek"]["datum"] = gisteren.isoformat()
    example_raw["afwegingen"][3] = {"antwoord": "nee", "toelichting": "TEST"}
    del example_raw["afwegingen"][4], example_raw["afwegingen"][5]
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    code = only_entry(dossier_dir)["id"][-6:]
    args = ["vervolg", code, "--dossier-dir", str(dossier_dir), "--dry-run", "--answers"]
    same = write_yaml(
        tmp_path,
        {"versie": 1, "veilig_thuis": {"melding_datum": "gisteren", "contact": "nee"}},
        "zelfde.yaml",
    )
    assert invoke([*args, str(same)]).code == 0  # 'gisteren' is the same day
    other = write_yaml(
        tmp_path,
        {"versie": 1, "veilig_thuis": {"melding_gedaan": "nee", "reden": "TEST"}},
        "anders.yaml",
    )
    run = invoke([*args, str(other)])
    assert run.code == 2
    assert "maar het eerdere dossierstuk zegt 'ja'" in run.stderr


def test_contradictions_with_stap_2_and_3_are_recorded(tmp_path, dossier_dir, example_raw):
    example_raw["overleg"]["veilig_thuis"]["uitkomst"] = "einde_contact"
    example_raw["gesprek"] = {"gevoerd": "nee", "reden": "veiligheid", "toelichting": "TEST"}
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    waarschuwingen = only_entry(dossier_dir)["besluit"]["waarschuwingen"]
    assert len(waarschuwingen) == 2
    assert waarschuwingen[0].startswith("In stap 2 gaf Veilig Thuis als uitkomst 'einde contact")
    assert waarschuwingen[1].startswith("Bij afweging 4 staat dat de direct betrokkenen hulp")
    assert "**Let op:** In stap 2 gaf Veilig Thuis" in markdown_of(dossier_dir)


def test_a_left_out_choice_is_never_a_default(tmp_path, dossier_dir, example_raw):
    # The example leaves out overleg.collega.gevoerd but gives the date, the colleague and
    # the advice: that says the consultation took place. Without them nothing is assumed.
    example_raw["overleg"]["collega"] = {}
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 2
    assert "overleg.collega.gevoerd" in run.stderr and "ontbreekt" in run.stderr
    assert entries(dossier_dir) == []


EARLIEST = "ligt vóór het vroegste signaal (20-11-2026); controleer de datum."


@pytest.mark.parametrize(
    ("place", "keys", "value", "message"),
    [
        ("afwegingen.5.evaluatie_op", ("afwegingen", 5, "evaluatie_op"), "today", "ligt niet na vandaag"),
        ("afwegingen.5.evaluatie_op", ("afwegingen", 5, "evaluatie_op"), "far", "ligt meer dan 2 jaar in de toekomst"),
        ("casus.datum_consult", ("casus", "datum_consult"), "2018-12-31", "ligt vóór 01-01-2019, de dag waarop de verbeterde meldcode"),
        ("signalen[1].datum", ("signalen", 0, "datum"), "2026-11-21", "ligt na de datum van het consult (20-11-2026)"),
        # Overleg, Veilig Thuis and the gesprek are about the signals (stappen 2 and 3):
        # not before the earliest of them (20-11-2026 in the example).
        ("overleg.collega.datum", ("overleg", "collega", "datum"), "2026-11-19", f"19-11-2026 {EARLIEST}"),
        ("overleg.veilig_thuis.datum", ("overleg", "veilig_thuis", "datum"), "2026-11-19", f"19-11-2026 {EARLIEST}"),
        ("gesprek.datum", ("gesprek", "datum"), "2026-11-10", f"10-11-2026 {EARLIEST}"),
    ],
)  # fmt: skip
def test_dates_that_cannot_be_right_are_refused(
    tmp_path, dossier_dir, example_raw, place, keys, value, message
):
    if value == "today":
        value = TODAY.isoformat()
    elif value == "far":
        value = (TODAY + timedelta(days=3 * 366)).isoformat()
    *where, key = keys
    node = example_raw
    for step in where:
        node = node[step]
    node[key] = value
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 2, run.output
    assert f"{place} (regel" in run.stderr and message in run.stderr, run.stderr
    assert entries(dossier_dir) == []


def test_the_earliest_signal_counts_and_the_same_day_is_no_contradiction(
    tmp_path, dossier_dir, example_raw
):
    # The second signal is from 15-11-2026: overleg on 19-11 and a gesprek on 15-11 are
    # after it, or on the same day.
    example_raw["signalen"][1]["datum"] = "2026-11-15"
    example_raw["overleg"]["collega"]["datum"] = "2026-11-19"
    example_raw["overleg"]["veilig_thuis"]["datum"] = "2026-11-19"
    example_raw["gesprek"]["datum"] = "2026-11-15"
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["antwoorden"]["overleg"]["collega"]["datum"] == "2026-11-19"
    assert entry["antwoorden"]["gesprek"]["gesprekken"][0]["datum"] == "2026-11-15"


@pytest.mark.parametrize("variant", ["hulp", "disclosure", "afsluiten", "melden"])
def test_the_entry_is_in_the_practitioners_own_voice(tmp_path, dossier_dir, example_raw, variant):
    if variant == "disclosure":
        disclosure_only(example_raw)
    elif variant == "afsluiten":
        example_raw["afwegingen"] = {1: {"antwoord": "nee", "toelichting": "TEST geen"}}
    elif variant == "melden":
        example_raw["afwegingen"][3] = {"antwoord": "nee", "toelichting": "TEST"}
        del example_raw["afwegingen"][4], example_raw["afwegingen"][5]
    # The practitioner's own free text may say 'je'; the tool's own words never do.
    example_raw["overleg"]["collega"]["advies"] = "TEST: eerst Veilig Thuis raadplegen"
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    markdown = markdown_of(dossier_dir)
    assert VOICE.findall(markdown) == []
    assert "\n\n\n" not in markdown
    assert "Niet aan de orde door een eerder antwoord" not in markdown


def test_a_dry_run_shows_no_id_and_says_nothing_is_saved(tmp_path, dossier_dir, example_raw):
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir, "--dry-run", "--json")
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["id"] is None and result["opgeslagen"] is False
    assert "Proefrun: er is niets opgeslagen." in run.stderr
    assert entries(dossier_dir) == []


def test_eof_at_a_prompt_is_no_terminal(dossier_dir):
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from typer.testing import CliRunner

    from meldcode_cli.cli.app import app

    with create_pipe_input() as pipe:
        pipe.send_text("TEST-EOF\r")
        pipe.close()  # the input runs dry
        with create_app_session(input=pipe, output=DummyOutput()):
            result = CliRunner().invoke(
                app, ["start", "--interactive", "--dossier-dir", str(dossier_dir)]
            )
    assert result.exit_code == 2, result.output
    assert "geen terminal" in result.stderr
    assert "--answers" in result.stderr
    assert entries(dossier_dir) == []


def test_an_answers_file_of_version_0_1_still_gives_an_entry(dossier_dir, monkeypatch):
    # Frozen copy of the example shipped with 0.1 (versie 1): it must keep working. It
    # plans its evaluation for 15-01-2027: read on a day it was written for.
    from datetime import date

    from tests.conftest import hold_clock

    hold_clock(monkeypatch, date(2026, 11, 23))
    old = Path(__file__).resolve().parents[1] / "data" / "antwoorden-versie-1-uit-0.1.yaml"
    run = start_with(old, dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "hulp_bieden"
    assert entry["antwoorden"]["overleg"]["collega"]["gevoerd"] == "ja"  # implied, as said


def test_disclosure_counted_in_afweging_2_is_explained(tmp_path, dossier_dir, example_raw):
    # Before this version, disclosure made afweging 2 ja. A file that still says so is
    # refused with the reason, instead of silently changing what it says.
    disclosure_only(example_raw)["afwegingen"][2]["antwoord"] = "ja"
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 2
    assert "Disclosure is een eigen grond om te melden en telt hier niet mee." in run.stderr
    assert entries(dossier_dir) == []


def test_directe_veiligheid_is_recorded_and_weighed(tmp_path, dossier_dir, example_raw):
    example_raw["directe_veiligheid"] = {"direct_gevaar": "ja"}
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 2  # what was done is part of the record
    assert "directe_veiligheid.wat_gedaan" in run.stderr and "ontbreekt" in run.stderr
    example_raw["directe_veiligheid"]["wat_gedaan"] = "TEST: 112 gebeld, politie kwam"
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["antwoorden"]["directe_veiligheid"]["direct_gevaar"] == "ja"
    # The example answers afweging 2 without acute onveiligheid: shown, not hidden.
    assert entry["besluit"]["waarschuwingen"] == [
        "Aan het begin staat dat er iemand in direct gevaar was, maar bij afweging 2 staat"
        " geen acute onveiligheid (direct fysiek gevaar)."
    ]
    markdown = markdown_of(dossier_dir)
    assert "- **Direct gevaar:** Ja" in markdown
    assert "- **Wat ik heb gedaan:** TEST: 112 gebeld, politie kwam" in markdown


def test_a_version_1_file_without_directe_veiligheid_says_not_answered(tmp_path, dossier_dir):
    run = start_with(EXAMPLE, dossier_dir)  # the example of version 1
    assert run.code == 0, run.output
    assert "directe_veiligheid" not in only_entry(dossier_dir)["antwoorden"]
    assert "## Directe veiligheid\n\nNiet beantwoord.\n" in markdown_of(dossier_dir)


def test_a_melding_records_what_veilig_thuis_asks(tmp_path, dossier_dir, example_raw):
    example_raw["afwegingen"][3] = {"antwoord": "nee", "toelichting": "TEST"}
    del example_raw["afwegingen"][4], example_raw["afwegingen"][5]
    # Without the new questions (an answers file of version 1): said plainly.
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    assert "## Melding bij Veilig Thuis\n\nNiet beantwoord.\n" in markdown_of(dossier_dir)
    entry = only_entry(dossier_dir)
    assert "melden" not in entry["antwoorden"]["afwegingen"]  # derived, steers only

    example_raw["melding"] = {
        "actuele_onveiligheid": "TEST: vader schreeuwt als hij drinkt, kinderen thuis",
        "eigen_mogelijkheden": "TEST: wekelijkse gesprekken met moeder",
        "zicht_op_veiligheid": "overnemen",
        "betrokkenen_geinformeerd": "nee",
        "waarom_niet_geinformeerd": "TEST: vader is agressief",
    }
    other = tmp_path / "ander"
    run = start_with(write_yaml(tmp_path, example_raw, "melding.yaml"), other)
    assert run.code == 0, run.output
    markdown = markdown_of(other)
    assert (
        "- **Bij de melding:** Ik verzoek Veilig Thuis om de verantwoordelijkheid voor het"
        " zicht op veiligheid over te nemen." in markdown
    )
    assert "- **Waarom niet geïnformeerd:** TEST: vader is agressief" in markdown


def test_no_melding_questions_when_there_is_no_melding(tmp_path, dossier_dir, example_raw):
    example_raw["melding"] = {"actuele_onveiligheid": "TEST"}
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 2
    assert "deze vraag wordt niet gesteld, omdat afwegingen.melden 'nee' is" in run.stderr
    assert entries(dossier_dir) == []


@pytest.mark.parametrize(
    ("overleg", "gesprek", "said"),
    [
        (
            False,
            False,
            "Afgesloten zonder stap 2 (overleg met een collega of Veilig Thuis) en zonder"
            " stap 3 (het gesprek met de betrokkene(n)). Afweging 1 weegt op basis van de"
            " stappen 1 tot en met 4 van de meldcode.",
        ),
        (
            True,
            False,
            "Afgesloten zonder stap 3 (het gesprek met de betrokkene(n)). Afweging 1 weegt op"
            " basis van de stappen 1 tot en met 4 van de meldcode.",
        ),
        (True, True, None),
    ],
)
def test_afsluiten_without_stap_2_or_3_says_so(
    tmp_path, dossier_dir, example_raw, overleg, gesprek, said
):
    """Allowed, never silent: the entry and the screen name the steps not taken."""
    if not overleg:
        example_raw["overleg"] = {
            "collega": {"gevoerd": "nee", "reden": "TEST: niemand bereikbaar"},
            "veilig_thuis": {"geraadpleegd": "nee"},
        }
    if not gesprek:
        example_raw["gesprek"] = {"gevoerd": "nee", "reden": "nog_niet", "toelichting": "TEST"}
    example_raw["afwegingen"] = {1: {"antwoord": "nee", "toelichting": "TEST geen vermoeden"}}
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "afsluiten"
    if said is None:
        assert not any("Afgesloten zonder" in w for w in entry["besluit"]["waarschuwingen"])
        return
    assert said in entry["besluit"]["waarschuwingen"]
    assert f"**Let op:** {said}" in markdown_of(dossier_dir)
    assert said in " ".join(run.stdout.split())


@pytest.mark.parametrize(
    ("afwegingen", "line"),
    [
        (
            {3: {"antwoord": "nee", "toelichting": "TEST"}},
            "Afweging 4 en 5: niet aan de orde (melden na afweging 3).",
        ),
        (
            {
                3: {"antwoord": "ja", "toelichting": "TEST"},
                4: {"antwoord": "nee", "toelichting": "TEST"},
            },
            "Afweging 5: niet aan de orde (melden na afweging 4).",
        ),
    ],
)
def test_the_afwegingen_not_reached_name_the_real_ground(
    tmp_path, dossier_dir, example_raw, afwegingen, line
):
    """Melden after afweging 3 or 4 nee, with afweging 2 nee: the ground is that
    afweging, never disclosure (which was answered nee)."""
    for nummer in (3, 4, 5):
        example_raw["afwegingen"].pop(nummer)
    example_raw["afwegingen"].update(afwegingen)
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    markdown = markdown_of(dossier_dir)
    assert line in markdown
    assert "disclosure)" not in markdown.split("## Besluit")[0].split("### Disclosure")[0]
