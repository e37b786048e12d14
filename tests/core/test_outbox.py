"""No email lost in a crash: a process killed after its transaction committed but before it
queued the emails leaves them stored and unsent; the scheduled job sends each of them once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from brobygger.core.models import SentEmail
from brobygger.core.outbox import claim_email, emails_held, hold_emails, send_unsent_emails
from brobygger.core.scheduler import get_job
from brobygger.core.services import send_email_on_commit
from brobygger.core.tasks import send_email

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 2, 1, 12, 0, tzinfo=dt.UTC)


def _crash_after_commit(django_capture_on_commit_callbacks, count: int, **extra) -> list[int]:
    """Store ``count`` emails in a transaction that commits; the process dies before the
    on-commit callbacks queue them (the callbacks are captured and never run)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = [
            send_email_on_commit(
                to=[f"p{i}@x.example"], subject=f"Dere er et mentorpar ({i})", body="Hei!", **extra
            )
            for i in range(count)
        ]
    assert len(callbacks) == count  # what the dead process would have queued
    return [row.pk for row in rows]


def test_the_job_sends_what_a_crash_left_unsent_once(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False) as clock:
        ids = _crash_after_commit(django_capture_on_commit_callbacks, 31)
        assert mail.outbox == []
        clock.shift(dt.timedelta(minutes=2))
        assert send_unsent_emails() == 0  # too early: the normal path may still send them
        clock.shift(dt.timedelta(minutes=4))

        assert send_unsent_emails() == 31

        assert sorted(m.subject for m in mail.outbox) == sorted(
            f"Dere er et mentorpar ({i})" for i in range(31)
        )
        assert SentEmail.objects.filter(pk__in=ids, sent_at__isnull=True).count() == 0
        clock.shift(dt.timedelta(minutes=5))
        assert send_unsent_emails() == 0
        assert len(mail.outbox) == 31


def test_an_email_is_claimed_by_one_task_only(django_capture_on_commit_callbacks):
    [email_id] = _crash_after_commit(django_capture_on_commit_callbacks, 1)
    assert claim_email(email_id) is True
    assert claim_email(email_id) is False  # the second task finds it taken
    assert send_email.call(email_id=email_id) == 0
    assert mail.outbox == []


def test_a_claim_of_a_task_that_died_expires(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False) as clock:
        [email_id] = _crash_after_commit(django_capture_on_commit_callbacks, 1)
        assert claim_email(email_id) is True  # ... and the worker was killed mid-send
        clock.shift(dt.timedelta(minutes=6))
        assert send_unsent_emails() == 0  # the claim is fresh: that task may still send it
        clock.shift(dt.timedelta(minutes=5))
        assert send_unsent_emails() == 1
        assert [m.subject for m in mail.outbox] == ["Dere er et mentorpar (0)"]


def test_a_failed_email_and_an_expired_code_are_not_resent(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False) as clock:
        [failed] = _crash_after_commit(django_capture_on_commit_callbacks, 1)
        SentEmail.objects.filter(pk=failed).update(failed_at=timezone.now(), error="550")
        _crash_after_commit(django_capture_on_commit_callbacks, 1, keep_body=False)
        clock.shift(dt.timedelta(minutes=20))  # the sign-in code has expired
        assert send_unsent_emails() == 0
        assert mail.outbox == []


def test_the_job_runs_every_five_minutes():
    job = get_job("core.send_unsent_emails")
    assert job is not None
    assert (str(job.schedule), job.run) == (
        "every 5 minutes",
        "brobygger.core.outbox.send_unsent_emails",
    )


def test_held_emails_are_stored_marked_and_never_queued(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with hold_emails("the demo's story"):
                held = send_email_on_commit(to=["a@x.example"], subject="Hei", body="Hei!")
            sent = send_email_on_commit(to=["b@x.example"], subject="Hei", body="Hei!")
        assert held is not None
        assert sent is not None
        assert len(callbacks) == 1  # only the email stored outside is queued
        held.refresh_from_db()
        assert (held.sent_at, held.failed_at, held.held_back, held.error) == (
            None,
            T0,
            True,
            "the demo's story",  # why; the send log says "Ikke sendt" beside it
        )
        sent.refresh_from_db()
        assert sent.held_back is False
        assert [m.to for m in mail.outbox] == [["b@x.example"]]
    with time_machine.travel(T0 + dt.timedelta(minutes=30), tick=False):
        assert send_unsent_emails() == 0  # nor does the job pick it up later
    assert emails_held() == ""
