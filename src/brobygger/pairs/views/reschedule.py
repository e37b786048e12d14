"""Changing a meeting's time: move or withdraw a proposal, suggest another time, move or
cancel an agreed meeting. Only the pair's own members; another pair's meeting is 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from brobygger.pairs.forms.space import MeetingForm
from brobygger.pairs.models import MeetingStatus
from brobygger.pairs.selectors.pairs import get_meeting_for, me_in
from brobygger.pairs.services.meetings import cancel_meeting, move_meeting, withdraw_meeting
from brobygger.people.http import AuthenticatedHttpRequest


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (only the two of you see it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def meeting_move(request: AuthenticatedHttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = get_meeting_for(request.user, code, meeting)
    pair, me = found.pair, me_in(found.pair, request.user)
    local = timezone.localtime
    initial = {
        "starts_at": local(found.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local(found.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "video_url": found.video_url,
        "place": found.place,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            move_meeting(meeting=found, by=me, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if found.status == MeetingStatus.PLANNED:
                text = _("The meeting has moved. You both get a calendar update.")
            else:
                text = _("Your partner has been asked to accept the new time.")
            messages.success(request, text)
            return redirect("pairs:pair-detail", code=pair.code)
    countered = found.status == MeetingStatus.PROPOSED and found.proposed_by_role != pair.role_of(
        me
    )
    context = {"pair": pair, "meeting": found, "form": form, "countered": countered}
    return render(request, "pairs/meeting_move.html", context)


@require_POST
@login_required
def meeting_withdraw(request: AuthenticatedHttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = get_meeting_for(request.user, code, meeting)
    try:
        withdraw_meeting(meeting=found, by=me_in(found.pair, request.user))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposed time has been withdrawn."))
    return redirect("pairs:pair-detail", code=found.pair.code)


@login_required
def meeting_cancel(request: AuthenticatedHttpRequest, code: UUID, meeting: UUID) -> HttpResponse:
    found = get_meeting_for(request.user, code, meeting)
    pair = found.pair
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_meeting(
                meeting=found, by=me_in(pair, request.user), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The meeting is cancelled. You both get a calendar cancellation.")
            )
            return redirect("pairs:pair-detail", code=pair.code)
    context = {"pair": pair, "meeting": found, "form": form}
    return render(request, "pairs/meeting_cancel.html", context)


urlpatterns: list[URLPattern] = [
    path("pairs/<uuid:code>/meetings/<uuid:meeting>/move/", meeting_move, name="meeting-move"),
    path(
        "pairs/<uuid:code>/meetings/<uuid:meeting>/withdraw/",
        meeting_withdraw,
        name="meeting-withdraw",
    ),
    path(
        "pairs/<uuid:code>/meetings/<uuid:meeting>/cancel/", meeting_cancel, name="meeting-cancel"
    ),
]
