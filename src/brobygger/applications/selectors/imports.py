"""Reads for importing and exporting applications (the coordinator's spreadsheets)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.applications.choices import ApplicationStatus, ImportStatus
from brobygger.applications.io.exporting import ExportReview, ExportRow
from brobygger.applications.io.importing import Lookups, Mappings
from brobygger.applications.models import (
    Answer,
    Application,
    ImportJob,
    ImportValueMapping,
    Question,
    Review,
    Topic,
)
from brobygger.people.models import Company, User
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import cohorts_coordinated_by


def import_lookups(cohort: Cohort) -> Lookups:
    """Everything the import preview compares a file against, in a few queries."""
    companies: dict[str, str] = {}
    for name in Company.objects.order_by("name").values_list("name", flat=True):
        companies.setdefault(" ".join(name.split()).casefold(), name)
    topics: dict[str, str] = {}
    names: list[str] = []
    labels: dict[str, str] = {}
    for topic in Topic.objects.filter(is_active=True).only("slug", "name", "name_en"):
        names.append(topic.name)
        labels[topic.slug] = topic.display_name
        for key in (topic.slug, topic.name, topic.name_en):
            if key:
                topics.setdefault(key.casefold(), topic.slug)
    people = frozenset(User.objects.annotate(lower=Lower("email")).values_list("lower", flat=True))
    applications = frozenset(
        (email.lower(), role)
        for email, role in Application.objects.filter(cohort=cohort).values_list(
            "person__user__email", "role"
        )
    )
    active_roles = frozenset(
        (email.lower(), role)
        for email, role in Application.objects.filter(cohort=cohort)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .values_list("person__user__email", "role")
    )
    return Lookups(
        kind=cohort.initiative.kind,
        companies=companies,
        topics=topics,
        topic_names=names,
        topic_labels=labels,
        people=people,
        applications=applications,
        active_roles=active_roles,
    )


def remembered_mappings(cohort: Cohort) -> Mappings:
    """The values outside a vocabulary this cohort's earlier imports mapped, and to what."""
    rows = ImportValueMapping.objects.filter(cohort=cohort).values_list("column", "value", "target")
    return {(column, value): target for column, value, target in rows}


def cohort_by_reference(reference: str) -> Cohort | None:
    """A cohort by its code or by ``initiative-slug/title`` (for scripts; no access check)."""
    cohorts = Cohort.objects.select_related("initiative")
    try:
        return cohorts.filter(code=uuid.UUID(reference)).first()
    except ValueError:
        pass
    slug, _sep, title = reference.partition("/")
    return cohorts.filter(initiative__slug=slug, title=title).first()


def export_questions(cohort: Cohort, *, include_sensitive: bool) -> list[Question]:
    questions = Question.objects.filter(cohort=cohort).order_by("role", "order", "id")
    if not include_sensitive:
        questions = questions.filter(sensitive=False)
    return list(questions)


def applications_for_export(cohort: Cohort) -> list[ExportRow]:
    """The cohort's applications as the export writes them, with their answers and reviews:
    three reads of plain values (``values_list``), no model objects (issue 23)."""
    answers: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for application_id, question_id, value in (
        Answer.objects.filter(application__cohort=cohort)
        .order_by("pk")
        .values_list("application_id", "question_id", "value")
    ):
        answers[application_id].append((question_id, value))
    reviews: dict[int, list[ExportReview]] = defaultdict(list)
    for application_id, reviewer_id, score, comment, first, last, email in (
        Review.objects.filter(application__cohort=cohort)
        .order_by("pk")
        .values_list(
            "application_id",
            "reviewer_id",
            "score",
            "comment",
            "reviewer__first_name",
            "reviewer__last_name",
            "reviewer__email",
        )
    ):
        name = f"{first} {last}".strip() or email  # User.get_full_name() or the email
        reviews[application_id].append(ExportReview(reviewer_id, name, score, comment))
    rows = (
        Application.objects.filter(cohort=cohort)
        .order_by("role", "person__user__last_name", "person__user__first_name", "id")
        .values_list("id", *EXPORT_FIELDS.values())
    )
    return [
        ExportRow(
            **dict(zip(EXPORT_FIELDS, values, strict=True)),
            answers=answers.get(pk, []),
            reviews=reviews.get(pk, []),
        )
        for pk, *values in rows
    ]


#: ``ExportRow`` field → the lookup from an application
EXPORT_FIELDS = {
    "email": "person__user__email",
    "first_name": "person__user__first_name",
    "last_name": "person__user__last_name",
    "company": "person__company__name",
    "role": "role",
    "birth_year": "person__birth_year",
    "job_title": "person__job_title",
    "years_experience": "person__years_experience",
    "role_family": "person__role_family",
    "industry": "person__industry",
    "languages": "person__languages",
    "city": "person__city",
    "meeting_format": "meeting_format",
    "capacity": "capacity",
    "status": "status",
    "decision": "decision",
    "source": "source",
    "submitted_at": "submitted_at",
}


def topic_names() -> dict[str, str]:
    """Slug → display name, for writing topic answers readably."""
    return {topic.slug: topic.display_name for topic in Topic.objects.all()}


def get_import_job_for(user: User | AnonymousUser, code: uuid.UUID) -> ImportJob:
    """An import job of a programme year the user coordinates, or 404."""
    job = ImportJob.objects.select_related("cohort__initiative").filter(code=code).first()
    if job is None or not cohorts_coordinated_by(user).filter(pk=job.cohort_id).exists():
        raise Http404(_("No such import."))
    return job


#: a background import still "running" this long after it started has lost its worker
#: (thousands of rows take minutes)
IMPORT_STALE_AFTER = dt.timedelta(hours=1)
STALE_IMPORT_MESSAGE = gettext_lazy(
    "The import stopped before it finished: the background worker that ran it stopped. "
    "Nothing was imported. Upload the file again; if this happens again, ask the site's "
    "administrator to check the background worker."
)


def stale_import_jobs(*, now: dt.datetime) -> QuerySet[ImportJob]:
    """Jobs still "running" ``IMPORT_STALE_AFTER`` after they started."""
    return ImportJob.objects.filter(
        status=ImportStatus.RUNNING, started_at__lt=now - IMPORT_STALE_AFTER
    ).order_by("pk")


def import_job_is_stale(job: ImportJob, *, now: dt.datetime) -> bool:
    """Whether the progress page should stop waiting for ``job`` (before the scheduled job
    marks it failed)."""
    return (
        job.status == ImportStatus.RUNNING
        and job.started_at is not None
        and job.started_at < now - IMPORT_STALE_AFTER
    )


def recent_import_jobs(cohort: Cohort, *, limit: int = 5) -> list[ImportJob]:
    """The programme year's latest background imports, newest first (the upload page)."""
    return list(ImportJob.objects.filter(cohort=cohort).order_by("-created_at", "-id")[:limit])
