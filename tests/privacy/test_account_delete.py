"""Deleting one's account: told what happens, confirms, is erased and signed out."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from brobygger.people.models import Person
from tests.conftest import sign_in_recently

pytestmark = pytest.mark.django_db


def test_confirmation_page_explains_and_needs_the_box(client, mentee_anne):
    sign_in_recently(client, mentee_anne.user)
    url = reverse("privacy:account-delete")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Former participant" in page
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors == {
        "confirm": ["Tick the box to confirm that you want to delete your account."]
    }
    assert Person.objects.get(pk=mentee_anne.pk).erased_at is None


def test_confirmed_deletion_erases_and_signs_out(client, mentee_anne):
    sign_in_recently(client, mentee_anne.user)
    response = client.post(reverse("privacy:account-delete"), {"confirm": "on"})
    assert response.url == reverse("programs:home")
    mentee_anne.refresh_from_db()
    assert mentee_anne.erased_at is not None
    assert mentee_anne.user.email.endswith("@erased.invalid")
    assert client.get(reverse("privacy:overview")).status_code == 302  # signed out
    assert client.login(email="anne@a.example", password="correct horse battery staple") is False


def test_pages_need_sign_in(client):
    for name in ("privacy:overview", "privacy:account-delete"):
        response = client.get(reverse(name))
        assert response.url.startswith(reverse("account_login"))


def test_she_confirms_it_is_her_before_deleting_and_the_held_request_is_carried_out(
    client, mentee_anne
):
    """Signed in long ago (or someone at her unlocked laptop): the page first asks for her
    password; nothing is deleted until she gives it, then her confirmed request goes on."""
    from tests.mfa_helpers import confirm_with_password

    client.force_login(mentee_anne.user)
    url = reverse("privacy:account-delete")
    response = client.post(url, {"confirm": "on"})
    assert (
        response.url == f"{reverse('account_reauthenticate')}?next=%2Faccount%2Fprivacy%2Fdelete%2F"
    )
    assert Person.objects.get(pk=mentee_anne.pk).erased_at is None

    response = confirm_with_password(client, url)
    assert response.url == reverse("programs:home")
    assert Person.objects.get(pk=mentee_anne.pk).erased_at is not None
