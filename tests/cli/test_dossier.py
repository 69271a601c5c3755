"""`meldcode dossier`: list, filters, show, timeline, open follow-ups, robustness, integrity."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TODAY, invoke
from tests.dossier.helpers import MELDEN, case, days, make_entry


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0)).astimezone()


@pytest.fixture
def dossier(dossier_dir, example_raw):
    """Three invented cases over several weeks."""
    old = TODAY - days(40)
    entries = {
        "hulp": make_entry(
            dossier_dir,
            case(example_raw, "TEST-A", old, a5={"evaluatie_op": TODAY - days(3)}),
            at(old),
        ),
        "melden": make_entry(
            dossier_dir,
            case(example_raw, "TEST-B", TODAY - days(20), **MELDEN),
            at(TODAY - days(20)),
        ),
        "afsluiten": make_entry(
            dossier_dir,
            case(
                example_raw,
                "TEST-C",
                TODAY - days(2),
                a1={"antwoord": "nee", "toelichting": "TEST geen vermoeden"},
                a2=None,
                a3=None,
                a4=None,
                a5=None,
            ),
            at(TODAY - days(2)),
        ),
    }
    return entries


def listing(dossier_dir: Path, *args: str) -> list[dict[str, Any]]:
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir), "--json", *args])
    assert run.code == 0, run.output
    rows: list[dict[str, Any]] = json.loads(run.stdout)
    return rows


def test_list_is_newest_first_with_files(dossier, dossier_dir):
    rows = listing(dossier_dir)
    assert [r["referentie"] for r in rows] == ["TEST-C", "TEST-B", "TEST-A"]
    for row in rows:
        assert {"id", "datum", "referentie", "uitkomst", "bestanden"} <= row.keys()
        assert Path(row["bestanden"]["markdown"]).exists()
        assert Path(row["bestanden"]["json"]).exists()
    assert rows[0]["uitkomst"] == "afsluiten"


def test_list_table_highlights_what_is_due(dossier, dossier_dir):
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0
    assert "TEST-A" in run.stdout and "Hulp bieden" in run.stdout  # Dutch, not a code
    assert "hulp_bieden" not in run.stdout
    assert "te laat" in run.stdout  # the evaluation date has passed
    assert dossier["melden"].id.rsplit("-", 1)[1] in run.stdout  # the short code


@pytest.mark.parametrize("columns", [60, 80])
def test_list_never_breaks_a_date_a_kenmerk_or_a_code(dossier, dossier_dir, monkeypatch, columns):
    import re

    monkeypatch.setenv("COLUMNS", str(columns))
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0
    assert all(len(line) <= columns for line in run.stdout.splitlines())
    for entry in dossier.values():
        assert entry.id.rsplit("-", 1)[1] in run.stdout  # each code whole
    for kenmerk in ("TEST-A", "TEST-B", "TEST-C"):
        assert kenmerk in run.stdout
    dates = re.findall(r"\d{2}-\d{2}-\d{4}", run.stdout)
    assert len(dates) >= 3 + 2  # every entry's date and both open items' dates, whole
    assert ("Soort" in run.stdout) is (columns >= 80)  # the least important gives way


LONG_KENMERKEN = (
    "TEST-JEUGDTEAM-NOORD-2026-0017-GEZIN-MET-DRIE-KINDEREN",  # 52 characters
    "TEST-" + "X" * 59,  # the longest a kenmerk may be: 64
    "TEST-测试-KENMERK",  # wide characters take two columns each
)


@pytest.fixture
def long_kenmerken(dossier_dir, example_raw):
    made = []
    for n, kenmerk in enumerate(LONG_KENMERKEN):
        day = TODAY - days(10 + n)
        raw = case(example_raw, kenmerk, day, a5={"evaluatie_op": TODAY - days(1)})
        made.append(make_entry(dossier_dir, raw, at(day)))
    return made


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_long_kenmerken_stay_whole_on_one_line(long_kenmerken, dossier_dir, monkeypatch, columns):
    """How issue 13 checks it: COLUMNS=80 and 60, a dossier with long kenmerken; every
    kenmerk and code whole on one line, and the open item's date too."""
    import re

    monkeypatch.setenv("COLUMNS", str(columns))
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    lines = run.stdout.splitlines()
    for kenmerk in LONG_KENMERKEN:
        assert any(kenmerk in line for line in lines), kenmerk
    for entry in long_kenmerken:
        assert any(entry.id.rsplit("-", 1)[1] in line for line in lines)
    overdue = (TODAY - days(1)).strftime("%d-%m-%Y")
    assert len(re.findall(re.escape(overdue), run.stdout)) == len(LONG_KENMERKEN)
    for line in lines:  # only a piece that is itself wider than the screen may stick out
        assert len(line) <= columns or any(k in line for k in LONG_KENMERKEN), line


def test_a_list_that_fits_is_one_line_per_entry_at_100_columns(dossier, dossier_dir, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    lines = run.stdout.splitlines()
    assert lines[0] == "Dossier (3 van 3)"
    assert lines[1].split() == ["Datum", "Kenmerk", "Soort", "Stap", "Uitkomst", "Vervolg", "Code"]
    assert len(lines) == 3 + 3  # title, header, rule and a line per entry
    assert [line.split()[1] for line in lines[3:]] == ["TEST-C", "TEST-B", "TEST-A"]


def test_the_list_into_a_pipe_loads_no_rich(dossier, dossier_dir):
    from tests.cli.test_process import imported_modules

    names = imported_modules("dossier", "list", "--dossier-dir", str(dossier_dir))
    assert "meldcode_cli.cli.table" in names  # the measurement itself works
    assert not {n for n in names if n.split(".")[0] == "rich"}


def test_a_list_from_its_index_loads_nothing_for_writing_or_checking(dossier, dossier_dir):
    """Hashing, temporary files and random names are for writing and checking; loading
    them cost every listing. (Against what typer and platformdirs load themselves.)"""
    import subprocess
    import sys

    from tests.cli.test_process import imported_modules

    listing(dossier_dir)  # the first one writes the index
    names = imported_modules("dossier", "list", "--dossier-dir", str(dossier_dir))
    assert "meldcode_cli.dossier.reader" in names  # the measurement itself works
    framework = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "import typer.main, typer.core, platformdirs.unix",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    own = names - {line.rsplit("|", 1)[1].strip() for line in framework.splitlines() if "|" in line}
    assert own & {"hashlib", "_hashlib", "hmac", "secrets", "tempfile", "random"} == set()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--casus", "test-b"], ["TEST-B"]),
        (["--uitkomst", "hulp_bieden"], ["TEST-A"]),
        (["--sinds", (TODAY - days(25)).isoformat()], ["TEST-C", "TEST-B"]),
        (["--tot", (TODAY - days(20)).strftime("%d-%m-%Y")], ["TEST-B", "TEST-A"]),
        (
            ["--sinds", (TODAY - days(25)).isoformat(), "--tot", (TODAY - days(5)).isoformat()],
            ["TEST-B"],
        ),
        (["--open"], ["TEST-B", "TEST-A"]),
        (["--zoek", "GROOTMOEDER"], ["TEST-C", "TEST-B", "TEST-A"]),
        (["--zoek", "geen vermoeden"], ["TEST-C"]),
        (["--casus", "TEST-Z"], []),
    ],
)
def test_filters(dossier, dossier_dir, args, expected):
    assert [r["referentie"] for r in listing(dossier_dir, *args)] == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--uitkomst", "weet_niet"], "--uitkomst: 'weet_niet' bestaat niet; kies uit: afsluiten"),
        (["--sinds", "31-02-2026"], "--sinds: '31-02-2026' bestaat niet als datum."),
        (["--tot", "morgen"], "--tot: 'morgen' is geen datum."),
    ],
)
def test_bad_filters_are_clear(dossier, dossier_dir, args, message):
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir), *args])
    assert run.code == 2
    assert message in run.stderr


def test_show_by_id_prefix_and_code(dossier, dossier_dir, example_raw):
    entry = dossier["melden"]
    # A second entry made on the same day, an hour later: the date that starts both ids
    # (yyyymmdd) is a prefix of two entries, whatever day the tests run on.
    day = TODAY - days(20)
    same_day = make_entry(dossier_dir, case(example_raw, "TEST-D", day, **MELDEN), at(day, hour=11))
    assert same_day.id[:8] == entry.id[:8] == f"{day:%Y%m%d}"
    for wanted in (entry.id, entry.id[:24], entry.id.rsplit("-", 1)[1]):
        run = invoke(["dossier", "show", wanted, "--dossier-dir", str(dossier_dir)])
        assert run.code == 0, run.output
        assert "Meldcode — casus TEST-B" in run.stdout
        assert "Melden bij Veilig Thuis" in run.stdout
    # Into a pipe or a file: the stored Markdown, byte for byte (no screen layout).
    stored = (dossier_dir / f"{entry.id}.md").read_text(encoding="utf-8")
    assert invoke(["dossier", "show", entry.id, "--dossier-dir", str(dossier_dir)]).stdout == (
        stored
    )
    run = invoke(["dossier", "show", entry.id[:8], "--dossier-dir", str(dossier_dir), "--json"])
    assert run.code == 2 and "meer dan één" in run.stderr
    assert run.stdout == ""  # nothing chosen for the practitioner
    run = invoke(["dossier", "show", "bestaatniet", "--dossier-dir", str(dossier_dir)])
    assert run.code == 2 and "Geen dossierstuk gevonden" in run.stderr


def test_show_json_is_the_entry(dossier, dossier_dir):
    entry = dossier["hulp"]
    run = invoke(["dossier", "show", entry.id, "--json", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0
    assert json.loads(run.stdout) == json.loads(entry.json.read_text(encoding="utf-8"))


def test_show_needs_an_id_or_a_case(dossier, dossier_dir):
    run = invoke(["dossier", "show", "--dossier-dir", str(dossier_dir)])
    assert run.code == 2 and "--casus" in run.stderr


def test_due_lists_overdue_evaluations(dossier, dossier_dir):
    run = invoke(["dossier", "open", "--dossier-dir", str(dossier_dir), "--json"])
    rows = json.loads(run.stdout)
    # TEST-B decided to report with acute onveiligheid, 20 days ago, and recorded no
    # melding since: that comes first (no call-back: nothing says a melding was made).
    assert [(r["referentie"], r["soort"], r["status"]) for r in rows] == [
        ("TEST-B", "nu_melden", "te laat"),
        ("TEST-A", "evaluatie", "te laat"),
    ]
    table = invoke(["dossier", "open", "--dossier-dir", str(dossier_dir)])
    assert "te laat" in table.stdout and "meldcode vervolg" in table.stdout


def test_missing_dossier_folder_is_a_clear_error(tmp_path):
    run = invoke(["dossier", "list", "--dossier-dir", str(tmp_path / "nergens")])
    assert run.code == 1
    assert "bestaat niet" in run.stderr and "meldcode start" in run.stderr


def test_empty_dossier(dossier_dir):
    dossier_dir.mkdir(mode=0o700)
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0 and "Het dossier is leeg." in run.stdout


# --------------------------------------------------------------------------- follow-up chains


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def vervolg(dossier_dir: Path, entry_id: str, answers: Path, *extra: str):
    return invoke(
        [
            "vervolg",
            entry_id,
            "--answers",
            str(answers),
            "--dossier-dir",
            str(dossier_dir),
            "--json",
            *extra,
        ]
    )


def test_evaluation_chain_to_hulp_afsluiten(dossier, dossier_dir, tmp_path):
    first = dossier["hulp"]
    later = (TODAY + days(30)).isoformat()
    uitstel = write(
        tmp_path,
        "uitstel.yaml",
        f"versie: 1\nevaluatie:\n  datum: {TODAY}\n  antwoord: open\n"
        f"  evaluatie_op: {later}\n  toelichting: TEST nog te vroeg\n",
    )
    run = vervolg(dossier_dir, first.id, uitstel)
    assert run.code == 0, run.output
    second = json.loads(run.stdout)
    assert second["uitkomst"] == "hulp_bieden"
    assert second["vervolg"]["evaluatie_op"] == later
    # The first evaluation is done; the new one is planned.
    rows = {r["id"]: r for r in listing(dossier_dir)}
    assert rows[first.id]["open_vervolg"] is None
    assert rows[second["id"]]["open_vervolg"]["soort"] == "evaluatie"
    assert rows[second["id"]]["vervolg_op"] == first.id

    klaar = write(
        tmp_path,
        "klaar.yaml",
        f"versie: 1\nevaluatie:\n  datum: {TODAY}\n  antwoord: ja\n"
        "  toelichting: TEST veilig\n  afspraken: TEST wijkteam volgt\n",
    )
    run = vervolg(dossier_dir, second["id"], klaar)
    assert run.code == 0, run.output
    third = json.loads(run.stdout)
    assert third["uitkomst"] == "hulp_afsluiten"
    assert [r["id"] for r in listing(dossier_dir, "--open", "--casus", "TEST-A")] == []
    # Earlier entries are never edited.
    assert json.loads(first.json.read_text())["vervolg_op"] is None


def test_evaluation_nee_means_opnieuw_melden_then_veilig_thuis(dossier, dossier_dir, tmp_path):
    nee = write(
        tmp_path,
        "nee.yaml",
        f"versie: 1\nevaluatie:\n  datum: {TODAY}\n  antwoord: nee\n"
        "  toelichting: TEST het geweld gaat door\n",
    )
    run = vervolg(dossier_dir, dossier["hulp"].id, nee)
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["uitkomst"] == "opnieuw_melden"
    assert result["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None  # not yet made

    wacht = write(
        tmp_path,
        "wacht.yaml",
        f"versie: 1\nveilig_thuis:\n  melding_gedaan: ja\n"
        f"  melding_datum: {TODAY}\n  contact: nee\n",
    )
    run = vervolg(dossier_dir, result["id"], wacht)
    assert run.code == 0, run.output
    waiting = json.loads(run.stdout)
    assert waiting["uitkomst"] == "wacht_op_veilig_thuis"
    assert waiting["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] > TODAY.isoformat()

    contact = write(
        tmp_path,
        "contact.yaml",
        f"versie: 1\nveilig_thuis:\n  melding_gedaan: ja\n"
        f"  melding_datum: {TODAY}\n  contact: ja\n  contact_datum: {TODAY}\n"
        "  oordeel: TEST structureel onveilig\n  zicht_op_veiligheid: samen\n"
        "  afspraken: TEST wekelijks overleg\n",
    )
    run = vervolg(dossier_dir, waiting["id"], contact)
    assert run.code == 0, run.output
    assert json.loads(run.stdout)["uitkomst"] == "veilig_thuis_contact"
    assert listing(dossier_dir, "--open", "--casus", "TEST-A") == []


def test_vervolg_refuses_what_does_not_fit(dossier, dossier_dir, tmp_path):
    evaluatie = write(
        tmp_path,
        "e.yaml",
        f"versie: 1\nevaluatie:\n  datum: {TODAY}\n  antwoord: ja\n"
        "  toelichting: t\n  afspraken: t\n",
    )
    # An afsluiten entry has no evaluation: only --opnieuw fits.
    run = vervolg(dossier_dir, dossier["afsluiten"].id, evaluatie)
    assert run.code == 2 and "--opnieuw" in run.stderr
    # An evaluation file for a melding entry is judged against the Veilig Thuis questions.
    run = vervolg(dossier_dir, dossier["melden"].id, evaluatie)
    assert run.code == 2
    assert "evaluatie (regel 2): onbekende sleutel." in run.stderr
    assert "veilig_thuis.melding_gedaan: ontbreekt" in run.stderr
    # Following up the same entry twice is refused.
    assert vervolg(dossier_dir, dossier["hulp"].id, evaluatie).code == 0
    run = vervolg(dossier_dir, dossier["hulp"].id, evaluatie)
    assert run.code == 2 and "heeft al een vervolg" in run.stderr


def test_vervolg_opnieuw_keeps_the_case(dossier, dossier_dir, example_raw, tmp_path):
    import yaml

    raw = case(example_raw, "TEST-C", TODAY, **MELDEN)
    path = write(tmp_path, "opnieuw.yaml", yaml.safe_dump(raw, allow_unicode=True))
    run = vervolg(dossier_dir, dossier["afsluiten"].id, path, "--opnieuw")
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    assert result["uitkomst"] == "melden"
    document = json.loads(Path(result["bestanden"]["json"]).read_text())
    assert document["soort"] == "opnieuw" and document["vervolg_op"] == dossier["afsluiten"].id
    raw["casus"]["referentie"] = "TEST-ANDERS"
    path = write(tmp_path, "ander.yaml", yaml.safe_dump(raw, allow_unicode=True))
    run = vervolg(dossier_dir, result["id"], path, "--opnieuw")
    assert run.code == 2 and "hoort bij casus 'TEST-ANDERS'" in run.stderr


def test_vervolg_interactive(dossier, dossier_dir):
    from tests.conftest import ENTER, line, pick

    # Datum (today), afweging 5 ja (one down: a judgement starts on no answer), ...
    keys = ENTER + pick(1) + line("TEST het gaat goed") + line("TEST school volgt") + pick(0)
    run = invoke(
        [
            "vervolg",
            dossier["hulp"].id.rsplit("-", 1)[1],
            "--interactive",
            "--dossier-dir",
            str(dossier_dir),
        ],
        keys,
    )
    assert run.code == 0, run.output
    assert "Evaluatie van de hulp (afweging 5) — casus TEST-A" in run.stdout
    assert "Hulp afsluiten" in run.stdout


def test_case_timeline(dossier, dossier_dir, tmp_path):
    klaar = write(
        tmp_path,
        "k.yaml",
        f"versie: 1\nevaluatie:\n  datum: {TODAY}\n  antwoord: ja\n"
        "  toelichting: t\n  afspraken: t\n",
    )
    assert vervolg(dossier_dir, dossier["hulp"].id, klaar).code == 0
    run = invoke(["dossier", "show", "--casus", "TEST-A", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0
    assert "Casus TEST-A: 2 dossierstukken" in run.stdout  # a plural, not 'dossierstuk(ken)'
    first = run.stdout.index("Meldcode doorlopen")
    second = run.stdout.index("Evaluatie van de hulp")
    assert first < second
    assert "Vervolg op: " + dossier["hulp"].id in run.stdout
    rows = json.loads(
        invoke(
            ["dossier", "show", "--casus", "test-a", "--json", "--dossier-dir", str(dossier_dir)]
        ).stdout
    )
    assert [r["soort"] for r in rows] == ["start", "evaluatie"]


# --------------------------------------------------------------------------- robust reading


def test_bad_files_are_skipped_with_a_warning(dossier, dossier_dir):
    (dossier_dir / "20261101-100000-kapot-aaaaaa.json").write_text(
        '{"id": "20261101-1', encoding="utf-8"
    )
    (dossier_dir / "20261101-100000-vreemd-bbbbbb.json").write_text(
        '{"hallo": 1}', encoding="utf-8"
    )
    (dossier_dir / "20261101-100000-half-cccccc.md").write_text("# half", encoding="utf-8")
    (dossier_dir / "boodschappen.txt").write_text("melk", encoding="utf-8")
    (dossier_dir / "20261101-100000-bin-dddddd.json").write_bytes(b"\xff\xfe\x00")
    (dossier_dir / "20261101-100000-link-eeeeee.json").symlink_to("/etc/passwd")
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    for name, why in [
        ("20261101-100000-kapot-aaaaaa.json", "beschadigd of half geschreven"),
        ("20261101-100000-vreemd-bbbbbb.json", "geen dossierstuk van meldcode"),
        ("20261101-100000-half-cccccc.md", "onvolledig dossierstuk"),
        ("boodschappen.txt", "geen dossierstuk van meldcode"),
        ("20261101-100000-bin-dddddd.json", "beschadigd"),
        ("20261101-100000-link-eeeeee.json", "geen gewoon bestand"),
    ]:
        assert f"{name}: {why}" in run.stderr, name
    assert run.stdout.count("TEST-") == 3
    run = invoke(["dossier", "show", dossier["melden"].id, "--dossier-dir", str(dossier_dir)])
    assert run.code == 0


def test_entries_of_an_older_schema_still_list_and_show(dossier_dir):
    dossier_dir.mkdir(mode=0o700)
    entry_id = "20250301-090000-oud-1-abcdef"
    old = {  # as a development version wrote them: no schema, outcome at the top
        "id": entry_id,
        "aangemaakt": "2025-03-01T09:00:00+01:00",
        "uitkomst": "melden",
        "antwoorden": {"casus": {"referentie": "OUD-1"}},
    }
    (dossier_dir / f"{entry_id}.json").write_text(json.dumps(old), encoding="utf-8")
    (dossier_dir / f"{entry_id}.md").write_text("# Meldcode — casus OUD-1\n", encoding="utf-8")
    rows = listing(dossier_dir)
    assert [(r["referentie"], r["uitkomst"], r["datum"]) for r in rows] == [
        ("OUD-1", "melden", "2025-03-01")
    ]
    run = invoke(["dossier", "show", "abcdef", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0 and "OUD-1" in run.stdout


def test_escape_sequences_are_not_replayed(dossier_dir):
    dossier_dir.mkdir(mode=0o700)
    entry_id = "20250301-090000-esc-abcdef"
    evil = {
        "id": entry_id,
        "aangemaakt": "2025-03-01T09:00:00",
        "referentie": "X\x1b[2J\x1b]0;pwn\x07",
        "besluit": {"uitkomst": "melden\x1b[31m"},
    }
    (dossier_dir / f"{entry_id}.json").write_text(json.dumps(evil), encoding="utf-8")
    (dossier_dir / f"{entry_id}.md").write_text(
        "# \x1b[2J titel \x1b]8;;http://x\x07", encoding="utf-8"
    )
    for args in (
        ["dossier", "list"],
        ["dossier", "show", entry_id],
        ["dossier", "show", "--casus", evil["referentie"]],
    ):
        run = invoke([*args, "--dossier-dir", str(dossier_dir)])
        assert run.code == 0, run.output
        assert "\x1b" not in run.stdout and "\x07" not in run.stdout
        assert "\\u001b" in run.stdout


# --------------------------------------------------------------------------- index and integrity


def test_the_index_never_shows_a_stale_answer(dossier, dossier_dir):
    listing(dossier_dir)
    assert (dossier_dir / ".index.json").exists()
    path = dossier["afsluiten"].json
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace(
        '"referentie": "TEST-C"', '"referentie": "TEST-X"'
    )
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime as before
    assert path.stat().st_size == stat.st_size
    assert "TEST-X" in [r["referentie"] for r in listing(dossier_dir)]


def test_a_corrupt_index_is_rebuilt(dossier, dossier_dir):
    listing(dossier_dir)
    (dossier_dir / ".index.json").write_text("{kapot", encoding="utf-8")
    assert len(listing(dossier_dir)) == 3
    assert json.loads((dossier_dir / ".index.json").read_text())["versie"] == 7


def test_integrity_check_finds_a_one_byte_change(dossier, dossier_dir):
    run = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0 and "3 van 3 dossierstukken zijn ongewijzigd." in run.stdout
    data = bytearray(dossier["melden"].json.read_bytes())
    at_ = data.index(b"TEST-B")
    data[at_ + 5] = ord("X")
    dossier["melden"].json.write_bytes(bytes(data))
    md = bytearray(dossier["hulp"].markdown.read_bytes())
    md[-2] = ord("!")
    dossier["hulp"].markdown.write_bytes(bytes(md))
    run = invoke(["dossier", "controleer", "--dossier-dir", str(dossier_dir)])
    assert run.code == 1
    assert f"{dossier['melden'].id}: het JSON-bestand is gewijzigd" in run.stderr
    assert f"{dossier['hulp'].id}: het Markdown-bestand is gewijzigd" in run.stderr
    assert "1 van 3 dossierstukken zijn ongewijzigd." in run.stdout


def test_long_lists_show_the_newest_and_say_how_many_more(dossier_dir, example_raw):
    from meldcode_cli.cli.dossier import DEFAULT_LIMIT

    raw = case(example_raw, "TEST-VEEL", TODAY - days(1))
    for n in range(DEFAULT_LIMIT + 3):
        make_entry(dossier_dir, raw, at(TODAY - days(1), hour=0) + days(0) * n)
    run = invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0
    assert "En nog 3 oudere dossierstukken." in run.stdout
    run = invoke(["dossier", "list", "--alle", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0
    assert run.stdout.count("TEST-VEEL") == DEFAULT_LIMIT + 3


def test_ctrl_c_in_a_follow_up_keeps_a_draft_of_its_own(dossier, dossier_dir):
    from tests.conftest import CTRL_C, ENTER, line, pick

    code = dossier["hulp"].id.rsplit("-", 1)[1]
    args = ["vervolg", code, "--interactive", "--dossier-dir", str(dossier_dir)]
    run = invoke(args, ENTER + pick(1) + CTRL_C)  # datum, antwoord ja, then Ctrl-C
    assert run.code == 130 and "bewaard als concept" in run.stderr
    assert f"'meldcode vervolg {code}' biedt aan om verder te gaan" in run.stderr
    from tests.conftest import drafts, only_draft

    draft = only_draft(dossier_dir, f".concept-vervolg-{dossier['hulp'].id}")
    assert json.loads(draft.read_text())["antwoorden"]["evaluatie"]["antwoord"] == "ja"
    assert drafts(dossier_dir) == []  # a first run's draft is apart
    keys = pick(0) + line("TEST het gaat goed") + line("TEST school volgt") + pick(0)
    # Resume: the first key picks "Verder gaan met het concept"; the keys only fit when the
    # date and afweging 5 are not asked again, so the outcome proves the draft was used.
    run = invoke(args, keys)
    assert run.code == 0, run.output
    assert not draft.exists()
    rows = listing(dossier_dir, "--casus", "TEST-A")
    assert [r["uitkomst"] for r in rows] == ["hulp_afsluiten", "hulp_bieden"]


def test_due_with_alle_also_shows_what_is_planned(dossier_dir, example_raw):
    later = TODAY + days(30)
    make_entry(
        dossier_dir,
        case(example_raw, "TEST-LATER", TODAY - days(1), a5={"evaluatie_op": later}),
        at(TODAY - days(1)),
    )
    due = json.loads(
        invoke(["dossier", "open", "--json", "--dossier-dir", str(dossier_dir)]).stdout
    )
    assert due == []
    run = invoke(["dossier", "open", "--alle", "--json", "--dossier-dir", str(dossier_dir)])
    rows = json.loads(run.stdout)
    assert [(r["referentie"], r["status"], r["op"]) for r in rows] == [
        ("TEST-LATER", "gepland", later.isoformat())
    ]


# --------------------------------------------------------------------------- no dead ends


def test_niet_gemeld_stays_open_until_the_melding_is_made(dossier, dossier_dir, tmp_path):
    niet = write(
        tmp_path,
        "niet.yaml",
        "versie: 1\nveilig_thuis:\n  melding_gedaan: nee\n  reden: TEST nog geen tijd\n"
        "  wat_nu: alsnog_melden\n  melden_op: vandaag\n",
    )
    run = vervolg(dossier_dir, dossier["melden"].id, niet)
    assert run.code == 0, run.output
    first = json.loads(run.stdout)
    assert first["uitkomst"] == "niet_gemeld"
    assert first["vervolg"]["melden_op"] == TODAY.isoformat()
    markdown = Path(first["bestanden"]["markdown"]).read_text(encoding="utf-8")
    assert "- Dit blijft open staan tot het is opgelost." in markdown

    code = first["id"].rsplit("-", 1)[1]
    open_run = invoke(["dossier", "open", "--dossier-dir", str(dossier_dir), "--json"])
    rows = [r for r in json.loads(open_run.stdout) if r["id"] == first["id"]]
    assert rows == [
        {
            "id": first["id"],
            "referentie": "TEST-B",
            "soort": "melden",
            "op": TODAY.isoformat(),
            "status": "vandaag",
            "wat": "Nog niet gemeld: alsnog melden of opnieuw doorlopen",
            "melding": "niet_gemeld",
            "opdracht": f"meldcode vervolg {code}",
        }
    ]

    # The next step exists: record the melding after all; the open item is then closed.
    gemeld = write(
        tmp_path,
        "gemeld.yaml",
        "versie: 1\nveilig_thuis:\n  melding_gedaan: ja\n  melding_datum: vandaag\n"
        "  contact: nee\n",
    )
    run = vervolg(dossier_dir, first["id"], gemeld)
    assert run.code == 0, run.output
    assert json.loads(run.stdout)["uitkomst"] == "wacht_op_veilig_thuis"
    open_run = invoke(["dossier", "open", "--dossier-dir", str(dossier_dir), "--json", "--alle"])
    assert all(r["id"] != first["id"] for r in json.loads(open_run.stdout))


def test_a_melding_planned_in_the_past_is_refused(dossier, dossier_dir, tmp_path):
    niet = write(
        tmp_path,
        "niet.yaml",
        "versie: 1\nveilig_thuis:\n  melding_gedaan: nee\n  reden: TEST\n"
        "  wat_nu: alsnog_melden\n  melden_op: 2026-01-01\n",
    )
    run = vervolg(dossier_dir, dossier["melden"].id, niet)
    assert run.code == 2
    assert "ligt in het verleden" in run.stderr


def test_the_follow_up_on_a_melding_records_the_five_points(dossier, dossier_dir, tmp_path):
    contact = write(
        tmp_path,
        "contact.yaml",
        f"versie: 1\nveilig_thuis:\n  melding_gedaan: ja\n  melding_datum: {TODAY}\n"
        "  melding_tijd: '14:05'\n  contact: ja\n"
        f"  contact_datum: {TODAY}\n  oordeel: TEST structureel onveilig\n"
        "  zicht_op_veiligheid: veilig_thuis\n"
        "  afspraken_vervolgstappen: TEST huisbezoek binnen een week\n"
        "  afspraken_samenwerking: TEST ik blijf de moeder zien\n"
        "  afspraken_afstemming: TEST Veilig Thuis informeert het gezin\n"
        "  afspraken_communicatie: TEST telefonisch, elke twee weken\n",
    )
    run = vervolg(dossier_dir, dossier["melden"].id, contact)
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    document = json.loads(Path(result["bestanden"]["json"]).read_text(encoding="utf-8"))
    vt = document["antwoorden"]["veilig_thuis"]
    assert vt["melding_tijd"] == "14:05"
    assert vt["afspraken_communicatie"] == "TEST telefonisch, elke twee weken"
    markdown = Path(result["bestanden"]["markdown"]).read_text(encoding="utf-8")
    assert "- **Afspraken over de vervolgstappen:** TEST huisbezoek binnen een week" in markdown
    assert "- **Tijd melding:** 14:05" in markdown


def test_a_time_of_melding_that_is_no_time_is_refused(dossier, dossier_dir, tmp_path):
    bad = write(
        tmp_path,
        "tijd.yaml",
        f"versie: 1\nveilig_thuis:\n  melding_gedaan: ja\n  melding_datum: {TODAY}\n"
        "  melding_tijd: '25:99'\n  contact: nee\n",
    )
    run = vervolg(dossier_dir, dossier["melden"].id, bad)
    assert run.code == 2
    assert "'25:99' is geen tijd; schrijf uu:mm, zoals 14:05." in run.stderr


def test_the_index_spares_reading_every_entry(dossier, dossier_dir, monkeypatch):
    """Once the index is there, listing reads no entry file again (a record the index
    cannot vouch for is read; every record meldcode writes itself, it can)."""
    from meldcode_cli.dossier import reader

    assert invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)]).code == 0
    read: list[object] = []
    real = reader.read_document

    def counting(path: object) -> object:
        read.append(path)
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "read_document", counting)
    assert invoke(["dossier", "list", "--dossier-dir", str(dossier_dir)]).code == 0
    assert read == []


def test_entries_made_in_the_same_second_are_listed_by_id(dossier_dir, example_raw):
    """Newest first; among entries made in the same second, the larger id first (as the
    list has always done), with and without the index."""
    day = TODAY - days(3)
    same = at(day, hour=11)
    made = {
        name: make_entry(dossier_dir, case(example_raw, name, day), moment).id
        for name, moment in [
            ("TEST-VROEG", at(day, hour=9)),
            ("TEST-Q", same),
            ("TEST-Z", same),
            ("TEST-A", same),
            ("TEST-LAAT", at(day, hour=15)),
        ]
    }
    tied = sorted([made["TEST-Q"], made["TEST-Z"], made["TEST-A"]], reverse=True)
    expected = [made["TEST-LAAT"], *tied, made["TEST-VROEG"]]
    for _ in ("without the index", "from the index"):
        assert [row["id"] for row in listing(dossier_dir, "--alle")] == expected


def test_open_items_by_date_then_id_and_a_shared_code_gives_the_whole_id(dossier_dir, example_raw):
    """`dossier open`: the earliest first, and among those due the same day, by id. Two
    entries whose ids end in the same code are named by their whole id."""
    made = TODAY - days(10)
    soon, later = TODAY + days(5), TODAY + days(9)
    ids = {
        name: make_entry(
            dossier_dir, case(example_raw, name, made, a5={"evaluatie_op": due}), at(made)
        ).id
        for name, due in [("TEST-P", later), ("TEST-R", soon), ("TEST-M", soon)]
    }
    # A copy of TEST-P under another id with the same code (the random tail).
    tail = ids["TEST-P"].rsplit("-", 1)[1]
    twin = f"{made:%Y%m%d}-100000-test-tweeling-{tail}"
    for suffix in (".json", ".md"):
        source = dossier_dir / f"{ids['TEST-P']}{suffix}"
        text = source.read_text(encoding="utf-8").replace(ids["TEST-P"], twin)
        (dossier_dir / f"{twin}{suffix}").write_text(text, encoding="utf-8")
        (dossier_dir / f"{twin}{suffix}").chmod(0o600)
    run = invoke(["dossier", "open", "--alle", "--json", "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output
    # The copy claims to be the first entry of TEST-P as well: a split, said first.
    split, *items = json.loads(run.stdout)
    assert (split["soort"], split["referentie"]) == ("splitsing", "TEST-P")
    rows = [(r["id"], r["op"], r["opdracht"]) for r in items]
    first, second = sorted([ids["TEST-R"], ids["TEST-M"]])
    last, other = sorted([ids["TEST-P"], twin])
    assert rows == [
        (first, soon.isoformat(), f"meldcode vervolg {first.rsplit('-', 1)[1]}"),
        (second, soon.isoformat(), f"meldcode vervolg {second.rsplit('-', 1)[1]}"),
        (last, later.isoformat(), f"meldcode vervolg {last}"),
        (other, later.isoformat(), f"meldcode vervolg {other}"),
    ]


def test_a_closed_case_has_no_follow_up_and_says_its_decision_in_dutch(
    dossier, dossier_dir, tmp_path
):
    answers = write(tmp_path, "vervolg.yaml", "versie: 1\n")
    closed = dossier["afsluiten"].id
    run = vervolg(dossier_dir, closed, answers)
    assert run.code == 2, run.output
    # Afweging 1, nee, in the kader's words; never the code afsluiten.
    assert run.stderr.startswith(
        f"Fout: Bij het besluit 'Afsluiten en vastleggen in dossier' van {closed}"
        " hoort geen evaluatie of vervolg op een melding.\n"
    ), run.stderr
    assert "--opnieuw" in run.stderr
