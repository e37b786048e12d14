"""The coordinator's "send invitations now": preview, confirm, refused when the list changed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.core.models import Mailing, SentEmail
from brobygger.surveys.models import Invitation
from tests.factories import InitiativeFactory, PersonFactory
from tests.surveys.conftest import invite, open_survey

CHANGED = "The recipient list has changed since the preview. Review it and confirm again."


@pytest.fixture
def survey(pairs, running_cohort, coordinator_cora, mentee_anne):
    mentee_anne.user.language = "nb"
    mentee_anne.user.save()
    return open_survey(running_cohort, "midpoint", "mentee", coordinator_cora.user)


def _url(survey):
    return reverse("surveys:survey-send", args=[survey.code])


def test_preview_lists_everyone_and_the_email_in_each_language(
    client, coordinator_cora, survey, pairs
):
    bo_mentee = pairs[1].mentee.user
    bo_mentee.language = "en"
    bo_mentee.save()
    client.force_login(coordinator_cora.user)
    preview = client.get(_url(survey)).context["preview"]
    assert preview.plan.count == 5
    assert sorted(r.address for r in preview.recipients) == sorted(
        p.mentee.user.email for p in pairs
    )
    subjects = {}
    for language in ("nb", "en"):
        with translation.override(language):
            subjects[language] = f"{survey.display_title} – Reverse Mentoring"
    assert subjects["nb"] != subjects["en"]
    samples = {s.recipient.language: s for s in preview.samples}
    assert {k: s.subject for k, s in samples.items()} == subjects
    assert samples["en"].recipient.address == bo_mentee.email
    assert "Vi vil gjerne høre hvordan året ditt" in samples["nb"].body
    assert "We would like to hear how your year" in samples["en"].body
    assert (Invitation.objects.count(), SentEmail.objects.count()) == (0, 0)


def test_confirm_sends_exactly_those_with_personal_links(
    client, coordinator_cora, survey, pairs, mentee_anne, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    preview = client.get(_url(survey)).context["preview"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(survey), {"token": preview.token})
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse(
        "applications:mailing-log", args=[survey.cohort.code, mailing.code]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.address for r in preview.recipients)
    assert {m.subject for m in mail.outbox} == {s.subject for s in preview.samples}
    token = Invitation.objects.get(survey=survey, person=mentee_anne).token
    anne = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    assert f"/s/{token}/" in anne.body
    assert Invitation.objects.filter(survey=survey, invited_at__isnull=False).count() == 5
    assert SentEmail.objects.filter(mailing=mailing).count() == 5


def test_a_changed_list_is_refused_and_a_double_confirm_sends_once(
    client, coordinator_cora, survey, pairs, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    token = client.get(_url(survey)).context["preview"].token
    first = invite(survey, pairs[1].mentee)  # the daily job invited one meanwhile
    Invitation.objects.filter(pk=first.pk).update(invited_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(_url(survey), {"token": token})
    assert refused.context["form"].non_field_errors() == [CHANGED]
    assert refused.context["preview"].plan.count == 4
    assert (mail.outbox, SentEmail.objects.count()) == ([], 0)

    token = refused.context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(survey), {"token": token})
        again = client.post(_url(survey), {"token": token})
    assert again.context["form"].non_field_errors() == [
        "These emails have already been sent. See the send log."
    ]
    assert len(mail.outbox) == 4
    assert Mailing.objects.count() == 1


@pytest.mark.parametrize("persona", ["other_coordinator", "contact_hege", "mentee_anne"])
def test_others_get_404_and_nothing_is_sent(
    client, survey, persona, request, company_c, django_capture_on_commit_callbacks
):
    if persona == "other_coordinator":
        person = PersonFactory(
            user__email="olga@c.example", user__is_coordinator=True, company=company_c
        )
        InitiativeFactory(slug="mp", kind="classic").coordinators.add(person.user)
    else:
        person = request.getfixturevalue(persona)
    client.force_login(person.user)
    from brobygger.surveys.selectors import invitation_mailing

    token = invitation_mailing(survey).token
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.get(_url(survey)).status_code,
            client.post(_url(survey), {"token": token}).status_code,
        ]
    assert statuses == [404, 404]
    assert (mail.outbox, Invitation.objects.count()) == ([], 0)
