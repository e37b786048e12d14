"""The task worker (django-tasks-db's ``db_worker``) with the scheduled jobs beside it.

``manage.py worker`` takes every option of ``db_worker``. Once a minute a thread checks which
scheduled jobs are due (``core.scheduler``) and queues them for the worker. Several workers
may run against one PostgreSQL database: each slot of each job is claimed once.

Where cron or systemd timers run the scheduled commands instead, turn the scheduler off with
``--no-scheduler`` or ``BROBYGGER_SCHEDULER=0`` (docs/deploy.md).
"""

from __future__ import annotations

import logging
import os
from argparse import ArgumentParser, BooleanOptionalAction
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from brobygger.core import scheduler


class Command(DbWorkerCommand):
    help = "Run the task worker and, unless turned off, the scheduled jobs at their times."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--scheduler",
            action=BooleanOptionalAction,
            default=scheduler.scheduler_enabled(),
            help=(
                "Also run the scheduled jobs (reminders, invitations, deadlines, retention). "
                "--no-scheduler where cron runs them (default: BROBYGGER_SCHEDULER, on)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.pop("scheduler"):
            reloading = options["reload"] and not options["batch"]
            # With --reload the parent process only watches files: the child ticks.
            if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                if options["verbosity"] == 0:
                    scheduler.logger.setLevel(logging.WARNING)
                scheduler.start_in_thread()
        super().handle(*args, **options)
