"""The counter that makes a run stale when something it depends on changes.

Matching's own services call :func:`mark_matching_inputs_changed`; ``applications``, below
matching in the app order, sends ``applications.signals.matching_pool_changed`` instead
(withdrawing an application, changing a decision), which ``MatchingConfig.ready`` connects
to it.
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
