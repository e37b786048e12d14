from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.applications.choices import Role


class NominationForm(forms.Form):
    role = forms.ChoiceField(label=_("Nominate as"), choices=Role.choices, widget=forms.RadioSelect)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Work email"))
    job_title = forms.CharField(label=_("Job title"), max_length=200)

    def __init__(self, *args: Any, role_labels: dict[str, str], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, role_labels[r]) for r in ("mentor", "mentee")]  # type: ignore[attr-defined]
