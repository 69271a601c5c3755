"""One clock (meldcode_cli/clock.py): every date and moment the program takes from the
system comes from there, so that a test run that goes on past midnight keeps one day."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from meldcode_cli import clock
from tests.conftest import FROZEN_EXAMPLE as EXAMPLE
from tests.conftest import ROOT, entries, hold_clock, invoke

SOURCE = ROOT / "src" / "meldcode_cli"
READS_THE_SYSTEM = re.compile(r"\b(?:date|datetime)\.(?:today|now|utcnow)\(")


def test_only_the_clock_reads_the_date_and_time():
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "clock.py"
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READS_THE_SYSTEM.search(text)
    ]
    assert found == []


def test_the_clock_tells_the_system_time_when_left_alone():
    assert clock.today() == date.today() or clock.today() == date.today() - timedelta(1)
    assert clock.now().utcoffset() is not None
    assert clock.local_now().tzinfo is None


def test_an_entry_takes_its_date_and_time_from_the_clock(monkeypatch, dossier_dir):
    """With the clock held to a day in the past, a whole `start --answers` dates its
    entry (name, aangemaakt, datum) on that day: nothing reads the system's own date."""
    day = date(2026, 11, 23)  # after the example's dates, before its evaluation
    hold_clock(monkeypatch, day)
    run = invoke(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    (entry,) = entries(dossier_dir)
    document = json.loads(entry.read_text(encoding="utf-8"))
    assert entry.name.startswith("20261123-")
    assert document["aangemaakt"].startswith("2026-11-23T")
    assert document["datum"] == "2026-11-23"


def test_the_answers_are_judged_against_the_clocks_day(monkeypatch, dossier_dir):
    """Held to the day before the example's consult (20-11-2026), the consult lies in the
    future: the check of the answers takes its "vandaag" from the clock too."""
    hold_clock(monkeypatch, date(2026, 11, 19))
    run = invoke(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(dossier_dir)])
    assert run.code != 0
    assert "20-11-2026 ligt in de toekomst" in run.output
    assert entries(dossier_dir) == []
