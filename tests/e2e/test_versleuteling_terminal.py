"""Encryption with a passphrase, in a real pseudo-terminal: a new identity, the
passphrase asked once per command, a wrong passphrase that writes nothing, and the
standard age tool opening an entry with the same identity file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.e2e.conftest import pexpect

pytestmark = pytest.mark.e2e

WACHTWOORD = "TEST-wachtwoord-paard-batterij"
VRAAG = "Wachtwoord van je identiteit"


def state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def encrypted(screen, tmp_path: Path) -> Path:
    """A dossier encrypted for a new identity made by meldcode, protected by WACHTWOORD."""
    dossier = tmp_path / "dossier"
    s = screen("versleuteling", "aan", dossier=dossier)
    s.text("Nieuw wachtwoord:", "kort")
    s.expect("Te kort")
    s.text("Nieuw wachtwoord:", WACHTWOORD)
    s.text("Nog een keer:", WACHTWOORD)
    s.expect("De versleuteling staat aan")
    assert s.finish() == 0
    return dossier


def test_the_passphrase_is_asked_once_per_command_and_a_wrong_one_writes_nothing(
    screen, encrypted, tmp_path
):
    s = screen("start", "--answers", str(EXAMPLE), dossier=encrypted)
    s.text(VRAAG, WACHTWOORD)  # to sign the entry and link it to its case
    s.expect("Opgeslagen")
    assert s.finish() == 0
    entries = sorted(p.name for p in encrypted.glob("2*"))
    assert len(entries) == 2 and all(name.endswith(".age") for name in entries)

    before = state(encrypted)
    wrong = screen("dossier", "list", dossier=encrypted)
    wrong.text(VRAAG, "niet-het-wachtwoord")
    wrong.expect("Het wachtwoord klopt niet")
    assert wrong.finish() == 2
    assert state(encrypted) == before

    # controleer reads every file, without the index: still one question.
    check = screen("dossier", "controleer", dossier=encrypted)
    check.text(VRAAG, WACHTWOORD)
    check.expect("1 van 1 dossierstukken zijn ongewijzigd.")
    assert check.finish() == 0
    assert VRAAG not in (check.child.before or "")


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed here")
def test_the_age_tool_opens_an_entry_with_the_same_identity_file(screen, encrypted, tmp_path):
    s = screen("start", "--answers", str(EXAMPLE), dossier=encrypted)
    s.text(VRAAG, WACHTWOORD)
    assert s.finish() == 0
    [markdown] = encrypted.glob("2*.md.age")
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "meldcode" / "identiteit.age"
    assert config.exists()
    child = pexpect.spawn(
        "age", ["-d", "-i", str(config), str(markdown)], encoding="utf-8", timeout=30
    )
    child.expect("passphrase")
    child.sendline(WACHTWOORD)
    child.expect("# Meldcode — casus VB-2026-017")
    child.expect(pexpect.EOF)
