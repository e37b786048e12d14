"""Remind each nominee who has not answered her nomination, once (the worker does this daily
at 09:00; for cron, run it daily). Idempotent."""

from __future__ import annotations

from typing import Any

from brobygger.applications.services.nominate import send_nominee_reminders
from brobygger.core.commands import ScheduledCommand


class Command(ScheduledCommand):
    help = "Remind nominees who have not answered their nomination (once each)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_nominee_reminders()
        self.stdout.write(f"{count} nominee(s) reminded.")
