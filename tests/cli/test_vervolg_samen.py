"""The follow-up on a melding: afwegingen 3 to 5 walked through together with Veilig
Thuis (seed 001), and, when the practitioner keeps helping (seed 002: "Oók als er hulp
ingezet gaat worden"), their own next evaluation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.cli.test_dossier import dossier, listing, vervolg, write  # noqa: F401
from tests.conftest import TODAY, invoke
from tests.dossier.helpers import days
from tests.interview.test_record_integrity import VOICE

LATER = TODAY + days(60)


def contact(**samen: Any) -> dict[str, Any]:
    return {
        "versie": 2,
        "veilig_thuis": {
            "melding_gedaan": "ja",
            "melding_datum": (TODAY - days(3)).isoformat(),
            "melding_tijd": "14:05",
            "contact": "ja",
            "contact_datum": TODAY.isoformat(),
            "oordeel": "TEST: structureel onveilig",
            "zicht_op_veiligheid": "veilig_thuis",
            "verantwoordelijke": "TEST: het wijkteam",
            "afspraken_vervolgstappen": "TEST: veiligheidsbeoordeling",
            "afspraken_samenwerking": "TEST: wekelijks bellen",
            "afspraken_afstemming": "TEST: Veilig Thuis spreekt vader",
            "afspraken_communicatie": "TEST: per telefoon",
            "afwegingen": samen,
        },
    }


HELPEN = {
    "3": {"antwoord": "ja", "toelichting": "TEST: ik zie het kind wekelijks"},
    "4": {"antwoord": "ja", "toelichting": "TEST: moeder wil hulp"},
    "5": {"evaluatie_op": LATER.isoformat(), "afspraken": "TEST: opvoedondersteuning"},
}


def follow_up(tmp_path: Path, dossier_dir: Path, entry_id: str, data: dict[str, Any]):
    path = write(tmp_path, "vervolg.yaml", yaml.safe_dump(data, allow_unicode=True))
    return vervolg(dossier_dir, entry_id, path)


def test_keeps_helping_after_the_melding_and_plans_an_evaluation(
    dossier,  # noqa: F811
    dossier_dir,
    tmp_path,
):
    run = follow_up(tmp_path, dossier_dir, dossier["melden"].id, contact(**HELPEN))
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["uitkomst"] == "hulp_na_melding"
    assert result["vervolg"]["evaluatie_op"] == LATER.isoformat()
    assert result["besluit"]["redenen"] == [
        "Veilig Thuis heeft contact opgenomen en de afspraken zijn vastgelegd.",
        "Afwegingen 3 en 4, samen met Veilig Thuis: ja — ik bied of organiseer (ook) hulp,"
        " naast de melding.",
        f"Afweging 5 staat open: op {LATER:%d-%m-%Y} beoordeel ik of de hulp tot stabiele"
        " veiligheid en/of het welzijn (herstel) van alle direct betrokkenen leidt.",
    ]
    document = json.loads(Path(result["bestanden"]["json"]).read_text(encoding="utf-8"))
    assert document["antwoorden"]["veilig_thuis"]["afwegingen"] == HELPEN
    markdown = Path(result["bestanden"]["markdown"]).read_text(encoding="utf-8")
    assert VOICE.findall(markdown) == []  # the practitioner's own voice, also here
    assert "- **Afspraken over de samenwerking tussen mij en Veilig Thuis:**" in markdown
    assert "### Afwegingen 3 tot en met 5, samen met Veilig Thuis" in markdown
    assert "- **Verantwoordelijk voor de vervolgstappen:** TEST: het wijkteam" in markdown
    assert (
        f"- Op {LATER:%d-%m-%Y} evalueren of de hulp tot stabiele veiligheid en/of het"
        " welzijn (herstel) van alle direct betrokkenen leidt (afweging 5)."
        in " ".join(markdown.split())
    )

    # The evaluation is an open item, with the command that handles it.
    code = result["id"].rsplit("-", 1)[1]
    rows = json.loads(
        invoke(["dossier", "open", "--dossier-dir", str(dossier_dir), "--json", "--alle"]).stdout
    )
    mine = [r for r in rows if r["id"] == result["id"]]
    assert mine == [
        {
            "id": result["id"],
            "referentie": "TEST-B",
            "soort": "evaluatie",
            "op": LATER.isoformat(),
            "status": "gepland",
            "wat": "Evaluatie van de hulp (afweging 5)",
            "melding": "teruggebeld",
            "opdracht": f"meldcode vervolg {code}",
        }
    ]

    # Evaluating it: afweging 5 after afwegingen 3 and 4 with Veilig Thuis.
    evaluatie = {
        "versie": 2,
        "evaluatie": {
            "datum": TODAY.isoformat(),
            "antwoord": "ja",
            "toelichting": "TEST: drie maanden rust",
            "afspraken": "TEST: school meldt nieuwe zorgen",
        },
    }
    run = follow_up(tmp_path, dossier_dir, result["id"], evaluatie)
    assert run.code == 0, run.output
    done = json.loads(run.stdout)
    assert done["uitkomst"] == "hulp_afsluiten"
    assert done["besluit"]["redenen"][0] == (
        "De melding is gedaan. Afweging 3 en 4 heb ik samen met Veilig Thuis doorlopen."
    )
    assert done["besluit"]["redenen"][1:3] == [
        "Afweging 3: ja — Ga verder met afweging 4.",
        "Afweging 4: ja — Hulp bieden of organiseren, ga verder met afweging 5.",
    ]
    assert listing(dossier_dir, "--open", "--casus", "TEST-B") == []


def test_help_not_possible_leaves_the_zicht_with_veilig_thuis(
    dossier,  # noqa: F811
    dossier_dir,
    tmp_path,
):
    samen = {"3": {"antwoord": "nee", "toelichting": "TEST: buiten mijn grenzen"}}
    run = follow_up(tmp_path, dossier_dir, dossier["melden"].id, contact(**samen))
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["uitkomst"] == "veilig_thuis_contact"
    assert result["vervolg"]["evaluatie_op"] is None
    assert result["besluit"]["redenen"][1] == (
        "Afweging 3, samen met Veilig Thuis: nee. Ik kan gelet op mijn competenties,"
        " verantwoordelijkheden en professionele grenzen in onvoldoende mate effectieve hulp"
        " bieden of organiseren."
    )  # and nothing the practitioner did not say ("ik blijf betrokken")
    assert result["besluit"]["waarschuwingen"] == []
    assert listing(dossier_dir, "--open", "--casus", "TEST-B") == []


def test_a_contradiction_about_the_zicht_op_veiligheid_is_shown(
    dossier,  # noqa: F811
    dossier_dir,
    tmp_path,
):
    data = contact(
        **{
            "3": {"antwoord": "ja", "toelichting": "TEST"},
            "4": {"antwoord": "nee", "toelichting": "TEST: vader weigert"},
        }
    )
    data["veilig_thuis"]["zicht_op_veiligheid"] = "ik"
    run = follow_up(tmp_path, dossier_dir, dossier["melden"].id, data)
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["besluit"]["waarschuwingen"] == [
        "Bij afweging 4 staat nee, maar het zicht op veiligheid ligt volgens dit dossierstuk"
        " (ook) bij mij. Spreek met Veilig Thuis af wie het zicht op veiligheid heeft."
    ]
    markdown = Path(result["bestanden"]["markdown"]).read_text(encoding="utf-8")
    assert "**Let op:** Bij afweging 4 staat nee" in markdown


def test_version_2_asks_the_afwegingen_with_veilig_thuis(
    dossier,  # noqa: F811
    dossier_dir,
    tmp_path,
):
    data = contact()
    del data["veilig_thuis"]["afwegingen"]
    run = follow_up(tmp_path, dossier_dir, dossier["melden"].id, data)
    assert run.code == 2
    assert "  - veilig_thuis.afwegingen.3.antwoord (regel" in run.stderr
    assert "ontbreekt: Ben ik in staat effectieve hulp te bieden" in run.stderr
    data = contact(**{**HELPEN, "5": {"evaluatie_op": TODAY.isoformat()}})
    run = follow_up(tmp_path, dossier_dir, dossier["melden"].id, data)
    assert run.code == 2
    assert "veilig_thuis.afwegingen.5.evaluatie_op" in run.stderr
    # A version 1 file did not have them: it still gives an entry, without a plan.
    data = contact()
    data["versie"] = 1
    del data["veilig_thuis"]["afwegingen"]
    run = follow_up(tmp_path, dossier_dir, dossier["melden"].id, data)
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["uitkomst"] == "veilig_thuis_contact"
    markdown = Path(result["bestanden"]["markdown"]).read_text(encoding="utf-8")
    assert "Afwegingen 3 tot en met 5" not in markdown.split("## Besluit")[1]


def test_an_evaluation_that_ends_in_opnieuw_melden_records_the_melding(
    dossier,  # noqa: F811
    dossier_dir,
    tmp_path,
):
    melding = {
        "actuele_onveiligheid": "TEST: vader slaat weer, kinderen thuis",
        "eigen_mogelijkheden": "TEST: geen; de hulp is gestopt",
        "zicht_op_veiligheid": "overnemen",
        "betrokkenen_geinformeerd": "ja",
        "hoe_geinformeerd": "TEST: moeder, vandaag in het consult",
    }
    data = {
        "versie": 2,
        "evaluatie": {
            "datum": TODAY.isoformat(),
            "antwoord": "nee",
            "toelichting": "TEST: het geweld gaat door",
        },
        "melding": melding,
    }
    run = follow_up(tmp_path, dossier_dir, dossier["hulp"].id, data)
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["uitkomst"] == "opnieuw_melden"
    document = json.loads(Path(result["bestanden"]["json"]).read_text(encoding="utf-8"))
    assert document["antwoorden"]["melding"] == melding
    # Without the melding questions, a file of version 2 is refused.
    del data["melding"]
    run = follow_up(tmp_path, dossier_dir, result["id"], data)
    assert run.code == 2  # (the entry is an opnieuw-melden: no evaluation fits it)
    run = follow_up(tmp_path, dossier_dir, dossier["hulp"].id, data)
    assert run.code == 2 and "heeft al een vervolg" in run.stderr


def test_the_melding_questions_are_refused_when_the_help_works(
    dossier,  # noqa: F811
    dossier_dir,
    tmp_path,
):
    data = {
        "versie": 2,
        "evaluatie": {
            "datum": TODAY.isoformat(),
            "antwoord": "ja",
            "toelichting": "TEST",
            "afspraken": "TEST",
        },
        "melding": {"actuele_onveiligheid": "TEST"},
    }
    run = follow_up(tmp_path, dossier_dir, dossier["hulp"].id, data)
    assert run.code == 2
    assert "  - melding (regel 6): deze vraag wordt niet gesteld, omdat evaluatie.antwoord" in (
        run.stderr
    )


def test_niet_gemeld_and_running_it_again_shows_the_command_for_that(
    dossier,  # noqa: F811
    dossier_dir,
    tmp_path,
):
    data = {
        "versie": 2,
        "veilig_thuis": {
            "melding_gedaan": "nee",
            "reden": "TEST: de situatie is veranderd",
            "wat_nu": "opnieuw_doorlopen",
        },
    }
    run = follow_up(tmp_path, dossier_dir, dossier["melden"].id, data)
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["vervolg"]["opnieuw_doorlopen"] is True
    code = result["id"].rsplit("-", 1)[1]
    rows = json.loads(
        invoke(["dossier", "open", "--dossier-dir", str(dossier_dir), "--json", "--alle"]).stdout
    )
    assert [r["opdracht"] for r in rows if r["id"] == result["id"]] == [
        f"meldcode vervolg {code} --opnieuw"
    ]


def test_contact_before_the_melding_is_refused(dossier, dossier_dir, tmp_path):  # noqa: F811
    """Veilig Thuis takes contact after a melding, not before it (seed 004)."""
    # The decision was made 20 days ago (the fixture), the melding 10 days ago.
    gemeld, eerder = TODAY - days(10), TODAY - days(11)
    data = contact(**HELPEN)
    data["veilig_thuis"]["melding_datum"] = gemeld.isoformat()
    data["veilig_thuis"]["contact_datum"] = eerder.isoformat()
    run = follow_up(tmp_path, dossier_dir, dossier["melden"].id, data)
    assert run.code == 2, run.output
    assert (
        "veilig_thuis.contact_datum (regel" in run.stderr
        and f"{eerder:%d-%m-%Y} ligt vóór de datum van de melding ({gemeld:%d-%m-%Y});"
        " controleer de datum."
        in run.stderr
    ), run.stderr
    data["veilig_thuis"]["contact_datum"] = gemeld.isoformat()  # the same day: fine
    (tmp_path / "nu").mkdir()
    run = follow_up(tmp_path / "nu", dossier_dir, dossier["melden"].id, data)
    assert run.code == 0, run.output
