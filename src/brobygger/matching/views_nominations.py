"""The coordinator's page of a programme year's nominations (executive shadowing): who has
not answered, and approving a confirmed pair or asking the company to change it."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from brobygger.applications.forms.nominate import ChangeRequestForm
from brobygger.applications.models import Nomination, NominationStatus, NomineeAnswer
from brobygger.applications.selectors.nominations import cohort_nominations
from brobygger.applications.selectors.nominee_reminders import NOMINEE_REMIND_AFTER
from brobygger.applications.services.nominate import request_nomination_change
from brobygger.matching.forms import NominationOverrideForm
from brobygger.matching.services.nominated import BreaksRule, approve_nominated_pair
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.models import User
from brobygger.programs.selectors import get_coordinated_cohort


def _nomination(cohort_code: UUID, user: User, code: UUID) -> Nomination:
    cohort = get_coordinated_cohort(user, cohort_code)
    nomination = cohort_nominations(cohort).filter(code=code).first()
    if nomination is None:
        raise Http404(_("No such nomination."))
    return nomination


def _list_page(
    request: HttpRequest,
    code: UUID,
    *,
    override_for: Nomination | None = None,
    broken: list[str] | None = None,
    override_form: NominationOverrideForm | None = None,
) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    nominations = list(cohort_nominations(cohort))
    waiting = [
        nominee
        for nomination in nominations
        if nomination.status == NominationStatus.WAITING
        for nominee in nomination.nominees.all()
        if nominee.answer == NomineeAnswer.PENDING
    ]
    return render(
        request,
        "matching/nominations.html",
        {
            "cohort": cohort,
            "nominations": nominations,
            "waiting": waiting,
            "change_form": ChangeRequestForm(),
            "override_for": override_for.code if override_for is not None else None,
            "broken": broken or [],
            "override_form": override_form,
            "remind_after_days": NOMINEE_REMIND_AFTER.days,
        },
    )


@require_GET
@login_required
def nomination_list(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    return _list_page(request, code)


@require_POST
@login_required
def nomination_approve(
    request: AuthenticatedHttpRequest, code: UUID, nomination: UUID
) -> HttpResponse:
    found = _nomination(code, request.user, nomination)
    prefix = str(found.code)
    # the second step: the reason field was shown (and may have been left empty)
    asked = NominationOverrideForm(prefix=prefix).add_prefix("override_reason") in request.POST
    form = NominationOverrideForm(request.POST if asked else None, prefix=prefix)
    reason = form.cleaned_data["override_reason"] if asked and form.is_valid() else ""
    try:
        approval = approve_nominated_pair(nomination=found, by=request.user, override_reason=reason)
    except BreaksRule as error:
        # the page again, with the rules broken and the reason field for this pair
        return _list_page(
            request, code, override_for=found, broken=error.broken, override_form=form
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(pair)s are now a pair and have been emailed.") % {"pair": approval.pair},
        )
        if approval.unchecked:
            messages.warning(
                request,
                _("Some of the programme year's rules could not be checked for this pair: %(why)s.")
                % {"why": "; ".join(approval.unchecked)},
            )
    return redirect("matching:nominations", code)


@require_POST
@login_required
def nomination_change(
    request: AuthenticatedHttpRequest, code: UUID, nomination: UUID
) -> HttpResponse:
    found = _nomination(code, request.user, nomination)
    form = ChangeRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what the company should change."))
        return redirect("matching:nominations", code)
    try:
        request_nomination_change(
            nomination=found, message=form.cleaned_data["message"], by=request.user
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
