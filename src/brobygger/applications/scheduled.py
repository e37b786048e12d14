"""Scheduled job of the applications app: close the application window at its deadline."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Every, ScheduledJob, register

register(
    ScheduledJob(
        name="applications.close_windows",
        label=_("notice that the application deadline has passed"),
        schedule=Every(15),
        run="brobygger.applications.services.window.close_application_windows",
        count_due="brobygger.applications.selectors.window.deadline_notice_due",
    )
)
