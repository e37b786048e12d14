"""Gatherings: participants see and reply (also by an emailed link, without signing in);
coordinators create them, invite, and mark attendance."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brobygger.core.forms import ConfirmMailingForm
from brobygger.core.mailings import preview_mailing
from brobygger.gatherings.forms import AttendanceForm, GatheringForm, RsvpForm
from brobygger.gatherings.models import Gathering, Invitation
from brobygger.gatherings.selectors import (
    GatheringChange,
    can_change_gathering,
    change_mailing,
    gatherings_for,
    gatherings_of_cohort,
    get_cohort_gathering,
    get_gathering_for,
    invitation_from_link,
    invitation_mailing,
    invitee_rows,
    is_full,
    pending_change,
    split_past,
    waitlist_position,
)
from brobygger.gatherings.services import (
    create_gathering,
    mark_attendance,
    respond,
    send_invitations,
    update_gathering,
)
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.selectors import person_for_user
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import get_coordinated_cohort

if TYPE_CHECKING:
    pass

# -- participants -----------------------------------------------------------------------


@require_GET
@login_required
def my_gatherings(request: AuthenticatedHttpRequest) -> HttpResponse:
    upcoming, past = split_past(gatherings_for(request.user))
    context = {"gatherings": upcoming + past, "upcoming": upcoming, "past": past}
    return render(request, "gatherings/gathering_list.html", context)


def _render_detail(
    request: HttpRequest, gathering: Gathering, form: RsvpForm | None = None
) -> HttpResponse:
    invitation: Invitation | None = next(iter(gathering.my_invitations), None)  # type: ignore[attr-defined]
    initial = {"response": invitation.response} if invitation and invitation.response else None
    context = {
        "gathering": gathering,
        "invitation": invitation,
        "position": waitlist_position(invitation) if invitation else None,
        "is_full": is_full(gathering),
        "is_over": gathering.starts_at <= timezone.now(),
        "form": form or RsvpForm(initial=initial),
    }
    template = "gatherings/gathering_detail.html"
    if request.headers.get("HX-Request"):
        template += "#rsvp"
    return render(request, template, context)


@require_GET
@login_required
def gathering_detail(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    return _render_detail(request, get_gathering_for(request.user, code))


@require_POST
@login_required
def gathering_rsvp(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    gathering = get_gathering_for(request.user, code)
    person = person_for_user(request.user)
    form: RsvpForm | None = RsvpForm(request.POST)
    if person is not None and form is not None and form.is_valid():
        try:
            invitation = respond(
                gathering=gathering,
                person=person,
                response=form.cleaned_data["response"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _reply_message(request, invitation)
            gathering = get_gathering_for(request.user, code)
            if not request.headers.get("HX-Request"):
                return redirect("gatherings:detail", code=gathering.code)
            form = None
    return _render_detail(request, gathering, form)


def _reply_message(request: HttpRequest, invitation: Invitation) -> None:
    if invitation.is_waitlisted:
        messages.warning(
            request,
            _(
                "The gathering is full, so you are on the waitlist. You get an email if a "
                "place becomes free."
            ),
        )
    else:
        messages.success(request, _("Thank you, your reply is saved."))


def rsvp_link(request: HttpRequest, code: UUID, token: str) -> HttpResponse:
    """From the invitation email: reply without signing in. The link works once."""
    invitation, unused = invitation_from_link(code, token)
    gathering = invitation.gathering
    context: dict[str, object] = {"gathering": gathering, "invitation": invitation}
    if not unused:
        context["used"] = True
        return render(request, "gatherings/rsvp_link.html", context, status=410)
    form = RsvpForm(request.POST or None, initial={"response": request.GET.get("response")})
    if request.method == "POST" and form.is_valid() and invitation.person is not None:
        try:
            invitation = respond(
                gathering=gathering,
                person=invitation.person,
                response=form.cleaned_data["response"],
                by=None,
                via_link=True,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            context.update(done=True, invitation=invitation, position=waitlist_position(invitation))
            return render(request, "gatherings/rsvp_link.html", context)
    context["form"] = form
    return render(request, "gatherings/rsvp_link.html", context)


# -- coordinators -----------------------------------------------------------------------


@require_GET
@login_required
def coordinate_list(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    context = {"cohort": cohort, "gatherings": gatherings_of_cohort(cohort)}
    return render(request, "gatherings/coordinate/gathering_list.html", context)


@login_required
def coordinate_edit(
    request: AuthenticatedHttpRequest, code: UUID, gathering: UUID | None = None
) -> HttpResponse:
    """Create or change a gathering. A change of time, place or link that invited people
    must hear about is previewed first (who is told, the email), then saved and sent
    together on confirm (``token``)."""
    cohort = get_coordinated_cohort(request.user, code)
    instance = get_cohort_gathering(cohort, gathering) if gathering else None
    if instance is not None and not can_change_gathering(request.user, instance):
        # shared with an initiative she does not coordinate: not hers to change
        raise Http404(_("No such gathering."))
    # The form writes into its instance: a copy keeps the gathering as saved, to compare.
    edited = copy.copy(instance) if instance else None
    form = GatheringForm(request.POST or None, instance=edited, cohort=cohort, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.gathering_fields()
        cohorts = list(form.cleaned_data["cohorts"])
        if cohort not in cohorts:
            cohorts.append(cohort)  # a coordinator does not unlink her own cohort by accident
        by = request.user
        if instance is not None and "edit" not in request.POST:
            change = pending_change(instance, fields)
            plan = change_mailing(change, cohort, by)
            if plan.emails or "token" in request.POST:
                return _change_flow(request, cohort, instance, change, cohorts, fields)
        if "edit" not in request.POST:
            try:
                if instance is None:
                    saved = create_gathering(cohorts=cohorts, by=by, **fields)
                else:
                    saved = update_gathering(
                        gathering=instance, cohorts=cohorts, by=by, cohort=cohort, **fields
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The gathering has been saved."))
                return redirect(
                    "gatherings:coordinate-detail", code=cohort.code, gathering=saved.code
                )
    context = {"cohort": cohort, "form": form, "gathering": instance}
    return render(request, "gatherings/coordinate/gathering_form.html", context)


def _change_flow(
    request: AuthenticatedHttpRequest,
    cohort: Cohort,
    instance: Gathering,
    change: GatheringChange,
    cohorts: list[Cohort],
    fields: dict[str, object],
) -> HttpResponse:
    """Preview the change and its email (a valid edit POST), or save and send (``token``)."""
    confirm = ConfirmMailingForm(request.POST if "token" in request.POST else None)
    if confirm.is_bound and confirm.is_valid():
        try:
            saved = update_gathering(
                gathering=instance,
                cohorts=cohorts,
                by=request.user,
                cohort=cohort,
                token=confirm.cleaned_data["token"],
                **fields,
            )
        except ValidationError as error:
            confirm.add_error(None, error)
            instance = get_cohort_gathering(cohort, instance.code)
            change = pending_change(instance, fields)
        else:
            messages.success(
                request, _("The gathering has been saved, and everyone invited is being told.")
            )
            return redirect("gatherings:coordinate-detail", code=cohort.code, gathering=saved.code)
    plan = change_mailing(change, cohort, request.user)
    context = {
        "cohort": cohort,
        "gathering": instance,
        "change": change,
        "preview": preview_mailing(plan, show=request.POST.get("recipient")),
        "form": confirm if confirm.is_bound else ConfirmMailingForm(),
        "hidden_form": GatheringForm(
            request.POST,
            instance=copy.copy(instance),
            cohort=cohort,
            user=request.user,
            auto_id=False,
        ),
    }
    return render(request, "gatherings/coordinate/change_preview.html", context)


def _render_coordinate_detail(
    request: HttpRequest, cohort: Cohort, gathering: Gathering, form: AttendanceForm | None = None
) -> HttpResponse:
    rows = invitee_rows(gathering, cohort)
    people = [row.person for row in rows]
    initial = {"attended": [r.person.code for r in rows if r.invitation and r.invitation.attended]}
    context = {
        "cohort": cohort,
        "gathering": gathering,
        "rows": rows,
        "form": form or AttendanceForm(people=people, initial=initial),
        "n_not_invited": sum(1 for r in rows if not (r.invitation and r.invitation.invited_at)),
        "can_change": can_change_gathering(request.user, gathering),
    }
    return render(request, "gatherings/coordinate/gathering_detail.html", context)


@require_GET
@login_required
def coordinate_detail(
    request: AuthenticatedHttpRequest, code: UUID, gathering: UUID
) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    return _render_coordinate_detail(request, cohort, get_cohort_gathering(cohort, gathering))


def _render_invite(
    request: AuthenticatedHttpRequest,
    cohort: Cohort,
    found: Gathering,
    form: ConfirmMailingForm | None = None,
) -> HttpResponse:
    plan = invitation_mailing(found, cohort, request.user)
    preview = preview_mailing(plan, show=request.GET.get("recipient"))
    context = {
        "cohort": cohort,
        "gathering": found,
        "preview": preview,
        "form": form or ConfirmMailingForm(),
    }
    return render(request, "gatherings/coordinate/invite_preview.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def coordinate_invite(
    request: AuthenticatedHttpRequest, code: UUID, gathering: UUID
) -> HttpResponse:
    """Preview the invitations (GET); send exactly those (POST)."""
    cohort = get_coordinated_cohort(request.user, code)
    found = get_cohort_gathering(cohort, gathering)
    if request.method == "GET":
        return _render_invite(request, cohort, found)
    form = ConfirmMailingForm(request.POST)
    if form.is_valid():
        try:
            mailing = send_invitations(
                gathering=found,
                cohort=cohort,
                token=form.cleaned_data["token"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            count = mailing.recipient_count
            messages.success(
                request,
                ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", count)
                % {"count": count},
            )
            return redirect("applications:mailing-log", code=cohort.code, mailing=mailing.code)
    return _render_invite(request, cohort, found, form)


@require_POST
@login_required
def coordinate_attendance(
    request: AuthenticatedHttpRequest, code: UUID, gathering: UUID
) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    found = get_cohort_gathering(cohort, gathering)
    rows = invitee_rows(found, cohort)
    form = AttendanceForm(request.POST, people=[r.person for r in rows])
    if not form.is_valid():
        return _render_coordinate_detail(request, cohort, found, form)
    mark_attendance(
        gathering=found,
        cohort=cohort,
        attended=form.cleaned_data["attended"],
        by=request.user,
    )
    messages.success(request, _("Attendance has been saved."))
    return redirect("gatherings:coordinate-detail", code=cohort.code, gathering=found.code)


urlpatterns: list[URLPattern] = [
    path("gatherings/", my_gatherings, name="mine"),
    path("gatherings/<uuid:code>/", gathering_detail, name="detail"),
    path("gatherings/<uuid:code>/rsvp/", gathering_rsvp, name="rsvp"),
    path("gatherings/<uuid:code>/rsvp/<str:token>/", rsvp_link, name="rsvp-link"),
    path("coordinate/<uuid:code>/gatherings/", coordinate_list, name="coordinate-list"),
    path("coordinate/<uuid:code>/gatherings/new/", coordinate_edit, name="coordinate-new"),
    path(
        "coordinate/<uuid:code>/gatherings/<uuid:gathering>/",
        coordinate_detail,
        name="coordinate-detail",
    ),
    path(
        "coordinate/<uuid:code>/gatherings/<uuid:gathering>/edit/",
        coordinate_edit,
        name="coordinate-edit",
    ),
    path(
        "coordinate/<uuid:code>/gatherings/<uuid:gathering>/invite/",
        coordinate_invite,
        name="coordinate-invite",
    ),
    path(
        "coordinate/<uuid:code>/gatherings/<uuid:gathering>/attendance/",
        coordinate_attendance,
        name="coordinate-attendance",
    ),
]
