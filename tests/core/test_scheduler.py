"""The scheduler: due jobs run once per slot, missed slots once, never twice with two workers."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from brobygger.core import scheduler
from brobygger.core.models import ScheduledRun
from brobygger.core.scheduler import Daily, Every, ScheduledJob

OSLO = ZoneInfo("Europe/Oslo")
CALLS: list[str] = []
_lock = threading.Lock()


def record_a() -> dict[str, object]:
    with _lock:
        CALLS.append("a")
    return {"sent": 2, "name": "not kept"}


def record_b() -> int:
    with _lock:
        CALLS.append("b")
    return 1


def fail() -> int:
    raise RuntimeError("something about anne@a.example")


def oslo(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, minute, second, tzinfo=OSLO)


A = ScheduledJob("test.a", "a", Daily(7, 0), f"{__name__}.record_a")
B = ScheduledJob("test.b", "b", Daily(12, 0), f"{__name__}.record_b")
FAILING = ScheduledJob("test.fail", "f", Daily(7, 0), f"{__name__}.fail")


@pytest.fixture
def only(monkeypatch):
    """Replace the registry by the given jobs; empty the call record."""

    def use(*jobs: ScheduledJob) -> None:
        monkeypatch.setattr(scheduler, "_jobs", {job.name: job for job in jobs})

    CALLS.clear()
    return use


def tick_at(moment: dt.datetime) -> list[str]:
    with time_machine.travel(moment, tick=False):
        return scheduler.tick()


def test_a_due_job_runs_and_a_job_not_due_does_not(db, only):
    only(A, B)
    assert tick_at(oslo(10, 7, 0, 30)) == ["test.a"]
    assert CALLS == ["a"]
    runs = {
        run.job: (run.outcome, run.detail)
        for run in ScheduledRun.objects.exclude(job=scheduler.HEARTBEAT_JOB)
    }
    # b's slot (yesterday 12:00) began before the scheduler knew it: remembered, not run
    assert runs == {"test.a": ("done", '{"sent": 2}'), "test.b": ("skipped", "")}


def test_two_ticks_in_the_same_slot_run_the_job_once(db, only):
    only(A)
    tick_at(oslo(10, 7, 0, 5))
    tick_at(oslo(10, 7, 1, 5))
    tick_at(oslo(10, 23, 59))
    assert CALLS == ["a"]
    assert tick_at(oslo(11, 7, 0, 5)) == ["test.a"]
    assert CALLS == ["a", "a"]


def test_a_job_not_due_yet_waits_for_its_time(db, only):
    only(A)
    tick_at(oslo(10, 7, 0, 5))
    assert tick_at(oslo(11, 6, 59, 59)) == []
    assert tick_at(oslo(11, 7, 0, 0)) == ["test.a"]
    assert CALLS == ["a", "a"]


def test_a_worker_down_for_three_days_runs_a_daily_job_once(db, only):
    only(A)
    tick_at(oslo(10, 7, 0, 5))
    # down from the 10th at 07:01 until the 13th at 10:00: three slots missed
    assert tick_at(oslo(13, 10, 0)) == ["test.a"]
    assert tick_at(oslo(13, 10, 1)) == []
    assert CALLS == ["a", "a"]
    slots = list(
        ScheduledRun.objects.exclude(job=scheduler.HEARTBEAT_JOB)
        .order_by("slot")
        .values_list("slot", flat=True)
    )
    assert slots == [oslo(10, 7), oslo(13, 7)]


def test_a_failing_job_is_recorded_and_the_others_still_run(db, only, caplog):
    only(FAILING, A)
    tick_at(oslo(10, 7, 0, 5))
    assert CALLS == ["a"]
    failed = ScheduledRun.objects.get(job="test.fail")
    # the class only: the message could quote personal data
    assert (failed.outcome, failed.detail) == ("failed", "RuntimeError")
    # the slot is spent: no retry in a loop
    assert tick_at(oslo(10, 7, 1, 5)) == []


def test_a_slot_another_worker_claimed_is_skipped(db, only):
    only(A)
    ScheduledRun.objects.create(job="test.a", slot=oslo(10, 7), outcome="queued")
    assert tick_at(oslo(10, 7, 0, 5)) == []
    assert CALLS == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_once_run_the_job_once(only):
    """Two workers claim the same slots at once, on SQLite (writers queue: IMMEDIATE
    transactions and a busy timeout) and on PostgreSQL."""
    only(A, ScheduledJob("test.b", "b", Every(15), f"{__name__}.record_b"))
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        from django.db import connection

        try:
            barrier.wait()
            tick_at(oslo(10, 7, 0, 5))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(CALLS) == ["a", "b"]
    assert sorted(
        ScheduledRun.objects.exclude(job=scheduler.HEARTBEAT_JOB).values_list("job", "outcome")
    ) == [
        ("test.a", "done"),
        ("test.b", "done"),
    ]


def test_daily_slots_follow_oslo_time_across_the_clock_change():
    seven = Daily(7, 0)
    # Summer time begins on 28 March 2027: 07:00 is 06:00 UTC before, 05:00 UTC after.
    assert seven.latest(oslo(27, 8)) == dt.datetime(2027, 3, 27, 6, tzinfo=dt.UTC)
    assert seven.next_after(oslo(27, 8)) == dt.datetime(2027, 3, 28, 5, tzinfo=dt.UTC)
    assert seven.latest(oslo(28, 6, 59)) == dt.datetime(2027, 3, 27, 6, tzinfo=dt.UTC)
    assert seven.first_from(oslo(28, 7)) == oslo(28, 7)


def test_every_quarter_hour_is_on_the_clock():
    quarter = Every(15)
    assert quarter.latest(oslo(10, 12, 14, 59)) == oslo(10, 12, 0)
    assert quarter.next_after(oslo(10, 12, 15)) == oslo(10, 12, 30)
    assert quarter.first_from(oslo(10, 12, 15)) == oslo(10, 12, 15)
    assert quarter.first_from(oslo(10, 12, 16)) == oslo(10, 12, 30)


def test_every_registered_job_resolves():
    from django.utils.module_loading import import_string

    names = [job.name for job in scheduler.jobs()]
    assert names == [
        "applications.close_windows",
        "applications.fail_stale_imports",
        "applications.remind_nominees",
        "core.prune_scheduled_runs",
        "core.send_unsent_emails",
        "matching.send_proposal_reminders",
        "matching.send_welcomes",
        "pairs.send_reminders",
        "people.send_api_token_reminders",
        "privacy.apply_retention",
        "programs.start_programme_years",
        "surveys.send_invitations",
    ]
    for job in scheduler.jobs():
        assert callable(import_string(job.run))
        assert not job.count_due or callable(import_string(job.count_due))


def test_old_claims_are_pruned(db):
    old = ScheduledRun.objects.create(job="x", slot=dt.datetime(2026, 12, 9, tzinfo=dt.UTC))
    recent = ScheduledRun.objects.create(job="x", slot=dt.datetime(2026, 12, 11, tzinfo=dt.UTC))
    assert scheduler.prune_runs(now=oslo(10, 8)) == 1
    assert list(ScheduledRun.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


@pytest.mark.parametrize(
    ("args", "environ", "started"),
    [
        ([], None, True),
        (["--no-scheduler"], None, False),
        ([], "0", False),
        (["--scheduler"], "0", True),
    ],
)
def test_the_worker_starts_the_scheduler_unless_told_not_to(
    db, settings, monkeypatch, args, environ, started
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    if environ is not None:
        settings.BROBYGGER_SCHEDULER = environ == "1"
    from django_tasks_db.management.commands.db_worker import Command as DbWorker

    threads: list[bool] = []
    workers: list[dict] = []
    monkeypatch.setattr(scheduler, "start_in_thread", lambda: threads.append(True))
    # The task worker itself is django-tasks-db's: here it only records what it was given.
    monkeypatch.setattr(DbWorker, "handle", lambda self, **options: workers.append(options))
    call_command("worker", "--no-reload", "--queue-name", "mail", *args, verbosity=0)
    assert threads == ([True] if started else [])
    assert [(w["queue_name"], w["reload"]) for w in workers] == [("mail", False)]
    assert "scheduler" not in workers[0]


def test_the_jobs_command_shows_the_last_and_next_run(db, only):
    from io import StringIO

    only(A)
    tick_at(oslo(10, 7, 0, 5))
    out = StringIO()
    with time_machine.travel(oslo(10, 9), tick=False):
        call_command("scheduled_jobs", stdout=out)
    assert out.getvalue() == (
        'test.a: daily at 07:00 Europe/Oslo; last 2027-03-10 07:00 done {"sent": 2}; '
        "next 2027-03-11 07:00\n"
    )
