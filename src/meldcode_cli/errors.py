"""One exception hierarchy. Every error carries a Dutch message and an exit code.

The CLI maps these to output and exit codes in one place (``cli/output.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

INTERRUPTED_MESSAGE = "Afgebroken. Er is niets in het dossier geschreven."


class MeldcodeError(Exception):
    """Base class: ``message`` is shown to the practitioner as it stands."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(MeldcodeError):
    """A wrong option, value or combination on the command line."""

    exit_code = EXIT_USAGE


class NoTerminalError(UsageError):
    """Prompting was needed but there is no terminal to prompt on."""


@dataclass(frozen=True)
class Problem:
    """One problem in a set of answers, tied to its place (``afwegingen.2.antwoord``)."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f" (regel {self.line})" if self.line else ""
        return f"{self.path}{where}: {self.message}" if self.path else self.message


class AnswersError(MeldcodeError):
    """An answers file (or draft) that cannot be used; lists every problem at once."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class DossierError(MeldcodeError):
    """The dossier folder or an entry in it cannot be read or written."""

    exit_code = EXIT_ERROR


class Interrupted(MeldcodeError):
    """Ctrl-C: nothing is written, the answers so far are kept as a draft."""

    exit_code = EXIT_INTERRUPTED
