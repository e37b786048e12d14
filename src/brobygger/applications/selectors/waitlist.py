"""The waitlist of a programme year, best first (issue "When the plan changes")."""

from __future__ import annotations

from django.db.models import Avg, F, OuterRef, QuerySet, Subquery

from brobygger.applications.choices import ApplicationStatus, Decision
from brobygger.applications.models import Application, Review
from brobygger.programs.models import Cohort


def waitlist(cohort: Cohort) -> QuerySet[Application]:
    """Submitted, not withdrawn, waitlisted applications of people not erased, ordered by
    the reviewers' average score (highest first; not scored last), then by who applied
    first. Each carries ``average_score`` (``None`` when nobody scored it)."""
    average = (
        Review.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(value=Avg("score"))
        .values("value")
    )
    return (
        Application.objects.filter(
            cohort=cohort,
            status=ApplicationStatus.SUBMITTED,
            decision=Decision.WAITLISTED,
            withdrawn_at__isnull=True,
            person__erased_at__isnull=True,
        )
        .annotate(average_score=Subquery(average))
        .select_related("person__user", "person__company")
        .order_by(F("average_score").desc(nulls_last=True), "submitted_at", "pk")
    )
