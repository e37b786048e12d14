"""The coordinator's cohort page tells when the next automatic emails go out, and to how many."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from brobygger.pairs.services.reminders import send_due_reminders
from tests.factories import CohortFactory, InitiativeFactory, PersonFactory
from tests.pairs.helpers import meeting, signed_agreement
from tests.surveys.conftest import make_pair

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 10, 10, 20, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def open_cohort(reverse_initiative):
    """Applications close tomorrow at noon."""
    return CohortFactory(
        initiative=reverse_initiative,
        title="2027",
        status="open",
        applications_open_at=NOW - dt.timedelta(days=20),
        applications_close_at=dt.datetime(2027, 3, 11, 12, 0, tzinfo=OSLO),
        matching_on=dt.date(2027, 3, 20),
        kickoff_on=dt.date(2027, 4, 1),
        closing_on=dt.date(2028, 1, 31),
    )


@pytest.fixture
def running_cohort(reverse_initiative, mentee_anne, mentor_bo):
    """Anne and Bo meet tomorrow: both are reminded at the next half hour."""
    cohort = CohortFactory(
        initiative=reverse_initiative,
        title="2026",
        status="running",
        applications_open_at=NOW - dt.timedelta(days=200),
        applications_close_at=NOW - dt.timedelta(days=150),
        matching_on=dt.date(2026, 10, 20),
        kickoff_on=dt.date(2026, 11, 1),
        closing_on=dt.date(2027, 6, 30),
    )
    pair = make_pair(cohort, mentee_anne, mentor_bo)
    signed_agreement(pair)
    meeting(pair, days=1)
    return cohort


@pytest.fixture
def other_coordinator(company_c):
    person = PersonFactory(
        user__email="olga@c.example", user__is_coordinator=True, company=company_c
    )
    InitiativeFactory(slug="mp", kind="classic", name="Mentorprogram").coordinators.add(person.user)
    return person


def _page(client, cohort):
    return client.get(reverse("applications:review-list", args=[cohort.code]))


def _batches(response) -> list[str]:
    html = response.content.decode()
    match = re.search(r'<ul class="next-batches">(.*?)</ul>', html, re.S)
    if match is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", match[1], re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


def test_the_deadline_notice_is_announced_for_tomorrow_noon(client, coordinator_cora, open_cohort):
    client.force_login(coordinator_cora.user)
    assert _batches(_page(client, open_cohort)) == [
        "Varsel om at søknadsfristen har gått ut, i morgen kl. 12:00, til 1 person"
    ]


def test_the_reminders_show_the_next_half_hour_and_count_who_would_get_one(
    client, coordinator_cora, running_cohort, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    assert _batches(_page(client, running_cohort)) == [
        "Påminnelser om møter, samlinger, svar og avtalen, i dag kl. 10:30, til 2 personer"
        " · Se e-postene"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders()
    response = _page(client, running_cohort)
    assert _batches(response) == []
    assert "Ingen automatiske e-poster om dette programåret venter." in response.content.decode()


def test_a_network_admin_sees_the_batches_too(client, admin_ada, open_cohort, coordinator_cora):
    client.force_login(admin_ada.user)
    assert _batches(_page(client, open_cohort)) == [
        "Varsel om at søknadsfristen har gått ut, i morgen kl. 12:00, til 1 person"
    ]


@pytest.mark.parametrize("persona", ["other_coordinator", "contact_hege", "mentee_anne"])
def test_others_get_404_and_no_batches(
    client, request, persona, coordinator_cora, open_cohort, running_cohort
):
    client.force_login(request.getfixturevalue(persona).user)
    for cohort in (open_cohort, running_cohort):
        response = _page(client, cohort)
        assert response.status_code == 404
        assert "Neste automatiske" not in response.content.decode()
        assert _batches(response) == []


def test_in_english(client, settings, coordinator_cora, open_cohort):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator_cora.user)
    assert _batches(_page(client, open_cohort)) == [
        "Notice that the application deadline has passed, tomorrow at 12:00, to 1 person"
    ]


def test_with_the_scheduler_off_cron_decides_when(client, settings, coordinator_cora, open_cohort):
    settings.BROBYGGER_SCHEDULER = False
    client.force_login(coordinator_cora.user)
    assert _batches(_page(client, open_cohort)) == [
        "Varsel om at søknadsfristen har gått ut, ved neste planlagte kjøring, til 1 person"
    ]
