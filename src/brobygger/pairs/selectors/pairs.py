"""Pairs as their members see them. Coordinators read pairs through ``selectors.health`` only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.models import FieldIs
from brobygger.gatherings.materials import materials_for_role
from brobygger.pairs.models import (
    Agreement,
    Goal,
    GoalPhase,
    GoalRating,
    Meeting,
    MeetingStatus,
    Pair,
    PairRole,
    PairStatus,
)
from brobygger.pairs.models.meetings import UPCOMING_STATUSES
from brobygger.pairs.rules import CLOSED_COHORT_STATUSES
from brobygger.people.models import Person
from brobygger.programs.kinds import profile
from brobygger.programs.phases import OPEN, UPCOMING, RatingPhase

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.gatherings.models import Material
    from brobygger.people.models import User
    from brobygger.programs.models import Cohort


def pairs_of(user: User | AnonymousUser) -> QuerySet[Pair]:
    """The user's own published pairs, as mentor or mentee."""
    if not user.is_authenticated:
        return Pair.objects.none()
    # the person's id as a scalar subquery (a user has one person), so that each side is an
    # index lookup: an OR across two joins to people scans every pair on PostgreSQL
    person = Subquery(Person.objects.filter(user=user).order_by().values("pk")[:1])
    return Pair.objects.filter(Q(mentor_id=person) | Q(mentee_id=person)).select_related(
        "cohort__initiative", "mentor__user", "mentor__company", "mentee__user", "mentee__company"
    )


def is_in_a_pair(user: User | AnonymousUser) -> bool:
    """For the header's links: one query."""
    return user.is_authenticated and pairs_of(user).exists()


def get_pair_for(user: User | AnonymousUser, code: Any) -> Pair:
    """The pair if the user is in it; everyone else (coordinators too) gets 404."""
    pair = pairs_of(user).filter(code=code).first()
    if pair is None:
        raise Http404(_("No such pair."))
    return pair


def get_pair_with(user: User | AnonymousUser, code: Any, section: str) -> Pair:
    """The user's pair if its kind's pair page has ``section`` (``"agreement"``,
    ``"meetings"``: not executive shadowing's); 404 otherwise, as for another pair."""
    pair = get_pair_for(user, code)
    if section not in profile(pair.cohort.initiative.kind).pair_sections:
        raise Http404(_("No such pair."))
    return pair


def me_in(pair: Pair, user: User | AnonymousUser) -> Person:
    """The member of ``pair`` who is ``user`` (the pair came from :func:`get_pair_for`)."""
    return pair.mentee if pair.mentee.user_id == user.pk else pair.mentor


def get_meeting_for(user: User | AnonymousUser, pair_code: Any, meeting_code: Any) -> Meeting:
    """A meeting of the user's own pair; another pair's meeting answers 404."""
    pair = get_pair_for(user, pair_code)
    meeting = Meeting.objects.filter(pair=pair, code=meeting_code).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    meeting.pair = pair
    return meeting


def pair_is_open(pair: Pair) -> bool:
    """Whether the pair can still plan meetings and change its agreement."""
    return pair.status == PairStatus.ACTIVE and pair.cohort.status not in CLOSED_COHORT_STATUSES


def may_book(pair: Pair, role: str, *, has_meetings: bool) -> bool:
    """Who may book the first meeting is the kind's (reverse mentoring: the senior)."""
    first_by = profile(pair.cohort.initiative.kind).first_meeting_booked_by
    return has_meetings or first_by is None or first_by == role


@dataclass
class GoalRow:
    goal: Goal
    latest: dict[str, int] = field(default_factory=dict)  # phase → latest rating in its phase
    history: list[GoalRating] = field(default_factory=list)


@dataclass
class GoalSide:
    """One member's own goals, as the pair page shows them (the mentee's side first)."""

    role: str
    person: Person
    rows: list[GoalRow]
    is_mine: bool


@dataclass(frozen=True)
class PhaseRow:
    """A rating phase as the pair page shows it: open, not open yet, or closed."""

    window: RatingPhase
    label: str
    state: str

    is_open = FieldIs("state", OPEN)
    is_upcoming = FieldIs("state", UPCOMING)


def rating_phases(cohort: Cohort, today: dt.date) -> list[PhaseRow]:
    """The cohort's goal rating phases, each open, not open yet or closed on ``today``."""
    labels = dict(GoalPhase.choices)
    return [
        PhaseRow(window=w, label=str(labels[w.key]), state=w.state(today))
        for w in cohort.rating_phases()
    ]


def open_phase(cohort: Cohort, today: dt.date) -> PhaseRow | None:
    """The phase the cohort's pairs can rate in today (at most one is open)."""
    return next((row for row in rating_phases(cohort, today) if row.is_open), None)


@dataclass
class PairSpace:
    """Everything the pair's own page shows, read in a fixed number of queries."""

    pair: Pair
    me: Person
    role: str
    agreement: Agreement | None  # the newest version
    agreement_in_force: Agreement | None  # the newest version both have signed
    upcoming: list[Meeting]
    to_log: list[Meeting]
    past: list[Meeting]
    goals: list[GoalRow]
    phases: list[PhaseRow]
    is_open: bool
    may_book: bool
    materials: list[Material]  # the programme year's, for her role (none once the pair ended)

    @property
    def partner(self) -> Person:
        return self.pair.other(self.me)

    @property
    def goal_sides(self) -> list[GoalSide]:
        return [
            GoalSide(
                role=role,
                person=self.pair.member(role),
                rows=[row for row in self.goals if row.goal.owner_role == role],
                is_mine=role == self.role,
            )
            for role in (PairRole.MENTEE, PairRole.MENTOR)
        ]

    @property
    def my_goals(self) -> list[GoalRow]:
        return [row for row in self.goals if row.goal.owner_role == self.role]

    @property
    def i_must_sign(self) -> bool:
        return bool(self.agreement and self.agreement.signed_at(self.role) is None)


def pair_space(pair: Pair, me: Person) -> PairSpace:
    role = pair.role_of(me)
    agreements = list(Agreement.objects.filter(pair=pair).order_by("-version"))
    meetings = list(Meeting.objects.filter(pair=pair).order_by("starts_at"))
    goals = Goal.objects.filter(pair=pair, is_active=True).order_by("owner_role", "position")
    goals = goals.prefetch_related(
        Prefetch("ratings", queryset=GoalRating.objects.order_by("created_at", "id"))
    )
    now = timezone.now()
    windows = {w.key: w for w in pair.cohort.rating_phases()}
    upcoming = [m for m in meetings if m.status in UPCOMING_STATUSES and m.ends_at >= now]
    to_log = [m for m in meetings if m.status == MeetingStatus.PLANNED and m.ends_at < now]
    past = [m for m in meetings if m.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED)]
    booked = any(m.status != MeetingStatus.DECLINED for m in meetings)
    return PairSpace(
        pair=pair,
        me=me,
        role=role,
        agreement=agreements[0] if agreements else None,
        agreement_in_force=next((a for a in agreements if a.is_signed), None),
        upcoming=upcoming,
        to_log=to_log,
        past=list(reversed(past)),
        goals=[_goal_row(goal, windows) for goal in goals],
        phases=rating_phases(pair.cohort, timezone.localdate()),
        is_open=pair_is_open(pair),
        may_book=may_book(pair, role, has_meetings=booked),
        materials=list(materials_for_role(pair.cohort_id, role))
        if pair.status in (PairStatus.ACTIVE, PairStatus.COMPLETED)
        else [],
    )


def _goal_row(goal: Goal, windows: dict[str, RatingPhase]) -> GoalRow:
    """The latest rating in each phase, of those made while the phase was open."""
    history = list(goal.ratings.all())
    latest = {r.phase: r.rating for r in history if windows[r.phase].contains(r.created_at)}
    return GoalRow(goal=goal, latest=latest, history=history)


def active_goals(pair: Pair, owner_role: str | None = None) -> QuerySet[Goal]:
    """The pair's active goals; only one side's when ``owner_role`` is given."""
    goals = Goal.objects.filter(pair=pair, is_active=True).order_by("owner_role", "position")
    return goals if owner_role is None else goals.filter(owner_role=owner_role)


def latest_agreement(pair: Pair) -> Agreement | None:
    return Agreement.objects.filter(pair=pair).order_by("-version").first()


PHASES = [GoalPhase.START, GoalPhase.MID, GoalPhase.END]
