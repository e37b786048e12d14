"""Earlier pairs: two people who were a pair in an earlier programme year, in any initiative.

The cohort setting ``avoid_earlier_pairs`` (on by default) gives them to the engine as
forbidden pairs; either way the proposal and the swap preview flag them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

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
