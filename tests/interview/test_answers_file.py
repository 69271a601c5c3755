"""Answers files: the example, each outcome, and a catalogue of bad files."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from meldcode_cli.dossier.entry import jsonable
from meldcode_cli.protocol.schema import answers_schema
from tests.cli.test_dutch import ENGLISH
from tests.conftest import (
    EVALUATIE_OP,
    EXAMPLE,
    ROOT,
    VOORBEELD,
    as_version_2,
    drafts,
    entries,
    hold_clock,
    invoke,
    only_entry,
)
from tests.data.bad_answers import CATALOGUE, SYNTAX, Bad


def write_yaml(folder: Path, data: Any, name: str = "antwoorden.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def start_with(path: Path, dossier: Path, *extra: str):
    return invoke(["start", "--answers", str(path), "--dossier-dir", str(dossier), *extra])


def test_the_shipped_example_is_the_shared_one_and_gives_an_entry(dossier_dir, monkeypatch):
    """voorbeelden/ holds a copy of the shared answers-file contract: byte for byte where
    the shared folder stands beside the repository, and it gives an entry."""
    from datetime import date

    shared = ROOT.parent / "shared" / "examples" / "antwoorden-voorbeeld.yaml"
    if shared.exists():
        assert VOORBEELD.read_bytes() == shared.read_bytes()
    hold_clock(monkeypatch, date(2026, 11, 23))  # after its consult, before its evaluation
    run = start_with(VOORBEELD, dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["antwoorden"]["casus"]["referentie"] == "VB-2026-017"
    assert entry["besluit"]["uitkomst"] == "hulp_bieden"
    assert entry["vervolg"]["evaluatie_op"] == "2027-06-15"


def test_example_gives_hulp_bieden(tmp_path, dossier_dir):
    run = start_with(EXAMPLE, dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == "hulp_bieden"
    assert entry["vervolg"]["evaluatie_op"] == EVALUATIE_OP.isoformat()
    assert entry["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None
    assert entry["antwoorden"]["overleg"]["collega"]["gevoerd"] == "ja"  # the default


def _afwegingen(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    a = data["afwegingen"]
    for key, value in changes.items():
        if value is None:
            a.pop(int(key[1:]), None)
        else:
            a[int(key[1:])] = value
    return data


@pytest.mark.parametrize(
    ("changes", "uitkomst"),
    [
        (
            {
                "a1": {"antwoord": "nee", "toelichting": "t"},
                "a2": None,
                "a3": None,
                "a4": None,
                "a5": None,
            },
            "afsluiten",
        ),
        (
            {
                "a2": {
                    "acute_onveiligheid": "ja",
                    "structurele_onveiligheid": "nee",
                    "disclosure": "nee",
                    "toelichting": "t",
                },
                "a3": None,
                "a4": None,
                "a5": None,
            },
            "melden",
        ),
        ({"a3": {"antwoord": "nee", "toelichting": "t"}, "a4": None, "a5": None}, "melden"),
        ({"a4": {"antwoord": "nee", "toelichting": "t"}, "a5": None}, "melden"),
        ({"a5": {"antwoord": "ja", "toelichting": "t"}}, "hulp_afsluiten"),
        ({"a5": {"antwoord": "nee", "toelichting": "t"}}, "opnieuw_melden"),
    ],
)
def test_every_outcome_from_a_file(tmp_path, dossier_dir, example_raw, changes, uitkomst):
    path = write_yaml(tmp_path, _afwegingen(example_raw, **changes))
    run = start_with(path, dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["besluit"]["uitkomst"] == uitkomst
    # A decision to report is no melding: Veilig Thuis calls back after the melding.
    assert entry["vervolg"]["veilig_thuis_terugbellen_uiterlijk"] is None


def test_json_and_toml_give_the_same_answers(tmp_path, example_raw):
    import tomllib

    as_json = jsonable(example_raw)
    (tmp_path / "a.json").write_text(json.dumps(as_json), encoding="utf-8")
    toml_text = _to_toml(as_json)
    assert tomllib.loads(toml_text)  # the test's own TOML is valid
    (tmp_path / "a.toml").write_text(toml_text, encoding="utf-8")
    results = []
    for name in ("a.json", "a.toml"):
        folder = tmp_path / f"dossier-{name}"
        run = start_with(tmp_path / name, folder)
        assert run.code == 0, run.output
        results.append(only_entry(folder)["antwoorden"])
    reference = tmp_path / "dossier-yaml"
    assert start_with(EXAMPLE, reference).code == 0
    assert results[0] == results[1] == only_entry(reference)["antwoorden"]


def _to_toml(data: dict[str, Any], prefix: str = "") -> str:
    """A small TOML writer for the test: scalars first, then tables, arrays of tables."""
    lines, tables = [], []
    for key, value in data.items():
        qkey = f'"{key}"' if str(key).isdigit() else key
        if isinstance(value, dict):
            tables.append((f"{prefix}{qkey}", value))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                tables.append((f"[{prefix}{qkey}]", item))
        else:
            lines.append(f"{qkey} = {json.dumps(value, ensure_ascii=False)}")
    out = "\n".join(lines) + "\n"
    for name, table in tables:
        header = f"[{name}]"  # [table], or [[array of tables]] when name is "[...]"
        inner = _to_toml(table, prefix=name.strip("[]") + ".")
        first, _, rest = inner.partition("\n[")
        out += f"\n{header}\n{first}\n" + (f"[{rest}" if rest else "")
    return out


def test_missing_answers_without_interactive_is_an_error(tmp_path, dossier_dir, example_raw):
    del example_raw["gesprek"]
    path = write_yaml(tmp_path, example_raw)
    run = start_with(path, dossier_dir)
    assert run.code == 2
    assert (
        "  - gesprek.gevoerd: ontbreekt: Heb je de signalen besproken met de betrokkene(n)?"
        in run.stderr
    )


def test_interactive_asks_only_what_the_file_leaves_open(tmp_path, dossier_dir, example_raw):
    from tests.conftest import as_version_2, pick

    raw = as_version_2(example_raw)
    del raw["gesprek"]
    path = write_yaml(tmp_path, raw)
    keys = (
        pick(1) + pick(0) + "TEST: vader is agressief\r" + pick(0)
    )  # nee, veiligheid, toelichting, opslaan
    run = invoke(
        ["start", "--answers", str(path), "--interactive", "--dossier-dir", str(dossier_dir)], keys
    )
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["antwoorden"]["gesprek"] == {
        "gevoerd": "nee",
        "reden": "veiligheid",
        "toelichting": "TEST: vader is agressief",
    }
    assert entry["antwoorden"]["casus"]["referentie"] == "VB-2026-017"
    assert drafts(dossier_dir) == []


def test_dry_run_writes_nothing(dossier_dir):
    run = start_with(EXAMPLE, dossier_dir, "--dry-run")
    assert run.code == 0, run.output
    assert "Hulp bieden of organiseren" in run.stdout
    # Into a pipe (as here): the entry's own Markdown, as text, as it would be saved.
    assert "# Meldcode — casus VB-2026-017\n" in run.stdout
    assert "## Stap 4 en 5" in run.stdout
    assert "Proefrun: er is niets opgeslagen." in run.stderr
    assert not dossier_dir.exists()


def test_a_dry_run_into_a_pipe_loads_no_markdown_renderer(tmp_path):
    """The preview into a pipe is text: rich's Markdown (markdown-it, pygments) is for
    a screen only."""
    from tests.cli.test_process import imported_modules

    names = imported_modules(
        "start", "--answers", str(EXAMPLE), "--dossier-dir", str(tmp_path / "d"), "--dry-run"
    )
    assert "meldcode_cli.interview.session" in names  # the measurement itself works
    assert not {n for n in names if n.startswith(("markdown_it", "rich.markdown"))}


def test_json_output_for_scripts(dossier_dir):
    run = start_with(EXAMPLE, dossier_dir, "--json")
    assert run.code == 0, run.output
    result = json.loads(run.stdout)
    [written] = entries(dossier_dir)
    assert result["id"] == written.stem
    assert result["uitkomst"] == "hulp_bieden"
    assert result["bestanden"]["json"] == str(written)
    assert Path(result["bestanden"]["markdown"]).exists()
    assert "Besluit" in run.stderr  # the human message went to stderr


def test_json_dry_run_says_nothing_was_saved(dossier_dir):
    run = start_with(EXAMPLE, dossier_dir, "--json", "--dry-run")
    result = json.loads(run.stdout)
    assert result["opgeslagen"] is False and result["id"] is None
    assert result["uitkomst"] == "hulp_bieden"


# --------------------------------------------------------------------------- the catalogue


def _bad_file(case: Bad, folder: Path, example_raw: dict[str, Any]) -> Path:
    path = folder / f"slecht{case.suffix}"
    if case.text is not None:
        path.write_text(case.text, encoding="utf-8")
    elif case.replace is not None:
        old, new = case.replace
        text = EXAMPLE.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    else:
        assert case.change is not None
        data = copy.deepcopy(example_raw)
        case.change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_catalogue_is_large_enough():
    assert len(CATALOGUE) + len(SYNTAX) >= 25


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.id for c in CATALOGUE])
def test_bad_answers_file(case: Bad, tmp_path, dossier_dir, example_raw):
    path = _bad_file(case, tmp_path, example_raw)
    run = start_with(path, dossier_dir)
    assert run.code == 2, run.output
    assert "Traceback" not in run.output
    reported = [
        re.sub(r" \(regel \d+\):", ":", line[4:], count=1)
        for line in run.stderr.splitlines()
        if line.startswith("  - ")
    ]
    assert reported == list(case.expected)
    count = len(case.expected)
    assert f"{count} {'probleem' if count == 1 else 'problemen'}." in run.stderr
    assert "Er is niets opgeslagen." in run.stderr
    assert not dossier_dir.exists(), "a bad file must leave the dossier folder untouched"
    assert ENGLISH.findall(run.stderr.replace(str(tmp_path), "")) == [], run.stderr


@pytest.mark.parametrize("case", SYNTAX, ids=[c[0] for c in SYNTAX])
def test_unreadable_files_name_the_place(case, tmp_path, dossier_dir):
    _, suffix, text, expected = case
    path = tmp_path / f"kapot{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    run = start_with(path, dossier_dir)
    assert run.code == 2
    assert expected in run.stderr
    assert "Traceback" not in run.output
    assert not dossier_dir.exists()
    # The parsers speak English; what the practitioner reads does not.
    assert ENGLISH.findall(run.stderr.replace(str(tmp_path), "")) == [], run.stderr


def test_missing_file(tmp_path, dossier_dir):
    run = start_with(tmp_path / "bestaat-niet.yaml", dossier_dir)
    assert run.code == 2
    assert "bestaat niet" in run.stderr


# --------------------------------------------------------------------------- schema


@pytest.fixture(scope="module")
def validator():
    schema = answers_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_accepts_the_example(validator, example_raw):
    assert list(validator.iter_errors(jsonable(example_raw))) == []


@pytest.mark.parametrize("case", [c for c in CATALOGUE if c.type_error], ids=lambda c: c.id)
def test_schema_rejects_type_errors(validator, case, example_raw):
    data = copy.deepcopy(example_raw)
    assert case.change is not None
    case.change(data)
    assert list(validator.iter_errors(jsonable(data))), case.id


def test_schema_command_prints_the_schema():
    run = invoke(["schema"])
    assert run.code == 0
    assert json.loads(run.stdout) == answers_schema()


def test_filled_in_template_passes(tmp_path, dossier_dir, example_raw):
    from meldcode_cli.protocol.questions import ANSWERS_FORMAT_VERSION
    from meldcode_cli.protocol.template import render_template

    run = invoke(["template", str(tmp_path / "sjabloon.yaml")])
    assert run.code == 0, run.output
    assert (tmp_path / "sjabloon.yaml").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "sjabloon.yaml").read_text(encoding="utf-8") == render_template()
    template = yaml.safe_load(render_template())

    def fill(empty: Any, answers: Any) -> Any:
        if isinstance(empty, dict):
            return {
                k: fill(
                    v,
                    answers.get(int(k) if k.isdigit() else k)
                    if isinstance(answers, dict)
                    else None,
                )
                for k, v in empty.items()
            }
        if isinstance(empty, list):
            return [fill(empty[0], a) for a in answers] if isinstance(answers, list) else empty
        return answers if answers is not None else empty

    answers = as_version_2(example_raw)
    answers["versie"] = ANSWERS_FORMAT_VERSION  # filled in as today's template asks
    filled = fill(template, answers)
    assert filled["versie"] == 4
    assert "melding_besproken" not in filled["gesprek"]  # asked with a melding since 4
    path = write_yaml(tmp_path, filled, "ingevuld.yaml")
    assert "null" in path.read_text(encoding="utf-8")  # untouched template keys stay empty
    run = start_with(path, dossier_dir)
    assert run.code == 0, run.output
    assert only_entry(dossier_dir)["besluit"]["uitkomst"] == "hulp_bieden"


def test_empty_template_reports_what_is_required(tmp_path, dossier_dir):
    run = invoke(["template", str(tmp_path / "leeg.yaml")])
    assert run.code == 0
    run = start_with(tmp_path / "leeg.yaml", dossier_dir)
    assert run.code == 2
    assert re.search(r"  - casus\.referentie \(regel \d+\): ontbreekt: Eigen kenmerk", run.stderr)
    assert re.search(r"  - signalen \(regel \d+\): ontbreekt: minstens één signaal\.", run.stderr)


def test_template_never_overwrites(tmp_path):
    target = tmp_path / "bestaat.yaml"
    target.write_text("eigen aantekeningen", encoding="utf-8")
    run = invoke(["template", str(target)])
    assert run.code == 2
    assert "overschrijf" in run.stderr
    assert target.read_text(encoding="utf-8") == "eigen aantekeningen"


def test_problems_in_yaml_name_their_line(tmp_path, dossier_dir):
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("    bron: eigen_waarneming\n", "    bron: buurvrouw\n")
    text = text.replace('  referentie: "VB-2026-017"', '  refrentie: "VB-2026-017"')
    path = tmp_path / "regels.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    bron = next(i for i, line in enumerate(lines, 1) if "bron: buurvrouw" in line)
    casus = next(i for i, line in enumerate(lines, 1) if line == "casus:")
    typo = next(i for i, line in enumerate(lines, 1) if "refrentie" in line)
    run = start_with(path, dossier_dir)
    assert run.code == 2
    assert f"  - signalen[2].bron (regel {bron}): 'buurvrouw' is geen geldige keuze" in run.stderr
    assert f"  - casus.refrentie (regel {typo}): onbekende sleutel." in run.stderr
    # A missing answer points at the group it belongs in.
    assert f"  - casus.referentie (regel {casus}): ontbreekt" in run.stderr


def test_the_decision_into_a_pipe_is_plain_text_with_every_path_whole(tmp_path, monkeypatch):
    """Into a pipe or a file: no box and nothing wrapped, so that a long path (here far
    wider than the 80 columns of a pipe) can be copied as it is."""
    folder = tmp_path / ("een-heel-lange-mapnaam-" * 4) / "dossier"
    monkeypatch.setenv("COLUMNS", "80")
    run = start_with(EXAMPLE, folder)
    assert run.code == 0, run.output
    [written] = entries(folder)
    lines = run.stdout.splitlines()
    assert lines[0] == "Besluit: Hulp bieden of organiseren"
    assert f"  {written}" in lines  # the path whole, on its own line
    assert f"  {written.with_suffix('.md')}" in lines
    assert not set("╭│╰") & set(run.stdout)
    code = written.stem.rsplit("-", 1)[1]
    assert lines[-1] == f"Leg het vervolg later vast met: meldcode vervolg {code}"


def test_an_answers_file_into_a_pipe_loads_no_rich(tmp_path):
    from tests.cli.test_process import imported_modules

    folder = tmp_path / "dossier"
    names = imported_modules("start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder))
    assert "meldcode_cli.cli.start" in names  # the measurement itself works
    assert not {n for n in names if n.split(".")[0] == "rich"}
    assert entries(folder)


def test_the_plain_decision_shows_a_control_character_in_a_path_as_text(tmp_path):
    folder = tmp_path / "map-\x1b[31mrood"
    run = start_with(EXAMPLE, folder)
    assert run.code == 0, run.output
    assert "\x1b" not in run.stdout
    assert "map-\\u001b[31mrood" in run.stdout
