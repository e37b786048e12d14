"""Scheduled job of matching: remind who has not answered a proposed match
(``manage.py send_proposal_reminders`` from cron)."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Daily, ScheduledJob, register

register(
    ScheduledJob(
        name="matching.send_proposal_reminders",
        label=_("reminders about unanswered match proposals"),
        schedule=Daily(8, 0),
        run="brobygger.matching.services.proposals.send_proposal_reminders",
        count_due="brobygger.matching.selectors.proposals.proposal_reminders_due",
        plans="brobygger.matching.selectors.reminders.proposal_reminder_mailings",
    )
)
