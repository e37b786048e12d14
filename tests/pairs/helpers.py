"""Builders for the pair's year, shared by tests/pairs and tests/gatherings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from brobygger.gatherings.models import Gathering
from brobygger.pairs.models import Agreement, Goal, GoalRating, Meeting, Pair
from brobygger.people.models import Person
from brobygger.programs.models import Cohort
from tests.factories import CohortFactory, MeetingFactory, PairFactory, PersonFactory

# Distinctive strings that must never leave the pair's space.
NOTE_SECRET = "ZEBRA-NOTAT-7781"
AGREEMENT_SECRET = "KOLIBRI-AVTALE-3302"
GOAL_SECRET = "FLAMINGO-MAAL-5519"
CANCEL_SECRET = "PELIKAN-AVLYST-9043"


def running_cohort(initiative: Any, **kwargs: Any) -> Cohort:
    today = timezone.localdate()
    defaults = {
        "title": "2026–2027",
        "status": "running",
        "applications_open_at": timezone.now() - dt.timedelta(days=200),
        "applications_close_at": timezone.now() - dt.timedelta(days=150),
        "matching_on": today - dt.timedelta(days=140),
        "kickoff_on": today - dt.timedelta(days=60),
        "closing_on": today + dt.timedelta(days=200),
    }
    defaults.update(kwargs)
    return CohortFactory(initiative=initiative, **defaults)


def make_pair(cohort: Cohort, mentee: Person, mentor: Person, **kwargs: Any) -> Pair:
    pair: Pair = PairFactory(cohort=cohort, mentee=mentee, mentor=mentor, **kwargs)
    return pair


def other_people(prefix: str) -> tuple[Person, Person]:
    return (
        PersonFactory(user__first_name=f"{prefix}Senior", user__email=f"{prefix}.s@x.example"),
        PersonFactory(user__first_name=f"{prefix}Junior", user__email=f"{prefix}.j@y.example"),
    )


def meeting(pair: Pair, *, days: float, status: str = "planned", **kwargs: Any) -> Meeting:
    start = timezone.now() + dt.timedelta(days=days)
    made: Meeting = MeetingFactory(pair=pair, starts_at=start, status=status, **kwargs)
    return made


def signed_agreement(pair: Pair, goals: list[str] | None = None, **kwargs: Any) -> Agreement:
    now = timezone.now()
    kwargs.setdefault("mentee_signed_at", now)
    kwargs.setdefault("mentor_signed_at", now)
    agreement = Agreement.objects.create(
        pair=pair,
        version=1,
        goals=goals or ["Lære om KI"],
        cadence="Hver tredje uke",
        meeting_format="digital",
        proposed_by_role="mentee",
        **kwargs,
    )
    for position, text in enumerate(agreement.goals, start=1):
        Goal.objects.create(pair=pair, position=position, text=text)
    return agreement


def rate(goal: Goal, phase: str, rating: int, *, role: str = "mentee", **kwargs: Any) -> GoalRating:
    """A rating made on the first day its phase was open (``at=`` for another moment)."""
    at = kwargs.pop("at", None) or goal.pair.cohort.rating_phase(phase).opens_at + dt.timedelta(
        hours=12
    )
    made = GoalRating.objects.create(goal=goal, phase=phase, rating=rating, rated_by_role=role)
    GoalRating.objects.filter(pk=made.pk).update(created_at=at)
    made.refresh_from_db()
    return made


def plant_secrets(pair: Pair) -> None:
    """Content that could leak: notes, a cancellation reason, agreement text and goal text."""
    signed_agreement(
        pair, goals=[f"{GOAL_SECRET} bli tryggere på KI"], other_terms=AGREEMENT_SECRET
    )
    rate(pair.goals.get(), "start", 3)
    meeting(pair, days=-3, status="held", duration_minutes=60, notes=NOTE_SECRET)
    meeting(
        pair, days=-10, status="cancelled", cancelled_by_role="mentee", cancel_reason=CANCEL_SECRET
    )


def gathering(cohorts: list[Cohort], *, days: float = 20, **kwargs: Any) -> Gathering:
    start = timezone.now() + dt.timedelta(days=days)
    kwargs.setdefault("title", "Oppstart")
    kwargs.setdefault("theme", "Verdibasert ledelse")
    kwargs.setdefault("place", "Oslo")
    g = Gathering.objects.create(starts_at=start, ends_at=start + dt.timedelta(hours=3), **kwargs)
    g.cohorts.set(cohorts)
    return g


def queries(call: Any) -> int:
    """How many queries ``call()`` makes (the number differs by backend; growth does not)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        call()
    return len(context)
