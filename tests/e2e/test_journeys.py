"""Journeys in a real pseudo-terminal: what a person sees, and what lands on disk."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import drafts, entries
from tests.e2e.conftest import DOWN, UP
from tests.e2e.test_start_terminal import melding, step_1, steps_2_and_3

pytestmark = pytest.mark.e2e


def only(folder: Path) -> dict[str, Any]:
    [path] = entries(folder)
    entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return entry


def afweging_1(s, antwoord: str) -> None:
    s.ask(
        "Heb ik op basis van de stappen 1 t/m 4",
        DOWN + "\r" if antwoord == "ja" else DOWN * 2 + "\r",
    )
    s.text("Toelichting bij afweging 1", f"TEST afweging 1 {antwoord}")


def hulp_bieden(s, evaluatie: str) -> None:
    afweging_1(s, "ja")
    for question in ("acute onveiligheid", "structurele onveiligheid"):
        s.ask(question, DOWN * 2 + "\r")
    s.expect("Daaruit volgt:")
    s.text("Toelichting bij afweging 2", "TEST geen acuut gevaar")
    s.ask("disclosure", DOWN * 2 + "\r")
    s.ask("Ben ik in staat effectieve hulp te bieden", DOWN + "\r")
    s.text("Toelichting bij afweging 3", "TEST wijkteam")
    s.ask("Aanvaarden de direct betrokkenen hulp", DOWN + "\r")
    s.text("Toelichting bij afweging 4", "TEST ouders willen")
    s.ask("Leidt deze hulp binnen de gewenste termijn", "\r")  # nog niet te beoordelen
    s.text("Op welke datum evalueer je", evaluatie)
    s.text("Welke afspraken heb je gemaakt", "TEST opvoedondersteuning")


def test_shortest_path_afsluiten(screen, tmp_path):
    s = screen("start")
    step_1(s)
    steps_2_and_3(s)
    afweging_1(s, "nee")
    s.expect("Afweging 2 t/m 5: niet aan de orde (afsluiten na afweging 1).")  # in the review
    s.ask("Klopt alles?", "\r")
    s.expect("Afsluiten en vastleggen in dossier")
    assert s.finish() == 0
    entry = only(tmp_path / "dossier")
    assert entry["besluit"]["uitkomst"] == "afsluiten"
    assert sorted(entry["antwoorden"]["afwegingen"]) == ["1"]


def test_hulp_bieden_then_the_evaluation_later(screen, tmp_path):
    dossier = tmp_path / "dossier"
    evaluatie = (date.today() + timedelta(days=42)).strftime("%d-%m-%Y")
    s = screen("start")
    step_1(s)
    steps_2_and_3(s)
    hulp_bieden(s, evaluatie)
    s.ask("Klopt alles?", "\r")
    s.expect("Hulp bieden of organiseren")
    s.expect(f"Op {evaluatie} evalueren")
    assert s.finish() == 0
    first = only(dossier)

    listing = screen("dossier", "list")
    listing.expect("TEST-E2E-1")
    listing.expect("evaluatie")
    listing.expect(evaluatie)  # on its own line, never broken
    assert listing.finish() == 0

    code = first["id"].rsplit("-", 1)[1]
    later = screen("vervolg", code)
    later.expect("Evaluatie van de hulp (afweging 5) — casus TEST-E2E-1")
    later.ask("Datum van de evaluatie", "\r")
    later.ask("Leidt deze hulp binnen de gewenste termijn", DOWN * 2 + "\r")  # nee
    later.text("Toelichting: wat heeft de hulp opgeleverd", "TEST het geweld gaat door")
    melding(later, actueel=True)  # opnieuw melden: no stap 1 in an evaluation
    later.ask("Klopt alles?", "\r")
    later.expect("(Opnieuw) melden bij Veilig Thuis")
    later.expect("0800-2000")
    assert later.finish() == 0
    [second_path] = [p for p in entries(dossier) if p.stem != first["id"]]
    second = json.loads(second_path.read_text(encoding="utf-8"))
    assert second["soort"] == "evaluatie"
    assert second["vervolg_op"] == first["id"]
    assert second["besluit"]["uitkomst"] == "opnieuw_melden"


def test_changing_an_answer_in_the_review(screen, tmp_path):
    s = screen("start")
    step_1(s)
    steps_2_and_3(s)
    hulp_bieden(s, (date.today() + timedelta(days=30)).strftime("%d-%m-%Y"))
    s.ask("Klopt alles?", DOWN + "\r")  # Nee, ik wil een antwoord wijzigen
    s.ask("Welk antwoord wil je wijzigen?", "structurele")
    s.ask("Afweging 2 / Structurele onveiligheid", "\r")
    s.ask("structurele onveiligheid", UP + "\r")  # now ja
    # The toelichting explained 'nee': asked again, empty, the old text shown beside it.
    s.expect("Door je wijziging vervallen deze antwoorden:")
    # disclosure too: with structurele onveiligheid the melding is certain
    s.expect("Afweging 2 / Disclosure (iemand heeft zichzelf bij mij gemeld), Afweging 3,")
    s.expect("Afweging 4, Afweging 5")
    s.expect("Eerder stond hier: TEST geen acuut gevaar")
    s.ask("Toelichting bij afweging 2", "\x7f" * 30 + "TEST herhaling sinds de zomer\r")
    melding(s)
    s.ask("Klopt alles?", "\r")
    s.expect("Melden bij Veilig Thuis")
    assert s.finish() == 0
    entry = only(tmp_path / "dossier")
    assert entry["besluit"]["uitkomst"] == "melden"
    assert entry["antwoorden"]["afwegingen"]["2"]["structurele_onveiligheid"] == "ja"
    assert sorted(entry["antwoorden"]["afwegingen"]) == ["1", "2"]
    assert entry["antwoorden"]["afwegingen"]["2"]["toelichting"] == "TEST herhaling sinds de zomer"


def test_ctrl_c_in_the_afwegingskader_then_resume(screen, tmp_path):
    dossier = tmp_path / "dossier"
    s = screen("start")
    step_1(s)
    steps_2_and_3(s)
    afweging_1(s, "ja")
    s.expect("acute onveiligheid")
    s.child.sendcontrol("c")
    s.expect("bewaard als concept")
    assert s.finish() == 130
    assert entries(dossier) == []

    again = screen("start")
    again.ask("Er is een concept van", "\r")  # verder gaan
    for question in ("acute onveiligheid", "structurele onveiligheid"):
        again.ask(question, DOWN * 2 + "\r")
    again.text("Toelichting bij afweging 2", "TEST geen direct gevaar, geen herhaling")
    again.ask("disclosure", DOWN + "\r")  # ja
    melding(again)
    again.ask("Klopt alles?", "\r")
    again.expect("Iemand heeft zichzelf bij mij gemeld (disclosure).")
    assert again.finish() == 0
    entry = only(dossier)
    assert entry["besluit"]["uitkomst"] == "melden"
    assert entry["antwoorden"]["casus"]["referentie"] == "TEST-E2E-1"  # from the draft
    assert drafts(dossier) == []


# ---------------------------------------------------------------- the record says what was said


def test_resume_after_ctrl_c_in_stap_1_asks_the_colleague_question(screen, tmp_path):
    dossier = tmp_path / "dossier"
    s = screen("start")
    s.first_case(DOWN * 2 + "\r")
    s.text("Eigen kenmerk van deze casus", "TEST-E2E-1")
    s.ask("Datum van het consult", "\r")
    s.ask("Over welke vorm(en) van geweld", DOWN + " \r")
    s.expect("Beschrijf het signaal")
    s.child.sendcontrol("c")
    assert s.finish() == 130

    again = screen("start")
    again.ask("Er is een concept van", "\r")  # verder gaan
    again.expect("Al beantwoord in het concept:")
    again.expect("Casus: Kenmerk: TEST-E2E-1")
    again.expect("Stap 2: nog niets")
    again.text("Beschrijf het signaal", "TEST: kind vertelt over slaan door vader")
    again.ask("Van wie komt dit signaal?", DOWN + "\r")
    again.text("Wanneer zag, hoorde of vernam je dit?", "vandaag")
    again.ask("Nog een signaal toevoegen?", "\r")
    again.text("Wat maakt de situatie nu onveilig", "TEST: vader slaat")
    again.text("Rol van deze directbetrokkene", "kind")
    again.ask("Nog een directbetrokkene toevoegen?", "\r")
    for question in ("Risicofactoren", "Beschermende", "Welke signalen"):
        again.text(question, "")
    again.ask("Zijn er minderjarige kinderen", DOWN + "\r")  # nee
    # The question the old version skipped on resume, recording 'ja' unasked:
    again.ask("Heb je over de signalen overlegd met een collega?", DOWN + "\r")  # nee
    again.text("Waarom heb je (nog) niet met een collega overlegd?", "TEST: niemand bereikbaar")
    again.ask("Heb je Veilig Thuis om advies gevraagd?", DOWN + "\r")
    again.ask("Heb je de signalen besproken met de betrokkene(n)?", DOWN + "\r")
    again.ask("Waarom heb je het gesprek niet gevoerd?", "\r")
    again.text("Licht toe waarom het gesprek niet is gevoerd.", "TEST: vader is agressief")
    afweging_1(again, "nee")
    again.ask("Klopt alles?", "\r")
    assert again.finish() == 0
    entry = only(dossier)
    assert entry["antwoorden"]["overleg"]["collega"]["gevoerd"] == "nee"


def test_changing_afweging_3_asks_its_toelichting_again(screen, tmp_path):
    s = screen("start")
    step_1(s)
    steps_2_and_3(s)
    hulp_bieden(s, (date.today() + timedelta(days=30)).strftime("%d-%m-%Y"))
    s.ask("Klopt alles?", DOWN + "\r")
    s.ask("Welk antwoord wil je wijzigen?", "afweging 3 / antwoord")
    s.ask("Afweging 3 / Antwoord", "\r")
    s.ask("Ben ik in staat effectieve hulp te bieden", DOWN + "\r")  # now nee
    s.expect("Door je wijziging vervallen deze antwoorden:")
    s.expect("Afweging 4, Afweging 5")
    s.expect("Eerder stond hier: TEST wijkteam")
    s.ask("Toelichting bij afweging 3", "\x7f" * 20 + "TEST geen passend aanbod\r")
    melding(s)
    s.ask("Klopt alles?", "\r")
    s.expect("Melden bij Veilig Thuis")
    assert s.finish() == 0
    entry = only(tmp_path / "dossier")
    drie = entry["antwoorden"]["afwegingen"]["3"]
    assert drie == {"antwoord": "nee", "toelichting": "TEST geen passend aanbod"}


def test_a_melding_in_stap_2_then_melden(screen, tmp_path):
    s = screen("start")
    step_1(s)
    s.ask("Heb je over de signalen overlegd met een collega?", DOWN + "\r")
    s.text("Waarom heb je (nog) niet met een collega overlegd?", "TEST: niemand bereikbaar")
    s.ask("Heb je Veilig Thuis om advies gevraagd?", "\r")
    s.text("Wanneer heb je Veilig Thuis geraadpleegd?", "vandaag")
    s.ask("Wat was de uitkomst van het contact met Veilig Thuis?", DOWN + DOWN + "\r")
    s.text("Wat heeft Veilig Thuis geadviseerd", "TEST: melding opgenomen")
    s.ask("Heb je de signalen besproken met de betrokkene(n)?", DOWN + "\r")
    s.ask("Waarom heb je het gesprek niet gevoerd?", "\r")
    s.text("Licht toe waarom het gesprek niet is gevoerd.", "TEST: vader is agressief")
    afweging_1(s, "ja")
    s.ask("acute onveiligheid", DOWN * 2 + "\r")
    s.ask("structurele onveiligheid", DOWN + "\r")  # ja
    s.text("Toelichting bij afweging 2", "TEST: het gebeurt al maanden")
    melding(s)  # no disclosure asked: afweging 2 ja, the melding is certain
    s.expect("Nog niet opgeslagen.")
    s.expect("De melding is op")
    s.ask("Klopt alles?", "\r")
    s.expect("Melden bij Veilig Thuis")
    assert s.finish() == 0
    entry = only(tmp_path / "dossier")
    assert entry["besluit"]["melding_gedaan_op"] == date.today().isoformat()
    markdown = (tmp_path / "dossier" / f"{entry['id']}.md").read_text(encoding="utf-8")
    assert "Melden bij Veilig Thuis: 0800-2000" not in markdown


def test_the_entry_is_dated_when_it_is_saved(screen, tmp_path):
    import time
    from datetime import datetime

    s = screen("start")
    step_1(s)
    steps_2_and_3(s)
    afweging_1(s, "nee")
    s.expect("Klopt alles?")
    time.sleep(2.2)  # the practitioner reads the review before saving
    before = datetime.now().astimezone().replace(microsecond=0)
    s.child.send("\r")
    assert s.finish() == 0
    entry = only(tmp_path / "dossier")
    assert datetime.fromisoformat(entry["aangemaakt"]) >= before


# ---------------------------------------------------------------- two terminals, one dossier


def test_two_terminals_each_keep_their_own_draft(screen, tmp_path):
    dossier = tmp_path / "dossier"
    first, second = screen("start"), screen("start")
    first.first_case(DOWN * 2 + "\r")
    first.text("Eigen kenmerk van deze casus", "TEST-TWEE-A")
    second.first_case(DOWN * 2 + "\r")
    second.text("Eigen kenmerk van deze casus", "TEST-TWEE-B")
    for s in (first, second):
        s.expect("Datum van het consult")
        s.child.sendcontrol("c")
        assert s.finish() == 130
    assert len(drafts(dossier)) == 2

    third = screen("start")
    third.expect("Er zijn 2 concepten. Met welk wil je verder?")
    third.expect("(casus TEST-TWEE-")  # kenmerk and time of each
    third.expect("(casus TEST-TWEE-")
    third.ask("Opnieuw beginnen (de concepten blijven bewaard)", "\x1b[B\x1b[B\r")
    third.expect("Is er op dit moment iemand in direct gevaar?")
    third.child.sendcontrol("c")
    assert third.finish() == 130
    assert len(drafts(dossier)) == 2  # starting anew loses neither


# ---------------------------------------------------------------- directe veiligheid first


def test_direct_danger_shows_112_before_any_other_question(screen, tmp_path):
    s = screen("start")
    s.ask("Wil je je profiel nu vastleggen?", DOWN + "\r")  # a first case: nu niet
    s.expect("Is er op dit moment iemand in direct gevaar?")
    assert "Eigen kenmerk" not in (s.child.before or "")  # the first question of the case
    # The cursor stands on "(kies een antwoord)": Enter alone records nothing, and says so.
    s.expect("(kies een antwoord)")
    s.child.send("\r")
    s.expect("Kies een antwoord met de pijltjes: Enter alleen kiest niets.")
    s.ask("Is er op dit moment iemand in direct gevaar?", DOWN + "\r")  # ja
    s.expect("Bel 112 bij direct gevaar. Veilig Thuis: 0800-2000, gratis en dag en nacht")
    s.text("Wat heb je gedaan om de directe veiligheid te herstellen?", "TEST: 112 gebeld")
    s.expect("Eigen kenmerk van deze casus")  # and the meldcode goes on
    s.child.sendcontrol("c")
    assert s.finish() == 130
    draft = json.loads(drafts(tmp_path / "dossier")[0].read_text(encoding="utf-8"))
    assert draft["antwoorden"]["directe_veiligheid"] == {
        "direct_gevaar": "ja",
        "wat_gedaan": "TEST: 112 gebeld",
    }


def test_a_melding_and_its_sheet_for_the_phone_call(screen, tmp_path):
    s = screen("start")
    step_1(s)
    steps_2_and_3(s)
    afweging_1(s, "ja")
    s.ask("acute onveiligheid: direct fysiek gevaar?", DOWN + "\r")  # ja
    s.expect("Bel 112")
    s.ask("structurele onveiligheid", DOWN * 2 + "\r")
    s.text("Toelichting bij afweging 2", "TEST: slaan, gisteren")
    melding(s)
    s.ask("Klopt alles?", "\r")
    assert s.finish() == 0
    code = only(tmp_path / "dossier")["id"].rsplit("-", 1)[1]

    sheet = screen("melding", code)
    sheet.expect("Bel Veilig Thuis:")
    sheet.expect("0800-2000")
    sheet.expect("Welke informatie heb je over de actuele onveiligheid")
    # Stap 1's own words: not asked again with the melding (version 4).
    sheet.expect("Wat de situatie nu onveilig maakt: TEST: vader slaat als hij boos is")
    sheet.expect("Wat zijn je mogelijkheden om zelf de directe veiligheid te herstellen?")
    sheet.expect("Mijn mogelijkheden: TEST: weinig")
    sheet.expect("Besluit: Melden bij Veilig Thuis")
    sheet.expect("Maak met Veilig Thuis afspraken over:")
    sheet.expect("de manier van communiceren")
    assert sheet.finish() == 0
