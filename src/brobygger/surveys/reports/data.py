"""The report's reads that join several apps, through their selectors: who takes part in a
cohort (its pairs, or before them its accepted applicants) and how they came to its
gatherings. The rest the report reads straight from ``pairs.selectors.outcomes`` and
``applications.selectors.outcomes``. Only metadata is read, never what a pair writes.
"""

from __future__ import annotations

import datetime as dt

from brobygger.applications.selectors.outcomes import accepted_people
from brobygger.gatherings.selectors import AttendanceRow, attendance_of
from brobygger.pairs.models import PairRole
from brobygger.pairs.selectors.outcomes import pair_people, pair_rows
from brobygger.programs.models import Cohort


def midpoint_of(cohort: Cohort) -> dt.date:
    return cohort.kickoff_on + (cohort.closing_on - cohort.kickoff_on) / 2


def gathering_attendance(cohort: Cohort, company_id: int | None = None) -> list[AttendanceRow]:
    """Per gathering of the cohort: the cohort's participants (the people of its published
    pairs) invited, saying yes, attending; of ``company_id``'s people when given."""
    return attendance_of(cohort, people=pair_people(cohort), company_id=company_id)


def participants(cohort: Cohort, role: str) -> list[tuple[int, int | None]]:
    """``(person id, company id)`` of the people taking part in ``role``.

    The people in the cohort's published pairs (not those ended early); before any pair
    is published, the accepted applicants.
    """
    pairs = pair_rows(cohort)
    if not pairs:
        return accepted_people(cohort, role)
    seen: dict[int, int | None] = {}
    for pair in pairs:
        if pair.ended_early:
            continue
        if role == PairRole.MENTEE:
            seen[pair.mentee_id] = pair.mentee_company_id
        else:
            seen[pair.mentor_id] = pair.mentor_company_id
    return sorted(seen.items())
