"""The cohort page's count of survey invitations: who the next run would email."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from brobygger.surveys.models import Invitation, Survey
from brobygger.surveys.selectors import invitations_due
from brobygger.surveys.services import send_due_invitations
from tests.surveys.conftest import open_survey

NOW = dt.datetime(2027, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_survey_opening_later_counts_everyone_from_its_first_day(
    pairs, running_cohort, coordinator_cora
):
    survey = open_survey(running_cohort, "midpoint", "mentee", coordinator_cora.user)
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=dt.date(2027, 3, 15), closes_on=dt.date(2027, 3, 29)
    )
    due = invitations_due(running_cohort, now=timezone.now())
    assert (due.recipients, timezone.localtime(due.not_before)) == (
        5,
        dt.datetime(2027, 3, 15, 0, 0, tzinfo=ZoneInfo("Europe/Oslo")),
    )


def test_an_open_survey_counts_those_not_invited_then_those_to_remind(
    pairs, running_cohort, coordinator_cora, frozen, django_capture_on_commit_callbacks
):
    survey = open_survey(running_cohort, "midpoint", "mentee", coordinator_cora.user)
    assert invitations_due(running_cohort, now=timezone.now()).recipients == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_invitations() == (5, 0, 0)
    assert invitations_due(running_cohort, now=timezone.now()).recipients == 0
    Invitation.objects.filter(survey=survey, person=pairs[0].mentee).update(
        answered_at=timezone.now()
    )
    frozen.shift(dt.timedelta(days=3))  # two days before it closes: reminders are due
    assert invitations_due(running_cohort, now=timezone.now()).recipients == 4
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_invitations() == (0, 4, 0)
    assert invitations_due(running_cohort, now=timezone.now()).recipients == 0


def test_the_coordinators_preview_of_the_daily_job_is_what_it_then_sends(
    client, pairs, running_cohort, coordinator_cora, frozen, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.urls import reverse

    from brobygger.core.mailings import render_planned
    from brobygger.core.models import Mailing
    from brobygger.surveys.selectors import scheduled_invitation_mailings

    open_survey(running_cohort, "midpoint", "mentee", coordinator_cora.user)
    client.force_login(coordinator_cora.user)
    url = reverse(
        "applications:scheduled-preview", args=[running_cohort.code, "surveys.send_invitations"]
    )
    page = client.get(url)
    assert len(page.context["preview"].recipients) == 5
    assert 'name="token"' not in page.content.decode()  # nothing to confirm: the job sends it
    planned = sorted(
        (e.address, render_planned(e).subject)
        for plan in scheduled_invitation_mailings(running_cohort, now=timezone.now())
        for e in plan.emails
    )
    assert len(planned) == 5

    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_invitations() == (5, 0, 0)

    assert sorted((m.to[0], m.subject) for m in mail.outbox) == planned
    mailing = Mailing.objects.get()
    assert (mailing.action, mailing.created_by, mailing.recipient_count) == (
        "surveys.send_invitations",
        None,
        5,
    )
    assert scheduled_invitation_mailings(running_cohort, now=timezone.now()) == []
