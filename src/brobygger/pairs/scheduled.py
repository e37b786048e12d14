"""Scheduled job of the pairs app: the nudges (``manage.py send_reminders`` from cron)."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Every, ScheduledJob, register

register(
    ScheduledJob(
        name="pairs.send_reminders",
        label=_("reminders about meetings, gatherings, replies and the agreement"),
        schedule=Every(30),
        run="brobygger.pairs.services.reminders.send_due_reminders",
        count_due="brobygger.pairs.services.reminders.count_due",
        plans="brobygger.pairs.services.reminders.reminder_mailings",
    )
)
