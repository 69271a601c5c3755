"""Issue 22: whatever is read is untrusted, as a class. Values that the YAML, JSON and TOML
parsers themselves reject while building them (a date that does not exist, a number of
thousands of digits), nesting, files of hundreds of thousands of keys, and an output that
cannot show every character: each gives a Dutch message, exit 2 (or, for the output, the
saved entry reported as saved), nothing written, and no "interne fout", within 5 s."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_hostile_classes import meldcode, no_traceback
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.timeout(60)

VALUE = "de waarde hier is niet te lezen (een datum die niet bestaat, of een getal met te veel"


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        (
            "datum.yaml",
            "versie: 2\ncasus:\n  datum_consult: 2026-13-45\n",
            f"op regel 3, kolom 18: {VALUE}",
        ),
        (
            "tijd.yaml",
            "versie: 2\ncasus:\n  datum_consult: 2026-02-30 10:00:00\n",
            f"op regel 3, kolom 18: {VALUE}",
        ),
        (
            "jaar-nul.yaml",
            "versie: 2\ncasus:\n  datum_consult: 0000-01-01\n",
            f"op regel 3, kolom 18: {VALUE}",
        ),
        ("getal.yaml", "versie: " + "9" * 6000 + "\n", f"op regel 1, kolom 9: {VALUE}"),
        ("lijst.yaml", "- 2026-13-45\n", "een waarde is niet te lezen"),
        ("getal.json", '{"versie": ' + "9" * 6000 + "}", "een getal heeft te veel cijfers"),
        ("datum.toml", "versie = 2\n[casus]\ndatum_consult = 2026-13-45\n", "geen geldige TOML"),
        ("getal.toml", "versie = " + "9" * 6000 + "\n", "een waarde is niet te lezen"),
    ],
)
def test_values_the_parser_rejects_while_building_them(tmp_path, name, content, said):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    dossier = tmp_path / "d"
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(dossier))
    assert run.returncode == 2, run.stderr
    assert said in " ".join(run.stderr.split())
    no_traceback(run.stderr)
    assert "interne fout" not in run.stderr
    assert not dossier.exists()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("veel.yaml", lambda n: "versie: 2\n" + "".join(f"k{i}: 1\n" for i in range(n))),
        ("veel.json", lambda n: json.dumps({"versie": 2, **{f"k{i}": 1 for i in range(n)}})),
        ("veel.toml", lambda n: "versie = 2\n" + "".join(f"k{i} = 1\n" for i in range(n))),
    ],
)
def test_a_file_of_hundreds_of_thousands_of_keys_is_refused_quickly(tmp_path, name, make):
    """Bounded while reading: before the document is built, not after (it took 10 to 80 s
    and half a gigabyte)."""
    path = tmp_path / name
    text = make(300_000)
    if len(text.encode()) > 5 * 1024 * 1024:  # the size limit would refuse it first
        text = make(250_000)
    path.write_text(text, encoding="utf-8")
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2, run.stderr
    said = " ".join(run.stderr.split())
    assert "meer dan 20000" in said and "een antwoordenbestand heeft er een paar honderd" in said
    assert "verwijzingen" not in said  # no blame on YAML references it does not have
    no_traceback(run.stderr)


def test_many_unknown_keys_are_counted_and_the_first_fifty_shown(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"versie": 2, **{f"k{i}": 1 for i in range(15_000)}}))
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert "15013 problemen" in lines[0] and "De eerste 50:" in run.stderr
    assert sum(line.startswith("  - ") for line in lines) == 50


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_output_that_cannot_show_a_dash_never_unsaves_an_entry(tmp_path, encoding):
    """An entry is saved; then the summary holds "—". Under an ASCII output that was an
    "interne fout" that said the entry was not saved (a rerun made a duplicate)."""
    dossier = tmp_path / "d"
    run = meldcode(
        "start",
        "--answers",
        str(EXAMPLE),
        "--dossier-dir",
        str(dossier),
        env_extra={"PYTHONIOENCODING": encoding},
    )
    assert run.returncode == 0, run.stderr
    assert "interne fout" not in run.stderr
    assert "Opgeslagen in het dossier als" in run.stdout
    assert "\\u2014" in run.stdout or "—" in run.stdout  # escaped, never an error
    assert len([p for p in dossier.iterdir() if p.suffix == ".json"]) == 1


def test_list_and_show_under_an_ascii_output(tmp_path):
    dossier = tmp_path / "d"
    run = meldcode("start", "--answers", str(EXAMPLE), "--dossier-dir", str(dossier))
    assert run.returncode == 0
    ascii_only = {"PYTHONIOENCODING": "ascii"}
    where = ["--dossier-dir", str(dossier)]
    for args in (["dossier", "list", *where], ["dossier", "open", "--alle", *where], ["kaders"]):
        run = meldcode(*args, env_extra=ascii_only)
        assert run.returncode == 0, run.stderr
        assert "interne fout" not in run.stderr


@pytest.mark.parametrize("place", ["1", "2", "3"])
@pytest.mark.parametrize("value", [None, True, 7, "x", [], {}, {"antwoord": ["ja"]}])
def test_a_stored_afweging_of_another_type_is_a_message_before_anything_is_asked(
    tmp_path, place, value
):
    """Read back from disk, even signed by the key's holder (another version of meldcode),
    any JSON type in a stored afweging: the evaluation says so, and writes nothing."""
    from tests.conftest import invoke
    from tests.dossier.helpers import resign

    dossier = tmp_path / "d"
    run = invoke(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(dossier), "--json"])
    entry_id = json.loads(run.stdout)["id"]
    path = dossier / f"{entry_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["antwoorden"]["afwegingen"][place] = value
    resign(path, document)
    evaluatie = tmp_path / "e.yaml"
    evaluatie.write_text(
        "versie: 2\nevaluatie:\n  datum: vandaag\n  antwoord: ja\n  toelichting: TEST\n"
        "  afspraken: TEST\n",
        encoding="utf-8",
    )
    before = sorted(p.name for p in dossier.iterdir())
    run = invoke(["vervolg", entry_id, "--answers", str(evaluatie), "--dossier-dir", str(dossier)])
    assert run.code == 1, run.output
    said = " ".join(run.stderr.split())
    assert f"De afwegingen tot en met 4 van {entry_id}" in said
    assert "interne fout" not in said
    assert sorted(p.name for p in dossier.iterdir() if p.name != ".index.json") == [
        n for n in before if n != ".index.json"
    ]


@pytest.mark.parametrize("depth", [40, 500, 900])
@pytest.mark.parametrize("fmt", ["json", "yaml", "toml"])
def test_nesting_under_the_parsers_limit_is_refused_before_it_is_judged(tmp_path, depth, fmt):
    """Nesting the parser accepts (just under its own limit) made the judges recurse into
    an "interne fout"; an answers file is five levels deep, more than 32 is refused."""
    nested = "[" * depth + "]" * depth
    text = {
        "json": '{"versie": 2, "casus": ' + nested + "}",
        "yaml": "versie: 2\ncasus: " + nested + "\n",
        "toml": "versie = 2\ncasus = " + nested + "\n",
    }[fmt]
    path = tmp_path / f"diep.{fmt}"
    path.write_text(text, encoding="utf-8")
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2, run.stderr
    said = " ".join(run.stderr.split())
    assert "te diep genest" in said or "geen geldige" in said
    assert "interne fout" not in said
    no_traceback(run.stderr)


@pytest.mark.parametrize("depth", [40, 400])
def test_a_deep_profile_is_a_clear_error(tmp_path, depth):
    profiel = tmp_path / "profiel.toml"
    profiel.write_text("naam = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    run = meldcode("profiel", "--toon", env_extra={"MELDCODE_PROFIEL": str(profiel)})
    assert run.returncode == 1, run.stderr
    said = " ".join(run.stderr.split())
    assert f"Het profiel {profiel}" in said and "interne fout" not in said
