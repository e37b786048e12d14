"""The scheduled command invites once and reminds once, in each person's language."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from brobygger.surveys.models import Invitation, PublishedResult
from tests.surveys.conftest import open_survey


def _run():
    out = StringIO()
    call_command("send_survey_invitations", stdout=out)
    return out.getvalue().strip()


def test_invitations_go_once_to_each_participant_with_a_personal_link(
    pairs, running_cohort, coordinator_cora, mentee_anne, django_capture_on_commit_callbacks
):
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    survey = open_survey(running_cohort, "midpoint", "mentee", coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == "invited=5 reminded=0 published=0"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.mentee.user.email for p in pairs)
    anne_mail = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    token = Invitation.objects.get(survey=survey, person=mentee_anne).token
    assert f"/s/{token}/" in anne_mail.body
    assert "We would like to hear how your year" in anne_mail.body
    with django_capture_on_commit_callbacks(execute=True):
        assert _run() == "invited=0 reminded=0 published=0"
    assert len(mail.outbox) == 5


def test_one_reminder_goes_to_those_who_have_not_answered(
    pairs, running_cohort, coordinator_cora, django_capture_on_commit_callbacks
):
    survey = open_survey(running_cohort, "midpoint", "mentee", coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        _run()
    Invitation.objects.filter(survey=survey, person=pairs[0].mentee).update(
        answered_at=timezone.now()
    )
    mail.outbox.clear()
    later = timezone.now() + dt.timedelta(days=3)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert _run() == "invited=0 reminded=4 published=0"
        assert _run() == "invited=0 reminded=0 published=0"
    assert len(mail.outbox) == 4
    assert pairs[0].mentee.user.email not in [m.to[0] for m in mail.outbox]


def test_closed_surveys_send_nothing_and_are_published_once(
    pairs, running_cohort, coordinator_cora
):
    survey = open_survey(running_cohort, "midpoint", "mentee", coordinator_cora.user)
    with time_machine.travel(timezone.now() + dt.timedelta(days=30)):
        assert _run() == "invited=0 reminded=0 published=1"  # for everyone; nobody invited
        assert _run() == "invited=0 reminded=0 published=0"
    assert list(PublishedResult.objects.values_list("survey", "company")) == [(survey.pk, None)]
