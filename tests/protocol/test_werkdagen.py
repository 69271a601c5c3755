from datetime import date

import pytest

from meldcode_cli.protocol.werkdagen import add_working_days, feestdagen


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 30)),  # Monday: plain week
        (date(2026, 11, 27), date(2026, 12, 4)),  # Friday: the weekend is skipped
        (date(2026, 12, 22), date(2026, 12, 30)),  # both Christmas days skipped
        (date(2026, 4, 1), date(2026, 4, 9)),  # tweede paasdag skipped, Goede Vrijdag is not
        (date(2026, 4, 30), date(2026, 5, 8)),  # 5 mei skipped, also outside lustrum years
        (date(2026, 12, 30), date(2027, 1, 7)),  # over the new year
    ],
)
def test_five_working_days(start, expected):
    assert add_working_days(start, 5) == expected


def test_feestdagen_follow_the_algemene_termijnenwet():
    days = feestdagen(2027)
    assert date(2027, 5, 5) in days
    assert date(2027, 3, 26) not in days  # Goede Vrijdag 2027
    assert date(2027, 3, 29) in days  # tweede paasdag
    assert date(2027, 4, 27) in days  # Koningsdag
