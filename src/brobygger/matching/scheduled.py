"""Scheduled jobs of matching: remind who has not answered a proposed match
(``manage.py send_proposal_reminders`` from cron); the welcome of a matched programme year
on its kickoff day (sent when the year starts, ``programs.start_programme_years``; listed
with the next automatic emails, and retried the same day)."""

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
register(
    ScheduledJob(
        name="matching.send_welcomes",
        label=_("welcome emails on the kickoff day"),
        schedule=Daily(0, 5),
        run="brobygger.matching.services.welcome.send_due_welcomes",
        count_due="brobygger.matching.selectors.welcome.welcome_due",
        plans="brobygger.matching.selectors.welcome.welcome_mailings",
    )
)
