"""The coordinator's view of a cohort's pairs: metadata only.

Nothing here reads notes, agreement text or goal text: meetings, agreements and ratings are
read with ``values()`` naming the metadata columns, so content never reaches a template.
The private pulse gives a flag only ("call her", her name and the pulse), never its answers:
they are compared with the threshold in the database and never read into Python here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from statistics import mean
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.pairs.models import (
    Agreement,
    GoalRating,
    Meeting,
    MeetingStatus,
    Pair,
    PairRole,
    PairStatus,
    PulseAnswer,
    PulsePoint,
    ShadowingDay,
)
from brobygger.pairs.models.meetings import UPCOMING_STATUSES
from brobygger.pairs.rules import (
    AGREEMENT_GRACE,
    CANCELLATIONS_IN_A_ROW,
    PULSE_CALL_AT,
    QUIET_AFTER,
    pair_start,
)
from brobygger.pairs.selectors.shadowing import has_shadowing_days
from brobygger.people.models import Person
from brobygger.programs.models import Cohort
from brobygger.programs.phases import made_in_phase


@dataclass(frozen=True)
class PulseCall:
    """A pulse answer that asks the coordinator to call: who, and which pulse. No answers."""

    code: Any  # the answer's code, for "I have called her"
    name: str
    point: int

    @property
    def point_label(self) -> str:
        return str(PulsePoint(self.point).label)


@dataclass
class PairHealth:
    pair: Pair
    held: int = 0
    planned: int = 0
    last_held: dt.datetime | None = None
    first_meeting: dt.datetime | None = None
    cancelled_by: dict[str, int] = field(default_factory=lambda: {"mentor": 0, "mentee": 0})
    cancellation_streak: int = 0
    agreement_signed: bool = False
    rating_averages: dict[str, float] = field(default_factory=dict)  # phase → average
    calls: list[PulseCall] = field(default_factory=list)  # pulses asking for a call
    risks: list[str] = field(default_factory=list)
    #: executive shadowing: how many shadowing days the pair logged, and the latest one
    shadowing_days: int = 0
    last_shadowing_day: dt.date | None = None

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)


def pairs_for_health(cohort: Cohort) -> QuerySet[Pair]:
    """Every pair of the cohort, in the health page's order, with only the columns its health
    needs (its status and start; give :func:`pair_health` the cohort, so that it is not read
    again per pair); the shown page's rows come from :func:`pairs_in_cohort`."""
    return (
        Pair.objects.filter(cohort=cohort)
        .only("id", "code", "status", "published_at", "cohort_id", "mentee_id", "mentor_id")
        .order_by("mentee__user__first_name", "mentee__user__last_name", "pk")
    )


def pairs_in_cohort(cohort: Cohort) -> QuerySet[Pair]:
    return Pair.objects.filter(cohort=cohort).select_related(
        "cohort__initiative",
        "mentor__user",
        "mentee__user",
        "mentee_application",
        "mentor_application",
    )


def get_coordinated_pair(cohort: Cohort, code: Any) -> Pair:
    """A pair of a cohort the caller coordinates (the view got ``cohort`` by a selector)."""
    pair = pairs_in_cohort(cohort).filter(code=code).first()
    if pair is None:
        raise Http404(_("No such pair."))
    return pair


def pair_health(
    pairs: QuerySet[Pair], *, cohort: Cohort | None = None, now: dt.datetime | None = None
) -> list[PairHealth]:
    """The health of each of ``pairs``; ``cohort``: they all belong to it (the object is
    shared, rather than read with each pair)."""
    rows = {}
    for pair in pairs:
        if cohort is not None:
            pair.cohort = cohort
        rows[pair.pk] = PairHealth(pair=pair)
    # the other reads ask for the same pairs by a subquery: 500 ids as parameters cost more
    # to prepare than the reads themselves
    return _fill(rows, pairs.order_by().values("pk"), now or timezone.now())


def _fill(rows: dict[int, PairHealth], ids: QuerySet[Any], now: dt.datetime) -> list[PairHealth]:
    if not rows:
        return []
    _fill_meetings(rows, ids, now)
    signed = (
        Agreement.objects.filter(
            pair_id__in=ids, mentee_signed_at__isnull=False, mentor_signed_at__isnull=False
        )
        .order_by()  # not the model's order: it joins the pair, its cohort and people
        .values_list("pair_id", flat=True)
    )
    for pair_id in signed:
        rows[pair_id].agreement_signed = True
    _fill_ratings(rows, ids)
    _fill_pulse_calls(rows, ids)
    _fill_shadowing_days(rows, ids)
    for row in rows.values():
        row.risks = risks_of(row, now)
    return list(rows.values())


def _fill_meetings(rows: dict[int, PairHealth], ids: QuerySet[Any], now: dt.datetime) -> None:
    """The meetings counted in the database (issue 23): one grouped read of the counts and
    dates, one of each pair's cancellations since its latest held meeting."""
    held = Q(status=MeetingStatus.HELD)
    cancelled = Q(status=MeetingStatus.CANCELLED)
    counted = (
        Meeting.objects.filter(pair_id__in=ids)
        .order_by()
        .values("pair_id")
        .annotate(
            n_held=Count("id", filter=held),
            last_held=Max("starts_at", filter=held),
            n_planned=Count("id", filter=Q(status__in=UPCOMING_STATUSES, starts_at__gte=now)),
            first_meeting=Min(
                "starts_at",
                filter=Q(
                    status__in=(MeetingStatus.HELD, MeetingStatus.PLANNED), starts_at__lte=now
                ),
            ),
            by_mentor=Count("id", filter=cancelled & Q(cancelled_by_role=PairRole.MENTOR)),
            by_mentee=Count("id", filter=cancelled & Q(cancelled_by_role=PairRole.MENTEE)),
        )
        .values_list(
            "pair_id", "n_held", "last_held", "n_planned", "first_meeting", "by_mentor", "by_mentee"
        )
    )
    for pair_id, n_held, last_held, n_planned, first, by_mentor, by_mentee in counted:
        row = rows[pair_id]
        row.held, row.last_held, row.planned, row.first_meeting = (
            n_held,
            last_held,
            n_planned,
            first,
        )
        row.cancelled_by = {"mentor": by_mentor, "mentee": by_mentee}
    for pair_id, streak in _cancellations_since_held(ids):
        rows[pair_id].cancellation_streak = streak


def _cancellations_since_held(ids: QuerySet[Any]) -> QuerySet[Any, tuple[int, int]]:
    """Per pair, its cancelled meetings after its latest held one (in the order of the
    meetings' start, then their id), or all of them if none was held: the cancellations in a
    row."""
    latest_held = Meeting.objects.filter(
        pair_id=OuterRef("pair_id"), status=MeetingStatus.HELD
    ).order_by("-starts_at", "-id")
    return (
        Meeting.objects.filter(pair_id__in=ids, status=MeetingStatus.CANCELLED)
        .annotate(
            held_at=Subquery(latest_held.values("starts_at")[:1]),
            held_id=Subquery(latest_held.values("id")[:1]),
        )
        .filter(
            Q(held_at__isnull=True)
            | Q(starts_at__gt=F("held_at"))
            | Q(starts_at=F("held_at"), id__gt=F("held_id"))
        )
        .order_by()
        .values("pair_id")
        .annotate(n=Count("id"))
        .values_list("pair_id", "n")
    )


def _fill_shadowing_days(rows: dict[int, PairHealth], ids: QuerySet[Any]) -> None:
    """How many days and the latest date only: what happened and the reflection stay theirs."""
    counted = (
        ShadowingDay.objects.filter(pair_id__in=ids)
        .order_by()
        .values("pair_id")
        .annotate(n=Count("id"), last=Max("date"))
        .values_list("pair_id", "n", "last")
    )
    for pair_id, n, last in counted:
        rows[pair_id].shadowing_days = n
        rows[pair_id].last_shadowing_day = last


def _fill_ratings(rows: dict[int, PairHealth], ids: QuerySet[Any]) -> None:
    """The average over goals of each goal's latest rating in each phase.

    Only ratings made while their phase was open count (an "end" rating on the first day
    does not).
    """
    if not rows:
        return
    latest: dict[tuple[int, int, str], int] = {}
    cohorts = {row.pair.cohort_id: row.pair.cohort for row in rows.values()}
    in_phase = reduce(
        or_,
        (
            Q(goal__pair__cohort_id=cohort_id) & made_in_phase(cohort)
            for cohort_id, cohort in cohorts.items()
        ),
    )
    ratings = (
        GoalRating.objects.filter(in_phase, goal__pair_id__in=ids, goal__is_active=True)
        .order_by("created_at", "id")
        .values_list("goal__pair_id", "goal_id", "phase", "rating")
    )
    for pair_id, goal_id, phase, rating in ratings:
        latest[(pair_id, goal_id, phase)] = rating
    per_phase: dict[tuple[int, str], list[int]] = defaultdict(list)
    for (pair_id, _goal, phase), rating in latest.items():
        per_phase[(pair_id, phase)].append(rating)
    for (pair_id, phase), values in per_phase.items():
        rows[pair_id].rating_averages[phase] = round(mean(values), 1)


def pulse_calls_needed() -> QuerySet[PulseAnswer]:
    """Pulse answers at or below the threshold on either question, not yet followed up."""
    low = Q(useful__lte=PULSE_CALL_AT) | Q(safe__lte=PULSE_CALL_AT)
    return PulseAnswer.objects.filter(low, followed_up_at__isnull=True)


def _fill_pulse_calls(rows: dict[int, PairHealth], ids: QuerySet[Any]) -> None:
    calls = list(
        pulse_calls_needed()
        .filter(pair_id__in=ids)
        .order_by("created_at", "id")
        .values_list("pair_id", "code", "person_id", "point")  # never the answers
    )
    # the names in one read, whether or not the pairs came with their people
    people = Person.objects.select_related("user").in_bulk({call[2] for call in calls})
    for pair_id, code, person_id, point in calls:
        name = str(people[person_id].name)
        rows[pair_id].calls.append(PulseCall(code=code, name=name, point=point))


def get_pulse_call(cohort: Cohort, code: Any) -> PulseAnswer:
    """A pulse flag of a pair of ``cohort`` (the view got it by a selector); else 404."""
    answer = PulseAnswer.objects.filter(pair__cohort=cohort, code=code).select_related("pair")
    found = answer.first()
    if found is None:
        raise Http404(_("No such pulse."))
    return found


def risks_of(row: PairHealth, now: dt.datetime) -> list[str]:
    """Why an active pair is at risk, in words the coordinator reads."""
    if row.pair.status != PairStatus.ACTIVE:
        return []
    risks = []
    if has_shadowing_days(row.pair):
        # no meetings nor agreement in executive shadowing: its days are what counts
        last_day = row.last_shadowing_day
        since = (
            timezone.make_aware(dt.datetime.combine(last_day, dt.time.min))
            if last_day is not None
            else pair_start(row.pair)
        )
        if since <= now - QUIET_AFTER:
            risks.append(_("No shadowing day logged in the last five weeks"))
        return risks
    quiet_since = row.last_held or pair_start(row.pair)
    if quiet_since <= now - QUIET_AFTER:
        risks.append(_("No meeting held in the last five weeks"))
    if row.cancellation_streak >= CANCELLATIONS_IN_A_ROW:
        risks.append(_("Two cancellations in a row"))
    if (
        not row.agreement_signed
        and row.first_meeting is not None
        and row.first_meeting <= now - AGREEMENT_GRACE
    ):
        risks.append(_("Agreement unsigned two weeks after the first meeting"))
    for call in row.calls:
        risks.append(
            _("Call %(name)s: her pulse (%(point)s) asks for a call")
            % {"name": call.name, "point": call.point_label.lower()}
        )
    return risks


def at_risk_pairs(
    cohorts: QuerySet[Cohort] | list[Cohort], *, now: dt.datetime | None = None
) -> list[Pair]:
    pairs = Pair.objects.filter(cohort__in=cohorts, status=PairStatus.ACTIVE).select_related(
        "cohort__initiative", "mentor__user", "mentee__user"
    )
    return [row.pair for row in pair_health(pairs, now=now) if row.at_risk]
