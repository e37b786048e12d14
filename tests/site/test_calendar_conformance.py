"""Every .ics the product emits, read as Outlook, Google and Apple calendars read it (RFC
5545 and iTIP, RFC 5546): the gathering's invitation, update and cancellation, the
meeting's invitation, move and cancellation (each from the email's bytes), the meeting's
download and the personal calendar feed.

Each file: CRLF line endings, lines folded at 75 octets, VERSION:2.0, a PRODID, the METHOD
the email's ``Content-Type`` names (``text/calendar; method=…; charset=UTF-8``), DTSTAMP in
UTC, DTSTART/DTEND in UTC ("Z") or with a TZID and its VTIMEZONE, a UID, a SEQUENCE,
ORGANIZER and ATTENDEE as ``mailto:`` with a CN, STATUS:CANCELLED on a CANCEL, LOCATION and
URL for a digital event. Across files: one UID per event, kept by its updates and its
cancellation, the SEQUENCE rising; an update or a cancellation received twice leaves one
entry in the calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from tests.calendar_helpers import apply_to_calendar, calendar_parts
from tests.pairs.helpers import make_pair, running_cohort

from brobygger.gatherings.models import Gathering
from brobygger.gatherings.selectors import (
    cancel_mailing,
    change_mailing,
    invitation_mailing,
    pending_change,
)
from brobygger.gatherings.services import cancel_gathering, send_invitations, update_gathering
from brobygger.pairs.models import CalendarFeed, Meeting
from brobygger.pairs.services.meetings import accept_meeting, propose_meeting

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)
ROOM = "https://meet.example/samling-rom"
MEETING_ROOM = "https://meet.example/anne-bo"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def check_file(raw: bytes, method: str) -> icalendar.Calendar:
    """One .ics file as a calendar program reads it; returns it parsed."""
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF: RFC 5545 wants CRLF"
    lines = raw.split(b"\r\n")[:-1]
    too_long = [line for line in lines if len(line) > 75]
    assert too_long == [], "lines must be folded at 75 octets"
    for line in lines:
        line.decode("utf-8")  # a fold never splits a character
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]).startswith("-//")
    assert str(calendar.get("method", "")) == method
    timezones = {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}
    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        for name in ("uid", "dtstamp", "dtstart", "dtend", "summary", "sequence"):
            assert name in event, name
        assert event["dtstamp"].to_ical().endswith(b"Z"), "DTSTAMP in UTC"
        for name in ("dtstart", "dtend"):
            value = event[name]
            tzid = value.params.get("TZID")
            assert value.to_ical().endswith(b"Z") or tzid in timezones, name
        assert event.decoded("dtend") > event.decoded("dtstart")
        assert int(event["sequence"]) >= 0
        if method in ("REQUEST", "CANCEL"):
            organizer = event["organizer"]
            assert str(organizer).startswith("mailto:")
            assert organizer.params.get("CN")
            attendees = event["attendee"]
            attendees = attendees if isinstance(attendees, list) else [attendees]
            assert attendees
            for attendee in attendees:
                assert str(attendee).startswith("mailto:")
                assert attendee.params.get("CN")
        if method == "CANCEL":
            assert str(event["status"]) == "CANCELLED"
    return calendar


def check_email(message, method: str) -> icalendar.Event:
    """The email's one calendar part: its Content-Type names ``method``; returns the event."""
    ((name, params, raw),) = calendar_parts(message)
    assert name.endswith(".ics")
    assert params == {"method": method, "charset": "UTF-8"}
    calendar = check_file(raw, method)
    (event,) = calendar.walk("VEVENT")
    return event


def check_digital(event: icalendar.Event, room: str) -> None:
    assert (str(event["location"]), str(event["url"])) == (room, room)


@pytest.fixture
def world(reverse_initiative, mentee_anne, mentor_bo):
    cohort = running_cohort(reverse_initiative)
    pair = make_pair(cohort, mentee_anne, mentor_bo)
    start = NOW + dt.timedelta(days=14)
    gathering = Gathering.objects.create(
        title="Personlig merkevarebygging – en lang tittel med æ, ø og å som må brettes",
        theme="Personlig merkevare",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        video_url=ROOM,
    )
    gathering.cohorts.set([cohort])
    return cohort, pair, gathering


def _by(messages, address):
    return [m for m in messages if m.to == [address]]


def test_gathering_invitation_update_and_cancellation(
    world, coordinator_cora, django_capture_on_commit_callbacks
):
    cohort, _pair, gathering = world
    by = coordinator_cora.user
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        send_invitations(
            gathering=gathering,
            cohort=cohort,
            token=invitation_mailing(gathering, cohort).token,
            by=by,
        )
    gathering = Gathering.objects.get(pk=gathering.pk)
    later = gathering.starts_at + dt.timedelta(days=7)
    fields = {"starts_at": later, "ends_at": later + dt.timedelta(hours=2)}
    token = change_mailing(pending_change(gathering, fields), cohort).token
    with capture(execute=True):
        update_gathering(
            gathering=gathering, cohorts=[], by=by, cohort=cohort, token=token, **fields
        )
    gathering = Gathering.objects.get(pk=gathering.pk)
    with capture(execute=True):
        cancel_gathering(
            gathering=gathering, cohort=cohort, by=by, token=cancel_mailing(gathering, cohort).token
        )

    for address in ("anne@a.example", "bo@b.example"):
        invited, moved, cancelled = _by(mail.outbox, address)
        events = [
            check_email(invited, "REQUEST"),
            check_email(moved, "REQUEST"),
            check_email(cancelled, "CANCEL"),
        ]
        assert {str(e["uid"]) for e in events} == {f"gathering-{gathering.code}@brobygger"}
        assert [int(e["sequence"]) for e in events] == [0, 1, 2]
        assert [str(e["attendee"]) for e in events] == [f"mailto:{address}"] * 3
        for event in events:
            check_digital(event, ROOM)
        assert events[1].decoded("dtstart") == later.astimezone(dt.UTC)
        entries: dict = {}
        for message in [invited, moved, moved, cancelled, cancelled]:  # each twice
            apply_to_calendar(entries, message)
        assert [(e["sequence"], e["cancelled"]) for e in entries.values()] == [(2, True)]


def test_meeting_invitation_move_cancellation_download_and_feed(
    client, world, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    _cohort, pair, gathering = world
    capture = django_capture_on_commit_callbacks
    start = timezone.now() + dt.timedelta(days=3)
    with capture(execute=True):
        proposed = propose_meeting(
            pair=pair,
            by=mentee_anne,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            video_url=MEETING_ROOM,
        )
        accept_meeting(meeting=proposed, by=mentor_bo)
    agreed = Meeting.objects.get(pk=proposed.pk)
    invitations = {m.to[0]: m for m in mail.outbox if calendar_parts(m)}
    assert sorted(invitations) == ["anne@a.example", "bo@b.example"]

    # the download from the pair page and the feed, while the meeting stands
    client.force_login(mentor_bo.user)
    download = client.get(reverse("pairs:meeting-ics", args=[pair.code, agreed.code]))
    assert download["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = check_file(download.content, "PUBLISH").walk("VEVENT")
    check_digital(event, MEETING_ROOM)
    feed = CalendarFeed.objects.create(person=mentor_bo)
    feed_url = reverse("pairs:calendar-feed", args=[feed.token])
    in_feed = check_file(client.get(feed_url).content, "PUBLISH").walk("VEVENT")
    uids = [str(e["uid"]) for e in in_feed]
    assert sorted(uids) == sorted(
        [f"meeting-{agreed.code}@brobygger", f"gathering-{gathering.code}@brobygger"]
    )

    mail.outbox.clear()
    client.force_login(mentee_anne.user)
    day = timezone.localdate() + dt.timedelta(days=5)
    with capture(execute=True):
        client.post(
            reverse("pairs:meeting-move", args=[pair.code, agreed.code]),
            {
                "starts_at": f"{day:%Y-%m-%d}T17:00",
                "ends_at": f"{day:%Y-%m-%d}T18:00",
                "video_url": MEETING_ROOM,
                "place": "",
            },
        )
    moved = {m.to[0]: m for m in mail.outbox}
    mail.outbox.clear()
    with capture(execute=True):
        client.post(reverse("pairs:meeting-cancel", args=[pair.code, agreed.code]), {"reason": ""})
    cancelled = {m.to[0]: m for m in mail.outbox}

    for address in ("anne@a.example", "bo@b.example"):
        events = [
            check_email(invitations[address], "REQUEST"),
            check_email(moved[address], "REQUEST"),
            check_email(cancelled[address], "CANCEL"),
        ]
        assert {str(e["uid"]) for e in events} == {f"meeting-{agreed.code}@brobygger"}
        assert [int(e["sequence"]) for e in events] == [0, 1, 2]
        for event in events:
            check_digital(event, MEETING_ROOM)
            assert sorted(str(a) for a in event["attendee"]) == [
                "mailto:anne@a.example",
                "mailto:bo@b.example",
            ]
        assert events[1].decoded("dtstart") == dt.datetime(
            day.year, day.month, day.day, 17, tzinfo=OSLO
        ).astimezone(dt.UTC)
        entries: dict = {}
        messages = [invitations[address], moved[address], cancelled[address]]
        for message in messages + messages:  # everything received twice
            apply_to_calendar(entries, message)
        assert [(e["sequence"], e["cancelled"]) for e in entries.values()] == [(2, True)]

    # the feed follows: the meeting cancelled, one version on, under the same UID
    client.logout()
    in_feed = check_file(client.get(feed_url).content, "PUBLISH").walk("VEVENT")
    meeting_entry = next(e for e in in_feed if str(e["uid"]) == f"meeting-{agreed.code}@brobygger")
    assert (str(meeting_entry["status"]), int(meeting_entry["sequence"])) == ("CANCELLED", 2)
