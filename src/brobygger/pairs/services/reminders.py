"""The scheduled nudges. Each (kind, subject, person) is sent at most once, in the recipient's
language; running twice sends nothing new. ``manage.py send_reminders`` runs this daily.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from brobygger.gatherings.models import Gathering, Response
from brobygger.gatherings.selectors import invitees_of
from brobygger.gatherings.services import ensure_invitation, rsvp_url
from brobygger.pairs.models import (
    Agreement,
    Meeting,
    MeetingStatus,
    Pair,
    PairStatus,
    Reminder,
    ReminderKind,
)
from brobygger.pairs.notify import notify, pair_path
from brobygger.pairs.rules import (
    CLOSED_COHORT_STATUSES,
    GATHERING_SOON,
    QUIET_AFTER,
    RSVP_MISSING_BEFORE,
    pair_start,
    senior_role,
)
from brobygger.people.models import Person


def _send_once(kind: str, key: str, person: Person, template: str, context: dict[str, Any]) -> bool:
    """Record the reminder and send it, or do nothing if it was sent before."""
    try:
        with transaction.atomic():
            Reminder.objects.create(kind=kind, key=key, person=person)
            notify(person, template, context)
    except IntegrityError:
        return False
    return True


def send_due_reminders(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts: Counter[str] = Counter()
    for kind, job in (
        (ReminderKind.MEETING_TOMORROW, _meetings_tomorrow),
        (ReminderKind.GATHERING_SOON, _gatherings_soon),
        (ReminderKind.PAIR_QUIET, _quiet_pairs),
        (ReminderKind.RSVP_MISSING, _rsvp_missing),
        (ReminderKind.AGREEMENT_UNSIGNED, _agreement_unsigned),
    ):
        counts[str(kind)] = job(now)
    return dict(counts)


def _active_pairs() -> QuerySet[Pair]:
    return (
        Pair.objects.filter(status=PairStatus.ACTIVE)
        .exclude(cohort__status__in=CLOSED_COHORT_STATUSES)
        .select_related("cohort__initiative", "mentor__user", "mentee__user")
    )


def _meetings_tomorrow(now: dt.datetime) -> int:
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    meetings = Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        starts_at__gte=start,
        starts_at__lt=end,
        pair__status=PairStatus.ACTIVE,
    ).select_related("pair__mentor__user", "pair__mentee__user")
    sent = 0
    for meeting in meetings:
        for person in meeting.pair.members:
            sent += _send_once(
                ReminderKind.MEETING_TOMORROW,
                str(meeting.code),
                person,
                "reminder_meeting_tomorrow",
                {
                    "meeting": meeting,
                    "partner": meeting.pair.other(person).name,
                    "pair_path": pair_path(meeting.pair),
                },
            )
    return sent


def _gatherings_soon(now: dt.datetime) -> int:
    sent = 0
    for gathering in Gathering.objects.filter(
        starts_at__gt=now, starts_at__lte=now + GATHERING_SOON
    ):
        declined = set(
            gathering.invitations.filter(response=Response.NO).values_list("person_id", flat=True)
        )
        for person in invitees_of(gathering):
            if person.pk in declined:
                continue
            sent += _send_once(
                ReminderKind.GATHERING_SOON,
                str(gathering.code),
                person,
                "reminder_gathering_soon",
                {
                    "gathering": gathering,
                    "gathering_path": reverse("gatherings:detail", args=[gathering.code]),
                },
            )
    return sent


def _rsvp_missing(now: dt.datetime) -> int:
    sent = 0
    upcoming = Gathering.objects.filter(starts_at__gt=now, starts_at__lte=now + RSVP_MISSING_BEFORE)
    for gathering in upcoming:
        answered = set(
            gathering.invitations.exclude(response="").values_list("person_id", flat=True)
        )
        for person in invitees_of(gathering):
            if person.pk in answered:
                continue
            if Reminder.objects.filter(
                kind=ReminderKind.RSVP_MISSING, key=str(gathering.code), person=person
            ).exists():
                continue
            invitation = ensure_invitation(gathering, person)
            sent += _send_once(
                ReminderKind.RSVP_MISSING,
                str(gathering.code),
                person,
                "reminder_rsvp_missing",
                {"gathering": gathering, "rsvp_path": rsvp_url(invitation)},
            )
    return sent


def _quiet_pairs(now: dt.datetime) -> int:
    """To the senior: no meeting held for five weeks and none planned."""
    pairs = _active_pairs().annotate(
        last_held=Max("meetings__starts_at", filter=Q(meetings__status=MeetingStatus.HELD)),
        last_held_id=Max("meetings__id", filter=Q(meetings__status=MeetingStatus.HELD)),
        next_planned=Min(
            "meetings__starts_at",
            filter=Q(
                meetings__status__in=(MeetingStatus.PLANNED, MeetingStatus.PROPOSED),
                meetings__starts_at__gte=now,
            ),
        ),
    )
    sent = 0
    for pair in pairs:
        quiet_since = pair.last_held or pair_start(pair)
        if quiet_since > now - QUIET_AFTER or pair.next_planned is not None:
            continue
        senior = pair.member(senior_role(pair.cohort.initiative.kind))
        sent += _send_once(
            ReminderKind.PAIR_QUIET,
            f"{pair.code}:{pair.last_held_id or 0}",
            senior,
            "reminder_pair_quiet",
            {
                "partner": pair.other(senior).name,
                "book_path": reverse("pairs:meeting-new", args=[pair.code]),
                "pair_path": pair_path(pair),
            },
        )
    return sent


def _agreement_unsigned(now: dt.datetime) -> int:
    """To each member who has not signed, once the first meeting has begun."""
    pairs = (
        _active_pairs()
        .annotate(
            first_meeting=Min(
                "meetings__starts_at",
                filter=Q(meetings__status__in=(MeetingStatus.PLANNED, MeetingStatus.HELD)),
            )
        )
        .filter(first_meeting__lte=now)
    )
    sent = 0
    for pair in pairs:
        agreement = Agreement.objects.filter(pair=pair).order_by("-version").first()
        if agreement is not None and agreement.is_signed:
            continue
        for person in pair.members:
            if agreement is not None and agreement.signed_at(pair.role_of(person)):
                continue
            sent += _send_once(
                ReminderKind.AGREEMENT_UNSIGNED,
                f"{pair.code}:v{agreement.version if agreement else 0}",
                person,
                "reminder_agreement_unsigned",
                {"partner": pair.other(person).name, "pair_path": pair_path(pair)},
            )
    return sent
