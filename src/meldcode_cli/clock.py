"""The one clock meldcode reads: today's date and the moment now.

Every date and time the program takes from the system comes from here, so that what it
writes and what it checks against ("ligt niet na vandaag") can be held to one day from
a single place (the tests do, when they run past midnight).
"""

from __future__ import annotations

from datetime import date, datetime


def today() -> date:
    """Today's date, in the computer's own time zone."""
    return date.today()


def now() -> datetime:
    """The moment now, with the computer's own UTC offset."""
    return datetime.now().astimezone()


def local_now() -> datetime:
    """The moment now, without an offset (for names of files, in local time)."""
    return datetime.now()
