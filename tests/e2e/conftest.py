"""Real-terminal runs: the installed program in a pseudo-terminal, driven by pexpect."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect", reason="pexpect needs a POSIX pseudo-terminal")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("no pseudo-terminals on Windows", allow_module_level=True)

DOWN = "\x1b[B"
UP = "\x1b[A"


def installed_meldcode() -> tuple[str, list[str]]:
    """The console script the README's install puts beside this Python, as a user runs it."""
    script = Path(sys.executable).parent / "meldcode"
    if script.exists():
        return str(script), []
    return sys.executable, ["-m", "meldcode_cli"]  # pragma: no cover - not installed


OFFER = "Wil je je profiel nu vastleggen?"
DIRECT_GEVAAR = "iemand in direct gevaar?"


def first_case(child: object, keys: str) -> None:
    """The offer of a profile (when it comes: two terminals may start at once), then the
    first question of the meldcode."""
    if child.expect_exact([OFFER, DIRECT_GEVAAR]) == 0:  # type: ignore[attr-defined]
        child.send(DOWN + "\r")  # type: ignore[attr-defined]
        child.expect_exact(DIRECT_GEVAAR)  # type: ignore[attr-defined]
    child.send(keys)  # type: ignore[attr-defined]


class Screen:
    """One `meldcode` process in a pseudo-terminal."""

    def __init__(self, args: list[str], dossier: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "MELDCODE_DOSSIER_DIR")}
        env["MELDCODE_PROFIEL"] = str(dossier.parent / "geen-profiel.toml")  # not the user's
        # pexpect is no terminal emulator: it never answers a cursor-position request.
        env.update({"TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"})
        env["PROMPT_TOOLKIT_NO_CPR"] = "1"
        program, prefix = installed_meldcode()
        self.child = pexpect.spawn(
            program,
            [*prefix, *args, "--dossier-dir", str(dossier)],
            encoding="utf-8",
            dimensions=(40, 120),
            env=env,
            timeout=20,
        )

    def ask(self, question: str, keys: str) -> None:
        """Wait until ``question`` is on screen, then type ``keys``."""
        self.child.expect_exact(question)
        self.child.send(keys)

    def text(self, question: str, answer: str) -> None:
        self.ask(question, answer + "\r")

    def first_case(self, keys: str) -> None:
        """Answer the first question of a case. On the first case in a dossier without a
        profile, the offer to make one comes before it: "Nee, nu niet"."""
        first_case(self.child, keys)

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        if status is None:  # ended by a signal
            return 128 + int(self.child.signalstatus or 0)
        return int(status)


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[object]:
    started: list[Screen] = []

    def spawn(*args: str, dossier: Path | None = None) -> Screen:
        s = Screen(list(args), dossier or tmp_path / "dossier")
        started.append(s)
        return s

    yield spawn
    for s in started:
        if s.child.isalive():
            s.child.terminate(force=True)
