"""Core's own scheduled job: forget the scheduler's claim rows after 90 days."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Daily, ScheduledJob, register

register(
    ScheduledJob(
        name="core.prune_scheduled_runs",
        label=_("clean-up of the scheduler's records"),
        schedule=Daily(3, 45),
        run="brobygger.core.scheduler.prune_runs",
    )
)
