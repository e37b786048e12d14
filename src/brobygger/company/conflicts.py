"""The company contact declares other member companies as clients or competitors: the
matching then keeps their people apart (``matching.services.conflicts``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.applications.selectors.nominations import get_company_contact
from brobygger.matching.models import CompanyConflict, ConflictKind
from brobygger.matching.services.conflicts import declare_conflict, remove_conflict
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.models import Company


class ConflictForm(forms.Form):
    other = forms.ModelChoiceField(
        label=gettext_lazy("Member company"), queryset=Company.objects.order_by("name")
    )
    kind = forms.ChoiceField(label=gettext_lazy("Relation"), choices=ConflictKind.choices)


@login_required
@require_http_methods(["GET", "POST"])
def conflict_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    contact = get_company_contact(request.user)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declare_conflict(company=contact.company, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved. The matching keeps your people apart."))
            return redirect("company:conflicts")
    context: dict[str, Any] = {
        "company": contact.company,
        "form": form,
        "conflicts": CompanyConflict.objects.filter(company=contact.company).select_related(
            "other"
        ),
    }
    return render(request, "company/conflicts.html", context)


@login_required
@require_POST
def conflict_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_company_contact(request.user)
    conflict = get_object_or_404(CompanyConflict, pk=pk, company=contact.company)
    remove_conflict(conflict=conflict, by=request.user)
    messages.success(request, _("Removed."))
    return redirect("company:conflicts")


urlpatterns = [
    path("company/conflicts/", conflict_list, name="conflicts"),
    path("company/conflicts/<int:pk>/delete/", conflict_delete, name="conflict-delete"),
]
