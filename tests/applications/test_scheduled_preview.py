# ruff: noqa: F811 (the fixtures imported from test_next_batches are used as arguments)
"""The next automatic emails, previewed: the coordinator sees who gets which email, in her
language, built by the same plans the scheduled job sends; each batch the job sends has a
send log."""

import pytest
from django.core import mail
from django.urls import reverse

from brobygger.core.mailings import render_planned
from brobygger.core.models import Mailing
from brobygger.pairs.services.reminders import reminder_mailings, send_due_reminders
from tests.applications.test_next_batches import (  # noqa: F401 (fixtures)
    NOW,
    frozen,
    other_coordinator,
    running_cohort,
)
from tests.pairs.helpers import gathering

JOB = "pairs.send_reminders"


def _url(cohort, job=JOB, part=None):
    if part:
        return reverse("applications:scheduled-preview-part", args=[cohort.code, job, part])
    return reverse("applications:scheduled-preview", args=[cohort.code, job])


@pytest.fixture
def bo_in_english(mentor_bo):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    return mentor_bo


def test_the_preview_is_what_the_job_then_sends(
    client, coordinator_cora, running_cohort, bo_in_english, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    page = client.get(_url(running_cohort))
    preview = page.context["preview"]
    assert [p.action for p in page.context["plans"]] == ["pairs.reminder.meeting_tomorrow"]
    assert [(r.address, r.language) for r in preview.recipients] == [
        ("anne@a.example", "nb"),
        ("bo@b.example", "en"),
    ]
    samples = {s.recipient.language: s for s in preview.samples}
    assert samples["nb"].subject == "I morgen: møte med Bo Berg"
    assert samples["en"].subject == "Tomorrow: meeting with Anne Aas"
    html = page.content.decode()
    assert "i dag kl. 10:30" in html
    assert 'name="token"' not in html  # nothing to confirm: the job sends it

    planned = sorted(
        (e.address, render_planned(e).subject, render_planned(e).body)
        for plan in reminder_mailings(running_cohort, now=NOW)
        for e in plan.emails
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders()
    assert sorted((m.to[0], m.subject, m.body) for m in mail.outbox) == planned

    mailing = Mailing.objects.get()
    assert (mailing.action, mailing.scope, mailing.created_by, mailing.recipient_count) == (
        "pairs.reminder.meeting_tomorrow",
        str(running_cohort.code),
        None,
        2,
    )
    log = client.get(reverse("applications:mailing-log", args=[running_cohort.code, mailing.code]))
    assert [(e.to, e.sent_at is not None) for e in log.context["emails"]] == [
        ("anne@a.example", True),
        ("bo@b.example", True),
    ]
    assert "Sendt automatisk" in log.content.decode()
    after = client.get(_url(running_cohort))
    assert (after.context["plans"], after.context["preview"]) == ([], None)


def test_a_reply_link_not_made_yet_shows_as_dots_and_the_job_sends_the_real_one(
    client, coordinator_cora, running_cohort, django_capture_on_commit_callbacks
):
    kickoff = gathering([running_cohort], days=5, title="Oppstart")
    client.force_login(coordinator_cora.user)
    page = client.get(_url(running_cohort))
    actions = [p.action for p in page.context["plans"]]
    assert actions == ["pairs.reminder.meeting_tomorrow", "pairs.reminder.rsvp_missing"]
    rsvp = client.get(_url(running_cohort, part="pairs.reminder.rsvp_missing"))
    (sample,) = rsvp.context["preview"].samples
    dots = f"/gatherings/{kickoff.code}/rsvp/%E2%80%A6/"  # the link is made when it is sent
    assert dots in sample.body
    subjects = sorted(
        (e.address, render_planned(e).subject)
        for plan in reminder_mailings(running_cohort, now=NOW)
        for e in plan.emails
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == subjects
    sent = [m for m in mail.outbox if "/rsvp/" in m.body]
    assert len(sent) == 2
    assert all(dots not in m.body for m in sent)
    assert Mailing.objects.filter(action="pairs.reminder.rsvp_missing").count() == 1


def test_nothing_waiting_says_so(client, coordinator_cora, running_cohort):
    client.force_login(coordinator_cora.user)
    send_due_reminders()
    page = client.get(_url(running_cohort))
    assert "Ingen automatiske e-poster av denne typen venter." in page.content.decode()


def test_an_unknown_job_or_part_or_one_without_plans_is_404(
    client, coordinator_cora, running_cohort
):
    client.force_login(coordinator_cora.user)
    statuses = [
        client.get(_url(running_cohort, job="nope.nothing")).status_code,
        client.get(_url(running_cohort, job="applications.close_windows")).status_code,
        client.get(_url(running_cohort, part="pairs.reminder.nope")).status_code,
    ]
    assert statuses == [404, 404, 404]


@pytest.mark.parametrize(
    "persona", ["other_coordinator", "contact_hege", "mentee_anne", "outsider_dag"]
)
def test_others_get_404(client, request, persona, coordinator_cora, running_cohort):
    client.force_login(request.getfixturevalue(persona).user)
    response = client.get(_url(running_cohort))
    assert response.status_code == 404
    assert "anne@a.example" not in response.content.decode()
    assert Mailing.objects.count() == 0
