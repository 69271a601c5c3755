"""The practitioner's profile: who records, their kader and dossier folder; private, and
without one everything works as before."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

import pytest

from tests.conftest import DOWN, ENTER, as_version_2, entries, invoke, line, only_entry, pick
from tests.interview.test_answers_file import start_with, write_yaml

PROFIEL = {
    "naam": "TEST Praktijk De Kleine Bron",
    "beroep": "orthopedagoog",
    "registratie": "NVO 12345 (TEST)",
    "kader": "meldcode-generiek",
    "collega": "collega-orthopedagoog uit de intervisiegroep",
}


@pytest.fixture
def profiel_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "meldcode" / "profiel.toml"
    monkeypatch.setenv("MELDCODE_PROFIEL", str(path))
    return path


def make_profiel(tmp_path: Path, **extra: str) -> None:
    answers = write_yaml(tmp_path, {**PROFIEL, **extra}, "profiel.yaml")
    run = invoke(["profiel", "--answers", str(answers)])
    assert run.code == 0, run.output


def test_the_profile_is_private_toml_in_a_private_folder(tmp_path, profiel_file):
    make_profiel(tmp_path)
    assert stat.S_IMODE(profiel_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(profiel_file.parent.stat().st_mode) == 0o700
    assert tomllib.loads(profiel_file.read_text(encoding="utf-8")) == PROFIEL
    run = invoke(["profiel", "--toon"])
    assert run.code == 0, run.output
    assert "TEST Praktijk De Kleine Bron" in run.stdout and "NVO 12345 (TEST)" in run.stdout


def test_with_a_profile_every_entry_names_its_author_and_uses_its_kader(
    tmp_path, profiel_file, dossier_dir, example_raw
):
    make_profiel(tmp_path)
    raw = as_version_2(example_raw)
    del raw["afwegingen"][2]["disclosure"]  # the profile's kader (seed 003) has none
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["vastgelegd_door"] == {
        "naam": "TEST Praktijk De Kleine Bron",
        "beroep": "orthopedagoog",
        "registratie": "NVO 12345 (TEST)",
    }
    assert entry["kader"]["id"] == "meldcode-generiek"
    [path] = entries(dossier_dir)
    markdown = path.with_suffix(".md").read_text(encoding="utf-8")
    assert (
        "- **Vastgelegd door:** TEST Praktijk De Kleine Bron, orthopedagoog, NVO 12345 (TEST)\n"
        in markdown
    )


def test_a_file_kader_beats_the_profile(tmp_path, profiel_file, dossier_dir, example_raw):
    make_profiel(tmp_path)
    raw = as_version_2(example_raw)
    raw["kader"] = "verbeterde-meldcode-2018-11"
    run = start_with(write_yaml(tmp_path, raw), dossier_dir)
    assert run.code == 0, run.output
    assert only_entry(dossier_dir)["kader"]["id"] == "verbeterde-meldcode-2018-11"


def test_without_a_profile_the_entry_says_so(tmp_path, dossier_dir, example_raw):
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code == 0, run.output
    entry = only_entry(dossier_dir)
    assert entry["vastgelegd_door"] is None
    assert entry["kader"]["id"] == "verbeterde-meldcode-2018-11"
    [path] = entries(dossier_dir)
    markdown = path.with_suffix(".md").read_text(encoding="utf-8")
    assert "- **Vastgelegd door:** (vastgelegd zonder profiel)\n" in markdown


def test_the_profiles_dossier_folder_is_used(tmp_path, profiel_file, example_raw):
    folder = tmp_path / "mijn-dossier"
    make_profiel(tmp_path, kader="verbeterde-meldcode-2018-11", dossiermap=str(folder))
    run = invoke(["start", "--answers", str(write_yaml(tmp_path, example_raw))])
    assert run.code == 0, run.output
    assert len(entries(folder)) == 1
    run = invoke(["dossier", "list", "--json"])
    assert run.code == 0, run.output
    assert len(json.loads(run.stdout)) == 1


def test_a_damaged_profile_is_a_clear_error_and_nothing_is_written(
    tmp_path, profiel_file, dossier_dir, example_raw
):
    profiel_file.parent.mkdir(parents=True)
    profiel_file.write_text('naam = "TEST"\nkader = "bestaat-niet"\n', encoding="utf-8")
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code != 0
    assert f"Het profiel {profiel_file} klopt niet:" in run.stderr
    assert "Traceback" not in run.output
    assert not dossier_dir.exists()
    profiel_file.write_text("naam = [", encoding="utf-8")
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code != 0 and "is geen geldige TOML" in run.stderr


def test_a_bad_profile_answers_file_is_refused(tmp_path, profiel_file):
    answers = write_yaml(tmp_path, {**PROFIEL, "kader": "weet-ik-niet"}, "p.yaml")
    run = invoke(["profiel", "--answers", str(answers)])
    assert run.code == 2
    assert "profiel.kader" in run.stderr
    assert not profiel_file.exists()


def test_the_profile_asked_in_the_terminal(tmp_path, profiel_file):
    keys = (
        line("TEST Praktijk")
        + line("GZ-psycholoog")
        + line("")  # registratie: leeg
        + line("nul zes")  # not a phone number: refused, cleared and typed again
        + line("\x15" + "06-12345678")
        + line("geen-adres")  # not an e-mail address: refused
        + line("\x15" + "praktijk@voorbeeld.nl")
        + ENTER  # kader: the default, first
        + line("collega uit de intervisie")
        + line("")  # dossiermap: leeg
        + pick(0)  # bewaren
    )
    run = invoke(["profiel", "--interactive"], keys)
    assert run.code == 0, run.output
    assert tomllib.loads(profiel_file.read_text(encoding="utf-8")) == {
        "naam": "TEST Praktijk",
        "beroep": "GZ-psycholoog",
        "telefoon": "06-12345678",
        "email": "praktijk@voorbeeld.nl",
        "kader": "verbeterde-meldcode-2018-11",
        "collega": "collega uit de intervisie",
    }
    # Asked again, the answers are there: the review comes at once; change nothing.
    run = invoke(["profiel", "--interactive"], pick(0))
    assert run.code == 0, run.output
    assert "TEST Praktijk" in run.stdout


def test_the_first_case_offers_the_profile_first_and_it_may_wait(dossier_dir):
    from tests.cli.test_start_interactive import FULL_RUN, NU_NIET, start

    run = start(dossier_dir, FULL_RUN)  # "Nu niet" at the offer
    assert run.code == 0, run.output
    assert "Je hebt nog geen profiel." in run.stdout
    assert run.stdout.index("Je hebt nog geen profiel.") < run.stdout.index("Directe veiligheid")
    assert only_entry(dossier_dir)["vastgelegd_door"] is None
    # The dossier holds an entry now: the next case starts with its questions at once.
    again = start(dossier_dir, FULL_RUN.removeprefix(NU_NIET))
    assert again.code == 0, again.output
    assert "Je hebt nog geen profiel." not in again.stdout


def test_the_profile_made_at_the_first_case_signs_its_entry(dossier_dir, profiel_file):
    from tests.cli.test_start_interactive import FULL_RUN, NU_NIET, start

    profile = (
        pick(0)  # Ja, nu vastleggen
        + line("TEST Praktijk")
        + line("orthopedagoog")
        + line("TEST-SKJ-1")
        + line("06-12345678")
        + line("")  # e-mail: leeg
        + ENTER  # kader: the default
        + line("")  # collega: leeg
        + line("")  # dossiermap: leeg
        + pick(0)  # bewaren
    )
    run = start(dossier_dir, profile + FULL_RUN.removeprefix(NU_NIET))
    assert run.code == 0, run.output
    assert tomllib.loads(profiel_file.read_text(encoding="utf-8"))["telefoon"] == "06-12345678"
    assert only_entry(dossier_dir)["vastgelegd_door"] == {
        "naam": "TEST Praktijk",
        "beroep": "orthopedagoog",
        "registratie": "TEST-SKJ-1",
    }


def test_the_practices_own_meldcode(tmp_path, profiel_file):
    from markdown_it import MarkdownIt

    run = invoke(["eigen-meldcode"])
    assert run.code == 2 and "meldcode profiel" in run.stderr  # first a profile

    make_profiel(tmp_path)
    out = tmp_path / "meldcode.md"
    run = invoke(["eigen-meldcode", str(out)])
    assert run.code == 0, run.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8")
    assert "**TEST Praktijk De Kleine Bron**, orthopedagoog (NVO 12345 (TEST))\n" in text
    # All five questions of the profile's kader (seed 003), in full.
    from tests.protocol.test_kaders import GENERIEK

    for nummer, (vraag, nee, ja) in enumerate(GENERIEK, start=1):
        assert f"**Afweging {nummer}.** {vraag}\n\n- Nee: {nee}\n- Ja: {ja}\n" in text
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Meldcode huiselijk geweld en kindermishandeling",
        "Eerst: directe veiligheid",
        "De vijf stappen",
        "Het afwegingskader",
        "Wanneer ik meld bij Veilig Thuis",
        "Veilig Thuis",
        "Hoe ik het dossier bijhoud",
        "Herzien",
    ]
    assert "0800-2000" in text
    assert "Mijn vaste collega voor dit overleg: collega-orthopedagoog uit de intervisiegroep." in (
        text
    )
    # The kader's own grounds to report (seed 003 has no disclosure).
    assert "In alle gevallen van acute onveiligheid en/of structurele onveiligheid." in text
    assert "disclosure" not in text
    again = invoke(["eigen-meldcode", str(out)])
    assert again.code == 2 and "overschrijf" in again.stderr


def test_profile_text_cannot_make_structure_in_the_own_meldcode(tmp_path, profiel_file):
    from markdown_it import MarkdownIt

    make_profiel(tmp_path, naam="TEST [klik](http://voorbeeld.invalid) <b>vet</b>", beroep="# kop")
    out = tmp_path / "meldcode.md"
    assert invoke(["eigen-meldcode", str(out)]).code == 0
    tokens = MarkdownIt("commonmark").parse(out.read_text(encoding="utf-8"))
    inline = [c for t in tokens if t.children for c in t.children]
    assert not any(c.type in ("link_open", "html_inline") for c in inline)
    assert sum(t.type == "heading_open" for t in tokens) == 8  # only the document's own


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('naam = "TEST"\nberoep = "pedagoog"\nkader = "meldcode-generiek"\nbsn = "1"\n', "bsn"),
        ('naam = "TEST\\u001b[2J"\nberoep = "pedagoog"\nkader = "meldcode-generiek"\n', "naam"),
        ('naam = "TEST"\nberoep = 5\nkader = "meldcode-generiek"\n', "beroep"),
        ('naam = "TEST"\nkader = "meldcode-generiek"\n', "beroep"),
    ],
)
def test_a_profile_read_back_is_judged_like_a_typed_one(
    tmp_path, profiel_file, dossier_dir, example_raw, text, message
):
    profiel_file.parent.mkdir(parents=True)
    profiel_file.write_text(text, encoding="utf-8")
    run = start_with(write_yaml(tmp_path, example_raw), dossier_dir)
    assert run.code != 0
    assert f"Het profiel {profiel_file} klopt niet:" in run.stderr and message in run.stderr
    assert not dossier_dir.exists()


def test_profile_text_is_shown_literally(tmp_path, profiel_file):
    make_profiel(tmp_path, naam="# TEST *vet* [link](x)")
    run = invoke(["profiel", "--toon"])
    assert run.code == 0, run.output
    assert "# TEST *vet* [link](x)" in run.stdout  # as typed, not as a heading or link


@pytest.mark.parametrize(
    "content",
    [
        '{"id": "20261203-101500-test-abc123", "sha256": "0"}\n',  # an entry
        '{\n  "versie": 2,\n  "sleutel": "TEST"\n}\n',  # a key
        "TEST: mijn eigen aantekeningen\n",
        'naam = "TEST"\nwachtwoord = "geheim"\n',  # TOML, but not only a profile's keys
    ],
)
def test_the_profile_writer_never_replaces_a_file_that_is_no_profile(tmp_path, content):
    """Issue 22: one rule for every file written, the profile writer included."""
    target = tmp_path / "ander-bestand"
    target.write_text(content, encoding="utf-8")
    answers = write_yaml(tmp_path, PROFIEL, "profiel.yaml")
    run = invoke(["profiel", "--answers", str(answers), "--profiel", str(target)])
    assert run.code == 2
    assert f"{target} bestaat al en is geen profiel van meldcode" in " ".join(run.stderr.split())
    assert target.read_text(encoding="utf-8") == content


def test_the_profile_writer_replaces_a_profile(tmp_path, profiel_file):
    make_profiel(tmp_path)
    make_profiel(tmp_path, naam="TEST Praktijk Nieuw")
    assert tomllib.loads(profiel_file.read_text(encoding="utf-8"))["naam"] == "TEST Praktijk Nieuw"
    # one written by hand, with a profile's keys only, is a profile too
    profiel_file.write_text('naam = "TEST"\nberoep = "pedagoog"\n', encoding="utf-8")
    make_profiel(tmp_path)
    assert tomllib.loads(profiel_file.read_text(encoding="utf-8")) == PROFIEL


@pytest.mark.parametrize(
    "content",
    ["naam = " + "9" * 5000, "naam = " + "[" * 2000 + "]" * 2000, "naam = 1979-13-45"],
)
def test_a_profile_the_parser_itself_rejects_is_a_clear_error(tmp_path, profiel_file, content):
    """Issue 22: integer size and nesting depth raise outside the parser's own error."""
    profiel_file.parent.mkdir(parents=True)
    profiel_file.write_text(content, encoding="utf-8")
    run = invoke(["profiel", "--toon"])
    assert run.code == 1
    assert f"Het profiel {profiel_file} is geen geldige TOML" in " ".join(run.stderr.split())
    assert "interne fout" not in run.output.lower()
    # A command that does not need the profile still works.
    run = invoke(["dossier", "list", "--dossier-dir", str(tmp_path / "leeg")])
    assert "profiel" not in run.stderr


def test_the_colleague_of_the_profile_is_offered_with_the_overleg(
    tmp_path, profiel_file, dossier_dir
):
    """Issue 21, human speed: "Heb je overlegd?" offers "Ja, met <collega>" first; chosen,
    "Met wie?" is not asked and the entry names the colleague of the profile, as chosen."""
    from tests.cli.test_start_interactive import (
        AFWEGINGEN_HULP,
        NEE,
        NU_NIET,
        SAVE,
        STAP_1,
        STAP_2,
        STAP_3,
        start,
    )

    make_profiel(tmp_path, kader="verbeterde-meldcode-2018-11")  # the keys' kader
    offered = ENTER + line("vandaag") + line("TEST: bel Veilig Thuis") + NEE  # VT: nee
    keys = STAP_1.removeprefix(NU_NIET) + offered + STAP_3 + AFWEGINGEN_HULP + SAVE
    run = start(dossier_dir, keys)
    assert run.code == 0, run.output
    collega = only_entry(dossier_dir)["antwoorden"]["overleg"]["collega"]
    assert (collega["gevoerd"], collega["met"]) == ("ja", PROFIEL["collega"])
    # The next answer typed is the advice: "Met wie?" was not asked in between.
    assert collega["advies"] == "TEST: bel Veilig Thuis"
    # Plain "Ja" (one down) still asks with whom: the offer is a choice, never a default.
    other = tmp_path / "ander-dossier"
    plain = DOWN + STAP_2.replace(line("vakgenoot"), line("TEST: andere vakgenoot"), 1)
    keys = STAP_1.removeprefix(NU_NIET) + plain + STAP_3 + AFWEGINGEN_HULP + SAVE
    run = start(other, keys)
    assert run.code == 0, run.output
    collega = only_entry(other)["antwoorden"]["overleg"]["collega"]
    assert (collega["met"], collega["advies"]) == (
        "TEST: andere vakgenoot",
        "TEST: bel Veilig Thuis",
    )
