"""Writes of initiatives and cohorts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.programs import phases
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
def set_rating_phases(*, cohort: Cohort, dates: dict[str, dt.date], by: User | None) -> Cohort:
    """Move the goal rating phases (field name → date).

    A date equal to its default is stored empty, so it keeps following the cohort's dates.
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    defaults = cohort.default_rating_dates()
    names = []
    for key in phases.PHASES:
        for field, default in zip(phases.field_names(key), defaults[key], strict=True):
            value = dates.get(field)
            setattr(cohort, field, None if value in (None, default) else value)
            names.append(field)
    cohort.full_clean()
    cohort.save(update_fields=[*names, "updated_at"])
    log_activity(
        actor=by,
        action="cohort.rating_phases",
        target=cohort,
        data={
            p.key: [p.opens_on.isoformat(), p.closes_on.isoformat()] for p in cohort.rating_phases()
        },
    )
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


def start_programme_years(*, today: dt.date | None = None) -> int:
    """The scheduled job and ``manage.py start_programme_years``: how many years started."""
    return len(start_due_cohorts(today=today or timezone.localdate()))
