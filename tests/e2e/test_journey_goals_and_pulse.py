"""Issue 17's second journey: the senior and the young mentor each write and rate their own
goals; the senior answers her one-month pulse low; the coordinator is asked to call her and
never sees what she answered."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.e2e.signin import phone_sign_in as _sign_in
from tests.pairs.helpers import running_cohort

from brobygger.pairs.models import Agreement, Goal, GoalRating, Pair, PulseAnswer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SENIOR_GOAL = "Forstå hvordan unge bruker KI"
MENTOR_GOAL = "Lede et møte med ledergruppen"


def _write_agreement(page, pair, goal):
    page.goto(f"/pairs/{pair.code}/agreement/")
    page.fill("[name=goal_1]", goal)
    page.fill("[name=cadence]", "Hver tredje uke, en time")
    page.check("[name=meeting_format][value=digital]")
    page.check("[name=confirm]")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))


def _rate(page, pair, goal, value):
    page.goto(f"/pairs/{pair.code}/goals/rate/")
    fields = page.locator("main form select")
    expect(fields).to_have_count(1)  # her own goal only
    page.select_option(f"[name=goal_{goal.pk}]", str(value))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))


def test_both_write_and_rate_their_own_goals_and_a_low_pulse_asks_for_a_call(
    browser, live_server, reverse_initiative, mentee_anne, mentor_bo, coordinator_cora
):
    # Kicked off five weeks ago: the start rating is open and the one-month pulse is due.
    cohort = running_cohort(
        reverse_initiative, kickoff_on=timezone.localdate() - dt.timedelta(days=35)
    )
    pair = Pair.objects.create(
        cohort=cohort,
        mentee=mentee_anne,
        mentor=mentor_bo,
        published_at=timezone.now() - dt.timedelta(days=33),
    )

    # The senior writes her goal; the young mentor sees it and writes his own.
    anne_context, anne = _sign_in(browser, live_server, "anne@a.example")
    _write_agreement(anne, pair, SENIOR_GOAL)
    bo_context, bo = _sign_in(browser, live_server, "bo@b.example")
    bo.goto(f"/pairs/{pair.code}/agreement/")
    expect(bo.locator(".agreement-goals li")).to_have_text([SENIOR_GOAL])
    _write_agreement(bo, pair, MENTOR_GOAL)
    latest = Agreement.objects.get(pair=pair, version=2)
    assert (latest.goals, latest.mentor_goals) == ([SENIOR_GOAL], [MENTOR_GOAL])

    # Each rates her own goal at the start.
    _rate(anne, pair, Goal.objects.get(pair=pair, owner_role="mentee"), 3)
    _rate(bo, pair, Goal.objects.get(pair=pair, owner_role="mentor"), 5)
    assert sorted(GoalRating.objects.values_list("goal__text", "rated_by_role", "rating")) == [
        (SENIOR_GOAL, "mentee", 3),
        (MENTOR_GOAL, "mentor", 5),
    ]
    expect(bo.locator(".goal-table-mentee tbody tr")).to_have_count(1)
    expect(bo.locator(".goal-table-mentor tbody td").first).to_have_text("5")

    # The senior answers her one-month pulse: useful, but she does not feel safe to speak up.
    anne.goto(f"/pairs/{pair.code}/")
    with anne.expect_navigation():
        anne.get_by_role("link", name="Svar på pulsen").click()
    anne.check("[name=useful][value='4']")
    anne.check("[name=safe][value='1']")
    with anne.expect_navigation():
        anne.get_by_role("button", name="Send svarene mine").click()
    expect(anne.locator(".message-success")).to_have_text("Takk for at du svarte!")
    expect(anne.locator(".pulse-card")).to_have_count(0)
    assert list(PulseAnswer.objects.values_list("point", "useful", "safe")) == [(1, 4, 1)]

    # Her partner sees no flag, only his own pulse card.
    bo.goto(f"/pairs/{pair.code}/")
    expect(bo.locator(".pulse-card")).to_have_count(1)
    assert "Ring Anne" not in bo.content()

    # The coordinator is asked to call her, and sees nothing of what she answered.
    cora_context, cora = _sign_in(browser, live_server, "cora@c.example")
    cora.goto(f"/coordinate/{cohort.code}/health/")
    row = cora.locator(f"#pair-{pair.code}")
    expect(row.locator(".risk-list li")).to_have_text(
        ["Ring Anne Aas: pulsen hennes (etter én måned) ber om en samtale"]
    )
    html = cora.content()
    for words in ("Føler du deg trygg", "Er dette nyttig", SENIOR_GOAL, MENTOR_GOAL):
        assert words not in html
    with cora.expect_navigation():
        row.get_by_role("button", name="Jeg har ringt Anne Aas").click()
    expect(cora.locator(f"#pair-{pair.code} .risk-list li")).to_have_count(0)
    assert PulseAnswer.objects.get(person=mentee_anne).followed_up_at is not None
    for page in (anne, bo, cora):
        assert page.console_errors == []
    for context in (anne_context, bo_context, cora_context):
        context.close()
