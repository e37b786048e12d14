"""Matching pages: the coordinator's matching page and its actions; the personal answer link.

Every coordinator view fetches the cohort with ``get_coordinated_cohort`` (404 for
anyone else) or a run with ``get_run_for``.
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from brobygger.applications.models import Application
from brobygger.applications.selectors.applications import get_own_application
from brobygger.applications.services.waitlist import accept_from_waitlist
from brobygger.core.forms import ConfirmMailingForm
from brobygger.core.mailings import MailingPlan, MailingRefused, preview_mailing
from brobygger.core.pagination import page_of
from brobygger.matching.forms import (
    AnswerForm,
    ConstraintForm,
    ManualPairForm,
    MatchingSettingsForm,
    SwapForm,
    WishesForm,
    WithoutPartnerForm,
)
from brobygger.matching.models import (
    ConstraintKind,
    MatchConstraint,
    MatchRun,
    ProposalStatus,
    RunStatus,
    WishKind,
)
from brobygger.matching.reasons import role_label
from brobygger.matching.selectors.checks import swap_preview
from brobygger.matching.selectors.earlier import avoided_earlier_pairs
from brobygger.matching.selectors.instance import is_second_round, matching_pool
from brobygger.matching.selectors.introduction import side_introduction
from brobygger.matching.selectors.mailings import proposal_mailing, publish_mailing
from brobygger.matching.selectors.partner import partner_candidates
from brobygger.matching.selectors.proposals import (
    OPEN_STATUSES,
    get_side_for_link,
    is_overdue,
    partner_summary,
    proposals_of,
)
from brobygger.matching.selectors.runs import (
    constraints_of,
    current_round_run,
    get_run_for,
    latest_done_run,
    latest_run,
    proposal_view,
    published_pairs,
    round_boundary,
    runs_of,
    settings_rows,
)
from brobygger.matching.selectors.wishes import (
    cohort_wishes,
    conflict_excluded_pairs,
    declared_conflicts,
    wishes_of,
)
from brobygger.matching.selectors.without_partner import (
    UNMATCHED,
    WAITLISTED,
    people_without_partner,
    without_partner_mailing,
)
from brobygger.matching.services.constraints import (
    create_manual_pair,
    delete_constraint,
    forbid_pair,
    lock_pair,
    remove_person,
    swap_mentors,
)
from brobygger.matching.services.partner import pair_from_pool
from brobygger.matching.services.proposals import (
    answer_proposal,
    check_sendable,
    send_proposals,
)
from brobygger.matching.services.publish import check_publishable, publish_pairs
from brobygger.matching.services.runs import record_run_download, start_run
from brobygger.matching.services.settings import update_matching_settings
from brobygger.matching.services.wishes import save_wishes
from brobygger.matching.services.without_partner import tell_people_without_partner
from brobygger.pairs.models import Pair
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.kinds import MENTEE, MENTOR, profile
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import get_coordinated_cohort
from brobygger.programs.status import MATCHING_STATUSES, UNPUBLISHED_STATUSES, CohortStatus


def _page_context(cohort: Cohort, run: MatchRun | None, page: str | None = None) -> dict[str, Any]:
    """What the page shows fits the cohort's state: while reviewing or matching, the run
    with its actions; once published, the published pairs, read-only, and while the year
    is published or running a second round for the people without a partner."""
    second_round = is_second_round(cohort)
    editable = cohort.status in MATCHING_STATUSES or second_round
    applicants = list(matching_pool(cohort))
    done = run if run and run.status == RunStatus.DONE else None
    proposals = list(proposals_of(cohort))
    if second_round:
        # this round's proposals, and any still open; the published pairs are listed above
        boundary = round_boundary(cohort)
        proposals = [
            p for p in proposals if p.status in OPEN_STATUSES or (p.run_id or 0) > boundary
        ]
    published = page_of(
        Pair.objects.none() if cohort.status in MATCHING_STATUSES else published_pairs(cohort),
        page,
    )
    for proposal in proposals:
        proposal.overdue = any(is_overdue(s) for s in proposal.sides.all())  # type: ignore[attr-defined]
    return {
        "cohort": cohort,
        "run": run,
        "view": proposal_view(done) if done else None,
        "mentees": [a for a in applicants if a.role == "mentee"],
        "mentors": [a for a in applicants if a.role == "mentor"],
        "constraints": constraints_of(cohort),
        "avoided_earlier": avoided_earlier_pairs(cohort, applicants) if editable else [],
        "wishes": list(cohort_wishes(cohort)) if editable else [],
        "conflicts": declared_conflicts(applicants) if editable else [],
        "conflict_pairs": conflict_excluded_pairs(cohort, applicants) if editable else [],
        "proposals": proposals,
        "accepted_count": sum(1 for p in proposals if p.status == ProposalStatus.ACCEPTED),
        "runs": runs_of(cohort),
        "constraint_form": ConstraintForm(cohort=cohort),
        "is_latest": run is None or run == latest_run(cohort),
        "editable": editable,
        "second_round": second_round,
        "settings_open": cohort.status in UNPUBLISHED_STATUSES,
        # a page of them (``page``: the ``?page=`` asked for; past the end, the last page)
        "published_pairs": published,
        "page_obj": published,
        "settings_rows": settings_rows(cohort),
        # what the kind calls the two sides: mentor/mentee, the younger/the senior, host/talent
        "mentor_label": role_label(cohort.kind, "mentor"),
        "mentee_label": role_label(cohort.kind, "mentee"),
    }


@require_GET
@login_required
def matching_page(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    # once published, the page shows the pairs and a second round's latest run; the
    # earlier runs stay one click away
    if cohort.status in MATCHING_STATUSES:
        run = latest_run(cohort)
    else:
        run = current_round_run(cohort) if is_second_round(cohort) else None
    context = _page_context(cohort, run, request.GET.get("page"))
    return render(request, "matching/cohort_matching.html", context)


def _refuse_after_publishing(
    request: HttpRequest, cohort: Cohort, *, second_round: bool = False
) -> HttpResponse | None:
    """The settings page: not once the pairs are published. The swap and hand-made pair
    pages (``second_round``): also in a second round, on the people without a partner."""
    if cohort.status in UNPUBLISHED_STATUSES:
        return None
    if second_round and is_second_round(cohort):
        return None
    messages.error(
        request,
        _("The pairs of this programme year are published: the matching can no longer change."),
    )
    return redirect("matching:cohort", code=cohort.code)


@require_GET
@login_required
def run_detail(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    run = get_run_for(request.user, code)
    context = _page_context(run.cohort, run, request.GET.get("page"))
    return render(request, "matching/cohort_matching.html", context)


@require_GET
@login_required
def run_status(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """The HTMX-polled status of a background run; a finished run reloads the page."""
    run = get_run_for(request.user, code)
    response = render(request, "matching/cohort_matching.html#run-status", {"run": run})
    if run.is_finished:
        response["HX-Refresh"] = "true"
    return response


@require_GET
@login_required
def run_download(request: AuthenticatedHttpRequest, code: UUID, part: str) -> HttpResponse:
    run = get_run_for(request.user, code)
    if part not in ("instance", "result"):
        raise Http404(_("No such file."))
    data = run.instance if part == "instance" else (run.result or {})
    record_run_download(run=run, part=part, by=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="matching-{run.code}-{part}.json"'
    return response


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@require_POST
@login_required
def run_create(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    try:
        run = start_run(cohort=cohort, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        if run.status == RunStatus.FAILED:
            messages.error(request, _("The matching could not run. See the details below."))
        elif run.status == RunStatus.DONE:
            messages.success(request, _("Matching done."))
        else:
            messages.info(request, _("A large matching run has started; this page updates."))
    return redirect("matching:cohort", code=cohort.code)


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    if refused := _refuse_after_publishing(request, cohort):
        return refused
    form = MatchingSettingsForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            update_matching_settings(cohort=cohort, by=request.user, **form.settings())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The matching settings are saved."))
            return redirect("matching:cohort", code=cohort.code)
    return render(request, "matching/settings_form.html", {"cohort": cohort, "form": form})


@require_POST
@login_required
def constraint_create(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    form = ConstraintForm(request.POST, cohort=cohort)
    if not form.is_valid():
        for text in [e for errors in form.errors.values() for e in errors]:
            messages.error(request, str(text))
        return redirect("matching:cohort", code=cohort.code)
    data, by = form.cleaned_data, request.user
    try:
        if data["kind"] == ConstraintKind.LOCK:
            lock_pair(cohort=cohort, mentee=data["mentee"], mentor=data["mentor"], by=by)
        elif data["kind"] == ConstraintKind.FORBID:
            forbid_pair(cohort=cohort, mentee=data["mentee"], mentor=data["mentor"], by=by)
        else:
            person = data["mentee"] or data["mentor"]
            remove_person(cohort=cohort, application=person, by=by)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Saved. Run the matching again to see the effect."))
    return redirect("matching:cohort", code=cohort.code)


@require_POST
@login_required
def constraint_delete(request: AuthenticatedHttpRequest, code: UUID, pk: int) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    constraint = get_object_or_404(MatchConstraint, cohort=cohort, pk=pk)
    delete_constraint(constraint=constraint, by=request.user)
    messages.success(request, _("Removed. Run the matching again to see the effect."))
    return redirect("matching:cohort", code=cohort.code)


@require_http_methods(["GET", "POST"])
@login_required
def swap(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Preview (GET with two pairs chosen) then confirm (POST) a swap of mentors."""
    cohort = get_coordinated_cohort(request.user, code)
    if refused := _refuse_after_publishing(request, cohort, second_round=True):
        return refused
    run = latest_done_run(cohort)
    if run is None:
        messages.error(request, _("Run the matching first."))
        return redirect("matching:cohort", code=cohort.code)
    rows = proposal_view(run).pairs
    form = SwapForm(request.POST or request.GET or None, pairs=[(r.mentee, r.mentor) for r in rows])
    preview = None
    if form.is_bound and form.is_valid():
        pair_a, pair_b = form.chosen()
        if request.method == "POST":
            try:
                swap_mentors(run=run, pair_a=pair_a, pair_b=pair_b, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Mentors swapped; both pairs are locked."))
                return redirect("matching:cohort", code=cohort.code)
        preview = swap_preview(run, pair_a, pair_b)
    context = {"cohort": cohort, "form": form, "preview": preview}
    return render(request, "matching/swap_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def pair_create(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    if refused := _refuse_after_publishing(request, cohort, second_round=True):
        return refused
    form = ManualPairForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            create_manual_pair(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The pair is locked. Run the matching again."))
            return redirect("matching:cohort", code=cohort.code)
    return render(request, "matching/pair_form.html", {"cohort": cohort, "form": form})


def _mailing_page(
    request: HttpRequest,
    cohort: Cohort,
    plan: MailingPlan,
    form: ConfirmMailingForm | None,
    *,
    publishing: bool,
) -> HttpResponse:
    context = {
        "cohort": cohort,
        "preview": preview_mailing(plan, show=request.GET.get("recipient")),
        "form": form or ConfirmMailingForm(),
        "publishing": publishing,
        "asked_in_turn": _asked_in_turn(cohort.kind),
        "published_status": _published_status(cohort),
        "second_round": is_second_round(cohort),
    }
    return render(request, "matching/mailing_preview.html", context)


def _asked_in_turn(kind: str) -> tuple[str, str] | None:
    """The two roles' labels in the order a proposal emails them; None: both at once."""
    first = profile(kind).asks_first
    if first is None:
        return None
    return role_label(kind, first), role_label(kind, MENTOR if first == MENTEE else MENTEE)


def _published_status(cohort: Cohort) -> str:
    """What the programme year will be called once published ("Matched – starts 1 Feb")."""
    after = copy.copy(cohort)
    after.status = CohortStatus.PUBLISHED
    return after.get_status_display()


def _refused(request: HttpRequest, cohort: Cohort, error: ValidationError) -> HttpResponse:
    """Not matching, a stale run, nothing accepted: back to the matching page, which
    shows why (and, for a stale run, the button to run the matching again)."""
    _error_messages(request, error)
    return redirect("matching:cohort", code=cohort.code)


@require_http_methods(["GET", "POST"])
@login_required
def proposal_send(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Preview the proposal emails (GET), then send exactly those (POST)."""
    cohort = get_coordinated_cohort(request.user, code)
    form = ConfirmMailingForm(request.POST) if request.method == "POST" else None
    try:
        if form is None:
            check_sendable(cohort)
        else:
            token = form.cleaned_data["token"] if form.is_valid() else ""
            mailing = send_proposals(cohort=cohort, token=token, by=request.user)
    except MailingRefused as error:
        assert form is not None
        form.add_error(None, error)
    except ValidationError as error:
        return _refused(request, cohort, error)
    else:
        if form is not None:
            messages.success(
                request,
                ngettext(
                    "%(count)d proposal email has been sent.",
                    "%(count)d proposal emails have been sent.",
                    mailing.recipient_count,
                )
                % {"count": mailing.recipient_count},
            )
            return redirect("applications:mailing-log", code=cohort.code, mailing=mailing.code)
    plan = proposal_mailing(cohort, request.user)
    return _mailing_page(request, cohort, plan, form, publishing=False)


@require_http_methods(["GET", "POST"])
@login_required
def publish(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Preview the "you are matched" emails (GET), then publish and send those (POST)."""
    cohort = get_coordinated_cohort(request.user, code)
    form = ConfirmMailingForm(request.POST) if request.method == "POST" else None
    try:
        if form is None:
            check_publishable(cohort)
        else:
            token = form.cleaned_data["token"] if form.is_valid() else ""
            pairs, mailing = publish_pairs(cohort=cohort, token=token, by=request.user)
    except MailingRefused as error:
        assert form is not None
        form.add_error(None, error)
    except ValidationError as error:
        return _refused(request, cohort, error)
    else:
        if form is not None:
            messages.success(
                request,
                ngettext("%(count)d pair published.", "%(count)d pairs published.", len(pairs))
                % {"count": len(pairs)},
            )
            return redirect("applications:mailing-log", code=cohort.code, mailing=mailing.code)
    plan = publish_mailing(cohort, request.user)
    return _mailing_page(request, cohort, plan, form, publishing=True)


@require_http_methods(["GET", "POST"])
@login_required
def without_partner(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Who has no partner and why, the waitlist by score; tell a choice of them what
    happens now: choose (GET), preview (POST without a token), send (POST with it)."""
    cohort = get_coordinated_cohort(request.user, code)
    rows = people_without_partner(cohort)
    form = WithoutPartnerForm(request.POST or None, rows=rows)
    preview = None
    confirm_form: ConfirmMailingForm | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by = request.user
        if "token" in request.POST:
            confirm_form = ConfirmMailingForm(request.POST)
            token = confirm_form.cleaned_data["token"] if confirm_form.is_valid() else ""
            try:
                mailing = tell_people_without_partner(
                    cohort=cohort,
                    codes=data["people"],
                    outcome=data["outcome"],
                    other=data["other_initiative"],
                    token=token,
                    by=by,
                )
            except MailingRefused as error:
                confirm_form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d email has been sent.",
                        "%(count)d emails have been sent.",
                        mailing.recipient_count,
                    )
                    % {"count": mailing.recipient_count},
                )
                return redirect("applications:mailing-log", code=cohort.code, mailing=mailing.code)
        plan = without_partner_mailing(
            cohort,
            data["people"],
            data["outcome"],
            data["other_initiative"].strip(),
            by,
        )
        preview = preview_mailing(plan, show=request.POST.get("recipient"))
    context = {
        "cohort": cohort,
        "unmatched": [r for r in rows if r.group == UNMATCHED],
        "waitlisted": [r for r in rows if r.group == WAITLISTED],
        "form": form,
        "chosen": set(form["people"].value() or []),
        "hidden_form": WithoutPartnerForm(request.POST, rows=rows, auto_id=False)
        if preview
        else None,
        "preview": preview,
        "confirm_form": confirm_form or ConfirmMailingForm(),
        "mentor_label": role_label(cohort.kind, "mentor"),
        "mentee_label": role_label(cohort.kind, "mentee"),
    }
    return render(request, "matching/without_partner.html", context)


@require_POST
@login_required
def waitlist_accept(
    request: AuthenticatedHttpRequest, code: UUID, application: UUID
) -> HttpResponse:
    """Accept a waitlisted applicant now (a place opened); she is told by email."""
    cohort = get_coordinated_cohort(request.user, code)
    found = get_object_or_404(Application, cohort=cohort, code=application)
    try:
        accept_from_waitlist(application=found, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is accepted, has been told by email and is in the next round.")
            % {"name": found.person.name},
        )
    return redirect("matching:without-partner", code=cohort.code)


@require_http_methods(["GET", "POST"])
@login_required
def partner_for(request: AuthenticatedHttpRequest, code: UUID, application: UUID) -> HttpResponse:
    """A new partner for one person without a full run: the engine's ranking (GET); her
    pick becomes a run of those two, sent as a proposal as usual (POST ``partner``)."""
    cohort = get_coordinated_cohort(request.user, code)
    person = get_object_or_404(Application, cohort=cohort, code=application)
    candidates = partner_candidates(cohort, person)
    if request.method == "POST":
        chosen = next(
            (
                c
                for c in candidates
                if str((c.mentor if person.is_mentee else c.mentee).code)
                == request.POST.get("partner", "")
            ),
            None,
        )
        if chosen is None:
            messages.error(request, _("Choose someone from the list."))
        else:
            try:
                pair_from_pool(
                    cohort=cohort,
                    mentee=chosen.mentee,
                    mentor=chosen.mentor,
                    by=request.user,
                )
            except ValidationError as error:
                _error_messages(request, error)
            else:
                messages.success(
                    request, _("The pair is checked. Send the proposal from here as usual.")
                )
                return redirect("matching:cohort", code=cohort.code)
    context = {
        "cohort": cohort,
        "person": person,
        "candidates": candidates,
        "mentor_label": role_label(cohort.kind, "mentor"),
        "mentee_label": role_label(cohort.kind, "mentee"),
    }
    return render(request, "matching/partner_for.html", context)


@require_http_methods(["GET", "POST"])
def proposal_answer(request: HttpRequest, code: UUID, token: str) -> HttpResponse:
    """The personal capability link from the email; works without signing in."""
    side = get_side_for_link(code, token)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and not side.answer and form.is_valid():
        try:
            answer_proposal(side=side, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you, your answer is saved."))
            return redirect("matching:proposal-answer", code=side.code, token=side.token)
    side.refresh_from_db(fields=["answer", "answered_at", "reason"])
    context = {
        "side": side,
        "proposal": side.proposal,
        "partner": partner_summary(side),
        "introduction": side_introduction(side, timezone.now()),
        "form": form,
    }
    return render(request, "matching/proposal_answer.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def wishes_edit(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Her wishes about her partner (her own application only; another's answers 404)."""
    application = get_own_application(request.user, code)
    current = list(wishes_of(application))
    initial: dict[str, Any] = {
        str(kind): "\n".join(dict.fromkeys(w.written for w in current if w.kind == kind))
        for kind in (WishKind.AVOID, WishKind.PREFER)
    }
    form = WishesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_wishes(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your wishes are saved. Only the coordinator sees them."))
            return redirect("matching:wishes", code=application.code)
    return render(
        request,
        "matching/wishes_form.html",
        {
            "application": application,
            "form": form,
            "open": application.cohort.status in UNPUBLISHED_STATUSES,
        },
    )
