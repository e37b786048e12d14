"""Reads shared by every app: the next automatic emails about a cohort."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string

from brobygger.core.mailings import MailingPlan
from brobygger.core.scheduler import Due, get_job, jobs, scheduler_enabled


@dataclass(frozen=True)
class Batch:
    """The next run of a scheduled job that would email people about a cohort."""

    job: str
    label: str
    at: dt.datetime | None  # None: the scheduler is off, cron or a timer decides
    recipients: int
    previewable: bool = False  # the job builds mailing plans: its emails can be previewed


def upcoming_batches(cohort: Any, *, now: dt.datetime | None = None) -> list[Batch]:
    """Each scheduled job with someone to email about ``cohort``: when it next goes out and to
    how many people (counted as if it ran now), soonest first. The caller checks that the
    user may see the cohort."""
    now = now or timezone.now()
    enabled = scheduler_enabled()
    batches = []
    for job in jobs():
        if not job.count_due:
            continue
        due: Due = import_string(job.count_due)(cohort, now=now)
        if due.recipients <= 0:
            continue
        at = None
        if enabled and due.not_before is not None and due.not_before > now:
            at = job.schedule.first_from(due.not_before)
        elif enabled:
            at = job.schedule.next_after(now)
        batches.append(
            Batch(job.name, str(job.label), at, due.recipients, previewable=bool(job.plans))
        )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(batches, key=lambda batch: (batch.at or far, batch.label))


def next_batch(cohort: Any, job_name: str, *, now: dt.datetime | None = None) -> Batch | None:
    """The next batch of one job about ``cohort`` (None: nothing due, or no such job)."""
    return next((b for b in upcoming_batches(cohort, now=now) if b.job == job_name), None)


def scheduled_plans(
    cohort: Any, job_name: str, *, now: dt.datetime | None = None
) -> list[MailingPlan]:
    """The mailing plans ``job_name`` would send about ``cohort`` if it ran now (empty ones
    left out): the job's own plan function, so the preview is what the job sends.
    ``LookupError`` for an unknown job or one without plans."""
    job = get_job(job_name)
    if job is None or not job.plans:
        raise LookupError(job_name)
    plans: list[MailingPlan] = import_string(job.plans)(cohort, now=now or timezone.now())
    return [plan for plan in plans if plan.emails]
