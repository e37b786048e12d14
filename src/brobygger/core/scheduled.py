"""Core's own scheduled jobs: forget the scheduler's claim rows after 90 days; send the
emails a crash left unsent (``core/outbox.py``)."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.scheduler import Daily, Every, ScheduledJob, register

register(
    ScheduledJob(
        name="core.prune_scheduled_runs",
        label=_("clean-up of the scheduler's records"),
        schedule=Daily(3, 45),
        run="brobygger.core.scheduler.prune_runs",
    )
)

register(
    ScheduledJob(
        name="core.send_unsent_emails",
        label=_("emails a crash left unsent"),
        schedule=Every(5),
        run="brobygger.core.outbox.send_unsent_emails",
    )
)
