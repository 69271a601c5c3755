"""The program as a separate process: start-up imports, no terminal, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, entries

# pydantic is not listed: typer 0.29 itself builds parameters through it (the floor).
HEAVY = ("questionary", "prompt_toolkit", "yaml", "holidays", "pyrage", "fpdf")


def run(*args: str, stdin: str | None = "", env_extra: dict[str, str] | None = None):
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MELDCODE_DOSSIER_DIR")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def imported(*args: str) -> set[str]:
    result = run("-X", "importtime", "-m", "meldcode_cli", *args)
    assert result.returncode == 0, result.stderr
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["start", "--help"]])
def test_light_commands_do_not_import_heavy_modules(args):
    names = imported(*args)
    assert "meldcode_cli" in names  # the measurement itself works
    assert not names.intersection(HEAVY), sorted(names.intersection(HEAVY))


def imported_modules(*args: str) -> set[str]:
    result = run("-X", "importtime", "-m", "meldcode_cli", *args)
    assert result.returncode == 0, result.stderr
    return {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize("args", [["kaders"], ["schema"], ["--help"]])
def test_commands_without_a_dossier_load_nothing_of_its_encryption(args):
    """Every command sets how a passphrase is asked; that must not load the encryption
    (nor the dossier) for commands that never open one."""
    names = imported_modules(*args)
    assert "meldcode_cli.cli.app" in names  # the measurement itself works
    loaded = {
        n for n in names if "versleuteling" in n or n.startswith(("pyrage", "meldcode_cli.dossier"))
    }
    assert loaded == set()


def test_version():
    from meldcode_cli import __version__

    result = run("-m", "meldcode_cli", "--version")
    assert result.returncode == 0
    assert result.stdout == f"meldcode {__version__}\n"


def test_version_is_answered_before_the_framework_is_loaded():
    names = imported_modules("--version")
    assert "meldcode_cli.cli.entry" in names  # the measurement itself works
    assert not {n for n in names if n.split(".")[0] in ("typer", "rich", "click")}


@pytest.mark.parametrize("args", [["--version", "--help"], ["-h", "--version"]])
def test_anything_but_the_bare_version_goes_to_the_framework(args):
    assert "typer" in {n.split(".")[0] for n in imported_modules(*args)}


def test_a_misspelt_version_is_a_dutch_usage_error():
    result = run("-m", "meldcode_cli", "--versio")
    assert result.returncode == 2
    assert result.stderr.startswith("Fout: onbekende optie: --versio. Bedoel je --version?")


def test_help_is_dutch():
    result = run("-m", "meldcode_cli", "--help")
    assert result.returncode == 0
    assert "Doorloop de verbeterde meldcode" in result.stdout
    assert "Toon deze hulp en stop." in result.stdout
    assert "Show this message" not in result.stdout


def test_no_terminal_gives_a_hint_not_a_traceback(tmp_path: Path):
    result = run("-m", "meldcode_cli", "start", "--dossier-dir", str(tmp_path / "d"))
    assert result.returncode == 2
    assert "geen terminal" in result.stderr
    assert "--answers" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["start", "--interactive"],
        ["profiel", "--interactive"],
        ["start", "--interactive", "--dossier-dir", "{tmp}/d"],
    ],
)
def test_questions_from_a_pipe_are_told_in_dutch(tmp_path: Path, args: list[str]):
    """prompt_toolkit's "Warning: Input is not a terminal" never reaches the
    practitioner: meldcode says it in Dutch, once, and then that the input ran out."""
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run("-m", "meldcode_cli", *args, stdin="")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("Let op: de invoer is geen terminal.") == 1
    assert "Input is not a terminal" not in result.stderr + result.stdout
    assert "De invoer is op" in result.stderr


def test_answers_from_stdin(tmp_path: Path):
    folder = tmp_path / "d"
    result = run(
        "-m",
        "meldcode_cli",
        "start",
        "--answers",
        "-",
        "--dossier-dir",
        str(folder),
        stdin=EXAMPLE.read_text(encoding="utf-8"),
    )
    assert result.returncode == 0, result.stderr
    assert len(entries(folder)) == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["start", "--answrs", "x"], "onbekende optie: --answrs. Bedoel je --answers?"),
        (["stat"], "onbekende opdracht: stat. Bedoel je 'start'?"),
        (["dossier", "lijst"], "onbekende opdracht: lijst. Bedoel je 'list'?"),
        (["dossier", "list", "--sind"], "onbekende optie: --sind. Bedoel je --json, --sinds?"),
        (["start", "--answers"], "Fout: de optie --answers heeft een waarde nodig.\n"),
        (["kaders", "extra"], "Fout: onverwacht argument: extra.\n"),
    ],
)
def test_usage_errors_are_dutch(args, expected):
    result = run("-m", "meldcode_cli", *args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_no_arguments_shows_the_help():
    result = run("-m", "meldcode_cli")
    assert result.returncode == 0
    assert "Gebruik: meldcode" in result.stdout
