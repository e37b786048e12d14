"""Closing the application window at its deadline: a scheduled job (every 15 minutes) and
``manage.py close_application_windows``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.selectors.window import (
    WINDOW_CLOSED,
    application_counts,
    closed_automatically,
    cohorts_past_deadline,
    coordinators_to_notify,
    deadline_key,
)
from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.programs.models import Cohort
from brobygger.programs.services import change_cohort_status
from brobygger.programs.status import CohortStatus


def close_application_windows(*, now: dt.datetime | None = None) -> int:
    """Move every open cohort past its deadline to review; return how many were moved."""
    now = now or timezone.now()
    return sum(close_application_window(cohort=c, now=now) for c in cohorts_past_deadline(now))


@transaction.atomic
def close_application_window(*, cohort: Cohort, now: dt.datetime | None = None) -> bool:
    """Move one cohort from open to review once its deadline has passed, through the status
    machine, by the system (no person). Each coordinator of the initiative gets an email in
    her language with the numbers. False, changing nothing, when the cohort is not open,
    its deadline is ahead, or the window was closed at this deadline before (a coordinator
    reopened it)."""
    now = now or timezone.now()
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    if (
        cohort.status != CohortStatus.OPEN
        or cohort.applications_close_at > now
        or closed_automatically(cohort)
    ):
        return False
    change_cohort_status(cohort=cohort, to=CohortStatus.REVIEW, by=None)
    submitted, not_submitted = application_counts(cohort)
    log_activity(
        actor=None,
        action=WINDOW_CLOSED,
        target=cohort,
        data={
            "by": "system",
            "deadline": deadline_key(cohort),
            "submitted": submitted,
            "not_submitted": not_submitted,
        },
    )
    review_path = reverse("applications:review-list", args=[cohort.code])
    for user in coordinators_to_notify(cohort):
        send_templated_email(
            to=user.email,
            template_prefix="applications/email/window_closed",
            context={
                "name": user.get_short_name(),
                "cohort": cohort,
                "deadline": cohort.applications_close_at,
                "submitted": submitted,
                "not_submitted": not_submitted,
                "review_path": review_path,
            },
            language=user.language,
        )
    return True
