"""Scheduled job of the privacy app: the retention policy (``manage.py apply_retention``
from cron). It emails nobody: not on the cohort page."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Daily, ScheduledJob, register

register(
    ScheduledJob(
        name="privacy.apply_retention",
        label=_("the retention policy"),
        schedule=Daily(3, 15),
        run="brobygger.privacy.services.apply_retention",
    )
)
