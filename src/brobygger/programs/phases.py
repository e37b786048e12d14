"""When a cohort's pairs rate their goals: at the start, at mid-point and at the end.

Each phase opens and closes on a date, both days included (Europe/Oslo). Only one phase is
open at a time. By default the phases follow the cohort's dates (L is kickoff to closing):

- **start**: from matching (the pairs are published then) until six weeks after the kickoff
  (a quarter of L in a shorter programme);
- **mid**: three weeks either side of the midpoint (an eighth of L in a shorter programme);
- **end**: from four weeks before the closing (a quarter of L in a shorter programme) until
  four weeks after it.

A coordinator can move each date (the ``rating_*`` fields of the cohort). A rating counts
only if it was made while its phase was open: :func:`made_in_phase` is the filter the health
page and the cohort report use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from brobygger.programs.models import Cohort

START, MID, END = "start", "mid", "end"
PHASES = (START, MID, END)

START_WEEKS_AFTER_KICKOFF = 6
MID_WEEKS_EITHER_SIDE = 3
END_WEEKS_BEFORE_CLOSING = 4
END_WEEKS_AFTER_CLOSING = 4

OPEN, UPCOMING, CLOSED = "open", "upcoming", "closed"


def field_names(phase: str) -> tuple[str, str]:
    """The cohort's fields that move ``phase``'s opening and closing date."""
    return f"rating_{phase}_opens_on", f"rating_{phase}_closes_on"


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class RatingPhase:
    key: str
    opens_on: dt.date
    closes_on: dt.date  # the last day it is open

    @property
    def opens_at(self) -> dt.datetime:
        return _midnight(self.opens_on)

    @property
    def closes_at(self) -> dt.datetime:
        """The first moment it is closed again."""
        return _midnight(self.closes_on + dt.timedelta(days=1))

    def state(self, today: dt.date) -> str:
        if today < self.opens_on:
            return UPCOMING
        return OPEN if today <= self.closes_on else CLOSED

    def is_open(self, today: dt.date) -> bool:
        return self.state(today) == OPEN

    def contains(self, moment: dt.datetime) -> bool:
        return self.opens_at <= moment < self.closes_at


def default_dates(
    matching_on: dt.date, kickoff_on: dt.date, closing_on: dt.date
) -> dict[str, tuple[dt.date, dt.date]]:
    """Phase → (opens on, closes on) from the cohort's dates; the phases never overlap."""
    days = max((closing_on - kickoff_on).days, 1)
    start_closes = kickoff_on + dt.timedelta(days=min(7 * START_WEEKS_AFTER_KICKOFF, days // 4))
    half = min(7 * MID_WEEKS_EITHER_SIDE, days // 8)
    midpoint = kickoff_on + dt.timedelta(days=days // 2)
    mid_opens = max(midpoint - dt.timedelta(days=half), start_closes + dt.timedelta(days=1))
    mid_closes = max(midpoint + dt.timedelta(days=half), mid_opens)
    end_opens = max(
        closing_on - dt.timedelta(days=min(7 * END_WEEKS_BEFORE_CLOSING, days // 4)),
        mid_closes + dt.timedelta(days=1),
    )
    end_closes = max(closing_on + dt.timedelta(weeks=END_WEEKS_AFTER_CLOSING), end_opens)
    return {
        START: (matching_on, start_closes),
        MID: (mid_opens, mid_closes),
        END: (end_opens, end_closes),
    }


def made_in_phase(cohort: Cohort, *, phase: str = "phase", at: str = "created_at") -> Q:
    """Rows (ratings) whose ``phase`` was open at their time ``at``, in ``cohort``'s phases."""
    return reduce(
        or_,
        (
            Q(**{phase: p.key, f"{at}__gte": p.opens_at, f"{at}__lt": p.closes_at})
            for p in cohort.rating_phases()
        ),
    )
