"""meldcode's own coercion of option values (cli/framework.py) against typer's.

typer 0.29 builds a pydantic TypeAdapter for every parameter it coerces; meldcode does
the same for its text, path and flag parameters without pydantic. These tests hold the
two to the same results, for every parameter of every command, and check that the
ordinary commands no longer load pydantic at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer._coercion import build_runtime_param

from meldcode_cli.cli.app import app
from meldcode_cli.cli.framework import _Plain, plain_coercion
from tests.cli.test_process import imported_modules, run
from tests.conftest import EXAMPLE, entries


def every_param() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []

    def walk(command: Any, path: str) -> None:
        for param in command.params:
            found.append((f"{path} {param.name}", param))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "meldcode")
    return found


PARAMS = every_param()
CONTEXT = typer.Context(typer.main.get_command(app))


def test_every_parameter_of_meldcode_gets_the_plain_coercion():
    """If typer changes what it declares (or meldcode adds another kind of parameter),
    this says so: the plain coercion then silently leaves it to typer's own."""
    kinds = set()
    for _, param in PARAMS:
        param._runtime_param = None
    plain_coercion([param for _, param in PARAMS])
    for name, param in PARAMS:
        kinds.add(param.type_descriptor.annotation)
        assert isinstance(param._runtime_param, _Plain), name
    assert kinds == {str, Path, bool}


def outcome(runtime: Any, value: Any, param: Any) -> tuple[str, Any]:
    try:
        return ("value", runtime.coerce(value, param=param, ctx=CONTEXT))
    except Exception as exc:  # the same exception, with the same message
        return (type(exc).__name__, str(exc))


def samples(tmp_path: Path) -> list[Any]:
    a_file = tmp_path / "bestand.txt"
    a_file.write_text("verzonnen", encoding="utf-8")
    a_folder = tmp_path / "map"
    a_folder.mkdir()
    unreadable = tmp_path / "afgeschermd.txt"
    unreadable.write_text("verzonnen", encoding="utf-8")
    unreadable.chmod(0)
    return [
        None,
        True,
        False,
        "",
        " ",
        "-",
        "x",
        "VB-2026-0017",
        "ü ñ 漢",
        "~/dossier",
        "../buiten",
        "a/b/c",
        str(a_file),
        str(a_folder),
        str(unreadable),
        str(tmp_path / "bestaat-niet"),
        Path("pad"),
        b"bytes",
        12,
    ]


@pytest.mark.parametrize(("name", "param"), PARAMS, ids=[name for name, _ in PARAMS])
def test_the_plain_coercion_gives_what_typer_gives(name: str, param: Any, tmp_path: Path):
    descriptor = param.type_descriptor
    ours = _Plain(descriptor.annotation, descriptor, _check_path())
    theirs = build_runtime_param(descriptor)
    for value in samples(tmp_path):
        if descriptor.annotation is Path and isinstance(value, str) and not value.strip():
            continue  # refused on purpose (tested below): typer makes it the current folder
        expected = outcome(theirs, value, param)
        got = outcome(ours, value, param)
        assert got == expected, (name, value)
        if expected[0] == "value":
            assert type(got[1]) is type(expected[1]), (name, value)


PATH_PARAMS = [(n, p) for n, p in PARAMS if p.type_descriptor.annotation is Path]


def test_every_command_with_a_file_or_folder_is_covered():
    names = {name for name, _ in PATH_PARAMS}
    assert "meldcode start dossier_dir" in names
    assert "meldcode template output" in names  # an argument, too
    assert len(names) >= 20


@pytest.mark.parametrize(("name", "param"), PATH_PARAMS, ids=[n for n, _ in PATH_PARAMS])
@pytest.mark.parametrize("empty", ["", " ", "\t"])
def test_an_empty_name_for_a_file_or_folder_is_refused(name: str, param: Any, empty: str):
    """typer makes "" the current folder: a script's `--dossier-dir "$MAP"` with MAP unset
    would keep the dossier wherever it happens to run, a backup would be written as "."."""
    descriptor = param.type_descriptor
    ours = _Plain(descriptor.annotation, descriptor, _check_path())
    assert outcome(ours, empty, param) == (
        "BadParameter",
        "de naam is leeg",
    )


def empty_at(args: list[str]) -> str:
    """How the usage error names the blank value: its option, or the argument BESTAND."""
    at = next(i for i, arg in enumerate(args) if not arg.strip())
    return args[at - 1] if args[at - 1].startswith("-") else "BESTAND"


@pytest.mark.parametrize(
    "args",
    [
        ["start", "--answers", "", "--dossier-dir", "d"],
        ["start", "--answers", str(EXAMPLE), "--dossier-dir", ""],
        ["start", "--answers", str(EXAMPLE), "--dossier-dir", "d", "--profiel", ""],
        ["template", ""],
        ["dossier", "backup", "", "--dossier-dir", "d"],
        ["dossier", "list", "--dossier-dir", "  "],
        ["versleuteling", "aan", "--identity", "", "--dossier-dir", "d"],
    ],
)
def test_an_empty_name_is_a_dutch_usage_error_and_nothing_is_written(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    here = tmp_path / "hier"
    here.mkdir(mode=0o700)  # private: a dossier could be made in it
    monkeypatch.chdir(here)
    result = run("-m", "meldcode_cli", *args)
    assert result.returncode == 2, result.stderr
    assert "Fout: " in result.stderr
    first = result.stderr.splitlines()[0]
    assert first in (
        "Fout: Geen naam voor het antwoordenbestand (of '-' voor standaardinvoer).",
        f"Fout: ongeldige waarde voor {empty_at(args)}: de naam is leeg.",
    )
    assert len(first) <= 80
    assert "Traceback" not in result.stderr
    assert list(here.iterdir()) == []


def _check_path() -> Any:
    from typer._param_types import coerce_cli_path

    return coerce_cli_path


def test_start_with_an_answers_file_and_the_list_load_no_pydantic(tmp_path: Path):
    folder = tmp_path / "dossier"
    env_dir = ["--dossier-dir", str(folder)]
    for args in (
        ["start", "--answers", str(EXAMPLE), *env_dir, "--no-interactive"],
        ["dossier", "list", *env_dir],
        ["dossier", "controleer", *env_dir],
        ["template"],
    ):
        names = imported_modules(*args)
        assert "meldcode_cli.cli.app" in names  # the measurement itself works
        assert not {n for n in names if n.split(".")[0] == "pydantic"}, args
    assert entries(folder)  # the start itself ran and wrote its entry
