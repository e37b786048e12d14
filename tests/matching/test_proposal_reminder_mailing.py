"""Proposal reminders go out as a scheduled batch with a send log; the coordinator's preview
of the next batch is built by the same plan, so it shows what the job then sends."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from brobygger.core.mailings import render_planned
from brobygger.core.models import Mailing
from brobygger.matching.models import ProposalSide
from brobygger.matching.selectors.reminders import proposal_reminder_mailings
from brobygger.matching.services.proposals import send_proposal_reminders

from .helpers import run, send

pytestmark = pytest.mark.django_db

JOB = "matching.send_proposal_reminders"


@pytest.fixture
def due_at(review_cohort, cohort_people, mentee_anne, django_capture_on_commit_callbacks):
    """Proposals sent, the reminder delay three days: the moment the reminders are due."""
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    run(review_cohort)
    with django_capture_on_commit_callbacks(execute=True):
        send(review_cohort)
    mail.outbox.clear()
    review_cohort.proposal_reminder_days = 3
    review_cohort.status = "matching"
    review_cohort.save()
    asked = ProposalSide.objects.filter(asked_at__isnull=False).latest("asked_at").asked_at
    return asked + dt.timedelta(days=3, minutes=1)


def _url(cohort):
    return reverse("applications:scheduled-preview", args=[cohort.code, JOB])


def test_the_preview_shows_the_reminders_the_job_then_sends(
    client, review_cohort, due_at, coordinator_cora, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    with time_machine.travel(due_at, tick=False):
        page = client.get(_url(review_cohort))
    preview = page.context["preview"]
    assert preview.plan.action == "matching.proposal_reminder"
    assert sorted(r.address for r in preview.recipients) == [
        "anne@a.example",
        "eva@x.example",
        "kari@x.example",
        "liv@x.example",
    ]
    samples = {s.recipient.language: s for s in preview.samples}
    assert samples["nb"].subject == "Påminnelse: den foreslåtte matchen din i Reverse Mentoring"
    assert samples["en"].recipient.address == "anne@a.example"
    assert "/proposals/" in samples["en"].body

    (plan,) = proposal_reminder_mailings(review_cohort, now=due_at)
    planned = sorted(
        (e.address, render_planned(e).subject, render_planned(e).body) for e in plan.emails
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_proposal_reminders(now=due_at) == 4
        assert send_proposal_reminders(now=due_at) == 0
    assert sorted((m.to[0], m.subject, m.body) for m in mail.outbox) == planned

    mailing = Mailing.objects.get(action="matching.proposal_reminder")
    assert (mailing.scope, mailing.created_by, mailing.recipient_count) == (
        str(review_cohort.code),
        None,
        4,
    )
    log = client.get(reverse("applications:mailing-log", args=[review_cohort.code, mailing.code]))
    assert sorted(e.to for e in log.context["emails"]) == [
        "anne@a.example",
        "eva@x.example",
        "kari@x.example",
        "liv@x.example",
    ]
    assert all(e.sent_at is not None for e in log.context["emails"])


def test_before_the_delay_nothing_is_waiting(client, review_cohort, due_at, coordinator_cora):
    client.force_login(coordinator_cora.user)
    with time_machine.travel(due_at - dt.timedelta(days=1), tick=False):
        page = client.get(_url(review_cohort))
    assert (page.context["plans"], page.context["preview"]) == ([], None)


@pytest.mark.parametrize("persona", ["contact_hege", "mentee_anne", "outsider_dag"])
def test_others_get_404(client, request, persona, review_cohort, due_at):
    client.force_login(request.getfixturevalue(persona).user)
    with time_machine.travel(due_at, tick=False):
        response = client.get(_url(review_cohort))
    assert response.status_code == 404
    assert "eva@x.example" not in response.content.decode()
