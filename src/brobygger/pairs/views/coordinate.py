"""The coordinator's pages: the cohort's health (metadata only), ending a pair, messages."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brobygger.gatherings.selectors import gatherings_of_cohort
from brobygger.pairs.forms import EndPairForm, MessageForm, PairMessageForm, RatingPhasesForm
from brobygger.pairs.models import Audience, PairStatus
from brobygger.pairs.selectors.health import cohort_health, get_coordinated_pair
from brobygger.pairs.selectors.messages import message_log, recipients
from brobygger.pairs.selectors.pairs import rating_phases
from brobygger.pairs.services.coordination import end_pair_early
from brobygger.pairs.services.messages import send_message
from brobygger.programs.selectors import cohorts_coordinated_by, get_coordinated_cohort
from brobygger.programs.services import set_rating_phases


@login_required
def health(request: HttpRequest, code: UUID) -> HttpResponse:
    """The pairs' activity, and the form that moves the goal rating phases."""
    cohort = get_coordinated_cohort(request.user, code)
    form = RatingPhasesForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            set_rating_phases(cohort=cohort, dates=form.cleaned_data, by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The rating dates have been saved."))
            return redirect("pairs:health", code=cohort.code)
    rows = cohort_health(cohort)
    context = {
        "cohort": cohort,
        "rows": rows,
        "n_at_risk": sum(row.at_risk for row in rows),
        "gatherings": gatherings_of_cohort(cohort),
        "active": PairStatus.ACTIVE,
        "phases_form": form,
        "phases": rating_phases(cohort, timezone.localdate()),
    }
    return render(request, "pairs/coordinate/health.html", context)


def _add_errors(form: RatingPhasesForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def pair_end(request: HttpRequest, code: UUID, pair: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    found = get_coordinated_pair(cohort, pair)
    form = EndPairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            end_pair_early(pair=found, reason=form.cleaned_data["reason"], by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The pair has been ended. Both have been told."))
            return redirect("pairs:health", code=cohort.code)
    context = {"cohort": cohort, "pair": found, "form": form}
    return render(request, "pairs/coordinate/pair_end.html", context)


@login_required
def pair_message(request: HttpRequest, code: UUID, pair: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    found = get_coordinated_pair(cohort, pair)
    form = PairMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        send_message(
            cohort=cohort,
            cohorts=[cohort],
            audience=Audience.PAIR,
            pair=found,
            by=request.user,  # type: ignore[arg-type]
            **form.cleaned_data,
        )
        messages.success(request, _("Your message is on its way to both of them."))
        return redirect("pairs:health", code=cohort.code)
    context = {"cohort": cohort, "pair": found, "form": form}
    return render(request, "pairs/coordinate/pair_message.html", context)


@login_required
def cohort_messages(request: HttpRequest, code: UUID) -> HttpResponse:
    """Write, preview (with the number of recipients), then send; and the message log."""
    cohort = get_coordinated_cohort(request.user, code)
    coordinated = cohorts_coordinated_by(request.user).order_by("initiative__order", "-kickoff_on")
    form = MessageForm(request.POST or None, cohort=cohort, coordinated=coordinated)
    preview = None
    if request.method == "POST" and form.is_valid():
        kwargs = form.message_kwargs()
        if "send" in request.POST:
            try:
                message = send_message(cohort=cohort, by=request.user, **kwargs)  # type: ignore[arg-type]
            except ValidationError as error:
                form.add_error(None, error)
            else:
                count = message.recipient_count
                messages.success(
                    request,
                    ngettext(
                        "The message is being sent to %(count)d person.",
                        "The message is being sent to %(count)d people.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("pairs:messages", code=cohort.code)
        else:
            people = recipients(
                cohorts=kwargs["cohorts"],
                audience=kwargs["audience"],
                role=kwargs["role"],
                gathering=kwargs["gathering"],
            )
            preview = {"subject": kwargs["subject"], "body": kwargs["body"], "people": people}
    context = {"cohort": cohort, "form": form, "preview": preview, "log": message_log(cohort)}
    return render(request, "pairs/coordinate/messages.html", context)


urlpatterns: list[URLPattern] = [
    path("coordinate/<uuid:code>/health/", health, name="health"),
    path("coordinate/<uuid:code>/health/<uuid:pair>/end/", pair_end, name="pair-end"),
    path("coordinate/<uuid:code>/health/<uuid:pair>/message/", pair_message, name="pair-message"),
    path("coordinate/<uuid:code>/messages/", cohort_messages, name="messages"),
]
