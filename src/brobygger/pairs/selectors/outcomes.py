"""What the cohort report (``surveys.reports.cohort``) counts of a cohort's pairs: metadata only.

Counts, dates, statuses and ratings, read with ``values()`` naming those columns, never what
a pair writes (agreement text, notes, goal text). Each function is one query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet

from brobygger.core.models import FieldIs
from brobygger.pairs.models import (
    Agreement,
    EndCategory,
    GoalPhase,
    GoalRating,
    Meeting,
    MeetingStatus,
    Pair,
    PairRole,
    PairStatus,
)
from brobygger.programs.models import Cohort
from brobygger.programs.phases import made_in_phase


@dataclass(frozen=True)
class PairRow:
    id: int
    status: str
    mentee_id: int
    mentor_id: int
    mentee_company_id: int | None
    mentor_company_id: int | None
    ended_on: dt.date | None

    ended_early = FieldIs("status", PairStatus.ENDED_EARLY)
    completed = FieldIs("status", PairStatus.COMPLETED)


def _published(cohort: Cohort) -> QuerySet[Pair]:
    """The cohort's pairs: a pair exists once it is published (a proposal is not a pair)."""
    return Pair.objects.filter(cohort=cohort)


def pair_rows(cohort: Cohort) -> list[PairRow]:
    """The cohort's published pairs, whatever became of them."""
    # by pk: the model's default order (by the mentee's name) joins four more tables
    rows = (
        _published(cohort)
        .order_by("pk")
        .values(
            "id",
            "status",
            "mentee_id",
            "mentor_id",
            "mentee__company_id",
            "mentor__company_id",
            "ended_at",
        )
    )
    return [
        PairRow(
            id=row["id"],
            status=row["status"],
            mentee_id=row["mentee_id"],
            mentor_id=row["mentor_id"],
            mentee_company_id=row["mentee__company_id"],
            mentor_company_id=row["mentor__company_id"],
            ended_on=row["ended_at"].date() if row["ended_at"] else None,
        )
        for row in rows
    ]


def pair_people(cohort: Cohort) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The ids of the mentees and of the mentors of the cohort's published pairs, as
    subqueries (a thousand ids, three times over, cost the database more to plan than the
    count they go into)."""
    pairs = _published(cohort)
    return pairs.values("mentee_id"), pairs.values("mentor_id")


def signed_pair_ids(cohort: Cohort) -> set[int]:
    """The cohort's pairs with an agreement both have signed."""
    return set(
        Agreement.objects.filter(
            pair__cohort=cohort, mentee_signed_at__isnull=False, mentor_signed_at__isnull=False
        ).values_list("pair_id", flat=True)
    )


def held_meetings_per_pair(cohort: Cohort) -> dict[int, int]:
    """Pair id → number of meetings logged as held (pairs with none are absent)."""
    rows = (
        Meeting.objects.filter(pair__cohort=cohort, status=MeetingStatus.HELD)
        .values("pair_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["pair_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class GoalChange:
    goal_id: int
    role: str
    start: int
    end: int
    company_id: int | None  # the employer of the goal's owner (its only rater)

    @property
    def change(self) -> int:
        return self.end - self.start


def goal_changes(cohort: Cohort) -> list[GoalChange]:
    """Per goal: its owner's latest start rating and latest end rating. ``role`` is the side
    whose goal it is (the mentee's goals, the mentor's own learning goals); each member
    rates her own goals, and a rating by the other side (made before goals had sides) does
    not count.

    Only ratings made while their phase was open count (``programs.phases``).
    """
    rows = (
        GoalRating.objects.filter(
            made_in_phase(cohort),
            goal__pair__cohort=cohort,
            phase__in=(GoalPhase.START, GoalPhase.END),
            rated_by_role=F("goal__owner_role"),
        )
        .values(
            "goal_id",
            "phase",
            "rating",
            "rated_by_role",
            "goal__pair__mentee__company_id",
            "goal__pair__mentor__company_id",
        )
        .order_by("goal_id", "pk")
    )
    latest: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    companies: dict[tuple[int, str], int | None] = {}
    for row in rows:
        key = (row["goal_id"], row["rated_by_role"])
        latest[key][row["phase"]] = row["rating"]
        companies[key] = (
            row["goal__pair__mentee__company_id"]
            if row["rated_by_role"] == PairRole.MENTEE
            else row["goal__pair__mentor__company_id"]
        )
    start, end = GoalPhase.START.value, GoalPhase.END.value
    return [
        GoalChange(goal_id, role, phases[start], phases[end], companies[(goal_id, role)])
        for (goal_id, role), phases in sorted(latest.items())
        if start in phases and end in phases
    ]


def ended_early(cohort: Cohort) -> list[tuple[str, dt.date | None]]:
    """``(category, day it ended)`` of each pair of ``cohort`` that ended early (no names,
    no words: the category the coordinator chose)."""
    rows = (
        _published(cohort)
        .filter(status=PairStatus.ENDED_EARLY)
        .values_list("end_category", "ended_at")
    )
    return [
        (category or EndCategory.OTHER.value, ended.date() if ended else None)
        for category, ended in rows
    ]


def end_category_labels() -> dict[str, str]:
    """The categories a pair may have ended early for, in their order, with their labels."""
    return {str(value): str(label) for value, label in EndCategory.choices if value}
