"""The cohort report for coordinators and, restricted to her company, for a company contact."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _

from brobygger.core.pagination import paginate
from brobygger.core.services import client_ip
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.selectors import get_coordinated_cohort
from brobygger.surveys.io import exporting
from brobygger.surveys.reports.cohort import Report, build_report
from brobygger.surveys.selectors import companies_cohorts, comparable_cohorts, get_company_cohort
from brobygger.surveys.services import publish_results, record_report_export

if TYPE_CHECKING:
    from brobygger.people.models import Company
    from brobygger.programs.models import Cohort


def _built(cohort: Cohort, company: Company | None = None) -> Report:
    """The report as published: what became due since the last read is published first."""
    publish_results(cohort=cohort)
    return build_report(cohort, company=company)


@login_required
def report(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    return render(request, "surveys/report.html", {"report": _built(cohort), "cohort": cohort})


@login_required
def report_export(request: AuthenticatedHttpRequest, code: UUID, fmt: str) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    return _export(request, _built(cohort), fmt)


@login_required
def report_compare(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    by = "initiatives" if request.GET.get("by") == "initiatives" else "years"
    reports = [_built(c) for c in comparable_cohorts(request.user, cohort, by)]
    return render(
        request,
        "surveys/report_compare.html",
        {
            "cohort": cohort,
            "by_initiatives": by == "initiatives",
            "reports": reports,
            "measures": [
                (_("Would recommend the programme (0–10)"), "recommend"),
                (_("Would take part again (0–10)"), "take_part_again"),
            ],
        },
    )


@login_required
def company_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = companies_cohorts(request.user)
    if found is None:
        raise Http404(_("No such page."))
    company, cohorts = found
    # one row a programme year the company took part in, newest first: 50 a page
    page = paginate(request, cohorts)
    return render(request, "surveys/company_reports.html", {"company": company, "page_obj": page})


@login_required
def company_report(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    company, cohort = get_company_cohort(request.user, code)
    return render(
        request,
        "surveys/report.html",
        {"report": _built(cohort, company), "cohort": cohort},
    )


@login_required
def company_report_export(request: AuthenticatedHttpRequest, code: UUID, fmt: str) -> HttpResponse:
    company, cohort = get_company_cohort(request.user, code)
    return _export(request, _built(cohort, company), fmt)


def _export(request: AuthenticatedHttpRequest, built: Report, fmt: str) -> HttpResponse:
    user = request.user
    if fmt not in exporting.CONTENT_TYPES:
        raise Http404(_("No such format."))
    rows = exporting.report_rows(built)
    if fmt == "xlsx":
        content = exporting.as_xlsx(rows, title=_("Report"))
    else:
        content = exporting.as_csv(rows, language=translation.get_language())
    record_report_export(
        cohort=built.cohort,
        company=built.company,
        fmt=fmt,
        by=user,
        ip_address=client_ip(request),
    )
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPES[fmt])
    stem = f"report-{built.cohort.initiative.slug}-{built.cohort.title}".replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


urlpatterns = [
    path("coordinate/<uuid:code>/report/", report, name="report"),
    path("coordinate/<uuid:code>/report/compare/", report_compare, name="report-compare"),
    path("coordinate/<uuid:code>/report.<str:fmt>", report_export, name="report-export"),
    path("company/reports/", company_reports, name="company-reports"),
    path("company/reports/<uuid:code>/", company_report, name="company-report"),
    path(
        "company/reports/<uuid:code>/report.<str:fmt>",
        company_report_export,
        name="company-report-export",
    ),
]
