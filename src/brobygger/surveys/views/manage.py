"""The coordinator's survey pages: the cohort's surveys, start one, settings, questions."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.core.forms import ConfirmMailingForm
from brobygger.core.mailings import preview_mailing
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.selectors import get_coordinated_cohort
from brobygger.surveys.forms import QuestionForm, StartSurveyForm, SurveySettingsForm
from brobygger.surveys.selectors import (
    earlier_survey,
    get_question_for_coordinator,
    get_survey_for_coordinator,
    invitation_mailing,
    surveys_of,
)
from brobygger.surveys.services import (
    create_survey,
    delete_question,
    save_question,
    send_invitations_now,
    update_survey,
)

if TYPE_CHECKING:
    from brobygger.surveys.models import Survey


@login_required
def survey_list(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    user = request.user
    cohort = get_coordinated_cohort(request.user, code)
    form = StartSurveyForm(request.POST or None, kind=cohort.kind)
    if request.method == "POST" and form.is_valid():
        kind, role = form.cleaned_data["kind"], form.cleaned_data["role"]
        source = None
        if form.cleaned_data["source"] == "previous":
            source = earlier_survey(cohort, kind, role)
        try:
            if form.cleaned_data["source"] == "previous" and source is None:
                raise ValidationError(_("There is no earlier survey like this to copy."))
            survey = create_survey(
                cohort=cohort,
                kind=kind,
                role=role,
                by=user,
                copy_from=source,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The survey was created. Check its questions and dates."))
            return redirect("surveys:survey-edit", survey.code)
    return render(
        request,
        "surveys/survey_list.html",
        {"cohort": cohort, "surveys": surveys_of(cohort), "form": form},
    )


@login_required
def survey_edit(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    user = request.user
    survey = get_survey_for_coordinator(request.user, code)
    form = SurveySettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            update_survey(survey=survey, data=form.cleaned_data, by=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The survey was saved."))
            return redirect("surveys:survey-edit", survey.code)
    return render(
        request,
        "surveys/survey_edit.html",
        {
            "survey": survey,
            "cohort": survey.cohort,
            "form": form,
            "questions": list(survey.questions.all()),
        },
    )


@login_required
def question_edit(
    request: AuthenticatedHttpRequest, code: UUID, question: UUID | None = None
) -> HttpResponse:
    user = request.user
    survey = get_survey_for_coordinator(request.user, code)
    instance = get_question_for_coordinator(survey, question) if question else None
    form = QuestionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            save_question(survey=survey, data=data, by=user, question=instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("surveys:survey-edit", survey.code)
    return render(
        request,
        "surveys/question_edit.html",
        {"survey": survey, "cohort": survey.cohort, "form": form, "question": instance},
    )


@login_required
@require_POST
def question_delete(request: AuthenticatedHttpRequest, code: UUID, question: UUID) -> HttpResponse:
    user = request.user
    survey = get_survey_for_coordinator(request.user, code)
    try:
        delete_question(
            question=get_question_for_coordinator(survey, question),
            by=user,
        )
        messages.success(request, _("The question was deleted."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("surveys:survey-edit", survey.code)


def _render_send(
    request: HttpRequest, survey: Survey, form: ConfirmMailingForm | None = None
) -> HttpResponse:
    preview = preview_mailing(invitation_mailing(survey), show=request.GET.get("recipient"))
    context = {
        "survey": survey,
        "cohort": survey.cohort,
        "preview": preview,
        "form": form or ConfirmMailingForm(),
    }
    return render(request, "surveys/send_preview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_send(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    """Preview the invitations and reminders sending now would send (GET); send them (POST)."""
    user = request.user
    survey = get_survey_for_coordinator(request.user, code)
    if request.method == "GET":
        return _render_send(request, survey)
    form = ConfirmMailingForm(request.POST)
    if form.is_valid():
        try:
            mailing = send_invitations_now(survey=survey, token=form.cleaned_data["token"], by=user)
        except ValidationError as error:
            form.add_error(None, error)
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
            return redirect(
                "applications:mailing-log", code=survey.cohort.code, mailing=mailing.code
            )
    return _render_send(request, survey, form)


urlpatterns = [
    path("coordinate/<uuid:code>/surveys/", survey_list, name="survey-list"),
    path("coordinate/surveys/<uuid:code>/", survey_edit, name="survey-edit"),
    path("coordinate/surveys/<uuid:code>/send/", survey_send, name="survey-send"),
    path("coordinate/surveys/<uuid:code>/questions/new/", question_edit, name="question-add"),
    path(
        "coordinate/surveys/<uuid:code>/questions/<uuid:question>/",
        question_edit,
        name="question-edit",
    ),
    path(
        "coordinate/surveys/<uuid:code>/questions/<uuid:question>/delete/",
        question_delete,
        name="question-delete",
    ),
]
