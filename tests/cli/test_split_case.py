"""Issue 22: a case told on two devices and then merged (a union of two folders, as a
sync engine or a copy by hand makes it) never hides a line of the story.

The laptop records the evaluation "hulp afsluiten", the desktop "opnieuw melden", on the
same entry. After the merge both stand; `controleer` names the split, `dossier open`
and `list` show it, `vervolg` says it before anything is asked, and the next entry of
the case joins both lines (after which the case is whole again)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_case_story import EVALUATIE_NEE, code_of, start, vervolg
from tests.conftest import hold_clock, invoke

# The melding of the reopened case, made on the day of its evaluation.
GEMELD = {
    "versie": 2,
    "veilig_thuis": {
        "melding_gedaan": "ja",
        "melding_datum": "2027-01-15",
        "melding_tijd": "11:00",
        "contact": "nee",
    },
}
EVALUATIE_JA = {
    "versie": 2,
    "evaluatie": {
        "datum": "2027-01-15",
        "antwoord": "ja",
        "toelichting": "TEST: het is rustig thuis",
        "afspraken": "TEST: moeder belt bij nieuwe zorgen",
    },
}


@pytest.fixture
def example_raw() -> dict[str, Any]:
    import yaml

    from tests.conftest import FROZEN_EXAMPLE

    data: dict[str, Any] = yaml.safe_load(FROZEN_EXAMPLE.read_text(encoding="utf-8"))
    return data


def merge(source: Path, target: Path) -> None:
    """A union copy: every entry file of ``source`` that ``target`` lacks."""
    for path in source.iterdir():
        if path.suffix in (".json", ".md") and not (target / path.name).exists():
            shutil.copy2(path, target / path.name)


def check(folder: Path):
    return invoke(["dossier", "controleer", "--dossier-dir", str(folder)])


@pytest.fixture
def split(tmp_path, example_raw, monkeypatch) -> tuple[Path, str, str, str]:
    """Both devices hold the first entry; each records its own evaluation of it."""
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    hold_clock(monkeypatch, date(2026, 11, 23))
    helped = start(tmp_path, laptop, example_raw)["id"]  # hulp bieden
    shutil.copytree(laptop, desktop)
    hold_clock(monkeypatch, date(2027, 1, 15))
    run = vervolg(tmp_path, laptop, code_of(helped), EVALUATIE_JA, "ja.yaml")
    assert run.code == 0, run.output
    closed = json.loads(run.stdout)["id"]
    run = vervolg(tmp_path, desktop, code_of(helped), EVALUATIE_NEE, "nee.yaml")
    assert run.code == 0, run.output
    reopened = json.loads(run.stdout)["id"]
    merge(desktop, laptop)
    return laptop, helped, closed, reopened


def test_controleer_names_the_split(split):
    folder, _, closed, reopened = split
    run = check(folder)
    assert run.code == 1, run.output
    assert "Niet in orde: casus VB-2026-017: is gesplitst: 2 dossierstukken volgen niet op" in (
        " ".join(run.stderr.split())
    )
    assert closed in run.stderr and reopened in run.stderr
    assert "3 van 3 dossierstukken zijn ongewijzigd." in run.stdout  # each entry is sound


def test_open_and_list_show_the_split_and_both_lines(split):
    folder, _, closed, reopened = split
    run = invoke(["dossier", "open", "--json", "--dossier-dir", str(folder)])
    assert run.code == 0, run.output
    rows = json.loads(run.stdout)
    assert rows[0]["soort"] == "splitsing" and rows[0]["referentie"] == "VB-2026-017"
    assert rows[0]["opdracht"] == "meldcode dossier show --casus VB-2026-017"
    # The desktop's decision to report again is not hidden by the laptop's closing.
    assert [(r["id"], r["soort"]) for r in rows[1:]] == [(reopened, "melding_doen")]
    run = invoke(["dossier", "open", "--dossier-dir", str(folder)])
    assert "casus VB-2026-017 is gesplitst" in " ".join(run.stderr.split())
    run = invoke(["dossier", "list", "--json", "--dossier-dir", str(folder)])
    listed = {row["id"]: row for row in json.loads(run.stdout)}
    assert {listed[i]["splitsing"] for i in (closed, reopened)} == {True}
    assert "casus VB-2026-017 is gesplitst" in " ".join(run.stderr.split())


def test_the_next_entry_joins_both_lines(tmp_path, split, monkeypatch):
    folder, _, closed, reopened = split
    run = vervolg(tmp_path, folder, code_of(reopened), GEMELD, "gemeld.yaml")
    assert run.code == 0, run.output
    assert "casus VB-2026-017 is gesplitst" in " ".join(run.stderr.split())
    joined = json.loads(run.stdout)["id"]
    document = json.loads((folder / f"{joined}.json").read_text(encoding="utf-8"))
    digest = {
        i: json.loads((folder / f"{i}.json").read_text(encoding="utf-8"))["sha256"]
        for i in (closed, reopened)
    }
    assert {document["vorige"], *document["ook_vorige"]} == set(digest.values())
    run = check(folder)
    assert run.code == 0, run.output
    assert "4 van 4 dossierstukken zijn ongewijzigd." in run.stdout
    assert "gesplitst" not in run.stderr


def test_a_case_started_on_two_devices_is_split_too(tmp_path, example_raw, monkeypatch):
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    hold_clock(monkeypatch, date(2026, 11, 23))
    one = start(tmp_path, laptop, example_raw)["id"]
    two = start(tmp_path, desktop, example_raw)["id"]
    merge(desktop, laptop)
    run = check(laptop)
    assert run.code == 1 and one in run.stderr and two in run.stderr
    assert "is gesplitst" in run.stderr


def test_one_device_never_splits(tmp_path, example_raw, monkeypatch):
    hold_clock(monkeypatch, date(2026, 11, 23))
    folder = tmp_path / "d"
    for _ in range(3):
        start(tmp_path, folder, example_raw)
    run = check(folder)
    assert run.code == 0 and "gesplitst" not in run.stderr
    run = invoke(["dossier", "open", "--json", "--dossier-dir", str(folder)])
    assert "splitsing" not in run.stdout
