"""Meetings: the senior books the first, the other accepts (both get an .ics), then it is logged."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.pairs.models import Meeting
from tests.calendar_helpers import calendar_parts
from tests.pairs.helpers import meeting


def _when(days: int, hour: int = 17) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def _propose(client, pair, **extra):
    data = {
        "starts_at": _when(3),
        "ends_at": _when(3, 18),
        "video_url": "https://meet.example/anne-bo",
        "place": "",
        **extra,
    }
    return client.post(reverse("pairs:meeting-new", args=[pair.code]), data)


def test_senior_books_then_mentor_accepts_and_both_get_an_ics(
    client, pair, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    client.force_login(mentee_anne.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert _propose(client, pair).status_code == 302
    proposed = Meeting.objects.get()
    assert (proposed.status, proposed.proposed_by_role) == ("proposed", "mentee")
    assert timezone.localtime(proposed.starts_at).hour == 17  # entered in Europe/Oslo
    assert [m.to for m in mail.outbox] == [["bo@b.example"]]

    mail.outbox.clear()
    client.force_login(mentor_bo.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("pairs:meeting-answer", args=[pair.code, proposed.code]), {"answer": "accept"}
        )
    proposed.refresh_from_db()
    assert proposed.status == "planned"
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "bo@b.example"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["bo@b.example"].subject == "Meeting with Anne Aas agreed"
    assert by_address["anne@a.example"].subject == "Møte med Bo Berg avtalt" or (
        "Bo Berg" in by_address["anne@a.example"].subject
    )
    ((name, params, content),) = calendar_parts(by_address["bo@b.example"])
    assert (name, params) == ("invitation.ics", {"method": "REQUEST", "charset": "UTF-8"})
    raw = content
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    event = next(iter(icalendar.Calendar.from_ical(raw).walk("VEVENT")))
    assert event.decoded("dtstart") == proposed.starts_at
    assert str(event["location"]) == "https://meet.example/anne-bo"
    assert str(event["uid"]) == f"meeting-{proposed.code}@brobygger"


def test_in_reverse_mentoring_the_mentor_cannot_book_the_first_meeting(en, pair, mentor_bo):
    en.force_login(mentor_bo.user)
    response = _propose(en, pair)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "In reverse mentoring the senior books the first meeting."
    ]
    assert Meeting.objects.count() == 0


def test_after_the_first_meeting_either_can_propose(client, pair, mentor_bo):
    meeting(pair, days=-7, status="held", duration_minutes=60)
    client.force_login(mentor_bo.user)
    assert _propose(client, pair).status_code == 302
    assert Meeting.objects.filter(status="proposed", proposed_by_role="mentor").count() == 1


def test_end_before_start_is_refused(en, pair, mentee_anne):
    en.force_login(mentee_anne.user)
    response = _propose(en, pair, ends_at=_when(3, 16))
    assert response.context["form"].errors == {"ends_at": ["The meeting must end after it starts."]}
    assert Meeting.objects.count() == 0


def test_a_meeting_needs_a_link_or_a_place(en, pair, mentee_anne):
    en.force_login(mentee_anne.user)
    response = _propose(en, pair, video_url="")
    assert response.context["form"].errors == {"place": ["Give a video link or a place."]}
    assert Meeting.objects.count() == 0


def test_no_meeting_in_a_closed_cohort(en, pair, mentee_anne, cohort):
    cohort.status = "closed"
    cohort.save()
    en.force_login(mentee_anne.user)
    response = _propose(en, pair)
    assert response.context["form"].non_field_errors() == [
        "This pair's programme year is over, so nothing more can be planned here."
    ]
    assert Meeting.objects.count() == 0


def test_the_proposer_cannot_accept_her_own_time(en, pair, mentee_anne):
    proposed = meeting(pair, days=2, status="proposed", proposed_by_role="mentee")
    en.force_login(mentee_anne.user)
    response = en.post(
        reverse("pairs:meeting-answer", args=[pair.code, proposed.code]),
        {"answer": "accept"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Your partner accepts the time you proposed."
    ]
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_log_held_with_private_notes(client, pair, mentor_bo):
    planned = meeting(pair, days=-1)
    client.force_login(mentor_bo.user)
    response = client.post(
        reverse("pairs:meeting-log", args=[pair.code, planned.code]),
        {"outcome": "held", "duration_minutes": 75, "notes": "Vi snakket om KI."},
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.status, planned.duration_minutes, planned.notes) == (
        "held",
        75,
        "Vi snakket om KI.",
    )


def test_log_cancelled_records_who(client, pair, mentee_anne):
    planned = meeting(pair, days=1)
    client.force_login(mentee_anne.user)
    client.post(
        reverse("pairs:meeting-log", args=[pair.code, planned.code]),
        {"outcome": "cancelled", "cancelled_by_role": "mentee", "cancel_reason": "Styremøte"},
    )
    planned.refresh_from_db()
    assert (planned.status, planned.cancelled_by_role, planned.cancel_reason) == (
        "cancelled",
        "mentee",
        "Styremøte",
    )


def test_held_before_it_started_is_refused(en, pair, mentee_anne):
    planned = meeting(pair, days=1)
    en.force_login(mentee_anne.user)
    response = en.post(
        reverse("pairs:meeting-log", args=[pair.code, planned.code]),
        {"outcome": "held", "duration_minutes": 60},
    )
    assert response.context["form"].non_field_errors() == [
        "A meeting can be logged as held once it has started."
    ]
    planned.refresh_from_db()
    assert planned.status == "planned"


@pytest.mark.parametrize("url_name", ["meeting-log", "meeting-answer", "meeting-ics"])
def test_another_pairs_meeting_answers_404(client, pair, other_pair, mentee_anne, url_name):
    theirs = meeting(other_pair, days=-1)
    client.force_login(mentee_anne.user)
    # Through her own pair's address and through theirs: 404 both ways.
    for pair_code in (pair.code, other_pair.code):
        url = reverse(f"pairs:{url_name}", args=[pair_code, theirs.code])
        data = {"outcome": "held", "duration_minutes": 60, "answer": "accept"}
        send = client.get if url_name == "meeting-ics" else client.post
        response = send(url, data)
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.notes) == ("planned", "")


def test_members_download_the_ics(client, pair, mentee_anne):
    planned = meeting(pair, days=3)
    client.force_login(mentee_anne.user)
    response = client.get(reverse("pairs:meeting-ics", args=[pair.code, planned.code]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = next(iter(icalendar.Calendar.from_ical(response.content).walk("VEVENT")))
    assert event.decoded("dtend") == planned.ends_at.replace(microsecond=0)
