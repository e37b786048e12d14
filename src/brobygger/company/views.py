"""The company contact's pages: her company's nominations and nominating a colleague, and
"Our participants" (her company's employees who take part, their programme year, role and
stage, as a page and as a CSV file; never the partner, never the pair's content, never an
application that was not accepted: docs/privacy.md).

``company`` is a top layer: its pages combine ``applications``, ``matching`` and ``pairs``,
and no app imports it (pyproject.toml, the app order)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.applications.choices import ApplicationStatus
from brobygger.applications.forms.nominate import PairNominationForm
from brobygger.applications.io import exporting
from brobygger.applications.models import Nomination
from brobygger.applications.selectors.nominations import (
    get_company_contact,
    get_nomination_for,
    nominations_for,
    pair_nominations_for,
)
from brobygger.applications.services.nominate import (
    EDITABLE,
    accepts_nominations,
    nominate_pair,
    resend_nomination,
    update_nomination,
    withdraw_nomination,
)
from brobygger.company.selectors import (
    CohortParticipants,
    Participant,
    company_participants,
    of_year,
)
from brobygger.company.services import record_participants_export
from brobygger.core.pagination import paginate
from brobygger.core.services import client_ip
from brobygger.core.spreadsheets import Cell
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.models import CompanyContact
from brobygger.programs.kinds import CompanyRule
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import cohorts_visible_to, get_cohort_for

if TYPE_CHECKING:
    pass


def _chosen(request: HttpRequest, groups: list[CohortParticipants]) -> list[CohortParticipants]:
    """``?year=<cohort code>`` keeps one programme year (an empty value: all of them)."""
    code = request.GET.get("year")
    return of_year(groups, code) if code else groups


@login_required
def participant_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    contact = get_company_contact(request.user)
    groups = company_participants(contact)
    shown = _chosen(request, groups)
    # a page of rows (a big employer has a thousand), under their programme years' headings
    page = paginate(request, [(group, p) for group in shown for p in group.participants])
    on_page: dict[int, tuple[CohortParticipants, list[Participant]]] = {}
    for group, participant in page.object_list:
        on_page.setdefault(group.cohort.pk, (group, []))[1].append(participant)
    return render(
        request,
        "company/participants.html",
        {
            "company": contact.company,
            "groups": list(on_page.values()),
            "page_obj": page,
            "years": groups,
            "year": request.GET.get("year", ""),
            "total": page.paginator.count,
        },
    )


@login_required
def participant_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    contact = get_company_contact(request.user)
    table = _table(_chosen(request, company_participants(contact)))
    record_participants_export(
        company=contact.company,
        rows=len(table.rows),
        by=request.user,
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
def nomination_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    contact = get_company_contact(request.user)
    cohorts = [c for c in cohorts_visible_to(request.user).distinct() if accepts_nominations(c)]
    # every year's nominations: a page at a time, newest first
    page = paginate(request, pair_nominations_for(contact).order_by("-created_at", "-pk"))
    return render(
        request,
        "company/nominations.html",
        {
            "contact": contact,
            "pair_nominations": page.object_list,
            "page_obj": page,
            "nominations": nominations_for(contact).filter(status=ApplicationStatus.NOMINATED),
            "cohorts": cohorts,
            "editable": EDITABLE,
        },
    )


def _save_nomination(
    request: AuthenticatedHttpRequest,
    form: PairNominationForm,
    *,
    contact: CompanyContact,
    cohort: Cohort,
    nomination: Nomination | None,
) -> HttpResponse | None:
    """The service's answer: the redirect after a save, or None with the errors on the form."""
    try:
        if nomination is None:
            nomination = nominate_pair(
                contact=contact,
                cohort=cohort,
                nominees=form.nominees(),
                reason=form.cleaned_data["reason"],
                wants_to_learn=form.cleaned_data["wants_to_learn"],
                by=request.user,
            )
        else:
            nomination = update_nomination(
                nomination=nomination,
                contact=contact,
                nominees=form.nominees(),
                reason=form.cleaned_data["reason"],
                wants_to_learn=form.cleaned_data["wants_to_learn"],
                by=request.user,
            )
    except ValidationError as error:
        form.add_error(None, error)  # field errors land on their fields
        return None
    # The same words whoever the nominees are: nothing here tells what exists.
    messages.success(
        request,
        _("Thank you. %(names)s get an email asking them to confirm the nomination.")
        % {"names": " & ".join(n.name for n in nomination.nominees.all())},
    )
    if "another" in request.POST:
        return redirect("company:nominate", cohort.code)
    return redirect("company:nominations")


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    contact = get_company_contact(request.user)
    cohort = get_cohort_for(request.user, code)
    if cohort.effective_company_rule() != CompanyRule.SAME:
        raise Http404
    form = PairNominationForm(request.POST or None)
    if not accepts_nominations(cohort):
        if request.method == "POST":
            form.is_valid()
            form.add_error(
                None,
                _("%(cohort)s does not take nominations now; nothing was saved.")
                % {"cohort": cohort},
            )
        else:
            raise Http404
    elif request.method == "POST" and form.is_valid():
        response = _save_nomination(request, form, contact=contact, cohort=cohort, nomination=None)
        if response is not None:
            return response
    return render(
        request,
        "company/nominate.html",
        {"form": form, "cohort": cohort, "contact": contact, "nomination": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    contact = get_company_contact(request.user)
    nomination = get_nomination_for(contact, code)
    if not accepts_nominations(nomination.cohort):
        messages.error(
            request,
            _(
                "The deadline for nominations to %(cohort)s has passed, so the nomination can "
                "no longer be changed. Write to the coordinator if something is wrong."
            )
            % {"cohort": nomination.cohort},
        )
        return redirect("company:nominations")
    form = PairNominationForm(
        request.POST or None, initial=PairNominationForm.initial_from(nomination)
    )
    if request.method == "POST" and form.is_valid():
        response = _save_nomination(
            request, form, contact=contact, cohort=nomination.cohort, nomination=nomination
        )
        if response is not None:
            return response
    return render(
        request,
        "company/nominate.html",
        {"form": form, "cohort": nomination.cohort, "contact": contact, "nomination": nomination},
    )


@login_required
@require_POST
def nomination_withdraw(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    contact = get_company_contact(request.user)
    nomination = get_nomination_for(contact, code)
    try:
        withdraw_nomination(nomination=nomination, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The nomination has been withdrawn."))
    return redirect("company:nominations")


@login_required
@require_POST
def nomination_resend(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    contact = get_company_contact(request.user)
    nomination = get_nomination_for(contact, code)
    try:
        sent = resend_nomination(nomination=nomination, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The email was sent again to %(n)d person who has not answered.",
                "The email was sent again to %(n)d people who have not answered.",
                sent,
            )
            % {"n": sent},
        )
    return redirect("company:nominations")


urlpatterns = [
    path("company/nominations/", nomination_list, name="nominations"),
    path("company/nominate/<uuid:code>/", nomination_create, name="nominate"),
    path("company/nominations/<uuid:code>/", nomination_edit, name="nomination-edit"),
    path(
        "company/nominations/<uuid:code>/withdraw/",
        nomination_withdraw,
        name="nomination-withdraw",
    ),
    path("company/nominations/<uuid:code>/resend/", nomination_resend, name="nomination-resend"),
    path("company/participants/", participant_list, name="participants"),
    path("company/participants.csv", participant_export, name="participants-export"),
]
