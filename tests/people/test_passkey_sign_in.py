"""Signing in with a passkey: one tap on "Sign in with a passkey" (the phone checks her face,
finger or screen lock), no password and no code, and no second step even when she also has an
authenticator app. After a password or an emailed code, a passkey is also her second step;
before a sensitive change, it confirms it is her."""

from __future__ import annotations

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.urls import reverse
from tests.mfa_helpers import (
    SoftPasskey,
    add_passkey,
    our_page,
    recovery_codes,
    sign_in_with_password,
    signed_in_user_id,
    turn_on_totp,
)
from tests.settings_probe import settings_in_process

from brobygger.core.models import ActivityLog

LOGIN = reverse("account_login")
PASSKEY_LOGIN = reverse("mfa_login_webauthn")
AUTHENTICATE = reverse("mfa_authenticate")
TRUST = reverse("mfa_trust")
HOME = reverse("programs:home")
FAILED = (
    "Passnøkkelen virket ikke her. Prøv igjen, eller logg inn med passordet ditt eller en kode "
    "på e-post."
)

pytestmark = pytest.mark.django_db


def _tap(client, phone: SoftPasskey, **extra: str):  # type: ignore[no-untyped-def]
    """What the sign-in page's script does: fetch a challenge, let the phone answer it (Face
    ID), post the answer."""
    options = client.get(PASSKEY_LOGIN, HTTP_ACCEPT="application/json").json()
    credential = phone.get(options["request_options"])
    return client.post(PASSKEY_LOGIN, {"credential": json.dumps(credential), **extra})


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_sign_in_page_has_a_passkey_button(client):
    html = our_page(client.get(LOGIN + "?next=/pairs/"))
    assert re.search(
        r'<button type="submit" form="mfa_login" id="passkey_login" class="button '
        r'button-secondary" data-passkey aria-describedby="passkey-login-help">'
        r"Logg inn med passnøkkel</button>",
        html,
    )
    form = re.search(
        r'<form id="mfa_login" action="([^"]+)" method="post" hidden>(.*?)</form>', html, re.S
    )
    assert form.group(1) == PASSKEY_LOGIN
    assert '<input type="hidden" name="next" value="/pairs/">' in form.group(2)
    assert '<input type="hidden" name="credential" id="mfa_credential">' in form.group(2)
    assert "Logg inn med Face ID, fingeravtrykket ditt eller skjermlåsen, uten passord." in html
    # The password form's button stays the only submit button in a form of the page's content.
    main = html[html.index("<main") : html.index("</main>")]
    assert len(re.findall(r"<form[^>]*>(?:(?!</form>).)*<button type=\"submit\"", main, re.S)) == 1


def test_the_emailed_code_page_offers_the_passkey_too(client):
    html = our_page(client.get(reverse("account_request_login_code")))
    assert "<h1>Send meg en innloggingskode</h1>" in html
    assert ">Logg inn med passnøkkel</button>" in html
    assert f'<a href="{LOGIN}" class="button button-secondary">Logg inn med passord</a>' in html


def test_one_tap_signs_her_in_without_a_second_step(client, mentee_anne):
    user = mentee_anne.user
    turn_on_totp(user)  # an app too: the passkey is both factors, no code asked
    passkey, phone = add_passkey(user)
    response = _tap(client, phone)
    assert (response.status_code, response["Location"]) == (302, HOME)
    assert signed_in_user_id(client) == str(user.pk)
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    entries = ActivityLog.objects.filter(actor=user).order_by("id")
    assert [(e.action, e.ip_address) for e in entries] == [
        ("auth.passkey_sign_in", "127.0.0.1"),
        ("auth.sign_in", "127.0.0.1"),
    ]
    assert our_page(client.get(reverse("people:profile-edit")))


def test_from_an_email_link_she_lands_where_the_link_pointed(client, mentee_anne):
    _passkey, phone = add_passkey(mentee_anne.user)
    response = _tap(client, phone, next="/applications/")
    assert (response.status_code, response["Location"]) == (302, "/applications/")
    assert signed_in_user_id(client) == str(mentee_anne.user.pk)


def test_a_passkey_that_did_not_check_it_was_her_signs_nobody_in(client, mentee_anne):
    _passkey, phone = add_passkey(mentee_anne.user)
    phone.user_verified = False
    response = _tap(client, phone)
    assert (response.status_code, response["Location"]) == (302, LOGIN)
    assert _messages(response) == [FAILED]
    assert signed_in_user_id(client) is None
    assert not ActivityLog.objects.filter(action__startswith="auth.passkey").exists()


def test_a_passkey_removed_here_signs_nobody_in(client, mentee_anne):
    passkey, phone = add_passkey(mentee_anne.user)
    passkey.delete()
    response = _tap(client, phone)
    assert (response.status_code, response["Location"]) == (302, LOGIN)
    assert _messages(response) == [FAILED]
    assert signed_in_user_id(client) is None


def test_an_answer_to_another_challenge_is_refused(client, mentee_anne):
    _passkey, phone = add_passkey(mentee_anne.user)
    stale = client.get(PASSKEY_LOGIN, HTTP_ACCEPT="application/json").json()
    client.get(PASSKEY_LOGIN, HTTP_ACCEPT="application/json")  # a new challenge replaces it
    credential = phone.get(stale["request_options"])
    client.post(PASSKEY_LOGIN, {"credential": json.dumps(credential)})
    assert signed_in_user_id(client) is None


def test_the_challenge_is_json_only(client):
    response = client.get(PASSKEY_LOGIN)
    assert (response.status_code, response["Location"]) == (302, LOGIN)
    options = client.get(PASSKEY_LOGIN, HTTP_ACCEPT="application/json").json()["request_options"]
    assert (options["publicKey"]["rpId"], options["publicKey"]["userVerification"]) == (
        "testserver",
        "required",
    )


def test_after_a_password_her_passkey_is_the_second_step(client, mentee_anne):
    _passkey, phone = add_passkey(mentee_anne.user)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(mentee_anne.user)
    response = sign_in_with_password(client, "anne@a.example")
    assert (response.status_code, response["Location"]) == (302, AUTHENTICATE)
    page = client.get(AUTHENTICATE)
    html = our_page(page)
    assert "<h1>Bruk passnøkkelen din</h1>" in html
    assert ">Bruk passnøkkelen din</button>" in html
    assert '<label for="id_code">Gjenopprettingskode:</label>' in html
    credential = phone.get(page.context["js_data"]["request_options"])
    response = client.post(AUTHENTICATE, {"credential": json.dumps(credential)})
    assert (response.status_code, response["Location"]) == (302, TRUST)
    client.post(TRUST, {"action": "skip"})
    assert signed_in_user_id(client) == str(mentee_anne.user.pk)
    # A second step, not a sign-in by passkey alone.
    assert list(
        ActivityLog.objects.filter(actor=mentee_anne.user).values_list("action", flat=True)
    ) == ["auth.sign_in"]


def test_without_her_phone_a_recovery_code_does(client, mentee_anne):
    add_passkey(mentee_anne.user)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(mentee_anne.user)
    sign_in_with_password(client, "anne@a.example")
    client.post(AUTHENTICATE, {"code": recovery_codes(mentee_anne.user)[0]})
    client.post(TRUST, {"action": "skip"})
    assert signed_in_user_id(client) == str(mentee_anne.user.pk)


def test_with_an_app_and_a_passkey_the_second_step_offers_both(client, mentee_anne):
    turn_on_totp(mentee_anne.user)
    add_passkey(mentee_anne.user)
    sign_in_with_password(client, "anne@a.example")
    html = our_page(client.get(AUTHENTICATE))
    assert "<h1>Bruk passnøkkelen din</h1>" in html
    assert (
        '<label for="id_code">Kode fra autentiseringsappen, eller en gjenopprettingskode:</label>'
        in html
    )


def test_she_confirms_it_is_her_with_her_passkey(client, mentee_anne):
    user = mentee_anne.user
    passkey, phone = add_passkey(user)
    client.force_login(user)
    add = reverse("mfa_add_webauthn")
    url = client.get(add)["Location"]
    assert (
        url
        == f"{reverse('mfa_reauthenticate_webauthn')}?next=%2Faccounts%2F2fa%2Fwebauthn%2Fadd%2F"
    )
    page = client.get(url)
    html = our_page(page)
    assert ">Bruk passnøkkelen din</button>" in html
    alternatives = re.findall(
        r'<a href="([^"]+)" class="button button-secondary"\s*>\s*([^<]+?)\s*</a>', html
    )
    assert [label for _url, label in alternatives] == [
        "Bruk passordet ditt",
        "Send meg en innloggingskode",
    ]
    credential = phone.get(page.context["js_data"]["request_options"])
    response = client.post(url, {"credential": json.dumps(credential), "next": add})
    assert (response.status_code, response["Location"]) == (302, add)
    assert client.get(add).status_code == 200
    assert Authenticator.objects.get(pk=passkey.pk).last_used_at is not None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"BROBYGGER_DEBUG": "0"}, "False"),
        ({"BROBYGGER_DEBUG": "1"}, "True"),
        ({"BROBYGGER_DEBUG": "0", "BROBYGGER_TESTING": "1"}, "True"),
    ],
)
def test_the_origin_is_checked_in_production(env, expected):
    """Only in development and tests is the browser's origin taken on trust (Django's test
    client calls itself http://testserver)."""
    shown = settings_in_process(
        env,
        "s.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN, s.MFA_PASSKEY_LOGIN_ENABLED, "
        "s.MFA_PASSKEY_SIGNUP_ENABLED",
    )
    assert shown.split() == [expected, "True", "False"]


def test_when_her_passkey_does_not_answer_she_stays_on_the_confirmation(client, mentee_anne):
    user = mentee_anne.user
    add_passkey(user)
    _other, stranger = add_passkey(user, name="Borrowed")
    Authenticator.objects.filter(pk=_other.pk).delete()  # a passkey no longer hers
    client.force_login(user)
    add = reverse("mfa_add_webauthn")
    url = client.get(add)["Location"]
    page = client.get(url)
    credential = stranger.get(page.context["js_data"]["request_options"])
    response = client.post(url, {"credential": json.dumps(credential), "next": add})
    assert (response.status_code, response["Location"]) == (302, url)
    page = client.get(url)
    assert _messages(page) == [
        "Passnøkkelen virket ikke her. Prøv igjen, eller bekreft at det er deg på en annen måte."
    ]
    assert f'<input type="hidden" name="next" value="{add}">' in our_page(page)
    # a "next" elsewhere is not kept
    response = client.post(url, {"credential": "{}", "next": "https://evil.example/"})
    assert response["Location"] == reverse("mfa_reauthenticate_webauthn")


@pytest.mark.parametrize(
    "credential",
    [
        {"id": "x", "response": {}},
        {"id": "x", "rawId": "x", "response": "not an object", "type": "public-key"},
        {"id": "x", "rawId": "eA", "response": {"clientDataJSON": "%%%"}, "type": "public-key"},
        [1, 2, 3],
        "a string",
    ],
)
def test_a_forged_answer_signs_nobody_in_and_breaks_nothing(client, mentee_anne, credential):
    add_passkey(mentee_anne.user)
    client.get(PASSKEY_LOGIN, HTTP_ACCEPT="application/json")
    response = client.post(PASSKEY_LOGIN, {"credential": json.dumps(credential)})
    assert (response.status_code, response["Location"]) == (302, LOGIN)
    assert _messages(response) == [FAILED]
    assert signed_in_user_id(client) is None
