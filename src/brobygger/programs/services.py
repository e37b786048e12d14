"""Writes of initiatives and cohorts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus, allowed_transitions

if TYPE_CHECKING:
    from brobygger.people.models import User


@transaction.atomic
def change_cohort_status(*, cohort: Cohort, to: str, by: User | None) -> Cohort:
    """Move a cohort along its lifecycle; only the allowed transitions are accepted."""
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    allowed = allowed_transitions(cohort.status)
    if to not in allowed:
        labels = dict(CohortStatus.choices)
        raise ValidationError(
            {
                "status": _(
                    "“%(cohort)s” cannot move from “%(current)s” to “%(target)s”. "
                    "Allowed next: %(allowed)s."
                )
                % {
                    "cohort": cohort,
                    "current": labels[cohort.status],
                    "target": labels.get(to, to),
                    "allowed": ", ".join(str(labels[s]) for s in allowed) or _("none"),
                }
            },
            code="illegal_transition",
        )
    previous = cohort.status
    cohort.status = to
    cohort.full_clean()
    cohort.save(update_fields=["status", "updated_at"])
    log_activity(actor=by, action="cohort.status", target=cohort, data={"from": previous, "to": to})
    return cohort


@transaction.atomic
def save_cohort(*, cohort: Cohort, by: User | None) -> Cohort:
    """Create or update a cohort after validating its dates."""
    created = cohort.pk is None
    cohort.full_clean()
    cohort.save()
    log_activity(actor=by, action="cohort.create" if created else "cohort.update", target=cohort)
    return cohort


@transaction.atomic
def start_due_cohorts(*, today: dt.date) -> list[Cohort]:
    """Move every matched (published) cohort whose kickoff day has come to running.

    Run daily by ``manage.py start_programme_years``; a second run the same day finds
    nothing to do. Side effects: the status change and its activity-log row per cohort.
    """
    due = (
        Cohort.objects.select_for_update()
        .filter(status=CohortStatus.PUBLISHED, kickoff_on__lte=today)
        .order_by("pk")
    )
    return [change_cohort_status(cohort=c, to=CohortStatus.RUNNING, by=None) for c in due]
