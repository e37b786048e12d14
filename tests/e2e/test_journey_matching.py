"""Issue 5's journey: the coordinator matches a reverse-mentoring cohort, the senior and the
mentor approve from their email links, the coordinator publishes, the senior sees her pair."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from tests.factories import CohortFactory, PersonFactory, QuestionFactory, TopicFactory
from tests.matching.conftest import accept

from brobygger.matching.models import MatchConstraint, MatchRun, ProposalSide
from brobygger.pairs.models import Pair

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_cohort(reverse_initiative, mentee_anne, company_a, company_b, company_c):
    cohort = CohortFactory(initiative=reverse_initiative, title="2027", status="review")
    for slug, name in [("ai", "Kunstig intelligens"), ("data", "Data"), ("video", "Video")]:
        TopicFactory(slug=slug, name=name, name_en=name)
    for role in ("mentee", "mentor"):
        QuestionFactory(cohort=cohort, role=role, kind="topics", matching_field="topics")
        QuestionFactory(cohort=cohort, role=role, kind="text", matching_field="text")
    accept(mentee_anne, cohort, "mentee", ["ai", "data"], "lære kunstig intelligens")
    seniors = [
        ("Eva", company_b, 1962, ["video"]),
        ("Kari", company_c, 1968, ["data"]),
        ("Liv", company_a, 1970, ["ai"]),
    ]
    for first, company, year, topics in seniors:
        person = PersonFactory(user__first_name=first, company=company, birth_year=year)
        accept(person, cohort, "mentee", topics, "holde meg oppdatert")
    mentors = [
        ("Bo", company_b, 1999, ["ai", "data"]),
        ("Ola", company_c, 1997, ["video"]),
        ("Siri", company_a, 2000, ["data"]),
        ("Tor", company_c, 1996, ["ai", "video"]),
    ]
    for first, company, year, topics in mentors:
        person = PersonFactory(user__first_name=first, company=company, birth_year=year)
        accept(person, cohort, "mentor", topics, "jobber med kunstig intelligens og video")
    return cohort


def _link(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    match = re.search(r"(/proposals/[0-9a-f-]+/[A-Za-z0-9_-]+/)", message.body)
    assert match
    return match.group(1)


def _answer(browser, live_server, path: str) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 390, "height": 844}
    )
    phone = context.new_page()
    errors: list[str] = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(path)
    expect(phone.locator("h1")).to_have_count(1)
    phone.check("[name=answer][value=approved]")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    expect(phone.locator(".message-success")).to_have_count(1)
    context.close()
    assert errors == []


def test_coordinator_matches_people_approve_and_senior_sees_her_pair(
    page, browser, live_server, small_cohort, coordinator_cora, mentee_anne
):
    cohort = small_cohort
    coordinator_cora.user.language = "en"
    coordinator_cora.user.save()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    cora = context.new_page()
    cora_errors: list[str] = []
    cora.on("console", lambda m: cora_errors.append(m.text) if m.type == "error" else None)
    cora.goto("/accounts/login/")
    cora.fill("[name=login]", "cora@c.example")
    cora.fill("[name=password]", "correct horse battery staple")
    cora.locator("main form button[type=submit]").click()
    cora.get_by_role("link", name="Coordination").click()
    cora.locator(f"a[href*='/coordinate/{cohort.code}/applications/']").first.click()
    cora.get_by_role("link", name="Matching", exact=True).click()

    cora.get_by_role("button", name="Run matching").click()
    matching_url = cora.url
    expect(cora.locator("tr.match-pair")).to_have_count(4)
    rows = cora.locator("tr.match-pair")
    with cora.expect_navigation():
        rows.nth(0).get_by_role("button", name="Lock").click()
    with cora.expect_navigation():
        cora.locator("tr.match-pair").nth(1).get_by_role("button", name="Forbid").click()
    locked, forbidden = (MatchConstraint.objects.get(kind=k).codes() for k in ("lock", "forbid"))
    with cora.expect_navigation():
        cora.get_by_role("button", name="Run matching").first.click()
    assert MatchRun.objects.count() == 2
    expect(cora.locator(".match-diff")).to_have_count(1)
    latest = MatchRun.objects.order_by("-created_at").first()
    pairs = {(p["mentee"], p["mentor"]) for p in latest.result["pairs"]}
    assert locked in pairs
    assert forbidden not in pairs

    cora.get_by_role("button", name="Send the proposal").click()
    # The preview: who gets which email, before anything is sent; the senior is asked first.
    assert cora.get_by_role("heading", level=1).inner_text() == "Send the proposal"
    expect(cora.locator(".mailing-table tbody tr")).to_have_count(4)
    assert ProposalSide.objects.count() == 0
    cora.get_by_role("button", name="Send the proposal").click()
    expect(cora.locator(".message-success")).to_have_count(1)
    assert "/mailings/" in cora.url  # the batch's send log

    # The senior approves on her phone, without signing in; then her mentor is asked.
    _answer(browser, live_server, _link("anne@a.example"))
    mentor_side = ProposalSide.objects.get(
        role="mentor", proposal__mentee_application__person=mentee_anne
    )
    _answer(browser, live_server, _link(mentor_side.person.user.email))

    cora.goto(matching_url)
    cora.get_by_role("button", name="Publish the pairs").click()
    expect(cora.get_by_text("The pairs become visible to both people")).to_have_count(1)
    assert Pair.objects.count() == 0
    cora.get_by_role("button", name="Publish the pairs").click()
    expect(cora.locator(".message-success")).to_have_count(1)
    assert "/mailings/" in cora.url
    assert Pair.objects.filter(mentee=mentee_anne).count() == 1
    context.close()
    assert cora_errors == []

    # The senior signs in and finds her pair.
    page.goto("/accounts/login/")
    page.fill("[name=login]", "anne@a.example")
    page.fill("[name=password]", "correct horse battery staple")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/pairs/")
    assert page.get_by_text(mentor_side.person.name).count() >= 1
    assert page.console_errors == []
