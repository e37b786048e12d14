"""The pair's private space: only the two members ever reach these pages (others get 404)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from brobygger.gatherings.selectors import last_theme
from brobygger.pairs.emails import meeting_event
from brobygger.pairs.forms.space import (
    AgreementForm,
    GoalRatingForm,
    MeetingForm,
    MeetingLogForm,
    PulseForm,
)
from brobygger.pairs.guide import guide_for
from brobygger.pairs.ics import build_calendar
from brobygger.pairs.models import PairRole, PulsePoint
from brobygger.pairs.selectors.carried_goals import application_goals
from brobygger.pairs.selectors.pairs import (
    active_goals,
    get_meeting_for,
    get_pair_for,
    get_pair_with,
    latest_agreement,
    me_in,
    open_phase,
    pair_space,
    pairs_of,
)
from brobygger.pairs.selectors.pulse import (
    due_pulses,
    due_pulses_of,
    has_answered,
    point_or_404,
)
from brobygger.pairs.selectors.shadowing import shadowing_space
from brobygger.pairs.services.agreements import propose_own_goals, sign_agreement
from brobygger.pairs.services.goals import rate_goals
from brobygger.pairs.services.meetings import (
    accept_meeting,
    decline_meeting,
    log_meeting_cancelled,
    log_meeting_held,
    propose_meeting,
)
from brobygger.pairs.services.pulse import answer_pulse
from brobygger.people.http import AuthenticatedHttpRequest


@require_GET
@login_required
def my_pairs(request: AuthenticatedHttpRequest) -> HttpResponse:
    pairs = list(pairs_of(request.user))
    due = due_pulses_of(request.user, pairs, now=timezone.now())
    rows = [(pair, due[pair.pk]) for pair in pairs]
    return render(request, "pairs/pair_list.html", {"pairs": pairs, "rows": rows})


@require_GET
@login_required
def pair_detail(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_for(request.user, code)
    me = me_in(pair, request.user)
    space = pair_space(pair, me)
    context = {
        "pair": pair,
        "space": space,
        "shadowing": shadowing_space(pair, me),
        "pulses": due_pulses(pair, me, now=timezone.now()),
    }
    return render(request, "pairs/pair_detail.html", context)


@login_required
def agreement_edit(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_with(request.user, code, "agreement")
    me = me_in(pair, request.user)
    role = pair.role_of(me)
    partner_role = pair.role_of(pair.other(me))
    agreement = latest_agreement(pair)
    # Each writes her own goals; the senior's application goals are carried forward for
    # the mentee, and shown to the mentor (with the mentee's consent) as her partner's.
    carried = application_goals(pair, me) if agreement is None else []
    if agreement is not None:
        partner_goals = agreement.goals_of(partner_role)
    else:
        partner_goals = carried if partner_role == PairRole.MENTEE else []
    own_carried = carried if role == PairRole.MENTEE else []
    form = AgreementForm(
        request.POST or None,
        role=role,
        initial=AgreementForm.initial_from(agreement, own_carried, role),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            propose_own_goals(
                pair=pair,
                by=me,
                goals=form.goals(),
                cadence=data["cadence"],
                meeting_format=data["meeting_format"],
                other_terms=data["other_terms"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement is saved. Now both of you sign it."))
            return redirect("pairs:pair-detail", code=pair.code)
    context = {
        "pair": pair,
        "form": form,
        "partner": pair.other(me),
        "partner_goals": partner_goals,
        "carried_only": agreement is None,
    }
    return render(request, "pairs/agreement_form.html", context)


@require_POST
@login_required
def agreement_sign(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_with(request.user, code, "agreement")
    agreement = latest_agreement(pair)
    if agreement is None or str(agreement.version) != request.POST.get("version"):
        messages.error(request, _("The agreement has changed. Read it again before you sign."))
        return redirect("pairs:pair-detail", code=pair.code)
    try:
        sign_agreement(agreement=agreement, by=me_in(pair, request.user))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have signed the agreement."))
    return redirect("pairs:pair-detail", code=pair.code)


@login_required
def meeting_new(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_with(request.user, code, "meetings")
    form = MeetingForm(request.POST or None, video_service=pair.cohort.video_link_template)
    if request.method == "POST" and form.is_valid():
        try:
            propose_meeting(pair=pair, by=me_in(pair, request.user), **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your partner has been asked to accept the time."))
            return redirect("pairs:pair-detail", code=pair.code)
    return render(request, "pairs/meeting_form.html", {"pair": pair, "form": form})


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_POST
@login_required
def meeting_answer(request: AuthenticatedHttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    """Accept or decline a proposed time."""
    found = get_meeting_for(request.user, code, meeting)
    me = me_in(found.pair, request.user)
    try:
        if request.POST.get("answer") == "accept":
            accept_meeting(meeting=found, by=me)
            messages.success(
                request, _("The meeting is agreed. You both get a calendar invitation.")
            )
        else:
            decline_meeting(meeting=found, by=me)
            messages.success(request, _("The proposed time has been declined."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("pairs:pair-detail", code=found.pair.code)


@login_required
def meeting_log(request: AuthenticatedHttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = get_meeting_for(request.user, code, meeting)
    pair = found.pair
    names = {PairRole.MENTEE: pair.mentee.name, PairRole.MENTOR: pair.mentor.name}
    form = MeetingLogForm(request.POST or None, names=names)
    if request.method == "POST" and form.is_valid():
        data, me = form.cleaned_data, me_in(pair, request.user)
        try:
            if data["outcome"] == MeetingLogForm.HELD:
                log_meeting_held(
                    meeting=found,
                    by=me,
                    duration_minutes=data["duration_minutes"],
                    notes=data["notes"],
                )
            else:
                log_meeting_cancelled(
                    meeting=found,
                    by=me,
                    cancelled_by_role=data["cancelled_by_role"],
                    reason=data["cancel_reason"],
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting has been logged."))
            return redirect("pairs:pair-detail", code=pair.code)
    context = {"pair": pair, "meeting": found, "form": form}
    return render(request, "pairs/meeting_log.html", context)


@require_GET
@login_required
def meeting_ics(request: AuthenticatedHttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = get_meeting_for(request.user, code, meeting)
    event = meeting_event(found, language=request.LANGUAGE_CODE)
    response = HttpResponse(build_calendar([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@login_required
def goals_rate(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_for(request.user, code)
    goals = list(active_goals(pair, pair.role_of(me_in(pair, request.user))))
    phase = open_phase(pair.cohort, timezone.localdate())
    initial = {"phase": phase.window.key} if phase else {}
    form = GoalRatingForm(request.POST or None, goals=goals, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rate_goals(
                pair=pair,
                by=me_in(pair, request.user),
                phase=form.cleaned_data["phase"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your ratings have been saved."))
            return redirect("pairs:pair-detail", code=pair.code)
    context = {"pair": pair, "form": form, "goals": goals, "phase": phase}
    return render(request, "pairs/goals_rate.html", context)


@login_required
def pulse(request: AuthenticatedHttpRequest, code: UUID, point: int) -> HttpResponse:
    """Her private pulse. Another pair's link answers 404; her partner never sees it."""
    pair = get_pair_for(request.user, code)
    point_or_404(point)
    me = me_in(pair, request.user)
    answered = has_answered(pair, me, point)
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_pulse(pair=pair, by=me, point=point, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you for answering."))
            return redirect("pairs:pair-detail", code=pair.code)
    context = {
        "pair": pair,
        "form": form,
        "point_label": PulsePoint(point).label,
        "answered": answered,
    }
    return render(request, "pairs/pulse.html", context)


@require_GET
@login_required
def guide(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_for(request.user, code)
    cohort = pair.cohort
    theme = last_theme(cohort)
    the_guide = guide_for(timezone.localdate(), cohort, theme)
    return render(request, "pairs/guide.html", {"pair": pair, "guide": the_guide})


urlpatterns: list[URLPattern] = [
    path("pairs/", my_pairs, name="mine"),
    path("pairs/<uuid:code>/", pair_detail, name="pair-detail"),
    path("pairs/<uuid:code>/agreement/", agreement_edit, name="agreement-edit"),
    path("pairs/<uuid:code>/agreement/sign/", agreement_sign, name="agreement-sign"),
    path("pairs/<uuid:code>/meetings/new/", meeting_new, name="meeting-new"),
    path(
        "pairs/<uuid:code>/meetings/<uuid:meeting>/answer/", meeting_answer, name="meeting-answer"
    ),
    path("pairs/<uuid:code>/meetings/<uuid:meeting>/log/", meeting_log, name="meeting-log"),
    path(
        "pairs/<uuid:code>/meetings/<uuid:meeting>/invitation.ics", meeting_ics, name="meeting-ics"
    ),
    path("pairs/<uuid:code>/goals/rate/", goals_rate, name="goals-rate"),
    path("pairs/<uuid:code>/guide/", guide, name="guide"),
    path("pairs/<uuid:code>/pulse/<int:point>/", pulse, name="pulse"),
]
