"""The applicant's pages: start (with a code by email), the form, withdraw, my applications."""

from __future__ import annotations

from uuid import UUID

from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brobygger.applications.choices import Role
from brobygger.applications.forms.apply import ApplicationForm, StartForm
from brobygger.applications.models import Application
from brobygger.applications.selectors.applications import (
    answers_by_question,
    applicant_status,
    applications_of,
    existing_application,
    get_own_application,
    other_role_application,
    released_decision,
)
from brobygger.applications.selectors.forms import questions_for, role_label
from brobygger.applications.selectors.review import AnswerRow, answer_rows
from brobygger.applications.services.apply import (
    ApplicationInput,
    already_applied_message,
    ensure_applicant,
    save_application,
    withdraw_application,
)
from brobygger.people.http import AuthenticatedHttpRequest, is_signed_in
from brobygger.people.services import ensure_person
from brobygger.privacy.selectors import current_privacy_notice, shares_with_partner
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import get_cohort_for


@require_http_methods(["GET", "POST"])
def apply_start(request: HttpRequest, code: UUID, role: str) -> HttpResponse:
    cohort = get_cohort_for(request.user, code)
    if role not in Role.values:
        raise Http404
    context = {"cohort": cohort, "role": role, "role_label": role_label(cohort, role)}
    if not cohort.applications_are_open():
        return render(request, "applications/apply/closed.html", context)
    if not is_signed_in(request):
        return _start_with_code(request, cohort, role, context)
    existing = existing_application(request.user, cohort.pk, role)
    if existing is not None:
        messages.info(
            request, _("You have already applied in this role; here is your application.")
        )
        return redirect("applications:application-edit", existing.code)
    person = ensure_person(user=request.user)
    other = other_role_application(cohort=cohort, person=person, role=role)
    if other is not None:
        messages.error(request, already_applied_message(cohort, other.role))
        return redirect("applications:application-edit", other.code)
    return _application_form(request, cohort, role, application=None)


def _start_with_code(
    request: HttpRequest, cohort: Cohort, role: str, context: dict[str, object]
) -> HttpResponse:
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if not ratelimit.consume(request, action="request_login_code", key=email):
            form.add_error(None, _("Too many codes were requested. Wait a minute and try again."))
        else:
            person = ensure_applicant(
                email=email,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
            LoginCodeVerificationProcess.initiate(request=request, user=person.user, email=email)
            next_url = reverse("applications:apply-start", args=[cohort.code, role])
            return redirect(
                f"{reverse('account_confirm_login_code')}?{urlencode({'next': next_url})}"
            )
    return render(request, "applications/apply/start.html", {**context, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    application = get_own_application(request.user, code)
    if not application.is_editable_by_applicant or released_decision(application):
        return render(
            request,
            "applications/apply/detail.html",
            {
                "application": application,
                "status": applicant_status(application),
                "answers": _answer_rows(application),
                "role_label": role_label(application.cohort, application.role),
            },
        )
    return _application_form(request, application.cohort, application.role, application)


def _answer_rows(application: Application) -> list[AnswerRow]:
    """Her own answers in words, in her language (her sensitive answers too: they are hers)."""
    return answer_rows(application, show_sensitive=True)


def _application_form(
    request: AuthenticatedHttpRequest, cohort: Cohort, role: str, application: Application | None
) -> HttpResponse:
    person = ensure_person(user=request.user)
    questions = list(questions_for(cohort, role))
    notice = current_privacy_notice()
    submit = "submit" in request.POST
    form = ApplicationForm(
        request.POST or None,
        person=person,
        role=role,
        questions=questions,
        answers=answers_by_question(application) if application else {},
        notice=notice,
        draft=request.method == "POST" and not submit,
        application_fields=(
            {"meeting_format": application.meeting_format, "capacity": application.capacity}
            if application
            else None
        ),
        share_with_partner=shares_with_partner(person),
    )
    if request.method == "POST" and form.is_valid():
        data = ApplicationInput(
            profile=form.profile_data(),
            answers=form.answers(),
            meeting_format=form.cleaned_data.get("meeting_format") or "either",
            capacity=form.cleaned_data.get("capacity") or 1,
            notice=notice,
            submit=submit,
            share_with_partner=bool(form.cleaned_data.get("share_with_partner")),
        )
        try:
            saved = save_application(
                cohort=cohort,
                person=person,
                role=role,
                data=data,
                by=request.user,
                application=application,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Your application has been submitted. We have sent you a confirmation.")
                if submit
                else _("Your draft has been saved. You can come back and finish it later."),
            )
            return redirect("applications:application-edit", saved.code)
    return render(
        request,
        "applications/apply/form.html",
        {
            "form": form,
            "cohort": cohort,
            "role": role,
            "role_label": role_label(cohort, role),
            "application": application,
            "notice": notice,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    application = get_own_application(request.user, code)
    if not applicant_status(application).can_withdraw:
        messages.info(request, _("This application can no longer be withdrawn here."))
        return redirect("applications:application-edit", application.code)
    if request.method == "POST":
        try:
            withdraw_application(application=application, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("applications:application-edit", application.code)
        messages.success(request, _("Your application has been withdrawn."))
        return redirect("applications:mine")
    return render(request, "applications/apply/withdraw.html", {"application": application})


@login_required
def my_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    applications = applications_of(request.user).order_by("-created_at")
    return render(
        request,
        "applications/apply/mine.html",
        {
            "applications": applications,
            "statuses": [applicant_status(application) for application in applications],
        },
    )


urlpatterns = [
    path("programs/<uuid:code>/apply/<str:role>/", apply_start, name="apply-start"),
    path("applications/", my_applications, name="mine"),
    path("applications/<uuid:code>/", application_edit, name="application-edit"),
    path("applications/<uuid:code>/withdraw/", application_withdraw, name="application-withdraw"),
]
