"""The scheduled nudges. Each (kind, subject, person) is sent at most once, in the recipient's
language; running twice sends nothing new. Each run sends, per cohort and kind, one batch
with a send log (``core.mailings``), from the same plans the coordinator previews. The
worker's scheduler runs this every 30 minutes (``pairs/scheduled.py``);
``manage.py send_reminders`` runs the same service from cron.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from brobygger.core.mailings import MailingPlan, PlannedEmail, send_scheduled_mailing
from brobygger.core.scheduler import Due
from brobygger.gatherings.models import Gathering, Invitation, Response
from brobygger.gatherings.selectors import invitees_of
from brobygger.gatherings.services import ensure_invitation, rsvp_url
from brobygger.pairs.emails import pair_path
from brobygger.pairs.models import (
    Agreement,
    Meeting,
    MeetingStatus,
    Pair,
    PairStatus,
    PulseAnswer,
    Reminder,
    ReminderKind,
)
from brobygger.pairs.rules import (
    CLOSED_COHORT_STATUSES,
    GATHERING_SOON,
    PULSE_MONTHS,
    PULSE_OPEN_FOR,
    QUIET_AFTER,
    RSVP_MISSING_BEFORE,
    pair_start,
    pulse_opens_at,
)
from brobygger.people.models import Person
from brobygger.programs.kinds import kinds_with_section, profile
from brobygger.programs.selectors import reply_address

if TYPE_CHECKING:
    from brobygger.programs.models import Cohort

REMINDER = "pairs.reminder"
LINK_NOT_MADE_YET = "…"  # the preview: the reply link's invitation row does not exist yet


@dataclass(frozen=True)
class _Due:
    """One reminder that is due, unless it was sent before: (kind, key, person) is sent once."""

    kind: str
    key: str
    person: Person
    template: str
    context: dict[str, Any]
    # The RSVP link needs the invitation, made only when the reminder is sent.
    rsvp_for: Gathering | None = None


def _unsent(items: list[_Due]) -> list[_Due]:
    """``items`` without the reminders sent before (one query)."""
    if not items:
        return []
    sent = set(
        Reminder.objects.filter(
            key__in={item.key for item in items}, person__in={item.person.pk for item in items}
        ).values_list("kind", "key", "person_id")
    )
    return [item for item in items if (item.kind, item.key, item.person.pk) not in sent]


def _reminder_plan(cohort: Cohort, kind: str, items: list[_Due]) -> MailingPlan:
    """One kind of reminder to the people of ``cohort``, each in her language. A reply link
    whose invitation row does not exist yet shows as ``…`` (the job makes it first)."""
    emails = []
    invitations: dict[tuple[int, int | None], Invitation] = {}
    gatherings = {item.rsvp_for.pk for item in items if item.rsvp_for is not None}
    if gatherings:
        invitations = {
            (i.gathering_id, i.person_id): i
            for i in Invitation.objects.filter(
                gathering__in=gatherings, person__in={item.person.pk for item in items}
            ).select_related("gathering", "person")
        }
    for item in items:
        user = item.person.user
        context = {"name": user.get_short_name(), "cohort": cohort, **item.context}
        if item.rsvp_for is not None:
            invitation = invitations.get((item.rsvp_for.pk, item.person.pk))
            context["rsvp_path"] = (
                rsvp_url(invitation)
                if invitation
                else reverse("gatherings:rsvp-link", args=[item.rsvp_for.code, LINK_NOT_MADE_YET])
            )
        emails.append(
            PlannedEmail.to(
                item.person,
                template_prefix=f"pairs/email/{item.template}",
                context=context,
                key=f"{item.kind}:{item.key}",
            )
        )
    return MailingPlan(
        action=f"{REMINDER}.{kind}",
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=str(ReminderKind(kind).label),
        emails=emails,
        reply_to=reply_address(cohort),
    )


def reminder_mailings(cohort: Cohort, *, now: dt.datetime) -> list[MailingPlan]:
    """What ``send_due_reminders`` would send about ``cohort`` if it ran at ``now``: one plan
    per kind, in the order they are sent (the scheduler's ``plans``: the coordinator's
    preview of the next batch)."""
    return [_reminder_plan(cohort, kind, _unsent(list(due(now, cohort)))) for kind, due in _KINDS]


def _claim(item: _Due) -> bool:
    """Record the reminder; False if it was sent before (each is sent once)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(kind=item.kind, key=item.key, person=item.person)
    except IntegrityError:
        return False
    return True


def _reminded_cohorts() -> QuerySet[Cohort]:
    """Cohorts with someone in a pair: the people reminders are about."""
    from brobygger.programs.models import Cohort

    in_pairs = (PairStatus.ACTIVE, PairStatus.COMPLETED)  # gatherings invite both
    ids = Pair.objects.filter(status__in=in_pairs).values("cohort_id")
    return Cohort.objects.filter(pk__in=ids).select_related("initiative").order_by("pk")


def send_due_reminders(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Per cohort and kind, the reminders due and not sent before, as one batch with a send
    log (``core.mailings.send_scheduled_mailing``): the plans the coordinator previews."""
    now = now or timezone.now()
    counts: Counter[str] = Counter({str(kind): 0 for kind, _due in _KINDS})
    for cohort in _reminded_cohorts():
        for kind, due in _KINDS:
            with transaction.atomic():  # the claims and their batch go together
                claimed = [item for item in _unsent(list(due(now, cohort))) if _claim(item)]
                for item in claimed:
                    if item.rsvp_for is not None:
                        ensure_invitation(item.rsvp_for, item.person)
                send_scheduled_mailing(_reminder_plan(cohort, kind, claimed))
            counts[str(kind)] += len(claimed)
    return dict(counts)


def count_due(cohort: Cohort, *, now: dt.datetime) -> Due:
    """How many people of ``cohort`` ``send_due_reminders`` would remind if it ran now.

    A read, for the coordinator's cohort page (the scheduler's ``count_due``)."""
    in_pairs = (PairStatus.ACTIVE, PairStatus.COMPLETED)  # gatherings invite both
    if not Pair.objects.filter(cohort=cohort, status__in=in_pairs).exists():
        return Due(0)  # one query before the cohort has pairs
    due = _unsent([item for _kind, kind_due in _KINDS for item in kind_due(now, cohort)])
    return Due(len({item.person.pk for item in due}))


def _active_pairs(cohort: Cohort | None = None) -> QuerySet[Pair]:
    pairs = (
        Pair.objects.filter(status=PairStatus.ACTIVE)
        .exclude(cohort__status__in=CLOSED_COHORT_STATUSES)
        .select_related("cohort__initiative", "mentor__user", "mentee__user")
    )
    return pairs if cohort is None else pairs.filter(cohort=cohort)


def _upcoming_gatherings(cohort: Cohort | None, start: dt.datetime, end: dt.datetime) -> Any:
    gatherings = Gathering.objects.filter(
        starts_at__gt=start, starts_at__lte=end, cancelled_at__isnull=True
    )
    return gatherings if cohort is None else gatherings.filter(cohorts=cohort).distinct()


def _invitees(gathering: Gathering, cohort: Cohort | None) -> QuerySet[Person]:
    return invitees_of(gathering, cohorts=None if cohort is None else [cohort])


def _meetings_tomorrow(now: dt.datetime, cohort: Cohort | None) -> Iterator[_Due]:
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    meetings = Meeting.objects.filter(
        status=MeetingStatus.PLANNED,
        starts_at__gte=start,
        starts_at__lt=end,
        pair__status=PairStatus.ACTIVE,
    ).select_related("pair__mentor__user", "pair__mentee__user")
    if cohort is not None:
        meetings = meetings.filter(pair__cohort=cohort)
    for meeting in meetings:
        for person in meeting.pair.members:
            yield _Due(
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


def _gatherings_soon(now: dt.datetime, cohort: Cohort | None) -> Iterator[_Due]:
    for gathering in _upcoming_gatherings(cohort, now, now + GATHERING_SOON):
        declined = set(
            gathering.invitations.filter(response=Response.NO).values_list("person_id", flat=True)
        )
        for person in _invitees(gathering, cohort):
            if person.pk in declined:
                continue
            yield _Due(
                ReminderKind.GATHERING_SOON,
                str(gathering.code),
                person,
                "reminder_gathering_soon",
                {
                    "gathering": gathering,
                    "gathering_path": reverse("gatherings:detail", args=[gathering.code]),
                },
            )


def _rsvp_missing(now: dt.datetime, cohort: Cohort | None) -> Iterator[_Due]:
    for gathering in _upcoming_gatherings(cohort, now, now + RSVP_MISSING_BEFORE):
        answered = set(
            gathering.invitations.exclude(response="").values_list("person_id", flat=True)
        )
        for person in _invitees(gathering, cohort):
            if person.pk in answered:
                continue
            yield _Due(
                ReminderKind.RSVP_MISSING,
                str(gathering.code),
                person,
                "reminder_rsvp_missing",
                {"gathering": gathering},
                rsvp_for=gathering,
            )


def _quiet_pairs(now: dt.datetime, cohort: Cohort | None) -> Iterator[_Due]:
    """To the senior: no meeting held for five weeks and none planned (kinds that meet:
    executive shadowing keeps its days instead)."""
    pairs = (
        _active_pairs(cohort)
        .filter(cohort__initiative__kind__in=kinds_with_section("meetings"))
        .annotate(
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
    )
    for pair in pairs:
        quiet_since = pair.last_held or pair_start(pair)
        if quiet_since > now - QUIET_AFTER or pair.next_planned is not None:
            continue
        senior = pair.member(profile(pair.cohort.initiative.kind).senior_role)
        yield _Due(
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


def _agreement_unsigned(now: dt.datetime, cohort: Cohort | None) -> Iterator[_Due]:
    """To each member who has not signed, once the first meeting has begun (kinds with an
    agreement)."""
    pairs = (
        _active_pairs(cohort)
        .filter(cohort__initiative__kind__in=kinds_with_section("agreement"))
        .annotate(
            first_meeting=Min(
                "meetings__starts_at",
                filter=Q(meetings__status__in=(MeetingStatus.PLANNED, MeetingStatus.HELD)),
            )
        )
        .filter(first_meeting__lte=now)
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=Agreement.objects.order_by("-version"),
                to_attr="newest_agreements",
            )
        )
    )
    for pair in pairs:
        agreement = pair.newest_agreements[0] if pair.newest_agreements else None
        if agreement is not None and agreement.is_signed:
            continue
        for person in pair.members:
            if agreement is not None and agreement.signed_at(pair.role_of(person)):
                continue
            yield _Due(
                ReminderKind.AGREEMENT_UNSIGNED,
                f"{pair.code}:v{agreement.version if agreement else 0}",
                person,
                "reminder_agreement_unsigned",
                {
                    "partner": pair.other(person).name,
                    "pair_path": pair_path(pair),
                },
            )


def _pulses(now: dt.datetime, cohort: Cohort | None) -> Iterator[_Due]:
    """To each member of an active pair, once, when her pulse one and three months in opens
    (and while it is open, ``PULSE_OPEN_FOR``) unless she has answered it already."""
    pairs = list(_active_pairs(cohort))
    answered = set(
        PulseAnswer.objects.filter(pair__in=pairs).values_list("pair_id", "person_id", "point")
    )
    for pair in pairs:
        for point in PULSE_MONTHS:
            opens_at = pulse_opens_at(pair, point)
            if not opens_at <= now < opens_at + PULSE_OPEN_FOR:
                continue
            for person in pair.members:
                if (pair.pk, person.pk, point) in answered:
                    continue
                yield _Due(
                    ReminderKind.PULSE,
                    f"{pair.code}:m{point}",
                    person,
                    "reminder_pulse",
                    {
                        "point": point,
                        "pulse_path": reverse("pairs:pulse", args=[pair.code, point]),
                    },
                )


# In the order they are sent.
_KINDS: tuple[tuple[str, Callable[[dt.datetime, Cohort | None], Iterator[_Due]]], ...] = (
    (ReminderKind.MEETING_TOMORROW, _meetings_tomorrow),
    (ReminderKind.GATHERING_SOON, _gatherings_soon),
    (ReminderKind.PAIR_QUIET, _quiet_pairs),
    (ReminderKind.RSVP_MISSING, _rsvp_missing),
    (ReminderKind.AGREEMENT_UNSIGNED, _agreement_unsigned),
    (ReminderKind.PULSE, _pulses),
)
