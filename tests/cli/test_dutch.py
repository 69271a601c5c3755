"""Everything a user reads is Dutch: every command's help, and the framework's errors."""

from __future__ import annotations

import re

import pytest

from tests.conftest import invoke

COMMANDS = [
    [],
    ["start"],
    ["vervolg"],
    ["melding"],
    ["template"],
    ["schema"],
    ["kaders"],
    ["profiel"],
    ["eigen-meldcode"],
    ["dossier"],
    ["dossier", "list"],
    ["dossier", "show"],
    ["dossier", "open"],
    ["dossier", "export"],
    ["dossier", "backup"],
    ["dossier", "herstel"],
    ["dossier", "controleer"],
    ["versleuteling"],
    ["versleuteling", "aan"],
    ["versleuteling", "status"],
]

# Words that give English away in a help text or a message.
ENGLISH = re.compile(
    r"\b(?:usage|options|arguments|commands|show this|the|and|or|default|required|"
    r"missing|invalid|error|file|path|text|integer|choose from|got|no such|did you mean)\b"
    r"|<path>|<str>|\[\[",
    re.IGNORECASE,
)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "meldcode")
def test_every_help_is_dutch(args):
    run = invoke([*args, "--help"])
    assert run.code == 0, run.output
    assert "Gebruik: meldcode" in run.stdout
    assert ENGLISH.findall(run.stdout) == []
    described = run.stdout.split("\n", 1)[1]  # the usage line may end in '...'
    assert "..." not in described  # no description cut off


@pytest.mark.parametrize(
    "args",
    [
        ["bestaat-niet"],
        ["start", "--onbekend"],
        ["start", "--answers"],
        ["dossier", "show", "a", "b", "c"],
        ["template", "--vervolg"],
        ["dossier", "list", "--sinds"],
    ],
)
def test_framework_errors_are_dutch(args):
    from tests.cli.test_process import run as run_process  # through main, as a user runs it

    done = run_process("-m", "meldcode_cli", *args)
    assert done.returncode == 2, done.stderr
    assert "Fout:" in done.stderr
    assert ENGLISH.findall(done.stderr) == [], done.stderr


@pytest.mark.parametrize("number", sorted(__import__("errno").errorcode))
def test_os_errors_are_told_in_dutch_never_in_the_systems_english(number: int):
    """Every error code the system knows: a Dutch reason, or its number and name for
    whoever helps; never the English text of the system ("No such file or directory")."""
    import errno
    import os

    from meldcode_cli.files import os_reason

    english = os.strerror(number)
    reason = os_reason(OSError(number, english, "/tmp/verzonnen-pad"))
    assert english not in reason
    assert not ENGLISH.search(reason), reason
    if not reason.startswith("systeemfout"):
        return
    assert reason == f"systeemfout {number}, {errno.errorcode[number]}"


def test_the_common_os_errors_have_a_dutch_reason():
    import errno

    from meldcode_cli.files import os_reason

    for number, dutch in (
        (errno.ENOENT, "het bestand bestaat niet"),
        (errno.EACCES, "geen toestemming (de rechten van het bestand of de map)"),
        (errno.ENOSPC, "er is geen ruimte meer (de schijf of de uitvoer is vol)"),
        (errno.EROFS, "het staat op een alleen-lezen schijf"),
        (errno.EXDEV, "het staat op een andere schijf"),
    ):
        assert os_reason(OSError(number, "English")) == dutch
