"""`dossier list` and `dossier open` in a real terminal: the table is painted with rich
markup there, so a kenmerk that looks like markup, or an entry file on disk with an
escape sequence in it, must reach the screen as plain visible text."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import TODAY
from tests.dossier.helpers import case, days, make_entry
from tests.e2e.conftest import pexpect


def hostile_dossier(folder: Path, example_raw) -> Path:
    from datetime import datetime, time

    folder.mkdir(mode=0o700)
    day = TODAY - days(2)
    moment = datetime.combine(day, time(10, 0)).astimezone()
    raw = case(example_raw, "TEST-[bold red]X[/]", day, a5={"evaluatie_op": TODAY - days(1)})
    made = make_entry(folder, raw, moment)
    raw = case(example_raw, "TEST-TWEEDE", day, a5={"evaluatie_op": TODAY - days(1)})
    second = make_entry(folder, raw, moment)
    # Read back from disk: untrusted. Someone put an escape sequence in this one.
    path = folder / f"{second.id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["referentie"] = "TEST-\x1b[31mROOD"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert made.id
    return folder


def test_the_table_in_a_terminal_shows_markup_and_escapes_as_text(screen, tmp_path, example_raw):
    folder = hostile_dossier(tmp_path / "dossier", example_raw)
    for command in (("dossier", "list"), ("dossier", "open")):
        s = screen(*command, dossier=folder)
        s.child.expect(pexpect.EOF)
        shown = s.child.before or ""
        assert "TEST-[bold red]X[/]" in shown  # the brackets as typed, not bold red
        assert "TEST-\\u001b[31mROOD" in shown  # the escape made visible, never sent
        assert "\x1b[31mROOD" not in shown
        assert "\x1b[" in shown  # the measurement itself works: a terminal, with colour


def test_the_table_into_a_pipe_shows_them_as_text_too(tmp_path, example_raw):
    import subprocess

    from tests.e2e.conftest import installed_meldcode

    folder = hostile_dossier(tmp_path / "dossier", example_raw)
    program, prefix = installed_meldcode()
    for command in (("dossier", "list"), ("dossier", "open")):
        run = subprocess.run(
            [program, *prefix, *command, "--dossier-dir", str(folder)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert "TEST-[bold red]X[/]" in run.stdout
        assert "TEST-\\u001b[31mROOD" in run.stdout
        assert "\x1b" not in run.stdout  # no colour and no escape into a pipe
