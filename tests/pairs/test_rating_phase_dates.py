"""The coordinator moves the goal rating phases on the cohort's health page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.programs.models import Cohort
from tests.pairs.helpers import running_cohort

OSLO = ZoneInfo("Europe/Oslo")
DEFAULTS = {
    "rating_start_opens_on": "2026-08-15",
    "rating_start_closes_on": "2026-10-13",
    "rating_mid_opens_on": "2026-12-25",
    "rating_mid_closes_on": "2027-02-05",
    "rating_end_opens_on": "2027-05-04",
    "rating_end_closes_on": "2027-06-29",
}
FIELDS = list(DEFAULTS)


@pytest.fixture
def year(reverse_initiative):
    return running_cohort(
        reverse_initiative,
        applications_open_at=dt.datetime(2026, 3, 26, 9, tzinfo=OSLO),
        applications_close_at=dt.datetime(2026, 5, 1, 23, tzinfo=OSLO),
        matching_on=dt.date(2026, 8, 15),
        kickoff_on=dt.date(2026, 9, 1),
        closing_on=dt.date(2027, 6, 1),
    )


def _stored(cohort):
    return list(Cohort.objects.filter(pk=cohort.pk).values_list(*FIELDS).get())


def _url(cohort):
    return reverse("pairs:health", args=[cohort.code])


def test_the_form_shows_the_default_dates(client, year, coordinator_cora, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 10, 12, tzinfo=OSLO), tick=False)
    client.force_login(coordinator_cora.user)
    response = client.get(_url(year))
    form = response.context["phases_form"]
    assert {name: form[name].value().isoformat() for name in FIELDS} == DEFAULTS
    states = [(row.window.key, row.state) for row in response.context["phases"]]
    assert states == [("start", "closed"), ("mid", "open"), ("end", "upcoming")]


def test_the_coordinator_moves_the_end(client, year, coordinator_cora):
    client.force_login(coordinator_cora.user)
    data = DEFAULTS | {"rating_end_opens_on": "2027-05-18", "rating_end_closes_on": "2027-06-15"}
    response = client.post(_url(year), data)
    assert response["Location"] == _url(year)
    # the dates left at their default stay empty, so they follow the cohort's dates
    assert _stored(year) == [None, None, None, None, dt.date(2027, 5, 18), dt.date(2027, 6, 15)]
    year.refresh_from_db()
    assert [(p.opens_on, p.closes_on) for p in year.rating_phases()][2] == (
        dt.date(2027, 5, 18),
        dt.date(2027, 6, 15),
    )
    log = ActivityLog.objects.get(action="cohort.rating_phases")
    assert (log.actor, log.data["end"]) == (coordinator_cora.user, ["2027-05-18", "2027-06-15"])


def test_a_phase_closing_before_it_opens_is_refused(client, year, coordinator_cora):
    client.force_login(coordinator_cora.user)
    data = DEFAULTS | {"rating_mid_opens_on": "2027-01-20", "rating_mid_closes_on": "2027-01-10"}
    response = client.post(_url(year), data)
    assert response.context["phases_form"].errors == {
        "rating_mid_closes_on": ["Denne vurderingen stenger før den åpner."]
    }
    assert _stored(year) == [None] * 6
    assert not ActivityLog.objects.filter(action="cohort.rating_phases").exists()


def test_the_end_opening_before_the_start_closes_is_refused(client, year, coordinator_cora):
    client.force_login(coordinator_cora.user)
    data = DEFAULTS | {"rating_end_opens_on": "2026-09-01"}
    response = client.post(_url(year), data)
    assert response.context["phases_form"].errors == {
        "rating_end_opens_on": [
            "Denne vurderingen må åpne etter at den forrige stenger (5. februar 2027)."
        ],
    }
    assert _stored(year) == [None] * 6


def test_a_missing_date_is_refused(client, year, coordinator_cora):
    client.force_login(coordinator_cora.user)
    response = client.post(_url(year), DEFAULTS | {"rating_start_closes_on": ""})
    assert response.context["phases_form"].errors == {
        "rating_start_closes_on": ["Feltet er påkrevet."]
    }
    assert _stored(year) == [None] * 6


@pytest.mark.parametrize("who", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_others_cannot_move_the_dates(client, year, who, request):
    client.force_login(request.getfixturevalue(who).user)
    response = client.post(_url(year), DEFAULTS | {"rating_end_opens_on": "2027-05-18"})
    assert response.status_code == 404
    assert _stored(year) == [None] * 6


def test_a_coordinator_of_another_initiative_cannot_move_the_dates(client, year):
    from tests.factories import InitiativeFactory, PersonFactory

    classic = InitiativeFactory(kind="classic", slug="mentor")
    coordinator = PersonFactory(user__is_coordinator=True)
    classic.coordinators.add(coordinator.user)
    client.force_login(coordinator.user)
    response = client.post(_url(year), DEFAULTS | {"rating_end_opens_on": "2027-05-18"})
    assert response.status_code == 404
    assert _stored(year) == [None] * 6
