"""Send survey invitations and reminders, and publish the figures of surveys that have
closed. Run daily (cron or the task worker's schedule).

Idempotent: an invitation and a reminder go to each person at most once per survey, and
figures are published once (a report read publishes them too, if this has not run yet).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from brobygger.surveys.selectors import cohorts_with_results_due, surveys_open_on
from brobygger.surveys.services import publish_results, send_invitations


class Command(BaseCommand):
    help = (
        "Invite people to open surveys and remind, once, those who have not answered; "
        "publish the figures of surveys that have closed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        invited = reminded = 0
        for survey in surveys_open_on(today):
            new, again = send_invitations(survey=survey, today=today)
            invited, reminded = invited + new, reminded + again
        published = sum(
            publish_results(cohort=cohort, today=today)
            for cohort in cohorts_with_results_due(today)
        )
        self.stdout.write(f"invited={invited} reminded={reminded} published={published}")
