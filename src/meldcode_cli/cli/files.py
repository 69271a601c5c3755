"""``meldcode template``: the answers-file template, to the screen or to a private file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from meldcode_cli.cli.output import Terminal, guarded
from meldcode_cli.errors import UsageError


def run_template(output: Path | None) -> None:
    terminal = Terminal()
    guarded(terminal, lambda: _template(output, terminal))


def _template(output: Path | None, terminal: Terminal) -> None:
    from meldcode_cli.protocol.template import render_template

    text = render_template()
    if output is None:
        sys.stdout.write(text)
        return
    write_new_private(output, text)
    terminal.info(f"Sjabloon geschreven naar {output}. Vul het in en gebruik het met:")
    terminal.info(f"  meldcode start --answers {output}")


def write_new_private(output: Path, text: str) -> None:
    """A new file, readable only by the practitioner; never over an existing one."""
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(
            f"{output} bestaat al; ik overschrijf het niet. Kies een andere naam."
        ) from None
    except OSError as exc:
        from meldcode_cli.files import os_reason

        raise UsageError(f"{output} kan niet worden aangemaakt: {os_reason(exc)}.") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
