"""Scheduled jobs without cron: a registry every app plugs into, and the tick that runs them.

An app registers its jobs in ``<app>/scheduled.py`` (imported when Django starts, like the
privacy providers)::

    from brobygger.core.scheduler import Daily, ScheduledJob, register

    register(
        ScheduledJob(
            name="surveys.send_invitations",
            label=_("survey invitations and reminders"),
            schedule=Daily(9, 0),  # 09:00 Europe/Oslo
            run="brobygger.surveys.services.send_due_invitations",
            count_due="brobygger.surveys.selectors.invitations_due",
        )
    )

- ``run`` is the dotted path of a callable taking no arguments: the same service the job's
  management command calls. It returns counts (an int, a tuple or a dict of them); only the
  numbers are kept.
- ``count_due`` (optional) is the dotted path of ``f(cohort, *, now) -> Due``: how many people
  the job would email about that cohort if it ran now (``Due.not_before``: not before then,
  e.g. the application deadline). The coordinator's cohort page lists the next batches.
- ``plans`` (optional) is the dotted path of ``f(cohort, *, now) -> list[MailingPlan]``: the
  emails the job would send about that cohort if it ran now, as ``core.mailings`` plans. The
  job sends the same plans (``send_scheduled_mailing``), so the coordinator's read-only
  preview of the next batch is what goes out, and each batch has a send log.

``tick(now)`` runs once a minute in the worker (``manage.py worker``). For each job it takes
the latest slot at or before ``now``; if that slot has no ``ScheduledRun`` row yet, it inserts
one and queues the job. The unique (job, slot) row is the claim: with two workers, the second
insert fails and that worker skips. Only the latest slot counts, so a worker that was down for
three days runs a daily job once when it comes back, not three times. A job the scheduler has
never run waits for its first slot, unless that slot began less than ``GRACE`` ago.

Core knows no other app: the jobs and the cohort are opaque to it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, OperationalError, close_old_connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from brobygger.core.models import ScheduledRun

logger = logging.getLogger("brobygger.scheduler")

#: a job never run before still runs if its slot began less than this long ago
GRACE = dt.timedelta(minutes=5)
#: how often the worker's scheduler thread ticks
TICK_SECONDS = 60


# -- schedules ------------------------------------------------------------------------


class Schedule(ABC):
    @abstractmethod
    def latest(self, now: dt.datetime) -> dt.datetime:
        """The latest slot at or before ``now`` (in UTC)."""

    @abstractmethod
    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first slot strictly after ``moment`` (in UTC)."""

    def first_from(self, moment: dt.datetime) -> dt.datetime:
        """The first slot at or after ``moment``."""
        latest = self.latest(moment)
        return latest if latest == moment else self.next_after(moment)


@dataclass(frozen=True)
class Daily(Schedule):
    """Every day at ``hour:minute`` in the site's time zone (Europe/Oslo)."""

    hour: int
    minute: int = 0

    def _at(self, day: dt.date) -> dt.datetime:
        local = dt.datetime.combine(
            day, dt.time(self.hour, self.minute), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
        return local.astimezone(dt.UTC)

    def latest(self, now: dt.datetime) -> dt.datetime:
        today = now.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
        slot = self._at(today)
        return slot if slot <= now else self._at(today - dt.timedelta(days=1))

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        day = self.latest(moment).astimezone(ZoneInfo(settings.TIME_ZONE)).date()
        return self._at(day + dt.timedelta(days=1))

    def __str__(self) -> str:
        return f"daily at {self.hour:02d}:{self.minute:02d} {settings.TIME_ZONE}"


@dataclass(frozen=True)
class Every(Schedule):
    """Every ``minutes`` minutes, on the clock (``Every(15)``: :00, :15, :30, :45)."""

    minutes: int

    def latest(self, now: dt.datetime) -> dt.datetime:
        step = self.minutes * 60
        return dt.datetime.fromtimestamp(int(now.timestamp()) // step * step, tz=dt.UTC)

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        return self.latest(moment) + dt.timedelta(minutes=self.minutes)

    def __str__(self) -> str:
        return f"every {self.minutes} minutes"


# -- the registry ---------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """What a job would send about one cohort: to how many people, and not before when."""

    recipients: int
    not_before: dt.datetime | None = None


@dataclass(frozen=True)
class ScheduledJob:
    name: str  # stable: "<app>.<what>"; the claim rows carry it
    label: str | Promise  # what goes out, for the coordinator: "reminders about meetings"
    schedule: Schedule
    run: str  # dotted path of a callable without arguments
    count_due: str = ""  # dotted path of f(cohort, *, now) -> Due
    plans: str = ""  # dotted path of f(cohort, *, now) -> list[MailingPlan]


_jobs: dict[str, ScheduledJob] = {}


def register(job: ScheduledJob) -> ScheduledJob:
    _jobs[job.name] = job
    return job


def jobs() -> list[ScheduledJob]:
    return [_jobs[name] for name in sorted(_jobs)]


def get_job(name: str) -> ScheduledJob | None:
    return _jobs.get(name)


def scheduler_enabled() -> bool:
    """Off (``BROBYGGER_SCHEDULER=0``) when cron or systemd timers run the commands instead."""
    return bool(getattr(settings, "BROBYGGER_SCHEDULER", True))


# -- the tick ---------------------------------------------------------------------------


#: the worker's heartbeat: one row of its own in the runs table (the database is the one
#: thing the web and the worker processes surely share; the dev cache is per process)
HEARTBEAT_JOB = "core.heartbeat"
_HEARTBEAT_SLOT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def beat(now: dt.datetime) -> None:
    """The worker is alive: its scheduler ticked at ``now``."""
    ScheduledRun.objects.update_or_create(
        job=HEARTBEAT_JOB,
        slot=_HEARTBEAT_SLOT,
        defaults={"finished_at": now, "outcome": ScheduledRun.Outcome.DONE},
    )


def last_heartbeat() -> dt.datetime | None:
    row = ScheduledRun.objects.filter(job=HEARTBEAT_JOB, slot=_HEARTBEAT_SLOT).first()
    return row.finished_at if row else None


def tick(*, now: dt.datetime | None = None) -> list[str]:
    """Claim and queue every job whose latest slot has not run yet; return their names."""
    now = now or timezone.now()
    beat(now)
    registered = jobs()
    last_slots = dict(
        ScheduledRun.objects.filter(job__in=[job.name for job in registered])
        .order_by()
        .values("job")
        .annotate(last=Max("slot"))
        .values_list("job", "last")
    )
    queued = []
    for job in registered:
        slot = job.schedule.latest(now)
        last = last_slots.get(job.name)
        if last is not None and last >= slot:
            continue
        if last is None and now - slot > GRACE:
            # New to the scheduler: remember the slot, wait for the next one.
            _claim(job, slot, ScheduledRun.Outcome.SKIPPED)
            continue
        run = _claim(job, slot, ScheduledRun.Outcome.QUEUED)
        if run is None:
            continue  # another worker has it
        from brobygger.core.tasks import run_scheduled_job

        run_scheduled_job.enqueue(run_id=run.pk)
        logger.info("Scheduled job %s queued for %s", job.name, slot.isoformat())
        queued.append(job.name)
    return queued


def _claim(job: ScheduledJob, slot: dt.datetime, outcome: str) -> ScheduledRun | None:
    """Insert the (job, slot) row; None when another worker inserted it first."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job=job.name, slot=slot, outcome=outcome)
    except IntegrityError:
        return None
    except OperationalError as error:
        if "locked" in str(error):  # SQLite's single writer was busy: try again next tick
            return None
        raise


def execute(run_id: int) -> str:
    """Run a claimed job once (the task ``core.tasks.run_scheduled_job`` calls this)."""
    run = ScheduledRun.objects.filter(pk=run_id, outcome=ScheduledRun.Outcome.QUEUED).first()
    if run is None:
        return "missing"
    job = get_job(run.job)
    try:
        if job is None:
            raise LookupError(f"no scheduled job named {run.job!r}")
        result = import_string(job.run)()
    except Exception as error:
        # The class only: a message could quote personal data. The traceback is in the log.
        _finish(run, ScheduledRun.Outcome.FAILED, type(error).__name__)
        logger.exception("Scheduled job %s failed", run.job)
        raise
    detail = json.dumps(_numbers(result), sort_keys=True)[:1000]
    _finish(run, ScheduledRun.Outcome.DONE, detail)
    return detail


def _finish(run: ScheduledRun, outcome: str, detail: str) -> None:
    run.outcome = outcome
    run.detail = detail
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "detail", "finished_at"])


def _numbers(value: Any) -> Any:
    """Only the counts of a job's result: numbers, and lists and dicts of them."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        kept = {str(key): _numbers(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item is not None}
    if isinstance(value, list | tuple):
        return [item for item in map(_numbers, value) if item is not None]
    return None


def prune_runs(*, now: dt.datetime | None = None) -> int:
    """Delete claim rows older than 90 days (every job runs at least daily)."""
    now = now or timezone.now()
    deleted, _ = (
        ScheduledRun.objects.filter(slot__lt=now - dt.timedelta(days=90))
        .exclude(job=HEARTBEAT_JOB)
        .delete()
    )
    return deleted


# -- the worker's thread ----------------------------------------------------------------


def run_forever(stop: threading.Event, *, seconds: int = TICK_SECONDS) -> None:
    """Tick now and then just after every full minute, until ``stop`` is set."""
    logger.info("Scheduler started: %s", ", ".join(f"{j.name} ({j.schedule})" for j in jobs()))
    while not stop.is_set():
        close_old_connections()
        try:
            tick()
        except Exception:
            logger.exception("The scheduler's tick failed; it tries again in a minute")
        finally:
            close_old_connections()
        stop.wait(seconds - time.time() % seconds + 1)


def start_in_thread() -> threading.Event:
    """Run the scheduler beside the task worker, in a daemon thread; set the event to stop."""
    stop = threading.Event()
    threading.Thread(
        target=run_forever, args=(stop,), name="brobygger-scheduler", daemon=True
    ).start()
    return stop
