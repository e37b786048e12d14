"""Scheduled jobs of the applications app: close the application window at its deadline;
remind nominees who have not answered their nomination (once each); mark background imports
whose worker stopped as failed."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Daily, Every, ScheduledJob, register

register(
    ScheduledJob(
        name="applications.close_windows",
        label=_("notice that the application deadline has passed"),
        schedule=Every(15),
        run="brobygger.applications.services.window.close_application_windows",
        count_due="brobygger.applications.selectors.window.deadline_notice_due",
    )
)
register(
    ScheduledJob(
        name="applications.remind_nominees",
        label=_("reminders to nominees who have not answered"),
        schedule=Daily(9, 0),
        run="brobygger.applications.services.nominate.send_nominee_reminders",
        count_due="brobygger.applications.selectors.nominee_reminders.nominee_reminders_due",
        plans="brobygger.applications.selectors.nominee_reminders.nominee_reminder_mailings",
    )
)
register(
    ScheduledJob(
        name="applications.fail_stale_imports",
        label=_("mark background imports whose worker stopped as failed"),
        schedule=Every(15),
        run="brobygger.applications.services.imports.fail_stale_import_jobs",
    )
)
