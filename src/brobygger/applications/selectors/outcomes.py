"""What the cohort report (``surveys.reports.cohort``) and its surveys count of a cohort's
applications: per role, how many applied and were accepted, and who was accepted. Counts
and ids only, never an answer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from brobygger.applications.choices import ApplicationStatus, Decision
from brobygger.applications.models import Application
from brobygger.programs.models import Cohort


@dataclass(frozen=True)
class ApplicationCounts:
    submitted: int
    accepted: int


def application_counts_by_role(cohort: Cohort) -> dict[str, ApplicationCounts]:
    """Role → submitted applications (withdrawn ones too) and accepted, not withdrawn ones."""
    qs = Application.objects.filter(cohort=cohort, submitted_at__isnull=False)
    accepted = Q(decision=Decision.ACCEPTED, status=ApplicationStatus.SUBMITTED)
    rows = (
        qs.values("role")
        .annotate(submitted=Count("id"), accepted=Count("id", filter=accepted))
        .order_by()
    )
    return {r["role"]: ApplicationCounts(r["submitted"], r["accepted"]) for r in rows}


def released_acceptances(cohort: Cohort, company_id: int) -> dict[str, int]:
    """Role → the company's people whose acceptance has been sent to them (not withdrawn,
    not erased): all an employer may count of applications (docs/privacy.md)."""
    rows = (
        Application.objects.filter(
            cohort=cohort,
            person__company_id=company_id,
            person__erased_at__isnull=True,
            status=ApplicationStatus.SUBMITTED,
            withdrawn_at__isnull=True,
            decision=Decision.ACCEPTED,
            decision_released_at__isnull=False,
        )
        .values("role")
        .annotate(people=Count("person", distinct=True))
        .order_by()
    )
    return {r["role"]: r["people"] for r in rows}


def accepted_people(cohort: Cohort, role: str) -> list[tuple[int, int | None]]:
    """``(person id, company id)`` of the people accepted in ``role`` (submitted, not
    withdrawn, not erased), in id order."""
    rows = Application.objects.filter(
        cohort=cohort,
        role=role,
        decision=Decision.ACCEPTED,
        status=ApplicationStatus.SUBMITTED,
        person__erased_at__isnull=True,
    ).values_list("person_id", "person__company_id")
    return sorted(set(rows))
