"""A nominee's answer to her company's nomination, from the random link in her email (no
sign-in: she may have no account yet, and none is made until the nomination is confirmed)."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from brobygger.applications.forms.nominate import NomineeAnswerForm
from brobygger.applications.models import NominationStatus, NomineeAnswer
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.selectors.nominations import get_nominee_for_link
from brobygger.applications.services.nominate import ALREADY_TAKING_PART, answer_nomination
from brobygger.privacy.selectors import current_privacy_notice


@require_http_methods(["GET", "POST"])
def nominee_answer(request: HttpRequest, code: UUID) -> HttpResponse:
    nominee = get_nominee_for_link(code)
    nomination = nominee.nomination
    form = NomineeAnswerForm(request.POST or None)
    outcome = request.GET.get("answered", "")
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") == "accept"
        try:
            result = answer_nomination(
                nominee=nominee, accept=accept, consent=form.cleaned_data["consent"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{request.path}?answered={result}")
    partner = next((n for n in nomination.nominees.all() if n.pk != nominee.pk), None)
    cohort = nomination.cohort
    response = render(
        request,
        "applications/nominee_answer.html",
        {
            "nominee": nominee,
            "nomination": nomination,
            "cohort": cohort,
            "role": role_label(cohort, nominee.role),
            "partner": partner,
            "partner_role": role_label(cohort, partner.role) if partner else "",
            "form": form,
            "notice": current_privacy_notice(),
            "outcome": outcome,
            "already_taking_part": outcome == ALREADY_TAKING_PART,
            "is_pending": nominee.answer == NomineeAnswer.PENDING
            and nomination.status == NominationStatus.WAITING,
        },
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # the link never leaves the site
    return response


urlpatterns: list[URLPattern] = [
    path("nominations/<uuid:code>/", nominee_answer, name="nominee-answer"),
]
