"""What meldcode writes for people to read fits 80 columns (or a narrower screen), and a
line that has to wrap goes on under itself."""

from __future__ import annotations

import pytest

from tests.conftest import invoke


@pytest.mark.parametrize(
    "args",
    [
        ["template"],
        ["template", "--vervolg", "evaluatie"],
        ["template", "--vervolg", "veilig_thuis"],
        ["template", "--kader", "meldcode-generiek"],
    ],
)
def test_a_template_fits_80_columns(args):
    """An answers file is read in an editor or on a screen of 80 columns."""
    run = invoke(args)
    assert run.code == 0, run.output
    lines = run.stdout.splitlines()
    assert len(lines) > 50
    too_wide = [line for line in lines if len(line) > 80]
    assert too_wide == []


def test_the_kaders_wrap_under_themselves_without_trailing_spaces(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    run = invoke(["kaders"])
    assert run.code == 0, run.output
    assert run.stdout.splitlines()[:5] == [
        "verbeterde-meldcode-2018-11 (standaard)",
        "  Afwegingskader verbeterde meldcode huiselijk geweld en",
        "  kindermishandeling",
        "  Bron: verbeterde meldcode, tekst van november 2018 (van",
        "  kracht sinds 1 januari 2019)",
    ]
    assert all(line == line.rstrip() for line in run.stdout.splitlines())
    assert all(len(line) <= 60 for line in run.stdout.splitlines())
