from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.applications.choices import Role
from brobygger.applications.models import Nomination
from brobygger.applications.services.nominate import PREFIX, NomineeInput

_PARTS = ("first_name", "last_name", "email", "job_title")


class PairNominationForm(forms.Form):
    """A talent and a top leader from the contact's company (either may be left empty for
    the matching to pair), why this pair, and what the talent wants to learn."""

    talent_first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    talent_last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    talent_email = forms.EmailField(label=_("Work email"), required=False)
    talent_job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    talent_private_ok = forms.BooleanField(
        label=_("This address is right, although it is not on our company's email domain"),
        required=False,
    )
    leader_first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    leader_last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    leader_email = forms.EmailField(label=_("Work email"), required=False)
    leader_job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    leader_private_ok = forms.BooleanField(
        label=_("This address is right, although it is not on our company's email domain"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Why this pair"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few sentences for the coordinator."),
    )
    wants_to_learn = forms.CharField(
        label=_("What the talent wants to learn"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, nomination: Nomination) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "reason": nomination.reason,
            "wants_to_learn": nomination.wants_to_learn,
        }
        for nominee in nomination.nominees.all():
            prefix = PREFIX[nominee.role]
            for part in _PARTS:
                initial[f"{prefix}_{part}"] = getattr(nominee, part)
            initial[f"{prefix}_private_ok"] = nominee.private_address_confirmed
        return initial

    def person_fields(self, prefix: str) -> list[forms.BoundField]:
        return [self[f"{prefix}_{part}"] for part in _PARTS]

    @property
    def talent_fields(self) -> list[forms.BoundField]:
        return self.person_fields("talent")

    @property
    def leader_fields(self) -> list[forms.BoundField]:
        return self.person_fields("leader")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in ("talent", "leader"):
            values = [data.get(f"{prefix}_{part}") for part in _PARTS]
            if any(values) and not all(values):
                for part, value in zip(_PARTS, values, strict=True):
                    if not value and f"{prefix}_{part}" not in self.errors:
                        self.add_error(
                            f"{prefix}_{part}", _("Fill this in, or leave the whole person empty.")
                        )
        if not any(data.get(f"{p}_email") for p in ("talent", "leader")) and not self.errors:
            raise forms.ValidationError(_("Nominate a talent, a top leader or both."))
        return data

    def nominees(self) -> dict[str, NomineeInput]:
        data = self.cleaned_data
        found = {}
        for role in (Role.MENTEE.value, Role.MENTOR.value):
            prefix = PREFIX[role]
            if data.get(f"{prefix}_email"):
                found[role] = NomineeInput(
                    first_name=data[f"{prefix}_first_name"],
                    last_name=data[f"{prefix}_last_name"],
                    email=data[f"{prefix}_email"],
                    job_title=data[f"{prefix}_job_title"],
                    private_address_confirmed=bool(data.get(f"{prefix}_private_ok")),
                )
        return found


class NomineeAnswerForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my information is used to run "
            "the programme."
        ),
        required=False,
    )


class ChangeRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What should the company change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
