"""Scheduled job of the people app: warn before a personal API token expires
(``manage.py send_api_token_reminders`` from cron). About no cohort: not on the cohort page."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Daily, ScheduledJob, register

register(
    ScheduledJob(
        name="people.send_api_token_reminders",
        label=_("notices about API tokens that expire soon"),
        schedule=Daily(8, 30),
        run="brobygger.people.services.send_api_token_expiry_reminders",
    )
)
