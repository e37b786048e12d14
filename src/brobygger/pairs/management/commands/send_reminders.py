"""Send the pairs' and gatherings' reminders that are due. Safe to run as often as you like.

Each reminder goes out at most once, in the recipient's language; a second run sends nothing
new. The task worker (``manage.py worker``) runs it every 30 minutes; with the scheduler off
(docs/deploy.md), run it from cron or a systemd timer:

cron (as the user running Brobygger, in the project directory)::

    */30 * * * *  cd /srv/brobygger && uv run --frozen python manage.py send_reminders

systemd (``brobygger-reminders.service`` + ``brobygger-reminders.timer``)::

    [Service]
    Type=oneshot
    WorkingDirectory=/srv/brobygger
    ExecStart=/usr/local/bin/uv run --frozen python manage.py send_reminders

    [Timer]
    OnCalendar=*-*-* *:00,30:00 Europe/Oslo
    Persistent=true

The emails themselves are sent by the task worker (``manage.py worker``). With
``--enqueue`` the command only queues the ``pairs.tasks.send_reminders`` task, for the
worker to run.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from brobygger.core.commands import ScheduledCommand
from brobygger.pairs.services.reminders import send_due_reminders
from brobygger.pairs.tasks import send_reminders


class Command(ScheduledCommand):
    help = "Send due reminders (meetings, gatherings, quiet pairs, replies, agreements) once each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            send_reminders.enqueue()
            self.stdout.write("Queued.")
            return
        counts = send_due_reminders()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
