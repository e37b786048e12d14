"""Cancelling a gathering: the coordinator previews who is told (and the email with the
calendar's cancellation), then confirms. The views layer of the gatherings app."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brobygger.core.forms import ConfirmMailingForm
from brobygger.core.mailings import preview_mailing
from brobygger.gatherings.selectors import (
    can_change_gathering,
    cancel_mailing,
    get_cohort_gathering,
)
from brobygger.gatherings.services import cancel_gathering
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.selectors import get_coordinated_cohort

if TYPE_CHECKING:
    pass


@require_http_methods(["GET", "POST"])
@login_required
def coordinate_cancel(
    request: AuthenticatedHttpRequest, code: UUID, gathering: UUID
) -> HttpResponse:
    """Preview the cancellation and its emails (GET); cancel and send exactly those (POST)."""
    cohort = get_coordinated_cohort(request.user, code)
    found = get_cohort_gathering(cohort, gathering)
    if not can_change_gathering(request.user, found):  # shared with initiatives not hers
        raise Http404(_("No such gathering."))
    by = request.user
    form = ConfirmMailingForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            cancel_gathering(
                gathering=found, cohort=cohort, by=by, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            found = get_cohort_gathering(cohort, gathering)
        else:
            messages.success(
                request, _("The gathering is cancelled, and everyone invited is being told.")
            )
            return redirect("gatherings:coordinate-detail", code=cohort.code, gathering=found.code)
    plan = cancel_mailing(found, cohort, by)
    show = request.GET.get("recipient")
    context = {
        "cohort": cohort,
        "gathering": found,
        "preview": preview_mailing(plan, show=show) if plan.emails else None,
        "plan": plan,
        "form": form if form.is_bound else ConfirmMailingForm(),
    }
    return render(request, "gatherings/coordinate/cancel_preview.html", context)


urlpatterns: list[URLPattern] = [
    path(
        "coordinate/<uuid:code>/gatherings/<uuid:gathering>/cancel/",
        coordinate_cancel,
        name="coordinate-cancel",
    ),
]
