"""The coordinator's view of a cohort's application form: per role, copy last year's."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.applications.selectors.forms import (
    previous_cohort_with_form,
    questions_for,
    role_label,
)
from brobygger.applications.services.forms import copy_form, create_default_form
from brobygger.programs.selectors import get_coordinated_cohort


@login_required
def form_overview(request: HttpRequest, code: UUID) -> HttpResponse:
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
        },
    )


@login_required
@require_POST
def form_create(request: HttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    try:
        if request.POST.get("source") == "previous":
            previous = previous_cohort_with_form(cohort)
            if previous is None:
                raise ValidationError(_("There is no earlier form to copy."))
            copy_form(source=previous, target=cohort, by=request.user)  # type: ignore[arg-type]
            messages.success(
                request, _("The form from %(cohort)s was copied.") % {"cohort": previous}
            )
        else:
            create_default_form(cohort=cohort, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The standard form was created."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("applications:form-overview", cohort.code)


urlpatterns = [
    path("coordinate/<uuid:code>/form/", form_overview, name="form-overview"),
    path("coordinate/<uuid:code>/form/create/", form_create, name="form-create"),
]
