"""The conversation guide: the coordinator's pages to edit its prompts per phase of the year
and per theme, in Norwegian and English (404 for anyone who does not coordinate the
programme year). The pair sees them on its guide page (``pairs:guide``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from brobygger.gatherings.guides import (
    MAX_PROMPT_LENGTH,
    MAX_PROMPTS,
    edit_guide,
    get_guide_part,
    guide_parts,
    reset_guide,
)
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.selectors import get_coordinated_cohort

if TYPE_CHECKING:
    pass

#: room for the longest text the service accepts, and a little more for a message
_MAX_FIELD = MAX_PROMPTS * (MAX_PROMPT_LENGTH + 2) + 200


_EMPTY = gettext_lazy("Write at least one prompt, one a line.")


class GuideForm(forms.Form):
    prompts_nb = forms.CharField(
        label=gettext_lazy("Prompts in Norwegian"),
        max_length=_MAX_FIELD,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _EMPTY},
    )
    prompts_en = forms.CharField(
        label=gettext_lazy("Prompts in English"),
        max_length=_MAX_FIELD,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _EMPTY},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        help_text = _(
            "One prompt a line, at most %(count)s, each at most %(limit)s characters."
        ) % {
            "count": MAX_PROMPTS,
            "limit": MAX_PROMPT_LENGTH,
        }
        for field in self.fields.values():
            field.help_text = help_text


@require_GET
@login_required
def coordinate_guide(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    context = {"cohort": cohort, "parts": guide_parts(cohort)}
    return render(request, "gatherings/coordinate/guide.html", context)


@login_required
def coordinate_guide_edit(request: AuthenticatedHttpRequest, code: UUID, part: str) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    found = get_guide_part(cohort, part)
    initial = {"prompts_nb": "\n".join(found.prompts_nb), "prompts_en": "\n".join(found.prompts_en)}
    form = GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            edit_guide(
                cohort=cohort,
                part=found,
                prompts_nb=form.cleaned_data["prompts_nb"],
                prompts_en=form.cleaned_data["prompts_en"],
                by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The conversation guide has been saved."))
            return redirect("gatherings:coordinate-guide", code=cohort.code)
    context = {"cohort": cohort, "part": found, "form": form}
    return render(request, "gatherings/coordinate/guide_form.html", context)


@require_POST
@login_required
def coordinate_guide_reset(
    request: AuthenticatedHttpRequest, code: UUID, part: str
) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    found = get_guide_part(cohort, part)
    reset_guide(cohort=cohort, part=found, by=request.user)
    messages.success(request, _("This part of the guide uses the default text again."))
    return redirect("gatherings:coordinate-guide", code=cohort.code)


urlpatterns: list[URLPattern] = [
    path("coordinate/<uuid:code>/guide/", coordinate_guide, name="coordinate-guide"),
    path(
        "coordinate/<uuid:code>/guide/<slug:part>/",
        coordinate_guide_edit,
        name="coordinate-guide-edit",
    ),
    path(
        "coordinate/<uuid:code>/guide/<slug:part>/reset/",
        coordinate_guide_reset,
        name="coordinate-guide-reset",
    ),
]
