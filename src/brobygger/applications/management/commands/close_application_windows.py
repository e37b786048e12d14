"""Close the application window of every open cohort whose deadline has passed (the worker
does this every 15 minutes; for cron, run it as often). Idempotent."""

from __future__ import annotations

from typing import Any

from brobygger.applications.services.window import close_application_windows
from brobygger.core.commands import ScheduledCommand


class Command(ScheduledCommand):
    help = "Move open cohorts past their application deadline to review and tell the coordinators."

    def handle(self, *args: Any, **options: Any) -> None:
        count = close_application_windows()
        self.stdout.write(f"{count} application window(s) closed.")
