"""Meetings: one member proposes a time, the other accepts; afterwards it is logged."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.outbox import emails_held
from brobygger.core.services import log_activity
from brobygger.pairs.emails import notify, notify_with_calendar, pair_path
from brobygger.pairs.models import Meeting, MeetingStatus, Pair, PairRole
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
    now: dt.datetime | None = None,
) -> Meeting:
    """Propose a time; the partner is emailed to accept it. ``now``: when she proposes
    (the demo's story; otherwise the clock)."""
    now = now or timezone.now()
    refuse_unless_open(pair)
    role = pair.role_of(by)
    booked = pair.meetings.exclude(status=MeetingStatus.DECLINED).exists()
    if not may_book(pair, role, has_meetings=booked):
        raise ValidationError(
            _("In reverse mentoring the senior books the first meeting."), code="senior_first"
        )
    if starts_at <= now:
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    if not (video_url or place.strip()):
        video_url = pair.cohort.new_video_link()  # digital by default: a room of its own
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
def accept_meeting(*, meeting: Meeting, by: Person, now: dt.datetime | None = None) -> Meeting:
    """The partner accepts: both get an email with an .ics invitation (not while emails are
    held: ``core.outbox.hold_emails``). ``now``: when she accepts (otherwise the clock)."""
    meeting = _locked(meeting)
    pair = meeting.pair
    refuse_unless_open(pair)
    _refuse_unless(meeting, MeetingStatus.PROPOSED)
    if pair.role_of(by) == meeting.proposed_by_role:
        raise ValidationError(_("Your partner accepts the time you proposed."), code="own_proposal")
    meeting.status = MeetingStatus.PLANNED
    meeting.accepted_at = now or timezone.now()
    meeting.save(update_fields=["status", "accepted_at", "updated_at"])
    log_activity(actor=by.user, action="pair.meeting.accept", target=meeting)
    if emails_held():
        return meeting
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
    *,
    meeting: Meeting,
    by: Person,
    duration_minutes: int,
    notes: str = "",
    now: dt.datetime | None = None,
) -> Meeting:
    """Record that the meeting took place: its length and notes only the pair can read.
    ``now``: when she records it (otherwise the clock)."""
    now = now or timezone.now()
    meeting = _locked(meeting)
    _refuse_unless(meeting, MeetingStatus.PLANNED)
    if meeting.starts_at > now:
        raise ValidationError(
            _("A meeting can be logged as held once it has started."), code="not_started"
        )
    meeting.status = MeetingStatus.HELD
    meeting.duration_minutes = duration_minutes
    meeting.notes = notes.strip()
    meeting.logged_at = now
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
    was_agreed = meeting.status == MeetingStatus.PLANNED
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_by_role = cancelled_by_role
    meeting.cancel_reason = reason.strip()
    meeting.logged_at = timezone.now()
    if was_agreed and meeting.ends_at > timezone.now():
        meeting.sequence += 1  # in both calendars: the cancellation replaces the event
    meeting.full_clean()
    meeting.save()
    if was_agreed and meeting.ends_at > timezone.now():
        _tell_cancelled(meeting, by)
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


# -- changing a time: withdraw or move a proposal, suggest another, move or cancel ---------


def _tell_cancelled(meeting: Meeting, by: Person) -> None:
    """Both members get the cancellation (``METHOD:CANCEL``): the partner with a notice."""
    pair = meeting.pair
    for person in pair.members:
        notify_with_calendar(
            person,
            "meeting_cancelled",
            meeting,
            {"by": by.name, "by_me": person.pk == by.pk, "pair_path": pair_path(pair)},
        )


@transaction.atomic
def withdraw_meeting(*, meeting: Meeting, by: Person) -> Meeting:
    """The proposer takes back a time not yet accepted; the partner is told."""
    meeting = _locked(meeting)
    pair = meeting.pair
    _refuse_unless(meeting, MeetingStatus.PROPOSED)
    if pair.role_of(by) != meeting.proposed_by_role:
        raise ValidationError(
            _("Only the one who proposed a time can withdraw it."), code="not_proposer"
        )
    meeting.status = MeetingStatus.DECLINED
    meeting.save(update_fields=["status", "updated_at"])
    log_activity(actor=by.user, action="pair.meeting.withdraw", target=meeting)
    notify(
        pair.other(by),
        "meeting_withdrawn",
        {"partner": by.name, "meeting": meeting, "pair_path": pair_path(pair)},
    )
    return meeting


@transaction.atomic
def move_meeting(
    *,
    meeting: Meeting,
    by: Person,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    video_url: str = "",
    place: str = "",
) -> Meeting:
    """Another time (or place, or link) for a meeting.

    A proposed time: the proposer moves it, or the partner suggests another, which then
    waits for the proposer to accept; the other is emailed. An agreed meeting stays
    agreed: it moves, its calendar version rises, and both get the update (``.ics``,
    ``METHOD:REQUEST``, the same UID), with a notice of what changed.
    """
    meeting = _locked(meeting)
    pair = meeting.pair
    refuse_unless_open(pair)
    _refuse_unless(meeting, MeetingStatus.PROPOSED, MeetingStatus.PLANNED)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    old = Meeting(
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        video_url=meeting.video_url,
        place=meeting.place,
    )
    place = place.strip()

    def minute(moment: dt.datetime) -> dt.datetime:  # the form's times have minutes
        return moment.replace(second=0, microsecond=0)

    if (minute(starts_at), minute(ends_at), video_url, place) == (
        minute(meeting.starts_at),
        minute(meeting.ends_at),
        meeting.video_url,
        meeting.place,
    ):
        raise ValidationError(
            _("The time, place and link are as before: there is nothing to change."),
            code="unchanged",
        )
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.video_url, meeting.place = video_url, place
    role = pair.role_of(by)
    agreed = meeting.status == MeetingStatus.PLANNED
    countered = not agreed and role != meeting.proposed_by_role
    if agreed:
        meeting.sequence += 1
    else:
        meeting.proposed_by_role = role  # the other one now accepts (or declines) it
    meeting.full_clean()
    meeting.save()
    log_activity(
        actor=by.user,
        action="pair.meeting.move" if agreed else "pair.meeting.repropose",
        target=meeting,
        data={"countered": countered},
    )
    context = {"partner": by.name, "old": old, "pair_path": pair_path(pair)}
    if agreed:
        for person in pair.members:
            notify_with_calendar(
                person, "meeting_moved", meeting, {**context, "by_me": person.pk == by.pk}
            )
    else:
        notify(
            pair.other(by),
            "meeting_reproposed",
            {**context, "meeting": meeting, "countered": countered},
        )
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: Person, reason: str = "") -> Meeting:
    """Cancel an agreed meeting before it ends: both calendars drop it (``METHOD:CANCEL``)
    and the partner gets a notice. The reason stays with the pair."""
    _refuse_unless(meeting, MeetingStatus.PLANNED)
    return log_meeting_cancelled(
        meeting=meeting, by=by, cancelled_by_role=meeting.pair.role_of(by), reason=reason
    )
