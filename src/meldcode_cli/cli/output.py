"""All terminal output goes through :class:`Terminal`; errors become exit codes here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import typer

from meldcode_cli.errors import (
    EXIT_INTERRUPTED,
    INTERRUPTED_MESSAGE,
    AnswersError,
    Interrupted,
    MeldcodeError,
)

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


class Terminal:
    """Consoles are made lazily, so tests can pin width and colour through the environment."""

    def __init__(self, *, quiet_stdout: bool = False) -> None:
        self.quiet_stdout = quiet_stdout

    @cached_property
    def out(self) -> Console:
        """Where the conversation goes: stdout, or stderr when stdout carries JSON."""
        from rich.console import Console

        return Console(stderr=self.quiet_stdout, highlight=False)

    @cached_property
    def styled(self) -> bool:
        """Whether the conversation goes to a terminal (colour, boxes) or into a pipe or a
        file: there plain text, no rich, and nothing wrapped (a path stays whole)."""
        return is_screen(sys.stderr if self.quiet_stdout else sys.stdout)

    def plain(self, text: str) -> None:
        """Text as it is, where the conversation goes (for output that is not styled)."""
        stream = sys.stderr if self.quiet_stdout else sys.stdout
        stream.write(text + "\n")

    def paragraph(self, text: str, indent: int = 0) -> None:
        """Running text, wrapped between words to the width of the conversation (a
        screen's, or 80 columns), every line indented alike and none padded."""
        from meldcode_cli.text import safe_text

        room = " " * indent
        wrapped = _between_words(room + safe_text(text), self.out.width)
        self.out.print(wrapped, markup=False, highlight=False, soft_wrap=True)

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        # On a screen a long message continues between words (the terminal itself would
        # cut a word in two at its edge); into a file or a pipe a line stays whole.
        return Console(stderr=True, highlight=False, soft_wrap=not is_screen(sys.stderr))

    def info(self, message: str) -> None:
        from meldcode_cli.text import safe_text

        self.err.print(safe_text(message), markup=False)

    def warn(self, message: str) -> None:
        self.err.print(f"[yellow]Let op:[/yellow] {escape(message)}")

    def error(self, error: MeldcodeError) -> None:
        if isinstance(error, Interrupted):
            self.err.print(f"\n{escape(error.message)}")
            return
        self.err.print(f"[bold red]Fout:[/bold red] {escape(error.message)}")
        if isinstance(error, AnswersError):
            for problem in error.problems:
                self.err.print(f"  - {escape(str(problem))}")
        if error.hint:
            self.err.print(escape(error.hint))


def is_screen(stream: object) -> bool:
    """Whether ``stream`` is a terminal someone reads (not a pipe, a file, or closed)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # no stream, or a closed one
        return False


def say(message: str) -> None:
    """A message on stderr without rich (for the moments before or after a command, and
    for errors of the framework): on a screen every line longer than the screen goes on
    between words, as rich does for the other messages; into a file or a pipe a line
    stays whole. Never fails: a message that cannot be written is lost, nothing more."""
    try:
        if is_screen(sys.stderr):
            message = _between_words(message, _screen_width())
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _screen_width() -> int:
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def _between_words(message: str, width: int) -> str:
    import textwrap

    lines = []
    for line in message.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        lines.append(
            textwrap.fill(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


def report_refused(terminal: Terminal, title: str, names: list[str], why: str) -> None:
    """Name every file that was left alone, then end with exit code 1 if there was one."""
    for name in names:
        terminal.err.print(f"[bold red]{title}:[/bold red] {escape(name)}: {escape(why)}")
    if names:
        from meldcode_cli.errors import EXIT_ERROR

        raise typer.Exit(EXIT_ERROR)


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    from meldcode_cli.text import safe_text

    return rich_escape(safe_text(text))


def guarded(terminal: Terminal, action: Callable[[], T]) -> T:
    """Run a command body; map every known failure to a Dutch message and exit code."""
    try:
        return action()
    except MeldcodeError as exc:
        terminal.error(exc)
        raise typer.Exit(exc.exit_code) from None
    except (KeyboardInterrupt, EOFError):
        terminal.err.print(f"\n{INTERRUPTED_MESSAGE}")
        raise typer.Exit(EXIT_INTERRUPTED) from None
