"""The read-only REST API, version 1 (docs/api.md): the network's programmes for everyone;
a token owner's own roles, cohorts, applicants and reports, and a company contact's list of
her company's participants, through the same selectors the pages use. Another initiative's
cohort, or a cohort her company is not part of, is a 404.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, Throttled

from brobygger.api import schemas
from brobygger.api.auth import (
    RATE_LIMITED,
    AddressRateThrottle,
    TokenAuth,
    TokenRateThrottle,
    token_of,
)
from brobygger.api.reports import cohort_data, cohort_ref, report_data
from brobygger.applications.selectors.nominations import get_company_contact
from brobygger.applications.selectors.review import applications_for_review, cohorts_for_review
from brobygger.company.selectors import (
    CohortParticipants,
    company_participants,
    of_year,
)
from brobygger.company.services import record_participants_export
from brobygger.core.services import client_ip
from brobygger.people.selectors import roles_of
from brobygger.programs.models import Initiative
from brobygger.programs.selectors import (
    cohorts_coordinated_by,
    get_coordinated_cohort,
    initiatives_with_current_cohorts,
)
from brobygger.surveys.reports.cohort import build_report
from brobygger.surveys.selectors import get_company_cohort
from brobygger.surveys.services import publish_results

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from brobygger.people.models import User
    from brobygger.programs.models import Cohort

api = NinjaAPI(
    title="Brobygger API",
    version="1",
    description="Read-only access for integrations. See docs/api.md.",
    urls_namespace="api",
    docs_url=None,  # Swagger UI needs scripts from a CDN and inline code: the CSP forbids both
    openapi_url="/openapi.json",
    # Per token, and per client address for requests without one (docs/api.md).
    throttle=[TokenRateThrottle(), AddressRateThrottle()],
)
token = TokenAuth()
LIMITED: dict[int | str, Any] = {429: schemas.Error}
AUTHENTICATED: dict[int | str, Any] = {401: schemas.Error, **LIMITED}
# a path or query parameter of the wrong type or out of range (Django Ninja's own answer)
INVALID: dict[int | str, Any] = {422: schemas.ValidationError}
NOT_FOUND: dict[int | str, Any] = {**AUTHENTICATED, 404: schemas.Error, **INVALID}


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="brobygger"'
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """429; Django Ninja adds the ``Retry-After`` header (whole seconds)."""
    seconds = math.ceil(exc.wait) if exc.wait is not None else 1
    return api.create_response(
        request, {"detail": RATE_LIMITED.format(seconds=seconds)}, status=429
    )


def _owner(request: HttpRequest) -> User:
    return cast("User", request.auth)  # type: ignore[attr-defined]


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _public_cohort(cohort: Cohort) -> dict[str, Any]:
    return {
        "code": cohort.code,
        "title": cohort.title,
        "status": cohort.status,
        "applications_open": cohort.applications_are_open(),
        "applications_open_at": cohort.applications_open_at,
        "applications_close_at": cohort.applications_close_at,
        "matching_on": cohort.matching_on,
        "kickoff_on": cohort.kickoff_on,
        "closing_on": cohort.closing_on,
        "url": _site_url(reverse("programs:cohort-detail", args=[cohort.code])),
    }


@api.get(
    "/programmes",
    response={200: schemas.ProgrammePage, **LIMITED, **INVALID},
    auth=None,
    tags=["public"],
)
def programmes(request: HttpRequest, page: Query[schemas.PageParams]) -> dict[str, Any]:
    """Every initiative with its current cohort, as the public home page shows them (drafts
    never), a page at a time (``?limit=``, ``?offset=``). No token needed."""
    initiatives = Initiative.objects.order_by("order", "name", "pk")
    shown = initiatives[page.offset : page.offset + page.limit]
    overviews = initiatives_with_current_cohorts(
        AnonymousUser(), include_empty=True, initiatives=shown, current_only=True
    )
    return {
        "count": initiatives.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            {
                "code": overview.initiative.code,
                "kind": overview.initiative.kind,
                "name": overview.initiative.name,
                "name_en": overview.initiative.name_en,
                "current_cohort": _public_cohort(overview.current) if overview.current else None,
            }
            for overview in overviews
        ],
    }


@api.get("/me", response={200: schemas.Me, **AUTHENTICATED}, auth=token, tags=["me"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The token's owner and her roles."""
    user = _owner(request)
    initiatives, contact = roles_of(user)
    return {
        "name": user.get_full_name(),
        "email": user.email,
        "language": user.language,
        "network_admin": user.is_superuser,
        "coordinates": [
            {"code": i.code, "name": i.name, "name_en": i.name_en} for i in initiatives
        ],
        "company_contact_for": (
            {"code": contact.company.code, "name": contact.company.name} if contact else None
        ),
    }


@api.get(
    "/cohorts",
    response={200: schemas.CohortPage, **AUTHENTICATED, **INVALID},
    auth=token,
    tags=["coordinators"],
)
def cohorts(request: HttpRequest, page: Query[schemas.PageParams]) -> dict[str, Any]:
    """The cohorts the owner coordinates (every cohort for a network admin), as on the
    coordination page, with their application counts, a page at a time."""
    owner = _owner(request)
    shown = cohorts_for_review(owner)[page.offset : page.offset + page.limit]
    return {
        "count": cohorts_coordinated_by(owner).count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            {
                **cohort_data(cohort),
                "applications": {
                    state: getattr(cohort, f"n_{state}")
                    for state in (
                        "pending",
                        "accepted",
                        "waitlisted",
                        "rejected",
                        "withdrawn",
                        "draft",
                        "nominated",
                    )
                },
            }
            for cohort in shown
        ],
    }


@api.get(
    "/cohorts/{code}/applications",
    response={200: schemas.ApplicationPage, **NOT_FOUND},
    auth=token,
    tags=["coordinators"],
)
def cohort_applications(
    request: HttpRequest, code: UUID, page: Query[schemas.PageParams]
) -> dict[str, Any]:
    """The cohort's submitted and withdrawn applications, as the review list shows them:
    no answers, no scores or reviewers' comments. For the initiative's coordinators."""
    cohort = get_coordinated_cohort(_owner(request), code)
    applications = applications_for_review(cohort)
    rows = applications[page.offset : page.offset + page.limit]
    return {
        "count": applications.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            {
                "code": a.code,
                "role": a.role,
                "status": a.status,
                "decision": a.decision,
                "submitted_at": a.submitted_at,
                "name": a.person.name,
                "email": "" if a.person.erased_at else a.person.user.email,
                "company": a.person.company.name if a.person.company else None,
                "birth_year": a.person.birth_year,
                "city": a.person.city,
            }
            for a in rows
        ],
    }


@api.get(
    "/cohorts/{code}/report",
    response={200: schemas.Report, **NOT_FOUND},
    auth=token,
    tags=["coordinators"],
)
def cohort_report(request: HttpRequest, code: UUID) -> dict[str, Any]:
    """The cohort report's aggregates, as built for the report page. For the initiative's
    coordinators."""
    cohort = get_coordinated_cohort(_owner(request), code)
    publish_results(cohort=cohort)
    return report_data(build_report(cohort))


@api.get(
    "/company/reports/{cohort_code}",
    response={200: schemas.Report, **NOT_FOUND},
    auth=token,
    tags=["company contacts"],
)
def company_report(request: HttpRequest, cohort_code: UUID) -> dict[str, Any]:
    """Her company's aggregates for the cohort, as the company contact's report page builds
    them. For company contacts, for cohorts their company takes part in."""
    company, cohort = get_company_cohort(_owner(request), cohort_code)
    publish_results(cohort=cohort)
    return report_data(build_report(cohort, company=company))


@api.get(
    "/company/participants",
    response={200: list[schemas.ParticipantYear], **NOT_FOUND},
    auth=token,
    tags=["company contacts"],
)
def company_participant_list(
    request: HttpRequest, filters: Query[schemas.YearParams]
) -> list[dict[str, Any]]:
    """Her company's employees who take part, by programme year, with their role and stage:
    the "Our participants" page, read by the same selector. Never an application that was
    not accepted, never the partner, never the pair's content. For company contacts; each
    answer is written to the audit log as a CSV download of the list is."""
    user = _owner(request)
    contact = get_company_contact(user)
    groups = company_participants(contact)
    if filters.year is not None:
        groups = of_year(groups, filters.year)
    data = [_participant_year(group) for group in groups]
    record_participants_export(
        company=contact.company,
        rows=sum(len(year["participants"]) for year in data),
        by=user,
        ip_address=client_ip(request),
        token_prefix=token_of(request).prefix,  # type: ignore[union-attr]  # auth=token
    )
    return data


def _participant_year(group: CohortParticipants) -> dict[str, Any]:
    return {
        **cohort_ref(group.cohort),
        "participants": [
            {
                "name": p.name,
                "job_title": p.job_title,
                "role": p.role,
                "role_label": str(p.role_label),
                "stage": p.stage,
                "stage_label": str(p.stage_label),
            }
            for p in group.participants
        ],
    }
