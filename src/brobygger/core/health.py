"""What the health endpoint checks: the database, the shared cache and the worker.

The worker is alive when its scheduler ticked in the last ``WORKER_SILENT_AFTER`` (it ticks
every minute and leaves a heartbeat row in the database), and it keeps up when no task has
waited in the queue longer than ``QUEUE_STALLED_AFTER``. With ``BROBYGGER_SCHEDULER=0`` (cron
runs the jobs) there is no heartbeat: only the queue tells.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone

from brobygger.core.scheduler import last_heartbeat, scheduler_enabled

WORKER_SILENT_AFTER = dt.timedelta(minutes=3)
QUEUE_STALLED_AFTER = dt.timedelta(minutes=10)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return f"fail: {type(error).__name__}"
    return "ok"


def _cache() -> str:
    key, value = f"brobygger:health:{uuid.uuid4().hex}", "ok"
    try:
        cache.set(key, value, timeout=10)
        read = cache.get(key)
        cache.delete(key)
    except Exception as error:  # a cache server down: report it, do not fail the page
        return f"fail: {type(error).__name__}"
    return "ok" if read == value else "fail: not stored"


def _queue(now: dt.datetime) -> str:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return "not checked"
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().filter(enqueued_at__lt=now - QUEUE_STALLED_AFTER)
    count = waiting.count()
    return "ok" if count == 0 else f"fail: {count} tasks waiting over 10 minutes"


def _worker(now: dt.datetime) -> str:
    if not scheduler_enabled():
        return "not checked (BROBYGGER_SCHEDULER=0)"
    seen = last_heartbeat()
    if seen is None:
        return "fail: no heartbeat yet"
    if now - seen > WORKER_SILENT_AFTER:
        return f"fail: last heartbeat {seen.isoformat(timespec='seconds')}"
    return "ok"


def check(*, now: dt.datetime | None = None) -> dict[str, str]:
    now = now or timezone.now()
    database = _database()
    checks = {"database": database, "cache": _cache(), "worker": _worker(now)}
    if database == "ok":
        checks["queue"] = _queue(now)
    return checks


def healthy(checks: dict[str, str]) -> bool:
    return not any(value.startswith("fail") for value in checks.values())
