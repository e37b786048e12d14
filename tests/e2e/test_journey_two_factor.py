"""A coordinator on her phone is asked to turn on two-factor authentication, scans the key
into her app, keeps her recovery codes, and from then on signs in with a code from the app
(her own phone she trusts for 30 days)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect
from tests.mfa_helpers import PASSWORD, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = (
    "Du koordinerer et initiativ og kan se deltakernes personopplysninger, "
    "derfor må du bruke tofaktorautentisering."
)


def _sign_in_with_password(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("[name=login]", "cora@c.example")
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_coordinator_turns_on_two_factor_and_signs_in_with_it(
    page, settings, coordinator_cora, open_cohort
):
    settings.BROBYGGER_COORDINATOR_MFA = "required"
    _sign_in_with_password(page)

    # Every page sends her to the setup, which first asks her to confirm her password.
    page.goto("/coordinate/")
    page.wait_for_url(re.compile("/accounts/reauthenticate/"))
    expect(page.get_by_text(REASON)).to_have_count(1)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/accounts/2fa/totp/activate/"))
    assert page.locator("h1").inner_text() == "Sett opp en autentiseringsapp"
    expect(page.get_by_role("img", name=re.compile("QR"))).to_have_count(1)

    # Her app shows a code for the key on the page; a wrong code first changes nothing.
    secret = page.get_by_label(re.compile("Skriv inn denne nøkkelen")).input_value()
    page.get_by_label(re.compile("sekssifrede koden")).fill("000000")
    page.get_by_role("button", name="Slå på tofaktorautentisering").click()
    assert page.locator("h1").inner_text() == "Sett opp en autentiseringsapp"
    assert not Authenticator.objects.filter(user=coordinator_cora.user, type="totp").exists()
    page.get_by_label(re.compile("sekssifrede koden")).fill(totp_code(secret))
    page.get_by_role("button", name="Slå på tofaktorautentisering").click()

    # She is shown her recovery codes, and the coordination pages open again.
    assert page.locator("h1").inner_text() == "Gjenopprettingskoder"
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.goto("/coordinate/")
    assert page.locator("h1").inner_text() == "Koordinering"

    # Next time: the password, then a code from the app (a new one: a code works once).
    page.context.clear_cookies()
    _sign_in_with_password(page)
    page.wait_for_url(re.compile("/accounts/2fa/authenticate/"))
    assert page.locator("h1").inner_text() == "Skriv inn koden fra appen"
    page.get_by_label(re.compile("[Kk]ode")).fill(totp_code(secret, steps=1))
    page.get_by_role("button", name="Logg inn").click()

    # On her own phone she trusts this browser: the next sign-in needs no code from the app.
    page.wait_for_url(re.compile("/accounts/2fa/trust/"))
    assert page.locator("h1").inner_text() == "Vil du stole på denne nettleseren?"
    page.get_by_role("button", name="Stol på i 30 dager").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    page.goto("/coordinate/")
    assert page.locator("h1").inner_text() == "Koordinering"
    page.locator("form[action='/accounts/logout/'] button").first.click()
    page.wait_for_url(lambda url: "/coordinate/" not in url)
    assert "sessionid" not in {cookie["name"] for cookie in page.context.cookies()}
    _sign_in_with_password(page)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert "/accounts/2fa/" not in page.url  # no code asked for
    page.goto("/coordinate/")
    assert page.locator("h1").inner_text() == "Koordinering"
    assert page.console_errors == []
