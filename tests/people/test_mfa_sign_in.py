"""Signing in with two-factor authentication on: the password or emailed code, then a code
from the app (or a recovery code, once). A wrong or replayed code signs nobody in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation
from tests.mfa_helpers import (
    INLINE_SCRIPT,
    INLINE_STYLE,
    PASSWORD,
    confirm_with_password,
    enter_code,
    recovery_codes,
    sign_in_with_password,
    signed_in_user_id,
    totp_code,
    turn_on_totp,
)

from brobygger.core.models import ActivityLog

AUTHENTICATE = reverse("mfa_authenticate")
TRUST = reverse("mfa_trust")
TRUST_COOKIE = "brobygger_trusted_browser"

pytestmark = pytest.mark.django_db


@pytest.fixture
def anne_secret(mentee_anne):  # type: ignore[no-untyped-def]
    return turn_on_totp(mentee_anne.user)


def test_password_alone_does_not_sign_in(client, mentee_anne, anne_secret):
    response = sign_in_with_password(client, "anne@a.example")
    assert (response.status_code, response["Location"]) == (302, AUTHENTICATE)
    assert signed_in_user_id(client) is None
    assert client.get(reverse("people:profile-edit")).status_code == 302


def test_code_page_is_one_of_ours(client, mentee_anne, anne_secret):
    sign_in_with_password(client, "anne@a.example")
    html = client.get(AUTHENTICATE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []
    assert '<label for="id_code">' in html
    assert 'autocomplete="one-time-code"' in html


def test_wrong_code_is_refused_with_a_clear_message(client, mentee_anne, anne_secret):
    sign_in_with_password(client, "anne@a.example")
    response = client.post(AUTHENTICATE, {"code": "123456"})
    assert response.status_code == 200
    with translation.override("en"):
        assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert signed_in_user_id(client) is None
    entry = ActivityLog.objects.get(action="auth.mfa_failed")
    assert (entry.actor, entry.target, entry.data, entry.ip_address) == (
        None,
        mentee_anne.user,
        {"reauthentication": False},
        "127.0.0.1",
    )
    assert not ActivityLog.objects.filter(action="auth.sign_in").exists()


def test_right_code_asks_about_this_browser_then_signs_in(client, mentee_anne, anne_secret):
    sign_in_with_password(client, "anne@a.example")
    response = client.post(AUTHENTICATE, {"code": totp_code(anne_secret)})
    assert (response.status_code, response["Location"]) == (302, TRUST)
    assert signed_in_user_id(client) is None
    response = client.post(TRUST, {"action": "skip"})
    assert (response.status_code, response["Location"]) == (302, reverse("programs:home"))
    assert signed_in_user_id(client) == str(mentee_anne.user.pk)
    assert TRUST_COOKIE not in response.cookies
    assert ActivityLog.objects.filter(action="auth.sign_in", actor=mentee_anne.user).count() == 1


def test_a_code_from_the_previous_half_minute_still_works(client, mentee_anne, anne_secret):
    sign_in_with_password(client, "anne@a.example")
    enter_code(client, totp_code(anne_secret, steps=-1))
    assert signed_in_user_id(client) == str(mentee_anne.user.pk)


def test_a_code_cannot_be_replayed(client, mentee_anne, anne_secret):
    code = totp_code(anne_secret)
    sign_in_with_password(client, "anne@a.example")
    enter_code(client, code)
    client.post(reverse("account_logout"))
    sign_in_with_password(client, "anne@a.example")
    response = enter_code(client, code)
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_emailed_sign_in_code_then_app_code(
    client, mentee_anne, anne_secret, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "anne@a.example"})
    emailed = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M)
    assert emailed
    response = client.post(reverse("account_confirm_login_code"), {"code": emailed.group(1)})
    assert (response.status_code, response["Location"]) == (302, AUTHENTICATE)
    assert signed_in_user_id(client) is None
    enter_code(client, totp_code(anne_secret))
    assert signed_in_user_id(client) == str(mentee_anne.user.pk)


def test_a_recovery_code_signs_in_once(client, mentee_anne, anne_secret):
    code = recovery_codes(mentee_anne.user)[0]
    sign_in_with_password(client, "anne@a.example")
    enter_code(client, code)
    assert signed_in_user_id(client) == str(mentee_anne.user.pk)
    assert code not in recovery_codes(mentee_anne.user)
    assert ActivityLog.objects.filter(action="auth.mfa_recovery_code_used").count() == 1
    client.post(reverse("account_logout"))
    sign_in_with_password(client, "anne@a.example")
    enter_code(client, code)
    assert signed_in_user_id(client) is None


def test_without_two_factor_the_password_is_enough(client, mentor_bo):
    response = sign_in_with_password(client, "bo@b.example")
    assert response["Location"] == reverse("programs:home")
    assert signed_in_user_id(client) == str(mentor_bo.user.pk)


def test_repeated_wrong_codes_are_throttled(client, mentee_anne, anne_secret):
    sign_in_with_password(client, "anne@a.example")
    for _ in range(5):
        client.post(AUTHENTICATE, {"code": "000000"})
    response = client.post(AUTHENTICATE, {"code": totp_code(anne_secret)})
    assert signed_in_user_id(client) is None
    with translation.override("en"):
        assert response.context["form"].errors == {
            "code": ["Too many failed login attempts. Try again later."]
        }


def test_the_admin_sign_in_cannot_skip_the_code(client, admin_ada):
    secret = turn_on_totp(admin_ada.user)
    admin_login = reverse("admin:login")
    response = client.get(admin_login, {"next": "/admin/"})
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"
    client.post(
        admin_login, {"username": "ada@net.example", "password": "correct horse battery staple"}
    )
    assert signed_in_user_id(client) is None
    sign_in_with_password(client, "ada@net.example")
    enter_code(client, totp_code(secret))
    assert client.get(reverse("admin:index")).status_code == 200


def test_confirming_with_a_code_before_a_change(client, mentee_anne, anne_secret):
    client.force_login(mentee_anne.user)
    url = reverse("mfa_reauthenticate")
    html = client.get(url).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []
    client.post(url, {"code": "000000"})
    entry = ActivityLog.objects.get(action="auth.mfa_failed")
    assert (entry.actor, entry.target, entry.data) == (
        mentee_anne.user,
        None,
        {"reauthentication": True},
    )
    response = client.post(url, {"code": totp_code(anne_secret), "next": reverse("mfa_index")})
    assert (response.status_code, response["Location"]) == (302, reverse("mfa_index"))


def _sign_in_and_trust(client, secret: str, *, steps: int = 0):  # type: ignore[no-untyped-def]
    sign_in_with_password(client, "anne@a.example")
    return enter_code(client, totp_code(secret, steps=steps), trust=True)


def test_trust_page_is_one_of_ours(client, mentee_anne, anne_secret):
    sign_in_with_password(client, "anne@a.example")
    client.post(AUTHENTICATE, {"code": totp_code(anne_secret)})
    html = client.get(TRUST).content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Vil du stole på denne nettleseren?"]
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []
    assert (
        "hoppe over det andre steget (koden fra appen eller passnøkkelen din) her i 30 dager"
        in html
    )
    button = r'<button type="submit" name="action" value="(\w+)"[^>]*>(.*?)</button>'
    buttons = re.findall(button, html)
    assert buttons == [("trust", "Stol på i 30 dager"), ("skip", "Ikke nå")]


def test_a_trusted_browser_signs_in_without_a_code(client, mentee_anne, anne_secret):
    response = _sign_in_and_trust(client, anne_secret)
    assert response["Location"] == reverse("programs:home")
    cookie = response.cookies[TRUST_COOKIE]
    assert (cookie["max-age"], cookie["httponly"], cookie["samesite"]) == (
        30 * 24 * 60 * 60,
        True,
        "Lax",
    )
    client.post(reverse("account_logout"))
    response = sign_in_with_password(client, "anne@a.example")
    assert response["Location"] == reverse("programs:home")
    assert signed_in_user_id(client) == str(mentee_anne.user.pk)


def test_trust_is_personal_and_ends_after_30_days(client, mentee_anne, anne_secret, mentor_bo):
    _sign_in_and_trust(client, anne_secret)
    client.post(reverse("account_logout"))
    # Bo signs in on Anne's trusted browser: his own code is still asked for.
    bo_secret = turn_on_totp(mentor_bo.user)
    response = sign_in_with_password(client, "bo@b.example")
    assert response["Location"] == AUTHENTICATE
    enter_code(client, totp_code(bo_secret))
    client.post(reverse("account_logout"))
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=30, minutes=1)):
        response = sign_in_with_password(client, "anne@a.example")
    assert response["Location"] == AUTHENTICATE
    assert signed_in_user_id(client) is None


def test_a_new_password_or_new_recovery_codes_end_the_trust(
    client, mentee_anne, anne_secret, django_capture_on_commit_callbacks
):
    _sign_in_and_trust(client, anne_secret)
    generate = reverse("mfa_generate_recovery_codes")
    confirm_with_password(client, generate)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(generate).status_code == 302
    client.post(reverse("account_logout"))
    assert sign_in_with_password(client, "anne@a.example")["Location"] == AUTHENTICATE
    _sign_in_and_trust(client, anne_secret, steps=1)
    client.post(reverse("account_logout"))
    user = mentee_anne.user
    user.set_password(PASSWORD)  # a new salt: a new hash, as a changed password gives
    user.save()
    assert sign_in_with_password(client, "anne@a.example")["Location"] == AUTHENTICATE


def test_a_forged_trust_cookie_is_ignored(client, mentee_anne, anne_secret):
    client.cookies[TRUST_COOKIE] = "W1siZmFrZSIsIDE3MDAwMDAwMDBdXQ:forged"
    assert sign_in_with_password(client, "anne@a.example")["Location"] == AUTHENTICATE
    assert signed_in_user_id(client) is None
