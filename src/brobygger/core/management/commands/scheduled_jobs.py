"""List the scheduled jobs: when each runs, how its last run went and when it runs next."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from brobygger.core.models import ScheduledRun
from brobygger.core.scheduler import jobs, scheduler_enabled


class Command(BaseCommand):
    help = "List the scheduled jobs with their last and next run."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if not scheduler_enabled():
            self.stdout.write("The scheduler is off (BROBYGGER_SCHEDULER=0): cron runs the jobs.")
        for job in jobs():
            last = ScheduledRun.objects.filter(job=job.name).order_by("-slot").first()
            done = (
                f"{timezone.localtime(last.slot):%Y-%m-%d %H:%M} {last.outcome} {last.detail}"
                if last
                else "never"
            )
            upcoming = timezone.localtime(job.schedule.next_after(now))
            self.stdout.write(
                f"{job.name}: {job.schedule}; last {done.strip()}; next {upcoming:%Y-%m-%d %H:%M}"
            )
