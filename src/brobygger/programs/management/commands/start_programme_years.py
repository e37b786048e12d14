"""Start every matched programme year whose kickoff day has come (run daily)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from brobygger.core.commands import ScheduledCommand
from brobygger.programs.services import start_due_cohorts


class Command(ScheduledCommand):
    help = "Move matched (published) cohorts to running on their kickoff day."

    def handle(self, *args: Any, **options: Any) -> None:
        started = start_due_cohorts(today=timezone.localdate())
        for cohort in started:
            self.stdout.write(f"Started {cohort}.")
        self.stdout.write(f"{len(started)} programme year(s) started.")
