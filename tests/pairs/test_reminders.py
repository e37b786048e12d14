"""Nudges: each sent at most once, in the recipient's language; a second run sends nothing."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from brobygger.gatherings.services import respond
from brobygger.pairs.models import Reminder
from brobygger.pairs.services.reminders import send_due_reminders
from tests.pairs.helpers import gathering, meeting, signed_agreement


def _run(capture):
    with capture(execute=True):
        return send_due_reminders()


def _to(kind_subject_part):
    return sorted(m.to[0] for m in mail.outbox if kind_subject_part in m.subject)


def test_meeting_tomorrow_reminds_both_once(pair, django_capture_on_commit_callbacks):
    signed_agreement(pair)
    meeting(pair, days=1)
    counts = _run(django_capture_on_commit_callbacks)
    assert counts["meeting_tomorrow"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "bo@b.example"]
    assert _run(django_capture_on_commit_callbacks)["meeting_tomorrow"] == 0
    assert len(mail.outbox) == 2


def test_the_command_runs_twice_and_sends_nothing_new(pair, django_capture_on_commit_callbacks):
    signed_agreement(pair)
    meeting(pair, days=1)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert (sent, len(mail.outbox)) == (2, 2)
    assert "meeting_tomorrow: 2" in out.getvalue()


def test_quiet_pair_nudges_the_senior_with_a_booking_link(
    pair, mentee_anne, django_capture_on_commit_callbacks
):
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    pair.published_at = timezone.now() - dt.timedelta(weeks=9)
    pair.save()
    signed_agreement(pair)
    meeting(pair, days=-40, status="held", duration_minutes=60)
    assert _run(django_capture_on_commit_callbacks)["pair_quiet"] == 1
    (email,) = mail.outbox
    assert email.to == ["anne@a.example"]  # the senior in reverse mentoring
    assert email.subject == "Time to meet Bo Berg again?"
    assert reverse("pairs:meeting-new", args=[pair.code]) in email.body
    assert _run(django_capture_on_commit_callbacks)["pair_quiet"] == 0


def test_a_planned_meeting_means_the_pair_is_not_quiet(pair, django_capture_on_commit_callbacks):
    pair.published_at = timezone.now() - dt.timedelta(weeks=9)
    pair.save()
    signed_agreement(pair)
    meeting(pair, days=10)
    assert _run(django_capture_on_commit_callbacks)["pair_quiet"] == 0


def test_gathering_soon_and_rsvp_missing(
    cohort, pair, mentee_anne, django_capture_on_commit_callbacks
):
    signed_agreement(pair)
    kickoff = gathering([cohort], days=2.5, title="Oppstart")
    respond(gathering=kickoff, person=mentee_anne, response="yes", by=mentee_anne.user)
    counts = _run(django_capture_on_commit_callbacks)
    assert (counts["gathering_soon"], counts["rsvp_missing"]) == (2, 1)
    rsvp = [m for m in mail.outbox if f"/gatherings/{kickoff.code}/rsvp/" in m.body]
    assert [m.to for m in rsvp] == [["bo@b.example"]]
    counts = _run(django_capture_on_commit_callbacks)
    assert (counts["gathering_soon"], counts["rsvp_missing"]) == (0, 0)


def test_agreement_unsigned_reminds_who_has_not_signed(pair, django_capture_on_commit_callbacks):
    agreement = signed_agreement(pair, mentor_signed_at=None)
    meeting(pair, days=-2, status="held", duration_minutes=60)
    counts = _run(django_capture_on_commit_callbacks)
    assert counts["agreement_unsigned"] == 1
    assert [m.to for m in mail.outbox] == [["bo@b.example"]]
    assert Reminder.objects.get().key == f"{pair.code}:v{agreement.version}"
    assert _run(django_capture_on_commit_callbacks)["agreement_unsigned"] == 0


def test_ended_pairs_get_no_nudges(pair, django_capture_on_commit_callbacks):
    pair.status = "ended_early"
    pair.save()
    meeting(pair, days=1)
    assert sum(_run(django_capture_on_commit_callbacks).values()) == 0


def test_the_cohort_page_counts_the_people_the_next_run_would_remind(
    pair, cohort, reverse_initiative, django_capture_on_commit_callbacks
):
    from brobygger.pairs.services.reminders import count_due
    from tests.factories import CohortFactory

    signed_agreement(pair)
    planned = meeting(pair, days=1)
    now = planned.starts_at - dt.timedelta(days=1)
    assert count_due(cohort, now=now).recipients == 2
    assert count_due(CohortFactory(initiative=reverse_initiative), now=now).recipients == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=now)["meeting_tomorrow"] == 2
    assert count_due(cohort, now=now).recipients == 0
