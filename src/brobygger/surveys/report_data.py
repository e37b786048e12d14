"""Reads of other apps' data for the cohort report: pairs, agreements, meetings, goals,
gatherings and applications.

The pairs, matching and gatherings apps are still growing, so their models are looked up
by name and every function returns ``None`` when a model or a field it needs is missing:
the report then shows that section as "not available yet". Only metadata is read (counts,
dates, statuses, ratings), never what a pair writes. Each function is one query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Model, Q

from brobygger.programs.models import Cohort
from brobygger.programs.phases import made_in_phase

# Pair statuses that mean "published" (a pair proposed but not published is not matched).
PUBLISHED_STATUSES = ("active", "completed", "ended_early")


def _model(label: str, *fields: str) -> type[Model] | None:
    """The model called ``label`` if it exists and has every one of ``fields``."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    for name in fields:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
    return model


def midpoint_of(cohort: Cohort) -> dt.date:
    return cohort.kickoff_on + (cohort.closing_on - cohort.kickoff_on) / 2


@dataclass(frozen=True)
class PairRow:
    id: int
    status: str
    mentee_id: int
    mentor_id: int
    mentee_company_id: int | None
    mentor_company_id: int | None
    ended_on: dt.date | None


def pairs_of(cohort: Cohort) -> list[PairRow] | None:
    """The cohort's published pairs."""
    pair = _model("pairs.Pair", "cohort", "mentor", "mentee", "status")
    if pair is None:
        return None
    has_ended = _model("pairs.Pair", "ended_at") is not None
    fields = [
        "id",
        "status",
        "mentee_id",
        "mentor_id",
        "mentee__company_id",
        "mentor__company_id",
    ] + (["ended_at"] if has_ended else [])
    rows = pair._default_manager.filter(cohort=cohort, status__in=PUBLISHED_STATUSES).values(
        *fields
    )
    return [
        PairRow(
            id=row["id"],
            status=row["status"],
            mentee_id=row["mentee_id"],
            mentor_id=row["mentor_id"],
            mentee_company_id=row["mentee__company_id"],
            mentor_company_id=row["mentor__company_id"],
            ended_on=row["ended_at"].date() if row.get("ended_at") else None,
        )
        for row in rows
    ]


def signed_pair_ids(cohort: Cohort) -> set[int] | None:
    """Pairs with an agreement both have signed."""
    agreement = _model("pairs.Agreement", "pair", "mentee_signed_at", "mentor_signed_at")
    if agreement is None:
        return None
    return set(
        agreement._default_manager.filter(
            pair__cohort=cohort, mentee_signed_at__isnull=False, mentor_signed_at__isnull=False
        ).values_list("pair_id", flat=True)
    )


def held_meetings_per_pair(cohort: Cohort) -> dict[int, int] | None:
    """Pair id → number of meetings logged as held (pairs with none are absent)."""
    meeting = _model("pairs.Meeting", "pair", "status")
    if meeting is None:
        return None
    rows = (
        meeting._default_manager.filter(pair__cohort=cohort, status="held")
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
    company_id: int | None  # the rater's employer

    @property
    def change(self) -> int:
        return self.end - self.start


def goal_changes(cohort: Cohort) -> list[GoalChange] | None:
    """Per goal and rater role: the latest start rating and the latest end rating.

    Only ratings made while their phase was open count (``programs.phases``).
    """
    rating = _model("pairs.GoalRating", "goal", "phase", "rating", "rated_by_role")
    if rating is None or _model("pairs.Goal", "pair") is None:
        return None
    rows = (
        rating._default_manager.filter(
            made_in_phase(cohort), goal__pair__cohort=cohort, phase__in=("start", "end")
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
            if row["rated_by_role"] == "mentee"
            else row["goal__pair__mentor__company_id"]
        )
    return [
        GoalChange(goal_id, role, phases["start"], phases["end"], companies[(goal_id, role)])
        for (goal_id, role), phases in sorted(latest.items())
        if "start" in phases and "end" in phases
    ]


@dataclass(frozen=True)
class AttendanceRow:
    title: str
    starts_at: dt.datetime
    invited: int
    coming: int
    attended: int


def gathering_attendance(
    cohort: Cohort, person_ids: set[int], company_id: int | None = None
) -> list[AttendanceRow] | None:
    """Per gathering of the cohort: the cohort's participants invited, saying yes, attending.

    Shared gatherings (the joint kickoff) count only this cohort's participants.
    """
    invitation = _model("gatherings.Invitation", "gathering", "person", "response", "attended")
    gathering = _model("gatherings.Gathering", "cohorts", "starts_at", "title", "invitations")
    if invitation is None or gathering is None:
        return None
    mine = Q(invitations__person_id__in=person_ids)
    if company_id is not None:
        mine &= Q(invitations__person__company_id=company_id)
    rows = (
        gathering._default_manager.filter(cohorts=cohort)
        .annotate(
            n_invited=Count("invitations", filter=mine),
            n_coming=Count("invitations", filter=mine & Q(invitations__response="yes")),
            n_attended=Count("invitations", filter=mine & Q(invitations__attended=True)),
        )
        .order_by("starts_at")
        .values("title", "starts_at", "n_invited", "n_coming", "n_attended")
    )
    return [
        AttendanceRow(r["title"], r["starts_at"], r["n_invited"], r["n_coming"], r["n_attended"])
        for r in rows
    ]


@dataclass(frozen=True)
class ApplicationCounts:
    submitted: int
    accepted: int


def application_counts(
    cohort: Cohort, company_id: int | None = None
) -> dict[str, ApplicationCounts]:
    """Role → submitted applications and accepted (not withdrawn) ones."""
    application = _model("applications.Application", "cohort", "role", "decision", "status")
    if application is None:
        return {}
    qs = application._default_manager.filter(cohort=cohort, submitted_at__isnull=False)
    if company_id is not None:
        qs = qs.filter(person__company_id=company_id)
    rows = (
        qs.values("role")
        .annotate(
            submitted=Count("id"),
            accepted=Count("id", filter=Q(decision="accepted", status="submitted")),
        )
        .order_by()
    )
    return {r["role"]: ApplicationCounts(r["submitted"], r["accepted"]) for r in rows}


def released_acceptances(cohort: Cohort, company_id: int) -> dict[str, int] | None:
    """Role → the company's people whose acceptance has been sent to them (not withdrawn,
    not erased): all an employer may count of applications (docs/privacy.md)."""
    application = _model(
        "applications.Application", "cohort", "role", "decision", "decision_released_at"
    )
    if application is None:
        return None
    rows = (
        application._default_manager.filter(
            cohort=cohort,
            person__company_id=company_id,
            person__erased_at__isnull=True,
            status="submitted",
            withdrawn_at__isnull=True,
            decision="accepted",
            decision_released_at__isnull=False,
        )
        .values("role")
        .annotate(people=Count("person", distinct=True))
        .order_by()
    )
    return {r["role"]: r["people"] for r in rows}


def ended_early(cohort: Cohort) -> list[tuple[str, dt.date | None]] | None:
    """``(category, day it ended)`` of each pair of ``cohort`` that ended early (no names,
    no words: the category the coordinator chose). None when the pairs app cannot say."""
    pair = _model("pairs.Pair", "cohort", "status", "ended_at", "end_category")
    if pair is None:
        return None
    rows = pair._default_manager.filter(cohort=cohort, status="ended_early").values_list(
        "end_category", "ended_at"
    )
    return [(category or "other", ended.date() if ended else None) for category, ended in rows]


def participants(cohort: Cohort, role: str) -> list[tuple[int, int | None]] | None:
    """``(person id, company id)`` of the people taking part in ``role``.

    The people in the cohort's published pairs (not those ended early); before any pair
    is published, the accepted applicants.
    """
    pairs = pairs_of(cohort)
    if pairs:
        seen: dict[int, int | None] = {}
        for pair in pairs:
            if pair.status == "ended_early":
                continue
            if role == "mentee":
                seen[pair.mentee_id] = pair.mentee_company_id
            else:
                seen[pair.mentor_id] = pair.mentor_company_id
        return sorted(seen.items())
    application = _model("applications.Application", "cohort", "person", "role", "decision")
    if application is None:
        return None
    rows = application._default_manager.filter(
        cohort=cohort,
        role=role,
        decision="accepted",
        status="submitted",
        person__erased_at__isnull=True,
    ).values_list("person_id", "person__company_id")
    return sorted(set(rows))
