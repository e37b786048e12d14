"""Materials: the coordinator's page (add a file or link, delete) and the private file view.
The views layer of the gatherings app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from brobygger.gatherings.guides import themes_of
from brobygger.gatherings.materials import (
    COHORT,
    INITIATIVE,
    THEME_PREFIX,
    add_material,
    audience_choices,
    delete_material,
    get_cohort_material,
    get_material_file_for,
    materials_of_cohort,
    storage,
)
from brobygger.gatherings.models import MaterialLanguage
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import get_coordinated_cohort

if TYPE_CHECKING:
    pass


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Short text"), required=False, max_length=1000, widget=forms.Textarea
    )
    where = forms.ChoiceField(label=gettext_lazy("Where it belongs"))
    audience = forms.ChoiceField(label=gettext_lazy("Who sees it"), widget=forms.RadioSelect)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=MaterialLanguage.choices, initial="nb"
    )
    upload = forms.FileField(label=gettext_lazy("A file"), required=False)
    url = forms.CharField(label=gettext_lazy("Or a link"), required=False, max_length=200)

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        where = [
            (COHORT, _("This programme year")),
            (INITIATIVE, _("The whole initiative (every programme year)")),
        ]
        where += [
            (
                f"{THEME_PREFIX}{g.code}",
                _("Theme: %(theme)s (its gatherings, in every programme year)")
                % {"theme": g.theme},
            )
            for g in themes_of(cohort)
        ]
        where += [
            (str(g.code), _("Gathering: %(title)s") % {"title": g.title})
            for g in cohort.gatherings.order_by("starts_at")
        ]
        cast(forms.ChoiceField, self.fields["where"]).choices = where
        audience = cast(forms.ChoiceField, self.fields["audience"])
        audience.choices = audience_choices(cohort)
        audience.initial = "both"
        self.fields["upload"].help_text = _("At most %(limit)s MB. Accepted types: %(types)s.") % {
            "limit": settings.MATERIALS_MAX_BYTES // (1024 * 1024),
            "types": ", ".join(settings.MATERIALS_FILE_TYPES),
        }


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def coordinate_materials(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    form = MaterialForm(request.POST or None, request.FILES or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_material(
                cohort=cohort,
                by=request.user,
                title=data["title"],
                where=data["where"],
                description=data["description"],
                language=data["language"],
                audience=data["audience"],
                upload=data["upload"],
                url=data["url"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The material has been added."))
            return redirect("gatherings:coordinate-materials", code=cohort.code)
    context = {"cohort": cohort, "form": form, "materials": materials_of_cohort(cohort)}
    return render(request, "gatherings/coordinate/materials.html", context)


@require_POST
@login_required
def coordinate_material_delete(
    request: AuthenticatedHttpRequest, code: UUID, material: UUID
) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    found = get_cohort_material(cohort, material)
    delete_material(material=found, by=request.user)
    messages.success(request, _("The material has been removed."))
    return redirect("gatherings:coordinate-materials", code=cohort.code)


@require_GET
@login_required
def material_file(request: AuthenticatedHttpRequest, material: UUID) -> HttpResponseBase:
    """The file, to those allowed to see it; never a public URL. Others: 404."""
    found = get_material_file_for(request.user, material)
    try:
        handle = storage().open(found.file_path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("No such material.")) from None
    response = FileResponse(handle, as_attachment=True, filename=found.file_name or "material")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("coordinate/<uuid:code>/materials/", coordinate_materials, name="coordinate-materials"),
    path(
        "coordinate/<uuid:code>/materials/<uuid:material>/delete/",
        coordinate_material_delete,
        name="coordinate-material-delete",
    ),
    path("materials/<uuid:material>/file/", material_file, name="material-file"),
]
