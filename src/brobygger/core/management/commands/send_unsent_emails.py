"""``manage.py send_unsent_emails``: queue the stored emails a crash left unsent (cron)."""

from __future__ import annotations

from typing import Any

from brobygger.core.commands import ScheduledCommand
from brobygger.core.outbox import send_unsent_emails


class Command(ScheduledCommand):
    help = "Queue again the stored emails that a crash or a lost task left unsent."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_unsent_emails()} emails queued again.")
