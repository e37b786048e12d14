"""The company contact's pages: her company's nominations and nominating a colleague, and
"Our participants" (her company's employees who take part, their programme year, role and
stage, as a page and as a CSV file; never the partner, never the pair's content, never an
application that was not accepted: docs/privacy.md).

``company`` is a top layer: its pages combine ``applications``, ``matching`` and ``pairs``,
and no app imports it (pyproject.toml, the app order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from brobygger.applications import exporting
from brobygger.applications.forms_nominate import NominationForm
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.selectors.nominations import get_company_contact, nominations_for
from brobygger.applications.services.nominate import accepts_nominations, nominate
from brobygger.company.selectors import CohortParticipants, company_participants, of_year
from brobygger.company.services import record_participants_export
from brobygger.core.services import client_ip
from brobygger.core.spreadsheets import Cell
from brobygger.programs.selectors import cohorts_visible_to, get_cohort_for

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
        "company/participants.html",
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
    content = exporting.to_csv(table, language=translation.get_language())
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPES["csv"])
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
    rows: list[list[Cell]] = [
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


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    contact = get_company_contact(request.user)
    cohorts = [c for c in cohorts_visible_to(request.user).distinct() if accepts_nominations(c)]
    return render(
        request,
        "company/nominations.html",
        {"contact": contact, "nominations": nominations_for(contact), "cohorts": cohorts},
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: HttpRequest, code: UUID) -> HttpResponse:
    contact = get_company_contact(request.user)
    cohort = get_cohort_for(request.user, code)
    if not accepts_nominations(cohort):
        raise Http404
    labels = {r: role_label(cohort, r) for r in ("mentor", "mentee")}
    form = NominationForm(request.POST or None, role_labels=labels)
    if request.method == "POST" and form.is_valid():
        try:
            application = nominate(
                contact=contact,
                cohort=cohort,
                by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)  # field errors land on their fields
        else:
            messages.success(
                request,
                _("%(name)s has been nominated and has received an email.")
                % {"name": application.person.name},
            )
            return redirect("company:nominations")
    return render(
        request,
        "company/nominate.html",
        {"form": form, "cohort": cohort, "contact": contact},
    )


urlpatterns = [
    path("company/nominations/", nomination_list, name="nominations"),
    path("company/nominate/<uuid:code>/", nomination_create, name="nominate"),
    path("company/participants/", participant_list, name="participants"),
    path("company/participants.csv", participant_export, name="participants-export"),
]
