"""Digital by default: a programme year names its video service (a link with a random room
name); a meeting or gathering without a place or link gets its own room, in the invitation,
the .ics (LOCATION and URL) and the pair page."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from brobygger.gatherings.services import create_gathering
from brobygger.pairs.models import Meeting
from brobygger.pairs.services.meetings import accept_meeting
from tests.calendar_helpers import only_event

NOW = dt.datetime(2027, 2, 1, 9, 30, tzinfo=dt.UTC)
ROOM = re.compile(r"^https://meet\.jit\.si/bolge-[0-9a-f]{12}$")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def jitsi(cohort):
    cohort.video_link_template = "https://meet.jit.si/bolge-{room}"
    cohort.save()
    return cohort


def test_a_meeting_without_place_or_link_gets_a_room_everywhere(
    client, jitsi, pair, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    client.force_login(mentee_anne.user)
    day = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        reverse("pairs:meeting-new", args=[pair.code]),
        {"starts_at": f"{day}T17:00", "ends_at": f"{day}T18:00", "video_url": "", "place": ""},
    )
    assert response["Location"] == reverse("pairs:pair-detail", args=[pair.code])
    meeting = Meeting.objects.get()
    assert ROOM.match(meeting.video_url)
    with django_capture_on_commit_callbacks(execute=True):
        accept_meeting(meeting=meeting, by=mentor_bo)
    to_bo = next(m for m in mail.outbox if m.to == ["bo@b.example"] and m.attachments)
    assert meeting.video_url in to_bo.body
    _method, event = only_event(to_bo)
    assert (str(event["location"]), str(event["url"])) == (meeting.video_url, meeting.video_url)
    page = client.get(reverse("pairs:pair-detail", args=[pair.code])).content.decode()
    assert f'href="{meeting.video_url}"' in page


def test_two_meetings_get_two_rooms(jitsi):
    assert jitsi.new_video_link() != jitsi.new_video_link()


def test_a_gathering_without_place_gets_a_room(jitsi, coordinator_cora):
    start = NOW + dt.timedelta(days=10)
    gathering = create_gathering(
        cohorts=[jitsi],
        by=coordinator_cora.user,
        title="Frokost for seniorene",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        audience="mentee",
    )
    assert ROOM.match(gathering.video_url)
    assert gathering.place == ""


def test_without_a_service_a_place_or_link_is_still_required(client, pair, mentee_anne):
    client.force_login(mentee_anne.user)
    day = timezone.localdate() + dt.timedelta(days=3)
    response = client.post(
        reverse("pairs:meeting-new", args=[pair.code]),
        {"starts_at": f"{day}T17:00", "ends_at": f"{day}T18:00", "video_url": "", "place": ""},
    )
    assert response.context["form"].errors == {"place": ["Oppgi en videolenke eller et sted."]}
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize("template", ["http://meet.example/{room}", "https://x/{name}"])
def test_a_bad_template_is_refused(cohort, template):
    cohort.video_link_template = template
    with pytest.raises(ValidationError) as refused:
        cohort.full_clean()
    assert refused.value.message_dict["video_link_template"] == [
        "Skriv en https://-lenke; {room} er der et tilfeldig romnavn settes inn."
    ]
