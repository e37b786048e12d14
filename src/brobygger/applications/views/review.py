"""The coordinator's side: cohorts to review, the applicant list, one application, decisions."""

from __future__ import annotations

from typing import Any
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

from brobygger.applications.forms.review import (
    BulkDecisionForm,
    DecisionForm,
    ReviewFilterSet,
    ScoreForm,
)
from brobygger.applications.models import Application
from brobygger.applications.selectors.review import (
    as_review_rows,
    decision_mailing,
    decisions_window_open,
    get_application_for_review,
    get_cohort_for_review,
    review_queryset,
    review_summary,
)
from brobygger.applications.services.review import (
    decide_application,
    decide_applications,
    record_sensitive_read,
    release_decisions,
    score_application,
)
from brobygger.core.forms import ConfirmMailingForm
from brobygger.core.mailings import (
    get_mailing_in,
    mailings_in,
    preview_mailing,
    reply_addresses,
    send_log,
)
from brobygger.core.models import Mailing
from brobygger.core.pagination import paginate
from brobygger.core.selectors import next_batch, scheduled_plans, upcoming_batches
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.models import Cohort


def _render_list(
    request: HttpRequest, cohort: Cohort, bulk_form: BulkDecisionForm | None = None
) -> HttpResponse:
    filters = ReviewFilterSet(
        request.GET or None,
        queryset=review_queryset(cohort, reviewer=request.user),
        cohort=cohort,
    )
    page = paginate(request, filters.qs)
    context = {
        "cohort": cohort,
        "rows": as_review_rows(page.object_list),
        "page_obj": page,
        "filter_form": filters.form,
        "bulk_form": bulk_form or BulkDecisionForm(cohort=cohort),
        "is_filtered": bool(request.GET),
        "selected_codes": set(request.POST.getlist("applications")),
        "batches": upcoming_batches(cohort),
    }
    return render(request, "applications/review/application_list.html", context)


@require_GET
@login_required
def review_list(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    return _render_list(request, get_cohort_for_review(request.user, code))


def _render_detail(
    request: AuthenticatedHttpRequest, application: Application, **forms: Any
) -> HttpResponse:
    summary = review_summary(application, user=request.user)
    if summary.shows_sensitive:
        record_sensitive_read(
            application=application,
            by=request.user,
            questions=[row.question.pk for row in summary.answers if row.sensitive],
        )
    mine = summary.mine
    initial = {"score": mine.score, "comment": mine.comment} if mine else None
    decision_initial = (
        {"decision": application.decision, "reason": application.decision_reason}
        if application.decided_at
        else None
    )
    context = {
        "application": application,
        "summary": summary,
        "score_form": forms.get("score_form") or ScoreForm(initial=initial),
        "decision_form": forms.get("decision_form") or DecisionForm(initial=decision_initial),
    }
    return render(request, "applications/review/application_detail.html", context)


@require_GET
@login_required
def review_detail(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    return _render_detail(request, get_application_for_review(request.user, code))


@require_POST
@login_required
def review_score(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    application = get_application_for_review(request.user, code)
    form = ScoreForm(request.POST)
    if form.is_valid():
        try:
            score_application(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your score has been saved."))
            return redirect("applications:review-detail", code=application.code)
    return _render_detail(request, application, score_form=form)


@require_POST
@login_required
def review_decide(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    application = get_application_for_review(request.user, code)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decide_application(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Decision saved. It is sent when you send the cohort’s decisions.")
            )
            return redirect("applications:review-detail", code=application.code)
    return _render_detail(request, application, decision_form=form)


@require_POST
@login_required
def review_bulk(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_cohort_for_review(request.user, code)
    form = BulkDecisionForm(request.POST, cohort=cohort)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decided = decide_applications(
                cohort=cohort,
                applications=list(data["applications"]),
                decision=data["decision"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            count = len(decided)
            messages.success(
                request,
                ngettext(
                    "Decision saved for %(count)d application.",
                    "Decision saved for %(count)d applications.",
                    count,
                )
                % {"count": count},
            )
            return redirect("applications:review-list", code=cohort.code)
    return _render_list(request, cohort, bulk_form=form)


def _render_release(
    request: AuthenticatedHttpRequest, cohort: Cohort, form: ConfirmMailingForm | None = None
) -> HttpResponse:
    plan = decision_mailing(cohort, request.user)
    preview = preview_mailing(plan, show=request.GET.get("recipient"))
    window_open = decisions_window_open(cohort)
    context = {
        "cohort": cohort,
        "preview": preview,
        "window_open": window_open,
        "form": form or ConfirmMailingForm(acknowledgement=_ack_label(window_open)),
    }
    return render(request, "applications/review/release_preview.html", context)


def _ack_label(window_open: bool) -> str | None:
    if not window_open:
        return None
    return _("I know the application deadline has not passed, send anyway")


@require_http_methods(["GET", "POST"])
@login_required
def review_release(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Preview the decision emails (GET), then send exactly those (POST)."""
    cohort = get_cohort_for_review(request.user, code)
    if request.method == "GET":
        return _render_release(request, cohort)
    form = ConfirmMailingForm(
        request.POST, acknowledgement=_ack_label(decisions_window_open(cohort))
    )
    if form.is_valid():
        try:
            mailing = release_decisions(
                cohort=cohort,
                token=form.cleaned_data["token"],
                window_confirmed=form.cleaned_data.get("acknowledge", False),
                by=request.user,
            )
        except ValidationError as error:
            field = "acknowledge" if error.code == "window_open" else None
            if field and field not in form.fields:
                field = None
            form.add_error(field, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d decision email has been sent.",
                    "%(count)d decision emails have been sent.",
                    mailing.recipient_count,
                )
                % {"count": mailing.recipient_count},
            )
            return redirect("applications:mailing-log", code=cohort.code, mailing=mailing.code)
    return _render_release(request, cohort, form)


@require_GET
@login_required
def mailing_list(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Every mass email of this programme year, newest first."""
    cohort = get_cohort_for_review(request.user, code)
    context = {"cohort": cohort, "mailings": list(mailings_in(str(cohort.code)))}
    return render(request, "applications/review/mailing_list.html", context)


@require_GET
@login_required
def mailing_log(request: AuthenticatedHttpRequest, code: UUID, mailing: UUID) -> HttpResponse:
    """One mass email's send log: per person, what was sent when, and what failed."""
    cohort = get_cohort_for_review(request.user, code)
    try:
        batch = get_mailing_in(str(cohort.code), mailing)
    except Mailing.DoesNotExist:
        raise Http404(_("No such mailing.")) from None
    emails = send_log(batch)
    context = {
        "cohort": cohort,
        "mailing": batch,
        "emails": emails,
        "reply_to": reply_addresses(emails),
    }
    return render(request, "applications/review/mailing_log.html", context)


@require_GET
@login_required
def scheduled_preview(
    request: AuthenticatedHttpRequest, code: UUID, job: str, part: str | None = None
) -> HttpResponse:
    """The next batch of a scheduled job about this programme year, read-only: who gets
    which email, in her language, as the job would send it if it ran now (the job's own
    plans). One plan (``part``: its action) at a time."""
    cohort = get_cohort_for_review(request.user, code)
    now = timezone.now()
    try:
        plans = scheduled_plans(cohort, job, now=now)
    except LookupError:
        raise Http404(_("No such scheduled email.")) from None
    plan = next((p for p in plans if part is None or p.action == part), None)
    if part is not None and plan is None and plans:
        raise Http404(_("No such scheduled email."))
    context = {
        "cohort": cohort,
        "job": job,
        "batch": next_batch(cohort, job, now=now),
        "plans": plans,
        "plan": plan,
        "preview": preview_mailing(plan, show=request.GET.get("recipient")) if plan else None,
    }
    return render(request, "applications/review/scheduled_preview.html", context)


urlpatterns: list[URLPattern] = [
    path("coordinate/<uuid:code>/applications/", review_list, name="review-list"),
    path("coordinate/<uuid:code>/applications/decide/", review_bulk, name="review-bulk"),
    path("coordinate/<uuid:code>/decisions/send/", review_release, name="review-release"),
    path("coordinate/<uuid:code>/mailings/", mailing_list, name="mailing-list"),
    path("coordinate/<uuid:code>/mailings/<uuid:mailing>/", mailing_log, name="mailing-log"),
    path(
        "coordinate/<uuid:code>/mailings/next/<str:job>/",
        scheduled_preview,
        name="scheduled-preview",
    ),
    path(
        "coordinate/<uuid:code>/mailings/next/<str:job>/<str:part>/",
        scheduled_preview,
        name="scheduled-preview-part",
    ),
    path("coordinate/applications/<uuid:code>/", review_detail, name="review-detail"),
    path("coordinate/applications/<uuid:code>/score/", review_score, name="review-score"),
    path("coordinate/applications/<uuid:code>/decide/", review_decide, name="review-decide"),
]
