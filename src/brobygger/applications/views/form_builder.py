"""The coordinator's application form of a cohort: per role, copy last year's, and edit
its questions (add, change, delete, move up and down)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.applications.choices import Role
from brobygger.applications.forms.questions import QuestionForm
from brobygger.applications.models import Question
from brobygger.applications.selectors.forms import (
    get_question,
    has_submitted_applications,
    previous_cohort_with_form,
    questions_for,
    role_label,
)
from brobygger.applications.services.forms import (
    copy_form,
    create_default_form,
    delete_question,
    move_question,
    save_question,
)
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import get_coordinated_cohort

if TYPE_CHECKING:
    pass


@login_required
def form_overview(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    roles = [
        (role, role_label(cohort, role), list(questions_for(cohort, role)))
        for role in ("mentee", "mentor")
    ]
    return render(
        request,
        "applications/form_builder/overview.html",
        {
            "cohort": cohort,
            "roles": roles,
            "has_questions": any(questions for _, _, questions in roles),
            "previous": previous_cohort_with_form(cohort),
            "submitted": has_submitted_applications(cohort),
        },
    )


@login_required
@require_POST
def form_create(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    try:
        if request.POST.get("source") == "previous":
            previous = previous_cohort_with_form(cohort)
            if previous is None:
                raise ValidationError(_("There is no earlier form to copy."))
            copy_form(source=previous, target=cohort, by=request.user)
            messages.success(
                request, _("The form from %(cohort)s was copied.") % {"cohort": previous}
            )
        else:
            create_default_form(cohort=cohort, by=request.user)
            messages.success(request, _("The standard form was created."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("applications:form-overview", cohort.code)


def _question_page(
    request: AuthenticatedHttpRequest, cohort: Cohort, role: str, question: Question | None
) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            save_question(
                cohort=cohort,
                role=role,
                data=form.data_for_service(),
                by=request.user,
                question=question,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("applications:form-overview", cohort.code)
    return render(
        request,
        "applications/form_builder/question_form.html",
        {
            "cohort": cohort,
            "role_label": role_label(cohort, role),
            "form": form,
            "question": question,
            "submitted": has_submitted_applications(cohort),
        },
    )


@login_required
def question_add(request: AuthenticatedHttpRequest, code: UUID, role: str) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    if role not in Role.values:
        raise Http404(_("No such role."))
    return _question_page(request, cohort, role, None)


@login_required
def question_edit(request: AuthenticatedHttpRequest, code: UUID, question: int) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    instance = get_question(cohort, question)
    return _question_page(request, cohort, instance.role, instance)


@login_required
@require_POST
def question_delete(request: AuthenticatedHttpRequest, code: UUID, question: int) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    try:
        delete_question(question=get_question(cohort, question), by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The question was deleted."))
    return redirect("applications:form-overview", cohort.code)


@login_required
@require_POST
def question_move(request: AuthenticatedHttpRequest, code: UUID, question: int) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    move_question(
        question=get_question(cohort, question),
        up=request.POST.get("direction") != "down",
        by=request.user,
    )
    return redirect(f"{_overview_url(cohort)}#question-{question}")


def _overview_url(cohort: Cohort) -> str:
    return reverse("applications:form-overview", args=[cohort.code])


urlpatterns = [
    path("coordinate/<uuid:code>/form/", form_overview, name="form-overview"),
    path("coordinate/<uuid:code>/form/create/", form_create, name="form-create"),
    path(
        "coordinate/<uuid:code>/form/<str:role>/questions/new/",
        question_add,
        name="question-add",
    ),
    path(
        "coordinate/<uuid:code>/form/questions/<int:question>/",
        question_edit,
        name="question-edit",
    ),
    path(
        "coordinate/<uuid:code>/form/questions/<int:question>/delete/",
        question_delete,
        name="question-delete",
    ),
    path(
        "coordinate/<uuid:code>/form/questions/<int:question>/move/",
        question_move,
        name="question-move",
    ),
]
