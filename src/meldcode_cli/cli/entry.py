"""The program's entry point (``meldcode`` and ``python -m meldcode_cli``).

``meldcode --version`` is answered here, before the command-line framework is loaded:
it is what installers, scripts and bug reports ask, and it needs nothing else. Every
other command line goes to :func:`meldcode_cli.cli.app.main` unchanged.
"""

from __future__ import annotations

import sys


def _never_fail_on_encoding() -> None:
    """Output that the terminal's encoding cannot show (a "—" under PYTHONIOENCODING=ascii)
    is written as an escape, never an error: an error after a save would call a saved
    entry "niet opgeslagen", and a rerun would make a duplicate."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:  # noqa: SIM105 - contextlib is not loaded for --version
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a closed stream: nothing to say it to
                pass


# Wider than any screen: a COLUMNS beyond this is a mistake (or an attack), and the
# renderers' work grows with it (a table of 100 million columns took minutes).
MAX_COLUMNS = 1000


def _bounded_width() -> None:
    import os

    columns = os.environ.get("COLUMNS")
    if columns is None:
        return
    number = columns.isascii() and columns.isdigit() and columns.strip("0") != ""
    if number and len(columns) <= 4 and int(columns) <= MAX_COLUMNS:
        return
    if number:  # wider than any screen
        os.environ["COLUMNS"] = str(MAX_COLUMNS)
    else:  # not a width: the screen's own is used
        del os.environ["COLUMNS"]


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    _never_fail_on_encoding()
    _bounded_width()
    if args == ["--version"]:
        from meldcode_cli import __version__

        try:
            sys.stdout.write(f"meldcode {__version__}\n")
            sys.stdout.flush()
        except OSError:  # a closed pipe or a full disk: nothing to say it to
            sys.exit(1)
        sys.exit(0)
    from meldcode_cli.cli.app import main as run

    run(args)
