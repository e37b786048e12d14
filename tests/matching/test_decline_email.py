"""A declined proposal reaches each coordinator of the initiative by email, once, in her
language, with a link to the matching page and without the person's reason."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from brobygger.core.models import SentEmail
from brobygger.matching.models import ProposalSide
from brobygger.matching.services.proposals import answer_proposal
from tests.factories import InitiativeFactory, PersonFactory

from .helpers import link_of, run, send

pytestmark = pytest.mark.django_db

REASON = "We sat on the same board for years; it would not be new to either of us."


@pytest.fixture
def coordinators(coordinator_cora, reverse_initiative):
    """Cora (Norwegian), Nils (English) coordinate; Olga coordinates another initiative."""
    nils = PersonFactory(user__first_name="Nils", user__email="nils@x.example", user__language="en")
    reverse_initiative.coordinators.add(nils.user)
    olga = PersonFactory(user__first_name="Olga", user__email="olga@x.example")
    InitiativeFactory(kind="classic", slug="mentor-programme").coordinators.add(olga.user)
    return coordinator_cora, nils


@pytest.fixture
def sent(review_cohort, cohort_people, coordinators, django_capture_on_commit_callbacks):
    run(review_cohort)
    with django_capture_on_commit_callbacks(execute=True):
        send(review_cohort)
    mail.outbox.clear()
    return review_cohort


def _decline(client, side, capture):
    with capture(execute=True):
        return client.post(link_of(side), {"answer": "declined", "reason": REASON})


def test_each_coordinator_gets_one_email_in_her_language_without_the_reason(
    client, sent, django_capture_on_commit_callbacks
):
    side = ProposalSide.objects.get(person__user__email="anne@a.example")

    _decline(client, side, django_capture_on_commit_callbacks)

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == ["cora@c.example", "nils@x.example"]
    cora, nils = by_recipient["cora@c.example"], by_recipient["nils@x.example"]
    link = settings.SITE_URL.rstrip("/") + reverse("matching:cohort", args=[sent.code])
    assert [link in m.body for m in (cora, nils)] == [True, True]
    assert (cora.body.startswith("Hei Cora,"), nils.body.startswith("Hi Nils,")) == (True, True)
    assert "Mentee (senior)" in cora.body
    assert nils.subject == "A proposed match in Reverse Mentoring 2027 was declined"
    assert "Declined by: Mentee (the senior)." in nils.body
    for message in (cora, nils):
        assert REASON not in message.body
        assert "board" not in message.subject + message.body
        assert side.person.name not in message.body  # metadata only: no names either
    logged = SentEmail.objects.filter(template="matching/email/proposal_declined")
    assert sorted(logged.values_list("to", flat=True)) == ["cora@c.example", "nils@x.example"]


def test_a_replayed_decline_sends_nothing_more(client, sent, django_capture_on_commit_callbacks):
    side = ProposalSide.objects.get(person__user__email="anne@a.example")
    _decline(client, side, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    _decline(client, side, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert SentEmail.objects.filter(template="matching/email/proposal_declined").count() == 2


def test_an_approval_tells_the_coordinators_nothing(
    client, sent, django_capture_on_commit_callbacks
):
    side = ProposalSide.objects.get(person__user__email="anne@a.example")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_of(side), {"answer": "approved"})

    assert [m.to[0] for m in mail.outbox] == [
        side.proposal.sides.get(role="mentor").person.user.email
    ]


def test_the_mentor_declining_later_is_named_by_role(
    client, sent, django_capture_on_commit_callbacks
):
    anne = ProposalSide.objects.get(person__user__email="anne@a.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_of(anne), {"answer": "approved"})
    mentor = anne.proposal.sides.get(role="mentor")
    mail.outbox.clear()

    _decline(client, mentor, django_capture_on_commit_callbacks)

    [nils] = [m for m in mail.outbox if m.to == ["nils@x.example"]]
    assert "Declined by: Mentor (the younger)." in nils.body
    assert len(mail.outbox) == 2


def test_the_service_replayed_with_a_stale_side_sends_nothing_more(
    sent, django_capture_on_commit_callbacks
):
    stale = ProposalSide.objects.get(person__user__email="anne@a.example")
    with django_capture_on_commit_callbacks(execute=True):
        answer_proposal(side=stale, answer="declined", reason=REASON)
        answer_proposal(side=stale, answer="declined", reason=REASON)  # a double submit

    assert sorted(m.to[0] for m in mail.outbox) == ["cora@c.example", "nils@x.example"]
