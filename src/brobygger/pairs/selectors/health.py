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

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.pairs.models import (
    Agreement,
    GoalRating,
    Meeting,
    MeetingStatus,
    Pair,
    PairStatus,
    PulseAnswer,
    PulsePoint,
    ShadowingDay,
)
from brobygger.pairs.rules import (
    AGREEMENT_GRACE,
    CANCELLATIONS_IN_A_ROW,
    PULSE_CALL_AT,
    QUIET_AFTER,
    pair_start,
)
from brobygger.pairs.selectors.shadowing import has_shadowing_days
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
    """Every pair of the cohort, in the health page's order, with only what its health needs
    (the kind: shadowing days or meetings); the shown page's rows come from
    :func:`pairs_in_cohort`."""
    return (
        Pair.objects.filter(cohort=cohort)
        .select_related("cohort__initiative")
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


def pair_health(pairs: QuerySet[Pair], *, now: dt.datetime | None = None) -> list[PairHealth]:
    return _fill({p.pk: PairHealth(pair=p) for p in pairs}, now or timezone.now())


def _fill(rows: dict[int, PairHealth], now: dt.datetime) -> list[PairHealth]:
    ids = list(rows)
    _fill_meetings(rows, ids, now)
    signed = Agreement.objects.filter(
        pair_id__in=ids, mentee_signed_at__isnull=False, mentor_signed_at__isnull=False
    ).values_list("pair_id", flat=True)
    for pair_id in signed:
        rows[pair_id].agreement_signed = True
    _fill_ratings(rows, ids)
    _fill_pulse_calls(rows, ids)
    _fill_shadowing_days(rows, ids)
    for row in rows.values():
        row.risks = risks_of(row, now)
    return list(rows.values())


def _fill_meetings(rows: dict[int, PairHealth], ids: list[int], now: dt.datetime) -> None:
    meetings = (
        Meeting.objects.filter(pair_id__in=ids)
        .order_by("starts_at", "id")
        .values_list("pair_id", "status", "starts_at", "cancelled_by_role")
    )
    for pair_id, status, starts_at, cancelled_by in meetings:
        row = rows[pair_id]
        if status == MeetingStatus.HELD:
            row.held += 1
            row.last_held = starts_at
            row.cancellation_streak = 0
        elif status == MeetingStatus.CANCELLED:
            if cancelled_by in row.cancelled_by:
                row.cancelled_by[cancelled_by] += 1
            row.cancellation_streak += 1
        elif status in (MeetingStatus.PROPOSED, MeetingStatus.PLANNED) and starts_at >= now:
            row.planned += 1
        if (
            status in (MeetingStatus.HELD, MeetingStatus.PLANNED)
            and starts_at <= now
            and row.first_meeting is None
        ):
            row.first_meeting = starts_at


def _fill_shadowing_days(rows: dict[int, PairHealth], ids: list[int]) -> None:
    """How many days and the latest date only: what happened and the reflection stay theirs."""
    counted = (
        ShadowingDay.objects.filter(pair_id__in=ids)
        .values("pair_id")
        .annotate(n=Count("id"), last=Max("date"))
        .values_list("pair_id", "n", "last")
    )
    for pair_id, n, last in counted:
        rows[pair_id].shadowing_days = n
        rows[pair_id].last_shadowing_day = last


def _fill_ratings(rows: dict[int, PairHealth], ids: list[int]) -> None:
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


def _fill_pulse_calls(rows: dict[int, PairHealth], ids: list[int]) -> None:
    calls = (
        pulse_calls_needed()
        .filter(pair_id__in=ids)
        .order_by("created_at", "id")
        .values_list("pair_id", "code", "person_id", "point")  # never the answers
    )
    for pair_id, code, person_id, point in calls:
        pair = rows[pair_id].pair
        person = pair.mentee if person_id == pair.mentee_id else pair.mentor
        rows[pair_id].calls.append(PulseCall(code=code, name=str(person.name), point=point))


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
