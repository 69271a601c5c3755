"""The melding as Veilig Thuis needs it, in a real pseudo-terminal: conversations in
stap 3, the melding, its follow-up with afwegingen 3 to 5 done together with Veilig
Thuis, and a "niet gemeld" that stays open until it is resolved."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import entries
from tests.e2e.conftest import DOWN
from tests.e2e.test_journeys import afweging_1
from tests.e2e.test_start_terminal import melding, step_1

pytestmark = pytest.mark.e2e


def newest(folder: Path) -> dict[str, Any]:
    """The entry that no other entry follows up (entries can share a second)."""
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in entries(folder)]
    followed = {d.get("vervolg_op") for d in documents}
    [last] = [d for d in documents if d["id"] not in followed]
    assert isinstance(last, dict)
    return last


def stap_2_and_two_conversations(s) -> None:
    s.ask("Heb je over de signalen overlegd met een collega?", "\r")
    s.text("Wanneer heb je overlegd?", "vandaag")
    s.text("Met wie heb je overlegd?", "vakgenoot uit intervisie")
    s.text("Wat heeft je collega geadviseerd?", "TEST: bel Veilig Thuis")
    s.ask("Heb je Veilig Thuis om advies gevraagd?", DOWN + "\r")
    s.ask("Heb je de signalen besproken met de betrokkene(n)?", "\r")  # ja
    s.text("Met wie heb je gesproken?", "moeder")
    # Not before the signal of step 1 (today): the gesprek is about it.
    s.text("Wanneer was het gesprek?", "vandaag")
    s.text("Wat heb je besproken en hoe reageerden zij?", "TEST: moeder herkent het")
    s.ask("Nog een gesprek toevoegen?", DOWN + "\r")  # ja
    s.text("Met wie heb je gesproken?", "kind, 9 jaar")
    s.text("Wanneer was het gesprek?", "vandaag")
    s.text("Wat heb je besproken en hoe reageerden zij?", "TEST: kind is bang")
    s.ask("Nog een gesprek toevoegen?", "\r")  # nee


def a_melding(screen, tmp_path: Path) -> str:
    s = screen("start")
    step_1(s)
    stap_2_and_two_conversations(s)
    afweging_1(s, "ja")
    s.ask("acute onveiligheid: direct fysiek gevaar?", DOWN * 2 + "\r")  # nee
    s.ask("structurele onveiligheid", DOWN + "\r")  # ja
    s.text("Toelichting bij afweging 2", "TEST: het gebeurt elke week")
    melding(s)
    s.expect("Gesprek 2")  # the review shows both conversations
    s.ask("Klopt alles?", "\r")
    s.expect("Leg het vervolg later vast met: meldcode vervolg")
    assert s.finish() == 0
    entry = newest(tmp_path / "dossier")
    assert [g["met"] for g in entry["antwoorden"]["gesprek"]["gesprekken"]] == [
        "moeder",
        "kind, 9 jaar",
    ]
    # Whether the betrokkenen were told is asked with the melding, not in stap 3.
    assert "melding_besproken" not in entry["antwoorden"]["gesprek"]
    assert entry["antwoorden"]["melding"]["betrokkenen_geinformeerd"] == "nee"
    return str(entry["id"]).rsplit("-", 1)[1]


def test_a_melding_then_its_follow_up_with_afwegingen_3_to_5_with_veilig_thuis(screen, tmp_path):
    code = a_melding(screen, tmp_path)
    sheet = screen("melding", code)
    sheet.expect("Zijn de betrokkenen over de melding geïnformeerd?")
    sheet.expect("Geïnformeerd: Nee")  # asked with the melding (version 4), not in stap 3
    assert sheet.finish() == 0

    evaluatie = date.today() + timedelta(days=90)
    s = screen("vervolg", code)
    s.expect("Vervolg op de melding bij Veilig Thuis — casus TEST-E2E-1")
    s.ask("Heb je de melding bij Veilig Thuis gedaan?", "\r")
    s.text("Op welke datum heb je gemeld?", "vandaag")
    s.text("Hoe laat heb je gemeld?", "09:30")
    s.ask("Heeft Veilig Thuis na de melding contact met je opgenomen?", "\r")
    s.text("Wanneer nam Veilig Thuis contact op?", "vandaag")
    s.text("Wat is het oordeel van Veilig Thuis", "TEST: structureel onveilig")
    s.ask("zicht op veiligheid?", "\r")  # Veilig Thuis
    s.text("verantwoordelijkheid voor de vervolgstappen?", "TEST: wijkteam")
    for punt in ("vervolgstappen", "samenwerking", "afstemming", "manier van communiceren"):
        s.text(punt, f"TEST: {punt}")
    s.text("Welke andere afspraken", "")
    s.expect("Afwegingen 3 tot en met 5, samen met Veilig Thuis")
    s.ask("Ben ik in staat effectieve hulp te bieden", DOWN + "\r")  # ja
    s.text("Toelichting bij afweging 3", "TEST: ik zie het kind wekelijks")
    s.ask("Aanvaarden de direct betrokkenen hulp", DOWN + "\r")  # ja
    s.text("Toelichting bij afweging 4", "TEST: moeder wil hulp")
    s.text("Op welke datum evalueer je", evaluatie.strftime("%d-%m-%Y"))
    s.text("Welke hulp bied of organiseer je", "TEST: opvoedondersteuning")
    s.expect("Veilig Thuis heeft contact opgenomen; ik bied ook hulp en evalueer")
    s.ask("Klopt alles?", "\r")
    s.expect("Opgeslagen in het dossier")
    assert s.finish() == 0

    follow_up = newest(tmp_path / "dossier")
    assert follow_up["besluit"]["uitkomst"] == "hulp_na_melding"
    assert follow_up["vervolg"]["evaluatie_op"] == evaluatie.isoformat()
    assert follow_up["antwoorden"]["veilig_thuis"]["afwegingen"]["3"]["antwoord"] == "ja"
    new_code = str(follow_up["id"]).rsplit("-", 1)[1]

    board = screen("dossier", "open", "--alle")
    board.expect(evaluatie.strftime("%d-%m-%Y"))
    board.expect(f"meldcode vervolg {new_code}")
    assert board.finish() == 0


def test_niet_gemeld_stays_an_open_item_until_it_is_resolved(screen, tmp_path):
    code = a_melding(screen, tmp_path)
    s = screen("vervolg", code)
    s.ask("Heb je de melding bij Veilig Thuis gedaan?", DOWN + "\r")  # nee
    s.text("Waarom heb je (nog) niet gemeld?", "TEST: moeder vroeg om een week")
    s.ask("Wat ga je nu doen?", "\r")  # alsnog melden
    s.ask("Op welke datum meld je?", "\r")  # vandaag
    s.expect("Dit blijft open staan tot het is opgelost.")
    s.ask("Klopt alles?", "\r")
    assert s.finish() == 0
    niet = newest(tmp_path / "dossier")
    assert niet["besluit"]["uitkomst"] == "niet_gemeld"
    niet_code = str(niet["id"]).rsplit("-", 1)[1]

    board = screen("dossier", "open")
    board.expect("TEST-E2E-1")
    board.expect(f"meldcode vervolg {niet_code}")
    assert board.finish() == 0

    # A second "niet gemeld" keeps it open: one open item, on the newest, now with the
    # command for what the practitioner said they will do: run the meldcode again.
    s = screen("vervolg", niet_code)
    s.ask("Heb je de melding bij Veilig Thuis gedaan?", DOWN + "\r")
    s.text("Waarom heb je (nog) niet gemeld?", "TEST: nog steeds niet")
    s.ask("Wat ga je nu doen?", DOWN + "\r")  # de meldcode opnieuw doorlopen
    s.ask("Klopt alles?", "\r")
    assert s.finish() == 0
    again = newest(tmp_path / "dossier")
    again_code = str(again["id"]).rsplit("-", 1)[1]
    board = screen("dossier", "open", "--json")
    board.child.expect("\\]")
    rows = json.loads(str(board.child.before) + "]")
    assert [(r["id"], r["opdracht"]) for r in rows] == [
        (again["id"], f"meldcode vervolg {again_code} --opnieuw")
    ]
    assert board.finish() == 0
