"""Meetings: one member proposes a time, the other accepts; afterwards it is logged."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.pairs.models import Meeting, MeetingStatus, Pair, PairRole
from brobygger.pairs.notify import notify, pair_path
from brobygger.pairs.selectors.pairs import may_book
from brobygger.pairs.services.agreements import refuse_unless_open
from brobygger.pairs.tasks import send_meeting_invitation
from brobygger.people.models import Person


@transaction.atomic
def propose_meeting(
    *,
    pair: Pair,
    by: Person,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    video_url: str = "",
    place: str = "",
) -> Meeting:
    """Propose a time; the partner is emailed to accept it."""
    refuse_unless_open(pair)
    role = pair.role_of(by)
    booked = pair.meetings.exclude(status=MeetingStatus.DECLINED).exists()
    if not may_book(pair, role, has_meetings=booked):
        raise ValidationError(
            _("In reverse mentoring the senior books the first meeting."), code="senior_first"
        )
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    meeting = Meeting(
        pair=pair,
        starts_at=starts_at,
        ends_at=ends_at,
        video_url=video_url,
        place=place.strip(),
        proposed_by_role=role,
    )
    meeting.full_clean()
    meeting.save()
    log_activity(actor=by.user, action="pair.meeting.propose", target=meeting)
    notify(
        pair.other(by),
        "meeting_proposed",
        {"partner": by.name, "meeting": meeting, "pair_path": pair_path(pair)},
    )
    return meeting


def _refuse_unless(meeting: Meeting, *statuses: str) -> None:
    if meeting.status not in statuses:
        raise ValidationError(
            _("This meeting is already %(status)s.")
            % {"status": meeting.get_status_display().lower()},
            code="wrong_status",
        )


@transaction.atomic
def accept_meeting(*, meeting: Meeting, by: Person) -> Meeting:
    """The partner accepts: both get an email with an .ics invitation."""
    meeting = _locked(meeting)
    pair = meeting.pair
    refuse_unless_open(pair)
    _refuse_unless(meeting, MeetingStatus.PROPOSED)
    if pair.role_of(by) == meeting.proposed_by_role:
        raise ValidationError(_("Your partner accepts the time you proposed."), code="own_proposal")
    meeting.status = MeetingStatus.PLANNED
    meeting.accepted_at = timezone.now()
    meeting.save(update_fields=["status", "accepted_at", "updated_at"])
    log_activity(actor=by.user, action="pair.meeting.accept", target=meeting)
    for person in pair.members:
        transaction.on_commit(partial(_send_invitation, meeting.pk, person.pk))
    return meeting


@transaction.atomic
def decline_meeting(*, meeting: Meeting, by: Person) -> Meeting:
    """The partner declines a proposed time, or the proposer withdraws it."""
    meeting = _locked(meeting)
    _refuse_unless(meeting, MeetingStatus.PROPOSED)
    meeting.status = MeetingStatus.DECLINED
    meeting.save(update_fields=["status", "updated_at"])
    log_activity(actor=by.user, action="pair.meeting.decline", target=meeting)
    return meeting


@transaction.atomic
def log_meeting_held(
    *, meeting: Meeting, by: Person, duration_minutes: int, notes: str = ""
) -> Meeting:
    """Record that the meeting took place: its length and notes only the pair can read."""
    meeting = _locked(meeting)
    _refuse_unless(meeting, MeetingStatus.PLANNED)
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("A meeting can be logged as held once it has started."), code="not_started"
        )
    meeting.status = MeetingStatus.HELD
    meeting.duration_minutes = duration_minutes
    meeting.notes = notes.strip()
    meeting.logged_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    log_activity(
        actor=by.user,
        action="pair.meeting.held",
        target=meeting,
        data={"duration_minutes": duration_minutes},
    )
    return meeting


@transaction.atomic
def log_meeting_cancelled(
    *, meeting: Meeting, by: Person, cancelled_by_role: str, reason: str = ""
) -> Meeting:
    """Record a cancellation and who cancelled; the coordinator sees who, never why."""
    meeting = _locked(meeting)
    _refuse_unless(meeting, MeetingStatus.PLANNED, MeetingStatus.PROPOSED)
    if cancelled_by_role not in PairRole.values:
        raise ValidationError({"cancelled_by_role": _("Say who cancelled.")})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_by_role = cancelled_by_role
    meeting.cancel_reason = reason.strip()
    meeting.logged_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    log_activity(
        actor=by.user,
        action="pair.meeting.cancelled",
        target=meeting,
        data={"cancelled_by": cancelled_by_role},
    )
    return meeting


def _send_invitation(meeting_id: int, person_id: int) -> None:
    send_meeting_invitation.enqueue(meeting_id=meeting_id, person_id=person_id)


def _locked(meeting: Meeting) -> Meeting:
    pair = meeting.pair
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.pair = pair
    return locked
