"""Issue 3's journey: a senior applies on her phone in Norwegian; the coordinator accepts her."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from tests.factories import TopicFactory

from brobygger.applications.models import Application
from brobygger.applications.services.forms import create_default_form
from brobygger.privacy.models import PrivacyNotice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def call_for_applications(open_cohort, company_a):
    PrivacyNotice.objects.create(
        version=1, text="Vi behandler søknaden din.", published_at=timezone.now()
    )
    TopicFactory(slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence")
    TopicFactory(slug="social-media", name="Sosiale medier", name_en="Social media")
    create_default_form(cohort=open_cohort, by=None)
    return open_cohort


def _code() -> str:
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M)
    assert match
    return match.group(1)


def test_senior_applies_and_coordinator_accepts(
    page, browser, live_server, call_for_applications, coordinator_cora
):
    cohort = call_for_applications
    # The senior, on her phone, in Norwegian.
    page.goto(f"/programs/{cohort.code}/")
    page.locator(".apply-buttons a").first.click()  # the senior side comes first
    page.fill("[name=email]", "randi.strand@havorn.example")
    page.fill("[name=first_name]", "Randi")
    page.fill("[name=last_name]", "Strand")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/accounts/login/code/confirm/"))
    page.fill("[name=code]", _code())
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(re.compile(f"/programs/{cohort.code}/apply/mentee/"))

    page.select_option("[name=company]", label="Nordlys Kraft AS")
    page.fill("[name=job_title]", "Konserndirektør teknologi")
    page.fill("[name=birth_year]", "1963")
    page.fill("[name=years_experience]", "37")
    page.select_option("[name=role_family]", "leadership")
    page.select_option("[name=industry]", "energy")
    page.check("[name=languages][value=nb]")
    page.fill("[name=city]", "Stavanger")
    page.check("[name=meeting_format][value=digital]")
    page.check("input[value=ai]")
    page.locator("textarea").first.fill("Holde meg oppdatert på KI og utfordre egne sannheter.")
    page.check("input[value=curiosity]")
    page.check("[name=consent]")
    page.locator("button[name=submit]").click()
    page.wait_for_url(re.compile("/applications/[0-9a-f-]+/$"))
    assert page.locator("html").get_attribute("lang") == "nb"
    expect(page.locator(".message-success")).to_have_count(1)

    application = Application.objects.get(person__user__email="randi.strand@havorn.example")
    assert (application.status, application.role) == ("submitted", "mentee")
    assert application.person.birth_year == 1963

    # The coordinator accepts her, in a browser of her own.
    coordinator_cora.user.language = "en"
    coordinator_cora.user.save()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    coordinator = context.new_page()
    coordinator.goto("/accounts/login/")
    coordinator.fill("[name=login]", "cora@c.example")
    coordinator.fill("[name=password]", "correct horse battery staple")
    coordinator.locator("main form button[type=submit]").click()
    coordinator.get_by_role("link", name="Coordination").click()
    coordinator.locator(f"a[href*='/coordinate/{cohort.code}/applications/']").first.click()
    coordinator.get_by_role("link", name="Randi Strand").click()
    coordinator.check("[name=decision][value=accepted]")
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Save decision").click()
    application.refresh_from_db()
    assert application.decision == "accepted"
    context.close()
    assert page.console_errors == []
