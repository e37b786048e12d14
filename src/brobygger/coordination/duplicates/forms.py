"""The coordinators' merge forms: a company into another, one person into another."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.people.choices import CHOOSE
from brobygger.people.models import Company
from brobygger.people.selectors import companies_to_merge_into


class CompanyMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Company.objects.none(),
        to_field_name="code",
        empty_label=CHOOSE,
        error_messages={
            "required": _("Choose the company to merge it into."),
            "invalid_choice": _("That company no longer exists. Reload the page."),
        },
    )

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = companies_to_merge_into(company)  # type: ignore[attr-defined]


class PersonMergeForm(forms.Form):
    """Two people by code: the one kept, and the duplicate merged into her."""

    keep = forms.UUIDField(
        label=_("Keep"), error_messages={"required": _("Choose the record to keep.")}
    )
    merge = forms.UUIDField(
        label=_("Merge into it"),
        error_messages={"required": _("Choose the record to merge into the one kept.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("keep") and cleaned.get("keep") == cleaned.get("merge"):
            self.add_error("merge", _("Choose two different records."))
        return cleaned
