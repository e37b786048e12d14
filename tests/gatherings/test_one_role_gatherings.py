"""A gathering for one role (an orientation for the young mentors, a breakfast for the
seniors): only that role is invited, sees it, replies and is marked as attending."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from brobygger.gatherings.models import Gathering
from brobygger.gatherings.selectors import invitation_mailing, invitee_rows
from brobygger.pairs.models import CalendarFeed

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def orientation(cohort, pair, other_pair):
    gathering = Gathering.objects.create(
        title="Hvordan gi ærlige råd oppover",
        starts_at=NOW + dt.timedelta(days=5),
        ends_at=NOW + dt.timedelta(days=5, hours=2),
        video_url="https://meet.example/orientering",
        audience="mentor",
    )
    gathering.cohorts.set([cohort])
    return gathering


def test_only_the_young_mentors_are_invited_and_see_it(
    client, cohort, orientation, mentee_anne, mentor_bo
):
    plan = invitation_mailing(orientation, cohort)
    assert sorted(e.address for e in plan.emails) == ["bo@b.example", "eva.j@y.example"]
    assert [row.person.user.email for row in invitee_rows(orientation, cohort)] == [
        "bo@b.example",
        "eva.j@y.example",
    ]
    detail = reverse("gatherings:detail", args=[orientation.code])
    client.force_login(mentor_bo.user)
    assert client.get(detail).context["gathering"] == orientation
    client.force_login(mentee_anne.user)
    assert client.get(detail).status_code == 404
    assert list(client.get(reverse("gatherings:mine")).context["gatherings"]) == []
    response = client.post(reverse("gatherings:rsvp", args=[orientation.code]), {"response": "yes"})
    assert (response.status_code, orientation.invitations.count()) == (404, 0)
    feed = CalendarFeed.objects.create(person=mentee_anne)
    client.logout()
    body = client.get(reverse("pairs:calendar-feed", args=[feed.token])).content.decode()
    assert str(orientation.code) not in body


def test_the_form_names_the_roles_as_the_kind_does(client, cohort, coordinator_cora):
    client.force_login(coordinator_cora.user)
    form = client.get(reverse("gatherings:coordinate-new", args=[cohort.code])).context["form"]
    assert form.fields["audience"].choices == [
        ("both", "Begge roller"),
        ("mentor", "Bare mentor (den yngre)"),
        ("mentee", "Bare mentee (senior)"),
    ]
