"""Earlier pairs: two people who were a pair in an earlier programme year, in any initiative.

The cohort setting ``avoid_earlier_pairs`` (on by default) gives them to the engine as
forbidden pairs; either way the proposal and the swap preview flag them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from brobygger.applications.models import Application
from brobygger.pairs.models import Pair
from brobygger.programs.models import Cohort

#: the two people of a pair, in either role
PeopleKey = frozenset[int]


def people_key(a: int, b: int) -> PeopleKey:
    return frozenset((a, b))


def earlier_pairs(cohort: Cohort, person_ids: Iterable[int]) -> dict[PeopleKey, list[Cohort]]:
    """Among ``person_ids``: who was paired with whom in a programme year that started
    before ``cohort``'s (its kickoff is earlier), with those years, oldest first. One query."""
    ids = set(person_ids)
    found: dict[PeopleKey, list[Cohort]] = defaultdict(list)
    if not ids:
        return found
    pairs = (
        Pair.objects.filter(
            mentee_id__in=ids, mentor_id__in=ids, cohort__kickoff_on__lt=cohort.kickoff_on
        )
        .exclude(cohort=cohort)
        .select_related("cohort__initiative")
        .order_by("cohort__kickoff_on", "cohort_id", "pk")
    )
    for pair in pairs:
        cohorts = found[people_key(pair.mentee_id, pair.mentor_id)]
        if pair.cohort not in cohorts:
            cohorts.append(pair.cohort)
    return found


@dataclass(frozen=True)
class AvoidedPair:
    """Two of this year's applicants who were a pair before: the engine will not pair them."""

    mentee: Application
    mentor: Application
    cohorts: list[Cohort]


def avoided_earlier_pairs(cohort: Cohort, applications: Iterable[Application]) -> list[AvoidedPair]:
    """The earlier pairs among ``applications`` the matching avoids (none when the cohort does
    not avoid them), in the order of the mentee's and mentor's names. One query."""
    if not cohort.avoid_earlier_pairs:
        return []
    applications = list(applications)
    earlier = earlier_pairs(cohort, {a.person_id for a in applications})
    if not earlier:
        return []
    mentees = [a for a in applications if a.role == "mentee"]
    mentors = [a for a in applications if a.role == "mentor"]
    return [
        AvoidedPair(mentee=e, mentor=m, cohorts=earlier[people_key(e.person_id, m.person_id)])
        for e in mentees
        for m in mentors
        if people_key(e.person_id, m.person_id) in earlier
    ]


def last_year_pair_count(cohort: Cohort) -> tuple[Cohort, int] | None:
    """The initiative's latest programme year that started before ``cohort`` (its kickoff is
    earlier) and had pairs, with how many; None when there is none."""
    earlier = (
        Cohort.objects.filter(initiative_id=cohort.initiative_id, kickoff_on__lt=cohort.kickoff_on)
        .annotate(n_pairs=Count("pairs"))
        .filter(n_pairs__gt=0)
        .order_by("-kickoff_on", "-pk")
        .first()
    )
    return (earlier, earlier.n_pairs) if earlier is not None else None
