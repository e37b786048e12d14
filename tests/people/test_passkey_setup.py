"""Adding a passkey from the two-factor page: after confirming her password, as allauth
requires; named after her device; always a real passkey (kept by the phone, Face ID or the
screen lock checked); the first one brings recovery codes, like an authenticator app. Every
step in the audit log, a notice by email, the pages as strict as the rest of the site."""

from __future__ import annotations

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from tests.mfa_helpers import (
    SoftPasskey,
    add_passkey,
    confirm_with_password,
    our_page,
    sign_in_with_password,
    turn_on_totp,
)

from brobygger.core.models import ActivityLog

ADD = reverse("mfa_add_webauthn")
CODES = reverse("mfa_view_recovery_codes")
INDEX = reverse("mfa_index")
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def anne_confirmed(client, mentee_anne):  # type: ignore[no-untyped-def]
    """Anne, signed in with her password and freshly confirmed."""
    sign_in_with_password(client, "anne@a.example")
    confirm_with_password(client, ADD)
    return mentee_anne


def _actions(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        ActivityLog.objects.filter(actor=user, action__startswith="auth.")
        .exclude(action="auth.sign_in")
        .order_by("id")
        .values_list("action", flat=True)
    )


def _add(client, phone: SoftPasskey, *, name: str | None = None, agent: str = IPHONE):  # type: ignore[no-untyped-def]
    """Open the page, let the phone make the passkey, post it as allauth's script does."""
    response = client.get(ADD, HTTP_USER_AGENT=agent)
    form = response.context["form"]
    credential = phone.create(response.context["js_data"]["creation_options"])
    data = {
        "name": form.initial["name"] if name is None else name,
        "passwordless": "on",
        "credential": json.dumps(credential),
    }
    return client.post(ADD, data, HTTP_USER_AGENT=agent)


def test_adding_asks_for_the_password_first(client, mentee_anne):
    sign_in_with_password(client, "anne@a.example")
    response = client.get(ADD)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('account_reauthenticate')}?next=%2Faccounts%2F2fa%2Fwebauthn%2Fadd%2F",
    )


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(ADD)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('account_login')}?next=%2Faccounts%2F2fa%2Fwebauthn%2Fadd%2F",
    )


def test_the_page_names_the_passkey_after_her_phone(client, anne_confirmed):
    response = client.get(ADD, HTTP_USER_AGENT=IPHONE)
    html = our_page(response)
    assert "no-store" in response["Cache-Control"]
    assert response.context["form"].initial["name"] == "iPhone"
    assert "<h1>Legg til en passnøkkel</h1>" in html
    assert 'value="iPhone"' in html
    # Always a passkey: allauth's "passwordless" box, checked and out of sight.
    assert '<input type="checkbox" name="passwordless" hidden id="id_passwordless" checked>' in html
    assert re.findall(r'<script src="/static/([^"]+)"', html) == [
        "vendor/htmx.min.js",
        "brobygger/tables.js",
        "mfa/js/webauthn-json.js",
        "mfa/js/webauthn.js",
        "account/js/onload.js",
        "brobygger/passkeys.js",
    ]
    options = response.context["js_data"]["creation_options"]["publicKey"]
    assert (options["rp"], options["user"]["name"]) == (
        {"id": "testserver", "name": "Bølge – kvinner i tech (demo)"},
        "anne@a.example",
    )


def test_the_first_passkey_brings_recovery_codes(
    client, anne_confirmed, django_capture_on_commit_callbacks
):
    user = anne_confirmed.user
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client, SoftPasskey())
    assert (response.status_code, response["Location"]) == (302, CODES)
    passkey = Authenticator.objects.get(user=user, type="webauthn")
    assert passkey.data["name"] == "iPhone"
    assert passkey.wrap().is_passwordless is True
    assert sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == [
        "recovery_codes",
        "webauthn",
    ]
    assert _actions(user) == ["auth.passkey_added", "auth.mfa_recovery_codes_generated"]
    entry = ActivityLog.objects.get(action="auth.passkey_added")
    assert (entry.actor, entry.ip_address) == (user, "127.0.0.1")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["anne@a.example"], "[Brobygger] Passnøkkel lagt til")
    ]
    assert "En passnøkkel ble lagt til på kontoen din." in mail.outbox[0].body
    html = our_page(client.get(CODES))
    assert html.count("<li><code>") == 10


def test_a_second_passkey_gets_a_numbered_name_and_no_new_codes(client, anne_confirmed):
    user = anne_confirmed.user
    add_passkey(user, name="iPhone")
    turn_on_totp(user)  # her codes came with the app
    codes = Authenticator.objects.get(user=user, type="recovery_codes")
    response = _add(client, SoftPasskey())
    assert (response.status_code, response["Location"]) == (302, INDEX)
    names = [a.data["name"] for a in Authenticator.objects.filter(type="webauthn").order_by("id")]
    assert names == ["iPhone", "iPhone (2)"]
    assert Authenticator.objects.get(user=user, type="recovery_codes") == codes


def test_her_own_name_and_another_device(client, anne_confirmed):
    response = client.get(ADD, HTTP_USER_AGENT=WINDOWS)
    assert response.context["form"].initial["name"] == "Windows"
    _add(client, SoftPasskey(), name="  Jobb-PC  ", agent=WINDOWS)
    assert Authenticator.objects.get(type="webauthn").data["name"] == "Jobb-PC"


def test_an_empty_name_is_named_for_her(client, anne_confirmed):
    _add(client, SoftPasskey(), name="", agent="curl/8.0")
    assert Authenticator.objects.get(type="webauthn").data["name"] == "Passnøkkel"


def test_a_key_that_did_not_check_it_was_her_is_refused(client, anne_confirmed):
    response = _add(client, SoftPasskey(user_verified=False))
    html = our_page(response)
    assert response.context["form"].non_field_errors() == [
        "Passnøkkelen ble ikke lagt til. Prøv igjen."
    ]
    assert "Passnøkkelen ble ikke lagt til. Prøv igjen." in html
    assert list(Authenticator.objects.all()) == []
    assert _actions(anne_confirmed.user) == []


def test_the_same_answer_twice_is_refused(client, anne_confirmed):
    phone = SoftPasskey()
    response = client.get(ADD, HTTP_USER_AGENT=IPHONE)
    credential = json.dumps(phone.create(response.context["js_data"]["creation_options"]))
    client.post(ADD, {"name": "iPhone", "passwordless": "on", "credential": credential})
    replay = client.post(ADD, {"name": "Kopi", "passwordless": "on", "credential": credential})
    assert replay.context["form"].non_field_errors() == [
        "Passnøkkelen ble ikke lagt til. Prøv igjen."
    ]
    assert [a.data["name"] for a in Authenticator.objects.filter(type="webauthn")] == ["iPhone"]


def test_a_long_name_is_refused(client, anne_confirmed):
    response = _add(client, SoftPasskey(), name="x" * 101)
    assert response.context["form"].errors["name"] == [
        "Sørg for at denne verdien har 100 eller færre tegn (den har nå 101)."
    ]
    assert list(Authenticator.objects.all()) == []


def test_an_unverified_address_cannot_add_one(client, anne_confirmed):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=anne_confirmed.user, email="anne@ny.example", verified=False)
    response = client.get(ADD)
    assert (response.status_code, response["Location"]) == (302, INDEX)
    assert list(Authenticator.objects.all()) == []
