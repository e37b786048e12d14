"""The coordinator's page of a programme year's nominations (executive shadowing): who has
not answered, and approving a confirmed pair or asking the company to change it."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from brobygger.applications.forms_nominate import ChangeRequestForm
from brobygger.applications.models import Nomination
from brobygger.applications.selectors.nominations import cohort_nominations
from brobygger.applications.services.nominate import request_nomination_change
from brobygger.matching.services.nominated import approve_nominated_pair
from brobygger.people.models import User
from brobygger.programs.selectors import get_coordinated_cohort


def _nomination(cohort_code: UUID, user: object, code: UUID) -> Nomination:
    cohort = get_coordinated_cohort(user, cohort_code)  # type: ignore[arg-type]
    nomination = cohort_nominations(cohort).filter(code=code).first()
    if nomination is None:
        raise Http404(_("No such nomination."))
    return nomination


@require_GET
@login_required
def nomination_list(request: HttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    nominations = list(cohort_nominations(cohort))
    waiting = [
        nominee
        for nomination in nominations
        if nomination.status == "waiting"
        for nominee in nomination.nominees.all()
        if nominee.answer == "pending"
    ]
    return render(
        request,
        "matching/nominations.html",
        {
            "cohort": cohort,
            "nominations": nominations,
            "waiting": waiting,
            "change_form": ChangeRequestForm(),
        },
    )


@require_POST
@login_required
def nomination_approve(request: HttpRequest, code: UUID, nomination: UUID) -> HttpResponse:
    found = _nomination(code, request.user, nomination)
    try:
        pair = approve_nominated_pair(nomination=found, by=cast("User", request.user))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(pair)s are now a pair and have been emailed.") % {"pair": pair},
        )
    return redirect("matching:nominations", code)


@require_POST
@login_required
def nomination_change(request: HttpRequest, code: UUID, nomination: UUID) -> HttpResponse:
    found = _nomination(code, request.user, nomination)
    form = ChangeRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what the company should change."))
        return redirect("matching:nominations", code)
    try:
        request_nomination_change(
            nomination=found, message=form.cleaned_data["message"], by=cast("User", request.user)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The company has been asked to change the nomination."))
    return redirect("matching:nominations", code)


urlpatterns: list[URLPattern] = [
    path("coordinate/<uuid:code>/nominations/", nomination_list, name="nominations"),
    path(
        "coordinate/<uuid:code>/nominations/<uuid:nomination>/approve/",
        nomination_approve,
        name="nomination-approve",
    ),
    path(
        "coordinate/<uuid:code>/nominations/<uuid:nomination>/change/",
        nomination_change,
        name="nomination-change",
    ),
]
