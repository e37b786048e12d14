"""A company contact's "Our participants": her company's employees who take part, their
programme year, role and stage, as a page and as a CSV file. Never the partner, never the
pair's content, never an application that was not accepted (docs/privacy.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brobygger.applications import exporting
from brobygger.applications.selectors.nominations import get_company_contact
from brobygger.applications.services.participants import record_participants_export
from brobygger.core.services import client_ip
from brobygger.matching.selectors.participants import (
    CohortParticipants,
    company_participants,
    of_year,
)

if TYPE_CHECKING:
    from brobygger.people.models import User


def _chosen(request: HttpRequest, groups: list[CohortParticipants]) -> list[CohortParticipants]:
    """``?year=<cohort code>`` keeps one programme year (an empty value: all of them)."""
    code = request.GET.get("year")
    return of_year(groups, code) if code else groups


@login_required
def participant_list(request: HttpRequest) -> HttpResponse:
    contact = get_company_contact(request.user)
    groups = company_participants(contact)
    shown = _chosen(request, groups)
    return render(
        request,
        "applications/company/participants.html",
        {
            "company": contact.company,
            "groups": shown,
            "years": groups,
            "year": request.GET.get("year", ""),
            "total": sum(len(g.participants) for g in shown),
        },
    )


@login_required
def participant_export(request: HttpRequest) -> HttpResponse:
    contact = get_company_contact(request.user)
    table = _table(_chosen(request, company_participants(contact)))
    record_participants_export(
        company=contact.company,
        rows=len(table.rows),
        by=cast("User", request.user),
        ip_address=client_ip(request),
    )
    response = HttpResponse(exporting.to_csv(table), content_type=exporting.CONTENT_TYPES["csv"])
    response["Content-Disposition"] = 'attachment; filename="participants.csv"'
    response["Cache-Control"] = "no-store"  # names: never kept by a browser or proxy cache
    return response


def _table(groups: list[CohortParticipants]) -> exporting.Table:
    header = [
        _("Name"),
        _("Job title"),
        _("Initiative"),
        _("Programme year"),
        _("Role"),
        pgettext("participant", "Stage"),
    ]
    rows: list[list[exporting.Cell]] = [
        [
            p.name,
            p.job_title,
            g.cohort.initiative.display_name,
            g.cohort.title,
            str(p.role_label),
            str(p.stage_label),
        ]
        for g in groups
        for p in g.participants
    ]
    return exporting.Table(header=header, rows=rows)


urlpatterns = [
    path("company/participants/", participant_list, name="company-participants"),
    path("company/participants.csv", participant_export, name="company-participants-export"),
]
