"""Meetings that stay true in both calendars: a proposal can be withdrawn or moved, the
partner can suggest another time, an agreed meeting can be moved (an update, a higher
SEQUENCE) or cancelled (METHOD:CANCEL to both, a notice to the partner)."""

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.pairs.models import CalendarFeed, Meeting
from brobygger.pairs.services.meetings import accept_meeting, propose_meeting
from tests.calendar_helpers import apply_to_calendar, only_event
from tests.pairs.helpers import meeting

NOW = dt.datetime(2027, 2, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _when(days: int, hour: int = 17) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def _times(days: int, **extra):
    return {
        "starts_at": _when(days),
        "ends_at": _when(days, 18),
        "video_url": "https://meet.example/anne-bo",
        "place": "",
        **extra,
    }


@pytest.fixture
def agreed(pair, mentee_anne, mentor_bo, django_capture_on_commit_callbacks):
    """Anne (the senior) proposed, Bo accepted: both got the invitation (SEQUENCE 0)."""
    start = timezone.now() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        proposed = propose_meeting(
            pair=pair,
            by=mentee_anne,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            video_url="https://meet.example/anne-bo",
        )
        accept_meeting(meeting=proposed, by=mentor_bo)
    return Meeting.objects.get(pk=proposed.pk)


def test_the_senior_moves_then_cancels_and_both_calendars_follow(
    client, pair, agreed, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    invitations = {m.to[0]: m for m in mail.outbox if m.attachments}
    mail.outbox.clear()
    client.force_login(mentee_anne.user)
    move = reverse("pairs:meeting-move", args=[pair.code, agreed.code])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move, _times(5, place="Kafé Sjøsiden"))
    assert response["Location"] == reverse("pairs:pair-detail", args=[pair.code])
    agreed.refresh_from_db()
    assert (agreed.status, agreed.sequence) == ("planned", 1)
    moved = {m.to[0]: m for m in mail.outbox}
    assert sorted(moved) == ["anne@a.example", "bo@b.example"]
    assert moved["bo@b.example"].subject.startswith("Meeting moved to")
    assert "Anne Aas has moved your meeting:" in moved["bo@b.example"].body
    assert "Where: – → Kafé Sjøsiden" in moved["bo@b.example"].body
    method, event = only_event(moved["bo@b.example"])
    assert (method, int(event["sequence"])) == ("REQUEST", 1)
    assert str(event["uid"]) == f"meeting-{agreed.code}@brobygger"
    assert str(event["organizer"]) == "mailto:noreply@brobygger.localhost"
    assert sorted(str(a) for a in event["attendee"]) == [
        "mailto:anne@a.example",
        "mailto:bo@b.example",
    ]
    assert str(event["location"]) == "Kafé Sjøsiden"

    mail.outbox.clear()
    cancel = reverse("pairs:meeting-cancel", args=[pair.code, agreed.code])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel, {"reason": "Syk"})
    agreed.refresh_from_db()
    assert (agreed.status, agreed.sequence, agreed.cancelled_by_role) == ("cancelled", 2, "mentee")
    cancelled = {m.to[0]: m for m in mail.outbox}
    assert "Anne Aas has cancelled your meeting:" in cancelled["bo@b.example"].body
    assert "Syk" not in cancelled["bo@b.example"].body  # the reason stays on the pair page
    method, event = only_event(cancelled["bo@b.example"])
    assert (method, str(event["status"]), int(event["sequence"])) == ("CANCEL", "CANCELLED", 2)

    # Bo's calendar: invitation, update, cancellation, and each again — one entry, cancelled
    entries: dict = {}
    bo = [invitations["bo@b.example"], moved["bo@b.example"], cancelled["bo@b.example"]]
    for message in bo + bo:
        apply_to_calendar(entries, message)
    assert [(e["sequence"], e["cancelled"]) for e in entries.values()] == [(2, True)]

    # the feed says the same: the same UID, cancelled, version 2
    feed = CalendarFeed.objects.create(person=mentor_bo)
    client.logout()
    body = client.get(reverse("pairs:calendar-feed", args=[feed.token])).content
    (in_feed,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert (str(in_feed["uid"]), str(in_feed["status"]), int(in_feed["sequence"])) == (
        f"meeting-{agreed.code}@brobygger",
        "CANCELLED",
        2,
    )


def test_the_proposer_moves_or_withdraws_and_the_partner_suggests_another(
    client, pair, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    proposed = meeting(pair, days=3, status="proposed", proposed_by_role="mentee")
    client.force_login(mentee_anne.user)
    move = reverse("pairs:meeting-move", args=[pair.code, proposed.code])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(move, _times(4))
    proposed.refresh_from_db()
    assert (proposed.status, proposed.proposed_by_role, proposed.sequence) == (
        "proposed",
        "mentee",
        0,
    )
    assert timezone.localtime(proposed.starts_at).date() == timezone.localdate() + dt.timedelta(4)
    assert [(m.to, m.attachments) for m in mail.outbox] == [(["bo@b.example"], [])]
    assert "Anne Aas har flyttet det foreslåtte møtetidspunktet:" in mail.outbox[0].body

    # Bo cannot come: he suggests another time, which Anne now accepts or declines
    mail.outbox.clear()
    client.force_login(mentor_bo.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(move, _times(6))
    proposed.refresh_from_db()
    assert (proposed.status, proposed.proposed_by_role) == ("proposed", "mentor")
    assert [m.to for m in mail.outbox] == [["anne@a.example"]]
    assert "Bo Berg kan ikke møtes på tiden du foreslo, og foreslår en annen:" in (
        mail.outbox[0].body
    )

    # Anne (no longer the proposer) cannot withdraw it; Bo can, and Anne is told
    withdraw = reverse("pairs:meeting-withdraw", args=[pair.code, proposed.code])
    client.force_login(mentee_anne.user)
    client.post(withdraw)
    proposed.refresh_from_db()
    assert proposed.status == "proposed"
    mail.outbox.clear()
    client.force_login(mentor_bo.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(withdraw)
    proposed.refresh_from_db()
    assert proposed.status == "declined"
    assert [m.subject for m in mail.outbox] == ["Bo Berg har trukket tilbake et forslag til tid"]


def test_bad_times_are_refused_and_change_nothing(client, pair, agreed, mentee_anne):
    client.force_login(mentee_anne.user)
    move = reverse("pairs:meeting-move", args=[pair.code, agreed.code])
    mail.outbox.clear()
    past = client.post(move, _times(-2))
    assert past.context["form"].errors == {"starts_at": ["Velg et tidspunkt fram i tid."]}
    same = {
        "starts_at": timezone.localtime(agreed.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(agreed.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "video_url": agreed.video_url,
        "place": "",
    }
    unchanged = client.post(move, same)
    assert unchanged.context["form"].non_field_errors() == [
        "Tid, sted og lenke er som før: det er ingenting å endre."
    ]
    agreed_after = Meeting.objects.get(pk=agreed.pk)
    assert (agreed_after.starts_at, agreed_after.sequence, mail.outbox) == (
        agreed.starts_at,
        0,
        [],
    )


def test_another_pairs_member_gets_404_and_changes_nothing(client, pair, agreed, other_pair):
    client.force_login(other_pair.mentee.user)
    for name in ("meeting-move", "meeting-cancel", "meeting-withdraw"):
        url = reverse(f"pairs:{name}", args=[pair.code, agreed.code])
        assert client.post(url, _times(5)).status_code == 404
        own_pair = reverse(f"pairs:{name}", args=[other_pair.code, agreed.code])
        assert client.post(own_pair, _times(5)).status_code == 404
    agreed_after = Meeting.objects.get(pk=agreed.pk)
    assert (agreed_after.status, agreed_after.sequence) == ("planned", 0)
