"""Publishing: once, atomically, never stale, race-safe."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobygger.core.models import ActivityLog, Mailing
from brobygger.matching.models import Proposal, ProposalSide
from brobygger.matching.selectors.mailings import publish_mailing
from brobygger.pairs.models import Pair
from tests.concurrency import publish_twice_at_once

from .helpers import link_of, publish, run, send


def _approve_all():
    client = Client()  # the people answer in browsers of their own
    for role in ("mentee", "mentor"):
        for side in ProposalSide.objects.filter(role=role):
            client.post(link_of(side), {"answer": "approved"})


@pytest.fixture
def accepted(client, review_cohort, cohort_people):
    run(review_cohort)
    send(review_cohort)
    _approve_all()
    assert set(Proposal.objects.values_list("status", flat=True)) == {"accepted"}
    return review_cohort


@pytest.mark.django_db
def test_publish_creates_each_pair_once_and_tells_both_people(
    client, accepted, coordinator_cora, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    mail.outbox.clear()
    url = reverse("matching:publish", args=[accepted.code])

    token = client.get(url).context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"token": token}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, {"token": token}, follow=True)  # a double click, a replay

    accepted.refresh_from_db()
    assert Pair.objects.count() == 4
    assert Mailing.objects.filter(action="matching.publish_pairs").count() == 1
    assert len(mail.outbox) == 8  # one set of "you are matched" emails
    assert accepted.status == "published"  # matched: running from its kickoff (50 days on)
    assert set(Proposal.objects.values_list("status", flat=True)) == {"published"}
    assert [str(m) for m in second.context["messages"]] == [
        "The pairs of this programme year are already published."
    ]
    mailing = Mailing.objects.get(action="matching.publish_pairs")
    assert first.redirect_chain[-1][0] == reverse(
        "applications:mailing-log", args=[accepted.code, mailing.code]
    )
    assert (mailing.action, mailing.recipient_count) == ("matching.publish_pairs", 8)
    assert len(mail.outbox) == 8
    anne_mail = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    assert "Neste steg: Du avtaler det første møtet" in anne_mail.body  # her language
    pair = Pair.objects.get(mentee__user__email="anne@a.example")
    assert f"/pairs/{pair.code}/" in anne_mail.body
    assert ActivityLog.objects.filter(action="matching.publish").count() == 1


@pytest.mark.django_db
def test_the_senior_sees_her_pair_only_after_publication(client, accepted, mentee_anne):
    client.force_login(mentee_anne.user)
    assert list(client.get(reverse("pairs:mine")).context["pairs"]) == []

    publish(accepted, by=None)

    pairs = list(client.get(reverse("pairs:mine")).context["pairs"])
    assert [p.mentee for p in pairs] == [mentee_anne]


@pytest.mark.django_db
def test_publishing_a_stale_run_is_refused_with_a_rerun_button(
    client, accepted, cohort_people, coordinator_cora, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    url = reverse("matching:publish", args=[accepted.code])
    token = client.get(url).context["preview"].token  # the preview, before the change
    application = cohort_people["kari"]
    application.status = "withdrawn"
    application.withdrawn_at = timezone.now()
    application.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"token": token}, follow=True)
    opened = client.get(url, follow=True)  # the preview of a stale run: back to the page

    assert Pair.objects.count() == 0
    assert mail.outbox == []
    for answer in (response, opened):
        [message] = [str(m) for m in answer.context["messages"]]
        assert message.startswith("The matching changed after the last run")
        html = answer.content.decode()
        assert reverse("matching:run-create", args=[accepted.code]) in html
        assert "Run matching again" in html
        assert answer.request["PATH_INFO"] == reverse("matching:cohort", args=[accepted.code])


@pytest.mark.django_db
def test_nothing_accepted_cannot_be_published(review_cohort, cohort_people):
    run(review_cohort)
    with pytest.raises(ValidationError) as error:
        publish(review_cohort, by=None)
    assert error.value.messages == ["No proposal has been accepted by both people yet."]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_publishes_create_each_pair_once(client, accepted):
    accepted.refresh_from_db()
    token = publish_mailing(accepted).token  # both confirm the same preview
    assert publish_mailing(accepted).count == 8
    mail.outbox.clear()

    outcomes = publish_twice_at_once(accepted, token)

    assert sorted(outcomes) == [
        "The pairs of this programme year are already published.",
        "published",
    ]
    assert Pair.objects.count() == 4
    assert Mailing.objects.filter(action="matching.publish_pairs").count() == 1
    assert len(mail.outbox) == 8  # one set of "you are matched" emails
