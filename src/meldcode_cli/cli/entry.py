"""The program's entry point (``meldcode`` and ``python -m meldcode_cli``).

``meldcode --version`` is answered here, before the command-line framework is loaded:
it is what installers, scripts and bug reports ask, and it needs nothing else. Every
other command line goes to :func:`meldcode_cli.cli.app.main` unchanged.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
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
