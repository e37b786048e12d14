"""The coordinators' pages for companies and people entered twice: confirm the companies
applicants typed, merge duplicates. Coordinators and network admins only; anyone else
gets 404."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from brobygger.coordination.duplicates.forms import CompanyMergeForm, PersonMergeForm
from brobygger.coordination.duplicates.selectors import (
    duplicate_people,
    get_person_to_merge,
    people_to_merge,
)
from brobygger.coordination.duplicates.services import merge_duplicate_people
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.selectors import company_overview, get_company_to_manage
from brobygger.people.services import confirm_company, merge_companies


@require_GET
@login_required
def company_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    overview = company_overview(request.user)
    return render(request, "coordination/duplicates/company_list.html", {"overview": overview})


@require_POST
@login_required
def company_confirm(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    company = get_company_to_manage(request.user, code)
    confirm_company(company=company, by=request.user)
    messages.success(
        request, _("%(company)s is confirmed: everyone may now choose it.") % {"company": company}
    )
    return redirect("coordination:company-list")


@require_POST
@login_required
def company_merge(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    company = get_company_to_manage(request.user, code)
    form = CompanyMergeForm(request.POST, company=company)
    if not form.is_valid():
        for error in form.errors["into"]:
            messages.error(
                request,
                _("%(company)s was not merged: %(error)s") % {"company": company, "error": error},
            )
        return redirect("coordination:company-list")
    into = form.cleaned_data["into"]
    try:
        merge_companies(company=company, into=into, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(company)s was merged into %(into)s; its people and contacts moved with it.")
            % {"company": company.name, "into": into.name},
        )
    return redirect("coordination:company-list")


@require_GET
@login_required
def person_duplicates(request: AuthenticatedHttpRequest) -> HttpResponse:
    groups = duplicate_people(request.user)
    return render(request, "coordination/duplicates/person_list.html", {"groups": groups})


@require_POST
@login_required
def person_merge(request: AuthenticatedHttpRequest) -> HttpResponse:
    people_to_merge(request.user)  # 404 for anyone who coordinates nothing
    form = PersonMergeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("Nothing was merged: %(error)s") % {"error": error})
        return redirect("coordination:person-duplicates")
    keep = get_person_to_merge(request.user, form.cleaned_data["keep"])
    duplicate = get_person_to_merge(request.user, form.cleaned_data["merge"])
    name, address = duplicate.name, duplicate.user.email
    try:
        merge_duplicate_people(person=duplicate, into=keep, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "%(name)s (%(address)s) was merged into %(kept)s (%(kept_address)s): her "
                "applications, pairs and answers moved with her."
            )
            % {
                "name": name,
                "address": address,
                "kept": keep.name,
                "kept_address": keep.user.email,
            },
        )
    return redirect("coordination:person-duplicates")


urlpatterns: list[URLPattern] = [
    path("coordinate/companies/", company_list, name="company-list"),
    path("coordinate/companies/<uuid:code>/confirm/", company_confirm, name="company-confirm"),
    path("coordinate/companies/<uuid:code>/merge/", company_merge, name="company-merge"),
    path("coordinate/people/", person_duplicates, name="person-duplicates"),
    path("coordinate/people/merge/", person_merge, name="person-merge"),
]
