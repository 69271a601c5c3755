"""Only the command that runs is built (cli/framework.py, ``command_for``).

typer builds every command of the app before it runs one; meldcode builds the path to
the command named on the command line. These tests hold each command built that way to
the same command in the whole app (its help, its parameters, its usage line), and check
that the whole app is still built wherever the others are needed.
"""

from __future__ import annotations

from typing import Any

import pytest
import typer

from meldcode_cli.cli.app import app
from meldcode_cli.cli.framework import command_for

WHOLE: Any = typer.main.get_command(app)  # a group: it has commands


def paths(command: Any, above: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, sub in command.commands.items():
        if hasattr(sub, "commands"):
            found += paths(sub, (*above, name))
        else:
            found.append((*above, name))
    return found


PATHS = paths(WHOLE)


def test_the_app_has_its_commands_and_groups():
    """The walk below covers them all: a command at the root and in each group."""
    assert ("start",) in PATHS
    assert ("dossier", "list") in PATHS
    assert ("versleuteling", "aan") in PATHS
    assert len(PATHS) >= 17


def follow(root: Any, path: tuple[str, ...]) -> list[Any]:
    """The commands from the root down to the one ``path`` names."""
    chain = [root]
    for name in path:
        chain.append(chain[-1].commands[name])
    return chain


def described(command: Any, path: tuple[str, ...]) -> tuple[Any, ...]:
    """What a user sees of a command and what it parses: help, usage and parameters."""
    with typer.Context(command, info_name=path[-1] if path else "meldcode") as ctx:
        help_text = command.get_help(ctx)
    params = tuple(
        (p.name, tuple(p.opts), tuple(p.secondary_opts), repr(p.default), p.required)
        for p in command.params
    )
    return (type(command), command.name, help_text, params, command.callback is not None)


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_a_named_command_is_built_alone_and_as_in_the_whole_app(path):
    root = command_for(app, [*path, "--help"])
    chain = follow(root, path)
    whole = follow(WHOLE, path)
    assert described(chain[-1], path) == described(whole[-1], path)
    for built, expected in zip(chain[:-1], whole[:-1], strict=True):
        # a group on the way: its own help lists its commands, and is never shown from
        # here (``meldcode dossier --help`` builds the whole group, tested below)
        assert described(built, path)[:2] == described(expected, path)[:2]
        assert described(built, path)[3:] == described(expected, path)[3:]
    for level, name in zip(chain[:-1], path, strict=True):
        assert list(level.commands) == [name]  # nothing else was built


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--version"],
        ["stat"],  # an unknown name: its suggestion needs the others
        ["dossier"],  # a group's own help
        ["dossier", "--help"],
        ["dossier", "lijst"],
        ["--install-completion", "bash"],
    ],
)
def test_anything_else_gets_the_whole_app(args):
    root = command_for(app, args)
    assert list(root.commands) == list(WHOLE.commands)
    for name, group in WHOLE.commands.items():
        if hasattr(group, "commands"):
            assert list(root.commands[name].commands) == list(group.commands)


def test_tab_completion_gets_the_whole_app(monkeypatch):
    monkeypatch.setenv("_MELDCODE_COMPLETE", "complete_bash")
    root = command_for(app, ["dossier", "list"])
    assert list(root.commands) == list(WHOLE.commands)


def test_the_app_itself_is_left_as_it_was():
    before = (list(app.registered_commands), list(app.registered_groups))
    command_for(app, ["dossier", "list"])
    assert (list(app.registered_commands), list(app.registered_groups)) == before
    again: Any = typer.main.get_command(app)
    assert list(again.commands) == list(WHOLE.commands)


def test_another_typer_inside_gets_the_whole_app(monkeypatch):
    """Where typer's inside is not what the path finder expects (another typer version),
    the whole app is built, as typer itself would."""
    from meldcode_cli.cli import framework

    def changed(app: Any, args: list[str]) -> Any:
        raise AttributeError("'TyperInfo' object has no attribute 'typer_instance'")

    monkeypatch.setattr(framework, "_on_path", changed)
    root = command_for(app, ["dossier", "list"])
    assert list(root.commands) == list(WHOLE.commands)
