"""The coordinator runs the year herself: the overview of her programme years, initiatives,
programme years, copying a year on, and the network's year with its joint gatherings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from brobygger.coordination.dates import next_title
from brobygger.coordination.forms import (
    CohortSetupForm,
    EmailTextForm,
    InitiativeForm,
    JointGatheringForm,
)
from brobygger.coordination.selectors import (
    attach_next_steps,
    cohort_has_form,
    cohorts_overview,
    copy_offered,
    current_email_texts,
    current_programme_year,
    email_text_previews,
    email_text_rows,
    get_cohort_with_steps,
    get_coordinated_initiative,
    get_email_kind,
    initiatives_overview,
    kickoff_move,
    latest_cohort,
    move_warnings,
    network_year,
    next_steps,
    require_network_admin,
    year_is_reachable,
)
from brobygger.coordination.services import (
    APP_MOVES,
    copy_programme_year,
    create_initiative,
    move_programme_year,
    save_programme_year,
    set_coordinators,
    update_initiative,
)
from brobygger.gatherings.services import create_gathering
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.selectors import unconfirmed_company_count
from brobygger.programs.email_texts import KEPT_PARTS, WHEN_SENT, EmailKind, placeholders_for
from brobygger.programs.models import Cohort, CohortEmailText
from brobygger.programs.selectors import email_text_override, get_coordinated_cohort
from brobygger.programs.services import reset_email_text, save_email_text
from brobygger.programs.status import TRANSITION_VERBS, CohortStatus

if TYPE_CHECKING:
    pass

FIRST_YEAR, LAST_YEAR = 2000, 2100
#: button texts where the general verb of the target status does not fit
MOVE_VERBS: dict[tuple[str, str], Promise] = {
    (CohortStatus.OPEN, CohortStatus.REVIEW): _lazy("Close the application period"),
    (CohortStatus.REVIEW, CohortStatus.OPEN): _lazy("Open the application period again"),
    (CohortStatus.MATCHING, CohortStatus.REVIEW): _lazy("Back to reviewing"),
}


# -- initiatives ---------------------------------------------------------------------------


@login_required
def initiative_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "coordination/initiative_list.html",
        {"initiatives": initiatives_overview(request.user), "choosing": False},
    )


@login_required
def initiative_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_network_admin(request.user)
    form = InitiativeForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = create_initiative(
                kind=form.cleaned_data["kind"],
                texts=form.texts(),
                coordinators=form.chosen_coordinators(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(initiative)s was created. Now set up its first programme year.")
                % {"initiative": initiative.display_name},
            )
            return redirect("coordination:cohort-create", initiative.code)
    return render(request, "coordination/initiative_form.html", {"form": form, "initiative": None})


@login_required
def initiative_edit(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    initiative = get_coordinated_initiative(request.user, code)
    is_admin = request.user.is_superuser
    form = InitiativeForm(request.POST or None, instance=initiative, manage_coordinators=is_admin)
    if request.method == "POST" and form.is_valid():
        by = request.user
        try:
            with transaction.atomic():
                update_initiative(initiative=initiative, texts=form.texts(), by=by)
                if is_admin:
                    set_coordinators(
                        initiative=initiative, coordinators=form.chosen_coordinators(), by=by
                    )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The initiative was saved."))
            return redirect("coordination:initiative-list")
    return render(
        request, "coordination/initiative_form.html", {"form": form, "initiative": initiative}
    )


# -- programme years ------------------------------------------------------------------------


@login_required
def cohort_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose the initiative (or go straight on when there is one)."""
    initiatives = initiatives_overview(request.user)
    if len(initiatives) == 1 and not request.user.is_superuser:
        return redirect("coordination:cohort-create", initiatives[0].code)
    return render(
        request,
        "coordination/initiative_list.html",
        {"initiatives": initiatives, "choosing": True},
    )


@login_required
def cohort_create(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    initiative = get_coordinated_initiative(request.user, code)
    latest = latest_cohort(initiative)
    initial = {}
    if latest is not None:
        initial["title"] = next_title(latest.title, fallback_year=latest.kickoff_on.year + 1)
    return _setup(request, Cohort(initiative=initiative), initial)


@login_required
def cohort_edit(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    return _setup(request, get_coordinated_cohort(request.user, code), {})


#: the setup page's parameter after a matched year's kickoff moved: the old date
KICKOFF_WAS = "kickoff_was"


def _kickoff_was(request: HttpRequest) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get(KICKOFF_WAS, ""))
    except ValueError:
        return None


def _setup(
    request: AuthenticatedHttpRequest, cohort: Cohort, initial: dict[str, str]
) -> HttpResponse:
    creating = cohort.pk is None
    if not creating:
        cohort.copy_offered = copy_offered(cohort)  # type: ignore[attr-defined]
    kickoff_before = None if creating else cohort.kickoff_on
    form = CohortSetupForm(request.POST or None, instance=cohort, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_programme_year(
                cohort=form.instance, weights=form.weights(), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The programme year %(cohort)s was saved.") % {"cohort": saved},
            )
            url = reverse("coordination:cohort-edit", args=[saved.code])
            if kickoff_before is not None and kickoff_move(saved, kickoff_before):
                url += "?" + urlencode({KICKOFF_WAS: kickoff_before.isoformat()})
            return redirect(url)
    was = _kickoff_was(request)
    return render(
        request,
        "coordination/cohort_form.html",
        {
            "form": form,
            "cohort": cohort,
            "initiative": cohort.initiative,
            "creating": creating,
            "kickoff_moved": None if creating or was is None else kickoff_move(cohort, was),
        },
    )


@login_required
@require_POST
def cohort_copy(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    try:
        result = copy_programme_year(cohort=cohort, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = ""
        return redirect(back or "coordination:overview")
    messages.success(
        request,
        _(
            "%(new)s was made as a draft from %(old)s, with %(questions)d application "
            "questions, %(surveys)d surveys and %(gatherings)d gatherings. Check the dates "
            "and the settings below."
        )
        % {
            "new": result.cohort,
            "old": cohort,
            "questions": result.questions,
            "surveys": result.surveys,
            "gatherings": result.gatherings,
        },
    )
    if result.email_texts:
        messages.info(
            request,
            ngettext(
                "The programme year's own text of %(count)d email was copied too.",
                "The programme year's own texts of %(count)d emails were copied too.",
                result.email_texts,
            )
            % {"count": result.email_texts},
        )
    for note in result.notes:
        messages.warning(request, note)
    return redirect("coordination:cohort-edit", result.cohort.code)


# -- the network's year ---------------------------------------------------------------------


@login_required
def year(request: AuthenticatedHttpRequest, start: int | None = None) -> HttpResponse:
    year_is_reachable(request.user)
    start = current_programme_year() if start is None else start
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise Http404(_("No such programme year."))
    overview = network_year(request.user, start)
    cohorts = [row.cohort for row in overview.rows]
    form = JointGatheringForm(request.POST or None, cohorts=cohorts)
    if request.method == "POST" and form.is_valid():
        try:
            gathering = create_gathering(
                cohorts=form.cleaned_data["programme_years"],
                by=request.user,
                **form.gathering_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The joint gathering “%(title)s” was created. Invite people from its page.")
                % {"title": gathering.title},
            )
            return redirect("coordination:year", start)
    return render(
        request,
        "coordination/year.html",
        {
            "year": overview,
            "form": form,
            "is_current": start == current_programme_year(),
        },
    )


# -- moving a programme year on -----------------------------------------------------------


def _move_texts(cohort: Cohort, to: str) -> tuple[str, str]:
    """What a move does, in plain words: (what happens, who is emailed)."""
    nobody = _("Nobody is emailed.")
    if to == CohortStatus.OPEN and cohort.status == CohortStatus.REVIEW:
        return (
            _(
                "The application form opens again for everyone until the deadline; "
                "applicants can send and change applications."
            ),
            nobody,
        )
    texts: dict[str, str] = {
        CohortStatus.OPEN: _(
            "The application form opens for everyone: the programme year is shown on the "
            "public pages, and anyone can apply until the deadline."
        ),
        CohortStatus.REVIEW: _(
            "The application period closes: nobody can send or change an application any "
            "more. You review the applications and send the decisions."
        ),
        CohortStatus.MATCHING: _(
            "The matching opens: you run it, adjust it and propose pairs on the matching "
            "page. Applicants see nothing yet."
        ),
        CohortStatus.CLOSED: _(
            "The programme year is closed: it is shown as ended, and its pairs and reports "
            "are kept."
        ),
        CohortStatus.ARCHIVED: _(
            "The programme year is archived: it is kept for the reports, and nothing more "
            "happens in it."
        ),
    }
    if to == CohortStatus.REVIEW and cohort.status == CohortStatus.MATCHING:
        return (
            _(
                "The programme year goes back to reviewing the applications; the matching "
                "is kept as it is."
            ),
            nobody,
        )
    return str(texts.get(to, "")), nobody


def _move_buttons(cohort: Cohort) -> list[tuple[str, str]]:
    """(target status, button text) for each move made from the status page."""
    return [
        (to, str(MOVE_VERBS.get((cohort.status, to), TRANSITION_VERBS[to])))
        for to in APP_MOVES.get(cohort.status, ())
    ]


@login_required
def cohort_status(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_cohort_with_steps(request.user, code)
    return render(
        request,
        "coordination/cohort_status.html",
        {
            "cohort": cohort,
            "moves": _move_buttons(cohort),
            "steps": next_steps(cohort, now=timezone.now()),
        },
    )


@login_required
def cohort_move(request: AuthenticatedHttpRequest, code: UUID, to: str) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    labels = dict(CohortStatus.choices)
    if request.method == "POST":
        expected = request.POST.get("from", "")
        try:
            move_programme_year(cohort=cohort, to=to, expected=expected, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            if error.code == "no_form":
                return redirect("applications:form-overview", cohort.code)
        else:
            messages.success(
                request,
                _("%(cohort)s is now “%(status)s”.") % {"cohort": cohort, "status": labels[to]},
            )
        return redirect("coordination:cohort-status", cohort.code)
    if to not in APP_MOVES.get(cohort.status, ()):
        messages.error(
            request,
            _("%(cohort)s cannot move from “%(current)s” to “%(target)s” here.")
            % {
                "cohort": cohort,
                "current": labels[cohort.status],
                "target": labels.get(to, to),
            },
        )
        return redirect("coordination:cohort-status", cohort.code)
    happens, emailed = _move_texts(cohort, to)
    return render(
        request,
        "coordination/cohort_move.html",
        {
            "cohort": cohort,
            "to": to,
            "to_label": labels[to],
            "verb": dict(_move_buttons(cohort))[to],
            "happens": happens,
            "emailed": emailed,
            "warnings": move_warnings(cohort, to, now=timezone.now()),
            "no_form": to == CohortStatus.OPEN and not cohort_has_form(cohort),
        },
    )


# -- a programme year's email texts ----------------------------------------------------------


@login_required
def email_text_list(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    return render(
        request,
        "coordination/email_text_list.html",
        {"cohort": cohort, "rows": email_text_rows(cohort)},
    )


@login_required
def email_text_edit(request: AuthenticatedHttpRequest, code: UUID, kind: str) -> HttpResponse:
    """Her subject and text of one email: "Preview" shows the whole email in both
    languages without saving; "Save" saves."""
    cohort = get_coordinated_cohort(request.user, code)
    kind = get_email_kind(kind)
    own = email_text_override(cohort, kind)
    form = EmailTextForm(
        request.POST or None,
        instance=CohortEmailText(cohort=cohort, kind=kind),
        initial=current_email_texts(cohort, kind),
    )
    previews = []
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "save":
            try:
                save_email_text(cohort=cohort, kind=kind, texts=form.texts(), by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The email “%(email)s” was saved.") % {"email": EmailKind(kind).label},
                )
                return redirect("coordination:email-texts", cohort.code)
        else:
            previews = email_text_previews(cohort, kind, form.texts())
    return render(
        request,
        "coordination/email_text_form.html",
        {
            "cohort": cohort,
            "kind": kind,
            "label": EmailKind(kind).label,
            "when_sent": WHEN_SENT[kind],
            "kept": KEPT_PARTS[kind],
            "placeholders": placeholders_for(kind),
            "own": own,
            "form": form,
            "previews": previews,
        },
    )


@login_required
@require_POST
def email_text_reset(request: AuthenticatedHttpRequest, code: UUID, kind: str) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    kind = get_email_kind(kind)
    reset_email_text(cohort=cohort, kind=kind, by=request.user)
    messages.success(
        request,
        _("The email “%(email)s” uses the default text again.") % {"email": EmailKind(kind).label},
    )
    return redirect("coordination:email-text-edit", cohort.code, kind)


@require_GET
@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The programme years she coordinates, with their applications, pairs and next step."""
    cohorts = list(cohorts_overview(request.user))
    if not cohorts:
        raise Http404(_("You coordinate no initiative."))
    attach_next_steps(cohorts, now=timezone.now())
    context = {"cohorts": cohorts, "unconfirmed_companies": unconfirmed_company_count()}
    return render(request, "coordination/overview.html", context)


urlpatterns = [
    path("coordinate/", overview, name="overview"),
    path("coordinate/<uuid:code>/status/", cohort_status, name="cohort-status"),
    path("coordinate/<uuid:code>/status/<slug:to>/", cohort_move, name="cohort-move"),
    path("coordinate/initiatives/", initiative_list, name="initiative-list"),
    path("coordinate/initiatives/new/", initiative_create, name="initiative-create"),
    path("coordinate/initiatives/<uuid:code>/", initiative_edit, name="initiative-edit"),
    path("coordinate/initiatives/<uuid:code>/years/new/", cohort_create, name="cohort-create"),
    path("coordinate/years/new/", cohort_new, name="cohort-new"),
    path("coordinate/<uuid:code>/setup/", cohort_edit, name="cohort-edit"),
    path("coordinate/<uuid:code>/copy/", cohort_copy, name="cohort-copy"),
    path("coordinate/year/", year, name="year"),
    path("coordinate/year/<int:start>/", year, name="year"),
    path("coordinate/<uuid:code>/emails/", email_text_list, name="email-texts"),
    path("coordinate/<uuid:code>/emails/<slug:kind>/", email_text_edit, name="email-text-edit"),
    path(
        "coordinate/<uuid:code>/emails/<slug:kind>/reset/",
        email_text_reset,
        name="email-text-reset",
    ),
]
