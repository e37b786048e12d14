"""Background tasks of the privacy app."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from brobygger.privacy.models import DataSubjectRequest
from brobygger.privacy.services import apply_retention, complete_export


@task()
def build_export(*, request_id: int) -> str:
    """Build one export ZIP (takes the request's id only: no personal data in the task)."""
    request = DataSubjectRequest.objects.filter(pk=request_id).first()
    if request is None:
        return "missing"
    return complete_export(request=request).status


@task()
def apply_retention_task() -> dict[str, Any]:
    """The retention run, for a worker or scheduler that enqueues tasks instead of cron."""
    report = apply_retention()
    return {
        "purged": report["purged"],
        "anonymised_cohorts": len(report["anonymised_cohorts"]),
        "expired_exports": report["expired_exports"],
    }
