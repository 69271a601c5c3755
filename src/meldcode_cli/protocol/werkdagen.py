"""Working days in the Netherlands, as the Algemene termijnenwet counts them.

Saturdays, Sundays and the generally recognised holidays are skipped: Nieuwjaarsdag,
tweede paasdag, Koningsdag, 5 mei (Bevrijdingsdag, every year), Hemelvaartsdag, tweede
pinksterdag, eerste en tweede kerstdag. Goede Vrijdag is not one of them.
"""

from __future__ import annotations

from datetime import date, timedelta


def feestdagen(year: int) -> set[date]:
    import holidays  # heavy: only imported when a melding needs a call-back date
    from dateutil.easter import easter

    days = set(holidays.country_holidays("NL", years=year))
    days.discard(easter(year) - timedelta(days=2))  # Goede Vrijdag
    days.add(date(year, 5, 5))  # Bevrijdingsdag, every year under the Algemene termijnenwet
    return days


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    skip: set[date] = set()
    for year in (start.year, start.year + 1):
        skip |= feestdagen(year)
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in skip:
            remaining -= 1
    return current
