"""Send survey invitations and reminders. Run daily (cron or the task worker's schedule).

Idempotent: an invitation and a reminder go to each person at most once per survey.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from brobygger.surveys.selectors import surveys_open_on
from brobygger.surveys.services import send_invitations


class Command(BaseCommand):
    help = "Invite people to open surveys and remind, once, those who have not answered."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        invited = reminded = 0
        for survey in surveys_open_on(today):
            new, again = send_invitations(survey=survey, today=today)
            invited, reminded = invited + new, reminded + again
        self.stdout.write(f"invited={invited} reminded={reminded}")
