"""Classes of hostile input (issue: hardening). One test per class at the least; each
fails when its protection is removed. Every command here runs under a 5-second limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLE, entries, invoke, only_entry

pytestmark = pytest.mark.timeout(30)

LIMIT = 5  # seconds, for every command in this suite


def meldcode(
    *args: str, stdout: Any = None, env_extra: dict[str, str] | None = None, **kwargs: Any
) -> Any:
    script = Path(sys.executable).parent / "meldcode"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MELDCODE_DOSSIER_DIR")}
    env["COLUMNS"] = "100"
    env.update(env_extra or {})
    return subprocess.run(
        [str(script), *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=LIMIT,
        env=env,
        **kwargs,
    )


def example() -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "Error" not in stderr.replace("Fout", "")


# ------------------------------------------------------------------ numbers and text


@pytest.mark.parametrize("age", ["²", "١٢", "８", "⁵"])
def test_digits_that_int_refuses_are_a_clear_error(tmp_path, age):
    data = example()
    data["kindcheck"]["kinderen"][0]["leeftijd"] = age
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2, run.stderr
    assert f"'{age}' is geen heel getal; schrijf het in cijfers, zoals 5." in run.stderr
    no_traceback(run.stderr)
    assert not (tmp_path / "d").exists() or entries(tmp_path / "d") == []


def test_text_that_cannot_be_utf8_is_refused(tmp_path):
    path = tmp_path / "a.json"
    text = json.dumps(example(), default=str, ensure_ascii=False)
    assert "Eén incident" in text
    text = text.replace("Eén incident", "\\ud800 incident")
    path.write_text(text, encoding="utf-8")
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2, run.stderr
    assert "stuurteken (U+D800)" in run.stderr
    no_traceback(run.stderr)


# ------------------------------------------------------------------ keys


@pytest.mark.parametrize("second", ["'1'", "'01'"])
def test_one_key_given_twice_in_two_spellings(tmp_path, second):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  2:\n", f"  {second}:\n    antwoord: nee\n  2:\n", 1
    )
    text = text.replace(f"  {second}:\n    antwoord: nee\n", f"  {second}:\n    antwoord: ja\n", 1)
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    first = lines.index("  1:") + 1
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2
    assert f"staat er twee keer in (ook op regel {first})" in run.stderr


# ------------------------------------------------------------------ hangs and memory


def test_billion_laughs_is_refused_in_seconds(tmp_path):
    text = 'versie: 1\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for n in range(1, 10):
        prev = "a" if n == 1 else f"l{n - 1}"
        text += f"l{n}: &l{n} [{', '.join(['*' + prev] * 9)}]\n"
    text += "signalen: *l9\n"
    path = tmp_path / "bom.yaml"
    path.write_text(text, encoding="utf-8")
    assert len(text) < 1000
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2
    assert "YAML-verwijzingen" in run.stderr


def test_a_self_referring_yaml_is_refused(tmp_path):
    path = tmp_path / "rond.yaml"
    path.write_text("versie: 1\nsignalen: &s [*s]\n", encoding="utf-8")
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2
    no_traceback(run.stderr)


def test_a_fifo_as_answers_file_does_not_block(tmp_path):
    fifo = tmp_path / "pijp.yaml"
    os.mkfifo(fifo)
    run = meldcode("start", "--answers", str(fifo), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2
    assert "geen gewoon bestand" in run.stderr


def test_dev_zero_as_answers_file_does_not_fill_memory(tmp_path):
    link = tmp_path / "nul.yaml"
    link.symlink_to("/dev/zero")
    run = meldcode("start", "--answers", str(link), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2
    assert "geen gewoon bestand" in run.stderr


def test_a_fifo_or_device_where_an_entry_should_be(tmp_path):
    folder = tmp_path / "d"
    assert (
        meldcode("start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder)).returncode == 0
    )
    [entry] = entries(folder)
    name = entry.stem.replace(entry.stem[-6:], "abcdef")
    os.mkfifo(folder / f"{name}.json")
    (folder / f"{name}.md").symlink_to("/dev/zero")
    (folder / ".concept-start.json").symlink_to("/dev/zero")
    run = meldcode("dossier", "list", "--dossier-dir", str(folder))
    assert run.returncode == 0, run.stderr
    run = meldcode("dossier", "controleer", "--dossier-dir", str(folder))
    no_traceback(run.stderr)
    (folder / ".index.json").unlink(missing_ok=True)
    os.mkfifo(folder / ".index.json")
    run = meldcode("dossier", "list", "--dossier-dir", str(folder))
    assert run.returncode == 0, run.stderr


# ------------------------------------------------------------------ output


def test_stdout_that_cannot_be_written_names_the_saved_entry(tmp_path):
    folder = tmp_path / "d"
    with Path("/dev/full").open("w") as full:
        run = meldcode(
            "start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder), "--json", stdout=full
        )
    assert run.returncode == 1
    entry = only_entry(folder)
    assert f"Het dossierstuk is opgeslagen als {entry['id']}" in run.stderr
    assert "Voer de opdracht niet opnieuw uit" in run.stderr
    no_traceback(run.stderr)


@pytest.mark.parametrize("command", [["dossier", "list"], ["template"], ["schema"]])
def test_stdout_full_for_other_commands_is_a_dutch_message(tmp_path, command):
    folder = tmp_path / "d"
    folder.mkdir(mode=0o700)
    extra = ["--dossier-dir", str(folder)] if command[0] == "dossier" else []
    with Path("/dev/full").open("w") as full:
        run = meldcode(*command, *extra, stdout=full)
    assert run.returncode == 1
    assert run.stderr.startswith("Fout:")
    no_traceback(run.stderr)


def test_an_unexpected_error_is_a_dutch_message(monkeypatch, capsys):
    from meldcode_cli.cli import app as app_module

    def broken(*args, **kwargs):
        raise ZeroDivisionError("TEST")

    monkeypatch.setattr("meldcode_cli.protocol.template.render_template", broken)
    with pytest.raises(SystemExit) as stop:
        app_module.main(["template"])
    assert stop.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert " ".join(err.split()) == (
        "Fout: er ging iets onverwachts mis in meldcode (interne fout ZeroDivisionError)."
        " Wat hierboven niet als opgeslagen is genoemd, is niet opgeslagen. Meld dit aan de"
        " makers van meldcode."
    )
    assert "Traceback" not in err and "TEST" not in err


def test_invoke_still_works_for_answers(dossier_dir):
    # Sanity: the in-process runner sees the same entry.
    run = invoke(["start", "--answers", str(EXAMPLE), "--dossier-dir", str(dossier_dir)])
    assert run.code == 0, run.output


# ------------------------------------------------------------------ read back from disk


def test_an_index_with_values_meldcode_never_wrote(tmp_path):
    folder = tmp_path / "d"
    assert (
        meldcode("start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder)).returncode == 0
    )
    assert meldcode("dossier", "list", "--dossier-dir", str(folder)).returncode == 0
    index = json.loads((folder / ".index.json").read_text(encoding="utf-8"))
    [name] = index["bestanden"]
    key = index["bestanden"][name][0]
    for fields in (
        [1, 2, 3],
        ["x"] * 12,
        [name[:-5], "gisteren", "", ["lijst"], "start", "melden", "t", "1", None, None, None, 1],
        [
            name[:-5],
            "2026-11-20",
            "",
            "\x1b[31mROOD",
            "start",
            "melden",
            "t",
            2,
            None,
            "x",
            None,
            1,
        ],
    ):
        index["bestanden"][name] = [key, fields]
        (folder / ".index.json").write_text(json.dumps(index), encoding="utf-8")
        run = meldcode("dossier", "list", "--dossier-dir", str(folder))
        assert run.returncode == 0, run.stderr
        assert "VB-2026-017" in run.stdout  # read from the entry itself, not the index
        assert "\x1b[31m" not in run.stdout
        no_traceback(run.stderr)
    index["bestanden"]["../../buiten.md"] = [key, None]
    (folder / ".index.json").write_text(json.dumps(index), encoding="utf-8")
    run = meldcode("dossier", "list", "--dossier-dir", str(folder))
    assert run.returncode == 0
    no_traceback(run.stderr)


def test_a_follow_up_on_an_entry_edited_by_hand(tmp_path):
    folder = tmp_path / "d"
    run = meldcode("start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder), "--json")
    result = json.loads(run.stdout)
    path = Path(result["bestanden"]["json"])
    document = json.loads(path.read_text(encoding="utf-8"))
    document["antwoorden"] = ["geen", "groep"]
    path.write_text(json.dumps(document), encoding="utf-8")
    answers = tmp_path / "evaluatie.yaml"
    answers.write_text(
        "versie: 1\nevaluatie:\n  datum: vandaag\n  antwoord: ja\n  toelichting: TEST\n"
        "  afspraken: TEST\n",
        encoding="utf-8",
    )
    code = result["id"].rsplit("-", 1)[1]
    run = meldcode("vervolg", code, "--answers", str(answers), "--dossier-dir", str(folder))
    assert run.returncode == 1
    assert "het JSON-bestand is gewijzigd sinds het werd vastgelegd" in run.stderr
    no_traceback(run.stderr)
    # Signed anew by whoever holds the key, the shape is still read as untrusted.
    from tests.dossier.helpers import resign

    resign(path, document)
    run = meldcode("vervolg", code, "--answers", str(answers), "--dossier-dir", str(folder))
    assert run.returncode == 1
    assert "De afwegingen tot en met 4" in run.stderr
    no_traceback(run.stderr)


# ------------------------------------------------------------------ concurrency


def test_ten_parallel_follow_ups_give_exactly_one(tmp_path):
    folder = tmp_path / "d"
    run = meldcode("start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder), "--json")
    first = json.loads(run.stdout)["id"]
    answers = tmp_path / "evaluatie.yaml"
    answers.write_text(
        "versie: 1\nevaluatie:\n  datum: vandaag\n  antwoord: ja\n  toelichting: TEST\n"
        "  afspraken: TEST\n",
        encoding="utf-8",
    )
    script = Path(sys.executable).parent / "meldcode"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MELDCODE_DOSSIER_DIR")}
    for round_ in range(3):
        code = first.rsplit("-", 1)[1]
        runs = [
            subprocess.Popen(
                [
                    str(script),
                    "vervolg",
                    code,
                    "--answers",
                    str(answers),
                    "--dossier-dir",
                    str(folder),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(10)
        ]
        results = [(p.wait(timeout=30), p.communicate()[1]) for p in runs]
        ok = [r for r in results if r[0] == 0]
        assert len(ok) == 1, (round_, results)
        for status, stderr in results:
            if status != 0:
                assert status == 2, stderr
                assert "vervolg" in stderr and "Er is niets opgeslagen" in stderr
                no_traceback(stderr)
        followers = [
            json.loads(p.read_text(encoding="utf-8"))
            for p in entries(folder)
            if json.loads(p.read_text(encoding="utf-8")).get("vervolg_op") == first
        ]
        assert len(followers) == 1
        # The next round follows up a fresh entry of the same kind.
        run = meldcode("start", "--answers", str(EXAMPLE), "--dossier-dir", str(folder), "--json")
        first = json.loads(run.stdout)["id"]


# ------------------------------------------------------------------ paths the OS refuses

LONG = "x" * 300


@pytest.mark.parametrize(
    "command",
    [
        ["dossier", "list"],
        ["dossier", "open"],
        ["dossier", "controleer"],
        ["dossier", "show", "abcdef"],
        ["vervolg", "abcdef", "--answers", str(EXAMPLE)],
        ["start", "--answers", str(EXAMPLE)],
    ],
)
def test_a_dossier_path_the_os_refuses_is_a_dutch_message(tmp_path, command):
    run = meldcode(*command, "--dossier-dir", str(tmp_path / LONG))
    assert run.returncode in (1, 2)
    assert run.stderr.startswith("Fout:") and "de naam is te lang" in run.stderr
    no_traceback(run.stderr)


@pytest.mark.parametrize("command", [["template"], ["start", "--answers"]])
def test_a_file_path_the_os_refuses_is_a_dutch_message(tmp_path, command):
    run = meldcode(*command, str(tmp_path / LONG / "x.yaml"))
    assert run.returncode == 2, run.stderr
    assert "de naam is te lang" in run.stderr
    no_traceback(run.stderr)


# ------------------------------------------------------------------ the terminal


@pytest.mark.parametrize("odd", ["\t", "\u200b", "\u202e", "\u00a0", "\u2028"])
def test_a_kenmerk_with_invisible_characters_is_refused(tmp_path, odd):
    data = example()
    data["casus"]["referentie"] = f"VB{odd}2026"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    run = meldcode("start", "--answers", str(path), "--dossier-dir", str(tmp_path / "d"))
    assert run.returncode == 2, run.stderr
    assert "casus.referentie" in run.stderr
    assert odd not in run.stderr


def test_a_file_name_is_escaped_on_the_screen(tmp_path):
    name = tmp_path / "sjabloon-\x1b[31mrood\x07.yaml"
    run = meldcode("template", str(name))
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "\\u001b[31mrood\\u0007" in run.stderr
