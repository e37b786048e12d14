"""Executive shadowing on the pair page: logging a shadowing day, the talent's goal and the
leader's reflection. Only the pair's members reach these (others get 404)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brobygger.pairs.forms.shadowing import ShadowingDayForm, ShadowingTextForm
from brobygger.pairs.models import PairRole
from brobygger.pairs.selectors.pairs import get_pair_for, me_in
from brobygger.pairs.selectors.shadowing import has_shadowing_days, shadowing_plan
from brobygger.pairs.services.shadowing import log_shadowing_day, save_shadowing_plan
from brobygger.people.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def shadowing_day_new(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_for(request.user, code)
    me = me_in(pair, request.user)
    if not has_shadowing_days(pair) or pair.role_of(me) != PairRole.MENTEE:
        raise Http404
    form = ShadowingDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            log_shadowing_day(pair=pair, by=me, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The shadowing day has been logged."))
            return redirect("pairs:pair-detail", pair.code)
    return render(request, "pairs/shadowing_day_form.html", {"pair": pair, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def shadowing_text(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    pair = get_pair_for(request.user, code)
    me = me_in(pair, request.user)
    if not has_shadowing_days(pair):
        raise Http404
    is_talent = pair.role_of(me) == PairRole.MENTEE
    label = _("Your goal for the shadowing") if is_talent else _("Your reflection at the end")
    plan = shadowing_plan(pair)
    current = (plan.talent_goal if is_talent else plan.leader_reflection) if plan else ""
    form = ShadowingTextForm(request.POST or None, initial={"text": current}, label=label)
    if request.method == "POST" and form.is_valid():
        try:
            save_shadowing_plan(pair=pair, by=me, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("pairs:pair-detail", pair.code)
    return render(
        request, "pairs/shadowing_text_form.html", {"pair": pair, "form": form, "label": label}
    )


urlpatterns: list[URLPattern] = [
    path("pairs/<uuid:code>/shadowing-days/new/", shadowing_day_new, name="shadowing-day-new"),
    path("pairs/<uuid:code>/shadowing/text/", shadowing_text, name="shadowing-text"),
]
