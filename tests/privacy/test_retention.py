"""Retention: with the clock past each period the command erases exactly what it should;
a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from brobygger.applications.models import Answer, Application, Question, Review
from brobygger.core.models import ActivityLog
from brobygger.privacy.models import CohortAnonymisation
from tests.factories import ApplicationFactory, CohortFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _oslo(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.fixture
def world():
    initiative = InitiativeFactory(retention_rejected_months=3, anonymise_after_years=2)
    running = CohortFactory(
        initiative=initiative,
        status="running",
        matching_on=dt.date(2027, 5, 31),
        closing_on=dt.date(2028, 5, 1),
    )
    closed = CohortFactory(
        initiative=initiative,
        status="closed",
        matching_on=dt.date(2025, 5, 1),
        closing_on=dt.date(2026, 5, 1),
    )
    rejected = ApplicationFactory(cohort=running, decision="rejected")
    withdrawn = ApplicationFactory(cohort=running, status="withdrawn")
    accepted = ApplicationFactory(cohort=running, decision="accepted")
    old = ApplicationFactory(cohort=closed, decision="accepted", decision_reason="Sterk søknad")
    question = Question.objects.create(cohort=closed, role="mentee", kind="text", label="Mål")
    choice = Question.objects.create(cohort=closed, role="mentee", kind="scale", label="Skala")
    Answer.objects.create(application=old, question=question, value="Bli en bedre leder")
    Answer.objects.create(application=old, question=choice, value=4)
    Review.objects.create(application=old, reviewer=UserFactory(), score=5, comment="Flott")
    return {"rejected": rejected, "withdrawn": withdrawn, "accepted": accepted, "old": old}


def _run() -> str:
    out = StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue()


def _state() -> tuple:
    return (
        sorted(Application.objects.values_list("pk", "decision_reason")),
        sorted(Answer.objects.values_list("pk", "value")),
        sorted(Review.objects.values_list("pk", "comment")),
        ActivityLog.objects.count(),
    )


def test_nothing_before_the_periods_end(world):
    with time_machine.travel(_oslo(dt.date(2027, 8, 30))):
        assert _run() == "Nothing to do.\n"
    assert Application.objects.count() == 4


def test_rejected_and_withdrawn_go_months_after_matching(world):
    with time_machine.travel(_oslo(dt.date(2027, 8, 31))):
        output = _run()
    assert "Erased 2 applications.Application" in output
    assert sorted(Application.objects.values_list("pk", flat=True)) == sorted(
        [world["accepted"].pk, world["old"].pk]
    )


def test_closed_cohort_anonymised_years_after_closing(world):
    with time_machine.travel(_oslo(dt.date(2028, 4, 30))):
        _run()
    assert CohortAnonymisation.objects.count() == 0
    with time_machine.travel(_oslo(dt.date(2028, 5, 1))):
        output = _run()
    assert "Anonymised cohort" in output
    old = world["old"]
    old.refresh_from_db()
    assert old.decision_reason == ""
    assert sorted(
        Answer.objects.filter(application=old).values_list("value", flat=True), key=str
    ) == [4, None]
    assert list(Review.objects.filter(application=old).values_list("score", "comment")) == [(5, "")]


def test_second_run_changes_nothing(world):
    with time_machine.travel(_oslo(dt.date(2030, 1, 1))):
        _run()
        before = _state()
        assert _run() == "Nothing to do.\n"
        assert _state() == before


@pytest.mark.django_db
def test_copies_of_emails_to_addresses_without_an_account_go_after_90_days():
    """A nomination to someone who never signed up, kept 90 days; her account's emails and a
    younger copy stay."""
    from brobygger.core.models import SentEmail
    from brobygger.privacy.services import apply_retention

    member = UserFactory(email="member@x.example")
    with time_machine.travel(_oslo(dt.date(2027, 1, 10)), tick=False):
        SentEmail.objects.create(to="nominee@y.example", subject="Nominert", body="Hei")
        SentEmail.objects.create(to=member.email, recipient=member, subject="Hei", body="Hei")
    with time_machine.travel(_oslo(dt.date(2027, 3, 1)), tick=False):
        SentEmail.objects.create(to="other@y.example", subject="Invitasjon", body="Hei")
    with time_machine.travel(_oslo(dt.date(2027, 4, 11)), tick=False):
        report = apply_retention()
    assert report["purged"] == {"core.SentEmail (no account, over 90 days)": 1}
    assert sorted(SentEmail.objects.values_list("to", flat=True)) == [
        "member@x.example",
        "other@y.example",
    ]
