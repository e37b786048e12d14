"""A company contact's pages: her company's nominations, and nominating a colleague."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brobygger.applications.forms_nominate import NominationForm
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.selectors.nominations import get_company_contact, nominations_for
from brobygger.applications.services.nominate import accepts_nominations, nominate
from brobygger.programs.selectors import cohorts_visible_to, get_cohort_for


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    contact = get_company_contact(request.user)
    cohorts = [c for c in cohorts_visible_to(request.user).distinct() if accepts_nominations(c)]
    return render(
        request,
        "applications/nominate/list.html",
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
            return redirect("applications:nominations")
    return render(
        request,
        "applications/nominate/form.html",
        {"form": form, "cohort": cohort, "contact": contact},
    )


urlpatterns = [
    path("company/nominations/", nomination_list, name="nominations"),
    path("company/nominate/<uuid:code>/", nomination_create, name="nominate"),
]
