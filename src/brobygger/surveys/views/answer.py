"""Answering a survey: from the personal link (no sign-in) or from one's own page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.surveys.forms import AnswerForm
from brobygger.surveys.selectors import answers_of, invitation_for_token, invitations_for
from brobygger.surveys.services import save_answers

if TYPE_CHECKING:
    pass


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link works for one person and one survey; it needs no sign-in.

    The page speaks the person's own language (unless she chose another on this device).
    """
    invitation = invitation_for_token(token)
    person = invitation.person
    assert person is not None
    chose = request.user.is_authenticated or settings.LANGUAGE_COOKIE_NAME in request.COOKIES
    language = request.LANGUAGE_CODE if chose else person.user.language
    with translation.override(language):
        survey = invitation.survey
        questions = list(survey.questions.order_by("order", "id"))
        is_open = survey.is_open()
        form = AnswerForm(
            request.POST if request.method == "POST" and is_open else None,
            questions=questions,
            initial=AnswerForm.initial_from(answers_of(invitation)),
        )
        if request.method == "POST" and is_open and form.is_valid():
            try:
                save_answers(invitation=invitation, values=form.values())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Thank you! You can change your answers until the survey closes.")
                )
                return redirect("surveys:answer", token)
        return render(
            request,
            "surveys/answer.html",
            {
                "invitation": invitation,
                "survey": survey,
                "form": form,
                "is_open": is_open,
                "has_closed": survey.has_closed(),
            },
        )


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "surveys/mine.html",
        {"invitations": invitations_for(user)},
    )


urlpatterns = [
    path("s/<str:token>/", answer, name="answer"),
    path("surveys/", mine, name="mine"),
]
