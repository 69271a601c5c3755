"""Working days in the Netherlands, as the Algemene termijnenwet counts them.

Saturdays and Sundays are skipped, and the days of article 3:

- lid 1, the "algemeen erkende feestdagen": de Nieuwjaarsdag, de Christelijke tweede
  Paas- en Pinksterdag, de beide Kerstdagen, de Hemelvaartsdag, de dag waarop de
  verjaardag van de Koning wordt gevierd (27 april; 26 april when the 27th is a Sunday)
  en de vijfde mei (every year);
- lid 2: Goede Vrijdag, "met de in het vorige lid genoemde dagen gelijkgesteld".

Days that the government designates by decree under lid 3 (such as the Friday after
Hemelvaartsdag in some years) are not in the law itself and are not counted here: a date
computed here is never later than the legal one. Easter comes from ``dateutil``.
"""

from __future__ import annotations

from datetime import date, timedelta


def koningsdag(year: int) -> date:
    """The day the King's birthday is celebrated (since 2014)."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


def feestdagen(year: int) -> frozenset[date]:
    """The days of article 3 of the Algemene termijnenwet in ``year``."""
    from dateutil.easter import easter

    pasen = easter(year)
    return frozenset(
        {
            date(year, 1, 1),  # Nieuwjaarsdag
            pasen - timedelta(days=2),  # Goede Vrijdag (lid 2)
            pasen + timedelta(days=1),  # tweede Paasdag
            koningsdag(year),
            date(year, 5, 5),  # de vijfde mei
            pasen + timedelta(days=39),  # Hemelvaartsdag
            pasen + timedelta(days=50),  # tweede Pinksterdag
            date(year, 12, 25),  # eerste Kerstdag
            date(year, 12, 26),  # tweede Kerstdag
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in feestdagen(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
