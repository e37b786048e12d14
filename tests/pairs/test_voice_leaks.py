"""Both sides' goal texts and the private pulse never leave where they belong: the partner
sees the pair's goals but not the pulse; the company contact and the report see neither;
the coordinator sees "call her" and never the answers."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from brobygger.pairs.rules import pulse_opens_at
from brobygger.pairs.services.pulse import answer_pulse
from tests.pairs.helpers import GOAL_SECRET, MENTOR_GOAL_SECRET, plant_secrets

PULSE_WORDS = (
    "Er dette nyttig for deg?",
    "Føler du deg trygg på å si ifra?",
    "Is this useful for you?",
    "Do you feel safe to speak up?",
    "puls",
    "pulse",
)


@pytest.fixture
def planted(pair, mentee_anne, mentor_bo):
    plant_secrets(pair)
    with time_machine.travel(pulse_opens_at(pair, 1), tick=False):
        answer_pulse(pair=pair, by=mentee_anne, point=1, useful=1, safe=2)
        answer_pulse(pair=pair, by=mentor_bo, point=1, useful=5, safe=5)
    return pair


def _pages(client, urls):
    return {url: client.get(url) for url in urls}


def test_the_partner_sees_the_goals_and_not_the_pulse(client, planted, mentor_bo):
    client.force_login(mentor_bo.user)
    html = client.get(reverse("pairs:pair-detail", args=[planted.code])).content.decode()
    assert (GOAL_SECRET in html, MENTOR_GOAL_SECRET in html) == (True, True)
    assert "Ring Anne" not in html
    assert "ber om en samtale" not in html


def test_the_company_contact_sees_neither(client, planted, contact_hege, cohort):
    client.force_login(contact_hege.user)
    urls = [
        reverse("company:participants"),
        reverse("company:participants-export"),
        reverse("surveys:company-reports"),
        reverse("surveys:company-report", args=[cohort.code]),
        reverse("pairs:pair-detail", args=[planted.code]),
        reverse("pairs:pulse", args=[planted.code, 1]),
    ]
    pages = _pages(client, urls)
    assert [r.status_code for r in pages.values()] == [200, 200, 200, 404, 404, 404]
    for url, response in pages.items():
        text = response.content.decode().replace(url, "")  # a 404 page may name the path
        assert (url, GOAL_SECRET in text, MENTOR_GOAL_SECRET in text) == (url, False, False)
        assert (url, [w for w in PULSE_WORDS if w in text]) == (url, [])
        assert "Ring Anne" not in text


def test_the_report_holds_no_goal_text_and_no_pulse(client, planted, coordinator_cora, cohort):
    client.force_login(coordinator_cora.user)
    urls = [
        reverse("surveys:report", args=[cohort.code]),
        reverse("surveys:report-export", args=[cohort.code, "csv"]),
    ]
    for url, response in _pages(client, urls).items():
        text = response.content.decode()
        assert (url, response.status_code) == (url, 200)
        assert (GOAL_SECRET in text, MENTOR_GOAL_SECRET in text) == (False, False)
        assert [w for w in PULSE_WORDS if w in text] == []


def test_the_coordinator_sees_who_to_call_and_not_the_answers(
    client, planted, coordinator_cora, cohort
):
    client.force_login(coordinator_cora.user)
    html = client.get(reverse("pairs:health", args=[cohort.code])).content.decode()
    assert html.count("Ring Anne Aas: pulsen hennes (etter én måned) ber om en samtale") == 1
    assert "Ring Bo" not in html
    assert [w for w in PULSE_WORDS[:4] if w in html] == []
    assert (GOAL_SECRET in html, MENTOR_GOAL_SECRET in html) == (False, False)
