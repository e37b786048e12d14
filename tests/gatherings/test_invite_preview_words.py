"""The gathering emails in the preview and the send log: a readable reply-link placeholder,
each mailing kind its own title, replies to the programme year's contact person."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from brobygger.core.models import Mailing
from brobygger.gatherings.models import Gathering
from brobygger.gatherings.selectors import change_mailing, invitation_mailing, pending_change
from brobygger.gatherings.services import send_invitations
from tests.factories import UserFactory

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)
STARTS = dt.datetime(2027, 3, 18, 17, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kickoff(cohort, pair, other_pair):
    found = Gathering.objects.create(
        title="Verdibasert ledelse",
        starts_at=STARTS,
        ends_at=STARTS + dt.timedelta(hours=3),
        place="Oslo",
    )
    found.cohorts.set([cohort])
    return found


def test_the_preview_shows_the_reply_link_placeholder_as_a_readable_ellipsis(
    client, cohort, kickoff, coordinator_cora
):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    url = reverse("gatherings:coordinate-invite", args=[cohort.code, kickoff.code])
    response = client.get(url)
    body = response.context["preview"].samples[0].body
    placeholder = f"/gatherings/{kickoff.code}/rsvp/…/"
    lines = [line for line in body.splitlines() if placeholder in line]
    assert len(lines) == 1
    assert "%E2%80%A6" not in response.content.decode()
    assert "(norsk tid)" in body


def test_invitation_and_change_have_their_own_titles_and_reply_to_the_contact(
    cohort, kickoff, coordinator_cora, django_capture_on_commit_callbacks
):
    kari = UserFactory(email="kari@bolge.example", first_name="Kari")
    cohort.initiative.coordinators.add(kari)
    cohort.contact = kari
    cohort.save()
    by = coordinator_cora.user
    with translation.override("en"):
        invite = invitation_mailing(kickoff, cohort, by)
        with django_capture_on_commit_callbacks(execute=True):
            send_invitations(gathering=kickoff, cohort=cohort, token=invite.token, by=by)
        change = pending_change(kickoff, {"place": "Bergen"})
        plan = change_mailing(change, cohort, by)

    assert (invite.title, plan.title) == (
        "Invitation: Verdibasert ledelse",
        "Change: Verdibasert ledelse",
    )
    assert (invite.reply_to, plan.reply_to) == ("kari@bolge.example", "kari@bolge.example")
    assert Mailing.objects.get().title == "Invitation: Verdibasert ledelse"
    assert sorted({tuple(m.reply_to) for m in mail.outbox}) == [("kari@bolge.example",)]
