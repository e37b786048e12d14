"""Turning two-factor authentication on from the profile, seeing and replacing the recovery
codes, turning it off (after confirming the password, as allauth requires); every step in
the audit log, the pages as strict about CSP and headings as the rest of the site."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core import mail
from django.urls import reverse
from django.utils import translation
from tests.mfa_helpers import (
    confirm_with_password,
    enter_code,
    our_page,
    recovery_codes,
    sign_in_with_password,
    totp_code,
    turn_on_totp,
)

from brobygger.core.models import ActivityLog

PROFILE = reverse("people:profile-edit")
ACTIVATE = reverse("mfa_activate_totp")
DEACTIVATE = reverse("mfa_deactivate_totp")
CODES = reverse("mfa_view_recovery_codes")
GENERATE = reverse("mfa_generate_recovery_codes")

pytestmark = pytest.mark.django_db


@pytest.fixture
def anne_confirmed(client, mentee_anne):  # type: ignore[no-untyped-def]
    """Anne, signed in with her password and freshly confirmed, in English."""
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    sign_in_with_password(client, "anne@a.example")
    confirm_with_password(client, ACTIVATE)
    return mentee_anne


def _actions(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        ActivityLog.objects.filter(actor=user, action__startswith="auth.mfa")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_profile_links_to_two_factor_setup(client, mentee_anne):
    client.force_login(mentee_anne.user)
    html = client.get(PROFILE).content.decode()
    assert '<h2 id="mfa-heading">Tofaktorautentisering</h2>' in html
    # the two-factor page, where she chooses a passkey or an authenticator app
    index = reverse("mfa_index")
    assert f'<a class="button" href="{index}">Slå på tofaktorautentisering</a>' in html
    turn_on_totp(mentee_anne.user)
    html = client.get(PROFILE).content.decode()
    assert "Slå på tofaktorautentisering" not in html
    assert (
        f'<a class="button button-secondary" href="{index}">'
        "Administrer tofaktorautentisering</a>" in html
    )


def test_setting_up_asks_for_the_password_first(client, mentee_anne):
    sign_in_with_password(client, "anne@a.example")
    response = client.get(ACTIVATE)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    )


def test_setup_page_shows_the_qr_code_and_the_key_without_inline_style(client, anne_confirmed):
    response = client.get(ACTIVATE)
    html = our_page(response)
    assert "no-store" in response["Cache-Control"]
    secret = response.context["form"].secret
    assert re.search(r'<div class="totp-qr" role="img" aria-label="[^"]+"><svg ', html)
    assert "<?xml" not in html
    assert "data:image" not in html
    assert re.search(r'<label for="totp-secret">[^<]+</label>', html)
    assert f'aria-describedby="totp-secret-help">{secret}</textarea>' in html
    assert '<label for="id_code">' in html
    assert 'inputmode="numeric"' in html


def test_a_wrong_code_turns_nothing_on(client, anne_confirmed):
    client.get(ACTIVATE)
    response = client.post(ACTIVATE, {"code": "000000"})
    assert response.status_code == 200
    with translation.override("en"):
        assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert list(Authenticator.objects.filter(user=anne_confirmed.user)) == []


def test_the_right_code_turns_it_on_and_shows_the_recovery_codes(
    client, anne_confirmed, django_capture_on_commit_callbacks
):
    secret = client.get(ACTIVATE).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert (response.status_code, response["Location"]) == (302, CODES)
    user = anne_confirmed.user
    totp = Authenticator.objects.get(user=user, type="totp")
    # Encrypted at rest: the database holds no usable secret.
    assert secret not in str(totp.data)
    assert decrypt(totp.data["secret"]) == secret
    assert _actions(user) == ["auth.mfa_activated", "auth.mfa_recovery_codes_generated"]
    assert ActivityLog.objects.filter(action="auth.mfa_activated").get().ip_address == "127.0.0.1"
    # A security notice by email.
    assert [m.to for m in mail.outbox] == [["anne@a.example"]]

    html = our_page(client.get(CODES))
    codes = recovery_codes(user)
    assert len(codes) == 10
    assert all(f"<li><code>{code}</code></li>" in html for code in codes)


def test_new_recovery_codes_replace_the_old_ones(
    client, anne_confirmed, django_capture_on_commit_callbacks
):
    user = anne_confirmed.user
    turn_on_totp(user)
    before = recovery_codes(user)
    our_page(client.get(GENERATE))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(GENERATE)
    assert (response.status_code, response["Location"]) == (302, CODES)
    after = recovery_codes(user)
    assert len(after) == 10
    assert set(after).isdisjoint(before)
    assert _actions(user) == ["auth.mfa_recovery_codes_regenerated"]
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.content.decode().split() == after


def test_turning_it_off_asks_for_the_password_and_removes_everything(
    client, mentee_anne, django_capture_on_commit_callbacks
):
    user = mentee_anne.user
    secret = turn_on_totp(user)
    sign_in_with_password(client, "anne@a.example")
    enter_code(client, totp_code(secret))
    response = client.get(DEACTIVATE)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    confirm_with_password(client, DEACTIVATE)
    our_page(client.get(DEACTIVATE))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DEACTIVATE)
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_index"))
    assert list(Authenticator.objects.filter(user=user)) == []
    assert _actions(user) == ["auth.mfa_deactivated", "auth.mfa_recovery_codes_removed"]
    assert len(mail.outbox) == 1


def test_overview_page(client, mentee_anne):
    client.force_login(mentee_anne.user)
    html = our_page(client.get(reverse("mfa_index"), HTTP_ACCEPT_LANGUAGE="en"))
    assert f'href="{ACTIVATE}"' in html
    turn_on_totp(mentee_anne.user)
    html = our_page(client.get(reverse("mfa_index")))
    assert f'href="{DEACTIVATE}"' in html
    assert f'href="{CODES}"' in html
