"""The coordinator's survey pages: the cohort's surveys, start one, settings, questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.programs.selectors import get_coordinated_cohort
from brobygger.surveys.forms import QuestionForm, StartSurveyForm, SurveySettingsForm
from brobygger.surveys.selectors import (
    earlier_survey,
    get_question_for_coordinator,
    get_survey_for_coordinator,
    surveys_of,
)
from brobygger.surveys.services import (
    create_survey,
    delete_question,
    save_question,
    send_invitations,
    update_survey,
)

if TYPE_CHECKING:
    from brobygger.people.models import User


@login_required
def survey_list(request: HttpRequest, code: UUID) -> HttpResponse:
    user = cast("User", request.user)
    cohort = get_coordinated_cohort(request.user, code)
    form = StartSurveyForm(request.POST or None)
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
def survey_edit(request: HttpRequest, code: UUID) -> HttpResponse:
    user = cast("User", request.user)
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
def question_edit(request: HttpRequest, code: UUID, question: UUID | None = None) -> HttpResponse:
    user = cast("User", request.user)
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
def question_delete(request: HttpRequest, code: UUID, question: UUID) -> HttpResponse:
    user = cast("User", request.user)
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


@login_required
@require_POST
def survey_send(request: HttpRequest, code: UUID) -> HttpResponse:
    user = cast("User", request.user)
    survey = get_survey_for_coordinator(request.user, code)
    if not survey.is_open():
        messages.error(request, _("Invitations go out only while the survey is open."))
    else:
        invited, reminded = send_invitations(survey=survey, by=user)
        messages.success(
            request,
            _("Invitations sent: %(invited)d. Reminders sent: %(reminded)d.")
            % {"invited": invited, "reminded": reminded},
        )
    return redirect("surveys:survey-edit", survey.code)


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
