"""Dutch for the few fixed phrases of the command-line framework (help and usage errors).

typer 0.29 vendors click with its English phrases written into the code. Help is plain
text (no rich on the start-up path), so its fixed headings are translated here, and
click's usage errors are shown in Dutch by ``main``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from typer.core import TyperCommand, TyperGroup, TyperOption

_HELP_PHRASES = (
    ("Usage: ", "Gebruik: "),
    ("\nOptions:\n", "\nOpties:\n"),
    ("\nCommands:\n", "\nOpdrachten:\n"),
    ("\nArguments:\n", "\nArgumenten:\n"),
    ("Show this message and exit.", "Toon deze hulp en stop."),
    ("[OPTIONS]", "[OPTIES]"),
    ("COMMAND [ARGS]...", "OPDRACHT [ARGUMENTEN]..."),
    ("[default: ", "[standaard: "),
    ("[required]", "[verplicht]"),
    (" <str>", "      "),  # an argument's type: English; blanked at the same width
    (" <path>", "       "),
)

_ERROR_PATTERNS_TEXT = (
    (
        r"^No such option: (\S+)(?: Did you mean (.+)\?| \(Possible options: (.+)\))?$",
        "onbekende optie: {0}",
    ),
    (
        r"^No such command '(.+?)'\.(?: Did you mean (.+)\?)?$",
        "onbekende opdracht: {0}",
    ),
    (r"^Option '(.+)' requires an argument\.$", "de optie {0} heeft een waarde nodig"),
    (r"^Missing option '(.+)'\.$", "de optie {0} ontbreekt"),
    (r"^Missing argument '(.+)'\.$", "het argument {0} ontbreekt"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", "onverwacht argument: {0}"),
    (r"^Invalid value for '(.+?)': (.+)$", "ongeldige waarde voor {0}: {1}"),
)


def dutch_help(text: str) -> str:
    for english, dutch in _HELP_PHRASES:
        text = text.replace(english, dutch)
    return text


class DutchGroup(TyperGroup):
    def get_help(self, ctx: Any) -> str:
        return dutch_help(super().get_help(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_coercion(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def get_params(self, ctx: Any) -> list[Any]:
        """typer's completion options, with Dutch help and Dutch messages."""
        params = super().get_params(ctx)
        for param in params:
            if not isinstance(param, TyperOption):
                continue
            if param.name == "install_completion":
                param.help = "Zet aanvullen met Tab aan voor je shell (bash, zsh of fish)."
                param.callback = _install_completion
            elif param.name == "show_completion":
                param.help = "Toon het script voor aanvullen met Tab, om zelf in te stellen."
                param.callback = _show_completion
        return params


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell(value: Any) -> str:
    """The shell to complete for: the one named, or the one this runs in."""
    import os
    import sys
    from pathlib import Path

    if isinstance(value, str) and value:
        shell = value
    else:
        shell = Path(os.environ.get("SHELL", "")).name or "onbekend"
    if shell not in SHELLS:
        from meldcode_cli.cli.output import say

        say(f"Fout: aanvullen met Tab kan in bash, zsh, fish en PowerShell; niet in {shell}.")
        sys.exit(1)
    return shell


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    if not value or ctx.resilient_parsing:
        return value
    import sys

    from typer._completion_shared import install  # typer's own installer

    shell, path = install(shell=_shell(value), prog_name="meldcode")
    sys.stdout.write(
        f"Aanvullen met Tab staat aan voor {shell} (in {path}). Het werkt in een nieuwe terminal.\n"
    )
    sys.exit(0)


def _show_completion(ctx: Any, param: Any, value: Any) -> Any:
    if not value or ctx.resilient_parsing:
        return value
    import sys

    from typer._completion_shared import get_completion_script

    sys.stdout.write(
        get_completion_script(
            prog_name="meldcode", complete_var="_MELDCODE_COMPLETE", shell=_shell(value)
        )
        + "\n"
    )
    sys.exit(0)


class DutchCommand(TyperCommand):
    def get_help(self, ctx: Any) -> str:
        return dutch_help(super().get_help(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_coercion(self.get_params(ctx))
        return super().parse_args(ctx, args)


class _Plain:
    """How typer turns one option's text into its value, for the three kinds meldcode
    declares (text, a path, a flag), without building a pydantic TypeAdapter.

    typer 0.29 coerces every value that is not already a flag's bool through pydantic,
    and importing and building that costs more than all of typer's own start-up. For
    ``str`` and ``Path`` pydantic adds nothing to what typer's own functions do around it
    (a str stays the str, a path becomes ``Path(text)``, then typer's own path checks).
    Anything else (bytes, another type) goes to typer's own coercion, built when needed.
    """

    def __init__(self, kind: type, descriptor: Any, check_path: Any) -> None:
        self.kind = kind
        self.descriptor = descriptor
        self.check_path = check_path
        self.typer_own: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return None
        if self.kind is str and isinstance(value, str):
            return value
        if self.kind is bool and isinstance(value, bool):
            return value
        if self.kind is Path and isinstance(value, (str, Path)):
            if isinstance(value, str) and not value.strip():
                # Path("") is the current folder: `--dossier-dir "$MAP"` with MAP unset
                # would put the dossier there, or write a file over "."
                import typer

                raise typer.BadParameter("de naam is leeg", ctx=ctx, param=param)
            info = self.descriptor.parameter_info
            return self.check_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        if self.typer_own is None:
            from typer._coercion import build_runtime_param

            self.typer_own = build_runtime_param(self.descriptor)
        return self.typer_own.coerce(value, param=param, ctx=ctx)


def plain_coercion(params: list[Any]) -> None:
    """Give each plain text, path or flag parameter the coercion above. Where typer's
    inside is not what this expects (another typer version), typer's own stays."""
    try:
        from typer._param_types import coerce_cli_path
    except ImportError:  # pragma: no cover - another typer: its own coercion
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue  # not typer's, or already set
        kind = descriptor.annotation
        if kind not in (str, Path, bool) or param.multiple or param.nargs != 1:
            continue
        if kind is Path and descriptor.parameter_info.path_type not in (None, Path):
            continue
        param._runtime_param = _Plain(kind, descriptor, coerce_cli_path)


def command_for(app: Any, args: list[str]) -> Any:
    """The click command that runs ``args``, with only the commands on its path built.

    typer builds every command of an app (inspecting each signature, making each option)
    before it runs one, about 30 ms for meldcode's: the cost of the whole command tree
    paid on every start, the one command that runs included. When the command line names
    a command (``start``, ``dossier list``), only that command and the groups above it
    are built, as they would be in the whole app. Anything else gets the whole app: no
    name or an option first (help, ``--version``), an unknown name (its suggestions need
    the others), a group's own help, and Tab completion (which lists them all).
    """
    import os

    import typer

    if "_MELDCODE_COMPLETE" in os.environ:
        return typer.main.get_command(app)
    try:
        on_path = _on_path(app, args)
    except (AttributeError, TypeError):  # another typer inside: the whole app, as typer does
        on_path = None
    return typer.main.get_command(on_path or app)


def _on_path(app: Any, args: list[str]) -> Any:
    """A shallow copy of ``app`` holding only the command or group ``args`` names first
    (and, for a group, what is on the path below it); None when it names neither."""
    import copy

    import typer

    if not args:
        return None
    name = args[0]
    for info in app.registered_commands:
        own = info.name or typer.main.get_command_name(info.callback.__name__)
        if own == name:
            clone = copy.copy(app)
            clone.registered_commands, clone.registered_groups = [info], []
            return clone
    for info in app.registered_groups:
        if typer.main.solve_typer_info_defaults(info).name != name:
            continue
        inner = _on_path(info.typer_instance, args[1:])
        if inner is None:
            return None  # the group's help, or an unknown command in it: all of it
        group_info = copy.copy(info)
        group_info.typer_instance = inner
        clone = copy.copy(app)
        clone.registered_commands, clone.registered_groups = [], [group_info]
        return clone
    return None


def dutch_error(exc: Exception) -> str:
    """A usage error as the practitioner should read it."""
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    if type(exc).__name__ == "NoArgsIsHelpError":
        return message
    for pattern, template in _ERROR_PATTERNS_TEXT:  # compiled only when an error occurs
        found = re.match(pattern, message)
        if found:
            message = template.format(*found.groups())
            suggestions = [g for g in found.groups()[1:] if g] if "{1}" not in template else []
            if suggestions:
                message += f". Bedoel je {suggestions[0]}?"
            break
    if not message.endswith((".", "?", "!")):
        message += "."  # a sentence, like every other message of meldcode's
    ctx = getattr(exc, "ctx", None)
    hint = ""
    if ctx is not None:
        hint = f"Probeer '{ctx.command_path} --help' voor hulp.\n"
    return f"Fout: {message}\n{hint}"
