"""The table of `dossier list` and `dossier open` (cli/table.py): what stays whole, what
wraps, what gives way, and when rows become blocks."""

from __future__ import annotations

import pytest

from meldcode_cli.cli.table import Cell, Column, cell, render, width_of

COLUMNS = (
    Column("Datum"),
    Column("Kenmerk", alone=True),
    Column("Soort", rank=2),
    Column("Stap", rank=1),
    Column("Uitkomst", wrap=True),
    Column("Code"),
)


def row(kenmerk: str, uitkomst: str = "Wacht op Veilig Thuis") -> tuple[Cell, ...]:
    return (
        cell("01-12-2026"),
        cell(kenmerk),
        cell("meldcode"),
        cell("afw. 4"),
        cell(uitkomst, split=True),
        cell("a1b2c3"),
    )


def test_width_of_counts_what_a_terminal_shows():
    assert width_of("TEST-A") == 6
    assert width_of("测试") == 4  # wide characters take two columns
    assert width_of("e\u0301") == 1  # a combining accent takes none
    assert width_of("a\u200bb") == 2  # nor does an invisible format character


def test_a_table_that_fits_is_one_line_per_row():
    lines = render(COLUMNS, [row("TEST-A"), row("TEST-BB")], 100)
    assert lines[0].split() == ["Datum", "Kenmerk", "Soort", "Stap", "Uitkomst", "Code"]
    assert set(lines[1]) == {"─"}
    assert lines[2] == "01-12-2026  TEST-A   meldcode  afw. 4  Wacht op Veilig Thuis  a1b2c3"
    assert len(lines) == 4


def test_a_column_that_may_wrap_wraps_between_words_only():
    lines = render(COLUMNS, [row("TEST-A")], 60)
    body = lines[2:]
    assert body[0] == "01-12-2026  TEST-A   meldcode  afw. 4  Wacht op      a1b2c3"
    assert body[1].strip() == "Veilig Thuis"
    assert all(len(line) <= 60 for line in lines)


def test_what_stands_between_brackets_stays_together():
    assert cell("Evaluatie van de hulp (afweging 5)", split=True).pieces == (
        "Evaluatie",
        "van",
        "de",
        "hulp",
        "(afweging 5)",
    )


def test_the_least_important_column_gives_way_first():
    lines = render(COLUMNS, [row("TEST-A")], 52)
    assert lines[0].split() == ["Datum", "Kenmerk", "Stap", "Uitkomst", "Code"]  # Soort
    lines = render(COLUMNS, [row("TEST-A")], 44)
    assert lines[0].split() == ["Datum", "Kenmerk", "Uitkomst", "Code"]  # then Stap
    assert all(len(line) <= 44 for line in lines)


def test_a_kenmerk_too_long_for_the_table_stands_on_a_line_of_its_own():
    kenmerk = "TEST-" + "X" * 59  # 64: the longest a kenmerk may be
    lines = render(COLUMNS, [row(kenmerk), row("TEST-A")], 80)
    assert lines[0] == "Kenmerk"
    assert lines[1].split() == ["Datum", "Soort", "Stap", "Uitkomst", "Code"]
    assert lines[3] == kenmerk
    assert lines[4].startswith("  01-12-2026  meldcode")  # its row, under it
    assert "TEST-A" in lines
    assert all(len(line) <= 80 for line in lines)


def test_rows_become_blocks_when_nothing_else_fits():
    kenmerk = "TEST-" + "X" * 40
    lines = render(COLUMNS, [row(kenmerk), row("TEST-A")], 24)
    assert lines[:3] == ["01-12-2026", "  Kenmerk:", f"    {kenmerk}"]
    assert "  Uitkomst:" in lines  # too wide after its title: under it, wrapped
    assert lines[lines.index("  Uitkomst:") + 1 :][:2] == ["    Wacht op Veilig", "    Thuis"]
    assert "  Code: a1b2c3" in lines
    assert "" in lines  # a blank line between blocks
    assert "  Kenmerk: TEST-A" in lines


@pytest.mark.parametrize("width", range(20, 121, 7))
def test_no_piece_is_ever_broken_at_any_width(width: int):
    rows = [row("TEST-" + "K" * n, "Afspraken met Veilig Thuis") for n in (1, 20, 59)]
    text = "\n".join(render(COLUMNS, rows, width))
    for n in (1, 20, 59):
        assert "TEST-" + "K" * n in text
    for piece in ("01-12-2026", "a1b2c3", "Afspraken", "Veilig", "Thuis"):
        assert text.count(piece) == 3
    for piece in ("meldcode", "afw. 4"):  # whole where shown, or given way
        assert text.count(piece) in (0, 3)


def test_colour_is_painted_around_text_of_known_width():
    painted = render(
        (Column("Status"), Column("Code")),
        [(cell("te laat", "bold red"), cell("a1b2c3"))],
        80,
        paint=lambda text, style: f"<{style}>{text}</>" if style else text,
    )
    assert painted[2] == "<bold red>te laat</>  a1b2c3"
