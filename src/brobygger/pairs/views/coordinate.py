"""The coordinator's pages: the cohort's health (metadata only), ending a pair, messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from brobygger.core.forms import ConfirmMailingForm
from brobygger.core.mailings import preview_mailing
from brobygger.core.pagination import paginate
from brobygger.gatherings.selectors import gatherings_of_cohort
from brobygger.pairs.forms.space import EndPairForm, MessageForm, PairMessageForm, RatingPhasesForm
from brobygger.pairs.models import Audience, Message
from brobygger.pairs.selectors.health import (
    get_coordinated_pair,
    get_pulse_call,
    pair_health,
    pairs_for_health,
    pairs_in_cohort,
)
from brobygger.pairs.selectors.messages import (
    message_log,
    message_mailing,
    starts_with_greeting,
    why_nobody,
)
from brobygger.pairs.selectors.pairs import rating_phases
from brobygger.pairs.services.coordination import end_pair_early
from brobygger.pairs.services.messages import send_message
from brobygger.pairs.services.pulse import mark_pulse_followed_up
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import cohorts_coordinated_by, get_coordinated_cohort
from brobygger.programs.services import set_rating_phases
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    pass


@login_required
def health(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """The pairs' activity, and the form that moves the goal rating phases."""
    cohort = get_coordinated_cohort(request.user, code)
    form = RatingPhasesForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            set_rating_phases(cohort=cohort, dates=form.cleaned_data, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The rating dates have been saved."))
            return redirect("pairs:health", code=cohort.code)
    # every pair's health (for the counts), read with its cohort only; the page's pairs
    # then with the names and applications the rows show (issue 23: a page, not 500 rows)
    rows = pair_health(pairs_for_health(cohort), cohort=cohort)
    page = paginate(request, rows)
    shown = pairs_in_cohort(cohort).in_bulk([row.pair.pk for row in page.object_list])
    for row in page.object_list:
        row.pair = shown[row.pair.pk]
    context = {
        "cohort": cohort,
        "rows": page.object_list,
        "page_obj": page,
        "n_pairs": len(rows),
        "n_at_risk": sum(row.at_risk for row in rows),
        "gatherings": gatherings_of_cohort(cohort),
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
def pair_end(request: AuthenticatedHttpRequest, code: UUID, pair: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    found = get_coordinated_pair(cohort, pair)
    form = EndPairForm(request.POST or None, pair=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            end_pair_early(
                pair=found,
                reason=data["reason"],
                category=data["category"],
                mentee_after=data["mentee_after"],
                mentor_after=data["mentor_after"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The pair has been ended. Both have been told."))
            return redirect("pairs:health", code=cohort.code)
    context = {"cohort": cohort, "pair": found, "form": form}
    return render(request, "pairs/coordinate/pair_end.html", context)


def _sent(request: HttpRequest, cohort: Cohort, message: Message) -> HttpResponse:
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
    assert message.mailing is not None
    return redirect("applications:mailing-log", code=cohort.code, mailing=message.mailing.code)


def _message_flow(
    request: AuthenticatedHttpRequest,
    cohort: Cohort,
    form: MessageForm | PairMessageForm,
    hidden_form: MessageForm | PairMessageForm,
    kwargs: dict[str, Any],
    *,
    compose: Callable[[], HttpResponse],
    back_url: str,
) -> HttpResponse:
    """A valid message POST: preview it (the list, each language's email), change it again
    (``edit``), or send exactly what was previewed (``token``)."""
    by = request.user
    confirm = ConfirmMailingForm(request.POST if "token" in request.POST else None)
    if "edit" in request.POST:
        return compose()
    if confirm.is_bound and confirm.is_valid():
        try:
            message = send_message(
                cohort=cohort, token=confirm.cleaned_data["token"], by=by, **kwargs
            )
        except ValidationError as error:
            confirm.add_error(None, error)
        else:
            return _sent(request, cohort, message)
    plan = message_mailing(cohort=cohort, by=by, **kwargs)
    if not plan.emails:
        cohorts = list(kwargs.get("cohorts") or []) or [cohort]
        form.add_error(None, why_nobody(cohorts=cohorts, audience=kwargs["audience"]))
        return compose()
    context = {
        "cohort": cohort,
        "preview": preview_mailing(plan, show=request.POST.get("recipient")),
        "form": confirm if confirm.is_bound else ConfirmMailingForm(),
        "hidden_form": hidden_form,
        "action_url": request.path,
        "back_url": back_url,
        "pair": kwargs.get("pair"),
        "greets": not starts_with_greeting(kwargs["body"]),
    }
    return render(request, "pairs/coordinate/message_preview.html", context)


@login_required
def pair_message(request: AuthenticatedHttpRequest, code: UUID, pair: UUID) -> HttpResponse:
    """Write to one pair; preview, then send (the mass email mechanism: two people)."""
    cohort = get_coordinated_cohort(request.user, code)
    found = get_coordinated_pair(cohort, pair)
    form = PairMessageForm(request.POST or None)

    def compose() -> HttpResponse:
        context = {"cohort": cohort, "pair": found, "form": form}
        return render(request, "pairs/coordinate/pair_message.html", context)

    if request.method == "POST" and form.is_valid():
        kwargs = {
            "cohorts": [cohort],
            "audience": Audience.PAIR,
            "pair": found,
            **form.cleaned_data,
        }
        return _message_flow(
            request,
            cohort,
            form,
            PairMessageForm(request.POST, auto_id=False),
            kwargs,
            compose=compose,
            back_url=reverse("pairs:health", args=[cohort.code]),
        )
    return compose()


@login_required
def cohort_messages(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Write, preview (the list and each language's email), then send; and the message log."""
    cohort = get_coordinated_cohort(request.user, code)
    # a closed or archived year is no longer written to, unless it is this page's own
    coordinated = (
        cohorts_coordinated_by(request.user)
        .filter(Q(pk=cohort.pk) | ~Q(status__in=[CohortStatus.CLOSED, CohortStatus.ARCHIVED]))
        .order_by("initiative__order", "-kickoff_on")
    )
    form = MessageForm(request.POST or None, cohort=cohort, coordinated=coordinated)

    def compose() -> HttpResponse:
        context = {"cohort": cohort, "form": form, "log": message_log(cohort)}
        return render(request, "pairs/coordinate/messages.html", context)

    if request.method == "POST" and form.is_valid():
        hidden = MessageForm(request.POST, cohort=cohort, coordinated=coordinated, auto_id=False)
        return _message_flow(
            request,
            cohort,
            form,
            hidden,
            form.message_kwargs(),
            compose=compose,
            back_url=reverse("pairs:messages", args=[cohort.code]),
        )
    return compose()


@require_POST
@login_required
def pulse_followed_up(request: AuthenticatedHttpRequest, code: UUID, answer: UUID) -> HttpResponse:
    """She has called: the pulse flag goes down. Another cohort's flag answers 404."""
    cohort = get_coordinated_cohort(request.user, code)
    found = get_pulse_call(cohort, answer)
    mark_pulse_followed_up(answer=found, by=request.user)
    messages.success(request, _("Marked as called. Thank you for following up."))
    return redirect("pairs:health", code=cohort.code)


urlpatterns: list[URLPattern] = [
    path("coordinate/<uuid:code>/health/", health, name="health"),
    path(
        "coordinate/<uuid:code>/health/pulse/<uuid:answer>/called/",
        pulse_followed_up,
        name="pulse-followed-up",
    ),
    path("coordinate/<uuid:code>/health/<uuid:pair>/end/", pair_end, name="pair-end"),
    path("coordinate/<uuid:code>/health/<uuid:pair>/message/", pair_message, name="pair-message"),
    path("coordinate/<uuid:code>/messages/", cohort_messages, name="messages"),
]
