"""The base of the commands cron or the scheduler runs every few minutes.

Django runs its system checks before every management command (they import the whole
URLconf: the REST API, the matching engine's numerical libraries), which costs seconds on a
small machine each time a job starts. The web server, ``migrate`` and ``check --deploy``
run them on every deployment; a scheduled job does not need them again.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand


class ScheduledCommand(BaseCommand):
    requires_system_checks: list[str] = []
