"""The goal rating phases a cohort's dates give, and the dates a coordinator sets."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from tests.factories import CohortFactory

from brobygger.pairs.models import GoalPhase
from brobygger.programs.phases import PHASES, default_dates

KICKOFF = dt.date(2026, 9, 1)
OSLO = ZoneInfo("Europe/Oslo")


def _year():
    return CohortFactory(
        applications_open_at=dt.datetime(2026, 3, 26, 9, tzinfo=OSLO),
        applications_close_at=dt.datetime(2026, 5, 1, 23, tzinfo=OSLO),
        matching_on=dt.date(2026, 8, 15),
        kickoff_on=KICKOFF,
        closing_on=dt.date(2027, 6, 1),
    )


def test_the_phases_are_the_goal_rating_phases():
    assert list(PHASES) == list(GoalPhase.values)


def test_a_programme_year_gets_six_weeks_a_fortnight_either_side_and_the_last_month():
    assert default_dates(dt.date(2026, 8, 15), KICKOFF, dt.date(2027, 6, 1)) == {
        "start": (dt.date(2026, 8, 15), dt.date(2026, 10, 13)),  # matching → kickoff + 6 weeks
        "mid": (dt.date(2026, 12, 25), dt.date(2027, 2, 5)),  # midpoint 15 Jan ± 3 weeks
        "end": (dt.date(2027, 5, 4), dt.date(2027, 6, 29)),  # closing − 4 weeks → + 4 weeks
    }


@pytest.mark.parametrize("days", [1, 2, 3, 7, 8, 15, 30, 60, 100, 200, 365, 800])
def test_the_default_phases_never_overlap(days):
    dates = default_dates(
        KICKOFF - dt.timedelta(days=10), KICKOFF, KICKOFF + dt.timedelta(days=days)
    )
    spans = [dates[key] for key in PHASES]
    assert all(opens <= closes for opens, closes in spans)
    assert spans[0][1] < spans[1][0]
    assert spans[1][1] < spans[2][0]


def test_a_moved_date_overrides_the_default(db):
    cohort = _year()
    cohort.rating_end_opens_on = dt.date(2027, 5, 20)
    cohort.full_clean()
    assert [(p.key, p.opens_on, p.closes_on) for p in cohort.rating_phases()] == [
        ("start", dt.date(2026, 8, 15), dt.date(2026, 10, 13)),
        ("mid", dt.date(2026, 12, 25), dt.date(2027, 2, 5)),
        ("end", dt.date(2027, 5, 20), dt.date(2027, 6, 29)),
    ]


def test_an_overlapping_phase_is_refused_on_its_field(db):
    cohort = _year()
    cohort.rating_start_closes_on = dt.date(2027, 1, 1)
    with pytest.raises(ValidationError) as error:
        cohort.full_clean()
    assert error.value.message_dict == {
        "rating_mid_opens_on": [
            "Denne vurderingen må åpne etter at den forrige stenger (1. januar 2027)."
        ]
    }
