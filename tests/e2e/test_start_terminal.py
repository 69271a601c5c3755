"""`meldcode start` as a person uses it: in a real pseudo-terminal, from prompt to file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import drafts, entries
from tests.e2e.conftest import DOWN

pytestmark = pytest.mark.e2e


def step_1(s) -> None:
    s.first_case(DOWN * 2 + "\r")
    s.text("Eigen kenmerk van deze casus", "TEST-E2E-1")
    s.ask("Datum van het consult", "\r")
    s.ask("Over welke vorm(en) van geweld", DOWN + " \r")  # kindermishandeling
    s.text("Beschrijf het signaal", "TEST: kind vertelt over slaan door vader")
    s.ask("Van wie komt dit signaal?", DOWN + "\r")  # verteld door de cliënt
    s.text("Wanneer zag, hoorde of vernam je dit?", "vandaag")
    s.ask("Nog een signaal toevoegen?", "\r")
    s.text("Wat maakt de situatie nu onveilig", "TEST: vader slaat als hij boos is")
    s.text("Rol van deze directbetrokkene", "kind, 9 jaar")
    s.ask("Nog een directbetrokkene toevoegen?", "\r")
    s.text("Risicofactoren", "TEST: vader is sinds kort werkloos")
    s.text("Hoe leiden deze risicofactoren nu tot onveiligheid?", "")  # asked: there are some
    s.text("Beschermende factoren", "")
    s.text("Welke signalen spreken het vermoeden tegen?", "")
    s.ask("Zijn er minderjarige kinderen", "\r")
    s.text("Leeftijd van het kind", "9")
    s.ask("Nog een kind toevoegen?", "\r")
    s.text("Wie zorgen er voor de kinderen?", "moeder en vader")
    s.text("Hoe is het met de veiligheid van deze kinderen?", "TEST: kind woont bij beide ouders")


def steps_2_and_3(s) -> None:
    s.ask("Heb je over de signalen overlegd met een collega?", "\r")
    s.text("Wanneer heb je overlegd?", "vandaag")
    s.text("Met wie heb je overlegd?", "vakgenoot uit intervisie")
    s.text("Wat heeft je collega geadviseerd?", "TEST: bel Veilig Thuis")
    s.ask("Heb je Veilig Thuis om advies gevraagd?", DOWN + "\r")
    s.ask("Heb je de signalen besproken met de betrokkene(n)?", DOWN + "\r")
    s.ask("Waarom heb je het gesprek niet gevoerd?", "\r")  # veiligheid
    s.text("Licht toe waarom het gesprek niet is gevoerd.", "TEST: vader is agressief")


def melding(s, actueel: bool = False) -> None:
    """The questions about the melding itself (seed 004). The actuele onveiligheid is what
    stap 1 said; asked only in a run without stap 1 (``actueel``: an evaluation)."""
    if actueel:
        s.text("actuele onveiligheid van alle directbetrokkenen?", "TEST: vader slaat")
    s.text("Wat zijn je mogelijkheden om zelf de directe veiligheid", "TEST: weinig")
    s.ask("Welke situatie geldt bij je melding?", DOWN + "\r")  # Veilig Thuis neemt over
    s.ask("Heb je de betrokkenen over de melding", DOWN + "\r")  # nee
    s.text("Waarom heb je hen (nog) niet", "TEST: vader is agressief")


def test_melding_via_acute_onveiligheid_lands_on_disk(screen, tmp_path: Path):
    s = screen("start")
    step_1(s)
    steps_2_and_3(s)
    s.ask("Heb ik op basis van de stappen 1 t/m 4", DOWN + "\r")
    s.text("Toelichting bij afweging 1", "vermoeden van kindermishandeling")
    s.ask("acute onveiligheid: direct fysiek gevaar?", DOWN + "\r")  # ja
    s.expect("Bel 112")  # acute onveiligheid: 112 first
    s.ask("structurele onveiligheid", DOWN * 2 + "\r")
    s.expect("Daaruit volgt:")
    s.expect("Ja — Melden bij Veilig Thuis.")
    s.text("Toelichting bij afweging 2", "kind vertelde het zelf")
    melding(s)  # no disclosure asked: with acute onveiligheid the melding is certain
    s.expect("Controleer je antwoorden")
    s.ask("Klopt alles?", "\r")
    s.expect("Melden bij Veilig Thuis")
    s.expect("0800-2000")
    s.expect("Opgeslagen in het dossier")
    assert s.finish() == 0

    dossier = tmp_path / "dossier"
    [json_file] = entries(dossier)
    entry = json.loads(json_file.read_text(encoding="utf-8"))
    assert entry["besluit"]["uitkomst"] == "melden"
    assert entry["besluit"]["samen_met_veilig_thuis"] is True
    assert sorted(entry["antwoorden"]["afwegingen"]) == ["1", "2"]
    assert entry["antwoorden"]["gesprek"]["reden"] == "veiligheid"
    assert entry["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None  # decided, not made
    assert entry["antwoorden"]["melding"]["zicht_op_veiligheid"] == "overnemen"
    assert "melden" not in entry["antwoorden"]["afwegingen"]  # derived, not recorded
    markdown = json_file.with_suffix(".md").read_text(encoding="utf-8")
    assert "# Meldcode — casus TEST-E2E-1" in markdown
    assert (
        "Afweging 3 t/m 5: worden samen met Veilig Thuis doorlopen (melden na afweging 2)."
        in markdown
    )


def test_ctrl_c_gives_130_no_entry_and_a_draft_to_resume(screen, tmp_path: Path):
    dossier = tmp_path / "dossier"
    s = screen("start")
    s.first_case(DOWN * 2 + "\r")
    s.text("Eigen kenmerk van deze casus", "TEST-E2E-2")
    s.ask("Datum van het consult", "\r")
    s.ask("Over welke vorm(en) van geweld", " \r")
    s.expect("Beschrijf het signaal")
    s.child.sendcontrol("c")
    s.expect("Afgebroken")
    assert s.finish() == 130
    assert entries(dossier) == []
    assert len(drafts(dossier)) == 1

    again = screen("start")
    again.expect("Er is een concept van")
    again.expect("casus TEST-E2E-2")
    again.child.sendcontrol("c")
    assert again.finish() == 130
    assert len(drafts(dossier)) == 1


def test_a_multiple_choice_is_repeated_in_dutch(screen):
    """questionary ends a checkbox with "done (2 selections)"; the practitioner reads
    the choices made, in Dutch, instead."""
    s = screen("start")
    s.first_case(DOWN * 2 + "\r")
    s.text("Eigen kenmerk van deze casus", "TEST-E2E-3")
    s.ask("Datum van het consult", "\r")
    s.ask("Over welke vorm(en) van geweld", " " + DOWN + " \r")
    s.expect("Beschrijf het signaal")
    shown = s.child.before or ""  # all that came on screen after the choices were made
    assert "Huiselijk geweld, Kindermishandeling" in shown
    assert "done" not in shown and "selections" not in shown
    s.child.sendcontrol("c")
    assert s.finish() == 130
