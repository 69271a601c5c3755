"""Shell completion (typer's), with Dutch help and Dutch messages. Run as a real process:
completion is a protocol between the shell and the program's environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_dutch import ENGLISH


def meldcode(
    *args: str, env: dict[str, str] | None = None, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("_MELDCODE")}
    full.update(env or {})
    if home is not None:
        full["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "meldcode_cli", *args],
        env=full,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )


def completions(words: str) -> list[str]:
    done = meldcode(
        env={
            "_MELDCODE_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        }
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_commands_complete_with_tab():
    assert completions("meldcode dos") == ["dossier"]
    assert sorted(completions("meldcode ver")) == ["versleuteling", "vervolg"]
    assert set(completions("meldcode dossier ")) >= {
        "list",
        "show",
        "open",
        "export",
        "backup",
        "herstel",
        "controleer",
    }


def test_installing_completion_says_so_in_dutch(tmp_path):
    done = meldcode("--install-completion", env={"SHELL": "/bin/bash"}, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Aanvullen met Tab staat aan voor bash" in done.stdout
    assert ENGLISH.findall(done.stdout.replace(str(tmp_path), "")) == []
    script = tmp_path / ".bash_completions" / "meldcode.sh"
    assert "_MELDCODE_COMPLETE" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_the_completion_script_is_shown_for_zsh(tmp_path):
    done = meldcode("--show-completion", env={"SHELL": "/usr/bin/zsh"}, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "compdef" in done.stdout and "_MELDCODE_COMPLETE" in done.stdout
    assert list(tmp_path.iterdir()) == []  # showing changes nothing


@pytest.mark.parametrize("shell", ["/bin/tcsh", ""])
def test_an_unknown_shell_gets_a_dutch_message(tmp_path, shell):
    done = meldcode("--install-completion", env={"SHELL": shell}, home=tmp_path)
    assert done.returncode == 1
    assert "Fout: aanvullen met Tab kan in bash, zsh, fish en PowerShell" in done.stderr
    assert ENGLISH.findall(done.stderr) == []
    assert list(tmp_path.iterdir()) == []
