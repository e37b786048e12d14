"""Inviting a cohort to a gathering: preview (list, each language's email), confirm once."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.core.models import Mailing, SentEmail
from brobygger.gatherings.models import Invitation
from brobygger.gatherings.selectors import invitation_mailing
from tests.factories import InitiativeFactory, PersonFactory
from tests.pairs.helpers import gathering

CHANGED = "The recipient list has changed since the preview. Review it and confirm again."


@pytest.fixture
def kickoff(cohort, pair, other_pair, mentor_bo):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    return gathering([cohort])


def _url(cohort, kickoff):
    return reverse("gatherings:coordinate-invite", args=[cohort.code, kickoff.code])


def test_preview_then_confirm_sends_exactly_the_previewed_invitations(
    en, cohort, kickoff, coordinator_cora, django_capture_on_commit_callbacks
):
    en.force_login(coordinator_cora.user)
    preview = en.get(_url(cohort, kickoff)).context["preview"]
    assert preview.plan.count == 4
    assert sorted(r.address for r in preview.recipients) == sorted(
        ["anne@a.example", "bo@b.example", "eva.j@y.example", "eva.s@x.example"]
    )
    samples = {s.recipient.language: s for s in preview.samples}
    assert sorted(samples) == ["en", "nb"]
    assert samples["en"].recipient.address == "bo@b.example"
    assert samples["en"].subject != samples["nb"].subject
    assert Invitation.objects.count() == 0  # a preview writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = en.post(_url(cohort, kickoff), {"token": preview.token})
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse(
        "applications:mailing-log", args=[cohort.code, mailing.code]
    )
    bo = next(m for m in mail.outbox if m.to == ["bo@b.example"])
    assert bo.subject == samples["en"].subject
    assert "/rsvp/" in bo.body
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.address for r in preview.recipients)
    assert Invitation.objects.filter(invited_at__isnull=False).count() == 4


def test_a_changed_list_is_refused_and_a_double_confirm_sends_once(
    en, cohort, kickoff, coordinator_cora, mentee_anne, django_capture_on_commit_callbacks
):
    en.force_login(coordinator_cora.user)
    token = en.get(_url(cohort, kickoff)).context["preview"].token
    Invitation.objects.create(gathering=kickoff, person=mentee_anne, invited_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        refused = en.post(_url(cohort, kickoff), {"token": token})
    assert refused.context["form"].non_field_errors() == [CHANGED]
    assert [r.address for r in refused.context["preview"].recipients].count("anne@a.example") == 0
    assert (mail.outbox, SentEmail.objects.count()) == ([], 0)

    token = refused.context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        en.post(_url(cohort, kickoff), {"token": token})
        again = en.post(_url(cohort, kickoff), {"token": token})
    assert again.context["form"].non_field_errors() == [
        "These emails have already been sent. See the send log."
    ]
    assert (len(mail.outbox), Mailing.objects.count()) == (3, 1)


@pytest.mark.parametrize("who", ["other_coordinator", "contact_hege", "mentee_anne"])
def test_others_get_404_and_nothing_is_sent(
    client, cohort, kickoff, who, request, company_c, django_capture_on_commit_callbacks
):
    if who == "other_coordinator":
        person = PersonFactory(
            user__email="olga@c.example", user__is_coordinator=True, company=company_c
        )
        InitiativeFactory(slug="mp", kind="classic").coordinators.add(person.user)
    else:
        person = request.getfixturevalue(who)
    client.force_login(person.user)
    token = invitation_mailing(kickoff, cohort).token
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.get(_url(cohort, kickoff)).status_code,
            client.post(_url(cohort, kickoff), {"token": token}).status_code,
        ]
    assert statuses == [404, 404]
    assert (mail.outbox, Invitation.objects.count()) == ([], 0)
