"""A visitor opens the home page, switches to English and signs in with an emailed code."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_language_switch_and_sign_in_with_code(page, mentee_anne, open_cohort):
    page.goto("/")
    assert page.locator("h1").inner_text() == (
        "Vi bygger broer på tvers av generasjoner og virksomheter"
    )
    expect(page.get_by_text("Søknadsperioden er åpen")).to_have_count(1)

    page.get_by_role("button", name=re.compile("^EN")).click()
    assert page.locator("h1").inner_text() == "Building bridges across generations and companies"
    page.reload()  # the choice persists
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Send me a sign-in code").click()
    page.get_by_label("Email").fill("anne@a.example")
    page.get_by_role("button", name=re.compile("Request Code|Send", re.I)).click()
    page.wait_for_url(re.compile("/accounts/login/code/confirm/"))

    assert [m.to for m in mail.outbox] == [["anne@a.example"]]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[0].body, re.M).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name=re.compile("Sign In|Confirm", re.I)).click()

    page.get_by_role("link", name="My profile").click()
    assert page.locator("h1").inner_text() == "My profile"
    assert page.get_by_label("Job title").input_value() == "Direktør HR"
    assert page.console_errors == []
