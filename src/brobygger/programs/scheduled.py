"""Scheduled job of the programs app: a matched programme year starts on its kickoff day
(``manage.py start_programme_years`` from cron)."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Daily, ScheduledJob, register

register(
    ScheduledJob(
        name="programs.start_programme_years",
        label=_("start matched programme years on their kickoff day"),
        schedule=Daily(0, 5),
        run="brobygger.programs.services.start_programme_years",
    )
)
