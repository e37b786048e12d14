"""Send survey invitations and reminders, and publish the figures of surveys that have
closed. Run daily (cron or the task worker's schedule).

Idempotent: an invitation and a reminder go to each person at most once per survey, and
figures are published once (a report read publishes them too, if this has not run yet).
"""

from __future__ import annotations

from typing import Any

from brobygger.core.commands import ScheduledCommand
from brobygger.surveys.services import send_due_invitations


class Command(ScheduledCommand):
    help = (
        "Invite people to open surveys and remind, once, those who have not answered; "
        "publish the figures of surveys that have closed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        invited, reminded, published = send_due_invitations()
        self.stdout.write(f"invited={invited} reminded={reminded} published={published}")
