"""The network's calendar: programme years (September to August) and moving a year on.

Pure functions on dates; no database.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

#: a programme year starts in September
YEAR_STARTS_IN = 9

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def programme_year_of(day: dt.date) -> int:
    """The first calendar year of the programme year that ``day`` is in (Sept.–Aug.)."""
    return day.year if day.month >= YEAR_STARTS_IN else day.year - 1


def programme_year_span(start: int) -> tuple[dt.date, dt.date]:
    """First and last day of the programme year that starts in September ``start``."""
    return dt.date(start, YEAR_STARTS_IN, 1), dt.date(start + 1, YEAR_STARTS_IN, 1) - dt.timedelta(
        days=1
    )


def same_day_next_year(day: dt.date) -> dt.date:
    """The calendar date a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def weeks_to_next_year(day: dt.date) -> int:
    """Whole weeks that move ``day`` a year on and keep its weekday: 52, or 53 when 52
    weeks would land more than three days before the same date next year."""
    early = (same_day_next_year(day) - (day + dt.timedelta(weeks=52))).days
    return 53 if early > 3 else 52


def move_date(day: dt.date, weeks: int) -> dt.date:
    return day + dt.timedelta(weeks=weeks)


def move_datetime(moment: dt.datetime, weeks: int) -> dt.datetime:
    """``weeks`` later at the same time of day in Europe/Oslo (summer time or not)."""
    local = timezone.localtime(moment)
    day = local.date() + dt.timedelta(weeks=weeks)
    return timezone.make_aware(dt.datetime.combine(day, local.time().replace(tzinfo=None)))


def next_title(title: str, *, fallback_year: int) -> str:
    """Every year in the title one on ("2026–2027" → "2027–2028", "Høst 2026" → "Høst 2027");
    a title without a year gets ``fallback_year`` added."""
    if _YEAR.search(title):
        return _YEAR.sub(lambda m: str(int(m.group(0)) + 1), title)
    return f"{title} {fallback_year}"
