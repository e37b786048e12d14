"""Moving a programme year on: whole weeks keep the weekday; titles' years move one on."""

import datetime as dt

import pytest
from django.utils import timezone

from brobygger.coordination.dates import (
    move_date,
    move_datetime,
    next_title,
    programme_year_of,
    programme_year_span,
    weeks_to_next_year,
)
from tests.coordination.conftest import OSLO, at


@pytest.mark.parametrize(
    ("day", "moved"),
    [
        (dt.date(2026, 3, 26), dt.date(2027, 3, 25)),  # Thursday -> Thursday
        (dt.date(2026, 9, 3), dt.date(2027, 9, 2)),
        (dt.date(2027, 6, 3), dt.date(2028, 6, 1)),  # across 29 February 2028: two days early
        (dt.date(2028, 2, 29), dt.date(2029, 2, 27)),
    ],
)
def test_a_date_moves_52_weeks_and_keeps_its_weekday(day, moved):
    weeks = weeks_to_next_year(day)

    assert (weeks, move_date(day, weeks)) == (52, moved)
    assert moved.weekday() == day.weekday()


def test_53_weeks_when_52_would_land_more_than_three_days_early():
    # Never the case for one calendar year (364 days is one or two days short of it), so
    # the rule is checked on its arithmetic: 52 weeks land 1 or 2 days early.
    days_early = {
        (day.replace(year=day.year + 1) - move_date(day, 52)).days
        for day in (dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(0, 1500, 7))
        if (day.month, day.day) != (2, 29)
    }
    assert days_early == {1, 2}


@pytest.mark.django_db
def test_a_time_keeps_its_oslo_clock_time_across_summer_time():
    # 29 October 2026 is after the clocks went back; 28 October 2027 is before they do.
    moved = move_datetime(at(dt.date(2026, 10, 29), 17), 52)

    local = timezone.localtime(moved, OSLO)
    assert (local.date(), local.hour, local.minute) == (dt.date(2027, 10, 28), 17, 0)
    elapsed = moved.astimezone(dt.UTC) - at(dt.date(2026, 10, 29), 17).astimezone(dt.UTC)
    assert elapsed == dt.timedelta(weeks=52, hours=-1)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2026–2027", "2027–2028"),
        ("2026", "2027"),
        ("Høst 2026", "Høst 2027"),
        ("2026/27", "2027/27"),
        ("Kull 12", "Kull 12 2027"),
    ],
)
def test_the_title_moves_one_year_on(title, expected):
    assert next_title(title, fallback_year=2027) == expected


def test_a_programme_year_runs_from_september_to_august():
    assert [programme_year_of(dt.date(2026, m, 1)) for m in (8, 9, 12)] == [2025, 2026, 2026]
    assert programme_year_span(2026) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
