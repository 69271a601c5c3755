"""Dutch for the few fixed phrases of the command-line framework (help and usage errors).

typer 0.29 vendors click with its English phrases written into the code. Help is plain
text (no rich on the start-up path), so its fixed headings are translated here, and
click's usage errors are shown in Dutch by ``main``.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

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


class DutchCommand(TyperCommand):
    def get_help(self, ctx: Any) -> str:
        return dutch_help(super().get_help(ctx))


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
    ctx = getattr(exc, "ctx", None)
    hint = ""
    if ctx is not None:
        hint = f"Probeer '{ctx.command_path} --help' voor hulp.\n"
    return f"Fout: {message}\n{hint}"
