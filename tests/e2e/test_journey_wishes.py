"""Issue 17's journey: a senior marks someone as "not with"; the coordinator's run never
pairs them and shows why; the senior's proposal introduces the young mentor in her own
words."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from tests.e2e import test_journey_matching

from brobygger.applications.models import Application
from brobygger.matching.models import MatchRun, Wish
from brobygger.privacy.models import Consent, PrivacyNotice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
small_cohort = test_journey_matching.small_cohort  # the same small cohort, as a fixture

WORDS = "jobber med kunstig intelligens og video"


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("[name=login]", email)
    page.fill("[name=password]", "correct horse battery staple")
    page.locator("main form button[type=submit]").click()


def test_not_with_is_kept_and_the_proposal_introduces_the_young_mentor(
    page,
    browser,
    live_server,
    small_cohort,
    coordinator_cora,
    mentee_anne,
):
    cohort = small_cohort
    notice = PrivacyNotice.objects.create(version=1, text="Tekst", published_at=timezone.now())
    for mentor in Application.objects.filter(cohort=cohort, role="mentor"):
        Consent.objects.create(person=mentor.person, notice=notice, purpose="partner")
    anne = Application.objects.get(cohort=cohort, person=mentee_anne)
    bo = Application.objects.get(cohort=cohort, person__user__first_name="Bo")
    bo_name = bo.person.name

    # The senior says she should not be paired with Bo (a client of hers).
    _sign_in(page, "anne@a.example")
    page.goto(f"/applications/{anne.code}/")
    page.get_by_role("link", name="Gi ønskene dine").click()
    page.fill("[name=avoid]", bo_name)
    page.get_by_role("button", name="Lagre ønskene mine").click()
    assert page.locator(".message-success").inner_text().strip() == (
        "Ønskene dine er lagret. Bare koordinatoren ser dem."
    )
    assert Wish.objects.get().other == bo

    # The coordinator's run never pairs them, and her page says why.
    coordinator_cora.user.language = "en"
    coordinator_cora.user.save()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    cora = context.new_page()
    errors: list[str] = []
    cora.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_in(cora, "cora@c.example")
    cora.get_by_role("link", name="Coordination").click()
    cora.locator(f"a[href*='/coordinate/{cohort.code}/applications/']").first.click()
    cora.get_by_role("link", name="Matching", exact=True).click()
    with cora.expect_navigation():
        cora.get_by_role("button", name="Run matching").click()
    run = MatchRun.objects.get()
    pairs = {(p["mentee"], p["mentor"]) for p in run.result["pairs"]}
    assert (str(anne.code), str(bo.code)) not in pairs
    assert [str(anne.code), str(bo.code)] in run.instance["forbidden"]
    assert cora.locator(".match-wishes li").all_inner_texts() == [f"Anne Aas: not with {bo_name}"]
    with cora.expect_navigation():
        cora.get_by_role("button", name="Send the proposal").click()
    cora.get_by_role("button", name="Send the proposal").click()
    expect(cora.locator(".message-success")).to_have_count(1)
    context.close()
    assert errors == []

    # The senior's proposal introduces the young mentor in her own words.
    message = next(m for m in reversed(mail.outbox) if m.to == ["anne@a.example"])
    link = re.search(r"(/proposals/[0-9a-f-]+/[A-Za-z0-9_-]+/)", message.body).group(1)
    page.goto(link)
    partner = page.locator("#partner-heading").inner_text()
    assert partner != bo_name
    assert page.locator("#words-heading").inner_text() == f"Med {partner} sine egne ord"
    assert page.locator(".own-words blockquote").inner_text() == WORDS
    assert page.locator(".introduction-common li").count() >= 1
    expect(page.locator(".answer-by")).to_have_count(1)
    assert page.console_errors == []
