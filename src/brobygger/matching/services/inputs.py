"""The counter that makes a run stale when something it depends on changes.

Services of other apps call :func:`mark_matching_inputs_changed` too (withdrawing an
application, changing a decision in ``applications``): it is a service, so it sits in the
layer they may import, and it imports nothing but the matching models.
"""

from __future__ import annotations

from django.db.models import F

from brobygger.matching.models import MatchingInputs
from brobygger.programs.models import Cohort


def mark_matching_inputs_changed(*, cohort: Cohort | int) -> None:
    """The latest run of ``cohort`` (a cohort or its pk) no longer reflects its inputs.

    Before the first run there is no counter yet and nothing to mark: no run can be stale.
    The caller logs its own activity.
    """
    pk = cohort.pk if isinstance(cohort, Cohort) else cohort
    MatchingInputs.objects.filter(cohort_id=pk).update(version=F("version") + 1)


def current_inputs_version(cohort: Cohort) -> int:
    """The counter a new run starts at (created with the first run)."""
    inputs, _created = MatchingInputs.objects.get_or_create(cohort=cohort)
    return inputs.version
