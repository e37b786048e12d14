"""Sending the proposal, answering from the personal link, declines, reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from brobygger.matching.models import Proposal, ProposalSide
from brobygger.matching.services.proposals import send_proposal_reminders

from .helpers import link_of, links_in_outbox, pairs_by_name, run, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(review_cohort, cohort_people, django_capture_on_commit_callbacks):
    run(review_cohort)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(review_cohort)
    return review_cohort


def _anne_side():
    return ProposalSide.objects.get(person__user__email="anne@a.example")


def test_in_reverse_mentoring_the_senior_is_asked_first(sent):
    assert Proposal.objects.count() == 4
    asked = sorted(m.to[0] for m in mail.outbox)
    assert asked == ["anne@a.example", "eva@x.example", "kari@x.example", "liv@x.example"]
    mentor_sides = ProposalSide.objects.filter(role="mentor")
    assert [s.asked_at for s in mentor_sides] == [None] * 4


def test_email_shows_only_the_partners_summary_and_a_personal_link(sent):
    side = _anne_side()
    mentor = side.proposal.mentor_application.person
    [message] = [m for m in mail.outbox if m.to == ["anne@a.example"]]
    assert link_of(side) in message.body
    assert mentor.name in message.body
    others = Proposal.objects.exclude(pk=side.proposal_id)
    for other in others:
        assert other.mentor_application.person.name not in message.body
        assert other.mentee_application.person.name not in message.body
    assert "@" not in message.body.replace(message.to[0], "")


def test_proposal_email_is_in_the_recipients_language(
    review_cohort, cohort_people, django_capture_on_commit_callbacks
):
    user = cohort_people["anne"].person.user
    user.language = "en"
    user.save()
    run(review_cohort)
    with django_capture_on_commit_callbacks(execute=True):
        send(review_cohort)
    [message] = [m for m in mail.outbox if m.to == ["anne@a.example"]]
    assert message.subject == "A proposed match for you in Reverse Mentoring"


def test_senior_approves_without_signing_in_then_the_mentor_is_asked(
    client, sent, django_capture_on_commit_callbacks
):
    side = _anne_side()
    page = client.get(link_of(side))
    assert page.context["partner"].name == side.proposal.mentor_application.person.name
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_of(side), {"answer": "approved"})

    side.refresh_from_db()
    mentor_side = side.proposal.sides.get(role="mentor")
    assert (side.answer, mentor_side.asked_at is not None) == ("approved", True)
    mentor_email = mentor_side.person.user.email
    assert list(links_in_outbox()) == [mentor_email]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_of(mentor_side), {"answer": "approved"})
    side.proposal.refresh_from_db()
    assert side.proposal.status == "accepted"


def test_another_persons_token_or_code_is_404(client, sent):
    anne, other = (
        _anne_side(),
        ProposalSide.objects.filter(role="mentee")
        .exclude(person__user__email="anne@a.example")
        .first(),
    )

    assert client.get(f"/proposals/{anne.code}/{other.token}/").status_code == 404
    assert client.get(f"/proposals/{other.code}/{anne.token}/").status_code == 404
    assert (
        client.post(f"/proposals/{anne.code}/x/", {"answer": "declined", "reason": "x"}).status_code
        == 404
    )
    anne.refresh_from_db()
    assert anne.answer == ""


def test_the_mentor_link_does_not_work_before_the_mentor_is_asked(client, sent):
    mentor_side = _anne_side().proposal.sides.get(role="mentor")
    assert client.get(link_of(mentor_side)).status_code == 404


def test_a_replayed_answer_changes_nothing(client, sent):
    side = _anne_side()
    client.post(link_of(side), {"answer": "approved"})
    client.post(link_of(side), {"answer": "declined", "reason": "changed my mind"})

    side.refresh_from_db()
    side.proposal.refresh_from_db()
    assert (side.answer, side.reason, side.proposal.status) == ("approved", "", "pending")


def test_decline_needs_a_reason(client, sent):
    side = _anne_side()
    response = client.post(link_of(side), {"answer": "declined", "reason": " "})

    assert response.context["form"].errors == {"reason": ["Please tell us briefly why."]}
    side.refresh_from_db()
    assert side.answer == ""


def test_decline_returns_both_to_the_pool_and_rerun_keeps_open_proposals(client, sent):
    anne = _anne_side()
    declined = (
        anne.person.user.first_name,
        anne.proposal.mentor_application.person.user.first_name,
    )
    others = pairs_by_name(sent) - {declined}
    client.post(link_of(anne), {"answer": "declined", "reason": "We know each other."})

    run(sent)

    after = pairs_by_name(sent)
    assert declined not in after  # the declined pair is forbidden from now on
    assert others <= after  # pending proposals are locked


def test_reminder_is_sent_once_after_the_cohorts_delay_and_then_overdue(
    sent, django_capture_on_commit_callbacks
):
    sent.proposal_reminder_days = 3
    sent.save()
    mail.outbox.clear()
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        counts = [
            send_proposal_reminders(now=now + dt.timedelta(days=2)),
            send_proposal_reminders(now=now + dt.timedelta(days=3, minutes=1)),
            send_proposal_reminders(now=now + dt.timedelta(days=9)),
        ]

    assert counts == [0, 4, 0]

    assert sorted(m.to[0] for m in mail.outbox) == [
        "anne@a.example",
        "eva@x.example",
        "kari@x.example",
        "liv@x.example",
    ]
    assert mail.outbox[0].subject == "Påminnelse: den foreslåtte matchen din i Reverse Mentoring"
    from brobygger.matching.selectors.proposals import is_overdue

    assert all(is_overdue(s) for s in ProposalSide.objects.filter(role="mentee"))


def test_reminder_command_is_idempotent(sent, time_machine):
    time_machine.move_to(timezone.now() + dt.timedelta(days=30))
    call_command("send_proposal_reminders")
    call_command("send_proposal_reminders")

    reminded = ProposalSide.objects.filter(reminded_at__isnull=False).count()
    assert reminded == 4


def test_the_cohort_page_counts_who_the_next_reminders_would_reach(
    sent, django_capture_on_commit_callbacks
):
    from brobygger.matching.selectors.proposals import proposal_reminders_due

    sent.proposal_reminder_days = 3
    sent.save()
    asked = ProposalSide.objects.filter(asked_at__isnull=False).latest("asked_at").asked_at
    due_at = asked + dt.timedelta(days=3, minutes=1)
    assert proposal_reminders_due(sent, now=asked + dt.timedelta(days=2)).recipients == 0
    assert proposal_reminders_due(sent, now=due_at).recipients == 4
    with django_capture_on_commit_callbacks(execute=True):
        assert send_proposal_reminders(now=due_at) == 4
    assert proposal_reminders_due(sent, now=due_at).recipients == 0
