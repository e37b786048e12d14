"""Background work of matching: large runs (more than ``LARGE_RUN_PEOPLE`` people)."""

from __future__ import annotations

from django.tasks import task

from brobygger.matching.models import MatchRun, RunStatus


@task()
def run_matching(*, run_id: int) -> str:
    """Solve a queued run; the matching page polls its status until it is done."""
    from brobygger.matching.services.runs import execute_run

    run = MatchRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).first()
    if run is None:
        return "skipped"
    return execute_run(run=run).status
