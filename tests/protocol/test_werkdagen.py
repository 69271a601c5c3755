"""Five working days as the Algemene termijnenwet counts them (article 3: the listed
holidays, and Goede Vrijdag by lid 2). Every expected date is written out by hand from
the calendar of that year (Easter 2025: 20 April; Easter 2026: 5 April)."""

from datetime import date

import pytest

from meldcode_cli.protocol.werkdagen import add_working_days, feestdagen, koningsdag


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 30)),  # Monday: a plain week
        (date(2026, 11, 27), date(2026, 12, 4)),  # Friday: the weekend is skipped
        # Goede Vrijdag 3 April and tweede Paasdag 6 April 2026 are both skipped.
        (date(2026, 4, 1), date(2026, 4, 10)),
        # Koningsdag on Monday 27 April 2026.
        (date(2026, 4, 23), date(2026, 5, 1)),
        # 5 mei, every year (not only once in five): Monday 2025, Tuesday 2026.
        (date(2025, 4, 30), date(2025, 5, 8)),
        (date(2026, 4, 30), date(2026, 5, 8)),
        # Hemelvaartsdag: Thursday 29 May 2025, Thursday 14 May 2026 (the Friday after
        # is a working day under the law itself).
        (date(2025, 5, 27), date(2025, 6, 4)),
        (date(2026, 5, 11), date(2026, 5, 19)),
        # Tweede Pinksterdag: Monday 9 June 2025, Monday 25 May 2026.
        (date(2025, 6, 4), date(2025, 6, 12)),
        (date(2026, 5, 20), date(2026, 5, 28)),
        # Both Christmas days, and Nieuwjaarsdag on a Thursday (1 January 2026).
        (date(2025, 12, 24), date(2026, 1, 5)),
        # Christmas into the new year, and Nieuwjaarsdag on a Friday (1 January 2027).
        (date(2026, 12, 24), date(2027, 1, 4)),
    ],
)
def test_five_working_days(start, expected):
    assert add_working_days(start, 5) == expected


def test_the_days_of_article_3_in_2027():
    assert feestdagen(2027) == {
        date(2027, 1, 1),  # Nieuwjaarsdag
        date(2027, 3, 26),  # Goede Vrijdag (Easter 2027: 28 March)
        date(2027, 3, 29),  # tweede Paasdag
        date(2027, 4, 27),  # Koningsdag
        date(2027, 5, 5),
        date(2027, 5, 6),  # Hemelvaartsdag
        date(2027, 5, 17),  # tweede Pinksterdag
        date(2027, 12, 25),
        date(2027, 12, 26),
    }


def test_koningsdag_moves_to_saturday_when_27_april_is_a_sunday():
    assert koningsdag(2025) == date(2025, 4, 26)  # 27 April 2025 was a Sunday
    assert koningsdag(2026) == date(2026, 4, 27)
