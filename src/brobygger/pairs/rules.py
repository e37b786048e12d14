"""The rhythm of a pair's year, as data (docs/architecture.md: no ``if kind == ...``)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

from brobygger.pairs.models import Pair
from brobygger.programs.status import CohortStatus

# The senior side of a pair and who books the first meeting are the kind's
# (``programs.kinds.KindProfile``: ``senior_role``, ``first_meeting_booked_by``).

# A pair is at risk after this long without a held meeting (counted from the first meeting
# held, else from the pair's start: see :func:`pair_start`) ...
QUIET_AFTER = dt.timedelta(weeks=5)
# ... after this many cancellations in a row ...
CANCELLATIONS_IN_A_ROW = 2
# ... or with the agreement unsigned this long after the first meeting.
AGREEMENT_GRACE = dt.timedelta(weeks=2)

# Reminders: a meeting tomorrow; a gathering in three days; a reply missing a week before.
GATHERING_SOON = dt.timedelta(days=3)
RSVP_MISSING_BEFORE = dt.timedelta(days=7)

# The private pulse: months after the pair's start (:func:`pair_start`) it opens; how long
# it is offered (the card and the email); an answer at or below this on either question
# asks the coordinator to call.
PULSE_MONTHS = (1, 3)
PULSE_OPEN_FOR = dt.timedelta(weeks=4)
PULSE_CALL_AT = 2

# Cohorts in which pairs can no longer plan meetings.
CLOSED_COHORT_STATUSES = (CohortStatus.CLOSED, CohortStatus.ARCHIVED)


def pair_start(pair: Pair) -> dt.datetime:
    """When the pair's year starts: the later of publishing and the kickoff (pairs published
    weeks before the kickoff can meet already, but are not "quiet" before it)."""
    kickoff = timezone.make_aware(dt.datetime.combine(pair.cohort.kickoff_on, dt.time.min))
    return max(pair.published_at, kickoff)


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """``moment`` ``months`` calendar months later (the 31st becomes the month's last day)."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def pulse_opens_at(pair: Pair, point: int) -> dt.datetime:
    """When the pulse ``point`` months in opens for both members of ``pair``."""
    return add_months(timezone.localtime(pair_start(pair)), point)
