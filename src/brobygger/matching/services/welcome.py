"""The welcome emails on a programme year's kickoff day: once per programme year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from brobygger.core.mailings import send_mailing
from brobygger.core.models import Mailing
from brobygger.matching.selectors.welcome import is_welcomed, welcome_mailing
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.people.models import User


@transaction.atomic
def send_welcome(*, cohort: Cohort, by: User | None = None) -> Mailing | None:
    """Welcome both people of each active pair of ``cohort``, after commit, in one batch
    with a send log (``core.mailings``); nothing when the programme year was welcomed
    before or has no pairs. No one previews it: the scheduler confirms its own plan.
    Side effects: the batch and its activity-log row (``send_mailing``)."""
    if is_welcomed(cohort):
        return None
    plan = welcome_mailing(cohort)
    if not plan.emails:
        return None
    return send_mailing(plan, token=plan.token, by=by)


def on_cohort_started(sender: Any, *, cohort: Cohort, **kwargs: Any) -> None:
    """``programs.signals.cohort_started``: the year's kickoff day has come."""
    send_welcome(cohort=cohort)


def send_due_welcomes() -> int:
    """The scheduler's job: welcome each programme year that started today and was not
    welcomed yet (the start normally welcomes it at once, ``on_cohort_started``; this
    retries the same day, never an older year). Returns how many were welcomed."""
    started_today = Cohort.objects.filter(
        status=CohortStatus.RUNNING, kickoff_on=timezone.localdate()
    ).order_by("pk")
    return sum(send_welcome(cohort=cohort) is not None for cohort in started_today)
