"""Issue 19's journey: the demo company contact nominates a talent and her top leader; both
confirm from their emails; the coordinator approves the pair; the talent logs a shadowing day."""

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from tests.e2e.crawl import sign_in

from brobygger.applications.models import Nomination
from brobygger.demo import data
from brobygger.demo.loader import load_demo
from brobygger.pairs.models import Pair, ShadowingDay

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _link_for(address: str) -> str:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [address])
    match = re.search(r"(/nominations/[0-9a-f-]{36}/)", body)
    assert match, body
    return match.group(1)


def test_contact_nominates_a_pair_both_confirm_coordinator_approves_talent_logs_a_day(page):
    load_demo(today=dt.date.today())
    talent, leader = data.email_for("p40"), data.email_for("p15")  # Tiril Holm, Camilla Brekke

    # The company contact nominates the pair.
    sign_in(page, "contact")
    page.goto("/company/nominations/")
    page.get_by_role("link", name=re.compile("Nominer et par til Executive Shadowing")).click()
    page.fill("[name=talent_first_name]", "Tiril")
    page.fill("[name=talent_last_name]", "Holm")
    page.fill("[name=talent_email]", talent)
    page.fill("[name=talent_job_title]", "Sikkerhetsanalytiker")
    page.fill("[name=leader_first_name]", "Camilla")
    page.fill("[name=leader_last_name]", "Brekke")
    page.fill("[name=leader_email]", leader)
    page.fill("[name=leader_job_title]", "Direktør kundeopplevelse")
    page.fill("[name=reason]", "Tiril skal lede sikkerhetsarbeidet i kundeområdet.")
    page.fill("[name=wants_to_learn]", "Hvordan ledergruppen prioriterer.")
    with page.expect_navigation():
        page.get_by_role("button", name="Nominer og send e-poster").click()
    page.wait_for_url(re.compile("/company/nominations/$"))
    assert "Takk. Tiril Holm & Camilla Brekke får en e-post" in page.inner_text("body")

    # Both confirm from their emails (no sign-in needed: the link is theirs).
    page.context.clear_cookies()
    for address in (talent, leader):
        page.goto(_link_for(address))
        page.check("[name=consent]")
        with page.expect_navigation():
            page.get_by_role("button", name="Bekreft og bli med").click()
        page.wait_for_url(re.compile(r"\?answered=accepted"))
        assert "Takk! Du har bekreftet." in page.inner_text("body")
    nomination = Nomination.objects.get(status="confirmed")

    # The coordinator approves the pair.
    sign_in(page, "coordinator")
    page.goto(f"/coordinate/{nomination.cohort.code}/nominations/")
    with page.expect_navigation():
        page.get_by_role("button", name="Godkjenn paret").click()
    # the two keep the year's rules (same company, the gap): approved at once
    expect(page.get_by_text("Tiril Holm & Camilla Brekke er nå et par")).to_have_count(1)
    pair = Pair.objects.get(cohort=nomination.cohort)
    assert (pair.mentee.user.email, pair.mentor.user.email) == (talent, leader)

    # The talent logs a shadowing day on the pair page.
    sign_in(page, "p40")
    page.goto(f"/pairs/{pair.code}/")
    # the pair page speaks shadowing: goal and days, no agreement, meetings or guide
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:3] == ["Partneren din", "Mål og refleksjon", "Skyggedager"]
    assert not re.search(r"\b[Mm]ent(or|ee)", page.inner_text("main"))
    assert page.get_by_role("link", name="Samtaleguide").count() == 0
    with page.expect_navigation():
        page.get_by_role("link", name="Før en skyggedag").click()
    page.fill("[name=date]", dt.date.today().isoformat())
    page.fill("[name=what_happened]", "Fulgte Camilla i ledermøtet om ny kundeportal.")
    page.fill("[name=reflection]", "Beslutningen var tatt før møtet.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre skyggedagen").click()
    page.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))
    assert "Fulgte Camilla i ledermøtet om ny kundeportal." in page.inner_text("body")
    assert "Beslutningen var tatt før møtet." in page.inner_text("body")
    assert ShadowingDay.objects.get(pair=pair).reflection == "Beslutningen var tatt før møtet."

    # The top leader sees the day, never the talent's reflection.
    sign_in(page, "p15")
    page.goto(f"/pairs/{pair.code}/")
    assert "Fulgte Camilla i ledermøtet om ny kundeportal." in page.inner_text("body")
    assert "Beslutningen var tatt før møtet." not in page.inner_text("body")
    assert page.console_errors == []
