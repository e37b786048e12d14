"""The application window closes at its deadline: the scheduler moves the cohort to review
and tells each coordinator, in her language, how many applied."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from brobygger.core import scheduler
from brobygger.core.models import ActivityLog
from brobygger.programs.services import change_cohort_status
from tests.factories import ApplicationFactory, CohortFactory, PersonFactory

OSLO = ZoneInfo("Europe/Oslo")
DEADLINE = dt.datetime(2027, 3, 1, 12, 0, tzinfo=OSLO)


@pytest.fixture
def cohort(reverse_initiative):
    with time_machine.travel(DEADLINE - dt.timedelta(days=20), tick=False):
        cohort = CohortFactory(
            initiative=reverse_initiative,
            title="2027",
            status="open",
            applications_open_at=DEADLINE - dt.timedelta(days=30),
            applications_close_at=DEADLINE,
            matching_on=dt.date(2027, 3, 10),
            kickoff_on=dt.date(2027, 4, 1),
            closing_on=dt.date(2028, 1, 31),
        )
        for status in ("submitted", "submitted", "submitted", "withdrawn", "draft", "nominated"):
            ApplicationFactory(cohort=cohort, status=status)
    return cohort


@pytest.fixture
def coordinators(coordinator_cora, reverse_initiative):
    """Cora reads Norwegian; Erik, the second coordinator, English."""
    erik = PersonFactory(user__first_name="Erik", user__email="erik@c.example", user__language="en")
    reverse_initiative.coordinators.add(erik.user)
    return coordinator_cora, erik


def tick_at(moment, capture):
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return scheduler.tick()


def test_the_tick_after_the_deadline_closes_the_window_and_tells_each_coordinator(
    cohort, coordinators, django_capture_on_commit_callbacks
):
    queued = tick_at(
        DEADLINE + dt.timedelta(minutes=15, seconds=20), django_capture_on_commit_callbacks
    )
    assert "applications.close_windows" in queued
    cohort.refresh_from_db()
    assert cohort.status == "review"
    emails = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert emails == [
        ("cora@c.example", "Søknadsfristen for Reverse Mentoring 2027 har gått ut: 3 søknader"),
        (
            "erik@c.example",
            "The application deadline for Reverse Mentoring 2027 has passed: 3 applications",
        ),
    ]
    english = next(m for m in mail.outbox if m.to == ["erik@c.example"])
    assert "3 applications were submitted." in english.body
    assert "2 drafts or nominations were never submitted." in english.body
    assert reverse("applications:review-list", args=[cohort.code]) in english.body
    # who did it: the system, no person
    logs = ActivityLog.objects.filter(
        target_id=str(cohort.pk), action__in=("cohort.status", "applications.window_closed")
    ).order_by("id")
    assert [(log.action, log.actor_id, log.data) for log in logs] == [
        ("cohort.status", None, {"from": "open", "to": "review"}),
        (
            "applications.window_closed",
            None,
            {
                "by": "system",
                "deadline": "2027-03-01T11:00:00+00:00",
                "submitted": 3,
                "not_submitted": 2,
            },
        ),
    ]


def test_before_the_deadline_nothing_happens(
    cohort, coordinators, django_capture_on_commit_callbacks
):
    tick_at(DEADLINE - dt.timedelta(minutes=1), django_capture_on_commit_callbacks)
    cohort.refresh_from_db()
    assert (cohort.status, len(mail.outbox)) == ("open", 0)


def test_the_next_ticks_send_nothing_new(cohort, coordinators, django_capture_on_commit_callbacks):
    tick_at(DEADLINE + dt.timedelta(minutes=15), django_capture_on_commit_callbacks)
    tick_at(DEADLINE + dt.timedelta(minutes=16), django_capture_on_commit_callbacks)
    tick_at(DEADLINE + dt.timedelta(minutes=30), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_a_window_reopened_by_the_coordinator_stays_open_until_a_new_deadline(
    cohort, coordinators, django_capture_on_commit_callbacks
):
    cora = coordinators[0]
    tick_at(DEADLINE + dt.timedelta(minutes=15), django_capture_on_commit_callbacks)
    with time_machine.travel(DEADLINE + dt.timedelta(hours=1), tick=False):
        change_cohort_status(cohort=cohort, to="open", by=cora.user)
    tick_at(DEADLINE + dt.timedelta(hours=2), django_capture_on_commit_callbacks)
    cohort.refresh_from_db()
    assert (cohort.status, len(mail.outbox)) == ("open", 2)
    # a new deadline is closed in its turn
    cohort.applications_close_at = DEADLINE + dt.timedelta(days=2)
    cohort.save()
    tick_at(DEADLINE + dt.timedelta(days=2, minutes=15), django_capture_on_commit_callbacks)
    cohort.refresh_from_db()
    assert (cohort.status, len(mail.outbox)) == ("review", 4)


def test_draft_and_later_cohorts_are_left_alone(
    cohort, reverse_initiative, coordinators, django_capture_on_commit_callbacks
):
    with time_machine.travel(DEADLINE - dt.timedelta(days=20), tick=False):
        draft = CohortFactory(
            initiative=reverse_initiative, status="draft", applications_close_at=DEADLINE
        )
        later = CohortFactory(initiative=reverse_initiative, status="open")
    tick_at(DEADLINE + dt.timedelta(minutes=15), django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    later.refresh_from_db()
    assert (draft.status, later.status) == ("draft", "open")
    assert len(mail.outbox) == 2  # the cohort past its deadline only


def test_the_command_closes_the_windows_past_their_deadline(
    cohort, coordinators, django_capture_on_commit_callbacks
):
    out = StringIO()
    with (
        time_machine.travel(DEADLINE + dt.timedelta(minutes=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("close_application_windows", stdout=out)
        call_command("close_application_windows", stdout=out)
    cohort.refresh_from_db()
    assert cohort.status == "review"
    assert out.getvalue() == "1 application window(s) closed.\n0 application window(s) closed.\n"
    assert len(mail.outbox) == 2
