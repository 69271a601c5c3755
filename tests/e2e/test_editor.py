"""Long text in the practitioner's own editor (Ctrl-X Ctrl-E), in a real terminal: the
text lands in the answer, and its file was private, in the dossier folder, and is gone."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.e2e.conftest import DOWN

pytestmark = pytest.mark.e2e

EDITOR = """#!/bin/sh
# The practitioner's editor, played by a script: it notes where the file was and with
# which rights, then writes the text into it.
printf '%s\\n' "$1" > "{notes}/waar"
stat -c '%a' "$1" > "{notes}/rechten"
stat -c '%a' "$(dirname "$1")" > "{notes}/map"
printf 'TEST: een lange tekst, geschreven in de editor.' > "$1"
"""


def test_long_text_is_written_in_the_editor_and_its_file_is_private_and_gone(
    screen, tmp_path, monkeypatch
):
    notes = tmp_path / "notities"
    notes.mkdir()
    editor = tmp_path / "editor.sh"
    editor.write_text(EDITOR.format(notes=notes), encoding="utf-8")
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    dossier = tmp_path / "dossier"
    s = screen("start", dossier=dossier)
    s.first_case(DOWN * 2 + "\r")
    s.text("Eigen kenmerk van deze casus", "TEST-EDITOR")
    s.ask("Datum van het consult", "\r")
    s.ask("Over welke vorm(en) van geweld", " \r")
    s.expect("Ctrl-X en dan Ctrl-E opent je eigen editor")
    s.ask("Beschrijf het signaal", "\x18\x05")  # Ctrl-X Ctrl-E
    s.expect("Van wie komt dit signaal?")
    s.child.sendcontrol("c")
    assert s.finish() == 130
    where = Path((notes / "waar").read_text(encoding="utf-8").strip())
    assert where.parent == dossier / ".bewerken"  # never in the system's temp folder
    assert (notes / "rechten").read_text().strip() == "600"
    assert (notes / "map").read_text().strip() == "700"
    assert not where.exists(), "the editor's file is removed"
    assert not (dossier / ".bewerken").exists(), "and its folder too"
    [draft] = dossier.glob(".concept-start-*.json")
    assert "TEST: een lange tekst, geschreven in de editor." in draft.read_text(encoding="utf-8")
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
