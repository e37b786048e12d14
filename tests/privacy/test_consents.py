"""Consents: a person sees hers and withdraws newsletter and photos; the application's stays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from brobygger.privacy.models import Consent, PrivacyNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def consents(mentee_anne):
    notice = PrivacyNotice.objects.create(version=3, text="Personvern v3")
    return {
        purpose: Consent.objects.create(person=mentee_anne, notice=notice, purpose=purpose)
        for purpose in ("application", "newsletter", "photos")
    }


def test_overview_lists_consents_with_version(client, mentee_anne, mentor_bo, consents):
    Consent.objects.create(person=mentor_bo, notice=consents["photos"].notice, purpose="photos")
    client.force_login(mentee_anne.user)
    response = client.get(reverse("privacy:overview"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert list(response.context["consents"]) == sorted(
        consents.values(), key=lambda c: c.given_at, reverse=True
    )
    assert html.count("Privacy notice version 3, given") == 3


def test_withdrawing_newsletter_leaves_the_application(client, mentee_anne, consents):
    client.force_login(mentee_anne.user)
    client.post(reverse("privacy:consent-withdraw", args=["newsletter"]))
    withdrawn = {c.purpose: c.withdrawn_at is not None for c in Consent.objects.all()}
    assert withdrawn == {"application": False, "newsletter": True, "photos": False}


def test_application_consent_cannot_be_withdrawn_here(client, mentee_anne, consents):
    client.force_login(mentee_anne.user)
    response = client.post(
        reverse("privacy:consent-withdraw", args=["application"]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This consent ends when you withdraw your application or delete your account."
    ]
    assert Consent.objects.filter(withdrawn_at__isnull=False).count() == 0


def test_others_consents_are_untouched(client, mentor_bo, consents):
    client.force_login(mentor_bo.user)
    client.post(reverse("privacy:consent-withdraw", args=["newsletter"]))
    assert Consent.objects.filter(withdrawn_at__isnull=False).count() == 0


def test_unknown_purpose_is_404(client, mentee_anne):
    client.force_login(mentee_anne.user)
    assert client.post(reverse("privacy:consent-withdraw", args=["nope"])).status_code == 404
