"""Reads of the application deadline: which open cohorts are past it, and who hears of it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from brobygger.applications.choices import ApplicationStatus
from brobygger.core.models import ActivityLog
from brobygger.core.scheduler import Due
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from brobygger.people.models import User

#: the activity-log action of an application window closed at its deadline by the scheduler
WINDOW_CLOSED = "applications.window_closed"


def deadline_key(cohort: Cohort) -> str:
    """The deadline as the log records it (UTC), so a moved deadline counts as a new one."""
    return cohort.applications_close_at.astimezone(dt.UTC).isoformat()


def closed_automatically(cohort: Cohort) -> bool:
    """Whether the scheduler already closed this cohort's window at its current deadline.

    A coordinator who reopens the applications without moving the deadline keeps them open.
    """
    return ActivityLog.objects.filter(
        action=WINDOW_CLOSED,
        target_type__app_label=Cohort._meta.app_label,
        target_type__model=Cohort._meta.model_name,
        target_id=str(cohort.pk),
        data__deadline=deadline_key(cohort),
    ).exists()


def cohorts_past_deadline(now: dt.datetime) -> list[Cohort]:
    """Open cohorts whose application deadline has passed and that are still to be closed."""
    cohorts = Cohort.objects.select_related("initiative").filter(
        status=CohortStatus.OPEN, applications_close_at__lte=now
    )
    return [cohort for cohort in cohorts if not closed_automatically(cohort)]


def application_counts(cohort: Cohort) -> tuple[int, int]:
    """(submitted, not submitted: drafts and unconfirmed nominations) of the cohort."""
    counts = cohort.applications.aggregate(
        submitted=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        unsent=Count(
            "pk", filter=Q(status__in=(ApplicationStatus.DRAFT, ApplicationStatus.NOMINATED))
        ),
    )
    return counts["submitted"], counts["unsent"]


def coordinators_to_notify(cohort: Cohort) -> QuerySet[User]:
    return cohort.initiative.coordinators.filter(is_active=True).exclude(email="").order_by("pk")


def deadline_notice_due(cohort: Cohort, *, now: dt.datetime) -> Due:
    """For the cohort page: the coordinators hear of the deadline once it has passed."""
    if cohort.status != CohortStatus.OPEN or closed_automatically(cohort):
        return Due(0)
    return Due(coordinators_to_notify(cohort).count(), not_before=cohort.applications_close_at)
