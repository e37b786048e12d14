"""A senior mentee who has no password (the coordinator imported her application) signs in on
her phone with an emailed code and adds a passkey. Next time she signs in with one tap: the
phone's Face ID (Chromium's virtual authenticator), nothing typed. Later she removes it,
confirming with the passkey itself."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import expect

from brobygger.core.models import ActivityLog

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
HOME = re.compile(r"^http://localhost:\d+/$")
PROFILE = re.compile(r"/profile/$")
TWO_FACTOR = re.compile(r"/accounts/2fa/$")
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.M)


@pytest.fixture
def phone(browser, live_server):  # type: ignore[no-untyped-def]
    """Her phone: a 390 px screen and a platform authenticator that keeps passkeys and
    verifies her (Face ID) at once."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        viewport={"width": 390, "height": 844},
        user_agent=IPHONE,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page.passkeys_on_phone = lambda: cdp.send(
        "WebAuthn.getCredentials", {"authenticatorId": added["authenticatorId"]}
    )["credentials"]
    yield page
    context.close()


def _code_from_the_latest_email() -> str:
    return CODE.search(mail.outbox[-1].body).group(1)


def test_senior_signs_in_with_one_tap_on_her_passkey(phone, mentee_anne, open_cohort):
    user = mentee_anne.user
    user.set_unusable_password()
    user.save()
    page = phone

    # Today: an emailed code, as always.
    page.goto("/accounts/login/")
    assert page.get_by_role("button", name="Logg inn med passnøkkel").is_visible()
    page.get_by_role("link", name="Send meg en innloggingskode").click()
    page.get_by_label(re.compile("E-post")).fill("anne@a.example")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/accounts/login/code/confirm/"))
    page.locator("main form input[name=code]").fill(_code_from_the_latest_email())
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(HOME)

    # My profile → Two-factor authentication → Add a passkey; she confirms it is her with
    # another emailed code (she has no password).
    page.get_by_role("link", name="Min profil").click()
    page.wait_for_url(PROFILE)
    page.get_by_role("link", name="Tofaktorautentisering", exact=True).click()
    page.wait_for_url(TWO_FACTOR)
    assert page.locator("h1").inner_text() == "Tofaktorautentisering"
    page.get_by_role("link", name="Legg til en passnøkkel").click()
    page.wait_for_url(re.compile("/accounts/reauthenticate/code/"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/accounts/reauthenticate/code/confirm/"))
    page.locator("main form input[name=code]").fill(_code_from_the_latest_email())
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(re.compile("/accounts/2fa/webauthn/add/"))
    assert page.locator("h1").inner_text() == "Legg til en passnøkkel"
    assert page.get_by_label("Navn").input_value() == "iPhone"

    # One tap, Face ID (the virtual authenticator), and she has a passkey and recovery codes.
    page.get_by_role("button", name="Legg til passnøkkel").click()
    page.wait_for_url(re.compile("/accounts/2fa/recovery-codes/"))
    assert page.locator("h1").inner_text() == "Gjenopprettingskoder"
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Ferdig").click()
    page.wait_for_url(TWO_FACTOR)
    assert page.locator("#passkeys h3").all_inner_texts() == ["iPhone"]
    passkey = Authenticator.objects.get(user=user, type="webauthn")
    assert passkey.wrap().is_passwordless is True
    on_phone = page.passkeys_on_phone()
    assert [(c["isResidentCredential"], c["rpId"]) for c in on_phone] == [(True, "localhost")]

    # She signs out. Next time: one tap, nothing typed, no code.
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(HOME)
    page.goto("/accounts/login/")
    sent = len(mail.outbox)
    page.get_by_role("button", name="Logg inn med passnøkkel").click()
    page.wait_for_url(HOME)
    assert len(mail.outbox) == sent
    page.get_by_role("link", name="Min profil").click()
    page.wait_for_url(PROFILE)
    assert page.locator("h1").inner_text() == "Min profil"
    assert page.get_by_label("Stillingstittel").input_value() == "Direktør HR"
    assert list(
        ActivityLog.objects.filter(actor=user, action="auth.passkey_sign_in").values_list(
            "ip_address", flat=True
        )
    ) == ["127.0.0.1"]

    # Removing it: she confirms with the passkey itself (offered first), then removes it.
    page.get_by_role("link", name="Tofaktorautentisering", exact=True).click()
    page.wait_for_url(TWO_FACTOR)
    page.get_by_role("link", name="Fjern iPhone").click()
    page.wait_for_url(re.compile("/accounts/2fa/webauthn/reauthenticate/"))
    page.get_by_role("button", name="Bruk passnøkkelen din").click()
    page.wait_for_url(re.compile("/accounts/2fa/passkeys/.+/remove/"))
    assert page.locator("h1").inner_text() == "Fjern passnøkkelen"
    page.get_by_role("button", name="Fjern passnøkkelen").click()
    page.wait_for_url(TWO_FACTOR)
    assert page.locator(".messages").inner_text() == "Passnøkkelen er fjernet."
    expect(page.locator("#passkeys h3")).to_have_count(0)
    assert list(Authenticator.objects.filter(user=user)) == []
    assert page.console_errors == []
