"""What stands where on the screen, at 60 and 80 columns: the program in a real
pseudo-terminal (pexpect), its output drawn by a terminal emulator (pyte)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyte
import pytest

from tests.e2e.conftest import DOWN, first_case, installed_meldcode, pexpect

pytestmark = pytest.mark.e2e
ROWS = 40


class AnsweringScreen(pyte.Screen):
    """A screen that answers the program's questions about the cursor, as a real
    terminal does (prompt_toolkit asks where the cursor is to know the room below it)."""

    child: Any = None

    def write_process_input(self, data: str) -> None:
        if self.child is not None:
            self.child.send(data)


class Terminal:
    def __init__(
        self, tmp_path: Path, columns: int, *args: str, dossier: str | None = None
    ) -> None:
        self.screen = AnsweringScreen(columns, ROWS)
        self.stream = pyte.Stream(self.screen)
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "MELDCODE_DOSSIER_DIR")}
        env.update(TERM="xterm-256color", COLUMNS=str(columns), LINES=str(ROWS))
        env.pop("PROMPT_TOOLKIT_NO_CPR", None)  # this terminal answers
        env["MELDCODE_PROFIEL"] = str(tmp_path / "geen-profiel.toml")
        program, prefix = installed_meldcode()
        self.child = pexpect.spawn(
            program,
            [*prefix, *args, "--dossier-dir", dossier or str(tmp_path / "dossier")],
            cwd=tmp_path,
            encoding="utf-8",
            dimensions=(ROWS, columns),
            env=env,
            timeout=20,
        )
        self.screen.child = self.child
        self.child.logfile_read = self  # every byte read goes to the emulator too

    def write(self, text: str) -> None:
        self.stream.feed(text)

    def flush(self) -> None:
        pass

    def ask(self, question: str, keys: str) -> None:
        self.child.expect_exact(question)
        self.child.send(keys)

    def first_case(self, keys: str) -> None:
        first_case(self.child, keys)

    def row_of(self, text: str, first: bool = False) -> int:
        """The (last, or first) row of the screen that shows ``text``."""
        rows = [n for n, line in enumerate(self.screen.display) if text in line]
        assert rows, f"{text!r} is not on the screen:\n" + "\n".join(self.screen.display)
        return rows[0] if first else rows[-1]

    def stop(self) -> None:
        self.child.sendcontrol("c")
        self.child.expect(pexpect.EOF)


def to_the_consult_date(tmp_path: Path, columns: int) -> Terminal:
    t = Terminal(tmp_path, columns, "start")
    t.first_case(DOWN * 2 + "\r")
    t.ask("Eigen kenmerk van deze casus", "TEST-SCHERM\r")
    return t


@pytest.mark.parametrize("columns", [60, 80])
def test_an_error_stands_right_under_its_question(tmp_path, columns):
    t = to_the_consult_date(tmp_path, columns)
    t.ask("Datum van het consult", "\x15" + "31-02-2026\r")  # Ctrl-U clears the suggestion
    t.child.expect_exact("bestaat niet als datum")
    question = t.row_of("? Datum van het consult")
    error = t.row_of("bestaat niet als datum")
    # Right under the question and its answer (which may wrap onto a second row).
    assert 0 < error - question <= 2
    assert all(t.screen.display[row].strip() for row in range(question, error))
    t.stop()


@pytest.mark.parametrize("columns", [60, 80])
def test_an_error_of_a_multiple_choice_stands_under_its_choices(tmp_path, columns):
    t = to_the_consult_date(tmp_path, columns)
    t.ask("Datum van het consult", "\r")
    t.ask("Verwaarlozing", "\r")  # nothing chosen
    t.child.expect_exact("Kies minstens")
    assert t.row_of("Kies minstens één.") <= t.row_of("Verwaarlozing") + 2
    t.stop()


def joined(t: Terminal) -> str:
    """The screen as one text: rows joined, indentation folded (a wrapped choice reads
    as one line again)."""
    return " ".join(" ".join(row.split()) for row in t.screen.display if row.strip())


def to_the_kindcheck(tmp_path: Path, columns: int) -> Terminal:
    t = to_the_consult_date(tmp_path, columns)
    t.ask("Datum van het consult", "\r")
    t.ask("Over welke vorm(en) van geweld", DOWN + " \r")
    for question, keys in (
        ("Beschrijf het signaal", "TEST: kind vertelt over slaan\r"),
        ("Van wie komt dit signaal?", DOWN + "\r"),
        ("Wanneer zag, hoorde of", "vandaag\r"),
        ("Nog een signaal toevoegen?", "\r"),
        ("Wat maakt de situatie nu", "TEST: vader slaat\r"),
        ("Rol van deze directbetrokkene", "kind, 9 jaar\r"),
        ("Nog een directbetrokkene", "\r"),
        ("Risicofactoren", "\r"),
        ("Beschermende factoren", "\r"),
        ("Welke signalen spreken", "\r"),
    ):
        t.ask(question, keys)
    t.child.expect_exact("(pijltjes en Enter)")
    return t


@pytest.mark.parametrize("columns", [60, 80])
def test_long_choices_wrap_between_words_and_are_never_cut(tmp_path, columns):
    t = to_the_kindcheck(tmp_path, columns)
    for label in (  # both longer than 60 columns, with the pointer before them
        "Ja, er zijn minderjarige kinderen die van de cliënt afhankelijk zijn",
        "Nee, er zijn geen minderjarige kinderen die van de cliënt afhankelijk zijn",
    ):
        t.child.expect_exact(label.split()[-1])
        assert label in joined(t), "\n".join(t.screen.display)
    for row in t.screen.display:  # a row never ends inside a word of a choice
        assert not row.rstrip().endswith(("afhan", "cli", "minderja")), row
    t.child.send(DOWN + "\r")  # nee
    t.child.expect_exact("Stap 2")
    # The answer is repeated after its question, whole, however it wraps.
    assert (
        "? Zijn er minderjarige kinderen die afhankelijk zijn van de cliënt? Nee, er zijn"
        " geen minderjarige kinderen die van de cliënt afhankelijk zijn"
    ) in joined(t), "\n".join(t.screen.display)
    t.stop()


QUESTION = "Zijn er minderjarige kinderen die afhankelijk zijn van de cliënt?"


@pytest.mark.parametrize("columns", [60, 64, 70])
def test_a_long_question_wraps_between_words(tmp_path, columns):
    """The kindcheck's question (66 characters) and its instruction do not fit on one
    row: they continue on the next, under the question's first word, between words (at
    64 columns the edge of the screen falls inside "cliënt", at 70 inside the
    instruction)."""
    t = to_the_kindcheck(tmp_path, columns)
    first = t.row_of("? Zijn er minderjarige", first=True)
    rows = [t.screen.display[first].rstrip(), t.screen.display[first + 1].rstrip()]
    assert rows[0].startswith("? Zijn er minderjarige kinderen")
    assert rows[1].startswith("  ") and not rows[1].startswith("   ")
    assert " ".join(" ".join(row.split()) for row in rows).startswith(f"? {QUESTION}")
    for word in (*QUESTION.split(), "(pijltjes", "Enter)"):
        assert any(word in row.split() for row in rows), (word, rows)
    t.stop()


@pytest.mark.parametrize("columns", [60, 80])
def test_a_number_that_is_not_one_gets_a_plain_message_under_it(tmp_path, columns):
    t = to_the_kindcheck(tmp_path, columns)
    t.child.send("\r")  # ja
    t.ask("Leeftijd van het kind", "vijf\r")
    t.child.expect_exact("geen heel getal")
    error = t.row_of("geen heel getal")
    assert "'vijf' is geen heel getal; schrijf het in cijfers, zoals 5." in joined(t)
    assert 0 < error - t.row_of("? Leeftijd van het kind") <= 2
    assert "verwacht" not in joined(t)
    t.stop()


@pytest.mark.parametrize("columns", [60, 80])
def test_a_long_message_wraps_between_words(tmp_path, columns):
    """A message longer than the screen (here the refusal of a folder that others can
    read) continues on the next row between two words, never inside one; the folder is
    named as it was typed (relative, so that no word is longer than a row)."""
    (tmp_path / "dossier").mkdir()
    (tmp_path / "dossier").chmod(0o755)
    t = Terminal(tmp_path, columns, "start", dossier="dossier")
    t.child.expect(pexpect.EOF)
    t.child.close()
    assert t.child.exitstatus == 1
    rows = [row.rstrip() for row in t.screen.display if row.strip()]
    assert len(rows) > 2  # it did not fit on one row: it wrapped
    assert all(len(row) <= columns for row in rows)
    assert " ".join(rows) == (
        "Fout: De dossiermap dossier is open voor anderen (rechten 755). Een dossier"
        " hoort alleen voor jou leesbaar te zijn; ik verander de rechten van een map die"
        " ik niet zelf heb gemaakt niet. Kies een eigen map met --dossier-dir, of maak"
        " deze privé: chmod 700 dossier"
    ), "\n".join(rows)


@pytest.mark.parametrize("columns", [60, 80])
def test_a_message_before_a_question_wraps_between_words(tmp_path, columns):
    """The words before the first passphrase (written without rich) go on between
    words too."""
    t = Terminal(tmp_path, columns, "versleuteling", "aan")
    t.child.expect_exact("Nieuw wachtwoord:")
    rows = [row.rstrip() for row in t.screen.display if row.strip()]
    assert len(rows) > 2 and all(len(row) <= columns for row in rows)
    assert " ".join(rows[:-1]) == (
        "Kies een wachtwoord voor je identiteit (minstens 10 tekens). Zonder dit"
        " wachtwoord is je dossier niet meer te openen: bewaar het goed."
    ), "\n".join(rows)
    t.stop()


@pytest.mark.parametrize("columns", [60, 80])
def test_a_typed_answer_is_repeated_wrapped_between_words(tmp_path, columns):
    """After Enter the question and the typed answer stand on the screen between words,
    however long (prompt_toolkit would leave them broken inside "slaan")."""
    t = to_the_consult_date(tmp_path, columns)
    t.ask("Datum van het consult", "\r")
    t.ask("Over welke vorm(en) van geweld", DOWN + " \r")
    t.ask("Beschrijf het signaal", "TEST: kind vertelt over slaan\r")
    t.child.expect_exact("Van wie komt dit signaal?")
    first = t.row_of("? Beschrijf het signaal", first=True)
    last = t.row_of("Veilig Thuis vraagt welke feiten", first=True)
    rows = [t.screen.display[n].rstrip() for n in range(first, last)]
    assert len(rows) >= 2, rows  # it did not fit on one row
    said = "Beschrijf het signaal: wat heb je gezien of gehoord? TEST: kind vertelt over slaan"
    assert " ".join(" ".join(row.split()) for row in rows) == f"? {said}", rows
    words = set(said.split())
    assert all(word in words for row in rows for word in row.split()[1:] if word != "?"), rows
    t.stop()
