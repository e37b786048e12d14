"""The health endpoint: database, cache, the worker's heartbeat and its queue, for a proxy
or a monitor; no sign-in, no personal data."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from brobygger.core import scheduler

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 2, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _health(client):  # type: ignore[no-untyped-def]
    response = client.get(reverse("core:health"))
    return response.status_code, response.json(), response.headers["Cache-Control"]


def test_all_well_after_a_tick(client, database_queue):
    with time_machine.travel(NOW, tick=False):
        scheduler.tick()
        status, body, cache_control = _health(client)
    assert (status, body) == (
        200,
        {
            "status": "ok",
            "checks": {"database": "ok", "cache": "ok", "worker": "ok", "queue": "ok"},
        },
    )
    assert "no-cache" in cache_control


def test_a_silent_worker_is_a_failure(client, database_queue):
    with time_machine.travel(NOW, tick=False) as clock:
        scheduler.tick()
        clock.shift(dt.timedelta(minutes=4))
        status, body, _ = _health(client)
    assert (status, body["status"], body["checks"]["worker"]) == (
        503,
        "fail",
        "fail: last heartbeat 2027-02-01T12:00:00+00:00",
    )


def test_a_queue_nobody_works_on_is_a_failure(client, database_queue):
    from brobygger.core.tasks import send_email

    with time_machine.travel(NOW, tick=False) as clock:
        send_email.enqueue(email_id=1)  # the worker is stalled: nobody takes it
        clock.shift(dt.timedelta(minutes=11))
        scheduler.beat(dt.datetime.now(dt.UTC))  # the scheduler thread still beats
        status, body, _ = _health(client)
    assert (status, body["checks"]["queue"]) == (503, "fail: 1 tasks waiting over 10 minutes")


def test_without_the_scheduler_only_the_queue_tells(client, settings):
    settings.BROBYGGER_SCHEDULER = False
    status, body, _ = _health(client)
    assert (status, body["checks"]["worker"]) == (200, "not checked (BROBYGGER_SCHEDULER=0)")


def test_before_the_first_tick_the_worker_is_not_known_to_run(client):
    status, body, _ = _health(client)
    assert (status, body["checks"]["worker"]) == (503, "fail: no heartbeat yet")


def test_the_heartbeat_is_shared_through_the_database_not_a_per_process_cache(
    client, database_queue
):
    """The demo's web server and worker are two processes with a cache each: the worker's
    tick must be seen by the web process. Clearing this process's cache changes nothing."""
    from django.core.cache import cache

    with time_machine.travel(NOW, tick=False):
        scheduler.tick()
        cache.clear()
        status, body, _ = _health(client)
    assert (status, body["checks"]["worker"]) == (200, "ok")
