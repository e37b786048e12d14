"""Issue "When the plan changes": on the demo's running mentor programme the coordinator ends
one pair early; the freed mentee and the mentor accepted with no mentee are matched in a
second round, proposed, accepted and published, while the other pairs and their people
hear nothing; the reverse mentoring year's waitlisted applicant is told what happens now."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from brobygger.demo import data
from brobygger.demo.loader import load_demo
from brobygger.matching.models import ProposalSide, ProposalStatus
from brobygger.pairs.models import Pair
from brobygger.programs.models import Cohort

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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
    phone.goto(path)
    phone.check("[name=answer][value=approved]")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    expect(phone.locator(".message-success")).to_have_count(1)
    context.close()


def test_a_pair_ends_and_a_second_round_pairs_the_freed_mentee(page, browser, live_server):
    load_demo(today=timezone.localdate())
    classic = Cohort.objects.get(initiative__slug="mentorprogram", status="running")
    reverse = Cohort.objects.get(initiative__slug="reverse-mentoring", status="open")
    ended = Pair.objects.get(cohort=classic, mentee__user__first_name="Selma")
    others = list(
        Pair.objects.filter(cohort=classic)
        .exclude(pk=ended.pk)
        .order_by("pk")
        .values("pk", "mentee_id", "mentor_id", "status", "updated_at")
    )
    others_emails = {
        p.mentee.user.email for p in Pair.objects.filter(cohort=classic).exclude(pk=ended.pk)
    } | {p.mentor.user.email for p in Pair.objects.filter(cohort=classic).exclude(pk=ended.pk)}
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    kari = context.new_page()
    errors: list[str] = []
    kari.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    kari.goto("/accounts/login/")
    kari.fill("[name=login]", data.email_for("coordinator"))
    kari.fill("[name=password]", data.DEMO_PASSWORD)
    kari.locator("main form button[type=submit]").click()

    # End Selma and Linn's pair: Selma gets a new partner, Linn leaves.
    kari.goto(f"/coordinate/{classic.code}/health/")
    kari.locator("tr", has_text="Selma").get_by_role("link", name="Avslutt tidlig").click()
    kari.select_option("[name=category]", "fit")
    kari.fill("[name=reason]", "Fant ikke tonen")
    kari.check("[name=mentee_after][value=next_round]")
    kari.check("[name=mentor_after][value=leave]")
    mail.outbox.clear()
    kari.locator("main form button[type=submit]").first.click()
    expect(kari.locator(".message-success")).to_have_count(1)
    told = {m.to[0]: m.body for m in mail.outbox}
    selma, linn = ended.mentee.user.email, ended.mentor.user.email
    assert sorted(told) == sorted([selma, linn])
    assert "Fant ikke tonen" not in told[selma]
    assert "ny partner til deg i neste runde" in told[selma]

    # The second round: run, preview and send the proposal, both approve, publish.
    kari.goto(f"/coordinate/{classic.code}/matching/")
    kari.get_by_role("button", name="Kjør matchingen").first.click()
    rows = kari.locator("tr.match-pair")
    expect(rows).to_have_count(1)
    assert "Selma" in rows.first.inner_text()
    assert "Hanne" in rows.first.inner_text()
    mail.outbox.clear()
    kari.get_by_role("button", name="Send forslaget").click()
    expect(kari.locator(".mailing-table tbody tr")).to_have_count(2)  # classic: both asked at once
    kari.get_by_role("button", name="Send forslaget").click()
    expect(kari.locator(".message-success")).to_have_count(1)
    # the second round's proposal (the first round's, published, are the demo's story)
    hanne = ProposalSide.objects.get(
        role="mentor", proposal__cohort=classic, proposal__status=ProposalStatus.PENDING
    ).person.user.email
    _answer(browser, live_server, _link(selma))
    _answer(browser, live_server, _link(hanne))
    kari.goto(f"/coordinate/{classic.code}/matching/")
    kari.get_by_role("button", name="Publiser de nye parene").click()
    expect(kari.locator(".mailing-table tbody tr")).to_have_count(2)
    assert (
        kari.get_by_text("nobody in them is emailed").count()
        + kari.get_by_text("ingen i dem får e-post").count()
        == 1
    )
    kari.get_by_role("button", name="Publiser parene").click()
    expect(kari.locator(".message-success")).to_have_count(1)

    new = Pair.objects.get(cohort=classic, mentee=ended.mentee, status="active")
    assert new.mentor.user.email == hanne
    after = list(
        Pair.objects.filter(cohort=classic)
        .exclude(pk__in=[ended.pk, new.pk])
        .order_by("pk")
        .values("pk", "mentee_id", "mentor_id", "status", "updated_at")
    )
    assert after == others
    assert not {m.to[0] for m in mail.outbox} & others_emails

    # The reverse mentoring year: the waitlisted applicant is told what happens now.
    vilde = data.email_for("p31")
    kari.goto(f"/coordinate/{reverse.code}/matching/without-partner/")
    kari.locator("tr.waitlist-row", has_text="Vilde").locator("input[name=people]").check()
    kari.check("[name=outcome][value=second_round]")
    kari.get_by_role("button", name="Se e-postene før de sendes").click()
    expect(kari.locator(".mailing-table tbody tr")).to_have_count(1)
    mail.outbox.clear()
    kari.get_by_role("button", name="Send e-postene").click()
    expect(kari.locator(".message-success")).to_have_count(1)
    assert [m.to[0] for m in mail.outbox] == [vilde]
    assert "ventelisten" in mail.outbox[0].body
    context.close()
    assert errors == []
