"""Scheduled job of the surveys app: invitations and one reminder
(``manage.py send_survey_invitations`` from cron)."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Daily, ScheduledJob, register

register(
    ScheduledJob(
        name="surveys.send_invitations",
        label=_("survey invitations and reminders"),
        schedule=Daily(9, 0),
        run="brobygger.surveys.services.send_due_invitations",
        count_due="brobygger.surveys.selectors.invitations_due",
        plans="brobygger.surveys.selectors.scheduled_invitation_mailings",
    )
)
