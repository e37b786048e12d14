"""Background work of applications: imports above ``IMPORT_IN_REQUEST_MAX_ROWS`` rows."""

from __future__ import annotations

from django.tasks import task


@task()
def run_import(*, job_id: int) -> str:
    """Run a queued import job; its progress page polls the job until it is finished."""
    from brobygger.applications.services.imports import run_import_job

    return run_import_job(job_id=job_id)
